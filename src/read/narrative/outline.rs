//! The headings of a report: a paragraph that starts with `一、` (level 1) or `（一）`
//! (level 2) and whose words up to the first `。` or `：` are short is a heading; its
//! title is those words. Numbered points inside the text (`1.`, `（1）`, `一是`) are not.

use crate::model::narrative::Heading;
use crate::model::text::fold_width;

/// Longest heading title, in characters.
pub const MAX_TITLE_CHARS: usize = 50;

const NUMERALS: &str = "一二三四五六七八九十";

/// The heading level and title of a paragraph, `None` for body text.
///
/// ```
/// use selfeval::read::narrative::outline::heading;
/// assert_eq!(heading("三、部门整体支出绩效自评情况分析"), Some((1, "部门整体支出绩效自评情况分析".into())));
/// assert_eq!(heading("（一）安全生产监督执法专项经费"), Some((2, "安全生产监督执法专项经费".into())));
/// assert_eq!(heading("一是支出40万元用于购置物资"), None);
/// assert_eq!(heading("（1）产出指标，分值50分"), None);
/// ```
pub fn heading(text: &str) -> Option<(u8, String)> {
    let folded: String = text.trim().chars().map(fold_width).collect();
    let numeral = |s: &str| !s.is_empty() && s.chars().all(|c| NUMERALS.contains(c));
    let (level, rest) = if let Some(rest) = folded.strip_prefix('(') {
        let (num, after) = rest.split_once(')')?;
        (2, numeral(num).then_some(after)?)
    } else if let Some(rest) = numbered(&folded) {
        return short_title(rest).map(|t| (3, t));
    } else {
        let (num, after) = folded.split_once(['、', '.'])?;
        (1, numeral(num).then_some(after)?)
    };
    let title: String = rest
        .chars()
        .take_while(|c| !matches!(c, '。' | ':'))
        .collect();
    let title = title.trim();
    let n = title.chars().count();
    (n > 0 && n <= MAX_TITLE_CHARS).then(|| (level, title.to_string()))
}

/// The headings among the paragraphs (numbered from 1), as [`headings`]; a paragraph whose Word style gives it a level (`levels`, one per
/// paragraph) and whose text is no numbered heading taken as a heading of that level when
/// it is short enough to be a title.
pub fn headings_styled(paragraphs: &[String], levels: &[Option<u8>]) -> Vec<Heading> {
    let styled = |i: usize, p: &str| {
        let level = levels.get(i).copied().flatten()?;
        let title = p.trim();
        let n = title.chars().count();
        (n > 0 && n <= MAX_TITLE_CHARS).then(|| (level, title.to_string()))
    };
    paragraphs
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let (level, title) = heading(p).or_else(|| styled(i, p))?;
            Some(Heading {
                paragraph: u32::try_from(i + 1).ok()?,
                level,
                title,
            })
        })
        .collect()
}

/// The headings of a text whose paragraphs carry no style: numbered ones only.
pub fn headings(paragraphs: &[String]) -> Vec<Heading> {
    headings_styled(paragraphs, &[])
}

/// The most characters of a level-3 heading (`1.县乡公路危桥改造工程`): a project's name.
pub const MAX_NUMBERED_TITLE_CHARS: usize = 30;

/// The text after `1.` / `1、` (one or two digits, not a decimal such as `1.5万元`).
fn numbered(s: &str) -> Option<&str> {
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let rest = s[digits..].strip_prefix(['.', '、'])?;
    (!rest.starts_with(|c: char| c.is_ascii_digit())).then_some(rest)
}

/// A numbered line is a heading only when it is a short title, not a sentence: no
/// clause or sentence mark (`1.项目支出预算执行情况：当年财政拨款…` is a paragraph), and
/// no figure with a unit.
fn short_title(rest: &str) -> Option<String> {
    let t = rest.trim();
    let n = t.chars().count();
    let sentence =
        t.contains([',', '。', ';', ':', '、', '%']) || t.contains("万元") || t.contains('分');
    (n > 0 && n <= MAX_NUMBERED_TITLE_CHARS && !sentence).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::heading;

    #[test]
    fn a_short_numbered_title_is_a_level_3_heading_and_a_numbered_sentence_is_not() {
        let h = heading("1.县乡公路危桥改造工程");
        assert_eq!(h, Some((3, "县乡公路危桥改造工程".to_string())));
        assert_eq!(heading("2、交通安全设施提升项目").map(|h| h.0), Some(3));
        for not in [
            "1.项目支出预算执行情况：当年财政拨款588.88万元",
            "1.产出指标（分值50分，自评得分44分），其中：",
            "1.5万元用于购置设备",
            "3.各项指标完成情况分析：",
        ] {
            assert_eq!(heading(not), None, "{not}");
        }
    }
}
