//! The workspace as the page sees it (campaign.md §1): its folders, the last run's
//! report.json, the settings in `selfeval.toml`, and the arguments of the commands the page
//! starts. The one place that knows how the page calls the command line, so that a change
//! of the commands is a change here only.

use anyhow::Result;
use serde_json::Value;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The settings file.
pub const SETTINGS: &str = "selfeval.toml";
/// The inbox folder (by default).
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

/// True when the workspace's settings say `"语言" = "en"`: its outputs (report.json's
/// messages among them) are in English, and so is its page by default.
pub fn english(dir: &Path) -> bool {
    crate::campaign::settings::load(dir).is_ok_and(|l| l.english)
}

/// The arguments (after the program) of each command the page starts.
pub mod args {
    use super::*;

    /// A run of the workspace, with progress as JSON lines on stderr.
    pub fn run(dir: &Path) -> Vec<OsString> {
        vec![
            "run".into(),
            dir.as_os_str().into(),
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
        a.push("--progress".into());
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

    /// A folder made a workspace; English names (`init --lang en`) when asked from the
    /// page in English.
    pub fn init(dir: &Path, english: bool, year: Option<i32>) -> Vec<OsString> {
        let mut a: Vec<OsString> = vec!["init".into(), dir.as_os_str().into()];
        if english {
            a.push("--lang".into());
            a.push("en".into());
        }
        if let Some(y) = year {
            a.push("--year".into());
            a.push(y.to_string().into());
        }
        a
    }
}

/// The last run's report.json whole, with the time it was written; `None` before any run.
/// The pages read lighter views of it ([`report_overview`], [`report_of_unit`]); the
/// tests compare what they show with what the whole gives.
#[cfg(test)]
pub fn report(dir: &Path) -> Option<(Value, std::time::SystemTime)> {
    let path = folders(dir).results.join("report.json");
    let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
    let text = std::fs::read(&path).ok()?;
    let v = serde_json::from_slice(&text).ok()?;
    Some((v, modified))
}

/// The last run's report.json as the overview and 文件 read it: the units, and of each file
/// its path, status and findings' codes, severities and states, and its tables' kind, name,
/// `counts`, fund rows' amounts, execution rate, total score and findings' codes, severities and states (the
/// kind and name find the copy that counts instead of a superseded one; the rest, nearly all of it, passed
/// over unkept). At 2,000 units the whole report is 57 MB,
/// and holding it took 0.9 s and half a gigabyte on every visit.
pub fn report_overview(dir: &Path) -> Option<(Value, std::time::SystemTime)> {
    let path = folders(dir).results.join("report.json");
    let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
    let bytes = std::fs::read(&path).ok()?;
    let light: overview::Report = serde_json::from_slice(&bytes).ok()?;
    Some((serde_json::to_value(light).ok()?, modified))
}

/// The last run's report.json as a unit's page reads it: the units, the fixed findings, and
/// of the files only the unit's, counting or superseded (the others are passed over as raw
/// text, each looked into for its path alone). `None` before any run.
pub fn report_of_unit(dir: &Path, name: &str) -> Option<Value> {
    #[derive(serde::Deserialize)]
    struct Raw<'a> {
        #[serde(default)]
        units: Value,
        #[serde(default)]
        fixed: Value,
        #[serde(borrow, default)]
        files: Vec<&'a serde_json::value::RawValue>,
    }
    #[derive(serde::Deserialize)]
    struct PathOnly {
        #[serde(default)]
        path: Value,
    }
    let bytes = std::fs::read(folders(dir).results.join("report.json")).ok()?;
    let raw: Raw<'_> = serde_json::from_slice(&bytes).ok()?;
    let unit = (raw.units.as_array().into_iter().flatten()).find(|u| u["name"] == name);
    let listed = |k: &str| unit.and_then(|u| u[k].as_array()).into_iter().flatten();
    let keep: Vec<&str> = (listed("files").chain(listed("superseded")))
        .filter_map(Value::as_str)
        .collect();
    let wanted = |f: &serde_json::value::RawValue| {
        let p = serde_json::from_str::<PathOnly>(f.get()).ok();
        p.is_some_and(|p| p.path.as_str().is_some_and(|s| keep.contains(&s)))
    };
    let files: Vec<Value> = (raw.files.iter().filter(|f| wanted(f)))
        .filter_map(|f| serde_json::from_str(f.get()).ok())
        .collect();
    Some(serde_json::json!({ "units": raw.units, "fixed": raw.fixed, "files": files }))
}

/// The parts of report.json the overview and 文件 read, in their own shape.
mod overview {
    use serde::{Deserialize, Serialize};
    use serde_json::Value;

    #[derive(Deserialize, Serialize)]
    pub struct Report {
        #[serde(default)]
        units: Value,
        #[serde(default)]
        files: Vec<File>,
    }

    #[derive(Deserialize, Serialize)]
    struct File {
        #[serde(default)]
        path: Value,
        #[serde(default)]
        status: Value,
        #[serde(default)]
        findings: Option<Vec<Code>>,
        #[serde(default)]
        tables: Vec<Table>,
    }

    #[derive(Deserialize, Serialize)]
    struct Table {
        #[serde(default)]
        kind: Value,
        #[serde(default)]
        name: Value,
        #[serde(default)]
        counts: Value,
        #[serde(default, skip_serializing_if = "Value::is_null")]
        superseded_by: Value,
        #[serde(default)]
        funds: Option<Funds>,
        #[serde(default)]
        execution: Option<Rate>,
        #[serde(default)]
        total: Option<Score>,
        #[serde(default)]
        findings: Option<Vec<Code>>,
    }

    /// The fund rows' amounts: a unit's execution rate is its money's (the department
    /// table's 年度资金总额, else the sum over its tables), as 汇总 has it.
    #[derive(Deserialize, Serialize)]
    struct Funds {
        #[serde(default)]
        rows: Vec<FundRow>,
    }

    #[derive(Deserialize, Serialize)]
    struct FundRow {
        #[serde(default)]
        role: Value,
        #[serde(default)]
        budget: Value,
        #[serde(default)]
        executed: Value,
    }

    #[derive(Deserialize, Serialize)]
    struct Rate {
        #[serde(default)]
        rate: Value,
    }

    #[derive(Deserialize, Serialize)]
    struct Score {
        #[serde(default)]
        score: Value,
    }

    #[derive(Deserialize, Serialize)]
    struct Code {
        #[serde(default)]
        code: Value,
        #[serde(default)]
        severity: Value,
        #[serde(default)]
        state: Value,
    }
}

/// The settings' current values, by key (`"文号.意见书"` for a nested one), as text.
pub fn settings_values(dir: &Path) -> Vec<(String, String)> {
    // Read as the run reads it: UTF-8, else GB18030 (a file saved by Notepad in ANSI).
    let bytes = std::fs::read(dir.join(SETTINGS)).unwrap_or_default();
    let Some(text) = crate::read::narrative::text::decode(&bytes) else {
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

pub use crate::campaign::settings::{Kind, FIELDS};

/// Saves the form's values into `selfeval.toml` through the settings module (validated,
/// comments kept, written atomically): the same function as every other writer of it.
pub fn update_settings(path: &Path, changes: &[(&str, &str)]) -> Result<()> {
    crate::campaign::settings::update(path, changes)
}

/// The workspace's folders and roster, as its settings name them (the defaults when the
/// settings cannot be read).
pub struct Folders {
    /// 收件箱/.
    pub inbox: PathBuf,
    /// 结果/.
    pub results: PathBuf,
    /// 归档/.
    pub archive: PathBuf,
    /// 单位名单.xlsx.
    pub roster: PathBuf,
}

/// The folders of the workspace `dir`.
pub fn folders(dir: &Path) -> Folders {
    match crate::campaign::settings::load(dir) {
        Ok(l) => Folders {
            inbox: dir.join(&l.names.inbox),
            results: dir.join(&l.names.results),
            archive: dir.join(&l.names.archive),
            roster: dir.join(&l.names.roster),
        },
        Err(_) => Folders {
            inbox: dir.join(INBOX),
            results: dir.join(RESULTS),
            archive: dir.join(ARCHIVE),
            roster: dir.join(ROSTER),
        },
    }
}

/// The file name of a unit's outputs, as the writers make it.
pub fn unit_stem(name: &str) -> String {
    crate::outdir::names::safe_stem(name)
}

/// A unit's current downloads: (label, path) for those that exist; the label is a key of
/// the page's texts.
pub fn unit_downloads(dir: &Path, name: &str) -> Vec<(&'static str, PathBuf)> {
    let stem = unit_stem(name);
    let res = folders(dir).results;
    let cands = [
        ("退回工作簿", res.join("units").join(format!("{stem}.xlsx"))),
        (
            "审核意见书",
            res.join("reports").join(&stem).join("审核意见书.docx"),
        ),
    ];
    cands.into_iter().filter(|(_, p)| p.is_file()).collect()
}

/// A unit's archived downloads, by round: (N, `第{0}轮退回工作簿` …, path); the label is a
/// key of the page's texts, filled with N.
pub fn archived_downloads(dir: &Path, name: &str) -> Vec<(u32, &'static str, PathBuf)> {
    let stem = unit_stem(name);
    let mut out = Vec::new();
    for Round {
        number: n, path, ..
    } in rounds(dir)
    {
        let unit = path.join(&stem);
        let xlsx = unit.join(format!("{stem}.xlsx"));
        let docx = unit.join("审核意见书.docx");
        if xlsx.is_file() {
            out.push((n, "第{0}轮退回工作簿", xlsx));
        }
        if docx.is_file() {
            out.push((n, "第{0}轮审核意见书", docx));
        }
    }
    out
}

/// A round issued, as its folder in the archive says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    /// N.
    pub number: u32,
    /// The date of issue as the folder names it (`2022-04-10`).
    pub date: String,
    /// How many units it was sent to (the unit folders in it).
    pub units: usize,
    /// The round's folder.
    pub path: PathBuf,
}

/// The rounds issued so far, in order: the archive's folders `第N轮（日期）` (a Chinese
/// workspace) or `round-N (date)` (an English one).
pub fn rounds(dir: &Path) -> Vec<Round> {
    let mut out: Vec<Round> = std::fs::read_dir(folders(dir).archive)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (number, date) = round_of(&name)?;
            let units = std::fs::read_dir(e.path())
                .into_iter()
                .flatten()
                .flatten()
                .filter(|u| u.path().is_dir())
                .count();
            Some(Round {
                number,
                date,
                units,
                path: e.path(),
            })
        })
        .collect();
    out.sort_by_key(|r| r.number);
    out
}

/// N and the date of a round's folder name, in either language.
fn round_of(name: &str) -> Option<(u32, String)> {
    let rest = name
        .strip_prefix('第')
        .or_else(|| name.strip_prefix("round-"))?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number = digits.parse().ok()?;
    let date = rest[digits.len()..]
        .trim_matches(|c: char| c == '轮' || c.is_whitespace())
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')'])
        .to_string();
    Some((number, date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_settings_page_reads_a_file_saved_in_gbk() {
        let dir = tempfile::tempdir().unwrap();
        let text = "\"联系人\" = \"刘洋\"\n";
        let (gbk, _, bad) = encoding_rs::GBK.encode(text);
        assert!(!bad);
        std::fs::write(dir.path().join(SETTINGS), &gbk).unwrap();
        let values = settings_values(dir.path());
        assert!(values.iter().any(|(_, v)| v == "刘洋"), "{values:?}");
    }

    #[test]
    fn rounds_are_read_from_either_languages_archive() {
        assert_eq!(
            round_of("第2轮（2022-04-10）"),
            Some((2, "2022-04-10".into()))
        );
        assert_eq!(
            round_of("round-12 (2022-04-10)"),
            Some((12, "2022-04-10".into()))
        );
        assert_eq!(round_of("已修改"), None);
        assert_eq!(round_of("第轮"), None);
        // An English workspace's archive: its round's letters are offered too.
        let tmp = tempfile::tempdir().unwrap();
        let ws = tmp.path();
        let init = crate::campaign::settings::template(2021, None, true);
        std::fs::write(ws.join(SETTINGS), init).unwrap();
        let unit = ws
            .join("archive")
            .join("round-1 (2026-12-07)")
            .join("单位甲");
        std::fs::create_dir_all(&unit).unwrap();
        std::fs::write(unit.join("审核意见书.docx"), b"x").unwrap();
        std::fs::write(unit.join("单位甲.xlsx"), b"x").unwrap();
        let found = archived_downloads(ws, "单位甲");
        let labels: Vec<(u32, &str)> = found.iter().map(|(n, k, _)| (*n, *k)).collect();
        assert_eq!(labels, [(1, "第{0}轮退回工作簿"), (1, "第{0}轮审核意见书")]);
        let r = rounds(ws);
        assert_eq!((r.len(), r[0].number, r[0].units), (1, 1, 1));
        assert_eq!(r[0].date, "2026-12-07");
    }
}
