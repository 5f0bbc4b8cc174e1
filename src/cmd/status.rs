//! `selfeval status [DIR]`: the roster with each unit's status, from the history (runs
//! nothing).

use crate::aggregate::UnitStatus;
use crate::campaign::{history::History, Workspace};
use crate::diag::Lang;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Show each unit's status: 未报送, 待审核, 已退回, 已重新报送, 通过.
///
/// Reads the workspace's history (the last run and the rounds) and prints the roster with
/// each unit's status, counts and the date of its last file, as a table or as JSON. Runs
/// nothing: run `selfeval run` first to see new files.
///
/// Examples:
///
///   selfeval status
///   selfeval status 2021年度绩效自评 --format json
///
/// Exit status: 0 printed; 2 not a workspace.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The workspace (default: the current folder).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// `text` (a table) or `json` (`selfeval/status/1`).
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
}

/// The status document: `{"schema": "selfeval/status/1", "year", "round", "units"}`.
pub fn document(ws: &Workspace) -> anyhow::Result<Value> {
    let history = History::open(&ws.db())?;
    // Read only, and at once: the whole-file check is awaited before anything is shown.
    history.ensure_sound()?;
    let mut units: Vec<Value> = match history.last_run()? {
        Some((run, _)) => history
            .run_units(run)?
            .iter()
            .filter_map(|s| serde_json::from_str(s).ok())
            .collect(),
        None => Vec::new(),
    };
    // A round issued after the last run answered its units: they are 已退回 now.
    if let Some((last, _)) = history.last_run()? {
        let rounds = history.units_last_round()?;
        for u in units.iter_mut() {
            let key = crate::model::text::org_key(u["name"].as_str().unwrap_or(""));
            let open = matches!(u["status"].as_str(), Some("pending" | "resubmitted"));
            if let Some((_, n, run, _)) = rounds.iter().find(|r| r.0 == key) {
                if open && *run >= last {
                    u["status"] = "returned".into();
                    u["round"] = (*n).into();
                }
            }
        }
    }
    Ok(serde_json::json!({
        "schema": "selfeval/status/1",
        "year": ws.settings.year,
        "round": history.last_round()?.map(|r| r.0),
        "last_run": history.last_run()?.map(|r| r.1),
        "units": units,
    }))
}

/// A unit's status as its JSON states it, shown in the language.
fn shown_status(u: &Value, lang: Lang) -> String {
    let round = u32::try_from(u["round"].as_u64().unwrap_or(0)).unwrap_or(0);
    let status = match u["status"].as_str().unwrap_or("") {
        "not-received" => UnitStatus::NotReceived,
        "passed" => UnitStatus::Passed,
        "resubmitted" => UnitStatus::Resubmitted(round),
        "returned" => UnitStatus::Returned(round),
        _ => UnitStatus::Pending,
    };
    status.name(lang)
}

/// Runs `status`.
pub fn run(args: Args, lang: Lang) -> anyhow::Result<u8> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let ws = Workspace::open(&dir, "status")?;
    let lang = ws.lang(lang);
    let doc = document(&ws)?;
    if args.format == "json" {
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(super::EXIT_OK);
    }
    let units = doc["units"].as_array().cloned().unwrap_or_default();
    if units.is_empty() {
        print_not_checked(&dir, lang);
        return Ok(super::EXIT_OK);
    }
    print_table(&units, lang);
    if let Some(r) = doc["round"].as_u64() {
        match lang {
            Lang::Zh => println!("已发出审核意见 {r} 轮。"),
            Lang::En => println!("{r} round(s) of opinions sent."),
        }
    }
    Ok(super::EXIT_OK)
}

/// A workspace whose history has no unit yet: what to do first.
fn print_not_checked(dir: &Path, lang: Lang) {
    let d = dir.display();
    match lang {
        Lang::Zh => println!("还没有检查过：把文件放进收件箱后运行 selfeval run {d}"),
        Lang::En => {
            println!("not checked yet: put the files in the inbox, then run selfeval run {d}")
        }
    }
}

/// The units as a table: a header line, then one line per unit.
fn print_table(units: &[Value], lang: Lang) {
    let width = units
        .iter()
        .map(|u| crate::xlsx::style::text_width(u["name"].as_str().unwrap_or("")))
        .max()
        .unwrap_or(4)
        .clamp(4, 40);
    let heads = match lang {
        Lang::Zh => [
            "单位",
            "状态",
            "表数  错误  警告  已改正  仍存在  新出现  最后报送",
        ],
        Lang::En => [
            "Unit",
            "Status",
            "tbls  errs  warn   fixed  remain     new  last received",
        ],
    };
    println!(
        "{}  {}  {}",
        pad(heads[0], width),
        pad(heads[1], 14),
        heads[2]
    );
    for u in units {
        let n = |k: &str| u[k].as_u64().unwrap_or(0);
        println!(
            "{}  {}  {:>4}  {:>4}  {:>4}  {:>6}  {:>6}  {:>6}  {}",
            pad(u["name"].as_str().unwrap_or(""), width),
            pad(&shown_status(u, lang), 14),
            n("tables"),
            n("errors"),
            n("warnings"),
            n("fixed"),
            n("remaining"),
            n("new"),
            u["last_received"].as_str().unwrap_or("—"),
        );
    }
}

/// `s` padded with spaces to `w` display columns (CJK characters count two).
fn pad(s: &str, w: usize) -> String {
    let n = crate::xlsx::style::text_width(s);
    format!("{s}{}", " ".repeat(w.saturating_sub(n)))
}
