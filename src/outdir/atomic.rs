//! Saving a workbook atomically: write to a temporary name in the target's folder, flush it
//! to disk, then rename it into place, so a reader never sees half a file and a failed write
//! never destroys the previous file. Many small files in one folder (the unit workbooks)
//! are renamed first and flushed together afterwards ([`flush_folder`]).
//!
//! The temporaries are `tempfile`'s, named `.NAME.tmp-PID.XXXXXX` beside the target: hidden,
//! removed when a write fails, and recognisable by the next run, which removes those of a
//! killed run (`cmd::run`).

use crate::form;
use anyhow::{Context, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use tempfile::{NamedTempFile, TempPath};

/// The deflate level of every workbook selfeval writes (1 = fastest). Compressing is most
/// of the cost of saving a small workbook: level 1 saves about half of that time against
/// rust_xlsxwriter's default 6, for files about a fifth larger (docs/performance.md).
pub const ZIP_LEVEL: u8 = 1;

/// The creation date written into every workbook (2000-01-01T00:00:00Z). A fixed date keeps
/// the output byte-identical for the same input; the file system keeps the real time.
///
/// Every output carries [`form::OUTPUT_CATEGORY`] as its category, so the reader knows
/// it again when it is dropped back into an inbox; the template does not
/// ([`template_properties`]): units fill it in and send it back.
pub fn fixed_properties() -> Result<DocProperties> {
    Ok(template_properties()?.set_category(form::OUTPUT_CATEGORY))
}

/// The properties of the blank template: a fixed date, no output category.
pub fn template_properties() -> Result<DocProperties> {
    let date = ExcelDateTime::from_ymd(2000, 1, 1).context("fixed creation date")?;
    Ok(DocProperties::new()
        .set_creation_datetime(&date)
        .set_author("selfeval"))
}

/// Removes the temporary files (`.NAME.tmp-…`) a killed run left in `dir`; call it only
/// while holding OUTDIR's lock.
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.contains(".tmp-") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Saves `workbook` to `path` atomically, with [`fixed_properties`] so that the same
/// workbook gives the same bytes.
pub fn save_atomic(workbook: &mut Workbook, path: &Path) -> Result<()> {
    save_atomic_with(workbook, path, &fixed_properties()?)
}

/// Saves `workbook` to `path` atomically with the given document properties (set a fixed
/// creation date on them for deterministic output).
pub fn save_atomic_with(workbook: &mut Workbook, path: &Path, props: &DocProperties) -> Result<()> {
    workbook.set_properties(props);
    save_to_temp(workbook, path)?.commit()
}

/// Builds `workbook` (with [`fixed_properties`]) and writes it to a temporary file beside
/// `path`, flushed to disk, without renaming it: the caller puts it in place with
/// [`Pending::commit`] once everything it depends on is written. Dropped uncommitted, the
/// temporary file is removed.
pub fn save_pending(workbook: &mut Workbook, path: &Path) -> Result<Pending> {
    workbook.set_properties(&fixed_properties()?);
    save_to_temp(workbook, path)
}

/// How a file of the output set goes to its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Through a temporary name and a rename: a reader never sees half a file. For a set
    /// written in place, file by file, into OUTDIR.
    Atomic,
    /// Straight to its name, truncating a file of ours already there: inside a staging
    /// folder that is switched in whole (`outdir::set`), where no one reads until the
    /// set is complete. Rewriting the staged spare's files keeps their inodes, where a
    /// temporary and a rename would create one and delete one per file.
    Direct,
}

impl Placement {
    /// Writes `bytes` to `path` this way, unflushed (see [`flush_folder`]).
    pub fn write_unflushed(self, bytes: &[u8], path: &Path) -> Result<()> {
        match self {
            Placement::Atomic => write_bytes_atomic_unflushed(bytes, path),
            Placement::Direct => write_bytes_direct(bytes, path),
        }
    }
}

/// Saves a small `workbook` (with [`fixed_properties`]) to `path` the given way,
/// unflushed: for the many unit workbooks of one folder, flushed together afterwards with
/// [`flush_folder`].
pub fn save_unflushed(workbook: &mut Workbook, path: &Path, how: Placement) -> Result<()> {
    workbook.set_properties(&fixed_properties()?);
    workbook.set_zip_compression_level(ZIP_LEVEL);
    let bytes = workbook
        .save_to_buffer()
        .with_context(|| format!("building workbook {}", path.display()))?;
    how.write_unflushed(&bytes, path)
}

/// Writes `bytes` to `path` itself. A symbolic link there is not followed and a file with
/// other names (hard links) is not written through: either is replaced by a new file.
fn write_bytes_direct(bytes: &[u8], path: &Path) -> Result<()> {
    let cannot = || format!("cannot write {}", path.display());
    let mut f = match open_own(path) {
        Ok(f) => f,
        Err(_) => {
            // Not a plain file of ours (a link, a folder's leftovers): start afresh.
            let _ = fs::remove_file(path);
            open_own(path).with_context(cannot)?
        }
    };
    f.write_all(bytes).with_context(cannot)
}

/// Opens `path` for writing, truncated, refusing a symbolic link or a file with several
/// names.
fn open_own(path: &Path) -> std::io::Result<fs::File> {
    let mut o = fs::OpenOptions::new();
    o.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // NONBLOCK: a FIFO planted under an output's name fails to open at once instead
        // of waiting for a reader forever (it is then replaced, as a link is).
        o.custom_flags((rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits() as i32);
    }
    let f = o.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = f.metadata()?;
        if m.nlink() > 1 || !m.is_file() {
            return Err(std::io::Error::other("not a plain file"));
        }
    }
    f.set_len(0)?;
    Ok(f)
}

/// Streams the workbook into a temporary file beside `path` (never whole in memory: a
/// bureau's summary runs to tens of megabytes) and flushes it to disk.
fn save_to_temp(workbook: &mut Workbook, path: &Path) -> Result<Pending> {
    workbook.set_zip_compression_level(ZIP_LEVEL);
    let mut tmp = temp_beside(path)?;
    workbook
        .save_to_writer(tmp.as_file_mut())
        .with_context(|| format!("building workbook {}", path.display()))?;
    Pending::flushed(tmp, path)
}

/// Like [`save_pending`], the package passing through `rewrite` (from an anonymous scratch
/// file to the temporary file beside `path`) before it is flushed (`xlsx::heights`).
pub fn save_pending_rewritten(
    workbook: &mut Workbook,
    path: &Path,
    rewrite: &mut dyn FnMut(&mut fs::File, &mut fs::File) -> Result<()>,
) -> Result<Pending> {
    workbook.set_properties(&fixed_properties()?);
    workbook.set_zip_compression_level(ZIP_LEVEL);
    let mut scratch = tempfile::tempfile().context("cannot create a temporary file")?;
    workbook
        .save_to_writer(&mut scratch)
        .with_context(|| format!("building workbook {}", path.display()))?;
    let mut tmp = temp_beside(path)?;
    rewrite(&mut scratch, tmp.as_file_mut())
        .with_context(|| format!("building workbook {}", path.display()))?;
    Pending::flushed(tmp, path)
}

/// A file written under a temporary name, waiting to be renamed into place. Dropped
/// uncommitted, the temporary file is removed.
#[derive(Debug)]
pub struct Pending {
    tmp: TempPath,
    path: PathBuf,
}

impl Pending {
    /// The temporary file `tmp`, written, flushed to disk and closed: only its name waits
    /// for the rename to `path`.
    fn flushed(tmp: tempfile::NamedTempFile, path: &Path) -> Result<Pending> {
        tmp.as_file()
            .sync_all()
            .with_context(|| format!("cannot flush {}", tmp.path().display()))?;
        Ok(Pending {
            tmp: tmp.into_temp_path(),
            path: path.to_path_buf(),
        })
    }

    /// Renames the file into place.
    pub fn commit(self) -> Result<()> {
        self.tmp
            .persist(&self.path)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot rename into {}", self.path.display()))?;
        sync_dir(&self.path);
        Ok(())
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename, like
/// [`write_bytes_atomic`], but without flushing it to disk: for many files in one folder,
/// flushed together afterwards with [`flush_folder`] (one disk round trip instead of two
/// per file).
pub fn write_bytes_atomic_unflushed(bytes: &[u8], path: &Path) -> Result<()> {
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes)
        .with_context(|| format!("cannot write {}", tmp.path().display()))?;
    persist(tmp, path)
}

/// Flushes to disk the files written into `dir` by [`write_bytes_atomic_unflushed`]: on
/// Linux one `syncfs` of the file system holding `dir`; elsewhere each file, then `dir`.
pub fn flush_folder(dir: &Path, files: &[PathBuf]) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        let _ = files;
        let d = fs::File::open(dir).with_context(|| format!("cannot open {}", dir.display()))?;
        rustix::fs::syncfs(&d).with_context(|| format!("cannot flush {}", dir.display()))?;
    }
    #[cfg(not(target_os = "linux"))]
    {
        for f in files {
            flush_file(f).with_context(|| format!("cannot flush {}", f.display()))?;
        }
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Flushes a written file to disk. Opened for writing: some systems refuse to flush a
/// read-only handle.
#[cfg(not(target_os = "linux"))]
fn flush_file(path: &Path) -> std::io::Result<()> {
    fs::OpenOptions::new().write(true).open(path)?.sync_all()
}

/// Persists a rename; not every platform lets a folder be opened and synced.
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, flushed, and a
/// rename.
pub fn write_bytes_atomic(bytes: &[u8], path: &Path) -> Result<()> {
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes)
        .with_context(|| format!("cannot write {}", tmp.path().display()))?;
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("cannot flush {}", tmp.path().display()))?;
    persist(tmp, path)?;
    sync_dir(path);
    Ok(())
}

/// Writes `path` through a temporary file and a rename, the content coming from `fill`
/// (streamed through a buffer, so it never needs to be in memory whole).
pub fn write_with_atomic(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let mut tmp = temp_beside(path)?;
    let shown = tmp.path().display().to_string();
    let mut w = std::io::BufWriter::new(tmp.as_file_mut());
    fill(&mut w)?;
    w.into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| format!("cannot write {shown}"))?;
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("cannot flush {}", tmp.path().display()))?;
    persist(tmp, path)
}

/// Creates the hidden temporary file for `path` in the same folder (a rename does not
/// cross file systems): `.NAME.tmp-PID.XXXXXX`, readable like any file selfeval writes.
fn temp_beside(path: &Path) -> Result<NamedTempFile> {
    let name = path
        .file_name()
        .with_context(|| format!("{} names no file", path.display()))?
        .to_string_lossy();
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let prefix = format!(".{name}.tmp-{}.", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    // tempfile's default is owner-only; the outputs are ordinary files (umask applies).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file beside {}", path.display()))
}

/// Renames `tmp` into place; on failure the temporary file is removed.
fn persist(tmp: NamedTempFile, path: &Path) -> Result<()> {
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot rename into {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_the_file_and_leave_no_temp() {
        // Flushed one by one, and unflushed then flushed with the folder.
        type Writer = fn(&[u8], &Path) -> Result<()>;
        for write in [write_bytes_atomic as Writer, write_bytes_atomic_unflushed] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("a.xlsx");
            write(b"one", &path).unwrap();
            write(b"two", &path).unwrap();
            flush_folder(dir.path(), std::slice::from_ref(&path)).unwrap();
            assert_eq!(fs::read(&path).unwrap(), b"two");
            assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        }
    }

    #[test]
    fn pending_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.xlsx");
        let mut wb = Workbook::new();
        wb.add_worksheet().write_string(0, 0, "汇总").unwrap();
        let p = save_pending(&mut wb, &path).unwrap();
        assert!(!path.exists());
        p.commit().unwrap();
        assert!(path.exists());
        let mut wb = Workbook::new();
        wb.add_worksheet();
        drop(save_pending(&mut wb, &dir.path().join("other.xlsx")).unwrap());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "an uncommitted temporary was left behind");
    }

    #[test]
    fn temporaries_are_hidden_and_named_for_the_next_runs_cleanup() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = temp_beside(&dir.path().join("summary.xlsx")).unwrap();
        let name = tmp
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let pid = std::process::id();
        assert!(
            name.starts_with(&format!(".summary.xlsx.tmp-{pid}.")),
            "{name}"
        );
        // The pattern `cmd::run` removes at the start of a run.
        assert!(name.starts_with('.') && name.contains(".tmp-"));
    }

    #[cfg(unix)]
    #[test]
    fn outputs_have_the_permissions_of_an_ordinary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        fs::write(&plain, b"x").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let a = dir.path().join("a.xlsx");
        write_bytes_atomic(b"one", &a).unwrap();
        assert_eq!(mode(&a), mode(&plain));
        let b = dir.path().join("b.json");
        write_with_atomic(&b, |w| Ok(w.write_all(b"{}")?)).unwrap();
        assert_eq!(fs::read(&b).unwrap(), b"{}");
        assert_eq!(mode(&b), mode(&plain));
    }

    #[test]
    fn a_failing_fill_leaves_no_temp_and_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        let err = write_with_atomic(&path, |w| {
            w.write_all(b"half")?;
            anyhow::bail!("store unreadable")
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "store unreadable");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn failure_removes_temp_and_keeps_old_file() {
        let dir = tempfile::tempdir().unwrap();
        // Renaming a file onto a non-empty folder fails: the old content must survive.
        let target = dir.path().join("busy");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("x"), b"keep").unwrap();
        assert!(write_bytes_atomic(b"new", &target).is_err());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "temporary file left behind");
        assert_eq!(fs::read(target.join("x")).unwrap(), b"keep");
    }
}

#[cfg(test)]
mod examples {
    //! What the documentation once showed as examples, kept as tests of the crate's
    //! private rooms (doctests reach only the public surface).

    #[test]
    fn a_placement_replaces_the_file() -> Result<(), Box<dyn std::error::Error>> {
        use crate::outdir::atomic::Placement;
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.docx");
        Placement::Direct.write_unflushed(b"one", &path)?;
        Placement::Atomic.write_unflushed(b"two", &path)?;
        assert_eq!(std::fs::read(&path)?, b"two");
        Ok(())
    }
}
