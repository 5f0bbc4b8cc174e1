//! Safe file names from text found in workbooks (unit and project names): no path
//! separators, no `..`, no names Windows reserves, nothing a file system refuses.

/// Longest file name stem written, in bytes (UTF-8, as file systems count): room is left
/// within the 255-byte limit for `(NN)`, the extension and the temporary name
/// `.STEM.xlsx.tmp-PID.XXXXXX` a file is first written under. Longer names are cut at a
/// character boundary.
pub const MAX_STEM_BYTES: usize = 180;

/// The device names Windows reserves, whatever the extension: also `COM0`/`LPT0`, the
/// superscript digits it reads as ports (`COM¹`), and the console and clock devices.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
    "COM8", "COM9", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    "COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³", "CONIN$", "CONOUT$", "CLOCK$",
];

/// True for a character of Unicode's format category (Cf) or a line or paragraph
/// separator (Zl, Zp): invisible or layout-changing (U+061C ARABIC LETTER MARK, the
/// U+E0001 tag, U+2028), so a name holding one could display as another.
fn is_format_or_separator(c: char) -> bool {
    matches!(
        c,
        '\u{600}'..='\u{605}'
            | '\u{61C}'
            | '\u{6DD}'
            | '\u{70F}'
            | '\u{890}'..='\u{891}'
            | '\u{8E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// Whether a stem is a device name to Windows: the part before the first dot, trailing
/// spaces and dots dropped (`CON .x` is CON), compared without case.
fn is_device(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or("");
    let base = base.trim_end_matches([' ', '.']).to_uppercase();
    RESERVED.contains(&base.as_str())
}

/// Makes a name safe as a file name stem.
pub fn safe_stem(name: &str) -> String {
    let mut s = String::new();
    for c in name
        .chars()
        .filter(|c| !crate::model::text::is_name_illegal(*c) && !is_format_or_separator(*c))
    {
        let c = match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c => c,
        };
        if s.len() + c.len_utf8() > MAX_STEM_BYTES {
            break;
        }
        s.push(c);
    }
    // Leading dots would hide the file or form `..`; trailing dots and spaces Windows drops.
    let trimmed = s.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.len() != s.len() {
        let lead_dots = s.starts_with('.');
        s = trimmed.to_string();
        if lead_dots && !s.is_empty() {
            s.insert(0, '_');
        }
    }
    if s.is_empty() {
        return "未命名".to_string();
    }
    if is_device(&s) {
        s.insert(0, '_');
    }
    s
}

/// The key two names collide under on a file system that ignores case (Windows, macOS):
/// each character's simple upper case, as NTFS's upcase table maps it.
fn fold(stem: &str) -> String {
    stem.chars()
        .map(|c| {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}

/// Gives each name a distinct safe stem, appending `(2)`, `(3)`… on collisions
/// (compared without case, as Windows and macOS do).
pub fn unique_stems<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    unique_stems_beside(names, &[])
}

/// [`unique_stems`] in a folder that also holds files of the set's own (`taken`, e.g. the
/// bureau's `汇总报告（初稿）.docx` beside the units' folders): a unit named like one of
/// them gets a number instead of colliding with it.
pub fn unique_stems_beside<'a>(
    names: impl IntoIterator<Item = &'a str>,
    taken: &[&str],
) -> Vec<String> {
    let mut seen: std::collections::HashSet<String> = taken.iter().map(|t| fold(t)).collect();
    let mut out = Vec::new();
    for n in names {
        let base = safe_stem(n);
        let mut stem = base.clone();
        let mut k = 2;
        while !seen.insert(fold(&stem)) {
            stem = format!("{base}({k})");
            k += 1;
        }
        out.push(stem);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_stay_inside_the_folder() {
        for n in [
            "..", ".", "../x", "a/b", "a\\b", "\u{0}", "nul.txt", "x:y", "....", ". hidden",
        ] {
            let s = safe_stem(n);
            assert!(
                !s.contains('/') && !s.contains('\\') && s != ".." && s != ".",
                "{n} → {s}"
            );
            assert!(!s.starts_with('.'), "{n} → {s}");
        }
        assert_eq!(safe_stem("nul.txt"), "_nul.txt");
    }

    #[test]
    fn format_characters_and_device_names() {
        for (n, want) in [
            ("单位\u{61C}名", "单位名"),
            ("单位\u{2028}名", "单位名"),
            ("单位\u{E0001}\u{E0041}名", "单位名"),
            ("COM¹", "_COM¹"),
            ("lpt².xlsx", "_lpt².xlsx"),
            ("CONIN$", "_CONIN$"),
            ("conout$", "_conout$"),
            ("CON .x", "_CON .x"),
            ("COMMON", "COMMON"),
        ] {
            assert_eq!(safe_stem(n), want, "{n:?}");
        }
        assert_eq!(
            unique_stems_beside(
                ["汇总报告（初稿）.docx", "Ǆ单位", "ǆ单位"],
                &["汇总报告（初稿）.docx"]
            ),
            vec!["汇总报告（初稿）.docx(2)", "Ǆ单位", "ǆ单位(2)"]
        );
    }

    #[test]
    fn collisions_get_numbers() {
        assert_eq!(
            unique_stems(["a/b", "a:b", "A_b"]),
            vec!["a_b", "a_b(2)", "A_b(3)"]
        );
    }
}

#[cfg(test)]
mod examples {
    //! What the documentation once showed as examples, kept as tests of the crate's
    //! private rooms (doctests reach only the public surface).

    #[test]
    fn stems_are_safe_file_names() -> Result<(), Box<dyn std::error::Error>> {
        use crate::outdir::names::safe_stem;
        assert_eq!(safe_stem("../../etc/passwd"), "__.._etc_passwd");
        assert_eq!(safe_stem("兰州新区应急管理局"), "兰州新区应急管理局");
        assert_eq!(safe_stem("CON"), "_CON");
        assert_eq!(safe_stem("  "), "未命名");
        assert_eq!(safe_stem("单位\u{202E}xcod.exe"), "单位xcod.exe");
        assert!(safe_stem(&"应".repeat(100)).len() <= 180);
        Ok(())
    }
}
