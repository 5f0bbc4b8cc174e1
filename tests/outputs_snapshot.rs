//! Snapshots of every output of a run, as text a reviewer can read (issue 34): the
//! workbooks as per-sheet TSV (values and number formats, merged ranges, print setup),
//! the documents as paragraphs and table rows, report.json, and the terminal's closing
//! lines — of `run` on the bundled inbox and of a workspace's second round (the campaign
//! columns and the 已改正 sheet). They are the reference a refactor of the writers is
//! checked against: a change of any output is a reviewed diff of
//! tests/snapshots/outputs_snapshot__*.snap.
//!
//! Everything that varies between runs is fixed: the inputs are copied with fixed file
//! times, the run date by SOURCE_DATE_EPOCH (`common::run_binary`), and the binary runs in
//! the copy's folder on relative paths, so no absolute path reaches an output.

mod common;

use common::ooxml::{docx_dump, xlsx_dump};
use common::*;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

/// The unit whose return workbook and letter are snapshot: three files, one of them .xls.
const AGRI: &str = "永登县农业农村局（县乡村振兴局）";
const HEALTH: &str = "永登县卫生健康局";

/// Sets every file's modification time below `dir` to the same fixed instant.
fn fix_times(dir: &Path) {
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            set_mtime(e.path(), 0);
        }
    }
}

/// A fresh folder under the target's scratch space (a run's outputs are kept there for
/// the whole test binary: the snapshots below share one run).
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A finished run: the folder it ran in and what it printed.
struct Ran {
    dir: PathBuf,
    out: Output,
}

impl Ran {
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// The terminal: exit status, stdout, and stderr's lines.
    fn terminal(&self) -> String {
        format!(
            "exit: {:?}\n--- stdout\n{}--- stderr\n{}",
            self.out.status.code(),
            String::from_utf8_lossy(&self.out.stdout),
            String::from_utf8_lossy(&self.out.stderr)
        )
    }
}

/// `selfeval run inbox -o out` (and `extra` options) on a copy of fixtures/inbox in `dir`.
fn run_inbox(dir: PathBuf, extra: &[&str]) -> Ran {
    copy_tree(&fixtures().join("inbox"), &dir.join("inbox"));
    fix_times(&dir.join("inbox"));
    let args = [&["run", "inbox", "-o", "out"], extra].concat();
    let out = run_binary(&dir, &args);
    // The inbox holds errors on purpose: exit 1.
    assert_exit(&out, 1);
    Ran { dir, out }
}

/// The one run on the inbox the snapshots share.
fn inbox() -> &'static Ran {
    static RUN: OnceLock<Ran> = OnceLock::new();
    RUN.get_or_init(|| run_inbox(scratch("outputs_snapshot_inbox"), &[]))
}

/// The same run in English (`--lang en`).
fn inbox_en() -> &'static Ran {
    static RUN: OnceLock<Ran> = OnceLock::new();
    RUN.get_or_init(|| run_inbox(scratch("outputs_snapshot_en"), &["--lang", "en"]))
}

/// Every output of a run as one text per file, keyed by its path in `out`.
fn dump_all(out: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for e in walkdir::WalkDir::new(out).sort_by_file_name() {
        let e = e.unwrap();
        let name = e.path().strip_prefix(out).unwrap().display().to_string();
        let text = match e.path().extension().and_then(|x| x.to_str()) {
            _ if !e.file_type().is_file() => continue,
            Some("xlsx") => xlsx_dump(e.path()),
            Some("docx") => docx_dump(e.path()),
            _ => String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned(),
        };
        v.push((name, text));
    }
    v
}

/// The names of everything a run wrote, one a line, so that a new or vanished output
/// shows in a snapshot.
fn file_list(ran: &Ran) -> String {
    let names: Vec<String> = dump_all(&ran.path("out"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    names.join("\n")
}

#[test]
fn run_file_list() {
    insta::assert_snapshot!("run_file_list", file_list(inbox()));
}

/// What an English run writes (its file names are those of a Chinese run).
#[test]
fn en_file_list() {
    insta::assert_snapshot!("en_file_list", file_list(inbox_en()));
}

/// Two runs on the same inputs give the same text for every output: the snapshots hold
/// nothing that varies.
#[test]
fn run_twice_same_text() {
    let again = run_inbox(scratch("outputs_snapshot_again"), &[]);
    let first = dump_all(&inbox().path("out"));
    let second = dump_all(&again.path("out"));
    assert_eq!(first.len(), second.len());
    for ((n1, t1), (n2, t2)) in first.iter().zip(&second) {
        assert_eq!(n1, n2);
        assert!(t1 == t2, "{n1} differs between two runs");
    }
    assert_eq!(inbox().terminal(), again.terminal());
}

/// A roster of four units: three that send, one that never does (as tests/campaign.rs).
fn write_four_roster(path: &Path) {
    let rows = [
        [HEALTH, "", "", "", "永登县卫健局"],
        [AGRI, "", "", "", ""],
        ["永登县交通运输局", "", "", "", ""],
        ["永登县财政局", "", "", "", ""],
    ];
    write_roster(path, &rows);
}

/// A workspace after round 1 is issued and corrections come in: round 2's run.
fn workspace_round_two(dir: PathBuf) -> Ran {
    let step = |args: &[&str]| {
        let o = run_binary(&dir, args);
        assert!(
            o.status.code().is_some_and(|c| c <= 1),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        o
    };
    step(&["init", "ws", "--year", "2021", "--bureau", "兰州新区财政局"]);
    let ws = dir.join("ws");
    selfeval::update_settings(
        &ws.join("selfeval.toml"),
        &[("文号.意见书", "新财绩〔{年}〕{序号}号")],
    )
    .unwrap();
    write_four_roster(&ws.join("单位名单.xlsx"));
    let (src, inbox) = (fixtures().join("inbox"), ws.join("收件箱"));
    for f in ["兰州新区应急管理局.xlsx", "永登县卫生健康局.xlsx"] {
        std::fs::copy(src.join(f), inbox.join(f)).unwrap();
    }
    copy_tree(
        &src.join("永登县农业农村局"),
        &inbox.join("永登县农业农村局"),
    );
    fix_times(&ws);
    step(&["run", "ws"]);
    step(&["issue", "ws"]);
    let name = format!("{HEALTH}（第二次报送）.xlsx");
    let res = fixtures().join("resubmission").join(&name);
    std::fs::copy(res, inbox.join(&name)).unwrap();
    let project = inbox.join("永登县农业农村局/高标准农田建设.xlsx");
    let second = fixtures().join("campaign/高标准农田建设（第二版）.xlsx");
    std::fs::copy(second, &project).unwrap();
    set_mtime(&inbox.join(&name), 7200);
    set_mtime(&project, 7200);
    let out = step(&["run", "ws"]);
    Ran { dir, out }
}

fn workspace() -> &'static Ran {
    static RUN: OnceLock<Ran> = OnceLock::new();
    RUN.get_or_init(|| workspace_round_two(scratch("outputs_snapshot_ws")))
}

/// Tests snapshotting one output of a shared run each: `dump` turns the file at `path`
/// (in the run's folder, `{unit}` standing for the unit [`AGRI`]) into text.
macro_rules! snapshot_outputs {
    ($($test:ident: $run:ident, $dump:ident, $path:expr;)*) => {
        $(
            #[test]
            fn $test() {
                let path = $run().path(&$path.replace("{unit}", AGRI));
                insta::assert_snapshot!(stringify!($test), $dump($run(), &path));
            }
        )*
    };
}

fn xlsx(_: &Ran, path: &Path) -> String {
    xlsx_dump(path)
}

fn docx(_: &Ran, path: &Path) -> String {
    docx_dump(path)
}

/// report.json: compact JSON on one line, laid out as `check --format json` prints it.
fn json(_: &Ran, path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(text.lines().count(), 1, "report.json is compact JSON");
    common::pretty_json(&text)
}

/// What the run printed (no file).
fn terminal(ran: &Ran, _: &Path) -> String {
    ran.terminal()
}

snapshot_outputs! {
    run_summary: inbox, xlsx, "out/summary.xlsx";
    run_findings: inbox, xlsx, "out/findings.xlsx";
    run_unit_workbook: inbox, xlsx, "out/units/{unit}.xlsx";
    run_letter: inbox, docx, "out/reports/{unit}/审核意见书.docx";
    run_overall_report: inbox, docx, "out/reports/汇总报告（初稿）.docx";
    run_unit_draft: inbox, docx, "out/reports/{unit}/自评报告（初稿）.docx";
    run_report_json: inbox, json, "out/report.json";
    run_terminal: inbox, terminal, "";
    en_summary: inbox_en, xlsx, "out/summary.xlsx";
    en_findings: inbox_en, xlsx, "out/findings.xlsx";
    en_unit_workbook: inbox_en, xlsx, "out/units/{unit}.xlsx";
    en_letter: inbox_en, docx, "out/reports/{unit}/审核意见书.docx";
    en_terminal: inbox_en, terminal, "";
    workspace_summary: workspace, xlsx, "ws/结果/summary.xlsx";
    workspace_findings: workspace, xlsx, "ws/结果/findings.xlsx";
    workspace_report_json: workspace, json, "ws/结果/report.json";
    workspace_letter: workspace, docx, "ws/结果/reports/{unit}/审核意见书.docx";
    workspace_terminal: workspace, terminal, "";
}
