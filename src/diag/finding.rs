//! A finding: one problem found in one place, with a message in Chinese and English.

use super::code::{Code, Severity};
use crate::model::CellRef;
use serde::{Deserialize, Serialize};

/// The language messages are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

/// A message in both languages; the output picks one by `--lang`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Message {
    /// Chinese text.
    pub zh: String,
    /// English text.
    pub en: String,
}

impl Message {
    /// A message from its two texts.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Message {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in a language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// One finding.
///
/// ```
/// use selfeval::diag::{Code, Finding, Message};
/// use selfeval::model::CellRef;
/// let f = Finding::new(Code::FundOverBudget, Message::new("超支", "over budget"))
///     .at("项目1", CellRef::new(6, 6))
///     .figures("28.31", "29");
/// assert_eq!(f.cell.unwrap().to_string(), "G7");
/// assert_eq!(f.severity().as_str(), "warning");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule.
    pub code: Code,
    /// The sheet, when the finding is inside one.
    pub sheet: Option<String>,
    /// The cell, when the finding points at one.
    pub cell: Option<CellRef>,
    /// The message in both languages.
    pub message: Message,
    /// The computed (expected) figure, where there is one.
    pub expected: Option<String>,
    /// The stated (found) figure, where there is one.
    pub found: Option<String>,
}

impl Finding {
    /// A finding with a message and no place yet.
    pub fn new(code: Code, message: Message) -> Self {
        Finding {
            code,
            sheet: None,
            cell: None,
            message,
            expected: None,
            found: None,
        }
    }

    /// Sets the sheet and cell.
    pub fn at(mut self, sheet: impl Into<String>, cell: CellRef) -> Self {
        self.sheet = Some(sheet.into());
        self.cell = Some(cell);
        self
    }

    /// Sets the sheet only.
    pub fn in_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    /// Sets the expected (computed) and found (stated) figures.
    pub fn figures(mut self, expected: impl Into<String>, found: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self.found = Some(found.into());
        self
    }

    /// The severity, from the catalogue.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// The sort key of rules.md: sheet, row, column, code (the file is the caller's).
    pub fn sort_key(&self) -> (Option<&str>, u32, u32, &'static str) {
        let (r, c) = self.cell.map(|c| (c.row, c.col)).unwrap_or((0, 0));
        (self.sheet.as_deref(), r, c, self.code.as_str())
    }
}
