//! clap's argument errors in the user's language: the kind of error and its context
//! (the argument, the value, the suggestions) turned into our own message, printed as
//! `错误：…`, the usage line and `使用 --help 查看帮助。` (English with `--lang en`), exit 2.
//! Help and version, which clap also reports as errors, are printed as they are.

use crate::cmd::EXIT_USAGE;
use crate::diag::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::process::ExitCode;

/// Prints the error (or the help or version clap stopped for) and gives the exit status.
pub fn report(err: &clap::Error, lang: Lang, usage: &str) -> ExitCode {
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            ExitCode::SUCCESS
        }
        // `selfeval` alone: the help, on stderr, as a usage error.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            ExitCode::from(EXIT_USAGE)
        }
        _ => {
            eprint!("{}", render(err, lang, usage));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// The whole text printed for an argument error: the message, the usage (clap's, or
/// `usage`, that of the subcommand named on the command line), the hint.
pub fn render(err: &clap::Error, lang: Lang, usage: &str) -> String {
    let (zh, en) = message(err);
    let usage = match err.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(s)) => {
            let s = s.to_string();
            let s = s.trim();
            s.strip_prefix("Usage:").unwrap_or(s).trim().to_string()
        }
        _ => usage.to_string(),
    };
    match lang {
        Lang::Zh => format!("错误：{zh}\n\n用法：{usage}\n\n使用 --help 查看帮助。\n"),
        Lang::En => {
            format!("error: {en}\n\nUsage: {usage}\n\nFor more information, try '--help'.\n")
        }
    }
}

/// The usage line of the subcommand named in `args` (the first word that is one), else of
/// the whole command, without clap's `Usage:` heading.
pub fn usage_of(cmd: &mut clap::Command, args: &[std::ffi::OsString]) -> String {
    let name = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| cmd.find_subcommand(a).is_some())
        .map(str::to_string);
    let usage = match name.and_then(|n| cmd.find_subcommand_mut(n)) {
        Some(sub) => sub.render_usage(),
        None => cmd.render_usage(),
    }
    .to_string();
    let usage = usage.trim();
    usage
        .strip_prefix("Usage:")
        .unwrap_or(usage)
        .trim()
        .to_string()
}

/// A string context value, or "".
fn text(err: &clap::Error, kind: ContextKind) -> String {
    match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A list context value.
fn list(err: &clap::Error, kind: ContextKind) -> Vec<String> {
    match err.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The message in Chinese and English for one error.
fn message(err: &clap::Error) -> (String, String) {
    let arg = text(err, ContextKind::InvalidArg);
    let value = text(err, ContextKind::InvalidValue);
    let (zh, en) = match err.kind() {
        ErrorKind::InvalidValue if value.is_empty() => (
            format!("参数 {arg} 需要一个值"),
            format!("{arg} needs a value"),
        ),
        ErrorKind::InvalidValue => {
            let valid = list(err, ContextKind::ValidValue);
            (
                format!(
                    "参数 {arg} 的值“{value}”无效；可选的值：{}",
                    valid.join("、")
                ),
                format!(
                    "invalid value '{value}' for {arg}; possible values: {}",
                    valid.join(", ")
                ),
            )
        }
        ErrorKind::ValueValidation => {
            let (rz, re) = requirement(&arg);
            (
                format!("参数 {arg} 的值“{value}”无效：应为{rz}"),
                format!("invalid value '{value}' for {arg}: expected {re}"),
            )
        }
        ErrorKind::UnknownArgument => (
            format!("未知的参数“{arg}”"),
            format!("unknown argument '{arg}'"),
        ),
        ErrorKind::InvalidSubcommand => {
            let sub = text(err, ContextKind::InvalidSubcommand);
            (
                format!("未知的子命令“{sub}”；可用的子命令：check、run、template、policy、rules、init、status、issue、pin、serve"),
                format!("unknown subcommand '{sub}'; the subcommands: check, run, template, policy, rules, init, status, issue, pin, serve"),
            )
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = list(err, ContextKind::InvalidArg);
            (
                format!("缺少必需的参数：{}", missing.join("、")),
                format!("a required argument is missing: {}", missing.join(", ")),
            )
        }
        ErrorKind::MissingSubcommand => (
            "缺少子命令（check、run、template、policy、rules、init、status、issue、pin、serve）；selfeval serve 在浏览器中打开审核页面".to_string(),
            "a subcommand is missing (check, run, template, policy, rules, init, status, issue, pin, serve); selfeval serve opens the page in the browser".to_string(),
        ),
        _ => other_message(err, &arg),
    };
    with_suggestion(err, zh, en)
}

/// The rarer kinds.
fn other_message(err: &clap::Error, arg: &str) -> (String, String) {
    match err.kind() {
        ErrorKind::ArgumentConflict => {
            let prior = text(err, ContextKind::PriorArg);
            (
                format!("参数 {arg} 不能与 {prior} 同时使用"),
                format!("{arg} cannot be used with {prior}"),
            )
        }
        ErrorKind::NoEquals => (
            format!("参数 {arg} 的值须用“=”连接"),
            format!("{arg} needs its value after '='"),
        ),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => (
            format!("参数 {arg} 的值的个数不对"),
            format!("wrong number of values for {arg}"),
        ),
        ErrorKind::InvalidUtf8 => (
            "参数中含有无效的 UTF-8 字符".to_string(),
            "an argument is not valid UTF-8".to_string(),
        ),
        _ => {
            // Anything else: clap's own English words, under our heading.
            let raw = err.to_string();
            let first = raw
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            (format!("命令行有误：{first}"), first.to_string())
        }
    }
}

/// clap's "did you mean" for an argument or subcommand, added to the message.
fn with_suggestion(err: &clap::Error, zh: String, en: String) -> (String, String) {
    let s = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(|k| text(err, k))
    .find(|s| !s.is_empty());
    match s {
        Some(s) => (
            format!("{zh}；是否想用“{s}”？"),
            format!("{en}; did you mean '{s}'?"),
        ),
        None => (zh, en),
    }
}

/// What a value of a validated argument must be, named by the argument as clap shows it
/// (`--year <年度>`).
fn requirement(arg: &str) -> (&'static str, &'static str) {
    let long = arg.split([' ', '=']).next().unwrap_or(arg);
    match long {
        "--year" => (
            "2000 到 2100 之间的年份（如 2021）",
            "a year from 2000 to 2100 (such as 2021)",
        ),
        "--jobs" => ("1 到 1024 之间的整数", "a whole number from 1 to 1024"),
        "--rows" => ("1 到 200 之间的整数", "a whole number from 1 to 200"),
        "--file-timeout" => ("正整数（秒）", "a whole number of seconds"),
        "--file-memory" => ("正整数（MiB）", "a whole number of MiB"),
        _ => ("合法的值", "a valid value"),
    }
}
