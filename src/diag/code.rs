//! The catalogue of finding codes: every code, its severity, its stage and its meaning,
//! defined once. Which check produces each code is named in `crate::rules::catalog`;
//! `docs/rules.md` is generated from both (`selfeval rules --markdown`) and a test keeps the
//! two equal.

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The table cannot be accepted as submitted.
    Error,
    /// Needs a reviewer's eye.
    Warning,
    /// Bookkeeping.
    Info,
}

impl Severity {
    /// The machine name (`error`, `warning`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The Chinese name (错误, 警告, 提示).
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// Where in the pipeline a rule is checked (`crate::rules::producer` names the check).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// While a file is opened or walked (`crate::read`, the folder walker).
    File,
    /// While a table's cells are read (`crate::read`).
    Read,
    /// On one table after reading (`crate::rules::table`).
    Table,
    /// Across the tables of a folder run (`crate::rules::cross`).
    Cross,
    /// On a narrative report against itself and its unit's tables (`crate::rules::report`).
    Report,
    /// In a workspace, against what it knows beyond the files (`crate::campaign`: the roster).
    Campaign,
    /// On an approved declaration alone (`crate::rules::approved::declaration`).
    Declaration,
    /// A table against its approved declaration (`crate::rules::approved`).
    Approved,
}

impl Stage {
    /// The machine name (`file`, `read`, `table`, `cross`, `report`).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::File => "file",
            Stage::Read => "read",
            Stage::Table => "table",
            Stage::Cross => "cross",
            Stage::Report => "report",
            Stage::Campaign => "campaign",
            Stage::Declaration => "declaration",
            Stage::Approved => "approved",
        }
    }
}

/// One rule of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The enum value.
    pub code: Code,
    /// The stable code (`fund-sum-mismatch`).
    pub id: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// Where it is checked.
    pub stage: Stage,
    /// What it means, in Chinese.
    pub zh: &'static str,
    /// What it means, in English.
    pub en: &'static str,
    /// What the unit should do about it, in Chinese (怎么改, one sentence).
    pub fix_zh: &'static str,
    /// What the unit should do about it, in English.
    pub fix_en: &'static str,
}

impl Rule {
    /// The short name in a language (the meaning, used as the 问题 column).
    pub fn name(&self, lang: crate::diag::Lang) -> &'static str {
        match lang {
            crate::diag::Lang::Zh => self.zh,
            crate::diag::Lang::En => self.en,
        }
    }

    /// What to do, in a language.
    pub fn fix(&self, lang: crate::diag::Lang) -> &'static str {
        match lang {
            crate::diag::Lang::Zh => self.fix_zh,
            crate::diag::Lang::En => self.fix_en,
        }
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

macro_rules! rules {
    ($( $variant:ident = $id:literal, $sev:ident, $stage:ident, $zh:literal, $en:literal,
        $fix_zh:literal, $fix_en:literal; )*) => {
        /// A finding code. The string form ([`Code::as_str`]) is the stable contract.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( #[doc = $en] $variant, )* }

        /// Every rule, in the order of `rules.md`.
        pub static RULES: &[Rule] = &[
            $( Rule {
                code: Code::$variant, id: $id, severity: Severity::$sev, stage: Stage::$stage,
                zh: $zh, en: $en, fix_zh: $fix_zh, fix_en: $fix_en,
            }, )*
        ];

        impl Code {
            /// The stable code string.
            ///
            /// ```
            /// use selfeval::Code;
            /// assert_eq!(Code::FundSumMismatch.as_str(), "fund-sum-mismatch");
            /// ```
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $id, )* }
            }

            /// Looks a code up by its string.
            pub fn parse(s: &str) -> Option<Code> {
                match s { $( $id => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

rules! {
    FileUnreadable = "file-unreadable", Error, File, "文件无法读取（不是电子表格、已损坏、被截断或超出大小限制）", "not a spreadsheet, corrupt, truncated, or too large to be a self-evaluation workbook",
        "请重新导出或另存为 .xlsx 文件后重新报送。", "Export or save the workbook again as .xlsx and send it again.";
    FileEncrypted = "file-encrypted", Error, File, "工作簿设有密码保护", "password-protected workbook",
        "请取消工作簿密码后重新报送。", "Remove the workbook password and send it again.";
    FileNoTable = "file-no-table", Error, File, "可以读取，但没有任何工作表包含绩效自评表", "readable, but no self-evaluation table in any sheet",
        "请使用统一的绩效自评表格式填报后重新报送。", "Fill in the standard self-evaluation form and send it again.";
    FileSkipped = "file-skipped", Info, File, "文件夹中的 Excel 锁定文件、隐藏文件或非电子表格文件，已跳过", "in a folder: Excel lock file, hidden file or non-spreadsheet file, passed over",
        "无需处理；如为自评材料，请以 .xlsx 文件报送。", "Nothing to do; if it is a self-evaluation, send it as .xlsx.";
    FileDuplicate = "file-duplicate", Warning, Cross, "与另一输入文件内容完全相同", "byte-identical to another input",
        "同一文件报送了两次，只计一次，无需处理。", "The same file was sent twice; it counts once, nothing to do.";
    FieldMissing = "field-missing", Error, Read, "必填单元格为空", "a required cell is empty",
        "请在该单元格填写所缺内容。", "Fill in the missing value in this cell.";
    FieldNotNumber = "field-not-number", Error, Read, "应为数字的单元格填写了非数字文本", "a cell that must hold a number holds text that is not one",
        "请将该单元格改为数字（不带单位或说明文字）。", "Enter a plain number in this cell (no unit or text).";
    FormulaNotComputed = "formula-not-computed", Warning, Read, "公式单元格没有计算结果", "a formula cell has no cached value",
        "请在 Excel 中重新计算并保存（或将公式改为数值）后重新报送。", "Recalculate and save the workbook in Excel (or replace the formula by its value).";
    TargetPlaceholder = "target-placeholder", Error, Table, "年度指标值为空或为占位符", "年度指标值 is empty or a placeholder",
        "请填写具体的年度指标值。", "Enter the actual annual target.";
    TargetUnparsed = "target-unparsed", Warning, Table, "年度指标值无法识别，该指标未复核计分", "年度指标值 could not be understood; the indicator is not re-scored",
        "请将年度指标值写成“≥95%”“≤10天”等可计算的形式。", "Write the target in a computable form such as ≥95% or ≤10天.";
    UnitMismatch = "unit-mismatch", Warning, Table, "指标值与实际完成值的计量单位不一致且无法换算，未复核计分", "target and actual units differ and do not convert; not re-scored",
        "请使年度指标值与实际完成值使用同一计量单位。", "Use the same unit for the target and the actual value.";
    CategoryUnknown = "category-unknown", Warning, Table, "一级指标名称不属于评分方案", "an 一级指标 label that the policy's scheme does not know",
        "请按评分方案选择正确的一级指标名称。", "Choose a 一级指标 name from the scoring scheme.";
    CategoryMissing = "category-missing", Warning, Table, "评分方案中的某一一级指标没有任何指标", "a category of the scheme has no indicator",
        "请补充该一级指标下的绩效指标，或说明未设置的原因。", "Add indicators under this category, or explain why there are none.";
    YearMismatch = "year-mismatch", Warning, Cross, "表格年度与指定年度或本次其他表格不一致", "the table's year differs from the year asked for or from the other tables of the run",
        "请核对并改正表中的年度。", "Check and correct the year of the table.";
    TableBlank = "table-blank", Error, Read, "表格未填写（没有资金数、实际完成值和得分）", "an unfilled table: no fund amount, no indicator actual and no score",
        "请填写完整的自评表后重新报送。", "Fill in the table completely and send it again.";
    FundSumMismatch = "fund-sum-mismatch", Error, Table, "年度资金总额不等于各来源分项之和", "年度资金总额 is not the sum of its source rows",
        "请核对各资金来源金额，使年度资金总额等于各分项之和。", "Correct the amounts so that 年度资金总额 equals the sum of its sources.";
    FundSplitMismatch = "fund-split-mismatch", Error, Table, "基本支出与项目支出之和不等于年度资金总额", "基本支出 + 项目支出 is not 年度资金总额",
        "请核对基本支出和项目支出，使两者之和等于年度资金总额。", "Correct 基本支出 and 项目支出 so that they add up to 年度资金总额.";
    FundBudgetMissing = "fund-budget-missing", Error, Table, "年度资金总额的全年预算数为零，无法计算执行率", "全年预算数 of 年度资金总额 is zero: execution cannot be scored",
        "请填写年度资金总额的全年预算数。", "Enter the 全年预算数 of 年度资金总额.";
    FundOverBudget = "fund-over-budget", Warning, Table, "全年执行数超过全年预算数", "全年执行数 exceeds 全年预算数",
        "请核实全年执行数；如确属超预算执行，请说明原因。", "Check 全年执行数; if it really exceeds the budget, explain why.";
    FundRowUnknown = "fund-row-unknown", Warning, Read, "资金块中填有数字的行名称无法识别，未计入合计", "a fund-block row holds figures but its label is none of the known rows; left out of the sums",
        "请将该行资金归入标准的资金来源行。", "Move the amount into one of the standard fund rows.";
    ExecRateMismatch = "exec-rate-mismatch", Error, Table, "填报的执行率与全年执行数/全年预算数不符", "stated 执行率 is not 全年执行数 / 全年预算数",
        "请将执行率改为全年执行数除以全年预算数。", "Set 执行率 to 全年执行数 / 全年预算数.";
    ExecScoreInflated = "exec-score-inflated", Error, Table, "预算执行率得分高于复核得分", "stated execution 得分 is above the reviewed one",
        "请按复核后的执行率重新计算预算执行率得分。", "Recompute the execution score from the reviewed rate.";
    ExecScoreUnderstated = "exec-score-understated", Warning, Table, "预算执行率得分低于复核得分", "stated execution 得分 is below the reviewed one",
        "请按复核后的执行率重新计算预算执行率得分。", "Recompute the execution score from the reviewed rate.";
    ExecRateLow = "exec-rate-low", Warning, Table, "预算执行率低于政策阈值", "execution rate below the policy threshold",
        "请在偏差原因中说明预算执行率偏低的原因及改进措施。", "Explain the low execution rate and the planned remedy.";
    ScoreOverWeight = "score-over-weight", Error, Table, "得分高于分值", "得分 exceeds 分值",
        "请将得分改为不超过分值。", "Lower the score to at most the weight.";
    ScoreNegative = "score-negative", Error, Table, "得分为负数", "得分 is negative",
        "请将得分改为不小于零的数。", "Enter a score that is not negative.";
    ScoreInflated = "score-inflated", Error, Table, "指标得分高于复核得分", "stated 得分 is above the reviewed one",
        "请按实际完成值与指标值重新评分，或补充评分依据。", "Re-score the indicator from its target and actual, or give the grounds.";
    ScoreUnderstated = "score-understated", Warning, Table, "指标得分低于复核得分", "stated 得分 is below the reviewed one",
        "请核实评分；如无扣分理由，可按复核得分填报。", "Check the score; without a reason for the deduction, use the reviewed score.";
    ReasonMissing = "reason-missing", Error, Table, "扣分或未完成指标但未填写偏差原因分析及改进措施", "得分 < 分值 or the target was not met, and no reason is given",
        "请填写偏差原因分析及改进措施。", "Give the reason for the shortfall and the remedy.";
    OverachievementUnexplained = "overachievement-unexplained", Warning, Table, "实际完成值远超年度指标值且未说明原因", "actual ≥ 1.3 × target on a ≥ indicator and no reason given",
        "请说明大幅超额完成的原因，或核实年度指标值是否偏低。", "Explain the large overachievement, or check whether the target was set too low.";
    QualitativeLevelUnknown = "qualitative-level-unknown", Warning, Table, "定性指标的完成情况未写明达成等级", "a qualitative outcome that names none of the three levels",
        "请在完成情况中写明“达成年度指标”等三个等级之一。", "State one of the three levels, e.g. 达成年度指标, in the outcome.";
    WeightTotalMismatch = "weight-total-mismatch", Error, Table, "执行率分值与各指标分值之和不等于总分分值或不等于100", "execution 分值 + Σ indicator 分值 is not the 总分 分值, or not 100",
        "请调整各项分值，使其合计为100分。", "Adjust the weights so that they add up to 100.";
    WeightCategoryMismatch = "weight-category-mismatch", Warning, Table, "一级指标分值合计与政策权重或标签中的分值不符", "a category's Σ 分值 differs from the policy weight or from its label",
        "请按评分方案调整该一级指标下各指标的分值。", "Adjust the weights under this category to the scheme.";
    TotalMismatch = "total-mismatch", Error, Table, "填报的总分不等于执行率得分与各指标得分之和", "stated 总分 得分 is not the sum of the stated scores",
        "请将总分改为执行率得分与各指标得分之和。", "Set 总分 to the execution score plus the indicator scores.";
    GradeMismatch = "grade-mismatch", Error, Table, "填报的自评等级与填报总分不符", "a stated 自评等级 that does not match the stated total",
        "请按总分对应的等级填写自评等级。", "Enter the grade that matches the total.";
    GradeChanged = "grade-changed", Warning, Table, "复核等级与自评等级不同", "the reviewed grade differs from the stated grade",
        "请按复核得分核实自评等级。", "Check the grade against the reviewed total.";
    TableDuplicate = "table-duplicate", Warning, Cross, "同一单位、类型和名称的表格另有较新的一份，本表已被替代", "an older copy of a table (same unit, kind and name) that a newer one replaces",
        "无需单位处理：本表为旧副本，以较晚报送的一份为准（如需以本份为准，可在工作区中指定）。", "Nothing for the unit to do: this is an older copy and the copy received later counts (the officer can pin another copy in a workspace).";
    UnitNameVariant = "unit-name-variant", Warning, Cross, "表中单位名称与本单位部门整体表不一致", "a table names its unit differently from the unit's department table",
        "请统一各表中的单位名称。", "Use the same unit name in every table.";
    DeptProjectsExceed = "dept-projects-exceed", Warning, Cross, "各项目表全年执行数合计超过部门整体表的项目支出", "the unit's project tables' 全年执行数 add up to more than the department's 项目支出",
        "请核对部门整体表的项目支出与各项目表的执行数。", "Check 项目支出 of the department table against the project tables.";
    UnitNotInRoster = "unit-not-in-roster", Warning, Campaign, "表格的单位不在工作区的单位名单中", "a workspace has a roster and the table's unit matches no roster name or alias",
        "请核对单位名称；如名单遗漏了该单位或其别名，请在单位名单中补充。", "Check the unit's name; add the unit or its alias to the roster if it is missing.";
    TablePossibleDuplicate = "table-possible-duplicate", Warning, Cross, "同一单位同类表格中另有名称相近的一张，可能是同一张表改名后重复报送", "another table of the unit and kind, in another file, has a close name: possibly one table renamed between copies",
        "请核实两张表是否为同一项目；如是，请只保留一份（工作区中可指定以哪一份为准）。", "Check whether the two tables are one project; if so, keep one (a workspace can pin the copy that counts).";
    ReportSumMismatch = "report-sum-mismatch", Error, Report, "自评报告中各分项金额之和与所写合计（共计、合计、总计）不符", "in the report, the parts of a paragraph and their stated total (共计, 合计, 总计) differ",
        "请核对报告中该段的各项金额与合计，使合计等于各分项之和。", "Correct the amounts of this paragraph so that the total is the sum of its parts.";
    ReportRateMismatch = "report-rate-mismatch", Error, Report, "自评报告中的执行率与该段所写执行数/预算数不符", "a 执行率 in the report differs from the paragraph's own 执行数 / 预算数",
        "请按执行数除以预算数改正报告中的执行率。", "Set the rate in the report to 执行数 / 预算数.";
    ReportScoreMismatch = "report-score-mismatch", Error, Report, "自评报告中的总分与该部分所写各项得分之和不符", "a total score in the report differs from the scores the same section states",
        "请核对报告中各一级指标得分和预算执行得分，使总分等于其合计。", "Correct the category and execution scores of the section so that they add up to the total.";
    ReportTableMismatch = "report-table-mismatch", Error, Report, "自评报告中的数字与报送的自评表不一致", "a figure the report gives for a table differs from that table as submitted",
        "请以自评表为准改正报告中的数字（或改正自评表），使两者一致。", "Make the report and the table agree (correct whichever is wrong).";
    ReportFigureUnclear = "report-figure-unclear", Warning, Report, "自评报告中的数字与其名称不符（如执行率未写%且数值不可能是执行率）", "a figure in the report cannot be what its label says (e.g. 执行率9)",
        "请写明该数字的单位并核对数值（执行率写成百分数，保留两位小数）。", "Write the figure with its unit and check it (a rate as a percent with two decimals).";
    ReportTableMissing = "report-table-missing", Warning, Report, "自评报告没有分析本单位的某张自评表", "a table of the unit that no section of its report discusses",
        "请在自评报告中补充该项目（或转移支付、部门整体支出）的自评情况分析。", "Add a section on this table to the report.";
    ReportSectionUnknown = "report-section-unknown", Warning, Report, "自评报告中某部分标题所写的项目在本单位的自评表中找不到", "a section heading names a project or transfer that no table of the unit holds",
        "请核对该部分的项目名称是否与自评表一致，或补报该项目的自评表。", "Check the section's name against the tables, or send the missing table.";
    ReportUnitUnknown = "report-unit-unknown", Warning, Report, "无法确定自评报告属于本次哪个单位", "the report cannot be matched to a unit of the run",
        "请在报告标题或落款写明单位全称，或用单位名称命名文件。", "Name the unit in the report's title or signature, or in the file name.";
    DeclarationCodeLost = "declaration-code-lost", Warning, Declaration, "申报表的项目编码以数字保存，已丢失位数（如 4.403062313915e+20）", "the declaration's 项目编码 is stored as a number that has lost digits (4.403062313915e+20)",
        "请财政部门从系统重新导出申报表，项目编码应为文本。", "Export the declaration again with the 项目编码 as text.";
    DeclarationTargetUnmeasurable = "declaration-target-unmeasurable", Warning, Declaration, "申报表的指标值既不是数值（含符号）也不是标准的定性等级或时间", "an indicator's target is neither a number (with op) nor a standard qualitative band nor a time form",
        "请在申报时将指标值写成可衡量的形式（如“≥95%”“12月底前”“优”）。", "Write the target in a measurable form (≥95%, 12月底前, 优) when declaring.";
    DeclarationUnitMissing = "declaration-unit-missing", Warning, Declaration, "申报表的数值型指标值没有计量单位（比率类指标除外）", "a numeric target without a unit of measure where the indicator is not a rate",
        "请为该指标值补充计量单位。", "Add the unit of measure to the target.";
    DeclarationCategoryMissing = "declaration-category-missing", Warning, Declaration, "申报表缺少产出、效益或满意度指标，或产出指标下没有成本指标", "no 产出, 效益 or 满意度 indicator; or no 成本 indicator under 产出",
        "请按要求补充该类绩效指标。", "Add indicators of the missing category.";
    DeclarationAmountImplausible = "declaration-amount-implausible", Warning, Declaration, "申报表中标为万元的金额显然是以元填写的（按原值保留，未换算）", "an amount labelled 万元 that is evidently in 元 (kept as written, not converted)",
        "请核对申报金额的单位（万元）。", "Check the unit (万元) of the declared amount.";
    ApprovedIndicatorDropped = "approved-indicator-dropped", Error, Approved, "批复的绩效指标在自评表中没有对应指标", "an approved indicator has no indicator in the self-evaluation table",
        "请按批复的绩效目标补充该指标并据实自评。", "Add the approved indicator to the table and evaluate it.";
    ApprovedTargetLowered = "approved-target-lowered", Error, Approved, "自评表采用的指标值低于批复的目标（降低了标准）", "the table scores an easier target than the approved one",
        "请按批复的指标值自评；目标确需调整的，应按预算调整程序报批。", "Score against the approved target; a change needs an approved adjustment.";
    ApprovedTargetChanged = "approved-target-changed", Warning, Approved, "自评表的指标值与批复目标不同，且无法判断高低", "the table's target differs from the approved one and cannot be compared",
        "请核对指标值是否与批复的绩效目标一致。", "Check the target against the approved one.";
    ApprovedIndicatorAdded = "approved-indicator-added", Warning, Approved, "自评表中有批复的绩效目标中没有的指标", "an indicator in the table that the approved declaration does not have",
        "请说明新增指标的依据，或删除未经批复的指标。", "Explain the added indicator, or remove it.";
    ApprovedBudgetDiffers = "approved-budget-differs", Warning, Approved, "自评表的年初预算数与批复的本年度金额不一致", "the table's 年初预算数 differs from the approved 本年度金额",
        "请核对年初预算数是否与批复金额一致。", "Check 年初预算数 against the approved amount.";
    ApprovedMissing = "approved-missing", Info, Approved, "本次读入了申报表，但没有与此表对应的申报表", "the run holds declarations but none matches this table",
        "无需处理；如有批复的申报表，请一并提供。", "Nothing to do; provide the approved declaration if there is one.";
    ReportFormatUnsupported = "report-format-unsupported", Warning, File, "单位的自评报告为 .doc、.wps 或 .pdf 格式，无法读取核对", "a .doc, .wps or .pdf beside a unit's tables that looks like its 自评报告 (by name): not read",
        "请将自评报告另存为 .docx 格式后重新报送。", "Save the report as .docx and send it again.";
    FileClipped = "file-clipped", Warning, File, "文件超出读取上限，部分内容（如第256张以后的工作表、超长段落）未读取、未检查", "part of the file is over a reading bound (sheets past the 256th, an over-long paragraph) and was not read or checked",
        "请删除多余的工作表或内容，或拆分为多个文件后重新报送。", "Remove the extra sheets or text, or split the file, and send it again.";
}

impl Code {
    /// The catalogue entry of this code.
    pub fn rule(self) -> &'static Rule {
        // RULES lists every variant exactly once (tested).
        RULES
            .iter()
            .find(|r| r.code == self)
            .expect("every code is in RULES")
    }

    /// The severity of this code.
    pub fn severity(self) -> Severity {
        self.rule().severity
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Code::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown finding code {s}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_and_round_trips() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate {}", r.id);
            assert_eq!(Code::parse(r.id), Some(r.code));
            assert_eq!(r.code.as_str(), r.id);
        }
        assert_eq!(RULES.len(), 62);
    }
}
