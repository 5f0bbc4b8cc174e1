//! Scoring (复核): recomputes every figure of a table by the policy's rules.
//!
//! [`review`] turns a stated [`Table`] into a [`Review`]: the reviewed execution rate and
//! score, each indicator's reviewed score, the reviewed total and grade. It never reports
//! findings itself; the rules (`crate::rules`) compare the stated table with its review.

pub mod deadline;
pub mod numeral;
pub mod policy;
mod review;
pub mod value;

pub use policy::{Policy, Reverse, Satisfaction, Scheme};
pub use review::{band as band_of, review, round_rate, round_score};

use crate::model::Grade;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// An indicator's comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Op {
    /// `≥`, `不低于`, `以上`, … (also a bare number).
    #[serde(rename = ">=")]
    Ge,
    /// `>`.
    #[serde(rename = ">")]
    Gt,
    /// `≤`, `不超过`, `以内`, ….
    #[serde(rename = "<=")]
    Le,
    /// `<`.
    #[serde(rename = "<")]
    Lt,
    /// `=`, `等于`.
    #[serde(rename = "=")]
    Eq,
    /// A range (`95%-100%`, `≥90%且≤100%`): the target value is its lower end, the
    /// indicator's `target_upper` its upper end; met inside, both ends included.
    #[serde(rename = "between")]
    Between,
}

/// The three qualitative levels (达成 / 部分达成 / 未达成).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// 达成年度指标: 0.8 W ≤ s ≤ W.
    Met,
    /// 部分达成年度指标并具有一定效果: 0.6 W ≤ s < 0.8 W.
    Partial,
    /// 未达成年度指标且效果较差: 0 ≤ s < 0.6 W.
    NotMet,
}

/// How an indicator was scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorKind {
    /// A number target: scored by formula.
    Quantitative,
    /// A phrase target: scored by level band.
    Qualitative,
}

/// The reviewed figures of one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorReview {
    /// Quantitative or qualitative.
    pub kind: IndicatorKind,
    /// The parsed operator (quantitative only).
    pub op: Option<Op>,
    /// The number in the target (A); for a range its lower end.
    pub target_value: Option<Decimal>,
    /// A range's upper end (`op` is [`Op::Between`]); `None` for any other target.
    pub target_upper: Option<Decimal>,
    /// The target's unit after normalising (`%`, `万元`, `家次`).
    pub unit: Option<String>,
    /// The number in the actual (B).
    pub actual_value: Option<Decimal>,
    /// The level named by a qualitative actual.
    pub level: Option<Level>,
    /// Whether the target was met (quantitative), when it could be decided.
    pub met: Option<bool>,
    /// The reviewed score, rounded to 2 dp; `None` when the indicator could not be
    /// re-scored (`target-unparsed`, `unit-mismatch`, placeholder target), in which case the
    /// stated score (capped at the weight, never below 0) counts toward the reviewed total.
    pub score: Option<Decimal>,
    /// The score that counts toward the reviewed total: `score`, else the stated score
    /// capped into [0, W] (0 when there is none).
    pub counted: Decimal,
    /// True for a satisfaction (满意度) indicator.
    pub satisfaction: bool,
    /// True when A > 0, B ≥ ratio × A on a `≥`/`>`/bare target (not `=`, not satisfaction):
    /// `overachievement-unexplained` when no reason is given.
    pub overachieved: bool,
    /// Why the indicator was not re-scored, or was scored with a caveat.
    pub issue: Option<IndicatorIssue>,
}

/// Why an indicator was not re-scored by formula or band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorIssue {
    /// The target is empty or a placeholder (`target-placeholder`).
    TargetPlaceholder,
    /// The target cell is a formula without a cached value (`formula-not-computed`, reported
    /// by the reader).
    TargetUncomputed,
    /// The target has digits but does not parse (`target-unparsed`).
    TargetUnparsed,
    /// Target and actual units differ and do not convert (`unit-mismatch`).
    UnitMismatch {
        /// The target's unit.
        target: String,
        /// The actual's unit.
        actual: String,
    },
    /// A qualitative actual naming none of the three levels (`qualitative-level-unknown`);
    /// the stated score stands, capped at W.
    LevelUnknown,
    /// The actual is empty (the reader reports `field-missing`).
    NoActual,
    /// The 分值 is missing (the reader reports `field-missing`).
    NoWeight,
}

/// The reviewed execution figures (the 年度资金总额 row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionReview {
    /// W_exec: the stated 分值 of the row, else the policy's.
    pub weight: Decimal,
    /// 全年执行数 / 全年预算数, rounded half-up to 4 dp; `None` without a budget.
    pub rate: Option<Decimal>,
    /// min(rate, 1) × W_exec rounded to 2 dp; 0 without a rate.
    pub score: Decimal,
    /// The unrounded rate, for exact comparisons (`exec-rate-low`, `exec-rate-mismatch`).
    pub rate_exact: Option<Decimal>,
}

/// Everything the bureau recomputes for one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The category scheme the table was scored under.
    pub scheme: Scheme,
    /// Execution rate and score.
    pub execution: ExecutionReview,
    /// One entry per indicator, in the order of `Table::indicators`.
    pub indicators: Vec<IndicatorReview>,
    /// reviewed execution score + Σ reviewed indicator scores.
    pub total: Decimal,
    /// The grade of the reviewed total.
    pub grade: Grade,
    /// The stated grade: the 自评等级 cell, else the grade of the stated total (`None` when
    /// there is no stated total either).
    pub grade_stated: Option<Grade>,
}
