//! Decoding: a file's bytes to grids of cells, whatever its format, or to the one refusal
//! that says why it cannot be opened. Nothing here knows what a self-evaluation table is
//! beyond the labels that tell a sheet worth its merges ([`crate::form::labels`]); finding
//! and reading the tables in the grids is [`crate::read`]'s.
//!
//! The stages, one module each: [`load`] brings a file into memory through the one size
//! gate; [`sniff`] decides the format by content (and runs the zip package check);
//! [`workbook`] has one module per format, each with its pre-check and its opening with
//! calamine into bounded [`grid::Grid`]s; [`textenc`] tells the text encodings of the
//! formats that are text. A cell's number is read by [`number`], a number format applied by
//! [`numfmt`]. Every refusal on the way is one [`refusal::Refusal`], which becomes the
//! file's finding in one place. [`limits`] holds every bound of reading.

pub mod grid;
pub mod limits;
pub mod load;
pub mod number;
pub mod numfmt;
pub mod refusal;
pub mod sniff;
pub mod textenc;
pub mod workbook;

/// A file of the repository's `fixtures/`, for the decoders' and the reader's unit tests.
#[cfg(test)]
pub(crate) fn fixture(path: &str) -> Vec<u8> {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read(here.join(path)).unwrap()
}
