//! Workbooks embedded in a Word document as objects: a unit that pastes its table into the
//! narrative report as a Microsoft Excel object (插入 › 对象, or 选择性粘贴 › 工作表对象) sends
//! a `.docx` whose table is no Word table but a workbook kept beside the text
//! (`word/embeddings/Microsoft_Excel_Worksheet1.xlsx`, or an `.xls` object's compound file
//! `oleObject1.bin`), shown in Word as a picture of the sheet. Each is read as the workbook
//! it is; its sheets are named `嵌入对象N › 工作表名`, N counting the document's objects in
//! the order they stand, as the user sees them. A chart's data workbook is no object of the
//! text and is not read. docs/reader.md "Excel objects in Word documents" has the cases.

use super::{limits, ReadFile};
use crate::diag::{Code, Finding, Message};
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The label of the `n`-th object of a document (from 1), which its sheets' names carry.
pub fn object_label(n: usize) -> String {
    format!("嵌入对象{n}")
}

/// The tables and declarations of the workbooks embedded in a `.docx` (its bytes and its
/// `word/document.xml`), each sheet named after its object; a `file-clipped` finding when
/// objects were passed over at the bounds. Objects that hold no table give nothing, as a
/// Word table that is no self-evaluation table gives nothing.
pub fn read(docx: &[u8], document_xml: &str) -> ReadFile {
    let mut out = ReadFile::default();
    let ids = object_ids(document_xml);
    if ids.is_empty() {
        return out;
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(docx)) else {
        return out;
    };
    let targets = relationships(&mut zip);
    let (mut budget, mut read, mut passed_over) = (limits::MAX_INFLATED_BYTES, 0, 0);
    for (i, id) in ids.iter().enumerate() {
        let Some(part) = targets.get(id).filter(|p| workbook_part(p)) else {
            continue;
        };
        if read == limits::MAX_EMBEDDED_WORKBOOKS {
            passed_over += 1;
            continue;
        }
        let Some(bytes) = part_bytes(&mut zip, part, &mut budget) else {
            passed_over += 1;
            continue;
        };
        read += 1;
        let label = object_label(i + 1);
        match super::read_or_refuse(&bytes) {
            Ok(workbook) => take_tables(&mut out, workbook, &label),
            Err(refusal) => out.findings.extend(unreadable(part, &label, &refusal)),
        }
    }
    if passed_over > 0 {
        out.findings.push(clipped(passed_over));
    }
    out
}

/// Moves an object's tables and declarations into `out`, their sheets named after it.
fn take_tables(out: &mut ReadFile, workbook: ReadFile, label: &str) {
    let named = |sheet: &str| format!("{label} › {sheet}");
    for mut rt in workbook.tables {
        rt.table.sheet = named(&rt.table.sheet);
        for f in &mut rt.findings {
            f.sheet = f.sheet.as_deref().map(named);
        }
        out.tables.push(rt);
    }
    for mut d in workbook.declarations {
        d.sheet = named(&d.sheet);
        out.declarations.push(d);
    }
}

/// The relationship ids of the document's OLE objects (`<o:OLEObject r:id=…>`), in the
/// order they stand, each once (a drawing's alternate forms may name one object twice).
/// The ids met are kept in a set: a document naming 150,000 objects cost each id a look
/// at all before it (hostile_new's `ole_object_ids_150000.docx` timed out).
fn object_ids(xml: &str) -> Vec<String> {
    let mut rd = quick_xml::Reader::from_str(xml);
    let mut ids: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    loop {
        match rd.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "OLEObject" => {
                let id = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.prefix().is_some() && a.key.local_name().as_ref() == "id");
                if let Some(id) = id.map(|a| a.value.to_string()) {
                    if seen.insert(id.clone()) {
                        ids.push(id);
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    ids
}

/// The document part's relationships: id → the target's name in the package. External
/// targets (a linked, not embedded, workbook) are left out: they are not in the file.
fn relationships(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let Ok(part) = zip.by_name("word/_rels/document.xml.rels") else {
        return map;
    };
    let mut xml = Vec::new();
    if part
        .take(limits::MAX_WORKBOOK_PART_BYTES)
        .read_to_end(&mut xml)
        .is_err()
    {
        return map;
    }
    let mut rd = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    loop {
        match rd.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let attr = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .map(|a| a.value.to_string())
                };
                let external = attr("TargetMode").is_some_and(|m| m == "External");
                if let (Some(id), Some(target), false) = (attr("Id"), attr("Target"), external) {
                    map.insert(id, resolve(&target));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    map
}

/// A relationship target of `word/document.xml` as a name in the package: relative to
/// `word/`, or absolute from the package's root.
fn resolve(target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    }
    let mut parts: Vec<&str> = vec!["word"];
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Whether an embedded part may hold a workbook, by its name: Excel's own objects and the
/// compound file an `.xls` object is kept in, and WPS's `.et` (a Word or PDF object is
/// not opened).
fn workbook_part(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "et" | "bin")
    )
}

/// An embedded part's bytes, within the size gate of a file and what is left of the
/// document's budget; an `.xlsx` object kept in a compound file gives its package.
fn part_bytes(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Option<Vec<u8>> {
    let part = zip.by_name(name).ok()?;
    if part.encrypted() {
        return None;
    }
    let bound = (*budget).min(limits::MAX_FILE_BYTES);
    let mut bytes = Vec::new();
    part.take(bound + 1).read_to_end(&mut bytes).ok()?;
    if bytes.len() as u64 > bound {
        *budget = 0;
        return None;
    }
    *budget -= bytes.len() as u64;
    Some(crate::decode::workbook::ole_package(&bytes).unwrap_or(bytes))
}

/// `file-clipped` for an object that is a workbook but cannot be read (damaged, encrypted,
/// past a bound): the officer learns that a table may be missing. An object kept in a
/// compound file (`.bin`) that holds no workbook at all (a Word or other object) gives
/// nothing, as a Word table that is no self-evaluation table gives nothing.
fn unreadable(
    part: &str,
    label: &str,
    refusal: &crate::decode::refusal::Refusal,
) -> Option<Finding> {
    use crate::decode::refusal::Refusal;
    let bin = part.to_ascii_lowercase().ends_with(".bin");
    if bin && matches!(refusal, Refusal::NotWorkbook(_)) {
        return None;
    }
    let why = refusal.message();
    let finding = Finding::new(
        Code::FileClipped,
        Message::new(
            format!("{label}（嵌入的 Excel 工作表）无法读取，其中的表格未读取、未检查。{}", why.zh),
            format!("{label} (an embedded Excel worksheet) cannot be read; any table in it was not read or checked. {}", why.en),
        ),
    );
    Some(finding.in_sheet(label))
}

/// `file-clipped`: embedded objects past the bounds were not read.
fn clipped(n: usize) -> Finding {
    let max = limits::MAX_EMBEDDED_WORKBOOKS;
    Finding::new(
        Code::FileClipped,
        Message::new(
            format!("文档中有 {n} 个嵌入的 Excel 对象超出读取上限（最多 {max} 个，合计不超过 {} MB），未读取、未检查", limits::MAX_INFLATED_BYTES / (1024 * 1024)),
            format!("{n} Excel objects embedded in the document are past the reading bounds (at most {max}, {} MB in all) and were not read or checked", limits::MAX_INFLATED_BYTES / (1024 * 1024)),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_document_folder() {
        assert_eq!(
            resolve("embeddings/Microsoft_Excel_Worksheet1.xlsx"),
            "word/embeddings/Microsoft_Excel_Worksheet1.xlsx"
        );
        assert_eq!(resolve("../media/a.bin"), "media/a.bin");
        assert_eq!(
            resolve("/word/embeddings/oleObject1.bin"),
            "word/embeddings/oleObject1.bin"
        );
    }

    #[test]
    fn objects_are_taken_in_document_order_once_each() {
        let xml = r#"<w:document xmlns:w="w" xmlns:o="o" xmlns:r="r"><w:body>
            <o:OLEObject ProgID="Excel.Sheet.12" ObjectID="_1" r:id="rId9"/>
            <o:OLEObject ProgID="Excel.Sheet.12" r:id="rId4"></o:OLEObject>
            <o:OLEObject ProgID="Excel.Sheet.12" r:id="rId9"/></w:body></w:document>"#;
        assert_eq!(object_ids(xml), ["rId9", "rId4"]);
        assert!(workbook_part("word/embeddings/oleObject1.BIN"));
        assert!(!workbook_part(
            "word/embeddings/Microsoft_Word_Document.docx"
        ));
    }

    #[test]
    fn many_distinct_objects_cost_linear_time() {
        let many: String = (0..150_000)
            .map(|n| format!(r#"<o:OLEObject r:id="r{n}"/>"#))
            .collect();
        let xml = format!(r#"<w:document xmlns:o="o" xmlns:r="r">{many}</w:document>"#);
        let start = std::time::Instant::now();
        assert_eq!(object_ids(&xml).len(), 150_000);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
    }
}
