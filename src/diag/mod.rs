//! Diagnostics: the finding codes with their severity and meaning ([`Code`], [`RULES`]),
//! findings with their place and figures ([`Finding`]) and bilingual messages
//! ([`Message`], [`Lang`]). Plain data; every stage above reports through these types.

mod code;
mod counts;
mod finding;
mod state;

pub use code::{Code, Rule, Severity, Stage, RULES};
pub use counts::FindingCounts;
pub use finding::{en_count, io_reason, relative_to, Explain, FigureKind, Finding, Lang, Message};
pub use state::State;
