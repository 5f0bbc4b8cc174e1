//! The forms the reader knows, as data: every label, alias and column role of every block,
//! with the form each spelling comes from (templates.md §1–§6), and the titles of the other
//! forms that are not tables (§7).
//!
//! A new province's form is a change here (and a fixture), not new branches in the reader:
//! [`super::labels`] builds its lookups from these tables, and `docs/reader.md` lists them
//! ([`markdown`]; a test keeps the page in step).

use super::labels::{Field, Header};
use crate::model::FundRole;

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
        }
    }
}

use Form::{Beijing, Canonical, CentralExport, Field as FieldForm, Sichuan, Variant};

/// Column headers of the fund and indicator blocks, in [`super::labels::key`] form with
/// any unit in brackets removed.
pub const HEADERS: &[(&str, Header, Form)] = &[
    ("年初预算数", Header::Initial, Canonical),
    ("年初预算", Header::Initial, Sichuan),
    ("年初预算金额", Header::Initial, Variant),
    ("年初预算资金", Header::Initial, Variant),
    ("全年预算数", Header::Budget, Canonical),
    ("调整后预算数", Header::Budget, Variant),
    ("全年预算", Header::Budget, Variant),
    ("调整后预算", Header::Budget, Variant),
    ("预算数", Header::Budget, Variant),
    ("全年执行数", Header::Executed, Canonical),
    ("执行数", Header::Executed, Variant),
    ("全年执行", Header::Executed, Variant),
    ("实际执行数", Header::Executed, Variant),
    ("全年实际执行数", Header::Executed, Variant),
    ("预算执行数", Header::Executed, Sichuan),
    ("分值", Header::Weight, Canonical),
    ("权重", Header::Weight, Variant),
    ("权重分值", Header::Weight, Variant),
    ("分值(权重)", Header::Weight, Variant),
    ("指标分值", Header::Weight, Variant),
    ("执行率", Header::Rate, Canonical),
    ("预算执行率", Header::Rate, Sichuan),
    ("全年执行率", Header::Rate, Variant),
    ("得分", Header::Score, Canonical),
    ("自评得分", Header::Score, Variant),
    ("评分", Header::Score, Variant),
    ("一级指标", Header::Level1, Canonical),
    ("二级指标", Header::Level2, Canonical),
    ("三级指标", Header::Level3, Canonical),
    ("年度指标值", Header::Target, Canonical),
    ("指标值", Header::Target, Variant),
    ("年度目标值", Header::Target, Variant),
    ("目标值", Header::Target, Variant),
    ("预期指标值", Header::Target, Variant),
    ("实际完成值", Header::Actual, Canonical),
    ("完成值", Header::Actual, Variant),
    ("全年实际值", Header::Actual, Beijing),
    ("实际值", Header::Actual, Variant),
    ("全年完成值", Header::Actual, Variant),
    ("偏差原因分析及改进措施", Header::Reason, Canonical),
    ("未完成原因分析", Header::Reason, Variant),
    ("偏差原因及改进措施", Header::Reason, Variant),
    ("偏差原因分析", Header::Reason, Variant),
    ("未完成原因分析及改进措施", Header::Reason, Variant),
    ("偏差原因", Header::Reason, Variant),
    ("原因", Header::ExecReason, Sichuan),
    ("得分计算方法", Header::Method, Beijing),
    ("评分标准", Header::Method, Variant),
    ("指标性质", Header::Operator, Sichuan),
    ("计算符号", Header::Operator, Variant),
    ("指标方向", Header::Operator, Variant),
    ("度量单位", Header::Unit, Sichuan),
    ("计量单位", Header::Unit, Variant),
    ("单位", Header::Unit, Variant),
];

/// Field labels of the header, goals and total blocks, in key form (a weight such as
/// `(90分)` and a `(盖章)` removed).
pub const FIELDS: &[(&str, Field, Form)] = &[
    ("项目名称", Field::ProjectName, Canonical),
    ("部门(单位)名称", Field::DeptName, Canonical),
    ("部门名称", Field::DeptName, Variant),
    ("单位名称", Field::DeptName, Variant),
    ("部门(单位)", Field::DeptName, Variant),
    ("预算单位名称", Field::DeptName, Variant),
    ("转移支付(项目)名称", Field::TransferName, Canonical),
    ("转移支付项目名称", Field::TransferName, Variant),
    ("转移支付名称", Field::TransferName, Variant),
    ("主管部门", Field::Department, Canonical),
    ("上级主管部门", Field::Department, Canonical),
    ("主管部门及代码", Field::Department, CentralExport),
    ("实施单位", Field::Unit, Canonical),
    ("资金使用单位", Field::Unit, Canonical),
    ("年度总体目标", Field::Goals, Canonical),
    ("总体目标", Field::Goals, Variant),
    ("年度目标", Field::Goals, Variant),
    ("预期目标", Field::GoalTarget, Canonical),
    ("项目年度目标", Field::GoalTarget, Sichuan),
    ("实际完成情况", Field::GoalOutcome, Canonical),
    ("目标完成情况", Field::GoalOutcome, Variant),
    ("年度目标完成情况", Field::GoalOutcome, Sichuan),
    ("绩效指标", Field::Indicators, Canonical),
    ("总分", Field::Total, Canonical),
    ("合计", Field::Total, Sichuan),
    ("总得分", Field::Total, Variant),
    ("总计", Field::Total, Variant),
    ("自评等级", Field::Grade, Canonical),
    ("自评结论", Field::Grade, Canonical),
    ("评价等级", Field::Grade, Variant),
    ("绩效等级", Field::Grade, Variant),
    ("项目编码", Field::ProjectCode, Variant),
    ("项目代码", Field::ProjectCode, Variant),
];

/// Fund rows by their label (key form, `其中:` and a unit in brackets removed).
pub const FUND_ROWS: &[(&str, FundRole, Form)] = &[
    ("年度资金总额", FundRole::Total, Canonical),
    ("资金总额", FundRole::Total, Variant),
    ("年度资金合计", FundRole::Total, Variant),
    ("合计", FundRole::Total, Variant),
    ("总额", FundRole::Total, Sichuan),
    ("当年财政拨款", FundRole::Appropriation, Canonical),
    ("财政拨款", FundRole::Appropriation, Canonical),
    ("本年财政拨款", FundRole::Appropriation, Variant),
    ("本年一般公共预算拨款", FundRole::Appropriation, Variant),
    ("一般公共预算拨款", FundRole::Appropriation, Variant),
    ("当年一般公共预算拨款", FundRole::Appropriation, Variant),
    ("财政拨款资金", FundRole::Appropriation, Variant),
    ("财政资金", FundRole::Appropriation, Sichuan),
    ("上年结转资金", FundRole::Carryover, Canonical),
    ("结转资金", FundRole::Carryover, Variant),
    ("上年结转", FundRole::Carryover, Variant),
    ("上年结转结余资金", FundRole::Carryover, Variant),
    ("结转结余资金", FundRole::Carryover, Variant),
    ("其他资金", FundRole::Other, Canonical),
    ("其他", FundRole::Other, Variant),
    ("财政专户管理资金", FundRole::Other, Sichuan),
    ("单位资金", FundRole::Other, Sichuan),
    ("自筹资金", FundRole::Other, FieldForm),
    ("社会投入资金", FundRole::Other, FieldForm),
    ("银行贷款", FundRole::Other, FieldForm),
    ("中央补助", FundRole::Central, Canonical),
    ("中央补助资金", FundRole::Central, Variant),
    ("中央资金", FundRole::Central, Variant),
    ("中央财政资金", FundRole::Central, Variant),
    ("省级资金", FundRole::Provincial, Canonical),
    ("省级补助", FundRole::Provincial, Variant),
    ("省级财政资金", FundRole::Provincial, Variant),
    ("省级补助资金", FundRole::Provincial, Variant),
    ("市县资金", FundRole::Local, Canonical),
    ("市县配套资金", FundRole::Local, Variant),
    ("市县级资金", FundRole::Local, Variant),
    ("市级资金", FundRole::Local, Variant),
    ("县级资金", FundRole::Local, Variant),
    ("基本支出", FundRole::Basic, Canonical),
    ("项目支出", FundRole::Project, Canonical),
];

/// Words a title may carry before the table's name: a level or a budget word
/// (`部门预算项目支出绩效自评表`, `市级项目支出绩效自评表`). `附件N：` and a year are
/// accepted as well (see [`super::labels::title_of_key`]).
pub const TITLE_QUALIFIERS: &[&str] = &[
    "部门预算",
    "部门",
    "单位",
    "本级",
    "中央",
    "中央财政",
    "省级",
    "省",
    "市级",
    "市",
    "州级",
    "县级",
    "县",
    "区级",
    "区",
    "县区",
    "市县",
    "乡镇",
    "街道",
    "财政",
    "一级",
    "二级",
    "专项",
];

/// The other forms kept in the same workbooks (templates.md §7): a sheet or a block titled
/// with one of these is never a table. Each with the sentence that says what it is.
pub const OTHER_FORMS: &[(&str, &str, &str)] = &[
    (
        "绩效目标申报表",
        "绩效目标申报表",
        "a performance-goal declaration (绩效目标申报表)",
    ),
    (
        "绩效目标表",
        "绩效目标表",
        "a performance-goal form (绩效目标表)",
    ),
    (
        "绩效目标执行监控表",
        "绩效目标执行监控表",
        "a goal-monitoring form (绩效目标执行监控表)",
    ),
    (
        "执行监控表",
        "绩效目标执行监控表",
        "a goal-monitoring form (绩效目标执行监控表)",
    ),
    (
        "执行监控",
        "绩效目标执行监控表",
        "a goal-monitoring form (绩效目标执行监控表)",
    ),
    (
        "项目基本信息",
        "项目基本信息表",
        "a project information sheet (项目基本信息)",
    ),
    ("立项依据", "项目立项依据", "a project rationale (立项依据)"),
    (
        "实施方案",
        "项目实施方案",
        "an implementation plan (实施方案)",
    ),
    ("支出计划", "支出计划表", "a spending plan (支出计划)"),
    ("支出明细", "支出明细表", "a spending breakdown (支出明细)"),
    ("评审报告", "评审报告", "a review report (评审报告)"),
    ("审核意见报告", "审核意见", "a review opinion (审核意见)"),
    ("审核意见", "审核意见", "a review opinion (审核意见)"),
    ("填表说明", "填表说明", "filling-in instructions (填表说明)"),
];

/// The category selfeval writes into the document properties of its outputs (summary,
/// findings, unit workbooks; not the blank template it gives units to fill in), so that an
/// output dropped back into an inbox is recognised and never read as a unit's table (§7).
pub const OUTPUT_CATEGORY: &str = "selfeval 审核结果";

/// The alias tables as the Markdown docs/reader.md carries (between its two markers).
pub fn markdown() -> String {
    let mut s =
        String::from("| block | spelling (key form) | meaning | form |\n|---|---|---|---|\n");
    for (t, h, f) in HEADERS {
        s.push_str(&format!("| column | `{t}` | {h:?} | {} |\n", f.name()));
    }
    for (t, x, f) in FIELDS {
        s.push_str(&format!("| field | `{t}` | {x:?} | {} |\n", f.name()));
    }
    for (t, r, f) in FUND_ROWS {
        s.push_str(&format!("| fund row | `{t}` | {r:?} | {} |\n", f.name()));
    }
    for q in TITLE_QUALIFIERS {
        s.push_str(&format!(
            "| title qualifier | `{q}` | — | titles with a qualifier (§6) |\n"
        ));
    }
    for (t, zh, _) in OTHER_FORMS {
        s.push_str(&format!("| not a table | `{t}` | {zh} | §7 |\n"));
    }
    s
}
