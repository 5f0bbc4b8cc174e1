//! The paragraphs of a `.docx`: `word/document.xml` streamed with quick-xml, one paragraph
//! per `w:p` in document order — body paragraphs and the paragraphs of table cells alike,
//! a paragraph inside a text box after the one holding it (once: [`wordxml`](crate::read::wordxml) leaves out
//! Word's VML copy, a moved text's source and an unfilled control's placeholder). Only
//! `w:t` and `w:sym` text counts (deleted text, field codes and drawing text do not); a tab
//! or a line break is a space.
//! The package is bounded as a workbook's is ([`limits`]): entry count, encryption, the
//! inflated size of the one part read.

use crate::decode::limits;
use crate::diag::Message;
use quick_xml::events::Event;
use std::io::{Cursor, Read};

/// The main document part of a WordprocessingML package.
const DOCUMENT_PART: &str = "word/document.xml";

/// The paragraphs' texts (untrimmed, empty ones included) of a `.docx`'s bytes, and how
/// many were cut at [`limits::MAX_PARAGRAPH_BYTES`].
pub fn paragraphs(bytes: &[u8]) -> Result<(Vec<String>, u32), Message> {
    let xml = document_xml(bytes)?;
    parse(&xml)
}

/// The number of entries a zip's end-of-central-directory record declares (the zip64
/// record's when the classic one says 0xFFFF), read before the zip crate allocates an
/// entry for each: a 17 KB file can declare a million. `None` when no record is found
/// (the zip crate then refuses the file itself).
pub fn declared_entries(bytes: &[u8]) -> Option<u64> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    const LOCATOR: [u8; 4] = [0x50, 0x4b, 0x06, 0x07];
    let tail_from = bytes.len().saturating_sub(22 + 65_535);
    let at = tail_from + bytes[tail_from..].windows(4).rposition(|w| w == EOCD)?;
    let le16 = |i: usize| Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?));
    let le64 = |i: usize| Some(u64::from_le_bytes(bytes.get(i..i + 8)?.try_into().ok()?));
    let classic = le16(at + 10)?;
    if classic != 0xFFFF {
        return Some(u64::from(classic));
    }
    let loc = at.checked_sub(20)?;
    if bytes.get(loc..loc + 4)? != LOCATOR {
        return Some(u64::from(classic));
    }
    let record = usize::try_from(le64(loc + 8)?).ok()?;
    le64(record.checked_add(32)?)
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

fn too_many_entries() -> Message {
    let n = limits::MAX_ZIP_ENTRIES;
    Message::new(
        format!("Word 文档包含超过 {n} 个部件，不像是自评报告，未读取"),
        format!("the document has more than {n} parts: not a self-evaluation report, not read"),
    )
}

fn too_deep() -> Message {
    let n = limits::MAX_PARAGRAPH_DEPTH;
    Message::new(
        format!("Word 文档的段落嵌套超过 {n} 层，不像是自评报告，未读取"),
        format!("the document nests paragraphs more than {n} deep: not a self-evaluation report, not read"),
    )
}

/// A report whose text is over [`limits::MAX_REPORT_TEXT_BYTES`].
pub fn too_long() -> Message {
    let mb = limits::MAX_REPORT_TEXT_BYTES / (1024 * 1024);
    Message::new(
        format!("报告正文超过 {mb} MB，不像是自评报告，未读取"),
        format!("the report's text is larger than {mb} MB: not a self-evaluation report, not read"),
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
    if declared_entries(bytes).unwrap_or(0) > limits::MAX_ZIP_ENTRIES as u64 {
        return Err(too_many_entries());
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_docx())?;
    if zip.len() > limits::MAX_ZIP_ENTRIES {
        return Err(too_many_entries());
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

/// The paragraphs being read: the open ones (innermost last — a text box's paragraphs
/// nest in another's), the finished ones, and the bounds' counters.
#[derive(Default)]
struct Paragraphs {
    open: Vec<String>,
    done: Vec<String>,
    /// The heading level a paragraph's style or outline level gives, per open / done
    /// paragraph (`标题 1` → 1): a heading Word numbers itself has no `一、` in its text.
    open_levels: Vec<Option<u8>>,
    levels: Vec<Option<u8>>,
    /// Text kept so far, in bytes.
    kept: usize,
    /// Paragraphs cut at the length bound (each counted once).
    cut: u32,
    cutting: bool,
}

impl Paragraphs {
    fn start(&mut self) -> Result<(), Message> {
        if self.open.len() >= limits::MAX_PARAGRAPH_DEPTH {
            return Err(too_deep());
        }
        self.open.push(String::new());
        self.open_levels.push(None);
        Ok(())
    }

    fn end(&mut self) -> Result<(), Message> {
        if let Some(p) = self.open.pop() {
            self.done.push(p);
            self.levels.push(self.open_levels.pop().flatten());
        }
        self.cutting = false;
        if self.done.len() > limits::MAX_REPORT_PARAGRAPHS {
            return Err(too_many());
        }
        Ok(())
    }

    /// Appends text to the innermost open paragraph, within the length bounds.
    fn push(&mut self, s: &str) -> Result<(), Message> {
        let Some(p) = self.open.last_mut() else {
            return Ok(());
        };
        if p.len() + s.len() > limits::MAX_PARAGRAPH_BYTES {
            if !self.cutting {
                self.cut += 1;
                self.cutting = true;
            }
            return Ok(());
        }
        self.kept += s.len();
        if self.kept > limits::MAX_REPORT_TEXT_BYTES {
            return Err(too_long());
        }
        p.push_str(s);
        Ok(())
    }
}

/// The heading level a paragraph property states: a built-in heading style (`Heading1`,
/// or `1` as Chinese Word names 标题 1) or an outline level (`0` → 1), levels 1 to 3.
fn style_level(e: &quick_xml::events::BytesStart) -> Option<u8> {
    let val = e
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")?;
    let val = val.value.to_ascii_lowercase();
    let level = match e.local_name().as_ref() {
        "pStyle" => val
            .strip_prefix("heading")
            .unwrap_or(&val)
            .parse::<u8>()
            .ok()?,
        "outlineLvl" => val.parse::<u8>().ok()?.checked_add(1)?,
        _ => return None,
    };
    (1..=3).contains(&level).then_some(level)
}

/// A paragraph's text and the heading level its properties state.
pub type Leveled = (String, Option<u8>);

/// [`paragraphs`] with the heading level each paragraph's properties state.
pub fn leveled_paragraphs(bytes: &[u8]) -> Result<(Vec<Leveled>, u32), Message> {
    let xml = document_xml(bytes)?;
    let (ps, cut) = parse_leveled(&xml)?;
    Ok((ps.done.into_iter().zip(ps.levels).collect(), cut))
}

/// The paragraphs of a document part and how many were cut; an error when it is not
/// well-formed or over a bound.
fn parse(xml: &str) -> Result<(Vec<String>, u32), Message> {
    parse_leveled(xml).map(|(ps, cut)| (ps.done, cut))
}

fn parse_leveled(xml: &str) -> Result<(Paragraphs, u32), Message> {
    let mut rd = quick_xml::Reader::from_str(xml);
    let mut ps = Paragraphs::default();
    let mut in_text = false;
    let mut vis = crate::read::wordxml::Visible::default();
    loop {
        let ev = rd.read_event().map_err(|_| not_xml())?;
        if !vis.shows(&ev) {
            continue;
        }
        match ev {
            Event::Start(e) => match e.local_name().as_ref() {
                "p" => ps.start()?,
                "t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" | "br" | "cr" => ps.push(" ")?,
                "sym" => {
                    if let Some(c) = crate::read::wordxml::sym(&e) {
                        ps.push(c.encode_utf8(&mut [0; 4]))?
                    }
                }
                "pStyle" | "outlineLvl" => {
                    if let (Some(l), Some(slot)) = (style_level(&e), ps.open_levels.last_mut()) {
                        *slot = Some(slot.map_or(l, |s| s.min(l)));
                    }
                }
                "p" => {
                    ps.start()?;
                    ps.end()?
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "p" => ps.end()?,
                "t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text => ps.push(&t.xml10_content())?,
            Event::GeneralRef(r) if in_text => {
                let name = r.xml10_content();
                match r.resolve_char_ref().ok().flatten() {
                    Some(c) => ps.push(c.encode_utf8(&mut [0; 4]))?,
                    None => {
                        ps.push(quick_xml::escape::resolve_xml_entity(&name).ok_or_else(not_xml)?)?
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let cut = ps.cut;
    Ok((ps, cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_style_or_outline_level_gives_a_level() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>基本情况</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="2"/></w:pPr><w:r><w:t>危桥改造</w:t></w:r></w:p>
            <w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>问题</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>报告</w:t></w:r></w:p>
            </w:body></w:document>"#;
        let (ps, _) = parse_leveled(xml).unwrap();
        assert_eq!(ps.levels, vec![Some(1), Some(2), Some(1), None]);
    }

    #[test]
    fn body_and_table_paragraphs_in_order() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>一、基本情况</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>当年财政拨款</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t xml:space="preserve">30 </w:t><w:t>万元</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p/><w:p><w:r><w:t>A&amp;B&#x4E2D;</w:t><w:tab/><w:delText>gone</w:delText></w:r></w:p>
            </w:body></w:document>"#;
        let (got, cut) = parse(xml).unwrap();
        assert_eq!(cut, 0);
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
