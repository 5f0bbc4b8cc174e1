//! Whether a table (or a file) counts in the run's figures (campaign.md §4): of the copies
//! of one table exactly one counts, and another year's table counts nowhere. Decided once,
//! after the cross pass, and read by every output, so that no two outputs can count
//! differently.

use serde::{Deserialize, Serialize};

/// Whether a table or file counts, and if not, why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Standing {
    /// It counts.
    #[default]
    Counts,
    /// An older copy: the copy that counts is in the file named here (as displayed).
    Superseded(String),
    /// Another year's table: the run is for the year given; the table is for another.
    OtherYear(i32),
}

impl Standing {
    /// Whether it counts.
    pub fn counts(&self) -> bool {
        matches!(self, Standing::Counts)
    }

    /// The words 文件清单 shows for what does not count (`已被替代（以 FILE 为准）`,
    /// `非本年度`); empty when it counts.
    pub fn label(&self, zh: bool) -> String {
        match (self, zh) {
            (Standing::Counts, _) => String::new(),
            (Standing::Superseded(by), true) => format!("已被替代（以 {by} 为准）"),
            (Standing::Superseded(by), false) => format!("superseded (by {by})"),
            (Standing::OtherYear(_), true) => "非本年度".into(),
            (Standing::OtherYear(y), false) => format!("not of the year {y}"),
        }
    }
}
