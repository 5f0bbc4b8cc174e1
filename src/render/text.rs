//! `check --format text`: one compiler-style diagnostic per finding and a closing count.
//!
//! ```text
//! 错误[fund-sum-mismatch]: 年度资金总额全年预算数填报28.31万元，分项合计31.69万元（30.00 + 1.69 + 0.00）
//!   --> inbox/应急管理局.xlsx › 安全生产监督执法 › F7
//!    = 填报 28.31，复核 31.69
//!
//! 警告[exec-rate-low]: 预算执行率 80.35%（68.3 / 85）低于 90%
//!   --> inbox/卫生健康局.xlsx › 家庭医生签约 › I7
//!    = 填报 80.35%，阈值 90.00%
//!
//! 错误[report-sum-mismatch]: 报告所列各分项 30 + 1.69 = 31.69 万元，与所写合计 28.31 万元不符
//!   --> inbox/应急管理局自评报告.docx › 第49段
//!    | 当年财政拨款30万元，上年结转资金1.69万元，共计28.31万元。
//!    = 填报 28.31，复核 31.69
//! ```
//!
//! A narrative report's finding names its paragraph and quotes the sentence (`|`).
//!
//! The figures line puts the stated figure first, then the reviewed one, then a threshold
//! or policy value the rule compared with — labelled as such, never as 复核. Rates are
//! percents here (fractions in JSON).

use crate::check::{summarize, CheckedFile};
use crate::diag::{Finding, Lang};

/// The figures line of a finding (`填报 80.35%，阈值 90.00%`), or `None` without figures.
fn figures(f: &Finding, lang: Lang) -> Option<String> {
    let kind = f.figure_kind();
    let (stated, reviewed, limit, sep) = match lang {
        Lang::Zh => ("填报", "复核", "阈值", "，"),
        Lang::En => ("found", "expected", "limit", ", "),
    };
    // The unit's figure as written; the program's (reviewed, limit) as computed.
    let parts: Vec<String> = [
        (stated, &f.found, false),
        (reviewed, &f.expected, true),
        (limit, &f.limit, true),
    ]
    .into_iter()
    .filter_map(|(label, v, computed)| {
        let v = v.as_deref()?;
        let shown = if computed {
            kind.show_computed(v, lang)
        } else {
            kind.show(v, lang)
        };
        Some(format!("{label} {shown}"))
    })
    .collect();
    (!parts.is_empty()).then(|| parts.join(sep))
}
use std::fmt::Write;

fn diagnostic(out: &mut String, file: &str, f: &Finding, counts: bool, lang: Lang) {
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
    if let Some(p) = f.paragraph_label(lang) {
        place.push_str(" › ");
        place.push_str(&p);
    }
    let _ = writeln!(out, "  --> {place}");
    if let Some(e) = &f.excerpt {
        let _ = writeln!(out, "   | {e}");
    }
    if let Some(line) = figures(f, lang) {
        let _ = writeln!(out, "   = {line}");
    }
    if !counts {
        let _ = writeln!(
            out,
            "   = {}",
            match lang {
                Lang::Zh => "此表为旧副本或非本年度表格，不计入（仅供审核人员参考）",
                Lang::En =>
                    "on an older copy or another year's table: not counted (for the reviewer only)",
            }
        );
    }
    out.push('\n');
}

/// Renders every finding of every file, then the count line.
pub fn render(files: &[CheckedFile], lang: Lang) -> String {
    let mut out = String::new();
    for file in files {
        let path = file.path.display().to_string();
        let counts = file.standing.counts();
        for f in &file.findings {
            diagnostic(&mut out, &path, f, counts, lang);
        }
        for t in &file.tables {
            for f in &t.findings {
                diagnostic(&mut out, &path, f, counts && t.counts_in_run(), lang);
            }
        }
    }
    let counts = summarize(files).describe(lang, true);
    let _ = match lang {
        Lang::Zh => writeln!(out, "共 {counts}。"),
        Lang::En => writeln!(out, "{counts}."),
    };
    out
}
