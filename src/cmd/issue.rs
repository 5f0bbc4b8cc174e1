//! `selfeval issue [DIR]`: sends a round of opinions (campaign.md §5): runs the workspace,
//! chooses the units to answer, numbers their letters, archives each unit's letter and
//! return workbook under `归档/第N轮（日期）/{单位}/` (written once, never changed), and records
//! the round with every finding sent.

use crate::aggregate::campaign::{Letter, View};
use crate::aggregate::{self, UnitRecord, UnitStatus};
use crate::campaign::history::{History, RoundUnit};
use crate::campaign::{cannot, view::kept_findings, Workspace};
use crate::check::CheckedFile;
use crate::cmd::progress::Mode;
use crate::diag::{en_count, Explain, Lang};
use crate::model::text::org_key;
use crate::store::FileSource;
use anyhow::Result;
use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Send a round of opinions: archive each unit's letter and return workbook.
///
/// Runs the workspace first, then, for each unit whose counting tables have an error or a
/// warning and that has not been answered since it last sent something (or each unit
/// named by --units), numbers its 审核意见书 from the settings' 文号 template and archives
/// it with the unit's return workbook in 归档/第N轮（日期）/. The archive is never changed
/// afterwards. The results are then brought up to date with the round (statuses 已退回,
/// the letters' numbers); the next run shows what each unit corrected.
///
/// Examples:
///
///   selfeval issue
///   selfeval issue 2021年度绩效自评 --units 永登县卫生健康局
///   selfeval issue --format json
///
/// Exit status: 0 sent, or nothing to send (said so); 2 not a workspace, or another
/// selfeval is using it.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The workspace (default: the current folder).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Only these units (names separated by commas).
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub units: Vec<String>,
    /// `text` or `json`.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
    /// How progress is shown: a bar on a terminal, or `json` lines on stderr (for the page).
    #[arg(long, value_enum, value_name = "MODE", default_value_t = Mode::Bar)]
    pub progress: Mode,
}

/// Whether a unit is sent a letter in this round. A named unit of which nothing was
/// received has no letter or return workbook to send ([`unanswerable`] says so).
fn chosen(r: &UnitRecord, named: &[String]) -> bool {
    if !named.is_empty() {
        let received = r.campaign.status != UnitStatus::NotReceived;
        return received && named.iter().any(|n| org_key(n) == org_key(&r.name));
    }
    let open = matches!(
        r.campaign.status,
        UnitStatus::Pending | UnitStatus::Resubmitted(_)
    );
    open && r.counts.total() > 0
}

/// Runs `issue`.
pub fn run(mut args: Args, lang: Lang) -> Result<u8> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let ws = Workspace::open(&dir, "issue")?;
    let says = ws.lang(lang);
    // A unit named as its files or the roster's aliases name it is the roster's unit.
    if !args.units.is_empty() {
        let roster = crate::campaign::roster::read(&ws.settings.names.roster)?;
        for n in &mut args.units {
            if let Some(u) = roster.find(n) {
                n.clone_from(&u.name);
            }
        }
    }
    let run_args = crate::cmd::run::Args {
        inbox: Some(dir.clone()),
        out: None,
        review: Default::default(),
        read: Default::default(),
        jobs: None,
        watch: false,
        progress: args.progress,
    };
    let round = {
        let (mut runner, _lock) = crate::cmd::workspace::runner(&ws, &run_args, lang, true)?;
        let store = build(&mut runner, &run_args)?;
        match send_round(&args, &ws, &runner, &store, says)? {
            Some(round) => round,
            None => return nothing(&args, says),
        }
    };
    // The results then show the round (statuses 已退回, the letters' numbers), as the page
    // shows them after its 发出审核意见: an officer who opens summary.xlsx or the page next
    // sees what was sent, not the statuses from before it.
    if let Err(e) = refresh(&ws, &run_args, lang) {
        eprintln!("{}", crate::cmd::error_text(&e, says));
        eprintln!("{}", not_refreshed(round.number, says));
    }
    report(&args, round.number, &round.folder, &round.units, says)
}

/// A round sent: its number, its archive folder and its units.
struct Round {
    number: u32,
    folder: PathBuf,
    units: Vec<RoundUnit>,
}

/// Chooses the units, archives their letters and return workbooks and records the round;
/// `None` when no unit is to be sent anything.
fn send_round(
    args: &Args,
    ws: &Workspace,
    runner: &crate::cmd::run::Runner,
    store: &crate::store::Store,
    lang: Lang,
) -> Result<Option<Round>> {
    let files = store.light();
    let units = aggregate::units(files);
    let records = aggregate::records(files, &units, &runner.view);
    let send: Vec<&UnitRecord> = records.iter().filter(|r| chosen(r, &args.units)).collect();
    for line in unanswerable(&args.units, &records, lang) {
        eprintln!("{line}");
    }
    if send.is_empty() {
        return Ok(None);
    }
    let mut history = History::open(&ws.db())?;
    let number = history.last_round()?.map_or(1, |r| r.0 + 1);
    let (_, today) = crate::campaign::now();
    let date = format!("{:04}-{:02}-{:02}", today.0, today.1, today.2);
    let mut view = runner.view.clone();
    let mut round_units = Vec::new();
    let mut seq = history.last_seq()?;
    let mut sent = sent_by_unit(files, &runner.view, ws);
    for r in order(&send, ws)? {
        seq += 1;
        let letter = letter(ws, number, seq, today);
        round_units.push(RoundUnit {
            name: r.name.clone(),
            number: letter.number.clone(),
            seq: Some(seq),
            deadline: letter
                .deadline
                .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            errors: r.counts.errors,
            findings: sent.remove(&org_key(&r.name)).unwrap_or_default(),
        });
        view.letters.insert(org_key(&r.name), letter);
    }
    let (staging, folder) = crate::campaign::archive::round_folders(ws, number, &date);
    let _ = std::fs::remove_dir_all(&staging);
    write_round(store, runner, &view, &round_units, &staging)?;
    let last_run = history.last_run()?.map_or(0, |r| r.0);
    history.record_round(number, &date, last_run, &round_units)?;
    history.checkpoint()?;
    std::fs::rename(&staging, &folder).explain(|| cannot("写入", "write", &folder))?;
    Ok(Some(Round {
        number,
        folder,
        units: round_units,
    }))
}

/// Runs the workspace again, quietly, so that its results show the round just recorded.
fn refresh(ws: &Workspace, run_args: &crate::cmd::run::Args, lang: Lang) -> Result<()> {
    let (mut runner, _lock) = crate::cmd::workspace::runner(ws, run_args, lang, false)?;
    build(&mut runner, run_args).map(drop)
}

/// One run of the workspace, its progress shown as `run` shows it (cli.md: a long run
/// shows a bar on a terminal; the page reads the JSON lines).
fn build(
    runner: &mut crate::cmd::run::Runner,
    run_args: &crate::cmd::run::Args,
) -> Result<crate::store::Store> {
    runner.progress_json = run_args.progress == Mode::Json;
    runner.build(std::io::stderr().is_terminal())
}

/// The round went out, but the results could not be brought up to date (said after the
/// cause).
fn not_refreshed(number: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第{number}轮审核意见已发出并存档，但结果文件夹未能更新：请运行 selfeval run 更新结果。"),
        Lang::En => format!("round {number} was sent and archived, but the results could not be updated: run selfeval run to update them."),
    }
}
/// The units in roster order, then by name.
fn order<'a>(send: &[&'a UnitRecord], ws: &Workspace) -> Result<Vec<&'a UnitRecord>> {
    let roster = crate::campaign::roster::read(&ws.settings.names.roster)?;
    let places = roster.places();
    let rank = |r: &UnitRecord| {
        let at = places.get(&org_key(&r.name)).copied();
        (at.unwrap_or(usize::MAX), r.name.clone())
    };
    let mut v = send.to_vec();
    v.sort_by_key(|r| rank(r));
    Ok(v)
}

/// The letter of a unit: its number from the template, its deadline.
fn letter(ws: &Workspace, round: u32, seq: i64, today: (i32, u32, u32)) -> Letter {
    let office = &ws.settings.office;
    let number = office.letter_number.as_ref().map(|t| {
        t.replace("{年}", &today.0.to_string())
            .replace("{序号}", &seq.to_string())
    });
    let deadline = office.deadline_days.map(|d| add_days(today, d));
    Letter {
        number,
        deadline,
        round: Some(round),
    }
}

/// A civil date plus some days.
fn add_days(date: (i32, u32, u32), days: u32) -> (i32, u32, u32) {
    let date = crate::model::date::Date::from(date);
    date.plus_days(i64::from(days)).ymd()
}

/// The findings each unit is sent, by unit key: its counting errors and warnings. Built
/// once for the round: taken per unit from the whole run's list, the round cost time and
/// memory in the square of the units (each unit's list kept the whole list's capacity:
/// 1.3 GB at 2,000 units).
fn sent_by_unit(
    files: &[CheckedFile],
    view: &View,
    ws: &Workspace,
) -> HashMap<String, Vec<crate::campaign::history::KeptFinding>> {
    let inbox = &ws.settings.names.inbox;
    let rel = |p: &Path| {
        p.strip_prefix(inbox)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut by_unit: HashMap<String, Vec<_>> = HashMap::new();
    for x in kept_findings(files, view, rel) {
        if x.state != "superseded" && x.severity != "info" {
            by_unit.entry(org_key(&x.unit)).or_default().push(x);
        }
    }
    by_unit
}

/// Writes the round's folder aside: each unit's letter and return workbook, generated
/// afresh with the letters' numbers (never copied from an edited file in 结果/).
fn write_round(
    store: &crate::store::Store,
    runner: &crate::cmd::run::Runner,
    view: &View,
    units: &[RoundUnit],
    staging: &Path,
) -> Result<()> {
    let tmp = staging.join(".生成");
    std::fs::create_dir_all(&tmp).explain(|| cannot("写入", "write", &tmp))?;
    let run = runner.run_cx(view);
    let set = crate::outdir::OutputSet::new(&tmp, crate::outdir::atomic::Placement::Atomic);
    // Only the units sent: the rest of a run's set (summary, worklist, the others' books
    // and letters) is not archived. Their names are their names among the units sent.
    let keys: HashSet<String> = units.iter().map(|u| org_key(&u.name)).collect();
    let mut sent = aggregate::units(store.light());
    sent.retain(|u| keys.contains(&org_key(&u.name)));
    crate::render::write_unit_outputs(store, &set, &run, &sent)?;
    let all = aggregate::units_to_answer(store.light(), &sent);
    let stems = crate::outdir::names::unique_stems(all.iter().map(|u| u.name.as_str()));
    let mut at: HashMap<String, usize> = HashMap::new();
    for (i, a) in all.iter().enumerate() {
        at.entry(org_key(&a.name)).or_insert(i);
    }
    for u in units {
        let Some(&i) = at.get(&org_key(&u.name)) else {
            continue;
        };
        let stem = &stems[i];
        let dst = staging.join(stem);
        std::fs::create_dir_all(&dst)?;
        let letter = tmp.join("reports").join(stem).join("审核意见书.docx");
        let book = tmp.join("units").join(format!("{stem}.xlsx"));
        std::fs::copy(&letter, dst.join("审核意见书.docx"))
            .explain(|| cannot("归档", "archive", &letter))?;
        std::fs::copy(&book, dst.join(format!("{stem}.xlsx")))
            .explain(|| cannot("归档", "archive", &book))?;
    }
    std::fs::remove_dir_all(&tmp)?;
    Ok(())
}

/// What `--units` named that is sent nothing: a unit of which nothing was received, a
/// name that is no unit of the roster or the files (mistyped).
fn unanswerable(named: &[String], records: &[UnitRecord], lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for n in named.iter().filter(|n| !n.trim().is_empty()) {
        let known = records.iter().find(|r| org_key(&r.name) == org_key(n));
        let line = match (known, lang) {
            (Some(r), _) if r.campaign.status != UnitStatus::NotReceived => continue,
            (Some(_), Lang::Zh) => format!("{n} 尚未报送任何材料，没有可发出的审核意见。"),
            (Some(_), Lang::En) => {
                format!("{n} has sent nothing yet: there are no opinions to send it.")
            }
            (None, Lang::Zh) => {
                format!("没有名为 {n} 的单位（单位名单和收到的文件中都没有），请检查名称。")
            }
            (None, Lang::En) => {
                format!("no unit is named {n} (neither the roster nor the files): check the name.")
            }
        };
        out.push(line);
    }
    out
}

fn nothing(args: &Args, lang: Lang) -> Result<u8> {
    if args.format == "json" {
        println!(
            "{}",
            serde_json::json!({"round": null, "units": [], "letters": []})
        );
    } else {
        match lang {
            Lang::Zh => eprintln!("没有需要发出审核意见的单位（各单位或已通过，或已退回且尚未重新报送），未生成新的一轮。"),
            Lang::En => eprintln!("no unit needs opinions (each has passed, or was returned and has not resubmitted yet); no new round was made."),
        }
    }
    Ok(super::EXIT_OK)
}

fn report(args: &Args, number: u32, folder: &Path, units: &[RoundUnit], lang: Lang) -> Result<u8> {
    if args.format == "json" {
        let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
        let letters: Vec<_> = units
            .iter()
            .map(
                |u| serde_json::json!({"unit": u.name, "number": u.number, "deadline": u.deadline}),
            )
            .collect();
        println!(
            "{}",
            serde_json::json!({"round": number, "folder": folder.display().to_string(), "units": names, "letters": letters})
        );
        return Ok(super::EXIT_OK);
    }
    let (n, f) = (units.len(), folder.display());
    match lang {
        Lang::Zh => eprintln!("已发出第{number}轮审核意见，共 {n} 个单位，存档于 {f}："),
        Lang::En => eprintln!(
            "round {number} of opinions sent to {}, archived in {f}:",
            en_count(n, "unit")
        ),
    }
    let (unnumbered, due) = match lang {
        Lang::Zh => ("（未设文号模板）", "期限"),
        Lang::En => ("(no number template set)", "due"),
    };
    for u in units {
        let no = u.number.as_deref().unwrap_or(unnumbered);
        let deadline = u.deadline.as_deref().map(|d| format!("{due} {d}"));
        eprintln!("  {}  {no}  {}", u.name, deadline.unwrap_or_default());
    }
    Ok(super::EXIT_OK)
}
