//! The queue of commands the page starts and their progress. One command at a time (the
//! page says so): each is this same binary started with the command's arguments
//! (workspace.rs), its `--progress json` lines read from stderr into the state, and the
//! state pushed to every open page as server-sent events.

use super::text::Tr;
use super::{pages, workspace, App};
use axum::extract::{Form, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::sync::{mpsc, watch};

/// A command the page runs.
#[derive(Debug, Clone)]
pub enum Job {
    /// `run`: check the inbox and write the results.
    Run,
    /// `issue`: send a round (to the named units, or to every unit due one).
    Issue(Vec<String>),
    /// `pin`: make a file the counting copy (or remove the pin).
    Pin(PathBuf, bool),
    /// `init`: make a folder a workspace (with English names when true) for the year
    /// given (or last year), then serve it.
    Init(PathBuf, bool, Option<i32>),
}

impl Job {
    /// What the page calls it, by name: each page shows it in its own language (app.js,
    /// `job.run` … in text::SCRIPT).
    fn label(&self) -> &'static str {
        match self {
            Job::Run => "run",
            Job::Issue(_) => "issue",
            Job::Pin(..) => "pin",
            Job::Init(..) => "init",
        }
    }
}

/// What the page shows of the queue (sent as JSON in each event).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// A command is running.
    pub busy: bool,
    /// What is running (`run`, `issue`, `pin`, `init`).
    pub what: String,
    /// Where it is (the fields sit beside the others in the JSON).
    #[serde(flatten)]
    pub progress: Progress,
    /// What waits its turn.
    pub queued: Vec<String>,
    /// How the last command ended.
    pub last: Option<Outcome>,
    /// Counts finished commands: a page reloads when it changes.
    pub finished: u64,
    /// What the last `发出审核意见` did, shown until another command than the run after it
    /// starts: the officer is told the round made, or that there was nothing to send.
    pub issued: Option<Issued>,
}

/// What an issue did, from `issue --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issued {
    /// The round made, or `None` when no unit had anything to send.
    pub round: Option<u64>,
    /// The units it was sent to.
    pub units: usize,
}

impl Issued {
    /// What `issue --format json` printed (`{"letters":[…],"round":N|null,"units":[…]}`).
    /// Any other line (a run's closing lines) is passed over.
    fn of_output(out: &str) -> Option<Issued> {
        out.lines().find_map(|line| {
            let v = serde_json::from_str::<serde_json::Value>(line).ok()?;
            Some(Issued {
                round: v.get("round")?.as_u64(),
                units: v.get("units")?.as_array()?.len(),
            })
        })
    }
}

/// Where the running command is: its last `--progress json` line, and the time left
/// estimated from it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Progress {
    /// `read`, `write` or empty.
    pub phase: String,
    /// Files read so far.
    pub done: u64,
    /// Total files to read.
    pub total: u64,
    /// Seconds left, estimated from the pace so far (while reading).
    pub eta: Option<u64>,
}

impl Progress {
    /// What a `--progress json` line says, the time left estimated from the pace since
    /// `started`; `None` for any other line.
    fn of_line(line: &str, started: Instant) -> Option<Progress> {
        let v = serde_json::from_str::<serde_json::Value>(line).ok()?;
        let phase = v.get("phase").and_then(|p| p.as_str())?;
        let done = v.get("done").and_then(|d| d.as_u64()).unwrap_or(0);
        let total = v.get("total").and_then(|d| d.as_u64()).unwrap_or(0);
        let eta = (phase == "read" && done > 0).then(|| {
            let per = started.elapsed().as_secs_f64() / done as f64;
            (per * total.saturating_sub(done) as f64).round() as u64
        });
        Some(Progress {
            phase: phase.to_string(),
            done,
            total,
            eta,
        })
    }
}

/// How a command ended.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// What it was.
    pub what: String,
    /// It ran to the end (exit 0 or 1: a run with error findings still ran).
    pub ok: bool,
    /// Its closing lines, for the page.
    pub message: String,
    /// The warnings among them (`警告：…`, `warning: …`: a 上年工作区 that cannot be read, a
    /// key the settings do not know): shown after "done", or only a terminal saw them.
    pub warnings: Vec<String>,
}

/// The warning lines of a command's closing lines, known by the prefix the commands give
/// them in either language (`campaign::warning_line`).
fn warnings_of(message: &str) -> Vec<String> {
    let blank = crate::diag::Message::default();
    let prefixes = [crate::diag::Lang::Zh, crate::diag::Lang::En]
        .map(|lang| crate::campaign::warning_line(&blank, lang));
    let lines = message.lines().map(str::trim);
    let warned = lines.filter(|l| prefixes.iter().any(|p| l.starts_with(p.as_str())));
    warned.map(str::to_string).collect()
}

/// The queue: commands go in, one worker runs them in order.
pub struct Jobs {
    tx: mpsc::UnboundedSender<Job>,
    /// The state every page watches.
    pub state: Arc<watch::Sender<Status>>,
    stop: watch::Sender<bool>,
}

impl Jobs {
    /// Starts the worker over the served folder (inside the runtime).
    pub fn start(dir: Arc<RwLock<PathBuf>>) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        let state = Arc::new(watch::Sender::new(Status::default()));
        tokio::spawn(worker(rx, state.clone(), dir));
        Jobs {
            tx,
            state,
            stop: watch::Sender::new(false),
        }
    }

    /// Queues a command; a run already waiting is not queued twice.
    pub fn push(&self, job: Job) {
        let label = job.label().to_string();
        let mut dup = false;
        self.state.send_modify(|s| {
            dup = matches!(job, Job::Run) && s.queued.iter().any(|q| q == "run");
            if !dup {
                s.queued.push(label);
            }
        });
        if !dup {
            let _ = self.tx.send(job);
        }
    }

    /// Ends the open event streams (the server is stopping).
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }
}

async fn worker(
    mut rx: mpsc::UnboundedReceiver<Job>,
    state: Arc<watch::Sender<Status>>,
    dir: Arc<RwLock<PathBuf>>,
) {
    while let Some(job) = rx.recv().await {
        state.send_modify(|s| {
            if !s.queued.is_empty() {
                s.queued.remove(0);
            }
            *s = Status {
                busy: true,
                what: job.label().into(),
                queued: std::mem::take(&mut s.queued),
                last: s.last.take(),
                finished: s.finished,
                // What an issue did stays on the bar until the next job starts.
                issued: None,
                ..Status::default()
            };
        });
        let here = dir.read().map(|d| d.clone()).unwrap_or_default();
        let outcome = execute(&job, &here, &state).await;
        if let (Job::Init(target, ..), true) = (&job, outcome.ok) {
            if let Ok(mut d) = dir.write() {
                *d = target.clone();
            }
        }
        state.send_modify(|s| {
            s.busy = false;
            s.progress.phase.clear();
            s.progress.eta = None;
            if matches!(job, Job::Issue(_)) && outcome.ok {
                s.issued = Issued::of_output(&outcome.message);
            }
            s.last = Some(outcome);
            s.finished += 1;
        });
    }
}

/// Runs one command to its end, feeding its progress lines into the state.
async fn execute(job: &Job, dir: &Path, state: &watch::Sender<Status>) -> Outcome {
    let args = match job {
        Job::Run => workspace::args::run(dir),
        Job::Issue(units) => workspace::args::issue(dir, units),
        Job::Pin(file, remove) => workspace::args::pin(dir, file, *remove),
        Job::Init(target, english, year) => workspace::args::init(target, *english, *year),
    };
    let what = job.label().to_string();
    match spawn(&args, state).await {
        Ok((code, message)) => Outcome {
            what,
            ok: code == Some(0) || code == Some(1),
            warnings: warnings_of(&message),
            message,
        },
        Err(e) => Outcome {
            what,
            ok: false,
            message: e.to_string(),
            warnings: Vec::new(),
        },
    }
}

/// Starts this binary with `args`; returns its exit code and what it said (its stdout, and
/// the lines of stderr that are not progress).
async fn spawn(
    args: &[std::ffi::OsString],
    state: &watch::Sender<Status>,
) -> std::io::Result<(Option<i32>, String)> {
    let exe = std::env::current_exe()?;
    let mut child = tokio::process::Command::new(exe)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let mut stdout = child.stdout.take();
    let out_task = tokio::spawn(async move {
        let mut s = String::new();
        if let Some(o) = stdout.as_mut() {
            let _ = o.read_to_string(&mut s).await;
        }
        s
    });
    let mut said: VecDeque<String> = VecDeque::new();
    if let Some(err) = child.stderr.take() {
        let mut lines = BufReader::new(err).lines();
        let started = Instant::now();
        while let Ok(Some(line)) = lines.next_line().await {
            if !progress_line(&line, started, state) && !line.trim().is_empty() {
                said.push_back(line);
                if said.len() > 20 {
                    said.pop_front();
                }
            }
        }
    }
    let status = child.wait().await?;
    let out = out_task.await.unwrap_or_default();
    let mut message = out.trim().to_string();
    for l in said {
        if !message.is_empty() {
            message.push('\n');
        }
        message.push_str(&l);
    }
    Ok((status.code(), message))
}

/// Takes one `--progress json` line into the state; false for any other line.
fn progress_line(line: &str, started: Instant, state: &watch::Sender<Status>) -> bool {
    let Some(p) = Progress::of_line(line, started) else {
        return false;
    };
    state.send_modify(|s| s.progress = p);
    true
}

/// The progress stream: the state now, then at each change (at most about three a second).
pub async fn events(State(app): State<Arc<App>>) -> Response {
    let rx = app.jobs.state.subscribe();
    let stop = app.jobs.stop.subscribe();
    let stream =
        futures_util::stream::unfold((rx, stop, true), |(mut rx, mut stop, first)| async move {
            if !first {
                tokio::select! {
                    r = rx.changed() => r.ok()?,
                    _ = stop.changed() => return None,
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            if *stop.borrow() {
                return None;
            }
            let json = serde_json::to_string(&*rx.borrow_and_update()).unwrap_or_default();
            Some((
                Ok::<_, Infallible>(Event::default().data(json)),
                (rx, stop, false),
            ))
        });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// `重新检查`.
pub async fn run_now(State(app): State<Arc<App>>) -> Response {
    app.jobs.push(Job::Run);
    Redirect::to("/").into_response()
}

/// The form of `发出审核意见`: optionally the units, one per field `unit`.
#[derive(Debug, serde::Deserialize)]
pub struct IssueForm {
    #[serde(default)]
    unit: Vec<String>,
}

/// `发出审核意见` (after the page's confirmation).
pub async fn issue(State(app): State<Arc<App>>, Form(f): Form<Vec<(String, String)>>) -> Response {
    let form = IssueForm {
        unit: f
            .into_iter()
            .filter(|(k, _)| k == "unit")
            .map(|(_, v)| v)
            .collect(),
    };
    // `issue` itself brings the results up to date with the round (statuses 已退回, the
    // letters' numbers), as it does from the terminal.
    app.jobs.push(Job::Issue(form.unit));
    Redirect::to("/").into_response()
}

/// `以此为准`: the file by its path as report.json gave it, which must lie in the inbox.
pub async fn pin(
    State(app): State<Arc<App>>,
    tr: Tr,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let dir = app.dir();
    let Some(file) = get("file").and_then(|p| inside_inbox(&dir, Path::new(&p))) else {
        return pages::error(
            tr,
            axum::http::StatusCode::BAD_REQUEST,
            "这个文件不在收件箱中。",
        );
    };
    let remove = get("remove").is_some();
    app.jobs.push(Job::Pin(file, remove));
    app.jobs.push(Job::Run);
    let back = get("unit")
        .map(|u| pages::unit_href(&u))
        .unwrap_or_else(|| "/".into());
    Redirect::to(&back).into_response()
}

/// The file when it lies inside the served inbox (links followed), else `None`.
fn inside_inbox(dir: &Path, file: &Path) -> Option<PathBuf> {
    let inbox = workspace::folders(dir).inbox.canonicalize().ok()?;
    let f = dir.join(file).canonicalize().ok()?;
    (f.starts_with(&inbox) && f.is_file()).then_some(f)
}

/// `在此文件夹建立工作区` (the button `where=here`), or in the folder typed into the field
/// `path`, for the year in `year` (blank: last year, as `init` without `--year`); asked
/// from a page in English, the workspace gets English names (`init --lang en`).
pub async fn init(
    State(app): State<Arc<App>>,
    tr: Tr,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let get = |k: &str| {
        let v = f.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim());
        v.filter(|v| !v.is_empty()).map(str::to_string)
    };
    let here = get("where").as_deref() == Some("here");
    let target = match get("path").filter(|_| !here) {
        Some(p) => PathBuf::from(p),
        None => app.dir(),
    };
    let bad = axum::http::StatusCode::BAD_REQUEST;
    if !target.is_absolute() {
        return pages::error(tr, bad, "请填写文件夹的完整路径（如 D:\\绩效自评\\2021）。");
    }
    let year = match get("year").map(|y| y.parse::<i32>()) {
        None => None,
        Some(Ok(y)) if (2000..=2100).contains(&y) => Some(y),
        Some(_) => return pages::error(tr, bad, "年度应为 2000 到 2100 之间的年份，如 2021。"),
    };
    let english = tr.0 == crate::diag::Lang::En;
    app.jobs.push(Job::Init(target, english, year));
    Redirect::to("/").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_progress_line_fills_the_status_whose_json_keeps_its_keys_in_order() {
        let started = Instant::now();
        assert!(Progress::of_line("已读取 3 个文件", started).is_none());
        assert!(
            Progress::of_line("{\"done\":3}", started).is_none(),
            "no phase"
        );
        let p = Progress::of_line("{\"phase\":\"read\",\"done\":3,\"total\":11}", started);
        let p = p.expect("a progress line");
        assert_eq!((p.phase.as_str(), p.done, p.total), ("read", 3, 11));
        assert!(p.eta.is_some(), "reading: the time left is estimated");
        let w = Progress::of_line("{\"phase\":\"write\"}", started).expect("a line");
        assert_eq!((w.done, w.total, w.eta), (0, 0, None));
        let s = Status {
            busy: true,
            what: "run".into(),
            progress: Progress { eta: Some(4), ..p },
            ..Status::default()
        };
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            "{\"busy\":true,\"what\":\"run\",\"phase\":\"read\",\"done\":3,\"total\":11,\
             \"eta\":4,\"queued\":[],\"last\":null,\"finished\":0,\"issued\":null}"
        );
    }

    #[test]
    fn what_an_issue_did_is_read_from_its_json() {
        let made =
            "已读取 3 个文件\n{\"letters\":[\"a\",\"b\"],\"round\":2,\"units\":[\"甲\",\"乙\"]}\n";
        assert_eq!(
            Issued::of_output(made),
            Some(Issued {
                round: Some(2),
                units: 2
            })
        );
        let none = "{\"letters\":[],\"round\":null,\"units\":[]}";
        assert_eq!(
            Issued::of_output(none),
            Some(Issued {
                round: None,
                units: 0
            })
        );
        assert_eq!(Issued::of_output("没有需要发出审核意见的单位"), None);
    }
}
