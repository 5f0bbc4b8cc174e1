//! The progress bar of `run`: it names its phase — 读取 (a bar over the files, with the
//! time left) then 写出 (a spinner while the outputs are written, so the screen is never
//! blank) — and is drawn only when stderr is a terminal. With `--progress json` it is
//! instead one JSON line per step on stderr, for the officer's page (src/serve/, which
//! starts runs as child processes): `{"phase":"read","done":3,"total":11}`,
//! `{"phase":"write"}`, and `{"phase":"done","exit":1}` from the command at the end.

use crate::diag::Lang;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How a run reports its progress (`run --progress`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// The bar on a terminal (the default).
    Bar,
    /// One JSON line per step on stderr.
    Json,
}

/// Prints the last progress line of a run in JSON mode: the exit status it ends with.
pub fn json_done(exit: u8) {
    eprintln!("{{\"phase\":\"done\",\"exit\":{exit}}}");
}

/// The two phases a run shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading and checking the files: a bar with the count and the time left.
    Read,
    /// Writing the outputs: a spinner with the time taken so far.
    Write,
}

/// The indicatif template of a phase.
pub fn template(phase: Phase, lang: Lang) -> &'static str {
    match (phase, lang) {
        (Phase::Read, Lang::Zh) => "读取 {bar:40} {pos}/{len} 个文件  已用 {elapsed}  剩余约 {eta}",
        (Phase::Read, Lang::En) => {
            "reading {bar:40} {pos}/{len} files  {elapsed} elapsed  about {eta} left"
        }
        (Phase::Write, Lang::Zh) => {
            "写出 {spinner} 汇总表、问题清单和各单位工作簿…  已用 {elapsed}"
        }
        (Phase::Write, Lang::En) => {
            "writing {spinner} summary, findings and unit workbooks…  {elapsed} elapsed"
        }
    }
}

/// One run's progress display.
pub struct Progress {
    bar: ProgressBar,
    lang: Lang,
    /// JSON mode: files read so far and the total, printed as lines instead of the bar.
    json: Option<(AtomicU64, AtomicU64)>,
}

impl Progress {
    /// Drawn on stderr when `show` (stderr is a terminal), else hidden.
    pub fn new(show: bool, lang: Lang) -> Self {
        let target = if show {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Progress::with_target(target, lang)
    }

    /// Drawn on the given target (tests draw into memory).
    pub fn with_target(target: ProgressDrawTarget, lang: Lang) -> Self {
        let bar = ProgressBar::with_draw_target(None, target);
        Progress {
            bar,
            lang,
            json: None,
        }
    }

    /// JSON lines on stderr instead of the bar (`--progress json`).
    pub fn json(lang: Lang) -> Self {
        let mut p = Progress::with_target(ProgressDrawTarget::hidden(), lang);
        p.json = Some((AtomicU64::new(0), AtomicU64::new(0)));
        p
    }

    /// Starts the 读取 phase over `files` files.
    pub fn reading(&self, files: u64) {
        if let Some((done, total)) = &self.json {
            done.store(0, Ordering::Relaxed);
            total.store(files, Ordering::Relaxed);
            eprintln!("{{\"phase\":\"read\",\"done\":0,\"total\":{files}}}");
            return;
        }
        self.set_phase(Phase::Read);
        self.bar.set_length(files);
        self.bar.set_position(0);
        self.bar.reset_eta();
    }

    /// One file read.
    pub fn tick(&self) {
        if let Some((done, total)) = &self.json {
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            let t = total.load(Ordering::Relaxed);
            eprintln!("{{\"phase\":\"read\",\"done\":{n},\"total\":{t}}}");
            return;
        }
        self.bar.inc(1);
    }

    /// Starts the 写出 phase: the spinner turns on its own while the writers work.
    pub fn writing(&self) {
        if self.json.is_some() {
            eprintln!("{{\"phase\":\"write\"}}");
            return;
        }
        self.set_phase(Phase::Write);
        self.bar.reset_elapsed();
        self.bar.enable_steady_tick(Duration::from_millis(120));
    }

    /// Removes the bar before the closing lines.
    pub fn finish(&self) {
        self.bar.disable_steady_tick();
        self.bar.finish_and_clear();
    }

    fn set_phase(&self, phase: Phase) {
        // The templates are constants, checked by the tests below; a bad one would only
        // leave the previous style.
        if let Ok(style) = ProgressStyle::with_template(template(phase, self.lang)) {
            self.bar.set_style(style);
        }
        self.bar.tick();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A terminal that keeps every line drawn.
    #[derive(Debug, Clone, Default)]
    struct Screen(Arc<Mutex<Vec<String>>>);

    impl indicatif::TermLike for Screen {
        fn width(&self) -> u16 {
            120
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(s)
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            if !s.is_empty() {
                self.0
                    .lock()
                    .map_err(|_| std::io::ErrorKind::Other)?
                    .push(s.into());
            }
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn templates_parse_and_show_phase_and_time_left() {
        for lang in [Lang::Zh, Lang::En] {
            for phase in [Phase::Read, Phase::Write] {
                let t = template(phase, lang);
                assert!(ProgressStyle::with_template(t).is_ok(), "{t}");
                assert!(t.contains("{elapsed}"), "{t}");
            }
            assert!(template(Phase::Read, lang).contains("{eta}"));
        }
    }

    #[test]
    fn the_bar_names_its_phase_as_it_switches() {
        let screen = Screen::default();
        let target = ProgressDrawTarget::term_like_with_hz(Box::new(screen.clone()), 100);
        let p = Progress::with_target(target, Lang::Zh);
        p.reading(4);
        p.tick();
        p.tick();
        std::thread::sleep(Duration::from_millis(30));
        p.tick();
        p.writing();
        std::thread::sleep(Duration::from_millis(300));
        p.finish();
        let drawn = screen.0.lock().unwrap().join("\n");
        let read = drawn.find("读取").expect(&drawn);
        let write = drawn.find("写出").expect(&drawn);
        assert!(read < write, "{drawn}");
        assert!(
            drawn.contains("/4 个文件") && drawn.contains("剩余约"),
            "{drawn}"
        );
        assert!(drawn.contains("已用"), "{drawn}");
    }
}
