//! Supervised reading: files are checked in worker processes — the same binary, started
//! with the hidden `__worker` subcommand — so that a file that makes the reader abort,
//! hang or exhaust memory costs that one file, never the run. calamine can abort the
//! process (an allocation it cannot get is not a catchable panic); only a process boundary
//! contains that.
//!
//! The protocol is framed binary over the worker's stdin and stdout. A request is a tag
//! byte and its body: [`REQUEST_FILE`] and a path (its raw bytes, so names that are not
//! UTF-8 pass exactly), answered with the checked file as a postcard record (the store's
//! own spill format); [`REQUEST_REPORT`] and a narrative report with its unit's tables
//! ([`super::reports::ReportJob`]), answered with the report's findings — so checking a
//! report runs under the same limits as reading a workbook. Before each file
//! the worker lowers its own CPU-time limit to what it has used plus [`Limits::cpu`]; its
//! address space is capped at [`Limits::memory`] once at start (Linux `setrlimit`). The
//! parent also keeps a wall-clock deadline, for a worker blocked outside the CPU.
//!
//! A worker that dies, is killed or overruns is replaced by a fresh one for the next file.
//! So is one that answered but kept much memory ([`RETIRE_RESIDENT_BYTES`]): an allocator
//! keeps what a large file made it take, and the next file would be read on top of it.

use super::reports::{check_job, ReportJob, ReportJobRef};
use super::{check_input, unreadable, CheckedFile, Settings};
use crate::diag::Finding;
use crate::diag::Message;
use crate::read::walk::Input;
use std::ffi::OsString;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::Duration;

/// The limits one file is read under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// CPU time for one file.
    pub cpu: Duration,
    /// Address space of a worker process, in bytes.
    pub memory: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            cpu: Duration::from_secs(crate::decode::limits::FILE_CPU_SECONDS),
            memory: crate::decode::limits::WORKER_MEMORY_BYTES,
        }
    }
}

impl Limits {
    /// The wall-clock deadline the parent allows one file: the CPU limit with room for a
    /// busy machine.
    pub fn wall(&self) -> Duration {
        self.cpu * 2 + Duration::from_secs(2)
    }
}

/// A worker whose resident set is above this after answering is ended rather than given
/// the next file. Reading an ordinary workbook leaves a worker at about 24 MiB; a large
/// or crafted one can leave 150 MiB and more behind, which the next file would add to
/// (a 60 MiB flat ODS then a 20 MB workbook of merges: 227 MiB in one process).
pub const RETIRE_RESIDENT_BYTES: u64 = 64 << 20;

/// The tag of a request to read and check one file.
pub const REQUEST_FILE: u8 = 0;
/// The tag of a request to check one narrative report against its unit's tables.
pub const REQUEST_REPORT: u8 = 1;

/// Largest frame either side may send: an answer (a checked file is tens of kilobytes; a
/// larger one costs that file, `file-unreadable`, not the parent's memory) or a report
/// with its unit's tables.
const MAX_FRAME: u64 = 64 * 1024 * 1024;

fn write_frame(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    w.write_all(&(bytes.len() as u64).to_le_bytes())?;
    w.write_all(bytes)?;
    w.flush()
}

/// Reads one frame; `Ok(None)` at a clean end of stream.
fn read_frame(r: &mut impl Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 8];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u64::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(std::io::Error::other("frame too large"));
    }
    let mut buf = Vec::new();
    r.take(len).read_to_end(&mut buf)?;
    if buf.len() as u64 != len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Some(buf))
}

fn path_to_bytes(p: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        p.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        p.to_string_lossy().into_owned().into_bytes()
    }
}

fn path_from_bytes(b: Vec<u8>) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(OsString::from_vec(b))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&b).into_owned())
    }
}

/// The worker's side: answers path after path on stdin/stdout until stdin closes.
pub fn serve(settings: &Settings, limits: Limits) -> std::io::Result<()> {
    limit_memory(limits.memory);
    let mut input = BufReader::new(std::io::stdin().lock());
    let mut output = BufWriter::new(std::io::stdout().lock());
    let fault = std::env::var(FAULT_VAR).ok();
    while let Some(mut request) = read_frame(&mut input)? {
        let tag = if request.is_empty() {
            REQUEST_FILE
        } else {
            request.remove(0)
        };
        let record = match tag {
            REQUEST_REPORT => {
                limit_cpu(limits.cpu);
                let job: ReportJob =
                    postcard::from_bytes(&request).map_err(std::io::Error::other)?;
                if let Some(f) = fault.as_deref().and_then(|f| f.strip_prefix("check-")) {
                    inject(f, &job.path);
                }
                let findings = check_job(&job, settings);
                postcard::to_allocvec(&findings)
            }
            _ => {
                let path = path_from_bytes(request);
                limit_cpu(limits.cpu * budget_factor(&path));
                if let Some(f) = &fault {
                    inject(f, &path);
                }
                postcard::to_allocvec(&check_input(&Input { path, skip: None }, settings))
            }
        };
        write_frame(&mut output, &record.map_err(std::io::Error::other)?)?;
    }
    Ok(())
}

/// How many single files' budgets a request gets: an archive's entries are read one
/// after another in one request.
fn budget_factor(path: &Path) -> u32 {
    if crate::read::archive::is_zip(path) {
        crate::decode::limits::ARCHIVE_BUDGET_FACTOR
    } else {
        1
    }
}

/// Fault injection for the tests of supervision: `hang:NAME`, `abort:NAME` or `exit:NAME`
/// makes the worker spin, abort or exit when asked for a file named NAME; with a
/// `check-` prefix (`check-hang:NAME`), when asked to check the report named NAME;
/// `alloc:NAME` makes it take and touch up to 2 GiB, which `--file-memory 1536` must stop;
/// `hold:NAME` makes it keep 128 MiB once it has read NAME and exit when asked for any
/// file after that, so that a worker given another file after a costly one is seen.
/// Real files that
/// do this exist (tests/supervised.rs has one for memory), but not for every failure.
pub const FAULT_VAR: &str = "SELFEVAL_WORKER_FAULT";

fn inject(fault: &str, path: &Path) {
    static HELD: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    let Some((what, name)) = fault.split_once(':') else {
        return;
    };
    if what == "hold" && HELD.lock().is_ok_and(|h| !h.is_empty()) {
        std::process::exit(3);
    }
    if path.file_name().is_none_or(|n| n != name) {
        return;
    }
    match what {
        "hang" => loop {
            std::hint::spin_loop();
        },
        "abort" => std::process::abort(),
        "exit" => std::process::exit(3),
        "alloc" => allocate_two_gib(),
        "hold" => {
            // Touched, so that it is resident, not only reserved.
            if let Ok(mut held) = HELD.lock() {
                held.push(std::hint::black_box(vec![1u8; 128 << 20]));
            }
        }
        _ => {}
    }
}

/// Takes 2 GiB in 64 MiB blocks. Both limits count memory when it is allocated (address
/// space on Linux, commit charge on Windows), so the pages need not be touched.
fn allocate_two_gib() {
    let mut held = Vec::new();
    for _ in 0..32 {
        held.push(std::hint::black_box(vec![0u8; 64 << 20]));
    }
    std::hint::black_box(&held);
}

#[cfg(target_os = "linux")]
fn limit_memory(bytes: u64) {
    use rustix::process::{setrlimit, Resource, Rlimit};
    let limit = Rlimit {
        current: Some(bytes),
        maximum: Some(bytes),
    };
    if let Err(e) = setrlimit(Resource::As, limit) {
        tracing::warn!("cannot limit the worker's memory: {e}");
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
fn limit_memory(_bytes: u64) {}

// Windows has no setrlimit: the same two limits through a Job Object.
#[cfg(windows)]
#[path = "worker_windows.rs"]
mod job;
#[cfg(windows)]
use job::{limit_cpu, limit_memory, resident_bytes};

/// Lets this process use `budget` more CPU seconds; beyond that the kernel ends it
/// (SIGXCPU), which the parent reports as a timeout.
#[cfg(target_os = "linux")]
fn limit_cpu(budget: Duration) {
    use rustix::process::{setrlimit, Resource, Rlimit};
    let used = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    let used = u64::try_from(used.tv_sec).unwrap_or(0);
    let soft = used
        .saturating_add(budget.as_secs().max(1))
        .saturating_add(1);
    let limit = Rlimit {
        current: Some(soft),
        maximum: None,
    };
    if let Err(e) = setrlimit(Resource::Cpu, limit) {
        tracing::warn!("cannot limit the worker's CPU time: {e}");
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
fn limit_cpu(_budget: Duration) {}

/// How to start a worker: the program and its arguments.
#[derive(Debug, Clone)]
pub struct Spawn {
    /// The selfeval binary.
    pub program: PathBuf,
    /// Its arguments (`__worker` and the settings).
    pub args: Vec<OsString>,
    /// The per-file limits (also passed in `args`; the parent needs the wall deadline).
    pub limits: Limits,
}

/// One running worker process.
struct Worker {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    answers: Receiver<std::io::Result<Option<Vec<u8>>>>,
}

impl Worker {
    fn start(spawn: &Spawn) -> std::io::Result<Worker> {
        let mut child = Command::new(&spawn.program)
            .args(&spawn.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("no stdin"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout"))?;
        let (tx, answers) = std::sync::mpsc::sync_channel(1);
        // A reader thread turns the blocking pipe into a channel the parent can wait on
        // with a deadline.
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let frame = read_frame(&mut r);
                let end = !matches!(frame, Ok(Some(_)));
                if tx.send(frame).is_err() || end {
                    break;
                }
            }
        });
        Ok(Worker {
            child,
            stdin: BufWriter::new(stdin),
            answers,
        })
    }

    /// True when the worker holds more than [`RETIRE_RESIDENT_BYTES`] resident, as far as
    /// the system tells (Linux's `/proc`, Windows' working set; elsewhere never: a worker
    /// there is kept).
    fn heavy(&self) -> bool {
        resident_bytes(&self.child).is_some_and(|b| b > RETIRE_RESIDENT_BYTES)
    }

    /// Sends one request (its tag first) and waits for its answer.
    fn ask<T: serde::de::DeserializeOwned>(
        &mut self,
        request: &[u8],
        wall: Duration,
    ) -> Result<T, Failure> {
        write_frame(&mut self.stdin, request).map_err(|_| Failure::Died)?;
        match self.answers.recv_timeout(wall) {
            Ok(Ok(Some(record))) => postcard::from_bytes(&record).map_err(|_| Failure::Died),
            Ok(_) | Err(RecvTimeoutError::Disconnected) => Err(self.why_dead()),
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                Err(Failure::Timeout)
            }
        }
    }

    /// The cause of a worker's death, from its exit status.
    fn why_dead(&mut self) -> Failure {
        let status = self.child.wait();
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            if let Ok(s) = &status {
                // SIGXCPU: the CPU limit; SIGKILL: the kernel's out-of-memory killer.
                match s.signal() {
                    Some(24) => return Failure::Timeout,
                    Some(9) | Some(6) => return Failure::Memory,
                    _ => {}
                }
            }
        }
        #[cfg(windows)]
        if let Some(why) = status
            .as_ref()
            .ok()
            .and_then(|s| s.code())
            .and_then(|c| job::failure(c as u32))
        {
            return why;
        }
        let _ = status;
        Failure::Died
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing stdin ends a healthy worker; a stuck one is killed.
        let _ = self.stdin.flush();
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// The resident set of a process, from `/proc/PID/status` (`VmRSS`, in kB).
#[cfg(target_os = "linux")]
fn resident_bytes(child: &Child) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kb.checked_mul(1024)
}

#[cfg(not(any(target_os = "linux", windows)))]
fn resident_bytes(_child: &Child) -> Option<u64> {
    None
}

/// Why a file could not be checked in a worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Over the CPU or wall-clock limit.
    Timeout,
    /// Over the memory limit (an aborted allocation, or killed for memory).
    Memory,
    /// The worker ended for another reason (a crash).
    Died,
    /// No worker could be started.
    Spawn,
}

impl Failure {
    /// The `file-unreadable` message for a file that cost its worker.
    pub fn message(self, limits: Limits) -> Message {
        let secs = limits.cpu.as_secs();
        let mb = limits.memory >> 20;
        match self {
            Failure::Timeout => Message::new(
                format!("读取超时：超过每个文件 {secs} 秒的处理时间限制，文件可能已损坏或被构造为恶意文件"),
                format!("timed out: over the {secs} s limit for one file; the file may be damaged or crafted"),
            ),
            Failure::Memory => Message::new(
                format!("内存超限：读取此文件需要超过 {mb} MB 内存，文件可能已损坏或被构造为恶意文件"),
                format!("out of memory: reading this file needs more than {mb} MB; the file may be damaged or crafted"),
            ),
            Failure::Died => Message::new(
                "读取程序异常退出：文件可能已损坏；其他文件不受影响",
                "the reader process ended abnormally: the file may be damaged; the other files are not affected",
            ),
            Failure::Spawn => Message::new(
                "无法启动读取进程，此文件未能检查",
                "cannot start a reader process; this file was not checked",
            ),
        }
    }
}

/// A pool of worker processes, shared by the threads that check files.
pub struct Pool {
    spawn: Spawn,
    idle: Mutex<Vec<Worker>>,
}

impl Pool {
    /// A pool that starts workers on demand (one per thread that asks at once).
    pub fn new(spawn: Spawn) -> Pool {
        Pool {
            spawn,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Checks one input in a worker; skipped inputs are listed without one.
    pub fn check(&self, input: &Input) -> CheckedFile {
        self.check_kept(input).0
    }

    /// [`Pool::check`], and whether a reader answered: a time-out, a memory failure or a
    /// crash is no result to keep (campaign.md §10).
    pub fn check_kept(&self, input: &Input) -> (CheckedFile, bool) {
        if let Some(reason) = input.skip {
            return (super::skipped(&input.path, reason), false);
        }
        let mut request = vec![REQUEST_FILE];
        request.extend(path_to_bytes(&input.path));
        match self.ask(&input.path, &request) {
            Ok(file) => (file, true),
            Err(why) => (self.failed(&input.path, why), false),
        }
    }

    /// Checks one narrative report against its unit's tables in a worker, under the same
    /// limits as a file; the `file-unreadable` message when the worker failed.
    pub fn check_report(&self, job: &ReportJobRef<'_>) -> Result<Vec<Finding>, Message> {
        let mut request =
            postcard::to_allocvec(job).map_err(|_| Failure::Died.message(self.spawn.limits))?;
        request.insert(0, REQUEST_REPORT);
        self.ask(job.path, &request)
            .map_err(|why| why.message(self.spawn.limits))
    }

    /// One request in an idle worker (or a fresh one); the worker goes back to the pool
    /// only when it answered.
    fn ask<T: serde::de::DeserializeOwned>(
        &self,
        path: &Path,
        request: &[u8],
    ) -> Result<T, Failure> {
        let worker = self.idle.lock().ok().and_then(|mut v| v.pop());
        let mut worker = match worker {
            Some(w) => w,
            None => Worker::start(&self.spawn).map_err(|e| {
                tracing::error!("cannot start a reader process: {e}");
                Failure::Spawn
            })?,
        };
        let wall = self.spawn.limits.wall() * budget_factor(path);
        match worker.ask(request, wall) {
            Ok(answer) => {
                if worker.heavy() {
                    tracing::debug!("{}: reader process retired (memory kept)", path.display());
                } else if let Ok(mut idle) = self.idle.lock() {
                    idle.push(worker);
                }
                Ok(answer)
            }
            Err(why) => {
                tracing::info!("{}: reader process lost ({why:?})", path.display());
                Err(why)
            }
        }
    }

    fn failed(&self, path: &Path, why: Failure) -> CheckedFile {
        unreadable(path, why.message(self.spawn.limits))
    }
}
