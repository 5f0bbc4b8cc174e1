//! The 一级 categories a layout offers. Names, order and weights are the policy's
//! ([`Policy::weights`]); the template adds only what scoring does not need: the usual 二级
//! names of each category (the dropdown list) and how many blank rows it gets.

use crate::model::TableKind;
use crate::score::policy::{category_key, Policy};
use rust_decimal::Decimal;

/// One 一级 category of an indicator scheme, as a template shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// 一级指标 name (the policy's).
    pub name: String,
    /// 分值 (the policy's weight).
    pub weight: Decimal,
    /// The usual 二级指标 names (none for a category the template does not know).
    pub level2: &'static [&'static str],
    /// Blank indicator rows a template gives it.
    pub blank_rows: usize,
}

impl Category {
    /// The label a template shows: `产出指标（50分）`.
    pub fn label(&self) -> String {
        format!("{}（{}分）", self.name, self.weight.normalize())
    }
}

/// Which of the policy's category tables a template's blank rows use (`--scheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Scheme {
    /// The project categories (产出指标 50, 效益指标 30, 满意度指标 10 by default).
    Project,
    /// The department-management categories (部门管理 20, 履职效果 50, 能力建设 10,
    /// 服务对象满意度 10 by default).
    Management,
}

/// What the template knows of a category beyond the policy: its usual 二级 names and
/// blank rows.
struct Hint {
    name: &'static str,
    level2: &'static [&'static str],
    blank_rows: usize,
}

/// Blank rows of a category the template has no hint for (a province's own).
const DEFAULT_BLANK_ROWS: usize = 4;

const PROJECT_HINTS: [Hint; 3] = [
    Hint {
        name: "产出指标",
        level2: &["数量指标", "质量指标", "时效指标", "成本指标"],
        blank_rows: 8,
    },
    Hint {
        name: "效益指标",
        level2: &[
            "经济效益指标",
            "社会效益指标",
            "生态效益指标",
            "可持续影响指标",
        ],
        blank_rows: 6,
    },
    Hint {
        name: "满意度指标",
        level2: &["服务对象满意度指标"],
        blank_rows: 2,
    },
];

// The 二级 names of the management scheme are those of the attached 2021 report and the
// sample department table; templates.md names only the 一级 categories.
const MANAGEMENT_HINTS: [Hint; 4] = [
    Hint {
        name: "部门管理",
        level2: &[
            "资金投入",
            "财务管理",
            "采购管理",
            "资产管理",
            "人员管理",
            "重点工作管理",
        ],
        blank_rows: 7,
    },
    Hint {
        name: "履职效果",
        level2: &[
            "数量",
            "质量",
            "时效",
            "成本",
            "经济效益",
            "社会效益",
            "生态效益",
            "可持续影响",
            "部门效果目标",
            "社会影响",
        ],
        blank_rows: 8,
    },
    Hint {
        name: "能力建设",
        level2: &[
            "长效管理",
            "组织建设",
            "信息化建设情况",
            "人力资源建设",
            "档案管理",
        ],
        blank_rows: 5,
    },
    Hint {
        name: "服务对象满意度",
        level2: &["服务对象满意度指标"],
        blank_rows: 2,
    },
];

impl Scheme {
    /// The default scheme of a kind: management for department tables, project otherwise.
    ///
    /// ```
    /// use selfeval::model::TableKind;
    /// use selfeval::render::form::Scheme;
    /// assert_eq!(Scheme::default_for(TableKind::Department), Scheme::Management);
    /// assert_eq!(Scheme::default_for(TableKind::Transfer), Scheme::Project);
    /// ```
    pub fn default_for(kind: TableKind) -> Scheme {
        match kind {
            TableKind::Department => Scheme::Management,
            TableKind::Project | TableKind::Transfer => Scheme::Project,
        }
    }

    /// The policy's scheme whose weights a table of `kind` laid out in this scheme uses.
    ///
    /// ```
    /// use selfeval::model::TableKind;
    /// use selfeval::score::Scheme as Policy;
    /// use selfeval::render::form::Scheme;
    /// assert_eq!(Scheme::Project.policy_scheme(TableKind::Transfer), Policy::Transfer);
    /// assert_eq!(
    ///     Scheme::Project.policy_scheme(TableKind::Department),
    ///     Policy::DepartmentProject
    /// );
    /// ```
    pub fn policy_scheme(self, kind: TableKind) -> crate::score::Scheme {
        use crate::score::Scheme as P;
        match (self, kind) {
            (Scheme::Management, _) => P::DepartmentManagement,
            (Scheme::Project, TableKind::Project) => P::Project,
            (Scheme::Project, TableKind::Transfer) => P::Transfer,
            (Scheme::Project, TableKind::Department) => P::DepartmentProject,
        }
    }

    /// The other scheme.
    fn other(self) -> Scheme {
        match self {
            Scheme::Project => Scheme::Management,
            Scheme::Management => Scheme::Project,
        }
    }

    fn hints(self) -> &'static [Hint] {
        match self {
            Scheme::Project => &PROJECT_HINTS,
            Scheme::Management => &MANAGEMENT_HINTS,
        }
    }

    /// The categories of a table of `kind` in this scheme, in sheet order: the policy's
    /// names and weights, with the template's 二级 names and blank rows.
    ///
    /// ```
    /// use selfeval::model::TableKind;
    /// use selfeval::score::Policy;
    /// use selfeval::render::form::Scheme;
    /// let cats = Scheme::Project.categories(&Policy::default(), TableKind::Project);
    /// assert_eq!(cats[0].label(), "产出指标（50分）");
    /// ```
    pub fn categories(self, policy: &Policy, kind: TableKind) -> Vec<Category> {
        let hints = || self.hints().iter().chain(self.other().hints());
        policy
            .weights(self.policy_scheme(kind))
            .0
            .iter()
            .map(|(name, weight)| {
                let key = category_key(name);
                let hint = hints().find(|h| category_key(h.name) == key);
                Category {
                    name: name.clone(),
                    weight: *weight,
                    level2: hint.map_or(&[], |h| h.level2),
                    blank_rows: hint.map_or(DEFAULT_BLANK_ROWS, |h| h.blank_rows),
                }
            })
            .collect()
    }

    /// Every 二级 name offered in the dropdown: this scheme's first, then the other's,
    /// without repeats.
    pub fn level2_names(self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for hint in self.hints().iter().chain(self.other().hints()) {
            for name in hint.level2 {
                if !out.contains(name) {
                    out.push(name);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::checked;

    #[test]
    fn default_schemes_add_up_to_100() {
        let p = Policy::default();
        for kind in [
            TableKind::Project,
            TableKind::Department,
            TableKind::Transfer,
        ] {
            for s in [Scheme::Project, Scheme::Management] {
                let cats = s.categories(&p, kind);
                let sum = checked::sum(cats.iter().map(|c| c.weight)).unwrap();
                assert_eq!(
                    sum.checked_add(p.execution.weight),
                    Some(Decimal::ONE_HUNDRED),
                    "{s:?}"
                );
                assert_eq!(
                    p.total_weight(s.policy_scheme(kind)),
                    sum.checked_add(Decimal::TEN)
                );
            }
        }
    }

    #[test]
    fn every_default_category_has_its_hint() {
        let p = Policy::default();
        for s in [Scheme::Project, Scheme::Management] {
            let cats = s.categories(&p, TableKind::Department);
            let hints: Vec<&str> = s.hints().iter().map(|h| h.name).collect();
            let names: Vec<&str> = cats.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(names, hints);
            assert!(cats.iter().all(|c| !c.level2.is_empty()));
        }
    }

    #[test]
    fn a_province_category_gets_default_rows() {
        let p =
            Policy::from_toml_str("[categories.project]\n\"产出\" = 60\n\"自定\" = 30").unwrap();
        let cats = Scheme::Project.categories(&p, TableKind::Project);
        assert_eq!(cats[0].label(), "产出（60分）");
        assert_eq!(cats[0].blank_rows, 8);
        assert_eq!(cats[1].blank_rows, DEFAULT_BLANK_ROWS);
        assert!(cats[1].level2.is_empty());
    }

    #[test]
    fn level2_list_starts_with_its_own_scheme() {
        assert_eq!(Scheme::Project.level2_names()[0], "数量指标");
        assert_eq!(Scheme::Management.level2_names()[0], "资金投入");
    }
}
