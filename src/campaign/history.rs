//! The history `selfeval.db` (campaign.md §6): one SQLite file holding every file received
//! (content hash, first sight, every path), every run with its counts and findings, every
//! round sent, pins, and the outputs written. Written in one transaction per run, so a run
//! that is killed leaves the history as it was; a damaged or foreign file is never replaced.

use crate::diag::{Explain, Message};
use crate::model::text::org_key;
use anyhow::Result;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};

/// The file name of the history.
pub const FILE: &str = "selfeval.db";

/// The schema this program writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 2;

/// `PRAGMA application_id`: "SEVL", so a foreign SQLite file is recognised.
const APPLICATION_ID: i64 = 0x5345_564C;

const SCHEMA: &str = "
CREATE TABLE files(hash TEXT PRIMARY KEY, first_run INTEGER NOT NULL, first_mtime INTEGER,
  first_seen TEXT NOT NULL, size INTEGER);
CREATE TABLE file_paths(hash TEXT NOT NULL, path TEXT NOT NULL, run INTEGER NOT NULL,
  PRIMARY KEY(hash, path));
CREATE TABLE runs(id INTEGER PRIMARY KEY, at TEXT NOT NULL, version TEXT NOT NULL,
  policy TEXT NOT NULL, year INTEGER, files INTEGER, tables INTEGER, errors INTEGER,
  warnings INTEGER, fingerprint TEXT, exit INTEGER);
CREATE TABLE findings(run INTEGER NOT NULL, identity TEXT NOT NULL, unit TEXT NOT NULL,
  code TEXT NOT NULL, severity TEXT NOT NULL, state TEXT NOT NULL, file TEXT, table_name TEXT,
  sheet TEXT, cell TEXT, message TEXT NOT NULL);
CREATE INDEX findings_run ON findings(run);
CREATE TABLE run_units(run INTEGER NOT NULL, unit TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE rounds(number INTEGER PRIMARY KEY, date TEXT NOT NULL, run INTEGER NOT NULL);
CREATE TABLE round_units(round INTEGER NOT NULL, unit TEXT NOT NULL, name TEXT NOT NULL,
  letter_number TEXT, seq INTEGER, deadline TEXT, errors INTEGER NOT NULL);
CREATE TABLE round_findings(round INTEGER NOT NULL, unit TEXT NOT NULL, identity TEXT NOT NULL,
  code TEXT NOT NULL, severity TEXT NOT NULL, table_name TEXT, message TEXT NOT NULL);
CREATE TABLE pins(path TEXT PRIMARY KEY, hash TEXT, run INTEGER NOT NULL, at TEXT NOT NULL);
CREATE TABLE outputs(path TEXT PRIMARY KEY, hash TEXT NOT NULL, run INTEGER NOT NULL);
CREATE TABLE declarations(hash TEXT NOT NULL, sheet TEXT, code TEXT, name TEXT, unit TEXT,
  record TEXT);
";

/// What version 2 adds to version 1 (a new file gets both): each file's checked result as
/// the reader gave it, and the key of what each output was made of (`super::cache`).
const SCHEMA_2: &str = "
CREATE TABLE results(hash TEXT NOT NULL, path BLOB NOT NULL, version TEXT NOT NULL,
  settings TEXT NOT NULL, run INTEGER NOT NULL, record BLOB NOT NULL,
  PRIMARY KEY(hash, path, version, settings));
ALTER TABLE outputs ADD COLUMN inputs TEXT;
";

/// The history of a workspace.
pub struct History {
    conn: Connection,
    path: PathBuf,
    /// The whole file's `quick_check`, started by [`History::open`] on a connection of its
    /// own and awaited before anything is written ([`History::ensure_sound`]): it reads
    /// every page (the kept results are most of them), about a quarter of a second on a
    /// 2,000-workbook workspace, which a re-run need not wait for before it starts reading.
    check: std::cell::RefCell<Option<std::thread::JoinHandle<Result<(), Why>>>>,
}

/// A finding as the history keeps it.
#[derive(Debug, Clone)]
pub struct KeptFinding {
    /// campaign.md §10.
    pub identity: String,
    /// The unit's name.
    pub unit: String,
    /// The rule.
    pub code: String,
    /// `error`, `warning`, `info`.
    pub severity: String,
    /// `new`, `remaining`, `superseded`.
    pub state: String,
    /// The file (relative to the inbox).
    pub file: String,
    /// The table's name.
    pub table: String,
    /// The sheet.
    pub sheet: String,
    /// The cell.
    pub cell: String,
    /// The message (Chinese).
    pub message: String,
}

/// A file received in a run.
#[derive(Debug, Clone)]
pub struct Received {
    /// blake3 hex.
    pub hash: String,
    /// The path (relative to the inbox).
    pub path: String,
    /// Modification time (seconds).
    pub mtime: Option<i64>,
}

/// What a run records.
#[derive(Debug, Default)]
pub struct RunRecord {
    /// The local date and time.
    pub at: String,
    /// The policy's name.
    pub policy: String,
    /// The year.
    pub year: i32,
    /// Counts: files, tables, errors, warnings.
    pub counts: [usize; 4],
    /// Files received.
    pub files: Vec<Received>,
    /// Every finding.
    pub findings: Vec<KeptFinding>,
    /// Each unit's record as JSON (what `status` prints).
    pub units: Vec<(String, String)>,
    /// Outputs written: path relative to the results folder, content hash.
    pub outputs: Vec<(String, String)>,
    /// What the run read (the inbox's listing, the settings, the roster, the program):
    /// a run with the same fingerprint has nothing new to do.
    pub fingerprint: String,
    /// The run's exit status (0 or 1).
    pub exit: u8,
    /// The figures next year compares with (campaign.md §7).
    pub figures: super::previous::YearRecord,
}

/// A unit of a round.
#[derive(Debug, Clone)]
pub struct RoundUnit {
    /// The unit's name (the history keys it by its [`org_key`]).
    pub name: String,
    /// The letter's number.
    pub number: Option<String>,
    /// Its sequence number.
    pub seq: Option<i64>,
    /// The deadline (`YYYY-MM-DD`).
    pub deadline: Option<String>,
    /// Errors sent.
    pub errors: usize,
    /// The findings sent.
    pub findings: Vec<KeptFinding>,
}

/// SQLite's defensive settings for a file that is not ours.
fn defensive(conn: &Connection) -> Result<()> {
    use rusqlite::config::DbConfig;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.execute_batch("PRAGMA query_only=ON;")?;
    conn.busy_timeout(std::time::Duration::from_secs(2))?;
    Ok(())
}

/// Why a history file is refused, in Chinese and in English.
type Why = (&'static str, &'static str);
const NOT_SQLITE: Why = (
    "已损坏或不是 SQLite 文件",
    "is damaged or not an SQLite file",
);
const DAMAGED: Why = ("已损坏", "is damaged");
const CANNOT_OPEN: Why = ("无法打开", "cannot be opened");
const NOT_OURS: Why = ("不是 selfeval 的历史文件", "is not a selfeval history");
const CANNOT_CHECK: Why = ("无法检查", "cannot be checked");

/// `PRAGMA quick_check` of every page: `Err` says why the file is refused.
fn whole_file_check(conn: &Connection) -> Result<(), Why> {
    let ok: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|_| NOT_SQLITE)?;
    if ok == "ok" {
        Ok(())
    } else {
        Err(DAMAGED)
    }
}

/// The history is refused: what is wrong with it, then what to do (its first sentence is
/// what another workspace's reader quotes).
fn refuse(path: &Path, (zh, en): Why) -> anyhow::Error {
    let p = path.display();
    Message::error(
        format!("{p} {zh}。为免丢失历史，selfeval 不会覆盖它：请从备份恢复该文件，或将它移到别处后重新运行（将从空的历史开始）。"),
        format!("{p} {en}. To keep the history, selfeval will not overwrite it: restore the file from a backup, or move it elsewhere and run again (starting from an empty history)."),
    )
}

impl History {
    /// Opens (or creates) the history; refuses a damaged, foreign or newer file.
    pub fn open(path: &Path) -> Result<History> {
        let exists = path.exists();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|_| refuse(path, CANNOT_OPEN))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let h = History {
            conn,
            path: path.to_path_buf(),
            check: Default::default(),
        };
        if exists {
            h.validate(true)?;
            h.check_in_background();
        } else {
            h.create()?;
        }
        Ok(h)
    }

    /// Opens another workspace's history read-only (上年工作区), with SQLite's defensive
    /// settings: that file is not ours, so its schema is not trusted (no triggers, views or
    /// functions it names run) and nothing can be written through this connection.
    pub fn open_read_only(path: &Path) -> Result<History> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|_| refuse(path, CANNOT_OPEN))?;
        defensive(&conn).map_err(|_| refuse(path, CANNOT_OPEN))?;
        let h = History {
            conn,
            path: path.to_path_buf(),
            check: Default::default(),
        };
        h.validate(false)?;
        h.quick_check()?;
        Ok(h)
    }

    fn create(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA journal_mode=WAL;")?;
        let tx = self.conn.unchecked_transaction()?;
        tx.execute_batch(SCHEMA)?;
        tx.execute_batch(SCHEMA_2)?;
        tx.execute_batch(&format!(
            "PRAGMA application_id={APPLICATION_ID}; PRAGMA user_version={SCHEMA_VERSION};"
        ))?;
        tx.commit()?;
        Ok(())
    }

    /// What a glance at the file shows: an SQLite file of selfeval's, of a schema this
    /// program reads (upgraded when older and `upgrade`, after a whole-file check). The
    /// whole-file check of a file that is not upgraded is the caller's:
    /// [`History::quick_check`] or [`History::check_in_background`].
    fn validate(&self, upgrade: bool) -> Result<()> {
        let path = &self.path;
        let app: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|_| refuse(path, NOT_SQLITE))?;
        if app != APPLICATION_ID {
            return Err(refuse(path, NOT_OURS));
        }
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            let p = path.display();
            return Err(Message::error(
                format!("{p} 由较新版本的 selfeval 写成（格式版本 {version}，本程序支持 {SCHEMA_VERSION}）；请使用新版本的 selfeval。"),
                format!("{p} was written by a newer selfeval (format {version}, this program reads up to {SCHEMA_VERSION}); please use the newer selfeval."),
            ));
        }
        if upgrade && version < SCHEMA_VERSION {
            self.quick_check()?;
            self.upgrade(version)?;
        }
        Ok(())
    }

    /// SQLite's `quick_check` of the whole file, here and now.
    fn quick_check(&self) -> Result<()> {
        whole_file_check(&self.conn).map_err(|why| refuse(&self.path, why))
    }

    /// Starts [`History::quick_check`] on a read-only connection of its own.
    fn check_in_background(&self) {
        let path = self.path.clone();
        let handle = std::thread::spawn(move || {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(&path, flags).map_err(|_| CANNOT_OPEN)?;
            whole_file_check(&conn)
        });
        *self.check.borrow_mut() = Some(handle);
    }

    /// Waits for the whole-file check started at open: nothing is written to a damaged
    /// file (campaign.md §6), and a damaged file is refused with the same message as at
    /// open.
    pub fn ensure_sound(&self) -> Result<()> {
        let Some(handle) = self.check.borrow_mut().take() else {
            return Ok(());
        };
        match handle.join() {
            Ok(Ok(())) => Ok(()),
            Ok(Err(why)) => Err(refuse(&self.path, why)),
            Err(_) => Err(refuse(&self.path, CANNOT_CHECK)),
        }
    }

    /// Upgrades an older file in place after copying it to `selfeval.db.bak-{version}`
    /// (campaign.md §6); the upgrade is one transaction.
    fn upgrade(&self, version: i64) -> Result<()> {
        let path = &self.path;
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| FILE.into());
        let backup = path.with_file_name(format!("{name}.bak-{version}"));
        // An earlier backup of the same version is the same file: never replaced.
        if !backup.exists() {
            std::fs::copy(path, &backup).explain(|| {
                let (p, b) = (path.display(), backup.display());
                Message::new(
                    format!("无法在升级前备份 {p} 到 {b}"),
                    format!("cannot back {p} up to {b} before upgrading it"),
                )
            })?;
        }
        let tx = self.conn.unchecked_transaction()?;
        if version < 2 {
            tx.execute_batch(SCHEMA_2)?;
        }
        tx.execute_batch(&format!("PRAGMA user_version={SCHEMA_VERSION};"))?;
        tx.commit()?;
        Ok(())
    }

    /// The next run's number.
    pub fn next_run(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM runs", [], |r| {
                r.get(0)
            })?)
    }

    /// When a content hash was first seen: (run, modification time then).
    pub fn first_seen(&self, hash: &str) -> Result<Option<(i64, Option<i64>)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT first_run, first_mtime FROM files WHERE hash=?1",
                [hash],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The date a hash was first seen (`YYYY-MM-DD`).
    pub fn first_date(&self, hash: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT substr(first_seen, 1, 10) FROM files WHERE hash=?1",
                [hash],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The pins: path → (hash, run of the pin).
    pub fn pins(&self) -> Result<Vec<(String, Option<String>, i64)>> {
        let mut st = self
            .conn
            .prepare("SELECT path, hash, run FROM pins ORDER BY path")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The pinned paths (relative to the inbox, `/`-separated) of the workspace history at
    /// `path`, read without taking the history over, for the page's list of a unit's files;
    /// none when the file cannot be read (the page then offers no removal).
    pub fn pinned_paths(path: &Path) -> Vec<String> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let Ok(conn) = Connection::open_with_flags(path, flags) else {
            return Vec::new();
        };
        let Ok(mut st) = conn.prepare("SELECT path FROM pins ORDER BY path") else {
            return Vec::new();
        };
        st.query_map([], |r| r.get(0))
            .map(|rows| rows.filter_map(std::result::Result::ok).collect())
            .unwrap_or_default()
    }

    /// Pins a file (by its path relative to the inbox), or removes the pin.
    pub fn pin(&mut self, path: &str, hash: Option<&str>, remove: bool, at: &str) -> Result<bool> {
        self.ensure_sound()?;
        if remove {
            return Ok(self
                .conn
                .execute("DELETE FROM pins WHERE path=?1", [path])?
                > 0);
        }
        let run: i64 = self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) FROM runs", [], |r| r.get(0))?;
        self.conn.execute(
            "INSERT OR REPLACE INTO pins(path, hash, run, at) VALUES(?1, ?2, ?3, ?4)",
            params![path, hash, run, at],
        )?;
        Ok(true)
    }

    /// The connection, for the parts of the history kept by their own modules
    /// (`super::cache`, the year-over-year tables of `super::previous`).
    pub(super) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Records a run with `more` written in the same transaction, all of it or nothing.
    pub fn record_run_with(
        &mut self,
        run: i64,
        rec: &RunRecord,
        more: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<()>,
    ) -> Result<()> {
        self.ensure_sound()?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO runs(id, at, version, policy, year, files, tables, errors, warnings, fingerprint, exit) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
            params![run, rec.at, env!("CARGO_PKG_VERSION"), rec.policy, rec.year, rec.counts[0] as i64, rec.counts[1] as i64, rec.counts[2] as i64, rec.counts[3] as i64, rec.fingerprint, i64::from(rec.exit)],
        )?;
        for f in &rec.files {
            tx.execute(
                "INSERT OR IGNORE INTO files(hash, first_run, first_mtime, first_seen) VALUES(?1,?2,?3,?4)",
                params![f.hash, run, f.mtime, rec.at],
            )?;
            tx.execute(
                "INSERT OR IGNORE INTO file_paths(hash, path, run) VALUES(?1,?2,?3)",
                params![f.hash, f.path, run],
            )?;
        }
        {
            let mut st = tx.prepare(
                "INSERT INTO findings(run, identity, unit, code, severity, state, file, table_name, sheet, cell, message) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
            )?;
            for x in &rec.findings {
                st.execute(params![
                    run, x.identity, x.unit, x.code, x.severity, x.state, x.file, x.table, x.sheet,
                    x.cell, x.message
                ])?;
            }
        }
        for (unit, record) in &rec.units {
            tx.execute(
                "INSERT INTO run_units(run, unit, record) VALUES(?1,?2,?3)",
                params![run, unit, record],
            )?;
        }
        super::previous::record(&tx, run, &rec.figures)?;
        tx.execute("DELETE FROM outputs", [])?;
        for (path, hash) in &rec.outputs {
            tx.execute(
                "INSERT INTO outputs(path, hash, run) VALUES(?1,?2,?3)",
                params![path, hash, run],
            )?;
        }
        more(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// The last run's fingerprint, counts (files, tables, errors, warnings) and exit status.
    pub fn last_fingerprint(&self) -> Result<Option<(String, [i64; 4], u8)>> {
        let row = self
            .conn
            .query_row(
                "SELECT COALESCE(fingerprint, ''), files, tables, errors, warnings, COALESCE(exit, 1) FROM runs ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get::<_, String>(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?], r.get::<_, i64>(5)?)),
            )
            .optional()?;
        Ok(row.map(|(f, c, e)| (f, c, u8::try_from(e).unwrap_or(1))))
    }

    /// The outputs of the last run: path (relative to the results folder) → hash.
    pub fn outputs(&self) -> Result<Vec<(String, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT path, hash FROM outputs ORDER BY path")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last run: (number, time).
    pub fn last_run(&self) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, at FROM runs ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The unit records (JSON) of a run.
    pub fn run_units(&self, run: i64) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare("SELECT record FROM run_units WHERE run=?1 ORDER BY rowid")?;
        let rows = st.query_map([run], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last round issued: (number, date, run).
    pub fn last_round(&self) -> Result<Option<(u32, String, i64)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT number, date, run FROM rounds ORDER BY number DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    /// The year the run of the last round issued was for, when a round was issued and its
    /// run had a year.
    pub fn last_round_year(&self) -> Result<Option<i32>> {
        Ok(self
            .conn
            .query_row(
                "SELECT runs.year FROM rounds JOIN runs ON runs.id = rounds.run \
                 ORDER BY rounds.number DESC LIMIT 1",
                [],
                |r| r.get::<_, Option<i32>>(0),
            )
            .optional()?
            .flatten())
    }

    /// The date of round `number`, when it was recorded.
    pub fn round_date(&self, number: u32) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT date FROM rounds WHERE number = ?1", [number], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Each unit's last round: unit key → (round, run of the round, errors sent, letter).
    pub fn units_last_round(&self) -> Result<Vec<(String, u32, i64, usize)>> {
        let mut st = self.conn.prepare(
            "SELECT u.unit, u.round, r.run, u.errors FROM round_units u JOIN rounds r ON r.number=u.round
             WHERE u.round = (SELECT MAX(round) FROM round_units v WHERE v.unit=u.unit) ORDER BY u.unit",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get::<_, i64>(3)? as usize,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The run a unit's (by key) first round was issued after, if any round was sent to it.
    pub fn first_round_run(&self, unit: &str) -> Result<Option<i64>> {
        Ok(self.conn.query_row(
            "SELECT MIN(r.run) FROM round_units u JOIN rounds r ON r.number=u.round WHERE u.unit=?1",
            [unit],
            |r| r.get(0),
        )?)
    }

    /// The findings sent to a unit (by key) in a round.
    pub fn round_findings(&self, round: u32, unit: &str) -> Result<Vec<KeptFinding>> {
        let mut st = self.conn.prepare(
            "SELECT identity, code, severity, COALESCE(table_name,''), message FROM round_findings WHERE round=?1 AND unit=?2 ORDER BY rowid",
        )?;
        let rows = st.query_map(params![round, unit], |r| {
            Ok(KeptFinding {
                identity: r.get(0)?,
                unit: unit.to_string(),
                code: r.get(1)?,
                severity: r.get(2)?,
                state: "new".into(),
                file: String::new(),
                table: r.get(3)?,
                sheet: String::new(),
                cell: String::new(),
                message: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The highest letter sequence number given so far.
    pub fn last_seq(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM round_units", [], |r| {
                r.get(0)
            })?)
    }

    /// The last run in which any file of these hashes was first seen.
    pub fn latest_first_run(&self, hashes: &[String]) -> Result<Option<i64>> {
        let mut best = None;
        for h in hashes {
            if let Some((run, _)) = self.first_seen(h)? {
                best = best.max(Some(run));
            }
        }
        Ok(best)
    }

    /// Records a round, all of it or nothing.
    pub fn record_round(
        &mut self,
        number: u32,
        date: &str,
        run: i64,
        units: &[RoundUnit],
    ) -> Result<()> {
        self.ensure_sound()?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO rounds(number, date, run) VALUES(?1,?2,?3)",
            params![number, date, run],
        )?;
        for u in units {
            let key = org_key(&u.name);
            tx.execute(
                "INSERT INTO round_units(round, unit, name, letter_number, seq, deadline, errors) VALUES(?1,?2,?3,?4,?5,?6,?7)",
                params![number, key, u.name, u.number, u.seq, u.deadline, u.errors as i64],
            )?;
            for x in &u.findings {
                tx.execute(
                    "INSERT INTO round_findings(round, unit, identity, code, severity, table_name, message) VALUES(?1,?2,?3,?4,?5,?6,?7)",
                    params![number, key, x.identity, x.code, x.severity, x.table, x.message],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The findings of a run.
    // Kept unused: the year-over-year comparison (issue 28, branch `yoy`) reads with it.
    #[allow(dead_code)]
    pub fn findings_of_run(&self, run: i64) -> Result<Vec<KeptFinding>> {
        let mut st = self.conn.prepare(
            "SELECT identity, unit, code, severity, state, COALESCE(file,''), COALESCE(table_name,''), COALESCE(sheet,''), COALESCE(cell,''), message FROM findings WHERE run=?1 ORDER BY rowid",
        )?;
        let rows = st.query_map([run], |r| {
            Ok(KeptFinding {
                identity: r.get(0)?,
                unit: r.get(1)?,
                code: r.get(2)?,
                severity: r.get(3)?,
                state: r.get(4)?,
                file: r.get(5)?,
                table: r.get(6)?,
                sheet: r.get(7)?,
                cell: r.get(8)?,
                message: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes the WAL back into the main file, so that a copy of `selfeval.db` alone is a
    /// whole backup.
    pub fn checkpoint(&self) -> Result<()> {
        self.ensure_sound()?;
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }
}
