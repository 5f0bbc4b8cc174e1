//! Last year beside this year (campaign.md §7): what 汇总, 项目明细, report.json and the
//! bureau's report show when a workspace names its `上年工作区`. The workspace
//! (`crate::campaign::previous`) reads it from the previous workspace's history; a plain run
//! has none.

use super::UnitFigures;
use crate::diag::Message;
use crate::model::text::org_key;
use crate::model::{Table, TableKind};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Last year's execution rate and reviewed score of a unit or a table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prior {
    /// 执行率: executed over budget; `None` without a positive budget.
    pub rate: Option<Decimal>,
    /// 复核得分: a table's reviewed total, a unit's mean over its graded tables.
    pub score: Option<Decimal>,
}

/// Last year as this year's outputs show it.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// The folder as the settings name it, for messages.
    pub folder: String,
    /// Last year (the year of its last run), once read.
    pub year: Option<i32>,
    /// Why it could not be read (the terminal and the bureau's report say so); `None` when
    /// it was read.
    pub warning: Option<Message>,
    /// Last year's units with a counted table, as its 汇总 showed them: the comparison adds
    /// them up as this year's are.
    pub figures: Vec<UnitFigures>,
    /// By this year's unit key ([`org_key`] of its name): last year's figures of the unit.
    pub units: BTreeMap<String, Prior>,
    /// By [`table_key`] under this year's unit name: last year's figures of the same table.
    pub tables: BTreeMap<String, Prior>,
}

/// A table within the comparison: its unit and its name, both normalised as the counting
/// normalises them ([`org_key`]); a department table by its unit alone.
pub fn table_key(unit: &str, kind: TableKind, name: &str) -> String {
    let name = match kind {
        TableKind::Department => "-".to_string(),
        _ => org_key(name),
    };
    format!("{}|{name}", org_key(unit))
}

impl Previous {
    /// Whether last year was read.
    pub fn is_read(&self) -> bool {
        self.warning.is_none()
    }

    /// Last year's figures of a unit of this year.
    pub fn unit(&self, name: &str) -> Option<Prior> {
        self.units.get(&org_key(name)).copied()
    }

    /// Last year's figures of a table of a unit of this year.
    pub fn table(&self, unit: &str, t: &Table) -> Option<Prior> {
        self.tables
            .get(&table_key(unit, t.kind, &t.name.text))
            .copied()
    }
}

/// A unit's rate and mean reviewed score from its figures, as 汇总 shows them.
pub fn prior_of(u: &UnitFigures) -> Prior {
    Prior {
        rate: u.money.rate(),
        score: u.mean_reviewed,
    }
}
