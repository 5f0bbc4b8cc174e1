//! The `selfeval` binary: parses the command line and dispatches to `selfeval::cmd`.

// The reader and the workbook writers allocate a great many small strings; mimalloc
// serves them faster than the system allocator (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Windows: double-clicked (no arguments, a console of its own) serves its own folder.
    if let Some(a) = selfeval::cmd::serve::double_click_args(&args) {
        args = a;
    }
    let cli = match selfeval::cmd::cli::parse(args) {
        Ok(cli) => cli,
        // Help, version or an argument error, already printed.
        Err(code) => return code,
    };
    selfeval::cmd::cli::init_logging(&cli.global);
    selfeval::cmd::dispatch(cli)
}
