//! Choosing the format by content, never by the file name, and refusing what is not a
//! workbook before any spreadsheet parser sees it.
//!
//! Zip packages are checked here too: entry count, declared sizes and the actual inflated
//! size are bounded ([`super::limits`]), so a zip bomb is refused after bounded work and
//! bounded memory, before calamine inflates anything. Since every part is inflated anyway,
//! an xlsx package's worksheet merges are scanned on the way and a small package is kept,
//! stored again uncompressed for calamine ([`Package`]).

use super::grid::Merge;
use super::limits;
use super::xlsxmerge::MergeScan;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The workbook formats the reader opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML (xlsx, xlsm).
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// BIFF8 (xls).
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
}

/// Why a file is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not readable; the reason in Chinese and English.
    Unreadable {
        /// Chinese reason.
        zh: String,
        /// English reason.
        en: String,
    },
    /// Password-protected.
    Encrypted,
}

fn unreadable(zh: impl Into<String>, en: impl Into<String>) -> Refusal {
    Refusal::Unreadable {
        zh: zh.into(),
        en: en.into(),
    }
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Decides the format of a workbook from its bytes.
///
/// ```
/// use selfeval::read::sniff::{sniff, Refusal};
/// assert!(matches!(sniff(b""), Err(Refusal::Unreadable { .. })));
/// assert!(matches!(sniff(b"<html><table></table></html>"), Err(Refusal::Unreadable { .. })));
/// ```
pub fn sniff(bytes: &[u8]) -> Result<Format, Refusal> {
    sniff_package(bytes).map(|(f, _)| f)
}

/// The merged ranges of the worksheet parts of a zip package, by part path, found while
/// [`sniff_package`] inflated them (`None` for a part whose merges need calamine).
pub type ScannedMerges = HashMap<String, Option<Vec<Merge>>>;

/// What the package check learned on its way through an xlsx package, for the reader.
#[derive(Debug, Default)]
pub struct Package {
    /// The merges of the worksheet parts, by part path.
    pub merges: ScannedMerges,
    /// The package again with every part stored uncompressed, as the check inflated it,
    /// when it inflates to at most [`limits::MAX_RESTORED_BYTES`]: calamine reads this
    /// copy, so no part is inflated twice. `None`: read the original.
    pub stored: Option<Vec<u8>>,
}

/// Like [`sniff`], also giving the merges of an xlsx package's worksheet parts, scanned on
/// the way: the check inflates every part anyway, so the reader need not inflate the
/// sheets again for their merges.
///
/// ```
/// use selfeval::read::sniff::sniff_package;
/// assert!(sniff_package(b"").is_err());
/// ```
pub fn sniff_package(bytes: &[u8]) -> Result<(Format, Package), Refusal> {
    if bytes.is_empty() {
        return Err(unreadable("空文件（0 字节）", "empty file (0 bytes)"));
    }
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(unreadable(
            format!(
                "文件过大（{} 字节，上限 {} 字节），不可能是绩效自评表",
                bytes.len(),
                limits::MAX_FILE_BYTES
            ),
            format!(
                "file too large ({} bytes, limit {} bytes) to be a self-evaluation workbook",
                bytes.len(),
                limits::MAX_FILE_BYTES
            ),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return sniff_ole(bytes).map(|f| (f, Package::default()));
    }
    Err(describe_other(bytes))
}

/// Explains what a non-spreadsheet file looks like.
fn describe_other(bytes: &[u8]) -> Refusal {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if trimmed.starts_with('<') {
        if text.contains("urn:schemas-microsoft-com:office:spreadsheet") && !text.contains("<html")
        {
            return unreadable(
                "Excel 2003 XML 电子表格格式，不受支持；请另存为 .xlsx",
                "an Excel 2003 XML spreadsheet, not supported; save it as .xlsx",
            );
        }
        if text.contains("<html") || text.contains("<table") || text.contains("<!doctype html") {
            return unreadable(
                "这是网页（HTML）文件，只是扩展名为电子表格；请在 Excel 中打开后另存为 .xlsx",
                "an HTML page saved with a spreadsheet extension; open it in Excel and save it as .xlsx",
            );
        }
        return unreadable(
            "这是 XML/文本文件，不是电子表格",
            "an XML or text file, not a spreadsheet",
        );
    }
    if head.starts_with(b"%PDF") {
        return unreadable(
            "这是 PDF 文件，不是电子表格",
            "a PDF file, not a spreadsheet",
        );
    }
    let binary = head
        .iter()
        .any(|&b| b == 0 || (b < 0x09) || (0x0e..0x1b).contains(&b));
    if !binary {
        let looks_csv = text
            .lines()
            .take(5)
            .any(|l| l.contains(',') || l.contains('\t'));
        if looks_csv {
            return unreadable(
                "这是 CSV/文本文件，不是工作簿；请另存为 .xlsx",
                "a CSV or text file, not a workbook; save it as .xlsx",
            );
        }
        return unreadable(
            "这是文本文件，不是电子表格",
            "a text file, not a spreadsheet",
        );
    }
    unreadable(
        "不是电子表格（无法识别的文件内容）",
        "not a spreadsheet (unrecognised content)",
    )
}

/// Checks a zip package and decides which kind of workbook it holds.
fn sniff_zip(bytes: &[u8]) -> Result<(Format, Package), Refusal> {
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z,
        Err(_) => {
            return Err(unreadable(
                "文件已损坏或被截断（压缩包目录无法读取）",
                "damaged or truncated (the zip directory cannot be read)",
            ))
        }
    };
    if zip.len() > limits::MAX_ZIP_ENTRIES {
        return Err(unreadable(
            format!("压缩包内部件过多（{} 个）", zip.len()),
            format!("too many parts in the package ({})", zip.len()),
        ));
    }
    let mut names = Vec::with_capacity(zip.len());
    let mut declared: u64 = 0;
    let too_large = || {
        unreadable(
            format!(
                "解压后超过 {} MiB 上限（疑似压缩炸弹），拒绝读取",
                limits::MAX_INFLATED_BYTES / (1024 * 1024)
            ),
            format!(
                "its parts would inflate beyond the {} MiB limit (a zip bomb?); refused",
                limits::MAX_INFLATED_BYTES / (1024 * 1024)
            ),
        )
    };
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|_| corrupt_zip())?;
        if f.encrypted() {
            return Err(Refusal::Encrypted);
        }
        declared = declared.saturating_add(f.size());
        names.push(f.name().map(|n| n.into_owned()).unwrap_or_default());
    }
    if declared > limits::MAX_INFLATED_BYTES {
        return Err(too_large());
    }
    // Declared sizes can lie: inflate every part into a sink, counting, and stop at the
    // budget. This also finds truncated or corrupt parts before calamine does.
    let mut budget = limits::MAX_INFLATED_BYTES;
    let mut buf = vec![0u8; 64 * 1024];
    let mut scanned = ScannedMerges::new();
    // The inflated parts of an xlsx package, kept while they stay small, to be stored again
    // uncompressed (an ods or xlsb package is read from the original: nothing kept).
    let mut kept: Option<Vec<(String, Vec<u8>)>> = names
        .iter()
        .any(|n| n.to_ascii_lowercase().ends_with("workbook.xml"))
        .then(Vec::new);
    let mut kept_bytes: u64 = 0;
    for (i, name) in names.iter().enumerate() {
        let mut f = zip.by_index(i).map_err(|_| corrupt_zip())?;
        // XML parts are searched for entity declarations on the way (see `declares_entity`).
        let lower = name.to_ascii_lowercase();
        let xml = lower.ends_with(".xml") || lower.ends_with(".rels");
        let mut tail: Vec<u8> = Vec::new();
        if let Some(k) = kept.as_mut() {
            k.push((name.clone(), Vec::new()));
        }
        // A worksheet part's merges are scanned as it streams by.
        let mut merges = (xml && lower.starts_with("xl/worksheets/")).then(MergeScan::default);
        loop {
            match f.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    if n as u64 > budget {
                        return Err(too_large());
                    }
                    budget -= n as u64;
                    if xml {
                        // Keep a few bytes of the previous chunk so a split marker is seen.
                        tail.extend_from_slice(&buf[..n]);
                        if declares_entity(&tail) {
                            return Err(unreadable(
                                "含有 XML 实体声明（<!ENTITY>），工作簿从不使用，疑似实体膨胀或外部实体攻击，拒绝读取",
                                "it holds XML entity declarations (<!ENTITY>), which workbooks never use (an entity-expansion or external-entity attack?); refused",
                            ));
                        }
                        tail.drain(..tail.len().saturating_sub(8));
                    }
                    if let Some(m) = merges.as_mut() {
                        m.feed(&buf[..n]);
                    }
                    kept_bytes += n as u64;
                    if kept_bytes > limits::MAX_RESTORED_BYTES {
                        kept = None;
                    }
                    if let Some((_, part)) = kept.as_mut().and_then(|k| k.last_mut()) {
                        part.extend_from_slice(&buf[..n]);
                    }
                }
                Err(_) => return Err(corrupt_zip()),
            }
        }
        if let Some(m) = merges {
            scanned.insert(name.clone(), m.finish());
        }
    }
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("mimetype") {
        let mut mime = Vec::new();
        if let Ok(f) = zip.by_name("mimetype") {
            let _ = f.take(200).read_to_end(&mut mime);
        }
        if mime.trim_ascii() == ODS_MIME {
            return Ok((Format::Ods, Package::default()));
        }
        if mime.starts_with(b"application/vnd.oasis.opendocument") {
            return Err(unreadable(
                "这是 OpenDocument 文档，但不是电子表格",
                "an OpenDocument file, but not a spreadsheet",
            ));
        }
    }
    if has("xl/workbook.bin") {
        return Ok((Format::Xlsb, Package::default()));
    }
    if names
        .iter()
        .any(|n| n.starts_with("xl/") && n.ends_with("workbook.xml"))
        || has("[Content_Types].xml") && names.iter().any(|n| n.ends_with("workbook.xml"))
    {
        return Ok((
            Format::Xlsx,
            Package {
                merges: scanned,
                stored: kept.and_then(restore),
            },
        ));
    }
    if has("word/document.xml") {
        return Err(unreadable(
            "这是 Word 文档，不是电子表格",
            "a Word document, not a spreadsheet",
        ));
    }
    if has("ppt/presentation.xml") {
        return Err(unreadable(
            "这是 PowerPoint 文档，不是电子表格",
            "a PowerPoint file, not a spreadsheet",
        ));
    }
    Err(unreadable(
        "这是压缩包，但不是工作簿（没有工作簿部件）",
        "a zip archive that is not a workbook (no workbook part)",
    ))
}

/// The parts again as a zip package with every entry stored uncompressed; `None` when
/// the zip writer refuses them (a duplicate name, say): the reader then reads the
/// original.
fn restore(parts: Vec<(String, Vec<u8>)>) -> Option<Vec<u8>> {
    use std::io::Write;
    let size: usize = parts.iter().map(|(n, p)| p.len() + 2 * n.len() + 128).sum();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(size + 1024)));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, part) in parts {
        if name.ends_with('/') {
            continue;
        }
        w.start_file(name, stored).ok()?;
        w.write_all(&part).ok()?;
    }
    Some(w.finish().ok()?.into_inner())
}

/// True when XML text declares an entity. Office Open XML and OpenDocument parts never
/// do; a declaration is how "billion laughs" expansion and external-entity (XXE) reads
/// begin, so such a file is refused with that reason rather than left to fail later.
fn declares_entity(xml: &[u8]) -> bool {
    memchr::memmem::find(xml, b"<!ENTITY").is_some()
}

fn corrupt_zip() -> Refusal {
    unreadable(
        "文件已损坏或被截断（压缩数据无法解压）",
        "damaged or truncated (compressed data cannot be inflated)",
    )
}

/// Decides what an OLE compound file holds: an xls workbook, an encrypted OOXML package,
/// or something else. Directory entry names are UTF-16LE in the directory sectors; looking
/// for them in the bytes is enough to tell these apart.
fn sniff_ole(bytes: &[u8]) -> Result<Format, Refusal> {
    let contains = |name: &str| {
        let pat: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        bytes.windows(pat.len()).any(|w| w == pat.as_slice())
    };
    if contains("EncryptionInfo") || contains("EncryptedPackage") {
        return Err(Refusal::Encrypted);
    }
    if contains("Workbook") || contains("Book") {
        return Ok(Format::Xls);
    }
    if contains("WordDocument") {
        return Err(unreadable(
            "这是 Word 文档（.doc），不是电子表格",
            "a Word document (.doc), not a spreadsheet",
        ));
    }
    Err(unreadable(
        "这是 OLE 复合文件，但不含工作簿",
        "an OLE compound file without a workbook stream",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::workbook;

    fn fixture(path: &str) -> Vec<u8> {
        let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::read(here.join(path)).unwrap()
    }

    #[test]
    fn an_xlsx_is_stored_again_and_reads_the_same() {
        for path in [
            "fixtures/variants/canonical.xlsx",
            "fixtures/variants/offset.xlsx",
            "fixtures/inbox/兰州新区应急管理局.xlsx",
        ] {
            let bytes = fixture(path);
            let (format, package) = sniff_package(&bytes).unwrap();
            assert_eq!(format, Format::Xlsx);
            let stored = package
                .stored
                .as_ref()
                .expect("a small package is stored again");
            // Every entry of the copy is stored, none deflated.
            let mut z = zip::ZipArchive::new(Cursor::new(stored.as_slice())).unwrap();
            for i in 0..z.len() {
                let f = z.by_index(i).unwrap();
                assert_eq!(f.compression(), zip::CompressionMethod::Stored, "{path}");
            }
            // The reader sees the same grids through the copy as through the original.
            let via_copy = workbook::open_scanned(format, &bytes, package).unwrap();
            let via_original = workbook::open(format, &bytes).unwrap();
            // Cells, and the merge over every cell of the used area.
            let show = |s: &workbook::Sheets| {
                s.grids
                    .iter()
                    .map(|g| {
                        let merges: Vec<_> = (0..40)
                            .flat_map(|r| (0..16).map(move |c| (r, c)))
                            .map(|(r, c)| g.merge_at(r, c))
                            .collect();
                        format!(
                            "{} {:?} {:?}",
                            g.name,
                            g.cells().collect::<Vec<_>>(),
                            merges
                        )
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(show(&via_copy), show(&via_original), "{path}");
        }
    }

    #[test]
    fn other_formats_are_not_stored_again() {
        for path in [
            "fixtures/variants/canonical.xls",
            "fixtures/variants/canonical.ods",
        ] {
            let (_, package) = sniff_package(&fixture(path)).unwrap();
            assert!(
                package.stored.is_none() && package.merges.is_empty(),
                "{path}"
            );
        }
    }
}
