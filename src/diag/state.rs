//! The state of a finding across rounds (campaign.md §5, §9): whether it is new, was sent
//! in the last round and remains, or belongs to a copy that does not count.

use serde::Serialize;

/// A finding's state. Stable English names in JSON, Chinese in everything a person reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Not sent in the last round (every finding before a round is issued).
    New,
    /// Sent in the last round and still there.
    Remaining,
    /// On a table or file that does not count (an older copy, another year's table): the
    /// officer's only.
    Superseded,
}

impl State {
    /// The machine name (`new`, `remaining`, `superseded`).
    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Remaining => "remaining",
            State::Superseded => "superseded",
        }
    }

    /// The Chinese name (`新出现`, `仍存在`, `已被替代`).
    pub fn zh(self) -> &'static str {
        match self {
            State::New => "新出现",
            State::Remaining => "仍存在",
            State::Superseded => "已被替代",
        }
    }

    /// The name in a language.
    pub fn name(self, lang: super::Lang) -> &'static str {
        match lang {
            super::Lang::Zh => self.zh(),
            super::Lang::En => self.as_str(),
        }
    }
}
