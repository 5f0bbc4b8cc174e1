//! How a title is set on its lines (reports.md "Ready to file"): a title is built of words
//! that must not be broken (`2021年度`, `（初稿）`, `审核意见`, `材料`, a unit's name), and
//! is broken only between them. A title that fits one line stays on one line; a longer one
//! is cut where its lines come out most even. Each line is its own paragraph in the file,
//! so Word and LibreOffice never choose the break themselves.

use unicode_width::UnicodeWidthChar;

/// What one title line holds, in full-width characters of 二号 (22 pt) on the 156 mm text
/// block: 442 pt / 22 pt is a little over 20; one is kept spare for the space Word and
/// LibreOffice put between Chinese and Latin letters.
pub const LINE: u32 = 19;

/// The width of a text in half characters (a Chinese character 2, a digit 1), plus one
/// for each change between Chinese and Latin (the automatic spacing).
fn width(s: &str) -> u32 {
    let mut w = 0;
    let mut last_wide: Option<bool> = None;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0) as u32;
        let wide = cw >= 2;
        if last_wide.is_some_and(|l| l != wide) && !c.is_ascii_punctuation() {
            w += 1;
        }
        last_wide = Some(wide);
        w += cw;
    }
    w
}

/// The lines of a title made of `words`, none wider than `line` full-width characters.
///
/// ```
/// use selfeval::render::documents::title::lines;
/// let t = lines(&["2021年度", "预算绩效自评", "复核情况报告", "（初稿）"], 19);
/// assert_eq!(t, vec!["2021年度预算绩效自评", "复核情况报告（初稿）"]);
/// assert_eq!(lines(&["关于", "某局", "审核意见"], 19), vec!["关于某局审核意见"]);
/// ```
pub fn lines<S: AsRef<str>>(words: &[S], line: u32) -> Vec<String> {
    let cap = line * 2;
    let words: Vec<String> = words
        .iter()
        .flat_map(|w| split_long(w.as_ref(), cap))
        .collect();
    let whole: String = words.concat();
    if width(&whole) <= cap || words.len() < 2 {
        return vec![whole.trim_end().to_string()];
    }
    let n = min_lines(&words, cap);
    // The even widths: the smallest widest line that still needs only `n` lines.
    let mut best = (width(&whole), vec![whole]);
    for limit in (1..=cap).rev() {
        match pack(&words, limit) {
            Some(ls) if ls.len() == n => {
                let widest = ls.iter().map(|l| width(l)).max().unwrap_or(0);
                if widest <= best.0 {
                    best = (widest, ls);
                }
            }
            _ => break,
        }
    }
    best.1
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// How many lines the words need at the most.
fn min_lines(words: &[String], cap: u32) -> usize {
    pack(words, cap).map(|l| l.len()).unwrap_or(words.len())
}

/// Packs words greedily into lines of at most `cap`; `None` when a word is wider.
fn pack(words: &[String], cap: u32) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for w in words {
        if width(w) > cap {
            return None;
        }
        let joined = format!("{cur}{w}");
        if cur.is_empty() || width(&joined) <= cap {
            cur = joined;
        } else {
            out.push(std::mem::take(&mut cur));
            cur = w.clone();
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Some(out)
}

/// A word wider than a line (a very long unit name) cut into pieces that fit.
fn split_long(w: &str, cap: u32) -> Vec<String> {
    if width(w) <= cap {
        return vec![w.to_string()];
    }
    let mut out = vec![String::new()];
    for c in w.chars() {
        let last = out.last_mut().expect("never empty");
        let mut next = last.clone();
        next.push(c);
        if width(&next) > cap && !last.is_empty() {
            out.push(c.to_string());
        } else {
            *last = next;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_title_breaks_between_words() {
        let t = lines(
            &[
                "关于",
                "兰州新区应急管理局",
                "2021年度",
                "绩效自评",
                "材料的",
                "审核意见",
            ],
            LINE,
        );
        assert_eq!(
            t,
            vec!["关于兰州新区应急管理局", "2021年度绩效自评材料的审核意见"]
        );
    }

    #[test]
    fn a_name_longer_than_a_line_is_cut_only_then() {
        let name = "某".repeat(30);
        let t = lines(&["关于", name.as_str(), "审核意见"], LINE);
        assert!(t.iter().all(|l| width(l) <= 2 * LINE), "{t:?}");
        assert_eq!(t.concat(), format!("关于{name}审核意见"));
    }
}
