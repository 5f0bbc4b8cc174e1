//! The workspace (campaign.md): a folder that remembers a bureau's spring — its settings
//! (`selfeval.toml`), the roster (`单位名单.xlsx`), what the units sent (`收件箱/`), the current
//! outputs (`结果/`), every round as it was sent (`归档/`) and the history (`selfeval.db`).
//! `run`, `issue`, `status` and `pin` on a workspace go through here; the plain
//! `run INBOX -o OUTDIR` knows nothing of it.

pub mod archive;
pub mod cache;
pub mod history;
pub mod previous;
pub mod reuse;
pub mod roster;
pub mod settings;
mod share;
pub mod view;

pub use view::Campaign;

use crate::diag::{Explain, Lang, Message};
use anyhow::Result;
use std::path::{Path, PathBuf};

/// What a workspace adds to a build (campaign.md): received times before the cross-file
/// rules, its own findings and view after them, and recording the run in its history
/// after the outputs are written and before they are switched in.
pub trait Hooks {
    /// Before the cross-file rules: set each file's received time.
    fn received(&mut self, files: &mut [crate::check::CheckedFile]) -> Result<()>;
    /// After them: the workspace's own findings (the roster) and the view.
    fn view(
        &mut self,
        files: &mut [crate::check::CheckedFile],
    ) -> Result<crate::aggregate::campaign::View>;
    /// The outputs are about to be written in `dir`: where unchanged units' outputs come
    /// from (`write::reuse`).
    fn reuse(&mut self, _dir: &Path) -> Option<std::sync::Arc<dyn crate::render::reuse::Reuse>> {
        None
    }
    /// The workspace's history, open for the whole run (its whole-file check running
    /// beside the reading): also what `run DIR` reads to tell that nothing changed.
    fn history(&self) -> Option<&history::History> {
        None
    }
    /// The outputs are written in `dir`: record the run; the set is switched in after.
    fn commit(
        &mut self,
        source: &dyn crate::store::FileSource,
        dir: &Path,
        view: &crate::aggregate::campaign::View,
    ) -> Result<()>;
}

/// An open workspace.
pub struct Workspace {
    /// Its folder.
    pub root: PathBuf,
    /// Its settings.
    pub settings: settings::Loaded,
}

/// A file's content hash (hex), read in blocks: the outputs compared at each run include a
/// report.json of a hundred megabytes, which need not be held whole to be hashed.
pub fn file_hash(path: &Path) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut h = blake3::Hasher::new();
    h.update_reader(file).ok()?;
    Some(h.finalize().to_hex().to_string())
}

/// A warning as the terminal shows it: `警告：…`, `warning: …`.
pub fn warning_line(w: &Message, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("警告：{}", w.zh),
        Lang::En => format!("warning: {}", w.en),
    }
}

/// `无法{zh} PATH` / `cannot {en} PATH`: what could not be done to a path of the workspace.
pub(crate) fn cannot(zh: &str, en: &str, path: &Path) -> Message {
    let p = path.display();
    Message::new(format!("无法{zh} {p}"), format!("cannot {en} {p}"))
}

/// An error of a workspace made in English (`init --lang en`): said in English whatever
/// `--lang` says, as everything else the workspace says.
#[derive(Debug)]
pub struct English(pub Message);

impl std::fmt::Display for English {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.en)
    }
}

impl std::error::Error for English {}

/// A settings error in the workspace's language: the settings that would name it are what
/// failed to load, so the file's `语言` line is looked for in its text.
fn in_its_language(e: anyhow::Error, dir: &Path) -> anyhow::Error {
    let text = std::fs::read_to_string(dir.join(settings::FILE)).unwrap_or_default();
    let english = text.lines().any(|l| {
        let l: String = l.chars().filter(|c| !c.is_whitespace()).collect();
        l.starts_with("\"语言\"=\"en\"") || l.starts_with("语言=\"en\"")
    });
    match e.downcast_ref::<Message>() {
        Some(m) if english => anyhow::Error::new(English(m.clone())),
        _ => e,
    }
}

/// Whether a folder is a workspace (holds `selfeval.toml`).
pub fn is_workspace(dir: &Path) -> bool {
    dir.join(settings::FILE).is_file()
}

/// Why `dir` is not a workspace, for `selfeval {command} DIR`, when it is not: a folder that
/// does not exist (a mistyped name, not to be made a workspace), a folder inside a
/// workspace (its inbox: the workspace is what to name), or another folder (`plain`: it
/// can be made one). `None` for a workspace.
pub fn not_a_workspace(
    dir: &Path,
    command: &str,
    plain: impl FnOnce() -> Message,
) -> Option<Message> {
    if is_workspace(dir) {
        return None;
    }
    let d = dir.display();
    if !dir.is_dir() {
        return Some(Message::new(
            format!("文件夹 {d} 不存在，请检查名称和路径。"),
            format!("the folder {d} does not exist; check its name and path."),
        ));
    }
    let inside = dir.ancestors().skip(1).find(|a| is_workspace(a));
    if let Some(ws) = inside {
        let w = if ws.as_os_str().is_empty() {
            Path::new(".")
        } else {
            ws
        }
        .display();
        return Some(Message::new(
            format!("{d} 在工作区 {w} 之内，不是工作区本身。请运行 selfeval {command} {w}"),
            format!("{d} lies inside the workspace {w} and is not one itself: run selfeval {command} {w}"),
        ));
    }
    Some(plain())
}

impl Workspace {
    /// Opens the workspace in `dir` for `selfeval {command}`; a folder that is not one is an
    /// error saying what to do.
    pub fn open(dir: &Path, command: &str) -> Result<Workspace> {
        let plain = || {
            let d = dir.display();
            Message::new(
                format!("{d} 不是 selfeval 工作区（其中没有 selfeval.toml）。可以用 selfeval init {d} 把它建成工作区；如只想检查一次，请用 selfeval run 收件箱 -o 输出文件夹。"),
                format!("{d} is not a selfeval workspace (it holds no selfeval.toml). Make it one with selfeval init {d}; to check once, use selfeval run INBOX -o OUTDIR."),
            )
        };
        if let Some(why) = not_a_workspace(dir, command, plain) {
            return Err(Message::error(why.zh, why.en));
        }
        let mut settings = settings::load(dir).map_err(|e| in_its_language(e, dir))?;
        // Said with the settings' warnings, by every command that reads them.
        settings.warnings.extend(share::warning(dir));
        Ok(Workspace {
            root: dir.to_path_buf(),
            settings,
        })
    }

    /// The language of what a command on this workspace says and writes: English when the
    /// workspace was made with `init --lang en`, else the command's `--lang`.
    pub fn lang(&self, flag: Lang) -> Lang {
        if self.settings.english {
            Lang::En
        } else {
            flag
        }
    }

    /// The history's path.
    pub fn db(&self) -> PathBuf {
        self.root.join(history::FILE)
    }

    /// Waits up to 10 s for another run on this workspace to end, then holds the
    /// workspace until the returned lock is dropped (campaign.md §10: two runs at once).
    pub fn lock(&self) -> Result<std::fs::File> {
        let path = self.root.join(".selfeval.lock");
        let f = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .explain(|| {
                let d = self.root.display();
                Message::new(
                    format!("无法写入工作区 {d}"),
                    format!("cannot write to the workspace {d}"),
                )
            })?;
        let start = std::time::Instant::now();
        loop {
            match f.try_lock() {
                Ok(()) => return Ok(f),
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed().as_secs() < 10 => {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
                Err(_) => {
                    let d = self.root.display();
                    return Err(Message::error(
                        format!("工作区 {d} 正由另一个 selfeval 使用（已等待 10 秒）；请等它结束后再运行。"),
                        format!("the workspace {d} is in use by another selfeval (waited 10 seconds); run again when it has finished."),
                    ));
                }
            }
        }
    }
}

/// `selfeval init`: creates what is missing and never overwrites a file that exists.
/// Returns the paths it created.
pub fn init(dir: &Path, year: i32, bureau: Option<&str>, english: bool) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).explain(|| cannot("建立文件夹", "create the folder", dir))?;
    let mut made = Vec::new();
    let toml = dir.join(settings::FILE);
    if !toml.exists() {
        std::fs::write(&toml, settings::template(year, bureau, english))
            .explain(|| cannot("写入", "write", &toml))?;
        made.push(toml);
    }
    let loaded = settings::load(dir)?;
    let n = &loaded.names;
    for folder in [&n.inbox, &n.results, &n.archive, &n.declarations] {
        if !folder.exists() {
            std::fs::create_dir_all(folder).explain(|| cannot("建立", "create", folder))?;
            made.push(folder.clone());
        }
    }
    if !n.roster.exists() {
        roster::write_template(&n.roster)?;
        made.push(n.roster.clone());
    }
    let db = dir.join(history::FILE);
    if !db.exists() {
        history::History::open(&db)?;
        made.push(db);
    }
    Ok(made)
}

/// The local date and time now (`SOURCE_DATE_EPOCH` fixes it), as `YYYY-MM-DD HH:MM:SS`
/// in UTC+8, the bureaus' time.
pub fn now() -> (String, (i32, u32, u32)) {
    use crate::model::date::{bureau_day, clock, run_epoch, BUREAU_OFFSET};
    let epoch = run_epoch();
    let d = bureau_day(epoch);
    let epoch = epoch.saturating_add(BUREAU_OFFSET);
    let (y, m, d) = d.ymd();
    (format!("{y:04}-{m:02}-{d:02} {}", clock(epoch)), (y, m, d))
}

/// What a workspace run reads, as one hash: the inbox's listing (path, size, modification
/// time), the settings, the roster, the approved declarations' listing, the options that
/// change the review, and the program's build ([`cache::VERSION`]). Two runs with the same
/// fingerprint have the same inputs: the second has nothing new to do (campaign.md §8: a
/// re-run with nothing new writes nothing).
pub fn fingerprint(ws: &Workspace, options: &str) -> String {
    let mut h = blake3::Hasher::new();
    h.update(cache::VERSION.as_bytes());
    h.update(options.as_bytes());
    let n = &ws.settings.names;
    for file in [ws.root.join(settings::FILE), n.roster.clone()] {
        h.update(&std::fs::read(&file).unwrap_or_default());
        h.update(b"\0");
    }
    for dir in [&n.inbox, &n.declarations] {
        for e in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let meta = e.metadata().ok();
            let len = meta.as_ref().map_or(0, |m| m.len());
            let when = meta
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            // Relative to the folder: the workspace named from another folder is the same.
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            h.update(rel.as_os_str().as_encoded_bytes());
            h.update(format!("|{len}|{when}\n").as_bytes());
        }
    }
    previous_fingerprint(ws, &mut h);
    h.finalize().to_hex().to_string()
}

/// The previous year's history as the fingerprint reads it (size and modification time of
/// `selfeval.db` and its WAL): a run there changes what this year's outputs compare with.
fn previous_fingerprint(ws: &Workspace, h: &mut blake3::Hasher) {
    let Some(folder) = &ws.settings.previous else {
        return;
    };
    // The folder's path is not hashed: `上年工作区` is in the settings' text, hashed
    // already, and the path as joined depends on the folder the command was run from.
    for name in [history::FILE, "selfeval.db-wal"] {
        let meta = std::fs::metadata(folder.join(name)).ok();
        let len = meta.as_ref().map_or(0, |m| m.len());
        let when = meta
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        h.update(format!("|{name}|{len}|{when}\n").as_bytes());
    }
}
