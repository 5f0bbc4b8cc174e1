//! Scoring (复核) on tables built in code: execution, formulas, satisfaction conventions,
//! qualitative bands, totals and grades; and proptest properties of scoring.

mod rules_support;

use proptest::prelude::*;
use rules_support::*;
use rust_decimal::Decimal;
use selfeval::model::{Grade, Table, TableKind};
use selfeval::score::{review, IndicatorIssue, IndicatorKind, Level, Op, Policy};
use std::path::Path;

fn satisfaction_2021(t: &mut Table) {
    // ≥90%, actual 85%, weight 10, stated 8.5, with a reason.
    let i = ind(t, 20);
    i.actual.text = "85%".into();
    set(&mut i.score, "8.5");
    i.reason.text = "群众参与度不够高".into();
    set(&mut t.total.score, "98");
}

#[test]
fn satisfaction_2021_report_under_both_conventions() {
    let mut t = clean_project();
    satisfaction_2021(&mut t);

    let rate = Policy::load(Path::new("fixtures/policy/satisfaction-rate.toml")).unwrap();
    let (r, fs) = run(&t, &rate);
    assert_eq!(r.indicators[6].score, Some(d("8.5")));
    assert!(fs.is_empty(), "{:#?}", summary(&fs));

    let (r, fs) = run(&t, &Policy::default());
    assert_eq!(r.indicators[6].score, Some(d("9.44")));
    let f = fired_at(&fs, "score-understated", "I20");
    assert_eq!(f.expected.as_deref(), Some("9.44"));
    assert_eq!(f.found.as_deref(), Some("8.5"));
    assert_eq!(codes(&fs), vec!["score-understated"]);
}

#[test]
fn execution_rate_and_score() {
    let mut t = clean_project();
    set(&mut t.funds.rows[0].budget, "28.31");
    set(&mut t.funds.rows[0].executed, "26.62");
    let r = review(&t, &Policy::default());
    assert_eq!(r.execution.rate, Some(d("0.9403")));
    // 9.4030377… rounds to 9.40.
    assert_eq!(r.execution.score, d("9.4"));
    assert_eq!(r.execution.weight, d("10"));

    // Over 100%: the rate is reported as computed, the score capped.
    set(&mut t.funds.rows[0].executed, "29.185");
    let r = review(&t, &Policy::default());
    assert_eq!(r.execution.rate, Some(d("1.0309")));
    assert_eq!(r.execution.score, d("10"));

    // Uncapped policy: the bonus counts.
    let mut p = Policy::default();
    p.execution.cap = false;
    assert_eq!(review(&t, &p).execution.score, d("10.31"));

    // Rounding half away from zero at the third decimal: 0.9445 × 10 = 9.445 → 9.45.
    set(&mut t.funds.rows[0].budget, "20");
    set(&mut t.funds.rows[0].executed, "18.89");
    assert_eq!(review(&t, &Policy::default()).execution.score, d("9.45"));

    // Zero and empty budgets: no rate, 0 points.
    set(&mut t.funds.rows[0].budget, "0");
    let r = review(&t, &Policy::default());
    assert_eq!((r.execution.rate, r.execution.score), (None, d("0")));
    t.funds.rows[0].budget.value = None;
    let r = review(&t, &Policy::default());
    assert_eq!((r.execution.rate, r.execution.score), (None, d("0")));

    // No stated weight: the policy's.
    t.execution.weight.value = None;
    let mut p = Policy::default();
    p.execution.weight = d("15");
    assert_eq!(review(&t, &p).execution.weight, d("15"));
}

fn score_of(target: &str, actual: &str, weight: &str, stated: &str, p: &Policy) -> Option<Decimal> {
    let mut t = clean_project();
    let i = ind(&mut t, 15);
    i.target.text = target.into();
    i.actual.text = actual.into();
    set(&mut i.weight, weight);
    set(&mut i.score, stated);
    review(&t, p).indicators[1].score
}

#[test]
fn quantitative_formulas() {
    let p = Policy::default();
    let s = |t: &str, a: &str| score_of(t, a, "10", "10", &p);
    assert_eq!(s("≥5500个", "5000个"), Some(d("9.09")));
    assert_eq!(s("≥5500个", "6000个"), Some(d("10")));
    assert_eq!(s(">0", "0"), Some(d("10")));
    assert_eq!(s("100%", "98%"), Some(d("9.8")));
    assert_eq!(s("100%", "0.98"), Some(d("9.8")));
    assert_eq!(s("=100%", "120%"), Some(d("10")));
    assert_eq!(s("=100%", "90%"), Some(d("9")));
    assert_eq!(s("=0", "0"), Some(d("10")));
    assert_eq!(s("=0", "2"), Some(d("0")));
    assert_eq!(s("≤0起", "1起"), Some(d("0")));
    assert_eq!(s("≤0起", "0起"), Some(d("10")));
    assert_eq!(s("≥0", "0"), Some(d("10")));
    assert_eq!(s("≤30万元", "40万元"), Some(d("7.5")));
    assert_eq!(s("≤30万元", "300000元"), Some(d("10")));
    assert_eq!(s("≤30万元", "400000元"), Some(d("7.5")));
    assert_eq!(s("30天内", "25天"), Some(d("10")));
    assert_eq!(s("≥15（台、个）", "12台"), Some(d("8")));
    assert_eq!(s("≥100", "-5"), Some(d("0")));
    let lin = Policy {
        reverse: selfeval::score::Reverse::Linear,
        ..Policy::default()
    };
    assert_eq!(
        score_of("≤30万元", "40万元", "10", "10", &lin),
        Some(d("6.67"))
    );
    assert_eq!(
        score_of("≤30万元", "70万元", "10", "10", &lin),
        Some(d("0"))
    );
    // A range (docs/scoring.md, rangeprobe): met inside; outside, the end crossed binds.
    assert_eq!(s("95%-100%", "96%"), Some(d("10")));
    assert_eq!(s("95%-100%", "76%"), Some(d("8")));
    assert_eq!(s("1-3个工作日", "4个工作日"), Some(d("7.5")));
    // Not re-scored: placeholder, unparsed, unit mismatch.
    assert_eq!(s("—", "5个"), None);
    assert_eq!(s("合格率≥95%", "96%"), None);
    assert_eq!(s("≥5个", "5家"), None);
}

#[test]
fn qualitative_bands() {
    let p = Policy::default();
    let s = |a: &str, stated: &str| score_of("效果明显", a, "10", stated, &p);
    assert_eq!(s("达成年度指标", "10"), Some(d("10")));
    assert_eq!(s("达成", "9"), Some(d("9")));
    assert_eq!(s("达成预期指标", "7"), Some(d("8")));
    assert_eq!(s("达成", "12"), Some(d("10")));
    assert_eq!(s("部分达成年度指标并具有一定效果", "8"), Some(d("7.99")));
    assert_eq!(s("部分达成", "5"), Some(d("6")));
    assert_eq!(s("部分达成", "6"), Some(d("6")));
    assert_eq!(s("未达成年度指标且效果较差", "6"), Some(d("5.99")));
    assert_eq!(s("未完成预期指标且效果较差", "3"), Some(d("3")));
    assert_eq!(s("未达成", "-2"), Some(d("0")));
    // Unknown level: the stated score stands, capped at W.
    assert_eq!(s("效果很好", "7"), Some(d("7")));
    assert_eq!(s("效果很好", "11"), Some(d("10")));
}

#[test]
fn indicator_review_fields() {
    let t = clean_project();
    let r = review(&t, &Policy::default());
    let first = &r.indicators[0];
    assert_eq!(first.kind, IndicatorKind::Quantitative);
    assert_eq!(first.op, Some(Op::Ge));
    assert_eq!(first.target_value, Some(d("700")));
    assert_eq!(first.unit.as_deref(), Some("家次"));
    assert_eq!(first.actual_value, Some(d("730")));
    assert_eq!(first.met, Some(true));
    let third = &r.indicators[2];
    assert_eq!(third.kind, IndicatorKind::Qualitative);
    assert_eq!(third.level, Some(Level::Met));
    assert!(r.indicators[6].satisfaction);
    let mut t = clean_project();
    ind(&mut t, 14).target.text = "*".into();
    let r = review(&t, &Policy::default());
    assert_eq!(
        r.indicators[0].issue,
        Some(IndicatorIssue::TargetPlaceholder)
    );
    assert_eq!(r.indicators[0].counted, d("20"));
}

#[test]
fn total_and_grades() {
    let mut t = clean_project();
    let r = review(&t, &Policy::default());
    assert_eq!(
        (r.total, r.grade, r.grade_stated),
        (d("99.5"), Grade::Excellent, Some(Grade::Excellent))
    );
    // Stated grade from the 自评等级 cell when there is one.
    t.grade_stated = Some((Grade::Fair, c("A22")));
    assert_eq!(
        review(&t, &Policy::default()).grade_stated,
        Some(Grade::Fair)
    );
    // Bounds are exact: 89.99 is 良.
    let p = Policy::default();
    assert_eq!(p.grades.grade(d("89.99")), Grade::Good);
    assert_eq!(p.grades.grade(d("90")), Grade::Excellent);
    assert_eq!(p.grades.grade(d("60")), Grade::Fair);
    assert_eq!(p.grades.grade(d("59.99")), Grade::Poor);
}

#[test]
fn department_scheme_detection() {
    let p = Policy::default();
    let mut t = clean_department();
    assert_eq!(p.scheme(&t), selfeval::score::Scheme::DepartmentProject);
    for (row, l1) in [
        (14, "部门管理"),
        (15, "部门管理"),
        (16, "履职效果"),
        (17, "履职效果"),
        (18, "履职效果"),
        (19, "能力建设"),
        (20, "服务对象满意度"),
    ] {
        ind(&mut t, row).level1 = l1.into();
    }
    assert_eq!(p.scheme(&t), selfeval::score::Scheme::DepartmentManagement);
    assert!(review(&t, &p).indicators[6].satisfaction);
    assert_eq!(
        p.scheme(&Table::empty(TableKind::Transfer, "x")),
        selfeval::score::Scheme::Transfer
    );
}

fn one_indicator(op: &str, a: Decimal, b: Decimal, w: Decimal, level1: &str) -> Table {
    let mut t = clean_project();
    t.indicators.truncate(1);
    let i = &mut t.indicators[0];
    i.level1 = level1.into();
    i.target.text = format!("{op}{a}个");
    i.actual.text = format!("{b}个");
    i.weight.value = Some(w);
    i.score.value = Some(w);
    t
}

fn dec() -> impl Strategy<Value = Decimal> {
    (0i64..1_000_000, 0u32..3).prop_map(|(m, s)| Decimal::new(m, s))
}

proptest! {
    #[test]
    fn score_within_weight(
        op in prop::sample::select(vec!["≥", ">", "≤", "<", "=", ""]),
        a in dec(), b in dec(), w in dec(),
        sat in any::<bool>(), rate in any::<bool>(), linear in any::<bool>(),
    ) {
        let mut p = Policy::default();
        if rate { p.satisfaction = selfeval::score::Satisfaction::Rate; }
        if linear { p.reverse = selfeval::score::Reverse::Linear; }
        let t = one_indicator(op, a, b, w, if sat { "满意度指标" } else { "产出指标" });
        let r = review(&t, &p);
        let s = r.indicators[0].score.expect("re-scored");
        prop_assert!(s >= Decimal::ZERO && s <= w, "{s} outside [0, {w}]");
        prop_assert_eq!(s, s.round_dp(2));
        prop_assert_eq!(r.total, r.execution.score + r.indicators.iter().map(|i| i.counted).sum::<Decimal>());
    }

    #[test]
    fn monotone_in_the_actual(
        a in dec(), b1 in dec(), b2 in dec(), w in dec(), linear in any::<bool>(),
    ) {
        let (lo, hi) = if b1 <= b2 { (b1, b2) } else { (b2, b1) };
        let mut p = Policy::default();
        if linear { p.reverse = selfeval::score::Reverse::Linear; }
        let score = |op: &str, b| review(&one_indicator(op, a, b, w, "产出指标"), &p).indicators[0].score.unwrap();
        prop_assert!(score("≥", lo) <= score("≥", hi));
        prop_assert!(score("≤", lo) >= score("≤", hi));
    }

    #[test]
    fn band_scores_stay_in_band(w in dec(), s in (-100_000i64..2_000_000).prop_map(|m| Decimal::new(m, 2)),
                                level in 0usize..3) {
        let actual = ["达成", "部分达成", "未达成"][level];
        let mut t = clean_project();
        t.indicators.truncate(1);
        t.indicators[0].target.text = "效果明显".into();
        t.indicators[0].actual.text = actual.into();
        t.indicators[0].weight.value = Some(w);
        t.indicators[0].score.value = Some(s);
        let r = review(&t, &Policy::default());
        let got = r.indicators[0].score.unwrap();
        prop_assert!(got >= Decimal::ZERO && got <= w.max(Decimal::ZERO));
        let (lo, hi, open) = selfeval::score::band_of(r.indicators[0].level.unwrap(), w);
        // Inside the band whenever the band holds a 2-dp point.
        if hi - lo >= Decimal::new(2, 2) {
            prop_assert!(got >= lo && if open { got < hi } else { got <= hi }, "{got} not in [{lo}, {hi})");
        }
    }

    #[test]
    fn review_and_rules_never_panic(
        target in "\\PC{0,12}", actual in "\\PC{0,12}", l1 in "\\PC{0,6}",
        w in prop::option::of(dec()), s in prop::option::of((-100_000i64..100_000).prop_map(|m| Decimal::new(m, 2))),
        budget in prop::option::of(dec()), executed in prop::option::of(dec()),
    ) {
        let mut t = clean_project();
        let i = &mut t.indicators[0];
        i.target.text = target; i.actual.text = actual; i.level1 = l1;
        i.weight.value = w; i.score.value = s;
        t.funds.rows[0].budget.value = budget;
        t.funds.rows[0].executed.value = executed;
        let p = Policy::default();
        let r = review(&t, &p);
        let _ = selfeval::check_table(&t, &r, &p);
        prop_assert_eq!(r.total, r.execution.score + r.indicators.iter().map(|i| i.counted).sum::<Decimal>());
    }
}
