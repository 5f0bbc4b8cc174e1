//! A declaration's object in report.json and `check --format json` (campaign.md §9): in
//! its file's `tables`, with `"kind": "declaration"`; its indicators' targets parsed as
//! for tables.

use super::{dec, finding, json_target, JsonFinding, JsonTarget};
use crate::check::approved::CheckedDeclaration;
use crate::diag::Lang;
use crate::score::value::{parse_target, Target};
use crate::score::{IndicatorKind, Op};
use serde::Serialize;
use std::borrow::Cow;

#[derive(Debug, Serialize)]
pub(super) struct JsonDeclaration<'a> {
    kind: &'static str,
    sheet: &'a str,
    code: Option<&'a str>,
    name: &'a str,
    unit: &'a str,
    department: &'a str,
    year: Option<i32>,
    adjustment: bool,
    funds: JsonDeclFunds,
    indicators: Vec<JsonDeclIndicator<'a>>,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonDeclFunds {
    budget: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<String>,
    /// `"元"` when the amounts labelled 万元 were evidently in 元 and kept as written.
    as_written: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct JsonDeclIndicator<'a> {
    #[serde(flatten)]
    target: JsonTarget<'a>,
    kind: IndicatorKind,
    weight: Option<String>,
}

pub(super) fn declaration(cd: &CheckedDeclaration, lang: Lang) -> JsonDeclaration<'_> {
    let d = &cd.declaration;
    JsonDeclaration {
        kind: "declaration",
        sheet: &d.sheet,
        code: d.code.as_ref().map(|c| c.text.as_str()),
        name: &d.name.text,
        unit: &d.unit.text,
        department: &d.department.text,
        year: d.year,
        adjustment: d.adjustment,
        funds: JsonDeclFunds {
            budget: d.funds.budget.value.map(dec),
            total: d.funds.total.value.map(dec),
            as_written: d.funds.as_written.then_some("元"),
        },
        indicators: d
            .indicators
            .iter()
            .map(|i| {
                let (parsed, kind) = match parse_target(&i.target.text) {
                    Target::Quantitative { op, value, unit } => (
                        (Some(op), Some(dec(value)), None, Some(Cow::Owned(unit))),
                        IndicatorKind::Quantitative,
                    ),
                    Target::Range { low, high, unit } => (
                        (
                            Some(Op::Between),
                            Some(dec(low)),
                            Some(dec(high)),
                            Some(Cow::Owned(unit)),
                        ),
                        IndicatorKind::Quantitative,
                    ),
                    _ => ((None, None, None, None), IndicatorKind::Qualitative),
                };
                JsonDeclIndicator {
                    target: json_target!(i, parsed),
                    kind,
                    weight: i.weight.value.map(dec),
                }
            })
            .collect(),
        findings: cd
            .findings
            .iter()
            .map(|f| finding(f, lang, false))
            .collect(),
    }
}
