//! The declaration forms as data (templates.md §8): the header block's labels, each with
//! what it means and the form it comes from. The indicator block's column headers are the
//! tables' own ([`crate::form::CANONICAL`]: 一级指标, 三级指标, 目标值, 指标值, 分值,
//! 权重, 计量单位, 指标性质), so a new province's spelling goes there or here, never into
//! the reader's branches.

/// What a label of the header block stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeclField {
    /// 项目编码.
    Code,
    /// 项目名称 / 部门（单位）名称.
    Name,
    /// 申请单位 / 实施单位 / 预算单位.
    Unit,
    /// 一级预算单位 / 主管部门.
    Department,
    /// 本年度项目金额 / 年度资金总额.
    Budget,
    /// 项目总金额.
    Total,
    /// 年度目标 / 年度绩效目标.
    Goals,
    /// 长期目标.
    LongGoals,
    /// 测算依据 / 政策依据: free text kept to judge the amounts.
    Basis,
    /// A label whose value is not read (实施期限, 项目类型, 分配方式, …); known so that it
    /// is never taken for a value.
    Other,
}

/// Header labels in [`super::label_key`] form (brackets and their content removed),
/// with the form each spelling comes from.
pub const FIELDS: &[(&str, DeclField, &str)] = &[
    ("项目编码", DeclField::Code, "central"),
    ("项目代码", DeclField::Code, "province"),
    ("项目名称", DeclField::Name, "central"),
    ("部门名称", DeclField::Name, "department"),
    ("单位名称", DeclField::Name, "department"),
    ("部门", DeclField::Name, "department"),
    ("申请单位", DeclField::Unit, "central"),
    ("实施单位", DeclField::Unit, "province"),
    ("预算单位", DeclField::Unit, "province"),
    ("项目单位", DeclField::Unit, "province"),
    ("一级预算单位", DeclField::Department, "central"),
    ("主管部门", DeclField::Department, "province"),
    ("主管部门及代码", DeclField::Department, "province"),
    ("本年度项目金额", DeclField::Budget, "central"),
    ("本年度金额", DeclField::Budget, "province"),
    ("年度资金总额", DeclField::Budget, "province"),
    ("年度预算金额", DeclField::Budget, "province"),
    // The 88号 department form: the 年度主要任务 block's total row, 总额 first.
    ("金额合计", DeclField::Budget, "department 88号"),
    ("项目总金额", DeclField::Total, "central"),
    ("项目总额", DeclField::Total, "province"),
    ("中期资金总额", DeclField::Total, "central 2019"),
    ("年度目标", DeclField::Goals, "central"),
    ("年度绩效目标", DeclField::Goals, "province"),
    ("年度总体目标", DeclField::Goals, "province"),
    ("长期目标", DeclField::LongGoals, "central"),
    ("中期目标", DeclField::LongGoals, "central 2019"),
    ("长期绩效目标", DeclField::LongGoals, "province"),
    ("测算依据", DeclField::Basis, "central"),
    ("政策依据", DeclField::Basis, "central"),
    ("实施期限", DeclField::Other, "central"),
    ("项目类型", DeclField::Other, "central"),
    ("是否新增项目", DeclField::Other, "central"),
    ("分配方式", DeclField::Other, "central"),
    ("财政拨款", DeclField::Other, "province"),
    ("其他资金", DeclField::Other, "province"),
    ("项目属性", DeclField::Other, "province"),
    ("项目周期", DeclField::Other, "central 2019"),
    // Published forms (docs/reader.md, "Published declarations surveyed").
    ("二级项目名称", DeclField::Name, "province budget system"),
    ("一级项目名称", DeclField::Other, "province budget system"),
    ("项目实施单位", DeclField::Unit, "province"),
    ("预算申报数", DeclField::Budget, "province budget system"),
    ("资金总额", DeclField::Budget, "county form"),
    ("年度资金总额及构成", DeclField::Budget, "county form"),
    ("项目资金申请", DeclField::Other, "county form"),
    ("本年度目标", DeclField::Goals, "city form"),
    ("总目标", DeclField::LongGoals, "city form"),
    ("年度履职目标", DeclField::Goals, "department"),
    ("填报人", DeclField::Other, "department"),
];

/// Indicator column headers only declarations write (in [`super::label_key`] form), read
/// before the tables' own spellings: the year's planned level beside last year's actual
/// one (`上年度实际水平` is no target), the 指标内容 of the county forms.
pub const HEADERS: &[(&str, crate::form::Header, &str)] = &[
    ("指标内容", crate::form::Header::Level3, "county form"),
    ("本年度计划水平", crate::form::Header::Target, "city form"),
    ("当年预期实现值", crate::form::Header::Target, "city form"),
    (
        "指标目标值",
        crate::form::Header::Target,
        "province budget system",
    ),
];

/// A 指标方向 column's words for the operator (the 2023+ province systems): 正向 means
/// more is better, the target a floor (≥); 反向 less is better, a ceiling (≤).
pub const DIRECTIONS: &[(&str, &str)] = &[
    ("正向", "≥"),
    ("正向指标", "≥"),
    ("反向", "≤"),
    ("反向指标", "≤"),
];

/// A row whose first text contains one of these is the caption of a long-term indicator
/// block (长期绩效指标): the year's table answers the annual block that follows it.
pub const LONG_TERM_CAPTIONS: &[&str] = &["长期绩效指标", "中期绩效指标", "总目标绩效指标"];

/// The words a declaration's title ends with (before an optional year in brackets).
pub const TITLES: &[&str] = &["绩效目标申报表", "绩效目标表"];

/// Texts of a 三级指标 (or a 目标值) that mark a placeholder row of the form, not an
/// indicator.
pub const NOT_APPLICABLE: &[&str] = &["不适用", "无", "/", "-", "—", "——", "*"];

/// A row starting with one of these ends the indicator block (the form's footnote).
pub const FOOTNOTES: &[&str] = &["备注", "说明", "填表说明", "注:"];

/// Words of a 三级指标 that names a rate or a share: its target is a percent. A number
/// stored as a number (a cell formatted as %, `0.95` shown `95%`) with no unit is read as
/// the percent it shows.
pub const RATE_WORDS: &[&str] = &["率", "比例", "占比", "比重", "满意度"];

/// Words of a 三级指标 that names a score: like a rate, it needs no unit of measure.
pub const SCORE_WORDS: &[&str] = &["得分", "分数", "指数"];
