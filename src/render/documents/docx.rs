//! The one renderer of the document model to `.docx` (WordprocessingML in a zip), laid out
//! as official documents are (GB/T 9704): A4, margins 37 / 35 / 28 / 26 mm, title in
//! 方正小标宋简体 二号 centred, body 仿宋_GB2312 三号 at a fixed 28.95 pt line (22 lines a page; no widow control, so pages fill as official documents do),
//! headings `一、` in 黑体 and `（一）` in 楷体_GB2312, tables in 小四, the page number
//! `— N —` centred in the footer. Every run names its East Asian font (`w:eastAsia`); the
//! font table names the usual substitutes (宋体, 仿宋, 楷体) for machines without them.
//!
//! Written by hand with `zip` rather than through docx-rs (docs/documents.md says why):
//! the parts are few and fixed, every byte is decided here, so the same model gives the
//! same file. Text is escaped and written only inside `w:t`; the footer's PAGE is the only
//! field.

use super::model::{Align, Block, Document, Paragraph, Span, Table};
use crate::diag::Lang;
use crate::model::text::xml_safe;
use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// Twips per millimetre (1440 per inch).
const fn mm(v: u32) -> u32 {
    (v * 14400 + 127) / 254
}

/// A4 in twips.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const TOP: u32 = mm(37);
const BOTTOM: u32 = mm(35);
const LEFT: u32 = mm(28);
const RIGHT: u32 = mm(26);
/// The width of the text block.
const TEXT_W: u32 = PAGE_W - LEFT - RIGHT;
/// The body line: 22 lines on the 225 mm text block, as GB/T 9704 sets. 225 mm is
/// 637.8 pt, so 22 lines of exactly 29 pt (580) do not fit and LibreOffice set 20 or 21;
/// 28.95 pt (579) gives the 22.
const LINE: u32 = 579;

/// The fonts (East Asian names as Word and WPS know them).
const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const H1_FONT: &str = "黑体";
const H2_FONT: &str = "楷体_GB2312";
const PAGE_FONT: &str = "宋体";
/// The Latin font of every run.
const LATIN: &str = "Times New Roman";

/// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt.
const TITLE_SZ: u32 = 44;
const BODY_SZ: u32 = 32;
const PAGE_SZ: u32 = 28;
const TABLE_SZ: u32 = 24;

/// What goes into the package besides the body.
#[derive(Debug, Clone)]
pub struct Props {
    /// The generation time, W3CDTF (`2026-12-02T18:00:00Z`).
    pub created: String,
    /// The document's language.
    pub lang: Lang,
}

/// The whole `.docx` file of a document.
pub fn render(doc: &Document, props: &Props) -> Result<Vec<u8>> {
    package(doc, props, &mut |w| document_to(doc, w))
}

/// The package of a document whose body part `body` writes.
fn package(
    doc: &Document,
    props: &Props,
    body: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Vec<u8>> {
    let parts: [(&str, String); 8] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("docProps/core.xml", core(doc, props)),
        ("docProps/app.xml", APP.to_string()),
        ("word/_rels/document.xml.rels", DOC_RELS.to_string()),
        ("word/styles.xml", styles(props.lang)),
        ("word/fontTable.xml", FONT_TABLE.to_string()),
        ("word/footer1.xml", footer()),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // A fixed time on every entry: the same document gives the same bytes. The small
    // fixed parts are stored (a deflate stream costs more to set up than it saves on 1 KB);
    // the body is deflated at the workbooks' fastest level (compressing at the default
    // level was half the cost of writing a document).
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::DEFAULT)
        .unix_permissions(0o644);
    let deflated = stored
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(i64::from(crate::outdir::atomic::ZIP_LEVEL)));
    for (name, body) in parts.iter() {
        zip.start_file(*name, stored).context("docx part")?;
        zip.write_all(body.as_bytes()).context("docx part")?;
    }
    zip.start_file("word/document.xml", deflated)
        .context("docx part")?;
    body(&mut zip).context("docx part")?;
    Ok(zip.finish().context("docx package")?.into_inner())
}

/// The pieces the body is handed to the zip in: the bureau's report has a table row per
/// unit, and built whole its XML was the largest thing a run held (about 7 KB a unit,
/// twice that while the string grew). The deflater's output is the same as for the
/// body written at once only when it is fed pieces of one fixed size (32 KiB or more:
/// pieces of uneven size give other, equally valid, bytes), so every piece but the last
/// is exactly this long.
const BODY_CHUNK: usize = 64 * 1024;

/// The body part (title, blocks, and the section: page size, margins, footer), built
/// piece by piece and written to `w` in pieces of [`BODY_CHUNK`].
fn document_to(doc: &Document, w: &mut dyn Write) -> std::io::Result<()> {
    let mut s = format!("{XML_HEAD}<w:document {W_NS}><w:body>");
    let mut pending: Vec<u8> = Vec::with_capacity(2 * BODY_CHUNK);
    let mut result = Ok(());
    let mut spill = |s: &mut String| {
        if s.len() < BODY_CHUNK || result.is_err() {
            return;
        }
        pending.extend_from_slice(s.as_bytes());
        s.clear();
        let whole = pending.len() - pending.len() % BODY_CHUNK;
        result = pending[..whole]
            .chunks(BODY_CHUNK)
            .try_for_each(|c| w.write_all(c));
        pending.drain(..whole);
    };
    for line in &doc.title {
        let r = rpr(TITLE_FONT, TITLE_SZ, false, false);
        let _ = write!(
            s,
            "<w:p><w:pPr><w:pStyle w:val=\"Title\"/><w:spacing w:line=\"700\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/></w:pPr>{}</w:p>",
            runs(line, &r)
        );
    }
    if !doc.title.is_empty() {
        s.push_str("<w:p/>");
    }
    for b in &doc.blocks {
        match b {
            Block::Heading { level, text } => heading(&mut s, *level, text),
            Block::Paragraph(p) => paragraph(&mut s, p),
            Block::Table(t) => table(&mut s, t, &mut spill),
        }
        spill(&mut s);
    }
    let _ = write!(
        s,
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId3\"/><w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/><w:pgMar w:top=\"{TOP}\" w:right=\"{RIGHT}\" w:bottom=\"{BOTTOM}\" w:left=\"{LEFT}\" w:header=\"851\" w:footer=\"1134\" w:gutter=\"0\"/><w:docGrid w:type=\"lines\" w:linePitch=\"{LINE}\"/></w:sectPr></w:body></w:document>"
    );
    result?;
    pending.extend_from_slice(s.as_bytes());
    pending.chunks(BODY_CHUNK).try_for_each(|c| w.write_all(c))
}

/// Text as XML character data: characters XML cannot hold dropped, markup escaped.
pub fn esc(s: &str) -> String {
    quick_xml::escape::escape(xml_safe(s).as_ref()).into_owned()
}

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const W_NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

const CONTENT_TYPES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>",
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>",
    "<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>",
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>",
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>",
    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
    "</Types>"
);

const ROOT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>",
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>",
    "</Relationships>"
);

const DOC_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>",
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>",
    "</Relationships>"
);

const APP: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">",
    "<Application>selfeval</Application></Properties>"
);

/// The fonts, with the substitutes a machine without them should use.
const FONT_TABLE: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    "<w:font w:name=\"方正小标宋简体\"><w:altName w:val=\"宋体\"/><w:charset w:val=\"86\"/><w:family w:val=\"script\"/></w:font>",
    "<w:font w:name=\"仿宋_GB2312\"><w:altName w:val=\"仿宋\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/></w:font>",
    "<w:font w:name=\"楷体_GB2312\"><w:altName w:val=\"楷体\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/></w:font>",
    "<w:font w:name=\"黑体\"><w:altName w:val=\"SimHei\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/></w:font>",
    "<w:font w:name=\"宋体\"><w:altName w:val=\"SimSun\"/><w:charset w:val=\"86\"/><w:family w:val=\"auto\"/></w:font>",
    "<w:font w:name=\"Times New Roman\"><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/></w:font>",
    "</w:fonts>"
);

/// The core properties: title, creator and the generation time.
fn core(doc: &Document, props: &Props) -> String {
    let lang = match props.lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en-GB",
    };
    format!(
        "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>selfeval</dc:creator><dc:language>{lang}</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">{c}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{c}</dcterms:modified></cp:coreProperties>",
        esc(&doc.title.join("")),
        c = esc(&props.created)
    )
}

/// Run properties: the East Asian font, Latin font, size, bold and highlight.
fn rpr(font: &str, sz: u32, bold: bool, highlight: bool) -> String {
    let mut s = format!(
        "<w:rPr><w:rFonts w:ascii=\"{LATIN}\" w:hAnsi=\"{LATIN}\" w:eastAsia=\"{font}\" w:cs=\"{LATIN}\"/>"
    );
    if bold {
        s.push_str("<w:b/><w:bCs/>");
    }
    if highlight {
        s.push_str("<w:highlight w:val=\"yellow\"/>");
    }
    let _ = write!(s, "<w:sz w:val=\"{sz}\"/><w:szCs w:val=\"{sz}\"/></w:rPr>");
    s
}

/// Styles: the defaults (body font and line), the two heading levels with their outline
/// levels (navigation pane), the footer.
fn styles(lang: Lang) -> String {
    let lang_attr = match lang {
        // Latin text (figures, cell names) as English: LibreOffice breaks a number such as
        // `10.69` between its digits when its language is Chinese.
        Lang::Zh => "w:val=\"en-US\" w:eastAsia=\"zh-CN\"",
        Lang::En => "w:val=\"en-GB\" w:eastAsia=\"zh-CN\"",
    };
    let heading = |id: &str, name: &str, lvl: u32, font: &str| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val=\"{lvl}\"/></w:pPr>{}</w:style>",
            rpr(font, BODY_SZ, false, false)
        )
    };
    format!(
        "{XML_HEAD}<w:styles {W_NS}><w:docDefaults><w:rPrDefault>{}</w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{LINE}\" w:lineRule=\"exact\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:rPr><w:lang {lang_attr}/></w:rPr></w:style>{}{}<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:jc w:val=\"center\"/></w:pPr>{}</w:style><w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:jc w:val=\"center\"/></w:pPr>{}</w:style></w:styles>",
        rpr(BODY_FONT, BODY_SZ, false, false),
        heading("Heading1", "heading 1", 0, H1_FONT),
        heading("Heading2", "heading 2", 1, H2_FONT),
        rpr(TITLE_FONT, TITLE_SZ, false, false),
        rpr(PAGE_FONT, PAGE_SZ, false, false),
    )
}

/// The footer: `— N —`, N the PAGE field (the only field of the document).
fn footer() -> String {
    let r = rpr(PAGE_FONT, PAGE_SZ, false, false);
    format!(
        "{XML_HEAD}<w:ftr {W_NS}><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:jc w:val=\"center\"/></w:pPr><w:r>{r}<w:t xml:space=\"preserve\">— </w:t></w:r><w:r>{r}<w:fldChar w:fldCharType=\"begin\"/></w:r><w:r>{r}<w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r>{r}<w:fldChar w:fldCharType=\"separate\"/></w:r><w:r>{r}<w:t>1</w:t></w:r><w:r>{r}<w:fldChar w:fldCharType=\"end\"/></w:r><w:r>{r}<w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    )
}

/// The body part whole (for tests).
#[cfg(test)]
fn document(doc: &Document) -> String {
    let mut v = Vec::new();
    document_to(doc, &mut v).expect("writes to memory");
    String::from_utf8(v).expect("the body is text")
}

/// Runs of one text: line breaks become `w:br`, tabs `w:tab`.
fn runs(text: &str, rpr: &str) -> String {
    let mut s = String::new();
    for (i, line) in text.split('\n').enumerate() {
        s.push_str("<w:r>");
        s.push_str(rpr);
        if i > 0 {
            s.push_str("<w:br/>");
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                s.push_str("<w:tab/>");
            }
            if !part.is_empty() {
                let _ = write!(s, "<w:t xml:space=\"preserve\">{}</w:t>", esc(part));
            }
        }
        s.push_str("</w:r>");
    }
    s
}

fn heading(s: &mut String, level: u8, text: &str) {
    let (style, font) = if level <= 1 {
        ("Heading1", H1_FONT)
    } else {
        ("Heading2", H2_FONT)
    };
    let _ = write!(
        s,
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/><w:keepNext/><w:ind w:firstLine=\"640\"/></w:pPr>{}</w:p>",
        runs(text, &rpr(font, BODY_SZ, false, false))
    );
}

fn paragraph(s: &mut String, p: &Paragraph) {
    let ppr = match p.align {
        Align::Body => "<w:ind w:firstLine=\"640\"/><w:jc w:val=\"both\"/>",
        Align::Flush => "<w:jc w:val=\"left\"/>",
        Align::Right => "<w:ind w:right=\"640\"/><w:jc w:val=\"right\"/>",
        Align::Sign => "<w:keepNext/><w:keepLines/><w:ind w:right=\"640\"/><w:jc w:val=\"right\"/>",
        Align::RecordFirst | Align::RecordLast => &record(p.align),
    };
    let _ = write!(s, "<w:p><w:pPr>{ppr}</w:pPr>");
    // The 版记 is in 四号 (GB/T 9704 §7.4), the rest of the body in 三号.
    let size = match p.align {
        Align::RecordFirst | Align::RecordLast => PAGE_SZ,
        _ => BODY_SZ,
    };
    let plain = rpr(BODY_FONT, size, false, false);
    let marked = rpr(BODY_FONT, size, false, true);
    let lead = rpr(H2_FONT, size, false, false);
    for span in &p.spans {
        match span {
            Span::Lead(t) => s.push_str(&runs(t, &lead)),
            Span::Text(t) => s.push_str(&runs(t, &plain)),
            Span::Figure { text, .. } => s.push_str(&runs(text, &plain)),
            Span::Placeholder(t) => s.push_str(&runs(t, &marked)),
        }
    }
    s.push_str("</w:p>");
}

/// A 版记 line's properties (GB/T 9704 §7.4): the rules as paragraph borders across the
/// whole text block (thick 0.35 mm, thin 0.25 mm, in eighths of a point); the text one
/// character in from either side — the line's leading space (`bureau::closing`) on the
/// left, the 印发日期 ending on a right tab one 四号 character from the right edge.
fn record(align: Align) -> String {
    const THICK: u32 = 8;
    const THIN: u32 = 6;
    /// One 四号 (14 pt) character in twips.
    const CHAR: u32 = 280;
    let border = |side: &str, size: u32| {
        format!("<w:{side} w:val=\"single\" w:sz=\"{size}\" w:space=\"1\" w:color=\"000000\"/>")
    };
    let (keep, borders) = match align {
        Align::RecordFirst => (
            "<w:keepNext/><w:keepLines/>",
            border("top", THICK) + &border("bottom", THIN),
        ),
        _ => ("", border("bottom", THICK)),
    };
    format!(
        "{keep}<w:pBdr>{borders}</w:pBdr><w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs><w:jc w:val=\"left\"/>",
        TEXT_W - CHAR
    )
}

/// Column widths in twips. Each column needs its widest cell (a CJK character counts two
/// half-ems, a header may take two lines) plus the cell's padding; when they do not all fit,
/// the narrow columns (figures, counts, grades) keep what they need so that a figure never
/// wraps, and the wide text columns share the rest and wrap.
fn widths(t: &Table) -> Vec<u32> {
    use unicode_width::UnicodeWidthStr;
    /// A half-em of 小四 (12 pt) in twips, and the cell padding in half-ems.
    const HALF_EM: u64 = 120;
    const PAD: usize = 2;
    /// A column this wide or narrower keeps its width.
    const NARROW: usize = 14;
    let n = t.headers.len().max(1);
    let mut w = vec![4usize; n];
    let widest = |cell: &String| cell.split('\n').map(|l| l.width()).max().unwrap_or(0);
    for (i, h) in t.headers.iter().enumerate().take(n) {
        // Up to three characters on one line; a longer header on two, but a Latin word
        // (`Warnings` in English) is never broken.
        let word = h
            .split(|c: char| !c.is_ascii_alphanumeric())
            .map(str::len)
            .max()
            .unwrap_or(0);
        let h = widest(h);
        w[i] = w[i].max(h.div_ceil(2).max(h.min(6)).max(word) + PAD);
    }
    for row in &t.rows {
        for (i, cell) in row.iter().enumerate().take(n) {
            w[i] = w[i].max((widest(cell) + PAD).min(60));
        }
    }
    let avail = TEXT_W as u64;
    let need: u64 = w.iter().map(|&x| x as u64 * HALF_EM).sum();
    if need <= avail {
        // Each column its share of the text block, in twips (the sum of the half-ems
        // spread over `avail`).
        let sum = (need / HALF_EM).max(1);
        return w.iter().map(|&x| (x as u64 * avail / sum) as u32).collect();
    }
    let fixed: u64 = w
        .iter()
        .filter(|&&x| x <= NARROW)
        .map(|&x| x as u64 * HALF_EM)
        .sum();
    let wide: u64 = w.iter().filter(|&&x| x > NARROW).map(|&x| x as u64).sum();
    if wide == 0 || fixed >= avail {
        return w
            .iter()
            .map(|&x| (x as u64 * HALF_EM * avail / need.max(1)) as u32)
            .collect();
    }
    let rest = avail - fixed;
    w.iter()
        .map(|&x| {
            if x <= NARROW {
                (x as u64 * HALF_EM) as u32
            } else {
                (x as u64 * rest / wide) as u32
            }
        })
        .collect()
}

/// A table; `spill` is offered the text after each row (a table may hold thousands).
fn table(s: &mut String, t: &Table, spill: &mut dyn FnMut(&mut String)) {
    let w = widths(t);
    let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"";
    let _ = write!(
        s,
        "<w:tbl><w:tblPr><w:tblW w:w=\"{TEXT_W}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>"
    );
    for x in &w {
        let _ = write!(s, "<w:gridCol w:w=\"{x}\"/>");
    }
    s.push_str("</w:tblGrid>");
    row(s, &t.headers, &w, true);
    for r in &t.rows {
        row(s, r, &w, false);
        spill(s);
    }
    // A short spacer after the table (a body never ends in a table; a whole blank line
    // would cost a line of the page).
    s.push_str("</w:tbl><w:p><w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"160\" w:lineRule=\"exact\"/></w:pPr></w:p>");
}

fn row(s: &mut String, cells: &[String], w: &[u32], header: bool) {
    s.push_str("<w:tr><w:trPr><w:cantSplit/>");
    if header {
        s.push_str("<w:tblHeader/>");
    }
    s.push_str("</w:trPr>");
    let (font, jc) = if header {
        (H1_FONT, "center")
    } else {
        (BODY_FONT, "left")
    };
    let r = rpr(font, TABLE_SZ, false, false);
    for (i, width) in w.iter().enumerate() {
        let text = cells.get(i).map(String::as_str).unwrap_or("");
        let _ = write!(
            s,
            "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"300\" w:lineRule=\"auto\"/><w:jc w:val=\"{jc}\"/></w:pPr>{}</w:p></w:tc>",
            runs(text, &r)
        );
    }
    s.push_str("</w:tr>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_text_is_escaped_and_never_a_field() {
        let mut d = Document {
            title: vec!["<单位>&\"x\"".into()],
            ..Document::default()
        };
        d.para(Paragraph::body().text("=HYPERLINK(\"x\") { PAGE } \u{1}</w:t>"));
        let xml = document(&d);
        assert!(xml.contains("&lt;单位&gt;&amp;&quot;x&quot;"));
        assert!(!xml.contains("instrText") && !xml.contains("fldSimple"));
        assert!(xml.contains("&lt;/w:t&gt;") && !xml.contains('\u{1}'));
    }

    #[test]
    fn a_body_written_in_pieces_gives_the_bytes_of_one_written_whole() {
        // Sizes around the piece: none, one short, one exact, several and a rest.
        for rows in [0, 10, 300, 4_000] {
            let mut d = Document {
                title: vec!["汇总报告".into()],
                ..Document::default()
            };
            d.para(Paragraph::body().text("正文"));
            d.table(Table {
                headers: vec!["单位".into(), "得分".into()],
                rows: (0..rows)
                    .map(|i| vec![format!("第{i}单位"), format!("{}.5", i % 100)])
                    .collect(),
            });
            let props = Props {
                created: "2026-12-02T18:00:00Z".into(),
                lang: Lang::Zh,
            };
            let whole = document(&d);
            let at_once = package(&d, &props, &mut |w| w.write_all(whole.as_bytes())).unwrap();
            assert_eq!(render(&d, &props).unwrap(), at_once, "{rows} rows");
        }
    }

    /// An English header breaks between words, never inside one: `Warnings` gets the
    /// width of its eight letters (it printed as `Warnin` / `gs`); a Chinese header may
    /// still take two lines.
    #[test]
    fn a_latin_header_word_is_never_broken() {
        let t = Table {
            headers: vec!["Unit".into(), "Warnings".into(), "复核平均分".into()],
            rows: vec![vec!["永登县交通运输局".into(), "0".into(), "94.99".into()]],
        };
        let w = widths(&t);
        // `Warnings` and its padding: ten half-ems of 小四, 1,200 twips.
        assert!(w[1] >= 1_200, "{w:?}");
        let mut zh = t.clone();
        zh.headers[1] = "警告".into();
        assert!(widths(&zh)[1] < w[1], "{:?}", widths(&zh));
    }

    /// A table that fits is spread over the text block in twips. Its widths were half-em
    /// counts (`6`, `34`, `8` twips: a letter's 复核结果 table one character wide per
    /// column in Word's fixed layout; LibreOffice hid it by scaling to the table's width).
    #[test]
    fn a_table_that_fits_fills_the_text_block_in_twips() {
        let t = Table {
            headers: vec!["序号".into(), "表".into(), "自评分".into()],
            rows: vec![vec!["1".into(), "永登县卫生健康局".into(), "98.74".into()]],
        };
        let w = widths(&t);
        let sum: u32 = w.iter().sum();
        assert!(sum <= TEXT_W && sum + 3 >= TEXT_W, "{w:?} sum {sum}");
        assert!(w[1] > w[0] && w[1] > w[2], "{w:?}");
    }

    #[test]
    fn margins_are_those_of_gbt_9704() {
        assert_eq!((TOP, BOTTOM, LEFT, RIGHT), (2098, 1984, 1587, 1474));
    }
}
