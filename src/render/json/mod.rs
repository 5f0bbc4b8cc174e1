//! The `check --format json` document (`selfeval/check/1`), also written as `report.json`.
//! Field names are the contract of cli.md; decimals are strings so nothing is lost.

use crate::aggregate::campaign::RoundCounts;
use crate::aggregate::{identity, UnitRecord};
use crate::check::{summarize, CheckedFile, CheckedTable, Summary};
use crate::diag::{Finding, FindingCounts, Lang, State};
use crate::model::{FundRow, Table, TableKind};
use crate::score::{IndicatorKind, IndicatorReview, Op};
use crate::store::FileSource;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::borrow::Cow;

mod declaration;

/// The schema name written in every document.
pub const SCHEMA: &str = "selfeval/check/1";

/// A decimal as the JSON string of cli.md: normalised, no trailing zeros (`"28.31"`, `"10"`).
///
/// ```
/// use rust_decimal::Decimal;
/// assert_eq!(selfeval::render::json::dec(Decimal::new(10000, 3)), "10");
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
    /// One object per unit (campaign.md §9).
    units: Vec<JsonUnit>,
    /// The findings of the last round that are gone (none before a round is issued).
    fixed: Vec<JsonFixed>,
}

/// A unit of campaign.md §9.
#[derive(Debug, Serialize)]
pub struct JsonUnit {
    name: String,
    in_roster: bool,
    status: &'static str,
    round: Option<u32>,
    files: Vec<String>,
    superseded: Vec<String>,
    tables: usize,
    #[serde(flatten)]
    counts: FindingCounts,
    #[serde(flatten)]
    round_counts: RoundCounts,
    previous_year: Option<JsonPrevious>,
}

/// Last year's figures of a unit.
#[derive(Debug, Serialize)]
pub struct JsonPrevious {
    rate: Option<String>,
    score: Option<String>,
}

/// A finding of the last round that is gone.
#[derive(Debug, Serialize)]
pub struct JsonFixed {
    /// Its identity.
    pub identity: String,
    /// Its unit.
    pub unit: String,
    /// Its code.
    pub code: String,
    /// The message it had.
    pub message: String,
}

/// The fixed findings of the document.
fn fixed(view: &crate::aggregate::campaign::View) -> Vec<JsonFixed> {
    view.fixed
        .iter()
        .map(|f| JsonFixed {
            identity: f.identity.clone(),
            unit: f.unit.clone(),
            code: f.code.clone(),
            message: f.message.clone(),
        })
        .collect()
}

/// The units of the document from their records.
pub fn units(records: &[UnitRecord], files: &[CheckedFile]) -> Vec<JsonUnit> {
    let path = |i: &usize| files.get(*i).map(|f| f.path.display().to_string());
    records
        .iter()
        .map(|r| JsonUnit {
            name: r.name.clone(),
            in_roster: r.campaign.in_roster,
            status: r.campaign.status.as_str(),
            round: r.campaign.round,
            files: r.files.iter().filter_map(path).collect(),
            superseded: r.superseded.iter().filter_map(path).collect(),
            tables: r.tables,
            counts: r.counts,
            round_counts: r.round_counts,
            previous_year: r.previous.map(|p| JsonPrevious {
                rate: p.rate.map(rate),
                score: opt(p.score),
            }),
        })
        .collect()
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
    tables: Option<Vec<AnyTable<'a>>>,
}

/// A table object: a self-evaluation table, or a declaration (`"kind": "declaration"`).
#[derive(Debug, Serialize)]
#[serde(untagged)]
// The objects of one file live only while it is written; boxing every table would cost an
// allocation per table of every run for nothing.
#[allow(clippy::large_enum_variant)]
enum AnyTable<'a> {
    Table(JsonTable<'a>),
    Declaration(declaration::JsonDeclaration<'a>),
}

#[derive(Debug, Serialize)]
pub(super) struct JsonFinding<'a> {
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
    /// The same problem across runs and rounds (campaign.md §10).
    identity: String,
    /// `new`, `remaining` or `superseded`.
    state: State,
}

#[derive(Debug, Serialize)]
struct JsonTable<'a> {
    kind: TableKind,
    sheet: &'a str,
    year: Option<i32>,
    name: &'a str,
    department: Option<&'a str>,
    unit: &'a str,
    /// 项目编码, only where the form has the field (templates.md §8).
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    funds: JsonFunds<'a>,
    execution: JsonExecution<'a>,
    indicators: Vec<JsonIndicator<'a>>,
    total: JsonTotal,
    grade: JsonGrade,
    /// Whether the table counts (campaign.md §4): false for an older copy or another
    /// year's table.
    counts: bool,
    /// The file holding the copy that counts in its place, for an older copy (also one
    /// replaced by a pinned table of a close name, which no name match would find).
    #[serde(skip_serializing_if = "Option::is_none")]
    superseded_by: Option<&'a str>,
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
    /// `null` on a blank table or a form that scores nothing (`Table::ungraded`), as the
    /// total: a blank table is never shown as 0 分 (reports.md §2).
    score: Option<String>,
    /// Only where the form has a column for it (Sichuan 原因).
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// What the indicators of a table and of a declaration both show: where the row is, its
/// names, its target as written and as parsed.
#[derive(Debug, Serialize)]
struct JsonTarget<'a> {
    row: u32,
    level1: &'a str,
    level2: &'a str,
    name: &'a str,
    target: &'a str,
    op: Option<Op>,
    target_value: Option<String>,
    /// A range's upper end (`op` is `between`); left out for any other target.
    #[serde(skip_serializing_if = "Option::is_none")]
    target_upper: Option<String>,
    unit: Option<Cow<'a, str>>,
}

/// The [`JsonTarget`] of an indicator row of a table or of a declaration (the two model
/// types name these fields alike), with its target as parsed: (operator, number, a range's
/// upper end, unit).
macro_rules! json_target {
    ($i:expr, $parsed:expr) => {{
        let (op, target_value, target_upper, unit) = $parsed;
        JsonTarget {
            row: $i.row,
            level1: &$i.level1,
            level2: &$i.level2,
            name: &$i.name.text,
            target: &$i.target.text,
            op,
            target_value,
            target_upper,
            unit,
        }
    }};
}
use json_target;

#[derive(Debug, Serialize)]
struct JsonIndicator<'a> {
    #[serde(flatten)]
    target: JsonTarget<'a>,
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
    /// `null` on a blank table or a form that scores nothing (`Table::ungraded`).
    score: Option<String>,
}

#[derive(Debug, Serialize)]
struct JsonGrade {
    stated: Option<&'static str>,
    /// `null` on a blank table or a form that scores nothing (`Table::ungraded`).
    reviewed: Option<&'static str>,
}

/// Where a finding stands: on a table (and whether that table counts) or on the file.
struct At<'a> {
    unit: &'a str,
    table: Option<&'a Table>,
    hash: Option<&'a [u8; 32]>,
    /// `superseded` for what does not count; else new, until the view says remaining.
    state: State,
    view: &'a crate::aggregate::campaign::View,
}

impl At<'_> {
    fn identity(&self, f: &Finding) -> String {
        match self.table {
            Some(t) => identity::of_table(self.unit, t, f),
            None => identity::of_file(self.unit, self.hash, f),
        }
    }
}

/// A finding of a declaration (the bureau's, templates.md §8): by its file, always new.
pub(super) fn finding<'a>(f: &'a Finding, lang: Lang, report: bool) -> JsonFinding<'a> {
    let view = crate::aggregate::campaign::View::default();
    let at = At {
        unit: "",
        table: None,
        hash: None,
        state: State::New,
        view: &view,
    };
    finding_at(f, lang, report, &at)
}

fn finding_at<'a>(f: &'a Finding, lang: Lang, report: bool, at: &At<'_>) -> JsonFinding<'a> {
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
        state: match at.state {
            State::Superseded => State::Superseded,
            _ => at.view.state(&at.identity(f)),
        },
        identity: at.identity(f),
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
    let parsed = (
        r.and_then(|r| r.op),
        opt(r.and_then(|r| r.target_value)),
        opt(r.and_then(|r| r.target_upper)),
        r.and_then(|r| r.unit.as_deref()).map(Cow::Borrowed),
    );
    JsonIndicator {
        target: json_target!(i, parsed),
        actual: &i.actual.text,
        actual_value: opt(r.and_then(|r| r.actual_value)),
        kind: r.map(|r| r.kind).unwrap_or(IndicatorKind::Qualitative),
        weight: opt(i.weight.value),
        score_stated: opt(i.score.value),
        score: opt(r.and_then(|r| r.score)),
        reason: &i.reason.text,
    }
}

fn table<'a>(ct: &'a CheckedTable, lang: Lang, at: &At<'_>) -> JsonTable<'a> {
    let t: &Table = &ct.table;
    let rv = &ct.review;
    // A blank table or a form scoring nothing has no reviewed total or grade to show.
    let scored = !t.ungraded();
    JsonTable {
        kind: t.kind,
        sheet: &t.sheet,
        year: t.year,
        name: &t.name.text,
        department: (t.kind != TableKind::Department).then_some(t.department.text.as_str()),
        unit: &t.unit.text,
        code: t.code.as_ref().map(|c| c.text.as_str()),
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
            score: scored.then(|| dec(rv.execution.score)),
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
            score: scored.then(|| dec(rv.total)),
        },
        grade: JsonGrade {
            stated: rv.grade_stated.map(|g| g.as_str()),
            reviewed: scored.then(|| rv.grade.as_str()),
        },
        counts: at.state != State::Superseded,
        superseded_by: match &ct.standing {
            crate::model::Standing::Superseded(by) => Some(by.as_str()),
            _ => None,
        },
        findings: ct
            .findings
            .iter()
            .map(|f| finding_at(f, lang, false, at))
            .collect(),
    }
}

fn state(counts: bool) -> State {
    if counts {
        State::New
    } else {
        State::Superseded
    }
}

fn json_file<'a>(
    f: &'a CheckedFile,
    lang: Lang,
    unit: &str,
    view: &crate::aggregate::campaign::View,
) -> JsonFile<'a> {
    let report = f.is_report();
    let counts = f.standing.counts();
    let own = At {
        unit,
        table: None,
        hash: f.hash.as_ref(),
        state: state(counts),
        view,
    };
    let on = |t: &'a CheckedTable| At {
        table: Some(&t.table),
        state: state(counts && t.counts_in_run()),
        ..own
    };
    JsonFile {
        path: f.path.display().to_string(),
        kind: report.then_some("report"),
        unit: report.then_some(f.unit.as_deref()),
        status: f.status.as_str(),
        findings: f
            .findings
            .iter()
            .map(|x| finding_at(x, lang, report, &own))
            .collect(),
        // A Word document may be a report and hold tables too (templates.md §9).
        tables: (!report || !f.tables.is_empty() || !f.declarations.is_empty()).then(|| {
            let tables = f
                .tables
                .iter()
                .map(|t| AnyTable::Table(table(t, lang, &on(t))));
            let decls = f
                .declarations
                .iter()
                .map(|d| AnyTable::Declaration(declaration::declaration(d, lang)));
            tables.chain(decls).collect()
        }),
    }
}

/// The document as pretty JSON text (files held in memory).
pub fn to_string(files: &[CheckedFile], policy: &str, lang: Lang) -> String {
    let mut out = Vec::new();
    // Writing plain structs of strings into memory cannot fail, and the text is UTF-8.
    let view = crate::aggregate::campaign::View::default();
    match write(&mut out, &InMemory(files), policy, &view, lang, true) {
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
    view: &'a crate::aggregate::campaign::View,
    /// The unit of each file.
    owners: Vec<String>,
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
            let unit = self.owners.get(i).map_or("", String::as_str);
            seq.serialize_element(&json_file(&file, self.lang, unit, self.view))?;
        }
        seq.end()
    }
}

/// Writes the document file by file, reading each in full only while it is written:
/// `pretty` (two-space indent) for a person at a terminal (`check --format json`), compact
/// for report.json, which programs read (on 2,000 workbooks 57 MB instead of 110 MB, and a
/// re-run writes and hashes it whole).
pub fn write(
    w: &mut dyn std::io::Write,
    source: &dyn FileSource,
    policy: &str,
    view: &crate::aggregate::campaign::View,
    lang: Lang,
    pretty: bool,
) -> anyhow::Result<()> {
    let light = source.light();
    let files = StreamedFiles {
        source,
        lang,
        view,
        owners: crate::aggregate::file_units(light),
        failed: std::cell::RefCell::new(None),
    };
    let records = crate::aggregate::records(light, &crate::aggregate::units(light), view);
    let doc = Document {
        schema: SCHEMA,
        policy,
        files: &files,
        summary: summarize(light),
        units: units(&records, light),
        fixed: fixed(view),
    };
    let result = if pretty {
        let pretty = serde_json::ser::PrettyFormatter::new();
        doc.serialize(&mut serde_json::Serializer::with_formatter(w, pretty))
    } else {
        doc.serialize(&mut serde_json::Serializer::new(w))
    };
    match files.failed.into_inner() {
        Some(e) => Err(e),
        None => Ok(result?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::campaign::View;
    use crate::check::CheckedFile;
    use crate::diag::Lang;

    /// The document built whole in memory, as serde_json pretty-prints it.
    fn whole(files: &[CheckedFile], policy: &str, lang: Lang) -> String {
        let owners = crate::aggregate::file_units(files);
        let records = crate::aggregate::plain_records(files, &crate::aggregate::units(files));
        let doc = Document {
            schema: SCHEMA,
            policy,
            files: files
                .iter()
                .zip(&owners)
                .map(|(f, u)| json_file(f, lang, u, &View::default()))
                .collect::<Vec<_>>(),
            summary: summarize(files),
            units: units(&records, files),
            fixed: Vec::new(),
        };
        serde_json::to_string_pretty(&doc).unwrap()
    }

    #[test]
    fn the_streamed_report_is_the_same_text_as_the_whole_document() {
        let files = vec![tests_file("甲"), tests_file("乙")];
        let mut streamed = Vec::new();
        write(
            &mut streamed,
            &files,
            "mof-2020",
            &View::default(),
            Lang::Zh,
            true,
        )
        .unwrap();
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
            &View::default(),
            Lang::Zh,
            false,
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
                standing: Default::default(),
            }],
            hash: None,
            modified: None,
            narrative: None,
            unit: None,
            standing: Default::default(),
            declarations: Vec::new(),
            members: Vec::new(),
        }
    }
}
