//! `selfeval.toml` (campaign.md §2): the workspace's settings, every key written quoted in
//! Chinese with a Chinese comment above it. Read with `toml_edit`, so that the web page's
//! edits ([`update`]) keep the comments an officer wrote. A key the program does not know
//! is a warning naming its line; a value of the wrong type is an error naming the line and
//! the expected form.

use crate::diag::{Explain, Message};
use crate::model::Office;
use anyhow::Result;
use std::path::{Path, PathBuf};
use toml_edit::{DocumentMut, Item, Value};

/// The file name of the settings.
pub const FILE: &str = "selfeval.toml";

/// What a setting holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number (年度, 报送期限天数).
    Int,
    /// Text.
    Text,
    /// A list of texts (抄送).
    List,
}

/// One setting: its key path (`文号.意见书`), the label the page shows, its kind, and the
/// comment written above it.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key, with `.` between a table and its key.
    pub key: &'static str,
    /// The label on the page's form (the key, or `意见书文号` for the number templates).
    pub label: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// The Chinese comment above it.
    pub comment: &'static str,
}

/// A whole number of the setting `key`, as the error for another type shows it.
fn example_of(key: &str) -> &'static str {
    match key {
        "报送期限天数" => "10",
        _ => "2021",
    }
}

/// Every setting, in the order `init` writes them.
pub const FIELDS: &[Field] = &[
    Field { key: "年度", label: "年度", kind: Kind::Int, comment: "年度：本次审核的自评年度（必填），如 2021。" },
    Field { key: "审核单位", label: "审核单位", kind: Kind::Text, comment: "审核单位：本局的名称，写在审核意见书和汇总报告的落款处，如“兰州新区财政局”。" },
    Field { key: "主送机关", label: "主送机关", kind: Kind::Text, comment: "主送机关：汇总报告报送的上级机关。" },
    Field { key: "报送期限天数", label: "报送期限天数", kind: Kind::Int, comment: "报送期限天数：发出审核意见后，单位须在多少天内重新报送（写入审核意见书）。" },
    Field { key: "联系人", label: "联系人", kind: Kind::Text, comment: "联系人：写在审核意见书中的经办人。" },
    Field { key: "联系电话", label: "联系电话", kind: Kind::Text, comment: "联系电话：经办人的电话。" },
    Field { key: "抄送", label: "抄送", kind: Kind::List, comment: "抄送：汇总报告版记中的抄送单位，可写多个，如 [\"市审计局\"]。" },
    Field { key: "评分规则", label: "评分规则", kind: Kind::Text, comment: "评分规则：评分规则文件（由 selfeval policy 生成）的路径；留空使用国家规则（财预〔2020〕10号）。" },
    Field { key: "上年工作区", label: "上年工作区", kind: Kind::Text, comment: "上年工作区：上一年度工作区文件夹的路径，用于与上年对比；留空不对比。" },
    Field { key: "语言", label: "语言", kind: Kind::Text, comment: "语言：zh（中文）或 en（英文），决定输出文件的语言。" },
    Field { key: "收件箱", label: "收件箱", kind: Kind::Text, comment: "收件箱：存放各单位报送材料的文件夹（相对于工作区）。" },
    Field { key: "结果", label: "结果", kind: Kind::Text, comment: "结果：每次检查写出的汇总表、问题清单、退回工作簿和文书所在的文件夹。" },
    Field { key: "归档", label: "归档", kind: Kind::Text, comment: "归档：每轮发出的审核意见的存档文件夹（写入后不再改动）。" },
    Field { key: "申报表", label: "申报表", kind: Kind::Text, comment: "申报表：批复的绩效目标申报表所在的文件夹。" },
    Field { key: "名单", label: "名单", kind: Kind::Text, comment: "名单：应报送单位名单（Excel 工作簿）。" },
    Field { key: "文号.意见书", label: "意见书文号", kind: Kind::Text, comment: "意见书：审核意见书的文号模板，{年} 为发文年份，{序号} 自动编号，如“新财绩〔{年}〕{序号}号”。" },
    Field { key: "文号.汇总报告", label: "汇总报告文号", kind: Kind::Text, comment: "汇总报告：汇总报告的文号模板（序号由文书部门编号，初稿中留空）。" },
];

/// The workspace's folder and file names, relative to the workspace unless absolute.
#[derive(Debug, Clone)]
pub struct Names {
    /// 收件箱/.
    pub inbox: PathBuf,
    /// 结果/.
    pub results: PathBuf,
    /// 归档/.
    pub archive: PathBuf,
    /// 申报表/.
    pub declarations: PathBuf,
    /// 单位名单.xlsx.
    pub roster: PathBuf,
}

/// The settings as read.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// 年度.
    pub year: i32,
    /// The office's settings the documents carry.
    pub office: Office,
    /// 评分规则: a policy file, if set.
    pub policy: Option<PathBuf>,
    /// 上年工作区, if set.
    pub previous: Option<PathBuf>,
    /// `zh` or `en`.
    pub english: bool,
    /// Folder and file names, resolved against the workspace.
    pub names: Names,
    /// Warnings (unknown keys), each naming its line.
    pub warnings: Vec<Message>,
}

/// Names in a language (`init --lang en` writes the English ones).
pub fn default_names(english: bool) -> [(&'static str, &'static str); 5] {
    if english {
        [
            ("收件箱", "inbox"),
            ("结果", "results"),
            ("归档", "archive"),
            ("申报表", "declarations"),
            ("名单", "roster.xlsx"),
        ]
    } else {
        [
            ("收件箱", "收件箱"),
            ("结果", "结果"),
            ("归档", "归档"),
            ("申报表", "申报表"),
            ("名单", "单位名单.xlsx"),
        ]
    }
}

/// The text `init` writes: every key with its comment.
pub fn template(year: i32, bureau: Option<&str>, english: bool) -> String {
    let mut s = String::from(
        "# selfeval 工作区设置（预算绩效自评审核）。\n# 每一项上方是它的说明；可用记事本修改，也可在网页的“设置”页修改（说明会保留）。\n# 留空（\"\"）的项目在文书中显示为【请填写：…】。\n\n",
    );
    let names = default_names(english);
    let mut table_started = false;
    for f in FIELDS {
        let (table, key) = match f.key.split_once('.') {
            Some((t, k)) => (Some(t), k),
            None => (None, f.key),
        };
        if let (Some(t), false) = (table, table_started) {
            s.push_str(&format!("\n# 文号模板。\n[\"{t}\"]\n"));
            table_started = true;
        }
        let value = match (f.key, f.kind) {
            ("年度", _) => year.to_string(),
            ("审核单位", _) => quoted(bureau.unwrap_or("")),
            ("报送期限天数", _) => "10".into(),
            ("语言", _) => quoted(if english { "en" } else { "zh" }),
            (_, Kind::List) => "[]".into(),
            (k, _) => quoted(names.iter().find(|(n, _)| *n == k).map_or("", |(_, v)| v)),
        };
        s.push_str(&format!("# {}\n\"{key}\" = {value}\n", f.comment));
    }
    s
}

fn quoted(v: &str) -> String {
    Value::from(v).to_string().trim().to_string()
}

/// The line (from 1) of the text where `key` is written, for messages.
fn line_of(text: &str, key: &str) -> usize {
    let quoted = format!("\"{key}\"");
    text.lines()
        .position(|l| l.trim_start().starts_with(&quoted) || l.trim_start().starts_with(key))
        .map_or(1, |i| i + 1)
}

/// The settings file's text and its parsed document.
fn parse(path: &Path) -> Result<(String, DocumentMut)> {
    let bytes = std::fs::read(path).explain(|| super::cannot("读取", "read", path))?;
    // UTF-8 (with or without a BOM), else GB18030: Notepad on Chinese Windows before 2019
    // saves in the ANSI code page, and the officer is told to edit the file with it.
    let text = crate::read::narrative::text::decode(&bytes).ok_or_else(|| {
        let p = path.display();
        Message::error(
            format!("{p} 的编码无法识别：请用记事本打开，“另存为”时编码选 UTF-8"),
            format!("{p} is in an encoding that cannot be told: save it as UTF-8"),
        )
    })?;
    let doc = text.parse::<DocumentMut>().map_err(|e| {
        let p = path.display();
        // A Windows path typed with backslashes (`"D:\绩效\2020年度"`) is the usual cause of
        // an escape error: say how to write it.
        let (zh, en) = match e.to_string().contains("escape") {
            true => (
                "\n路径中的 \\ 请改写为 /（例如 \"D:/绩效/2020年度绩效自评\"），或把路径放在单引号中（'D:\\绩效\\2020年度绩效自评'）。",
                "\nwrite the \\ of a path as / (\"D:/folder\"), or put the path in single quotes ('D:\\folder').",
            ),
            false => ("", ""),
        };
        Message::error(
            format!("{p} 格式有误：{e}{zh}"),
            format!("{p} is not valid TOML: {e}{en}"),
        )
    })?;
    Ok((text, doc))
}

/// An error at a line of the settings file: `PATH 第N行：…` / `PATH line N: …`.
fn at_line(path: &Path, line: usize, zh: String, en: String) -> anyhow::Error {
    let p = path.display();
    Message::error(
        format!("{p} 第{line}行：{zh}"),
        format!("{p} line {line}: {en}"),
    )
}

/// A whole number outside its range, at its line; `key` is the setting and what it means.
fn out_of_range(
    path: &Path,
    text: &str,
    key: (&str, &str),
    range: (i64, i64),
    v: i64,
) -> anyhow::Error {
    let ((k, what), (lo, hi)) = (key, range);
    at_line(
        path,
        line_of(text, k),
        format!("“{k}”应在 {lo} 到 {hi} 之间，现为 {v}"),
        format!("“{k}” ({what}) must be from {lo} to {hi}, not {v}"),
    )
}

/// The warning for a key the settings do not know.
fn unknown_key(path: &Path, line: usize, key: &str) -> Message {
    let p = path.display();
    Message::new(
        format!("{p} 第{line}行：未知的设置项“{key}”，已忽略"),
        format!("{p} line {line}: unknown setting “{key}”, ignored"),
    )
}

/// Reads `selfeval.toml` of workspace `root`.
pub fn load(root: &Path) -> Result<Loaded> {
    let path = root.join(FILE);
    let (text, doc) = parse(&path)?;
    let d = Doc {
        path: &path,
        text: &text,
        doc: &doc,
    };
    // Checked in the order the file is laid out: 年度, the office, 语言.
    let (year, office, english) = (d.year()?, d.office()?, d.english()?);
    let defaults = default_names(english);
    let name = |key: &str| -> Result<PathBuf> {
        let def = defaults
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(key, |(_, v)| v);
        let v = d.text_of(key)?.unwrap_or_else(|| def.to_string());
        Ok(root.join(v))
    };
    Ok(Loaded {
        year,
        office,
        policy: d.text_of("评分规则")?.map(|p| root.join(p)),
        previous: d.text_of("上年工作区")?.map(|p| root.join(p)),
        english,
        names: Names {
            inbox: name("收件箱")?,
            results: name("结果")?,
            archive: name("归档")?,
            declarations: name("申报表")?,
            roster: name("名单")?,
        },
        warnings: [d.unknown_keys(), d.unnumbered_letters()].concat(),
    })
}

/// A parsed settings file with its path and text, to read values from and to name the
/// line of a value that is wrong.
struct Doc<'a> {
    path: &'a Path,
    text: &'a str,
    doc: &'a DocumentMut,
}

impl Doc<'_> {
    /// A warning for each key that is no setting (a typo is said, not ignored).
    fn unknown_keys(&self) -> Vec<Message> {
        let (path, text) = (self.path, self.text);
        let mut warnings = Vec::new();
        for (k, item) in self.doc.iter() {
            let known = FIELDS
                .iter()
                .any(|f| f.key == k || f.key.starts_with(&format!("{k}.")));
            if !known {
                warnings.push(unknown_key(path, line_of(text, k), k));
            } else if let Some(t) = item.as_table() {
                for (sub, _) in t.iter() {
                    let full = format!("{k}.{sub}");
                    if !FIELDS.iter().any(|f| f.key == full) {
                        warnings.push(unknown_key(path, line_of(text, sub), &full));
                    }
                }
            }
        }
        warnings
    }

    /// A letter number template without `{序号}`: every letter of every round would carry
    /// the same number, which campaign.md §5 has never repeat.
    fn unnumbered_letters(&self) -> Vec<Message> {
        let Ok(Some(t)) = self.text_of("文号.意见书") else {
            return Vec::new();
        };
        if t.contains("{序号}") {
            return Vec::new();
        }
        let p = self.path.display();
        let line = line_of(self.text, "意见书");
        vec![Message::new(
            format!("{p} 第{line}行：意见书文号模板“{t}”中没有 {{序号}}，各审核意见书的文号将相同；请写成如“新财绩〔{{年}}〕{{序号}}号”"),
            format!("{p} line {line}: the letter number template “{t}” has no {{序号}}, so every letter would have the same number; write it as in “新财绩〔{{年}}〕{{序号}}号”"),
        )]
    }

    /// The value of a key (`文号.意见书` names a key of a table).
    fn get(&self, key: &str) -> Option<&Item> {
        match key.split_once('.') {
            Some((t, k)) => self.doc.get(t)?.get(k),
            None => self.doc.get(key),
        }
    }

    /// A text value, trimmed; none when absent or blank.
    fn text_of(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(i) => match i.as_str() {
                Some(s) if s.trim().is_empty() => Ok(None),
                Some(s) => Ok(Some(s.trim().to_string())),
                None => Err(at_line(
                    self.path,
                    line_of(self.text, key.rsplit('.').next().unwrap_or(key)),
                    format!("“{key}”应为文字（用英文双引号括起，如 \"…\"）"),
                    format!("“{key}” must be text (in straight double quotes, e.g. \"…\")"),
                )),
            },
        }
    }

    /// A whole-number value; none when absent. The example the error gives is the key's own
    /// kind of number (a year, a number of days).
    fn int_of(&self, key: &str) -> Result<Option<i64>> {
        match self.get(key) {
            None => Ok(None),
            Some(i) => match i.as_integer() {
                Some(n) => Ok(Some(n)),
                None => Err(at_line(
                    self.path,
                    line_of(self.text, key),
                    format!("“{key}”应为整数（如 {}）", example_of(key)),
                    format!("“{key}” must be a whole number (e.g. {})", example_of(key)),
                )),
            },
        }
    }

    /// 年度, required, 2000–2100.
    fn year(&self) -> Result<i32> {
        match self.int_of("年度")? {
            Some(y) if (2000..=2100).contains(&y) => Ok(y as i32),
            Some(y) => Err(out_of_range(
                self.path,
                self.text,
                ("年度", "the year"),
                (2000, 2100),
                y,
            )),
            None => {
                let p = self.path.display();
                Err(Message::error(
                    format!("{p} 缺少必填的“年度”（如 \"年度\" = 2021）"),
                    format!("{p} lacks the required “年度” (the year, e.g. \"年度\" = 2021)"),
                ))
            }
        }
    }

    /// What the documents say about the office that writes them.
    fn office(&self) -> Result<Office> {
        let days = match self.int_of("报送期限天数")? {
            Some(d) if (1..=365).contains(&d) => Some(d as u32),
            Some(d) => {
                let key = ("报送期限天数", "days to resubmit");
                return Err(out_of_range(self.path, self.text, key, (1, 365), d));
            }
            None => None,
        };
        Ok(Office {
            bureau: self.text_of("审核单位")?,
            addressee: self.text_of("主送机关")?,
            letter_number: self.text_of("文号.意见书")?,
            report_number: self.text_of("文号.汇总报告")?,
            deadline_days: days,
            contact: self.text_of("联系人")?,
            phone: self.text_of("联系电话")?,
            copies: self.copies()?,
        })
    }

    /// 抄送: a list of texts, or one text separated by `、` or commas.
    fn copies(&self) -> Result<Vec<String>> {
        let items: Vec<&str> = match self.get("抄送") {
            None => Vec::new(),
            Some(i) => match (i.as_array(), i.as_str()) {
                (Some(a), _) => a.iter().filter_map(|v| v.as_str()).collect(),
                (None, Some(s)) => s.split(['、', '，', ',']).collect(),
                (None, None) => {
                    return Err(at_line(
                        self.path,
                        line_of(self.text, "抄送"),
                        "“抄送”应为文字列表（如 [\"市审计局\"]）".into(),
                        "“抄送” (copies) must be a list of texts (e.g. [\"市审计局\"])".into(),
                    ))
                }
            },
        };
        Ok(items
            .into_iter()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect())
    }

    /// 语言 as an officer types it: the codes, or the words (`中文`, `英文`); anything
    /// else is said, not taken silently for Chinese.
    fn english(&self) -> Result<bool> {
        match self.text_of("语言")?.as_deref().map(str::trim) {
            None | Some("" | "zh" | "中文" | "汉语" | "简体中文") => Ok(false),
            Some("en" | "英文" | "英语" | "English" | "english") => Ok(true),
            Some(other) => Err(at_line(
                self.path,
                line_of(self.text, "语言"),
                format!("“语言”应为 zh（中文）或 en（英文），现为“{other}”"),
                format!("“语言” (language) must be zh or en, not “{other}”"),
            )),
        }
    }
}

/// Sets settings by key (the page's form): each value parsed as its field's kind, the
/// rest of the file — comments included — kept; the file is checked by [`load`] before it
/// replaces the old one, so a bad value changes nothing.
pub fn update(path: &Path, changes: &[(&str, &str)]) -> Result<()> {
    let (_, mut doc) = parse(path)?;
    for (key, value) in changes {
        let Some(field) = FIELDS.iter().find(|f| f.key == *key || f.label == *key) else {
            return Err(Message::error(
                format!("未知的设置项“{key}”"),
                format!("unknown setting “{key}”"),
            ));
        };
        let v = typed(field, value)?;
        let (table, k) = match field.key.split_once('.') {
            Some((t, k)) => (Some(t), k),
            None => (None, field.key),
        };
        let target = match table {
            Some(t) => {
                if doc.get(t).is_none() {
                    doc[t] = toml_edit::table();
                }
                doc[t].as_table_like_mut().ok_or_else(|| {
                    Message::error("“文号”应为表", "“文号” (document numbers) must be a table")
                })?
            }
            None => doc.as_table_mut() as &mut dyn toml_edit::TableLike,
        };
        match target.get_mut(k) {
            Some(item) => {
                // Keep the comment (the key's decor) and replace only the value.
                let decor = item.as_value().map(|v| v.decor().clone());
                *item = Item::Value(v);
                if let (Some(d), Some(val)) = (decor, item.as_value_mut()) {
                    *val.decor_mut() = d;
                }
            }
            None => {
                target.insert(k, Item::Value(v));
            }
        }
    }
    let out = doc.to_string();
    let dir = path.parent().unwrap_or(Path::new("."));
    let check = tempfile::tempdir_in(dir).explain(|| super::cannot("写入", "write to", dir))?;
    std::fs::write(check.path().join(FILE), &out)?;
    load(check.path())?;
    crate::outdir::atomic::write_with_atomic(path, |w| Ok(w.write_all(out.as_bytes())?))
}

/// A form value as its field's kind.
fn typed(field: &Field, value: &str) -> Result<Value> {
    let value = value.trim();
    Ok(match field.kind {
        Kind::Int if value.is_empty() => {
            let l = field.label;
            return Err(Message::error(
                format!("“{l}”不能为空"),
                format!("“{l}” cannot be empty"),
            ));
        }
        Kind::Int => match value.parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => {
                let l = field.label;
                return Err(Message::error(
                    format!("“{l}”应为整数，现为“{value}”"),
                    format!("“{l}” must be a whole number, not “{value}”"),
                ));
            }
        },
        Kind::Text => Value::from(value),
        Kind::List => {
            let items = value
                .split(['、', '，', ',', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty());
            Value::Array(items.collect())
        }
    })
}
