//! The number formats of an HTML page saved by Excel ("Save as Web Page", or a system's
//! export imitating it): `mso-number-format` in a class of the page's `<style>` block
//! (`.xl66 {mso-number-format:"0\.00%";}`) or inline on a cell
//! (`style='mso-number-format:"0\.00%"'`). The value is a CSS string: backslash escapes
//! (`\.`, `\0022` for a quote) are undone, then Excel's named formats (`Percent`,
//! `Standard`, `Short Date`) are spelled as codes, and the code goes to the same
//! [`NumFormat::parse`] as an xlsx cell's.

use super::super::limits;
use super::super::numfmt::NumFormat;
use std::collections::HashMap;

/// What a cell's format says: a [`NumFormat`] for its number, a date (the cell then reads
/// as the text Excel showed, as a date cell's text does), or nothing read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Shown {
    /// A format [`NumFormat::parse`] reads.
    Number(NumFormat),
    /// A date or time format.
    Date,
}

/// The classes of a page's `<style>` text that give a number format, by class name
/// (lower-cased), at most [`limits::MAX_HTML_CLASSES`].
#[derive(Debug, Default)]
pub(super) struct Classes {
    formats: HashMap<String, String>,
}

impl Classes {
    /// Reads the rules of a `<style>` block: each `selector { declarations }` whose
    /// declarations name a `mso-number-format`, for each class its selectors name.
    pub(super) fn read(&mut self, css: &str) {
        let mut rest = css;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                return;
            };
            let selectors = &rest[..open];
            if let Some(code) = declared(&rest[open + 1..close]) {
                for name in selectors.split(',').filter_map(class_name) {
                    if self.formats.len() >= limits::MAX_HTML_CLASSES {
                        return;
                    }
                    self.formats.insert(name, code.clone());
                }
            }
            rest = &rest[close + 1..];
        }
    }

    /// The format a cell's `class` attribute names (the last class naming one wins, as
    /// the later rule does in CSS only when equally specific; Excel writes one class).
    pub(super) fn of(&self, class: &str) -> Option<&str> {
        class
            .split_ascii_whitespace()
            .filter_map(|c| self.formats.get(&c.to_ascii_lowercase()))
            .next_back()
            .map(String::as_str)
    }
}

/// The class a selector names (`.xl66`, `td.xl66`), lower-cased.
fn class_name(selector: &str) -> Option<String> {
    let s = selector.trim().trim_start_matches("<!--").trim();
    let (_, name) = s.rsplit_once('.')?;
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then(|| name.to_ascii_lowercase())
}

/// The format code a declaration list (`mso-number-format:"0\.00%"; …`, or a cell's
/// `style` attribute) gives, unescaped; `None` when it names none.
pub(super) fn declared(declarations: &str) -> Option<String> {
    let lower = declarations.to_ascii_lowercase();
    let at = lower.find("mso-number-format")?;
    let value = declarations[at + "mso-number-format".len()..]
        .trim_start()
        .strip_prefix(':')?;
    Some(unescape(css_value(value)))
}

/// True when a cell's style says `mso-ignore:colspan`: Excel spans text over the empty
/// cells on its right for a browser only (the sheet has no merge there).
pub(super) fn ignores_colspan(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    compact.contains("mso-ignore:colspan")
}

/// A CSS value up to its `;` (outside quotes), its quotes taken off.
fn css_value(v: &str) -> &str {
    let v = v.trim_start();
    match v.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let body = &v[1..];
            let mut escaped = false;
            for (i, c) in body.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    c if c == q && !escaped => return &body[..i],
                    _ => escaped = false,
                }
            }
            body
        }
        _ => v.split([';', '}']).next().unwrap_or_default().trim(),
    }
}

/// Undoes CSS escapes: `\` and up to six hex digits (and one space after) is that
/// character, `\` and any other character is the character.
fn unescape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6 && chars.peek().is_some_and(char::is_ascii_hexdigit) {
            hex.extend(chars.next());
        }
        if hex.is_empty() {
            out.extend(chars.next());
            continue;
        }
        if chars.peek() == Some(&' ') {
            chars.next();
        }
        let code = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
        out.push(code.unwrap_or('\u{fffd}'));
    }
    out
}

/// What a format code (unescaped) shows: Excel's named formats spelled as codes.
pub(super) fn shown(code: &str) -> Option<Shown> {
    let named = match code.trim().to_ascii_lowercase().as_str() {
        "percent" => "0.00%",
        "fixed" => "0.00",
        "standard" => "#,##0.00",
        "general" | "general number" | "@" => return None,
        n if n.ends_with(" date") || n.ends_with(" time") => return Some(Shown::Date),
        _ => code,
    };
    if is_date(named) {
        return Some(Shown::Date);
    }
    NumFormat::parse(named).map(Shown::Number)
}

/// A date or time code: `y`, `m`, `d`, `h` or `s` outside quoted literals and brackets
/// (a number format has none of these letters but in literals: `0"人次"`).
fn is_date(code: &str) -> bool {
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' if !quoted && !bracket => {
                return true
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_classes_and_inline_styles_give_their_formats() {
        let mut c = Classes::default();
        c.read(
            "<!--table {mso-displayed-decimal-separator:\"\\.\";}\n.xl65\n\t{mso-style-parent:style0;\n\
             \tmso-number-format:\"0\\.00%\";}\n.xl66, td.XL67 {mso-number-format:\"0\\0022人次\\0022\";}\n-->",
        );
        assert_eq!(c.of("xl65"), Some("0.00%"));
        assert_eq!(c.of("font3 xl66"), Some("0\"人次\""));
        assert_eq!(c.of("xl67"), Some("0\"人次\""));
        assert_eq!(c.of("xl68"), None);
        let inline = declared("height:13.5pt;mso-number-format:'0\\.00\\0022万元\\0022';");
        assert_eq!(inline.as_deref(), Some("0.00\"万元\""));
        assert_eq!(
            declared("mso-number-format:Percent").as_deref(),
            Some("Percent")
        );
    }

    #[test]
    fn codes_read_as_numbers_dates_or_nothing() {
        assert_eq!(shown("0.00%"), Some(Shown::Number(NumFormat::percent())));
        assert_eq!(shown("Percent"), Some(Shown::Number(NumFormat::percent())));
        assert_eq!(shown("Short Date"), Some(Shown::Date));
        assert_eq!(shown("yyyy/m/d"), Some(Shown::Date));
        assert_eq!(
            shown("0\"人次\"").and_then(|s| match s {
                Shown::Number(f) => Some(f.suffix),
                Shown::Date => None,
            }),
            Some("人次".to_string())
        );
        assert_eq!(shown("General"), None);
        assert_eq!(shown("@"), None);
        assert_eq!(shown("#,##0.00"), None);
    }

    #[test]
    fn malformed_css_is_passed_over() {
        let mut c = Classes::default();
        c.read(".a {mso-number-format:\"0%\"");
        c.read("}{{}.b{mso-number-format:\\");
        c.read(".c{mso-number-format:\"\\110000\\");
        assert_eq!(c.of("a"), None);
        assert_eq!(unescape("\\"), "");
        assert_eq!(unescape("\\110000x"), "\u{fffd}x");
    }
}
