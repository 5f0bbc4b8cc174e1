//! Running the binary under measurement (wall time, peak memory), hashing a tree before
//! and after, and the time bar of a debug build: shared by the hostile-input tests.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The time bar for a bound measured on a release build, widened for a debug build.
pub fn time_bar(release: Duration) -> Duration {
    if cfg!(debug_assertions) {
        // Unoptimised XML parsing and decimal conversion are ~25 times slower.
        release * 40
    } else {
        release
    }
}

/// `run INBOX -o OUT` measured as [`run_measured`] measures it: the hostile folders' run.
#[allow(dead_code)]
pub fn run_folder_measured(inbox: &Path, out: &Path) -> (std::process::Output, Duration, u64) {
    let (inbox, out) = (inbox.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    run_measured(&["run", inbox, "-o", out])
}

/// Runs the binary, measuring wall time and peak resident memory (KiB). Uses GNU time when
/// present, else polls VmHWM in /proc while the process runs.
pub fn run_measured(args: &[&str]) -> (std::process::Output, Duration, u64) {
    let gnu_time = Path::new("/usr/bin/time");
    let t = Instant::now();
    if gnu_time.exists() {
        let out = std::process::Command::new(gnu_time)
            .arg("-v")
            .arg(super::binary())
            .args(args)
            .output()
            .expect("runs under /usr/bin/time");
        let took = t.elapsed();
        let err = String::from_utf8_lossy(&out.stderr);
        if let Some(kb) = err
            .lines()
            .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            return (out, took, kb);
        }
    }
    let mut child = super::selfeval()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawns");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    // Pipes are small; drain them in threads so the child never blocks on a full pipe.
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let h1 = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut v).ok();
        v
    });
    let h2 = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut v).ok();
        v
    });
    let status = loop {
        if let Ok(s) = std::fs::read_to_string(&status_path) {
            if let Some(kb) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(kb);
            }
        }
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = t.elapsed();
    let out = std::process::Output {
        status,
        stdout: h1.join().unwrap(),
        stderr: h2.join().unwrap(),
    };
    (out, took, peak)
}

pub fn blake3_tree(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut v: Vec<(PathBuf, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let h = blake3::hash(&std::fs::read(e.path()).unwrap())
                .to_hex()
                .to_string();
            (e.path().to_path_buf(), h)
        })
        .collect();
    v.sort();
    v
}
