//! The self-evaluation form as data (templates.md §1–§7): what each block's labels mean
//! ([`Header`], [`Field`], the fund rows' [`FundRole`]), every spelling of every form the
//! reader knows with the form it comes from, and the structural cues that differ between
//! forms ([`Cues`]: how far below a title a name label still belongs to it, name labels
//! looked for only in a table's first rows, the words that start a target as its
//! operator). One province's form is one [`FormSpec`] in [`FORMS`].
//!
//! The reader builds its lookups from these (`read::labels`); the template and the re-laid
//! tables write the canonical spellings (`render::form`); docs/reader.md lists them
//! ([`markdown`]). A test holds that no spelling of a block has two meanings.

pub mod labels;
mod spellings;

pub use spellings::{
    markdown, ANHUI, BEIJING, BOUND_JOINERS, BREAKDOWN_PREFIXES, CANONICAL, CATEGORY_SPELLINGS,
    CENTRAL_EXPORT, CHONGQING, FIELD, FUJIAN, FUND_PARTS, HUBEI, LOCAL_DEPARTMENT, NINGXIA,
    NONE_ACTUAL_WORDS, NONE_TARGET_WORDS, NUMERAL_MEASURES, OTHER_FORMS, OUTPUT_CATEGORY,
    PUBLISHED, QUALITATIVE_KINDS, QUANTITATIVE_KINDS, RANGE_ANDS, RANGE_DASHES, RANGE_PREFIXES,
    RANGE_SUFFIXES, REGIONAL_TRANSFER, SICHUAN, TITLE_ADJUSTMENT, TITLE_QUALIFIERS,
    TITLE_SPELLINGS, UNIT_SPELLINGS, VARIANTS,
};

use crate::model::{FundRole, TableKind};

/// A column header of the fund block or the indicator block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Header {
    /// 年初预算数.
    Initial,
    /// 全年预算数 (调整后预算数).
    Budget,
    /// 全年执行数.
    Executed,
    /// 分值 (权重).
    Weight,
    /// 执行率.
    Rate,
    /// 得分.
    Score,
    /// 一级指标.
    Level1,
    /// 二级指标.
    Level2,
    /// 三级指标.
    Level3,
    /// 年度指标值 (指标值).
    Target,
    /// The target as adjusted during the year (Chongqing 调整指标值): the target when given.
    AdjustedTarget,
    /// 实际完成值 (完成值, 全年实际值).
    Actual,
    /// 偏差原因分析及改进措施 (未完成原因分析, 偏差原因及改进措施).
    Reason,
    /// A separate operator column (指标性质, 计算符号).
    Operator,
    /// A separate unit column (度量单位, 计量单位).
    Unit,
    /// The reason given for the execution rate (Sichuan 原因).
    ExecReason,
    /// A free-text column beside the figures: a scoring method (Beijing 得分计算方法) or an
    /// indicator's explanation (指标解释); never a figure.
    Method,
}

/// A field label of the header, goals and total blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// 项目名称.
    ProjectName,
    /// 部门（单位）名称.
    DeptName,
    /// 转移支付（项目）名称.
    TransferName,
    /// 主管部门 / 上级主管部门.
    Department,
    /// 实施单位 / 资金使用单位.
    Unit,
    /// 年度总体目标.
    Goals,
    /// 预期目标 (goals header).
    GoalTarget,
    /// 实际完成情况 (goals header).
    GoalOutcome,
    /// 全年（调整）绩效目标 (goals header, Chongqing): the goal as adjusted during the year,
    /// which stands for the year when given, as an adjusted target does.
    GoalAdjusted,
    /// 绩效指标 (the indicator block's side label).
    Indicators,
    /// 总分.
    Total,
    /// 自评等级.
    Grade,
    /// 项目编码 (templates.md §8).
    ProjectCode,
    /// 其他需要说明事项: a notes row some forms put above 总分, no indicator.
    Notes,
}

/// Where a spelling comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The Ministry of Finance 2020 form (templates.md §1–§3).
    Canonical,
    /// The variants every bureau sees (templates.md §5).
    Variant,
    /// The central project-library export (templates.md §6).
    CentralExport,
    /// The Sichuan form (templates.md §6).
    Sichuan,
    /// The Beijing (海淀) form (templates.md §6).
    Beijing,
    /// Other fund-source rows seen in the field (templates.md §6).
    Field,
    /// Anhui's form (issue 31).
    Anhui,
    /// The Ministry of Finance's form for transfers to local governments
    /// (中央对地方转移支付区域绩效自评表).
    RegionalTransfer,
    /// Tables units published (docs/reader.md, "Published tables surveyed").
    Published,
    /// Chongqing's department form (部门整体绩效自评表).
    Chongqing,
    /// Fujian's (宁德) department form, its fund block `资金结构`.
    Fujian,
    /// Hubei's project form (`…项目自评表`, `项目实施单位`, no weight column).
    Hubei,
    /// Ningxia's (银川市本级) project form (`自评得分` in the head, no 总分 row).
    Ningxia,
}

impl Form {
    /// The form's name as docs/reader.md shows it.
    pub fn name(self) -> &'static str {
        match self {
            Form::Canonical => "财预〔2020〕10号 (§1–§3)",
            Form::Variant => "variants (§5)",
            Form::CentralExport => "central export (§6)",
            Form::Sichuan => "Sichuan (§6)",
            Form::Beijing => "Beijing 海淀 (§6)",
            Form::Field => "field (§6)",
            Form::Anhui => "Anhui (issue 31)",
            Form::RegionalTransfer => "regional transfer (MoF)",
            Form::Published => "published tables (reader.md)",
            Form::Chongqing => "Chongqing (reader.md, cqform)",
            Form::Fujian => "Fujian 宁德 (reader.md, cqform)",
            Form::Hubei => "Hubei (reader.md, provprobe)",
            Form::Ningxia => "Ningxia 银川 (reader.md, provprobe)",
        }
    }
}

/// One form: its spellings of each block (key form) and its structural cues.
#[derive(Debug, Clone, Copy)]
pub struct FormSpec {
    /// Which form.
    pub form: Form,
    /// Column headers of the fund and indicator blocks (any unit in brackets removed).
    pub headers: &'static [(&'static str, Header)],
    /// Field labels of the header, goals and total blocks (a weight such as `(90分)` and a
    /// `(盖章)` removed).
    pub fields: &'static [(&'static str, Field)],
    /// Fund rows by their label (`其中:` and a unit in brackets removed).
    pub fund_rows: &'static [(&'static str, FundRole)],
    /// How the form's blocks are placed and written.
    pub cues: Cues,
}

/// The structural cues of a form, beyond its spellings.
#[derive(Debug, Clone, Copy)]
pub struct Cues {
    /// Rows below a title within which a name label belongs to that title's table (and
    /// starts no table of its own).
    pub name_window: Option<u32>,
    /// Labels of a department table's name row looked for only in its first
    /// [`FIRST_ROWS`] rows: anywhere else they would start tables of their own.
    pub name_labels_first_rows: &'static [&'static str],
    /// Words that start a target as its operator (`不低于80%`), besides the symbols.
    pub operator_words: &'static [&'static str],
    /// The stated total stands in the head (`自评总分（分） | 97.6`): the form has no 总分 row
    /// under its indicators.
    pub total_in_head: bool,
    /// The execution's figures stand on an unlabelled row right under the fund header (the
    /// form has no 年度资金总额 label and no source rows).
    pub unlabelled_execution: bool,
    /// Labels that name the stated total only in the head, above the indicator header
    /// (Ningxia's `自评得分 | 98 | 财政审核评分`): anywhere else the same words head the
    /// score column, so they are no spelling of 总分.
    pub head_total_labels: &'static [&'static str],
}

impl Cues {
    /// No cue of its own: a form that differs only in spellings.
    pub const NONE: Cues = Cues {
        name_window: None,
        name_labels_first_rows: &[],
        operator_words: &[],
        total_in_head: false,
        unlabelled_execution: false,
        head_total_labels: &[],
    };
}

/// The rows of a department table in which [`Cues::name_labels_first_rows`] are looked for.
pub const FIRST_ROWS: u32 = 6;

/// Every form the reader knows.
pub const FORMS: &[FormSpec] = &[
    CANONICAL,
    VARIANTS,
    CENTRAL_EXPORT,
    SICHUAN,
    BEIJING,
    FIELD,
    ANHUI,
    REGIONAL_TRANSFER,
    PUBLISHED,
    CHONGQING,
    FUJIAN,
    HUBEI,
    NINGXIA,
];

/// The column header as the template writes it: the 2020 form's first spelling of it
/// (empty for a column the 2020 form does not have, such as a separate operator column).
pub fn written_header(h: Header) -> &'static str {
    first_spelling(CANONICAL.headers, h)
}

/// The field label as the template writes it: the 2020 form's first spelling of it.
pub fn written_field(f: Field) -> &'static str {
    first_spelling(CANONICAL.fields, f)
}

/// The first spelling of a meaning in a list, empty when it has none.
fn first_spelling<M: PartialEq>(list: &[(&'static str, M)], m: M) -> &'static str {
    list.iter().find(|(_, x)| *x == m).map_or("", |(t, _)| t)
}

/// Every column header spelling with its meaning and form.
pub fn headers() -> impl Iterator<Item = (&'static str, Header, Form)> {
    FORMS
        .iter()
        .flat_map(|s| s.headers.iter().map(move |(t, h)| (*t, *h, s.form)))
}

/// Every field label spelling with its meaning and form.
pub fn fields() -> impl Iterator<Item = (&'static str, Field, Form)> {
    FORMS
        .iter()
        .flat_map(|s| s.fields.iter().map(move |(t, f)| (*t, *f, s.form)))
}

/// Every fund row spelling with its role and form.
pub fn fund_rows() -> impl Iterator<Item = (&'static str, FundRole, Form)> {
    FORMS
        .iter()
        .flat_map(|s| s.fund_rows.iter().map(move |(t, r)| (*t, *r, s.form)))
}

/// How far below a title a name label belongs to it: the widest window of any form.
pub fn name_window() -> u32 {
    FORMS
        .iter()
        .filter_map(|s| s.cues.name_window)
        .max()
        .unwrap_or(0)
}

/// The name labels looked for only in a department table's first rows, of every form.
pub fn name_labels_first_rows() -> Vec<&'static str> {
    FORMS
        .iter()
        .flat_map(|s| s.cues.name_labels_first_rows.iter().copied())
        .collect()
}

/// True when a form writes its stated total in the head (Chongqing's `自评总分`).
pub fn total_in_head() -> bool {
    FORMS.iter().any(|s| s.cues.total_in_head)
}

/// Every form's [`Cues::head_total_labels`].
pub fn head_total_labels() -> impl Iterator<Item = &'static str> {
    FORMS
        .iter()
        .flat_map(|s| s.cues.head_total_labels.iter().copied())
}

/// True when a form writes the execution on an unlabelled row under the fund header.
pub fn unlabelled_execution() -> bool {
    FORMS.iter().any(|s| s.cues.unlabelled_execution)
}

/// What a `指标性质` cell says as an operator: `定性` for a qualitative kind (`定性指标`),
/// nothing for a quantitative one (`定量指标`: the number stands alone), else the cell.
pub fn kind_as_operator(op: &str) -> &str {
    if QUALITATIVE_KINDS.contains(&op) {
        "定性"
    } else if QUANTITATIVE_KINDS.contains(&op) {
        ""
    } else {
        op
    }
}

/// The operator words of every form.
pub fn operator_words() -> impl Iterator<Item = &'static str> {
    FORMS
        .iter()
        .flat_map(|s| s.cues.operator_words.iter().copied())
}

/// The fund block's header label of a kind, as the template writes it.
pub fn fund_header(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Project => "项目资金（万元）",
        TableKind::Department => "部门预算资金（万元）",
        TableKind::Transfer => "资金投入情况（万元）",
    }
}

/// The fund rows of a kind as the template writes them, in order: label and role,
/// captions as `None`. Each label is a canonical spelling of its role (a test holds it).
pub fn fund_block(kind: TableKind) -> Vec<(Option<FundRole>, &'static str)> {
    use FundRole::*;
    match kind {
        TableKind::Project => vec![
            (Some(Total), "年度资金总额"),
            (Some(Appropriation), "其中：当年财政拨款"),
            (Some(Carryover), "上年结转资金"),
            (Some(Other), "其他资金"),
        ],
        TableKind::Department => vec![
            (Some(Total), "年度资金总额"),
            (None, "按收入性质分："),
            (Some(Appropriation), "其中：财政拨款"),
            (Some(Carryover), "上年结转资金"),
            (Some(Other), "其他资金"),
            (None, "按支出性质分："),
            (Some(Basic), "其中：基本支出"),
            (Some(Project), "项目支出"),
        ],
        TableKind::Transfer => vec![
            (Some(Total), "年度资金总额"),
            (Some(Central), "其中：中央补助"),
            (Some(Provincial), "省级资金"),
            (Some(Local), "市县资金"),
            (Some(Other), "其他资金"),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::fmt::Debug;

    /// The spellings that mean two things in one block, as `spelling: a, b`.
    fn ambiguous<M: Debug + PartialEq + Copy>(
        all: impl Iterator<Item = (&'static str, M, Form)>,
    ) -> Vec<String> {
        let mut seen: HashMap<&str, (M, Form)> = HashMap::new();
        let mut out = Vec::new();
        for (t, m, f) in all {
            match seen.get(t) {
                Some((m0, f0)) if *m0 != m => {
                    out.push(format!("{t}: {m0:?} ({f0:?}), {m:?} ({f:?})"))
                }
                Some(_) => out.push(format!("{t}: given twice")),
                None => {
                    seen.insert(t, (m, f));
                }
            }
        }
        out
    }

    #[test]
    fn every_spelling_of_a_block_has_one_meaning() {
        assert_eq!(ambiguous(headers()), Vec::<String>::new());
        assert_eq!(ambiguous(fields()), Vec::<String>::new());
        assert_eq!(ambiguous(fund_rows()), Vec::<String>::new());
    }

    #[test]
    fn a_value_spelling_has_one_meaning() {
        // A unit spelled two ways stands for one unit, which is no spelling of another; a
        // word of none is one side's only (a target's `无…` is not read as an actual's `无`
        // list but both hold `无`, which means none on either side).
        let units: Vec<&str> = UNIT_SPELLINGS.iter().map(|(w, _)| *w).collect();
        let mut seen = units.clone();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), units.len(), "a unit spelling listed twice");
        for (_, canon) in UNIT_SPELLINGS {
            assert!(
                !units.contains(canon),
                "{canon} is both a spelling and a unit"
            );
        }
        let mut measures = NUMERAL_MEASURES.to_vec();
        measures.sort_unstable();
        measures.dedup();
        assert_eq!(
            measures.len(),
            NUMERAL_MEASURES.len(),
            "a measure listed twice"
        );
        assert!(!measures
            .iter()
            .any(|m| *m == "月" || *m == "年" || *m == "日"));
        // What joins a range's ends, what joins two bounds and what wraps a range: each
        // spelling one of these only.
        let mut joins: Vec<&str> = [RANGE_DASHES, RANGE_ANDS, BOUND_JOINERS, RANGE_PREFIXES]
            .concat()
            .into_iter()
            .chain(RANGE_SUFFIXES.iter().copied())
            .collect();
        let n = joins.len();
        joins.sort_unstable();
        joins.dedup();
        assert_eq!(joins.len(), n, "a range spelling with two meanings");
    }

    #[test]
    fn a_title_spelling_names_one_kind() {
        // Titles are found as substrings: a spelling that held another kind's title, or sat
        // inside it, could read one table as the other kind.
        let titles: Vec<(&str, TableKind)> = TableKind::ALL
            .iter()
            .map(|k| (k.title(), *k))
            .chain(TITLE_SPELLINGS.iter().copied())
            .collect();
        for (a, ka) in &titles {
            for (b, kb) in &titles {
                if ka != kb {
                    assert!(!a.contains(b), "{a} ({ka:?}) holds {b} ({kb:?})");
                }
            }
            assert_eq!(crate::model::text::squash(a), *a, "{a}");
        }
    }

    #[test]
    fn a_field_label_is_no_column_header() {
        // Both are looked up in the same cells (`read::labels::is_label`, the header
        // rows): a spelling in both would be read as either. 合计 is both a 总分 label
        // (Sichuan) and a fund row (the 年度资金总额 of some forms), which mean the same
        // thing in their blocks: a total.
        let heads: Vec<&str> = headers().map(|(t, _, _)| t).collect();
        let funds: HashMap<&str, FundRole> = fund_rows().map(|(t, r, _)| (t, r)).collect();
        for (t, f, _) in fields() {
            if let Some(r) = funds.get(t) {
                assert!(
                    f == Field::Total && *r == FundRole::Total,
                    "{t} is the field {f:?} and the fund row {r:?}"
                );
            }
            assert!(!heads.contains(&t), "{t} is a field and a column header");
        }
    }

    #[test]
    fn a_spelling_is_in_key_form() {
        let all = headers()
            .map(|(t, _, _)| t)
            .chain(fields().map(|(t, _, _)| t))
            .chain(fund_rows().map(|(t, _, _)| t));
        for t in all {
            assert_eq!(crate::model::text::squash(t), t, "{t}");
        }
    }

    #[test]
    fn the_template_writes_canonical_spellings() {
        for kind in TableKind::ALL {
            for (role, label) in fund_block(kind) {
                let Some(role) = role else { continue };
                let bare = label.trim_start_matches("其中：");
                let canon: Vec<_> = CANONICAL
                    .fund_rows
                    .iter()
                    .filter(|(t, _)| *t == bare)
                    .collect();
                assert_eq!(canon.len(), 1, "{label} of {kind:?}");
                assert_eq!(canon[0].1, role, "{label} of {kind:?}");
            }
        }
    }

    #[test]
    fn the_template_has_a_label_for_every_column_it_writes() {
        use Header::*;
        for h in [
            Initial, Budget, Executed, Weight, Rate, Score, Level1, Level2, Level3, Target, Actual,
            Reason,
        ] {
            assert!(!written_header(h).is_empty(), "{h:?}");
        }
        assert_eq!(written_header(Header::Operator), "");
        assert_eq!(written_field(Field::Indicators), "绩效指标");
    }

    #[test]
    fn a_kind_is_one_kind_and_no_operator() {
        // `定量指标` read as `定性` (or the reverse) would score a number as a level.
        for q in QUANTITATIVE_KINDS {
            assert!(!QUALITATIVE_KINDS.contains(q), "{q}");
            assert_eq!(kind_as_operator(q), "", "{q}");
        }
        for q in QUALITATIVE_KINDS {
            assert_eq!(kind_as_operator(q), "定性", "{q}");
        }
        assert_eq!(kind_as_operator("≥"), "≥");
        for k in QUANTITATIVE_KINDS.iter().chain(QUALITATIVE_KINDS) {
            assert!(!operator_words().any(|w| k.starts_with(w)), "{k}");
        }
    }

    #[test]
    fn the_cues_of_the_forms_are_those_the_reader_applies() {
        assert_eq!(name_window(), 12);
        assert_eq!(name_labels_first_rows(), ["部门", "主管部门"]);
        assert!(total_in_head() && unlabelled_execution());
        assert_eq!(operator_words().count(), 7);
    }
}
