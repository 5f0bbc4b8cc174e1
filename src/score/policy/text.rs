//! The policy file as people read it: the TOML that `selfeval policy` prints, every key
//! with a comment giving its meaning and allowed values (Chinese, or English), written with
//! `toml_edit` so the comments are part of the document rather than pasted text; and the
//! errors of a policy file in both languages, naming the key and its line.

use crate::diag::Lang;
use std::fmt;
use std::path::PathBuf;

/// A policy file that cannot be used: the problem in both languages, with the key and the
/// line when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    /// The file, when the policy was read from one.
    pub file: Option<PathBuf>,
    /// The line (from 1) of the problem, when known.
    pub line: Option<usize>,
    /// The dotted key the problem is at (`tolerance.scroe`), when known.
    pub key: Option<String>,
    /// The problem in Chinese.
    pub zh: String,
    /// The problem in English.
    pub en: String,
}

impl PolicyError {
    /// A problem without a place yet.
    pub fn new(zh: String, en: String) -> Self {
        PolicyError {
            file: None,
            line: None,
            key: None,
            zh,
            en,
        }
    }

    /// The whole message in one language: the file, the line, the key, the problem.
    pub fn text(&self, lang: Lang) -> String {
        let file = self.file.as_ref().map(|f| f.display().to_string());
        let (line, key) = (self.line, self.key.as_deref());
        match lang {
            Lang::Zh => {
                let what = file.map_or("评分规则".into(), |f| format!("评分规则文件 {f} "));
                let place = match (line, key) {
                    (Some(l), Some(k)) => format!("（第 {l} 行，键“{k}”）"),
                    (Some(l), None) => format!("（第 {l} 行）"),
                    (None, Some(k)) => format!("（键“{k}”）"),
                    (None, None) => String::new(),
                };
                format!("{what}有误{place}：{}", self.zh)
            }
            Lang::En => {
                let what = file.map_or("bad policy".into(), |f| format!("bad policy file {f}"));
                let line = line.map(|l| format!(", line {l}")).unwrap_or_default();
                let key = key.map(|k| format!(", key '{k}'")).unwrap_or_default();
                format!("{what}{line}{key}: {}", self.en)
            }
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::Zh))
    }
}

impl std::error::Error for PolicyError {}

/// A TOML reading error of the policy file, in both languages, placed at its line and key.
pub fn read_error(text: &str, e: &toml::de::Error) -> PolicyError {
    let msg = e.message().trim().to_string();
    let (zh, en) = translate(&msg);
    let mut err = PolicyError::new(zh, en);
    if let Some(span) = e.span() {
        let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
        err.line = Some(line);
        err.key = key_at_line(text, line);
    }
    err
}

/// serde's and toml's English words, in Chinese too.
fn translate(msg: &str) -> (String, String) {
    let en = msg.to_string();
    let ticks = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let zh = if let Some(rest) = msg.strip_prefix("unknown field ") {
        let names = ticks(rest);
        let (bad, good) = names.split_first().map_or(("", &[][..]), |(b, g)| (b, g));
        format!("未知的键“{bad}”；此处可用的键：{}", good.join("、"))
    } else if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let names = ticks(rest);
        let (bad, good) = names.split_first().map_or(("", &[][..]), |(b, g)| (b, g));
        format!("取值“{bad}”无效；可取的值：{}", good.join("、"))
    } else if msg.starts_with("invalid type") {
        format!("值的类型不对（{msg}）")
    } else if let Some(v) = msg.strip_prefix("not a decimal number: ") {
        format!("不是十进制数：{v}（应写成 \"0.01\" 或 0.01）")
    } else if msg.starts_with("duplicate key") {
        format!("键重复（{msg}）")
    } else {
        let (bz, be) = crate::decode::number::bounds_note();
        if msg.contains(&be) {
            msg.replace(&be, &bz)
        } else {
            format!("TOML 格式有误（{msg}）")
        }
    };
    (zh, en)
}

/// The dotted key written on a line (`[tolerance]` above, `scroe = …` on it →
/// `tolerance.scroe`), or the table a header line names.
pub fn key_at_line(text: &str, line: usize) -> Option<String> {
    let mut section = String::new();
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if let Some(h) = t.strip_prefix('[') {
            section = unquote(h.trim_start_matches('[').split(']').next().unwrap_or(""));
            if i + 1 == line {
                return Some(section);
            }
        } else if i + 1 == line {
            let key = unquote(t.split('=').next().unwrap_or(""));
            if key.is_empty() {
                return None;
            }
            return Some(if section.is_empty() {
                key
            } else {
                format!("{section}.{key}")
            });
        }
    }
    None
}

/// A dotted key with quotes and spaces around its parts removed.
fn unquote(key: &str) -> String {
    key.split('.')
        .map(|p| p.trim().trim_matches('"').trim_matches('\''))
        .collect::<Vec<_>>()
        .join(".")
}

/// The line of a dotted key in the text, for problems found after reading.
pub fn line_of_key(text: &str, key: &str) -> Option<usize> {
    // One pass, tracking the table, as key_at_line reads each line (a line-by-line call
    // of it would be quadratic in a long file).
    let mut section = String::new();
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        let here = if let Some(h) = t.strip_prefix('[') {
            section = unquote(h.trim_start_matches('[').split(']').next().unwrap_or(""));
            Some(section.clone())
        } else {
            let k = unquote(t.split('=').next().unwrap_or(""));
            match (k.is_empty(), section.is_empty()) {
                (true, _) => None,
                (false, true) => Some(k),
                (false, false) => Some(format!("{section}.{k}")),
            }
        };
        if here.as_deref() == Some(key) {
            return Some(i + 1);
        }
    }
    None
}

/// The order in which a category table's keys are written in the text (TOML readers may
/// sort them); `None` when the text does not hold that table.
pub fn written_order(text: &str, scheme: &str) -> Option<Vec<String>> {
    let doc: toml_edit::DocumentMut = text.parse().ok()?;
    let table = doc.get("categories")?.get(scheme)?.as_table_like()?;
    Some(table.iter().map(|(k, _)| k.to_string()).collect())
}

/// One comment of the printed policy: the dotted path of a table or key, and its text.
struct Note {
    path: &'static str,
    zh: &'static str,
    en: &'static str,
}

/// The comments of the printed policy, in the order of the document.
const NOTES: &[Note] = &[
    Note {
        path: "name",
        zh: "规则名称，写入 report.json 的 \"policy\" 字段；任意文字。",
        en: "The policy's name, written to the \"policy\" field of report.json; any text.",
    },
    Note {
        path: "reverse",
        zh: "反向指标（≤ 或 < 目标值 A）未完成、实际值 B 大于 A 时的得分公式：\n  \"ratio\"  ＝ 分值 × A ÷ B（默认）\n  \"linear\" ＝ 分值 × max(0, 1 − (B − A) ÷ A)",
        en: "The score of a missed ≤ or < target A when the actual value B is above it:\n  \"ratio\"  = weight × A / B (the default)\n  \"linear\" = weight × max(0, 1 − (B − A) / A)",
    },
    Note {
        path: "satisfaction",
        zh: "满意度指标的计分方法：\n  \"proportional\" ＝ 分值 × B ÷ A，B ≥ A 得满分（国家规则，默认）\n  \"rate\"         ＝ 分值 × B ÷ 100（2021 年报告的做法）",
        en: "How satisfaction (满意度) indicators are scored:\n  \"proportional\" = weight × B / A, full marks when B ≥ A (the national rule, the default)\n  \"rate\"         = weight × B / 100 (the 2021 report's practice)",
    },
    Note {
        path: "overachievement_ratio",
        zh: "超额完成须说明原因的倍数：≥ 目标的实际值达到 该倍数 × 目标值 时须填写偏差原因。正数，默认 \"1.3\"。",
        en: "Over-achievement needing a reason: an actual value at or above this × a ≥ target needs a reason. Positive, default \"1.3\".",
    },
    Note {
        path: "execution",
        zh: "预算执行率的计分。",
        en: "The budget execution (预算执行率) score.",
    },
    Note {
        path: "execution.weight",
        zh: "表内未写分值时预算执行率的分值。非负数，默认 \"10\"。",
        en: "The execution weight when the table states none. Not negative, default \"10\".",
    },
    Note {
        path: "execution.cap",
        zh: "执行率超过 100% 时是否按 100% 计分：true 或 false，默认 true。",
        en: "Score a rate above 100% as 100%: true or false, default true.",
    },
    Note {
        path: "execution.low_threshold",
        zh: "执行率低于此值时报 exec-rate-low 警告（小数，0.9 即 90%，按原值比较、不用容差）。非负数，默认 \"0.9\"。",
        en: "exec-rate-low below this rate (a fraction, 0.9 = 90%, compared exactly). Not negative, default \"0.9\".",
    },
    Note {
        path: "grades",
        zh: "等级分数线：总分达到（≥）分数线即得该等级，按原值比较、不用容差；须 excellent ≥ good ≥ fair。",
        en: "Grade bounds: a total at or above a bound earns the grade, compared exactly; excellent ≥ good ≥ fair.",
    },
    Note {
        path: "grades.excellent",
        zh: "“优”的最低总分，默认 \"90\"。",
        en: "The lowest total graded 优 (excellent), default \"90\".",
    },
    Note {
        path: "grades.good",
        zh: "“良”的最低总分，默认 \"80\"。",
        en: "The lowest total graded 良 (good), default \"80\".",
    },
    Note {
        path: "grades.fair",
        zh: "“中”的最低总分，低于此为“差”。非负数，默认 \"60\"。",
        en: "The lowest total graded 中 (fair); below it is 差 (poor). Not negative, default \"60\".",
    },
    Note {
        path: "tolerance",
        zh: "容差：|填报数 − 复核数| ≤ 容差 时不报问题；只用于比较填报数与计算数。均为非负数。",
        en: "Tolerances: |stated − computed| ≤ tolerance is no finding; only for comparing stated with computed figures. Not negative.",
    },
    Note {
        path: "tolerance.score",
        zh: "得分的容差（分），默认 \"0.1\"。",
        en: "Scores, in points, default \"0.1\".",
    },
    Note {
        path: "tolerance.money",
        zh: "金额的容差（万元），默认 \"0.01\"。",
        en: "Money, in 万元, default \"0.01\".",
    },
    Note {
        path: "tolerance.rate",
        zh: "比率的容差（小数，0.005 即 0.5 个百分点），默认 \"0.005\"。",
        en: "Rates, as a fraction (0.005 = 0.5 percentage points), default \"0.005\".",
    },
    Note {
        path: "categories.project",
        zh: "一级指标及其分值，按方案各一张表：键是一级指标名称，值是分值（非负数）。\n写出某方案的表即整表替换该方案的默认值，可增删或改名类别（如四川：产出 60、效益 30）。\n项目支出表（默认：产出指标 50、效益指标 30、满意度指标 10）。",
        en: "Category (一级指标) weights, one table per scheme: each key a category name, each value its weight (not negative).\nA table given replaces that scheme's default as a whole, so categories can be dropped or renamed (Sichuan: 产出 60, 效益 30).\nProject tables (default: 产出指标 50, 效益指标 30, 满意度指标 10).",
    },
    Note {
        path: "categories.transfer",
        zh: "转移支付表（默认同项目支出表）。",
        en: "Transfer tables (default: as project tables).",
    },
    Note {
        path: "categories.department_management",
        zh: "部门整体支出表，部门管理方案：一级指标含部门管理、履职效果或能力建设时使用（默认：部门管理 20、履职效果 50、能力建设 10、服务对象满意度 10）。",
        en: "Department tables, management scheme: used when a 一级 label is 部门管理, 履职效果 or 能力建设 (default: 部门管理 20, 履职效果 50, 能力建设 10, 服务对象满意度 10).",
    },
    Note {
        path: "categories.department_project",
        zh: "部门整体支出表，项目方案：其他部门整体支出表使用（默认同项目支出表）。",
        en: "Department tables, project scheme: the other department tables (default: as project tables).",
    },
];

/// The opening comment of the printed policy.
fn heading(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "selfeval 评分规则（预算绩效自评表复核评分的参数）。\n每个键都可以省略，省略的键取内置默认值（mof-2020）；修改后用 --policy 文件 交给 check 或 run。\n小数写成字符串（\"0.005\"），以免二进制浮点误差；也可以写普通数字。",
        Lang::En => "selfeval scoring policy (the parameters of re-scoring the self-evaluation tables).\nEvery key is optional: a missing key keeps the built-in default (mof-2020); edit and pass back with --policy FILE to check or run.\nDecimals are strings (\"0.005\") so nothing is lost to binary floating point; plain numbers are accepted too.",
    }
}

/// Comment lines (`# …`) for a prefix, each ending in a newline.
fn comment(text: &str) -> String {
    text.lines().map(|l| format!("# {l}\n")).collect()
}

/// The plain TOML of a policy with every note of [`NOTES`] set as the comment before its
/// key or table, and every category weight followed by a short comment.
pub fn commented(plain: &str, lang: Lang) -> String {
    let Ok(mut doc) = plain.parse::<toml_edit::DocumentMut>() else {
        return plain.to_string();
    };
    for (i, note) in NOTES.iter().enumerate() {
        let text = match lang {
            Lang::Zh => note.zh,
            Lang::En => note.en,
        };
        // A blank line before each table, and the document's heading before the first key.
        let lead = if i == 0 {
            format!("{}\n", comment(heading(lang)))
        } else {
            String::new()
        };
        set_note(&mut doc, note.path, format!("{lead}{}", comment(text)));
    }
    weight_notes(&mut doc, lang);
    doc.to_string()
}

/// Sets the comment before the key or table at a dotted path.
fn set_note(doc: &mut toml_edit::DocumentMut, path: &str, prefix: String) {
    let (parent, last) = match path.rsplit_once('.') {
        Some((p, l)) => (Some(p), l),
        None => (None, path),
    };
    let mut table = doc.as_table_mut();
    for part in parent.into_iter().flat_map(|p| p.split('.')) {
        match table.get_mut(part).and_then(|i| i.as_table_mut()) {
            Some(t) => table = t,
            None => return,
        }
    }
    if let Some(t) = table.get_mut(last).and_then(|i| i.as_table_mut()) {
        t.decor_mut().set_prefix(format!("\n{prefix}"));
    } else if let Some(mut k) = table.key_mut(last) {
        k.leaf_decor_mut().set_prefix(prefix);
    }
}

/// A trailing comment after every category weight.
fn weight_notes(doc: &mut toml_edit::DocumentMut, lang: Lang) {
    let Some(cats) = doc.get_mut("categories").and_then(|i| i.as_table_mut()) else {
        return;
    };
    for (_, scheme) in cats.iter_mut() {
        let Some(t) = scheme.as_table_mut() else {
            continue;
        };
        for (k, v) in t.iter_mut() {
            let note = match lang {
                Lang::Zh => format!("  # 一级指标“{}”的分值", k.get()),
                Lang::En => format!("  # weight of the category {}", k.get()),
            };
            if let Some(v) = v.as_value_mut() {
                v.decor_mut().set_suffix(note);
            }
        }
    }
}
