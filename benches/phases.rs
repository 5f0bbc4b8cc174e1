//! The phases of `selfeval run` timed one by one on a folder, with the process's memory
//! after each: walk, read + review + rules (parallel), cross-table rules, report.json,
//! findings.xlsx, units/*.xlsx and summary.xlsx. Shows where the time between `run` and
//! the floor goes.
//!
//! ```text
//! cargo bench --bench phases -- DIR [--jobs N] [--out OUTDIR] [--skip-units]
//!                                   [--memory standard|constant|low]
//! ```
//!
//! Without DIR a corpus of 100 generated workbooks is used.

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/floor.rs"]
mod floor;

use anyhow::{Context, Result};
use selfeval::check::{self, Settings};
use selfeval::read::walk;
use selfeval::render;
use selfeval::render::summary::{SheetMemory, SummaryOptions};
use selfeval::Lang;
use std::path::PathBuf;
use std::time::Instant;

/// Current and peak resident memory of this process, in MB (Linux; 0 elsewhere).
fn rss_mb() -> (f64, f64) {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |k: &str| {
        s.lines()
            .find(|l| l.starts_with(k))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
            .unwrap_or(0.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// CPU seconds (user + system) used by this process so far, from /proc (Linux; 0
/// elsewhere). On a shared machine CPU time is steadier than wall time.
fn cpu_s() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = s.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the whole line: 11 and 12 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

struct Clock(Instant, f64);

impl Clock {
    fn new() -> Self {
        Clock(Instant::now(), cpu_s())
    }

    fn lap(&mut self, what: &str) {
        let (rss, peak) = rss_mb();
        let cpu = cpu_s();
        println!(
            "{what:<30} wall {:>8.3} s  cpu {:>8.2} s  rss {rss:>7.1} MB  peak {peak:>7.1} MB",
            self.0.elapsed().as_secs_f64(),
            cpu - self.1
        );
        self.0 = Instant::now();
        self.1 = cpu;
    }
}

fn main() -> Result<()> {
    let mut dir = None;
    let mut jobs = None;
    let mut out = None;
    let mut memory = SheetMemory::default();
    let mut skip_units = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bench" => {}
            "--jobs" => jobs = args.next().and_then(|n| n.parse::<usize>().ok()),
            "--out" => out = args.next().map(PathBuf::from),
            "--skip-units" => skip_units = true,
            "--memory" => {
                memory = match args.next().as_deref() {
                    Some("standard") => SheetMemory::Standard,
                    Some("low") => SheetMemory::Low,
                    _ => SheetMemory::Constant,
                }
            }
            _ if !a.starts_with('-') && dir.is_none() => dir = Some(PathBuf::from(a)),
            _ => {}
        }
    }
    let tmp = tempfile::tempdir()?;
    let dir = match dir {
        Some(d) => d,
        None => {
            let d = tmp.path().join("inbox");
            corpus::write_corpus(100, &d)?;
            d
        }
    };
    let out = out.unwrap_or_else(|| tmp.path().join("out"));
    std::fs::create_dir_all(&out)?;
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        pool = pool.num_threads(n);
    }
    let pool = pool.build()?;
    println!(
        "{} on {} thread(s)",
        dir.display(),
        pool.current_num_threads()
    );
    pool.install(|| -> Result<()> {
        let settings = Settings::default();
        let lang = Lang::Zh;
        let mut clock = Clock::new();
        let files_on_disk = floor::list(&dir)?;
        let t = floor::touch_all(&files_on_disk);
        clock.lap(&format!("floor ({} cells)", t.cells));
        let inputs = walk::walk(std::slice::from_ref(&dir)).context("walking")?;
        clock.lap(&format!("walk ({} inputs)", inputs.len()));
        let mut files: Vec<_> = {
            use rayon::prelude::*;
            inputs
                .par_iter()
                .map(|i| check::check_input(i, &settings))
                .collect()
        };
        clock.lap("read + review + rules");
        let copy = files.clone();
        clock.lap("clone of all CheckedFiles");
        drop(copy);
        check::apply_cross(&mut files, &settings);
        clock.lap("cross-table rules");
        let units = selfeval::units(&files);
        clock.lap("units");
        let json = selfeval::render::json::to_string(&files, &settings.policy.name, lang);
        clock.lap(&format!("report.json ({} MB)", json.len() / 1_000_000));
        selfeval::write_bytes_atomic(json.as_bytes(), &out.join("report.json"))?;
        drop(json);
        clock.lap("report.json write");
        let view = Default::default();
        let run = render::RunCx::new(&dir, &settings, &view, lang);
        let mut wb = render::worklist::build(&files, &run, render::worklist::MAX_ROWS)?;
        clock.lap("findings.xlsx build");
        selfeval::save_atomic(&mut wb, &out.join("findings.xlsx"))?;
        drop(wb);
        clock.lap("findings.xlsx save");
        if !skip_units {
            let how = selfeval::Placement::Atomic;
            render::returns::write_all(&files, &units, &out.join("units"), how, lang)?;
            clock.lap("units/*.xlsx");
            let reports = out.join("reports");
            render::documents::write_all(&files, &units, &reports, &run, how)?;
            clock.lap("reports/*.docx");
        }
        let rows: usize = files
            .iter()
            .flat_map(|f| &f.tables)
            .map(|t| t.table.indicators.len())
            .sum();
        let per_sheet = render::summary::Rows {
            opts: SummaryOptions { memory },
            ..Default::default()
        };
        let mut wb = render::summary::build(&files, &units, &run, per_sheet)?;
        clock.lap(&format!("summary.xlsx build ({rows} ind.)"));
        selfeval::save_atomic(&mut wb, &out.join("summary.xlsx"))?;
        clock.lap("summary.xlsx save");
        Ok(())
    })
}
