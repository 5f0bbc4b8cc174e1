//! No panic reachable from input (issue 11): property tests that draw unbounded decimal
//! texts, huge and tiny targets and long strings through the number parser and the
//! indicator value parser, and extreme figures (up to `Decimal::MAX`, past every bound the
//! reader puts) through the review, the table rules and the cross rules of tables built here.
//! `rust_decimal`'s operators panic on overflow; none may be reached.
//!
//! Case counts are kept small so the file runs in a few seconds.

mod rules_support;

use proptest::prelude::*;
use rules_support::{clean_department, clean_project};
use rust_decimal::Decimal;
use selfeval::check_cross_with;
use selfeval::check_table;
use selfeval::model::{Figure, Table};
use selfeval::read::number::{decimal_from_f64, max_magnitude, parse_text, within_bounds, Parsed};
use selfeval::score::value::{parse_actual, parse_target, Actual, Target};
use selfeval::score::{review, Policy, Reverse, Satisfaction};
use std::path::Path;

/// A decimal text of any length: sign, up to 60 digits, a fraction of up to 60, an exponent.
fn unbounded_decimal_text() -> impl Strategy<Value = String> {
    "[-+]?[0-9]{0,60}(\\.[0-9]{0,60})?([eE][-+]?[0-9]{1,4})?"
}

/// Any decimal `rust_decimal` can hold, weighted towards the extremes.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    let arbitrary = (any::<i128>(), 0u32..=28).prop_map(|(m, scale)| {
        let m = m % (1i128 << 96);
        Decimal::from_i128_with_scale(m, scale)
    });
    prop_oneof![
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(Decimal::ZERO),
        Just(Decimal::new(1, 28)),
        Just(Decimal::new(-1, 28)),
        (-1_000_000i64..1_000_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s)),
        arbitrary,
    ]
}

/// The text of a target or actual around an extreme number.
fn value_text() -> impl Strategy<Value = String> {
    let op = prop::sample::select(vec!["", "≥", "≤", "=", ">", "<", "不超过", "不低于"]);
    let unit = prop::sample::select(vec!["", "%", "个", "万元", "元", "天", "分", "以内"]);
    let number = prop_oneof![
        unbounded_decimal_text(),
        any_decimal().prop_map(|d| d.to_string()),
    ];
    (op, number, unit).prop_map(|(o, n, u)| format!("{o}{n}{u}"))
}

fn set(f: &mut Figure, v: Decimal) {
    f.value = Some(v);
}

/// A clean project table with extreme figures planted in its funds, execution, weights,
/// scores and indicator texts.
fn extreme_project(figs: &[Decimal], texts: &[String]) -> Table {
    let mut t = clean_project();
    let mut it = figs.iter().copied().cycle();
    let mut next = || it.next().unwrap_or_default();
    for row in &mut t.funds.rows {
        set(&mut row.initial, next());
        set(&mut row.budget, next());
        set(&mut row.executed, next());
    }
    set(&mut t.execution.weight, next());
    set(&mut t.execution.rate, next());
    set(&mut t.execution.score, next());
    let mut ti = texts.iter().cycle();
    for ind in &mut t.indicators {
        set(&mut ind.weight, next());
        set(&mut ind.score, next());
        ind.level1_weight = Some(next());
        if let Some(s) = ti.next() {
            ind.target.text = s.clone();
        }
        if let Some(s) = ti.next() {
            ind.actual.text = s.clone();
        }
    }
    set(&mut t.total.weight, next());
    set(&mut t.total.score, next());
    t
}

fn policies() -> Vec<Policy> {
    let mut uncapped = Policy::default();
    uncapped.execution.cap = false;
    uncapped.reverse = Reverse::Linear;
    uncapped.satisfaction = Satisfaction::Rate;
    vec![Policy::default(), uncapped]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_number_parser_bounds_every_number(s in unbounded_decimal_text()) {
        if let Parsed::Value(v, _) = parse_text(&s) {
            prop_assert!(v.abs() < max_magnitude(), "{s:?} → {v}");
        }
        let _ = parse_text(&format!("{s}%"));
        let _ = parse_text(&format!("{s}万元"));
    }

    #[test]
    fn the_number_parser_takes_any_text(s in "\\PC{0,200}") {
        let _ = parse_text(&s);
    }

    #[test]
    fn binary_cells_are_bounded(f in any::<f64>()) {
        if let Some(d) = decimal_from_f64(f) {
            prop_assert!(d.abs() < max_magnitude(), "{f} → {d}");
        }
    }

    #[test]
    fn the_value_parser_bounds_targets_and_actuals(s in value_text()) {
        if let Target::Quantitative { value, .. } = parse_target(&s) {
            prop_assert!(within_bounds(value), "{s:?} → {value}");
        }
        if let Actual::Number { value, .. } = parse_actual(&s) {
            prop_assert!(within_bounds(value), "{s:?} → {value}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn long_strings_do_not_panic(s in "[0-9.,，%≥万元个-]{0,4000}") {
        let _ = parse_text(&s);
        let _ = parse_target(&s);
        let _ = parse_actual(&s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn review_and_rules_take_any_figures(
        figs in prop::collection::vec(any_decimal(), 1..40),
        texts in prop::collection::vec(value_text(), 0..14),
    ) {
        let t = extreme_project(&figs, &texts);
        for policy in policies() {
            let r = review(&t, &policy);
            let _ = check_table(&t, &r, &policy);
        }
    }

    #[test]
    fn cross_rules_take_any_amounts(amounts in prop::collection::vec(any_decimal(), 1..6)) {
        let mut dept = clean_department();
        let mut tables = Vec::new();
        for (i, a) in amounts.iter().enumerate() {
            let mut p = clean_project();
            p.name.text = format!("项目{i}");
            for row in &mut p.funds.rows {
                set(&mut row.executed, *a);
            }
            tables.push(p);
        }
        for row in &mut dept.funds.rows {
            set(&mut row.executed, amounts[0]);
        }
        tables.push(dept);
        let path = Path::new("unit.xlsx");
        let cross: Vec<_> = tables.iter().map(|t| (0, path, t)).collect();
        let _ = check_cross_with(&cross, Some(2021), &Policy::default());
    }
}

#[test]
fn the_issue_target_is_unparsed_not_a_panic() {
    let mut t = clean_project();
    t.indicators[0].target.text = "≥70000000000000000000000000000个".into();
    t.indicators[0].actual.text = "73000个".into();
    let p = Policy::default();
    let r = review(&t, &p);
    let codes: Vec<&str> = check_table(&t, &r, &p)
        .iter()
        .map(|f| f.code.as_str())
        .collect();
    assert!(codes.contains(&"target-unparsed"), "{codes:?}");
}

#[test]
fn figures_at_the_limit_of_decimal_do_not_panic() {
    let p = Policy::default();
    for v in [Decimal::MAX, Decimal::MIN, Decimal::new(1, 28)] {
        let t = extreme_project(&[v], &["≥0.0000000000000000000000000001".into()]);
        let r = review(&t, &p);
        let _ = check_table(&t, &r, &p);
    }
}

/// A fraction written without its leading zero is bounded like any other (found by the
/// property above: `.0000000000001` has 13 decimals).
#[test]
fn a_fraction_without_its_leading_zero_is_bounded() {
    for s in [".0000000000001", "≥.0000000000001%", ".00000000000001万元"] {
        if let Target::Quantitative { value, .. } = parse_target(s) {
            assert!(within_bounds(value), "{s:?} → {value}");
        }
        if let Actual::Number { value, .. } = parse_actual(s) {
            assert!(within_bounds(value), "{s:?} → {value}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Deadlines (issue 31): any target and actual, dates of any size, compare or say none.
    #[test]
    fn deadlines_take_any_text(
        t in "[0-9年月日号底前末后-]{0,40}",
        a in "\\PC{0,60}",
        year in any::<Option<i32>>(),
    ) {
        let _ = selfeval::score::deadline::met(&t, &a, year);
        let _ = selfeval::score::deadline::last_date(&a);
    }

    /// Archives and Word tables (issue 31): any bytes, any XML-ish text.
    #[test]
    fn archives_and_word_tables_take_any_input(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
        xml in "(<w:(tbl|tr|tc|p|t|r|sdt|txbxContent|Fallback|moveFrom|tcPrChange|gridSpan w:val=\"[0-9]{1,12}\"/|vMerge w:val=\"restart\"/|vMerge/|gridBefore w:val=\"[0-9]{1,6}\"/|tblHeader/|showingPlcHdr/|vanish/|sym w:font=\"Symbol\" w:char=\"[0-9A-F]{1,8}\"/)>|</w:(tbl|tr|tc|p|t|r|sdt|txbxContent|Fallback|moveFrom|tcPrChange)>|[a-z0-9 ]{0,5}|续表|项目名称|总分){0,80}",
    ) {
        let _ = selfeval::read::archive::entries(&bytes);
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend(&bytes);
        let _ = selfeval::read::archive::entries(&zipped);
        if let Some(doc) = selfeval::read::wordtable::read(&xml) {
            let _ = selfeval::read::read_grids(&doc.grids);
            let _ = selfeval::read::wordtable::read_tables(&doc);
        }
    }
}
