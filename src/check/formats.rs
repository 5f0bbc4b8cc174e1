//! `report-format-unsupported` (rules.md): a `.doc`, `.wps` or `.pdf` passed over beside
//! the tables is, when its name names a unit of the run, that unit's 自评报告 in a format
//! not read. It is attached to that unit (its `unit` set, so the 汇总, the return workbook
//! and the letter count it) with a warning asking for `.docx`. Found once every file is
//! read, since only then are the units known.

use super::{workbook_unit, CheckedFile, FileStatus};
use crate::diag::{Code, Finding, Message};
use crate::model::text::org_key;
use crate::read::narrative::OTHER_REPORT_EXTENSIONS;
use std::path::Path;

/// The units of the run: (key, name as shown), longest key first so that the most precise
/// name wins (`永登县交通运输局` before `交通运输局`). A unit shown under its roster name is
/// also found by the name its tables give it (the alias its files use).
fn unit_names(files: &[CheckedFile]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = files
        .iter()
        .filter(|f| !f.tables.is_empty())
        .flat_map(|f| {
            let name = workbook_unit(f);
            let own = super::own_unit(f);
            [(org_key(&name), name.clone()), (org_key(&own), name)]
        })
        .filter(|(k, _)| !k.is_empty())
        .collect();
    v.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.cmp(b)));
    v.dedup_by(|a, b| a.0 == b.0);
    v
}

/// The extension of a report in a format not read, lower-cased.
fn other_report_extension(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    OTHER_REPORT_EXTENSIONS
        .contains(&ext.as_str())
        .then_some(ext)
}

/// The unit a file's stem or its folder's name names.
fn named_unit<'a>(path: &Path, units: &'a [(String, String)]) -> Option<&'a str> {
    let stem = path.file_stem().map(|s| org_key(&s.to_string_lossy()));
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .map(|s| org_key(&s.to_string_lossy()));
    let keys: Vec<String> = [stem, folder].into_iter().flatten().collect();
    units
        .iter()
        .find(|(k, _)| keys.iter().any(|s| s.contains(k.as_str())))
        .map(|(_, name)| name.as_str())
}

/// Adds `report-format-unsupported` to every skipped report in a format not read whose
/// name names a unit, and records that unit on the file.
pub fn format_findings(files: &mut [CheckedFile]) {
    let candidate = |f: &CheckedFile| {
        f.status == FileStatus::Skipped && other_report_extension(&f.path).is_some()
    };
    // Most runs have none: the units are not even listed then.
    if !files.iter().any(candidate) {
        return;
    }
    let units = unit_names(files);
    if units.is_empty() {
        return;
    }
    for f in files.iter_mut() {
        if f.status != FileStatus::Skipped || f.unit.is_some() {
            continue;
        }
        let Some(ext) = other_report_extension(&f.path) else {
            continue;
        };
        let Some(unit) = named_unit(&f.path, &units) else {
            continue;
        };
        let file = f
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let msg = Message::new(
            format!("「{file}」像是{unit}的自评报告，但 .{ext} 格式无法读取核对；请另存为 .docx 格式后重新报送"),
            format!("“{file}” looks like the 自评报告 of {unit}, but a .{ext} file cannot be read and checked; save it as .docx and send it again"),
        );
        // The warning takes the place of the plain `file-skipped`: one row says it all.
        f.findings.retain(|x| x.code != Code::FileSkipped);
        f.findings
            .push(Finding::new(Code::ReportFormatUnsupported, msg));
        f.unit = Some(unit.to_string());
    }
}

/// Whether a file carries `report-format-unsupported`: its unit is asked to send it again.
pub fn is_unsupported_report(f: &CheckedFile) -> bool {
    f.findings
        .iter()
        .any(|x| x.code == Code::ReportFormatUnsupported)
}
