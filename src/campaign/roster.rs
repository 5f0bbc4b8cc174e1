//! The roster `单位名单.xlsx` (campaign.md §3): one row per expected unit on the sheet
//! `单位名单` — 单位名称 (required), 主管部门, 联系人, 联系电话, 别名 (other names its files use,
//! separated by `；`). A row whose name starts with `示例` is the example and is skipped;
//! a duplicate name or alias warns and the first wins.

use crate::diag::{Explain, Message};
use crate::model::text::org_key;
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
    /// Normalised name or alias → index into `units`.
    keys: HashMap<String, usize>,
    /// Duplicate names or aliases, for the terminal.
    pub warnings: Vec<Message>,
}

impl Roster {
    /// The roster unit a name belongs to (by normalised name, then alias).
    pub fn find(&self, name: &str) -> Option<&RosterUnit> {
        self.keys.get(&org_key(name)).map(|&i| &self.units[i])
    }

    /// Every key a roster unit is found by, with the unit's place in the roster: the order
    /// the unit lists follow in a workspace.
    pub fn places(&self) -> &HashMap<String, usize> {
        &self.keys
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

/// Reads the roster; a missing file is an empty roster.
pub fn read(path: &Path) -> Result<Roster> {
    if !path.exists() {
        return Ok(Roster::default());
    }
    let mut wb = open_workbook_auto(path).explain(|| cannot_read(path))?;
    let sheet = wb
        .sheet_names()
        .into_iter()
        .find(|s| s == SHEET)
        .or_else(|| wb.sheet_names().into_iter().next());
    let Some(sheet) = sheet else {
        return Ok(Roster::default());
    };
    let range = wb.worksheet_range(&sheet).explain(|| cannot_read(path))?;
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(cell).collect()).collect();
    Ok(from_rows(&rows))
}

fn cell(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        other => other.to_string().trim().to_string(),
    }
}

/// The roster from a sheet's rows: the header row is the first holding `单位名称`.
fn from_rows(rows: &[Vec<String>]) -> Roster {
    let mut roster = Roster::default();
    let Some(h) = rows.iter().position(|r| r.iter().any(|c| c == HEADERS[0])) else {
        return roster;
    };
    let col = |name: &str| rows[h].iter().position(|c| c == name);
    let cols: Vec<Option<usize>> = HEADERS.iter().map(|n| col(n)).collect();
    let get =
        |r: &Vec<String>, k: usize| cols[k].and_then(|c| r.get(c)).cloned().unwrap_or_default();
    for r in &rows[h + 1..] {
        let name = get(r, 0);
        if name.is_empty() || name.starts_with("示例") {
            continue;
        }
        let aliases: Vec<String> = get(r, 4)
            .split(['；', ';', '、'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let unit = RosterUnit {
            name,
            department: get(r, 1),
            contact: get(r, 2),
            phone: get(r, 3),
            aliases,
        };
        let i = roster.units.len();
        for key in std::iter::once(&unit.name).chain(&unit.aliases) {
            let k = org_key(key);
            if let Some(&j) = roster.keys.get(&k) {
                let first = &roster
                    .units
                    .get(j)
                    .map_or(unit.name.as_str(), |u| u.name.as_str())
                    .to_string();
                roster.warnings.push(Message::new(
                    format!("单位名单中“{key}”重复（已按第一次出现的“{first}”计）"),
                    format!("“{key}” is in the roster twice (counted as “{first}”, where it first stands)"),
                ));
                continue;
            }
            roster.keys.insert(k, i);
        }
        roster.units.push(unit);
    }
    roster
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

    #[test]
    fn the_example_row_is_skipped_and_aliases_find_their_unit() {
        let rows: Vec<Vec<String>> = [
            vec!["单位名称", "主管部门", "联系人", "联系电话", "别名"],
            vec!["示例：某局", "", "", "", ""],
            vec!["永登县卫生健康局", "", "李四", "", "永登县卫健局；县卫健局"],
            vec!["永登县教育局", "", "", "", ""],
            vec!["永登县教育局", "", "", "", ""],
        ]
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
        let r = from_rows(&rows);
        assert_eq!(r.units.len(), 3);
        assert_eq!(r.find("永登县卫健局").unwrap().name, "永登县卫生健康局");
        assert_eq!(
            r.find("永登县 卫生健康局").unwrap().name,
            "永登县卫生健康局"
        );
        assert!(r.find("永登县财政局").is_none());
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert_eq!(r.closest("永登县卫生健康局机关"), Some("永登县卫生健康局"));
    }
}
