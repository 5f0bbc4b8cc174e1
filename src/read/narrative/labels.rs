//! The words the figure reader knows, as data: what a label before a figure says the
//! figure is. A new phrasing is a line here (and a test), not code. Labels are matched on
//! the clause's text before the figure, brackets removed, with the fillers of
//! [`FILLERS`] trimmed off its end.

/// Words trimmed off the end of a label (`执行率为` → `执行率`, `得分自评` → `得分`).
pub const FILLERS: &[&str] = &[
    "为", "达到", "达", "是", "了", "约", "共", "：", ":", "自评", " ",
];

/// A label holding one of these is a price per item, never a part of a sum (`每台`).
pub const PRICE_MARKS: &[&str] = &["每"];

/// A label holding one of these states a total (`共计`, `合计`, `总计`).
pub const TOTAL_WORDS: &[&str] = &["共计", "合计", "总计"];

/// A total whose label holds one of these totals what was spent (`预算支出共计`).
pub const SPENT_WORDS: &[&str] = &["执行", "支出"];

/// A total whose label holds one of these totals the budget (`全年预算数合计`).
pub const BUDGET_WORDS: &[&str] = &["预算数"];

/// Label endings of the amount executed.
pub const EXECUTED_ENDS: &[&str] = &[
    "全年执行支出",
    "执行支出",
    "全年执行数",
    "执行数",
    "全年支出",
    "当年支出",
    "实际支出",
    "执行金额",
    // `财政资金总额16.20万元，…拨付使用16.20万元，预算执行率100%` (a school's report).
    "拨付使用",
    // `全年执行64.8万元` (without 数 or 支出).
    "全年执行",
];

/// Label endings of the year's budget.
/// `资金总额` is the tables' own name of the budget row (`年度资金总额`).
pub const BUDGET_ENDS: &[&str] = &["全年预算数", "预算数", "全年预算", "资金总额"];

/// A budget label holding one of these is what was asked for, not what was granted
/// (`申请资金总额350万元`, `申报预算数350万元`, beside `实际下达296.6万元`): no budget.
pub const ASKED_WORDS: &[&str] = &["申请", "申报", "争取"];

/// A label ending in 预算 that holds one of these is the budget after the year's changes,
/// the 全年预算数 (`调整后预算`, `调整预算后项目预算`; the 2023 Sichuan table writes `年初预算 /
/// 调整后预算数`). `年中调整预算36.6万元` is the change itself: no 后, no budget.
pub const ADJUSTED_WORDS: &[&str] = &["调整后", "调整预算后"];

/// Labels holding one of these name a source of funds, a part of a sum.
pub const PART_WORDS: &[&str] = &["当年财政拨款", "上年结转", "结转结余"];

/// A label ending in 资金 names a source of funds when it holds one of these
/// (`其他资金`, `省级直接下达资金`, `党办划转宣传资金`).
pub const PART_FUND_WORDS: &[&str] = &[
    "其他", "省级", "省", "划转", "中央", "市级", "县级", "市县", "自筹", "上级", "社会",
];

/// A part whose label holds one of these is the year's appropriation, which a unit with
/// one source of funds writes as its whole (`当年财政拨款1375.07万元，全年支出…`): a
/// sentence opening with it is not about one source only.
pub const MAIN_SOURCE_WORDS: &[&str] = &["财政拨款"];

/// Words between a list of names and the list of their numbers
/// (`当年财政拨款、上年结转资金分别为1710.18、53.28万元`), longest first.
pub const RESPECTIVELY_WORDS: &[&str] = &["分别为", "分别是", "分别"];

/// Label endings of an execution rate.
/// `资金支付…万元，未支…万元，支付率96.34%` (a county's 乡村振兴 report).
pub const RATE_ENDS: &[&str] = &["执行率", "支付率"];

/// Label endings of the execution score.
pub const EXEC_SCORE_ENDS: &[&str] = &["执行得分", "执行率得分", "执行情况得分"];

/// Label endings that always state the total score.
/// `绩效评分98分，自评为优` (a published project report's conclusion).
pub const TOTAL_SCORE_ENDS: &[&str] = &[
    "综合评分",
    "总得分",
    "总分得分",
    "综合得分",
    "绩效评分",
    // `项目自评总分97分` (the 2023 Sichuan table's 评价结论 asks for it).
    "自评总分",
];

/// Words a category's weight is written with (`分值50分`, `权重20分`, `满分20分`), trimmed
/// off the category's name before them.
pub const WEIGHT_WORDS: &[&str] = &["分值", "权重", "满分", "占"];

/// A weight whose label holds one of these is the whole's (`总分100分`), not a category's.
pub const WHOLE_WORDS: &[&str] = &["总分", "综合", "合计", "总计", "共计"];

/// Words of the categories' names (一级指标): a plain `得分` whose label holds one of these
/// before it (`履职效果得分`) is that category's score, not the total.
pub const CATEGORY_WORDS: &[&str] = &[
    "产出",
    "效益",
    "效果",
    "满意度",
    "部门管理",
    "能力建设",
    "成本",
    "决策",
    "过程",
];

/// Label endings of a score: the total, or a category's when the paragraph names one.
pub const SCORE_ENDS: &[&str] = &["得分"];

/// In a department's section a figure whose label holds one of these is a project's or
/// an item's (`项目支出…`, `委员活动经费预算36.3万元，实际支出35.1万元`), not the
/// department's.
pub const DEPARTMENT_PART_WORDS: &[&str] = &["项目", "经费", "专项"];

/// A figure whose label holds one of these is about a part of the whole (`基本支出执行率`,
/// `其中…`): never compared with a table's figure. A wider area (`全县衔接资金总额…，实际
/// 支出…`) is not the unit's table either, nor the money a piece of work concerned
/// (`完成外包审计项目12个，涉及资金总额3.2亿元`: the money audited, not the budget).
pub const QUALIFIERS: &[&str] = &[
    "基本", "人员", "公用", "其中", "三公", "本级", "全县", "全市", "全省", "全国", "全州", "全区",
    "全旗", "涉及",
];

/// A grade is stated after one of these (`自评结果为“优”`, `自评等级：良`, `绩效评分98分，
/// 自评为优`; not `自评` alone: `在本次自评中，…`).
pub const GRADE_LEADS: &[&str] = &["结果", "等级", "自评为"];

/// The grades as written, longest first.
pub const GRADE_WORDS: &[(&str, crate::model::Grade)] = &[
    ("优秀", crate::model::Grade::Excellent),
    ("良好", crate::model::Grade::Good),
    ("优", crate::model::Grade::Excellent),
    ("良", crate::model::Grade::Good),
    ("中", crate::model::Grade::Fair),
    ("差", crate::model::Grade::Poor),
];

/// Words after a paragraph's numbering that make its lead phrase a category name
/// candidate are cut off here (`预算执行情况` → `预算执行`).
pub const CATEGORY_TRIMS: &[&str] = &["情况"];

/// A paragraph about all the unit's projects (or transfers) together names a count of
/// them: one of these words before a count (`项目6个`, `转移支付3项`, `6个项目`).
pub const GROUP_WORDS: &[(&str, crate::model::TableKind)] = &[
    ("转移支付项目", crate::model::TableKind::Transfer),
    ("转移支付", crate::model::TableKind::Transfer),
    ("项目", crate::model::TableKind::Project),
];

/// Level-1 headings under which every level-2 heading names a project or transfer hold
/// one of these …
pub const TABLE_PART_WORDS: &[&str] = &["项目", "转移支付"];

/// … and none of these (a section on problems or plans lists points, not projects).
pub const NOT_TABLE_PART_WORDS: &[&str] =
    &["问题", "措施", "建议", "原因", "下一步", "公开", "应用"];

/// A heading naming the department as a whole.
pub const DEPARTMENT_WORDS: &[&str] = &["部门整体", "整体支出"];

/// Words of the unit as a whole (`我校…部门预算资金总额`, `学校全年预算数`): in a report whose
/// one project is its whole subject, a paragraph holding one of these and not the project's
/// name is about the unit, not the project.
pub const UNIT_WIDE_WORDS: &[&str] = &[
    "部门",
    "单位",
    "我校",
    "学校",
    "全校",
    "我局",
    "全局",
    "本局",
    "我院",
    "全院",
    "我委",
    "我中心",
];

/// Suffixes a heading may drop from a table's name (`…专项经费` → `…`).
pub const NAME_SUFFIXES: &[&str] = &["专项", "经费", "资金", "项目"];

/// Words that put a figure in another year than the report's (`上年执行率为96.35%`,
/// `2022年力争执行率达到95%`, `计划执行率100%`): such a figure is not this year's, so it is
/// neither compared with the tables nor used in this year's arithmetic.
pub const OTHER_TIME_WORDS: &[&str] = &[
    "上年",
    "上一年",
    "去年",
    "前年",
    "同期",
    "下年",
    "下一年",
    "明年",
    "今后",
];

/// Words of a part of the year (`上半年执行率60%`, `前三季度支出…`): a figure under one is
/// not the year's, so it is treated as a figure of another time.
pub const PERIOD_WORDS: &[&str] = &[
    "上半年",
    "下半年",
    "前三季度",
    "一季度",
    "二季度",
    "三季度",
    "季度末",
];

/// Words of a date a figure stands at (`截至2021年9月底，执行率75.3%`): when the month
/// after one (within [`DEADLINE_REACH`] characters) is not December, the figures stand
/// before the year's end and are treated as of another time.
pub const DEADLINE_WORDS: &[&str] = &["截至", "截止"];

/// How far after a [`DEADLINE_WORDS`] word its month may stand (`截至2021年9月`: 7).
pub const DEADLINE_REACH: usize = 8;

/// Words right before a figure that make it approximate (`全年预算约1776万元`): a rounded
/// figure is no figure to compare, so it is left out.
pub const APPROX_WORDS: &[&str] = &[
    "约", "大约", "约为", "近", "将近", "接近", "逾", "超过", "不足",
];

/// Words of a plan (`计划执行率100%`): they put only a figure of their own clause in
/// another time (`各项指标基本按计划完成，自评综合评分99分` states this year's total), and
/// not after `按` (`按计划`: as planned).
pub const PLAN_WORDS: &[&str] = &["计划", "预计", "力争", "拟"];

/// What follows an [`OTHER_TIME_WORDS`] word when it names a source of this year's funds
/// (`上年结转资金` is money of this year's budget), not another year.
pub const NOT_OTHER_TIME_AFTER: &[&str] = &["结转", "结余", "度结转", "度结余"];

/// Words of a level-2 heading that names a topic, not a project (`（一）项目总体情况`,
/// `（二）项目资金执行情况`): such a heading is never `report-section-unknown`.
pub const TOPIC_WORDS: &[&str] = &["情况", "总体", "整体", "概况", "汇总", "综述"];

/// Words one of which the label of a table's own grade holds (`自评结果为“优”`,
/// `评价等级为良`): `满意度测评结果为“优”` or `验收结果为优` grade something else.
pub const OWN_GRADE_WORDS: &[&str] = &["自评", "评价", "等级", "综合"];

/// Words that make a budget the initial one (`年初预算数1702.66万元`): compared with the
/// table's 年初预算数, not its 全年预算数, and no base of a rate.
pub const INITIAL_WORDS: &[&str] = &["年初"];
