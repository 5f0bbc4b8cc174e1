//! The output set replaced as a whole.
//!
//! A run writes its whole set (summary.xlsx, findings.xlsx, report.json, units/ …) into a
//! hidden staging folder beside OUTDIR, `.{OUTDIR}.selfeval-new-{pid}`, and switches it in
//! at the end with one atomic exchange of the two folders (Linux `renameat2` with
//! `RENAME_EXCHANGE`). Killed or failing at any moment, the run leaves OUTDIR holding the
//! complete previous set or the complete new one, never a mix.
//!
//! The previous set, now in the staging folder, is kept as the *spare*,
//! `.{OUTDIR}.selfeval-spare` (on Unix, where a leading dot hides it): the next run stages
//! its set in it, rewriting the same files ([`Placement::Direct`]) and removing those of
//! units no longer present, instead of creating thousands of files and deleting as many.
//! (On a file system without a journal, ext4 skips recently deleted inodes when it
//! allocates one, so a run that deletes the old set makes the next one's file creation
//! quadratic; docs/performance.md.) The spare costs the disk room of one set, which the
//! staging needs anyway while a run writes.
//!
//! Two runs on one OUTDIR are kept apart by an OS lock on `.{OUTDIR}.selfeval.lock` beside
//! it, released when the process ends and removed when the run is over. Where the exchange
//! is not possible — OUTDIR holds files that are not outputs (they must stay where they
//! are), its parent cannot be written, or OUTDIR is a mount point — the set is
//! written in place, file by file, each through a temporary name, the summary last
//! ([`Mode::InPlace`], the behaviour documented in docs/security.md).

use crate::write::atomic::Placement;
use anyhow::{bail, Context, Result};
use std::fs::File;
use std::path::{Path, PathBuf};

/// The names of the outputs in OUTDIR: anything else there (but hidden files) makes the
/// switch fall back to [`Mode::InPlace`].
pub const OUTPUT_NAMES: &[&str] = &[
    "summary.xlsx",
    "findings.xlsx",
    "report.json",
    "units",
    "reports",
];

/// The name (after `.{OUTDIR}.`) of the folder that keeps the set before the current one
/// for the next run to stage in.
pub const SPARE: &str = "selfeval-spare";

/// Whether the previous set is kept as the spare: on Unix, where the leading dot hides it
/// (elsewhere it would show beside OUTDIR, so it is deleted as before).
const KEEP_SPARE: bool = cfg!(unix);

/// The lock file used when OUTDIR's parent cannot be written (inside OUTDIR).
pub const INNER_LOCK_FILE: &str = ".selfeval.lock";

/// How a set is put in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Written beside OUTDIR and exchanged with it at once.
    Exchange,
    /// Written into OUTDIR file by file.
    InPlace,
}

/// OUTDIR, locked for this process.
#[derive(Debug)]
pub struct OutDir {
    out: PathBuf,
    lock_path: PathBuf,
    _lock: File,
    /// The parent can be written: staging beside OUTDIR is possible.
    beside: bool,
}

/// Where the lock of `out` is taken: `.{name}.selfeval.lock` in its parent.
pub fn lock_path(out: &Path) -> PathBuf {
    sibling(out, "selfeval.lock")
}

fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    parent_of(out).join(format!(".{name}.{what}"))
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn cannot_write(out: &Path) -> String {
    format!(
        "无法写入输出文件夹 / cannot write to OUTDIR {}",
        out.display()
    )
}

/// Creates OUTDIR when missing, takes its lock (exit 2 for the caller when another run
/// holds it) and removes what a killed run left beside it.
pub fn open(out: &Path) -> Result<OutDir> {
    std::fs::create_dir_all(out).with_context(|| {
        format!(
            "无法创建输出文件夹 / cannot create OUTDIR {}",
            out.display()
        )
    })?;
    if !out.is_dir() {
        bail!("{}", cannot_write(out));
    }
    let (lock_path, beside) = match lock_file(&lock_path(out)) {
        Ok(_) => (lock_path(out), true),
        Err(_) => (out.join(INNER_LOCK_FILE), false),
    };
    let lock = lock_file(&lock_path).with_context(|| cannot_write(out))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "另一个 selfeval 正在向 {} 写入结果，请等它结束后再运行 / another selfeval run is writing to {}",
            out.display(),
            out.display()
        ),
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| cannot_write(out));
        }
    }
    let dir = OutDir {
        out: out.to_path_buf(),
        lock_path,
        _lock: lock,
        beside,
    };
    dir.remove_leftovers();
    Ok(dir)
}

fn lock_file(path: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}

impl OutDir {
    /// OUTDIR.
    pub fn path(&self) -> &Path {
        &self.out
    }

    /// Holding the lock, staging folders and temporary files left here are a killed run's.
    fn remove_leftovers(&self) {
        let prefix = sibling(&self.out, "selfeval-");
        let prefix = prefix.file_name().map(|n| n.to_string_lossy().into_owned());
        let spare = self.spare();
        let spare = spare.file_name().map(|n| n.to_string_lossy().into_owned());
        if let (Some(prefix), Ok(entries)) = (prefix, std::fs::read_dir(parent_of(&self.out))) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let keep = spare.as_deref() == Some(name.as_str());
                if name.starts_with(&prefix) && !keep && e.path().is_dir() {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        crate::write::atomic::remove_stale_temps(&self.out);
        crate::write::atomic::remove_stale_temps(&self.out.join("units"));
    }

    /// How the next set goes in: exchanged when OUTDIR holds nothing but outputs.
    pub fn mode(&self) -> Mode {
        let foreign = std::fs::read_dir(&self.out)
            .map(|entries| {
                entries.flatten().any(|e| {
                    let n = e.file_name().to_string_lossy().into_owned();
                    !n.starts_with('.') && !OUTPUT_NAMES.contains(&n.as_str())
                })
            })
            .unwrap_or(true);
        if self.beside && !foreign && same_device(&self.out, &parent_of(&self.out)) {
            Mode::Exchange
        } else {
            Mode::InPlace
        }
    }

    /// The folder that keeps the set before the current one.
    fn spare(&self) -> PathBuf {
        sibling(&self.out, SPARE)
    }

    /// A folder to write the next set into: the spare when there is one (its files are
    /// rewritten), else a new one.
    pub fn stage(&self) -> Result<Stage<'_>> {
        let mode = self.mode();
        let dir = match mode {
            Mode::InPlace => {
                // Written in place: a spare would only hold disk room.
                discard(&self.spare());
                self.out.clone()
            }
            Mode::Exchange => {
                let dir = sibling(&self.out, &format!("selfeval-new-{}", std::process::id()));
                let _ = std::fs::remove_dir_all(&dir);
                let spare = self.spare();
                if !(is_plain_dir(&spare) && std::fs::rename(&spare, &dir).is_ok()) {
                    discard(&spare);
                    std::fs::create_dir(&dir).with_context(|| cannot_write(&self.out))?;
                }
                dir
            }
        };
        Ok(Stage {
            owner: self,
            dir,
            mode,
            done: false,
        })
    }
}

/// A folder itself, not a link to one.
fn is_plain_dir(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir())
}

/// Removes what is at `p`, a folder (never following a link) or anything else.
fn discard(p: &Path) {
    if std::fs::remove_dir_all(p).is_err() {
        let _ = std::fs::remove_file(p);
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        // The run is over: no lock file is left behind (the OS lock goes with the process).
        let _ = std::fs::remove_file(&self.lock_path);
    }
}

/// One set being written.
#[derive(Debug)]
pub struct Stage<'a> {
    owner: &'a OutDir,
    dir: PathBuf,
    mode: Mode,
    done: bool,
}

impl Stage<'_> {
    /// Where the outputs are written.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// How this set goes in.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// How the many files of units/ and reports/ are written into [`Stage::path`]: straight
    /// to their names in a staging folder (switched in whole), through temporaries in place.
    pub fn placement(&self) -> Placement {
        match self.mode {
            Mode::Exchange => Placement::Direct,
            Mode::InPlace => Placement::Atomic,
        }
    }

    /// Puts the set in place: one exchange of the folders; the old set becomes the spare.
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        if self.mode == Mode::InPlace {
            return Ok(());
        }
        let out = &self.owner.out;
        exchange(&self.dir, out).with_context(|| cannot_write(out))?;
        // The staging folder now holds the previous set: the spare, unless it is empty
        // (a first run's new OUTDIR).
        let empty = std::fs::read_dir(&self.dir).map_or(true, |mut e| e.next().is_none());
        let spare = self.owner.spare();
        if !KEEP_SPARE || empty || std::fs::rename(&self.dir, &spare).is_err() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        Ok(())
    }
}

impl Drop for Stage<'_> {
    fn drop(&mut self) {
        if !self.done && self.mode == Mode::Exchange {
            // A failed set is thrown away; OUTDIR keeps the previous one.
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// False when OUTDIR is a mount point: a folder beside it is on another file system, and
/// the exchange would fail.
fn same_device(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

/// Swaps two folders atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Elsewhere: the old set moved aside, the new one renamed in (two renames).
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    let old = a.with_extension("old");
    std::fs::rename(b, &old)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&old, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_is_exchanged_whole_and_a_failed_one_leaves_the_old() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let dir = open(&out).unwrap();
        assert!(lock_path(&out).exists());
        let s = dir.stage().unwrap();
        assert_eq!(s.mode(), Mode::Exchange);
        std::fs::write(s.path().join("summary.xlsx"), b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("summary.xlsx")).unwrap(), b"one");
        let s = dir.stage().unwrap();
        std::fs::write(s.path().join("summary.xlsx"), b"two").unwrap();
        drop(s);
        assert_eq!(std::fs::read(out.join("summary.xlsx")).unwrap(), b"one");
        // A file of the user's in OUTDIR: written in place, the file stays.
        std::fs::write(out.join("备注.docx"), b"mine").unwrap();
        assert_eq!(dir.mode(), Mode::InPlace);
        drop(dir);
        assert!(!lock_path(&out).exists(), "lock file left");
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out")]);
    }

    #[cfg(unix)]
    #[test]
    fn the_previous_set_is_kept_as_the_spare_and_staged_in_by_the_next_run() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let dir = open(&out).unwrap();
        let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
        // A first run into a new OUTDIR keeps no (empty) spare.
        let s = dir.stage().unwrap();
        assert_eq!(s.placement(), Placement::Direct);
        Placement::Direct
            .write_unflushed(b"one", &s.path().join("summary.xlsx"))
            .unwrap();
        s.commit().unwrap();
        assert!(!dir.spare().exists(), "an empty spare was kept");
        let first = inode(&out.join("summary.xlsx"));
        let s = dir.stage().unwrap();
        Placement::Direct
            .write_unflushed(b"two", &s.path().join("summary.xlsx"))
            .unwrap();
        s.commit().unwrap();
        assert_eq!(
            std::fs::read(dir.spare().join("summary.xlsx")).unwrap(),
            b"one"
        );
        // The third set is written into the first one's files.
        let s = dir.stage().unwrap();
        assert!(!dir.spare().exists(), "the spare was not staged in");
        Placement::Direct
            .write_unflushed(b"three", &s.path().join("summary.xlsx"))
            .unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("summary.xlsx")).unwrap(), b"three");
        assert_eq!(
            inode(&out.join("summary.xlsx")),
            first,
            "a new file was created"
        );
        // Written in place (a file of the user's in OUTDIR), the spare is let go.
        std::fs::write(out.join("备注.docx"), b"mine").unwrap();
        drop(dir.stage().unwrap());
        assert!(!dir.spare().exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_the_spare_is_replaced_not_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim.txt");
        std::fs::write(&victim, b"keep").unwrap();
        let linked = tmp.path().join("linked.txt");
        std::fs::write(&linked, b"keep").unwrap();
        let stage = tmp.path().join("stage");
        std::fs::create_dir(&stage).unwrap();
        std::os::unix::fs::symlink(&victim, stage.join("a.xlsx")).unwrap();
        std::fs::hard_link(&linked, stage.join("b.xlsx")).unwrap();
        for n in ["a.xlsx", "b.xlsx"] {
            Placement::Direct
                .write_unflushed(b"new", &stage.join(n))
                .unwrap();
            assert_eq!(std::fs::read(stage.join(n)).unwrap(), b"new");
        }
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        assert_eq!(std::fs::read(&linked).unwrap(), b"keep");
        assert!(!std::fs::symlink_metadata(stage.join("a.xlsx"))
            .unwrap()
            .file_type()
            .is_symlink());
    }
}
