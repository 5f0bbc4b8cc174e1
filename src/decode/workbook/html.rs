//! HTML tables saved as `.xls` / `.htm`: what web-based finance systems send as an
//! "Excel export" (a page holding a `<table>`, served as `application/vnd.ms-excel`) and
//! what Excel writes when it saves a sheet "as Web Page" (`x:num` values,
//! `mso-number-format` styles). Excel and WPS open both; so does this reader, as one sheet
//! laid out as Excel lays the page out ([`htmlgrid`](super::htmlgrid)).
//!
//! The page's charset is chosen first (a byte order mark, else the charset its `<meta>`
//! declares, else UTF-8 when the bytes are UTF-8 and GBK otherwise — a Chinese system's
//! default); the page is then decoded a chunk at a time, each tag held to
//! [`limits::MAX_HTML_ATTRIBUTES`] ([`super::htmlattrs`]), and tokenized by html5ever's
//! tokenizer alone: WHATWG tokenizing (entities, unquoted
//! attributes, unclosed tags, comments, raw text of `<script>` and `<style>`) with no
//! tree, so nesting costs nothing; the layout keeps its own bounded stack. Nothing is
//! fetched or run: a script's text is skipped, links and images are tags without meaning.

use super::super::grid::Grid;
use super::super::limits;
use super::super::refusal::Refusal;
use super::super::sniff::Package;
use super::htmlattrs::AttrCap;
use super::htmlgrid::{Layout, OpenCell};
use super::htmlstyle::{self, Classes};
use super::{Sheets, WorkbookFormat};
use encoding_rs::{Encoding, GBK, UTF_8};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;
use std::cell::RefCell;

/// The HTML format: choosing the charset is its pre-check, laying out its opening.
pub struct HtmlFormat;

impl WorkbookFormat for HtmlFormat {
    /// The page's charset and the bytes of its mark, if any.
    type Checked = (&'static Encoding, usize);

    fn check(bytes: &[u8], _package: Package) -> Result<Self::Checked, Refusal> {
        Ok(charset(bytes))
    }

    fn open(bytes: &[u8], (encoding, mark): Self::Checked) -> Result<Sheets, Refusal> {
        let page = bytes.get(mark..).unwrap_or_default();
        Ok(Sheets {
            grids: vec![lay_out(page, encoding)],
            ..Sheets::default()
        })
    }
}

/// Bytes of the page decoded and tokenized at a time.
const CHUNK: usize = 64 * 1024;

/// True when the bytes are an HTML page holding a table: markup whose head looks like
/// HTML (XML only when it is XHTML), with a `<table` tag anywhere (Excel's style block can
/// fill the first KiB).
pub(crate) fn is_table_page(bytes: &[u8], head_lower: &str) -> bool {
    let trimmed = head_lower.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let html = [
        "<html",
        "<table",
        "<!doctype html",
        "<meta",
        "<head",
        "<body",
        "<style",
    ];
    // XML that is no XHTML page (Excel 2003 XML, a flat OpenDocument file) is not a page.
    let other_xml = trimmed.starts_with("<?xml") && !head_lower.contains("<html");
    trimmed.starts_with('<')
        && !other_xml
        && html.iter().any(|t| head_lower.contains(t))
        && has_table(bytes)
}

/// A `<table` start tag (any case) anywhere in the bytes. GBK's trail bytes are never
/// `<`, so the search is right in either charset.
fn has_table(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'<', bytes).any(|i| {
        let tag = bytes.get(i + 1..i + 6);
        let next = bytes.get(i + 6).copied();
        tag.is_some_and(|t| t.eq_ignore_ascii_case(b"table"))
            && next.is_none_or(|b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
    })
}

/// The page's charset (and the length of its mark): UTF-8 after a byte order mark; else
/// the declared charset (UTF-16 declared in a byte stream means UTF-8, as browsers read
/// it); undeclared, UTF-8 when the bytes are, else GBK. A declared charset the bytes do not
/// decode in, when the other one decodes them cleanly, gives way to it (a system that
/// declares UTF-8 and writes GBK). Only checked here, in constant memory: the page is
/// decoded a chunk at a time as it is laid out, so 60 MiB of bytes that decode to three
/// times their size never stand whole in memory.
pub(super) fn charset(bytes: &[u8]) -> (&'static Encoding, usize) {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        return (UTF_8, 3);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let declared = declared_charset(&head)
        .and_then(|l| Encoding::for_label(l.as_bytes()))
        .map(|e| {
            if e.name().starts_with("UTF-16") {
                UTF_8
            } else {
                e
            }
        });
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let first = declared.unwrap_or(if utf8 { UTF_8 } else { GBK });
    let other = if first == UTF_8 { GBK } else { UTF_8 };
    if clean(first, bytes) || !clean(other, bytes) {
        (first, 0)
    } else {
        (other, 0)
    }
}

/// True when the bytes decode in the charset without a malformed sequence (checked
/// through a small buffer: nothing is kept).
fn clean(encoding: &'static Encoding, bytes: &[u8]) -> bool {
    if encoding == UTF_8 {
        return std::str::from_utf8(bytes).is_ok();
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut buf = vec![0u8; CHUNK];
    let mut rest = bytes;
    loop {
        let (result, read, _) = decoder.decode_to_utf8_without_replacement(rest, &mut buf, true);
        rest = rest.get(read..).unwrap_or_default();
        match result {
            encoding_rs::DecoderResult::InputEmpty => return true,
            encoding_rs::DecoderResult::Malformed(..) => return false,
            encoding_rs::DecoderResult::OutputFull => {}
        }
    }
}

/// The `charset=` of the head's `<meta>` (`<meta charset="utf-8">` or
/// `content="text/html; charset=gb2312"`), lower-cased.
fn declared_charset(head: &str) -> Option<&str> {
    let at = head.find("charset")?;
    let rest = head[at + "charset".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start().trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// What the tokens between a raw-text element's start and end are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Raw {
    /// A `<style>` block: its classes are read.
    Style,
    /// A `<title>`: the sheet's name when Excel's own names none.
    Title,
    /// A script or other raw text, skipped.
    Skip,
}

/// The tokenizer's sink: the layout, the page's classes, the text being collected.
struct Sink {
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    layout: Layout,
    classes: Classes,
    raw: Option<Raw>,
    style: String,
    title: String,
    /// `<x:Name>` of Excel's worksheet options (in a conditional comment).
    sheet: Option<String>,
}

/// Lays the page out as one sheet, decoding it a chunk at a time, each chunk's tags held
/// to [`limits::MAX_HTML_ATTRIBUTES`] ([`AttrCap`]) before the tokenizer sees it.
pub(super) fn lay_out(bytes: &[u8], encoding: &'static Encoding) -> Grid {
    let sink = Sink {
        state: RefCell::new(State::default()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut cap = AttrCap::default();
    let mut at = 0;
    loop {
        let end = (at + CHUNK).min(bytes.len());
        let last = end == bytes.len();
        let piece = &bytes[at..end];
        let room = decoder.max_utf8_buffer_length(piece.len());
        let mut text = String::with_capacity(room.unwrap_or(piece.len() * 3 + 16));
        let (_, read, _) = decoder.decode_to_string(piece, &mut text, last);
        at += read;
        let mut fed = String::with_capacity(text.len());
        cap.filter(&text, &mut fed);
        queue.push_back(StrTendril::from_slice(&fed));
        // The sink pauses the tokenizer (a "script" result) once the scanning bound is
        // spent: the rest of the page is not tokenized.
        let paused = matches!(tokenizer.feed(&queue), TokenizerResult::Script(()));
        if paused || (last && at >= bytes.len()) || read == 0 && !piece.is_empty() {
            break;
        }
    }
    if !tokenizer.sink.state.borrow().layout.stopped {
        tokenizer.end();
    }
    let state = tokenizer.sink.state.into_inner();
    let name = state.sheet.or_else(|| {
        let t = state.title.trim();
        (!t.is_empty()).then(|| t.chars().take(31).collect())
    });
    let mut grid = state.layout.finish(name.as_deref().unwrap_or("Sheet1"));
    grid.clipped |= cap.dropped;
    grid
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut s = self.state.borrow_mut();
        let result = match token {
            Token::TagToken(tag) => s.tag(&tag),
            Token::CharacterTokens(t) => {
                s.characters(&t);
                TokenSinkResult::Continue
            }
            Token::CommentToken(c) => {
                s.comment(&c);
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        };
        if s.layout.stopped {
            TokenSinkResult::Script(())
        } else {
            result
        }
    }
}

impl State {
    fn characters(&mut self, t: &str) {
        match self.raw {
            Some(Raw::Style) if self.style.len() < limits::MAX_HTML_STYLE_BYTES => {
                self.style.push_str(t)
            }
            Some(Raw::Title) if self.title.len() < 256 => self.title.push_str(t),
            Some(_) => {}
            None => self.layout.text(t),
        }
    }

    /// Excel's worksheet name, `<x:Name>…</x:Name>` in its conditional comment.
    fn comment(&mut self, c: &str) {
        if self.sheet.is_some() {
            return;
        }
        let name = c
            .find("<x:Name>")
            .map(|i| &c[i + "<x:Name>".len()..])
            .and_then(|r| r.find("</x:Name>").map(|e| r[..e].trim()));
        if let Some(n) = name.filter(|n| !n.is_empty()) {
            self.sheet = Some(n.chars().take(31).collect());
        }
    }

    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if tag.kind == TagKind::EndTag {
            self.end_tag(name);
            return TokenSinkResult::Continue;
        }
        if self.raw.is_some() {
            return TokenSinkResult::Continue;
        }
        match name {
            "table" => self.layout.open_table(),
            "tr" => self.layout.open_row(),
            "td" | "th" => self.open_cell(tag),
            "caption" => {
                self.layout.open_row();
                self.layout.open_cell(1, 1, OpenCell::default());
            }
            "br" | "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" => {
                self.layout.line_break()
            }
            "style" => return self.raw_text(Raw::Style, RawKind::Rawtext),
            "title" => return self.raw_text(Raw::Title, RawKind::Rcdata),
            "script" => return self.raw_text(Raw::Skip, RawKind::ScriptData),
            "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                return self.raw_text(Raw::Skip, RawKind::Rawtext)
            }
            "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => return TokenSinkResult::Plaintext,
            _ => {}
        }
        TokenSinkResult::Continue
    }

    fn raw_text(&mut self, raw: Raw, kind: RawKind) -> TokenSinkResult<()> {
        self.raw = Some(raw);
        TokenSinkResult::RawData(kind)
    }

    fn end_tag(&mut self, name: &str) {
        if self.raw.is_some() {
            // Only the element's own end tag ends raw text (the tokenizer sees to it).
            if self.raw == Some(Raw::Style) && name == "style" {
                let css = std::mem::take(&mut self.style);
                self.classes.read(&css);
            }
            self.raw = None;
            return;
        }
        match name {
            "table" => self.layout.close_table(),
            "tr" => self.layout.close_row(),
            "td" | "th" | "caption" => self.layout.close_cell(),
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" => {
                self.layout.line_break()
            }
            _ => {}
        }
    }

    /// A cell's spans (clamped as browsers clamp them), `x:num` and number format.
    fn open_cell(&mut self, tag: &Tag) {
        let attr = |n: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == n)
                .map(|a| a.value.to_string())
        };
        let span = |n: &str, max: u32| {
            let v = attr(n).unwrap_or_default();
            let digits: String = v.trim().chars().take_while(char::is_ascii_digit).collect();
            match digits.parse::<u64>() {
                Ok(0) | Err(_) => 1,
                Ok(k) => k.min(u64::from(max)) as u32,
            }
        };
        let style = attr("style").unwrap_or_default();
        let overflow = htmlstyle::ignores_colspan(&style);
        let format = htmlstyle::declared(&style)
            .or_else(|| attr("class").and_then(|c| self.classes.of(&c).map(String::from)))
            .and_then(|code| htmlstyle::shown(&code));
        let cell = OpenCell::new(attr("x:num"), format, overflow);
        let colspan = span("colspan", limits::MAX_HTML_COLSPAN);
        let rowspan = span("rowspan", limits::MAX_HTML_ROWSPAN);
        self.layout.open_cell(colspan, rowspan, cell);
    }
}

/// One page of a single-file web page ([`super::mht`]) laid out as a sheet: decoded as any
/// page is (its `<meta>` charset, else UTF-8 or GBK).
pub(super) fn sheet_of(bytes: &[u8]) -> Grid {
    let (encoding, mark) = charset(bytes);
    lay_out(bytes.get(mark..).unwrap_or_default(), encoding)
}

/// A page's text, decoded as [`sheet_of`] decodes it (the frame page of a single-file web
/// page, whose sheet names are GBK on a Chinese system).
pub(super) fn text_of(bytes: &[u8]) -> String {
    let (encoding, mark) = charset(bytes);
    let page = bytes.get(mark..).unwrap_or_default();
    encoding.decode_without_bom_handling(page).0.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::grid::Cell;
    use rust_decimal::Decimal;

    fn lay_out(page: &str) -> Grid {
        super::lay_out(page.as_bytes(), UTF_8)
    }

    /// The page decoded as it is laid out.
    fn decode(bytes: &[u8]) -> String {
        let (encoding, mark) = charset(bytes);
        encoding
            .decode_without_bom_handling(&bytes[mark..])
            .0
            .into_owned()
    }

    fn text(g: &Grid, r: u32, c: u32) -> String {
        g.raw(r, c).as_text()
    }

    #[test]
    fn cells_skip_the_columns_rowspans_take_as_browsers_place_them() {
        let g = lay_out(
            "<table><tr><td rowspan=2 colspan=2>A</td><td>B</td></tr>\
             <tr><td>C</td><tr><td>D<td rowspan=0>E</table>",
        );
        assert_eq!(text(&g, 1, 2), "C");
        assert_eq!((text(&g, 2, 0), text(&g, 2, 1)), ("D".into(), "E".into()));
        let m = g.merge_at(1, 1).expect("merged");
        assert_eq!(
            (m.start.row, m.start.col, m.end.row, m.end.col),
            (0, 0, 1, 1)
        );
        // A rowspan past the last row is cut there; a huge colspan at the column bound.
        let g = lay_out("<table><tr><td rowspan=99999 colspan=1000000000>A</td></tr></table>");
        let m = g.merge_at(0, 0).expect("merged");
        assert_eq!((m.end.row, m.end.col), (0, limits::MAX_COLS));
    }

    #[test]
    fn text_excel_lets_overflow_into_empty_cells_is_no_merge() {
        // Excel saves text wider than its column over the empty cells on its right as one
        // cell with `colspan` and `mso-ignore:colspan`: in the sheet those cells stay empty
        // (an empty 实际完成值 right of a long 年度指标值 must read empty).
        let g = lay_out(
            "<table><tr><td colspan=2 style='mso-ignore:colspan'>≥5000人次（全年累计）</td>\
             <td>20</td></tr><tr><td colspan=2 rowspan=2 style='mso-ignore:colspan'>a</td></tr>\
             <tr><td>b</td></tr></table>",
        );
        assert_eq!(text(&g, 0, 0), "≥5000人次（全年累计）");
        assert!(g.at(0, 1).is_empty(), "{:?}", g.merge_at(0, 1));
        assert_eq!(text(&g, 0, 2), "20");
        assert!(g.at(1, 1).is_empty());
        assert_eq!(
            g.anchor(2, 0),
            crate::model::CellRef::new(1, 0),
            "the rowspan stays"
        );
    }

    #[test]
    fn text_outside_tables_and_nested_tables_take_their_own_rows() {
        let g = lay_out(
            "<h3>项目支出绩效自评表</h3><p>单位：万元</p><table><tr><td>T<table>\
             <tr><td>x</td><td>y</td></tr></table>after</td><td>z</td></tr>\
             <tr><td>w</td></tr></table>tail",
        );
        assert_eq!(text(&g, 0, 0), "项目支出绩效自评表");
        assert_eq!(text(&g, 1, 0), "单位：万元");
        assert_eq!((text(&g, 2, 0), text(&g, 2, 1)), ("T".into(), "z".into()));
        assert_eq!((text(&g, 3, 0), text(&g, 3, 1)), ("x".into(), "y".into()));
        assert_eq!(text(&g, 4, 0), "after");
        assert_eq!(text(&g, 5, 0), "w");
        assert_eq!(text(&g, 6, 0), "tail");
    }

    #[test]
    fn excel_values_formats_entities_and_line_breaks_are_read() {
        let g = lay_out(
            "<style>.xl65{mso-number-format:\"0\\.00%\";}.xl66{mso-number-format:\"yyyy\\/m\\/d\";}</style>\
             <table x:str><tr><td class=xl65 x:num=\"0.9608\">96.08%</td><td x:num>1200</td>\
             <td class=xl66 x:num=\"44530\">2021/11/30</td><td>A&amp;B&nbsp;&nbsp; c<br>d</td>\
             <td>&nbsp;</td><td x:num=\"oops\">5件</td></tr></table>",
        );
        assert_eq!(g.raw(0, 0), &Cell::Number(Decimal::new(9608, 4)));
        assert_eq!(g.shown(0, 0), "96.08%");
        assert_eq!(g.raw(0, 1), &Cell::Number(Decimal::from(1200)));
        assert_eq!(text(&g, 0, 2), "2021/11/30");
        assert_eq!(text(&g, 0, 3), "A&B c\nd");
        assert!(g.raw(0, 4).is_empty());
        assert_eq!(text(&g, 0, 5), "5件");
    }

    #[test]
    fn scripts_are_skipped_and_the_sheet_is_named_as_excel_named_it() {
        let g = lay_out(
            "<!--[if gte mso 9]><xml><x:Name>自评表</x:Name></xml><![endif]-->\
             <script>document.write('<table><tr><td>x</td></tr></table>')</script>\
             <table><tr><td>a</td></tr></table>",
        );
        assert_eq!(g.name, "自评表");
        assert_eq!(g.cells().count(), 1);
    }

    #[test]
    fn pages_are_decoded_by_their_mark_declaration_or_bytes() {
        let (gbk, _, _) = GBK.encode("<table><tr><td>项目名称</td></tr></table>");
        assert!(decode(&gbk).contains("项目名称"));
        let declared = [b"<meta charset=\"utf-8\">".as_slice(), &gbk].concat();
        assert!(
            decode(&declared).contains("项目名称"),
            "declared UTF-8, written GBK"
        );
        let meta = "<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">";
        let page = format!("{meta}<table><td>项目</td></table>");
        let (gb, _, _) = GBK.encode(&page);
        assert!(decode(&gb).contains("项目"));
        let bom = [b"\xef\xbb\xbf".as_slice(), "<table>项目".as_bytes()].concat();
        assert_eq!(decode(&bom), "<table>项目");
    }

    #[test]
    fn only_a_page_holding_a_table_is_a_workbook() {
        let yes = |b: &[u8]| is_table_page(b, &String::from_utf8_lossy(b).to_ascii_lowercase());
        assert!(yes(b"<TABLE border=1><tr><td>x</td></tr></TABLE>"));
        assert!(yes(b"\r\n<html><body><Table>"));
        assert!(!yes(b"<html><body><p>session expired</p></body></html>"));
        assert!(!yes(b"<html><body><tablex></body></html>"));
        assert!(!yes(b"<?xml version=\"1.0\"?><root><table/></root>"));
    }
}
