//! The indicator value parser: reads a 年度指标值 (target) into operator + number + unit,
//! a qualitative phrase or a placeholder, and a 实际完成值 (actual) into number + unit or
//! one of the three qualitative levels.
//!
//! Parsing is lenient about forms (full-width digits and signs, `，` thousand separators,
//! operators written as symbols or words, before or after the number, numbers in Chinese
//! numerals before a measure word, units spelled several ways) and strict about a target's
//! content: anything but an optional operator, one number and a unit, or a range of two such
//! ends ([`Target::Range`]), is [`Target::Unparsed`].
//! An actual may carry words around its figure (`完成98.5%`, `200余人`; docs/scoring.md,
//! "Indicator values from the field").
//! Nothing here panics, whatever the text. A number beyond the reader's bounds (more than 15
//! digits before the point or 12 after it, src/decode/limits.rs) does not parse: such a target
//! is [`Target::Unparsed`] (`target-unparsed`), such an actual is not a number.

use super::{Level, Op};
use crate::decode::number;
use rust_decimal::Decimal;
use std::str::FromStr;

/// What a 年度指标值 says.
///
/// ```
/// use selfeval::score::value::{parse_target, Target};
/// use selfeval::score::Op;
/// use rust_decimal::Decimal;
/// assert_eq!(
///     parse_target("不超过50万元"),
///     Target::Quantitative { op: Op::Le, value: Decimal::from(50), unit: "万元".into() }
/// );
/// assert_eq!(parse_target("按时完成"), Target::Qualitative);
/// assert_eq!(parse_target("待定"), Target::Placeholder);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An operator, a number and a unit (normalised, possibly empty).
    Quantitative {
        /// The comparison; a bare number is `≥`.
        op: Op,
        /// The number (A).
        value: Decimal,
        /// The normalised unit (`%`, `万元`, `个`, `元/户`, `台、个`), empty when none.
        unit: String,
    },
    /// A range (`95%-100%`, `1-3个工作日`, `≥90%且≤100%`, `90%至100%之间`): met when the
    /// actual lies in it, both ends included; outside it, the end crossed binds.
    Range {
        /// The lower end.
        low: Decimal,
        /// The upper end (never below `low`).
        high: Decimal,
        /// The normalised unit of both ends, empty when none.
        unit: String,
    },
    /// A phrase or a deadline: scored by level band.
    Qualitative,
    /// Empty or a placeholder (`*`, `_`, `-`, `/`, `—`, `待定`).
    Placeholder,
    /// Has digits but is not operator + number + unit.
    Unparsed,
}

/// What a 实际完成值 says.
///
/// ```
/// use selfeval::score::value::{parse_actual, Actual};
/// use selfeval::score::Level;
/// use rust_decimal::Decimal;
/// assert_eq!(parse_actual("730家次"), Actual::Number { value: Decimal::from(730), unit: "家次".into() });
/// assert_eq!(parse_actual("未达成年度指标且效果较差"), Actual::Level(Level::NotMet));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actual {
    /// A number and its normalised unit (empty when none).
    Number {
        /// The number (B), as written (may be negative).
        value: Decimal,
        /// The normalised unit.
        unit: String,
    },
    /// Names one of the three qualitative levels.
    Level(Level),
    /// Text that is neither a number nor a level.
    Text,
    /// Empty or a placeholder.
    Empty,
}

/// Operator words and symbols that may precede the number, longest first within a family
/// so that `>=` is not read as `>`.
const PREFIX_OPS: &[(&str, Op)] = &[
    ("大于或等于", Op::Ge),
    ("大于等于", Op::Ge),
    ("小于或等于", Op::Le),
    ("小于等于", Op::Le),
    (">=", Op::Ge),
    ("=>", Op::Ge),
    ("≥", Op::Ge),
    ("≧", Op::Ge),
    ("不低于", Op::Ge),
    ("不少于", Op::Ge),
    ("不小于", Op::Ge),
    ("至少", Op::Ge),
    ("达到", Op::Ge),
    ("<=", Op::Le),
    ("=<", Op::Le),
    ("≤", Op::Le),
    ("≦", Op::Le),
    ("不高于", Op::Le),
    ("不超过", Op::Le),
    ("不大于", Op::Le),
    ("不多于", Op::Le),
    ("最多", Op::Le),
    ("控制在", Op::Le),
    ("等于", Op::Eq),
    ("=", Op::Eq),
    // A box-drawing double line, how some input methods type `=`.
    ("═", Op::Eq),
    (">", Op::Gt),
    ("大于", Op::Gt),
    ("高于", Op::Gt),
    ("多于", Op::Gt),
    ("超过", Op::Gt),
    ("<", Op::Lt),
    ("小于", Op::Lt),
    ("低于", Op::Lt),
    ("少于", Op::Lt),
];

/// Operator words that may follow the number and unit (`90%以上`, `30天内`).
const SUFFIX_OPS: &[(&str, Op)] = &[
    ("及以上", Op::Ge),
    ("以上", Op::Ge),
    ("及以下", Op::Le),
    ("以下", Op::Le),
    ("以内", Op::Le),
    ("之内", Op::Le),
    ("内", Op::Le),
];

/// Whole texts that mean "no value".
const PLACEHOLDERS: &[&str] = &["*", "_", "-", "/", "—", "–", "－", "待定", "无", "\\"];

/// Normalises the forms of a value text: full-width ASCII to ASCII (digits, signs, `％`),
/// whitespace removed, `，`/`,` thousand separators between digit groups removed.
///
/// ```
/// assert_eq!(selfeval::score::value::normalize_text(" ≥ １，２８８.５ 万元"), "≥1288.5万元");
/// ```
pub fn normalize_text(s: &str) -> String {
    let mapped: Vec<char> = s
        .chars()
        .filter(|c| !crate::model::text::is_invisible(*c))
        .map(crate::model::text::fold_width)
        .collect();
    // Drop a thousand separator only where it sits between a digit and exactly three digits
    // that are not followed by a fourth: `1,288.59` but not `1,2` or a list `3,5`.
    let mut out = String::with_capacity(mapped.len());
    for (i, &c) in mapped.iter().enumerate() {
        if (c == ',' || c == '，')
            && i > 0
            && mapped[i - 1].is_ascii_digit()
            && mapped.len() > i + 3
            && mapped[i + 1..=i + 3].iter().all(|d| d.is_ascii_digit())
            && !mapped.get(i + 4).is_some_and(|d| d.is_ascii_digit())
        {
            continue;
        }
        out.push(c);
    }
    out
}

/// True for an empty text or a placeholder (`*`, `_`, `-`, `/`, `—`, `待定`, repeated).
pub fn is_placeholder(s: &str) -> bool {
    let t = normalize_text(s);
    if t.is_empty() {
        return true;
    }
    if PLACEHOLDERS.contains(&t.as_str()) {
        return true;
    }
    // `——`, `--`, `**`: a placeholder character repeated.
    let mut chars = t.chars();
    let first = chars.next().unwrap_or(' ');
    "*_-/—–－\\".contains(first) && t.chars().all(|c| c == first)
}

/// Normalises a unit: surrounding brackets removed, `百分比` and `％` as `%`.
///
/// ```
/// use selfeval::score::value::normalize_measure;
/// assert_eq!(normalize_measure("（台、个）"), "台、个");
/// assert_eq!(normalize_measure("百分比"), "%");
/// ```
pub fn normalize_measure(s: &str) -> String {
    let mut t = normalize_text(s);
    loop {
        let stripped = strip_brackets(&t);
        if stripped.len() == t.len() {
            break;
        }
        t = stripped.to_string();
    }
    match crate::form::UNIT_SPELLINGS.iter().find(|(w, _)| *w == t) {
        Some((_, unit)) => unit.to_string(),
        None => drop_gloss(t),
    }
}

/// A unit followed by its own name in brackets, as a unit column glosses it (`%(百分比)`,
/// Hebei's 成安 2020 form): the unit. A bracket saying something else (`元(每户)`) stays.
fn drop_gloss(t: String) -> String {
    let Some(inner) = t.strip_suffix(')').or_else(|| t.strip_suffix('）')) else {
        return t;
    };
    let Some(open) = inner.rfind(['(', '（']) else {
        return t;
    };
    let (head, gloss) = (&inner[..open], &inner[open..]);
    let gloss = gloss.trim_start_matches(['(', '（']);
    if !head.is_empty() && normalize_measure(head) == normalize_measure(gloss) {
        return normalize_measure(head);
    }
    t
}

fn strip_brackets(t: &str) -> &str {
    for (open, close) in [('(', ')'), ('（', '）'), ('【', '】'), ('[', ']')] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner;
        }
    }
    t
}

/// The factor that converts an actual in `actual_unit` into `target_unit`, or `None` when
/// the units differ and do not convert. Units compare after [`normalize_measure`]; an empty
/// unit on either side takes the other's; `元` ↔ `万元` convert; a target unit listing
/// alternatives (`台、个`) accepts each of them.
///
/// ```
/// use selfeval::score::value::unit_factor;
/// use rust_decimal::Decimal;
/// assert_eq!(unit_factor("万元", "元"), Some(Decimal::new(1, 4)));
/// assert_eq!(unit_factor("台、个", "台"), Some(Decimal::ONE));
/// assert_eq!(unit_factor("个", "家"), None);
/// ```
pub fn unit_factor(target_unit: &str, actual_unit: &str) -> Option<Decimal> {
    let t = normalize_measure(target_unit);
    let a = normalize_measure(actual_unit);
    if t == a || t.is_empty() || a.is_empty() {
        return Some(Decimal::ONE);
    }
    match (t.as_str(), a.as_str()) {
        ("万元", "元") => return Some(Decimal::new(1, 4)),
        ("元", "万元") => return Some(Decimal::from(10_000)),
        _ => {}
    }
    let alternatives = t
        .split(['、', ',', '，', '或', ';', '；'])
        .map(normalize_measure)
        .any(|alt| alt == a);
    alternatives.then_some(Decimal::ONE)
}

/// Parses a 年度指标值.
pub fn parse_target(s: &str) -> Target {
    if is_placeholder(s) {
        return Target::Placeholder;
    }
    let t = normalize_text(s);
    if is_deadline(&t) {
        return Target::Qualitative;
    }
    let quantity = if t.chars().any(|c| c.is_ascii_digit()) {
        parse_quantity(&t, false)
    } else {
        // No digit: a quantity only when written in numerals (`三次`), else a phrase.
        match numeral_quantity(&t) {
            Some(q) => Some(q),
            None => return Target::Qualitative,
        }
    };
    match quantity {
        None => match parse_range(&t) {
            Some((low, high, unit)) => Target::Range { low, high, unit },
            None => Target::Unparsed,
        },
        Some((op, value, unit)) => Target::Quantitative {
            // A bare number is `≥` (scoring.md), a bare zero too: `0起` is `≥ 0`, met by any
            // count, as scoring.md's "A = 0 with ≥" says (docs/scoring.md: the spec followed
            // where a finance officer would read "none").
            op: op.unwrap_or(Op::Ge),
            value,
            unit,
        },
    }
}

/// The longest text read as a range; the longest range written (`控制在不低于90%且不高于100%之间`)
/// is far shorter.
const RANGE_MAX_CHARS: usize = 64;

/// A range target: its lower end, upper end and unit. Two ends joined by a dash (`95%-100%`,
/// `95-100%`, `1-3个工作日`, `3至5个`, `90%～100%`), or two bounds of opposite directions
/// (`≥90%且≤100%`, `不低于90%不高于100%`), optionally wrapped in `介于…之间`. The units of the
/// two ends must agree (one left out takes the other's), and the lower end may not exceed the
/// upper (`2022-12` is no range). Which end binds is never guessed: the actual decides.
fn parse_range(t: &str) -> Option<(Decimal, Decimal, String)> {
    use crate::form::{RANGE_PREFIXES, RANGE_SUFFIXES};
    // [`bounds`] tries each operator in the text as the second bound's start: a target cell
    // is short, a cell of many operators (hostile input) would cost their square.
    if t.chars().count() > RANGE_MAX_CHARS {
        return None;
    }
    let body = RANGE_PREFIXES
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(t);
    let (body, between) = match RANGE_SUFFIXES.iter().find_map(|s| body.strip_suffix(s)) {
        Some(b) => (b, true),
        None => (body, false),
    };
    let (low, high, unit) = dashed(body, between).or_else(|| bounds(body))?;
    (low <= high).then_some((low, high, unit))
}

/// `number [unit] dash number [unit]`.
fn dashed(body: &str, between: bool) -> Option<(Decimal, Decimal, String)> {
    use crate::form::{RANGE_ANDS, RANGE_DASHES};
    if body.starts_with(['-', '+']) {
        return None;
    }
    let (low, rest) = take_number(body)?;
    let joiners = RANGE_DASHES
        .iter()
        .chain(RANGE_ANDS.iter().filter(|_| between));
    let (at, dash) = joiners
        .filter_map(|d| rest.find(d).map(|i| (i, *d)))
        .min_by_key(|(i, _)| *i)?;
    let right = &rest[at + dash.len()..];
    if right.starts_with(['-', '+']) {
        return None;
    }
    let (high, unit_right) = take_number(right)?;
    // `1-3个工作日内`: the range already says "within".
    let (unit_right, _) = strip_suffix_op(unit_right);
    let unit = same_unit(&rest[..at], unit_right)?;
    Some((low, high, unit))
}

/// Two bounds with their operators, one `≥`/`>` and one `≤`/`<`, in either order.
fn bounds(body: &str) -> Option<(Decimal, Decimal, String)> {
    let starts = body.char_indices().map(|(i, _)| i).filter(|&i| i > 0);
    starts
        .filter(|&i| PREFIX_OPS.iter().any(|(w, _)| body[i..].starts_with(w)))
        .find_map(|i| {
            let mut left = &body[..i];
            while let Some(l) = crate::form::BOUND_JOINERS
                .iter()
                .find_map(|j| left.strip_suffix(j))
            {
                left = l;
            }
            let (a, va, ua) = parse_quantity(left, false)?;
            let (b, vb, ub) = parse_quantity(&body[i..], false)?;
            let unit = same_unit(&ua, &ub)?;
            match (lower_bound(a?), lower_bound(b?)) {
                (Some(true), Some(false)) => Some((va, vb, unit)),
                (Some(false), Some(true)) => Some((vb, va, unit)),
                _ => None,
            }
        })
}

/// Whether an operator bounds from below (`≥ >`), from above (`≤ <`), or neither (`=`).
fn lower_bound(op: Op) -> Option<bool> {
    match op {
        Op::Ge | Op::Gt => Some(true),
        Op::Le | Op::Lt => Some(false),
        Op::Eq | Op::Between => None,
    }
}

/// The unit of both ends of a range: equal after normalising, or one left out.
fn same_unit(a: &str, b: &str) -> Option<String> {
    let (a, b) = (normalize_measure(a), normalize_measure(b));
    if !is_plain_unit(&a) || !is_plain_unit(&b) {
        return None;
    }
    match (a.is_empty(), b.is_empty()) {
        (true, _) => Some(b),
        (_, true) => Some(a),
        _ => (a == b).then_some(a),
    }
}

/// `[op] numerals measure [suffix-op]` (`不少于二十人次`, `三次`): the operator, value and unit.
fn numeral_quantity(t: &str) -> Option<(Option<Op>, Decimal, String)> {
    let (op, rest) = strip_prefix_op(t);
    let (rest, suffix) = strip_suffix_op(rest);
    let (value, unit) = super::numeral::quantity(rest)?;
    let op = match (op, suffix) {
        (Some(a), Some(b)) if a != b => return None,
        (a, b) => a.or(b),
    };
    Some((op, value, normalize_measure(&unit)))
}

/// The operator word or symbol a text starts with, and the rest.
fn strip_prefix_op(t: &str) -> (Option<Op>, &str) {
    PREFIX_OPS
        .iter()
        .find_map(|(w, o)| t.strip_prefix(w).map(|r| (Some(*o), r)))
        .unwrap_or((None, t))
}

/// The operator word a text ends with (`以上`, `以内`), and the rest.
fn strip_suffix_op(t: &str) -> (&str, Option<Op>) {
    SUFFIX_OPS
        .iter()
        .find_map(|(w, o)| t.strip_suffix(w).map(|r| (r, Some(*o))))
        .unwrap_or((t, None))
}

/// Parses a 实际完成值.
pub fn parse_actual(s: &str) -> Actual {
    if is_placeholder(s) {
        return Actual::Empty;
    }
    let t = normalize_text(s);
    if !is_deadline(&t) {
        if let Some((_, value, unit)) = parse_quantity(&t, true).or_else(|| numeral_quantity(&t)) {
            return Actual::Number { value, unit };
        }
    }
    if let Some(l) = parse_level(&t) {
        return Actual::Level(l);
    }
    // Words before the figure (`完成98.5%`, `已完成，共计30场`, `约95%`): the figure.
    let rest = strip_lead_words(&t);
    match (
        rest.len() < t.len() && !is_deadline(rest),
        parse_quantity(rest, true),
    ) {
        (true, Some((_, value, unit))) => Actual::Number { value, unit },
        _ => Actual::Text,
    }
}

/// Words an actual may put before its figure: a verb of completion, a total, an
/// approximation, and the punctuation between them.
const LEAD_WORDS: &[&str] = &[
    "实际完成",
    "已完成",
    "完成了",
    "完成",
    "共计",
    "累计",
    "合计",
    "总计",
    "达到",
    "实际",
    "共",
    "约",
    "近",
    "，",
    ",",
    "：",
    ":",
];

fn strip_lead_words(t: &str) -> &str {
    let mut rest = t;
    while let Some(r) = LEAD_WORDS.iter().find_map(|w| rest.strip_prefix(w)) {
        rest = r;
    }
    rest
}

/// The qualitative level a text names, if any. `未达成` and `部分达成` are tested before
/// `达成`, which both contain.
///
/// ```
/// use selfeval::score::value::parse_level;
/// use selfeval::score::Level;
/// assert_eq!(parse_level("部分达成"), Some(Level::Partial));
/// assert_eq!(parse_level("未达成"), Some(Level::NotMet));
/// assert_eq!(parse_level("达成预期指标"), Some(Level::Met));
/// assert_eq!(parse_level("效果明显"), None);
/// assert_eq!(parse_level("已完成"), Some(Level::Met));
/// assert_eq!(parse_level("基本完成"), Some(Level::Partial));
/// assert_eq!(parse_level("未完成"), Some(Level::NotMet));
/// assert_eq!(parse_level("完成率98%"), None);
/// assert_eq!(parse_level("已完成100%"), Some(Level::Met));
/// assert_eq!(parse_level("达到预期"), Some(Level::Met));
/// assert_eq!(parse_level("基本达到"), Some(Level::Partial));
/// assert_eq!(parse_level("未达到预期"), Some(Level::NotMet));
/// assert_eq!(parse_level("已完成98%"), None);
/// ```
pub fn parse_level(s: &str) -> Option<Level> {
    let t = normalize_text(s);
    const NOT_MET: &[&str] = &[
        "未达成",
        "未完成",
        "没有达成",
        "未能达成",
        "没有完成",
        "未能完成",
        "未达到",
        "没有达到",
        "未能达到",
    ];
    const PARTIAL: &[&str] = &["部分达成", "基本达成", "基本达到", "部分达到"];
    // `达到预期` says what `达成预期指标` says.
    const REACHED: &[&str] = &["达到预期", "达到目标", "达到年度目标"];
    // Published tables write `完成` where the form says `达成` (`完成`, `已完成`): the whole
    // text only, so that `完成率98%` or `完成3项` is no level.
    const DONE_PARTIAL: &[&str] = &["基本完成", "部分完成"];
    const DONE: &[&str] = &[
        "完成",
        "已完成",
        "全部完成",
        "全面完成",
        "按时完成",
        "如期完成",
        "按期完成",
        "及时完成",
        "已按时完成",
        "已按期完成",
    ];
    // `已完成100%` (Sichuan's 实施进度 column): done, and done in full, is done.
    let whole = ["100%", "百分之百"]
        .iter()
        .find_map(|p| t.strip_suffix(p))
        .unwrap_or(t.as_str());
    if NOT_MET.iter().any(|w| t.contains(w)) {
        Some(Level::NotMet)
    } else if PARTIAL.iter().any(|w| t.contains(w)) || DONE_PARTIAL.contains(&t.as_str()) {
        Some(Level::Partial)
    } else if t.contains("达成")
        || REACHED.iter().any(|w| t.contains(w))
        || DONE.contains(&t.as_str())
        || DONE.contains(&whole)
    {
        Some(Level::Met)
    } else {
        None
    }
}

/// The operator's usual symbol (`≥`, `>`, `≤`, `<`, `=`).
pub fn op_symbol(op: Op) -> &'static str {
    match op {
        Op::Ge => "≥",
        Op::Gt => ">",
        Op::Le => "≤",
        Op::Lt => "<",
        Op::Eq => "=",
        Op::Between => "～",
    }
}

/// A deadline written with digits (`2022年10月30日前`, `10月底前完成`, `12月31日`):
/// qualitative, not a quantity.
fn is_deadline(t: &str) -> bool {
    let chars: Vec<char> = t.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_digit() {
            continue;
        }
        let next = chars.get(i + 1).copied();
        // `10月` (but not `12个月`, where 个 sits between), `30日`/`30号` after a month.
        if next == Some('月') {
            return true;
        }
        // A four-digit year `2022年`.
        if next == Some('年') && i >= 3 && chars[i - 3..=i].iter().all(|d| d.is_ascii_digit()) {
            let year_start = i - 3;
            let is_start = year_start == 0 || !chars[year_start - 1].is_ascii_digit();
            if is_start && matches!(chars[year_start], '1' | '2') {
                return true;
            }
        }
    }
    ["日前", "底前", "年底", "月底", "年末", "月末"]
        .iter()
        .any(|w| t.contains(w))
}

/// True when a target writes its operator (`≥95%`, `95%以上`), false for a bare number
/// (`95%`, which is read as `≥`) or a text that is no quantity.
pub fn has_operator(s: &str) -> bool {
    let t = normalize_text(s);
    parse_quantity(&t, false)
        .or_else(|| numeral_quantity(&t))
        .is_some_and(|(op, _, _)| op.is_some())
}

/// Reads `[op] number [unit] [suffix-op]` from a normalised text. For an actual
/// (`lenient`), the unit stops at the first clause separator and a contradicting or
/// missing operator does not matter.
fn parse_quantity(t: &str, lenient: bool) -> Option<(Option<Op>, Decimal, String)> {
    let mut rest = t;
    let mut op = None;
    for (word, o) in PREFIX_OPS {
        if let Some(r) = rest.strip_prefix(word) {
            op = Some(*o);
            rest = r;
            break;
        }
    }
    let (value, after) = take_number(rest)?;
    let mut unit_part = after;
    if lenient {
        if let Some(pos) = unit_part.find(['，', ',', '；', ';', '。']) {
            unit_part = &unit_part[..pos];
        }
    }
    if lenient {
        // `200余人`, `600多人`, `95%左右`: about that figure, in that unit.
        unit_part = unit_part.strip_suffix("左右").unwrap_or(unit_part);
        if let Some(u) = unit_part
            .strip_prefix(['余', '多'])
            .filter(|u| !u.is_empty())
        {
            unit_part = u;
        }
    }
    let mut suffix_op = None;
    for (word, o) in SUFFIX_OPS {
        if let Some(u) = unit_part.strip_suffix(word) {
            suffix_op = Some(*o);
            unit_part = u;
            break;
        }
    }
    // `≥90%以上` agrees with itself; `≥30天内` does not.
    let op = match (op, suffix_op) {
        (Some(a), Some(b)) if a != b && !lenient => return None,
        (Some(a), _) => Some(a),
        (None, b) => b,
    };
    let unit = normalize_measure(unit_part);
    if !lenient && !is_plain_unit(&unit) {
        return None;
    }
    if lenient && unit.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((op, value, unit))
}

/// A unit holds no digits, no operator signs and no clause punctuation.
fn is_plain_unit(u: &str) -> bool {
    !u.chars()
        .any(|c| c.is_ascii_digit() || "<>=≥≤≧≦~～-—，,；;。:：".contains(c) || c.is_control())
        && !PREFIX_OPS
            .iter()
            .any(|(w, _)| w.chars().count() > 1 && u.contains(w))
}

/// Reads an optional sign, digits and an optional fraction from the start of `s`.
fn take_number(s: &str) -> Option<(Decimal, &str)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'-') | Some(b'+')) {
        i = 1;
    }
    let int_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < bytes.len() && bytes[i] == b'.' {
        let mut j = i + 1;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        frac_digits = j - i - 1;
        if frac_digits > 0 {
            i = j;
        }
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    // The bounds of every number read (src/decode/limits.rs): a longer number is not a value
    // anyone wrote, and a bounded one cannot overflow the review's arithmetic.
    if number::has_out_of_bounds_number(&s[..i]) {
        return None;
    }
    let value = Decimal::from_str(&s[..i]).ok()?;
    Some((value, &s[i..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// Every case read as expected by `read`, the mismatches listed at once.
    fn all_read<T: PartialEq + std::fmt::Debug>(cases: Vec<(&str, T)>, read: fn(&str) -> T) {
        let wrong: Vec<String> = cases
            .into_iter()
            .filter(|(t, want)| read(t) != *want)
            .map(|(t, want)| format!("{t:?}: {:?}, expected {want:?}", read(t)))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    fn q(op: Op, v: &str, unit: &str) -> Target {
        Target::Quantitative {
            op,
            value: d(v),
            unit: unit.to_string(),
        }
    }

    #[test]
    fn targets_table() {
        use Op::*;
        let cases: Vec<(&str, Target)> = vec![
            ("≥5500个", q(Ge, "5500", "个")),
            ("≥ 95%", q(Ge, "95", "%")),
            ("≤30万元", q(Le, "30", "万元")),
            ("=100%", q(Eq, "100", "%")),
            ("＝100%", q(Eq, "100", "%")),
            ("等于100%", q(Eq, "100", "%")),
            ("100%", q(Ge, "100", "%")),
            ("30天内", q(Le, "30", "天")),
            ("30天以内", q(Le, "30", "天")),
            ("不低于90%", q(Ge, "90", "%")),
            ("不少于12次", q(Ge, "12", "次")),
            ("90%以上", q(Ge, "90", "%")),
            ("5人以下", q(Le, "5", "人")),
            ("不超过50万元", q(Le, "50", "万元")),
            ("不高于3%", q(Le, "3", "%")),
            ("≥15（台、个）", q(Ge, "15", "台、个")),
            ("≥15(台)", q(Ge, "15", "台")),
            ("≤200元/户", q(Le, "200", "元/户")),
            (">=700家次", q(Ge, "700", "家次")),
            ("＞=700家次", q(Ge, "700", "家次")),
            ("<=3", q(Le, "3", "")),
            (">0", q(Gt, "0", "")),
            ("＞0", q(Gt, "0", "")),
            ("＜5%", q(Lt, "5", "%")),
            ("≧80分", q(Ge, "80", "分")),
            ("≦10天", q(Le, "10", "天")),
            ("１２３个", q(Ge, "123", "个")),
            ("≥1，288.59万元", q(Ge, "1288.59", "万元")),
            ("≥1,288.59万元", q(Ge, "1288.59", "万元")),
            ("95百分比", q(Ge, "95", "%")),
            ("≥95％", q(Ge, "95", "%")),
            ("0.5", q(Ge, "0.5", "")),
            ("≥12个月", q(Ge, "12", "个月")),
            ("≥5年", q(Ge, "5", "年")),
            // Qualitative: no digit, or a deadline.
            ("效果明显", Target::Qualitative),
            ("达成年度指标", Target::Qualitative),
            ("按时完成", Target::Qualitative),
            ("2022年10月30日前", Target::Qualitative),
            ("10月底前完成", Target::Qualitative),
            ("2021年底前完成", Target::Qualitative),
            ("12月31日", Target::Qualitative),
            // Placeholders.
            ("", Target::Placeholder),
            ("  ", Target::Placeholder),
            ("*", Target::Placeholder),
            ("_", Target::Placeholder),
            ("-", Target::Placeholder),
            ("/", Target::Placeholder),
            ("—", Target::Placeholder),
            ("——", Target::Placeholder),
            ("待定", Target::Placeholder),
            // Digits that are not operator + number + unit.
            ("合格率≥95%", Target::Unparsed),
            ("≥3个，≥5次", Target::Unparsed),
            ("≥30天内", Target::Unparsed),
            ("第3名", Target::Unparsed),
            // Beyond the bounds of every number read.
            ("≥70000000000000000000000000000个", Target::Unparsed),
            ("≥1000000000000000个", Target::Unparsed),
            ("≥0.0000000000000000000000001万亩", Target::Unparsed),
            ("≥999999999999999个", q(Ge, "999999999999999", "个")),
            ("≥0.000000000001", q(Ge, "0.000000000001", "")),
        ];
        for (text, want) in cases {
            assert_eq!(parse_target(text), want, "target {text:?}");
        }
    }

    #[test]
    fn actuals_table() {
        let n = |v: &str, u: &str| Actual::Number {
            value: d(v),
            unit: u.to_string(),
        };
        let cases: Vec<(&str, Actual)> = vec![
            ("730家次", n("730", "家次")),
            ("96.08%", n("96.08", "%")),
            ("28.31万元", n("28.31", "万元")),
            ("1,288.59", n("1288.59", "")),
            ("１２３", n("123", "")),
            (" 30 ", n("30", "")),
            ("-5", n("-5", "")),
            ("100%，效果良好", n("100", "%")),
            ("≥95%", n("95", "%")),
            ("16（台）", n("16", "台")),
            ("79228162514264337593543950335万亩", Actual::Text),
            ("999999999999999万亩", n("999999999999999", "万亩")),
            ("达成年度指标", Actual::Level(Level::Met)),
            ("达成预期指标", Actual::Level(Level::Met)),
            ("达成", Actual::Level(Level::Met)),
            (
                "部分达成年度指标并具有一定效果",
                Actual::Level(Level::Partial),
            ),
            ("部分达成", Actual::Level(Level::Partial)),
            ("未达成年度指标且效果较差", Actual::Level(Level::NotMet)),
            ("未完成预期指标且效果较差", Actual::Level(Level::NotMet)),
            ("未达成", Actual::Level(Level::NotMet)),
            ("2022年9月完成，达成年度指标", Actual::Level(Level::Met)),
            ("效果明显", Actual::Text),
            ("", Actual::Empty),
            ("—", Actual::Empty),
        ];
        for (text, want) in cases {
            assert_eq!(parse_actual(text), want, "actual {text:?}");
        }
    }

    /// Forms the field survey looked for (docs/scoring.md, "Indicator values from the field"):
    /// each with the reading a finance officer expects, chosen where the spec is silent.
    #[test]
    fn field_forms_of_targets() {
        use Op::*;
        let cases: Vec<(&str, Target)> = vec![
            ("≥95%以上", q(Ge, "95", "%")),
            ("95%及以上", q(Ge, "95", "%")),
            ("不低于95%", q(Ge, "95", "%")),
            ("≥98%(百分比)", q(Ge, "98", "%")),
            ("三次", q(Ge, "3", "次")),
            ("两个", q(Ge, "2", "个")),
            ("≥三场", q(Ge, "3", "场")),
            ("一万人", q(Ge, "10000", "人")),
            ("十二个月", q(Ge, "12", "个月")),
            ("不少于二十人次", q(Ge, "20", "人次")),
            ("≤0", q(Le, "0", "")),
            // A bare zero is `≥` as any bare number (scoring.md).
            ("0起", q(Ge, "0", "起")),
            ("0", q(Ge, "0", "")),
            ("≥1,000人", q(Ge, "1000", "人")),
            ("≥１０００人", q(Ge, "1000", "人")),
            ("≥500㎡", q(Ge, "500", "平方米")),
            ("≥12km", q(Ge, "12", "公里")),
            ("零事故", Target::Qualitative),
            ("无重大安全事故", Target::Qualitative),
            ("较上年提高", Target::Qualitative),
            ("不低于上年", Target::Qualitative),
            ("≥上年", Target::Qualitative),
            ("一般", Target::Qualitative),
            ("统一标准", Target::Qualitative),
            ("年底前", Target::Qualitative),
            ("2021年12月31日前", Target::Qualitative),
            ("按期", Target::Qualitative),
            ("—", Target::Placeholder),
        ];
        all_read(cases, parse_target);
    }

    /// Ranges and compound targets (docs/scoring.md, "Ranges and compound targets
    /// (rangeprobe)"): the ends and the unit; which end binds is the actual's to decide.
    #[test]
    fn ranges_and_compound_targets() {
        let r = |lo: &str, hi: &str, unit: &str| Target::Range {
            low: d(lo),
            high: d(hi),
            unit: unit.to_string(),
        };
        let long = format!("≥90%{}≤100%", "且".repeat(60));
        let cases: Vec<(&str, Target)> = vec![
            ("95%-100%", r("95", "100", "%")),
            ("95-100%", r("95", "100", "%")),
            ("90%～100%", r("90", "100", "%")),
            ("90%~100%", r("90", "100", "%")),
            ("85%—95%", r("85", "95", "%")),
            ("90%至100%", r("90", "100", "%")),
            ("90%至100%之间", r("90", "100", "%")),
            ("介于90%与100%之间", r("90", "100", "%")),
            ("控制在90%-100%之间", r("90", "100", "%")),
            ("1-3个工作日", r("1", "3", "个工作日")),
            ("1-3个工作日内", r("1", "3", "个工作日")),
            ("3至5个", r("3", "5", "个")),
            ("3到5次", r("3", "5", "次")),
            ("85-90分", r("85", "90", "分")),
            ("0.8-1.2万元", r("0.8", "1.2", "万元")),
            ("2~4次/月", r("2", "4", "次/月")),
            ("≥90%且≤100%", r("90", "100", "%")),
            ("≥90%，≤100%", r("90", "100", "%")),
            ("≤100%且≥85%", r("85", "100", "%")),
            ("不低于90%不高于100%", r("90", "100", "%")),
            ("不低于90%且不高于100%", r("90", "100", "%")),
            ("≥80分且≤90分", r("80", "90", "分")),
            ("≥90%且≤100", r("90", "100", "%")),
            // Not ranges: two lower bounds, units that disagree, ends the wrong way round
            // (a date), `与` outside `之间`, a figure the table does not hold.
            ("≥3个，≥5次", Target::Unparsed),
            ("≥90%且≤100个", Target::Unparsed),
            ("1天-3个", Target::Unparsed),
            ("2022-12", Target::Unparsed),
            ("100%-95%", Target::Unparsed),
            ("90%与100%", Target::Unparsed),
            ("较上年增长5%", Target::Unparsed),
            ("同比下降10%", Target::Unparsed),
            ("同比下降", Target::Qualitative),
            ("-5-5%", Target::Unparsed),
            ("控制在5%以内", q(Op::Le, "5", "%")),
            ("2021-2022年", Target::Qualitative),
            (&long, Target::Unparsed),
        ];
        all_read(cases, parse_target);
    }

    #[test]
    fn field_forms_of_actuals() {
        let n = |v: &str, u: &str| Actual::Number {
            value: d(v),
            unit: u.to_string(),
        };
        let cases: Vec<(&str, Actual)> = vec![
            ("完成98.5%", n("98.5", "%")),
            ("实际完成120个", n("120", "个")),
            ("已完成，共计30场", n("30", "场")),
            ("约95%", n("95", "%")),
            ("200余人", n("200", "人")),
            ("600多人", n("600", "人")),
            ("95%左右", n("95", "%")),
            ("三次", n("3", "次")),
            ("520㎡", n("520", "平方米")),
            ("1,288.59万元", n("1288.59", "万元")),
            ("０起", n("0", "起")),
            ("已完成100%", Actual::Level(Level::Met)),
            ("全部完成", Actual::Level(Level::Met)),
            ("按期完成", Actual::Level(Level::Met)),
            ("基本完成", Actual::Level(Level::Partial)),
            ("有所提升", Actual::Text),
            ("达到预期", Actual::Level(Level::Met)),
            ("基本达到", Actual::Level(Level::Partial)),
            ("未达到预期目标", Actual::Level(Level::NotMet)),
            ("完成率98%", Actual::Text),
        ];
        all_read(cases, parse_actual);
    }

    #[test]
    fn units() {
        assert_eq!(unit_factor("%", "百分比"), Some(Decimal::ONE));
        assert_eq!(unit_factor("万元", "元"), Some(d("0.0001")));
        assert_eq!(unit_factor("元", "万元"), Some(d("10000")));
        assert_eq!(unit_factor("元/户", "元/户"), Some(Decimal::ONE));
        assert_eq!(unit_factor("元/户", "元"), None);
        assert_eq!(unit_factor("台、个", "个"), Some(Decimal::ONE));
        assert_eq!(unit_factor("家次", ""), Some(Decimal::ONE));
        assert_eq!(unit_factor("人次", "人"), None);
    }

    fn unit_strategy() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "",
            "%",
            "万元",
            "元",
            "个",
            "家次",
            "元/户",
            "台、个",
            "天",
            "人次",
            "次",
            "公里",
            "平方米",
            "分",
        ])
        .prop_map(String::from)
    }

    fn op_strategy() -> impl Strategy<Value = Op> {
        prop::sample::select(vec![Op::Ge, Op::Gt, Op::Le, Op::Lt, Op::Eq])
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse_target(&s);
            let _ = parse_actual(&s);
            let _ = parse_level(&s);
            let _ = normalize_measure(&s);
            let _ = unit_factor(&s, &s);
        }

        #[test]
        fn never_panics_on_value_like_text(s in "[0-9０-９.,，%％≥≤<>=＝ 万元个天内以上下-]{0,20}") {
            let _ = parse_target(&s);
            let _ = parse_actual(&s);
        }

        #[test]
        fn format_then_parse_round_trips(
            op in op_strategy(),
            mantissa in 0i64..100_000_000,
            scale in 0u32..4,
            unit in unit_strategy(),
        ) {
            let value = Decimal::new(mantissa, scale);
            let text = format!("{}{}{}", op_symbol(op), value, unit);
            prop_assert_eq!(
                parse_target(&text),
                Target::Quantitative { op, value, unit: unit.clone() },
                "text {}", text
            );
            let actual = format!("{value}{unit}");
            prop_assert_eq!(parse_actual(&actual), Actual::Number { value, unit });
        }
    }
}
