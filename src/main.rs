//! The `selfeval` binary: parses the command line and dispatches to `selfeval::cmd`.

// The reader and the workbook writers allocate a great many small strings; mimalloc
// serves them faster than the system allocator (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Windows: double-clicked (no arguments, a console of its own) serves its own folder.
    let clicked = selfeval::cmd::serve::double_click_args(&args);
    if let Some(a) = &clicked {
        args = a.clone();
    }
    let cli = match selfeval::cmd::cli::parse(args) {
        Ok(cli) => cli,
        // Help, version or an argument error, already printed.
        Err(code) => return code,
    };
    selfeval::cmd::cli::init_logging(&cli.global);
    let code = selfeval::cmd::dispatch(cli);
    if clicked.is_some() {
        // The console closes with the program: keep what it said readable.
        selfeval::cmd::serve::wait_for_enter();
    }
    code
}
