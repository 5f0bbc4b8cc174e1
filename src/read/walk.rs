//! Walking the inputs: expands files and folders into the list of files to read, and
//! sorts out the ones passed over (Excel lock files, hidden files, files neither a
//! spreadsheet nor a readable report), so
//! that every file a user dropped in is accounted for.

use super::narrative::{OTHER_REPORT_EXTENSIONS, REPORT_EXTENSIONS};
use std::path::{Path, PathBuf};

/// File extensions read as workbooks (the format itself is then chosen by content).
/// `et` is WPS's own spreadsheet format, an OLE container calamine reads as xls; the
/// templates (`xltx`, `xltm`: xlsx packages; `xlt`, WPS's `ett`: xls containers) and flat
/// OpenDocument (`fods`, one XML file) hold tables as the formats they are read as
/// (docs/reader.md, "Workbooks from other writers (pkgprobe)"); `htm` / `html` are Excel's
/// "Save as Web Page" names for a sheet, read when the page holds a table (docs/reader.md,
/// "HTML tables saved as .xls (htmlxls)"); `mht` / `mhtml` (Excel's single-file web page)
/// and `csv` (a CSV export) are read too (docs/reader.md, mhtcsv).
pub const SPREADSHEET_EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xls", "xlsb", "ods", "et", "xltx", "xltm", "xlt", "ett", "fods", "htm",
    "html", "mht", "mhtml", "csv",
];

/// True for a `.htm` / `.html` file that is no sheet: a page holding no table (the frame
/// page of a workbook Excel saved as a web page, a saved notice), or Excel's `tabstrip.htm`
/// (the sheet tabs of such a workbook). A page saved as `.xls` holding no table is refused
/// instead: it stands where a workbook was expected (docs/reader.md, htmlxls).
pub fn is_web_page_without_sheet(path: &Path, bytes: &[u8]) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let page = name.ends_with(".htm") || name.ends_with(".html");
    page && (name == "tabstrip.htm" || !crate::decode::sniff::is_table_page(bytes))
}

/// Why a file is passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// `~$name.xlsx`: Excel's or WPS's lock file of an open workbook.
    LockFile,
    /// A name starting with `.`, or inside such a folder.
    Hidden,
    /// Not a spreadsheet by its extension.
    NotSpreadsheet,
    /// A narrative report in a format not read (`.doc`, `.wps`, `.pdf`, …): the unit is
    /// asked for a `.docx`.
    ReportFormat,
    /// A `.docx` or `.txt` without a single section heading or figure: a note, not a
    /// narrative report (found when it is read, not by its name).
    NotReport,
    /// A symbolic link: never followed, so it cannot lead outside the folder.
    Symlink,
    /// Not a regular file (a FIFO, a device, a socket): never opened, so it cannot block.
    Special,
    /// A folder the run may not read: its contents are not known.
    UnreadableFolder,
    /// A path longer than the system can open ([`MAX_PATH_BYTES`]).
    PathTooLong,
    /// A `.rar` or `.7z` archive: only `.zip` is opened.
    OtherArchive,
    /// A `.htm` / `.html` page holding no table, or Excel's sheet tabs (`tabstrip.htm`) of
    /// a workbook saved as a web page (found when it is read, not by its name alone).
    WebPage,
}

/// The longest path opened (Linux's PATH_MAX less its terminating NUL).
pub const MAX_PATH_BYTES: usize = 4095;

impl SkipReason {
    /// The reason in Chinese and English.
    pub fn text(self) -> (&'static str, &'static str) {
        match self {
            SkipReason::LockFile => (
                "Excel/WPS 锁定文件（工作簿打开时自动生成），已跳过",
                "Excel/WPS lock file (made while a workbook is open), passed over",
            ),
            SkipReason::Hidden => ("隐藏文件，已跳过", "hidden file, passed over"),
            SkipReason::NotSpreadsheet => (
                "不是电子表格文件，已跳过",
                "not a spreadsheet file, passed over",
            ),
            SkipReason::ReportFormat => (
                "自评报告格式无法读取（只读取 .docx 和 .txt），已跳过；请单位另存为 .docx 后重新报送",
                "a report in a format not read (only .docx and .txt are), passed over; ask the unit to save it as .docx and send it again",
            ),
            SkipReason::NotReport => (
                "文档中没有章节标题和数字，不是自评报告，已跳过",
                "a document without section headings or figures: not a report, passed over",
            ),
            SkipReason::Symlink => (
                "符号链接（快捷方式），未跟随读取；请把文件本身放入文件夹",
                "a symbolic link, not followed; put the file itself into the folder",
            ),
            SkipReason::Special => (
                "不是普通文件（管道、设备或套接字），未打开",
                "not a regular file (a pipe, a device or a socket), not opened",
            ),
            SkipReason::UnreadableFolder => (
                "文件夹无法读取（没有权限），其中的文件未检查",
                "a folder that cannot be read (no permission): its files were not checked",
            ),
            SkipReason::PathTooLong => (
                "路径过长，系统无法打开，已跳过；请缩短文件夹或文件名",
                "the path is too long for the system to open, passed over; shorten the folder or file names",
            ),
            SkipReason::OtherArchive => (
                "只能打开 .zip 压缩包，此压缩包未打开；请改用 .zip 压缩，或直接报送其中的文件",
                "only .zip archives are opened; send a .zip or the files themselves",
            ),
            SkipReason::WebPage => (
                "网页中没有自评表格（如 Excel 另存为网页时的框架页或工作表标签页），已跳过",
                "a web page without a table to read (such as the frame or sheet-tab page of a workbook saved as a web page), passed over",
            ),
        }
    }
}

/// One input file and whether it is to be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path as found (the folder given joined with the relative path).
    pub path: PathBuf,
    /// `Some` when the file is passed over.
    pub skip: Option<SkipReason>,
}

/// Classifies one file by its name alone.
///
/// ```
/// use selfeval::read::walk::{classify, SkipReason};
/// use std::path::Path;
/// assert_eq!(classify(Path::new("in/~$局.xlsx")), Some(SkipReason::LockFile));
/// assert_eq!(classify(Path::new("in/说明.md")), Some(SkipReason::NotSpreadsheet));
/// assert_eq!(classify(Path::new("in/自评报告.docx")), None);
/// assert_eq!(classify(Path::new("in/自评报告.doc")), Some(SkipReason::ReportFormat));
/// assert_eq!(classify(Path::new("in/局.XLSX")), None);
/// ```
pub fn classify(path: &Path) -> Option<SkipReason> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with("~$") {
        return Some(SkipReason::LockFile);
    }
    if name.starts_with('.') {
        return Some(SkipReason::Hidden);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if SPREADSHEET_EXTENSIONS.contains(&ext.as_str())
        || REPORT_EXTENSIONS.contains(&ext.as_str())
        || ext == "zip"
    {
        None
    } else if super::archive::ARCHIVE_EXTENSIONS.contains(&ext.as_str()) {
        Some(SkipReason::OtherArchive)
    } else if OTHER_REPORT_EXTENSIONS.contains(&ext.as_str()) {
        Some(SkipReason::ReportFormat)
    } else {
        Some(SkipReason::NotSpreadsheet)
    }
}

/// An input that could not be walked at all.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    /// The path does not exist.
    #[error("路径不存在 / path does not exist: {0}")]
    NotFound(PathBuf),
    /// More entries than [`crate::decode::limits::MAX_INBOX_ENTRIES`].
    #[error("收件箱中的条目超过 {0} 个：为使内存有界，本次不处理；请分成几个文件夹分批运行 / INBOX holds more than {0} entries; to keep memory bounded it is not processed: split it into several folders and run each")]
    TooMany(usize),
}

/// Expands files and folders (recursively, in name order) into inputs. Every entry is
/// listed: symbolic links are not followed (a link cannot lead the walk outside the folder
/// or round in a circle), special files are never opened, and a folder that cannot be read
/// is listed itself.
pub fn walk(paths: &[PathBuf]) -> Result<Vec<Input>, WalkError> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str().len() > MAX_PATH_BYTES {
            out.push(skipped(p, SkipReason::PathTooLong));
            continue;
        }
        let meta = std::fs::symlink_metadata(p).map_err(|_| WalkError::NotFound(p.clone()))?;
        if meta.is_dir() {
            walk_folder(p, &mut out);
            // A hard cap rather than growth: every entry costs the run memory (its light
            // copy) until the outputs are written.
            let max = crate::decode::limits::MAX_INBOX_ENTRIES;
            if out.len() > max {
                return Err(WalkError::TooMany(max));
            }
        } else {
            let skip = match entry_kind(meta.file_type()) {
                Some(reason) => Some(reason),
                None => classify_file(p),
            };
            out.push(Input {
                path: p.clone(),
                skip,
            });
        }
    }
    Ok(out)
}

/// Why a file on disk is passed over, `None` when it is read: [`classify`] by its name, and a
/// `.xml` file looked into ([`excel_xml`]).
pub fn classify_file(path: &Path) -> Option<SkipReason> {
    excel_xml(path, classify(path))
}

/// A regular `.xml` file passed over by its name is read when its first bytes are an Excel
/// 2003 XML workbook (budget systems export them under `.xml` as well as `.xls`); any
/// other XML file stays passed over, as before.
fn excel_xml(path: &Path, skip: Option<SkipReason>) -> Option<SkipReason> {
    if skip != Some(SkipReason::NotSpreadsheet) || !is_xml_name(path) {
        return skip;
    }
    let mut head = Vec::with_capacity(4096);
    let read = std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, 4096), &mut head));
    match read {
        Ok(_) if crate::decode::workbook::xmlss::is_spreadsheetml(&head) => None,
        _ => skip,
    }
}

/// Whether a file passed over by its name is still an Excel 2003 XML workbook by its bytes
/// (a `.xml` entry of a unit's archive, whose bytes are in memory): read as in a folder.
pub fn is_excel_xml(name: &Path, skip: Option<SkipReason>, bytes: &[u8]) -> bool {
    skip == Some(SkipReason::NotSpreadsheet)
        && is_xml_name(name)
        && crate::decode::workbook::xmlss::is_spreadsheetml(&bytes[..bytes.len().min(4096)])
}

fn is_xml_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
}

fn skipped(path: &Path, reason: SkipReason) -> Input {
    Input {
        path: path.to_path_buf(),
        skip: Some(reason),
    }
}

/// Why an entry that is not a regular file is passed over (`None` for a regular file).
fn entry_kind(t: std::fs::FileType) -> Option<SkipReason> {
    if t.is_symlink() {
        Some(SkipReason::Symlink)
    } else if t.is_file() {
        None
    } else {
        Some(SkipReason::Special)
    }
}

/// Lists every entry under a folder, in name order.
fn walk_folder(root: &Path, out: &mut Vec<Input>) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walker {
        if out.len() > crate::decode::limits::MAX_INBOX_ENTRIES {
            return;
        }
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                // An unreadable folder (or an entry that vanished): listed, never lost.
                let path = e.path().unwrap_or(root).to_path_buf();
                let reason = if path.as_os_str().len() > MAX_PATH_BYTES {
                    SkipReason::PathTooLong
                } else {
                    SkipReason::UnreadableFolder
                };
                out.push(skipped(&path, reason));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        let skip = if path.as_os_str().len() > MAX_PATH_BYTES {
            Some(SkipReason::PathTooLong)
        } else if let Some(reason) = entry_kind(entry.file_type()) {
            Some(reason)
        } else if in_hidden_folder(root, path) {
            Some(SkipReason::Hidden)
        } else {
            classify_file(path)
        };
        out.push(Input {
            path: path.to_path_buf(),
            skip,
        });
    }
}

fn in_hidden_folder(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.parent().is_some_and(|d| {
        d.components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_a_folder_in_name_order_and_marks_skips() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::create_dir_all(d.join(".git")).unwrap();
        for f in [
            "b.xlsx",
            "a.ods",
            "~$b.xlsx",
            ".DS_Store",
            "sub/c.xls",
            "说明.md",
            "报告.pdf",
            ".git/x.xlsx",
        ] {
            std::fs::write(d.join(f), b"x").unwrap();
        }
        let got = walk(&[d.to_path_buf()]).unwrap();
        let names: Vec<(String, Option<SkipReason>)> = got
            .iter()
            .map(|i| {
                (
                    i.path
                        .strip_prefix(d)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                    i.skip,
                )
            })
            .collect();
        assert_eq!(
            names,
            vec![
                (".DS_Store".into(), Some(SkipReason::Hidden)),
                (".git/x.xlsx".into(), Some(SkipReason::Hidden)),
                ("a.ods".into(), None),
                ("b.xlsx".into(), None),
                ("sub/c.xls".into(), None),
                ("~$b.xlsx".into(), Some(SkipReason::LockFile)),
                ("报告.pdf".into(), Some(SkipReason::ReportFormat)),
                ("说明.md".into(), Some(SkipReason::NotSpreadsheet)),
            ]
        );
    }

    #[test]
    fn links_special_files_and_unreadable_folders_are_listed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.xlsx"), b"x").unwrap();
        std::os::unix::fs::symlink(d.join("a.xlsx"), d.join("link.xlsx")).unwrap();
        std::os::unix::fs::symlink(d.join("gone.xlsx"), d.join("dangling.xlsx")).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            d.join("fifo.xlsx"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
        std::fs::create_dir(d.join("locked")).unwrap();
        std::fs::write(d.join("locked/b.xlsx"), b"x").unwrap();
        std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
        let got = walk(&[d.to_path_buf()]).unwrap();
        std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
        let skip = |name: &str| got.iter().find(|i| i.path.ends_with(name)).map(|i| i.skip);
        assert_eq!(skip("a.xlsx"), Some(None));
        assert_eq!(skip("link.xlsx"), Some(Some(SkipReason::Symlink)));
        assert_eq!(skip("dangling.xlsx"), Some(Some(SkipReason::Symlink)));
        assert_eq!(skip("fifo.xlsx"), Some(Some(SkipReason::Special)));
        // Root reads any folder; as another user the folder itself is listed.
        let locked = skip("locked").or(skip("locked/b.xlsx"));
        assert!(locked.is_some(), "{got:?}");
        let long = PathBuf::from("x/".repeat(MAX_PATH_BYTES));
        assert_eq!(
            walk(&[long]).unwrap()[0].skip,
            Some(SkipReason::PathTooLong)
        );
    }

    #[test]
    fn a_missing_path_is_an_error() {
        assert!(walk(&[PathBuf::from("/no/such/dir/at/all")]).is_err());
    }
}
