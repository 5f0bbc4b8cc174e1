//! The scoring policy: every parameter of scoring.md, with the built-in `mof-2020` default.
//!
//! A policy file is TOML. Every key is optional and overrides the built-in default; unknown
//! keys are refused with an error naming them. Decimals are written as strings (`"0.005"`)
//! so nothing is lost to binary floating point; plain TOML numbers are accepted too.
//! A category table (`[categories.project]`) replaces the default table of that scheme as a
//! whole, so a province can drop or rename a category.
//!
//! ```
//! use selfeval::score::Policy;
//! let p = Policy::from_toml_str("satisfaction = \"rate\"\n[tolerance]\nscore = 0.2").unwrap();
//! assert_eq!(p.tolerance.score.to_string(), "0.2");
//! assert_eq!(p.tolerance.money.to_string(), "0.01"); // untouched default
//! assert_eq!(Policy::from_toml_str(&p.to_toml_string()).unwrap(), p);
//! ```

mod text;

pub use text::PolicyError;

use crate::diag::Lang;
use crate::model::{Grade, Table, TableKind};
use rust_decimal::Decimal;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::path::Path;

/// A scoring policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// The policy's name (`mof-2020`).
    pub name: String,
    /// The formula for a missed `≤`/`<` target.
    pub reverse: Reverse,
    /// How satisfaction (满意度) indicators are scored.
    pub satisfaction: Satisfaction,
    /// Over-achievement needing a reason: actual ≥ this × target (1.3).
    #[serde(with = "dec")]
    pub overachievement_ratio: Decimal,
    /// The execution (预算执行率) score.
    pub execution: ExecutionPolicy,
    /// Grade thresholds.
    pub grades: Grades,
    /// Tolerances for comparing stated figures with computed ones.
    pub tolerance: Tolerance,
    /// Category (一级指标) weights per scheme.
    pub categories: Categories,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            name: "mof-2020".into(),
            reverse: Reverse::Ratio,
            satisfaction: Satisfaction::Proportional,
            overachievement_ratio: Decimal::new(13, 1),
            execution: ExecutionPolicy::default(),
            grades: Grades::default(),
            tolerance: Tolerance::default(),
            categories: Categories::default(),
        }
    }
}

/// The formula for a `≤`/`<` target that was not met (B > A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reverse {
    /// W × A / B.
    Ratio,
    /// W × max(0, 1 − (B − A) / A).
    Linear,
}

/// The satisfaction convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Satisfaction {
    /// W × B / A, full marks when B ≥ A (the national rule).
    Proportional,
    /// W × B / 100 (the 2021 report's practice).
    Rate,
}

/// The execution (预算执行率) parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExecutionPolicy {
    /// W_exec when the table states none (10).
    #[serde(with = "dec")]
    pub weight: Decimal,
    /// Cap the rate at 100% for scoring (true).
    pub cap: bool,
    /// `exec-rate-low` below this rate, as a fraction (0.9).
    #[serde(with = "dec")]
    pub low_threshold: Decimal,
}

impl Default for ExecutionPolicy {
    fn default() -> Self {
        ExecutionPolicy {
            weight: Decimal::TEN,
            cap: true,
            low_threshold: Decimal::new(9, 1),
        }
    }
}

/// Grade thresholds: a total at or above a bound earns the grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Grades {
    /// 优 from (90).
    #[serde(with = "dec")]
    pub excellent: Decimal,
    /// 良 from (80).
    #[serde(with = "dec")]
    pub good: Decimal,
    /// 中 from (60); below is 差.
    #[serde(with = "dec")]
    pub fair: Decimal,
}

impl Default for Grades {
    fn default() -> Self {
        Grades {
            excellent: Decimal::from(90),
            good: Decimal::from(80),
            fair: Decimal::from(60),
        }
    }
}

impl Grades {
    /// The grade of a total; the bounds are exact (no tolerance).
    ///
    /// ```
    /// use selfeval::score::policy::Grades;
    /// use selfeval::model::Grade;
    /// let g = Grades::default();
    /// assert_eq!(g.grade(rust_decimal::Decimal::new(8999, 2)), Grade::Good);
    /// ```
    pub fn grade(&self, total: Decimal) -> Grade {
        if total >= self.excellent {
            Grade::Excellent
        } else if total >= self.good {
            Grade::Good
        } else if total >= self.fair {
            Grade::Fair
        } else {
            Grade::Poor
        }
    }
}

/// Tolerances: |stated − computed| ≤ tolerance is no finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Tolerance {
    /// Scores, in points (0.1).
    #[serde(with = "dec")]
    pub score: Decimal,
    /// Money, in 万元 (0.01).
    #[serde(with = "dec")]
    pub money: Decimal,
    /// Rates, as a fraction (0.005 = 0.5 percentage points).
    #[serde(with = "dec")]
    pub rate: Decimal,
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance {
            score: Decimal::new(1, 1),
            money: Decimal::new(1, 2),
            rate: Decimal::new(5, 3),
        }
    }
}

/// Which category scheme a table is scored under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// Project tables: 产出/效益/满意度.
    Project,
    /// Transfer tables: as project.
    Transfer,
    /// Department tables using 部门管理/履职效果/能力建设/服务对象满意度.
    DepartmentManagement,
    /// Department tables using the project categories.
    DepartmentProject,
}

/// Category weights per scheme, in the order they are listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Categories {
    /// Project tables.
    pub project: Weights,
    /// Transfer tables.
    pub transfer: Weights,
    /// Department tables, management scheme.
    pub department_management: Weights,
    /// Department tables, project scheme.
    pub department_project: Weights,
}

impl Categories {
    /// Each scheme by its key in the policy file.
    pub fn schemes(&self) -> [(&'static str, &Weights); 4] {
        [
            ("project", &self.project),
            ("transfer", &self.transfer),
            ("department_management", &self.department_management),
            ("department_project", &self.department_project),
        ]
    }
}

impl Default for Categories {
    fn default() -> Self {
        let project =
            Weights::from_pairs(&[("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)]);
        Categories {
            transfer: project.clone(),
            department_project: project.clone(),
            project,
            department_management: Weights::from_pairs(&[
                ("部门管理", 20),
                ("履职效果", 50),
                ("能力建设", 10),
                ("服务对象满意度", 10),
            ]),
        }
    }
}

/// Category → weight pairs; a TOML table in the file. The order is the display order
/// (the built-in one, or the order the TOML reader gives); two tables with the same pairs
/// in another order are equal.
#[derive(Debug, Clone, Default)]
pub struct Weights(pub Vec<(String, Decimal)>);

impl PartialEq for Weights {
    fn eq(&self, other: &Self) -> bool {
        let mut a = self.0.clone();
        let mut b = other.0.clone();
        a.sort();
        b.sort();
        a == b
    }
}

impl Weights {
    fn from_pairs(pairs: &[(&str, i64)]) -> Self {
        Weights(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), Decimal::from(*v)))
                .collect(),
        )
    }

    /// The scheme's category a 一级 label stands for, with its weight. Labels compare with
    /// spaces removed, and with or without a trailing `指标` (`产出` = `产出指标`).
    ///
    /// ```
    /// use selfeval::score::Policy;
    /// let p = Policy::default();
    /// let (name, w) = p.categories.project.find("产 出").unwrap();
    /// assert_eq!((name, w.to_string().as_str()), ("产出指标", "50"));
    /// // Departments' names for a category (`form::CATEGORY_SPELLINGS`).
    /// let m = &p.categories.department_management;
    /// assert_eq!(m.find("履职效能（50分）".split('（').next().unwrap()).unwrap().0, "履职效果");
    /// assert_eq!(p.categories.project.find("服务对象满意度").unwrap().0, "满意度指标");
    /// ```
    pub fn find(&self, label: &str) -> Option<(&str, Decimal)> {
        let l = category_key(label);
        if l.is_empty() {
            return None;
        }
        self.0
            .iter()
            .find(|(k, _)| category_key(k) == l)
            .map(|(k, v)| (k.as_str(), *v))
    }
}

/// A label reduced for comparing categories: spaces and a trailing `指标` removed, and a
/// name departments write for a category replaced by the category's
/// (`crate::form::CATEGORY_SPELLINGS`: `履职效能` is 履职效果).
pub fn category_key(label: &str) -> String {
    let t = crate::model::text::squash(label);
    let t = t.strip_suffix("指标").map(str::to_string).unwrap_or(t);
    crate::form::CATEGORY_SPELLINGS
        .iter()
        .find(|(spelt, _)| *spelt == t)
        .map_or(t, |(_, name)| name.to_string())
}

impl Serialize for Weights {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, &v.normalize().to_string())?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Weights {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Weights;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of category = weight")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Weights, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<String>()? {
                    let v: DecimalValue = map.next_value()?;
                    out.push((k, v.0));
                }
                Ok(Weights(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A decimal read from a TOML string, integer or float.
struct DecimalValue(Decimal);

impl<'de> Deserialize<'de> for DecimalValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DecimalValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a decimal number (\"0.01\" or 0.01)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DecimalValue, E> {
                let d = v
                    .trim()
                    .parse::<Decimal>()
                    .map_err(|_| E::custom(format!("not a decimal number: {v:?}")))?;
                bounded(d)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<DecimalValue, E> {
                bounded(Decimal::from(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<DecimalValue, E> {
                bounded(Decimal::from(v))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<DecimalValue, E> {
                // The shortest decimal text of the float is what the user typed (0.005).
                self.visit_str(&v.to_string())
            }
        }
        d.deserialize_any(V)
    }
}

/// A policy value inside the bounds of every number read (src/decode/limits.rs), so that the
/// review's arithmetic on it stays far from overflow.
fn bounded<E: serde::de::Error>(d: Decimal) -> Result<DecimalValue, E> {
    if crate::decode::number::within_bounds(d) {
        return Ok(DecimalValue(d));
    }
    let (_, en) = crate::decode::number::bounds_note();
    Err(E::custom(format!("{d}: {en}")))
}

/// Serde helpers for a [`Decimal`] field: written as a string, read from a string or number.
mod dec {
    use super::DecimalValue;
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.normalize().to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        DecimalValue::deserialize(d).map(|v| v.0)
    }
}

impl Policy {
    /// Reads a policy from TOML text: every key given overrides the `mof-2020` default;
    /// an unknown key or a bad value is a [`PolicyError`] naming the key and its line.
    pub fn from_toml_str(s: &str) -> anyhow::Result<Policy> {
        Ok(Policy::parse(s)?)
    }

    fn parse(s: &str) -> Result<Policy, PolicyError> {
        let max = crate::decode::limits::MAX_POLICY_BYTES;
        if s.len() > max {
            return Err(PolicyError::new(
                format!("文件超过 {} KB，不像是评分规则文件", max / 1024),
                format!("larger than {} KB: not a policy file", max / 1024),
            ));
        }
        let mut p: Policy = toml::from_str(s).map_err(|e| text::read_error(s, &e))?;
        p.check_bounds().map_err(|mut e| {
            e.line = e.key.as_deref().and_then(|k| text::line_of_key(s, k));
            // The key as shown: an over-long name is cut (the line number finds it).
            e.key = e.key.map(|k| match k.char_indices().nth(80) {
                Some((i, _)) => format!("{}…", &k[..i]),
                None => k,
            });
            e
        })?;
        p.keep_written_order(s);
        p.validate().map_err(|mut e| {
            e.line = e.key.as_deref().and_then(|k| text::line_of_key(s, k));
            e
        })?;
        Ok(p)
    }

    /// Reads a policy file; its errors name the file too.
    pub fn load(path: &Path) -> anyhow::Result<Policy> {
        let placed = |mut e: PolicyError| {
            e.file = Some(path.to_path_buf());
            e
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            // The OS's usual reason in the user's words (cli.md), else its own text.
            let os = e.to_string();
            let (zh, en) = crate::diag::io_reason(&e).unwrap_or((os.as_str(), os.as_str()));
            placed(PolicyError::new(
                format!("无法读取（{zh}）"),
                format!("cannot be read ({en})"),
            ))
        })?;
        Ok(Policy::parse(&text).map_err(placed)?)
    }

    /// The built-in policy, or the file's when a path is given.
    pub fn load_or_default(path: Option<&Path>) -> anyhow::Result<Policy> {
        match path {
            Some(p) => Policy::load(p),
            None => Ok(Policy::default()),
        }
    }

    /// The policy as TOML; [`Policy::from_toml_str`] reads it back to the same policy.
    pub fn to_toml_string(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        toml::to_string(self).unwrap_or_default()
    }

    /// The policy as TOML with a comment on every key and table saying what it means and
    /// which values it takes, in `lang` (what `selfeval policy` prints). It reads back to
    /// the same policy, which prints the same text again.
    ///
    /// ```
    /// use selfeval::{score::Policy, Lang};
    /// let text = Policy::default().to_commented_toml(Lang::Zh);
    /// assert!(text.contains("# 反向指标"));
    /// let back = Policy::from_toml_str(&text).unwrap();
    /// assert_eq!(back.to_commented_toml(Lang::Zh), text);
    /// ```
    pub fn to_commented_toml(&self, lang: Lang) -> String {
        text::commented(&self.to_toml_string(), lang)
    }

    /// Category weights in the order the file writes them: the TOML reader may sort a
    /// table's keys, and the order is the display order.
    fn keep_written_order(&mut self, s: &str) {
        let c = &mut self.categories;
        for (scheme, w) in [
            ("project", &mut c.project),
            ("transfer", &mut c.transfer),
            ("department_management", &mut c.department_management),
            ("department_project", &mut c.department_project),
        ] {
            if let Some(order) = text::written_order(s, scheme) {
                w.0.sort_by_key(|(k, _)| order.iter().position(|o| o == k));
            }
        }
    }

    /// Checks values that parse but make no sense, naming the key.
    fn validate(&self) -> Result<(), PolicyError> {
        let bad = |key: &str, zh: String, en: String| {
            let mut e = PolicyError::new(zh, en);
            e.key = Some(key.to_string());
            Err(e)
        };
        let nonneg = [
            ("execution.weight", self.execution.weight),
            ("execution.low_threshold", self.execution.low_threshold),
            ("tolerance.score", self.tolerance.score),
            ("tolerance.money", self.tolerance.money),
            ("tolerance.rate", self.tolerance.rate),
            ("grades.fair", self.grades.fair),
        ];
        for (key, v) in nonneg {
            if v.is_sign_negative() && !v.is_zero() {
                return bad(
                    key,
                    format!("{key} 不能为负数（现为 {v}）"),
                    format!("{key} must not be negative (found {v})"),
                );
            }
        }
        if self.overachievement_ratio <= Decimal::ZERO {
            let v = self.overachievement_ratio;
            return bad(
                "overachievement_ratio",
                format!("overachievement_ratio 必须为正数（现为 {v}）"),
                format!("overachievement_ratio must be positive (found {v})"),
            );
        }
        let g = &self.grades;
        if !(g.excellent >= g.good && g.good >= g.fair) {
            return bad(
                "grades",
                format!(
                    "grades 须满足 excellent ≥ good ≥ fair（现为 {}、{}、{}）",
                    g.excellent, g.good, g.fair
                ),
                format!(
                    "grades must satisfy excellent ≥ good ≥ fair (found {}, {}, {})",
                    g.excellent, g.good, g.fair
                ),
            );
        }
        self.validate_weights()
    }

    /// The bounds on what a policy lists (src/decode/limits.rs), checked before anything
    /// works on its categories; the error names the first key over them.
    fn check_bounds(&self) -> Result<(), PolicyError> {
        use crate::decode::limits::{MAX_POLICY_CATEGORIES, MAX_POLICY_TEXT_CHARS};
        let over = |key: String, zh: String, en: String| {
            let mut e = PolicyError::new(zh, en);
            e.key = Some(key);
            Err(e)
        };
        let chars = MAX_POLICY_TEXT_CHARS;
        if self.name.chars().count() > chars {
            return over(
                "name".into(),
                format!("name 超过 {chars} 个字"),
                format!("name is longer than {chars} characters"),
            );
        }
        for (scheme, w) in self.categories.schemes() {
            if let Some((k, _)) = w.0.get(MAX_POLICY_CATEGORIES) {
                let n = MAX_POLICY_CATEGORIES;
                return over(
                    format!("categories.{scheme}.{k}"),
                    format!(
                        "categories.{scheme} 的一级指标超过 {n} 个（共 {} 个）",
                        w.0.len()
                    ),
                    format!(
                        "categories.{scheme} lists more than {n} categories ({})",
                        w.0.len()
                    ),
                );
            }
            if let Some((k, _)) = w.0.iter().find(|(k, _)| k.chars().count() > chars) {
                let short: String = k.chars().take(20).collect();
                return over(
                    format!("categories.{scheme}.{k}"),
                    format!("categories.{scheme} 中的一级指标名称“{short}…”超过 {chars} 个字"),
                    format!("a category name of categories.{scheme} (“{short}…”) is longer than {chars} characters"),
                );
            }
        }
        Ok(())
    }

    /// No category weight is negative.
    fn validate_weights(&self) -> Result<(), PolicyError> {
        for (scheme, w) in [
            ("project", &self.categories.project),
            ("transfer", &self.categories.transfer),
            (
                "department_management",
                &self.categories.department_management,
            ),
            ("department_project", &self.categories.department_project),
        ] {
            for (k, v) in &w.0 {
                if v.is_sign_negative() && !v.is_zero() {
                    let key = format!("categories.{scheme}.{k}");
                    let mut e = PolicyError::new(
                        format!("{key} 不能为负数（现为 {v}）"),
                        format!("{key} must not be negative (found {v})"),
                    );
                    e.key = Some(key);
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// The scheme a table is scored under. A department table uses the management scheme
    /// when any 一级 label is one of its own categories (部门管理, 履职效果, 能力建设).
    pub fn scheme(&self, table: &Table) -> Scheme {
        match table.kind {
            TableKind::Project => Scheme::Project,
            TableKind::Transfer => Scheme::Transfer,
            TableKind::Department => {
                let mgmt_only: Vec<String> = self
                    .categories
                    .department_management
                    .0
                    .iter()
                    .filter(|(k, _)| self.categories.department_project.find(k).is_none())
                    .filter(|(k, _)| !k.contains("满意度"))
                    .map(|(k, _)| category_key(k))
                    .collect();
                let management = table
                    .indicators
                    .iter()
                    .any(|i| mgmt_only.contains(&category_key(&i.level1)));
                if management {
                    Scheme::DepartmentManagement
                } else {
                    Scheme::DepartmentProject
                }
            }
        }
    }

    /// The category weights of a scheme.
    pub fn weights(&self, scheme: Scheme) -> &Weights {
        match scheme {
            Scheme::Project => &self.categories.project,
            Scheme::Transfer => &self.categories.transfer,
            Scheme::DepartmentManagement => &self.categories.department_management,
            Scheme::DepartmentProject => &self.categories.department_project,
        }
    }
}

/// True when an indicator belongs to the satisfaction (满意度) category: its 一级 label
/// contains 满意度 (满意度指标, 服务对象满意度), or, with no 一级 label, its 二级 does.
pub fn is_satisfaction(level1: &str, level2: &str) -> bool {
    if level1.trim().is_empty() {
        level2.contains("满意度")
    } else {
        level1.contains("满意度")
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scheme::Project => "project",
            Scheme::Transfer => "transfer",
            Scheme::DepartmentManagement => "department_management",
            Scheme::DepartmentProject => "department_project",
        })
    }
}

impl ExecutionPolicy {
    /// The rate that is scored: capped at 1 (100%) when [`ExecutionPolicy::cap`] is set.
    /// The template's execution formula follows the same rule.
    pub fn scored_rate(&self, rate: Decimal) -> Decimal {
        if self.cap {
            rate.min(Decimal::ONE)
        } else {
            rate
        }
    }
}

impl Policy {
    /// The 分值 of the 总分 row under a scheme: the execution weight plus every category's
    /// (100 by default); `None` if the sum overflows.
    pub fn total_weight(&self, scheme: Scheme) -> Option<Decimal> {
        let categories = self.weights(scheme).0.iter().map(|(_, w)| *w);
        crate::model::checked::sum(std::iter::once(self.execution.weight).chain(categories))
    }
}
