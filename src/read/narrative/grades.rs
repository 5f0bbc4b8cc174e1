//! Grades stated in a paragraph: a lead word of [`super::labels::GRADE_LEADS`]
//! (`结果`, `等级`), optional fillers (`均`, `为`, `是`, `:`), an optional opening quote,
//! then a grade word, then a closing quote or a delimiter — so `结果为“优”` and
//! `自评等级：良。` are grades and `结果优化` is not.

use super::labels as l;
use crate::model::narrative::{Figure, Role};
use rust_decimal::Decimal;

fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '"' | '「' | '『' | '\'' | '‘')
}

fn ends_word(c: Option<&char>) -> bool {
    match c {
        None => true,
        Some(&c) => matches!(
            c,
            '”' | '"' | '」' | '』' | '\'' | '’' | ',' | '。' | ';' | ')' | '、' | ' ' | '等'
        ),
    }
}

/// The grades of a paragraph's folded chars (`sentence` per char).
pub fn grades(n: u32, chars: &[char], sentence: &[u32]) -> Vec<Figure> {
    let mut out = Vec::new();
    for lead in l::GRADE_LEADS {
        let lead: Vec<char> = lead.chars().collect();
        let mut i = 0;
        while i + lead.len() <= chars.len() {
            if chars[i..i + lead.len()] != lead[..] {
                i += 1;
                continue;
            }
            if let Some(f) = grade_after(n, chars, sentence, i, i + lead.len()) {
                out.push(f);
            }
            i += lead.len();
        }
    }
    out.sort_by_key(|f| f.seq);
    out
}

/// The grade after a lead word ending at `j`, if one stands there.
fn grade_after(n: u32, chars: &[char], sentence: &[u32], lead: usize, j: usize) -> Option<Figure> {
    let mut k = j;
    let mut all = false;
    while let Some(&c) = chars.get(k) {
        match c {
            '均' | '都' => all = true,
            '为' | '是' | ':' | ' ' => {}
            _ => break,
        }
        k += 1;
    }
    if chars.get(k).copied().is_some_and(is_open_quote) {
        k += 1;
    }
    for (word, grade) in l::GRADE_WORDS {
        let w: Vec<char> = word.chars().collect();
        if chars.get(k..k + w.len()) == Some(&w[..]) && ends_word(chars.get(k + w.len())) {
            let start = |stops: &[char]| {
                chars[..lead]
                    .iter()
                    .rposition(|c| stops.contains(c))
                    .map_or(0, |p| p + 1)
            };
            let mut from = start(&[',', '。', ';', ':']);
            // A bare `结果为“良”` is the grade of what its sentence scored before it
            // (`项目自评得分97分，结果为“良”`, reports.md's own example): its label is the
            // sentence's, so that `自评` there makes it the table's own grade.
            if from == lead {
                from = start(&['。', ';']);
            }
            let mut label: String = chars[from..j].iter().collect();
            if all {
                label.push('均');
            }
            return Some(Figure {
                paragraph: n,
                sentence: sentence.get(lead).copied().unwrap_or(0),
                seq: u32::try_from(lead).unwrap_or(u32::MAX),
                role: Role::Grade,
                label,
                value: Decimal::ZERO,
                text: w.iter().collect(),
                percent: false,
                grade: Some(*grade),
                category: None,
                weight: None,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Vec<(String, String)> {
        let chars: Vec<char> = s.chars().collect();
        let sentence = vec![0; chars.len()];
        grades(1, &chars, &sentence)
            .into_iter()
            .map(|f| (f.label, f.text))
            .collect()
    }

    #[test]
    fn quoted_bare_and_all() {
        assert_eq!(
            read("项目自评结果为“优”。"),
            [("项目自评结果".into(), "优".into())]
        );
        assert_eq!(read("自评等级:良。"), [("自评等级".into(), "良".into())]);
        assert_eq!(
            read("6个项目结果均为“优”"),
            [("6个项目结果均".into(), "优".into())]
        );
        assert!(read("结果优化了流程").is_empty());
        assert_eq!(
            read("项目自评得分97分,结果为“良”。"),
            [("项目自评得分97分,结果".into(), "良".into())]
        );
        assert_eq!(read("验收合格。结果为“优”"), [("结果".into(), "优".into())]);
        assert_eq!(read("绩效评分98分，自评为良。").len(), 1);
        assert!(read("在本次自评中，发现问题3个。").is_empty());
    }
}
