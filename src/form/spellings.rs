//! Every form the reader knows, one constant each: its spellings of every block (column
//! headers, field labels, fund rows, in [`crate::form::labels::key`] form) and its
//! structural cues; then the title qualifiers and the other forms that are not tables
//! (templates.md §7).
//!
//! A new province's form is one more constant here and in [`FORMS`] (and a fixture), not new
//! branches in the reader.

use super::{Cues, Field, Form, FormSpec, Header};
use crate::model::{FundRole, TableKind};

/// The Ministry of Finance 2020 form (财预〔2020〕10号, templates.md §1–§3): the spellings the
/// template writes, and the structural cues every form shares.
pub const CANONICAL: FormSpec = FormSpec {
    form: Form::Canonical,
    headers: &[
        ("年初预算数", Header::Initial),
        ("全年预算数", Header::Budget),
        ("全年执行数", Header::Executed),
        ("分值", Header::Weight),
        ("执行率", Header::Rate),
        ("得分", Header::Score),
        ("一级指标", Header::Level1),
        ("二级指标", Header::Level2),
        ("三级指标", Header::Level3),
        ("年度指标值", Header::Target),
        ("实际完成值", Header::Actual),
        ("偏差原因分析及改进措施", Header::Reason),
    ],
    fields: &[
        ("项目名称", Field::ProjectName),
        ("部门(单位)名称", Field::DeptName),
        ("转移支付(项目)名称", Field::TransferName),
        ("主管部门", Field::Department),
        ("上级主管部门", Field::Department),
        ("实施单位", Field::Unit),
        ("资金使用单位", Field::Unit),
        ("年度总体目标", Field::Goals),
        ("预期目标", Field::GoalTarget),
        ("实际完成情况", Field::GoalOutcome),
        ("绩效指标", Field::Indicators),
        ("总分", Field::Total),
        ("自评等级", Field::Grade),
        ("自评结论", Field::Grade),
    ],
    fund_rows: &[
        ("年度资金总额", FundRole::Total),
        ("当年财政拨款", FundRole::Appropriation),
        ("财政拨款", FundRole::Appropriation),
        ("上年结转资金", FundRole::Carryover),
        ("其他资金", FundRole::Other),
        ("中央补助", FundRole::Central),
        ("省级资金", FundRole::Provincial),
        ("市县资金", FundRole::Local),
        ("基本支出", FundRole::Basic),
        ("项目支出", FundRole::Project),
    ],
    cues: Cues {
        name_window: Some(12),
        name_labels_first_rows: &[],
        operator_words: &[
            "不低于",
            "不少于",
            "不高于",
            "不超过",
            "大于",
            "小于",
            "等于",
        ],
        ..Cues::NONE
    },
};

/// The variants every bureau sees (templates.md §5).
pub const VARIANTS: FormSpec = FormSpec {
    form: Form::Variant,
    headers: &[
        ("年初预算金额", Header::Initial),
        ("年初预算资金", Header::Initial),
        ("调整后预算数", Header::Budget),
        ("全年预算", Header::Budget),
        ("调整后预算", Header::Budget),
        ("预算数", Header::Budget),
        ("执行数", Header::Executed),
        ("全年执行", Header::Executed),
        ("实际执行数", Header::Executed),
        ("全年实际执行数", Header::Executed),
        ("权重", Header::Weight),
        ("权重分值", Header::Weight),
        ("分值(权重)", Header::Weight),
        ("指标分值", Header::Weight),
        ("全年执行率", Header::Rate),
        ("自评得分", Header::Score),
        ("评分", Header::Score),
        ("指标值", Header::Target),
        ("年度目标值", Header::Target),
        ("目标值", Header::Target),
        ("预期指标值", Header::Target),
        ("指标名称", Header::Level3),
        ("三级指标名称", Header::Level3),
        ("绩效指标值", Header::Target),
        ("预期目标值", Header::Target),
        // templates.md §8 writes the declaration's column `目标值 (指标值)`: both names in
        // one header, either way round.
        ("目标值(指标值)", Header::Target),
        ("指标值(目标值)", Header::Target),
        ("完成值", Header::Actual),
        ("实际值", Header::Actual),
        ("全年完成值", Header::Actual),
        ("未完成原因分析", Header::Reason),
        ("偏差原因及改进措施", Header::Reason),
        ("偏差原因分析", Header::Reason),
        ("未完成原因分析及改进措施", Header::Reason),
        ("偏差原因", Header::Reason),
        ("评分标准", Header::Method),
        ("计算符号", Header::Operator),
        ("指标方向", Header::Operator),
        ("计量单位", Header::Unit),
        ("单位", Header::Unit),
    ],
    fields: &[
        ("部门名称", Field::DeptName),
        ("单位名称", Field::DeptName),
        ("部门(单位)", Field::DeptName),
        ("预算单位名称", Field::DeptName),
        ("转移支付项目名称", Field::TransferName),
        ("转移支付名称", Field::TransferName),
        ("总体目标", Field::Goals),
        ("年度目标", Field::Goals),
        ("目标完成情况", Field::GoalOutcome),
        ("总得分", Field::Total),
        ("总计", Field::Total),
        ("评价等级", Field::Grade),
        ("绩效等级", Field::Grade),
        ("项目编码", Field::ProjectCode),
        ("项目代码", Field::ProjectCode),
    ],
    fund_rows: &[
        ("资金总额", FundRole::Total),
        ("年度资金合计", FundRole::Total),
        ("合计", FundRole::Total),
        ("本年财政拨款", FundRole::Appropriation),
        ("本年一般公共预算拨款", FundRole::Appropriation),
        ("一般公共预算拨款", FundRole::Appropriation),
        ("当年一般公共预算拨款", FundRole::Appropriation),
        ("财政拨款资金", FundRole::Appropriation),
        ("结转资金", FundRole::Carryover),
        ("上年结转", FundRole::Carryover),
        ("上年结转结余资金", FundRole::Carryover),
        ("结转结余资金", FundRole::Carryover),
        ("其他", FundRole::Other),
        ("中央补助资金", FundRole::Central),
        ("中央资金", FundRole::Central),
        ("中央财政资金", FundRole::Central),
        ("省级补助", FundRole::Provincial),
        ("省级财政资金", FundRole::Provincial),
        ("省级补助资金", FundRole::Provincial),
        ("市县配套资金", FundRole::Local),
        ("市县级资金", FundRole::Local),
        ("市级资金", FundRole::Local),
        ("县级资金", FundRole::Local),
    ],
    cues: Cues::NONE,
};

/// The central project-library export (templates.md §6).
pub const CENTRAL_EXPORT: FormSpec = FormSpec {
    form: Form::CentralExport,
    headers: &[],
    fields: &[("主管部门及代码", Field::Department)],
    fund_rows: &[],
    cues: Cues::NONE,
};

/// The Sichuan form (templates.md §6).
pub const SICHUAN: FormSpec = FormSpec {
    form: Form::Sichuan,
    headers: &[
        ("年初预算", Header::Initial),
        ("预算执行数", Header::Executed),
        ("预算执行率", Header::Rate),
        ("原因", Header::ExecReason),
        ("指标性质", Header::Operator),
        ("度量单位", Header::Unit),
    ],
    fields: &[
        ("项目年度目标", Field::GoalTarget),
        ("年度目标完成情况", Field::GoalOutcome),
        ("合计", Field::Total),
    ],
    fund_rows: &[
        ("总额", FundRole::Total),
        ("财政资金", FundRole::Appropriation),
        ("财政专户管理资金", FundRole::Other),
        ("单位资金", FundRole::Other),
    ],
    cues: Cues::NONE,
};

/// The Beijing (海淀) form (templates.md §6).
pub const BEIJING: FormSpec = FormSpec {
    form: Form::Beijing,
    headers: &[
        ("全年实际值", Header::Actual),
        ("得分计算方法", Header::Method),
    ],
    fields: &[],
    fund_rows: &[],
    cues: Cues::NONE,
};

/// Other fund-source rows seen in the field (templates.md §6).
pub const FIELD: FormSpec = FormSpec {
    form: Form::Field,
    headers: &[],
    fields: &[],
    fund_rows: &[
        ("自筹资金", FundRole::Other),
        ("社会投入资金", FundRole::Other),
        ("银行贷款", FundRole::Other),
    ],
    cues: Cues::NONE,
};

/// Anhui's form (issue 31): a department table's name row labelled only `部门`.
pub const ANHUI: FormSpec = FormSpec {
    form: Form::Anhui,
    headers: &[],
    fields: &[],
    fund_rows: &[],
    cues: Cues {
        name_labels_first_rows: &["部门"],
        ..Cues::NONE
    },
};

/// The Ministry of Finance's form for transfers to local governments
/// (中央对地方转移支付区域绩效自评表): the supervising department is split into the central
/// one (the transfer's 上级主管部门) and the local one, and the local share is one row. Either
/// department label is the table's 主管部门 (the first, 中央, where both are written); the
/// unit is 资金使用单位, else the 地方主管部门 ([`LOCAL_DEPARTMENT`]).
///
/// As provinces and counties publish it (docs/reader.md, "Published transfer tables
/// surveyed"): the indicator block `指标值 | 全年实际完成值 | 未完成原因和改进措施` with no
/// 分值 and no 得分, and the local share as `地方财政资金`.
pub const REGIONAL_TRANSFER: FormSpec = FormSpec {
    form: Form::RegionalTransfer,
    headers: &[
        ("全年实际完成值", Header::Actual),
        ("未完成原因和改进措施", Header::Reason),
    ],
    fields: &[
        ("中央主管部门", Field::Department),
        ("地方主管部门", Field::Department),
        // The goals block `总体目标完成情况 | 总体目标 | 全年实际完成情况`.
        ("总体目标完成情况", Field::Goals),
        ("全年实际完成情况", Field::GoalOutcome),
    ],
    fund_rows: &[
        ("地方资金", FundRole::Local),
        ("地方财政资金", FundRole::Local),
    ],
    cues: Cues::NONE,
};

/// The regional transfer form's labels of the local department (key form): where a transfer
/// table names no 资金使用单位, the department so labelled is its unit — the local one that
/// receives and answers for the money, never the ministry named as 中央主管部门.
pub const LOCAL_DEPARTMENT: &[&str] = &["地方主管部门"];

/// What tables units published write (docs/reader.md, "Published tables surveyed"):
/// Ningxia's `调整预算数(A)` and `参考分值`, Hubei's `年初目标值（A）`,
/// `偏差大或目标未完成原因分析` and `年度财政资金总额`, Yunnan's `其他需要说明事项` row.
pub const PUBLISHED: FormSpec = FormSpec {
    form: Form::Published,
    headers: &[
        ("调整预算数", Header::Budget),
        ("参考分值", Header::Weight),
        ("年初目标值", Header::Target),
        ("偏差大或目标未完成原因分析", Header::Reason),
        // Department tables (docs/reader.md, "Published department tables surveyed").
        ("绩效目标值", Header::Target),
        ("指标解释", Header::Method),
        // Transfer tables (docs/reader.md, "Published transfer tables surveyed"): a
        // banner's `年度目标指标值`, Sichuan counties' reason column.
        ("年度目标指标值", Header::Target),
        ("未完成原因及拟采取的改进措施", Header::Reason),
    ],
    fields: &[
        ("其他需要说明事项", Field::Notes),
        ("其他需要说明的事项", Field::Notes),
        // Hunan's county form for special transfers (专项资金绩效目标自评表): the fund's
        // name and the county's supervising department.
        ("专项资金名称", Field::TransferName),
        ("县级主管部门", Field::Department),
        // Their goals headers, and Sichuan counties' (`年初设定目标` |
        // `年度总体目标完成情况综述`).
        ("年初设定目标", Field::GoalTarget),
        ("年度总体目标完成情况综述", Field::GoalOutcome),
    ],
    fund_rows: &[
        ("年度财政资金总额", FundRole::Total),
        // The appropriation written as its two budgets, each on its own row.
        ("政府性基金预算拨款", FundRole::Appropriation),
        ("政府性基金拨款", FundRole::Appropriation),
        // The 决算's names of the sources: its 收入 for 资金, the unit's own income
        // (事业收入, 经营收入) being money other than the appropriation, as 单位资金 is.
        ("财政拨款收入", FundRole::Appropriation),
        ("上年结转结余", FundRole::Carryover),
        ("事业收入", FundRole::Other),
        ("经营收入", FundRole::Other),
        ("其他收入", FundRole::Other),
        // Transfer tables: one row per level of government under the central money (a
        // banner's 自治区 / 盟市 / 旗县), and Hunan's one row for all money from above.
        ("自治区财政资金", FundRole::Provincial),
        ("盟市财政资金", FundRole::Local),
        ("旗县财政资金", FundRole::Local),
        ("中央、省、市补助", FundRole::Central),
    ],
    cues: Cues::NONE,
};

/// Chongqing's department form (部门整体绩效自评表, docs/reader.md "Chongqing's and Fujian's
/// forms"): the execution row `年初预算数 | 全年（调整）预算数 | 全年执行数 | 执行率（%） |
/// 执行率权重 | 执行率得分（分）`, the goals `当年绩效目标 | 年初绩效目标 | 全年（调整）绩效目标 |
/// 全年目标实际完成情况`, one indicator per row `指标名称 | 计量单位 | 指标性质 | 年初指标值 |
/// 调整指标值 | 全年完成值 | 得分系数（%） | 指标权重（分） | 指标得分（分） | 是否核心指标` (no
/// 一级 / 二级), and the stated total `自评总分（分）` in the head, beside the department
/// written under `主管部门`. `得分系数` is the unit's own share of the weight it scored: read as
/// free text, the review scores from target and actual.
pub const CHONGQING: FormSpec = FormSpec {
    form: Form::Chongqing,
    headers: &[
        ("全年(调整)预算数", Header::Budget),
        ("执行率权重", Header::Weight),
        ("执行率得分", Header::Score),
        ("年初指标值", Header::Target),
        ("调整指标值", Header::AdjustedTarget),
        ("得分系数", Header::Method),
        ("指标权重", Header::Weight),
        ("指标得分", Header::Score),
    ],
    fields: &[
        ("当年绩效目标", Field::Goals),
        ("年初绩效目标", Field::GoalTarget),
        ("全年(调整)绩效目标", Field::GoalAdjusted),
        ("全年目标实际完成情况", Field::GoalOutcome),
        ("自评总分", Field::Total),
    ],
    fund_rows: &[],
    cues: Cues {
        name_labels_first_rows: &["主管部门"],
        total_in_head: true,
        unlabelled_execution: true,
        ..Cues::NONE
    },
};

/// Fujian's (宁德) department form: the fund block `资金结构（万元）` with the columns
/// `年初部门预算安排金额① | 历年结余结转② | 年中调整金额③ | 小计④=①+②+③ | 年度拨付金额⑤ |
/// 支出实现率(%)⑥=⑤/④ | 本年度结余金额⑦=④-⑤ | 资金结余率(%)⑧=⑦/④` (the circled numbers and
/// their formulas are no part of a header) and the rows `财政资金小计` (its levels
/// `①中央及省级财政资金`, `②市级财政资金`, `③县（市、区）财政资金` under it, [`FUND_PARTS`]),
/// `其他资金小计`, `合计` last. §2's amounts are 年初 (年初部门预算安排金额), 全年预算数
/// (小计: 年初 + 结转 + 调整) and 全年执行数 (年度拨付金额); the balance columns are
/// derived and not read.
pub const FUJIAN: FormSpec = FormSpec {
    form: Form::Fujian,
    headers: &[
        ("年初部门预算安排金额", Header::Initial),
        ("小计", Header::Budget),
        ("年度拨付金额", Header::Executed),
        ("支出实现率", Header::Rate),
    ],
    fields: &[
        ("年度总体目标完成情况", Field::Goals),
        ("目标实际完成情况", Field::GoalOutcome),
    ],
    fund_rows: &[
        ("财政资金小计", FundRole::Appropriation),
        ("其他资金小计", FundRole::Other),
    ],
    cues: Cues::NONE,
};

/// Hubei's project form (湖北, 2020–2022; docs/reader.md "Provinces surveyed (provprobe)"):
/// `项目实施单位` for 实施单位, the title `…项目自评表` (no 绩效), the execution block
/// `预算执行情况（万元）（20分）` over one row `年度财政资金总额` (its spellings in
/// [`PUBLISHED`] since fieldprobe), the goal on one row `年度绩效目标`; no weight column
/// for the indicators; the reasons and the measures in rows of their own under the
/// indicators (`偏差大或目标未完成原因分析 | 无`, `改进措施及结果应用方案 | 无`), notes no
/// indicator (the first is the reason column's header in [`PUBLISHED`], and a row so
/// labelled under the indicators is passed over as a note is: `read::extract::indicators`).
pub const HUBEI: FormSpec = FormSpec {
    form: Form::Hubei,
    headers: &[],
    fields: &[
        ("项目实施单位", Field::Unit),
        ("改进措施及结果应用方案", Field::Notes),
    ],
    fund_rows: &[],
    cues: Cues::NONE,
};

/// Ningxia's project form (银川市本级, 2021; docs/reader.md "Provinces surveyed
/// (provprobe)"): the unit's stated total in the head (`自评得分 | 98 | 财政审核评分 | `), no
/// 总分 row; `调整预算数(A)`, `参考分值`, `年初设定目标` are [`PUBLISHED`]'s since fieldprobe.
pub const NINGXIA: FormSpec = FormSpec {
    form: Form::Ningxia,
    headers: &[],
    fields: &[],
    fund_rows: &[],
    cues: Cues {
        head_total_labels: &["自评得分"],
        ..Cues::NONE
    },
};

/// Rows some department tables write under a row breaking it down: under `基本支出`
/// (`其中：人员经费`, `公用经费`, as the 决算 does), under Fujian's `财政资金小计` (the levels of
/// government its money came from). They are part of a row already counted, in no split of
/// templates.md §2: passed over as a caption is, never `fund-row-unknown`.
pub const FUND_PARTS: &[&str] = &[
    "人员经费",
    "公用经费",
    "日常公用经费",
    "中央及省级财政资金",
    "市级财政资金",
    "县(市、区)财政资金",
];

/// What a `指标性质` column may say instead of an operator (Chongqing's form): the indicator's
/// kind. A quantitative kind is no operator (the target's number stands alone: `≥`,
/// scoring.md); a qualitative one is `定性`.
pub const QUANTITATIVE_KINDS: &[&str] = &["定量指标", "定量"];
/// See [`QUANTITATIVE_KINDS`].
pub const QUALITATIVE_KINDS: &[&str] = &["定性指标", "定性"];

/// Indicator values (docs/scoring.md, "Indicator values from the field"): the words with
/// which a target asks for nothing to happen (`无重大安全事故`, `零事故`, `杜绝…`) and those with
/// which an actual says nothing happened (`无`, `未发生`). Against such a target the actual
/// `无` is an answer (none), not a missing value.
pub const NONE_TARGET_WORDS: &[&str] = &["无", "零", "杜绝", "不发生", "未发生"];
/// See [`NONE_TARGET_WORDS`].
pub const NONE_ACTUAL_WORDS: &[&str] = &["无", "零", "未发生", "没有发生", "无发生", "未出现"];

/// How an indicator row that breaks the row above down starts its name (`其中桃树种植面积`
/// under `★补助各类瓜果蔬菜种植面积`, 安徽 萧县 2023): with no 分值 and no 得分 of its own it
/// is part of that row, no indicator.
pub const BREAKDOWN_PREFIXES: &[&str] = &["其中"];

/// Ranges (docs/scoring.md, "Ranges and compound targets (rangeprobe)"): words around a range
/// that say no more than "between" (`介于90%与100%之间`, `控制在90%-100%之间`).
pub const RANGE_PREFIXES: &[&str] = &["介于", "控制在", "保持在", "在"];
/// See [`RANGE_PREFIXES`].
pub const RANGE_SUFFIXES: &[&str] = &["之间", "区间内", "范围内"];
/// What joins the two ends of a range (`95%-100%`, `90%～100%`, `3至5个`, `3到5次`).
pub const RANGE_DASHES: &[&str] = &["-", "~", "～", "—", "–", "－", "至", "到"];
/// What joins the two ends only inside `…之间` (`介于90%与100%之间`): elsewhere `与` lists two
/// figures.
pub const RANGE_ANDS: &[&str] = &["与", "和"];
/// What may stand between two bounds written with their operators (`≥90%且≤100%`,
/// `≥90%，≤100%`); nothing at all is allowed too (`不低于90%不高于100%`).
pub const BOUND_JOINERS: &[&str] = &["并且", "且", "，", ",", "、", "；", ";"];

/// Units written in more than one way, each with the spelling it stands for: the two sides
/// of an indicator compare after this (`500㎡` against `≥500平方米`).
pub const UNIT_SPELLINGS: &[(&str, &str)] = &[
    ("百分比", "%"),
    ("百分率", "%"),
    ("％", "%"),
    ("㎡", "平方米"),
    ("m²", "平方米"),
    ("m2", "平方米"),
    ("平米", "平方米"),
    ("km", "公里"),
    ("千米", "公里"),
    ("m", "米"),
];

/// Measure words a number written in Chinese numerals may carry (`三次`, `两个`, `一万人`):
/// a numeral before any other word is no quantity (`一般`, `十分满意`, `一次性`). Months
/// and years are not among them (`十二月` is a date).
pub const NUMERAL_MEASURES: &[&str] = &[
    "次",
    "个",
    "人",
    "人次",
    "家",
    "户",
    "场",
    "项",
    "份",
    "本",
    "所",
    "台",
    "套",
    "辆",
    "名",
    "期",
    "批",
    "篇",
    "条",
    "件",
    "座",
    "处",
    "亩",
    "天",
    "周",
    "个月",
    "小时",
    "公里",
    "米",
    "平方米",
    "万元",
    "元",
    "吨",
    "株",
    "只",
    "头",
    "起",
    "例",
    "种",
    "组",
    "类",
    "棵",
    "间",
    "支",
    "部",
    "册",
    "张",
    "块",
    "趟",
    "轮",
    "班",
    "个工作日",
    "工作日",
    "所学校",
];

/// 一级 labels departments write for a category of scoring.md under another name, each
/// with the name it stands for (compared as `score::policy::category_key` compares):
/// `履职效能` is the management scheme's 履职效果; `服务对象满意度` (the management scheme's
/// own name) and `满意度指标` are one satisfaction category in either scheme.
pub const CATEGORY_SPELLINGS: &[(&str, &str)] =
    &[("履职效能", "履职效果"), ("服务对象满意度", "满意度")];

/// Words a title may carry before the table's name: a level or a budget word
/// (`部门预算项目支出绩效自评表`, `市级项目支出绩效自评表`). `附件N：` and a year are
/// accepted as well (see [`super::labels::title_of_key`]).
pub const TITLE_QUALIFIERS: &[&str] = &[
    "部门预算",
    "部门(单位)",
    "部门",
    "单位",
    "本级",
    "中央",
    "中央对地方",
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

/// Spellings of the three titles besides [`TableKind::title`], seen in the field: the
/// department title without its qualifier (`部门（单位）整体支出绩效自评表`,
/// `单位整体支出绩效自评表` are a qualifier and this), the transfer title naming a project
/// or a region (`中央对地方转移支付区域绩效自评表`).
pub const TITLE_SPELLINGS: &[(&str, TableKind)] = &[
    ("整体支出绩效自评表", TableKind::Department),
    // Chongqing's department form: 部门整体绩效自评表, no 支出.
    ("整体绩效自评表", TableKind::Department),
    ("转移支付项目绩效自评表", TableKind::Transfer),
    ("转移支付区域绩效自评表", TableKind::Transfer),
];

/// Words that mark an approved adjustment of a declaration (templates.md §8) where units
/// write them into the form's title: before the form's last word
/// (`绩效目标调整申报表`, `绩效目标调整表`) or in brackets after it (`…申报表（调整后）`). The
/// title is still the form's; the declaration is an adjustment.
pub const TITLE_ADJUSTMENT: &[&str] = &["调整后", "调整"];

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
    // The names as the forms title themselves, with 表 (`2021年度项目支出计划表`).
    (
        "项目基本信息表",
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
    ("支出计划表", "支出计划表", "a spending plan (支出计划)"),
    ("支出明细", "支出明细表", "a spending breakdown (支出明细)"),
    (
        "支出明细表",
        "支出明细表",
        "a spending breakdown (支出明细)",
    ),
    ("评审报告", "评审报告", "a review report (评审报告)"),
    ("审核意见报告", "审核意见", "a review opinion (审核意见)"),
    ("审核意见表", "审核意见", "a review opinion (审核意见)"),
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
    for (t, h, f) in super::headers() {
        s.push_str(&format!("| column | `{t}` | {h:?} | {} |\n", f.name()));
    }
    for (t, x, f) in super::fields() {
        s.push_str(&format!("| field | `{t}` | {x:?} | {} |\n", f.name()));
    }
    for (t, r, f) in super::fund_rows() {
        s.push_str(&format!("| fund row | `{t}` | {r:?} | {} |\n", f.name()));
    }
    cue_spellings(&mut s);
    for t in FUND_PARTS {
        s.push_str(&format!(
            "| fund row, part of a row counted (passed over) | `{t}` | — | published tables (reader.md) |\n"
        ));
    }
    for t in QUANTITATIVE_KINDS {
        s.push_str(&format!(
            "| 指标性质, a kind | `{t}` | no operator (≥) | Chongqing (reader.md) |\n"
        ));
    }
    for t in QUALITATIVE_KINDS {
        s.push_str(&format!(
            "| 指标性质, a kind | `{t}` | 定性 | Chongqing (reader.md) |\n"
        ));
    }
    for (t, c) in CATEGORY_SPELLINGS {
        s.push_str(&format!(
            "| 一级 category | `{t}` | {c} | published tables (reader.md) |\n"
        ));
    }
    value_spellings(&mut s);
    for (t, kind) in TITLE_SPELLINGS {
        s.push_str(&format!("| title | `{t}` | {kind:?} | titles (§4, §6) |\n"));
    }
    for q in TITLE_QUALIFIERS {
        s.push_str(&format!(
            "| title qualifier | `{q}` | — | titles with a qualifier (§6) |\n"
        ));
    }
    for (t, zh, _) in OTHER_FORMS {
        s.push_str(&format!("| not a table | `{t}` | {zh} | §7 |\n"));
    }
    for w in TITLE_ADJUSTMENT {
        s.push_str(&format!(
            "| adjustment in a title | `{w}` | 调整 | `…绩效目标{w}申报表`, `…申报表（{w}）` (§8) |\n"
        ));
    }
    s
}

/// The rows of [`markdown`] for the labels a form's cues look for in one place only.
fn cue_spellings(s: &mut String) {
    for spec in super::FORMS {
        let f = spec.form.name();
        for t in spec.cues.name_labels_first_rows {
            s.push_str(&format!(
                "| department name, first rows | `{t}` | DeptName | {f} |\n"
            ));
        }
        for t in spec.cues.head_total_labels {
            s.push_str(&format!(
                "| stated total, head only (above the indicators) | `{t}` | Total | {f} |\n"
            ));
        }
    }
}

/// The rows of [`markdown`] for the spellings of indicator values.
fn value_spellings(s: &mut String) {
    for p in BREAKDOWN_PREFIXES {
        s.push_str(&format!(
            "| indicator row breaking the one above down, no 分值 / 得分 (passed over) | `{p}…` | — | published tables (scoring.md) |\n"
        ));
    }
    for (t, u) in UNIT_SPELLINGS {
        s.push_str(&format!(
            "| unit of an indicator value | `{t}` | {u} | published tables (scoring.md) |\n"
        ));
    }
    for w in NONE_TARGET_WORDS {
        s.push_str(&format!(
            "| target asking for none | `{w}` | none | published tables (scoring.md) |\n"
        ));
    }
    for w in NONE_ACTUAL_WORDS {
        s.push_str(&format!(
            "| actual saying none | `{w}` | 0 | published tables (scoring.md) |\n"
        ));
    }
    s.push_str(&format!(
        "| measure after a Chinese numeral | {} | quantity | published tables (scoring.md) |\n",
        backticked(NUMERAL_MEASURES)
    ));
}

/// Words as the docs table writes a list of them: each in backticks, separated by spaces.
fn backticked(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(" ")
}
