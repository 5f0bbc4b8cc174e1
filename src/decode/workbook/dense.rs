//! The bound shared by the formats calamine reads as whole rectangles (xls, ods): the sum
//! of the sheets' bounding rectangles, checked before calamine allocates them.

use crate::decode::limits;
use crate::decode::refusal::{DenseFault, Refusal};

/// Bounding box of the cells of one sheet.
#[derive(Default, Clone, Copy)]
pub(super) struct Bbox {
    min_r: u64,
    max_r: u64,
    min_c: u64,
    max_c: u64,
    any: bool,
}

impl Bbox {
    /// Widens the box to rows `r0..=r1`, columns `c0..=c1`.
    pub(super) fn add(&mut self, r0: u64, r1: u64, c0: u64, c1: u64) {
        if !self.any {
            *self = Bbox {
                min_r: r0,
                max_r: r1,
                min_c: c0,
                max_c: c1,
                any: true,
            };
        } else {
            self.min_r = self.min_r.min(r0);
            self.max_r = self.max_r.max(r1);
            self.min_c = self.min_c.min(c0);
            self.max_c = self.max_c.max(c1);
        }
    }

    fn dims(&self) -> (u64, u64) {
        if !self.any {
            return (0, 0);
        }
        (self.max_r - self.min_r + 1, self.max_c - self.min_c + 1)
    }
}

/// Sums the sheets' rectangles and refuses the workbook when they are too large.
pub(super) fn check_boxes(boxes: &[Bbox]) -> Result<(), Refusal> {
    let mut total: u64 = 0;
    for (i, b) in boxes.iter().enumerate() {
        let (rows, cols) = b.dims();
        total = total.saturating_add(rows.saturating_mul(cols));
        if total > limits::MAX_DENSE_AREA {
            return Err(DenseFault::UsedArea {
                sheet: i + 1,
                rows,
                cols,
            }
            .into());
        }
    }
    Ok(())
}
