//! Tables typed in Word (templates.md §9): some units send the self-evaluation table
//! itself as a Word table. Each top-level `w:tbl` of `word/document.xml` becomes a
//! [`Grid`] named `表格N` (N from 1 in document order), so the same locate / extract as a
//! sheet's reads it and its findings name a cell of that grid in A1 form. Word's merges
//! become the grid's merges: `w:gridSpan` across columns, `w:vMerge` (restart, then
//! continue) down rows, `w:gridBefore` skipping grid columns at a row's start. A table
//! inside a cell is no table of its own; its text joins the cell's — unless the outer
//! table is only a frame (one cell holding one table), which is then read as the table.
//! A text box anchored in a cell floats over it: its text is not the cell's.
//!
//! Units split a long table by a page break (or a `续表` line) into several `w:tbl`: a
//! table that holds no table of its own and gives the table before it indicators or its
//! 总分 continues it — its rows join that grid (a header row repeated at its top dropped,
//! vertical merges going on across the split), its number is then no sheet of its own.
//! The lines typed above a table are its caption: its title and year when the grid has
//! none ([`read_tables`]). Every bound of a sheet holds ([`limits`]): rows, columns,
//! cells, merges, text length, and at most [`limits::MAX_WORD_TABLE_PARTS`] parts a table.

use super::locate::Found;
use crate::decode::grid::{Cell, Grid, GridBuilder, Merge};
use crate::decode::limits;
use crate::model::CellRef;
use quick_xml::events::{BytesStart, Event};
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// The name of the `n`-th table (from 1) as a sheet.
pub fn sheet_name(n: usize) -> String {
    format!("表格{n}")
}

/// A cell being read: its grid position, span and text.
#[derive(Debug, Default, Clone)]
struct OpenCell {
    col: u32,
    span: u32,
    /// `Some(true)`: starts a vertical merge; `Some(false)`: continues one.
    vmerge: Option<bool>,
    text: String,
    paragraphs: u32,
}

/// One table being read.
#[derive(Debug, Default, Clone)]
struct OpenTable {
    /// Its number among the document's top-level tables (its sheet is `表格N`).
    number: usize,
    builder: GridBuilder,
    merges: Vec<Merge>,
    /// The open vertical merge at each grid column: its start row, and its index in
    /// `merges` once it has one (so that extending it is no search: a long table is read in
    /// linear time).
    vertical: HashMap<u32, (u32, Option<usize>)>,
    rows: u32,
    col: u32,
    cell: Option<OpenCell>,
    /// The cells of the open row, committed when the row ends.
    row_cells: Vec<OpenCell>,
    /// The open row is marked `w:tblHeader` (repeated on every page).
    row_header: bool,
    /// Hashes of the committed rows that hold two or more texts: a header row repeated at
    /// the top of a continuation is one of them.
    seen: HashSet<u64>,
    /// True while this table takes a next table's rows and none of its own rows came yet:
    /// a repeated header row there is dropped.
    leading: bool,
    /// How many Word tables make this one (more than one when continued).
    parts: usize,
    /// The non-empty body paragraphs right above the table, nearest last.
    caption: Vec<String>,
    /// Cells committed (a frame is a table of one).
    cells: u32,
}

impl OpenTable {
    fn new(number: usize, caption: Vec<String>) -> OpenTable {
        OpenTable {
            number,
            parts: 1,
            caption,
            ..OpenTable::default()
        }
    }

    fn start_row(&mut self) {
        self.col = 0;
        self.row_cells.clear();
        self.row_header = false;
    }

    fn end_cell(&mut self) {
        let Some(c) = self.cell.take() else {
            return;
        };
        self.col = c.col.saturating_add(c.span.max(1));
        if c.col > limits::MAX_COLS {
            self.builder.clip();
        } else {
            self.row_cells.push(c);
        }
    }

    /// Commits the row's cells, or drops a header row repeated where a continuation starts.
    fn end_row(&mut self) {
        let cells = std::mem::take(&mut self.row_cells);
        let texts: Vec<&str> = cells.iter().map(|c| c.text.trim()).collect();
        let key = (texts.iter().filter(|t| !t.is_empty()).count() > 1).then(|| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            texts.hash(&mut h);
            h.finish()
        });
        if self.leading && (self.row_header || key.is_some_and(|k| self.seen.contains(&k))) {
            return;
        }
        self.leading = false;
        if let Some(k) = key {
            if self.seen.len() < limits::MAX_ROWS as usize {
                self.seen.insert(k);
            }
        }
        let row = self.rows;
        self.rows = self.rows.saturating_add(1);
        for c in cells {
            self.commit(row, c);
        }
    }

    /// Puts one cell of row `row` into the grid.
    fn commit(&mut self, row: u32, c: OpenCell) {
        self.cells = self.cells.saturating_add(1);
        let span = c.span.max(1);
        match c.vmerge {
            Some(false) => {
                // Continues the merge above: extend it, and its text is the anchor's.
                self.extend(c.col, row, span);
                return;
            }
            Some(true) => {
                let merge = (span > 1).then_some(self.merges.len());
                self.vertical.insert(c.col, (row, merge));
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

    /// Extends the vertical merge open at `col` down to `row`.
    fn extend(&mut self, col: u32, row: u32, span: u32) {
        let end_col = col.saturating_add(span - 1);
        let Some((start, merge)) = self.vertical.get_mut(&col) else {
            return;
        };
        let merges = &mut self.merges;
        if let Some(m) = merge.and_then(|i| merges.get_mut(i)) {
            m.end = CellRef::new(row, m.end.col.max(end_col));
        } else if merges.len() < limits::MAX_MERGES {
            *merge = Some(merges.len());
            merges.push(Merge {
                start: CellRef::new(*start, col),
                end: CellRef::new(row, end_col),
            });
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

    /// A table of one cell holding a table: a frame some units box the page with.
    fn is_frame(&self) -> bool {
        self.rows == 1 && self.cells == 1
    }

    /// The grid read so far (the table stays open: a next table may continue it).
    fn grid(&self) -> Grid {
        let mut g = self.builder.clone().build(&sheet_name(self.number));
        g.set_merges(self.merges.iter().copied());
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
    /// Each top-level table as a grid, in document order (a table continued by the next
    /// ones holds their rows too).
    pub grids: Vec<Grid>,
    /// For each grid, the non-empty body paragraphs right above it (at most
    /// [`CAPTION_LINES`], nearest last): where units type the table's title and year.
    pub captions: Vec<Vec<String>>,
    /// Every paragraph in document order (untrimmed, empty ones included), with the number
    /// (from 1, as in `表格N`) of the table whose cell it stands in.
    pub paragraphs: Vec<(String, Option<usize>)>,
}

/// How many paragraphs above a table may hold its title: the title, the year line, and
/// the lines forms print under them (`填报单位（盖章）：`, `填报日期：`, `单位：万元`).
pub const CAPTION_LINES: usize = 6;

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
    /// The last top-level table, kept while a next one may continue it.
    last: Option<OpenTable>,
    /// `last` taking the rows of the table being read, as its possible continuation.
    joined: Option<OpenTable>,
    /// The table in the first cell of the table being read: the table itself when that one
    /// is only a frame around it ([`OpenTable::is_frame`]).
    inner: Option<OpenTable>,
    /// Tables met inside the top-level table being read, at the next depth.
    nested: u32,
    in_text: bool,
    /// Depth of text boxes (`w:txbxContent`) met inside a table: a box floats over the
    /// page (a seal's 盖章, a note), so its text is no part of the cell it is anchored in.
    boxed: u32,
}

impl State {
    /// The tables the current text goes to: the table being read, its possible
    /// continuation, the table it may frame.
    fn open(&mut self) -> impl Iterator<Item = &mut OpenTable> {
        let outer = self.table.iter_mut().chain(self.joined.iter_mut());
        outer.chain(self.inner.iter_mut())
    }

    /// The tables a row or cell at the current depth belongs to.
    fn at_depth(&mut self) -> impl Iterator<Item = &mut OpenTable> {
        let (top, second) = (self.depth == 1, self.depth == 2);
        let outer = self.table.iter_mut().chain(self.joined.iter_mut());
        let outer = outer.filter(move |_| top);
        outer.chain(self.inner.iter_mut().filter(move |_| second))
    }

    fn start(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            "tbl" => {
                self.depth += 1;
                match self.depth {
                    1 => self.start_table(),
                    2 => self.start_nested(),
                    _ => {}
                }
            }
            "tr" => self.at_depth().for_each(OpenTable::start_row),
            "tc" => self.at_depth().for_each(|t| {
                t.cell = Some(OpenCell {
                    col: t.col,
                    span: 1,
                    ..OpenCell::default()
                })
            }),
            "t" => self.in_text = true,
            "txbxContent" if self.depth > 0 || self.boxed > 0 => {
                self.boxed = self.boxed.saturating_add(1)
            }
            _ => self.empty(e),
        }
    }

    /// A top-level table starts: its own reading, and — when only blank paragraphs or a
    /// `续表` line stand between it and the last table — that table's continuation.
    fn start_table(&mut self) {
        self.tables += 1;
        let (caption, continued) = caption(&self.doc.paragraphs, None);
        let last = self.last.take();
        if self.doc.grids.len() < limits::MAX_SHEETS {
            self.table = Some(OpenTable::new(self.tables, caption));
            self.joined = last
                .filter(|t| continued && t.parts < limits::MAX_WORD_TABLE_PARTS)
                .map(|mut t| {
                    t.leading = true;
                    t
                });
        }
    }

    /// A table inside the first cell of a top-level table: read too, in case the outer
    /// table is a frame around it.
    fn start_nested(&mut self) {
        self.nested = self.nested.saturating_add(1);
        let Some(outer) = self.table.as_ref() else {
            return;
        };
        if self.nested == 1 && outer.rows == 0 && outer.row_cells.is_empty() {
            let (caption, _) = caption(&self.doc.paragraphs, Some(outer.number));
            self.inner = Some(OpenTable::new(outer.number, caption));
        }
    }

    /// An element that may also come empty (`<w:p/>`, `<w:gridSpan w:val="2"/>`).
    fn empty(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            "gridSpan" => self.at_depth().for_each(|t| {
                t.cell.iter_mut().for_each(|c| c.span = number(e));
            }),
            "gridBefore" => self
                .at_depth()
                .for_each(|t| t.col = t.col.saturating_add(number(e))),
            "tblHeader" => {
                let on = !matches!(val(e).as_deref(), Some("0" | "false" | "off"));
                self.at_depth()
                    .for_each(|t| t.row_header = on && t.cell.is_none())
            }
            "vMerge" => self.at_depth().for_each(|t| {
                let restart = val(e).as_deref() == Some("restart");
                t.cell.iter_mut().for_each(|c| c.vmerge = Some(restart));
            }),
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
                    self.open().for_each(paragraph);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "tbl" => {
                if self.depth == 1 {
                    self.end_table();
                }
                self.depth = self.depth.saturating_sub(1);
            }
            "tc" => self.at_depth().for_each(OpenTable::end_cell),
            "tr" => self.at_depth().for_each(OpenTable::end_row),
            "t" => self.in_text = false,
            "txbxContent" => self.boxed = self.boxed.saturating_sub(1),
            _ => {}
        }
    }

    /// A top-level table ends: it continues the last one (which then takes its place and
    /// its paragraphs) or is a grid of its own.
    fn end_table(&mut self) {
        let inner = self.inner.take();
        let nested = std::mem::take(&mut self.nested);
        let Some(mut table) = self.table.take() else {
            return;
        };
        if let Some(mut inner) = inner.filter(|_| nested == 1 && table.is_frame()) {
            let mut caption = std::mem::take(&mut table.caption);
            caption.append(&mut inner.caption);
            let from = caption.len().saturating_sub(CAPTION_LINES);
            inner.caption = caption.split_off(from);
            table = inner;
            self.joined = None;
        }
        let own = table.grid();
        if let Some(mut joined) = self.joined.take() {
            let whole = joined.grid();
            if let Some(before) = self.doc.grids.last_mut() {
                if continues(before, &own, &whole) {
                    *before = whole;
                    joined.parts += 1;
                    joined.leading = false;
                    let (from, to) = (Some(table.number), Some(joined.number));
                    let tail = self.doc.paragraphs.iter_mut().rev();
                    tail.take_while(|(_, n)| *n == from)
                        .for_each(|(_, n)| *n = to);
                    self.last = Some(joined);
                    return;
                }
            }
        }
        self.doc.grids.push(own);
        self.doc.captions.push(table.caption.clone());
        self.last = Some(table);
    }

    /// Text of the current paragraph (and of the current cell, in a table).
    fn text(&mut self, s: &str) {
        if self.depth > 0 && self.boxed == 0 {
            self.open().for_each(|t| push_text(t, s));
        }
        if let Some((p, _)) = self.doc.paragraphs.last_mut() {
            if p.len() + s.len() <= limits::MAX_PARAGRAPH_BYTES {
                p.push_str(s);
            }
        }
    }
}

/// The non-empty body paragraphs right above a table (at most [`CAPTION_LINES`], nearest
/// last), and whether the table may continue the one before it: there is one, and only
/// blank paragraphs (a page break) or a `续表` line stand between them.
/// Paragraphs of table `own` count as the body (a table in a frame's cell); `None`: the
/// document's body.
fn caption(paragraphs: &[(String, Option<usize>)], own: Option<usize>) -> (Vec<String>, bool) {
    let mut lines = Vec::new();
    let mut blank = true;
    for (p, owner) in paragraphs.iter().rev() {
        if *owner != own {
            lines.reverse();
            return (lines, blank);
        }
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        blank &= is_continued(p);
        if lines.len() < CAPTION_LINES {
            lines.push(p.to_string());
        } else if !blank {
            break;
        }
    }
    lines.reverse();
    (lines, false)
}

/// A line saying the table goes on from the last: `续表`, `续上表`, `（续）`, `续表2`, `接上表`,
/// `表1（续）`.
fn is_continued(p: &str) -> bool {
    let k = crate::form::labels::key(p);
    let k = k.trim_matches(|c: char| "()（）:：".contains(c) || c.is_ascii_digit());
    matches!(k, "续" | "续表" | "续上表" | "接上表" | "续前表")
        || k.chars().count() <= 8 && k.ends_with("(续")
}

/// Whether the table `own` continues the grid `before` (read with `own`'s rows after it
/// as `whole`): `own` alone holds no table or declaration, and with it the last table of
/// `before` gains indicators (each with its 分值) or its 总分, or `before` becomes a table
/// (a table that was complete stays as it was).
fn continues(before: &Grid, own: &Grid, whole: &Grid) -> bool {
    let read = |g: &Grid| super::read_grids(std::slice::from_ref(g));
    let alone = read(own);
    if !alone.tables.is_empty() || !alone.declarations.is_empty() {
        return false;
    }
    let (a, b) = (read(before), read(whole));
    let Some(tb) = b.tables.last().map(|t| &t.table) else {
        return false;
    };
    match a.tables.last().map(|t| &t.table) {
        // A table cut before its indicators is no table until its rest comes.
        None => true,
        Some(ta) => {
            // A real part's indicators have their 分值: the rows a signature or data table
            // would add under a table that lacks its 总分 have none.
            let gained = tb.indicators.get(ta.indicators.len()..).unwrap_or_default();
            let weighted = gained.iter().all(|i| i.weight.value.is_some());
            let total = ta.total.score.value.is_none() && tb.total.score.value.is_some();
            a.tables.len() == b.tables.len() && weighted && (!gained.is_empty() || total)
        }
    }
}

/// The self-evaluation tables and declarations of a document's Word tables, each grid read
/// as a sheet, with the lines typed above a table taken as its title ([`captioned`]).
pub fn read_tables(doc: &WordDoc) -> super::ReadFile {
    let mut out = super::ReadFile::default();
    for (g, caption) in doc.grids.iter().zip(&doc.captions) {
        let adjust = |first: bool, found: &mut Found| !first || captioned(caption, found);
        let mut read = super::read_grids_with(std::slice::from_ref(g), &adjust);
        if read.tables.is_empty() && read.declarations.is_empty() {
            read.declarations.extend(declared(g, caption));
        }
        out.tables.append(&mut read.tables);
        out.declarations.append(&mut read.declarations);
    }
    out
}

/// Units type a Word table's title, its year and its unit as lines above it, not in its
/// rows. When the grid's first table has no title of its own, the nearest title above
/// decides: another form's (`项目支出绩效目标执行监控表`, templates.md §7) makes it no
/// self-evaluation table (`false`); a self-evaluation title or a `（2023年度）` line gives
/// its year; a `单位：元` line under the title puts its amounts in 元.
fn captioned(caption: &[String], found: &mut Found) -> bool {
    if found.titled {
        return true;
    }
    let mut year = None;
    for p in caption.iter().rev() {
        let k = crate::form::labels::key(p);
        if let Some((_, y)) = crate::form::labels::title_of_key(&k) {
            year = year.or(y);
            break;
        }
        if crate::form::labels::other_form_of_key(p, &k).is_some() {
            return false;
        }
        year = year.or(crate::form::labels::year_line(p));
        found.yuan_above |= crate::form::labels::says_yuan(p);
    }
    if found.year.is_none() {
        found.year = year;
    }
    true
}

/// A declaration (templates.md §8) typed in Word under a title typed above the table: the
/// nearest title above is a declaration's, with the year of a line between them.
fn declared(g: &Grid, caption: &[String]) -> Option<crate::model::declaration::Declaration> {
    let mut year = None;
    for p in caption.iter().rev() {
        let k = crate::form::labels::key(p);
        if crate::form::labels::title_of_key(&k).is_some() {
            return None;
        }
        if let Some((zh, _)) = crate::form::labels::other_form_of_key(p, &k) {
            let declaration = super::declaration::labels::TITLES.contains(&zh);
            return declaration
                .then(|| super::declaration::extract_titled(g, p, year))
                .flatten();
        }
        year = year.or(crate::form::labels::year_line(p));
    }
    None
}

/// A new paragraph in a cell: a line break between paragraphs.
fn paragraph(t: &mut OpenTable) {
    if let Some(c) = t.cell.as_mut() {
        if c.paragraphs > 0 && !c.text.is_empty() {
            c.text.push('\n');
        }
        c.paragraphs += 1;
    }
}

fn push_text(t: &mut OpenTable, s: &str) {
    if let Some(c) = t.cell.as_mut() {
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

    #[test]
    fn a_table_in_a_frame_of_one_cell_is_read_in_its_place() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:tbl><w:tr><w:tc>
            <w:p><w:r><w:t>项目支出绩效自评表</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目名称</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            </w:tc></w:tr></w:tbl></w:body></w:document>"#;
        let doc = read(xml).unwrap();
        assert_eq!(doc.grids.len(), 1);
        assert_eq!(doc.grids[0].name, "表格1");
        assert_eq!(doc.grids[0].text(0, 0), "项目名称");
        assert_eq!(doc.grids[0].text(0, 1), "甲");
        assert_eq!(doc.captions[0], ["项目支出绩效自评表"]);
        // A table of two cells is no frame: the table inside one is its cell's text.
        let two = xml.replace(
            "</w:tc></w:tr></w:tbl></w:body>",
            "</w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body>",
        );
        let doc = read(&two).unwrap();
        assert_eq!(doc.grids[0].text(0, 0), "项目支出绩效自评表\n项目名称\n甲");
    }

    #[test]
    fn the_lines_above_a_table_are_its_caption_and_say_whether_it_goes_on() {
        let body = |lines: &[&str]| -> Vec<(String, Option<usize>)> {
            let mut ps = vec![("总分".to_string(), Some(1))];
            ps.extend(lines.iter().map(|l| (l.to_string(), None)));
            ps
        };
        let (c, more) = caption(&body(&["", " ", "（续表）", ""]), None);
        assert_eq!((c, more), (vec!["（续表）".to_string()], true));
        let (c, more) = caption(&body(&["说明", "项目支出绩效自评表", "（2023年度）"]), None);
        assert_eq!(c, ["说明", "项目支出绩效自评表", "（2023年度）"]);
        assert!(!more);
        for line in ["续表2", "续上表：", "表1（续）", "接上表"] {
            assert!(is_continued(line), "{line}");
        }
        assert!(!is_continued("附表：资金使用明细（续）"));
        // The first table of a document continues nothing.
        let (_, more) = caption(&[(String::new(), None)], None);
        assert!(!more);
    }
}
