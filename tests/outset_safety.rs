//! The output set touches nothing it did not write (issue 35): an INBOX inside OUTDIR
//! (any depth, also through a link) is refused as OUTDIR inside INBOX is; a user's entry
//! in OUTDIR (a hidden `.git` too) is never moved or deleted — the run refuses rather
//! than write in place; links are never followed (OUTDIR, units/, the spare's units/, the
//! lock file); a FIFO is never opened. Every case hashes the whole parent folder before
//! and after: only OUTDIR and its spare may change, and only when the run succeeds.

mod common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

/// Every entry under `dir` (links not followed): its path, kind and content hash or
/// link target.
fn tree(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut v: Vec<(PathBuf, String)> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
        .map(|e| {
            let ft = e.file_type();
            let what = if ft.is_symlink() {
                format!("link {}", std::fs::read_link(e.path()).unwrap().display())
            } else if ft.is_file() {
                blake3::hash(&std::fs::read(e.path()).unwrap())
                    .to_hex()
                    .to_string()
            } else if ft.is_dir() {
                "dir".into()
            } else {
                "special".into()
            };
            (e.path().to_path_buf(), what)
        })
        .collect();
    v.sort();
    v
}

/// The tree without OUTDIR and its spare (what a successful run may change).
fn outside(dir: &Path, out: &Path) -> Vec<(PathBuf, String)> {
    let spare = selfeval::spare_path(out);
    tree(dir)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(out) && !p.starts_with(&spare))
        .collect()
}

fn inbox(dir: &Path) -> PathBuf {
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::copy(
        common::fixtures()
            .join("inbox")
            .join("永登县交通运输局.xlsx"),
        inbox.join("a.xlsx"),
    )
    .unwrap();
    inbox
}

/// `run INBOX -o OUT`, bounded in time.
fn run(inbox: &Path, out: &Path) -> Output {
    let started = Instant::now();
    let o = common::run(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(started.elapsed() < Duration::from_secs(10), "the run hung");
    assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
    o
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A refused run: exit 2, the message names the reason, nothing anywhere changed.
fn refused(root: &Path, inbox: &Path, out: &Path, words: &str) {
    let before = tree(root);
    let o = run(inbox, out);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains(words), "{words}: {}", err(&o));
    assert_eq!(before, tree(root), "a refused run changed something");
}

#[test]
fn an_inbox_inside_outdir_is_refused_at_any_depth_and_through_links() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let out = root.join("out");
    let first = inbox(root);
    assert_eq!(run(&first, &out).status.code(), Some(0));
    for inner in ["units", ".inbox", "reports/深/处"] {
        let inbox = out.join(inner);
        std::fs::create_dir_all(&inbox).unwrap();
        std::fs::copy(first.join("a.xlsx"), inbox.join("a.xlsx")).unwrap();
        refused(root, &inbox, &out, "位于输出文件夹");
    }
    // Through a link: the inbox's path is outside, the folder is inside.
    symlink(out.join(".inbox"), root.join("via-link")).unwrap();
    refused(root, &root.join("via-link"), &out, "位于输出文件夹");
    // Inside the spare set beside OUTDIR.
    let spare = selfeval::spare_path(&out);
    std::fs::create_dir_all(spare.join("x")).unwrap();
    refused(root, &spare.join("x"), &out, "位于输出文件夹");
}

#[test]
fn a_users_entry_in_outdir_is_never_moved_the_run_refuses() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let (inbox, out) = (inbox(root), root.join("out"));
    assert_eq!(run(&inbox, &out).status.code(), Some(0));
    assert_eq!(run(&inbox, &out).status.code(), Some(0));
    for entry in [
        ".git/HEAD",
        "备注.docx",
        "units/我的.xlsx",
        "reports/x/notes.txt",
    ] {
        let p = out.join(entry);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, b"mine").unwrap();
        refused(root, &inbox, &out, "不是 selfeval 写出的内容");
        std::fs::remove_file(&p).unwrap();
    }
    // Removed again, the set is selfeval's and the run goes on.
    std::fs::remove_dir(out.join(".git")).unwrap();
    std::fs::remove_dir(out.join("reports/x")).unwrap();
    assert_eq!(run(&inbox, &out).status.code(), Some(0));
}

#[test]
fn links_are_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let inbox = inbox(root);
    let victim = root.join("victim");
    std::fs::create_dir(&victim).unwrap();
    std::fs::write(victim.join("keep.xlsx"), b"mine").unwrap();

    // OUTDIR itself a link.
    let real = root.join("real");
    std::fs::create_dir(&real).unwrap();
    symlink(&real, root.join("linked-out")).unwrap();
    refused(root, &inbox, &root.join("linked-out"), "符号链接");

    // OUTDIR/units a link.
    let out = root.join("out");
    std::fs::create_dir(&out).unwrap();
    symlink(&victim, out.join("units")).unwrap();
    refused(root, &inbox, &out, "不是 selfeval 写出的内容");
    std::fs::remove_file(out.join("units")).unwrap();

    // The spare's units/ a link: the spare is left alone, the run writes a fresh set.
    assert_eq!(run(&inbox, &out).status.code(), Some(0));
    assert_eq!(run(&inbox, &out).status.code(), Some(0));
    let spare = selfeval::spare_path(&out);
    std::fs::remove_dir_all(spare.join("units")).unwrap();
    symlink(&victim, spare.join("units")).unwrap();
    let before = outside(root, &out);
    let o = run(&inbox, &out);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        before,
        outside(root, &out),
        "written through the spare's link"
    );
    assert!(std::fs::symlink_metadata(spare.join("units"))
        .unwrap()
        .is_symlink());
    assert!(out.join("units").is_dir() && out.join("summary.xlsx").is_file());

    // A dangling link at the lock file's name: never followed, no file created.
    let lock = selfeval::lock_path(&out);
    symlink(root.join("created-outside"), &lock).unwrap();
    refused(root, &inbox, &out, "不是 selfeval 的锁文件");
    assert!(!root.join("created-outside").exists());
}

#[test]
fn a_fifo_is_never_opened() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let (inbox, out) = (inbox(root), root.join("out"));
    assert_eq!(run(&inbox, &out).status.code(), Some(0));
    assert_eq!(run(&inbox, &out).status.code(), Some(0));
    // A FIFO under a unit workbook's name in the spare, and one in OUTDIR.
    let spare = selfeval::spare_path(&out);
    let unit = std::fs::read_dir(spare.join("units"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    std::fs::remove_file(&unit).unwrap();
    let mkfifo = |p: &Path| {
        assert!(std::process::Command::new("mkfifo")
            .arg(p)
            .status()
            .unwrap()
            .success())
    };
    mkfifo(&unit);
    let before = outside(root, &out);
    let o = run(&inbox, &out);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(before, outside(root, &out));
    mkfifo(&out.join("units").join("x.xlsx"));
    refused(root, &inbox, &out, "不是 selfeval 写出的内容");
}
