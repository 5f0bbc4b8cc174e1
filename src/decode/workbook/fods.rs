//! Flat OpenDocument spreadsheets (`.fods`): the whole document in one XML file, as
//! LibreOffice saves "Flat XML ODF Spreadsheet". Its `office:document` holds what an
//! `.ods` package splits into parts (meta, settings, styles, automatic styles, body), and
//! every reader of `content.xml` here — the ods pre-check, the formats' scan and calamine —
//! looks only for the elements it knows, wherever they stand. So the file is put, unchanged,
//! as the `content.xml` of an ods package built in memory (stored, nothing compressed), and
//! that package goes through the same package check and reader as any `.ods`: the
//! entity refusal, the inflation budget, the dense-area pre-check. One change: the
//! indentation LibreOffice puts between elements of a flat file (white space holding a line
//! break, between a `>` and a `<`) is dropped, as an `.ods` part has none: calamine
//! expects a cell right after a row's start. White space inside a paragraph is collapsed
//! by ODF itself (§6.1.2), so no cell's text changes.

use std::io::{Cursor, Write};

/// The OpenDocument spreadsheet media type, as `office:mimetype` names it.
const ODS_MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// The package's manifest: the whole package is one `content.xml` (a static part, kept as
/// the file it becomes).
const MANIFEST: &str = include_str!("fods_manifest.xml");

/// True when a file's head (its first bytes, lower-cased) is a flat OpenDocument
/// spreadsheet: an `office:document` root whose `office:mimetype` is the spreadsheet's.
pub(crate) fn is_flat_ods(head_lower: &str) -> bool {
    head_lower.contains("<office:document ")
        && head_lower.contains(&format!("office:mimetype=\"{ODS_MIME}\""))
}

/// The ods package holding the flat document as its `content.xml`; `None` when the zip
/// writer refuses (it does not, for any bytes). The document is written into the package
/// as it is compacted, never copied whole first: a 60 MiB file then costs the file and
/// the package, not a third copy (the hostile folder's 200 MB bar).
pub(crate) fn package(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + 1024)));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).ok()?;
    w.write_all(ODS_MIME.as_bytes()).ok()?;
    w.start_file("META-INF/manifest.xml", stored).ok()?;
    w.write_all(MANIFEST.as_bytes()).ok()?;
    w.start_file("content.xml", stored).ok()?;
    for piece in compact(bytes) {
        w.write_all(piece).ok()?;
    }
    Some(w.finish().ok()?.into_inner())
}

/// The XML without the indentation between elements, as the pieces kept: each run of
/// white space holding a line break that stands between a `>` and a `<` is dropped.
/// Linear: each byte is looked at once or twice.
fn compact(xml: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut i = 0;
    std::iter::from_fn(move || {
        let from = i;
        while i < xml.len() {
            let b = xml[i];
            i += 1;
            if b != b'>' {
                continue;
            }
            let run = xml[i..]
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
                .count();
            if xml[i..i + run].contains(&b'\n') && xml.get(i + run) == Some(&b'<') {
                let kept = &xml[from..i];
                i += run;
                return Some(kept);
            }
        }
        (from < xml.len()).then(|| &xml[from..])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_flat_spreadsheet_is_one() {
        let ods = r#"<?xml version="1.0"?><office:document xmlns:office="x" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">"#;
        assert!(is_flat_ods(&ods.to_ascii_lowercase()));
        let odt = ods.replace("spreadsheet", "text");
        assert!(!is_flat_ods(&odt.to_ascii_lowercase()));
        assert!(!is_flat_ods("<html><table>"));
        assert!(package(b"<x/>").is_some());
        let pretty = b"<row>\n  <cell> a  b </cell>\n  <cell/>\n</row> \n";
        assert_eq!(
            compact(pretty).collect::<Vec<_>>().concat(),
            b"<row><cell> a  b </cell><cell/></row> \n".to_vec()
        );
    }
}
