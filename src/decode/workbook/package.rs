//! The zip package check shared by xlsx, xlsm, xlsb and ods, run while sniffing (the
//! package's part names tell the format): the entry count, the declared sizes and the
//! actual inflated size are bounded ([`crate::decode::limits`]), so a zip bomb is refused
//! after bounded work and in bounded memory, before calamine inflates anything. Since
//! every part is inflated anyway, an xlsx package's worksheet merges are scanned on the
//! way and a small package is kept, stored again uncompressed for calamine ([`Package`]).
//! The XML parts are also bounded on the way ([`super::partscan`]: styles, shared
//! strings, sheet entries, long texts), and an xlsx whose sheets share a worksheet part is
//! refused, all before calamine allocates for them.

use super::partscan::PartScan;
use super::xlsxmerge::{sheet_parts, MergeScan};
use crate::decode::grid::Merge;
use crate::decode::limits;
use crate::decode::refusal::{BoundFault, NotWorkbook, PackageFault, Refusal};
use crate::decode::sniff::Format;
use crate::form;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The merged ranges of the worksheet parts of a zip package, by part path, found while
/// the package check inflated them (`None` for a part whose merges need calamine).
pub type ScannedMerges = HashMap<String, Option<Vec<Merge>>>;

/// What the package check learned on its way through an xlsx package, for the reader.
#[derive(Debug, Default)]
pub struct Package {
    /// The merges of the worksheet parts, by part path.
    pub merges: ScannedMerges,
    /// The package again with every part stored uncompressed, as the check inflated it,
    /// when it inflates to at most [`limits::MAX_RESTORED_BYTES`]: calamine reads this
    /// copy, so no part is inflated twice (relationship targets climbing with `../` are
    /// written absolute in it: [`super::partname`]). For a flat ODS, the ods package built
    /// for it ([`super::fods`]). `None`: read the original.
    pub stored: Option<Vec<u8>>,
    /// The package is one of selfeval's own outputs (its core properties carry
    /// [`form::OUTPUT_CATEGORY`]), dropped back into an inbox: never a unit's table.
    pub own_output: bool,
}

const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Checks a zip package and decides which kind of workbook it holds.
pub fn check(bytes: &[u8]) -> Result<(Format, Package), Refusal> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| PackageFault::Directory)?;
    let names = directory(&mut zip)?;
    // The inflated parts of an xlsx package are kept while they stay small, to be stored
    // again uncompressed (an ods or xlsb package is read from the original: nothing kept).
    let keep = names
        .iter()
        .any(|n| n.to_ascii_lowercase().ends_with("workbook.xml"));
    let mut inflation = Inflation::new(keep);
    for (i, name) in names.iter().enumerate() {
        let f = zip.by_index(i).map_err(|_| PackageFault::Corrupt)?;
        inflation.part(f, name)?;
    }
    let format = kind(&mut zip, &names)?;
    if format != Format::Xlsx {
        // An output saved again as .ods (LibreOffice keeps the category as a user-defined
        // property of meta.xml) is still one.
        let own_output = format == Format::Ods && own_output(&mut zip, "meta.xml", ODS_MARK);
        return Ok((
            format,
            Package {
                own_output,
                ..Package::default()
            },
        ));
    }
    shared_sheet_parts(&inflation.sheets)?;
    Ok((
        format,
        Package {
            merges: inflation.scanned,
            stored: inflation.kept.and_then(restore),
            own_output: own_output(&mut zip, "docProps/core.xml", XLSX_MARK),
        },
    ))
}

/// How the category of selfeval's outputs stands in an xlsx's `docProps/core.xml`.
const XLSX_MARK: [&str; 2] = ["<cp:category>", "</cp:category>"];
/// How it stands in an ods's `meta.xml` once LibreOffice has saved the workbook again.
const ODS_MARK: [&str; 2] = [
    "<meta:user-defined meta:name=\"OOXMLCorePropertyCategory\">",
    "</meta:user-defined>",
];

/// True when the part `name` names selfeval's outputs as its category, written between
/// `mark`'s two halves.
fn own_output(zip: &mut Archive<'_>, name: &str, mark: [&str; 2]) -> bool {
    let mut part = Vec::new();
    let Ok(f) = zip.by_name(name) else {
        return false;
    };
    // Document properties are a few hundred bytes; the part passed the inflation check.
    if f.take(64 * 1024).read_to_end(&mut part).is_err() {
        return false;
    }
    let mark = format!("{}{}{}", mark[0], form::OUTPUT_CATEGORY, mark[1]);
    part.windows(mark.len()).any(|w| w == mark.as_bytes())
}

/// The part names from the central directory, refusing too many parts, encrypted parts
/// and declared sizes over the bound.
fn directory(zip: &mut Archive<'_>) -> Result<Vec<String>, Refusal> {
    if zip.len() > limits::MAX_ZIP_ENTRIES {
        return Err(PackageFault::TooManyParts(zip.len()).into());
    }
    let mut names = Vec::with_capacity(zip.len());
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|_| PackageFault::Corrupt)?;
        if f.encrypted() {
            return Err(Refusal::Encrypted);
        }
        declared = declared.saturating_add(f.size());
        names.push(f.name().map(|n| n.into_owned()).unwrap_or_default());
    }
    if declared > limits::MAX_INFLATED_BYTES {
        return Err(PackageFault::Inflates.into());
    }
    Ok(names)
}

/// Inflating every part into a sink, counting, and stopping at the budget: declared sizes
/// can lie. This also finds truncated or corrupt parts before calamine does.
struct Inflation {
    budget: u64,
    buf: Vec<u8>,
    scanned: ScannedMerges,
    /// The parts inflated so far, while they stay under [`limits::MAX_RESTORED_BYTES`].
    kept: Option<Vec<(String, Vec<u8>)>>,
    kept_bytes: u64,
    /// `xl/workbook.xml` and its relationships (lower-case name, text), when small.
    sheets: Vec<(String, Vec<u8>)>,
}

impl Inflation {
    fn new(keep: bool) -> Inflation {
        Inflation {
            budget: limits::MAX_INFLATED_BYTES,
            buf: vec![0u8; 64 * 1024],
            scanned: ScannedMerges::new(),
            kept: keep.then(Vec::new),
            kept_bytes: 0,
            sheets: Vec::new(),
        }
    }

    /// Inflates one part.
    fn part(&mut self, mut f: impl Read, name: &str) -> Result<(), Refusal> {
        let lower = name.to_ascii_lowercase();
        let mut part = Part {
            // XML parts are searched for entity declarations on the way (`declares_entity`).
            xml: lower.ends_with(".xml") || lower.ends_with(".rels"),
            tail: Vec::new(),
            // A worksheet part's merges are scanned as it streams by.
            merges: None,
            bounds: PartScan::for_part(&lower),
            // The workbook part and its relationships, for the sheets' parts.
            sheets: matches!(
                lower.as_str(),
                "xl/workbook.xml" | "xl/_rels/workbook.xml.rels"
            )
            .then(Vec::new),
        };
        if part.xml && lower.starts_with("xl/worksheets/") {
            part.merges = Some(MergeScan::default());
        }
        if let Some(k) = self.kept.as_mut() {
            k.push((name.to_string(), Vec::new()));
        }
        loop {
            let n = match f.read(&mut self.buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(_) => return Err(PackageFault::Corrupt.into()),
            };
            if n as u64 > self.budget {
                return Err(PackageFault::Inflates.into());
            }
            self.budget -= n as u64;
            part.feed(&self.buf[..n])?;
            self.kept_bytes += n as u64;
            if self.kept_bytes > limits::MAX_RESTORED_BYTES {
                self.kept = None;
            }
            if let Some((_, kept)) = self.kept.as_mut().and_then(|k| k.last_mut()) {
                kept.extend_from_slice(&self.buf[..n]);
            }
        }
        if let Some(m) = part.merges {
            self.scanned.insert(name.to_string(), m.finish());
        }
        if let Some(text) = part.sheets {
            self.sheets.push((lower, text));
        }
        Ok(())
    }
}

/// The scans one part streams through.
struct Part {
    xml: bool,
    /// The last bytes of the previous chunk, so a marker split between chunks is seen.
    tail: Vec<u8>,
    merges: Option<MergeScan>,
    bounds: Option<PartScan>,
    sheets: Option<Vec<u8>>,
}

impl Part {
    fn feed(&mut self, chunk: &[u8]) -> Result<(), Refusal> {
        if self.xml {
            self.tail.extend_from_slice(chunk);
            if declares_entity(&self.tail) {
                return Err(PackageFault::Entity.into());
            }
            self.tail.drain(..self.tail.len().saturating_sub(8));
        }
        if let Some(b) = self.bounds.as_mut() {
            b.feed(chunk)?;
        }
        if let Some(m) = self.merges.as_mut() {
            m.feed(chunk);
        }
        if let Some(t) = self.sheets.as_mut() {
            // A larger workbook part is not checked here (the reader's limits remain).
            if (t.len() + chunk.len()) as u64 > limits::MAX_WORKBOOK_PART_BYTES {
                self.sheets = None;
            } else {
                t.extend_from_slice(chunk);
            }
        }
        Ok(())
    }
}

/// Refuses an xlsx whose sheets read one worksheet part more than once: calamine reads
/// each sheet's part in full, so one large part named by many sheets costs their product.
fn shared_sheet_parts(sheets: &[(String, Vec<u8>)]) -> Result<(), Refusal> {
    let text = |n: &str| {
        sheets
            .iter()
            .find(|(p, _)| p == n)
            .and_then(|(_, t)| std::str::from_utf8(t).ok())
    };
    let (Some(wb), Some(rels)) = (text("xl/workbook.xml"), text("xl/_rels/workbook.xml.rels"))
    else {
        return Ok(());
    };
    let Some(parts) = sheet_parts(wb, rels) else {
        return Ok(());
    };
    let mut seen = std::collections::HashSet::new();
    if parts.iter().any(|p| !seen.insert(p.as_str())) {
        return Err(BoundFault::SharedSheetPart.into());
    }
    Ok(())
}

/// Which workbook the package holds, by its part names (and an ods's `mimetype`).
fn kind(zip: &mut Archive<'_>, names: &[String]) -> Result<Format, Refusal> {
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("mimetype") {
        let mut mime = Vec::new();
        if let Ok(f) = zip.by_name("mimetype") {
            let _ = f.take(200).read_to_end(&mut mime);
        }
        if mime.trim_ascii() == ODS_MIME {
            return Ok(Format::Ods);
        }
        if mime.starts_with(b"application/vnd.oasis.opendocument") {
            return Err(NotWorkbook::OpenDocument.into());
        }
    }
    if has("xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    // Part names compare without case (ECMA-376 Part 2, part name equivalence [M1.12]): `xl/Workbook.xml`
    // is the workbook part as much as `xl/workbook.xml` (pkgprobe p06).
    let workbook = |n: &String| n.to_ascii_lowercase().ends_with("workbook.xml");
    let in_xl = |n: &String| n.get(..3).is_some_and(|d| d.eq_ignore_ascii_case("xl/"));
    if names.iter().any(|n| in_xl(n) && workbook(n))
        || has("[Content_Types].xml") && names.iter().any(workbook)
    {
        return Ok(Format::Xlsx);
    }
    if has("word/document.xml") {
        return Err(NotWorkbook::Docx.into());
    }
    if has("ppt/presentation.xml") {
        return Err(NotWorkbook::Pptx.into());
    }
    Err(NotWorkbook::Zip.into())
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
        // A relationships part whose targets climb (`../xl/worksheets/sheet1.xml`) is
        // written with them absolute: calamine joins a target to `xl/` as it stands.
        let part = super::partname::absolute_targets(&name, &part).unwrap_or(part);
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
