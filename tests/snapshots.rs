//! Snapshots of `check --format json` on the fixture folders: every change of behaviour is
//! a reviewed diff of tests/snapshots/*.snap (`cargo insta review`, or run with
//! `INSTA_UPDATE=always` and read `git diff`). The binary runs from the repository root on
//! relative paths, so the documents hold no absolute path and no timing.

mod common;

/// `selfeval check FOLDER --format json` from the repository root; the document's text.
fn check_json(folder: &str) -> String {
    let out = common::selfeval_at_root()
        .args(["check", folder, "--format", "json"])
        .output()
        .expect("selfeval runs");
    // Every one of these folders holds errors on purpose (cli.md: exit 1).
    assert_eq!(
        out.status.code(),
        Some(1),
        "{folder}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 JSON");
    assert!(
        !text.contains(env!("CARGO_MANIFEST_DIR")),
        "{folder}: an absolute path in the document"
    );
    text
}

macro_rules! snapshot {
    ($test:ident, $folder:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(stringify!($test), check_json($folder));
        }
    };
}

snapshot!(check_inbox, "fixtures/inbox");
snapshot!(check_variants, "fixtures/variants");
snapshot!(check_report2021, "fixtures/report2021");
snapshot!(check_broken, "fixtures/broken");
snapshot!(check_hostile, "fixtures/hostile");
snapshot!(check_coverage, "fixtures/coverage");
snapshot!(check_field, "fixtures/field");
snapshot!(check_overflow, "fixtures/overflow");
