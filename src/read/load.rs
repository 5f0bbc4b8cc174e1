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
    let file = std::fs::File::open(path).map_err(|e| LoadFault::CannotOpen(e.to_string()))?;
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

/// Reads an input's bytes through the size gate; a failure is the message of the file's
/// `file-unreadable` finding.
pub fn read_input(path: &Path) -> Result<Vec<u8>, crate::diag::Message> {
    load(path).map_err(|r| r.message())
}
