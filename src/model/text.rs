//! Text normalisation, in one place: what counts as invisible in a cell, how full-width
//! forms fold to ASCII, and the comparison key of an organisation name. The reader's label
//! keys, the number parser, the value parser and the unit grouping all build on these, so
//! they agree on what two texts "mean the same".

/// True for characters that carry no meaning in a cell: every Unicode whitespace (also
/// U+3000 and U+00A0), zero-width characters (U+200B–U+200D, U+2060, the BOM U+FEFF) and
/// direction marks (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
///
/// ```
/// use selfeval::model::text::is_invisible;
/// assert!(is_invisible('\u{3000}') && is_invisible('\u{200b}') && is_invisible('\u{202e}'));
/// assert!(!is_invisible('项'));
/// ```
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// The ASCII form of a full-width ASCII character (`！` … `～`, e.g. `１` → `1`, `％` → `%`);
/// any other character unchanged.
///
/// ```
/// use selfeval::model::text::fold_width;
/// assert_eq!(fold_width('１'), '1');
/// assert_eq!(fold_width('（'), '(');
/// assert_eq!(fold_width('项'), '项');
/// ```
pub fn fold_width(c: char) -> char {
    match c {
        // The full-width ASCII block maps onto ASCII by a fixed offset.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The runs of a text's bytes that start at an ASCII digit and go on while `more` holds
/// (the digits of a number, or its digits and points), as byte ranges: the number scans
/// of the reader and the rules walk a text alike.
///
/// ```
/// use selfeval::model::text::digit_runs;
/// let runs: Vec<_> = digit_runs(b"a12.5b", |c| c.is_ascii_digit()).collect();
/// assert_eq!(runs, [1..3, 4..5]);
/// ```
pub fn digit_runs(
    b: &[u8],
    more: fn(u8) -> bool,
) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        i += b.get(i..)?.iter().position(u8::is_ascii_digit)?;
        let start = i;
        i += b[i..].iter().position(|c| !more(*c)).unwrap_or(b.len() - i);
        Some(start..i)
    })
}

/// The text with every invisible character removed.
///
/// ```
/// assert_eq!(selfeval::model::text::squash(" 项 目\n名称\u{3000}\u{200b}"), "项目名称");
/// ```
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !is_invisible(*c)).collect()
}

/// The comparison key of an organisation name (a 预算单位, 实施单位, 主管部门): squashed,
/// full-width and CJK brackets as ASCII. Two names with the same key are one unit.
///
/// ```
/// use selfeval::model::text::org_key;
/// assert_eq!(org_key("兰州新区 应急管理局（本级）"), "兰州新区应急管理局(本级)");
/// ```
pub fn org_key(s: &str) -> String {
    s.chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '【' | '〔' | '［' => '[',
            '】' | '〕' | '］' => ']',
            _ => c,
        })
        .collect()
}

/// True for a character XML 1.0 cannot hold (C0 controls but tab, line feed and carriage
/// return; U+FFFE and U+FFFF): written raw, it makes a workbook's XML not well-formed.
pub fn is_xml_illegal(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// The text without the characters XML cannot hold; borrowed when there are none (the
/// usual case).
///
/// ```
/// use selfeval::model::text::xml_safe;
/// assert_eq!(xml_safe("单位\u{FFFE}名\u{1}"), "单位名");
/// assert!(matches!(xml_safe("单位"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn xml_safe(s: &str) -> std::borrow::Cow<'_, str> {
    // Every cell passes here: a byte test (a C0 control, or the lead byte 0xEF of
    // U+FFFE/U+FFFF) spares the character scan for nearly all of them.
    let suspect = s
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF);
    if suspect && s.chars().any(is_xml_illegal) {
        std::borrow::Cow::Owned(s.chars().filter(|c| !is_xml_illegal(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// True for a character that must not reach a file or sheet name: controls, format
/// characters (zero-width, direction overrides such as U+202E, which would let
/// `单位\u{202E}xcod.exe.xlsx` display spoofed, the BOM, the soft hyphen) and non-characters.
pub fn is_name_illegal(c: char) -> bool {
    c.is_control()
        || is_xml_illegal(c)
        || matches!(
            c,
            '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{FDD0}'..='\u{FDEF}'
        )
        || (c as u32) & 0xFFFE == 0xFFFE
}
