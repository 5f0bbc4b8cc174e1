//! `selfeval run [DIR]` on a workspace (campaign.md): the plain run's pipeline with the
//! workspace's settings, roster, received times and history around it.

use crate::campaign::history::History;
use crate::campaign::{roster, Campaign, Workspace};
use crate::check::Settings;
use crate::cmd::run::{Args, Runner};
use crate::diag::Lang;
use anyhow::Result;
use std::path::Path;

/// The pipeline's settings of a workspace; `--year` and `--policy` override the file's.
pub fn settings(ws: &Workspace, args: &crate::cmd::ReviewArgs) -> Result<Settings> {
    let policy = match args.policy.as_ref().or(ws.settings.policy.as_ref()) {
        Some(p) => crate::score::Policy::load(p)?,
        None => crate::score::Policy::default(),
    };
    Ok(Settings {
        policy,
        year: Some(args.year.unwrap_or(ws.settings.year)),
        office: ws.settings.office.clone(),
        declarations: declarations(ws),
    })
}

/// The approved declarations of the workspace's 申报表/ folder (templates.md §8), read in
/// this process (they are the bureau's own files, few and small).
fn declarations(ws: &Workspace) -> Vec<crate::check::approved::RunDeclaration> {
    let dir = &ws.settings.names.declarations;
    let Ok(inputs) = crate::read::walk::walk(std::slice::from_ref(dir)) else {
        return Vec::new();
    };
    let settings = Settings::default();
    let files: Vec<crate::check::CheckedFile> = inputs
        .iter()
        .map(|i| crate::check::check_input(i, &settings))
        .collect();
    crate::check::approved::declarations_in(&files)
}

/// The runner of a workspace run, with its campaign hooks; the lock it holds.
pub fn runner(ws: &Workspace, args: &Args, lang: Lang) -> Result<(Runner, std::fs::File)> {
    let lock = ws.lock()?;
    for w in &ws.settings.warnings {
        eprintln!("警告：{w}");
    }
    let history = History::open(&ws.db())?;
    let roster = roster::read(&ws.settings.names.roster)?;
    for w in &roster.warnings {
        eprintln!("警告：{w}");
    }
    let settings = settings(ws, &args.review)?;
    let names = &ws.settings.names;
    std::fs::create_dir_all(&names.inbox)?;
    let (at, _) = crate::campaign::now();
    let campaign = Campaign {
        run: history.next_run()?,
        history,
        roster,
        at,
        inbox: names.inbox.clone(),
        results: names.results.clone(),
        year: settings.year.unwrap_or(ws.settings.year),
        policy: settings.policy.name.clone(),
    };
    let outdir = crate::write::outset::open(&names.results)?;
    let lang = if ws.settings.english { Lang::En } else { lang };
    let mut r = Runner::new(names.inbox.clone(), outdir, settings, lang);
    r.pool = Some(crate::cmd::reader_pool(&args.review, &args.read)?);
    r.hooks = Some(Box::new(campaign));
    Ok((r, lock))
}

/// `selfeval run DIR` on a workspace.
pub fn run(dir: &Path, args: &Args, lang: Lang) -> Result<u8> {
    let ws = Workspace::open(dir).map_err(|e| {
        crate::cmd::usage_error(
            format!("{e}"),
            format!(
                "{} is not a selfeval workspace: give -o OUTDIR for a one-off run, or make it one with selfeval init",
                dir.display()
            ),
        )
    })?;
    let (runner, _lock) = runner(&ws, args, lang)?;
    crate::cmd::run::drive(runner, args)
}
