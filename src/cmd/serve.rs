//! `selfeval serve`: the officer's page over a workspace (web.md), and the double-click
//! of `selfeval.exe` on Windows that serves the folder of the program.

use crate::serve;
use anyhow::Result;
use std::path::PathBuf;

/// Open the officer's page: a local web page over a workspace folder.
///
/// Serves the workspace DIR (default: the current folder) on 127.0.0.1 only, prints the
/// address with its token and opens the default browser. A folder that is not yet a
/// workspace is served too: the page offers to make it one. Ctrl-C stops it.
///
/// Examples:
///
///   selfeval serve
///   selfeval serve D:\绩效自评\2021 --port 8080 --no-open
///
/// Exit status: 0 stopped with Ctrl-C; 2 DIR does not exist or the port is taken.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The workspace folder (default: the current folder).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The port (default: a free one).
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Do not open the browser (print the address only).
    #[arg(long)]
    pub no_open: bool,
}

/// Runs `serve`.
pub fn run(args: Args, lang: crate::diag::Lang) -> Result<u8> {
    let dir = match args.dir {
        Some(d) => d,
        None => std::env::current_dir()?,
    };
    if !dir.is_dir() {
        return Err(crate::cmd::usage_error(
            format!("文件夹不存在：{}", dir.display()),
            format!("no such folder: {}", dir.display()),
        ));
    }
    serve::run(serve::Config {
        dir,
        port: args.port.unwrap_or(0),
        open: !args.no_open,
        limits: serve::upload::Limits::from_env(),
        lang,
    })
}

/// On Windows, the arguments of a double-click: no arguments and a console of its own
/// (`GetConsoleProcessList` returns 1) serve the folder of the `.exe`. `None` elsewhere.
pub fn double_click_args(args: &[std::ffi::OsString]) -> Option<Vec<std::ffi::OsString>> {
    if args.len() != 1 || !own_console() {
        return None;
    }
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?.to_path_buf();
    Some(vec![args[0].clone(), "serve".into(), dir.into_os_string()])
}

/// After a double-click: waits for Enter so that the console's last lines (an error, such
/// as a port in use) can be read before the window closes.
pub fn wait_for_enter() {
    eprintln!("按回车键关闭此窗口。");
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

#[cfg(windows)]
fn own_console() -> bool {
    let mut ids = [0u32; 4];
    // SAFETY: the buffer and its length match; the call only writes into it.
    let n = unsafe {
        windows_sys::Win32::System::Console::GetConsoleProcessList(
            ids.as_mut_ptr(),
            ids.len() as u32,
        )
    };
    n == 1
}

#[cfg(not(windows))]
fn own_console() -> bool {
    false
}
