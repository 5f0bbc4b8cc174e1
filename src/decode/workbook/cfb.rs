//! A minimal read-only compound file (OLE/CFB) reader for the xls pre-check: enough to
//! follow the chains calamine will follow (checking that they end) and to fetch the
//! `Workbook` stream, in memory bounded by the file.

/// The little-endian `u16` at `i`, if the bytes reach that far.
pub(super) fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}
/// The little-endian `u32` at `i`, if the bytes reach that far.
pub(super) fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;

/// A minimal read-only compound file: enough to fetch one stream.
pub(super) struct Cfb<'a> {
    bytes: &'a [u8],
    shift: u32,
    fat: Vec<u32>,
}

impl<'a> Cfb<'a> {
    /// Reads the header and the FAT; `None` when they cannot be followed.
    pub(super) fn parse(bytes: &'a [u8]) -> Option<Cfb<'a>> {
        let shift = u16_at(bytes, 0x1E)? as u32;
        if !(7..=16).contains(&shift) {
            return None;
        }
        let sec = 1usize << shift;
        // The FAT is built as calamine builds it (every DIFAT entry below DIFSECT, whatever
        // the header's FAT count says), so that the chains checked are the ones it follows.
        let mut fat_secs: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + i * 4))
            .collect();
        let mut difat = u32_at(bytes, 0x44)?;
        let mut guard = 0;
        while difat < 0xFFFF_FFFA {
            guard += 1;
            if guard > bytes.len() / sec + 1 {
                return None; // a DIFAT chain longer than the file: a cycle
            }
            let off = (difat as usize + 1).checked_mul(sec)?;
            let per = sec / 4 - 1;
            for i in 0..per {
                fat_secs.push(u32_at(bytes, off + i * 4)?);
            }
            difat = u32_at(bytes, off + per * 4)?;
        }
        let mut fat = Vec::new();
        for s in fat_secs.into_iter().filter(|&s| s < DIFSECT) {
            let off = (s as usize + 1).checked_mul(sec)?;
            let chunk = bytes.get(off..off + sec)?;
            fat.extend(
                chunk
                    .chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            );
            // Distinct FAT sectors all lie in the file; more means sectors listed twice.
            if fat.len().saturating_mul(4) > bytes.len() {
                return None;
            }
        }
        Some(Cfb { bytes, shift, fat })
    }

    /// Follows a FAT chain: the ids of its units, in order; `None` on a cycle or an id
    /// outside the FAT (bounded by the FAT's length).
    fn walk(start: u32, fat: &[u32]) -> Option<Vec<u32>> {
        let mut out = Vec::new();
        let mut s = start;
        while s < ENDOFCHAIN {
            if out.len() > fat.len() {
                return None; // a cycle
            }
            out.push(s);
            s = *fat.get(s as usize)?;
        }
        Some(out)
    }

    /// The pieces of the file (offset, length) a chain of sectors covers, each checked to
    /// lie in the file.
    fn sector_pieces(&self, start: u32) -> Option<Vec<(usize, usize)>> {
        let sec = 1usize << self.shift;
        Self::walk(start, &self.fat)?
            .into_iter()
            .map(|s| {
                let off = (s as usize + 1).checked_mul(sec)?;
                self.bytes.get(off..off.checked_add(sec)?)?;
                Some((off, sec))
            })
            .collect()
    }

    /// The bytes of the pieces, concatenated.
    fn gather(&self, pieces: &[(usize, usize)]) -> Vec<u8> {
        let mut out = Vec::with_capacity(pieces.iter().map(|p| p.1).sum());
        for &(off, len) in pieces {
            out.extend_from_slice(&self.bytes[off..off + len]);
        }
        out
    }

    fn sector_chain(&self, start: u32) -> Option<Vec<u8>> {
        Some(self.gather(&self.sector_pieces(start)?))
    }

    /// True when every sector chain calamine may follow ends: the directory, the mini
    /// stream and mini FAT, and each directory entry's stream. calamine follows these
    /// without a cycle check, appending sector after sector, so one looped chain would
    /// grow its buffer until memory runs out (an abort, not a catchable panic).
    pub(super) fn chains_end(&self) -> bool {
        let sec = 1usize << self.shift;
        // Chains of a well-formed file are disjoint, so all together take at most one step
        // per FAT entry; the budget also bounds the work on a hostile file.
        let mut budget = self.fat.len() + 64;
        let mut walk = |start: u32, max_steps: usize| -> bool {
            let mut s = start;
            let mut steps = 0usize;
            while s != ENDOFCHAIN && steps < max_steps {
                if budget == 0 {
                    return false;
                }
                budget -= 1;
                steps += 1;
                match self.fat.get(s as usize) {
                    Some(&next) => s = next,
                    None => return false,
                }
            }
            true
        };
        let (Some(dir_start), Some(mini_fat_start), Some(mini_fat_len)) = (
            u32_at(self.bytes, 0x30),
            u32_at(self.bytes, 0x3C),
            u32_at(self.bytes, 0x40),
        ) else {
            return false;
        };
        if !walk(dir_start, usize::MAX) {
            return false;
        }
        let Some(dir) = self.sector_chain(dir_start) else {
            return false;
        };
        let len_of = |e: &[u8]| -> usize {
            if self.shift == 9 {
                u32_at(e, 120).unwrap_or(0) as usize
            } else {
                u32_at(e, 120).unwrap_or(0) as usize | (u32_at(e, 124).unwrap_or(0) as usize) << 32
            }
        };
        for (i, e) in dir.chunks_exact(128).enumerate() {
            let (start, len) = (u32_at(e, 116).unwrap_or(ENDOFCHAIN), len_of(e));
            // calamine reads streams under 4096 bytes from the mini stream, bounded by
            // their length; the root entry's chain is the mini stream itself.
            let big = (i == 0 && mini_fat_len > 0) || (i > 0 && len >= 4096);
            if big && !walk(start, len.div_ceil(sec)) {
                return false;
            }
        }
        mini_fat_len == 0
            || walk(
                mini_fat_start,
                (mini_fat_len as usize).saturating_mul(sec).div_ceil(sec),
            )
    }

    /// The bytes of the named stream in the root storage.
    pub(super) fn stream(&self, names: &[&str]) -> Option<Vec<u8>> {
        let (pieces, size) = self.locate(names)?;
        let data = self.gather(&pieces);
        Some(data.get(..size.min(data.len()))?.to_vec())
    }

    /// The file again with the named stream's bytes replaced by `data` (of the stream's
    /// length, in place: every sector stays where it was); `None` when the stream is not
    /// found whole or `data` is not of its length.
    pub(super) fn with_stream(&self, names: &[&str], data: &[u8]) -> Option<Vec<u8>> {
        let (pieces, size) = self.locate(names)?;
        if data.len() != size || size > pieces.iter().map(|p| p.1).sum() {
            return None;
        }
        let mut out = self.bytes.to_vec();
        let mut rest = data;
        for &(off, len) in &pieces {
            let n = len.min(rest.len());
            out[off..off + n].copy_from_slice(&rest[..n]);
            rest = &rest[n..];
        }
        Some(out)
    }

    /// Where the named stream of the root storage lies: the pieces of the file holding
    /// it, in order, and its size.
    fn locate(&self, names: &[&str]) -> Option<(Vec<(usize, usize)>, usize)> {
        let dir = self.sector_chain(u32_at(self.bytes, 0x30)?)?;
        let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
        let root = entries.first()?;
        // Found as calamine finds it: the name up to its first NUL, compared without case,
        // whatever the entry's type, the first name asked for first.
        let entry_name = |e: &[u8]| -> String {
            let units: Vec<u16> = e[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .take_while(|&u| u != 0)
                .collect();
            String::from_utf16_lossy(&units)
        };
        let found = names.iter().find_map(|n| {
            entries
                .iter()
                .find(|e| entry_name(e).eq_ignore_ascii_case(n))
        })?;
        let start = u32_at(found, 116)?;
        let size = u32_at(found, 120)? as usize;
        let cutoff = 4096;
        if size >= cutoff {
            return Some((self.sector_pieces(start)?, size));
        }
        Some((self.mini_pieces(root, start)?, size))
    }

    /// The pieces of the file a chain of mini sectors covers: the mini stream is the root
    /// entry's sector chain, and a mini sector is cut where it crosses a sector.
    fn mini_pieces(&self, root: &[u8], start: u32) -> Option<Vec<(usize, usize)>> {
        let mini_shift = u16_at(self.bytes, 0x20)? as u32;
        if mini_shift > 12 {
            return None;
        }
        let mini = 1usize << mini_shift;
        let minifat_bytes = self.sector_chain(u32_at(self.bytes, 0x3C)?)?;
        let minifat: Vec<u32> = minifat_bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let stream = self.sector_pieces(u32_at(root, 116)?)?;
        let sec = 1usize << self.shift;
        let mut out = Vec::new();
        for s in Self::walk(start, &minifat)? {
            let (mut at, mut left) = ((s as usize).checked_mul(mini)?, mini);
            while left > 0 {
                let (off, _) = *stream.get(at / sec)?;
                let n = (sec - at % sec).min(left);
                out.push((off + at % sec, n));
                at += n;
                left -= n;
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::decode::fixture;

    #[test]
    fn a_stream_written_back_reads_back_and_nothing_else_moves() {
        // canonical.xls (LibreOffice): the Workbook stream in sectors, the summary streams
        // (under 4096 bytes) in the mini stream.
        let bytes = fixture("fixtures/variants/canonical.xls");
        let cfb = Cfb::parse(&bytes).unwrap();
        for name in ["Workbook", "\u{5}SummaryInformation"] {
            let old = cfb.stream(&[name]).unwrap();
            let new: Vec<u8> = old.iter().map(|b| b ^ 0x5A).collect();
            let file = cfb.with_stream(&[name], &new).unwrap();
            assert_eq!(file.len(), bytes.len());
            let again = Cfb::parse(&file).unwrap();
            assert_eq!(again.stream(&[name]).unwrap(), new, "{name}");
            for other in [
                "Workbook",
                "\u{5}SummaryInformation",
                "\u{5}DocumentSummaryInformation",
            ] {
                if other != name {
                    assert_eq!(again.stream(&[other]), cfb.stream(&[other]), "{other}");
                }
            }
            // Of another length: refused.
            assert!(cfb.with_stream(&[name], &new[1..]).is_none());
        }
    }
}
