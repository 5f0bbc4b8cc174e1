//! Which figures of a paragraph belong to another year than the report's: last year's
//! quoted for comparison (`2020年执行1500万元`, `上年执行率为96.35%`) or next year's plan
//! (`2022年预算1800万元`, `力争执行率达到95%`). Every check of a report compares this
//! year's figures, so those are left out (precision before recall: reports.md §3).
//!
//! One pass over the paragraph's characters marks, for each position, whether its clause
//! or its sentence's first clause holds a word of another time, and the last year
//! (`NNNN年`) named before it in its sentence: linear in the paragraph's length.

use super::labels as l;

/// Per character: whether a figure starting there is of another time.
pub struct When {
    other: Vec<bool>,
}

fn starts_with_at(c: &[char], i: usize, w: &str) -> bool {
    w.chars().enumerate().all(|(k, x)| c.get(i + k) == Some(&x))
}

/// The length of a word of another time starting at `i` (0 when none).
fn time_word_at(c: &[char], i: usize) -> usize {
    for w in l::OTHER_TIME_WORDS {
        let n = w.chars().count();
        let source = l::NOT_OTHER_TIME_AFTER
            .iter()
            .any(|a| starts_with_at(c, i + n, a));
        if starts_with_at(c, i, w) && !source {
            return n;
        }
    }
    0
}

/// The length of a word of a part of the year starting at `i` (`上半年`, or `截至…9月`: a
/// date before December), 0 when none.
fn period_at(c: &[char], i: usize) -> usize {
    if let Some(w) = l::PERIOD_WORDS.iter().find(|w| starts_with_at(c, i, w)) {
        return w.chars().count();
    }
    let Some(w) = l::DEADLINE_WORDS.iter().find(|w| starts_with_at(c, i, w)) else {
        return 0;
    };
    let from = i + w.chars().count();
    let to = (from + l::DEADLINE_REACH).min(c.len());
    let month = (from..to).find(|&k| c[k] == '月').and_then(|k| {
        let digits = c[from..k]
            .iter()
            .rev()
            .take_while(|d| d.is_ascii_digit())
            .count();
        let m: u32 = c[k - digits..k].iter().collect::<String>().parse().ok()?;
        Some((m, k))
    });
    match month {
        Some((m, k)) if m < 12 => k + 1 - i,
        _ => 0,
    }
}

/// Whether a word of a plan starts at `i` (not `按计划`).
fn plan_word_at(c: &[char], i: usize) -> bool {
    let as_planned = i > 0 && c[i - 1] == '按';
    !as_planned && l::PLAN_WORDS.iter().any(|w| starts_with_at(c, i, w))
}

/// A year `NNNN年` ending at `i` (the `年`), as a number.
fn year_at(c: &[char], i: usize) -> Option<i32> {
    if c.get(i) != Some(&'年') || i < 4 || (i > 4 && c[i - 5].is_ascii_digit()) {
        return None;
    }
    c[i - 4..i].iter().collect::<String>().parse().ok()
}

impl When {
    /// Marks over `chars`, cut in sentences and clauses as `sentence` and `clause` say;
    /// `year` is the report's (a named year that differs puts a figure in another time).
    pub fn new(chars: &[char], sentence: &[u32], clause: &[usize], year: Option<i32>) -> When {
        let mut other = Vec::with_capacity(chars.len());
        let (mut in_clause, mut in_first, mut named) = (false, false, None::<i32>);
        let (mut first_clause, mut pending) = (None::<usize>, 0usize);
        for i in 0..chars.len() {
            if i > 0 && sentence[i] != sentence[i - 1] {
                (in_first, named, first_clause) = (false, None, None);
            }
            if i > 0 && clause[i] != clause[i - 1] {
                in_clause = false;
                pending = 0;
            }
            let first = *first_clause.get_or_insert(clause[i]);
            in_clause |= plan_word_at(chars, i);
            pending = pending.max(time_word_at(chars, i)).max(period_at(chars, i));
            if pending > 0 {
                in_clause = true;
                in_first |= clause[i] == first;
                pending -= 1;
            }
            if let Some(y) = year_at(chars, i) {
                named = Some(y);
            }
            let off_year = matches!((named, year), (Some(n), Some(r)) if n != r);
            other.push(in_clause || in_first || off_year);
        }
        When { other }
    }

    /// Whether a figure starting at `i` is of another time.
    pub fn other(&self, i: usize) -> bool {
        self.other.get(i).copied().unwrap_or(false)
    }
}

/// The report's year: the first `NNNN年` of its title (the paragraphs before its first
/// heading, at most three), else the first `NNNN年度` of its text (`关于开展2021年度预算绩效
/// 自评工作的通知`), if any.
pub fn report_year(paragraphs: &[String], first_heading: Option<usize>) -> Option<i32> {
    let years = |p: &String, of_year: bool| {
        let c: Vec<char> = p.chars().collect();
        (0..c.len())
            .find_map(|i| year_at(&c, i).filter(|_| !of_year || c.get(i + 1) == Some(&'度')))
    };
    let title = paragraphs.iter().take(first_heading.unwrap_or(3).min(3));
    title
        .filter_map(|p| years(p, false))
        .next()
        .or_else(|| paragraphs.iter().find_map(|p| years(p, true)))
}

#[cfg(test)]
mod tests {
    use super::super::figures::paragraph_figures_in;

    fn kept(text: &str) -> Vec<String> {
        paragraph_figures_in(1, text, Some(2021))
            .into_iter()
            .map(|f| f.text)
            .collect()
    }

    #[test]
    fn last_and_next_years_figures_are_left_out() {
        assert!(kept("2020年我局全年预算数1580.5万元，执行数1500万元，执行率94.91%。").is_empty());
        assert_eq!(
            kept("2020年执行1500万元，2021年全年执行支出1741.69万元。"),
            ["1741.69万元"]
        );
        assert_eq!(
            kept("全年执行数1741.69万元，上年执行率为96.35%。"),
            ["1741.69万元"]
        );
        assert!(kept("2022年该项目预算安排210万元，计划执行率100%。").is_empty());
        assert!(kept("与上年相比，执行率98.07%。").is_empty());
        let total = kept("各项指标基本按计划完成，自评综合评分99分。");
        assert_eq!(total, ["99分"]);
        assert_eq!(kept("计划执行率100%，自评得分达到90分。").len(), 1);
    }

    #[test]
    fn figures_of_a_part_of_the_year_are_left_out() {
        let f = kept("截至2021年9月底，预算执行率为75.3%，执行数1337.3万元；截至12月31日，全年执行支出1741.69万元。");
        assert_eq!(f, ["1741.69万元"]);
        assert!(kept("上半年执行率60%。").is_empty());
        assert_eq!(kept("截至2021年12月31日，执行率98.07%。"), ["98.07%"]);
        assert_eq!(kept("截至年底，执行率98.07%。"), ["98.07%"]);
        let share = kept("当年财政拨款中年初预算1702.66万元，年中追加预算7.52万元。");
        assert_eq!(share.len(), 2);
    }

    #[test]
    fn this_years_carry_over_is_this_years_money() {
        let f = kept("当年财政拨款1710.18万元，上年结转资金53.28万元，共计1763.46万元。");
        assert_eq!(f.len(), 3);
    }
}
