//! Year over year (campaign.md §7). Each run keeps in its history the figures 汇总 and
//! 项目明细 showed (tables `year_units` and `year_tables`, created on first use so that a
//! history of schema 1 takes them without an upgrade); next year's workspace names this one
//! as its `上年工作区` and reads them read-only. A previous workspace that cannot be read is
//! a warning, never a failed run.

use super::history::History;
use super::roster::Roster;
use crate::aggregate::previous::{prior_of, table_key, Previous, Prior};
use crate::aggregate::{counted_tables, unit_figures, Money, Unit, UnitFigures};
use crate::check::CheckedFile;
use crate::diag::Message;
use crate::model::text::org_key;
use crate::model::TableKind;
use anyhow::Result;
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

/// The tables of this module, made when a run first records into a history.
const TABLES: &str = "
CREATE TABLE IF NOT EXISTS year_units(run INTEGER NOT NULL, unit TEXT NOT NULL,
  departments INTEGER NOT NULL, projects INTEGER NOT NULL, transfers INTEGER NOT NULL,
  budget TEXT, executed TEXT, mean_stated TEXT, mean_reviewed TEXT,
  excellent INTEGER NOT NULL, good INTEGER NOT NULL, fair INTEGER NOT NULL, poor INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS year_units_run ON year_units(run);
CREATE TABLE IF NOT EXISTS year_tables(run INTEGER NOT NULL, unit TEXT NOT NULL,
  kind TEXT NOT NULL, name TEXT NOT NULL, budget TEXT, executed TEXT, score TEXT);
CREATE INDEX IF NOT EXISTS year_tables_run ON year_tables(run);
";

/// A counted table as next year compares it.
#[derive(Debug, Clone)]
pub struct YearTable {
    /// Its unit's name.
    pub unit: String,
    /// Its kind.
    pub kind: TableKind,
    /// Its name as written.
    pub name: String,
    /// 年度资金总额's 全年预算数 and 全年执行数.
    pub money: Money,
    /// The reviewed total; `None` for a blank table (never graded).
    pub score: Option<Decimal>,
}

/// What a run keeps for next year: each unit with a counted table and its figures, each
/// counted table.
#[derive(Debug, Clone, Default)]
pub struct YearRecord {
    /// Units with their 汇总 figures.
    pub units: Vec<(String, UnitFigures)>,
    /// Counted tables.
    pub tables: Vec<YearTable>,
}

/// The record of a run's units.
pub fn year_record(files: &[CheckedFile], units: &[Unit]) -> YearRecord {
    let mut rec = YearRecord::default();
    for u in units {
        let fig = unit_figures(files, u);
        if fig.counted() == 0 {
            continue;
        }
        rec.units.push((u.name.clone(), fig));
        for t in counted_tables(files, u) {
            rec.tables.push(YearTable {
                unit: u.name.clone(),
                kind: t.table.kind,
                name: t.table.name.text.clone(),
                money: Money::of_table(&t.table),
                score: t.is_graded().then_some(t.review.total),
            });
        }
    }
    rec
}

fn text(d: Option<Decimal>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// Writes a run's record inside the run's transaction.
pub fn record(tx: &Connection, run: i64, rec: &YearRecord) -> Result<()> {
    tx.execute_batch(TABLES)?;
    let mut st = tx.prepare(
        "INSERT INTO year_units(run, unit, departments, projects, transfers, budget, executed, mean_stated, mean_reviewed, excellent, good, fair, poor) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
    )?;
    for (name, f) in &rec.units {
        let [d, p, t] = f.kinds.map(|n| n as i64);
        let [a, b, c, e] = f.grades.map(|n| n as i64);
        st.execute(params![
            run,
            name,
            d,
            p,
            t,
            text(f.money.budget),
            text(f.money.executed),
            text(f.mean_stated),
            text(f.mean_reviewed),
            a,
            b,
            c,
            e
        ])?;
    }
    let mut st = tx.prepare(
        "INSERT INTO year_tables(run, unit, kind, name, budget, executed, score) VALUES(?1,?2,?3,?4,?5,?6,?7)",
    )?;
    for t in &rec.tables {
        st.execute(params![
            run,
            t.unit,
            t.kind.as_str(),
            t.name,
            text(t.money.budget),
            text(t.money.executed),
            text(t.score)
        ])?;
    }
    Ok(())
}

/// A decimal column; a value that is not one (a history edited by hand) is no figure.
fn dec(s: Option<String>) -> Option<Decimal> {
    s.and_then(|s| Decimal::from_str(&s).ok())
}

fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// Last year's units of its last recorded run, by name.
fn read_units(conn: &Connection, run: i64) -> Result<Vec<(String, UnitFigures)>> {
    let mut st = conn.prepare(
        "SELECT unit, departments, projects, transfers, budget, executed, mean_stated, mean_reviewed, excellent, good, fair, poor FROM year_units WHERE run=?1 ORDER BY rowid",
    )?;
    let rows = st.query_map([run], |r| {
        let f = UnitFigures {
            kinds: [count(r.get(1)?), count(r.get(2)?), count(r.get(3)?)],
            money: Money {
                budget: dec(r.get(4)?),
                executed: dec(r.get(5)?),
            },
            mean_stated: dec(r.get(6)?),
            mean_reviewed: dec(r.get(7)?),
            grades: [
                count(r.get(8)?),
                count(r.get(9)?),
                count(r.get(10)?),
                count(r.get(11)?),
            ],
            ..UnitFigures::default()
        };
        Ok((r.get::<_, String>(0)?, f))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Last year's tables: (unit, key of the name, figures).
fn read_tables(conn: &Connection, run: i64) -> Result<Vec<(String, String, Prior)>> {
    let mut st = conn.prepare(
        "SELECT unit, kind, name, budget, executed, score FROM year_tables WHERE run=?1 ORDER BY rowid",
    )?;
    let rows = st.query_map([run], |r| {
        let (unit, kind, name): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let kind = TableKind::ALL
            .into_iter()
            .find(|k| k.as_str() == kind)
            .unwrap_or(TableKind::Project);
        let key = table_key("", kind, &name);
        let prior = Prior {
            rate: Money {
                budget: dec(r.get(3)?),
                executed: dec(r.get(4)?),
            }
            .rate(),
            score: dec(r.get(5)?),
        };
        Ok((unit, key, prior))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A unit's key across the years: the roster's name when the roster knows the unit (so a
/// renamed unit listed with its old name as 别名 is matched), else its own normalised name.
fn canon(roster: &Roster, name: &str) -> String {
    roster
        .find(name)
        .map_or_else(|| org_key(name), |r| org_key(&r.name))
}

/// Why a previous workspace cannot be read, or its history open read-only.
fn open(folder: &Path) -> std::result::Result<History, Message> {
    if !folder.is_dir() {
        return Err(Message::new("文件夹不存在", "the folder does not exist"));
    }
    if !super::is_workspace(folder) {
        return Err(Message::new(
            "不是 selfeval 工作区（其中没有 selfeval.toml）",
            "it is not a selfeval workspace (it holds no selfeval.toml)",
        ));
    }
    let db = folder.join(super::history::FILE);
    if !db.is_file() {
        return Err(Message::new(
            "还没有检查过（其中没有 selfeval.db）",
            "it has not been checked yet (it holds no selfeval.db)",
        ));
    }
    // The history's own message goes on to what to do with *its* workspace: its first
    // sentence (what is wrong) is what matters here.
    History::open_read_only(&db).map_err(|e| {
        let first = |text: &str, end: &str| text.split(end).next().unwrap_or(text).to_string();
        match e.downcast_ref::<Message>() {
            Some(m) => Message::new(first(&m.zh, "。"), first(&m.en, ". ")),
            None => Message::new(format!("{e:#}"), format!("{e:#}")),
        }
    })
}

/// The last run that recorded figures for next year, and its year.
fn last_run(conn: &Connection) -> std::result::Result<(i64, Option<i32>), Message> {
    let sql = |e: rusqlite::Error| Message::new(e.to_string(), e.to_string());
    let runs: i64 = conn
        .query_row("SELECT COUNT(*) FROM runs", [], |r| r.get(0))
        .map_err(sql)?;
    if runs == 0 {
        return Err(Message::new("还没有检查过", "it has not been checked yet"));
    }
    let old = Message::new(
        "其历史由较早版本的 selfeval 记录，没有逐单位的数字；请用本版本在上年工作区重新检查一次",
        "its history was kept by an earlier selfeval, without figures by unit; check it once again with this version",
    );
    let has: Option<String> = conn
        .query_row(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='year_units'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(sql)?;
    if has.is_none() {
        return Err(old);
    }
    let run: Option<i64> = conn
        .query_row("SELECT MAX(run) FROM year_units", [], |r| r.get(0))
        .map_err(sql)?;
    let Some(run) = run else {
        return Err(old);
    };
    let year: Option<i32> = conn
        .query_row("SELECT year FROM runs WHERE id=?1", [run], |r| r.get(0))
        .optional()
        .map_err(sql)?
        .flatten();
    Ok((run, year))
}

/// The warning of a previous workspace that cannot be read, saying why.
fn unreadable(folder: &Path, why: &Message) -> Message {
    let folder = folder.display();
    Message::new(
        format!("上年工作区 {folder} 无法读取（{}），本次未与上年对比", why.zh),
        format!(
            "the previous year's workspace {folder} could not be read ({}); no comparison with last year",
            why.en
        ),
    )
}

/// The warning [`load`] gives for `folder`, without reading its figures: a re-run with
/// nothing new (which reads nothing) says it again, as it says the settings' warnings.
pub fn warning(folder: &Path) -> Option<Message> {
    let why = open(folder)
        .and_then(|h| last_run(h.conn()).map(|_| ()))
        .err()?;
    Some(unreadable(folder, &why))
}

/// Last year for this year's units (`names`: every unit of this run and every roster unit),
/// or a warning saying why it could not be read.
pub fn load(folder: &Path, roster: &Roster, names: &[String]) -> Previous {
    let mut p = Previous {
        folder: folder.display().to_string(),
        ..Previous::default()
    };
    let read = open(folder).and_then(|h| {
        let (run, year) = last_run(h.conn())?;
        let sql = |e: anyhow::Error| Message::new(format!("{e:#}"), format!("{e:#}"));
        let units = read_units(h.conn(), run).map_err(sql)?;
        let tables = read_tables(h.conn(), run).map_err(sql)?;
        Ok((year, units, tables))
    });
    let (year, units, tables) = match read {
        Ok(v) => v,
        Err(why) => {
            p.warning = Some(unreadable(folder, &why));
            return p;
        }
    };
    p.year = year;
    let by_unit: BTreeMap<String, Prior> = units
        .iter()
        .map(|(n, f)| (canon(roster, n), prior_of(f)))
        .collect();
    let mut by_table: BTreeMap<String, Vec<(String, Prior)>> = BTreeMap::new();
    for (unit, key, prior) in tables {
        by_table
            .entry(canon(roster, &unit))
            .or_default()
            .push((key, prior));
    }
    for name in names {
        let c = canon(roster, name);
        if let Some(prior) = by_unit.get(&c) {
            p.units.insert(org_key(name), *prior);
        }
        for (key, prior) in by_table.get(&c).into_iter().flatten() {
            // `key` is `|name`: the table's key under no unit.
            p.tables.insert(format!("{}{key}", org_key(name)), *prior);
        }
    }
    p.figures = units.into_iter().map(|(_, f)| f).collect();
    p
}
