//! Row heights of long list sheets kept out of rust_xlsxwriter's memory.
//!
//! A constant-memory worksheet flushes each row's cells to a temporary file, but the row's
//! options (its height) stay in a map until the workbook is saved: about 300 bytes a row,
//! twice that while the map grows, for every row of 指标明细, 项目明细, 文件清单 and the
//! worklist. Those were most of what a run's memory grew by with the number of workbooks
//! (docs/performance.md, "Tenth session").
//!
//! So a list sheet may hand its data rows' heights to a [`HeightLog`] instead (12 bytes a
//! row, in an anonymous temporary file), and the workbook is saved through
//! [`save_pending`]: rust_xlsxwriter writes the package to a scratch file, then every part
//! is copied into the final file with the same zip options, the logged sheets' `<row>`
//! tags gaining the `ht="…" customHeight="1"` that rust_xlsxwriter itself writes for a row
//! with a height. The result is byte for byte the workbook written with the heights set
//! directly (`saved_with_logged_heights_is_the_same_file` below, and the fixture runs).

use crate::outdir::atomic::{self, Pending};
use anyhow::{bail, Context, Result};
use rust_xlsxwriter::Workbook;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// rust_xlsxwriter's default row height in pixels (15 pt): a row of that height gets no
/// `ht` attribute.
const DEFAULT_ROW_PX: u32 = 20;

/// One logged height: worksheet index, zero-based row, pixels.
type Entry = (u32, u32, u32);

/// The heights of rows written to constant-memory worksheets, in writing order (worksheet
/// by worksheet, row by row), spilled to an anonymous temporary file.
pub struct HeightLog {
    out: BufWriter<File>,
    last: Option<(u32, u32)>,
    count: u64,
}

impl HeightLog {
    /// An empty log; an error when no temporary file can be made (the caller then sets
    /// heights directly).
    pub fn new() -> Result<HeightLog> {
        let f = tempfile::tempfile().context("cannot create a temporary file")?;
        Ok(HeightLog {
            out: BufWriter::new(f),
            last: None,
            count: 0,
        })
    }

    /// Whether `row` of worksheet `sheet` can still be logged: rows come in order, sheet by
    /// sheet (a row that cannot is given its height directly).
    pub fn accepts(&self, sheet: usize, row: u32) -> bool {
        let Ok(sheet) = u32::try_from(sheet) else {
            return false;
        };
        self.last.is_none_or(|last| (sheet, row) > last)
    }

    /// Logs the height (in points, as `Worksheet::set_row_height` takes it) of a row that
    /// holds cells; the default height is not logged (rust_xlsxwriter writes none).
    pub fn record(&mut self, sheet: usize, row: u32, points: f64) -> Result<()> {
        if !self.accepts(sheet, row) {
            bail!("row heights out of order: sheet {sheet} row {row}");
        }
        // rust_xlsxwriter's own conversion (`set_row_height`).
        let px = (points * 4.0 / 3.0).round() as u32;
        let sheet = sheet as u32;
        self.last = Some((sheet, row));
        if px == DEFAULT_ROW_PX || px == 0 {
            return Ok(());
        }
        for x in [sheet, row, px] {
            self.out.write_all(&x.to_le_bytes())?;
        }
        self.count += 1;
        Ok(())
    }

    /// The logged entries, read back in order.
    fn entries(self) -> Result<Entries> {
        let mut f = self.out.into_inner().map_err(|e| e.into_error())?;
        f.seek(SeekFrom::Start(0))?;
        Ok(Entries {
            r: BufReader::new(f),
            left: self.count,
            next: None,
        })
    }
}

/// Reads a log back, with one entry of look-ahead.
struct Entries {
    r: BufReader<File>,
    left: u64,
    next: Option<Entry>,
}

impl Entries {
    fn peek(&mut self) -> Result<Option<Entry>> {
        if self.next.is_none() && self.left > 0 {
            let mut b = [0u8; 12];
            self.r.read_exact(&mut b)?;
            let word = |k: usize| u32::from_le_bytes([b[k], b[k + 1], b[k + 2], b[k + 3]]);
            self.next = Some((word(0), word(4), word(8)));
            self.left -= 1;
        }
        Ok(self.next)
    }

    /// The height of `row` of `sheet` when it is the next entry.
    fn take(&mut self, sheet: u32, row: u32) -> Result<Option<u32>> {
        match self.peek()? {
            Some((s, r, px)) if (s, r) == (sheet, row) => {
                self.next = None;
                Ok(Some(px))
            }
            _ => Ok(None),
        }
    }
}

/// The zip part of the `index`-th worksheet (rust_xlsxwriter numbers worksheets from 1 in
/// workbook order; selfeval writes no chartsheets).
fn sheet_part(index: u32) -> String {
    format!("xl/worksheets/sheet{}.xml", index + 1)
}

/// Saves `wb` like [`atomic::save_pending`], the logged heights put into its rows.
pub fn save_pending(wb: &mut Workbook, path: &Path, log: HeightLog) -> Result<Pending> {
    if log.count == 0 {
        return atomic::save_pending(wb, path);
    }
    let mut entries = log.entries()?;
    atomic::save_pending_rewritten(wb, path, &mut |saved, out| {
        copy_with_heights(saved, out, &mut entries)
    })
}

/// Copies the package `saved` into `out` part by part with rust_xlsxwriter's zip options,
/// the logged rows' heights added.
fn copy_with_heights(saved: &mut File, out: &mut File, log: &mut Entries) -> Result<()> {
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, DateTime};
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(i64::from(atomic::ZIP_LEVEL)))
        .unix_permissions(0o600)
        .last_modified_time(DateTime::default())
        .large_file(false);
    let stored = deflated
        .compression_method(CompressionMethod::Stored)
        .compression_level(None);
    let mut archive = zip::ZipArchive::new(BufReader::new(saved))?;
    let mut zip = zip::ZipWriter::new_stream(BufWriter::new(out));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i)?;
        let name = part.name()?.to_string();
        let opts = match part.compression() {
            CompressionMethod::Stored => stored,
            _ => deflated,
        };
        zip.start_file(name.as_str(), opts)?;
        match log.peek()? {
            Some((sheet, _, _)) if sheet_part(sheet) == name => {
                let xml = BufReader::with_capacity(1 << 16, &mut part);
                add_heights_beside(xml, &mut zip, sheet, log)?;
            }
            _ => {
                std::io::copy(&mut part, &mut zip)?;
            }
        }
    }
    zip.finish()?.into_inner().flush()?;
    if let Some((sheet, row, _)) = log.peek()? {
        bail!(
            "no row {} on worksheet {} for its height",
            row + 1,
            sheet + 1
        );
    }
    Ok(())
}

/// Blocks of a worksheet's XML handed from [`add_heights_beside`]'s reading thread to the
/// writing one: enough to keep both busy, few enough to stay a megabyte.
const BLOCKS_IN_FLIGHT: usize = 16;

/// [`add_heights`] on a thread of its own, its output handed over in blocks of about
/// 64 KiB to be compressed here: inflating the scratch copy and deflating the final one,
/// the two costs of this pass on a long list (指标明细 is 100 MB of XML on 2,000
/// workbooks), then run side by side. The blocks' sizes depend on the XML alone, never on
/// timing, so the bytes written do not either.
fn add_heights_beside<R: BufRead + Send>(
    xml: R,
    out: &mut impl Write,
    sheet: u32,
    log: &mut Entries,
) -> Result<()> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(BLOCKS_IN_FLIGHT);
    std::thread::scope(|scope| {
        let reading = scope.spawn(move || -> Result<()> {
            let mut xml = xml;
            let mut blocks = BufWriter::with_capacity(1 << 16, Blocks(tx));
            add_heights(&mut xml, &mut blocks, sheet, log)?;
            blocks.flush()?;
            Ok(())
        });
        // Every block is taken, also after a failed write, so the reading side never waits
        // on a full channel; its own error comes first.
        let mut written = Ok(());
        for block in rx {
            if written.is_ok() {
                written = out.write_all(&block);
            }
        }
        reading
            .join()
            .map_err(|_| anyhow::anyhow!("the worksheet's reading thread failed"))??;
        Ok(written?)
    })
}

/// A writer handing each write to the channel as one block.
struct Blocks(std::sync::mpsc::SyncSender<Vec<u8>>);

impl Write for Blocks {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .send(buf.to_vec())
            .map_err(|_| std::io::Error::other("the compressing side stopped"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Copies one worksheet's XML, giving each logged row its height. Cell text cannot hold a
/// `<` (it is escaped), so every `<row ` is a row tag. The text between row tags is copied
/// in the reader's blocks, not tag by tag.
fn add_heights(
    xml: &mut impl BufRead,
    out: &mut impl Write,
    sheet: u32,
    log: &mut Entries,
) -> Result<()> {
    const OPEN: &[u8] = b"<row ";
    let mut tag = Vec::with_capacity(64);
    loop {
        let buf = xml.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        let (copy, at_tag) = match memchr::memmem::find(buf, OPEN) {
            Some(k) => (k, true),
            // A tag may start in the last bytes: keep them for the next block.
            None if buf.len() >= OPEN.len() => (buf.len() + 1 - OPEN.len(), false),
            None => (0, false),
        };
        out.write_all(&buf[..copy])?;
        xml.consume(copy);
        if at_tag || copy == 0 {
            // At a row tag, or a few bytes left in the block that may begin one: up to the
            // next `>`, reading on into the next block.
            tag.clear();
            xml.read_until(b'>', &mut tag)?;
            let at = tag.iter().rposition(|&b| b == b'<').unwrap_or(tag.len());
            out.write_all(&tag[..at])?;
            write_row_tag(&tag[at..], out, sheet, log)?;
        }
    }
}

/// Writes one `<row …>` tag, with the logged height of its row when it has one.
fn write_row_tag(tag: &[u8], out: &mut impl Write, sheet: u32, log: &mut Entries) -> Result<()> {
    let Some(row) = row_number(tag) else {
        out.write_all(tag)?;
        return Ok(());
    };
    let Some(px) = log.take(sheet, row)? else {
        out.write_all(tag)?;
        return Ok(());
    };
    if memchr::memmem::find(tag, b" ht=").is_some() {
        bail!(
            "row {} of worksheet {} has a height already",
            row + 1,
            sheet + 1
        );
    }
    // rust_xlsxwriter's attributes after `r` and `x14ac:dyDescent`: ht, customHeight.
    let ht = format!(" ht=\"{}\" customHeight=\"1\"", f64::from(px) * 0.75);
    let end = if tag.ends_with(b"/>") { 2 } else { 1 };
    let (head, close) = tag.split_at(tag.len().saturating_sub(end));
    out.write_all(head)?;
    out.write_all(ht.as_bytes())?;
    out.write_all(close)?;
    Ok(())
}

/// The zero-based row of a `<row r="N" …>` tag.
fn row_number(tag: &[u8]) -> Option<u32> {
    let rest = tag.strip_prefix(b"<row r=\"")?;
    let end = rest.iter().position(|&b| b == b'"')?;
    let n: u32 = std::str::from_utf8(&rest[..end]).ok()?.parse().ok()?;
    n.checked_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::Format;

    /// A workbook of three sheets (the middle one constant-memory) with `n` rows of wrapped
    /// text, heights set directly or logged.
    fn workbook(n: u32, log: Option<&mut HeightLog>) -> Workbook {
        let mut wb = Workbook::new();
        wb.add_worksheet().write_string(0, 0, "前").unwrap();
        let ws = wb.add_worksheet_with_constant_memory().unwrap();
        let f = Format::new().set_text_wrap();
        let mut log = log;
        for r in 0..n {
            ws.write_string_with_format(r, 0, format!("第{r}行 <row r=\"{r}\"> &"), &f)
                .unwrap();
            ws.write_number(r, 2, f64::from(r)).unwrap();
            // Every third row at the default height; the others taller and taller.
            let points = if r % 3 == 0 {
                15.0
            } else {
                15.0 + f64::from(r % 40) * 7.25
            };
            match log.as_deref_mut() {
                Some(l) => l.record(1, r, points).unwrap(),
                None => {
                    ws.set_row_height(r, points).unwrap();
                }
            }
        }
        wb.add_worksheet().write_string(0, 0, "后").unwrap();
        wb
    }

    fn saved(n: u32, logged: bool) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xlsx");
        let mut log = HeightLog::new().unwrap();
        let mut wb = workbook(n, logged.then_some(&mut log));
        if logged {
            save_pending(&mut wb, &path, log).unwrap().commit().unwrap();
        } else {
            atomic::save_pending(&mut wb, &path)
                .unwrap()
                .commit()
                .unwrap();
        }
        std::fs::read(&path).unwrap()
    }

    /// Every part of a package, decompressed, in order.
    fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..z.len())
            .map(|i| {
                let mut p = z.by_index(i).unwrap();
                let mut v = Vec::new();
                p.read_to_end(&mut v).unwrap();
                (p.name().unwrap().to_string(), v)
            })
            .collect()
    }

    /// rust_xlsxwriter writes the last row of a constant-memory sheet twice when it has a
    /// height: once with its cells, then as an empty `<row …/>` with the same number. The
    /// logged heights leave out that duplicate.
    fn without_repeated_last_row(xml: &[u8]) -> Vec<u8> {
        let s = String::from_utf8(xml.to_vec()).unwrap();
        let Some(end) = s.find("</sheetData>") else {
            return xml.to_vec();
        };
        let Some(start) = s[..end].rfind("<row ") else {
            return xml.to_vec();
        };
        let tag = &s[start..end];
        // `<row r="N"`: the same opening earlier means the row was written already.
        let close = tag
            .get(8..)
            .and_then(|t| t.find('"'))
            .map_or(tag.len(), |k| k + 9);
        let opening = &tag[..close];
        let repeated = tag.ends_with("/>") && s[..start].contains(opening);
        if repeated {
            format!("{}{}", &s[..start], &s[end..]).into_bytes()
        } else {
            xml.to_vec()
        }
    }

    #[test]
    fn saved_with_logged_heights_holds_the_same_parts() {
        for n in [0, 1, 5, 3_000] {
            let direct = parts(&saved(n, false));
            let logged = parts(&saved(n, true));
            let names: Vec<_> = direct.iter().map(|p| &p.0).collect();
            assert_eq!(names, logged.iter().map(|p| &p.0).collect::<Vec<_>>());
            for ((name, a), (_, b)) in direct.iter().zip(&logged) {
                let a = without_repeated_last_row(a);
                assert!(
                    a == *b,
                    "{n} rows: {name} differs:\n{}\n{}",
                    String::from_utf8_lossy(&a),
                    String::from_utf8_lossy(b)
                );
            }
            // Deterministic: the same workbook gives the same bytes.
            assert!(saved(n, true) == saved(n, true));
        }
        // The duplicate is there to be left out: the last row (2,999) is a tall one.
        let direct = parts(&saved(3_000, false));
        let sheet = &direct.iter().find(|p| p.0 == sheet_part(1)).unwrap().1;
        let xml = String::from_utf8(sheet.clone()).unwrap();
        assert!(
            xml.contains("<row r=\"3000\" ht="),
            "{}",
            &xml[xml.len() - 300..]
        );
        assert!(without_repeated_last_row(sheet) != *sheet);
    }

    #[test]
    fn row_tags_split_across_read_blocks_are_found() {
        let xml = concat!(
            r#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"/>"#,
            r#"<row r="3" x14ac:dyDescent="0.25"><c r="B3"/></row><rowBreaks/></sheetData>"#
        );
        let h = r#" ht="30" customHeight="1""#;
        let want = format!(
            r#"<sheetData><row r="1"{h}><c r="A1"><v>1</v></c></row><row r="2"{h}/><row r="3" x14ac:dyDescent="0.25"{h}><c r="B3"/></row><rowBreaks/></sheetData>"#
        );
        for cap in 1..=40 {
            let mut log = HeightLog::new().unwrap();
            for r in 0..3 {
                log.record(0, r, 30.0).unwrap();
            }
            let mut entries = log.entries().unwrap();
            let mut out = Vec::new();
            let mut r = BufReader::with_capacity(cap, xml.as_bytes());
            add_heights(&mut r, &mut out, 0, &mut entries).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want, "blocks of {cap}");
            assert!(entries.peek().unwrap().is_none(), "blocks of {cap}");
        }
    }

    #[test]
    fn rows_out_of_order_are_refused() {
        let mut log = HeightLog::new().unwrap();
        log.record(1, 5, 30.0).unwrap();
        assert!(!log.accepts(1, 5));
        assert!(!log.accepts(0, 9));
        assert!(log.accepts(2, 0));
        assert!(log.record(1, 4, 30.0).is_err());
    }

    #[test]
    fn a_logged_row_missing_from_the_sheet_fails_the_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xlsx");
        let mut log = HeightLog::new().unwrap();
        let mut wb = workbook(3, None);
        log.record(1, 10, 40.0).unwrap();
        let e = save_pending(&mut wb, &path, log).unwrap_err();
        assert!(format!("{e:#}").contains("row 11"), "{e:#}");
        assert!(!path.exists());
    }
}
