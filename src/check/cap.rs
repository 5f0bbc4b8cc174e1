//! The cap on findings of one kind (issue 35): a hostile file or report can produce a
//! finding per cell or per table of its unit (2,000 reports beside a unit of 1,000 tables
//! made half a million), and every finding is kept in memory, spilled and written. Past
//! [`MAX_FINDINGS_OF_A_KIND`] findings of one code on one table, file or report, the rest
//! are dropped and the last one kept says how many (`及另外 N 条`), so nothing is
//! dropped silently and the cost of one file stays bounded.

pub use crate::decode::limits::MAX_FINDINGS_OF_A_KIND;
use crate::diag::{Code, Finding};
use std::collections::HashMap;

/// The findings with at most [`MAX_FINDINGS_OF_A_KIND`] of each code, in their order; the
/// last kept one of a code that had more names the number left out.
pub fn cap(findings: Vec<Finding>) -> Vec<Finding> {
    cap_at(findings, MAX_FINDINGS_OF_A_KIND)
}

/// [`cap`] with the bound as a parameter (tests use a small one).
pub fn cap_at(findings: Vec<Finding>, max: usize) -> Vec<Finding> {
    let mut seen: HashMap<Code, usize> = HashMap::new();
    let mut last_kept: HashMap<Code, usize> = HashMap::new();
    let mut out = Vec::with_capacity(findings.len().min(max.saturating_mul(4)));
    for f in findings {
        let n = seen.entry(f.code).or_default();
        *n += 1;
        if *n <= max.max(1) {
            last_kept.insert(f.code, out.len());
            out.push(f);
        }
    }
    for (code, total) in seen {
        let left = total.saturating_sub(max.max(1));
        if left == 0 {
            continue;
        }
        if let Some(f) = last_kept.get(&code).and_then(|&i| out.get_mut(i)) {
            f.message
                .zh
                .push_str(&format!("（同类问题及另外 {left} 条，未逐条列出）"));
            f.message
                .en
                .push_str(&format!(" (and {left} more of this kind, not listed)"));
        }
    }
    out
}

/// Caps the findings of a whole file at [`MAX_FINDINGS_PER_FILE`](crate::decode::limits::MAX_FINDINGS_PER_FILE)
/// (a workbook of 256 sheets of tables could otherwise send tens of megabytes of them to
/// the parent, kept in memory for the whole run): tables keep theirs in order while the
/// budget lasts, each table keeps its first error whatever the budget (so no table's
/// status changes), and the file says how many were left out (`file-clipped`).
pub fn cap_file(file: &mut super::CheckedFile) {
    let max = crate::decode::limits::MAX_FINDINGS_PER_FILE;
    let mut left = max.saturating_sub(file.findings.len());
    let mut dropped = 0usize;
    for t in &mut file.tables {
        let n = t.findings.len();
        if n <= left {
            left -= n;
            continue;
        }
        let first_error = t
            .findings
            .iter()
            .position(|f| f.severity() == crate::diag::Severity::Error);
        let mut i = 0;
        t.findings.retain(|_| {
            let keep = i < left || Some(i) == first_error;
            i += 1;
            keep
        });
        dropped += n - t.findings.len();
        left = 0;
    }
    if dropped > 0 {
        file.findings.push(Finding::new(
            Code::FileClipped,
            crate::diag::Message::new(
                format!("此文件的问题超过 {max} 条，另外 {dropped} 条未逐条列出"),
                format!("the file has more than {max} findings: {dropped} more are not listed"),
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Message;

    #[test]
    fn a_files_findings_are_capped_keeping_each_tables_first_error() {
        let max = crate::decode::limits::MAX_FINDINGS_PER_FILE;
        let w = || Finding::new(Code::ScoreUnderstated, Message::new("w", "w"));
        let e = || Finding::new(Code::ScoreInflated, Message::new("e", "e"));
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/inbox/永登县交通运输局.xlsx"
        );
        let bytes = std::fs::read(path).unwrap();
        let mut file =
            crate::check::check_bytes(std::path::Path::new(path), &bytes, &Default::default());
        file.findings.clear();
        file.tables.truncate(2);
        file.tables[0].findings = (0..max - 1).map(|_| w()).collect();
        file.tables[1].findings = vec![w(), w(), e(), w()];
        cap_file(&mut file);
        assert_eq!(
            file.tables[1].findings.len(),
            2,
            "one warning, then its error"
        );
        assert_eq!(file.tables[1].findings[1].code, Code::ScoreInflated);
        assert_eq!(file.findings[0].code, Code::FileClipped);
        assert!(
            file.findings[0].message.zh.contains("另外 2 条"),
            "{}",
            file.findings[0].message.zh
        );
    }

    #[test]
    fn keeps_the_first_of_each_code_and_counts_the_rest() {
        let f = |c| Finding::new(c, Message::new("问题", "problem"));
        let mut v: Vec<Finding> = (0..7).map(|_| f(Code::ScoreInflated)).collect();
        v.push(f(Code::ReasonMissing));
        let got = cap_at(v, 3);
        assert_eq!(got.len(), 4);
        assert_eq!(got[2].message.zh, "问题（同类问题及另外 4 条，未逐条列出）");
        assert_eq!(got[1].message.zh, "问题");
        assert_eq!(got[3].code, Code::ReasonMissing);
        assert_eq!(got[3].message.en, "problem");
    }
}
