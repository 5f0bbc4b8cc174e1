//! The paragraphs of a `.docx`: `word/document.xml` streamed with quick-xml, one paragraph
//! per `w:p` in document order — body paragraphs and the paragraphs of table cells alike,
//! a paragraph inside a text box after the one holding it. Only `w:t` text counts
//! (deleted text, field codes and drawing text do not); a tab or a line break is a space.
//! The package is bounded as a workbook's is ([`limits`]): entry count, encryption, the
//! inflated size of the one part read.

use crate::diag::Message;
use crate::read::limits;
use quick_xml::events::Event;
use std::io::{Cursor, Read};

/// The main document part of a WordprocessingML package.
const DOCUMENT_PART: &str = "word/document.xml";

/// The paragraphs' texts (untrimmed, empty ones included) of a `.docx`'s bytes.
pub fn paragraphs(bytes: &[u8]) -> Result<Vec<String>, Message> {
    let xml = document_xml(bytes)?;
    parse(&xml)
}

fn not_xml() -> Message {
    Message::new(
        "Word 文档内容已损坏（document.xml 不是有效的 XML），无法读取",
        "the Word document is corrupt (document.xml is not well-formed XML)",
    )
}

fn too_many() -> Message {
    let n = limits::MAX_REPORT_PARAGRAPHS;
    Message::new(
        format!("Word 文档超过 {n} 段，不像是自评报告，未读取"),
        format!(
            "the document has more than {n} paragraphs: not a self-evaluation report, not read"
        ),
    )
}

fn not_docx() -> Message {
    Message::new(
        "不是有效的 .docx 文档（已损坏、被截断或不是 Word 文件），无法读取；请重新另存为 .docx 后报送",
        "not a valid .docx document (corrupt, truncated or not a Word file); save it again as .docx and send it again",
    )
}

/// The text of `word/document.xml`, bounded.
pub fn document_xml(bytes: &[u8]) -> Result<String, Message> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_docx())?;
    if zip.len() > limits::MAX_ZIP_ENTRIES {
        return Err(not_docx());
    }
    let part = zip.by_name(DOCUMENT_PART).map_err(|e| match e {
        zip::result::ZipError::UnsupportedArchive(_) => Message::new(
            "Word 文档设有密码保护，无法读取；请取消密码后重新报送",
            "the Word document is password-protected; remove the password and send it again",
        ),
        _ => not_docx(),
    })?;
    if part.encrypted() {
        return Err(Message::new(
            "Word 文档设有密码保护，无法读取；请取消密码后重新报送",
            "the Word document is password-protected; remove the password and send it again",
        ));
    }
    let mut xml = Vec::new();
    part.take(limits::MAX_WORKBOOK_PART_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|_| not_docx())?;
    if xml.len() as u64 > limits::MAX_WORKBOOK_PART_BYTES {
        return Err(Message::new(
            format!(
                "Word 文档正文超过 {} MB，不像是自评报告，未读取",
                limits::MAX_WORKBOOK_PART_BYTES / (1024 * 1024)
            ),
            format!(
                "the document's text is larger than {} MB: not a self-evaluation report, not read",
                limits::MAX_WORKBOOK_PART_BYTES / (1024 * 1024)
            ),
        ));
    }
    String::from_utf8(xml).map_err(|_| not_docx())
}

/// The paragraphs of a document part; an error when it is not well-formed or too long.
fn parse(xml: &str) -> Result<Vec<String>, Message> {
    let mut rd = quick_xml::Reader::from_str(xml);
    // Paragraphs being read, innermost last (a text box's paragraphs nest in another's).
    let mut open: Vec<String> = Vec::new();
    let mut done: Vec<String> = Vec::new();
    let mut in_text = false;
    loop {
        match rd.read_event().map_err(|_| not_xml())? {
            Event::Start(e) => match e.local_name().as_ref() {
                "p" => open.push(String::new()),
                "t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" | "br" | "cr" => push(&mut open, " "),
                "p" => done.push(String::new()),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "p" => done.extend(open.pop()),
                "t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text => push(&mut open, &t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let name = r.xml10_content();
                match r.resolve_char_ref().ok().flatten() {
                    Some(c) => push(&mut open, c.encode_utf8(&mut [0; 4])),
                    None => push(
                        &mut open,
                        quick_xml::escape::resolve_xml_entity(&name).ok_or_else(not_xml)?,
                    ),
                }
            }
            Event::Eof => break,
            _ => {}
        }
        if done.len() > limits::MAX_REPORT_PARAGRAPHS {
            return Err(too_many());
        }
    }
    Ok(done)
}

/// Appends text to the innermost open paragraph, within the length bound.
fn push(open: &mut [String], s: &str) {
    if let Some(p) = open.last_mut() {
        if p.len() + s.len() <= limits::MAX_PARAGRAPH_BYTES {
            p.push_str(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_and_table_paragraphs_in_order() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>一、基本情况</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>当年财政拨款</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t xml:space="preserve">30 </w:t><w:t>万元</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p/><w:p><w:r><w:t>A&amp;B&#x4E2D;</w:t><w:tab/><w:delText>gone</w:delText></w:r></w:p>
            </w:body></w:document>"#;
        let got = parse(xml).unwrap();
        assert_eq!(
            got,
            vec!["一、基本情况", "当年财政拨款", "30 万元", "", "A&B中 "]
        );
    }

    #[test]
    fn not_a_zip_is_a_message() {
        assert!(paragraphs(b"plain text").is_err());
        assert!(parse("<w:p><w:t>x</w:p>").is_err());
    }
}
