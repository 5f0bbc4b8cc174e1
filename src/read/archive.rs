//! Archives in the inbox (templates.md §9): a unit's `报送材料.zip` is opened and each entry
//! read as if it were in the folder. The archive is bounded as a workbook package is
//! ([`limits`]): the number of entries, the declared and the actually inflated size (in
//! total, [`limits::MAX_ARCHIVE_INFLATED_BYTES`], and per entry, the file size gate
//! [`limits::MAX_FILE_BYTES`]), and the ratio of an entry's inflated to its compressed size
//! ([`limits::MAX_ARCHIVE_RATIO`]). Declared sizes can lie, so inflation itself counts and
//! stops at the bound: a zip bomb costs bounded work and memory. An encrypted entry makes
//! the archive `file-encrypted`; an archive inside an archive is listed, never opened.
//!
//! Entry names are decoded as UTF-8 when they are (the flag of the entry, or bytes that
//! are valid UTF-8), else as GB18030, the encoding of archives made on Chinese Windows.

use super::limits;
use crate::diag::{Code, Finding, Message};
use std::io::{Cursor, Read};

/// Extensions of archives: a `.zip` is opened, the others are asked for as `.zip`.
pub const ARCHIVE_EXTENSIONS: &[&str] = &["zip", "rar", "7z"];

/// Whether a file name names a `.zip` archive (by its extension).
pub fn is_zip(name: &std::path::Path) -> bool {
    name.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// One entry of an archive.
#[derive(Debug)]
pub struct Entry {
    /// The entry's name (its path inside the archive), decoded.
    pub name: String,
    /// The entry's time as written in the archive, in seconds since 1970 (as if UTC).
    pub modified: Option<i64>,
    /// Its bytes, or why it was not read.
    pub content: Result<Vec<u8>, EntryFault>,
}

/// Why one entry was not read (the others still are).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryFault {
    /// An archive inside the archive: listed, not opened.
    Nested,
    /// Inflates past the per-file bound or the ratio bound.
    TooLarge,
    /// Damaged: it does not inflate.
    Corrupt,
}

impl EntryFault {
    /// The finding for an entry not read.
    pub fn finding(self) -> Finding {
        let mb = limits::MAX_FILE_BYTES >> 20;
        match self {
            EntryFault::Nested => Finding::new(
                Code::FileSkipped,
                Message::new(
                    "压缩包中的压缩包，未打开；请解压后直接报送其中的文件",
                    "an archive inside an archive, not opened; send the files inside it instead",
                ),
            ),
            EntryFault::TooLarge => Finding::new(
                Code::FileUnreadable,
                Message::new(
                    format!("压缩包中的此文件解压后超过 {mb} MB 或压缩比异常，可能是恶意构造的文件，未读取"),
                    format!("this entry inflates past {mb} MB or at an abnormal ratio (a possible zip bomb); not read"),
                ),
            ),
            EntryFault::Corrupt => Finding::new(
                Code::FileUnreadable,
                Message::new(
                    "压缩包中的此文件已损坏，无法解压",
                    "this entry of the archive is damaged and does not inflate",
                ),
            ),
        }
    }
}

/// Why the whole archive was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveFault {
    /// Damaged, or not a zip at all.
    NotZip,
    /// More entries than [`limits::MAX_ARCHIVE_ENTRIES`].
    TooManyEntries,
    /// Password-protected (`file-encrypted`).
    Encrypted,
    /// Inflates past [`limits::MAX_ARCHIVE_INFLATED_BYTES`].
    Inflates,
}

impl ArchiveFault {
    /// The archive's finding.
    pub fn finding(self) -> Finding {
        let n = limits::MAX_ARCHIVE_ENTRIES;
        let mb = limits::MAX_ARCHIVE_INFLATED_BYTES >> 20;
        let (code, zh, en) = match self {
            ArchiveFault::NotZip => (
                Code::FileUnreadable,
                "压缩包已损坏或不是有效的 .zip 文件，无法打开；请重新压缩后报送，或直接报送其中的文件".to_string(),
                "the archive is damaged or not a valid .zip; compress it again or send the files themselves".to_string(),
            ),
            ArchiveFault::TooManyEntries => (
                Code::FileUnreadable,
                format!("压缩包中的文件超过 {n} 个，未打开；请分批报送"),
                format!("the archive holds more than {n} entries; not opened"),
            ),
            ArchiveFault::Encrypted => (
                Code::FileEncrypted,
                "压缩包设有密码，无法打开；请取消密码后重新报送，或直接报送其中的文件".to_string(),
                "the archive is password-protected; remove the password or send the files themselves".to_string(),
            ),
            ArchiveFault::Inflates => (
                Code::FileUnreadable,
                format!("压缩包解压后超过 {mb} MB，可能是恶意构造的文件（压缩炸弹），未打开"),
                format!("the archive inflates past {mb} MB (a possible zip bomb); not opened"),
            ),
        };
        Finding::new(code, Message::new(zh, en))
    }
}

fn not_zip() -> ArchiveFault {
    ArchiveFault::NotZip
}

/// The entries of a `.zip`, each read within the bounds; the archive's refusal
/// (`file-encrypted`, `file-unreadable`) when it cannot be opened at all.
pub fn entries(bytes: &[u8]) -> Result<Vec<Entry>, ArchiveFault> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_zip())?;
    if zip.len() > limits::MAX_ARCHIVE_ENTRIES {
        return Err(ArchiveFault::TooManyEntries);
    }
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|_| not_zip())?;
        if f.encrypted() {
            return Err(ArchiveFault::Encrypted);
        }
        declared = declared.saturating_add(f.size());
    }
    if declared > limits::MAX_ARCHIVE_INFLATED_BYTES {
        return Err(inflates());
    }
    let mut budget = limits::MAX_ARCHIVE_INFLATED_BYTES;
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(|_| not_zip())?;
        if f.is_dir() {
            continue;
        }
        let shown = f.name().map(|n| n.into_owned()).unwrap_or_default();
        let name = decode_name(f.name_raw(), &shown);
        let modified = f.last_modified().and_then(seconds);
        let content = if ARCHIVE_EXTENSIONS.iter().any(|e| has_extension(&name, e)) {
            Err(EntryFault::Nested)
        } else {
            inflate(f, &mut budget)?
        };
        out.push(Entry {
            name,
            modified,
            content,
        });
    }
    Ok(out)
}

fn inflates() -> ArchiveFault {
    ArchiveFault::Inflates
}

/// Inflates one entry within the per-file, ratio and total bounds. An entry over its own
/// bound is that entry's fault; the archive's total spent is the archive's.
fn inflate(
    f: zip::read::ZipFile<'_, Cursor<&[u8]>>,
    budget: &mut u64,
) -> Result<Result<Vec<u8>, EntryFault>, ArchiveFault> {
    let ratio_cap = f
        .compressed_size()
        .saturating_mul(limits::MAX_ARCHIVE_RATIO)
        .max(limits::ARCHIVE_RATIO_FLOOR);
    let own_cap = limits::MAX_FILE_BYTES.min(ratio_cap);
    if f.size() > own_cap {
        return Ok(Err(EntryFault::TooLarge));
    }
    let cap = own_cap.min(*budget);
    let mut bytes = Vec::new();
    let read = f.take(cap + 1).read_to_end(&mut bytes);
    *budget = budget.saturating_sub(bytes.len() as u64);
    if read.is_err() {
        return Ok(Err(EntryFault::Corrupt));
    }
    if bytes.len() as u64 > cap {
        // Declared sizes lied: past the entry's own bound it is the entry's fault, past
        // the archive's budget the archive's.
        return if cap < own_cap {
            Err(inflates())
        } else {
            Ok(Err(EntryFault::TooLarge))
        };
    }
    Ok(Ok(bytes))
}

fn has_extension(name: &str, ext: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// An entry's name: UTF-8 when flagged so (the zip reader then decodes the same text)
/// or when the bytes are valid UTF-8, else GB18030.
///
/// ```
/// use selfeval::read::archive::decode_name;
/// let gbk = [0xD6, 0xB4, 0xD0, 0xD0, b'.', b'x', b'l', b's', b'x'];
/// assert_eq!(decode_name(&gbk, "ignored"), "执行.xlsx");
/// assert_eq!(decode_name("执行.xlsx".as_bytes(), "执行.xlsx"), "执行.xlsx");
/// ```
pub fn decode_name(raw: &[u8], decoded: &str) -> String {
    if let Ok(s) = std::str::from_utf8(raw) {
        return s.to_string();
    }
    let (text, bad) = encoding_rs::GB18030.decode_without_bom_handling(raw);
    if bad {
        decoded.to_string()
    } else {
        text.into_owned()
    }
}

/// A zip entry's time (local time as written) in seconds since 1970, read as UTC.
fn seconds(t: zip::DateTime) -> Option<i64> {
    let (y, m, d) = (
        i64::from(t.year()),
        i64::from(t.month()),
        i64::from(t.day()),
    );
    if !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = i64::from(t.hour()) * 3600 + i64::from(t.minute()) * 60 + i64::from(t.second());
    Some(days * 86_400 + secs)
}
