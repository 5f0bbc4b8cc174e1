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

impl Lang {
    /// The text of this language out of the two.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// A count and an English noun, singular for one (`1 file`, `2 files`, `1 copy`,
/// `3 copies`): Chinese needs no such care, English output should not say `1 files`.
pub fn en_count(n: impl std::fmt::Display, noun: &str) -> String {
    let n = n.to_string();
    if n == "1" {
        return format!("1 {noun}");
    }
    match noun.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
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

    /// The message as an error: the command that ends on it prints it in the user's
    /// language (`cmd::error_text`), whatever layer raised it.
    pub fn error(zh: impl Into<String>, en: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(Message::new(zh, en))
    }
}

/// Chinese, the default language: what a log or a caller that knows no language shows.
impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.zh)
    }
}

impl std::error::Error for Message {}

/// An error given its meaning in both languages, the cause's own text after it
/// (`无法写入 X：Permission denied`): the bilingual form of `anyhow::Context`.
pub trait Explain<T> {
    /// The error, if any, as `say()` followed by its cause.
    fn explain(self, say: impl FnOnce() -> Message) -> anyhow::Result<T>;
}

impl<T, E: Into<anyhow::Error>> Explain<T> for Result<T, E> {
    fn explain(self, say: impl FnOnce() -> Message) -> anyhow::Result<T> {
        self.map_err(|e| {
            let (m, cause) = (say(), e.into());
            // The OS's usual reasons in the user's words (cli.md: the terminal speaks Chinese,
            // English with --lang en), others as the cause says them.
            let io = cause
                .chain()
                .find_map(|c| c.downcast_ref::<std::io::Error>());
            match io.and_then(io_reason) {
                Some((zh, en)) => {
                    Message::error(format!("{}：{zh}", m.zh), format!("{}: {en}", m.en))
                }
                None => Message::error(
                    format!("{}：{cause:#}", m.zh),
                    format!("{}: {cause:#}", m.en),
                ),
            }
        })
    }
}

/// Why a file or folder could not be made or written, in Chinese and in English, for the
/// usual kinds of OS error; `None` for the others (their own text is then shown).
pub fn io_reason(e: &std::io::Error) -> Option<(&'static str, &'static str)> {
    use std::io::ErrorKind as K;
    Some(match e.kind() {
        K::NotADirectory => (
            "路径中有一项是文件，不是文件夹",
            "a part of the path is a file, not a folder",
        ),
        K::NotFound => ("找不到该文件或文件夹", "no such file or folder"),
        K::AlreadyExists => (
            "已有同名的文件或文件夹",
            "a file or folder of that name already exists",
        ),
        K::PermissionDenied => ("没有权限", "permission denied"),
        K::ReadOnlyFilesystem => ("磁盘为只读", "the disk is read-only"),
        K::StorageFull => ("磁盘空间已满", "the disk is full"),
        _ => return None,
    })
}

/// One finding.
///
/// ```
/// use selfeval::{Code, Finding, Message};
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
    /// The threshold or policy value the rule compared with (rules.md, "Expected and
    /// found"): `exec-rate-low`'s 90 %, `year-mismatch`'s year of the run,
    /// `category-missing`'s category weight. Never a reviewed figure.
    #[serde(default)]
    pub limit: Option<String>,
    /// In a narrative report: the paragraph (from 1, over the non-empty ones) the finding
    /// is about, in place of a sheet and cell (reports.md §3).
    #[serde(default)]
    pub paragraph: Option<u32>,
    /// In a narrative report: the sentence quoted, at most [`MAX_EXCERPT_CHARS`].
    #[serde(default)]
    pub excerpt: Option<String>,
    /// What the finding is about within its table, for its identity across runs and
    /// rounds (campaign.md §10): the fund row and column, the indicator's names, `-` for
    /// the table. Set once the table is checked; `None` on a file-level finding.
    #[serde(default)]
    pub subject: Option<String>,
    /// A severity other than the catalogue's, where the run's context sets one
    /// (campaign.md §4: `year-mismatch` is an error in a workspace); `None` almost always.
    #[serde(default)]
    pub raised: Option<Severity>,
}

/// Longest excerpt a report finding quotes, in characters.
pub const MAX_EXCERPT_CHARS: usize = 120;

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
            limit: None,
            paragraph: None,
            excerpt: None,
            subject: None,
            raised: None,
        }
    }

    /// Sets the paragraph of a narrative report and the sentence quoted (cut to
    /// [`MAX_EXCERPT_CHARS`], an ellipsis marking the cut).
    ///
    /// ```
    /// use selfeval::{Code, Finding, Message};
    /// let f = Finding::new(Code::ReportSumMismatch, Message::new("合计不符", "sum"))
    ///     .at_paragraph(7, "共计28.31万元。");
    /// assert_eq!((f.paragraph, f.excerpt.as_deref()), (Some(7), Some("共计28.31万元。")));
    /// ```
    pub fn at_paragraph(mut self, paragraph: u32, excerpt: &str) -> Self {
        let excerpt = excerpt.trim();
        let cut = if excerpt.chars().count() > MAX_EXCERPT_CHARS {
            let mut s: String = excerpt.chars().take(MAX_EXCERPT_CHARS - 1).collect();
            s.push('…');
            s
        } else {
            excerpt.to_string()
        };
        self.paragraph = Some(paragraph);
        self.excerpt = Some(cut);
        self
    }

    /// The paragraph as a reader names it: `第7段` (`paragraph 7` in English); `None`
    /// outside a narrative report.
    ///
    /// ```
    /// use selfeval::{Code, Finding, Lang, Message};
    /// let f = Finding::new(Code::ReportSumMismatch, Message::new("合计不符", "sum"))
    ///     .at_paragraph(7, "共计28.31万元。");
    /// assert_eq!(f.paragraph_label(Lang::Zh).as_deref(), Some("第7段"));
    /// assert_eq!(f.paragraph_label(Lang::En).as_deref(), Some("paragraph 7"));
    /// ```
    pub fn paragraph_label(&self, lang: Lang) -> Option<String> {
        self.paragraph.map(|n| match lang {
            Lang::Zh => format!("第{n}段"),
            Lang::En => format!("paragraph {n}"),
        })
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

    /// Sets the stated (found) figure alone, for a rule that computed none.
    pub fn with_found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }

    /// Sets the threshold or policy value the stated figure was compared with.
    pub fn with_limit(mut self, limit: impl Into<String>) -> Self {
        self.limit = Some(limit.into());
        self
    }

    /// What the figures of this finding measure (money, a rate, a plain number).
    pub fn figure_kind(&self) -> FigureKind {
        FigureKind::of(self.code)
    }

    /// The severity: the catalogue's, unless the run raised it ([`Finding::raised`]).
    pub fn severity(&self) -> Severity {
        self.raised.unwrap_or_else(|| self.code.severity())
    }

    /// The sort key of rules.md: sheet, row, column, code (the file is the caller's).
    /// A report finding sorts by its paragraph in place of the row.
    pub fn sort_key(&self) -> (Option<&str>, u32, u32, &'static str) {
        let (r, c) = self.cell.map(|c| (c.row, c.col)).unwrap_or((0, 0));
        let r = self.paragraph.unwrap_or(r);
        (self.sheet.as_deref(), r, c, self.code.as_str())
    }
}

/// What a finding's `expected`, `found` and `limit` figures measure: it decides how they
/// are shown (万元 to 2 dp, a fraction as a percent, or as written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FigureKind {
    /// An amount in 万元.
    Money,
    /// A rate, held as a fraction (`0.8035`), shown as a percent (`80.35%`).
    Rate,
    /// A score or a weight: as the table gives it when stated, two decimals when the
    /// program computed it.
    Score,
    /// Anything else: years, counts, grades.
    Plain,
}

impl FigureKind {
    /// The kind of figure a rule's values are.
    ///
    /// ```
    /// use selfeval::{Code, FigureKind};
    /// assert_eq!(FigureKind::of(Code::ExecRateLow), FigureKind::Rate);
    /// assert_eq!(FigureKind::of(Code::ScoreInflated), FigureKind::Score);
    /// assert_eq!(FigureKind::of(Code::YearMismatch), FigureKind::Plain);
    /// ```
    pub fn of(code: Code) -> FigureKind {
        use Code::*;
        match code {
            FundSumMismatch
            | FundSplitMismatch
            | FundBudgetMissing
            | FundOverBudget
            | FundRowUnknown
            | DeptProjectsExceed
            | ReportSumMismatch
            | DeclarationAmountImplausible => FigureKind::Money,
            ExecRateMismatch | ExecRateLow | ReportRateMismatch => FigureKind::Rate,
            ExecScoreInflated
            | ExecScoreUnderstated
            | ScoreOverWeight
            | ScoreNegative
            | ScoreInflated
            | ScoreUnderstated
            | ReasonMissing
            | WeightTotalMismatch
            | WeightCategoryMismatch
            | TotalMismatch
            | ReportScoreMismatch => FigureKind::Score,
            _ => FigureKind::Plain,
        }
    }

    /// A figure the unit stated, as people read it (reports.md "Ready to file"; the one
    /// formatter is `model::document`): `1,263.70万元`, `80.35%`, a score as written; any
    /// other figure (and any text that is not a number) as it is.
    ///
    /// ```
    /// use selfeval::{FigureKind, Lang};
    /// assert_eq!(FigureKind::Rate.show("0.8035", Lang::Zh), "80.35%");
    /// assert_eq!(FigureKind::Rate.show("0.9", Lang::Zh), "90.00%");
    /// assert_eq!(FigureKind::Money.show("1263.7", Lang::Zh), "1,263.70万元");
    /// assert_eq!(FigureKind::Money.show("1263.7", Lang::En), "1,263.70 (10k yuan)");
    /// assert_eq!(FigureKind::Score.show("97", Lang::Zh), "97");
    /// assert_eq!(FigureKind::Plain.show("优", Lang::Zh), "优");
    /// ```
    pub fn show(self, s: &str, lang: Lang) -> String {
        self.shown(s, lang, false)
    }

    /// A figure the program computed (a reviewed value, a limit): as [`FigureKind::show`],
    /// but a score with two decimals (`9.90`).
    ///
    /// ```
    /// use selfeval::{FigureKind, Lang};
    /// assert_eq!(FigureKind::Score.show_computed("9.9", Lang::Zh), "9.90");
    /// ```
    pub fn show_computed(self, s: &str, lang: Lang) -> String {
        self.shown(s, lang, true)
    }

    fn shown(self, s: &str, lang: Lang, computed: bool) -> String {
        use crate::model::document::{self as doc, FigureKind as Doc};
        let Ok(d) = s.trim().parse::<rust_decimal::Decimal>() else {
            return s.to_string();
        };
        match self {
            FigureKind::Money => {
                let unit = match lang {
                    Lang::Zh => "万元",
                    Lang::En => " (10k yuan)",
                };
                format!("{}{unit}", doc::format_figure(d, Doc::Money))
            }
            FigureKind::Rate => doc::office_rate(d),
            FigureKind::Score if computed => doc::computed_score(d),
            FigureKind::Score => doc::format_figure(d, Doc::Score),
            FigureKind::Plain => s.to_string(),
        }
    }
}

/// `text` with every path under `root` written relative to it: the messages of the
/// cross-file rules name other files by the path the run found them at (the inbox joined
/// with the file's place in it); an output that lists files relative to the inbox shows
/// their messages the same way.
pub fn relative_to<'a>(text: &'a str, root: &std::path::Path) -> std::borrow::Cow<'a, str> {
    // On Windows a path found in a folder is the folder as given joined with `\`, and the
    // folder itself may have been typed with either separator.
    let seps: &[char] = if std::path::MAIN_SEPARATOR == '/' {
        &['/']
    } else {
        &['/', std::path::MAIN_SEPARATOR]
    };
    let root = root.to_string_lossy();
    let root = root.trim_end_matches(seps);
    let mut out = std::borrow::Cow::Borrowed(text);
    if root.is_empty() {
        return out;
    }
    for sep in seps {
        let prefix = format!("{root}{sep}");
        if out.contains(&prefix) {
            out = std::borrow::Cow::Owned(out.replace(&prefix, ""));
        }
    }
    out
}

#[cfg(test)]
mod relative_paths {
    use super::relative_to;
    use std::path::Path;

    #[test]
    fn paths_under_the_root_are_written_relative_to_it() {
        let m = "与 /srv/收件箱/甲/a.xlsx › 表1 重复";
        assert_eq!(
            relative_to(m, Path::new("/srv/收件箱/")),
            "与 甲/a.xlsx › 表1 重复"
        );
        assert_eq!(relative_to(m, Path::new("")), m);
    }
}

#[cfg(test)]
mod tests {
    use super::en_count;

    #[test]
    fn english_counts_are_singular_for_one() {
        assert_eq!(en_count(1, "file"), "1 file");
        assert_eq!(en_count(0, "table"), "0 tables");
        assert_eq!(en_count(2, "copy"), "2 copies");
        assert_eq!(en_count(3, "day"), "3 days");
    }
}
