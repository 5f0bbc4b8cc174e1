//! Single-file web pages (`.mht` / `.mhtml`, Excel's 另存为 › 单个文件网页, and systems'
//! one-part MHT exports named `.xls`): a MIME `multipart/related` message whose parts are
//! the pages of a workbook saved as a web page. Each sheet's page is laid out by the HTML
//! reader ([`super::html`]); the frame page and the sheet tabs (`tabstrip.htm`) are passed
//! over as they are in a folder, images and the file list are no pages. Sheets are named
//! by the frame page's `x:ExcelWorksheet` list, else as the HTML reader names a page.
//!
//! Only the message's own parts are read: a part that is itself a multipart is passed over
//! (Excel never nests), so nesting costs nothing. Parts are split by their boundary line in
//! one pass; at most [`limits::MAX_MHT_PARTS`] are looked at and a sheet part decodes to at
//! most [`limits::MAX_MHT_PART_BYTES`] (base64 measured before it is decoded).

use super::super::limits;
use super::super::refusal::Refusal;
use super::super::sniff::Package;
use super::{html, Sheets, WorkbookFormat};
use crate::decode::textenc;
use base64::Engine;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};
use std::ops::Range;

/// The MHT format: splitting the parts is its pre-check, laying out the sheets its opening.
pub struct MhtFormat;

/// One part: its headers (names lower-cased) and where its body lies in the file.
#[derive(Debug)]
pub struct Part {
    headers: Vec<(String, String)>,
    body: Range<usize>,
}

/// The message's parts, and how many past [`limits::MAX_MHT_PARTS`] were left unread.
#[derive(Debug, Default)]
pub struct Parts {
    parts: Vec<Part>,
    beyond: usize,
}

impl WorkbookFormat for MhtFormat {
    type Checked = Parts;

    fn check(bytes: &[u8], _package: Package) -> Result<Parts, Refusal> {
        Ok(split(bytes))
    }

    fn open(bytes: &[u8], parts: Parts) -> Result<Sheets, Refusal> {
        let pages: Vec<&Part> = parts.parts.iter().filter(|p| is_page(p)).collect();
        // The sheets, plus the frame page and the tabs; the pages past them are not
        // decoded, only counted as not read.
        let kept = limits::MAX_SHEETS + 2;
        let pages: Vec<(&Part, Option<Vec<u8>>)> = pages
            .iter()
            .take(kept)
            .map(|&p| (p, decoded(bytes, p).and_then(|b| page_text(p, b))))
            .collect();
        let names = pages
            .iter()
            .filter_map(|(_, body)| body.as_deref())
            .find(|b| is_frame(b))
            .map(|frame| sheet_names(&html::text_of(frame)))
            .unwrap_or_default();
        let mut out = Sheets {
            unread: parts.beyond
                + parts
                    .parts
                    .iter()
                    .filter(|p| is_page(p))
                    .count()
                    .saturating_sub(kept),
            ..Sheets::default()
        };
        for (part, body) in pages {
            let file = file_name(part);
            match body {
                None => out.failed.push(file),
                Some(b) if is_frame(&b) || file.eq_ignore_ascii_case("tabstrip.htm") => {}
                Some(_) if out.grids.len() >= limits::MAX_SHEETS => out.unread += 1,
                Some(b) => {
                    let mut grid = html::sheet_of(&b);
                    if let Some(n) = listed_name(&names, part, &file) {
                        grid.name = n;
                    }
                    out.grids.push(grid);
                }
            }
        }
        Ok(out)
    }
}

/// True when the bytes are a MIME message holding a web page: MIME headers at the start
/// and a `multipart/related` or `text/html` body (a one-part export).
pub(crate) fn is_web_archive(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let head = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    (head.starts_with("mime-version:") || head.starts_with("from:"))
        && (head.contains("multipart/related") || head.contains("text/html"))
}

/// The message's parts (a one-part message is its own part).
fn split(bytes: &[u8]) -> Parts {
    let Some(top) = part_at(bytes, 0) else {
        return Parts::default();
    };
    let body = top.body.clone();
    let boundary = header(&top.headers, "content-type").and_then(boundary_of);
    let Some(boundary) = boundary else {
        return Parts {
            parts: vec![top],
            beyond: 0,
        };
    };
    let delimiter = [b"--".as_slice(), boundary.as_bytes()].concat();
    let mut starts = memchr::memmem::find_iter(&bytes[body.start..], &delimiter)
        .map(|i| i + body.start)
        .filter(|&i| i == 0 || bytes[i - 1] == b'\n');
    let mut out = Parts::default();
    let mut at = starts.next();
    while let Some(start) = at {
        let after = start + delimiter.len();
        if bytes[after..].starts_with(b"--") {
            break;
        }
        if out.parts.len() >= limits::MAX_MHT_PARTS {
            // Counted, not read: the closing delimiter is no part.
            let closing = |&i: &usize| bytes[i + delimiter.len()..].starts_with(b"--");
            out.beyond = 1 + starts.filter(|i| !closing(i)).count();
            break;
        }
        at = starts.next();
        let end = at.unwrap_or(bytes.len());
        let line_end = memchr::memchr(b'\n', &bytes[after..end]).map_or(end, |i| after + i + 1);
        out.parts.extend(part_at(&bytes[..end], line_end));
    }
    out
}

/// The headers starting at `at` (unfolded, names lower-cased) and the body after the blank
/// line that ends them, up to the end of `bytes` less the line break before a boundary.
fn part_at(bytes: &[u8], at: usize) -> Option<Part> {
    let window = &bytes[at..bytes.len().min(at + limits::MAX_MHT_HEADER_BYTES)];
    let blank = memchr::memmem::find(window, b"\n\r\n")
        .map(|i| (i, 3))
        .into_iter()
        .chain(memchr::memmem::find(window, b"\n\n").map(|i| (i, 2)))
        .min_by_key(|(i, _)| *i)?;
    let text = String::from_utf8_lossy(&window[..blank.0]);
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        match (line.starts_with([' ', '\t']), headers.last_mut()) {
            (true, Some((_, v))) => v.push_str(line.trim()),
            _ => {
                if let Some((n, v)) = line.split_once(':') {
                    headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
        }
    }
    let start = at + blank.0 + blank.1;
    let mut end = bytes.len();
    for tail in [b"\n".as_slice(), b"\r"] {
        if end > start && bytes[..end].ends_with(tail) {
            end -= 1;
        }
    }
    Some(Part {
        headers,
        body: start..end.max(start),
    })
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The `boundary=` parameter of a multipart content type.
fn boundary_of(content_type: &str) -> Option<String> {
    if !content_type.to_ascii_lowercase().starts_with("multipart/") {
        return None;
    }
    let at = content_type.to_ascii_lowercase().find("boundary=")?;
    let rest = &content_type[at + "boundary=".len()..];
    let value = match rest.strip_prefix('"') {
        Some(q) => q.split('"').next()?,
        None => rest.split([';', ' ', '\t']).next()?,
    };
    (!value.is_empty()).then(|| value.to_string())
}

/// A part holding an HTML page (by its type, or by its name when it has none); a part that
/// is itself a multipart, an image or the file list is not.
fn is_page(p: &Part) -> bool {
    match header(&p.headers, "content-type") {
        Some(t) => t.to_ascii_lowercase().starts_with("text/html"),
        None => {
            let f = file_name(p).to_ascii_lowercase();
            f.ends_with(".htm") || f.ends_with(".html")
        }
    }
}

/// The last segment of the part's `Content-Location` (`sheet001.htm`).
fn file_name(p: &Part) -> String {
    let loc = header(&p.headers, "content-location").unwrap_or_default();
    loc.rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The part's name in the frame page's list, matched by its file name or its
/// `Content-ID` (a frame may name a sheet `cid:sheet001`).
fn listed_name(names: &[(String, String)], part: &Part, file: &str) -> Option<String> {
    let id = header(&part.headers, "content-id").map(|v| v.trim_matches(['<', '>', ' ']));
    names
        .iter()
        .find(|(f, _)| f.eq_ignore_ascii_case(file) || id == Some(f.as_str()))
        .map(|(_, n)| n.clone())
}

/// Excel's frame page of a workbook: a `<frameset>`, no sheet.
fn is_frame(page: &[u8]) -> bool {
    let head = &page[..page.len().min(64 * 1024)];
    memchr::memmem::find(&head.to_ascii_lowercase(), b"<frameset").is_some()
}

/// The part's body decoded by its transfer encoding; `None` when it would exceed
/// [`limits::MAX_MHT_PART_BYTES`].
fn decoded(bytes: &[u8], p: &Part) -> Option<Vec<u8>> {
    let body = &bytes[p.body.clone()];
    let encoding = header(&p.headers, "content-transfer-encoding").unwrap_or_default();
    match encoding.to_ascii_lowercase().as_str() {
        "base64" => {
            if body.len() / 4 * 3 > limits::MAX_MHT_PART_BYTES {
                return None;
            }
            let clean: Vec<u8> = body
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            let engine = base64::engine::GeneralPurpose::new(
                &base64::alphabet::STANDARD,
                base64::engine::GeneralPurposeConfig::new()
                    .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
                    .with_decode_allow_trailing_bits(true),
            );
            engine.decode(clean).ok()
        }
        "quoted-printable" => quoted_printable(body),
        _ => (body.len() <= limits::MAX_MHT_PART_BYTES).then(|| body.to_vec()),
    }
}

/// A page part's body for the HTML reader: a UTF-16 part (by its own byte order mark, its
/// header's `charset="utf-16"` / `unicode`, or the NUL bytes of its text: Excel's page
/// saved in Unicode) decoded to UTF-8 here, its `<meta>` then read as UTF-8 is; `None` when
/// its text would pass [`limits::MAX_MHT_PART_BYTES`]. Any other part as it is: its
/// `<meta>`, else UTF-8 or GBK, decides (a header naming another charset changes nothing
/// Excel or a system writes: docs/reader.md, encprobe).
fn page_text(p: &Part, body: Vec<u8>) -> Option<Vec<u8>> {
    let sent = header(&p.headers, "content-type")
        .and_then(charset_of)
        .and_then(|l| Encoding::for_label(l.as_bytes()));
    let utf16 = |e: &&'static Encoding| *e == UTF_16LE || *e == UTF_16BE;
    let wide = match Encoding::for_bom(&body) {
        Some((e, _)) => Some(e).filter(utf16),
        None => sent
            .filter(utf16)
            .or_else(|| textenc::utf16(&body).map(|f| f.0)),
    };
    match wide {
        Some(e) => textenc::decode(e, &body, limits::MAX_MHT_PART_BYTES),
        None => Some(body),
    }
}

/// The `charset=` parameter of a content type, unquoted.
fn charset_of(content_type: &str) -> Option<&str> {
    content_type.split(';').find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']))
    })
}

/// Quoted-printable decoded: `=` before a line break is a soft break, `=XX` a byte, any
/// other `=` kept as it is (as mail readers are lenient).
fn quoted_printable(body: &[u8]) -> Option<Vec<u8>> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(body.len().min(limits::MAX_MHT_PART_BYTES));
    let mut i = 0;
    while i < body.len() {
        if out.len() > limits::MAX_MHT_PART_BYTES {
            return None;
        }
        let b = body[i];
        if b != b'=' {
            out.push(b);
            i += 1;
            continue;
        }
        let rest = &body[i + 1..];
        if rest.starts_with(b"\r\n") {
            i += 3;
        } else if rest.starts_with(b"\n") {
            i += 2;
        } else if let (Some(h), Some(l)) = (
            rest.first().copied().and_then(hex),
            rest.get(1).copied().and_then(hex),
        ) {
            out.push(h << 4 | l);
            i += 3;
        } else {
            out.push(b'=');
            i += 1;
        }
    }
    Some(out)
}

/// The frame page's list of sheets: each `x:ExcelWorksheet`'s page (its file name, or the
/// `Content-ID` of a `cid:` reference) and name.
fn sheet_names(frame: &str) -> Vec<(String, String)> {
    let between = |s: &str, open: &str, close: &str| -> Option<String> {
        let a = s.find(open)? + open.len();
        let b = s[a..].find(close)? + a;
        Some(s[a..b].trim().to_string())
    };
    frame
        .split("<x:ExcelWorksheet>")
        .skip(1)
        .take(limits::MAX_SHEETS)
        .filter_map(|w| {
            let name = between(w, "<x:Name>", "</x:Name>")?;
            let href = between(w, "HRef=\"", "\"")?;
            let href = href.strip_prefix("cid:").unwrap_or(&href);
            let file = href.rsplit(['/', '\\']).next()?.to_string();
            (!name.is_empty()).then(|| (file, name.chars().take(31).collect()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MSG: &[u8] = b"MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\tboundary=\"B\"\r\n\r\n\
        preamble\r\n--B\r\nContent-Location: file:///C:/a.files/sheet001.htm\r\n\
        Content-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html\r\n\r\n\
        <table><tr><td =3D>x=\r\ny</td></tr></table>\r\n--B\r\nContent-Type: image/png\r\n\r\nPNG\r\n--B--\r\n";

    #[test]
    fn parts_are_split_by_their_boundary_and_decoded() {
        assert!(is_web_archive(MSG));
        let parts = split(MSG);
        assert_eq!(parts.parts.len(), 2);
        assert_eq!(file_name(&parts.parts[0]), "sheet001.htm");
        let page = decoded(MSG, &parts.parts[0]).expect("decoded");
        assert_eq!(page, b"<table><tr><td =>xy</td></tr></table>");
        assert!(!is_page(&parts.parts[1]));
        let sheets = MhtFormat::open(MSG, parts).expect("read");
        assert_eq!(sheets.grids.len(), 1);
        assert_eq!(sheets.grids[0].raw(0, 0).as_text(), "xy");
    }

    #[test]
    fn a_one_part_message_is_its_own_page_and_a_bad_one_reads_nothing() {
        let one = b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=\"utf-8\"\r\n\
            Content-Transfer-Encoding: base64\r\n\r\nPHRhYmxlPjx0cj48dGQ+eDwvdGQ+PC90cj48L3RhYmxlPg==\r\n";
        assert!(is_web_archive(one));
        let sheets = MhtFormat::open(one, split(one)).expect("read");
        assert_eq!(sheets.grids[0].raw(0, 0).as_text(), "x");
        // No blank line after the headers; a boundary that never comes.
        assert!(split(b"MIME-Version: 1.0\r\nContent-Type: text/html")
            .parts
            .is_empty());
        let never = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=Z\r\n\r\nx";
        assert!(split(never).parts.is_empty());
        assert!(!is_web_archive(
            b"MIME-Version: 1.0\r\nContent-Type: image/png\r\n\r\n"
        ));
    }

    #[test]
    fn frame_names_name_the_sheets() {
        let frame = "<x:ExcelWorksheet><x:Name>自评表</x:Name><x:WorksheetSource \
                     HRef=\"b.files/sheet001.htm\"/></x:ExcelWorksheet><x:ExcelWorksheet>\
                     <x:Name>说明</x:Name><x:WorksheetSource HRef=\"cid:sheet002\"/>";
        assert_eq!(
            sheet_names(frame),
            vec![
                ("sheet001.htm".to_string(), "自评表".to_string()),
                ("sheet002".to_string(), "说明".to_string())
            ]
        );
    }
}
