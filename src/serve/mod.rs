//! `selfeval serve`: the officer's page (web.md). A local HTTP server on the loopback
//! address over one workspace folder; every change it makes is done by starting this same
//! binary with the command that does it (`run`, `issue`, `pin`, `init`), one at a time, so
//! that the page and the command line never disagree. Settings are the one exception:
//! they go through the settings module's `update`, the same function `selfeval.toml`'s
//! other writers use (src/serve/workspace.rs).
//!
//! One module per concern: [`security`] (token, cookie, Host, Origin, CSRF, headers),
//! [`upload`], [`download`], [`pages`] (HTML rendered here, every input text escaped),
//! [`progress`] (the queue of runs and its SSE stream), [`assets`] (CSS and JS embedded in
//! the binary), [`workspace`] (the folder: paths, results, settings, the commands' args).

pub mod assets;
pub mod download;
pub mod pages;
pub mod progress;
pub mod security;
pub mod text;
pub mod upload;
pub mod workspace;

use anyhow::{Context, Result};
use axum::routing::{get, post};
use axum::Router;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

/// What `serve` was asked for.
#[derive(Debug, Clone)]
pub struct Config {
    /// The workspace folder (or a folder to make one).
    pub dir: PathBuf,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Open the default browser on the printed address.
    pub open: bool,
    /// The upload limits.
    pub limits: upload::Limits,
    /// `--lang`: English pages (and console lines) by default when `en`.
    pub lang: crate::diag::Lang,
}

/// The server's state, shared by every request.
pub struct App {
    /// The folder served; `init` on another folder switches it.
    pub dir: Arc<RwLock<PathBuf>>,
    /// The port actually bound (the Host and Origin checks need it).
    pub port: u16,
    /// The secrets of this server's life.
    pub keys: security::Keys,
    /// Upload limits.
    pub limits: upload::Limits,
    /// `--lang`: the pages' language when the browser has not chosen one (English also
    /// when the workspace's `"语言"` is `en`, security::language).
    pub lang: crate::diag::Lang,
    /// Download identifiers issued so far.
    pub downloads: download::Registry,
    /// The queue of commands and its progress.
    pub jobs: progress::Jobs,
    /// A line for the next settings page (what a roster upload changed): answers to a POST
    /// redirect, so that reloading the page never sends the POST again.
    /// The flag is false for a refusal (a roster that cannot be used), shown as an error.
    pub note: std::sync::Mutex<Option<(String, bool)>>,
    /// The settings form as the officer filled it and why it was refused: the settings
    /// page after the redirect shows both, so that nothing typed is lost.
    pub refused: std::sync::Mutex<Option<pages::Refused>>,
}

impl App {
    /// The folder served now.
    pub fn dir(&self) -> PathBuf {
        self.dir.read().map(|d| d.clone()).unwrap_or_default()
    }
}

/// Serves until Ctrl-C; exit status 0 then.
pub fn run(cfg: Config) -> Result<u8> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's threads")?;
    rt.block_on(serve(cfg))
}

async fn serve(cfg: Config) -> Result<u8> {
    // Loopback only, by construction: there is no option to listen elsewhere (web.md §3).
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, cfg.port));
    // The console speaks the page's default language: English with `--lang en` or for a
    // workspace whose settings say `"语言" = "en"` (its page opens in English too).
    let english = cfg.lang == crate::diag::Lang::En || workspace::english(&cfg.dir);
    let tr = text::Tr(if english {
        crate::diag::Lang::En
    } else {
        cfg.lang
    });
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| tr.f("无法在 {0} 上监听（端口可能已被占用）", &[&addr]))?;
    let port = listener.local_addr()?.port();
    let dir = std::path::absolute(&cfg.dir).unwrap_or(cfg.dir.clone());
    let dir = Arc::new(RwLock::new(dir));
    let app = Arc::new(App {
        dir: dir.clone(),
        port,
        keys: security::Keys::new()?,
        limits: cfg.limits,
        lang: cfg.lang,
        downloads: download::Registry::default(),
        jobs: progress::Jobs::start(dir),
        note: Default::default(),
        refused: Default::default(),
    });
    let url = format!("http://127.0.0.1:{port}/?token={}", app.keys.token);
    // Printing never stops the server (a closed stdout is not a reason to stop serving).
    say(&tr.f("请在浏览器中打开：{0}", &[&url]));
    say(tr.t("（此地址只在本机有效；按 Ctrl-C 停止。网页一次只运行一项检查，其余依次排队。）"));
    if cfg.open {
        open_browser(&url);
    }
    let stopping = app.clone();
    axum::serve(listener, router(app))
        .with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            stopping.jobs.stop();
        })
        .await
        .context("the server stopped")?;
    say(tr.t("已停止。"));
    Ok(0)
}

/// Every route, behind the security layer.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(pages::overview))
        .route("/upload", get(pages::upload).post(upload::receive))
        .route("/unit/{name}", get(pages::unit))
        .route("/files", get(pages::files))
        .route("/settings", get(pages::settings).post(pages::save_settings))
        .route("/roster", post(upload::roster))
        .route("/run", post(progress::run_now))
        .route("/issue", post(progress::issue))
        .route("/pin", post(progress::pin))
        .route("/init", post(progress::init))
        .route("/events", get(progress::events))
        .route("/dl/{id}", get(download::send))
        .route("/assets/{name}", get(assets::send))
        .fallback(pages::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(
            usize::try_from(app.limits.request).unwrap_or(usize::MAX),
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            security::guard,
        ))
        .with_state(app)
}

fn say(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// Opens the default browser; never fatal (the address is printed anyway).
fn open_browser(url: &str) {
    let mut cmd = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/c", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = cmd
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        tracing::warn!("could not open the browser: {e}");
    }
}
