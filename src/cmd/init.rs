//! `selfeval init [DIR]`: makes a folder a workspace (campaign.md §1).

use crate::diag::Lang;
use std::path::PathBuf;

/// Make a folder a workspace: settings, roster, inbox, results, archive, history.
///
/// Creates what is missing in DIR (default: the current folder) and never overwrites a
/// file that exists; run twice it changes nothing:
///
///   selfeval.toml    the settings, every key with a Chinese comment
///   单位名单.xlsx     the roster of units expected to send (header, example row, notes)
///   收件箱/           where the units' files go
///   申报表/           the approved 绩效目标申报表
///   结果/             the current outputs
///   归档/             each round of opinions as sent
///   selfeval.db      the history
///
/// Examples:
///
///   selfeval init 2021年度绩效自评 --year 2021 --bureau 兰州新区财政局
///   selfeval init --lang en
///
/// Exit status: 0 done; 2 the folder cannot be written.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The folder (created when missing; default: the current folder).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The year under review (default: last year).
    #[arg(long, value_parser = clap::value_parser!(i32).range(super::YEARS))]
    pub year: Option<i32>,
    /// The bureau's name (审核单位), written into the settings.
    #[arg(long, value_name = "NAME")]
    pub bureau: Option<String>,
}

/// Runs `init`.
pub fn run(args: Args, lang: Lang) -> anyhow::Result<u8> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let year = args.year.unwrap_or_else(|| crate::campaign::now().1 .0 - 1);
    let made = crate::campaign::init(&dir, year, args.bureau.as_deref(), lang == Lang::En)?;
    let d = dir.display();
    if made.is_empty() {
        match lang {
            Lang::Zh => eprintln!("{d} 已是工作区，没有需要建立的内容。"),
            Lang::En => eprintln!("{d} is already a workspace; nothing to make."),
        }
        return Ok(super::EXIT_OK);
    }
    match lang {
        Lang::Zh => eprintln!("已在 {d} 建立工作区："),
        Lang::En => eprintln!("made a workspace in {d}:"),
    }
    for p in &made {
        eprintln!("  {}", p.strip_prefix(&dir).unwrap_or(p).display());
    }
    match lang {
        Lang::Zh => eprintln!("下一步：把各单位报送的文件放进收件箱，然后运行 selfeval run {d}"),
        Lang::En => eprintln!("next: put the units' files in the inbox, then run selfeval run {d}"),
    }
    Ok(super::EXIT_OK)
}
