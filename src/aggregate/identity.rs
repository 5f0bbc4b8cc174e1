//! The identity of a finding (campaign.md §5, §10): what makes "the same problem" across
//! runs and rounds. Not the cell — rows move when a unit corrects its table — but the unit,
//! the table (kind and normalised name; a department table by its unit), the code and the
//! subject: the fund row's role and column for a finding at a fund cell, the indicator's
//! normalised 一级/二级/三级 (`#2`, `#3` for repeats) for one at an indicator's row, the
//! report's section heading for a report finding, the file's content hash for a file-level one,
//! `-` for the table as a whole. The cell is for display only.

use crate::diag::Finding;
use crate::model::subject::subject;
use crate::model::text::org_key;
use crate::model::{Table, TableKind};

/// The identity of a finding on a table of `unit`.
pub fn of_table(unit: &str, t: &Table, f: &Finding) -> String {
    let name = match t.kind {
        TableKind::Department => org_key(unit),
        _ => org_key(&t.name.text),
    };
    let subject = match &f.subject {
        Some(s) => s.clone(),
        None => f.cell.map_or_else(|| "-".to_string(), |c| subject(t, c)),
    };
    format!(
        "{}|{}|{name}|{}|{subject}",
        org_key(unit),
        t.kind.as_str(),
        f.code.as_str()
    )
}

/// The identity of a finding on a file as a whole (or a narrative report): by the file's
/// content hash, or for a report finding by the sentence it quotes.
pub fn of_file(unit: &str, hash: Option<&[u8; 32]>, f: &Finding) -> String {
    let subject = match (&f.subject, &f.excerpt, hash) {
        (Some(s), _, _) => s.clone(),
        // A report finding of an older kept result, made before report findings had their
        // section as subject.
        (None, Some(e), _) => org_key(e),
        (None, None, Some(h)) => hex(h),
        (None, None, None) => "-".into(),
    };
    format!("{}|file||{}|{subject}", org_key(unit), f.code.as_str())
}

/// The identity as it would be under the unit key `to` when it was made under `from`
/// (a round sent to a unit under an alias, compared under its roster name): the unit's
/// field, and a department table's name, which is its unit.
pub fn rekey(identity: &str, from: &str, to: &str) -> String {
    let mut parts: Vec<&str> = identity.split('|').collect();
    if parts.first() != Some(&from) {
        return identity.to_string();
    }
    parts[0] = to;
    if parts.get(1) == Some(&TableKind::Department.as_str()) && parts.get(2) == Some(&from) {
        parts[2] = to;
    }
    parts.join("|")
}

/// An identity recorded by a build before the subjects followed campaign.md §10 (the
/// execution rate and score as `execution`, the stated total as `total`), as this build
/// makes it: a round sent then is compared with today's findings without every execution
/// finding turning fixed and new at once.
pub fn upgraded(identity: &str) -> String {
    let Some((head, subject)) = identity.rsplit_once('|') else {
        return identity.to_string();
    };
    let code = code_of(identity).unwrap_or("");
    let now = match subject {
        "execution" if code.contains("rate") => "total.rate",
        "execution" => "total.score",
        "total" => "-",
        _ => return identity.to_string(),
    };
    format!("{head}|{now}")
}

/// The rule's code an identity names (its fourth field: [`of_table`], [`of_file`]).
pub fn code_of(identity: &str) -> Option<&str> {
    identity.split('|').nth(3)
}

fn hex(h: &[u8; 32]) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Message};
    use crate::model::{CellRef, Indicator, Text};

    #[test]
    fn the_same_indicator_problem_keeps_its_identity_when_rows_move() {
        let mut t = Table::empty(TableKind::Project, "表1");
        t.name = Text::new("安全生产 专项经费", CellRef::new(2, 1));
        let ind = |row: u32, name: &str| Indicator {
            row,
            level1: "产出指标".into(),
            level2: "数量指标".into(),
            name: Text::new(name, CellRef::new(row, 3)),
            ..Default::default()
        };
        t.indicators = vec![ind(14, "检查次数"), ind(15, "检查次数")];
        // An indicator's row is one-based, a cell's zero-based: the finding at I15 (row
        // index 14) is about the indicator of sheet row 15.
        let f = |row: u32| {
            Finding::new(Code::ScoreInflated, Message::new("a", "b"))
                .at("表1", CellRef::new(row - 1, 7))
        };
        let a = of_table("某局", &t, &f(15));
        assert!(
            a.ends_with("|score-inflated|产出指标/数量指标/检查次数#2"),
            "{a}"
        );
        // A row inserted above: the same problem, a new cell, the same identity.
        t.indicators = vec![ind(14, "新指标"), ind(15, "检查次数"), ind(16, "检查次数")];
        assert_eq!(of_table("某局", &t, &f(16)), a);
        assert!(a.starts_with("某局|project|安全生产专项经费|"), "{a}");
        assert_eq!(rekey(&a, "某局", "某新局"), a.replacen("某局", "某新局", 1));
        assert_eq!(upgraded(&a), a);
    }

    #[test]
    fn an_identity_of_an_older_build_is_read_as_this_one_makes_it() {
        let old = |code: &str, subject: &str| format!("某局|project|甲项目|{code}|{subject}");
        assert_eq!(
            upgraded(&old("exec-rate-low", "execution")),
            old("exec-rate-low", "total.rate")
        );
        let inflated = old("exec-score-inflated", "execution");
        assert_eq!(
            upgraded(&inflated),
            old("exec-score-inflated", "total.score")
        );
        assert_eq!(
            upgraded(&old("total-mismatch", "total")),
            old("total-mismatch", "-")
        );
        let fund = old("fund-over-budget", "total.executed");
        assert_eq!(upgraded(&fund), fund);
    }

    #[test]
    fn a_department_tables_identity_moves_to_the_new_unit_key_whole() {
        let mut t = Table::empty(TableKind::Department, "部门整体");
        t.name = Text::new("某老局", CellRef::new(3, 2));
        let f = Finding::new(Code::ExecRateMismatch, Message::new("a", "b"))
            .at("部门整体", CellRef::new(5, 8));
        let old = of_table("某老局", &t, &f);
        t.name = Text::new("某新局", CellRef::new(3, 2));
        assert_eq!(rekey(&old, "某老局", "某新局"), of_table("某新局", &t, &f));
        assert_eq!(
            rekey(&old, "某局", "某新局"),
            old,
            "another unit's identity"
        );
    }
}
