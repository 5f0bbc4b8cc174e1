//! The reader limits on Windows, where there is no `setrlimit`: the worker process puts
//! itself into a Job Object of its own and sets the job's per-process limits on itself.
//!
//! - Memory: `JOB_OBJECT_LIMIT_PROCESS_MEMORY` caps the memory the worker may commit at
//!   [`super::Limits::memory`]. An allocation past it fails; Rust then aborts the process
//!   (exit status `STATUS_STACK_BUFFER_OVERRUN`, the fast-fail of `abort`), which the parent
//!   reports as 内存超限, as it does a `SIGABRT` on Linux.
//! - CPU: `JOB_OBJECT_LIMIT_PROCESS_TIME` ends the worker when its user-mode time passes a
//!   limit. Like `RLIMIT_CPU` on Linux it counts the process's whole life, so before each
//!   file the limit is set anew to the time used so far plus the file's budget. The system
//!   ends such a process with exit code `ERROR_NOT_ENOUGH_QUOTA`, reported as 读取超时.
//!
//! The job is the worker's own (Windows 8 and later nest jobs, so this works when the run
//! itself is inside a job); the parent's wall-clock deadline still holds for a worker blocked
//! outside the CPU. A limit that cannot be set is logged and the worker goes on, as on Linux.

use std::sync::Mutex;
use std::time::Duration;
use windows_sys::Win32::Foundation::{FILETIME, HANDLE};
use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JobObjectExtendedLimitInformation,
    SetInformationJobObject, JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JOB_OBJECT_LIMIT_PROCESS_MEMORY,
    JOB_OBJECT_LIMIT_PROCESS_TIME,
};
use windows_sys::Win32::System::ProcessStatus::{K32GetProcessMemoryInfo, PROCESS_MEMORY_COUNTERS};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, GetProcessTimes};

/// Exit code of a process the job ended for its CPU time (winerror.h).
const ERROR_NOT_ENOUGH_QUOTA: u32 = 1816;
/// Exit code of `abort` (its `__fastfail`): an allocation the job refused, or a crash that
/// aborted.
const STATUS_STACK_BUFFER_OVERRUN: u32 = 0xC000_0409;
/// Exit code of a process that ran out of memory outside Rust's allocator.
const STATUS_NO_MEMORY: u32 = 0xC000_0017;

/// One tick of a job's time limits and of `GetProcessTimes`: 100 ns.
const TICKS_PER_SECOND: u64 = 10_000_000;

/// The worker's job and the limits set on it (setting the extended limits replaces them
/// all, so both are kept to be set together).
struct Job {
    handle: HANDLE,
    memory: Option<u64>,
    cpu_ticks: Option<u64>,
}

// SAFETY: a job handle is a kernel handle, usable from any thread; it is only used under
// the mutex and never closed (the job ends with the process).
unsafe impl Send for Job {}

static JOB: Mutex<Option<Job>> = Mutex::new(None);

/// Caps the memory this process may commit.
pub fn limit_memory(bytes: u64) {
    update(|job| job.memory = Some(bytes));
}

/// Lets this process use `budget` more seconds of user-mode CPU time; past that the system
/// ends it (`ERROR_NOT_ENOUGH_QUOTA`).
pub fn limit_cpu(budget: Duration) {
    let Some(used) = user_ticks() else {
        tracing::warn!("cannot read the worker's CPU time: its limit is not set");
        return;
    };
    let budget = budget.as_secs().max(1).saturating_add(1);
    let limit = used.saturating_add(budget.saturating_mul(TICKS_PER_SECOND));
    update(|job| job.cpu_ticks = Some(limit));
}

/// Why a worker ended, from its exit code: `None` when the code says nothing about limits.
pub fn failure(code: u32) -> Option<super::Failure> {
    match code {
        ERROR_NOT_ENOUGH_QUOTA => Some(super::Failure::Timeout),
        STATUS_STACK_BUFFER_OVERRUN | STATUS_NO_MEMORY => Some(super::Failure::Memory),
        _ => None,
    }
}

/// Changes the limits kept, creating the job and joining it on first use, and sets them.
fn update(change: impl FnOnce(&mut Job)) {
    let Ok(mut guard) = JOB.lock() else {
        return;
    };
    if guard.is_none() {
        match join_new_job() {
            Ok(handle) => {
                *guard = Some(Job {
                    handle,
                    memory: None,
                    cpu_ticks: None,
                })
            }
            Err(e) => {
                tracing::warn!("cannot put the worker in a job object, no limits: {e}");
                return;
            }
        }
    }
    let Some(job) = guard.as_mut() else {
        return;
    };
    change(job);
    match apply(job) {
        Ok(()) => tracing::debug!(
            "job object limits set: memory {:?} bytes, user CPU time {:?} x 100 ns",
            job.memory,
            job.cpu_ticks
        ),
        Err(e) => tracing::warn!("cannot limit the worker's memory and CPU time: {e}"),
    }
}

/// A new, unnamed job with this process in it.
fn join_new_job() -> std::io::Result<HANDLE> {
    // SAFETY: null attributes and name are allowed (an unnamed job, default security).
    let handle = unsafe { CreateJobObjectW(std::ptr::null(), std::ptr::null()) };
    if handle.is_null() {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: both handles are valid; GetCurrentProcess is a pseudo-handle.
    if unsafe { AssignProcessToJobObject(handle, GetCurrentProcess()) } == 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(handle)
}

/// Sets the job's limits to those kept.
fn apply(job: &Job) -> std::io::Result<()> {
    let mut info = JOBOBJECT_EXTENDED_LIMIT_INFORMATION::default();
    if let Some(bytes) = job.memory {
        info.BasicLimitInformation.LimitFlags |= JOB_OBJECT_LIMIT_PROCESS_MEMORY;
        info.ProcessMemoryLimit = usize::try_from(bytes).unwrap_or(usize::MAX);
    }
    if let Some(ticks) = job.cpu_ticks {
        info.BasicLimitInformation.LimitFlags |= JOB_OBJECT_LIMIT_PROCESS_TIME;
        info.BasicLimitInformation.PerProcessUserTimeLimit =
            i64::try_from(ticks).unwrap_or(i64::MAX);
    }
    let size = std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32;
    // SAFETY: `info` is a valid JOBOBJECT_EXTENDED_LIMIT_INFORMATION of `size` bytes for the
    // information class named, and lives across the call.
    let ok = unsafe {
        SetInformationJobObject(
            job.handle,
            JobObjectExtendedLimitInformation,
            (&info as *const JOBOBJECT_EXTENDED_LIMIT_INFORMATION).cast(),
            size,
        )
    };
    if ok == 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// The user-mode CPU time this process has used, in 100 ns ticks.
fn user_ticks() -> Option<u64> {
    let zero = FILETIME {
        dwLowDateTime: 0,
        dwHighDateTime: 0,
    };
    let (mut created, mut exited, mut kernel, mut user) = (zero, zero, zero, zero);
    // SAFETY: four valid FILETIME out-pointers; GetCurrentProcess is a pseudo-handle.
    let ok = unsafe {
        GetProcessTimes(
            GetCurrentProcess(),
            &mut created,
            &mut exited,
            &mut kernel,
            &mut user,
        )
    };
    (ok != 0).then(|| (u64::from(user.dwHighDateTime) << 32) | u64::from(user.dwLowDateTime))
}

/// The working set of a worker process (what Linux counts as resident), in bytes.
pub fn resident_bytes(child: &std::process::Child) -> Option<u64> {
    use std::os::windows::io::AsRawHandle;
    let mut counters = PROCESS_MEMORY_COUNTERS {
        cb: std::mem::size_of::<PROCESS_MEMORY_COUNTERS>() as u32,
        ..Default::default()
    };
    // SAFETY: the child's handle is open while `child` lives; `counters` is a valid
    // out-pointer of the size given.
    let ok = unsafe {
        K32GetProcessMemoryInfo(child.as_raw_handle() as HANDLE, &mut counters, counters.cb)
    };
    (ok != 0).then_some(counters.WorkingSetSize as u64)
}
