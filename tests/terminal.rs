//! The terminal, as a user meets it: argument errors, help and policy errors in Chinese
//! (English with `--lang en`) with exit status 2, paths that are not what is wanted, the
//! empty inbox, the closing lines of `run` and the log lines of `-v`.

mod common;

use std::path::Path;
use std::process::Output;

fn run(args: &[&str]) -> Output {
    common::run(args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// One workbook of the example inbox.
fn workbook() -> String {
    common::fixtures()
        .join("inbox/兰州新区应急管理局.xlsx")
        .display()
        .to_string()
}

/// Exit 2 with a Chinese argument error: the message, the usage line and the help hint.
fn assert_zh_usage_error(o: &Output, wants: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.starts_with("错误："), "{err}");
    assert!(err.contains("用法：selfeval"), "{err}");
    assert!(err.contains("使用 --help 查看帮助"), "{err}");
    for w in wants {
        assert!(err.contains(w), "lacks {w:?}: {err}");
    }
    assert!(o.stdout.is_empty());
}

#[test]
fn a_year_that_is_not_a_number_is_refused_in_chinese() {
    let o = run(&["check", &workbook(), "--year", "abc"]);
    assert_zh_usage_error(&o, &["--year", "“abc”无效", "2000 到 2100 之间的年份"]);
    let o = run(&["check", &workbook(), "--year", "abc", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: invalid value 'abc' for --year"),
        "{err}"
    );
    assert!(err.contains("a year from 2000 to 2100"), "{err}");
    assert!(err.contains("Usage: selfeval check"), "{err}");
}

#[test]
fn years_outside_2000_to_2100_are_refused() {
    for year in ["1999", "2101", "1990"] {
        let o = run(&["check", &workbook(), "--year", year]);
        assert_zh_usage_error(&o, &[&format!("“{year}”无效"), "2000 到 2100"]);
        let o = run(&["run", "inbox", "-o", "out", "--year", year]);
        assert_zh_usage_error(&o, &["--year"]);
        let o = run(&[
            "template", "--kind", "project", "--year", year, "-o", "x.xlsx",
        ]);
        assert_zh_usage_error(&o, &["2000 到 2100"]);
    }
    // The bounds themselves are years: the 2021 tables are then another year's, counted
    // nowhere (campaign.md §4), and the count line says so.
    for year in ["2000", "2100"] {
        let o = run(&["check", &workbook(), "--year", year]);
        assert_eq!(o.status.code(), Some(0), "{year}: {}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("旧副本或非本年度表格未计入"), "{out}");
        assert!(out.contains("year-mismatch"), "{out}");
    }
}

#[test]
fn jobs_outside_1_to_1024_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let inbox = common::fixtures().join("inbox").display().to_string();
    for jobs in ["0", "1025", "many"] {
        let o = run(&["run", &inbox, "-o", out.to_str().unwrap(), "--jobs", jobs]);
        assert_zh_usage_error(&o, &["--jobs", "1 到 1024 之间的整数"]);
    }
    assert!(!out.exists(), "nothing written after an argument error");
    let o = run(&["--lang", "en", "run", &inbox, "-o", "out", "--jobs", "0"]);
    assert!(
        stderr(&o).contains("a whole number from 1 to 1024"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_unknown_flag_or_subcommand_is_named_with_a_suggestion() {
    let o = run(&["check", &workbook(), "--fromat", "json"]);
    assert_zh_usage_error(&o, &["未知的参数“--fromat”", "是否想用“--format”"]);
    let o = run(&["check", &workbook(), "--frobnicate"]);
    assert_zh_usage_error(&o, &["未知的参数“--frobnicate”"]);
    let o = run(&["runn", "inbox"]);
    assert_zh_usage_error(&o, &["未知的子命令“runn”", "是否想用“run”"]);
    let o = run(&["--lang", "en", "check", &workbook(), "--frobnicate"]);
    assert!(stderr(&o).starts_with("error: unknown argument '--frobnicate'"));
    // A value outside a list names the allowed ones.
    let o = run(&["check", &workbook(), "--format", "xml"]);
    assert_zh_usage_error(&o, &["“xml”无效", "text、json"]);
    let o = run(&["-v", "-q", "rules"]);
    assert_zh_usage_error(&o, &["不能与"]);
}

#[test]
fn a_missing_required_argument_is_named() {
    // Without -o the folder must be a workspace: the message says both ways (a folder
    // that does not exist is said not to: tests/officer_trial.rs).
    let o = run(&["run", "fixtures/inbox"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("selfeval init") && err.contains("-o"), "{err}");
    let o = run(&["check"]);
    assert_zh_usage_error(&o, &["缺少必需的参数", "<路径>"]);
    let o = run(&["--lang", "en", "run", "fixtures/inbox"]);
    assert!(stderr(&o).contains("give -o OUTDIR"), "{}", stderr(&o));
    // No subcommand at all: the help, on stderr, exit 2.
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("用法：selfeval [选项] <命令>"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn help_is_chinese_and_english_with_lang_en() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let h = stdout(&o);
    for w in [
        "用法：selfeval [选项] <命令>",
        "命令:",
        "选项:",
        "示例：",
        "退出状态",
        "显示帮助",
        "显示版本",
    ] {
        assert!(h.contains(w), "lacks {w}:\n{h}");
    }
    for w in ["Usage:", "Options:", "Commands:", "Print help", "[default:"] {
        assert!(!h.contains(w), "English {w} in:\n{h}");
    }
    let o = run(&["run", "--help"]);
    let h = stdout(&o);
    for w in [
        "用法：selfeval run [选项] <收件箱> -o <输出文件夹>",
        "参数:",
        "--jobs <N>",
        "1–1024",
        "--lang <语言>",
        "-v, --verbose",
        "收件箱",
    ] {
        assert!(h.contains(w), "lacks {w}:\n{h}");
    }
    assert!(
        !h.contains("Usage:") && !h.contains("possible values"),
        "{h}"
    );
    let o = run(&["run", "-h"]);
    assert!(stdout(&o).contains("处理收件箱中的全部报表"));

    for args in [
        &["--lang", "en", "--help"][..],
        &["run", "--help", "--lang", "en"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0));
        let h = stdout(&o);
        assert!(h.contains("Usage: selfeval"), "{h}");
        assert!(h.contains("Options:") && h.contains("Print help"), "{h}");
        assert!(!h.contains("用法"), "{h}");
    }
    let o = run(&["help", "run"]);
    assert!(stdout(&o).contains("用法：selfeval run"), "{}", stdout(&o));
}

#[test]
fn a_file_where_a_folder_is_wanted_says_it_is_not_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&["run", &workbook(), "-o", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.starts_with("错误："), "{err}");
    assert!(
        err.contains("不是文件夹") && err.contains("兰州新区应急管理局.xlsx"),
        "{err}"
    );
    assert!(!err.contains("不存在"), "{err}");
    assert!(!out.exists());
    // OUTDIR that is a file.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let inbox = common::fixtures().join("inbox").display().to_string();
    let o = run(&["run", &inbox, "-o", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("是文件，不是文件夹"), "{}", stderr(&o));
    let o = run(&["--lang", "en", "run", &workbook(), "-o", "out"]);
    assert!(stderr(&o).contains("is not a folder"), "{}", stderr(&o));
}

#[test]
fn a_missing_folder_says_it_does_not_exist() {
    let o = run(&["run", "/no/such/收件箱", "-o", "/tmp/never-written"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("错误：收件箱文件夹不存在：/no/such/收件箱"),
        "{err}"
    );
    let o = run(&["check", "/no/such/报表.xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("错误：路径不存在：/no/such/报表.xlsx"));
    let o = run(&["check", "/no/such/x.xlsx", "--lang", "en"]);
    assert!(stderr(&o).starts_with("error: path does not exist: /no/such/x.xlsx"));
}

#[test]
fn a_malformed_policy_names_the_key_and_line_in_chinese() {
    let bad = common::fixtures().join("policy/unknown-key.toml");
    let bad = bad.to_str().unwrap();
    let wb = workbook();
    for args in [
        vec!["check", wb.as_str(), "--policy", bad],
        vec!["policy", "--policy", bad],
    ] {
        let o = run(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.starts_with("错误：评分规则文件"), "{err}");
        assert!(
            err.contains("第 2 行") && err.contains("tolerance.scroe"),
            "{err}"
        );
        assert!(
            err.contains("未知的键“scroe”") && err.contains("score、money、rate"),
            "{err}"
        );
    }
    let o = run(&["policy", "--policy", bad, "--lang", "en"]);
    let err = stderr(&o);
    assert!(
        err.contains("line 2") && err.contains("unknown field `scroe`"),
        "{err}"
    );
    // A value that makes no sense is placed too.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.toml");
    std::fs::write(&p, "name = \"x\"\n\n[grades]\nexcellent = 70\n").unwrap();
    let o = run(&["policy", "--policy", p.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(
        err.contains("第 3 行") && err.contains("excellent ≥ good ≥ fair"),
        "{err}"
    );
}

#[test]
fn an_empty_inbox_is_a_warning_and_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir(&inbox).unwrap();
    let out = dir.path().join("out");
    let o = run(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("警告：收件箱") && err.contains("没有任何文件"),
        "{err}"
    );
    assert!(out.join("summary.xlsx").exists());
}

/// An inbox with the example units and twelve files that cannot be read.
fn inbox_with_broken_files(dir: &Path) -> std::path::PathBuf {
    let inbox = dir.join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    for name in ["兰州新区应急管理局.xlsx", "永登县交通运输局.xlsx"] {
        std::fs::copy(
            common::fixtures().join("inbox").join(name),
            inbox.join(name),
        )
        .unwrap();
    }
    for i in 1..=12 {
        std::fs::write(
            inbox.join(format!("损坏{i:02}.xlsx")),
            b"PK\x03\x04 not a workbook",
        )
        .unwrap();
    }
    inbox
}

#[test]
fn closing_lines_name_the_units_with_errors_and_the_files_to_send_again() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = inbox_with_broken_files(dir.path());
    let out = dir.path().join("out");
    let o = run(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let units = err
        .lines()
        .find(|l| l.starts_with("有错误的单位"))
        .expect(&err);
    assert!(units.contains("兰州新区应急管理局"), "{units}");
    let resend = err
        .lines()
        .find(|l| l.starts_with("无法读取、需要重新报送的文件（12 个）："))
        .expect(&err);
    // At most ten names, then the count of the rest.
    assert!(
        resend.contains("损坏01.xlsx") && resend.contains("损坏10.xlsx"),
        "{resend}"
    );
    assert!(!resend.contains("损坏11.xlsx"), "{resend}");
    assert!(resend.ends_with("等（另 2 个）"), "{resend}");
    let last = err.lines().last().unwrap();
    assert!(last.starts_with("已处理 14 个文件"), "{last}");

    let o = run(&[
        "--lang",
        "en",
        "run",
        inbox.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert!(
        err.contains("files that could not be read and must be sent again (12)"),
        "{err}"
    );
    assert!(err.contains("and 2 more"), "{err}");
}

#[test]
fn verbose_gives_log_lines_and_quiet_none() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let inbox = common::fixtures().join("inbox").display().to_string();
    let run_with = |flag: &str| {
        let mut c = common::selfeval();
        c.args(["run", &inbox, "-o", out.to_str().unwrap()]);
        if !flag.is_empty() {
            c.arg(flag);
        }
        // RUST_LOG would override the flags.
        c.env_remove("RUST_LOG");
        let o = c.output().unwrap();
        assert_eq!(o.status.code(), Some(1));
        stderr(&o)
    };
    let plain = run_with("");
    assert!(!plain.contains("INFO"), "{plain}");
    let v = run_with("-v");
    assert!(
        v.contains("INFO") && v.contains("读取阶段完成：") && v.contains("写出阶段完成"),
        "{v}"
    );
    assert!(!v.contains("已读取"), "{v}");
    let vv = run_with("-vv");
    assert!(
        vv.contains("DEBUG")
            && vv.contains("已读取")
            && vv.contains("兰州新区应急管理局.xlsx：有错误，用时"),
        "{vv}"
    );
    let q = run_with("-q");
    assert!(!q.contains("INFO") && !q.contains("WARN"), "{q}");
}
