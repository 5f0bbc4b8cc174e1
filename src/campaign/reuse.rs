//! A workspace's previous output set as the source of unchanged units' outputs (issue 28,
//! `write::reuse`). The history records, for each output, its content hash and the key of
//! what it was made of (`outputs.inputs`). An output whose key is unchanged is copied from
//! the live set into the set being written — only when the live file still has the hash
//! the history recorded: a file the officer edited is kept by `结果/已修改/` (campaign.md §8)
//! and written afresh, never passed off as selfeval's. The set is still switched in whole.
//! On Unix the copy is a hard link (no data written). The next run stages its set in this
//! one's folder and writes files there in place (`write::outset`), but never through a
//! file with several names: `write::atomic` replaces such a file instead of truncating it,
//! so the live set is never written; and a writer never writes over an output it was told
//! was taken. Elsewhere the bytes are copied.

use super::history::History;
use anyhow::Result;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The previous set's outputs and the keys this run asks for.
#[derive(Debug)]
pub struct Outputs {
    live: PathBuf,
    stage: PathBuf,
    /// Path (relative to the set) → (content hash, key of its inputs).
    previous: HashMap<String, (String, String)>,
    /// Path → key, for every output this run keyed.
    keys: Mutex<Vec<(String, String)>>,
    /// Path → hash of each output taken (the live copy was checked unedited).
    verified: Mutex<HashMap<String, String>>,
    taken: AtomicUsize,
    /// The program and the readers' settings: a unit's files are keyed by their content,
    /// and what the reader made of it depends on these too.
    salt: String,
    /// The inbox as this run names it ([`crate::render::reuse::Reuse::root`]).
    inbox: PathBuf,
}

impl Outputs {
    /// The previous set of `live` as the history recorded it; `stage` is where this run
    /// writes its set.
    pub fn new(
        history: &History,
        (live, inbox): (&Path, &Path),
        stage: &Path,
        settings: &str,
    ) -> Result<Outputs> {
        let mut st = history
            .conn()
            .prepare("SELECT path, hash, inputs FROM outputs WHERE inputs IS NOT NULL")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
        Ok(Outputs {
            live: live.to_path_buf(),
            stage: stage.to_path_buf(),
            previous: rows.collect::<rusqlite::Result<_>>()?,
            keys: Mutex::new(Vec::new()),
            verified: Mutex::new(HashMap::new()),
            taken: AtomicUsize::new(0),
            salt: format!("{}|{settings}", super::cache::VERSION),
            inbox: inbox.to_path_buf(),
        })
    }

    /// The outputs taken, with their hashes.
    pub fn verified(&self) -> HashMap<String, String> {
        self.verified.lock().map(|v| v.clone()).unwrap_or_default()
    }

    /// How many outputs were taken from the previous set.
    pub fn taken(&self) -> usize {
        self.taken.load(Ordering::Relaxed)
    }

    /// Puts the previous copy of `rel` at `path`; false when it is missing, was edited, or
    /// cannot be copied (then it is written afresh).
    fn copy(&self, rel: &str, key: &str, path: &Path) -> bool {
        let Some((hash, inputs)) = self.previous.get(rel) else {
            return false;
        };
        if inputs != key {
            return false;
        }
        let from = self.live.join(rel);
        if super::file_hash(&from).as_deref() != Some(hash.as_str()) {
            return false;
        }
        // Written in place (no staging folder): the file is already where it belongs.
        if same_file(&from, path) {
            return true;
        }
        if let Some(parent) = path.parent() {
            if std::fs::create_dir_all(parent).is_err() {
                return false;
            }
        }
        #[cfg(unix)]
        {
            let _ = std::fs::remove_file(path);
            if std::fs::hard_link(&from, path).is_ok() {
                return true;
            }
        }
        // Straight to its name, as the writers place files in a staging folder; the set
        // is flushed as a whole by the writers.
        let Ok(bytes) = std::fs::read(&from) else {
            return false;
        };
        crate::outdir::atomic::Placement::Direct
            .write_unflushed(&bytes, path)
            .is_ok()
    }

    /// Writes the keys of this run's outputs beside their hashes (after `outputs` was
    /// rewritten), in the run's transaction.
    pub fn save(&self, tx: &rusqlite::Transaction<'_>) -> Result<()> {
        let keys = self
            .keys
            .lock()
            .map_err(|_| anyhow::anyhow!("outputs lock poisoned"))?;
        let mut st = tx.prepare("UPDATE outputs SET inputs=?2 WHERE path=?1")?;
        for (rel, key) in keys.iter() {
            st.execute([rel, key])?;
        }
        Ok(())
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

impl crate::render::reuse::Reuse for Outputs {
    fn root(&self) -> &Path {
        &self.inbox
    }

    fn reuse(&self, path: &Path, key: &blake3::Hash) -> bool {
        let Ok(rel) = path.strip_prefix(&self.stage) else {
            return false;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let mut h = blake3::Hasher::new();
        h.update(self.salt.as_bytes());
        h.update(key.as_bytes());
        let key = h.finalize().to_hex().to_string();
        let done = self.copy(&rel, &key, path);
        if done {
            self.taken.fetch_add(1, Ordering::Relaxed);
            if let (Ok(mut v), Some((hash, _))) = (self.verified.lock(), self.previous.get(&rel)) {
                v.insert(rel.clone(), hash.clone());
            }
        }
        if let Ok(mut keys) = self.keys.lock() {
            keys.push((rel, key));
        }
        done
    }
}
