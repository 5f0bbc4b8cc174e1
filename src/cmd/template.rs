//! `selfeval template`: writes a blank standard table for a unit to fill in.
//!
//! ```text
//! Usage:
//!     selfeval template --kind project|department|transfer [--year N]
//!                       [--scheme management|project] [--rows N] -o FILE.xlsx
//!
//! Example:
//!     selfeval template --kind project --year 2021 -o 项目支出绩效自评表.xlsx
//! ```
//!
//! The workbook has the canonical layout of templates.md §1–3; see docs/template.md.

use crate::cmd::EXIT_OK;
use crate::model::TableKind;
use crate::outdir::atomic::{save_atomic_with, template_properties};
use crate::outdir::set::io_reason;
use crate::render::form::{template_workbook, LayoutOptions, Scheme};
use anyhow::Result;
use std::path::PathBuf;

/// Write a blank standard self-evaluation table (绩效自评表) for a unit to fill in.
///
/// The workbook has the Ministry of Finance 2020 layout: title with the year, header block,
/// fund block, goals, indicator rows per category with each category's points (分值) in its
/// label, and the 总分 row. Input cells are unlocked and the sheet is protected without a
/// password; 执行率, the execution score and 总分 are formulas; 一级指标, 二级指标 and the
/// qualitative levels of 实际完成值 have dropdowns. It opens in Excel, WPS and LibreOffice
/// and prints on A4 landscape, one page wide.
///
/// Examples:
///
///   selfeval template --kind project --year 2021 -o 项目支出绩效自评表.xlsx
///   selfeval template --kind department --scheme project -o 部门整体.xlsx
///
/// Exit status: 0 written; 2 the file could not be written.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Which table: project (项目支出), department (部门整体支出) or transfer (转移支付).
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// The year evaluated, shown in the title [default: last year].
    #[arg(long)]
    pub year: Option<i32>,
    /// The 一级 indicator scheme: management (部门管理 20 / 履职效果 50 / 能力建设 10 /
    /// 服务对象满意度 10) or project (产出 50 / 效益 30 / 满意度 10). [default: management
    /// for department, project otherwise]
    #[arg(long, value_enum)]
    pub scheme: Option<Scheme>,
    /// Blank indicator rows per category [default: 2 to 8, by category].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=200))]
    pub rows: Option<u16>,
    /// The workbook to write (.xlsx); replaced if it exists.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// The `--kind` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// 项目支出绩效自评表.
    Project,
    /// 部门整体支出绩效自评表.
    Department,
    /// 转移支付绩效自评表.
    Transfer,
}

impl From<KindArg> for TableKind {
    fn from(k: KindArg) -> TableKind {
        match k {
            KindArg::Project => TableKind::Project,
            KindArg::Department => TableKind::Department,
            KindArg::Transfer => TableKind::Transfer,
        }
    }
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<u8> {
    let kind = TableKind::from(args.kind);
    let ext = args
        .output
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    let out = args.output.display();
    if ext.as_deref() != Some("xlsx") {
        return Err(crate::cmd::usage_error(
            format!("输出文件须为 .xlsx 文件：{out}"),
            format!("the output must be an .xlsx file: {out}"),
        ));
    }
    let mut opts = LayoutOptions::template(kind, Some(args.year.unwrap_or_else(last_year)));
    if let Some(s) = args.scheme {
        opts.scheme = s;
    }
    opts.blank_rows = args.rows.map(usize::from);
    let (mut wb, _map) = template_workbook(kind, &opts)?;
    save_atomic_with(&mut wb, &args.output, &template_properties()?).map_err(|e| {
        // In the user's language (cli.md), the OS's reason in words where it has one.
        let io = e.chain().find_map(|c| c.downcast_ref::<std::io::Error>());
        let (zh, en) = io.map_or_else(|| (e.to_string(), e.to_string()), io_reason);
        crate::cmd::usage_error(
            format!("无法写出 {out}：{zh}"),
            format!("cannot write {out}: {en}"),
        )
    })?;
    tracing::info!("wrote {}", args.output.display());
    Ok(EXIT_OK)
}

/// The calendar year before today's (UTC): units evaluate the year just ended.
fn last_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    year_of_days((secs / 86_400) as i64) - 1
}

/// The proleptic Gregorian year of a day count since 1970-01-01 (Howard Hinnant's
/// civil-from-days).
fn year_of_days(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    year as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_year() {
        assert_eq!(year_of_days(0), 1970);
        assert_eq!(year_of_days(364), 1970);
        assert_eq!(year_of_days(365), 1971);
        // 2021-12-31 and 2022-01-01.
        assert_eq!(year_of_days(18_992), 2021);
        assert_eq!(year_of_days(18_993), 2022);
        // 2000-02-29.
        assert_eq!(year_of_days(11_016), 2000);
    }
}
