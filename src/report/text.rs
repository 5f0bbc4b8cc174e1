//! `check --format text`: one compiler-style diagnostic per finding and a closing count.
//!
//! ```text
//! 错误[fund-sum-mismatch]: 年度资金总额 全年预算数 28.31 ≠ 分项合计 31.69（30 + 1.69 + 0）
//!   --> inbox/应急管理局.xlsx › 安全生产监督执法 › F7
//!    = 复核 31.69，填报 28.31
//! ```

use crate::check::{summarize, CheckedFile};
use crate::diag::{Finding, Lang};
use std::fmt::Write;

fn diagnostic(out: &mut String, file: &str, f: &Finding, lang: Lang) {
    let sev = match lang {
        Lang::Zh => f.severity().zh(),
        Lang::En => f.severity().as_str(),
    };
    let _ = writeln!(out, "{sev}[{}]: {}", f.code.as_str(), f.message.get(lang));
    let mut place = file.to_string();
    if let Some(s) = &f.sheet {
        place.push_str(" › ");
        place.push_str(s);
    }
    if let Some(c) = f.cell {
        place.push_str(" › ");
        place.push_str(&c.to_string());
    }
    let _ = writeln!(out, "  --> {place}");
    if let (Some(e), Some(found)) = (&f.expected, &f.found) {
        match lang {
            Lang::Zh => {
                let _ = writeln!(out, "   = 复核 {e}，填报 {found}");
            }
            Lang::En => {
                let _ = writeln!(out, "   = expected {e}, found {found}");
            }
        }
    }
    out.push('\n');
}

/// Renders every finding of every file, then the count line.
pub fn render(files: &[CheckedFile], lang: Lang) -> String {
    let mut out = String::new();
    for file in files {
        let path = file.path.display().to_string();
        for f in file.all_findings() {
            diagnostic(&mut out, &path, f, lang);
        }
    }
    let s = summarize(files);
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "共 {} 个文件、{} 张表：{} 个错误，{} 个警告，{} 个提示。",
            s.files, s.tables, s.errors, s.warnings, s.infos
        ),
        Lang::En => writeln!(
            out,
            "{} files, {} tables: {} errors, {} warnings, {} notes.",
            s.files, s.tables, s.errors, s.warnings, s.infos
        ),
    };
    out
}
