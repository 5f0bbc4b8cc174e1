//! The run's store: every checked file spilled to a temporary file as it arrives, with a
//! light copy kept in memory for the cross-file rules, the grouping into units and the
//! summary rows. Memory stays flat in the number of indicators: a full file is read back
//! only while its outputs are written.
//!
//! The spill is postcard, a compact binary serde format: each file is read back three
//! times (report.json, its unit workbook, the summary), and postcard decodes about three
//! times faster than JSON into a record a quarter of the size.

use crate::check::CheckedFile;
use crate::model::FundRole;
use crate::read::walk::Input;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::borrow::Cow;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

/// Where the writers get checked files from: a light list (no indicators, no goals, only
/// the fund rows the summary needs; findings and status final) and the full file by index.
pub trait FileSource: Sync {
    /// Every file, light, in input order.
    fn light(&self) -> &[CheckedFile];
    /// File `i` in full, with the same findings and status as its light copy.
    fn full(&self, i: usize) -> Result<Cow<'_, CheckedFile>>;
}

/// A reference to one table of the run: (file index, table index).
pub type TableIndex = (usize, usize);

/// Calls `f` on each of a unit's tables in full, reading each file back once.
pub fn for_each_full_table(
    source: &dyn FileSource,
    tables: &[TableIndex],
    mut f: impl FnMut(&crate::check::CheckedTable) -> Result<()>,
) -> Result<()> {
    let mut current: Option<(usize, Cow<'_, CheckedFile>)> = None;
    for &(fi, ti) in tables {
        if current.as_ref().map(|(i, _)| *i) != Some(fi) {
            current = Some((fi, source.full(fi)?));
        }
        if let Some(ct) = current.as_ref().and_then(|(_, file)| file.tables.get(ti)) {
            f(ct)?;
        }
    }
    Ok(())
}

/// Files read back ahead of the one being written, by [`for_each_full_table_ahead`]: enough
/// for the reading to keep pace, few enough that they stay a few megabytes.
pub const READ_AHEAD: usize = 16;

/// Calls `f` on each table of `tables` in full, in order, as [`for_each_full_table`] does,
/// but the next [`READ_AHEAD`] files are read back and decoded by another thread, when one
/// is free, while `f` works on these (when none is, they are read here after `f`): a long
/// list (指标明细) then costs its writing alone. `K` tells `f` whose table it is.
pub fn for_each_full_table_ahead<K: Copy + Sync>(
    source: &dyn FileSource,
    tables: &[(K, TableIndex)],
    mut f: impl FnMut(K, &crate::check::CheckedTable) -> Result<()>,
) -> Result<()> {
    let batches = batches_by_file(tables, READ_AHEAD);
    let read = |batch: &[(K, TableIndex)]| -> Result<Vec<Cow<'_, CheckedFile>>> {
        let mut files: Vec<usize> = batch.iter().map(|(_, (fi, _))| *fi).collect();
        files.dedup();
        files.iter().map(|&fi| source.full(fi)).collect()
    };
    let mut current = match batches.first() {
        Some(b) => read(b)?,
        None => return Ok(()),
    };
    for (k, batch) in batches.iter().enumerate() {
        let mut next = None;
        let written = rayon::in_place_scope(|scope| {
            if let Some(b) = batches.get(k + 1) {
                scope.spawn(|_| next = Some(read(b)));
            }
            write_batch(batch, &current, &mut f)
        });
        written?;
        match next {
            Some(files) => current = files?,
            None => break,
        }
    }
    Ok(())
}

/// `tables` cut into runs of `files` files each, a file's tables never split.
fn batches_by_file<K>(tables: &[(K, TableIndex)], files: usize) -> Vec<&[(K, TableIndex)]> {
    let mut out = Vec::new();
    let (mut start, mut seen) = (0, 0);
    for i in 0..tables.len() {
        let new_file = i == 0 || tables[i].1 .0 != tables[i - 1].1 .0;
        if new_file && seen == files {
            out.push(&tables[start..i]);
            (start, seen) = (i, 0);
        }
        seen += usize::from(new_file);
    }
    if start < tables.len() {
        out.push(&tables[start..]);
    }
    out
}

/// Calls `f` on the tables of one batch, its files read back in `files` (one per run of
/// equal file indices, in order).
fn write_batch<K: Copy>(
    batch: &[(K, TableIndex)],
    files: &[Cow<'_, CheckedFile>],
    f: &mut impl FnMut(K, &crate::check::CheckedTable) -> Result<()>,
) -> Result<()> {
    let mut at = 0;
    for (i, (key, (fi, ti))) in batch.iter().enumerate() {
        if i > 0 && batch[i - 1].1 .0 != *fi {
            at += 1;
        }
        let file = files.get(at).context("a file was not read back")?;
        if let Some(ct) = file.tables.get(*ti) {
            f(*key, ct)?;
        }
    }
    Ok(())
}

/// Files already in memory are their own source.
impl FileSource for Vec<CheckedFile> {
    fn light(&self) -> &[CheckedFile] {
        self
    }
    fn full(&self, i: usize) -> Result<Cow<'_, CheckedFile>> {
        self.get(i)
            .map(Cow::Borrowed)
            .context("file index out of range")
    }
}

/// The light copy of a file: what the cross-file rules, the grouping into units and the
/// 汇总 / 项目明细 / 文件清单 rows read.
pub fn light(file: &CheckedFile) -> CheckedFile {
    let mut l = CheckedFile {
        tables: Vec::with_capacity(file.tables.len()),
        ..file.clone_shallow()
    };
    for t in &file.tables {
        let mut table = t.table.clone_without_rows();
        table
            .funds
            .rows
            .retain(|r| matches!(r.role, FundRole::Total | FundRole::Project));
        // `retain` keeps the capacity of every fund row: given back, it is most of a light
        // table (tens of thousands stay in memory for the whole run).
        table.funds.rows.shrink_to_fit();
        let mut review = t.review.clone();
        review.indicators = Vec::new();
        l.tables.push(crate::check::CheckedTable {
            table,
            review,
            findings: t.findings.clone(),
            standing: t.standing.clone(),
        });
    }
    l
}

/// A checked file ready to go into the store: its spill record and its light copy.
#[derive(Debug)]
pub struct Prepared {
    record: Vec<u8>,
    light: CheckedFile,
}

/// How many files are checked in parallel before their results go to the store: enough
/// to keep every thread busy, few enough that their tables stay a few megabytes.
pub const CHUNK: usize = 256;

/// What [`collect`] hands each full result to when results are kept.
pub type Keep<'a, T> = &'a mut dyn FnMut(&Input, T);

/// Checks every input in parallel, streaming the results in input order into a
/// [`Store`] and finishes it; the caller applies the cross-file rules to the light copies
/// ([`Store::light_mut`]). `produce` turns an
/// input into its checked file (the plain [`check_input`], or a cache lookup in `--watch`),
/// `keep`, when given, sees each full file once (the watch cache); without it each full
/// file is dropped as soon as it is stored. `tick` counts progress.
pub fn collect<T: Send>(
    inputs: &[Input],
    produce: &(dyn Fn(&Input) -> T + Sync),
    file_of: fn(&T) -> &CheckedFile,
    mut keep: Option<Keep<'_, T>>,
    tick: &(dyn Fn() + Sync),
) -> anyhow::Result<Store> {
    let mut store = Store::new()?;
    // One entry a file (more only for archives): grown by doubling, the light list kept up
    // to twice the room it needed, and both copies while it moved.
    store.files.reserve_exact(inputs.len());
    store.spans.reserve_exact(inputs.len());
    let retain = keep.is_some();
    for chunk in inputs.chunks(CHUNK) {
        // Everything but appending to the store runs in parallel: reading, checking, the
        // spill record, the light copy, and dropping the full file when it is not kept.
        let done: Vec<(Option<T>, Vec<anyhow::Result<Prepared>>)> = chunk
            .par_iter()
            .map(|i| {
                let item = produce(i);
                // An archive is listed as its entries (templates.md §9).
                let prepared = crate::check::listed_ref(file_of(&item))
                    .into_iter()
                    .map(Store::prepare)
                    .collect();
                tick();
                (retain.then_some(item), prepared)
            })
            .collect();
        for (input, (item, prepared)) in chunk.iter().zip(done) {
            for p in prepared {
                store.push_prepared(p?)?;
            }
            if let (Some(keep), Some(item)) = (keep.as_mut(), item) {
                keep(input, item);
            }
        }
    }
    store.finish()?;
    Ok(store)
}

/// Checked files spilled to a temporary file, light copies in memory.
pub struct Store {
    spill: Mutex<BufReader<std::fs::File>>,
    writer: Option<BufWriter<std::fs::File>>,
    /// (offset, length) of each file's record in the spill.
    spans: Vec<(u64, u64)>,
    end: u64,
    files: Vec<CheckedFile>,
}

impl Store {
    /// An empty store spilling to an anonymous temporary file (removed by the system when
    /// the store is dropped, also if the process is killed).
    pub fn new() -> Result<Store> {
        let f = tempfile::tempfile().context("cannot create a temporary file")?;
        let reader = f.try_clone().context("cannot reopen the temporary file")?;
        Ok(Store {
            spill: Mutex::new(BufReader::new(reader)),
            writer: Some(BufWriter::new(f)),
            spans: Vec::new(),
            end: 0,
            files: Vec::new(),
        })
    }

    /// Adds the next file (in input order).
    pub fn push(&mut self, file: &CheckedFile) -> Result<()> {
        self.push_prepared(Store::prepare(file)?)
    }

    /// The work of [`Store::push`] that needs no store: the record and the light copy.
    /// Checked files are prepared in parallel and then pushed in input order.
    pub fn prepare(file: &CheckedFile) -> Result<Prepared> {
        Ok(Prepared {
            record: postcard::to_allocvec(file).context("cannot serialise a checked file")?,
            light: light(file),
        })
    }

    /// Adds the next file (in input order), already prepared.
    pub fn push_prepared(&mut self, p: Prepared) -> Result<()> {
        let w = self.writer.as_mut().context("store already finished")?;
        w.write_all(&p.record)
            .context("cannot write the temporary file")?;
        self.spans.push((self.end, p.record.len() as u64));
        self.end += p.record.len() as u64;
        self.files.push(p.light);
        Ok(())
    }

    /// Flushes the spill; after this, files can be read back.
    pub fn finish(&mut self) -> Result<()> {
        if let Some(mut w) = self.writer.take() {
            w.flush().context("cannot write the temporary file")?;
        }
        Ok(())
    }

    /// The light copies, for the cross-file rules to add their findings and statuses;
    /// [`FileSource::full`] carries them over to the full files.
    pub fn light_mut(&mut self) -> &mut [CheckedFile] {
        &mut self.files
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl FileSource for Store {
    fn light(&self) -> &[CheckedFile] {
        &self.files
    }

    fn full(&self, i: usize) -> Result<Cow<'_, CheckedFile>> {
        let (offset, len) = *self.spans.get(i).context("file index out of range")?;
        let mut buf = vec![0; len as usize];
        {
            // Only the read holds the lock; parsing the record runs in parallel.
            let mut r = self
                .spill
                .lock()
                .map_err(|_| anyhow::anyhow!("temporary file lock poisoned"))?;
            r.seek(SeekFrom::Start(offset))
                .context("cannot read the temporary file")?;
            r.read_exact(&mut buf)
                .context("cannot read the temporary file")?;
        }
        let mut full: CheckedFile = postcard::from_bytes(&buf).context("corrupt temporary file")?;
        // Cross-file findings and the final status live on the light copy.
        let l = &self.files[i];
        full.status = l.status;
        full.findings = l.findings.clone();
        full.unit = l.unit.clone();
        full.standing = l.standing.clone();
        for (t, lt) in full.tables.iter_mut().zip(&l.tables) {
            t.findings = lt.findings.clone();
            t.standing = lt.standing.clone();
        }
        Ok(Cow::Owned(full))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckedTable, FileStatus};
    use crate::model::{CellRef, Figure, FundRow, Indicator, Table, TableKind, Text};
    use crate::score::{review, Policy};

    fn file(name: &str, unit: &str) -> CheckedFile {
        let mut t = Table::empty(TableKind::Project, "s");
        t.name = Text::new(name, CellRef::new(3, 2));
        t.unit = Text::new(unit, CellRef::new(4, 6));
        t.funds.rows.push(FundRow {
            label: "年度资金总额".into(),
            role: FundRole::Total,
            cell: CellRef::new(6, 2),
            initial: Figure::default(),
            budget: Figure::new(Some(10.into()), CellRef::new(6, 5)),
            executed: Figure::new(Some(9.into()), CellRef::new(6, 6)),
        });
        t.indicators.push(Indicator {
            row: 14,
            level1: "产出指标".into(),
            ..Default::default()
        });
        let rv = review(&t, &Policy::default());
        let path = std::path::PathBuf::from(format!("{name}.xlsx"));
        CheckedFile {
            tables: vec![CheckedTable {
                table: t,
                review: rv,
                findings: vec![],
                standing: Default::default(),
            }],
            hash: Some([7; 32]),
            ..CheckedFile::bare(&path, FileStatus::Ok)
        }
    }

    #[test]
    fn files_come_back_whole_with_the_cross_findings_of_their_light_copy() {
        let mut s = Store::new().unwrap();
        let a = file("甲", "单位");
        let b = file("甲", "单位"); // the same table twice: the older copy is superseded
        s.push(&a).unwrap();
        s.push(&b).unwrap();
        s.finish().unwrap();
        crate::check::apply_cross(s.light_mut(), &Default::default());
        assert!(s.light()[0].tables[0].table.indicators.is_empty());
        for i in 0..2 {
            let full = s.full(i).unwrap();
            assert_eq!(full.tables[0].table, a.tables[0].table);
            // Same path, same time: the later copy counts, the first carries the finding.
            let dup = full.tables[0]
                .findings
                .iter()
                .any(|f| f.code.as_str() == "table-duplicate");
            assert_eq!(dup, i == 0, "file {i}");
            assert_eq!(full.status, s.light()[i].status);
        }
    }

    #[test]
    fn reading_ahead_visits_every_table_in_order_and_stops_at_the_first_error() {
        // 40 files of one to three tables each: batches of 16 files, a file never split.
        let mut s = Store::new().unwrap();
        let mut tables = Vec::new();
        for i in 0..40usize {
            let mut f = file(&format!("表{i}"), "单位");
            for _ in 0..i % 3 {
                f.tables.push(f.tables[0].clone());
            }
            for t in 0..f.tables.len() {
                tables.push((i, (i, t)));
            }
            s.push(&f).unwrap();
        }
        s.finish().unwrap();
        let mut seen = Vec::new();
        for_each_full_table_ahead(&s, &tables, |k, ct| {
            seen.push((k, ct.table.name.text.clone()));
            Ok(())
        })
        .unwrap();
        let want: Vec<_> = tables.iter().map(|&(k, _)| (k, format!("表{k}"))).collect();
        assert_eq!(seen, want);
        assert!(batches_by_file(&tables, READ_AHEAD)
            .iter()
            .all(|b| b.first().map(|x| x.1 .1) == Some(0)));
        let mut calls = 0;
        let err = for_each_full_table_ahead(&s, &tables, |k, _| {
            calls += 1;
            anyhow::ensure!(k < 20, "stop");
            Ok(())
        });
        assert!(err.is_err());
        assert_eq!(calls, tables.iter().filter(|x| x.0 < 20).count() + 1);
        let none: &[(usize, TableIndex)] = &[];
        for_each_full_table_ahead(&s, none, |_, _| anyhow::bail!("no table")).unwrap();
    }
}
