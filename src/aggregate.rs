//! Aggregation: groups the checked tables of a run into units (预算单位) and adds up what
//! the bureau's summary shows per unit. Works on the light per-table figures only.

use crate::check::{CheckedFile, CheckedTable};
use crate::model::{FundRole, Grade, TableKind};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

use crate::model::text::org_key;

/// The unit a workbook belongs to: its department table's name, else the first table's
/// unit (实施单位 / 资金使用单位), else its 主管部门, else the file name.
pub fn workbook_unit(file: &CheckedFile) -> String {
    let dept = file
        .tables
        .iter()
        .find(|t| t.table.kind == TableKind::Department && !t.table.name.is_empty());
    if let Some(t) = dept {
        return t.table.name.text.clone();
    }
    for t in &file.tables {
        if !t.table.unit.is_empty() {
            return t.table.unit.text.clone();
        }
        if !t.table.department.is_empty() {
            return t.table.department.text.clone();
        }
    }
    file.path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub use crate::store::TableIndex;

/// One unit of the run with the tables that belong to it.
#[derive(Debug, Clone)]
pub struct Unit {
    /// The name shown (the first spelling met, in input order).
    pub name: String,
    /// Its tables, in input order.
    pub tables: Vec<TableIndex>,
}

/// Groups every table of the run into units, in name order. A workbook's tables form one
/// unit; workbooks whose unit names normalise equal join it.
pub fn units(files: &[CheckedFile]) -> Vec<Unit> {
    let mut by_key: BTreeMap<String, Unit> = BTreeMap::new();
    for (fi, f) in files.iter().enumerate() {
        if f.tables.is_empty() {
            continue;
        }
        let name = workbook_unit(f);
        let unit = by_key.entry(org_key(&name)).or_insert_with(|| Unit {
            name,
            tables: Vec::new(),
        });
        unit.tables.extend((0..f.tables.len()).map(|ti| (fi, ti)));
    }
    by_key.into_values().collect()
}

/// The per-unit figures of the 汇总 sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitFigures {
    /// Count of tables by kind (department, project, transfer).
    pub kinds: [usize; 3],
    /// 全年预算数 of 年度资金总额.
    pub budget: Decimal,
    /// 全年执行数 of 年度资金总额.
    pub executed: Decimal,
    /// Mean stated total over the tables that state one.
    pub mean_stated: Option<Decimal>,
    /// Mean reviewed total.
    pub mean_reviewed: Option<Decimal>,
    /// Count of reviewed grades 优, 良, 中, 差.
    pub grades: [usize; 4],
    /// Error findings on the unit's tables.
    pub errors: usize,
    /// Warning findings on the unit's tables.
    pub warnings: usize,
}

fn kind_index(k: TableKind) -> usize {
    match k {
        TableKind::Department => 0,
        TableKind::Project => 1,
        TableKind::Transfer => 2,
    }
}

/// The money of a unit: its department tables' 年度资金总额 when it has any (the whole
/// budget), otherwise the sum over its project and transfer tables.
pub fn unit_figures(files: &[CheckedFile], unit: &Unit) -> UnitFigures {
    let tables: Vec<&CheckedTable> = unit
        .tables
        .iter()
        .map(|&(f, t)| &files[f].tables[t])
        .collect();
    let mut u = UnitFigures::default();
    let has_dept = tables.iter().any(|t| t.table.kind == TableKind::Department);
    let (mut stated_sum, mut stated_n) = (Decimal::ZERO, 0u32);
    let mut reviewed_sum = Decimal::ZERO;
    for t in &tables {
        u.kinds[kind_index(t.table.kind)] += 1;
        let counts_money = if has_dept {
            t.table.kind == TableKind::Department
        } else {
            true
        };
        if counts_money {
            if let Some(r) = t.table.funds.row(FundRole::Total) {
                u.budget += r.budget.value.unwrap_or_default();
                u.executed += r.executed.value.unwrap_or_default();
            }
        }
        if let Some(s) = t.table.total.score.value {
            stated_sum += s;
            stated_n += 1;
        }
        reviewed_sum += t.review.total;
        let gi = Grade::ALL
            .iter()
            .position(|g| *g == t.review.grade)
            .unwrap_or(3);
        u.grades[gi] += 1;
        let (e, w) = t.counts();
        u.errors += e;
        u.warnings += w;
    }
    let round = |d: Decimal| {
        d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    };
    if stated_n > 0 {
        u.mean_stated = Some(round(stated_sum / Decimal::from(stated_n)));
    }
    if !tables.is_empty() {
        u.mean_reviewed = Some(round(reviewed_sum / Decimal::from(tables.len() as u64)));
    }
    u
}
