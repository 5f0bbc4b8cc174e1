//! Part names of an OOXML package as the relationships give them: resolved from the source
//! part's folder (absolute targets, `.` and `..` segments), and a relationships part
//! written again with such targets absolute, so calamine — which joins a target to `xl/`
//! as it stands — finds the parts Excel finds (docs/reader.md, "Workbooks from other
//! writers (pkgprobe)").

/// The part name a relationship's target names, from the folder of its source part
/// (`base`, ending in `/`, or empty for the package root): an absolute target
/// (`/xl/worksheets/sheet1.xml`) from the root, a relative one from `base`, and `.` and
/// `..` segments resolved (`../xl/worksheets/sheet1.xml` from `xl/` is
/// `xl/worksheets/sheet1.xml`; a `..` above the root stays at the root), as Excel resolves
/// them (pkgprobe p04, p05).
pub(super) fn resolve(base: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{base}{target}"),
    };
    let mut segments: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// The folder of the source part of the relationships part `rels` (`xl/_rels/workbook.xml.rels`
/// → `xl/`, `_rels/.rels` → the root); `None` for a part that is no relationships part.
fn source_dir(rels: &str) -> Option<&str> {
    let lower = rels.to_ascii_lowercase();
    if !lower.ends_with(".rels") {
        return None;
    }
    let at = match lower.rfind("/_rels/") {
        Some(i) => i + 1,
        None if lower.starts_with("_rels/") => 0,
        None => return None,
    };
    rels.get(..at)
}

/// The relationships part `name` again with each internal target holding a `.` or `..`
/// segment written as the absolute part name it resolves to; `None` when no target needs
/// it (the part is kept as it is) or the part is no relationships part. External targets
/// (`TargetMode="External"`: links to other files) are left alone. Linear in the part:
/// each element's extent and `TargetMode` are looked up once, whatever number of
/// `Target=` it holds (500,000 in one element cost minutes when each looked again).
pub(super) fn absolute_targets(name: &str, xml: &[u8]) -> Option<Vec<u8>> {
    let base = source_dir(name)?;
    let text = std::str::from_utf8(xml).ok()?;
    if !text.contains("./") {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 256);
    let (mut pos, mut changed) = (0, false);
    let mut element = Element::default();
    while let Some(i) = text[pos..].find("Target=") {
        let at = pos + i + "Target=".len();
        out.push_str(&text[pos..at]);
        let tail = &text[at..];
        let quote = tail.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let end = tail[1..].find(quote)? + 1;
        let target = &tail[1..end];
        let climbs = target.split('/').any(|s| s == "." || s == "..");
        if climbs && !element.external_at(text, at) {
            out.push(quote);
            out.push('/');
            out.push_str(&resolve(base, target));
            out.push(quote);
            changed = true;
        } else {
            out.push_str(&tail[..=end]);
        }
        pos = at + end + 1;
    }
    out.push_str(&text[pos..]);
    changed.then(|| out.into_bytes())
}

/// The element a `Target=` stands in: where it ends (its `>`) and whether it is external,
/// kept for the next `Target=` of the same element.
#[derive(Default)]
struct Element {
    /// Where the last element looked at ends (its `>`, or the text's end).
    stop: usize,
    external: bool,
    looked: bool,
}

impl Element {
    /// Whether the element holding the text position `at` says `External`. A new element
    /// is looked at only past the last one's end, back to its `<` (not before that end)
    /// and on to its `>`, so every byte is looked at a bounded number of times.
    fn external_at(&mut self, text: &str, at: usize) -> bool {
        if !self.looked || at > self.stop {
            let from = if self.looked { self.stop } else { 0 };
            let start = text[from..at].rfind('<').map_or(from, |i| from + i);
            self.stop = text[at..].find('>').map_or(text.len(), |i| at + i);
            self.external = text[start..self.stop].contains("External");
            self.looked = true;
        }
        self.external
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_as_excel_resolves_them() {
        assert_eq!(
            resolve("xl/", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/", "/xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/", "../xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(resolve("xl/", "./styles.xml"), "xl/styles.xml");
        assert_eq!(resolve("xl/", "../../../a.xml"), "a.xml");
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
    }

    #[test]
    fn climbing_targets_are_written_absolute_and_others_kept() {
        let rels = r#"<Relationships><Relationship Id="rId1" Type="t/worksheet" Target="../xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Target='styles.xml' Type="t/styles"/><Relationship Id="rId3" TargetMode="External" Target="../other.xlsx"/></Relationships>"#;
        let out = absolute_targets("xl/_rels/workbook.xml.rels", rels.as_bytes()).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out, rels.replace("../xl/worksheets", "/xl/worksheets"));
        assert_eq!(
            absolute_targets("xl/_rels/workbook.xml.rels", b"<a Target=\"x.xml\"/>"),
            None
        );
        assert_eq!(absolute_targets("xl/workbook.xml", rels.as_bytes()), None);
        // The mode stated after the target, in the same element, counts too.
        let after = r#"<R Target="../a.xlsx" TargetMode="External"/><R Target="../b.xml"/>"#;
        let out = absolute_targets("xl/_rels/workbook.xml.rels", after.as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            after.replace("../b.xml", "/b.xml")
        );
        assert_eq!(source_dir("_rels/.rels"), Some(""));
        assert_eq!(
            source_dir("xl/worksheets/_rels/sheet1.xml.rels"),
            Some("xl/worksheets/")
        );
    }

    #[test]
    fn many_targets_in_one_element_cost_linear_time() {
        // hostile_new's rels_many_targets.xlsx: one element of 60,000 `Target=` (each
        // looked for the element's end across the rest of it: quadratic).
        let junk = "Target='a' ".repeat(60_000);
        let rels = format!(
            r#"<Relationships><R Target="../xl/s.xml"/><R Target="../j" Note="{junk}"/></Relationships>"#
        );
        let start = std::time::Instant::now();
        let out = absolute_targets("xl/_rels/workbook.xml.rels", rels.as_bytes()).unwrap();
        assert!(
            start.elapsed() < std::time::Duration::from_secs(1),
            "{:?}",
            start.elapsed()
        );
        assert!(String::from_utf8(out)
            .unwrap()
            .contains(r#"Target="/xl/s.xml""#));
    }
}
