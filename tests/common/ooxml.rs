//! Office files as reviewable text, for snapshots: a workbook as per-sheet TSV (each
//! non-empty cell's value and number format, read from the parts themselves rather than
//! through calamine, which does not expose number formats) with its merged ranges and
//! print setup; a document as its paragraphs, with tables as rows of cells. Read with
//! `zip` and `quick-xml`, the crate's own dependencies, into a small element tree.

use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// An XML element: its local name, attributes (unescaped), children and text.
#[derive(Debug, Default)]
pub struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    pub text: String,
}

impl Node {
    /// The value of the attribute named `key` (prefix ignored: `r:id` is `id`).
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key || k.rsplit(':').next() == Some(key))
            .map(|(_, v)| v.as_str())
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every descendant named `name`, in document order.
    pub fn all<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            }
            c.all(name, out);
        }
    }

    /// The text of every `t` element below, concatenated (skipping phonetic runs).
    pub fn t_text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            match c.name.as_str() {
                "t" => s.push_str(&c.text),
                "rPh" => {}
                _ => s.push_str(&c.t_text()),
            }
        }
        s
    }
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or_default().to_string()
}

fn open(e: &BytesStart) -> Node {
    let attrs = e
        .attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            let v = quick_xml::escape::unescape(&a.value)
                .expect("escaped attribute")
                .into_owned();
            (a.key.as_ref().to_string(), v)
        })
        .collect();
    Node {
        name: local(e.name().as_ref()),
        attrs,
        ..Node::default()
    }
}

/// Parses an XML text into its root element (a synthetic node holding the top level).
pub fn parse(xml: &str) -> Node {
    let mut rd = quick_xml::Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    loop {
        match rd.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(open(&e)),
            Event::Empty(e) => {
                let n = open(&e);
                stack.last_mut().unwrap().children.push(n);
            }
            Event::End(_) => {
                let n = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(n);
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                stack.last_mut().unwrap().text.push_str(&s);
            }
            Event::CData(t) => {
                let s = AsRef::<str>::as_ref(&t).to_string();
                stack.last_mut().unwrap().text.push_str(&s);
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().expect("char ref") {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.xml10_content();
                        quick_xml::escape::resolve_xml_entity(&name)
                            .expect("known entity")
                            .to_string()
                    }
                };
                stack.last_mut().unwrap().text.push_str(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    stack.pop().unwrap()
}

/// The parts of a zip package, by name.
pub struct Package(zip::ZipArchive<std::io::Cursor<Vec<u8>>>);

impl Package {
    pub fn open(path: &Path) -> Package {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Package(zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package"))
    }

    /// The part `name` as text, `None` when absent.
    pub fn part(&mut self, name: &str) -> Option<String> {
        let mut f = self.0.by_name(name).ok()?;
        let mut s = String::new();
        f.read_to_string(&mut s).expect("UTF-8 part");
        Some(s)
    }

    /// The names of the parts, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .0
            .file_names()
            .map(|n| n.expect("a name").into_owned())
            .collect();
        v.sort();
        v
    }
}

/// Escapes a cell's or paragraph's text so that one value stays on one line of one column.
pub fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

/// The built-in number formats (ECMA-376 18.8.30) a writer may use without declaring them.
fn builtin_format(id: u32) -> String {
    let s = match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        14 => "mm-dd-yy",
        20 => "h:mm",
        22 => "m/d/yy h:mm",
        49 => "@",
        _ => return format!("builtin#{id}"),
    };
    s.to_string()
}

/// A cell style index to its number format code.
fn number_formats(styles: &Node) -> Vec<String> {
    let mut custom = BTreeMap::new();
    let mut fmts = Vec::new();
    styles.all("numFmt", &mut fmts);
    for f in fmts {
        let id: u32 = f.attr("numFmtId").unwrap().parse().unwrap();
        custom.insert(id, f.attr("formatCode").unwrap_or_default().to_string());
    }
    let Some(xfs) = styles.child("styleSheet").and_then(|s| s.child("cellXfs")) else {
        return Vec::new();
    };
    xfs.children
        .iter()
        .map(|xf| {
            let id: u32 = xf.attr("numFmtId").unwrap_or("0").parse().unwrap();
            custom
                .get(&id)
                .cloned()
                .unwrap_or_else(|| builtin_format(id))
        })
        .collect()
}

/// The elements of a worksheet, outside its cells, that a snapshot lists with all their
/// attributes: layout, merged ranges, filters, validations, conditional formats, print setup.
const SHEET_SETUP: &[&str] = &[
    "sheetPr",
    "tabColor",
    "pageSetUpPr",
    "pane",
    "col",
    "mergeCell",
    "autoFilter",
    "conditionalFormatting",
    "cfRule",
    "formula",
    "dataValidation",
    "formula1",
    "formula2",
    "hyperlink",
    "sheetProtection",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "oddHeader",
    "oddFooter",
    "brk",
    "drawing",
];

fn setup_lines(node: &Node, depth: usize, out: &mut String) {
    for c in &node.children {
        if c.name == "sheetData" {
            continue;
        }
        let listed = SHEET_SETUP.contains(&c.name.as_str());
        if listed {
            let mut words = vec![c.name.clone()];
            let attrs = c.attrs.iter().filter(|(k, _)| !k.starts_with("xmlns"));
            words.extend(attrs.map(|(k, v)| format!("{k}={}", esc(v))));
            if !c.text.is_empty() {
                words.push(format!("«{}»", esc(&c.text)));
            }
            out.push_str(&format!("{}{}\n", "  ".repeat(depth), words.join(" ")));
        }
        setup_lines(c, depth + usize::from(listed), out);
    }
}

/// One cell's value as text: shared and inline strings, numbers as written, booleans,
/// errors; a formula as `=FORMULA → cached value`.
fn cell_value(c: &Node, shared: &[String]) -> Option<String> {
    let v = c.child("v").map(|v| v.text.as_str());
    let value = match (c.attr("t").unwrap_or("n"), v) {
        ("s", Some(i)) => Some(shared[i.parse::<usize>().unwrap()].clone()),
        ("inlineStr", _) => c.child("is").map(Node::t_text),
        ("b", Some(b)) => Some(if b == "1" { "TRUE" } else { "FALSE" }.to_string()),
        (_, v) => v.map(str::to_string),
    };
    match c.child("f") {
        Some(f) => Some(format!("={} → {}", f.text, value.unwrap_or_default())),
        None => value,
    }
}

fn sheet_tsv(sheet: &Node, shared: &[String], formats: &[String], out: &mut String) {
    let mut cells = Vec::new();
    sheet.all("c", &mut cells);
    for c in cells {
        let Some(value) = cell_value(c, shared) else {
            continue;
        };
        let fmt = c
            .attr("s")
            .map(|s| formats[s.parse::<usize>().unwrap()].as_str())
            .filter(|f| *f != "General")
            .unwrap_or("");
        out.push_str(&format!(
            "{}\t{}\t{}\n",
            c.attr("r").unwrap_or("?"),
            esc(&value),
            esc(fmt)
        ));
    }
}

/// A workbook as text: its sheets in order (name, state), its defined names (print
/// titles and areas), then per sheet the setup lines and one `REF\tVALUE\tFORMAT` line per
/// non-empty cell (format left empty when General).
pub fn xlsx_dump(path: &Path) -> String {
    let mut pkg = Package::open(path);
    let workbook = parse(&pkg.part("xl/workbook.xml").expect("workbook part"));
    let rels = parse(
        &pkg.part("xl/_rels/workbook.xml.rels")
            .expect("workbook rels"),
    );
    let mut rel_nodes = Vec::new();
    rels.all("Relationship", &mut rel_nodes);
    let target = |id: &str| -> String {
        let t = rel_nodes
            .iter()
            .find(|r| r.attr("Id") == Some(id))
            .and_then(|r| r.attr("Target"))
            .expect("sheet relationship");
        match t.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{t}"),
        }
    };
    let shared: Vec<String> = pkg
        .part("xl/sharedStrings.xml")
        .map(|x| {
            let root = parse(&x);
            let mut si = Vec::new();
            root.all("si", &mut si);
            si.iter().map(|s| s.t_text()).collect()
        })
        .unwrap_or_default();
    let formats = pkg
        .part("xl/styles.xml")
        .map(|x| number_formats(&parse(&x)))
        .unwrap_or_default();
    let mut out = String::new();
    let mut names = Vec::new();
    workbook.all("definedName", &mut names);
    for n in names {
        out.push_str(&format!(
            "definedName {} = {}\n",
            n.attr("name").unwrap_or("?"),
            n.text
        ));
    }
    let mut sheets = Vec::new();
    workbook.all("sheet", &mut sheets);
    for s in sheets {
        let name = s.attr("name").unwrap_or("?");
        let state = s
            .attr("state")
            .map(|x| format!(" ({x})"))
            .unwrap_or_default();
        out.push_str(&format!("\n=== sheet {name}{state}\n"));
        let part = target(s.attr("id").expect("r:id"));
        let xml = pkg.part(&part).unwrap_or_else(|| panic!("no part {part}"));
        let root = parse(&xml);
        setup_lines(&root, 0, &mut out);
        sheet_tsv(&root, &shared, &formats, &mut out);
    }
    out
}

/// The text of a paragraph: its runs' text, tabs and breaks.
fn paragraph_text(p: &Node) -> String {
    let mut s = String::new();
    for c in &p.children {
        match c.name.as_str() {
            "t" => s.push_str(&c.text),
            "tab" => s.push('\t'),
            "br" | "cr" => s.push('\n'),
            // Properties say how, not what: a tab stop (`<w:tabs><w:tab …/>`) is no tab.
            "pPr" | "rPr" => {}
            // A table inside a paragraph's content cannot occur; fields and runs nest.
            _ => s.push_str(&paragraph_text(c)),
        }
    }
    s
}

fn body_lines(body: &Node, out: &mut String) {
    for c in &body.children {
        match c.name.as_str() {
            "p" => {
                out.push_str(&esc(&paragraph_text(c)));
                out.push('\n');
            }
            "tbl" => {
                for row in c.children.iter().filter(|r| r.name == "tr") {
                    let cells: Vec<String> = row
                        .children
                        .iter()
                        .filter(|x| x.name == "tc")
                        .map(|tc| {
                            let ps: Vec<String> = tc
                                .children
                                .iter()
                                .filter(|p| p.name == "p")
                                .map(|p| esc(&paragraph_text(p)))
                                .collect();
                            ps.join(" / ")
                        })
                        .collect();
                    out.push_str(&format!("| {} |\n", cells.join(" | ")));
                }
            }
            "sdt" | "sdtContent" => body_lines(c, out),
            _ => {}
        }
    }
}

/// A document as text: each paragraph of the body on a line (empty ones too, they are
/// spacing the reader sees), each table row as `| cell | cell |`, then headers and footers.
pub fn docx_dump(path: &Path) -> String {
    let mut pkg = Package::open(path);
    let mut out = String::new();
    let doc = parse(&pkg.part("word/document.xml").expect("a document part"));
    let mut bodies = Vec::new();
    doc.all("body", &mut bodies);
    for b in bodies {
        body_lines(b, &mut out);
    }
    for name in pkg.names() {
        let is_hf = name.starts_with("word/header") || name.starts_with("word/footer");
        if is_hf && name.ends_with(".xml") {
            out.push_str(&format!("\n=== {name}\n"));
            body_lines(&parse(&pkg.part(&name).unwrap()).children[0], &mut out);
        }
    }
    out
}
