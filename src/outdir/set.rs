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

use crate::diag::Message;
use crate::outdir::atomic::Placement;
use anyhow::{Context, Result};
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

/// The unit's draft report (in `reports/UNIT/`).
pub const DRAFT_FILE: &str = "自评报告（初稿）.docx";
/// The unit's return letter (in `reports/UNIT/`).
pub const LETTER_FILE: &str = "审核意见书.docx";
/// The bureau's report (in `reports/`).
pub const BUREAU_FILE: &str = "汇总报告（初稿）.docx";

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

/// The spare set's folder beside `out` (an INBOX may not lie in it either).
pub fn spare_path(out: &Path) -> PathBuf {
    sibling(out, SPARE)
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

/// Why OUTDIR could not be made or locked, in the user's language (cli.md: an error of
/// the command line is in Chinese, English with `--lang en`); the OS's reason in words for
/// the usual cases, as the OS gives it otherwise.
fn refused(zh: &str, en: &str, out: &Path, e: Option<&std::io::Error>) -> anyhow::Error {
    let (rz, re) = e
        .map(io_reason)
        .map(|(z, e)| (format!("：{z}"), format!(": {e}")))
        .unwrap_or_default();
    let o = out.display();
    Message::error(format!("{zh} {o}{rz}"), format!("{en} {o}{re}"))
}

/// Why a file or folder could not be written, in Chinese and in English: the usual cases
/// in words (`diag::io_reason`), else as the OS says it.
pub fn io_reason(e: &std::io::Error) -> (String, String) {
    match crate::diag::io_reason(e) {
        Some((zh, en)) => (zh.to_string(), en.to_string()),
        None => (e.to_string(), e.to_string()),
    }
}

/// Creates OUTDIR when missing, takes its lock (exit 2 for the caller when another run
/// holds it) and removes what a killed run left beside it.
pub fn open(out: &Path) -> Result<OutDir> {
    let o = out.display();
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Message::error(
            format!("输出文件夹 {o} 是符号链接：selfeval 不会跟随或替换它，请直接给出它指向的文件夹"),
            format!("OUTDIR {o} is a symbolic link: selfeval neither follows nor replaces it; give the folder it points to"),
        ));
    }
    let (cz, ce) = ("无法创建输出文件夹", "cannot create OUTDIR");
    std::fs::create_dir_all(out).map_err(|e| refused(cz, ce, out, Some(&e)))?;
    let (wz, we) = ("无法写入输出文件夹", "cannot write to OUTDIR");
    if !out.is_dir() {
        return Err(refused(wz, we, out, None));
    }
    let beside_lock = lock_path(out);
    if std::fs::symlink_metadata(&beside_lock).is_ok_and(|m| !m.is_file()) {
        let l = beside_lock.display();
        return Err(Message::error(
            format!("{l} 不是 selfeval 的锁文件（是符号链接或特殊文件），selfeval 不会跟随或删除它；请移走后再运行"),
            format!("{l} is not selfeval's lock file (a link or a special file); it is neither followed nor removed: move it away and run again"),
        ));
    }
    let (lock_path, beside) = match lock_file(&beside_lock) {
        Ok(_) => (lock_path(out), true),
        Err(_) => (out.join(INNER_LOCK_FILE), false),
    };
    let lock = lock_file(&lock_path).map_err(|e| refused(wz, we, out, Some(&e)))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            return Err(Message::error(
                format!("另一个 selfeval 正在向 {o} 写入结果，请等它结束后再运行"),
                format!("another selfeval run is writing to {o}"),
            ))
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(refused(wz, we, out, Some(&e))),
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
    let mut o = std::fs::OpenOptions::new();
    o.create(true).truncate(false).write(true);
    // A link planted at the lock's name is never followed (a dangling one would create
    // a file wherever it points), nor a FIFO waited on: the run refuses instead.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags((rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits() as i32);
    }
    let f = o.open(path)?;
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::other("the lock is not a plain file"));
    }
    Ok(f)
}

impl OutDir {
    /// OUTDIR.
    pub fn path(&self) -> &Path {
        &self.out
    }

    /// The first file of OUTDIR (relative to it) that cannot be opened for writing: a
    /// workbook open in Excel on Windows, which denies writing to it — and so the folder
    /// holding it cannot be switched. Asked before a workspace records its run, so that a
    /// set that cannot go in is not recorded as the one that did (campaign.md §10).
    pub fn held_open(&self) -> Option<String> {
        let walk = walkdir::WalkDir::new(&self.out)
            .follow_links(false)
            .min_depth(1);
        walk.into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .find(|e| {
                // Appending writes nothing: the file and its time are left as they are.
                let open = std::fs::OpenOptions::new().append(true).open(e.path());
                open.is_err()
            })
            .and_then(|e| relative(&self.out, e.path()))
    }

    /// Holding the lock, staging folders and temporary files left here are a killed run's.
    fn remove_leftovers(&self) {
        let prefix = sibling(&self.out, "selfeval-new-");
        let prefix = prefix.file_name().map(|n| n.to_string_lossy().into_owned());
        if let (Some(prefix), Ok(entries)) = (prefix, std::fs::read_dir(parent_of(&self.out))) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                // A staging folder of ours (by name, a folder itself) holding nothing
                // that is not ours.
                if name.starts_with(&prefix)
                    && is_plain_dir(&e.path())
                    && foreign_in(&e.path(), true).is_none()
                {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        crate::outdir::atomic::remove_stale_temps(&self.out);
        if is_plain_dir(&self.out.join("units")) {
            crate::outdir::atomic::remove_stale_temps(&self.out.join("units"));
        }
    }

    /// How the next set goes in: exchanged when OUTDIR holds nothing but what selfeval
    /// wrote there.
    pub fn mode(&self) -> Mode {
        if self.refusal().is_none() {
            Mode::Exchange
        } else {
            Mode::InPlace
        }
    }

    /// Why the set cannot be switched whole, `None` when it can. Writing in place could
    /// be killed (or run out of disk) halfway, leaving the old summary beside new files;
    /// moving an entry of the user's aside with the old set would lose it. So the run
    /// refuses, saying why.
    pub fn refusal(&self) -> Option<Message> {
        let o = self.out.display();
        if let Some(entry) = foreign_entry(&self.out) {
            let e = entry.display();
            return Some(Message::new(
                format!("输出文件夹 {o} 中有不是 selfeval 写出的内容（{e}）：为不移动、不覆盖它，本次不写出结果；请另选一个新的（或空的）输出文件夹，或移走该内容"),
                format!("OUTDIR {o} holds something selfeval did not write ({e}); to neither move nor overwrite it, no output is written: choose a new (or empty) OUTDIR, or move it away"),
            ));
        }
        if !self.beside {
            return Some(Message::new(
                format!("输出文件夹 {o} 的上级文件夹不可写：无法在其旁边写好整套结果后一次替换；请选择一个上级文件夹可写的输出文件夹"),
                format!("the parent of OUTDIR {o} cannot be written, so the set cannot be written beside it and switched in at once; choose an OUTDIR whose parent can be written"),
            ));
        }
        if !same_device(&self.out, &parent_of(&self.out)) {
            return Some(Message::new(
                format!("输出文件夹 {o} 是挂载点：无法一次替换整套结果；请在其中新建一个子文件夹作为输出文件夹"),
                format!("OUTDIR {o} is a mount point, so the set cannot be switched in at once; make a folder inside it and give that as OUTDIR"),
            ));
        }
        None
    }

    /// The folder that keeps the set before the current one.
    fn spare(&self) -> PathBuf {
        spare_path(&self.out)
    }

    /// A folder to write the next set into: the spare when there is one (its files are
    /// rewritten), else a new one.
    pub fn stage(&self) -> Result<Stage<'_>> {
        if let Some(why) = self.refusal() {
            return Err(anyhow::Error::new(why));
        }
        let mode = Mode::Exchange;
        let dir = sibling(&self.out, &format!("selfeval-new-{}", std::process::id()));
        if is_plain_dir(&dir) && foreign_entry(&dir).is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        let spare = self.spare();
        // The spare is staged in only when it holds nothing but a set of ours (no link,
        // no special file, nothing unlisted); otherwise it is left alone.
        let ours = is_plain_dir(&spare) && foreign_entry(&spare).is_none();
        if !(ours && std::fs::rename(&spare, &dir).is_ok()) {
            std::fs::create_dir(&dir).with_context(|| cannot_write(&self.out))?;
        }
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

/// The name of the manifest: every file and folder of the set, one relative path a
/// line (`/` between parts), written last into the set before it is switched in. What it
/// lists is selfeval's; nothing else in OUTDIR or the spare is ever moved or deleted.
pub const MANIFEST: &str = ".selfeval-manifest";

/// The number of the workspace run that wrote a set, written into it before the run is
/// recorded: a run killed after recording and before its set went in leaves the history
/// naming a set that is not the live one, and the next run can tell (campaign::view).
pub const RUN_MARK: &str = ".selfeval-run";

/// Largest manifest read (a set of 20,000 units lists about 60,000 paths, 4 MB).
const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

fn relative(set: &Path, p: &Path) -> Option<String> {
    let rel = p.strip_prefix(set).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

fn read_manifest(set: &Path) -> Option<std::collections::HashSet<String>> {
    use std::io::Read;
    let f = File::open(set.join(MANIFEST)).ok()?;
    if !f.metadata().ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    f.take(MAX_MANIFEST_BYTES).read_to_string(&mut text).ok()?;
    Some(text.lines().map(str::to_string).collect())
}

/// A temporary of a killed run (`.NAME.tmp-PID.XXXXXX`), removed by the next.
fn is_temp(name: &str) -> bool {
    name.starts_with('.') && name.contains(".tmp-")
}

/// Whether a path of a set written before manifests existed has the shape selfeval
/// writes: the three files and two folders, workbooks in units/, documents in reports/.
fn legacy_shape(rel: &str, is_dir: bool) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        [n] if is_dir => ["units", "reports"].contains(n),
        [n] => OUTPUT_NAMES.contains(n),
        ["units", n] => !is_dir && n.ends_with(".xlsx"),
        ["reports", n] => is_dir || *n == BUREAU_FILE,
        ["reports", _, f] => !is_dir && (*f == DRAFT_FILE || *f == LETTER_FILE),
        _ => false,
    }
}

/// The first entry of a set folder that selfeval did not write: not in its manifest (or,
/// without one, not of the shape of a set), or not a plain file or folder (a link, a
/// FIFO, a device). `None` when every entry is selfeval's.
pub fn foreign_entry(set: &Path) -> Option<PathBuf> {
    foreign_in(set, false)
}

/// [`foreign_entry`]; for a killed run's staging folder (`staged`), an entry of the shape
/// of a set is selfeval's too: the folder is the previous set, whose manifest it holds,
/// with the files of the new set the run had written when it was killed, listed nowhere.
fn foreign_in(set: &Path, staged: bool) -> Option<PathBuf> {
    let listed = read_manifest(set);
    let walk = walkdir::WalkDir::new(set)
        .follow_links(false)
        .min_depth(1)
        .max_depth(4);
    for e in walk {
        let Ok(e) = e else {
            return Some(set.to_path_buf());
        };
        let name = e.file_name().to_string_lossy();
        let ft = e.file_type();
        if e.depth() == 1
            && (name == MANIFEST || name == INNER_LOCK_FILE || name == RUN_MARK)
            && ft.is_file()
        {
            continue;
        }
        if is_temp(&name) && ft.is_file() {
            continue;
        }
        let rel = relative(set, e.path()).unwrap_or_default();
        let shaped = match &listed {
            Some(l) => l.contains(&rel) || (staged && legacy_shape(&rel, ft.is_dir())),
            None => legacy_shape(&rel, ft.is_dir()),
        };
        if !(ft.is_file() || ft.is_dir()) || !shaped {
            return Some(e.path().to_path_buf());
        }
    }
    None
}

/// Writes the manifest of a set folder: every file and folder in it (not following
/// links; temporaries and the manifest itself left out).
pub fn write_manifest(set: &Path) -> Result<()> {
    let mut lines: Vec<String> = walkdir::WalkDir::new(set)
        .follow_links(false)
        .min_depth(1)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() || e.file_type().is_dir())
        .filter(|e| {
            let n = e.file_name().to_string_lossy();
            !(is_temp(&n) || (e.depth() == 1 && n == MANIFEST))
        })
        .filter_map(|e| relative(set, e.path()))
        .collect();
    lines.sort();
    let mut text = lines.join("\n");
    text.push('\n');
    Placement::Atomic
        .write_unflushed(text.as_bytes(), &set.join(MANIFEST))
        .with_context(|| cannot_write(set))
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
        write_manifest(&self.dir)?;
        exchange(&self.dir, out).with_context(|| cannot_write(out))?;
        // The staging folder now holds the previous set: the spare, unless it is empty
        // (a first run's new OUTDIR) or something not ours already has the spare's name.
        let empty = std::fs::read_dir(&self.dir).map_or(true, |mut e| e.next().is_none());
        let spare = self.owner.spare();
        let taken = std::fs::symlink_metadata(&spare).is_ok();
        if !KEEP_SPARE || empty || taken || std::fs::rename(&self.dir, &spare).is_err() {
            // The previous set, every entry of which was checked to be ours.
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
        // A file of the user's in OUTDIR: no set is written (it would be moved aside with
        // the old set, or mixed with it in place), and the spare is left as it is.
        std::fs::write(out.join("备注.docx"), b"mine").unwrap();
        let err = dir.stage().unwrap_err().to_string();
        assert!(err.contains("备注.docx"), "{err}");
        assert!(dir.spare().exists());
        assert_eq!(std::fs::read(out.join("备注.docx")).unwrap(), b"mine");
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
