//! Outputs taken from the previous set when what they are made of did not change (issue 28):
//! a unit's return workbook and documents are keyed by exactly what their writer reads —
//! the unit's files in full (tables, findings, states, as the cross-file rules left them),
//! which of their tables it holds, and what else the writer shows (language, date,
//! settings, the unit's part of the campaign's view). A writer asks [`taken`] before it
//! builds an output; the [`Reuse`] (a workspace's, `campaign::reuse`) decides whether the
//! previous set's copy can stand for it.

use crate::aggregate::Unit;
use crate::store::FileSource;
use anyhow::Result;
use std::path::Path;

/// Where outputs of the previous set come from.
pub trait Reuse: Sync + std::fmt::Debug {
    /// `path` (inside the set being written) would be made of `key`: true when the
    /// previous set's copy, made of the same key, was put there and nothing need be
    /// written. Every key asked for is remembered for the next run.
    fn reuse(&self, path: &Path, key: &blake3::Hash) -> bool;

    /// The folder the keys name the unit's files (and the inbox) relative to: the inbox, so
    /// that the workspace named from another folder (its parent, inside it, the page's
    /// absolute path) takes the same outputs. The outputs show no more of a file's path
    /// than its part below the inbox.
    fn root(&self) -> &Path {
        Path::new("")
    }
}

/// Whether the output at `path` of `unit` was taken from the previous set; `extra` is what
/// the writer reads besides the unit's files. Without a [`Reuse`], never.
pub fn taken(
    reuse: Option<&dyn Reuse>,
    source: &dyn FileSource,
    unit: &Unit,
    extra: &[u8],
    path: &Path,
) -> Result<bool> {
    let Some(reuse) = reuse else {
        return Ok(false);
    };
    let key = unit_key(source, unit, extra, reuse.root())?;
    Ok(reuse.reuse(path, &key))
}

/// The key of a unit's outputs: its name, each of its lists of (file, table) with the
/// files — by content and their path below `root`, not by index, which a file added
/// before it shifts — and `extra`.
pub fn unit_key(
    source: &dyn FileSource,
    unit: &Unit,
    extra: &[u8],
    root: &Path,
) -> Result<blake3::Hash> {
    let mut h = blake3::Hasher::new();
    h.update(unit.name.as_bytes());
    h.update(&[0]);
    h.update(extra);
    let lists: [Vec<(usize, usize)>; 4] = [
        unit.tables.clone(),
        unit.left_out.clone(),
        unit.lost.iter().map(|&i| (i, usize::MAX)).collect(),
        unit.reports.iter().map(|&i| (i, usize::MAX)).collect(),
    ];
    for list in &lists {
        h.update(&(list.len() as u64).to_le_bytes());
        let mut last: Option<(usize, blake3::Hash)> = None;
        for &(fi, ti) in list {
            let file = match last {
                Some((i, k)) if i == fi => k,
                _ => file_key(source, fi, root)?,
            };
            last = Some((fi, file));
            h.update(file.as_bytes());
            h.update(&(ti as u64).to_le_bytes());
        }
    }
    Ok(h.finalize())
}

/// A file as the writers read it, without decoding it in full: the full file is what the
/// reader made of its content (its hash and path; the [`Reuse`] adds the program and the
/// settings) with what the cross-file rules added on the light copy, which `Store::full`
/// carries over: the status, the findings, the unit, the states, and the received time.
fn file_key(source: &dyn FileSource, fi: usize, root: &Path) -> Result<blake3::Hash> {
    let light = source.light();
    let f = light
        .get(fi)
        .ok_or_else(|| anyhow::anyhow!("file index out of range"))?;
    let mut h = blake3::Hasher::new();
    let Some(hash) = f.hash else {
        // Not read (skipped, or not loaded): the light copy is the whole file.
        h.update(&postcard::to_allocvec(f)?);
        return Ok(h.finalize());
    };
    h.update(&hash);
    let path = f.path.strip_prefix(root).unwrap_or(&f.path);
    h.update(path.as_os_str().as_encoded_bytes());
    let added = (f.status, &f.findings, &f.unit, &f.standing, f.modified);
    h.update(&postcard::to_allocvec(&added)?);
    for t in &f.tables {
        h.update(&postcard::to_allocvec(&(&t.findings, &t.standing))?);
    }
    Ok(h.finalize())
}
