//! The number formats of an ods workbook's number cells, collected by the pre-check's scan
//! of `content.xml` (and a scan of `styles.xml`, where LibreOffice keeps the formats a
//! user made): a cell typed `95%` has `office:value-type="percentage"`; a cell's
//! `table:style-name` names a cell style whose `style:data-style-name` names the number
//! style (`<number:number/><number:text>万元</number:text>`). calamine gives neither.
//!
//! Read: percentages, the text after and before the number, `number:display-factor`
//! (a power of ten). Not read: a column's default cell style (a cell without its own style
//! reads as before), conditional maps (the main style is taken), dates, times, fractions,
//! scientific forms.

use crate::decode::numfmt::NumFormat;
use quick_xml::events::BytesStart;
use std::collections::HashMap;

/// At most this many number styles and cell styles are kept, and this many cells' formats.
const MAX_STYLES: usize = 20_000;
const MAX_CELLS: usize = 200_000;
/// Longest literal text of a number style kept.
const MAX_TEXT_CHARS: usize = 32;

/// One number cell seen: row, column, its cell style, whether its value type is percentage.
type Seen = (u32, u32, Option<String>, bool);

/// The number style being read.
struct Building {
    name: String,
    f: NumFormat,
    /// `number:number` met: later text is the suffix.
    number: bool,
    readable: bool,
}

/// A cell style: its number style and the style it inherits from, when it names them.
type CellStyle = (Option<String>, Option<String>);

/// What the scans collect.
#[derive(Default)]
pub(super) struct OdsFormats {
    data: HashMap<String, NumFormat>,
    cell_styles: HashMap<String, CellStyle>,
    current: Option<Building>,
    in_text: bool,
    /// Number cells per table, in document order.
    cells: Vec<Vec<Seen>>,
    /// The current table's columns with a default cell style: (first, last, style). A
    /// cell without its own style has its column's (LibreOffice leaves it off the cells of
    /// a column formatted whole).
    columns: Vec<(u64, u64, String)>,
    /// The next column a `table:table-column` describes.
    column_at: u64,
    recorded: usize,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
}

impl OdsFormats {
    /// A start (or empty) element of either part.
    pub(super) fn start(&mut self, e: &BytesStart<'_>) {
        let name = e.name();
        // Most elements are cells and text: one prefix test passes them by.
        let n = name.as_ref();
        if !n.starts_with("number:") && n != "style:style" && n != "table:table-column" {
            return;
        }
        match n {
            "table:table-column" => self.column(e),
            "number:number-style" | "number:percentage-style" | "number:currency-style" => {
                let percent = e.name().as_ref() == "number:percentage-style";
                let f = NumFormat {
                    exp10: if percent { 2 } else { 0 },
                    ..NumFormat::default()
                };
                self.current = attr(e, "style:name").map(|name| Building {
                    name,
                    f,
                    number: false,
                    readable: true,
                });
            }
            "number:number" => self.number(e),
            "number:text" | "number:currency-symbol" => self.in_text = true,
            "number:scientific-number" | "number:fraction" => {
                if let Some(b) = self.current.as_mut() {
                    b.readable = false;
                }
            }
            "style:style" if attr(e, "style:family").as_deref() == Some("table-cell") => {
                let data = attr(e, "style:data-style-name");
                let parent = attr(e, "style:parent-style-name");
                let named = attr(e, "style:name").filter(|_| data.is_some() || parent.is_some());
                if let Some(n) = named.filter(|_| self.cell_styles.len() < MAX_STYLES) {
                    self.cell_styles.insert(n, (data, parent));
                }
            }
            _ => {}
        }
    }

    /// `number:number`: the digits; its display factor (1000 shows thousands) scales.
    fn number(&mut self, e: &BytesStart<'_>) {
        let Some(b) = self.current.as_mut() else {
            return;
        };
        b.number = true;
        if let Some(factor) = attr(e, "number:display-factor") {
            let digits = factor.strip_suffix(".0").unwrap_or(&factor);
            match digits.strip_prefix('1') {
                Some(zeros) if zeros.len() <= 24 && zeros.bytes().all(|c| c == b'0') => {
                    b.f.exp10 -= zeros.len() as i32
                }
                _ => b.readable = false,
            }
        }
    }

    /// True inside the text of a number style (only then is text decoded).
    pub(super) fn wants_text(&self) -> bool {
        self.in_text && self.current.is_some()
    }

    /// Text inside `number:text`: before the number a prefix, after it a suffix.
    pub(super) fn text(&mut self, t: &str) {
        let Some(b) = self.current.as_mut().filter(|_| self.in_text) else {
            return;
        };
        let part = if b.number {
            &mut b.f.suffix
        } else {
            &mut b.f.prefix
        };
        if part.chars().count() + t.chars().count() <= MAX_TEXT_CHARS {
            part.push_str(t);
        }
    }

    /// An end element of either part.
    pub(super) fn end(&mut self, name: &str) {
        match name {
            "number:text" | "number:currency-symbol" => self.in_text = false,
            "number:number-style" | "number:percentage-style" | "number:currency-style" => {
                if let Some(b) = self.current.take() {
                    self.finish(b);
                }
            }
            _ => {}
        }
    }

    /// A number style read: kept when it says something the Excel reader would keep.
    fn finish(&mut self, b: Building) {
        if !b.readable || !b.number || self.data.len() >= MAX_STYLES {
            return;
        }
        // The same cut as for an Excel code: only an operator before the number.
        let mut code = String::new();
        if !b.f.prefix.is_empty() {
            code.push_str(&format!("\"{}\"", b.f.prefix.replace('"', "")));
        }
        code.push('0');
        if !b.f.suffix.is_empty() {
            code.push_str(&format!("\"{}\"", b.f.suffix.replace('"', "")));
        }
        if let Some(mut f) = NumFormat::parse(&code) {
            // The percent sign of a percentage style is its text; the scale is the style's.
            f.exp10 = b.f.exp10;
            self.data.insert(b.name, f);
        } else if b.f.exp10 != 0 {
            self.data.insert(
                b.name,
                NumFormat {
                    exp10: b.f.exp10,
                    ..NumFormat::default()
                },
            );
        }
    }

    /// A new table begins.
    pub(super) fn table(&mut self) {
        self.cells.push(Vec::new());
        self.columns.clear();
        self.column_at = 0;
    }

    /// A `table:table-column` (repeated): its default cell style, unless `Default`.
    fn column(&mut self, e: &BytesStart<'_>) {
        let rep = attr(e, "table:number-columns-repeated")
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(1)
            .max(1);
        let first = self.column_at;
        self.column_at = first.saturating_add(rep);
        let style = attr(e, "table:default-cell-style-name").filter(|s| s != "Default");
        if let Some(s) = style.filter(|_| self.columns.len() < MAX_STYLES) {
            self.columns.push((first, self.column_at - 1, s));
        }
    }

    /// The default cell style of a column of the current table.
    fn column_style(&self, c: u64) -> Option<String> {
        let found = self.columns.iter().find(|(a, b, _)| (*a..=*b).contains(&c));
        found.map(|(_, _, s)| s.clone())
    }

    /// A cell of the current table at (row, col), repeated over `rows` × `cols`, of the
    /// value type `kind` (`office:value-type`).
    pub(super) fn cell(
        &mut self,
        e: &BytesStart<'_>,
        kind: Option<&str>,
        at: (u64, u64),
        (rows, cols): (u64, u64),
    ) {
        let percent = kind == Some("percentage");
        if !matches!(kind, Some("float" | "percentage" | "currency")) {
            return;
        }
        let own = attr(e, "table:style-name");
        for c in at.1..at.1.saturating_add(cols) {
            let style = own.clone().or_else(|| self.column_style(c));
            for r in at.0..at.0.saturating_add(rows) {
                if self.recorded >= MAX_CELLS || r > u32::MAX as u64 || c > u32::MAX as u64 {
                    return;
                }
                self.recorded += 1;
                if let Some(list) = self.cells.last_mut() {
                    list.push((r as u32, c as u32, style.clone(), percent));
                }
            }
        }
    }

    /// The number format a cell style gives, following the styles it inherits from (a few
    /// levels: automatic styles inherit from named ones such as `Percent`).
    fn style_format(&self, style: &str) -> Option<NumFormat> {
        let mut name = style;
        for _ in 0..4 {
            let (data, parent) = self.cell_styles.get(name)?;
            if let Some(d) = data {
                return self.data.get(d).cloned();
            }
            name = parent.as_deref()?;
        }
        None
    }

    /// The formats of each table's number cells that say something of a unit or a scale.
    pub(super) fn resolve(mut self) -> Vec<Vec<((u32, u32), NumFormat)>> {
        let cells = std::mem::take(&mut self.cells);
        let of = |style: &Option<String>, percent: bool| {
            let f = style.as_deref().and_then(|s| self.style_format(s));
            f.or_else(|| percent.then(NumFormat::percent))
        };
        let table = |cells: Vec<Seen>| {
            let found = cells
                .into_iter()
                .filter_map(|(r, c, s, p)| Some(((r, c), of(&s, p)?)));
            found.collect()
        };
        cells.into_iter().map(table).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;

    /// Feeds an XML text through the scan as the pre-check does.
    fn feed(f: &mut OdsFormats, xml: &str) {
        let mut rd = quick_xml::Reader::from_str(xml);
        loop {
            match rd.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => f.start(&e),
                Ok(Event::End(e)) => f.end(e.name().as_ref()),
                Ok(Event::Text(t)) if f.wants_text() => f.text(&t.xml10_content()),
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }

    fn cell(f: &mut OdsFormats, col: u64, kind: &str, style: &str) {
        let tag = format!(r#"table:table-cell table:style-name="{style}""#);
        let e = BytesStart::from_content(tag.as_str(), 16);
        f.cell(&e, Some(kind), (0, col), (1, 1));
    }

    #[test]
    fn styles_give_units_percents_and_scales_through_their_parents() {
        let mut f = OdsFormats::default();
        // styles.xml: a named style `万元` whose number style shows the unit, a factor style.
        feed(
            &mut f,
            r#"<office:styles>
            <number:number-style style:name="N9"><number:number number:decimal-places="2"/><number:text>万元</number:text></number:number-style>
            <number:number-style style:name="N8"><number:number number:display-factor="1000"/></number:number-style>
            <number:number-style style:name="N7"><number:number/></number:number-style>
            <style:style style:name="Wan" style:family="table-cell" style:data-style-name="N9"/>
            </office:styles>"#,
        );
        // content.xml: automatic styles inheriting, or naming their number style.
        feed(
            &mut f,
            r#"<office:automatic-styles>
            <style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Wan"/>
            <style:style style:name="ce2" style:family="table-cell" style:data-style-name="N8"/>
            <style:style style:name="ce3" style:family="table-cell" style:data-style-name="N7"/>
            </office:automatic-styles>"#,
        );
        f.table();
        cell(&mut f, 0, "float", "ce1");
        cell(&mut f, 1, "float", "ce2");
        cell(&mut f, 2, "float", "ce3");
        cell(&mut f, 3, "percentage", "ce3");
        cell(&mut f, 4, "string", "ce1");
        let got = f.resolve().remove(0);
        let suffix = |s: &str| NumFormat {
            suffix: s.into(),
            ..NumFormat::default()
        };
        let thousands = NumFormat {
            exp10: -3,
            ..NumFormat::default()
        };
        let want = vec![
            ((0, 0), suffix("万元")),
            ((0, 1), thousands),
            ((0, 3), NumFormat::percent()),
        ];
        assert_eq!(got, want);
    }
}
