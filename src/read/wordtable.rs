//! Tables typed in Word (templates.md §9): some units send the self-evaluation table
//! itself as a Word table. Each top-level `w:tbl` of `word/document.xml` becomes a
//! [`Grid`] named `表格N` (N from 1 in document order), so the same locate / extract as a
//! sheet's reads it and its findings name a cell of that grid in A1 form. Word's merges
//! become the grid's merges: `w:gridSpan` across columns, `w:vMerge` (restart, then
//! continue) down rows, `w:gridBefore` skipping grid columns at a row's start. A table
//! inside a cell is no table of its own; its text joins the cell's. Every bound of a
//! sheet holds ([`limits`]): rows, columns, cells, merges, text length.

use super::grid::{Cell, Grid, GridBuilder, Merge};
use super::limits;
use crate::model::CellRef;
use quick_xml::events::{BytesStart, Event};

/// The name of the `n`-th table (from 1) as a sheet.
pub fn sheet_name(n: usize) -> String {
    format!("表格{n}")
}

/// A cell being read: its grid position, span and text.
#[derive(Debug, Default)]
struct OpenCell {
    col: u32,
    span: u32,
    /// `Some(true)`: starts a vertical merge; `Some(false)`: continues one.
    vmerge: Option<bool>,
    text: String,
    paragraphs: u32,
}

/// One table being read.
#[derive(Debug, Default)]
struct OpenTable {
    builder: GridBuilder,
    merges: Vec<Merge>,
    /// The row of the open vertical merge at each grid column: (start row, start column,
    /// columns spanned).
    vertical: std::collections::HashMap<u32, (u32, u32)>,
    row: Option<u32>,
    rows: u32,
    col: u32,
    cell: Option<OpenCell>,
}

impl OpenTable {
    fn start_row(&mut self) {
        self.row = Some(self.rows);
        self.rows = self.rows.saturating_add(1);
        self.col = 0;
    }

    fn end_cell(&mut self) {
        let Some(c) = self.cell.take() else {
            return;
        };
        let row = self.row.unwrap_or(0);
        let span = c.span.max(1);
        self.col = c.col.saturating_add(span);
        match c.vmerge {
            Some(false) => {
                // Continues the merge above: extend it, and its text is the anchor's.
                if let Some(&(start, _)) = self.vertical.get(&c.col) {
                    self.extend(start, c.col, row, span);
                }
                return;
            }
            Some(true) => {
                self.vertical.insert(c.col, (row, span));
            }
            None => {
                self.vertical.remove(&c.col);
            }
        }
        if span > 1 {
            self.push_merge(row, c.col, row, c.col.saturating_add(span - 1));
        }
        let text = c.text.trim();
        if !text.is_empty() {
            let cell = Cell::from_data(&calamine::Data::String(text.to_string()), false);
            if !self.builder.push(row, c.col, cell) {
                self.builder.clip();
            }
        }
    }

    /// Extends the vertical merge anchored at (`start`, `col`) down to `row`.
    fn extend(&mut self, start: u32, col: u32, row: u32, span: u32) {
        let end_col = col.saturating_add(span - 1);
        match self
            .merges
            .iter_mut()
            .find(|m| m.start == CellRef::new(start, col))
        {
            Some(m) => m.end = CellRef::new(row, m.end.col.max(end_col)),
            None => self.push_merge(start, col, row, end_col),
        }
    }

    fn push_merge(&mut self, r0: u32, c0: u32, r1: u32, c1: u32) {
        if self.merges.len() < limits::MAX_MERGES {
            self.merges.push(Merge {
                start: CellRef::new(r0, c0),
                end: CellRef::new(r1, c1),
            });
        }
    }

    fn finish(self, n: usize) -> Grid {
        let mut g = self.builder.build(&sheet_name(n));
        g.set_merges(self.merges);
        g
    }
}

fn val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .map(|a| a.value.to_string())
}

fn number(e: &BytesStart<'_>) -> u32 {
    val(e)
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1)
        .min(limits::MAX_COLS)
}

/// A Word document's tables and its paragraphs.
#[derive(Debug, Default)]
pub struct WordDoc {
    /// Each top-level table as a grid, in document order.
    pub grids: Vec<Grid>,
    /// Every paragraph in document order (untrimmed, empty ones included), with the number
    /// (from 1, as in `表格N`) of the table whose cell it stands in.
    pub paragraphs: Vec<(String, Option<usize>)>,
}

/// The Word tables of a document part as grids, in document order; `None` when the XML
/// is not well-formed.
pub fn grids(xml: &str) -> Option<Vec<Grid>> {
    read(xml).map(|d| d.grids)
}

/// The tables and the paragraphs of a document part; `None` when the XML is
/// not well-formed.
pub fn read(xml: &str) -> Option<WordDoc> {
    let mut rd = quick_xml::Reader::from_str(xml);
    let mut st = State::default();
    let mut vis = super::wordxml::Visible::default();
    loop {
        let ev = rd.read_event().ok()?;
        if !vis.shows(&ev) {
            continue;
        }
        match ev {
            Event::Start(e) => st.start(&e),
            Event::Empty(e) => st.empty(&e),
            Event::End(e) => st.end(e.local_name().as_ref()),
            Event::Text(t) if st.in_text => st.text(&t.xml10_content()),
            Event::GeneralRef(r) if st.in_text => {
                let name = r.xml10_content();
                let c = match r.resolve_char_ref().ok().flatten() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_xml_entity(&name)?.to_string(),
                };
                st.text(&c);
            }
            Event::Eof => break,
            _ => {}
        }
        if st.doc.paragraphs.len() > limits::MAX_REPORT_PARAGRAPHS {
            return None;
        }
    }
    Some(st.doc)
}

/// The reading state of [`read`].
#[derive(Debug, Default)]
struct State {
    doc: WordDoc,
    /// The number of top-level tables met (counted also past `MAX_SHEETS`).
    tables: usize,
    /// Table nesting depth: only the outermost table makes a grid.
    depth: u32,
    table: Option<OpenTable>,
    in_text: bool,
    /// Depth of text boxes (`w:txbxContent`) met inside a table: a box floats over the
    /// page (a seal's 盖章, a note), so its text is no part of the cell it is anchored in.
    boxed: u32,
}

impl State {
    fn start(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            "tbl" => {
                self.depth += 1;
                if self.depth == 1 {
                    self.tables += 1;
                    if self.doc.grids.len() < limits::MAX_SHEETS {
                        self.table = Some(OpenTable::default());
                    }
                }
            }
            "tr" if self.depth == 1 => self.table.iter_mut().for_each(OpenTable::start_row),
            "tc" if self.depth == 1 => {
                if let Some(t) = self.table.as_mut() {
                    t.cell = Some(OpenCell {
                        col: t.col,
                        span: 1,
                        ..OpenCell::default()
                    });
                }
            }
            "t" => self.in_text = true,
            "txbxContent" if self.depth > 0 || self.boxed > 0 => {
                self.boxed = self.boxed.saturating_add(1)
            }
            _ => self.empty(e),
        }
    }

    /// An element that may also come empty (`<w:p/>`, `<w:gridSpan w:val="2"/>`).
    fn empty(&mut self, e: &BytesStart<'_>) {
        let cell = self.table.as_mut().filter(|_| self.depth == 1);
        match e.local_name().as_ref() {
            "gridSpan" => {
                if let Some(c) = cell.and_then(|t| t.cell.as_mut()) {
                    c.span = number(e);
                }
            }
            "gridBefore" => {
                if let Some(t) = cell {
                    t.col = t.col.saturating_add(number(e));
                }
            }
            "vMerge" => {
                if let Some(c) = cell.and_then(|t| t.cell.as_mut()) {
                    c.vmerge = Some(val(e).as_deref() == Some("restart"));
                }
            }
            "tab" | "br" | "cr" => self.text(" "),
            "sym" => {
                if let Some(c) = super::wordxml::sym(e) {
                    self.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            "p" => {
                let owner = (self.depth > 0).then_some(self.tables);
                self.doc.paragraphs.push((String::new(), owner));
                if self.boxed == 0 {
                    paragraph(&mut self.table);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "tbl" => {
                if self.depth == 1 {
                    if let Some(t) = self.table.take() {
                        let n = self.doc.grids.len() + 1;
                        self.doc.grids.push(t.finish(n));
                    }
                }
                self.depth = self.depth.saturating_sub(1);
            }
            "tc" if self.depth == 1 => self.table.iter_mut().for_each(OpenTable::end_cell),
            "t" => self.in_text = false,
            "txbxContent" => self.boxed = self.boxed.saturating_sub(1),
            _ => {}
        }
    }

    /// Text of the current paragraph (and of the current cell, in a table).
    fn text(&mut self, s: &str) {
        if self.depth > 0 && self.boxed == 0 {
            push_text(&mut self.table, s);
        }
        if let Some((p, _)) = self.doc.paragraphs.last_mut() {
            if p.len() + s.len() <= limits::MAX_PARAGRAPH_BYTES {
                p.push_str(s);
            }
        }
    }
}

/// A new paragraph in a cell: a line break between paragraphs.
fn paragraph(table: &mut Option<OpenTable>) {
    if let Some(c) = table.as_mut().and_then(|t| t.cell.as_mut()) {
        if c.paragraphs > 0 && !c.text.is_empty() {
            c.text.push('\n');
        }
        c.paragraphs += 1;
    }
}

fn push_text(table: &mut Option<OpenTable>, s: &str) {
    if let Some(c) = table.as_mut().and_then(|t| t.cell.as_mut()) {
        if c.text.len() + s.len() <= limits::MAX_STRING_CHARS * 4 {
            c.text.push_str(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_vertical_merges_become_merges() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>前言</w:t></w:r></w:p>
            <w:tbl>
              <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>项目名称</w:t></w:r></w:p></w:tc>
                    <w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>产出</w:t></w:r></w:p><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc>
                    <w:tc><w:p><w:r><w:t>数量</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1&amp;2</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
                    <w:tc><w:p><w:r><w:t>质量</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
            </w:tbl></w:body></w:document>"#;
        let g = grids(xml).unwrap();
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!(g.name, "表格1");
        assert_eq!(g.text(0, 0), "项目名称");
        assert_eq!(g.text(0, 1), "项目名称");
        assert_eq!(g.text(0, 2), "甲");
        assert_eq!(g.text(1, 0), "产出\n指标");
        assert_eq!(g.text(2, 0), "产出\n指标");
        assert_eq!(g.text(2, 1), "质量");
        assert_eq!(g.text(1, 2), "1&2");
    }

    #[test]
    fn a_text_box_in_a_cell_is_no_part_of_it_and_a_boxed_table_is_read_once() {
        let boxed = |inner: &str| {
            format!(
                "<w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>{inner}\
                 </w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>\
                 {inner}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
            )
        };
        let seal = boxed("<w:p><w:r><w:t>（盖章）</w:t></w:r></w:p>");
        let table =
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目名称</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
        let xml = format!(
            r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body><w:tbl><w:tr><w:tc><w:p>
            <w:r><w:t>某县农业农村局</w:t></w:r>{seal}</w:p></w:tc></w:tr></w:tbl>
            <w:p>{}</w:p></w:body></w:document>"#,
            boxed(table)
        );
        let g = grids(&xml).unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].text(0, 0), "某县农业农村局");
        assert_eq!(g[1].text(0, 0), "项目名称");
    }
}
