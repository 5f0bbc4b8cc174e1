//! `selfeval pin [DIR] FILE`: the officer chooses which copy counts (campaign.md §4).

use crate::campaign::{history::History, Workspace};
use crate::diag::{Lang, Message};
use std::path::PathBuf;

/// Make FILE's tables the copies that count (以此为准), or remove that pin.
///
/// FILE is a file in the workspace's inbox. Its tables count instead of other copies of the
/// same tables until a newer file of the same unit arrives or the pin is removed. The next
/// `run` shows the effect.
///
/// Examples:
///
///   selfeval pin 收件箱/永登县卫生健康局.xlsx
///   selfeval pin 2021年度绩效自评 收件箱/永登县卫生健康局.xlsx --remove
///
/// Exit status: 0 done; 2 not a workspace or FILE not in its inbox.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The workspace (default: the current folder), then the file; or just the file.
    #[arg(value_name = "DIR FILE", num_args = 1..=2, required = true)]
    pub paths: Vec<PathBuf>,
    /// Remove the pin instead.
    #[arg(long)]
    pub remove: bool,
}

/// Runs `pin`.
pub fn run(args: Args, lang: Lang) -> anyhow::Result<u8> {
    let (dir, file) = match args.paths.as_slice() {
        [f] => (PathBuf::from("."), f.clone()),
        [d, f] => (d.clone(), f.clone()),
        _ => unreachable!("clap takes one or two"),
    };
    let ws = Workspace::open(&dir, "pin")?;
    let lang = ws.lang(lang);
    let _lock = ws.lock()?;
    let inbox = &ws.settings.names.inbox;
    let full = [file.clone(), dir.join(&file), inbox.join(&file)]
        .into_iter()
        .find(|p| p.is_file())
        .ok_or_else(|| {
            let f = file.display();
            Message::error(
                format!("收件箱中没有文件 {f}"),
                format!("the inbox has no file {f}"),
            )
        })?;
    let canon = full.canonicalize()?;
    let rel = canon
        .strip_prefix(inbox.canonicalize()?)
        .map_err(|_| {
            let f = file.display();
            Message::error(
                format!("{f} 不在工作区的收件箱中"),
                format!("{f} is not in the workspace's inbox"),
            )
        })?
        .to_string_lossy()
        .replace('\\', "/");
    let hash = blake3::hash(&std::fs::read(&full)?).to_hex().to_string();
    let mut history = History::open(&ws.db())?;
    let (at, _) = crate::campaign::now();
    let done = history.pin(&rel, Some(&hash), args.remove, &at)?;
    let said = match (args.remove, done) {
        (true, true) => Message::new(
            format!("已取消 {rel} 的“以此为准”。下次检查时按报送先后确定计入的副本。"),
            format!("{rel} is no longer pinned: the next run counts the copies in the order they were received."),
        ),
        (true, false) => Message::new(
            format!("{rel} 没有被指定为准，无需取消。"),
            format!("{rel} was not pinned; nothing to undo."),
        ),
        _ => Message::new(
            format!("已指定以 {rel} 为准：下次检查时它的表格计入汇总，同名的其他副本视为已被替代。"),
            format!("{rel} is pinned: the next run counts its tables, and other copies of them as replaced."),
        ),
    };
    eprintln!("{}", said.get(lang));
    Ok(super::EXIT_OK)
}
