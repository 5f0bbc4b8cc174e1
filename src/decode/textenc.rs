//! Text in UTF-16 (docs/reader.md, "Text encodings (encprobe)"): Excel's 另存为 › Unicode
//! 文本 (UTF-16LE with a byte order mark, tab separated), a page saved with the Unicode
//! encoding, Excel 2003 XML or a CSV a Java or .NET system writes in UTF-16, Notepad's
//! "Unicode" and "Unicode big endian". Excel and Notepad open these as the table or text they
//! hold; the reader turns them into UTF-8 once, before the format is sniffed, so every text
//! reader sees the text it reads in UTF-8.
//!
//! UTF-16 is told by its byte order mark, or without one by the NUL bytes of its ASCII
//! characters (the markup, separators and figures of any of these files) in the first
//! [`limits::UTF16_SNIFF_BYTES`]: in every other byte, never in the ones between, never two
//! together. What follows the mark must read as text there: a mark before binary bytes is
//! no text and is described as the bytes it is. The text is decoded in two passes (its
//! length counted, then written into a buffer of that size) and refused past
//! [`limits::MAX_UTF16_TEXT_BYTES`]. A lone surrogate or a last odd byte reads as U+FFFD.

use super::limits;
use super::refusal::{BoundFault, Refusal};
use encoding_rs::{CoderResult, Encoding, UTF_16BE, UTF_16LE};

/// The UTF-16 encoding of the bytes and the length of its byte order mark (0 without
/// one), or `None` for bytes that are no UTF-16 text.
///
/// ```
/// use selfeval::read::textenc::utf16;
/// assert_eq!(utf16(b"\xff\xfea\x00,\x00b\x00").map(|(e, m)| (e.name(), m)), Some(("UTF-16LE", 2)));
/// let plain: Vec<u8> = "项目,年初预算数,120\r\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
/// assert_eq!(utf16(&plain).map(|(e, m)| (e.name(), m)), Some(("UTF-16BE", 0)));
/// assert_eq!(utf16("项目,年初预算数,120\r\n".as_bytes()), None);
/// ```
pub fn utf16(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    let found = match bytes {
        [0xFF, 0xFE, ..] => (UTF_16LE, 2),
        [0xFE, 0xFF, ..] => (UTF_16BE, 2),
        _ => (by_nul_bytes(bytes)?, 0),
    };
    reads_as_text(found.0, &bytes[found.1..]).then_some(found)
}

/// UTF-16 without a mark, by where the NUL bytes of the head stand: one byte in every
/// eighth pair at least (the ASCII characters), in one place of the pair only (a CJK
/// character whose low byte is NUL, `一` U+4E00, may stand in the other now and then), and
/// never a pair of two (U+0000 is in no text; binary formats are full of it).
fn by_nul_bytes(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(limits::UTF16_SNIFF_BYTES)];
    let (mut first, mut second, mut pairs) = (0usize, 0usize, 0usize);
    for pair in head.chunks_exact(2) {
        pairs += 1;
        match (pair[0] == 0, pair[1] == 0) {
            (true, true) => return None,
            (true, false) => first += 1,
            (false, true) => second += 1,
            (false, false) => {}
        }
    }
    let most = |n: usize, other: usize| n >= 4 && n * 8 >= pairs && other * 4 <= n;
    if most(second, first) {
        Some(UTF_16LE)
    } else if most(first, second) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when the head decodes to text: no control character but the tab, the line breaks
/// and the form feed, and at most one character not decoded (U+FFFD, a lone surrogate) and
/// one more in each hundred. Random bytes decode to one unpaired surrogate in some thirty
/// characters.
fn reads_as_text(encoding: &'static Encoding, body: &[u8]) -> bool {
    let head = &body[..body.len().min(limits::UTF16_SNIFF_BYTES)];
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(head.len() * 3 / 2 + 4);
    // Not the last piece: a pair cut at the head's end is no error.
    let _ = decoder.decode_to_string(head, &mut text, false);
    let (mut chars, mut lost) = (0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        lost += usize::from(c == '\u{FFFD}');
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}') {
            return false;
        }
    }
    chars > 0 && lost <= 1 + chars / 100
}

/// The bytes as UTF-8 without their mark when they are UTF-16 text ([`utf16`]), `None`
/// when they are not; refused when the text is longer than
/// [`limits::MAX_UTF16_TEXT_BYTES`].
///
/// ```
/// use selfeval::read::textenc::utf16_as_utf8;
/// let bytes: Vec<u8> = [0xFF, 0xFE].into_iter()
///     .chain("执行率,96%".encode_utf16().flat_map(u16::to_le_bytes)).collect();
/// assert_eq!(utf16_as_utf8(&bytes).unwrap().as_deref(), Some("执行率,96%".as_bytes()));
/// assert_eq!(utf16_as_utf8(b"a,b").unwrap(), None);
/// ```
pub fn utf16_as_utf8(bytes: &[u8]) -> Result<Option<Vec<u8>>, Refusal> {
    let Some((encoding, mark)) = utf16(bytes) else {
        return Ok(None);
    };
    let text = decode(encoding, &bytes[mark..], limits::MAX_UTF16_TEXT_BYTES)
        .ok_or(BoundFault::Utf16Text)?;
    Ok(Some(text))
}

/// The bytes decoded to UTF-8 in two passes through a one-mebibyte buffer: the first
/// counts the text's length, the second fills a buffer of exactly that size (one grown as
/// it fills is copied, one reserved for the worst case is three times the file). `None`
/// when the text is longer than `max`, found by the first pass.
pub(crate) fn decode(encoding: &'static Encoding, bytes: &[u8], max: usize) -> Option<Vec<u8>> {
    let mut size = 0;
    decode_chunks(encoding, bytes, |piece| size += piece.len());
    if size > max {
        return None;
    }
    let mut out = Vec::with_capacity(size);
    decode_chunks(encoding, bytes, |piece| out.extend_from_slice(piece));
    Some(out)
}

/// Decodes the bytes (a byte order mark of the encoding removed), handing each decoded
/// piece (UTF-8) to `sink`.
fn decode_chunks(encoding: &'static Encoding, bytes: &[u8], mut sink: impl FnMut(&[u8])) {
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let mut buf = vec![0u8; 1 << 20];
    let mut rest = bytes;
    loop {
        let (result, read, written, _) = decoder.decode_to_utf8(rest, &mut buf, true);
        sink(&buf[..written]);
        rest = &rest[read..];
        if result == CoderResult::InputEmpty {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn utf16_is_told_by_its_mark_or_its_nul_bytes() {
        let csv = le("项目名称,高标准农田建设\r\n年初预算数,120\r\n");
        assert_eq!(utf16(&csv).map(|f| f.0), Some(UTF_16LE));
        // Chinese alone has no NUL byte to tell it by: left as it is.
        assert_eq!(utf16(&le("项目名称高标准农田建设")), None);
        // Binary bytes: pairs of NULs, or a mark before no text.
        assert_eq!(
            utf16(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
            None
        );
        let junk: Vec<u8> = (0..4096u32).map(|i| (i * 73 + 41) as u8).collect();
        assert_eq!(utf16(&[b"\xff\xfe".as_slice(), &junk].concat()), None);
        assert_eq!(utf16(b"\xff\xfe"), None, "a mark alone is no text");
    }

    #[test]
    fn odd_bytes_and_lone_surrogates_lose_one_character() {
        let mut bytes = [b"\xff\xfe".as_slice(), &le("a,b\r\n")].concat();
        bytes.extend_from_slice(b"\x00\xd8");
        bytes.extend_from_slice(&le("c,d"));
        bytes.push(b'\n');
        let text = utf16_as_utf8(&bytes).unwrap().unwrap();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            "a,b\r\n\u{FFFD}c,d\u{FFFD}"
        );
    }

    proptest::proptest! {
        /// Any text behind either mark reads back whole; any bytes behind a mark, or
        /// none, never panic and never decode past the bound.
        #[test]
        fn marked_text_reads_back_and_bytes_never_panic(
            text in "\\PC{0,200}",
            tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
            mark in 0usize..3,
        ) {
            let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
            let marked = [b"\xfe\xff".as_slice(), &be].concat();
            // U+FFFD stands for what was lost: a text full of it reads as no text.
            let read = utf16_as_utf8(&marked).unwrap().unwrap_or_default();
            if !text.contains('\u{FFFD}') {
                proptest::prop_assert_eq!(read, text.as_bytes());
            }
            let head: &[u8] = [b"".as_slice(), b"\xff\xfe", b"\xfe\xff"][mark];
            let bytes = [head, &tail].concat();
            if let Ok(Some(read)) = utf16_as_utf8(&bytes) {
                proptest::prop_assert!(read.len() <= bytes.len() * 3 / 2 + 3);
            }
        }
    }

    #[test]
    fn a_text_past_the_bound_is_refused_after_counting() {
        assert_eq!(decode(UTF_16LE, &le("执行率"), 8), None);
        assert_eq!(
            decode(UTF_16LE, &le("执行率"), 9).unwrap(),
            "执行率".as_bytes()
        );
    }
}
