//! `selfeval run`: process a folder of submissions into the bureau's summary workbooks.

use crate::check::worker::Pool;
use crate::check::{self, CheckedFile, Settings};
use crate::cmd::progress::{Mode, Phase, Progress};
use crate::cmd::{ReadArgs, ReviewArgs};
use crate::diag::Lang;
use crate::read::walk::{self, Input};
use crate::store::{FileSource, Store};
use crate::{outdir, render};
use anyhow::{Context, Result};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Process a folder of submissions into summary workbooks and a findings list.
///
/// Reads every spreadsheet under INBOX (recursively, in parallel), checks and re-scores
/// every table, and writes into OUTDIR:
///
///   summary.xlsx    the bureau's summary: 汇总, 项目明细, 指标明细, 文件清单, 图表
///   findings.xlsx   every problem, one filterable row each, with file, sheet and cell
///   report.json     the same document as `check --format json`, for the whole inbox
///   units/<单位>.xlsx  each unit's return workbook: 审核意见 and its tables, cells marked
///   reports/        each unit's draft 自评报告 and 审核意见书, the bureau's 汇总报告 (.docx)
///
/// The whole set is written beside OUTDIR and switched in at once, so an interrupted run
/// leaves the previous outputs intact. OUTDIR must hold nothing but selfeval's outputs:
/// anything else there (or OUTDIR a mount point or a link) makes the run refuse.
///
/// Examples:
///
///   selfeval run fixtures/inbox -o out
///   selfeval run 收件箱 -o 汇总 --year 2021 --jobs 4
///   selfeval run 收件箱 -o 汇总 --watch
///
/// Exit status: 0 no error findings; 1 error findings or an unreadable file; 2 INBOX
/// does not exist, OUTDIR cannot be written, holds files of yours, or another run is
/// writing to it.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The folder holding the units' workbooks; without `-o`, a workspace (default: the
    /// current folder).
    #[arg(value_name = "INBOX")]
    pub inbox: Option<PathBuf>,
    /// The folder to write the outputs into (created when missing); without it, INBOX is a
    /// workspace (`selfeval init`) and the outputs go to its 结果/.
    #[arg(short = 'o', long = "out", value_name = "OUTDIR")]
    pub out: Option<PathBuf>,
    /// Policy, year and language.
    #[command(flatten)]
    pub review: ReviewArgs,
    /// Per-file limits.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Worker threads for reading (default: one per core; 1–1024).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub jobs: Option<u32>,
    /// Keep running and rebuild the outputs whenever files in INBOX change (Ctrl-C stops).
    #[arg(long)]
    pub watch: bool,
    /// How progress is shown: a bar on a terminal, or `json` lines on stderr (for the page).
    #[arg(long, value_enum, value_name = "MODE", default_value_t = Mode::Bar)]
    pub progress: Mode,
}

/// Runs `run`; messages in `lang` (the global `--lang`).
pub fn run(args: Args, lang: Lang) -> Result<u8> {
    let Some(out) = args.out.clone() else {
        let dir = args.inbox.clone().unwrap_or_else(|| PathBuf::from("."));
        return crate::cmd::workspace::run(&dir, &args, lang);
    };
    let Some(inbox) = args.inbox.clone() else {
        return Err(crate::cmd::usage_error(
            "请给出收件箱文件夹：selfeval run 收件箱 -o 输出文件夹".into(),
            "give the INBOX folder: selfeval run INBOX -o OUTDIR".into(),
        ));
    };
    check_folders(&inbox, &out)?;
    let settings = args.review.settings()?;
    let outdir = outdir::set::open(&out)?;
    // Refused before anything is read: the set could not be switched in whole.
    if let Some(why) = outdir.refusal() {
        return Err(anyhow::Error::new(why));
    }
    let mut runner = Runner::new(inbox, outdir, settings, lang);
    runner.pool = Some(crate::cmd::reader_pool(&args.review, &args.read)?);
    drive(runner, &args)
}

/// Runs a prepared runner once or watching, on `--jobs` threads.
pub fn drive(mut runner: Runner, args: &Args) -> Result<u8> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.jobs {
        builder = builder.num_threads(n as usize);
    }
    let pool = builder.build().context("cannot start worker threads")?;
    runner.progress_json = args.progress == Mode::Json;
    let code = pool.install(|| {
        if args.watch {
            runner.watch()
        } else {
            runner.once()
        }
    });
    if runner.progress_json {
        crate::cmd::progress::json_done(*code.as_ref().unwrap_or(&2));
    }
    code
}

/// The command's own errors about its folders (exit 2, before anything is read): INBOX
/// missing or not a folder, OUTDIR a file, or OUTDIR inside INBOX.
fn check_folders(inbox: &Path, out: &Path) -> Result<()> {
    let usage = crate::cmd::usage_error;
    let (i, o) = (inbox.display(), out.display());
    if !inbox.exists() {
        return Err(usage(
            format!("收件箱文件夹不存在：{i}"),
            format!("INBOX does not exist: {i}"),
        ));
    }
    if !inbox.is_dir() {
        return Err(usage(
            format!("{i} 不是文件夹：请给出存放各单位报表的文件夹（收件箱），而不是单个文件；检查单个文件请用 selfeval check"),
            format!("{i} is not a folder: give the folder holding the units' workbooks (INBOX), not one file; to check one file use selfeval check"),
        ));
    }
    if out.exists() && !out.is_dir() {
        return Err(usage(
            format!("输出文件夹 {o} 是文件，不是文件夹：请给出一个文件夹（不存在时会创建）"),
            format!("OUTDIR {o} is a file, not a folder: give a folder (created when missing)"),
        ));
    }
    if lies_within(out, inbox) {
        return Err(usage(
            format!("输出文件夹 {o} 位于收件箱 {i} 之内：下次运行会把结果当作报送文件读取，请选择收件箱以外的文件夹"),
            format!("OUTDIR {o} lies inside INBOX {i}: the next run would read the outputs as submissions; choose a folder outside it"),
        ));
    }
    let spare = outdir::set::spare_path(out);
    if lies_within(inbox, out) || lies_within(inbox, &spare) {
        return Err(usage(
            format!("收件箱 {i} 位于输出文件夹 {o} 之内（或其备用结果文件夹之内）：写出结果时会移动或覆盖它，请把收件箱放在输出文件夹以外"),
            format!("INBOX {i} lies inside OUTDIR {o} (or its spare set): writing the outputs would move or overwrite it; keep INBOX outside OUTDIR"),
        ));
    }
    Ok(())
}

/// True when `path` is `folder` or lies inside it, following links; a path that does not
/// exist yet is placed by its nearest existing ancestor.
fn lies_within(path: &Path, folder: &Path) -> bool {
    let Ok(folder) = folder.canonicalize() else {
        return false;
    };
    let absolute = lexical(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(p), Some(n)) => {
                rest.push(n.to_os_string());
                existing = p;
            }
            _ => return false,
        }
    }
    let Ok(mut resolved) = existing.canonicalize() else {
        return false;
    };
    resolved.extend(rest.iter().rev());
    resolved.starts_with(&folder)
}

/// The path with `.` and `..` resolved by name (`a/../b` → `b`).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// What is remembered of a file between rebuilds in `--watch`.
struct Cached {
    len: u64,
    mtime: Option<SystemTime>,
    file: CheckedFile,
}

/// One inbox → outdir job; keeps the per-file results between rebuilds.
pub struct Runner {
    inbox: PathBuf,
    out: outdir::set::OutDir,
    settings: Settings,
    lang: Lang,
    cache: HashMap<PathBuf, Cached>,
    watching: bool,
    /// The inbox as the last build saw it (`--watch`).
    seen: Snapshot,
    /// The reader processes; without a pool files are checked in this process.
    pub pool: Option<Pool>,
    /// The campaign's view the outputs show (empty in a plain run).
    pub view: crate::aggregate::campaign::View,
    /// `--progress json`: JSON lines on stderr instead of the bar (for the page).
    pub progress_json: bool,
    /// A workspace's steps around a build (none in a plain run).
    pub hooks: Option<Box<dyn crate::campaign::Hooks + Send>>,
    /// A workspace's kept per-file results (campaign::cache); none in a plain run.
    pub results: Option<Arc<crate::campaign::cache::Results>>,
}

impl Runner {
    /// A runner with an empty cache.
    pub fn new(inbox: PathBuf, out: outdir::set::OutDir, settings: Settings, lang: Lang) -> Self {
        Runner {
            inbox,
            out,
            settings,
            lang,
            cache: HashMap::new(),
            watching: false,
            seen: Snapshot::new(),
            pool: None,
            view: Default::default(),
            progress_json: false,
            hooks: None,
            results: None,
        }
    }

    /// One pass: read what changed, apply the cross-file rules, write every output.
    /// Results stream through a [`Store`]; only `--watch` keeps them in memory between
    /// passes.
    pub fn build(&mut self, progress: bool) -> Result<Store> {
        let lang = self.lang;
        let inputs = walk::walk(std::slice::from_ref(&self.inbox))?;
        if inputs.is_empty() {
            eprintln!("{}", empty_inbox_line(&self.inbox, lang));
        }
        let bar = if self.progress_json {
            Progress::json(lang)
        } else {
            Progress::new(progress, lang)
        };
        bar.reading(inputs.len() as u64);
        let started = Instant::now();
        let cache = std::mem::take(&mut self.cache);
        let mut next = HashMap::new();
        let watching = self.watching;
        let settings = &self.settings;
        let pool = self.pool.as_ref();
        let kept = self.results.as_deref();
        let mut remember = |input: &Input, c: Cached| {
            next.insert(input.path.clone(), c);
        };
        let mut hooks = self.hooks.take();
        let store = crate::cmd::check_into_store_with(
            &inputs,
            settings,
            pool,
            &|input| refresh(input, cache.get(&input.path), settings, (pool, kept), lang),
            |c: &Cached| &c.file,
            // Only `--watch` keeps the full results, to re-read only what changed.
            watching.then_some(&mut remember as &mut dyn FnMut(&Input, Cached)),
            &|| bar.tick(),
            &mut |files| match hooks.as_mut() {
                Some(h) => h.received(files),
                None => Ok(()),
            },
        );
        let mut store = match store {
            Ok(s) => s,
            Err(e) => {
                self.hooks = hooks;
                bar.finish();
                return Err(e);
            }
        };
        if let Some(h) = hooks.as_mut() {
            let view = h.view(store.light_mut());
            self.view = view.inspect_err(|_| bar.finish())?;
        }
        self.hooks = hooks;
        crate::cmd::log_phase(Phase::Read, inputs.len(), started, lang);
        self.cache = next;
        bar.writing();
        let started = Instant::now();
        let written = self.write(&store);
        bar.finish();
        written?;
        crate::cmd::log_phase(Phase::Write, inputs.len(), started, lang);
        Ok(store)
    }

    /// The whole set is written aside and switched in at once (outdir::set).
    /// What the outputs read besides the files, with `view`.
    pub fn run_cx<'a>(&'a self, view: &'a crate::aggregate::campaign::View) -> render::RunCx<'a> {
        render::RunCx::new(&self.inbox, &self.settings, view, self.lang)
    }

    fn write(&mut self, store: &Store) -> Result<()> {
        let stage = self.out.stage()?;
        let (dir, how) = (stage.path(), stage.placement());
        // A workspace takes unchanged units' outputs from its previous set.
        let reuse = self.hooks.as_mut().and_then(|h| h.reuse(dir));
        let mut run = render::RunCx::new(&self.inbox, &self.settings, &self.view, self.lang);
        run.reuse = reuse.as_deref();
        render::write_set(store, &outdir::OutputSet::new(dir, how), &run)?;
        if let Some(h) = self.hooks.as_mut() {
            // A set that cannot go in is not recorded (campaign.md §10: a file held open).
            if let Some(rel) = self.out.held_open() {
                return Err(crate::diag::Message::error(
                    format!("请先关闭 {rel} 再运行：它正被其他程序（如 Excel）打开，结果无法替换。本次检查未记录，上次的结果保持不变。"),
                    format!("close {rel} first and run again: another program (such as Excel) holds it open, so the results cannot be replaced. Nothing was recorded; the previous results are unchanged."),
                ));
            }
            h.commit(store, dir, &self.view)?;
        }
        stage.commit()
    }

    /// A single run.
    pub fn once(&mut self) -> Result<u8> {
        let store = self.build(std::io::stderr().is_terminal())?;
        for line in attention_lines(store.light(), &self.inbox, self.lang) {
            eprintln!("{line}");
        }
        for line in campaign_lines(store.light(), &self.view, self.lang) {
            eprintln!("{line}");
        }
        eprintln!(
            "{}",
            closing_line(store.light(), self.out.path(), self.lang)
        );
        Ok(crate::cmd::exit_status(store.light()))
    }

    /// Builds, then rebuilds whenever INBOX changes, until Ctrl-C.
    pub fn watch(&mut self) -> Result<u8> {
        use notify::{RecursiveMode, Watcher};
        self.watching = true;
        let stop = Arc::new(AtomicBool::new(false));
        let building = Arc::new(AtomicBool::new(false));
        {
            let (stop, building) = (stop.clone(), building.clone());
            // A second handler cannot be set in the same process (tests); then Ctrl-C just ends it.
            let _ = ctrlc::set_handler(move || {
                stop.store(true, Ordering::SeqCst);
                // Ctrl-C during a build ends the process at once (exit 0, cli.md): a
                // build can wait on a reader process for up to its wall deadline, and
                // the set being built is aside — the last complete set stays in place.
                if building.load(Ordering::SeqCst) {
                    std::process::exit(crate::cmd::EXIT_OK.into());
                }
            });
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
            // Reading the inbox (its own rescans included) is not a change.
            if e.is_ok_and(|e| !matches!(e.kind, notify::EventKind::Access(_))) {
                let _ = tx.send(true);
            }
        })
        .context("cannot watch INBOX")?;
        watcher
            .watch(&self.inbox, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", self.inbox.display()))?;
        building.store(true, Ordering::SeqCst);
        self.report_build();
        building.store(false, Ordering::SeqCst);
        eprintln!("{}", watching_line(&self.inbox, self.lang));
        let mut identity = folder_identity(&self.inbox);
        while !stop.load(Ordering::SeqCst) {
            let event = rx.recv_timeout(Duration::from_millis(200));
            let recreated = rewatch(&mut watcher, &self.inbox, &mut identity);
            match event {
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) if !recreated => continue,
                _ => {}
            }
            // Let a copy in progress finish: wait for quiet, then for stable sizes.
            settle(&rx, &self.inbox, &stop);
            if stop.load(Ordering::SeqCst) {
                break;
            }
            // Only a change of the files themselves rebuilds the outputs.
            let now = snapshot(&self.inbox);
            if now == self.seen && !recreated {
                continue;
            }
            eprintln!("{}", changed_line(&self.seen, &now, self.lang));
            building.store(true, Ordering::SeqCst);
            self.report_build();
            building.store(false, Ordering::SeqCst);
        }
        // Ctrl-C stops watching cleanly: exit 0 whatever the last build found (cli.md).
        Ok(crate::cmd::EXIT_OK)
    }

    fn report_build(&mut self) -> u8 {
        self.seen = snapshot(&self.inbox);
        match self.build(false) {
            Ok(store) => {
                eprintln!(
                    "{}",
                    closing_line(store.light(), self.out.path(), self.lang)
                );
                crate::cmd::exit_status(store.light())
            }
            Err(e) => {
                eprintln!("{}", crate::cmd::error_text(&e, self.lang));
                crate::cmd::EXIT_USAGE
            }
        }
    }
}

/// An inbox deleted and made again is another folder: the watch on the old one sees
/// nothing of it, so it is watched anew; true when that happened (the outputs are then
/// rebuilt).
fn rewatch(
    watcher: &mut impl notify::Watcher,
    inbox: &Path,
    identity: &mut Option<(u64, u64)>,
) -> bool {
    let now = folder_identity(inbox);
    let recreated = now.is_some() && now != *identity;
    if recreated {
        let _ = watcher.unwatch(inbox);
        if let Err(e) = watcher.watch(inbox, notify::RecursiveMode::Recursive) {
            tracing::warn!("cannot watch {}: {e}", inbox.display());
        }
    }
    *identity = now;
    recreated
}

/// What tells one folder from another made at the same path (device and inode on
/// Unix); `None` while nothing is there.
fn folder_identity(p: &Path) -> Option<(u64, u64)> {
    let m = std::fs::metadata(p).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        Some((0, u64::from(m.is_dir())))
    }
}

/// How long the inbox must be quiet before a rebuild.
pub const SETTLE_QUIET: Duration = Duration::from_millis(700);

fn settle(rx: &std::sync::mpsc::Receiver<bool>, inbox: &Path, stop: &AtomicBool) {
    loop {
        // Drain events until the folder has been quiet for SETTLE_QUIET.
        while rx.recv_timeout(SETTLE_QUIET).is_ok() {
            if stop.load(Ordering::SeqCst) {
                return;
            }
        }
        let a = snapshot(inbox);
        std::thread::sleep(Duration::from_millis(300));
        if snapshot(inbox) == a || stop.load(Ordering::SeqCst) {
            return;
        }
    }
}

/// Every entry of the inbox with its size and modification time.
type Snapshot = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// What changed between two snapshots, as the watching user reads it.
fn changed_line(before: &Snapshot, now: &Snapshot, lang: Lang) -> String {
    let old: HashMap<&PathBuf, _> = before.iter().map(|(p, l, t)| (p, (l, t))).collect();
    let new: HashMap<&PathBuf, _> = now.iter().map(|(p, l, t)| (p, (l, t))).collect();
    let added = new.keys().filter(|p| !old.contains_key(*p)).count();
    let removed = old.keys().filter(|p| !new.contains_key(*p)).count();
    let changed = new
        .iter()
        .filter(|(p, v)| old.get(*p).is_some_and(|o| o != *v))
        .count();
    match lang {
        Lang::Zh => format!(
            "检测到文件变化：新增 {added} 个、修改 {changed} 个、删除 {removed} 个，正在重新汇总…"
        ),
        Lang::En => format!(
            "files changed: {added} added, {changed} modified, {removed} removed; rebuilding…"
        ),
    }
}

fn snapshot(inbox: &Path) -> Snapshot {
    walk::walk(&[inbox.to_path_buf()])
        .unwrap_or_default()
        .into_iter()
        .map(|i| {
            let m = std::fs::metadata(&i.path).ok();
            (
                i.path,
                m.as_ref().map(|m| m.len()).unwrap_or(0),
                m.and_then(|m| m.modified().ok()),
            )
        })
        .collect()
}

/// Re-reads an input unless the cache still holds it. Same size and time, or same content
/// hash, counts as unchanged.
fn refresh(
    input: &Input,
    cached: Option<&Cached>,
    settings: &Settings,
    (pool, kept): (Option<&Pool>, Option<&crate::campaign::cache::Results>),
    lang: Lang,
) -> Cached {
    let meta = std::fs::metadata(&input.path).ok();
    let len = meta.as_ref().map(|m| m.len()).unwrap_or(0);
    let mtime = meta.and_then(|m| m.modified().ok());
    if let Some(c) = cached {
        if c.len == len && c.mtime == mtime && mtime.is_some() {
            return Cached {
                len,
                mtime,
                file: c.file.clone(),
            };
        }
    }
    if let Some(reason) = input.skip {
        return Cached {
            len,
            mtime,
            file: check::skipped(&input.path, reason),
        };
    }
    // A file seen before whose content is unchanged keeps its result.
    if let Some(c) = cached.filter(|c| c.file.hash.is_some()) {
        if let Ok(bytes) = crate::decode::load::read_input(&input.path) {
            if c.file.hash == Some(*blake3::hash(&bytes).as_bytes()) {
                let file = c.file.clone();
                return Cached { len, mtime, file };
            }
        }
    }
    let file = crate::cmd::logged(input, lang, || match (kept, pool) {
        (Some(k), _) => k.check(input, pool, settings),
        (None, Some(pool)) => pool.check(input),
        (None, None) => check::check_input(input, settings),
    });
    Cached { len, mtime, file }
}

fn closing_line(files: &[CheckedFile], out: &Path, lang: Lang) -> String {
    let counts = check::summarize(files).describe(lang, false);
    match lang {
        Lang::Zh => format!("已处理 {counts}。结果已写入 {}", out.display()),
        Lang::En => format!("{counts}. Outputs written to {}", out.display()),
    }
}

/// How many names a closing line lists before it counts the rest.
const NAMES_SHOWN: usize = 10;

/// Names joined, the first [`NAMES_SHOWN`] of them, then the count of the rest.
fn name_list(v: &[String], lang: Lang) -> String {
    let mut s = v
        .iter()
        .take(NAMES_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(match lang {
            Lang::Zh => "、",
            Lang::En => ", ",
        });
    if v.len() > NAMES_SHOWN {
        let rest = v.len() - NAMES_SHOWN;
        s.push_str(&match lang {
            Lang::Zh => format!(" 等（另 {rest} 个）"),
            Lang::En => format!(" and {rest} more"),
        });
    }
    s
}

/// The lines before the counts: the units whose tables hold errors, and the files that
/// could not be read (the unit must send them again).
fn attention_lines(files: &[CheckedFile], inbox: &Path, lang: Lang) -> Vec<String> {
    let with_errors: Vec<String> = crate::aggregate::units(files)
        .iter()
        .filter(|u| {
            !u.tables.is_empty() && crate::aggregate::unit_figures(files, u).counts.errors > 0
        })
        .map(|u| u.name.clone())
        .collect();
    let resend: Vec<String> = files
        .iter()
        .filter(|f| f.status == check::FileStatus::Unreadable && f.standing.counts())
        .map(|f| {
            f.path
                .strip_prefix(inbox)
                .unwrap_or(&f.path)
                .display()
                .to_string()
        })
        .collect();
    let mut out = Vec::new();
    if !with_errors.is_empty() {
        let (n, names) = (with_errors.len(), name_list(&with_errors, lang));
        out.push(match lang {
            Lang::Zh => format!("有错误的单位（{n} 个）：{names}"),
            Lang::En => format!("units with errors ({n}): {names}"),
        });
    }
    if !resend.is_empty() {
        let (n, names) = (resend.len(), name_list(&resend, lang));
        out.push(match lang {
            Lang::Zh => format!("无法读取、需要重新报送的文件（{n} 个）：{names}"),
            Lang::En => {
                format!("files that could not be read and must be sent again ({n}): {names}")
            }
        });
    }
    out
}

/// A workspace's lines after those (campaign.md §5): how many of the problems its last
/// rounds sent are fixed, and the roster's units of which nothing was received — as 汇总
/// and `status` count them.
fn campaign_lines(
    files: &[CheckedFile],
    view: &crate::aggregate::campaign::View,
    lang: Lang,
) -> Vec<String> {
    let mut out = Vec::new();
    if view.round.is_some() {
        let n = view.fixed.len();
        out.push(match lang {
            Lang::Zh => format!("已发出的审核意见指出的问题，已改正 {n} 个（见问题清单的“已改正”工作表）"),
            Lang::En => format!("problems sent in the rounds issued and now fixed: {n} (findings.xlsx, sheet 已改正)"),
        });
    }
    if view.roster.is_empty() {
        return out;
    }
    let units = crate::aggregate::units(files);
    let records = crate::aggregate::records(files, &units, view);
    let of = |keep: &dyn Fn(&crate::aggregate::UnitRecord) -> bool| -> Vec<String> {
        records
            .iter()
            .filter(|r| keep(r))
            .map(|r| r.name.clone())
            .collect()
    };
    let silent = of(&|r| r.campaign.status == crate::aggregate::UnitStatus::NotReceived);
    // A unit the roster does not name is often a roster unit under another name (its
    // roster row then says 未报送): said here, where the officer reads the run, with how to
    // join the two.
    let strangers = of(&|r| !r.campaign.in_roster);
    if !strangers.is_empty() {
        let (n, names) = (strangers.len(), name_list(&strangers, lang));
        out.push(match lang {
            Lang::Zh => format!("不在单位名单中的单位（{n} 个）：{names}（如是名单中某单位的另一名称，请填入单位名单的“别名”列）"),
            Lang::En => format!("units not in the roster ({n}): {names} (if one is a roster unit under another name, add it to the roster's 别名 column)"),
        });
    }
    if !silent.is_empty() {
        let (n, names) = (silent.len(), name_list(&silent, lang));
        out.push(match lang {
            Lang::Zh => format!("未报送的单位（{n} 个）：{names}"),
            Lang::En => format!("roster units that sent nothing ({n}): {names}"),
        });
    }
    out
}

fn empty_inbox_line(inbox: &Path, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("警告：收件箱 {} 中没有任何文件", inbox.display()),
        Lang::En => format!("warning: INBOX {} holds no file", inbox.display()),
    }
}

fn watching_line(inbox: &Path, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "正在监视 {}，文件变化时自动重新汇总（Ctrl-C 退出）",
            inbox.display()
        ),
        Lang::En => format!(
            "watching {}; outputs are rebuilt on change (Ctrl-C stops)",
            inbox.display()
        ),
    }
}
