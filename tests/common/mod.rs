//! Helpers shared by the integration tests: running the binary, reading workbooks back with
//! calamine, and recalculating a workbook with LibreOffice as an independent client.
#![allow(dead_code)]

pub mod measure;
pub mod ooxml;
pub mod probe;

use calamine::{open_workbook_auto, Data, Reader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The path of the selfeval binary built for these tests (to run it under another program).
pub fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_selfeval"))
}

/// The selfeval binary built for these tests.
pub fn selfeval() -> Command {
    Command::new(binary())
}

/// Runs selfeval with arguments and returns its output.
pub fn run(args: &[&str]) -> Output {
    selfeval().args(args).output().expect("selfeval runs")
}

/// The date a dated run is fixed at (SOURCE_DATE_EPOCH): 2025-12-02 18:40 UTC.
pub const EPOCH: &str = "1764700800";

/// The selfeval binary started from the repository root, so that fixtures are named by
/// relative paths (`fixtures/inbox`) and no absolute path reaches what it prints.
pub fn selfeval_at_root() -> Command {
    let mut c = selfeval();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// The selfeval binary with its run date fixed at `epoch` (SOURCE_DATE_EPOCH: the title
/// rows, the worklist's and letters' dates), so that its outputs are the same every run.
pub fn selfeval_dated(epoch: &str) -> Command {
    let mut c = selfeval();
    c.env("SOURCE_DATE_EPOCH", epoch);
    c
}

/// The harness of the output snapshots: selfeval run in `cwd` with `args` and its date
/// fixed at [`EPOCH`]; its exit status, stdout and stderr.
pub fn run_binary(cwd: &Path, args: &[&str]) -> Output {
    selfeval_dated(EPOCH)
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("selfeval runs")
}

/// Asserts a run's exit status, showing its stderr when it is another.
pub fn assert_exit(o: &Output, code: i32) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "exit status; stderr: {err}");
}

/// Sends Ctrl-C (SIGINT) to a running selfeval and waits for it to end, at most `limit`
/// (then it is killed and the test fails): its exit status.
pub fn interrupt(
    child: &mut std::process::Child,
    limit: std::time::Duration,
) -> std::process::ExitStatus {
    let _ = Command::new("kill")
        .arg("-INT")
        .arg(child.id().to_string())
        .status();
    let start = std::time::Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("selfeval did not stop on Ctrl-C within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Waits up to 30 s for `f` to hold, checking every 100 ms; fails the test naming `what`.
pub fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(30) {
        if f() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("timed out waiting for {what}");
}

/// The folder of the bundled fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// All cells of a sheet as (row, col, value), zero-based.
pub fn sheet_cells(path: &Path, sheet: &str) -> Vec<(u32, u32, Data)> {
    let mut wb = open_workbook_auto(path).expect("workbook opens");
    let range = wb.worksheet_range(sheet).expect("sheet exists");
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .cells()
        .filter(|(_, _, v)| !matches!(v, Data::Empty))
        .map(|(r, c, v)| (r as u32 + r0, c as u32 + c0, v.clone()))
        .collect()
}

/// The formulas of a sheet as (row, col, formula text), zero-based absolute positions.
pub fn sheet_formulas(path: &Path, sheet: &str) -> Vec<(u32, u32, String)> {
    let mut wb = open_workbook_auto(path).expect("workbook opens");
    let range = wb.worksheet_formula(sheet).expect("sheet exists");
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .cells()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(r, c, f)| (r as u32 + r0, c as u32 + c0, f.clone()))
        .collect()
}

/// The LibreOffice binary on PATH. A test that needs it fails without it rather than pass
/// unchecked: `.ci/run` installs it (`apt-get install -y libreoffice-calc-nogui`).
pub fn soffice() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join("soffice"))
        .find(|p| p.is_file())
        .expect(
            "LibreOffice (soffice) is not on PATH: install it with \
             `apt-get install -y libreoffice-calc-nogui` (.ci/run does)",
        )
}

/// Python 3 with openpyxl, another program that reads our workbooks back. A test that needs
/// it fails without it: `.ci/run` installs it (`python3 -m pip install openpyxl`).
pub fn python_with_openpyxl() -> Command {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(
        ok,
        "python3 with openpyxl is needed: install it with `python3 -m pip install openpyxl` \
         (.ci/run does)"
    );
    Command::new("python3")
}

/// A LibreOffice profile that recalculates every formula on load (practical.md); one per
/// test, since a second soffice on the same profile silently does nothing.
pub fn recalc_profile(dir: &Path) -> PathBuf {
    let prof = dir.join("profile");
    std::fs::create_dir_all(prof.join("user")).unwrap();
    std::fs::write(
        prof.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    prof
}

/// Converts `files` with LibreOffice headless into `outdir` (one call for many files is
/// much faster than one call each). soffice exits 0 even when it fails: callers check
/// that the outputs exist.
pub fn run_soffice(
    soffice: &Path,
    profile: &Path,
    convert_to: &str,
    outdir: &Path,
    files: &[PathBuf],
) {
    let out = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            convert_to,
            "--outdir",
        ])
        .arg(outdir)
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Recalculates `path` with LibreOffice and returns the recalculated copy.
pub fn recalc_with_libreoffice(path: &Path, workdir: &Path) -> PathBuf {
    let bin = soffice();
    let prof = recalc_profile(workdir);
    let outdir = workdir.join("recalc");
    std::fs::create_dir_all(&outdir).unwrap();
    run_soffice(
        &bin,
        &prof,
        "xlsx:Calc MS Excel 2007 XML",
        &outdir,
        &[path.to_path_buf()],
    );
    let result = outdir.join(path.file_name().unwrap());
    assert!(
        result.exists(),
        "LibreOffice produced nothing for {}",
        path.display()
    );
    result
}

fn as_number(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        Data::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        _ => None,
    }
}

/// Compares every formula cell's cached value in `ours` with the value LibreOffice computed
/// in `theirs` (relative tolerance 1e-9). Returns the number of formula cells compared.
pub fn assert_formulas_agree(ours: &Path, theirs: &Path) -> usize {
    let mut a = open_workbook_auto(ours).unwrap();
    let mut b = open_workbook_auto(theirs).unwrap();
    let mut compared = 0;
    for sheet in a.sheet_names() {
        let formulas = a.worksheet_formula(&sheet).unwrap();
        let (fr, fc) = formulas.start().unwrap_or((0, 0));
        let va = a.worksheet_range(&sheet).unwrap();
        let vb = b.worksheet_range(&sheet).unwrap();
        for (r, c, f) in formulas.cells() {
            if f.is_empty() {
                continue;
            }
            let pos = (r as u32 + fr, c as u32 + fc);
            let x = va.get_value(pos).cloned().unwrap_or(Data::Empty);
            let y = vb.get_value(pos).cloned().unwrap_or(Data::Empty);
            match (as_number(&x), as_number(&y)) {
                (Some(p), Some(q)) => {
                    let tol = 1e-9 * p.abs().max(q.abs()).max(1.0);
                    assert!(
                        (p - q).abs() <= tol,
                        "{sheet}!{pos:?} ={f}: cached {p}, LibreOffice {q}"
                    );
                }
                _ => {
                    let s = |d: &Data| match d {
                        Data::Empty => String::new(),
                        Data::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    assert_eq!(s(&x), s(&y), "{sheet}!{pos:?} ={f}: cached vs LibreOffice");
                }
            }
            compared += 1;
        }
    }
    compared
}

/// A sheet as a map from (row, col), zero-based, to its value.
pub fn grid(path: &Path, sheet: &str) -> std::collections::BTreeMap<(u32, u32), Data> {
    sheet_cells(path, sheet)
        .into_iter()
        .map(|(r, c, v)| ((r, c), v))
        .collect()
}

/// A cell of a grid as text (empty when absent).
pub fn cell_text(g: &std::collections::BTreeMap<(u32, u32), Data>, r: u32, c: u32) -> String {
    match g.get(&(r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// A cell of a grid as a number (`None` when it holds none).
pub fn cell_num(g: &std::collections::BTreeMap<(u32, u32), Data>, r: u32, c: u32) -> Option<f64> {
    match g.get(&(r, c)) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    }
}

/// The paragraphs of a .docx (table cells are paragraphs too), each the text of its runs.
pub fn docx_paragraphs(docx: &Path) -> Vec<String> {
    use std::io::Read;
    let bytes = std::fs::read(docx).unwrap_or_else(|e| panic!("{}: {e}", docx.display()));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("a document part")
        .read_to_string(&mut xml)
        .expect("UTF-8");
    let (mut out, mut cur) = (Vec::new(), String::new());
    let mut rest = xml.as_str();
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let close = after.find('>').expect("tag closes");
        let tag = &after[..close];
        let name = tag.split([' ', '/']).next().unwrap_or("");
        rest = &after[close + 1..];
        if name == "w:t" && !tag.ends_with('/') {
            let end = rest.find("</w:t>").expect("w:t closes");
            let t = rest[..end]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
            cur.push_str(&t);
            rest = &rest[end..];
        } else if tag == "/w:p" || (name == "w:p" && tag.ends_with('/')) {
            out.push(std::mem::take(&mut cur));
        }
    }
    out
}

/// Copies a folder tree (files and folders only).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dst = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), &dst).unwrap();
        }
    }
}

/// Sets a file's modification time to `secs` seconds after 2022-04-01 00:00 UTC.
pub fn set_mtime(path: &Path, secs: u64) {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_648_771_200 + secs);
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(t).unwrap();
}

/// The unit object named `name` of a report.json or `status --format json` document.
pub fn json_unit<'a>(doc: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    doc["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["name"] == name)
        .unwrap_or_else(|| panic!("no unit {name}: {doc}"))
}

/// A workspace roster (campaign.md): the sheet 单位名单 with its header row and `units`,
/// each 单位名称, 主管部门, 联系人, 联系电话, 别名.
pub fn write_roster(path: &Path, units: &[[&str; 5]]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("单位名单").unwrap();
    let head = ["单位名称", "主管部门", "联系人", "联系电话", "别名"];
    for (r, row) in std::iter::once(&head).chain(units).enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(path).unwrap();
}

/// Starts `cmd` (its stderr thrown away), kills it (SIGKILL) after `delay` and reaps it.
pub fn kill_after(mut cmd: Command, delay: std::time::Duration) {
    let mut child = cmd.stderr(std::process::Stdio::null()).spawn().unwrap();
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
}

/// Compact JSON text laid out as serde_json's pretty printer does (two-space indent, `": "`,
/// `[]` and `{}` for empty ones), so that report.json (compact) can be compared with and
/// reviewed as `check --format json` (pretty) prints the same document.
pub fn pretty_json(compact: &str) -> String {
    let (mut out, mut depth, mut in_str, mut escaped) = (String::new(), 0usize, false, false);
    let mut chars = compact.trim_end().chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            (escaped, in_str) = match (escaped, c) {
                (true, _) => (false, true),
                (false, '\\') => (true, true),
                (false, '"') => (false, false),
                _ => (false, true),
            };
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if matches!(chars.peek(), Some('}') | Some(']')) {
                    out.push(chars.next().unwrap_or(']'));
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

/// `check PATH --format json` run from the repository root: exit 0 or 1, the JSON parsed.
pub fn check_json(path: &str) -> serde_json::Value {
    let out = selfeval_at_root()
        .args(["check", path, "--format", "json"])
        .output()
        .expect("selfeval runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{path}: exit {:?}",
        out.status
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// The file of a `check --format json` document whose path ends with `name`.
pub fn json_file<'a>(doc: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    doc["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
        .unwrap_or_else(|| panic!("{name} not listed"))
}
