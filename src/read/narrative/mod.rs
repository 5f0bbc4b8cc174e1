//! Reading a unit's narrative 自评报告 (reports.md §3): the paragraphs of a `.docx`
//! ([`docx`]) or of a text file ([`text`]), trimmed and numbered from 1 over the
//! non-empty ones; their headings ([`outline`]); the figures each paragraph states
//! ([`figures`], [`grades`], driven by the word lists of [`labels`]). The result is a
//! plain [`Narrative`]; matching it to a unit and its tables and checking it is
//! `crate::rules::report`'s work, once every file of the run is read.

pub mod docx;
pub mod figures;
pub mod grades;
pub mod labels;
pub mod outline;
pub mod text;
pub mod when;

use crate::diag::Message;
use crate::model::narrative::Narrative;
use crate::model::text::is_invisible;
use std::path::Path;

/// File extensions read as narrative reports.
pub const REPORT_EXTENSIONS: &[&str] = &["docx", "txt"];

/// Extensions of reports in a format this reader does not read: listed as skipped with a
/// message asking for `.docx`.
pub const OTHER_REPORT_EXTENSIONS: &[&str] = &["doc", "wps", "pdf", "rtf", "odt"];

/// Whether a path names a narrative report by its extension.
pub fn is_report(path: &Path) -> bool {
    extension(path).is_some_and(|e| REPORT_EXTENSIONS.contains(&e.as_str()))
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Reads a report's bytes (the format by the file's extension: `.txt` is text, anything
/// else a `.docx`).
pub fn read(path: &Path, bytes: &[u8]) -> Result<Narrative, Message> {
    let (raw, clipped) = match extension(path).as_deref() {
        Some("txt") => {
            let (raw, clipped) = text::paragraphs(bytes)?;
            (raw.into_iter().map(|p| (p, None)).collect(), clipped)
        }
        _ => docx::leveled_paragraphs(bytes)?,
    };
    let narrative = Narrative {
        clipped,
        ..from_leveled(raw)
    };
    if narrative.figures.len() > crate::decode::limits::MAX_REPORT_FIGURES {
        let n = crate::decode::limits::MAX_REPORT_FIGURES;
        return Err(Message::new(
            format!("报告中的数字超过 {n} 个，不像是自评报告，未读取"),
            format!(
                "the report states more than {n} figures: not a self-evaluation report, not read"
            ),
        ));
    }
    Ok(narrative)
}

/// A narrative from raw paragraphs: each trimmed and cleared of invisible characters,
/// the empty ones dropped.
pub fn from_paragraphs(raw: Vec<String>) -> Narrative {
    from_leveled(raw.into_iter().map(|p| (p, None)).collect())
}

/// [`from_paragraphs`] with the heading level each paragraph's Word style gives: a
/// heading Word numbers itself (`标题 1`, no `一、` typed) is a heading too.
pub fn from_leveled(raw: Vec<(String, Option<u8>)>) -> Narrative {
    let (paragraphs, levels): (Vec<String>, Vec<Option<u8>>) = raw
        .into_iter()
        .map(|(p, l)| (clean(&p), l))
        .filter(|(p, _)| !p.is_empty())
        .unzip();
    Narrative {
        headings: outline::headings_styled(&paragraphs, &levels),
        figures: figures::read(&paragraphs),
        paragraphs,
        clipped: 0,
    }
}

/// A narrative from raw paragraphs of which those marked stand in a self-evaluation
/// table's cell (templates.md §9): numbered over all of them, as a report's paragraphs are,
/// but the figures and headings of the marked ones are the table's, not the report's.
pub fn from_marked_paragraphs(raw: Vec<(String, bool)>) -> Narrative {
    let kept: Vec<(String, bool)> = raw
        .into_iter()
        .map(|(p, m)| (clean(&p), m))
        .filter(|(p, _)| !p.is_empty())
        .collect();
    let marked: Vec<bool> = kept.iter().map(|k| k.1).collect();
    let mut n = from_paragraphs(kept.into_iter().map(|k| k.0).collect());
    let inside = |p: u32| marked.get((p as usize).wrapping_sub(1)) == Some(&true);
    n.figures.retain(|f| !inside(f.paragraph));
    n.headings.retain(|h| !inside(h.paragraph));
    n
}

fn clean(p: &str) -> String {
    let kept: String = p
        .chars()
        .map(|c| {
            if c == '\t' || c == '\u{3000}' || c == '\u{a0}' {
                ' '
            } else {
                c
            }
        })
        .filter(|c| *c == ' ' || !is_invisible(*c))
        .collect();
    kept.trim().to_string()
}
