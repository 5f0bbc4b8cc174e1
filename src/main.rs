//! The `selfeval` binary: parses the command line and dispatches to `selfeval::cmd`.

// The reader and the workbook writers allocate a great many small strings; mimalloc
// serves them faster than the system allocator (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = match selfeval::cmd::cli::parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        // Help, version or an argument error, already printed.
        Err(code) => return code,
    };
    selfeval::cmd::cli::init_logging(&cli.global);
    selfeval::cmd::dispatch(cli)
}
