//! The plain model of "what a document says": a title, then headings, paragraphs made of
//! text, figures and placeholders, and tables. The written documents
//! (`crate::render::documents`: draft, letter, bureau report) build one of these and
//! `render::documents::docx` renders it; the narrative reader (`crate::read::narrative`)
//! reads a unit's own report into the same model, so what a draft says is what a report is
//! read into. Tests read the text straight from the model ([`Document::text`]).

use rust_decimal::{Decimal, RoundingStrategy};

/// A whole document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// The title (centred, 小标宋 二号), possibly on several lines.
    pub title: Vec<String>,
    /// Everything under the title, in order.
    pub blocks: Vec<Block>,
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading: level 1 (`一、`, 黑体) or level 2 (`（一）`, 楷体).
    Heading {
        /// 1 or 2.
        level: u8,
        /// The heading text, numbering included.
        text: String,
    },
    /// A paragraph of body text.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

/// How a paragraph is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Justified body text with a first-line indent of two characters.
    #[default]
    Body,
    /// Flush left, no indent (the addressee line).
    Flush,
    /// Right-aligned (the sender and the date).
    Right,
    /// Right-aligned and kept on one page with the paragraph after it (a signature above
    /// its date).
    Sign,
    /// The first line of the 版记 (抄送): between the thick rule that opens the 版记 and a
    /// thin rule under it (GB/T 9704 §7.4), kept with the line after it.
    RecordFirst,
    /// The last line of the 版记 (印发机关, a tab, 印发日期): the 印发日期 flush right and the
    /// thick rule that closes the 版记 under it.
    RecordLast,
}

/// What a figure measures: it decides how the figure is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureKind {
    /// 万元, 2 dp with thousands separators.
    Money,
    /// A rate, as a percent with 2 dp.
    Rate,
    /// A score, with the decimals it has (at most 2).
    Score,
    /// A count.
    Count,
}

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Plain text (from the program or, escaped by the renderer, from the inputs).
    Text(String),
    /// A figure as written, with its value and kind for tests and later formats.
    Figure {
        /// The written form (`1,288.59`, `98.98%`, `95.5`).
        text: String,
        /// The value (万元, a fraction for rates, points, a count).
        value: Decimal,
        /// What it measures.
        kind: FigureKind,
    },
    /// Words only a person can write: shown highlighted as `【请填写：…】`.
    Placeholder(String),
    /// A second-level heading run in with its paragraph's text (`（一）{表}（工作表…）`
    /// before `：…`): written in the heading's font (楷体_GB2312, GB/T 9704).
    Lead(String),
}

impl Span {
    /// The text the span shows.
    pub fn shown(&self) -> &str {
        match self {
            Span::Text(t) | Span::Placeholder(t) | Span::Lead(t) => t,
            Span::Figure { text, .. } => text,
        }
    }
}

/// A paragraph: spans in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paragraph {
    /// Its placement.
    pub align: Align,
    /// Its content.
    pub spans: Vec<Span>,
}

impl Paragraph {
    /// An empty body paragraph.
    pub fn body() -> Paragraph {
        Paragraph::default()
    }

    /// An empty paragraph placed as given.
    pub fn aligned(align: Align) -> Paragraph {
        Paragraph {
            align,
            spans: Vec::new(),
        }
    }

    /// Appends text, merging it with a text span before it.
    pub fn text(mut self, s: impl AsRef<str>) -> Paragraph {
        self.push_text(s.as_ref());
        self
    }

    /// Appends text in place.
    pub fn push_text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(Span::Text(t)) = self.spans.last_mut() {
            t.push_str(s);
        } else {
            self.spans.push(Span::Text(s.to_string()));
        }
    }

    /// Appends a figure, written as its kind requires.
    pub fn figure(mut self, value: Decimal, kind: FigureKind) -> Paragraph {
        self.push_figure(value, kind);
        self
    }

    /// Appends a figure in place.
    pub fn push_figure(&mut self, value: Decimal, kind: FigureKind) {
        let text = format_figure(value, kind);
        self.spans.push(Span::Figure { text, value, kind });
    }

    /// Appends a score the program computed, with two decimals (`98.80`).
    pub fn computed(mut self, value: Decimal) -> Paragraph {
        self.spans.push(Span::Figure {
            text: computed_score(value),
            value,
            kind: FigureKind::Score,
        });
        self
    }

    /// Appends a run-in second-level heading (`（一）…`), in the heading's font.
    pub fn lead(mut self, s: impl Into<String>) -> Paragraph {
        self.spans.push(Span::Lead(s.into()));
        self
    }

    /// Appends a placeholder, already worded (`【请填写：…】`, see `figures::placeholder`).
    pub fn placeholder(mut self, s: impl Into<String>) -> Paragraph {
        self.spans.push(Span::Placeholder(s.into()));
        self
    }

    /// Appends spans.
    pub fn extend(mut self, spans: Vec<Span>) -> Paragraph {
        for s in spans {
            match s {
                Span::Text(t) => self.push_text(&t),
                other => self.spans.push(other),
            }
        }
        self
    }

    /// The paragraph as plain text.
    pub fn plain(&self) -> String {
        self.spans.iter().map(Span::shown).collect()
    }
}

/// A table: a header row, then rows of plain cells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// The column headers (repeated on every page).
    pub headers: Vec<String>,
    /// The rows; each as long as `headers`.
    pub rows: Vec<Vec<String>>,
}

impl Document {
    /// Appends a heading.
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading {
            level,
            text: text.into(),
        });
    }

    /// Appends a paragraph.
    pub fn para(&mut self, p: Paragraph) {
        self.blocks.push(Block::Paragraph(p));
    }

    /// Appends a table (nothing for a table without rows).
    pub fn table(&mut self, t: Table) {
        if !t.rows.is_empty() {
            self.blocks.push(Block::Table(t));
        }
    }

    /// The document as plain text, one line per title line, heading, paragraph and table
    /// row (cells joined by ` | `), for tests and logs.
    pub fn text(&self) -> String {
        let mut out: Vec<String> = self.title.clone();
        for b in &self.blocks {
            match b {
                Block::Heading { text, .. } => out.push(text.clone()),
                Block::Paragraph(p) => out.push(p.plain()),
                Block::Table(t) => {
                    out.push(t.headers.join(" | "));
                    out.extend(t.rows.iter().map(|r| r.join(" | ")));
                }
            }
        }
        out.join("\n")
    }

    /// Every placeholder of the document, in order.
    pub fn placeholders(&self) -> Vec<&str> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p),
                _ => None,
            })
            .flat_map(|p| p.spans.iter())
            .filter_map(|s| match s {
                Span::Placeholder(t) => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// Rounds half away from zero (四舍五入) to `dp` places.
fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// A figure written as its kind requires: 万元 with two decimals and thousands separators
/// (as the workbooks' `#,##0.00`), rates as percents with two decimals, scores with the
/// decimals they have (at most 2), counts whole.
///
/// ```
/// use selfeval::model::document::{format_figure, FigureKind};
/// use rust_decimal::Decimal;
/// assert_eq!(format_figure(Decimal::new(128859, 2), FigureKind::Money), "1,288.59");
/// assert_eq!(format_figure(Decimal::new(9898, 4), FigureKind::Rate), "98.98%");
/// assert_eq!(format_figure(Decimal::new(9550, 2), FigureKind::Score), "95.5");
/// assert_eq!(format_figure(Decimal::new(97, 0), FigureKind::Score), "97");
/// ```
pub fn format_figure(d: Decimal, kind: FigureKind) -> String {
    match kind {
        FigureKind::Money => money(d),
        FigureKind::Rate => format!("{:.2}%", round(d.saturating_mul(Decimal::ONE_HUNDRED), 2)),
        FigureKind::Score => round(d, 2).normalize().to_string(),
        FigureKind::Count => round(d, 0).normalize().to_string(),
    }
}

/// The office forms every message and document uses (reports.md "Ready to file"): an
/// amount in 万元 (`1,288.59万元`), a rate (`98.98%`), a computed score with two decimals
/// (`99.47`). Findings' `expected` / `found` stay plain decimals; these are for people.
///
/// ```
/// use selfeval::model::document::{office_money, office_rate, computed_score};
/// use rust_decimal::Decimal;
/// assert_eq!(office_money(Decimal::new(128859, 2)), "1,288.59万元");
/// assert_eq!(office_rate(Decimal::new(9, 1)), "90.00%");
/// assert_eq!(computed_score(Decimal::new(988, 1)), "98.80");
/// ```
pub fn office_money(d: Decimal) -> String {
    format!("{}万元", money(d))
}

/// A rate (a fraction) as a percent with two decimals (`0.9898` → `98.98%`).
pub fn office_rate(d: Decimal) -> String {
    format_figure(d, FigureKind::Rate)
}

/// A score the program computed, with two decimals (`98.80`).
pub fn computed_score(d: Decimal) -> String {
    format!("{:.2}", round(d, 2))
}

/// 万元 with two decimals and thousands separators.
fn money(d: Decimal) -> String {
    let s = format!("{:.2}", round(d, 2));
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{frac}")
}
