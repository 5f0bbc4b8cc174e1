//! The workspace as the page sees it (campaign.md §1): its folders, the last run's
//! report.json, the settings in `selfeval.toml`, and the arguments of the commands the page
//! starts. The one place that knows how the page calls the command line, so that a change
//! of the commands is a change here only.

use anyhow::{Context, Result};
use serde_json::Value;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The settings file.
pub const SETTINGS: &str = "selfeval.toml";
/// The inbox folder.
pub const INBOX: &str = "收件箱";
/// The results folder.
pub const RESULTS: &str = "结果";
/// The archive of issued rounds.
pub const ARCHIVE: &str = "归档";
/// The roster workbook.
pub const ROSTER: &str = "单位名单.xlsx";

/// True when `dir` is a workspace (it holds `selfeval.toml`).
pub fn is_workspace(dir: &Path) -> bool {
    dir.join(SETTINGS).is_file()
}

/// The arguments (after the program) of each command the page starts.
pub mod args {
    use super::*;

    /// A run of the workspace, with progress as JSON lines on stderr. Until the
    /// workspace form `run DIR` lands this is the plain run with the same outputs.
    pub fn run(dir: &Path) -> Vec<OsString> {
        vec![
            "run".into(),
            dir.join(INBOX).into_os_string(),
            "-o".into(),
            dir.join(RESULTS).into_os_string(),
            "--progress".into(),
            "json".into(),
        ]
    }

    /// An issued round, answered as JSON on stdout.
    pub fn issue(dir: &Path, units: &[String]) -> Vec<OsString> {
        let mut a: Vec<OsString> = vec!["issue".into(), dir.as_os_str().into()];
        if !units.is_empty() {
            a.push("--units".into());
            a.push(units.join(",").into());
        }
        a.push("--format".into());
        a.push("json".into());
        a
    }

    /// A file pinned as the counting copy (or the pin removed).
    pub fn pin(dir: &Path, file: &Path, remove: bool) -> Vec<OsString> {
        let mut a: Vec<OsString> = vec!["pin".into(), dir.as_os_str().into(), file.into()];
        if remove {
            a.push("--remove".into());
        }
        a
    }

    /// A folder made a workspace.
    pub fn init(dir: &Path) -> Vec<OsString> {
        vec!["init".into(), dir.as_os_str().into()]
    }
}

/// The last run's report.json, with the time it was written; `None` before any run.
pub fn report(dir: &Path) -> Option<(Value, std::time::SystemTime)> {
    let path = dir.join(RESULTS).join("report.json");
    let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
    let text = std::fs::read(&path).ok()?;
    let v = serde_json::from_slice(&text).ok()?;
    Some((v, modified))
}

/// The settings' current values, by key (`"文号.意见书"` for a nested one), as text.
pub fn settings_values(dir: &Path) -> Vec<(String, String)> {
    let Ok(text) = std::fs::read_to_string(dir.join(SETTINGS)) else {
        return Vec::new();
    };
    let Ok(doc) = text.parse::<toml_edit::DocumentMut>() else {
        return Vec::new();
    };
    FIELDS
        .iter()
        .filter_map(|f| {
            let item = lookup(doc.as_item(), f.key)?;
            Some((f.key.to_string(), value_text(item)?))
        })
        .collect()
}

fn lookup<'a>(item: &'a toml_edit::Item, key: &str) -> Option<&'a toml_edit::Item> {
    key.split('.').try_fold(item, |it, k| it.get(k))
}

fn value_text(item: &toml_edit::Item) -> Option<String> {
    let v = item.as_value()?;
    Some(match v {
        toml_edit::Value::String(s) => s.value().clone(),
        toml_edit::Value::Integer(i) => i.value().to_string(),
        toml_edit::Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string().trim().to_string(),
    })
}

/// The kind of a setting's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number.
    Integer,
    /// One line of text.
    Text,
    /// A list of lines.
    Lines,
}

/// One setting of the form: its key in `selfeval.toml`, its label and kind.
pub struct Field {
    /// The key (dotted for nested keys).
    pub key: &'static str,
    /// The label shown (the key, or web.md §2's name for the two number templates).
    pub label: &'static str,
    /// Its kind.
    pub kind: Kind,
    /// What it is for.
    pub help: &'static str,
}

/// The settings of campaign.md §2 the page edits. Until the lead's
/// `campaign::settings::FIELDS` lands this list stands in for it.
pub const FIELDS: &[Field] = &[
    Field {
        key: "年度",
        label: "年度",
        kind: Kind::Integer,
        help: "被审核的年度",
    },
    Field {
        key: "审核单位",
        label: "审核单位",
        kind: Kind::Text,
        help: "意见书和汇总报告的发文单位，如 兰州新区财政局",
    },
    Field {
        key: "主送机关",
        label: "主送机关",
        kind: Kind::Text,
        help: "汇总报告的主送机关",
    },
    Field {
        key: "文号.意见书",
        label: "意见书文号",
        kind: Kind::Text,
        help: "如 新财绩〔{年}〕{序号}号，发出审核意见时编号",
    },
    Field {
        key: "文号.汇总报告",
        label: "汇总报告文号",
        kind: Kind::Text,
        help: "汇总报告的文号模板",
    },
    Field {
        key: "报送期限天数",
        label: "报送期限天数",
        kind: Kind::Integer,
        help: "发出意见后单位重新报送的期限（天）",
    },
    Field {
        key: "联系人",
        label: "联系人",
        kind: Kind::Text,
        help: "意见书上的联系人",
    },
    Field {
        key: "联系电话",
        label: "联系电话",
        kind: Kind::Text,
        help: "意见书上的联系电话",
    },
    Field {
        key: "抄送",
        label: "抄送",
        kind: Kind::Lines,
        help: "汇总报告的抄送单位，每行一个",
    },
];

/// Saves the form's values into `selfeval.toml`, keeping its comments. The adapter to the
/// settings module: when `campaign::settings::update` lands, this body becomes a call to
/// it (same arguments).
pub fn update_settings(path: &Path, changes: &[(&str, &str)]) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("无法读取 {}", path.display()))?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .with_context(|| format!("{} 格式有误", path.display()))?;
    for (key, raw) in changes {
        let field = FIELDS
            .iter()
            .find(|f| f.key == *key)
            .with_context(|| format!("未知的设置：{key}"))?;
        set(&mut doc, field, raw)?;
    }
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, doc.to_string()).with_context(|| format!("无法写入 {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("无法写入 {}", path.display()))?;
    Ok(())
}

fn set(doc: &mut toml_edit::DocumentMut, field: &Field, raw: &str) -> Result<()> {
    let raw = raw.trim();
    let value: toml_edit::Value = match field.kind {
        Kind::Integer if raw.is_empty() => return Ok(()),
        Kind::Integer => raw
            .parse::<i64>()
            .map_err(|_| anyhow::anyhow!("“{}”应为整数，收到“{raw}”", field.label))?
            .into(),
        Kind::Text => raw.into(),
        Kind::Lines => raw
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<toml_edit::Array>()
            .into(),
    };
    let mut parts: Vec<&str> = field.key.split('.').collect();
    let last = parts.pop().unwrap_or(field.key);
    let mut table = doc.as_table_mut();
    for p in parts {
        let entry = table
            .entry(p)
            .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()));
        table = entry
            .as_table_mut()
            .with_context(|| format!("{p} 应为表"))?;
    }
    match table.get_mut(last).and_then(|i| i.as_value_mut()) {
        // Keep the decoration (the comment above is the key's, the trailing one the value's).
        Some(old) => {
            let decor = old.decor().clone();
            *old = value;
            *old.decor_mut() = decor;
        }
        None => {
            table.insert(last, toml_edit::Item::Value(value));
        }
    }
    Ok(())
}

/// The file name of a unit's outputs, as the writers make it.
pub fn unit_stem(name: &str) -> String {
    crate::write::names::safe_stem(name)
}

/// A unit's current downloads: (label, path) for those that exist.
pub fn unit_downloads(dir: &Path, name: &str) -> Vec<(String, PathBuf)> {
    let stem = unit_stem(name);
    let res = dir.join(RESULTS);
    let cands = [
        ("退回工作簿", res.join("units").join(format!("{stem}.xlsx"))),
        (
            "审核意见书",
            res.join("reports").join(&stem).join("审核意见书.docx"),
        ),
    ];
    cands
        .into_iter()
        .filter(|(_, p)| p.is_file())
        .map(|(l, p)| (l.to_string(), p))
        .collect()
}

/// A unit's archived downloads, by round: (`第N轮退回工作簿` …, path).
pub fn archived_downloads(dir: &Path, name: &str) -> Vec<(String, PathBuf)> {
    let stem = unit_stem(name);
    let mut rounds: Vec<(u32, PathBuf)> = std::fs::read_dir(dir.join(ARCHIVE))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            let digits: String = n
                .strip_prefix('第')?
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            Some((digits.parse().ok()?, e.path()))
        })
        .collect();
    rounds.sort();
    let mut out = Vec::new();
    for (n, path) in rounds {
        let unit = path.join(&stem);
        let xlsx = unit.join(format!("{stem}.xlsx"));
        let docx = unit.join("审核意见书.docx");
        if xlsx.is_file() {
            out.push((format!("第{n}轮退回工作簿"), xlsx));
        }
        if docx.is_file() {
            out.push((format!("第{n}轮审核意见书"), docx));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_saved_keeps_the_comments_and_other_keys() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(SETTINGS);
        let before = "# 被审核的年度\n\"年度\" = 2021\n\n# 发文单位\n\"审核单位\" = \"旧局\" # 行尾\n\n[\"文号\"]\n# 意见书\n\"意见书\" = \"\"\n";
        std::fs::write(&p, before).unwrap();
        update_settings(
            &p,
            &[
                ("审核单位", "兰州新区财政局"),
                ("文号.意见书", "新财绩〔{年}〕{序号}号"),
                ("抄送", "甲\n乙"),
            ],
        )
        .unwrap();
        let after = std::fs::read_to_string(&p).unwrap();
        assert!(
            after.contains("# 发文单位\n\"审核单位\" = \"兰州新区财政局\" # 行尾"),
            "{after}"
        );
        assert!(
            after.contains("# 意见书\n\"意见书\" = \"新财绩〔{年}〕{序号}号\""),
            "{after}"
        );
        assert!(after.contains("# 被审核的年度\n\"年度\" = 2021"), "{after}");
        let v = settings_values(dir.path());
        assert!(
            v.contains(&("抄送".to_string(), "甲\n乙".to_string())),
            "{v:?}"
        );
        assert!(update_settings(&p, &[("年度", "二〇二一")]).is_err());
        assert!(update_settings(&p, &[("x", "1")]).is_err());
    }
}
