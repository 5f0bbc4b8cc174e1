//! Bounds on what the XML parts of a zip package declare, checked while the package check
//! inflates them ([`super::package`]), before calamine parses anything: the longest run of
//! text without markup, the number of records of the kinds calamine keeps one value for
//! (styles, shared strings, sheet entries) and the `uniqueCount` a shared-string table
//! declares (calamine reserves memory for it up front). The scan looks only at tag names,
//! not at well-formedness: it runs in constant memory and at `memchr` speed through text.

use crate::decode::limits;
use crate::decode::refusal::{BoundFault, Refusal};

/// The tag names counted in one part, the bound on each, and what passing it means.
struct Watch {
    names: &'static [&'static str],
    limit: u64,
    fault: fn(&'static str) -> BoundFault,
    /// Whether the `<sst>` start tag is captured for its `uniqueCount`.
    sst: bool,
}

const STYLES: Watch = Watch {
    names: &["xf", "font", "fill", "border"],
    limit: limits::MAX_STYLE_RECORDS,
    fault: |element| BoundFault::StyleRecords { element },
    sst: false,
};

const SHARED_STRINGS: Watch = Watch {
    names: &["si"],
    limit: limits::MAX_SHARED_STRINGS,
    fault: |_| BoundFault::SharedStrings,
    sst: true,
};

const WORKBOOK: Watch = Watch {
    names: &["sheet"],
    limit: limits::MAX_SHEET_ENTRIES as u64,
    fault: |_| BoundFault::SheetEntries,
    sst: false,
};

const TEXT_ONLY: Watch = Watch {
    names: &[],
    limit: u64::MAX,
    fault: |_| BoundFault::TextRun,
    sst: false,
};

/// Longest tag name kept while scanning (longer names are none of the watched ones).
const NAME_CAP: usize = 32;

/// Longest `<sst>` start tag kept for its attributes.
const SST_TAG_CAP: usize = 4096;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between tags (or inside a tag after its name): looking for the next `<`.
    Text,
    /// Reading a tag name just after `<`.
    Name,
    /// Inside the `<sst>` start tag, keeping it (with the quote it is inside, if any).
    Sst(Option<u8>),
}

/// The streaming scan of one XML part.
pub(super) struct PartScan {
    watch: &'static Watch,
    counts: Vec<u64>,
    run: u64,
    state: State,
    name: Vec<u8>,
    sst_tag: Option<Vec<u8>>,
}

impl PartScan {
    /// The scan for a part, by its lower-case name; `None` for a part not bounded here
    /// (outside `xl/` in an xlsx, or other than an ods's `content.xml` or `styles.xml`).
    pub(super) fn for_part(lower: &str) -> Option<PartScan> {
        let watch = match lower {
            "xl/styles.xml" => &STYLES,
            "xl/workbook.xml" => &WORKBOOK,
            "content.xml" | "styles.xml" => &TEXT_ONLY,
            n if n.starts_with("xl/") && n.ends_with("sharedstrings.xml") => &SHARED_STRINGS,
            n if n.starts_with("xl/") && (n.ends_with(".xml") || n.ends_with(".rels")) => {
                &TEXT_ONLY
            }
            _ => return None,
        };
        Some(PartScan {
            watch,
            counts: vec![0; watch.names.len()],
            run: 0,
            state: State::Text,
            name: Vec::with_capacity(NAME_CAP),
            sst_tag: None,
        })
    }

    /// Scans the next chunk of the part.
    pub(super) fn feed(&mut self, mut chunk: &[u8]) -> Result<(), Refusal> {
        while !chunk.is_empty() {
            if self.state == State::Text {
                match memchr::memchr(b'<', chunk) {
                    Some(i) => {
                        self.text(i as u64)?;
                        self.run = 0;
                        self.name.clear();
                        // A part with nothing counted needs no tag names: memchr on.
                        if self.counts_tags() {
                            self.state = State::Name;
                        }
                        chunk = &chunk[i + 1..];
                    }
                    None => return self.text(chunk.len() as u64),
                }
                continue;
            }
            let b = chunk[0];
            chunk = &chunk[1..];
            if b == b'<' {
                // A stray `<` inside a tag: start again from it.
                self.run = 0;
                self.name.clear();
                self.state = State::Name;
                continue;
            }
            self.text(1)?;
            match self.state {
                State::Name => self.name_byte(b)?,
                State::Sst(quote) => self.sst_byte(b, quote)?,
                State::Text => {}
            }
        }
        Ok(())
    }

    /// Whether this part's tag names are read (to count them or keep `<sst>`).
    fn counts_tags(&self) -> bool {
        !self.watch.names.is_empty() || self.watch.sst
    }

    /// Counts `n` bytes of text (or tag) since the last `<`.
    fn text(&mut self, n: u64) -> Result<(), Refusal> {
        self.run = self.run.saturating_add(n);
        if self.run > limits::MAX_TEXT_RUN_BYTES {
            return Err(BoundFault::TextRun.into());
        }
        Ok(())
    }

    /// One byte of a tag name: at its end, the name is counted.
    fn name_byte(&mut self, b: u8) -> Result<(), Refusal> {
        if !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>') {
            if self.name.len() < NAME_CAP {
                self.name.push(b);
            } else {
                self.state = State::Text;
            }
            return Ok(());
        }
        self.state = State::Text;
        // The local name, as calamine matches it (`x:xf` is an `xf`).
        let local = match self.name.iter().rposition(|&c| c == b':') {
            Some(i) => &self.name[i + 1..],
            None => &self.name[..],
        };
        if self.watch.sst && local == b"sst" && self.sst_tag.is_none() {
            if b == b'>' {
                return Ok(());
            }
            self.sst_tag = Some(vec![b]);
            self.state = State::Sst(None);
            return Ok(());
        }
        if let Some(i) = self.watch.names.iter().position(|n| n.as_bytes() == local) {
            self.counts[i] += 1;
            if self.counts[i] > self.watch.limit {
                return Err((self.watch.fault)(self.watch.names[i]).into());
            }
        }
        Ok(())
    }

    /// One byte of the `<sst>` start tag: at its end, its `uniqueCount` is checked.
    fn sst_byte(&mut self, b: u8, quote: Option<u8>) -> Result<(), Refusal> {
        let Some(tag) = self.sst_tag.as_mut() else {
            self.state = State::Text;
            return Ok(());
        };
        if tag.len() < SST_TAG_CAP {
            tag.push(b);
        }
        self.state = match quote {
            Some(q) if b == q => State::Sst(None),
            Some(q) => State::Sst(Some(q)),
            None if b == b'"' || b == b'\'' => State::Sst(Some(b)),
            None if b == b'>' => {
                self.state = State::Text;
                return check_declared(tag);
            }
            None => State::Sst(None),
        };
        Ok(())
    }
}

/// Refuses an `<sst>` start tag whose `uniqueCount` is over the bound.
fn check_declared(tag: &[u8]) -> Result<(), Refusal> {
    let Some(at) = memchr::memmem::find(tag, b"uniqueCount") else {
        return Ok(());
    };
    let rest = &tag[at + b"uniqueCount".len()..];
    let digits = rest
        .iter()
        .skip_while(|&&c| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'=' | b'"' | b'\''))
        .take_while(|c| c.is_ascii_digit());
    let n = digits.fold(0u64, |n, &d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    });
    if n > limits::MAX_SHARED_STRINGS {
        return Err(BoundFault::DeclaredStrings(n).into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(part: &str, xml: &[u8], chunk: usize) -> Result<(), Refusal> {
        let mut s = PartScan::for_part(part).expect("bounded part");
        xml.chunks(chunk).try_for_each(|c| s.feed(c))
    }

    #[test]
    fn counts_records_across_chunk_boundaries() {
        let mut xml = b"<styleSheet><cellXfs>".to_vec();
        for _ in 0..=limits::MAX_STYLE_RECORDS {
            xml.extend_from_slice(b"<x:xf/>");
        }
        for chunk in [1, 3, 7, 64 * 1024] {
            assert_eq!(
                scan("xl/styles.xml", &xml, chunk),
                Err(BoundFault::StyleRecords { element: "xf" }.into())
            );
        }
        // `xfs`, `fonts`, `cellXfs` are not records.
        let ok = b"<fonts count=\"1\"><font><sz val=\"11\"/></font></fonts><cellXfs/><xfs/>";
        assert_eq!(scan("xl/styles.xml", ok, 2), Ok(()));
    }

    #[test]
    fn refuses_a_declared_count_and_a_long_text() {
        let sst = b"<?xml version=\"1.0\"?><sst xmlns=\"a>b\" count=\"9\" uniqueCount=\"384307168202282325\"><si/></sst>";
        for chunk in [1, 5, 4096] {
            assert_eq!(
                scan("xl/sharedstrings.xml", sst, chunk),
                Err(BoundFault::DeclaredStrings(384307168202282325).into())
            );
        }
        let fine = b"<sst uniqueCount=\"3\"><si><t>a</t></si></sst>";
        assert_eq!(scan("xl/sharedstrings.xml", fine, 1), Ok(()));
        let long = vec![b'a'; limits::MAX_TEXT_RUN_BYTES as usize + 1];
        assert_eq!(
            scan("xl/worksheets/sheet1.xml", &long, 64 * 1024),
            Err(BoundFault::TextRun.into())
        );
        assert!(PartScan::for_part("docprops/core.xml").is_none());
    }
}
