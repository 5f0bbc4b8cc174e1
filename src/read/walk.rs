//! Walking the inputs: expands files and folders into the list of files to read, and
//! sorts out the ones passed over (Excel lock files, hidden files, non-spreadsheets), so
//! that every file a user dropped in is accounted for.

use std::path::{Path, PathBuf};

/// File extensions read as workbooks (the format itself is then chosen by content).
/// `et` is WPS's own spreadsheet format, an OLE container calamine reads as xls.
pub const SPREADSHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "et"];

/// Why a file is passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// `~$name.xlsx`: Excel's or WPS's lock file of an open workbook.
    LockFile,
    /// A name starting with `.`, or inside such a folder.
    Hidden,
    /// Not a spreadsheet by its extension.
    NotSpreadsheet,
}

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
/// assert_eq!(classify(Path::new("in/说明.txt")), Some(SkipReason::NotSpreadsheet));
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
    if SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) {
        None
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
}

/// Expands files and folders (recursively, in name order) into inputs. Symbolic links are
/// not followed, so a link cannot lead the walk outside the folder or round in a circle.
pub fn walk(paths: &[PathBuf]) -> Result<Vec<Input>, WalkError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::symlink_metadata(p).map_err(|_| WalkError::NotFound(p.clone()))?;
        if meta.is_dir() {
            let walker = walkdir::WalkDir::new(p)
                .follow_links(false)
                .sort_by_file_name();
            for entry in walker.into_iter().filter_map(|e| e.ok()) {
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(p).unwrap_or(entry.path());
                let in_hidden_dir = rel
                    .parent()
                    .map(|d| {
                        d.components()
                            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
                    })
                    .unwrap_or(false);
                let skip = if in_hidden_dir {
                    Some(SkipReason::Hidden)
                } else {
                    classify(entry.path())
                };
                out.push(Input {
                    path: entry.path().to_path_buf(),
                    skip,
                });
            }
        } else {
            out.push(Input {
                path: p.clone(),
                skip: classify(p),
            });
        }
    }
    Ok(out)
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
            "说明.txt",
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
                ("说明.txt".into(), Some(SkipReason::NotSpreadsheet)),
            ]
        );
    }

    #[test]
    fn a_missing_path_is_an_error() {
        assert!(walk(&[PathBuf::from("/no/such/dir/at/all")]).is_err());
    }
}
