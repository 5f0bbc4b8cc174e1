//! Archives in the inbox (templates.md §9): a unit's `报送材料.zip` is opened and each entry
//! read as if it were in the folder. The archive is bounded as a workbook package is
//! ([`limits`]): the number of entries, the declared and the actually inflated size (in
//! total, [`limits::MAX_ARCHIVE_INFLATED_BYTES`], and per entry, the file size gate
//! [`limits::MAX_FILE_BYTES`]), and the ratio of an entry's inflated to its compressed size
//! ([`limits::MAX_ARCHIVE_RATIO`]). Declared sizes can lie, so inflation itself counts and
//! stops at the bound: a zip bomb costs bounded work and memory. An archive whose every
//! file is encrypted is `file-encrypted`; in one with a few such files, those entries are;
//! an archive inside an archive is listed, never opened. Entries are never written
//! anywhere: they are read in memory, and listed under a safe relative name.
//!
//! Entry names are decoded as UTF-8 when they are (the flag of the entry, or bytes that
//! are valid UTF-8 and read as CJK), else as GB18030, the encoding of archives made on
//! Chinese Windows ([`decode_name`]). docs/reader.md "Archives probed" has the cases.

use crate::decode::limits;
use crate::diag::{Code, Finding, Message};
use std::io::{Cursor, Read};

/// Extensions of archives: a `.zip` is opened, the others are asked for as `.zip`.
pub const ARCHIVE_EXTENSIONS: &[&str] = &["zip", "rar", "7z"];

/// Whether a file name names a `.zip` archive (by its extension).
pub fn is_zip(name: &std::path::Path) -> bool {
    name.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// Whether a file is opened as an archive, by its name and its parts: a `.zip` unless
/// its parts make it a workbook (a workbook renamed `.zip`, read as the workbook it is),
/// and a spreadsheet's name on a zip of workbooks (`材料.xlsx` holding them, which the
/// workbook reader could only refuse as "a zip that is no workbook"). A zip under a
/// spreadsheet's name holding no workbook is still refused as the file its name says:
/// listing its entries as passed over would drop the error that asks for the table.
///
/// ```
/// use selfeval::read::archive::opens_as_archive;
/// use std::path::Path;
/// assert!(opens_as_archive(Path::new("材料.zip"), b"not a zip at all"));
/// assert!(!opens_as_archive(Path::new("表.xlsx"), b"not a zip at all"));
/// ```
pub fn opens_as_archive(path: &std::path::Path, bytes: &[u8]) -> bool {
    let zip_name = is_zip(path);
    let zipped_workbook_name = spreadsheet_name(path) && bytes.starts_with(b"PK\x03\x04");
    if !(zip_name || zipped_workbook_name) {
        return false;
    }
    // A `.zip` that is no zip at all is still the archive's to refuse (压缩包已损坏…).
    let Ok(metas) = central_directory(bytes) else {
        return zip_name;
    };
    // An Office Open XML or OpenDocument package, not an archive of files.
    let package = metas
        .iter()
        .any(|m| matches!(m.name_raw(), b"[Content_Types].xml" | b"mimetype"));
    !package && (zip_name || metas.iter().any(holds_workbook))
}

/// Whether an entry is named as a workbook. A CSV export is read inside a `.zip`, but does
/// not make a zip under a spreadsheet's name an archive: a broken `.xlsx` holding a stray
/// `.csv` is still refused as the workbook its name says (docs/reader.md, mhtcsv).
fn holds_workbook(m: &Metadata) -> bool {
    let name = decode_name(m.name_raw(), false);
    let path = std::path::Path::new(&name);
    let csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    !m.is_dir() && !csv && spreadsheet_name(path)
}

/// Whether a name has a spreadsheet's extension.
fn spreadsheet_name(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| {
        let e = e.to_string_lossy().to_ascii_lowercase();
        super::walk::SPREADSHEET_EXTENSIONS.contains(&e.as_str())
    })
}

/// One entry of an archive.
#[derive(Debug)]
pub struct Entry {
    /// The entry's name (its path inside the archive), decoded and made safe to show
    /// ([`shown_name`]); unique within its archive.
    pub name: String,
    /// The entry's modification time in seconds since 1970 (UTC): from its UTC time field
    /// when it has one, else its DOS time read as Beijing time ([`seconds`]).
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
    /// Password-protected while other entries are not (`file-encrypted`).
    Encrypted,
    /// Compressed with a method the reader does not inflate (its number in the archive):
    /// Deflate64, BZip2, LZMA, … which 7-Zip and WinRAR offer for `.zip`.
    Method(u16),
}

/// The name a compression method goes by in 7-Zip's and WinRAR's dialogs.
fn method_name(m: u16) -> String {
    match m {
        9 => "Deflate64".into(),
        12 => "BZip2".into(),
        14 => "LZMA".into(),
        93 => "Zstandard".into(),
        95 => "XZ".into(),
        98 => "PPMd".into(),
        _ => format!("编号 {m}"),
    }
}

impl EntryFault {
    /// The finding for an entry not read.
    pub fn finding(self) -> Finding {
        let mb = limits::MAX_FILE_BYTES >> 20;
        let (code, zh, en) = match self {
            EntryFault::Nested => (
                Code::FileSkipped,
                "压缩包中的压缩包，未打开；请解压后直接报送其中的文件".to_string(),
                "an archive inside an archive, not opened; send the files inside it instead".to_string(),
            ),
            EntryFault::TooLarge => (
                Code::FileUnreadable,
                format!("压缩包中的此文件解压后超过 {mb} MB 或压缩比异常，可能是恶意构造的文件，未读取"),
                format!("this entry inflates past {mb} MB or at an abnormal ratio (a possible zip bomb); not read"),
            ),
            EntryFault::Corrupt => (
                Code::FileUnreadable,
                "压缩包中的此文件已损坏，无法解压".to_string(),
                "this entry of the archive is damaged and does not inflate".to_string(),
            ),
            EntryFault::Encrypted => (
                Code::FileEncrypted,
                "压缩包中的此文件设有密码，无法打开；请取消密码后重新报送，或直接报送此文件".to_string(),
                "this entry of the archive is password-protected; remove the password or send the file itself".to_string(),
            ),
            EntryFault::Method(m) => {
                let name = method_name(m);
                (
                    Code::FileUnreadable,
                    format!("压缩包中的此文件使用了不支持的压缩方式（{name}），无法解压；请压缩时选择 ZIP 格式、压缩方式“Deflate”（即“标准”），或直接报送此文件"),
                    format!("this entry is compressed with a method not supported ({name}); compress it again as ZIP with Deflate, or send the file itself"),
                )
            }
        };
        Finding::new(code, Message::new(zh, en))
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

type Metadata = zip::read::ZipFileEntry<'static>;

/// The entries of a `.zip`, each read within the bounds; the archive's refusal
/// (`file-encrypted`, `file-unreadable`) when it cannot be opened at all. Entries come in
/// the central directory's order, every one of them: two entries of one name (a file
/// added again to an archive) are both listed, the later as `名称 (2).xlsx` — the name
/// Windows gives the second of two files kept side by side.
pub fn entries(bytes: &[u8]) -> Result<Vec<Entry>, ArchiveFault> {
    let metas = central_directory(bytes)?;
    let files: Vec<&Metadata> = metas.iter().filter(|m| !m.is_dir()).collect();
    // An archive whose every file has a password is refused whole, as one line; one with
    // a few such files lists those and reads the others.
    if !files.is_empty() && files.iter().all(|m| m.encrypted()) {
        return Err(ArchiveFault::Encrypted);
    }
    let declared = files.iter().fold(0u64, |n, m| n.saturating_add(m.size()));
    if declared > limits::MAX_ARCHIVE_INFLATED_BYTES {
        return Err(inflates());
    }
    let mut budget = limits::MAX_ARCHIVE_INFLATED_BYTES;
    let mut names = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for meta in metas.into_iter().filter(|m| !m.is_dir()) {
        let flagged = meta
            .flags()
            .matching(zip::unstable::format::flags::ZipFlags::LanguageEncoding);
        let name = unique(
            &mut names,
            shown_name(&decode_name(meta.name_raw(), flagged)),
        );
        let dos = meta.last_modified().and_then(seconds);
        let (modified, content) = if ARCHIVE_EXTENSIONS.iter().any(|e| has_extension(&name, e)) {
            (dos, Err(EntryFault::Nested))
        } else {
            open_entry(meta, bytes, &mut budget)?
        };
        out.push(Entry {
            name,
            modified: modified.or(dos),
            content,
        });
    }
    Ok(out)
}

/// Every entry of the central directory (directories too), within the entry bound.
fn central_directory(bytes: &[u8]) -> Result<Vec<Metadata>, ArchiveFault> {
    // `ZipIterable`, not `ZipArchive`: the latter keys entries by name, so of two entries
    // of one name only the last was seen and the other lost without a word.
    let config = zip::read::Config::default();
    let mut zip = zip::unstable::read::ZipIterable::try_new(Cursor::new(bytes), config)
        .map_err(|_| not_zip())?;
    if zip.len() > limits::MAX_ARCHIVE_ENTRIES {
        return Err(ArchiveFault::TooManyEntries);
    }
    let files = zip.files().map_err(|_| not_zip())?;
    files.map(|m| m.map_err(|_| not_zip())).collect()
}

/// `name`, or when an earlier entry was listed under it, `name (2)` (`(3)`, …) with the
/// extension kept, so that every entry is listed under a name of its own.
fn unique(seen: &mut std::collections::BTreeSet<String>, name: String) -> String {
    let mut shown = name.clone();
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > name.rfind('/').map_or(0, |s| s + 1) => name.split_at(i),
        _ => (name.as_str(), ""),
    };
    let mut n = 2;
    while seen.contains(&shown) {
        shown = format!("{stem} ({n}){ext}");
        n += 1;
    }
    seen.insert(shown.clone());
    shown
}

/// An entry's bytes, or why they were not read.
type Content = Result<Vec<u8>, EntryFault>;

/// One entry's time and bytes (or why they were not read).
fn open_entry(
    meta: Metadata,
    bytes: &[u8],
    budget: &mut u64,
) -> Result<(Option<i64>, Content), ArchiveFault> {
    if meta.encrypted() {
        return Ok((None, Err(EntryFault::Encrypted)));
    }
    if let Some(m) = compression_number(meta.compression()) {
        return Ok((None, Err(EntryFault::Method(m))));
    }
    let mut reader = Cursor::new(bytes);
    let Ok(file) = meta.with_reader(&mut reader, zip::ZipReadOptions::new()) else {
        return Ok((None, Err(EntryFault::Corrupt)));
    };
    let modified = utc_time(&file);
    Ok((modified, inflate(file, budget)?))
}

/// The number of a compression method the reader was not built to inflate.
#[allow(deprecated)] // `Unsupported` is the only way to name a method not compiled in.
fn compression_number(m: zip::CompressionMethod) -> Option<u16> {
    match m {
        zip::CompressionMethod::Unsupported(n) => Some(n),
        _ => None,
    }
}

/// An entry's modification time from the fields that hold it in UTC: Info-ZIP's extended
/// timestamp (0x5455, which Info-ZIP, 7-Zip and macOS write) or the NTFS field (0x000a,
/// Windows' and WinRAR's).
fn utc_time<R: Read>(f: &zip::read::ZipFile<'_, R>) -> Option<i64> {
    f.extra_data_fields().find_map(|x| match x {
        zip::ExtraField::ExtendedTimestamp(t) => t.mod_time().map(i64::from),
        zip::ExtraField::Ntfs(n) => {
            // FILETIME: 100 ns ticks since 1601.
            let secs = i64::try_from(n.mtime() / 10_000_000).ok()?;
            Some(secs - 11_644_473_600).filter(|s| *s > 0)
        }
        _ => None,
    })
}

fn inflates() -> ArchiveFault {
    ArchiveFault::Inflates
}

/// Inflates one entry within the per-file, ratio and total bounds. An entry over its own
/// bound is that entry's fault; the archive's total spent is the archive's.
fn inflate<R: Read>(
    f: zip::read::ZipFile<'_, R>,
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

/// An entry's name: UTF-8 when flagged so (or when the Info-ZIP unicode-path field gave
/// it, which the zip reader puts in its place), else GB18030 — the code page of archives
/// made on Chinese Windows (Explorer, WinRAR) — unless the bytes are UTF-8, as macOS and
/// 7-Zip on Linux write them without the flag. Bytes that are both are read as GB18030
/// when UTF-8 would make them letters of other scripts (`农业` in GBK is `ũҵ` in UTF-8):
/// a Chinese name is CJK whichever tool wrote it.
///
/// ```
/// use selfeval::read::archive::decode_name;
/// let gbk = [0xD6, 0xB4, 0xD0, 0xD0, b'.', b'x', b'l', b's', b'x'];
/// assert_eq!(decode_name(&gbk, false), "执行.xlsx");
/// assert_eq!(decode_name("执行.xlsx".as_bytes(), false), "执行.xlsx");
/// assert_eq!(decode_name(&[0xC5, 0xA9, 0xD2, 0xB5], false), "农业");
/// assert_eq!(decode_name("ũҵ".as_bytes(), true), "ũҵ");
/// ```
pub fn decode_name(raw: &[u8], flagged: bool) -> String {
    let (gb, bad) = encoding_rs::GB18030.decode_without_bom_handling(raw);
    match std::str::from_utf8(raw) {
        Ok(s) if flagged || bad || !foreign(s) => s.to_string(),
        _ => gb.into_owned(),
    }
}

/// Whether a UTF-8 reading holds letters of the two-byte range (Latin, Greek, Cyrillic,
/// …) other than the signs Chinese names use (`·` in names of minorities, `×`, `°`, …).
fn foreign(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{80}'..='\u{7ff}').contains(&c) && !"·×÷°±§¨".contains(c))
}

/// An entry's name as listed: `\\` between folders (old Windows tools, PowerShell's
/// Compress-Archive) read as `/`; a leading `/`, a drive (`C:`), `.` and `..` left out;
/// control characters shown as `�`. Nothing is ever written under this name — entries are
/// read in memory — but it is shown in every list and joins the archive's path, so it
/// must not look like a path elsewhere.
///
/// ```
/// use selfeval::read::archive::shown_name;
/// assert_eq!(shown_name("../../x.xlsx"), "x.xlsx");
/// assert_eq!(shown_name("C:\\桌面\\表.xlsx"), "桌面/表.xlsx");
/// assert_eq!(shown_name("/tmp/a\nb.xlsx"), "tmp/a�b.xlsx");
/// ```
pub fn shown_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    let parts: Vec<&str> = clean
        .split(['/', '\\'])
        .enumerate()
        .filter(|(i, p)| !(p.is_empty() || *p == "." || *p == ".." || (*i == 0 && is_drive(p))))
        .map(|(_, p)| p)
        .collect();
    if parts.is_empty() {
        "未命名".to_string()
    } else {
        parts.join("/")
    }
}

fn is_drive(part: &str) -> bool {
    let b = part.as_bytes();
    b.len() == 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// A zip entry's DOS time in seconds since 1970 (UTC). DOS times are the local time of
/// the computer that made the archive, which for the bureaus' units is Beijing time
/// (UTC+8, no daylight saving): read as UTC, an entry made at 09:00 looked eight hours
/// newer than a file saved at 10:00 and the older copy counted (campaign.md §4).
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
    Some(days * 86_400 + secs - BEIJING_OFFSET)
}

/// Beijing time's offset from UTC, in seconds.
const BEIJING_OFFSET: i64 = 8 * 3600;
