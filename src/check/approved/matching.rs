//! Matching a table to its declaration (templates.md §8): by project code when both have
//! one, else by unit and name after normalising; of several, an adjustment before the
//! original, then the latest received. The declarations' keys are computed once and
//! indexed by code and by name, so a run of thousands of tables and declarations compares
//! each table with its few candidates, not with every declaration.

use super::RunDeclaration;
use crate::model::declaration::{DeclKind, Declaration};
use crate::model::text::org_key;
use crate::model::{Table, TableKind, Text};
use crate::read::declaration::is_lost_number;
use std::collections::HashMap;

/// The comparison keys of a table or a declaration.
struct Keys {
    /// The code (a lost one is none).
    code: Option<String>,
    /// The whole name, normalised.
    name: String,
    /// The name without its bracketed part, and that part.
    base: String,
    bracket: String,
    /// The units it names (申请单位 / 一级预算单位, or 实施单位 / 主管部门).
    units: Vec<String>,
}

impl Keys {
    fn new(code: Option<&Text>, name: &str, units: [&str; 2]) -> Keys {
        let name = org_key(name);
        let (base, bracket) = split_bracket(&name);
        Keys {
            code: code
                .map(|c| org_key(&c.text))
                .filter(|c| !c.is_empty() && !is_lost_number(c)),
            name,
            base,
            bracket,
            units: units
                .iter()
                .map(|u| org_key(u))
                .filter(|u| !u.is_empty())
                .collect(),
        }
    }

    fn of_table(t: &Table) -> Keys {
        Keys::new(
            t.code.as_ref(),
            &t.name.text,
            [&t.unit.text, &t.department.text],
        )
    }

    fn of_declaration(d: &Declaration) -> Keys {
        let code = d.code.as_ref().filter(|_| !d.code_lost);
        Keys::new(code, &d.name.text, [&d.unit.text, &d.department.text])
    }

    /// True when one of its units contains the text.
    fn names_unit(&self, b: &str) -> bool {
        !b.is_empty() && self.units.iter().any(|u| u.contains(b))
    }
}

/// The run's declarations, keyed and indexed once.
pub struct DeclIndex<'a> {
    decls: &'a [RunDeclaration],
    keys: Vec<Keys>,
    by_code: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
}

impl<'a> DeclIndex<'a> {
    /// Keys and indexes the declarations.
    pub fn new(decls: &'a [RunDeclaration]) -> DeclIndex<'a> {
        let keys: Vec<Keys> = decls
            .iter()
            .map(|d| Keys::of_declaration(&d.declaration))
            .collect();
        let (mut by_code, mut by_name) = (HashMap::new(), HashMap::new());
        for (i, (k, d)) in keys.iter().zip(decls).enumerate() {
            if let Some(c) = &k.code {
                by_code.entry(c.clone()).or_insert_with(Vec::new).push(i);
            }
            // A department declaration is found by its name or its unit; a project one by
            // its name without brackets.
            let mut names = vec![k.base.clone()];
            if d.declaration.kind == DeclKind::Department {
                names = vec![k.name.clone()];
                names.extend(k.units.iter().cloned());
            }
            for n in names {
                by_name.entry(n).or_insert_with(Vec::new).push(i);
            }
        }
        DeclIndex {
            decls,
            keys,
            by_code,
            by_name,
        }
    }

    /// The declaration that counts for a table, if any.
    pub fn matching(&self, t: &Table, year: Option<i32>) -> Option<&'a Declaration> {
        let tk = Keys::of_table(t);
        let by_code = tk.code.as_ref().and_then(|c| self.by_code.get(c));
        let name_key = if t.kind == TableKind::Department {
            &tk.name
        } else {
            &tk.base
        };
        let by_name = self.by_name.get(name_key);
        let mut candidates: Vec<usize> = by_code
            .into_iter()
            .chain(by_name)
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .filter(|&i| self.fits(i, t, &tk, year))
            .map(|i| &self.decls[i])
            .max_by_key(|d| (d.declaration.adjustment, d.order))
            .map(|d| &d.declaration)
    }

    fn fits(&self, i: usize, t: &Table, tk: &Keys, year: Option<i32>) -> bool {
        let d = &self.decls[i].declaration;
        let dk = &self.keys[i];
        let kind_fits = match d.kind {
            DeclKind::Project => t.kind != TableKind::Department,
            DeclKind::Department => t.kind == TableKind::Department,
        };
        let year_fits = match (d.year.or(year), t.year) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        if !kind_fits || !year_fits {
            return false;
        }
        if let (Some(a), Some(b)) = (&tk.code, &dk.code) {
            return a == b;
        }
        if d.kind == DeclKind::Department {
            return dk.name == tk.name || dk.units.contains(&tk.name);
        }
        names_match(dk, tk)
    }
}

/// The name after normalising, or the name without a bracketed part that names the other
/// side's unit; and the units agree where both are given.
fn names_match(d: &Keys, t: &Keys) -> bool {
    if d.name.is_empty() || t.name.is_empty() {
        return false;
    }
    let same_name = d.name == t.name
        || (d.base == t.base
            && (d.bracket == t.bracket
                || (t.bracket.is_empty() && t.names_unit(&d.bracket))
                || (d.bracket.is_empty() && d.names_unit(&t.bracket))));
    same_name
        && (d.units.is_empty()
            || t.units.is_empty()
            || d.units.iter().any(|u| t.units.contains(u))
            || t.names_unit(&d.bracket))
}

/// `社区工作站经费(沙浦围社区工作站)` → (`社区工作站经费`, `沙浦围社区工作站`).
fn split_bracket(k: &str) -> (String, String) {
    match (k.find('('), k.rfind(')')) {
        (Some(a), Some(b)) if b > a => {
            let base = format!("{}{}", &k[..a], &k[b + 1..]);
            (base, k[a + 1..b].to_string())
        }
        _ => (k.to_string(), String::new()),
    }
}
