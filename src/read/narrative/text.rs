//! The paragraphs of a text report: its encoding found (a byte-order mark, else UTF-16
//! without one told by its NUL bytes as `read::textenc` tells it, else UTF-8 when the
//! bytes are valid UTF-8, else GB18030, the encoding of Chinese Windows), then one
//! paragraph per line. A file too long to be a report in any of these is refused before it
//! is decoded.

use crate::decode::limits;
use crate::diag::Message;

/// The lines of a text file's bytes, decoded, and how many were cut at
/// [`limits::MAX_PARAGRAPH_BYTES`].
pub fn paragraphs(bytes: &[u8]) -> Result<(Vec<String>, u32), Message> {
    // Each of these encodings takes at most two bytes for each byte of UTF-8 (UTF-16's
    // ASCII): longer bytes are a longer text than a report's, however they decode.
    if bytes.len() > limits::MAX_REPORT_TEXT_BYTES * 2 + 4 {
        return Err(super::docx::too_long());
    }
    let text = decode(bytes).ok_or_else(|| {
        Message::new(
            "文本文件的编码无法识别（不是 UTF-8 或 GB18030），无法读取；请另存为 UTF-8 文本或 .docx 后报送",
            "the text file's encoding is neither UTF-8 nor GB18030; save it as UTF-8 text or .docx and send it again",
        )
    })?;
    let n = limits::MAX_REPORT_PARAGRAPHS;
    if text.lines().nth(n).is_some() {
        return Err(Message::new(
            format!("文本文件超过 {n} 行，不像是自评报告，未读取"),
            format!(
                "the text file has more than {n} lines: not a self-evaluation report, not read"
            ),
        ));
    }
    if text.len() > limits::MAX_REPORT_TEXT_BYTES {
        return Err(super::docx::too_long());
    }
    let cut = text
        .lines()
        .filter(|l| l.len() > limits::MAX_PARAGRAPH_BYTES)
        .count();
    let cut = u32::try_from(cut).unwrap_or(u32::MAX);
    Ok((text.lines().map(bounded).collect(), cut))
}

/// A line cut to [`limits::MAX_PARAGRAPH_BYTES`] at a character boundary.
fn bounded(line: &str) -> String {
    let mut end = line.len().min(limits::MAX_PARAGRAPH_BYTES);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    line[..end].to_string()
}

/// The text of the bytes in the encoding they are in, `None` when no candidate decodes
/// them without error.
///
/// ```
/// use selfeval::read::narrative::text::decode;
/// assert_eq!(decode("执行率".as_bytes()).as_deref(), Some("执行率"));
/// assert_eq!(decode(&[0xD6, 0xB4, 0xD0, 0xD0]).as_deref(), Some("执行")); // GB18030
/// ```
pub fn decode(bytes: &[u8]) -> Option<String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (!had_errors).then(|| text.into_owned());
    }
    if let Some((enc, _)) = crate::decode::textenc::utf16(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        return (!had_errors).then(|| text.into_owned());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then(|| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_bad_bytes() {
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("得分".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16).as_deref(), Some("得分"));
        assert_eq!(decode(&[0xEF, 0xBB, 0xBF, b'a']).as_deref(), Some("a"));
        // Notepad opens UTF-16 without a mark by its NUL bytes: so does the reader.
        let bare: Vec<u8> = "一、项目概况\r\n预算120万元。\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            decode(&bare).as_deref(),
            Some("一、项目概况\r\n预算120万元。\r\n")
        );
        assert_eq!(decode(&[0x81, 0x20]), None);
        assert_eq!(paragraphs("a\r\nb\n".as_bytes()).unwrap().0, vec!["a", "b"]);
        // Longer than any report in any encoding: refused before it is decoded.
        let long = vec![b'a'; limits::MAX_REPORT_TEXT_BYTES * 2 + 5];
        assert!(paragraphs(&long).is_err());
    }
}
