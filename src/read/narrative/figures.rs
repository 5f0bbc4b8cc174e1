//! The figures a paragraph states (reports.md §3): each number with its unit (万元, 元,
//! %, 分) and the label before it in its clause, given a [`Role`] by the words of
//! [`super::labels`]. What cannot be read with certainty gets no role and is left out:
//! a figure in brackets (`（其中追加20万元）`) is never a part, a price per item
//! (`每台4万元`) is never a part, a bare number is a figure only where its label makes it
//! one (`执行率9`). Grades are read from `结果为“优”`.
//!
//! Text is scanned with full-width forms folded (`（` as `(`, `％` as `%`); a comma
//! between a digit and exactly three digits is a thousands separator (`1,288.59`).

use super::labels as l;
use crate::model::narrative::{Figure, Role};
use crate::model::text::fold_width;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The unit written after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// 万元.
    Wan,
    /// 元 (divided by 10,000).
    Yuan,
    /// 亿元 (times 10,000).
    Yi,
    /// `%`.
    Percent,
    /// 分 (points).
    Fen,
    /// Nothing: the number stands before a delimiter or at the end.
    Bare,
    /// Anything else (年, 个, 人, …): not a figure this reader reads.
    Other,
}

/// A number found in the text, by char positions.
#[derive(Debug, Clone)]
struct Token {
    start: usize,
    end: usize,
    value: Decimal,
    unit: Unit,
    depth: u32,
    clause: usize,
    sentence: u32,
}

impl Token {
    /// The amount in 万元, for a number in 元, 万元 or 亿元 (`None` past the range).
    fn money(&self) -> Option<Decimal> {
        match self.unit {
            Unit::Wan => Some(self.value),
            Unit::Yuan => self.value.checked_div(Decimal::from(10_000)),
            Unit::Yi => self.value.checked_mul(Decimal::from(10_000)),
            _ => None,
        }
    }

    /// The number as a fraction: a percentage divided by 100, a bare number as it stands.
    fn fraction(&self) -> Decimal {
        if self.unit == Unit::Percent {
            self.value / Decimal::ONE_HUNDRED
        } else {
            self.value
        }
    }
}

/// A paragraph prepared for scanning: folded chars, bracket depth, clause and sentence.
struct Scan {
    chars: Vec<char>,
    depth: Vec<u32>,
    clause: Vec<usize>,
    sentence: Vec<u32>,
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// A comma at `i` separating thousands: a digit before, exactly three digits after.
fn thousands_comma(c: &[char], i: usize) -> bool {
    i > 0
        && is_digit(c[i - 1])
        && c.len() > i + 3
        && c[i + 1..=i + 3].iter().all(|&d| is_digit(d))
        && !c.get(i + 4).copied().is_some_and(is_digit)
}

impl Scan {
    fn new(text: &str) -> Scan {
        let chars: Vec<char> = text.chars().map(fold_width).collect();
        let (mut depth, mut clause, mut sentence) = (Vec::new(), Vec::new(), Vec::new());
        let (mut d, mut k, mut s) = (0u32, 0usize, 0u32);
        for (i, &c) in chars.iter().enumerate() {
            if matches!(c, '(' | '【' | '[' | '〔') {
                d = d.saturating_add(1);
            }
            depth.push(d);
            clause.push(k);
            sentence.push(s);
            if matches!(c, ')' | '】' | ']' | '〕') {
                d = d.saturating_sub(1);
            }
            if matches!(c, '。' | ';' | '!' | '?') && d == 0 {
                s += 1;
                k += 1;
            } else if matches!(c, '、' | ':' | '。' | ';')
                || (c == ',' && !thousands_comma(&chars, i))
            {
                k += 1;
            }
        }
        Scan {
            chars,
            depth,
            clause,
            sentence,
        }
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().collect()
    }

    /// The numbers of the paragraph, in order.
    fn tokens(&self) -> Vec<Token> {
        let c = &self.chars;
        let mut out = Vec::new();
        let mut i = 0;
        while i < c.len() {
            let starts = is_digit(c[i]) && (i == 0 || !(is_digit(c[i - 1]) || c[i - 1] == '.'));
            if !starts {
                i += 1;
                continue;
            }
            let mut j = i;
            let mut digits = String::new();
            while j < c.len() {
                if is_digit(c[j]) {
                    digits.push(c[j]);
                } else if c[j] == ',' && thousands_comma(c, j) {
                } else if c[j] == '.' && c.get(j + 1).copied().is_some_and(is_digit) {
                    digits.push('.');
                } else {
                    break;
                }
                j += 1;
            }
            let (unit, end) = self.unit_after(j);
            if let Ok(value) = Decimal::from_str(&digits) {
                if digits.len() <= 20 {
                    out.push(Token {
                        start: i,
                        end,
                        value,
                        unit,
                        depth: self.depth[i],
                        clause: self.clause[i],
                        sentence: self.sentence[i],
                    });
                }
            }
            i = j.max(i + 1);
        }
        out
    }

    /// The unit written at `j` (after spaces) and where it ends.
    fn unit_after(&self, mut j: usize) -> (Unit, usize) {
        let c = &self.chars;
        while c.get(j) == Some(&' ') {
            j += 1;
        }
        let at = |s: &str| s.chars().enumerate().all(|(k, x)| c.get(j + k) == Some(&x));
        for (word, unit) in [
            ("万元", Unit::Wan),
            ("亿元", Unit::Yi),
            ("元", Unit::Yuan),
            ("%", Unit::Percent),
            // `执行率达98.45个百分点`: a rate written as points (read as a rate only after a
            // rate's label; `同比提高3个百分点` has none).
            ("个百分点", Unit::Percent),
            ("分", Unit::Fen),
        ] {
            if at(word) {
                return (unit, j + word.chars().count());
            }
        }
        let bare = match c.get(j) {
            None => true,
            Some(&x) => matches!(x, ',' | '、' | ':' | '。' | ';' | ')' | ' ' | '"' | '”'),
        };
        (if bare { Unit::Bare } else { Unit::Other }, j)
    }

    /// The label of a token: its clause's text since the previous number (or the bracket
    /// it stands in), keeping only the text at the token's own bracket depth.
    fn label(&self, t: &Token, prev_end: usize) -> String {
        let mut from = t.start;
        while from > prev_end && from > 0 && self.clause[from - 1] == t.clause {
            if self.depth[from - 1] < t.depth {
                break;
            }
            from -= 1;
        }
        let kept: String = (from..t.start)
            .filter(|&k| self.depth[k] == t.depth && !matches!(self.chars[k], '(' | ')'))
            .map(|k| self.chars[k])
            .collect();
        trim_label(&kept)
    }
}

impl Scan {
    /// The category a bracket holding nothing but points stands after (`产出指标（50分）：
    /// 得分47.5分`: 产出指标, whose weight the 50 is), when the text before it names one.
    /// Like [`Scan::label`] it looks back no further than the previous number, so a
    /// paragraph's brackets cost one pass (`（1分）（1分）…`).
    fn bracket_category(&self, t: &Token, prev_end: usize) -> Option<String> {
        let mut open = t.start;
        while open > prev_end
            && self.depth[open - 1] >= t.depth
            && self.clause[open - 1] == t.clause
        {
            open -= 1;
        }
        let outer = Token {
            start: open,
            depth: t.depth.saturating_sub(1),
            ..t.clone()
        };
        let name = self.label(&outer, prev_end);
        has_any(&name, l::CATEGORY_WORDS).then_some(name)
    }

    /// The category a bracket of a weight and a score stands after (reports.md §3:
    /// `产出指标（分值50分，自评得分44分）`): the name before the bracket's opening, when the
    /// bracket states a weight (`分值`, `权重`, `满分`) before the token. `群众满意度（测评得分
    /// 95分）` states none: a survey's score, not the category's. It looks back at most a
    /// short bracket and a name's length before it, so many brackets cost one pass.
    fn weighed_bracket_category(&self, t: &Token) -> Option<String> {
        // A weight and a score fit in a short bracket; a long one is not looked through
        // (a hostile paragraph of one bracket of many numbers stays linear).
        let open = (0..t.start)
            .rev()
            .take(40)
            .take_while(|&k| self.depth[k] >= t.depth)
            .find(|&k| self.depth[k] == t.depth && self.chars[k] == '(')?;
        let inside: String = self.chars[open..t.start].iter().collect();
        if !has_any(&inside, l::WEIGHT_WORDS) {
            return None;
        }
        let outer = Token {
            start: open,
            depth: t.depth.saturating_sub(1),
            clause: self.clause[open],
            ..t.clone()
        };
        let name = self.label(&outer, open.saturating_sub(16));
        has_any(&name, l::CATEGORY_WORDS).then_some(name)
    }
}

/// The label with fillers trimmed off its end and numbering off its start.
fn trim_label(s: &str) -> String {
    let mut s = s.trim().trim_start_matches(|c: char| {
        is_digit(c) || matches!(c, '.' | ',' | '、' | ':' | ';' | '(' | ')' | '①'..='⑩')
    });
    loop {
        let before = s;
        for f in l::FILLERS {
            s = s.strip_suffix(f).unwrap_or(s);
        }
        if s == before {
            return s.trim().to_string();
        }
    }
}

fn has_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

fn ends_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.ends_with(w))
}

/// The role of an amount's label, `None` for an amount this reader does not know.
fn money_role(label: &str) -> Option<Role> {
    if has_any(label, l::PRICE_MARKS) {
        return None;
    }
    if has_any(label, l::TOTAL_WORDS) {
        return Some(if has_any(label, l::SPENT_WORDS) {
            Role::Executed
        } else if has_any(label, l::BUDGET_WORDS) {
            Role::Budget
        } else {
            Role::Total
        });
    }
    if ends_any(label, l::EXECUTED_ENDS) {
        return Some(Role::Executed);
    }
    let budget = ends_any(label, l::BUDGET_ENDS)
        || (label.ends_with("预算") && has_any(label, l::ADJUSTED_WORDS));
    if budget && !has_any(label, l::ASKED_WORDS) {
        return Some(Role::Budget);
    }
    // `当年财政拨款中年初预算1702.66万元`: a share of a source, not the source itself.
    if l::PART_WORDS
        .iter()
        .any(|w| label.contains(&format!("{w}中")))
    {
        return None;
    }
    let fund = label.ends_with("资金") && has_any(label, l::PART_FUND_WORDS);
    (has_any(label, l::PART_WORDS) || fund).then_some(Role::Part)
}

/// The role of a score's label; `category` when the paragraph leads with a category
/// name and has given it no score yet.
fn score_role(label: &str, category: bool) -> Option<Role> {
    if ends_any(label, l::EXEC_SCORE_ENDS) {
        Some(Role::ExecScore)
    } else if ends_any(label, l::TOTAL_SCORE_ENDS) {
        Some(Role::Score)
    } else if ends_any(label, l::SCORE_ENDS) {
        Some(if category {
            Role::CategoryScore
        } else {
            Role::Score
        })
    } else {
        None
    }
}

/// The category a plain score's label names before its `得分` (`履职效果得分`), when it
/// holds a category word.
/// `可持续影响指标得分10分`: the score of one indicator (a label naming an 指标 that is no
/// category), which is neither the total nor a category's score.
fn indicator_score(f: &Figure) -> bool {
    f.role == Role::Score
        && f.label.contains("指标")
        && !ends_any(&f.label, l::TOTAL_SCORE_ENDS)
        && !has_any(&f.label, l::WHOLE_WORDS)
}

fn named_category(label: &str) -> Option<String> {
    if ends_any(label, l::TOTAL_SCORE_ENDS) {
        return None;
    }
    let name = label.strip_suffix("得分")?;
    let name = name.strip_suffix("的").unwrap_or(name).trim();
    has_any(name, l::CATEGORY_WORDS).then(|| name.to_string())
}

/// The category a weight's label names (`部门管理` of `部门管理20分`), `None` when the label
/// only says it is a weight (`分值`, `权重`).
fn weight_name(label: &str) -> Option<String> {
    let mut name = label.trim();
    for w in l::WEIGHT_WORDS {
        name = name
            .strip_suffix(w)
            .unwrap_or(name)
            .trim_end_matches([',', ':', ' ']);
    }
    let n = name.chars().count();
    (2..=12).contains(&n).then(|| name.to_string())
}

/// The name a paragraph leads with after its numbering (`（1）产出指标，…` → `产出指标`,
/// `2.部门管理。…` → `部门管理`), when it has numbering and the name is short.
pub fn lead_category(text: &str) -> Option<String> {
    let folded: String = text.chars().map(fold_width).collect();
    let rest = strip_numbering(folded.trim())?;
    let name: String = rest
        .chars()
        .take_while(|c| !matches!(c, ',' | '。' | '(' | ':' | ';' | '、' | ' '))
        .collect();
    let mut name = name.as_str();
    for t in l::CATEGORY_TRIMS {
        name = name.strip_suffix(t).unwrap_or(name);
    }
    let n = name.chars().count();
    (2..=12).contains(&n).then(|| name.to_string())
}

/// The text after a list numbering (`(1)`, `1.`, `1、`, `①`), `None` without one.
fn strip_numbering(s: &str) -> Option<&str> {
    if let Some(rest) = s.strip_prefix('(') {
        let (num, after) = rest.split_once(')')?;
        return (!num.is_empty() && num.chars().all(|c| c.is_ascii_digit())).then_some(after);
    }
    if let Some(c) = s.chars().next().filter(|c| ('①'..='⑳').contains(c)) {
        return Some(&s[c.len_utf8()..]);
    }
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let after = &s[digits..];
    after
        .strip_prefix('.')
        .or_else(|| after.strip_prefix('、'))
        .filter(|a| !a.starts_with(|c: char| c.is_ascii_digit()))
}

/// Every figure of one paragraph (number `n`, from 1).
pub fn paragraph_figures(n: u32, text: &str) -> Vec<Figure> {
    paragraph_figures_in(n, text, None)
}

/// [`paragraph_figures`] in a report of `year`: figures of another year (`when`) left out.
pub fn paragraph_figures_in(n: u32, text: &str, year: Option<i32>) -> Vec<Figure> {
    let scan = Scan::new(text);
    let when = super::when::When::new(&scan.chars, &scan.sentence, &scan.clause, year);
    let mut r = Reading {
        n,
        scan: &scan,
        category: lead_category(text),
        out: Vec::new(),
        seq: 0,
        weight: None,
    };
    let mut prev_end = 0;
    let tokens = scan.tokens();
    let lists = respectively(&scan, &tokens);
    let mut carried = None;
    for (t, list) in tokens.into_iter().zip(lists) {
        let mut label = scan.label(&t, prev_end);
        if label.is_empty() && t.depth > 0 && t.unit == Unit::Fen {
            label = scan.bracket_category(&t, prev_end).unwrap_or(label);
        } else if t.depth > 0 && t.unit == Unit::Fen && !has_any(&label, l::CATEGORY_WORDS) {
            // `产出指标（分值50分，自评得分44分）`: the weight and the score are the
            // category's before the bracket.
            if let Some(name) = scan.weighed_bracket_category(&t) {
                label = format!("{name}{label}");
            }
        }
        prev_end = t.end;
        let (t, label) = match list {
            Some((unit, name)) => (Token { unit, ..t }, name),
            None => carry_unit(t, &label, &mut carried),
        };
        if when.other(t.start) || approximate(&scan.chars, t.start) {
            // Its place in the run of amounts is kept, so parts on either side of it are
            // not taken as consecutive.
            r.seq += u32::from(t.money().is_some() && t.depth == 0);
            continue;
        }
        r.token(&t, &label);
    }
    let mut out = r.out;
    drop_ambiguous_scores(&mut out);
    let grades = super::grades::grades(n, &scan.chars, &scan.sentence);
    // A grade's seq is where its lead word stands.
    out.extend(grades.into_iter().filter(|g| !when.other(g.seq as usize)));
    out
}

/// `当年财政拨款1710.18万元，上年结转资金53.28，其他资金12.5，共计1775.96`: a bare number
/// labelled as an amount takes the unit of the sentence's amount before it (`carried`: that
/// unit and its sentence), as a reader does; any other token ends the run. A bare number
/// labelled as no amount (`执行率98.07`, `36`) is left as it is.
fn carry_unit(t: Token, label: &str, carried: &mut Option<(Unit, u32)>) -> (Token, String) {
    let amount_unit = matches!(t.unit, Unit::Wan | Unit::Yuan | Unit::Yi);
    let same_sentence = carried.filter(|c| c.1 == t.sentence).map(|c| c.0);
    let t = match same_sentence {
        Some(unit)
            if t.unit == Unit::Bare
                && t.depth == 0
                && money_role(label).is_some()
                && !ends_any(label, l::RATE_ENDS) =>
        {
            Token { unit, ..t }
        }
        _ if amount_unit && t.depth == 0 => {
            *carried = Some((t.unit, t.sentence));
            t
        }
        _ if t.depth == 0 => {
            *carried = None;
            t
        }
        _ => t,
    };
    (t, label.to_string())
}

/// `A、B、C分别为a、b、c万元`: per token, the unit and label it takes from such a list (the
/// unit of the list's last number, the name at its place before `分别为`), `None` for a
/// token of no list. A list whose names do not match its numbers one to one is not read.
fn respectively(scan: &Scan, tokens: &[Token]) -> Vec<Option<(Unit, String)>> {
    let mut out = vec![None; tokens.len()];
    let mut i = 0;
    while i < tokens.len() {
        let k = list_len(scan, tokens, i);
        let names = (k >= 2)
            .then(|| list_names(scan, tokens[i].start, k))
            .flatten();
        for (j, name) in names.into_iter().flatten().enumerate() {
            out[i + j] = Some((tokens[i + k - 1].unit, name));
        }
        i += k.max(1);
    }
    out
}

/// How many tokens from `i` form a list `a、b、c万元` (bare numbers, each right before a
/// `、` and the next number, the last an amount), 0 when none.
fn list_len(scan: &Scan, tokens: &[Token], i: usize) -> usize {
    let mut j = i;
    while j + 1 < tokens.len()
        && tokens[j].unit == Unit::Bare
        && scan.chars.get(tokens[j].end) == Some(&'、')
        && tokens[j + 1].start == tokens[j].end + 1
    {
        j += 1;
    }
    if j > i && tokens[j].money().is_some() {
        j - i + 1
    } else {
        0
    }
}

/// The `k` names of `A、B、C分别为` right before `start`, `None` unless there are `k`.
fn list_names(scan: &Scan, start: usize, k: usize) -> Option<Vec<String>> {
    let head: String = scan.chars[..start].iter().collect();
    let head = l::RESPECTIVELY_WORDS
        .iter()
        .find_map(|w| head.strip_suffix(w))?;
    let mut names: Vec<char> = head
        .chars()
        .rev()
        .take_while(|c| !matches!(c, ',' | ':' | '。' | ';' | '(' | ')'))
        .collect();
    names.reverse();
    let names: String = names.into_iter().collect();
    let names: Vec<String> = names.split('、').map(trim_label).collect();
    (names.len() == k && names.iter().all(|n| !n.is_empty()) && !shared_role(&names))
        .then_some(names)
}

/// Whether the last name of a list ends in a role its first lacks (`当年财政拨款、上年结转
/// 资金执行数分别为…`): the role word is every name's, each number is a source's 执行数 —
/// read as the last name, it would be the whole's. Such a list is not read.
fn shared_role(names: &[String]) -> bool {
    let whole = |n: &String| {
        matches!(
            money_role(n),
            Some(Role::Executed | Role::Budget | Role::Total)
        )
    };
    names.last().is_some_and(whole) && !names.first().is_some_and(whole)
}

/// Whether the figure starting at `i` is written as approximate (`约1776万元`).
fn approximate(c: &[char], i: usize) -> bool {
    let before: String = c[i.saturating_sub(3)..i].iter().collect();
    l::APPROX_WORDS.iter().any(|w| before.ends_with(w))
}

/// A weight read (its category name, points, sentence).
type Weight = (Option<String>, Decimal, u32);

/// One paragraph's figures as its tokens are read, in order.
struct Reading<'a> {
    /// The paragraph's number.
    n: u32,
    scan: &'a Scan,
    /// The paragraph's lead category name.
    category: Option<String>,
    out: Vec<Figure>,
    /// The place in the run of amounts.
    seq: u32,
    /// The last weight read, until a score takes it.
    weight: Option<Weight>,
}

impl Reading<'_> {
    /// A token of this year: an amount, a rate or points.
    fn token(&mut self, t: &Token, label: &str) {
        if let Some(v) = t.money() {
            self.amount(t, label, v);
            return;
        }
        match t.unit {
            Unit::Percent | Unit::Bare if t.depth == 0 && ends_any(label, l::RATE_ENDS) => {
                let pct = t.unit == Unit::Percent;
                let f = self.figure(t, label, Role::Rate, t.fraction(), pct);
                self.out.push(f);
            }
            Unit::Fen => self.points(t, label),
            _ => {}
        }
    }

    fn amount(&mut self, t: &Token, label: &str, v: Decimal) {
        // A bracketed amount (`（其中年中追加7.52万元）`) qualifies the one before it:
        // it stands between no part and its total.
        if t.depth != 0 {
            return;
        }
        let f = self.figure(
            t,
            label,
            money_role(label).unwrap_or(Role::Amount),
            v,
            false,
        );
        self.seq += 1;
        if !has_any(label, l::PRICE_MARKS) {
            self.out.push(f);
        }
    }

    /// Points: a score (the total's, a category's, the execution's) or a weight.
    fn points(&mut self, t: &Token, label: &str) {
        let first = !self.out.iter().any(|f| f.role == Role::CategoryScore);
        let role = score_role(label, self.category.is_some() && first);
        // In brackets only a category's score counts (`（分值50分，自评得分44分）` after
        // 产出指标, whose name the label then holds).
        let in_brackets = |r: &Role| *r == Role::CategoryScore || named_category(label).is_some();
        let role = role.filter(|r| t.depth == 0 || in_brackets(r));
        let Some(r) = role else {
            // `部门管理20分` / `分值50分`: a category's weight; its score may follow.
            // `总分100分`: the whole's weight, after which a score is the total.
            let whole = t.value == Decimal::ONE_HUNDRED || has_any(label, l::WHOLE_WORDS);
            self.weight = (!whole).then(|| (weight_name(label), t.value, t.sentence));
            return;
        };
        let mut f = self.figure(t, label, r, t.value, false);
        let w = self.weight.take().filter(|w| w.2 == t.sentence);
        categorise(&mut f, w, self.category.as_deref());
        if !indicator_score(&f) {
            self.out.push(f);
        }
    }

    /// The figure a token stands for, at the current place in the run of amounts.
    fn figure(&self, t: &Token, label: &str, role: Role, value: Decimal, percent: bool) -> Figure {
        Figure {
            paragraph: self.n,
            sentence: t.sentence,
            seq: self.seq,
            role,
            value,
            text: self.scan.text(t.start, t.end),
            label: label.to_string(),
            percent,
            grade: None,
            category: None,
            weight: None,
        }
    }
}

/// Settles whose score a score figure is: right after a category's weight in its sentence
/// (`部门管理20分，得分18.92分`) or after a category's name (`履职效果得分45分`) it is that
/// category's, never the table's total (reports.md §3); after the paragraph's lead
/// category name, that one's.
fn categorise(f: &mut Figure, weight: Option<Weight>, lead: Option<&str>) {
    let r = f.role;
    if let Some((name, value, _)) = weight.filter(|_| r != Role::ExecScore) {
        if r == Role::Score && !ends_any(&f.label, l::TOTAL_SCORE_ENDS) {
            f.role = Role::CategoryScore;
        }
        if f.role == Role::CategoryScore {
            f.category = name.or_else(|| lead.map(str::to_string));
            f.weight = Some(value);
        }
    } else if r == Role::CategoryScore {
        f.category = lead.map(str::to_string);
    } else if let Some(name) = named_category(&f.label).filter(|_| r == Role::Score) {
        f.role = Role::CategoryScore;
        f.category = Some(name);
    }
}

/// A plain `得分` of at most 10 points in a sentence that states a rate may be the
/// execution score as well as the total: read as neither.
fn drop_ambiguous_scores(out: &mut Vec<Figure>) {
    let rate_sentences: Vec<u32> = out
        .iter()
        .filter(|f| f.role == Role::Rate)
        .map(|f| f.sentence)
        .collect();
    out.retain(|f| {
        !(f.role == Role::Score
            && f.label == "得分"
            && f.value <= Decimal::TEN
            && rate_sentences.contains(&f.sentence))
    });
}

/// The text of sentence `idx` (from 0) of a paragraph, its closing mark included; the
/// whole paragraph when it has no such sentence.
///
/// ```
/// use selfeval::read::narrative::figures::sentence;
/// assert_eq!(sentence("甲。乙（丙。丁）。戊", 1), "乙（丙。丁）。");
/// ```
pub fn sentence(text: &str, idx: u32) -> String {
    let scan = Scan::new(text);
    let original: Vec<char> = text.chars().collect();
    let picked: String = (0..original.len())
        .filter(|&i| scan.sentence[i] == idx)
        .map(|i| original[i])
        .collect();
    if picked.trim().is_empty() {
        text.to_string()
    } else {
        picked.trim().to_string()
    }
}

/// Every figure of every paragraph.
pub fn read(paragraphs: &[String]) -> Vec<Figure> {
    let first_heading = paragraphs
        .iter()
        .position(|p| super::outline::heading(p).is_some());
    let year = super::when::report_year(paragraphs, first_heading);
    paragraphs
        .iter()
        .enumerate()
        .flat_map(|(i, p)| paragraph_figures_in(u32::try_from(i + 1).unwrap_or(u32::MAX), p, year))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> Vec<(Role, String, String)> {
        paragraph_figures(1, text)
            .into_iter()
            .map(|f| (f.role, f.value.normalize().to_string(), f.label))
            .collect()
    }

    #[test]
    fn a_list_written_respectively_gives_each_name_its_number() {
        let f = roles(
            "当年财政拨款、上年结转资金、其他资金分别为1710.18、53.28、12.5万元，共计1775.96万元。",
        );
        let parts: Vec<_> = f.iter().filter(|x| x.0 == Role::Part).collect();
        assert_eq!(parts.len(), 3, "{f:?}");
        assert_eq!(
            (parts[1].1.as_str(), parts[1].2.as_str()),
            ("53.28", "上年结转资金")
        );
        // Names and numbers that do not pair are not read; units written each time are.
        assert!(roles("财政拨款、其他资金分别为1710.18、53.28、12.5万元。").len() <= 1);
        assert_eq!(
            roles("基本支出、项目支出分别执行829.15万元、912.54万元。").len(),
            2
        );
        let shared = roles("当年财政拨款、上年结转资金执行数分别为177.72、6.4万元。");
        assert!(shared.iter().all(|x| x.0 != Role::Executed), "{shared:?}");
        let f = roles("项目预算数、执行数分别为628.78、619.03万元。");
        let f: Vec<Role> = f.iter().map(|x| x.0).collect();
        assert_eq!(f, [Role::Budget, Role::Executed]);
    }

    #[test]
    fn an_approximate_figure_is_left_out() {
        let f = roles("全年预算约1776万元，全年执行支出1741.69万元，执行率98.07%。");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].1, "1741.69");
    }

    #[test]
    fn an_indicator_s_score_is_no_total() {
        let got = roles("效益指标分值30分，得分29.62分，可持续影响指标得分10分。");
        assert!(got.iter().all(|r| r.0 != Role::Score), "{got:?}");
        let got = roles("项目各项指标综合得分99.46分。");
        assert_eq!(got[0].0, Role::Score);
    }

    #[test]
    fn a_share_of_a_source_is_no_part() {
        let got =
            roles("当年财政拨款中年初预算1702.66万元，年中追加预算7.52万元，合计1710.18万元。");
        assert_eq!(got[0].0, Role::Amount);
        assert_eq!(roles("市县资金82.94万元")[0].0, Role::Part);
    }

    #[test]
    fn a_fund_total_and_its_disbursement_are_budget_and_executed() {
        let got = roles(
            "项目财政资金总额16.20万元，全部为县级配套资金，拨付使用16.20万元，预算执行率95%。",
        );
        let got: Vec<Role> = got.iter().map(|g| g.0).collect();
        assert_eq!(got, [Role::Budget, Role::Executed, Role::Rate]);
        let got = roles("资金支付18501.1万元，未支703万元，支付率96.34%；全年执行64.8万元。");
        let got: Vec<Role> = got.iter().map(|g| g.0).collect();
        assert_eq!(
            got,
            [Role::Amount, Role::Amount, Role::Rate, Role::Executed]
        );
        let got = roles("项目年初预算260万元，调整后预算296.6万元，实际支出295.15万元。");
        let got: Vec<Role> = got.iter().map(|g| g.0).collect();
        assert_eq!(got, [Role::Amount, Role::Budget, Role::Executed]);
        let got = roles("年初批复预算2个项目205万元，调整预算后项目预算237.5万元。");
        let got: Vec<Role> = got.iter().map(|g| g.0).collect();
        assert_eq!(got, [Role::Amount, Role::Budget]);
        assert_eq!(roles("年中调整预算36.6万元。")[0].0, Role::Amount);
        let got = roles("申请资金总额350万元，申报预算数350万元，实际下达296.6万元。");
        assert!(got.iter().all(|g| g.0 == Role::Amount), "{got:?}");
        let f = paragraph_figures(1, "执行率达98.45个百分点，较上年提高3个百分点。");
        assert_eq!(
            (f.len(), f[0].role, f[0].value),
            (1, Role::Rate, Decimal::new(9845, 4))
        );
        let f = paragraph_figures(1, "项目自评总分97.99分。");
        assert_eq!((f[0].role, f.len()), (Role::Score, 1));
    }

    #[test]
    fn the_2021_fund_sentence() {
        let got = roles("1.项目支出预算执行情况：当年财政拨款30万元，上年结转结余资金1.69万元，共计财政拨款收入28.31万元，全年执行支出28.31万元，执行率9，项目执行得分97分。");
        let want = [
            (Role::Part, "30"),
            (Role::Part, "1.69"),
            (Role::Total, "28.31"),
            (Role::Executed, "28.31"),
            (Role::Rate, "9"),
            (Role::ExecScore, "97"),
        ];
        let got: Vec<(Role, &str)> = got.iter().map(|(r, v, _)| (*r, v.as_str())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn wan_written_after_the_first_amount_only_is_every_amount_s() {
        let got = roles("当年财政拨款1710.18万元，上年结转资金53.28，其他资金12.5，共计1775.96，全年执行支出1741.69，执行率98.07%。人员编制36，结转资金5。");
        let got: Vec<String> = got.iter().map(|(r, v, _)| format!("{r:?} {v}")).collect();
        // The second sentence has no amount with its unit: its bare numbers stay unread.
        let want = "Part 1710.18|Part 53.28|Part 12.5|Total 1775.96|Executed 1741.69|Rate 0.9807";
        assert_eq!(got.join("|"), want);
    }

    #[test]
    fn brackets_prices_yuan_and_thousands() {
        let got = roles("当年财政拨款80万元（其中追加20万元），其他资金50000元，共计85万元。");
        let vals: Vec<&str> = got.iter().map(|(_, v, _)| v.as_str()).collect();
        assert_eq!(vals, ["80", "5", "85"]);
        assert!(roles("购置设备3台，每台4万元，共计12万元。")
            .iter()
            .all(|(r, _, _)| *r == Role::Total));
        let got = roles("2021年我局预算支出共计1,288.59万元。");
        assert_eq!(got[0].1, "1288.59");
        assert_eq!(got[0].0, Role::Executed);
    }

    #[test]
    fn category_scores_plain_and_in_brackets() {
        let got = roles("（1）产出指标，包括数量指标，分值50分，得分44分。");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, Role::CategoryScore);
        let f = paragraph_figures(1, "1.产出指标（分值50分，自评得分44分），其中：");
        assert_eq!(f[0].role, Role::CategoryScore);
        assert_eq!(f[0].category.as_deref(), Some("产出指标"));
        assert_eq!(f[0].value, Decimal::from(44));
        let f = paragraph_figures(1, "项目自评得分自评97分，复核99.47分。");
        assert_eq!((f[0].role, f.len()), (Role::Score, 1));
    }

    #[test]
    fn categories_in_brackets_one_after_another_are_each_read() {
        let f = paragraph_figures(
            1,
            "产出指标（分值50分，自评得分45分），效益指标（分值30分，自评得分30分），项目自评得分99.6分。",
        );
        let got: Vec<_> = f
            .iter()
            .map(|f| (f.role, f.category.clone(), f.value.to_string()))
            .collect();
        let c = |n: &str, v: &str| (Role::CategoryScore, Some(n.to_string()), v.to_string());
        assert_eq!(
            got,
            [
                c("产出指标", "45"),
                c("效益指标", "30"),
                (Role::Score, None, "99.6".to_string())
            ]
        );
        // A survey's score in brackets, with no weight there, is no category's.
        let f = paragraph_figures(1, "群众满意度（测评得分95分）。");
        assert!(f.iter().all(|f| f.role != Role::CategoryScore), "{f:?}");
    }

    #[test]
    fn a_category_weight_in_brackets_before_its_score_names_the_category() {
        let f = paragraph_figures(
            1,
            "产出指标（50分）：得分47.5分；效益指标（30分）：得分28.5分。",
        );
        let got: Vec<_> = f
            .iter()
            .map(|f| (f.role, f.category.as_deref(), f.weight))
            .collect();
        let w = |n| Some(Decimal::from(n));
        assert_eq!(
            got,
            [
                (Role::CategoryScore, Some("产出指标"), w(50)),
                (Role::CategoryScore, Some("效益指标"), w(30)),
            ]
        );
        // A bracket after no category name stays a nameless weight.
        let f = paragraph_figures(1, "项目管理（25分）：得分24分。");
        assert_eq!(f[0].category, None);
        let f = paragraph_figures(1, "项目严格按照实施方案开展，绩效评分98分，自评为优。");
        assert_eq!((f[0].role, f[0].value), (Role::Score, Decimal::from(98)));
    }

    #[test]
    fn bracketed_points_cost_one_pass_over_the_paragraph() {
        // 40,000 brackets after one category name: looking back to the name from each
        // bracket would walk 8·10^8 characters; up to the previous number, 240,000.
        // Timed as growth, not against a clock: four times the brackets must cost well under
        // sixteen times (quadratic) — a fixed bound of 2 s failed a debug build on a loaded
        // machine at 2.04 s. Each size's best of three.
        let best = |n: usize| {
            let text = format!("产出指标{}", "（1分）".repeat(n));
            (0..3)
                .map(|_| {
                    let start = std::time::Instant::now();
                    assert!(paragraph_figures(1, &text).is_empty(), "weights only");
                    start.elapsed()
                })
                .min()
                .unwrap_or_default()
        };
        let (small, large) = (best(10_000), best(40_000));
        assert!(large < small * 8, "10,000: {small:?}, 40,000: {large:?}");
    }

    #[test]
    fn rates_with_and_without_percent() {
        let f = paragraph_figures(1, "全年预算资金执行率96.08%，其中基本预算执行率92.72%。");
        assert_eq!(f[0].value, Decimal::new(9608, 4));
        assert!(f[0].percent);
        assert_eq!(f[1].label, "其中基本预算执行率");
        let f = paragraph_figures(1, "执行率10。");
        assert!(!f[0].percent);
        assert_eq!(
            lead_category("5.服务对象满意度。包括"),
            Some("服务对象满意度".into())
        );
        assert_eq!(lead_category("1.预算执行情况"), Some("预算执行".into()));
        assert_eq!(lead_category("2021年，本部门"), None);
    }
}

#[cfg(test)]
mod weight_tests {
    use super::*;

    #[test]
    fn a_score_after_a_category_weight_is_that_category_s() {
        let f = paragraph_figures(
            1,
            "部门管理20分，得分18.92分；履职效果50分，得分47.32分；总分100分，自评得分96.24分。",
        );
        let got: Vec<(Role, Option<&str>, String)> = f
            .iter()
            .map(|f| {
                (
                    f.role,
                    f.category.as_deref(),
                    f.value.normalize().to_string(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Role::CategoryScore, Some("部门管理"), "18.92".into()),
                (Role::CategoryScore, Some("履职效果"), "47.32".into()),
                (Role::Score, None, "96.24".into()),
            ]
        );
        assert_eq!(f[0].weight, Some(Decimal::from(20)));
        let f = paragraph_figures(
            1,
            "履职效果得分45分，能力建设得分9.54分，项目自评得分94.05分。",
        );
        let got: Vec<(Role, Option<&str>)> =
            f.iter().map(|f| (f.role, f.category.as_deref())).collect();
        assert_eq!(
            got,
            [
                (Role::CategoryScore, Some("履职效果")),
                (Role::CategoryScore, Some("能力建设")),
                (Role::Score, None),
            ]
        );
    }
}
