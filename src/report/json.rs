//! The `check --format json` document (`selfeval/check/1`), also written as `report.json`.
//! Field names are the contract of cli.md; decimals are strings so nothing is lost.

use crate::check::{summarize, CheckedFile, CheckedTable, Summary};
use crate::diag::{Finding, Lang};
use crate::model::{FundRow, Table, TableKind};
use crate::score::{IndicatorKind, IndicatorReview, Op};
use crate::store::FileSource;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// The schema name written in every document.
pub const SCHEMA: &str = "selfeval/check/1";

/// A decimal as the JSON string of cli.md: normalised, no trailing zeros (`"28.31"`, `"10"`).
///
/// ```
/// use rust_decimal::Decimal;
/// assert_eq!(selfeval::report::json::dec(Decimal::new(10000, 3)), "10");
/// ```
pub fn dec(d: Decimal) -> String {
    d.normalize().to_string()
}

fn opt(d: Option<Decimal>) -> Option<String> {
    d.map(dec)
}

/// A rate as a fraction rounded half-up to 4 decimal places.
pub fn rate(d: Decimal) -> String {
    dec(d.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero))
}

/// The whole document; `files` is a sequence streamed from the store ([`StreamedFiles`]).
#[derive(Serialize)]
struct Document<'a, F: Serialize> {
    schema: &'static str,
    policy: &'a str,
    files: F,
    summary: Summary,
}

#[derive(Debug, Serialize)]
struct JsonFile<'a> {
    path: String,
    /// `"report"` for a narrative report; absent for a workbook (cli.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    /// A report's unit (`null` when it matched none); absent for a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<Option<&'a str>>,
    status: &'static str,
    findings: Vec<JsonFinding<'a>>,
    /// A workbook's tables; absent for a report.
    #[serde(skip_serializing_if = "Option::is_none")]
    tables: Option<Vec<JsonTable<'a>>>,
}

#[derive(Debug, Serialize)]
struct JsonFinding<'a> {
    code: &'static str,
    severity: &'static str,
    /// A workbook's sheet and cell (either may be `null`); absent in a report.
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<Option<String>>,
    /// A report's paragraph and sentence, instead of sheet and cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph: Option<Option<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    excerpt: Option<Option<&'a str>>,
    message: &'a str,
    expected: Option<&'a str>,
    found: Option<&'a str>,
    /// The threshold or policy value compared with; only where a rule has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct JsonTable<'a> {
    kind: TableKind,
    sheet: &'a str,
    year: Option<i32>,
    name: &'a str,
    department: Option<&'a str>,
    unit: &'a str,
    funds: JsonFunds<'a>,
    execution: JsonExecution<'a>,
    indicators: Vec<JsonIndicator<'a>>,
    total: JsonTotal,
    grade: JsonGrade,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonFunds<'a> {
    unit_of_amount: &'static str,
    source_unit: &'static str,
    rows: Vec<JsonFundRow<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonFundRow<'a> {
    label: &'a str,
    role: crate::model::FundRole,
    initial: Option<String>,
    budget: Option<String>,
    executed: Option<String>,
    cell: String,
}

#[derive(Debug, Serialize)]
struct JsonExecution<'a> {
    weight: String,
    rate_stated: Option<String>,
    rate: Option<String>,
    score_stated: Option<String>,
    score: String,
    /// Only where the form has a column for it (Sichuan 原因).
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct JsonIndicator<'a> {
    row: u32,
    level1: &'a str,
    level2: &'a str,
    name: &'a str,
    target: &'a str,
    op: Option<Op>,
    target_value: Option<String>,
    unit: Option<&'a str>,
    actual: &'a str,
    actual_value: Option<String>,
    kind: IndicatorKind,
    weight: Option<String>,
    score_stated: Option<String>,
    score: Option<String>,
    reason: &'a str,
}

#[derive(Debug, Serialize)]
struct JsonTotal {
    weight: Option<String>,
    score_stated: Option<String>,
    score: String,
}

#[derive(Debug, Serialize)]
struct JsonGrade {
    stated: Option<&'static str>,
    reviewed: &'static str,
}

fn finding<'a>(f: &'a Finding, lang: Lang, report: bool) -> JsonFinding<'a> {
    let (book, text) = (!report, report);
    JsonFinding {
        code: f.code.as_str(),
        severity: f.severity().as_str(),
        sheet: book.then_some(f.sheet.as_deref()),
        cell: book.then(|| f.cell.map(|c| c.to_string())),
        paragraph: text.then_some(f.paragraph),
        excerpt: text.then_some(f.excerpt.as_deref()),
        message: f.message.get(lang),
        expected: f.expected.as_deref(),
        found: f.found.as_deref(),
        limit: f.limit.as_deref(),
    }
}

fn fund_row(r: &FundRow) -> JsonFundRow<'_> {
    JsonFundRow {
        label: &r.label,
        role: r.role,
        initial: opt(r.initial.value),
        budget: opt(r.budget.value),
        executed: opt(r.executed.value),
        cell: r.cell.to_string(),
    }
}

fn indicator<'a>(
    i: &'a crate::model::Indicator,
    r: Option<&'a IndicatorReview>,
) -> JsonIndicator<'a> {
    JsonIndicator {
        row: i.row,
        level1: &i.level1,
        level2: &i.level2,
        name: &i.name.text,
        target: &i.target.text,
        op: r.and_then(|r| r.op),
        target_value: opt(r.and_then(|r| r.target_value)),
        unit: r.and_then(|r| r.unit.as_deref()),
        actual: &i.actual.text,
        actual_value: opt(r.and_then(|r| r.actual_value)),
        kind: r.map(|r| r.kind).unwrap_or(IndicatorKind::Qualitative),
        weight: opt(i.weight.value),
        score_stated: opt(i.score.value),
        score: opt(r.and_then(|r| r.score)),
        reason: &i.reason.text,
    }
}

fn table<'a>(ct: &'a CheckedTable, lang: Lang) -> JsonTable<'a> {
    let t: &Table = &ct.table;
    let rv = &ct.review;
    JsonTable {
        kind: t.kind,
        sheet: &t.sheet,
        year: t.year,
        name: &t.name.text,
        department: (t.kind != TableKind::Department).then_some(t.department.text.as_str()),
        unit: &t.unit.text,
        funds: JsonFunds {
            unit_of_amount: "万元",
            source_unit: match t.funds.source_unit {
                crate::model::AmountUnit::WanYuan => "万元",
                crate::model::AmountUnit::Yuan => "元",
            },
            rows: t.funds.rows.iter().map(fund_row).collect(),
        },
        execution: JsonExecution {
            weight: dec(rv.execution.weight),
            rate_stated: t.execution.rate.value.map(rate),
            rate: rv.execution.rate.map(rate),
            score_stated: opt(t.execution.score.value),
            score: dec(rv.execution.score),
            reason: t
                .execution
                .reason
                .cell
                .map(|_| t.execution.reason.text.as_str()),
        },
        indicators: t
            .indicators
            .iter()
            .enumerate()
            .map(|(k, i)| indicator(i, rv.indicators.get(k)))
            .collect(),
        total: JsonTotal {
            weight: opt(t.total.weight.value),
            score_stated: opt(t.total.score.value),
            score: dec(rv.total),
        },
        grade: JsonGrade {
            stated: rv.grade_stated.map(|g| g.as_str()),
            reviewed: rv.grade.as_str(),
        },
        findings: ct
            .findings
            .iter()
            .map(|f| finding(f, lang, false))
            .collect(),
    }
}

fn json_file<'a>(f: &'a CheckedFile, lang: Lang) -> JsonFile<'a> {
    let report = f.is_report();
    JsonFile {
        path: f.path.display().to_string(),
        kind: report.then_some("report"),
        unit: report.then_some(f.unit.as_deref()),
        status: f.status.as_str(),
        findings: f
            .findings
            .iter()
            .map(|x| finding(x, lang, report))
            .collect(),
        // A Word document may be a report and hold tables too (templates.md §9).
        tables: (!report || !f.tables.is_empty())
            .then(|| f.tables.iter().map(|t| table(t, lang)).collect()),
    }
}

/// The document as pretty JSON text (files held in memory).
pub fn to_string(files: &[CheckedFile], policy: &str, lang: Lang) -> String {
    let mut out = Vec::new();
    // Writing plain structs of strings into memory cannot fail, and the text is UTF-8.
    match write(&mut out, &InMemory(files), policy, lang) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Checked files held in memory, as a store.
struct InMemory<'a>(&'a [CheckedFile]);

impl FileSource for InMemory<'_> {
    fn light(&self) -> &[CheckedFile] {
        self.0
    }
    fn full(&self, i: usize) -> anyhow::Result<std::borrow::Cow<'_, CheckedFile>> {
        self.0
            .get(i)
            .map(std::borrow::Cow::Borrowed)
            .ok_or_else(|| anyhow::anyhow!("no file {i}"))
    }
}

/// The files of the document, serialised one at a time as each is read back from the
/// store, so a run of any size needs the memory of one file.
struct StreamedFiles<'a> {
    source: &'a dyn FileSource,
    lang: Lang,
    /// The store's error, kept whole: serde would reduce it to a message.
    failed: std::cell::RefCell<Option<anyhow::Error>>,
}

impl Serialize for StreamedFiles<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let n = self.source.light().len();
        let mut seq = serializer.serialize_seq(Some(n))?;
        for i in 0..n {
            let file = self.source.full(i).map_err(|e| {
                let msg = format!("{e:#}");
                *self.failed.borrow_mut() = Some(e);
                S::Error::custom(msg)
            })?;
            seq.serialize_element(&json_file(&file, self.lang))?;
        }
        seq.end()
    }
}

/// Writes the document (pretty JSON, two-space indent) file by file, reading each in full
/// only while it is written.
pub fn write(
    w: &mut dyn std::io::Write,
    source: &dyn FileSource,
    policy: &str,
    lang: Lang,
) -> anyhow::Result<()> {
    let files = StreamedFiles {
        source,
        lang,
        failed: std::cell::RefCell::new(None),
    };
    let doc = Document {
        schema: SCHEMA,
        policy,
        files: &files,
        summary: summarize(source.light()),
    };
    let mut ser =
        serde_json::Serializer::with_formatter(w, serde_json::ser::PrettyFormatter::new());
    let result = doc.serialize(&mut ser);
    match files.failed.into_inner() {
        Some(e) => Err(e),
        None => Ok(result?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::CheckedFile;
    use crate::diag::Lang;

    /// The document built whole in memory, as serde_json pretty-prints it.
    fn whole(files: &[CheckedFile], policy: &str, lang: Lang) -> String {
        let doc = Document {
            schema: SCHEMA,
            policy,
            files: files.iter().map(|f| json_file(f, lang)).collect::<Vec<_>>(),
            summary: summarize(files),
        };
        serde_json::to_string_pretty(&doc).unwrap()
    }

    #[test]
    fn the_streamed_report_is_the_same_text_as_the_whole_document() {
        let files = vec![tests_file("甲"), tests_file("乙")];
        let mut streamed = Vec::new();
        write(&mut streamed, &files, "mof-2020", Lang::Zh).unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            whole(&files, "mof-2020", Lang::Zh)
        );
        assert_eq!(
            to_string(&files, "mof-2020", Lang::Zh),
            whole(&files, "mof-2020", Lang::Zh)
        );
        let empty: Vec<CheckedFile> = Vec::new();
        let text = to_string(&empty, "mof-2020", Lang::En);
        assert!(text.contains("\"files\": [],"), "{text}");
        assert_eq!(text, whole(&empty, "mof-2020", Lang::En));
    }

    /// A store that fails to read a file back: the error reaches the caller whole.
    struct Failing(Vec<CheckedFile>);

    impl FileSource for Failing {
        fn light(&self) -> &[CheckedFile] {
            &self.0
        }
        fn full(&self, _: usize) -> anyhow::Result<std::borrow::Cow<'_, CheckedFile>> {
            Err(anyhow::anyhow!("spill truncated")).map_err(|e| e.context("reading file 0"))
        }
    }

    #[test]
    fn a_store_error_is_returned_with_its_context() {
        let mut out = Vec::new();
        let err = write(
            &mut out,
            &Failing(vec![tests_file("甲")]),
            "mof-2020",
            Lang::Zh,
        )
        .unwrap_err();
        assert_eq!(format!("{err:#}"), "reading file 0: spill truncated");
    }

    fn tests_file(name: &str) -> CheckedFile {
        let mut t = crate::model::Table::empty(crate::model::TableKind::Project, "表");
        t.name = crate::model::Text::new(name, crate::model::CellRef::new(3, 2));
        let review = crate::score::review(&t, &crate::score::Policy::default());
        let findings = crate::rules::check_table(&t, &review, &crate::score::Policy::default());
        CheckedFile {
            path: format!("收件箱/{name}.xlsx").into(),
            status: crate::check::FileStatus::Invalid,
            findings: vec![],
            tables: vec![crate::check::CheckedTable {
                table: t,
                review,
                findings,
            }],
            hash: None,
            modified: None,
            narrative: None,
            unit: None,
            members: Vec::new(),
        }
    }
}
