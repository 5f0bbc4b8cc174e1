//! Safe file names from text found in workbooks (unit and project names): no path
//! separators, no `..`, no names Windows reserves, nothing a file system refuses.

/// Longest file name stem written, in bytes (UTF-8, as file systems count): room is left
/// within the 255-byte limit for `(NN)`, the extension and the temporary name
/// `.STEM.xlsx.tmp-PID.XXXXXX` a file is first written under. Longer names are cut at a
/// character boundary.
pub const MAX_STEM_BYTES: usize = 180;

const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Makes a name safe as a file name stem.
///
/// ```
/// use selfeval::write::names::safe_stem;
/// assert_eq!(safe_stem("../../etc/passwd"), "__.._etc_passwd");
/// assert_eq!(safe_stem("兰州新区应急管理局"), "兰州新区应急管理局");
/// assert_eq!(safe_stem("CON"), "_CON");
/// assert_eq!(safe_stem("  "), "未命名");
/// assert_eq!(safe_stem("单位\u{202E}xcod.exe"), "单位xcod.exe");
/// assert!(safe_stem(&"应".repeat(100)).len() <= 180);
/// ```
pub fn safe_stem(name: &str) -> String {
    let mut s = String::new();
    for c in name
        .chars()
        .filter(|c| !crate::model::text::is_name_illegal(*c))
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
    let upper = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED.contains(&upper.as_str()) {
        s.insert(0, '_');
    }
    s
}

/// Gives each name a distinct safe stem, appending `(2)`, `(3)`… on collisions
/// (compared without case, as Windows and macOS do).
pub fn unique_stems<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for n in names {
        let base = safe_stem(n);
        let mut stem = base.clone();
        let mut k = 2;
        while !seen.insert(stem.to_lowercase()) {
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
    fn collisions_get_numbers() {
        assert_eq!(
            unique_stems(["a/b", "a:b", "A_b"]),
            vec!["a_b", "a_b(2)", "A_b(3)"]
        );
    }
}
