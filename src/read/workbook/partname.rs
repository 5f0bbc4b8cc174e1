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
/// (`TargetMode="External"`: links to other files) are left alone.
pub(super) fn absolute_targets(name: &str, xml: &[u8]) -> Option<Vec<u8>> {
    let base = source_dir(name)?;
    let text = std::str::from_utf8(xml).ok()?;
    if !text.contains("./") {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 256);
    let (mut rest, mut changed) = (text, false);
    while let Some(i) = rest.find("Target=") {
        let (head, tail) = rest.split_at(i + "Target=".len());
        out.push_str(head);
        let quote = tail.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let end = tail[1..].find(quote)? + 1;
        let target = &tail[1..end];
        // The element the attribute stands in, for its TargetMode.
        let start = head.rfind('<').unwrap_or(0);
        let stop = tail.find('>').unwrap_or(tail.len());
        let external = head[start..].contains("External") || tail[..stop].contains("External");
        let climbs = target.split('/').any(|s| s == "." || s == "..");
        if climbs && !external {
            out.push(quote);
            out.push('/');
            out.push_str(&resolve(base, target));
            out.push(quote);
            changed = true;
        } else {
            out.push_str(&tail[..=end]);
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    changed.then(|| out.into_bytes())
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
        assert_eq!(source_dir("_rels/.rels"), Some(""));
        assert_eq!(
            source_dir("xl/worksheets/_rels/sheet1.xml.rels"),
            Some("xl/worksheets/")
        );
    }
}
