//! An archive in the inbox (templates.md §9): each entry of a `.zip` checked as if it were
//! a file in the folder, listed as `报送材料.zip › 文件名`. The archive is read in the
//! reader process like a workbook (its entries one after another, in one request); its
//! entries come back as the members of one checked file and take its place in the list
//! ([`super::listed`]). An archive refused whole (encrypted, a bomb, damaged) is listed
//! itself with its finding.

use super::{check_bytes, skipped, CheckedFile, FileStatus, Settings};
use crate::diag::Finding;
use crate::read::archive::{entries, opens_as_archive, Entry, EntryFault};
use crate::read::walk::classify;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The separator between an archive's path and an entry's name (`报送材料.zip › 文件名`).
pub const SEPARATOR: &str = " › ";

/// The path an entry is listed under: the archive's path (its bytes kept exactly), the
/// separator and the entry's name.
pub fn entry_path(archive: &Path, name: &str) -> PathBuf {
    let mut p = OsString::from(archive.as_os_str());
    p.push(SEPARATOR);
    p.push(name);
    PathBuf::from(p)
}

/// The name a unit knows a file by: its file name; for an entry of an archive, the
/// archive's file name, the separator and the entry's name as the file list shows it
/// (`报送材料.zip › 自评表/项目支出.xlsx`, templates.md §9), so that the unit finds it.
pub fn shown_name(path: &Path) -> String {
    let whole = path.to_string_lossy();
    let own = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.to_string_lossy().into_owned())
    };
    match whole.split_once(SEPARATOR) {
        Some((archive, entry)) => format!("{}{SEPARATOR}{entry}", own(Path::new(archive))),
        None => own(path),
    }
}

/// The file stem a unit of its own is named after: an entry's archive's stem (`报送材料`
/// for `报送材料.zip › 说明.doc`), any other file's own stem.
pub fn unit_stem(path: &Path) -> Option<String> {
    let whole = path.to_string_lossy();
    match whole.split_once(SEPARATOR) {
        Some((archive, _)) => Path::new(archive)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned()),
        None => path.file_stem().map(|s| s.to_string_lossy().into_owned()),
    }
}

/// Checks every entry of an archive's bytes.
pub fn check_archive(path: &Path, bytes: &[u8], settings: &Settings) -> CheckedFile {
    let mut file = match entries(bytes) {
        Ok(list) => {
            let mut file = listing(path, bytes);
            file.members = list
                .into_iter()
                .map(|e| check_entry(path, e, settings))
                .collect();
            if file.members.is_empty() {
                return empty(path);
            }
            file
        }
        Err(refused) => refused_whole(path, refused.finding()),
    };
    file.hash = Some(*blake3::hash(bytes).as_bytes());
    file
}

fn check_entry(archive: &Path, e: Entry, settings: &Settings) -> CheckedFile {
    let path = entry_path(archive, &e.name);
    let mut skip = classify(Path::new(&e.name));
    if let Ok(bytes) = &e.content {
        if crate::read::walk::is_excel_xml(Path::new(&e.name), skip, bytes) {
            skip = None;
        }
    }
    let mut file = match (skip, e.content) {
        // An archive inside says so, whatever its kind (`.rar` too).
        (_, Err(EntryFault::Nested)) => with_finding(&path, EntryFault::Nested.finding()),
        (Some(reason), _) => skipped(&path, reason),
        (None, Err(fault)) => with_finding(&path, fault.finding()),
        // A zip of files under a workbook's name is an archive inside too.
        (None, Ok(bytes)) if opens_as_archive(Path::new(&e.name), &bytes) => {
            with_finding(&path, EntryFault::Nested.finding())
        }
        // A document is read as in a folder: its Word tables (templates.md §9), else as
        // the narrative report.
        (None, Ok(bytes)) if crate::read::narrative::is_report(&path) => {
            super::word::check_document(&path, &bytes, settings)
        }
        (None, Ok(bytes)) => check_bytes(&path, &bytes, settings),
    };
    file.modified = e.modified;
    file
}

/// The archive itself, holding its members.
fn listing(path: &Path, _bytes: &[u8]) -> CheckedFile {
    CheckedFile::bare(path, FileStatus::Ok)
}

/// An archive refused whole: listed with its finding.
fn refused_whole(path: &Path, f: Finding) -> CheckedFile {
    let mut file = with_finding(path, f);
    file.status = FileStatus::Unreadable;
    file
}

/// A file listed with one finding: skipped for an information, unreadable otherwise.
fn with_finding(path: &Path, f: Finding) -> CheckedFile {
    let status = if f.severity() == crate::diag::Severity::Info {
        FileStatus::Skipped
    } else {
        FileStatus::Unreadable
    };
    CheckedFile {
        findings: vec![f],
        ..CheckedFile::bare(path, status)
    }
}

fn empty(path: &Path) -> CheckedFile {
    let f = Finding::new(
        crate::diag::Code::FileSkipped,
        crate::diag::Message::new("压缩包中没有文件，已跳过", "an empty archive, passed over"),
    );
    with_finding(path, f)
}
