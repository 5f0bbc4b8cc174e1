//! Cell addresses: zero-based row/column pairs that print in A1 form.

use serde::{Serialize, Serializer};
use std::fmt;

/// A cell position inside a sheet, zero-based (`A1` is row 0, column 0).
///
/// ```
/// use selfeval::model::CellRef;
/// let c = CellRef::new(6, 2);
/// assert_eq!(c.to_string(), "C7");
/// assert_eq!(CellRef::parse("AA10"), Some(CellRef::new(9, 26)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct CellRef {
    /// Zero-based row index.
    pub row: u32,
    /// Zero-based column index.
    pub col: u32,
}

impl CellRef {
    /// Makes a cell reference from zero-based row and column.
    pub const fn new(row: u32, col: u32) -> Self {
        CellRef { row, col }
    }

    /// The column letters of a zero-based column index (`0` → `A`, `26` → `AA`).
    ///
    /// ```
    /// assert_eq!(selfeval::model::CellRef::column_letters(10), "K");
    /// ```
    pub fn column_letters(col: u32) -> String {
        let mut n = col as u64 + 1;
        let mut out = Vec::new();
        while n > 0 {
            let rem = ((n - 1) % 26) as u8;
            out.push(b'A' + rem);
            n = (n - 1) / 26;
        }
        out.reverse();
        String::from_utf8(out).unwrap_or_default()
    }

    /// Parses an A1 reference such as `K40`; `None` when it is not one.
    pub fn parse(a1: &str) -> Option<CellRef> {
        let split = a1.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = a1.split_at(split);
        if letters.is_empty()
            || letters.len() > 3
            || !letters.bytes().all(|b| b.is_ascii_uppercase())
        {
            return None;
        }
        let mut col: u32 = 0;
        for b in letters.bytes() {
            col = col * 26 + (b - b'A' + 1) as u32;
        }
        let row: u32 = digits.parse().ok()?;
        if row == 0 {
            return None;
        }
        Some(CellRef::new(row - 1, col - 1))
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", CellRef::column_letters(self.col), self.row + 1)
    }
}

impl Serialize for CellRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for CellRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CellRef::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not an A1 cell: {s}")))
    }
}
