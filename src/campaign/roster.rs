//! The roster `单位名单.xlsx` (campaign.md §3): one row per expected unit on the sheet
//! `单位名单` — 单位名称 (required), 主管部门, 联系人, 联系电话, 别名 (other names its files use,
//! separated by `；`). Read as officers keep it (docs/workspace.md "Rosters probed"): the
//! list on the first sheet with a header row, the header below a title, each column under
//! any of its usual spellings ([`SPELLINGS`]), names without spaces, list numbers or seal
//! marks ([`clean_name`]), aliases split at any of the usual separators. A row whose name
//! starts with `示例` (the example), `合计` or `填表人` is no unit; a unit listed twice is one
//! unit; a unit's name beats another unit's alias; an alias two units give warns and the
//! first wins.

use crate::diag::{Explain, Message};
use crate::model::text::{fold_width, is_invisible, org_key};
use anyhow::Result;
use calamine::{open_workbook_auto, Data, Reader};
use std::collections::HashMap;
use std::path::Path;

/// The sheet the roster is read from.
pub const SHEET: &str = "单位名单";

const HEADERS: [&str; 5] = ["单位名称", "主管部门", "联系人", "联系电话", "别名"];

/// One expected unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterUnit {
    /// 单位名称.
    pub name: String,
    /// 主管部门.
    pub department: String,
    /// 联系人.
    pub contact: String,
    /// 联系电话.
    pub phone: String,
    /// 别名.
    pub aliases: Vec<String>,
}

/// The roster as read, with its lookup by normalised name and alias.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// The units in roster order.
    pub units: Vec<RosterUnit>,
    /// [`match_key`] of a name or alias → index into `units`.
    keys: HashMap<String, usize>,
    /// [`loose_key`] of a name or alias → index into `units`, when only one unit has it.
    loose: HashMap<String, Option<usize>>,
    /// [`org_key`] of each unit's name → its place: the order the unit lists follow.
    places: HashMap<String, usize>,
    /// Duplicate names or aliases, for the terminal.
    pub warnings: Vec<Message>,
}

impl Roster {
    /// The roster unit a name belongs to: by normalised name or alias, then (when only one
    /// unit answers) by the name without `（本级）` or a seal's `（盖章）`.
    pub fn find(&self, name: &str) -> Option<&RosterUnit> {
        let exact = self.keys.get(&match_key(name)).copied();
        let loose = || self.loose.get(&loose_key(name)).copied().flatten();
        let placed = || self.by_place(name);
        exact.or_else(loose).or_else(placed).map(|i| &self.units[i])
    }

    /// The roster unit whose name or alias (four characters or more) a text contains, the
    /// longest: a file that could not be read is its unit's by its file or folder name
    /// (`永登县交通局自评表.xlsx`, named by an alias).
    pub fn named_in(&self, text: &str) -> Option<&RosterUnit> {
        let text = match_key(text);
        let hits = self.keys.iter().filter(|(k, _)| k.chars().count() >= 4);
        let hits = hits.filter(|(k, _)| text.contains(k.as_str()));
        let best = hits.max_by_key(|(k, &i)| (k.chars().count(), std::cmp::Reverse(i)));
        best.map(|(_, &i)| &self.units[i])
    }

    /// The one roster unit whose name is `name` but for a place written before it on one
    /// side only: a bureau's list writes `交通运输局` for the county's `永登县交通运输局`, a
    /// unit's file may leave its county out. Two places that differ (`兰州新区教育局`
    /// against `永登县教育局`) are two units.
    fn by_place(&self, name: &str) -> Option<usize> {
        let key = match_key(name);
        let mut hits = self.units.iter().enumerate().filter(|(_, u)| {
            let k = match_key(&u.name);
            placed_before(&key, &k) || placed_before(&k, &key)
        });
        let first = hits.next()?.0;
        hits.next().is_none().then_some(first)
    }

    /// Every roster unit's name key ([`org_key`]) with its place in the roster: the order
    /// the unit lists follow in a workspace (units are shown under their roster names).
    pub fn places(&self) -> &HashMap<String, usize> {
        &self.places
    }

    /// The roster name closest to `name` (one contains the other, or they share most
    /// characters), for the message of `unit-not-in-roster`.
    pub fn closest(&self, name: &str) -> Option<&str> {
        let key = org_key(name);
        let score = |u: &RosterUnit| {
            let k = org_key(&u.name);
            if k.contains(&key) || key.contains(&k) {
                return usize::MAX;
            }
            let chars: std::collections::HashSet<char> = k.chars().collect();
            key.chars().filter(|c| chars.contains(c)).count()
        };
        let best = self.units.iter().max_by_key(|u| score(u))?;
        let s = score(best);
        (s == usize::MAX || s * 3 >= key.chars().count() * 2).then_some(best.name.as_str())
    }

    /// Whether the roster is empty (missing or without units): units are then what the
    /// files say.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }
}

/// `无法读取单位名单 PATH`.
fn cannot_read(path: &Path) -> Message {
    super::cannot("读取单位名单", "read the roster", path)
}

/// Reads the roster; a missing file is an empty roster. The list is on the sheet
/// `单位名单`, else on the first sheet with a header row (a roster pasted into a workbook
/// whose first sheet is 填表说明).
pub fn read(path: &Path) -> Result<Roster> {
    if !path.exists() {
        return Ok(Roster::default());
    }
    if is_text(path) {
        // UTF-8 (a BOM told), else GB18030: what Excel and the OA systems on Chinese
        // Windows save.
        let bytes = std::fs::read(path).explain(|| cannot_read(path))?;
        let text = crate::read::narrative::text::decode(&bytes).ok_or_else(|| cannot_read(path));
        let rows = text_rows(&text?);
        return Ok(match header_row(&rows) {
            Some(_) => from_rows(&rows),
            None => no_header(path),
        });
    }
    let mut wb = open_workbook_auto(path).explain(|| cannot_read(path))?;
    let mut names = wb.sheet_names();
    if let Some(i) = names.iter().position(|s| s == SHEET) {
        names.swap(0, i);
    }
    for sheet in names {
        let range = wb.worksheet_range(&sheet).explain(|| cannot_read(path))?;
        let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(cell).collect()).collect();
        if header_row(&rows).is_some() {
            return Ok(from_rows(&rows));
        }
    }
    Ok(no_header(path))
}

/// A roster file without a header row: no roster, said in the terminal (units are then
/// what the files say, and no unit is 未报送).
fn no_header(path: &Path) -> Roster {
    let p = path.display();
    let warning = Message::new(
        format!("单位名单 {p} 中没有找到“单位名称”列（表头），本次按没有名单处理"),
        format!("no “单位名称” column (header) was found in the roster {p}: taken as no roster"),
    );
    Roster {
        warnings: vec![warning],
        ..Roster::default()
    }
}

/// Whether the roster is a text export (`.csv`, `.txt`: a list exported from the OA system).
fn is_text(path: &Path) -> bool {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    matches!(ext.as_deref(), Some("csv" | "txt"))
}

/// The rows of a CSV text (a tab-separated one when its first line has tabs and no
/// commas), quoted fields holding separators, quotes doubled and line breaks.
fn text_rows(text: &str) -> Vec<Vec<String>> {
    let first = text.lines().next().unwrap_or_default();
    let sep = if first.contains('\t') && !first.contains(',') {
        '\t'
    } else {
        ','
    };
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' if quoted || field.is_empty() => quoted = !quoted,
            c if c == sep && !quoted => row.push(std::mem::take(&mut field).trim().to_string()),
            '\n' if !quoted => {
                row.push(std::mem::take(&mut field).trim().to_string());
                rows.push(std::mem::take(&mut row));
            }
            '\r' if !quoted => {}
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field.trim().to_string());
        rows.push(row);
    }
    rows
}

fn cell(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        other => other.to_string().trim().to_string(),
    }
}

/// The spellings of each column's header, in the order of [`HEADERS`], compared after
/// [`org_key`] (spaces and line breaks gone, brackets folded): what officers head the
/// columns of a list pasted from last year's workbook or the OA system.
const SPELLINGS: [&[&str]; 5] = [
    &[
        "单位名称",
        "单位",
        "预算单位名称",
        "预算单位",
        "部门(单位)名称",
        "单位(部门)名称",
        "部门单位名称",
        "单位全称",
        "预算单位全称",
    ],
    &["主管部门", "主管部门名称", "主管单位", "主管部门(单位)"],
    &["联系人", "联系人姓名", "经办人"],
    &["联系电话", "电话", "联系方式", "手机", "办公电话"],
    &[
        "别名",
        "曾用名",
        "其他名称",
        "别称",
        "简称",
        "原名称",
        "原单位名称",
    ],
];

/// The column a header cell names, if any, with the rank of its spelling (the plainer
/// spelling first: a `单位名称` column is the name, not a `单位` column beside it).
fn column_rank(cell: &str) -> Option<(usize, usize)> {
    let key = org_key(cell);
    SPELLINGS
        .iter()
        .enumerate()
        .find_map(|(k, s)| s.iter().position(|x| *x == key).map(|r| (k, r)))
}

/// The column a header cell names, if any.
fn column_of(cell: &str) -> Option<usize> {
    column_rank(cell).map(|(k, _)| k)
}

/// Headers of other columns a roster often has beside its own ([`SPELLINGS`]).
const OTHER_HEADERS: &[&str] = &[
    "序号",
    "编号",
    "单位编码",
    "单位代码",
    "编码",
    "代码",
    "备注",
    "单位性质",
    "单位类型",
    "类型",
    "级次",
    "预算级次",
    "是否报送",
    "报送情况",
    "统一社会信用代码",
    "地址",
    "电子邮箱",
    "邮箱",
    "手机号码",
];

/// The header row: the first with a cell naming the unit's name column, alone on its row
/// or beside another column's header (`序号`, `联系人`, `别名`…). A self-evaluation form's
/// `部门（单位）名称` or `单位名称` is a label with its value beside it: a workbook chosen
/// by mistake is no roster.
fn header_row(rows: &[Vec<String>]) -> Option<usize> {
    let other = |c: &String| {
        column_of(c).is_some_and(|k| k > 0) || OTHER_HEADERS.contains(&org_key(c).as_str())
    };
    rows.iter().position(|r| {
        let mut cells = r.iter().filter(|c| !c.is_empty());
        let named = r.iter().any(|c| column_of(c) == Some(0));
        named && (cells.clone().count() == 1 || cells.any(other))
    })
}

/// A unit's name as the roster shows it: without spaces and line breaks (kept between
/// two ASCII letters or digits), a leading number (`1.`, `（一）`, `3、`) or a trailing
/// seal (`（盖章）`).
pub fn clean_name(raw: &str) -> String {
    let chars: Vec<char> = strip_code(raw.trim()).chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let ascii = |j: Option<&char>| j.is_some_and(char::is_ascii_alphanumeric);
        if is_invisible(c) {
            if ascii(out.chars().last().as_ref()) && ascii(chars.get(i + 1)) {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
    }
    let out = strip_number(&out);
    let mut out = out.to_string();
    while let Some(s) = strip_suffix(&out, SEALS) {
        out = s.to_string();
    }
    out
}

/// A budget code or number pasted before a name: `[101001]`, `【101001】`, digits and a
/// space (`102001 某局`, `3 某局`), three digits or more and a dash (`102001-某局`).
fn strip_code(s: &str) -> &str {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    for (open, close) in [('[', ']'), ('【', '】'), ('［', '］')] {
        let Some((code, rest)) = s.strip_prefix(open).and_then(|r| r.split_once(close)) else {
            continue;
        };
        if !code.is_empty() && code.chars().all(digit) {
            return rest.trim_start();
        }
    }
    let body = s.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = s.len() - body.len();
    // A space after a number sets it apart (`3 某局`); a dash only after a code.
    let dash = |c: char| "-－_—".contains(c);
    let spaced = digits > 0 && body.starts_with(char::is_whitespace);
    if spaced || (digits >= 3 && body.starts_with(dash)) {
        return body.trim_start_matches(|c: char| c.is_whitespace() || dash(c));
    }
    s
}

/// A leading list number: `1.`, `1、`, `2．`, `（一）`, `(3)`, `一、`.
fn strip_number(s: &str) -> &str {
    let numeral = |c: char| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十".contains(c)
    };
    let open = s.starts_with(['(', '（']);
    let body = s.trim_start_matches(['(', '（']);
    let digits = body.trim_start_matches(numeral);
    if digits.len() == body.len() {
        return s;
    }
    let marks: &[char] = if open {
        &[')', '）']
    } else {
        &['.', '．', '、', ')', '）']
    };
    match digits.strip_prefix(marks) {
        Some(rest) if !rest.is_empty() => rest.trim_start(),
        _ => s,
    }
}

/// A seal's mark pasted after a name: not part of it.
const SEALS: &[&str] = &["(盖章)", "（盖章）", "(公章)", "（公章）", "(章)", "（章）"];

/// The forms of one unit a file may use beside the roster's: `某局（本级）` for `某局`.
const OWN_LEVEL: &[&str] = &["(本级)", "本级"];

fn strip_suffix<'a>(s: &'a str, suffixes: &[&str]) -> Option<&'a str> {
    suffixes.iter().find_map(|x| s.strip_suffix(x))
}

/// The key a name is matched by: [`org_key`] with full-width letters and digits folded
/// (`第１中学` is `第1中学`), its seal mark dropped.
fn match_key(name: &str) -> String {
    let key: String = org_key(name).chars().map(fold_width).collect();
    let mut key = key.as_str();
    while let Some(k) = strip_suffix(key, &["(盖章)", "(公章)", "(章)"]) {
        key = k;
    }
    key.to_string()
}

/// [`match_key`] without `（本级）`: `某局（本级）` and `某局` are one unit when the roster
/// has only one of them.
fn loose_key(name: &str) -> String {
    let key = match_key(name);
    strip_suffix(&key, OWN_LEVEL).unwrap_or(&key).to_string()
}

/// Rows that are not units: the template's example, a total or a signature line below
/// the list, a note.
const NOT_UNITS: &[&str] = &[
    "示例",
    "合计",
    "总计",
    "小计",
    "填表人",
    "制表人",
    "审核人",
    "负责人",
    "注:",
    "注：",
    "说明",
];

/// Whether a row's name is no unit (an example, a footer, a header repeated).
fn is_not_unit(name: &str) -> bool {
    name.is_empty() || NOT_UNITS.iter().any(|p| name.starts_with(p)) || column_of(name).is_some()
}

/// The groups a roster's units are listed under.
const CATEGORIES: &[&str] = &[
    "行政单位",
    "事业单位",
    "参公单位",
    "参公管理单位",
    "全额拨款事业单位",
    "差额拨款事业单位",
    "自收自支事业单位",
    "县直部门",
    "县直单位",
    "市直部门",
    "市直单位",
    "区直部门",
    "区直单位",
    "乡镇",
    "乡镇街道",
    "乡镇单位",
    "其他单位",
    "企业",
    "国有企业",
];

/// Whether a row groups the units below it (`一、行政单位`, `（二）事业单位`, `县直部门`):
/// alone on its row, a group's name, or a short name ending in 单位, 部门 or 类 under a
/// Chinese numeral (`一、`, `（二）`). `甲单位` without a numeral is a unit.
fn is_heading(raw: &str, name: &str, row: &[String], name_col: Option<usize>) -> bool {
    let alone = row
        .iter()
        .enumerate()
        .all(|(c, v)| Some(c) == name_col || v.is_empty());
    let raw = raw.trim().trim_start_matches(['(', '（']);
    let numbered = raw.starts_with(|c: char| "一二三四五六七八九十".contains(c));
    let generic = ["单位", "部门", "类"].iter().any(|e| name.ends_with(e));
    let group = numbered && generic && name.chars().count() <= 8;
    alone && (group || CATEGORIES.contains(&name))
}

/// Aliases as officers separate them: `；`, `;`, `、`, `，`, `,`, line breaks.
fn aliases(cell: &str) -> Vec<String> {
    cell.split(['；', ';', '、', '，', ',', '\n', '\r'])
        .map(clean_name)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The roster from a sheet's rows: the header row is the first naming the unit's name
/// column ([`SPELLINGS`]); a unit listed twice is one unit, with the aliases of both rows.
fn from_rows(rows: &[Vec<String>]) -> Roster {
    let mut roster = Roster::default();
    let Some(h) = header_row(rows) else {
        return roster;
    };
    // Each column's (rank, place): the best-ranked spelling wins, then the first place.
    let mut cols: [Option<(usize, usize)>; 5] = [None; 5];
    for (c, text) in rows[h].iter().enumerate() {
        if let Some((k, rank)) = column_rank(text) {
            if cols[k].is_none_or(|(r, _)| rank < r) {
                cols[k] = Some((rank, c));
            }
        }
    }
    let get = |r: &Vec<String>, k: usize| {
        let at = cols[k].and_then(|(_, c)| r.get(c));
        at.cloned().unwrap_or_default()
    };
    for r in &rows[h + 1..] {
        let raw = get(r, 0);
        let name = clean_name(&raw);
        if is_not_unit(&name) || is_heading(&raw, &name, r, cols[0].map(|(_, c)| c)) {
            continue;
        }
        roster.add(RosterUnit {
            name,
            department: get(r, 1),
            contact: get(r, 2),
            phone: get(r, 3),
            aliases: aliases(&get(r, 4)),
        });
    }
    roster.index();
    roster
}

impl Roster {
    /// Adds a row: a unit already listed (its name the same after normalising) takes the
    /// row's aliases and the details it lacks, with a warning.
    fn add(&mut self, unit: RosterUnit) {
        // `keys` holds the names met so far (aliases are indexed once every row is read).
        let key = match_key(&unit.name);
        let Some(first) = self.keys.get(&key).and_then(|&i| self.units.get_mut(i)) else {
            self.keys.insert(key, self.units.len());
            self.units.push(unit);
            return;
        };
        self.warnings.push(twice(&unit.name, &first.name));
        for a in unit.aliases {
            if !first.aliases.contains(&a) {
                first.aliases.push(a);
            }
        }
        for (mine, theirs) in [
            (&mut first.department, unit.department),
            (&mut first.contact, unit.contact),
            (&mut first.phone, unit.phone),
        ] {
            if mine.is_empty() {
                *mine = theirs;
            }
        }
    }

    /// The lookups: every name first, so that a unit's alias equal to another unit's name
    /// finds that unit (with a warning); an alias two units give finds the first.
    fn index(&mut self) {
        for (i, u) in self.units.iter().enumerate() {
            self.keys.insert(match_key(&u.name), i);
            self.places.insert(org_key(&u.name), i);
        }
        for (i, u) in self.units.iter().enumerate() {
            for a in &u.aliases {
                match self.keys.get(&match_key(a)) {
                    Some(&j) if j != i => {
                        let other = &self.units[j].name;
                        self.warnings.push(twice(a, other));
                    }
                    Some(_) => {}
                    None => {
                        self.keys.insert(match_key(a), i);
                    }
                }
            }
        }
        for (k, &i) in &self.keys {
            let slot = self.loose.entry(strip_loose(k)).or_insert(Some(i));
            if *slot != Some(i) {
                *slot = None;
            }
        }
    }
}

/// Whether `long` is `short` with a place name before it: at least two characters ending
/// in 省, 市, 县, 区, 州, 旗 or 盟 (`永登县`, `兰州新区`), `short` at least two characters.
fn placed_before(long: &str, short: &str) -> bool {
    let lead = long.strip_suffix(short);
    short.chars().count() >= 2
        && lead.is_some_and(|l| {
            l.chars().count() >= 2 && l.ends_with(['省', '市', '县', '区', '州', '旗', '盟'])
        })
}

/// A [`match_key`] without `（本级）`.
fn strip_loose(key: &str) -> String {
    strip_suffix(key, OWN_LEVEL).unwrap_or(key).to_string()
}

/// `单位名单中“…”重复`: a name or alias the roster gives twice.
fn twice(key: &str, first: &str) -> Message {
    Message::new(
        format!("单位名单中“{key}”重复（已按第一次出现的“{first}”计）"),
        format!("“{key}” is in the roster twice (counted as “{first}”, where it first stands)"),
    )
}

/// Writes the roster template: the header row, an example row marked as such, and a
/// 填表说明 sheet.
pub fn write_template(path: &Path) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let base = Format::new().set_font_name("宋体").set_font_size(11);
    let head = base.clone().set_bold().set_background_color("#DDEBF7");
    let grey = base.clone().set_font_color("#808080");
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
        ws.set_column_width(c as u16, if c == 0 || c == 4 { 30 } else { 16 })?;
    }
    let example = [
        "示例：永登县交通运输局（此行不计入，可删除）",
        "永登县人民政府",
        "张三",
        "0931-1234567",
        "永登县交通局；县交通运输局",
    ];
    for (c, v) in example.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *v, &grey)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let notes = wb.add_worksheet();
    notes.set_name("填表说明")?;
    let lines = [
        "单位名单填表说明",
        "1. 每行填写一个应报送绩效自评材料的单位；“单位名称”必填，其余可空。",
        "2. “别名”填写该单位文件中可能使用的其他名称，多个别名用“；”分隔。",
        "3. 以“示例”开头的行不计入名单，可以删除。",
        "4. 名单中的每个单位都会出现在汇总表中；没有报送材料的单位显示为“未报送”。",
    ];
    for (r, l) in lines.iter().enumerate() {
        notes.write_string_with_format(r as u32, 0, *l, &base)?;
    }
    notes.set_column_width(0, 80)?;
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2022, 1, 1)?),
    );
    wb.save(path)
        .explain(|| super::cannot("写入", "write", path))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The roster of a sheet's rows.
    fn roster_of(rows: &[&[&str]]) -> Roster {
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect();
        from_rows(&rows)
    }

    #[test]
    fn the_example_row_is_skipped_and_aliases_find_their_unit() {
        let r = roster_of(&[
            &["单位名称", "主管部门", "联系人", "联系电话", "别名"],
            &["示例：某局", "", "", "", ""],
            &["永登县卫生健康局", "", "李四", "", "永登县卫健局；县卫健局"],
            &["永登县教育局", "", "", "", ""],
            &["永登县教育局", "", "", "", ""],
        ]);
        // The unit listed twice is one unit.
        assert_eq!(r.units.len(), 2);
        assert_eq!(r.find("永登县卫健局").unwrap().name, "永登县卫生健康局");
        assert_eq!(
            r.find("永登县 卫生健康局").unwrap().name,
            "永登县卫生健康局"
        );
        assert!(r.find("永登县财政局").is_none());
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert_eq!(r.closest("永登县卫生健康局机关"), Some("永登县卫生健康局"));
    }

    #[test]
    fn names_lose_numbers_seals_and_spaces_but_keep_their_own_words() {
        for (raw, name) in [
            ("1.永登县交通运输局", "永登县交通运输局"),
            ("（一）永登县教育局", "永登县教育局"),
            ("12、永登县卫生健康局（盖章）", "永登县卫生健康局"),
            ("一、永登县 农业\n农村局", "永登县农业农村局"),
            ("永登县第一中学", "永登县第一中学"),
            ("1号泵站管理所", "1号泵站管理所"),
            ("(3)", "(3)"),
            ("永登县 ABC 中心", "永登县ABC中心"),
            ("AB CD", "AB CD"),
            ("[101001]永登县交通运输局", "永登县交通运输局"),
            ("【101001】 永登县交通运输局", "永登县交通运输局"),
            ("102001 永登县教育局", "永登县教育局"),
            ("102001-永登县教育局", "永登县教育局"),
            ("12 永登县教育局", "永登县教育局"),
            ("12-3号楼管理处", "12-3号楼管理处"),
            ("[甲]永登县教育局", "[甲]永登县教育局"),
        ] {
            assert_eq!(clean_name(raw), name, "{raw}");
        }
    }

    /// A self-evaluation workbook chosen by mistake (the page's upload) is no roster: its
    /// `部门（单位）名称` is a label with its value beside it, not a column's header.
    #[test]
    fn a_self_evaluation_workbook_is_no_roster() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for f in [
            "inbox/永登县交通运输局.xlsx",
            "inbox/兰州新区应急管理局.xlsx",
            "inbox/永登县农业农村局/部门整体.xlsx",
        ] {
            let r = read(&root.join(f)).unwrap();
            assert!(
                r.is_empty(),
                "{f}: {:?}",
                r.units.iter().map(|u| &u.name).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn a_text_export_is_split_into_rows_and_fields() {
        let rows = text_rows("单位名称,别名\r\n某局,\"甲,乙\n丙\"\r\n\"某\"\"所\",\n");
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[1], ["某局", "甲,乙\n丙"]);
        assert_eq!(rows[2], ["某\"所", ""]);
        assert_eq!(
            text_rows("单位名称\t联系人\n某局\t李四")[1],
            ["某局", "李四"]
        );
    }

    /// Group rows are no units; a unit whose name ends in 单位 (`甲单位`) is one.
    #[test]
    fn group_rows_are_told_from_units_named_so() {
        let r = roster_of(&[
            &["单位名称", "联系人"],
            &["一、行政单位", ""],
            &["甲单位", ""],
            &["（二）事业单位", ""],
            &["乙单位", "李四"],
            &["县直部门", ""],
        ]);
        let names: Vec<&str> = r.units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["甲单位", "乙单位"]);
    }

    #[test]
    fn the_plainer_header_spelling_names_the_column() {
        let r = roster_of(&[
            &["单位", "单位名称", "别名", "曾用名"],
            &["甲类", "某局", "某老局", ""],
        ]);
        assert_eq!(r.units.len(), 1);
        assert_eq!(r.find("某老局").unwrap().name, "某局");
    }

    #[test]
    fn a_name_beats_an_alias_and_own_level_forms_match_when_unique() {
        let r = roster_of(&[
            &["序号", "单 位", "曾用名"],
            &["1", "某局", "某段"],
            &["2", "某段", ""],
            &["3", "某中心（本级）", ""],
        ]);
        assert_eq!(r.find("某段").unwrap().name, "某段");
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert_eq!(r.find("某中心").unwrap().name, "某中心（本级）");
        assert_eq!(r.find("某局本级").unwrap().name, "某局");
        assert_eq!(r.find("某局（盖章）").unwrap().name, "某局");
    }

    #[test]
    fn a_place_on_one_side_only_is_the_same_unit() {
        assert!(placed_before("永登县交通运输局", "交通运输局"));
        assert!(placed_before("兰州新区教育局", "教育局"));
        assert!(!placed_before("县教育局", "教育局"), "县 alone is no place");
        assert!(!placed_before("永登县教育局机关幼儿园", "教育局"));
        assert!(!placed_before("永登县局", "局"));
        let r = roster_of(&[&["单位名称"], &["永登县教育局"], &["兰州新区教育局"]]);
        assert!(r.find("教育局").is_none(), "two places: ambiguous");
        assert!(r.find("城关区教育局").is_none(), "another place");
    }
}
