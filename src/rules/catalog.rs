//! Which check produces each finding code. The codes themselves, with their severity,
//! stage and meaning, are defined once in [`crate::diag`]; this table names, for every
//! code, the check function that produces it (Table and Cross stages) or the reading step
//! that does (File and Read stages). The match is exhaustive, so a new code does not
//! compile until it names its producer.

use super::cross::{self as x, CrossCheck};
use super::report::{arith as ra, tables as rt, ReportCheck};
use super::table::{self as t, Check};
use crate::diag::{Code, Stage, RULES};

/// What produces a code.
#[derive(Debug, Clone, Copy)]
pub enum Producer {
    /// Found while a file is walked or opened; the module that finds it.
    File(&'static str),
    /// Found while a table's cells are read; the module that finds it.
    Read(&'static str),
    /// A check on one table after reading ([`crate::rules::check_table`]).
    Table(Check),
    /// A check across the files or tables of a run ([`crate::rules::cross`]).
    Cross(CrossCheck),
    /// A check of a narrative report ([`crate::rules::report`]).
    Report(ReportCheck),
    /// A check only a workspace makes (`crate::campaign`); the module that makes it.
    Campaign(&'static str),
    /// A check of a declaration alone or of a table against it; the function's path.
    Approved(Stage, &'static str),
}

impl Producer {
    /// The stage this producer runs in.
    pub fn stage(self) -> Stage {
        match self {
            Producer::File(_) => Stage::File,
            Producer::Read(_) => Stage::Read,
            Producer::Table(_) => Stage::Table,
            Producer::Cross(_) => Stage::Cross,
            Producer::Report(_) => Stage::Report,
            Producer::Campaign(_) => Stage::Campaign,
            Producer::Approved(stage, _) => stage,
        }
    }
}

/// The producer of a code.
///
/// ```
/// use selfeval::Code;
/// use selfeval::{producer, Producer};
/// assert!(matches!(producer(Code::FundSumMismatch), Producer::Table(_)));
/// ```
pub fn producer(code: Code) -> Producer {
    use Code::*;
    use Producer::{Campaign, Cross, File, Read, Report, Table};
    match code {
        FileUnreadable => File("read (load, sniff, workbook, walk)"),
        FileEncrypted => File("read::sniff"),
        FileNoTable => File("read"),
        FileSkipped => File("read::walk"),
        FileDuplicate => Cross(CrossCheck::Files(x::file_duplicate)),
        FieldMissing => Read("read::extract"),
        FieldNotNumber => Read("read::extract"),
        FormulaNotComputed => Read("read::extract"),
        TargetPlaceholder => Table(t::target_placeholder),
        TargetUnparsed => Table(t::target_unparsed),
        UnitMismatch => Table(t::unit_mismatch),
        CategoryUnknown => Table(t::category_unknown),
        CategoryMissing => Table(t::category_missing),
        YearMismatch => Cross(CrossCheck::Tables(x::year_mismatch)),
        TableBlank => Read("read::extract::blank"),
        FundSumMismatch => Table(t::fund_sum_mismatch),
        FundSplitMismatch => Table(t::fund_split_mismatch),
        FundBudgetMissing => Table(t::fund_budget_missing),
        FundOverBudget => Table(t::fund_over_budget),
        FundRowUnknown => Read("read::extract::funds"),
        ExecRateMismatch => Table(t::exec_rate_mismatch),
        ExecScoreInflated => Table(t::exec_score_inflated),
        ExecScoreUnderstated => Table(t::exec_score_understated),
        ExecRateLow => Table(t::exec_rate_low),
        ScoreOverWeight => Table(t::score_over_weight),
        ScoreNegative => Table(t::score_negative),
        ScoreInflated => Table(t::score_inflated),
        ScoreUnderstated => Table(t::score_understated),
        ReasonMissing => Table(t::reason_missing),
        OverachievementUnexplained => Table(t::overachievement_unexplained),
        QualitativeLevelUnknown => Table(t::qualitative_level_unknown),
        WeightTotalMismatch => Table(t::weight_total_mismatch),
        WeightCategoryMismatch => Table(t::weight_category_mismatch),
        TotalMismatch => Table(t::total_mismatch),
        GradeMismatch => Table(t::grade_mismatch),
        GradeChanged => Table(t::grade_changed),
        TableDuplicate => Cross(CrossCheck::Tables(x::table_duplicate)),
        UnitNameVariant => Cross(CrossCheck::Tables(x::unit_name_variant)),
        DeptProjectsExceed => Cross(CrossCheck::Tables(x::dept_projects_exceed)),
        TablePossibleDuplicate => Cross(CrossCheck::Tables(x::table_possible_duplicate)),
        UnitNotInRoster => Campaign("campaign::roster"),
        ReportSumMismatch => Report(ra::report_sum_mismatch),
        ReportRateMismatch => Report(ra::report_rate_mismatch),
        ReportScoreMismatch => Report(ra::report_score_mismatch),
        ReportTableMismatch => Report(rt::report_table_mismatch),
        ReportFigureUnclear => Report(ra::report_figure_unclear),
        ReportTableMissing => Report(rt::report_table_missing),
        ReportSectionUnknown => Report(rt::report_section_unknown),
        ReportUnitUnknown => Report(rt::report_unit_unknown),
        DeclarationCodeLost => decl("rules::approved::declaration::code_lost"),
        DeclarationTargetUnmeasurable => decl("rules::approved::declaration::targets"),
        DeclarationUnitMissing => decl("rules::approved::declaration::targets"),
        DeclarationCategoryMissing => decl("rules::approved::declaration::categories"),
        DeclarationAmountImplausible => decl("rules::approved::declaration::amounts"),
        ApprovedIndicatorDropped => approved("rules::approved::compare_indicators"),
        ApprovedTargetLowered => approved("rules::approved::compare_target"),
        ApprovedTargetChanged => approved("rules::approved::compare_target"),
        ApprovedIndicatorAdded => approved("rules::approved::compare_indicators"),
        ApprovedBudgetDiffers => approved("rules::approved::compare_budget"),
        ApprovedMissing => approved("check::approved::apply"),
        ReportFormatUnsupported => File("check::formats (by unit name, once every file is read)"),
        FileClipped => File("read::workbook (sheets), read::narrative (paragraphs)"),
    }
}

fn decl(path: &'static str) -> Producer {
    Producer::Approved(Stage::Declaration, path)
}

fn approved(path: &'static str) -> Producer {
    Producer::Approved(Stage::Approved, path)
}

/// The checks of one stage, in catalogue order.
pub fn checks_of(stage: Stage) -> impl Iterator<Item = Producer> {
    RULES
        .iter()
        .map(|r| producer(r.code))
        .filter(move |p| p.stage() == stage)
}

/// The catalogue as Markdown: `docs/rules.md` is exactly this text
/// (`selfeval rules --markdown`).
pub fn markdown() -> String {
    let mut s = String::new();
    s.push_str("# Validation rules\n\n");
    s.push_str(
        "<!-- Generated by `selfeval rules --markdown` from src/rules/catalog.rs; do not edit. -->\n\n",
    );
    s.push_str(
        "Every finding carries one of these codes. The codes are the contract: never renamed, \
         new ones may be added. Severity: `error` (the table cannot be accepted as submitted), \
         `warning` (needs a reviewer's eye), `info` (bookkeeping). Stage: where the rule is \
         checked — `file` (opening or walking files), `read` (reading a table's cells), \
         `table` (one table after reading, `src/rules/table/`), `cross` (across the tables \
         of a run, `src/rules/cross.rs`), `report` (a unit's narrative 自评报告 against \
         itself and its tables, `src/rules/report/`; such a finding names a paragraph in \
         place of a sheet and cell), `declaration` (an approved 绩效目标申报表 alone, \
         `src/rules/approved/declaration.rs`), `approved` (a table against its approved \
         declaration, `src/rules/approved/`).\n\n",
    );
    s.push_str(
        "The last two columns say what the unit should do; the return workbook \
         (`units/<单位>.xlsx`) shows the Chinese one as 怎么改.\n\n",
    );
    s.push_str(
        "| code | severity | stage | meaning | 说明 | what to do | 怎么改 |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for r in RULES {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            r.id,
            r.severity.as_str(),
            r.stage.as_str(),
            r.en.replace('|', "\\|"),
            r.zh.replace('|', "\\|"),
            r.fix_en.replace('|', "\\|"),
            r.fix_zh.replace('|', "\\|"),
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_names_a_producer_of_its_stage() {
        for r in RULES {
            assert_eq!(producer(r.code).stage(), r.stage, "{}", r.id);
        }
    }
}
