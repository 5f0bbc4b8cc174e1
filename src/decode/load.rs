//! Bringing a file into memory through the one size gate ([`limits::MAX_FILE_BYTES`]):
//! a file larger than that is refused before it is read, and one that grows while it is
//! read is cut off at the bound and refused.

use super::limits;
use super::refusal::{LoadFault, Refusal};
use std::io::Read;
use std::path::Path;

/// The size gate: refuses a file of `len` bytes when it is larger than
/// [`limits::MAX_FILE_BYTES`]. Anything larger is not a self-evaluation workbook.
pub fn gate(len: u64) -> Result<(), Refusal> {
    if len > limits::MAX_FILE_BYTES {
        return Err(LoadFault::TooLarge(len).into());
    }
    Ok(())
}

/// Reads a file's bytes through the size gate.
pub fn load(path: &Path) -> Result<Vec<u8>, Refusal> {
    let file = open_regular(path)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    gate(len)?;
    let mut bytes = Vec::with_capacity(len as usize);
    // take() bounds a file that grows while it is read.
    file.take(limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| LoadFault::ReadFailed(e.to_string()))?;
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(LoadFault::Grew.into());
    }
    Ok(bytes)
}

/// Opens a regular file without blocking: a FIFO put where a workbook was expected (or
/// swapped in after the walk) is refused instead of waiting for a writer forever.
fn open_regular(path: &Path) -> Result<std::fs::File, Refusal> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options
        .open(path)
        .map_err(|e| LoadFault::CannotOpen(e.to_string()))?;
    match file.metadata() {
        Ok(m) if m.is_file() => Ok(file),
        _ => Err(LoadFault::CannotOpen("不是普通文件 / not a regular file".into()).into()),
    }
}

/// Reads an input's bytes through the size gate; a failure is the message of the file's
/// `file-unreadable` finding.
pub fn read_input(path: &Path) -> Result<Vec<u8>, crate::diag::Message> {
    load(path).map_err(|r| r.message())
}
