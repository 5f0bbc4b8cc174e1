//! `selfeval run [DIR]` on a workspace (campaign.md): the plain run's pipeline with the
//! workspace's settings, roster, received times and history around it.

use crate::campaign::cache::Results;
use crate::campaign::history::History;
use crate::campaign::{roster, warning_line, Campaign, Workspace};
use crate::check::worker::Pool;
use crate::check::Settings;
use crate::cmd::run::{Args, Runner};
use crate::diag::{en_count, Lang, Message};
use anyhow::Result;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// The pipeline's settings of a workspace; `--year` and `--policy` override the file's.
/// The declarations of 申报表/ are read in the reader processes of `pool`, each file once
/// ([`Results`] keeps what was read).
pub fn settings(
    ws: &Workspace,
    args: &crate::cmd::ReviewArgs,
    pool: &Pool,
    results: &Results,
    history: &History,
) -> Result<Settings> {
    let policy = match args.policy.as_ref().or(ws.settings.policy.as_ref()) {
        Some(p) => crate::score::Policy::load(p)?,
        None => crate::score::Policy::default(),
    };
    Ok(Settings {
        policy,
        year: Some(args.year.unwrap_or(ws.settings.year)),
        office: ws.settings.office.clone(),
        declarations: declarations(ws, args, pool, results, history),
        pinned: Vec::new(),
        reports_replace: true,
    })
}

/// The policy and year a workspace run reviews with: the command line's, else the
/// settings' (`评分规则`, `年度`). The reader processes score the tables, so they must be
/// started with these, not with the command line's alone.
fn effective_review(ws: &Workspace, args: &crate::cmd::ReviewArgs) -> crate::cmd::ReviewArgs {
    crate::cmd::ReviewArgs {
        policy: args.policy.clone().or_else(|| ws.settings.policy.clone()),
        year: Some(args.year.unwrap_or(ws.settings.year)),
    }
}

/// What the reader processes are started with besides the limits: part of every kept
/// result's key. The policy's path is not (its content is, in the settings fingerprint):
/// the workspace named from another folder names its policy file otherwise.
fn worker_args(args: &crate::cmd::ReviewArgs) -> String {
    format!("{}|{:?}", args.policy.is_some(), args.year)
}

/// The approved declarations of the workspace's 申报表/ folder (templates.md §8), read in
/// the reader processes under the same limits as the inbox's files, each content once:
/// their results are kept in the history under a fingerprint of their own (a declaration
/// depends on no other setting).
fn declarations(
    ws: &Workspace,
    args: &crate::cmd::ReviewArgs,
    pool: &Pool,
    results: &Results,
    history: &History,
) -> Vec<crate::check::approved::RunDeclaration> {
    let dir = &ws.settings.names.declarations;
    let Ok(inputs) = crate::read::walk::walk(std::slice::from_ref(dir)) else {
        return Vec::new();
    };
    let plain = Settings::default();
    let fp = format!("declarations|{}", worker_args(args));
    let mut files: Vec<crate::check::CheckedFile> = inputs
        .par_iter()
        .map(|i| {
            let f = results.check_as(i, Some(pool), &plain, &fp);
            results.declared(&f);
            f
        })
        .collect();
    // templates.md §8: a declaration received later in the workspace is the later one, the
    // one that counts among a project's; a file not yet in the history arrives in this run.
    // The walk's name order settles a tie (files received in one run).
    let first_run = |f: &crate::check::CheckedFile| {
        let h = f.hash.as_ref().map(crate::campaign::view::hex)?;
        history.first_seen(&h).ok().flatten().map(|(run, _)| run)
    };
    files.sort_by_cached_key(|f| first_run(f).unwrap_or(i64::MAX));
    crate::check::approved::declarations_in(&files)
}

/// The runner of a workspace run, with its campaign hooks; the lock it holds. `say` prints
/// the settings' and the roster's warnings and the run's own lines (a command that runs
/// twice says them once).
pub fn runner(
    ws: &Workspace,
    args: &Args,
    lang: Lang,
    say: bool,
) -> Result<(Runner, std::fs::File)> {
    let lock = ws.lock()?;
    let says = ws.lang(lang);
    let history = History::open(&ws.db())?;
    crate::campaign::archive::finish_staged(ws, &history)?;
    let roster = roster::read(&ws.settings.names.roster)?;
    let warnings = ws.settings.warnings.iter().chain(&roster.warnings);
    for w in warnings.filter(|_| say) {
        eprintln!("{}", warning_line(w, says));
    }
    let review = effective_review(ws, &args.review);
    let pool = crate::cmd::reader_pool(&review, &args.read)?;
    let mut results = Results::open(&ws.db())?;
    let mut settings = settings(ws, &review, &pool, &results, &history)?;
    // The officer's pins, by the paths the run gives the inbox's files.
    let inbox = &ws.settings.names.inbox;
    settings.pinned = history
        .pins()?
        .into_iter()
        .map(|(p, _, _)| inbox.join(p))
        .collect();
    results.fingerprint = crate::campaign::cache::fingerprint(&settings, &worker_args(&review));
    let results = Arc::new(results);
    let names = &ws.settings.names;
    std::fs::create_dir_all(&names.inbox)?;
    let (at, _) = crate::campaign::now();
    let options = options(args, lang, &history)?;
    let campaign = Campaign {
        fingerprint: crate::campaign::fingerprint(ws, &options),
        run: history.next_run()?,
        history,
        roster,
        at,
        inbox: names.inbox.clone(),
        results: names.results.clone(),
        year: settings.year.unwrap_or(ws.settings.year),
        policy: settings.policy.name.clone(),
        previous: ws.settings.previous.clone(),
        kept: Some(results.clone()),
        outputs: None,
        lang: says,
        quiet: !say,
    };
    let outdir = crate::outdir::set::open(&names.results)?;
    let mut r = Runner::new(names.inbox.clone(), outdir, settings, says);
    r.pool = Some(pool);
    r.hooks = Some(Box::new(campaign));
    r.results = Some(results);
    Ok((r, lock))
}

/// `selfeval run DIR` on a workspace.
pub fn run(dir: &Path, args: &Args, lang: Lang) -> Result<u8> {
    // A plain folder is told both ways (campaign.md §1): -o for a one-off run, or init.
    let plain = || {
        let d = dir.display();
        Message::new(
            format!("{d} 不是 selfeval 工作区（其中没有 selfeval.toml）。如只想检查一次，请加上 -o 输出文件夹；如要把它建成工作区，请运行 selfeval init {d}。"),
            format!("{d} is not a selfeval workspace: give -o OUTDIR for a one-off run, or make it one with selfeval init {d}"),
        )
    };
    if let Some(why) = crate::campaign::not_a_workspace(dir, "run", plain) {
        return Err(crate::cmd::usage_error(why.zh, why.en));
    }
    let ws = Workspace::open(dir, "run")?;
    if let Some(line) = misplaced(&ws, ws.lang(lang)) {
        eprintln!("{line}");
    }
    let (runner, _lock) = runner(&ws, args, lang, true)?;
    if !args.watch {
        // The runner's history (one whole-file check per run, awaited before answering).
        let history = runner.hooks.as_ref().and_then(|h| h.history());
        if let Some(history) = history {
            if let Some(code) = unchanged(&ws, args, lang, history)? {
                return Ok(code);
            }
        }
    }
    crate::cmd::run::drive(runner, args)
}

/// The units' files put in the workspace's folder itself rather than its inbox (the
/// roster aside): never read, so named — else a correction saved there is silently missed.
fn misplaced(ws: &Workspace, lang: Lang) -> Option<String> {
    let names = &ws.settings.names;
    let mut found: Vec<String> = std::fs::read_dir(&ws.root)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && *p != names.roster)
        .filter(|p| crate::read::walk::classify_file(p).is_none())
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    if found.is_empty() {
        return None;
    }
    found.sort();
    found.truncate(10);
    let (zh, en) = (found.join("、"), found.join(", "));
    let inbox = names.inbox.display();
    let said = Message::new(
        format!("警告：工作区文件夹中有文件不在收件箱中，不会被检查：{zh}。各单位报送的文件请放进 {inbox}"),
        format!("warning: files in the workspace's folder, not in its inbox, are not checked: {en}. Put the units' files in {inbox}"),
    );
    Some(said.get(lang).to_string())
}

/// A re-run with nothing new (the same fingerprint as the last run, and the outputs as that
/// run wrote them) writes nothing: it says so and exits as the last run did.
fn unchanged(ws: &Workspace, args: &Args, lang: Lang, history: &History) -> Result<Option<u8>> {
    let Some((last, counts, exit)) = history.last_fingerprint()? else {
        return Ok(None);
    };
    let options = options(args, lang, history)?;
    if last != crate::campaign::fingerprint(ws, &options) || outputs_changed(ws, history)? {
        return Ok(None);
    }
    // Nothing is written, but a history damaged inside is said now, not at the next change.
    history.ensure_sound()?;
    // So is last year's workspace that cannot be read: the run that said so is not repeated.
    let lang_ws = ws.lang(lang);
    if let Some(w) = ws
        .settings
        .previous
        .as_deref()
        .and_then(crate::campaign::previous::warning)
    {
        eprintln!("{}", crate::campaign::warning_line(&w, lang_ws));
    }
    let [files, tables, errors, warnings] = counts;
    let at = ws.settings.names.results.display();
    match ws.lang(lang) {
        Lang::Zh => eprintln!(
            "收件箱和设置自上次检查以来没有变化，结果未重写（{files} 个文件、{tables} 张表：{errors} 个错误，{warnings} 个警告）。结果在 {at}"
        ),
        Lang::En => eprintln!(
            "nothing changed in the inbox or the settings since the last run; the results were not rewritten ({}, {}: {}, {}). They are in {at}",
            en_count(files, "file"),
            en_count(tables, "table"),
            en_count(errors, "error"),
            en_count(warnings, "warning")
        ),
    }
    Ok(Some(exit))
}

/// The run's options, the officer's pins and the last round, as the fingerprint reads
/// them: a pin or a round issued since changes what the outputs say.
fn options(args: &Args, lang: Lang, history: &History) -> Result<String> {
    let pins = history.pins()?;
    let round = history.last_round()?.map(|r| r.0);
    let (policy, year) = (&args.review.policy, args.review.year);
    Ok(format!("{policy:?}|{year:?}|{lang:?}|{pins:?}|{round:?}"))
}

/// Whether an output of the last run is missing or no longer what that run wrote.
fn outputs_changed(ws: &Workspace, history: &History) -> Result<bool> {
    let results = &ws.settings.names.results;
    let outputs = history.outputs()?;
    if outputs.is_empty() {
        return Ok(true);
    }
    for (rel, hash) in outputs {
        // Read back and hashed: blake3 reads a set of thousands of outputs in well under a
        // second, a tenth of what writing them costs.
        if crate::campaign::file_hash(&results.join(&rel)).as_deref() != Some(hash.as_str()) {
            return Ok(true);
        }
    }
    Ok(false)
}
