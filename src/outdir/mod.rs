//! Placing a set of outputs: every file written to a temporary name and renamed into place
//! ([`atomic`]), safe file names from text found in workbooks ([`names`]), and the whole set
//! staged beside OUTDIR and switched in at once, with its manifest and the spare ([`set`]).

pub(crate) mod atomic;
pub(crate) mod names;
pub(crate) mod set;

use atomic::{Pending, Placement};
use std::path::{Path, PathBuf};

/// The folder one set of outputs is written into and how its many files (units/,
/// reports/) are placed there. Every file goes into place as it is finished, but the
/// summary: it is written beside the others under its temporary name and placed by
/// [`OutputSet::finish`], the last step, so its presence means the set is complete.
#[derive(Debug, Clone)]
pub struct OutputSet {
    dir: PathBuf,
    how: Placement,
}

impl OutputSet {
    /// A set written into `dir` (a staged folder, or a round's archive), placing `how`.
    pub fn new(dir: &Path, how: Placement) -> Self {
        OutputSet {
            dir: dir.to_path_buf(),
            how,
        }
    }

    /// The path of an output of the set.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// How the many files of units/ and reports/ are placed.
    pub fn placement(&self) -> Placement {
        self.how
    }

    /// The last step, once every other output is in place: the summary goes in.
    pub fn finish(&self, summary: Pending) -> Result<(), anyhow::Error> {
        summary.commit()
    }
}
