//! Each file's checked result kept in the history (issue 28, campaign.md §6 "reading a file
//! that is already in the history by hash does not read it again", §10): a re-run reads only
//! the files whose content it has not checked before under the same program and settings.
//!
//! A result is kept *as the reader gave it* (before the cross-file rules, which depend on the
//! other files), postcard-encoded as the store spills it, under (content hash, path, program
//! version, settings). The path is part of the key because the result carries it and depends
//! on it (a declaration whose file name says 调整 is an adjustment; an archive's entries are
//! listed under its name): the same content under a new name is read again. The settings
//! fingerprint covers what a reader's result depends on — the policy, the year, the
//! approved declarations (campaign.md §10) and the reader processes' own arguments.
//!
//! Only answers of a reader process are kept: a time-out, a memory failure or a crash
//! ([`crate::check::worker::Failure`]) is never kept, nor a file the reader could not load
//! (that may pass). New results are spilled to a temporary file during the read
//! and written in the run's one transaction ([`Results::save`]), so a killed run keeps none.

use crate::check::approved::CheckedDeclaration;
use crate::check::worker::Pool;
use crate::check::{CheckedFile, Settings};
use crate::diag::{en_count, Explain};
use crate::read::walk::Input;
use anyhow::{Context, Result};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The program results are kept under: the package version and a hash of the sources and
/// locked dependencies (build.rs). Any other build, also one with the same version number,
/// reads every file again.
pub const VERSION: &str = env!("SELFEVAL_BUILD");

/// Connections [`Results`] reads kept results through, at most.
pub const MAX_READERS: usize = 8;

/// One result to keep: hash, path bytes, settings, and where its record is in the spill.
struct Entry {
    hash: String,
    path: Vec<u8>,
    settings: String,
    at: u64,
    len: usize,
}

/// The results read in this run, spilled until the run commits.
struct Spill {
    file: BufWriter<std::fs::File>,
    end: u64,
    entries: Vec<Entry>,
}

/// The kept results of a workspace, shared by the threads that read files.
pub struct Results {
    /// Connections to the history, one per reading thread (at most [`MAX_READERS`]): a
    /// re-run takes thousands of results, each a query and a blob copy, which one shared
    /// connection would make one after another.
    db: Vec<Mutex<Connection>>,
    spill: Mutex<Spill>,
    /// The settings fingerprint of the inbox's files ([`fingerprint`]).
    pub fingerprint: String,
    /// Files sent to a reader process in this run.
    read: AtomicUsize,
    /// Files whose result was taken from the history.
    taken: AtomicUsize,
    /// The declarations read from the workspace's 申报表/ (hash, declarations).
    declared: Mutex<Vec<(String, Vec<CheckedDeclaration>)>>,
    /// The workspace's folder as this run names it (the history's folder): results are
    /// kept under paths relative to it, so that the workspace named from another folder
    /// (`run DIR` from its parent, `run` inside it, the page's absolute path) or moved
    /// whole finds them.
    root: PathBuf,
}

/// The settings fingerprint: what a reader's result depends on besides the file.
pub fn fingerprint(settings: &Settings, worker: &str) -> String {
    let mut h = blake3::Hasher::new();
    h.update(
        serde_json::to_string(&settings.policy)
            .unwrap_or_default()
            .as_bytes(),
    );
    h.update(format!("|{:?}|{worker}|", settings.year).as_bytes());
    h.update(format!("{:?}", settings.declarations).as_bytes());
    h.finalize().to_hex().to_string()
}

fn path_bytes(p: &Path) -> Vec<u8> {
    p.as_os_str().as_encoded_bytes().to_vec()
}

/// A kept result's paths (its own and its archive entries') moved from the folder it was
/// kept under, `from`, to the one this run names, `to`.
fn rebase(file: &mut CheckedFile, from: &Path, to: &Path) {
    if let Ok(rest) = file.path.strip_prefix(from) {
        file.path = to.join(rest);
    }
    for m in &mut file.members {
        rebase(m, from, to);
    }
}

impl Results {
    /// Opens the kept results of the history at `db` (already opened and upgraded by
    /// [`super::history::History::open`]); `fingerprint` is set once the settings are known.
    pub fn open(db: &Path) -> Result<Results> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY;
        let conns = (0..rayon::current_num_threads().clamp(1, MAX_READERS))
            .map(|_| {
                let conn = Connection::open_with_flags(db, flags)
                    .explain(|| super::cannot("打开", "open", db))?;
                conn.busy_timeout(std::time::Duration::from_secs(10))?;
                Ok(Mutex::new(conn))
            })
            .collect::<Result<Vec<_>>>()?;
        let file = tempfile::tempfile().context("cannot create a temporary file")?;
        Ok(Results {
            db: conns,
            spill: Mutex::new(Spill {
                file: BufWriter::new(file),
                end: 0,
                entries: Vec::new(),
            }),
            fingerprint: String::new(),
            read: AtomicUsize::new(0),
            taken: AtomicUsize::new(0),
            declared: Mutex::new(Vec::new()),
            root: db.parent().map(Path::to_path_buf).unwrap_or_default(),
        })
    }

    /// The key of a path: relative to the workspace's folder.
    fn key(&self, p: &Path) -> Vec<u8> {
        path_bytes(p.strip_prefix(&self.root).unwrap_or(p))
    }

    /// (files read, files taken from the history) so far in this run.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.read.load(Ordering::Relaxed),
            self.taken.load(Ordering::Relaxed),
        )
    }

    /// Checks one input of the inbox: its kept result, or a reader's.
    pub fn check(&self, input: &Input, pool: Option<&Pool>, settings: &Settings) -> CheckedFile {
        self.check_as(input, pool, settings, &self.fingerprint)
    }

    /// Checks one input under the settings fingerprint `fp`.
    pub fn check_as(
        &self,
        input: &Input,
        pool: Option<&Pool>,
        settings: &Settings,
        fp: &str,
    ) -> CheckedFile {
        if input.skip.is_some() {
            return crate::check::check_input(input, settings);
        }
        let hash = crate::decode::load::read_input(&input.path)
            .ok()
            .map(|b| blake3::hash(&b).to_hex().to_string());
        if let Some(file) = hash.as_deref().and_then(|h| self.kept(input, h, fp)) {
            self.taken.fetch_add(1, Ordering::Relaxed);
            return file;
        }
        self.read.fetch_add(1, Ordering::Relaxed);
        let (file, answered) = match pool {
            Some(p) => p.check_kept(input),
            None => (crate::check::check_input(input, settings), true),
        };
        // The reader hashed the same content, or passed it over for what it holds (a note
        // beside the tables); a file it could not load is not kept (that may pass).
        let skipped = file.status == crate::check::FileStatus::Skipped;
        let same = skipped || file.hash.map(|h| super::view::hex(&h)) == hash;
        if let (true, true, Some(h)) = (answered, same, hash) {
            self.keep(input, h, fp, &file);
        }
        file
    }

    /// The kept result of this content under this path, with its modification time now.
    fn kept(&self, input: &Input, hash: &str, fp: &str) -> Option<CheckedFile> {
        let record: Vec<u8> = {
            let at = rayon::current_thread_index().unwrap_or(0) % self.db.len().max(1);
            let db = self.db.get(at)?.lock().ok()?;
            let mut st = db
                .prepare_cached(
                    "SELECT record FROM results WHERE hash=?1 AND path=?2 AND version=?3 AND settings=?4",
                )
                .ok()?;
            st.query_row(params![hash, self.key(&input.path), VERSION, fp], |r| {
                r.get(0)
            })
            .optional()
            .ok()??
        };
        let mut file: CheckedFile = postcard::from_bytes(&record).ok()?;
        // Kept under the folder as the run that read it named it: the key's part of the
        // path (as many components) is the same, the folder before it may not be.
        if let Ok(rel) = input.path.strip_prefix(&self.root) {
            let depth = rel.components().count();
            if let Some(then) = file.path.ancestors().nth(depth).map(Path::to_path_buf) {
                rebase(&mut file, &then, &self.root);
            }
        }
        if file.path != input.path {
            return None;
        }
        // As `check::check_input` sets it: the file's own time (an archive's entries keep
        // theirs, which are in its content).
        if file.members.is_empty() {
            file.modified = crate::check::modified_seconds(&input.path);
        }
        Some(file)
    }

    fn keep(&self, input: &Input, hash: String, fp: &str, file: &CheckedFile) {
        let Ok(record) = postcard::to_allocvec(file) else {
            return;
        };
        let Ok(mut spill) = self.spill.lock() else {
            return;
        };
        if spill.file.write_all(&record).is_err() {
            return;
        }
        let at = spill.end;
        spill.end += record.len() as u64;
        spill.entries.push(Entry {
            hash,
            path: self.key(&input.path),
            settings: fp.to_string(),
            at,
            len: record.len(),
        });
    }

    /// Notes the declarations of a file of 申报表/ for the history's `declarations` table.
    pub fn declared(&self, file: &CheckedFile) {
        let Some(h) = file.hash.as_ref() else {
            return;
        };
        let decls: Vec<CheckedDeclaration> = crate::check::listed_ref(file)
            .into_iter()
            .flat_map(|f| f.declarations.iter().cloned())
            .collect();
        if let Ok(mut d) = self.declared.lock() {
            d.push((super::view::hex(h), decls));
        }
    }

    /// Writes this run's new results and declarations in the run's transaction; results of
    /// other program versions are dropped (they can never be used again).
    pub fn save(&self, tx: &rusqlite::Transaction<'_>, run: i64) -> Result<()> {
        let mut spill = self
            .spill
            .lock()
            .map_err(|_| anyhow::anyhow!("results lock poisoned"))?;
        spill.file.flush()?;
        let Spill { file, entries, .. } = &mut *spill;
        let file = file.get_mut();
        let mut st = tx.prepare(
            "INSERT OR REPLACE INTO results(hash, path, version, settings, run, record) VALUES(?1,?2,?3,?4,?5,?6)",
        )?;
        for e in entries.iter() {
            let mut record = vec![0; e.len];
            file.seek(SeekFrom::Start(e.at))?;
            file.read_exact(&mut record)?;
            st.execute(params![e.hash, e.path, VERSION, e.settings, run, record])?;
        }
        file.seek(SeekFrom::End(0))?;
        tx.execute("DELETE FROM results WHERE version<>?1", [VERSION])?;
        let declared = self
            .declared
            .lock()
            .map_err(|_| anyhow::anyhow!("results lock poisoned"))?;
        for (hash, decls) in declared.iter() {
            // A declaration file is a file received (campaign.md §6): its first sight orders
            // a project's declarations (templates.md §8, the later counts).
            tx.execute(
                "INSERT OR IGNORE INTO files(hash, first_run, first_mtime, first_seen) SELECT ?1, id, NULL, at FROM runs WHERE id=?2",
                params![hash, run],
            )?;
            tx.execute("DELETE FROM declarations WHERE hash=?1", [hash])?;
            for d in decls {
                let x = &d.declaration;
                tx.execute(
                    "INSERT INTO declarations(hash, sheet, code, name, unit, record) VALUES(?1,?2,?3,?4,?5,?6)",
                    params![
                        hash,
                        x.sheet,
                        x.code.as_ref().map(|c| c.text.clone()),
                        x.name.text,
                        x.unit.text,
                        serde_json::to_string(d)?
                    ],
                )?;
            }
        }
        Ok(())
    }
}

/// The terminal's line on what was read: how many files were read and how many results
/// were taken from the history (also what the tests check that a re-run reads only what
/// changed).
pub fn say_counts(results: &Results, outputs: usize, lang: crate::diag::Lang) {
    let (read, taken) = results.counts();
    match lang {
        crate::diag::Lang::Zh => eprintln!(
            "本次读取 {read} 个文件，{taken} 个文件未改变、沿用历史记录中的检查结果；{outputs} 个结果文件内容未变、未重写。"
        ),
        crate::diag::Lang::En => eprintln!(
            "read {}; {} took their results from the history; {} taken from the last run",
            en_count(read, "file"),
            en_count(taken, "unchanged file"),
            en_count(outputs, "unchanged output file")
        ),
    }
}
