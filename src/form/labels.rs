//! Label normalisation and the alias tables of templates.md §5.
//!
//! Labels are compared after [`key`]: all whitespace removed (also full-width spaces and
//! line breaks), full-width brackets and colons unified with ASCII ones, letters appended
//! in brackets (`（A）`, `(B/A)`) dropped. The alias tables map every accepted spelling to
//! one meaning: a column header ([`Header`]), a field label ([`Field`]), a fund row role
//! ([`fund_role`]) or a table title ([`classify_title`]).

use crate::form;
pub use crate::form::{Field, Header};
use crate::model::{AmountUnit, FundRole, TableKind};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::LazyLock;

/// The lookups built once from the forms of [`crate::form`].
static HEADER_MAP: LazyLock<HashMap<&'static str, Header>> =
    LazyLock::new(|| form::headers().map(|(t, h, _)| (t, h)).collect());
static FIELD_MAP: LazyLock<HashMap<&'static str, Field>> =
    LazyLock::new(|| form::fields().map(|(t, f, _)| (t, f)).collect());
static FUND_MAP: LazyLock<HashMap<&'static str, FundRole>> =
    LazyLock::new(|| form::fund_rows().map(|(t, r, _)| (t, r)).collect());

/// Removes every whitespace character (also `\u{3000}` and line breaks) and zero-width
/// characters; the form in which labels are reported.
///
/// ```
/// assert_eq!(selfeval::read::labels::squash(" 项 目\n名称\u{3000}"), "项目名称");
/// ```
pub fn squash(s: &str) -> String {
    crate::model::text::squash(s)
}

/// The comparison form of a label: squashed, brackets and colons in ASCII, letter
/// suffixes such as `(A)` or `(B/A)` removed, trailing colons removed.
///
/// ```
/// use selfeval::read::labels::key;
/// assert_eq!(key("全年预算数（A）"), "全年预算数");
/// assert_eq!(key("执行率\n(B/A)"), "执行率");
/// assert_eq!(key("预算执行率（B/A×100%）"), "预算执行率");
/// assert_eq!(key("项目资金（万元）"), "项目资金(万元)");
/// assert_eq!(key("年度资金总额："), "年度资金总额");
/// ```
pub fn key(s: &str) -> String {
    // One pass squashes and unifies into a single allocation; the letter-group pass runs
    // only when a bracket is present (most cells have none).
    let mut unified = String::with_capacity(s.len());
    for c in s.chars() {
        if crate::model::text::is_invisible(c) {
            continue;
        }
        unified.push(match c {
            '（' | '【' | '〔' | '[' => '(',
            '）' | '】' | '〕' | ']' => ')',
            '：' => ':',
            '／' => '/',
            '＋' => '+',
            '％' => '%',
            _ => c,
        });
    }
    let mut out = if unified.contains('(') {
        strip_letter_groups(&unified)
    } else {
        unified
    };
    while out.ends_with(':') {
        out.pop();
    }
    out
}

/// Drops bracketed groups made only of ASCII letters and operators: `(A)`, `(B/A)`,
/// `(A+B)`, `(C=B/A)`; also with the factor and sign of a percent, as the regional transfer
/// form writes its rate's formula (`预算执行率(B/A×100%)`). A group needs a letter: `(%)`
/// and `(2021)` stay.
fn strip_letter_groups(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(')') {
            Some(close) => {
                let inner = &after[..close];
                let letters = !inner.is_empty()
                    && inner
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "/+-*=×÷%.".contains(c))
                    && inner.chars().any(|c| c.is_ascii_alphabetic());
                if !letters {
                    out.push('(');
                    out.push_str(inner);
                    out.push(')');
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// An indicator's name without the template's numbering: many published forms print
/// `指标1：` `指标2：` … in the 三级指标 cells and units write the name after it
/// (`指标1：居民健康档案`); the number is the template's, not the name's.
///
/// ```
/// use selfeval::read::labels::strip_numbering;
/// assert_eq!(strip_numbering("指标1：居民健康档案"), "居民健康档案");
/// assert_eq!(strip_numbering(" 指标12: 验收合格率"), "验收合格率");
/// assert_eq!(strip_numbering("指标值达标率"), "指标值达标率");
/// // Hebei's (廊坊) units write the name right after the number, no colon.
/// assert_eq!(strip_numbering("指标1工程完工率"), "工程完工率");
/// assert_eq!(strip_numbering("指标2"), "");
/// assert_eq!(strip_numbering("指标1a"), "指标1a");
/// ```
pub fn strip_numbering(s: &str) -> &str {
    let t = s.trim();
    let Some(rest) = t.strip_prefix("指标") else {
        return s;
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return s;
    }
    let after = &rest[digits..];
    if let Some(name) = after.strip_prefix(['：', ':']) {
        return name.trim();
    }
    // Without a colon the number ends where the name's first Chinese character (or a
    // space) starts: `指标1工程完工率`; a Latin letter or a sign after it is no numbering.
    match after.chars().next() {
        None => "",
        Some(c) if c.is_whitespace() || !c.is_ascii() && !"％%．.、，,".contains(c) => {
            after.trim()
        }
        Some(_) => s,
    }
}

/// True for what a template leaves in an indicator row nobody filled: its numbering alone
/// (`指标2：`), an ellipsis (`……`, `...`) or a dash or slash after the numbering.
///
/// ```
/// use selfeval::read::labels::is_template_filler;
/// assert!(is_template_filler("指标2："));
/// assert!(is_template_filler("……"));
/// assert!(is_template_filler("指标1：/"));
/// assert!(!is_template_filler("指标1：居民健康档案"));
/// ```
pub fn is_template_filler(s: &str) -> bool {
    let name = squash(strip_numbering(s));
    let numbered = name.len() != squash(s).len();
    let filler = |c: char| "…．.·-—–－/／\\、".contains(c);
    (numbered && name.chars().all(filler)) || (!name.is_empty() && name.chars().all(filler))
}

/// An organisation's name without the budget code some systems print before it
/// (`219001-某镇人民政府`, Anhui's export): the code is the unit's number, not its name, and
/// the same unit's other tables write the name alone. Only digits (three or more) and a
/// dash, underscore or space are taken; a name that is all code stays as written.
///
/// ```
/// use selfeval::read::labels::strip_budget_code;
/// assert_eq!(strip_budget_code("219001-某镇人民政府"), "某镇人民政府");
/// assert_eq!(strip_budget_code("219－某镇人民政府"), "某镇人民政府");
/// assert_eq!(strip_budget_code("12345"), "12345");
/// assert_eq!(strip_budget_code("12-某镇"), "12-某镇");
/// assert_eq!(strip_budget_code("2022年度某镇"), "2022年度某镇");
/// ```
pub fn strip_budget_code(s: &str) -> &str {
    let t = s.trim();
    let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = t.len() - rest.len();
    let name = rest.trim_start_matches(['-', '－', '—', '–', '_', ' ', '\u{3000}']);
    let separated = name.len() < rest.len();
    let named = name.chars().next().is_some_and(|c| !c.is_ascii_digit());
    if digits >= 3 && separated && named {
        name.trim()
    } else {
        s
    }
}

/// Splits a weight written into a label: `产出指标(50分)` → (`产出指标`, 50).
///
/// ```
/// use selfeval::read::labels::split_weight;
/// use rust_decimal::Decimal;
/// assert_eq!(split_weight("产出指标（50分）"), ("产出指标".to_string(), Some(Decimal::from(50))));
/// assert_eq!(split_weight("效益指标"), ("效益指标".to_string(), None));
/// ```
pub fn split_weight(s: &str) -> (String, Option<Decimal>) {
    let k = key(s);
    // `name(50分)` or `name(50)`.
    if let Some(body) = k.strip_suffix(')') {
        if let Some(open) = body.rfind('(') {
            let inner = body[open + 1..].trim_end_matches('分');
            if let Ok(w) = Decimal::from_str(inner) {
                return (body[..open].to_string(), Some(w));
            }
        }
    }
    // `name50分`.
    if let Some(body) = k.strip_suffix('分') {
        let digits_start = body
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
            .last()
            .map(|(i, _)| i);
        if let Some(i) = digits_start {
            if i > 0 {
                if let Ok(w) = Decimal::from_str(&body[i..]) {
                    return (body[..i].to_string(), Some(w));
                }
            }
        }
    }
    (k, None)
}

/// Recognises a title cell: the whole text is one of the three titles, optionally with a
/// year before it (`2021年度项目支出绩效自评表`) or after it in brackets. Returns the kind
/// and the year if one was written.
///
/// ```
/// use selfeval::read::labels::classify_title;
/// use selfeval::model::TableKind;
/// assert_eq!(classify_title("项 目 支 出 绩 效 自 评 表"), Some((TableKind::Project, None)));
/// assert_eq!(classify_title("2021年度项目支出绩效自评表"), Some((TableKind::Project, Some(2021))));
/// assert_eq!(classify_title("请填写项目支出绩效自评表"), None);
/// // Other spellings from the field (form::TITLE_SPELLINGS) and their qualifiers.
/// assert_eq!(classify_title("部门（单位）整体支出绩效自评表"), Some((TableKind::Department, None)));
/// assert_eq!(
///     classify_title("中央对地方转移支付区域绩效自评表（2021年度）"),
///     Some((TableKind::Transfer, Some(2021)))
/// );
/// assert_eq!(classify_title("某某局整体支出绩效自评表"), None);
/// ```
pub fn classify_title(s: &str) -> Option<(TableKind, Option<i32>)> {
    title_of_key(&key(s))
}

/// [`classify_title`] of a text already in [`key`] form (so one cell is keyed once).
///
/// Before the title: nothing, a year, `附件N:`, or level and budget words
/// ([`form::TITLE_QUALIFIERS`]); after it: nothing or a year in brackets. A sentence
/// (`，` `。` `；`) or a text over 40 characters is never a title.
pub fn title_of_key(k: &str) -> Option<(TableKind, Option<i32>)> {
    // Every title ends in 自评表: a cheap character test spares the substring searches
    // for the many cells that are not titles.
    if !k.contains('表') || is_sentence(k) {
        return None;
    }
    let spellings = TableKind::ALL.map(|kind| (kind.title(), kind));
    for &(title, kind) in spellings.iter().chain(form::TITLE_SPELLINGS) {
        let Some(pos) = k.find(title) else { continue };
        let after = &k[pos + title.len()..];
        let year_after = if after.is_empty() {
            Some(None)
        } else {
            after
                .strip_prefix('(')
                .and_then(|a| a.strip_suffix(')'))
                .and_then(year_prefix)
                .map(Some)
        };
        if let (Some(yb), Some(ya)) = (title_prefix(&k[..pos]), year_after) {
            return Some((kind, yb.or(ya)));
        }
    }
    None
}

/// True for a text that is a sentence or too long to be a title or a heading.
fn is_sentence(k: &str) -> bool {
    k.contains(['，', '。', '；', ',', ';']) || k.chars().count() > 40
}

/// What may stand before a title: `附件2:`, a year, qualifier words. `Some(year)` when the
/// prefix is acceptable (the year if one was written).
fn title_prefix(before: &str) -> Option<Option<i32>> {
    let mut rest = strip_annex(before);
    let mut year = None;
    loop {
        if rest.is_empty() {
            return Some(year);
        }
        if let Some((y, tail)) = leading_year(rest) {
            year = Some(y);
            rest = tail;
            continue;
        }
        // The longest qualifier that starts the rest.
        let q = form::TITLE_QUALIFIERS
            .iter()
            .filter(|q| rest.starts_with(**q))
            .max_by_key(|q| q.len())?;
        rest = &rest[q.len()..];
    }
}

/// Drops `附件`, `附件2`, `附件2:` at the start.
fn strip_annex(s: &str) -> &str {
    let Some(rest) = s.strip_prefix("附件") else {
        return s;
    };
    let rest =
        rest.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    rest.strip_prefix(':').unwrap_or(rest)
}

/// `2021年度…` / `2021年…` at the start: the year and the rest.
fn leading_year(s: &str) -> Option<(i32, &str)> {
    let digits = s.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let tail = &s[4..];
    let tail = tail
        .strip_prefix("年度")
        .or_else(|| tail.strip_prefix('年'))?;
    Some((digits.parse().ok()?, tail))
}

/// The year of a line above an untitled table: a year line alone (`（2021年度）`,
/// `2021年度`) or a title-like cell that ends in 自评表 (an unknown spelling of the title,
/// `某某整体支出绩效自评表（2021年度）`, `2021年度…自评表`). A date (`填报日期：2022年3月`)
/// or a sentence is none.
///
/// ```
/// use selfeval::read::labels::year_line;
/// assert_eq!(year_line("（2021年度）"), Some(2021));
/// assert_eq!(year_line("某某局整体支出绩效自评表(2021年度)"), Some(2021));
/// assert_eq!(year_line("填报日期：2022年3月"), None);
/// ```
pub fn year_line(s: &str) -> Option<i32> {
    let k = key(s);
    let bare = k.trim_start_matches('(').trim_end_matches(')');
    if let Some(y) = year_prefix(bare) {
        return Some(y);
    }
    let body = k
        .strip_suffix(')')
        .and_then(|b| b.rsplit_once('('))
        .map_or(k.as_str(), |(b, _)| b);
    (body.ends_with("自评表") && !is_sentence(&k))
        .then(|| find_year(&k))
        .flatten()
}

/// `2021年` / `2021年度` (nothing else) → 2021.
fn year_prefix(s: &str) -> Option<i32> {
    leading_year(s)
        .filter(|(_, rest)| rest.is_empty())
        .map(|(y, _)| y)
}

/// Recognises the title of another form kept beside the tables (templates.md §7):
/// `绩效目标申报表`, `项目支出绩效目标执行监控表`, `2019年…资金绩效目标表`, `填表说明` …
/// Returns the form's Chinese and English names. A label (`审核意见：`) or a sentence is
/// not a title.
///
/// ```
/// use selfeval::read::labels::other_form;
/// assert_eq!(other_form("二级项目支出绩效目标申报表").map(|f| f.0), Some("绩效目标申报表"));
/// assert_eq!(other_form("( 2019年度)"), None);
/// assert_eq!(other_form("项目支出绩效自评表"), None);
/// assert_eq!(other_form("审核意见："), None);
/// // The names as the forms title themselves, with 表.
/// assert_eq!(other_form("2021年度项目支出计划表").map(|f| f.0), Some("支出计划表"));
/// assert_eq!(other_form("项目基本信息表").map(|f| f.0), Some("项目基本信息表"));
/// ```
pub fn other_form(text: &str) -> Option<(&'static str, &'static str)> {
    other_form_of_key(text, &key(text))
}

/// [`other_form`] of a cell whose [`key`] is already known (every text cell of a sheet is
/// asked, so it is keyed once); `text` is the cell as written, for its trailing colon.
pub fn other_form_of_key(text: &str, k: &str) -> Option<(&'static str, &'static str)> {
    // A label such as `审核意见：` (the key has dropped its colon) is not a title.
    let last = text
        .chars()
        .rev()
        .find(|c| !crate::model::text::is_invisible(*c));
    if matches!(last, Some(':' | '：')) {
        return None;
    }
    if is_sentence(k) || k.contains("自评") {
        return None;
    }
    let body = form_title_body(k);
    form::OTHER_FORMS
        .iter()
        .find(|(name, _, _)| body.ends_with(name))
        .map(|(_, zh, en)| (*zh, *en))
}

/// The part of a form's title (in [`key`] form) that must end in the form's name: without
/// bracketed years or adjustment words after it (`…表(2024年度)`, `…申报表(调整后)`), and
/// without an adjustment word before its last word (`绩效目标调整申报表` →
/// `绩效目标申报表`, `绩效目标调整表` → `绩效目标表`), templates.md §8.
///
/// ```
/// use selfeval::read::labels::form_title_body;
/// assert_eq!(form_title_body("项目支出绩效目标表(2024年度)"), "项目支出绩效目标表");
/// assert_eq!(form_title_body("二级项目支出绩效目标调整申报表"), "二级项目支出绩效目标申报表");
/// assert_eq!(form_title_body("项目支出绩效目标申报表(调整后)"), "项目支出绩效目标申报表");
/// assert_eq!(form_title_body("项目支出绩效目标调整表"), "项目支出绩效目标表");
/// ```
pub fn form_title_body(k: &str) -> String {
    let mut body = k;
    while let Some((b, i)) = body
        .strip_suffix(')')
        .and_then(|b| b.rfind('(').map(|i| (b, i)))
    {
        let inner = &b[i + 1..];
        let adjusted = form::TITLE_ADJUSTMENT.contains(&inner);
        if find_year(inner).is_none() && !adjusted {
            break;
        }
        body = &b[..i];
    }
    for w in form::TITLE_ADJUSTMENT {
        for last in ["申报表", "表"] {
            if let Some(head) = body.strip_suffix(last).and_then(|h| h.strip_suffix(w)) {
                return format!("{head}{last}");
            }
        }
    }
    body.to_string()
}

/// Finds a year written as `（2021年度）`, `2021年度` or `2021年` in a short text.
///
/// ```
/// assert_eq!(selfeval::read::labels::find_year("（2021年度）"), Some(2021));
/// assert_eq!(selfeval::read::labels::find_year("填报日期"), None);
/// ```
pub fn find_year(s: &str) -> Option<i32> {
    let k = key(s);
    let b = k.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && k[i + 4..].starts_with('年')
        {
            let y: i32 = k[i..i + 4].parse().ok()?;
            if (1990..=2100).contains(&y) {
                return Some(y);
            }
        }
        i += 1;
    }
    None
}

/// A recognised header with what its brackets said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderMatch {
    /// Which column.
    pub header: Header,
    /// The header says `(%)`: its numbers are percents.
    pub percent: bool,
    /// The header names an amount unit (`(万元)` / `(元)`).
    pub unit: Option<AmountUnit>,
    /// The weight the header states with its formula: `得分（20分*执行率）` → 20.
    pub weight: Option<Decimal>,
}

/// Removes a unit in brackets from a key and says which: `(万元)`, `(元)`, `(%)`.
fn strip_unit(k: &str) -> (Cow<'_, str>, bool, Option<AmountUnit>) {
    // Most keys hold no unit: borrow them and allocate only when one is removed.
    let mut s = Cow::Borrowed(k);
    // Every pattern holds `(` or `%`; most keys hold neither.
    if !k.contains(['(', '%']) {
        return (s, false, None);
    }
    let mut percent = false;
    let mut unit = None;
    for (pat, p, u) in [
        ("(万元)", false, Some(AmountUnit::WanYuan)),
        ("(元)", false, Some(AmountUnit::Yuan)),
        ("(%)", true, None),
        ("%", true, None),
        ("(分)", false, None),
    ] {
        if s.contains(pat) {
            s = Cow::Owned(s.replace(pat, ""));
            percent |= p;
            if u.is_some() {
                unit = u;
            }
        }
    }
    (s, percent, unit)
}

/// Classifies a column header.
///
/// ```
/// use selfeval::read::labels::{classify_header, Header};
/// assert_eq!(classify_header("调整后预算数").unwrap().header, Header::Budget);
/// let rate = classify_header("执行率(%)").unwrap();
/// assert_eq!((rate.header, rate.percent), (Header::Rate, true));
/// assert_eq!(classify_header("权 重").unwrap().header, Header::Weight);
/// assert_eq!(classify_header("项目名称"), None);
/// ```
pub fn classify_header(s: &str) -> Option<HeaderMatch> {
    header_of_key(&key(s))
}

/// [`classify_header`] of a text already in [`key`] form.
pub fn header_of_key(k: &str) -> Option<HeaderMatch> {
    let (k, percent, unit) = strip_unit(strip_circled_formula(k));
    // `得分(20分*执行率)`: a header followed by its weight and formula in brackets.
    let (name, weight) = match HEADER_MAP.get(k.as_ref()) {
        Some(_) => (k.as_ref(), None),
        None => formula_weight(&k)?,
    };
    let header = *HEADER_MAP.get(name)?;
    Some(HeaderMatch {
        header,
        percent,
        unit,
        weight,
    })
}

/// True for a circled number (`①` … `⑳`), with which Fujian's form numbers its columns and
/// rows.
fn is_circled(c: char) -> bool {
    ('①'..='⑳').contains(&c)
}

/// A column header without the circled number and formula Fujian's form writes after it
/// (`小计④=①+②+③`, `支出实现率(%)⑥=⑤/④`): the header before them. A header whose tail holds
/// anything else stays as it is.
///
/// ```
/// use selfeval::read::labels::classify_header;
/// use selfeval::read::labels::Header;
/// assert_eq!(classify_header("小计\n④=①+②+③").unwrap().header, Header::Budget);
/// assert!(classify_header("支出实现率(%)⑥=⑤/④").unwrap().percent);
/// ```
fn strip_circled_formula(k: &str) -> &str {
    let Some(pos) = k.find(is_circled) else {
        return k;
    };
    let tail = &k[pos..];
    let formula = tail
        .chars()
        .all(|c| is_circled(c) || "=+-/×*÷()%".contains(c));
    if pos > 0 && formula {
        &k[..pos]
    } else {
        k
    }
}

/// A label ending in a bracket that opens with a weight (`得分(20分*执行率)`,
/// `预算执行情况(万元)(20分)`): the label before it and the weight.
///
/// ```
/// use selfeval::read::labels::formula_weight;
/// use rust_decimal::Decimal;
/// assert_eq!(formula_weight("得分(20分*执行率)"), Some(("得分", Some(Decimal::from(20)))));
/// assert_eq!(formula_weight("预算执行情况(万元)(20分)"), Some(("预算执行情况(万元)", Some(Decimal::from(20)))));
/// assert_eq!(formula_weight("项目资金(万元)"), None);
/// ```
pub fn formula_weight(k: &str) -> Option<(&str, Option<Decimal>)> {
    let body = k.strip_suffix(')')?;
    let open = body.rfind('(')?;
    let inner = &body[open + 1..];
    let digits = inner.len() - inner.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let points = inner[digits..].starts_with('分');
    let w = Decimal::from_str(&inner[..digits])
        .ok()
        .filter(|_| points)?;
    Some((&body[..open], Some(w)))
}

/// Classifies a field label.
///
/// ```
/// use selfeval::read::labels::{classify_field, Field};
/// assert_eq!(classify_field("部门(单位)名称"), Some(Field::DeptName));
/// assert_eq!(classify_field("总\u{3000}\u{3000}分"), Some(Field::Total));
/// ```
pub fn classify_field(s: &str) -> Option<Field> {
    field_of_key(&key(s))
}

/// [`classify_field`] of a text already in [`key`] form.
pub fn field_of_key(k: &str) -> Option<Field> {
    if let Some(f) = FIELD_MAP.get(k) {
        return Some(*f);
    }
    // `绩效指标(90分)`, `实施单位(盖章)`: the weight and the seal note are not the label.
    if !k.ends_with(')') {
        return None;
    }
    // `自评总分(分)`: a unit of points is no part of the label either.
    let bare = k.replace("(盖章)", "").replace("(分)", "");
    let (name, _) = split_weight(&bare);
    (name != k)
        .then(|| FIELD_MAP.get(name.as_str()).copied())
        .flatten()
}

/// What a label in the fund block's label column stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundLabel {
    /// A figure row.
    Row(FundRole),
    /// A caption such as `按收入性质分：` (no figures).
    Caption,
    /// A breakdown of a row already counted (`其中：人员经费` under 基本支出): passed over.
    Part,
}

/// Classifies a fund block label (`其中：` prefixes and aliases accepted).
///
/// ```
/// use selfeval::read::labels::{fund_role, FundLabel};
/// use selfeval::model::FundRole;
/// assert_eq!(fund_role("其中：本年财政拨款"), Some(FundLabel::Row(FundRole::Appropriation)));
/// assert_eq!(fund_role("结转资金"), Some(FundLabel::Row(FundRole::Carryover)));
/// assert_eq!(fund_role("按收入性质分："), Some(FundLabel::Caption));
/// ```
pub fn fund_role(s: &str) -> Option<FundLabel> {
    fund_role_of_key(&key(s))
}

/// [`fund_role`] of a text already in [`key`] form.
pub fn fund_role_of_key(k: &str) -> Option<FundLabel> {
    let k = k.strip_prefix("其中:").unwrap_or(k);
    let k = k.strip_prefix("其中").unwrap_or(k);
    let (k, _, _) = strip_unit(k);
    if let Some(role) = FUND_MAP
        .get(k.as_ref())
        .or_else(|| FUND_MAP.get(bare_row(&k)))
    {
        return Some(FundLabel::Row(*role));
    }
    if k.starts_with('按') && k.ends_with('分') {
        return Some(FundLabel::Caption);
    }
    if form::FUND_PARTS.contains(&bare_row(&k)) {
        return Some(FundLabel::Part);
    }
    None
}

/// A fund row's label without what units write around it: a number before it (`1.`, `1、`,
/// `一、`, `(一)`, `(1)`, `①`) and a note in brackets after it (`基本支出(人员经费和公用经费)`,
/// `其他资金(含自筹)`). What is left must still be a known row, so an unknown label stays
/// unknown (`fund-row-unknown`).
fn bare_row(k: &str) -> &str {
    const NUMERALS: &str = "一二三四五六七八九十0123456789";
    // Fujian's `①中央及省级财政资金`: a circled number before the label.
    let k = k.trim_start_matches(is_circled);
    let numbered = |s: &str| !s.is_empty() && s.chars().all(|c| NUMERALS.contains(c));
    let number = match k.strip_prefix('(') {
        Some(r) => r.split_once(')'),
        None => k.split_once(['、', '.']),
    };
    let rest = match number {
        Some((n, tail)) if numbered(n) => tail,
        _ => k,
    };
    match rest.strip_suffix(')').and_then(|r| r.split_once('(')) {
        Some((label, _)) if !label.is_empty() => label,
        _ => rest,
    }
}

/// True for any label of a block: a field, a column header or a fund row. A header field's
/// value is never one of these.
pub fn is_label(s: &str) -> bool {
    let k = key(s);
    field_of_key(&k).is_some() || header_of_key(&k).is_some() || fund_role_of_key(&k).is_some()
}

/// True when a fund block label names an amount in 元 (`项目资金（元）`, `单位：元`).
pub fn says_yuan(s: &str) -> bool {
    let k = key(s);
    (k.contains("(元)") || k.ends_with("单位:元") || k.contains("金额单位:元"))
        && !k.contains("万元")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_unify_forms() {
        let same = [
            ("项目资金（万元）", "项目资金(万元)"),
            ("项目资金\n(万元)", "项目资金(万元)"),
            ("实施\n单位", "实施单位"),
            ("其中:当年财政拨款", "其中：当年财政拨款"),
            ("全年预算数（A）", "全年预算数"),
            ("执行率(B/A)", "执行率"),
        ];
        for (a, b) in same {
            assert_eq!(key(a), key(b), "{a} vs {b}");
        }
    }

    #[test]
    fn header_aliases() {
        let cases = [
            ("年初\n预算数", Header::Initial),
            ("全年预算数（A）", Header::Budget),
            ("调整后预算数", Header::Budget),
            ("全年执行数(B)", Header::Executed),
            ("权重", Header::Weight),
            ("分 值", Header::Weight),
            ("执行率（B/A）", Header::Rate),
            ("得  分", Header::Score),
            ("指标值", Header::Target),
            ("完成值", Header::Actual),
            ("全年实际值", Header::Actual),
            ("未完成原因分析", Header::Reason),
            ("偏差原因及改进措施", Header::Reason),
            ("偏差原因分析\n及改进措施", Header::Reason),
            ("指标性质", Header::Operator),
            ("计算符号", Header::Operator),
            ("度量单位", Header::Unit),
            ("计量单位", Header::Unit),
        ];
        for (s, h) in cases {
            assert_eq!(classify_header(s).map(|m| m.header), Some(h), "{s}");
        }
        assert!(classify_header("执行率(%)").unwrap().percent);
        assert_eq!(
            classify_header("全年预算数（元）").unwrap().unit,
            Some(AmountUnit::Yuan)
        );
    }

    #[test]
    fn fund_aliases() {
        let cases = [
            ("年度资金总额:", FundRole::Total),
            ("其中：当年财政拨款", FundRole::Appropriation),
            ("其中:本年财政拨款", FundRole::Appropriation),
            ("本年一般公共预算拨款", FundRole::Appropriation),
            ("其中：财政拨款", FundRole::Appropriation),
            ("上年结转\n资金", FundRole::Carryover),
            ("结转资金", FundRole::Carryover),
            ("其 他 资 金", FundRole::Other),
            ("其中：中央补助", FundRole::Central),
            ("省级资金", FundRole::Provincial),
            ("市县资金", FundRole::Local),
            ("其中：基本支出", FundRole::Basic),
            ("项目支出", FundRole::Project),
        ];
        for (s, r) in cases {
            assert_eq!(fund_role(s), Some(FundLabel::Row(r)), "{s}");
        }
        assert_eq!(fund_role("按支出性质分："), Some(FundLabel::Caption));
        assert_eq!(fund_role("年度总体目标"), None);
        // The breakdown of 基本支出 (fixtures/deptpub p05), and the appropriation's second
        // budget (p07).
        assert_eq!(fund_role("其中：人员经费"), Some(FundLabel::Part));
        assert_eq!(fund_role("2.公用经费"), Some(FundLabel::Part));
        assert_eq!(
            fund_role("政府性基金预算拨款"),
            Some(FundLabel::Row(FundRole::Appropriation))
        );
        // The 决算's names of the sources (p16, p19).
        for (s, r) in [
            ("其中：财政拨款收入", FundRole::Appropriation),
            ("上年结转结余", FundRole::Carryover),
            ("事业收入", FundRole::Other),
            ("其他收入", FundRole::Other),
        ] {
            assert_eq!(fund_role(s), Some(FundLabel::Row(r)), "{s}");
        }
    }

    #[test]
    fn a_fund_row_is_known_through_its_number_and_note() {
        let cases = [
            ("1.财政拨款", FundRole::Appropriation),
            ("2、上年结转资金", FundRole::Carryover),
            ("（三）其他资金（含自筹）", FundRole::Other),
            ("其中：基本支出（人员经费和公用经费）", FundRole::Basic),
            ("(2)项目支出", FundRole::Project),
            ("一、年度资金总额", FundRole::Total),
        ];
        for (s, r) in cases {
            assert_eq!(fund_role(s), Some(FundLabel::Row(r)), "{s}");
        }
        // What is left must be a known row: an unknown label stays unknown.
        for s in [
            "（一）政府性基金",
            "1.专项债券资金",
            "(含自筹)",
            "A.财政拨款",
        ] {
            assert_eq!(fund_role(s), None, "{s}");
        }
    }

    #[test]
    fn title_prefilter_holds() {
        // `title_of_key` rejects keys without 表 before searching for a title.
        for kind in TableKind::ALL {
            assert!(kind.title().contains('表'), "{kind:?}");
        }
    }

    #[test]
    fn titles_and_years() {
        assert_eq!(
            classify_title("部门整体支出绩效自评表"),
            Some((TableKind::Department, None))
        );
        assert_eq!(
            classify_title("转移支付绩效自评表（2021年度）"),
            Some((TableKind::Transfer, Some(2021)))
        );
        assert_eq!(classify_title("附件：项目支出绩效自评表填报说明"), None);
        assert_eq!(find_year("(2021年度)"), Some(2021));
        assert_eq!(split_weight("满意度指标(10分)").1, Some(Decimal::from(10)));
        assert_eq!(split_weight("产出指标50分").0, "产出指标");
        assert!(says_yuan("项目资金（元）"));
        assert!(!says_yuan("项目资金（万元）"));
    }
}
