//! A synthetic but realistic corpus of unit workbooks for benchmarks and scale tests.
//!
//! Each unit (预算单位) sends one workbook with a department table (部门整体), five project
//! tables and one transfer table, laid out in the canonical layout. Figures, names and
//! indicators vary with the unit's index through a small seeded PRNG, so the same index
//! always gives the same bytes. A few tables carry the defects a reviewer meets every year:
//! a fund total that is not the sum of its parts, an inflated score, a missing reason and a
//! low execution rate.
//!
//! Shared by `examples/gen_corpus.rs` and the benchmarks (included with `#[path]`).
#![allow(dead_code)]

use anyhow::Result;
use rust_decimal::{Decimal, RoundingStrategy};
use selfeval::model::{
    Execution, Figure, FundRole, FundRow, Funds, Goal, Indicator, Table, TableKind, Text, Total,
};
use selfeval::render::form::{layout_table, LayoutOptions};
use std::path::{Path, PathBuf};

/// Tables in every unit workbook: one department table, five projects, one transfer.
pub const TABLES_PER_WORKBOOK: usize = 7;

/// A tiny deterministic PRNG (SplitMix64): no dependency, same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded by a unit's index (and a salt, so streams do not overlap).
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5EED_CAFE_F00D_D00D)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// One element of a slice.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next_u64() % xs.len() as u64) as usize]
    }
}

const COUNTIES: [&str; 12] = [
    "永登县",
    "皋兰县",
    "榆中县",
    "兰州新区",
    "城关区",
    "七里河区",
    "西固区",
    "安宁区",
    "红古区",
    "临洮县",
    "渭源县",
    "陇西县",
];

const BUREAUS: [&str; 20] = [
    "交通运输局",
    "农业农村局",
    "卫生健康局",
    "文化和旅游局",
    "应急管理局",
    "教育局",
    "水务局",
    "林业和草原局",
    "民政局",
    "自然资源局",
    "生态环境局",
    "市场监督管理局",
    "人力资源和社会保障局",
    "住房和城乡建设局",
    "司法局",
    "统计局",
    "审计局",
    "商务局",
    "科学技术局",
    "退役军人事务局",
];

const PROJECTS: [&str; 16] = [
    "农村公路养护",
    "高标准农田建设",
    "动物疫病防控",
    "基层医疗卫生机构设备购置",
    "文化惠民演出",
    "应急物资储备",
    "义务教育薄弱环节改善",
    "农村饮水安全巩固提升",
    "森林防火能力建设",
    "城乡低保资金发放",
    "地质灾害隐患点治理",
    "大气污染防治",
    "食品安全抽检",
    "老旧小区改造",
    "公共法律服务体系建设",
    "科技特派员服务",
];

const TRANSFERS: [&str; 6] = [
    "中央财政衔接推进乡村振兴补助资金",
    "农业生产发展资金",
    "基本公共卫生服务补助资金",
    "城乡义务教育补助经费",
    "困难群众救助补助资金",
    "重点生态保护修复治理资金",
];

/// (二级指标, 三级指标, unit of a quantitative target).
const OUTPUT_ITEMS: [(&str, &str, &str); 8] = [
    ("数量指标", "完成养护里程", "公里"),
    ("数量指标", "受益户数", "户"),
    ("数量指标", "开展培训场次", "场"),
    ("数量指标", "购置设备数量", "台"),
    ("质量指标", "验收合格率", "%"),
    ("质量指标", "资金拨付准确率", "%"),
    ("时效指标", "项目按期完成率", "%"),
    ("成本指标", "单位成本控制", "万元"),
];

const BENEFIT_ITEMS: [(&str, &str, &str); 6] = [
    ("经济效益指标", "带动农户增收", "万元"),
    ("社会效益指标", "群众出行条件", ""),
    ("社会效益指标", "公共服务覆盖率", "%"),
    ("生态效益指标", "生态环境质量", ""),
    ("可持续影响指标", "长效管护机制", ""),
    ("社会效益指标", "受益人口", "人"),
];

const MANAGEMENT_ITEMS: [(&str, &str, &str, &str); 10] = [
    ("部门管理", "资金投入", "预算执行率", "%"),
    ("部门管理", "财务管理", "财务制度健全性", ""),
    ("部门管理", "采购管理", "政府采购执行率", "%"),
    ("部门管理", "资产管理", "资产管理规范性", ""),
    ("履职效果", "数量", "重点任务完成数", "项"),
    ("履职效果", "质量", "任务完成合格率", "%"),
    ("履职效果", "时效", "重点工作按时完成率", "%"),
    ("履职效果", "社会效益", "社会公众认可度", ""),
    ("能力建设", "长效管理", "中长期规划完整性", ""),
    ("能力建设", "信息化建设情况", "信息系统运行率", "%"),
];

const QUAL_TARGETS: [&str; 4] = ["有效改善", "明显提升", "逐步健全", "持续发挥作用"];

const REASONS: [&str; 4] = [
    "受疫情影响部分工程延期，下年度加快推进",
    "资金到位较晚，采购流程未完成，已督促加快进度",
    "部分受益对象外出务工，下一步加强宣传动员",
    "项目实施方案调整，剩余任务结转下年完成",
];

fn dec2(cents: u64) -> Decimal {
    Decimal::new(cents as i64, 2)
}

fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn fig(v: Decimal) -> Figure {
    Figure {
        value: Some(v),
        cell: None,
        uncomputed: false,
    }
}

fn text(s: impl Into<String>) -> Text {
    Text {
        text: s.into(),
        ..Text::default()
    }
}

/// The unit name of workbook `i`: county + bureau, with a subordinate body past the first
/// 240 so every workbook is its own unit.
pub fn unit_name(i: usize) -> String {
    let combos = COUNTIES.len() * BUREAUS.len();
    let base = format!(
        "{}{}",
        COUNTIES[i % COUNTIES.len()],
        BUREAUS[(i / COUNTIES.len()) % BUREAUS.len()]
    );
    if i < combos {
        base
    } else {
        format!("{base}第{}服务中心", i / combos)
    }
}

/// The defects to plant in one table.
#[derive(Debug, Clone, Copy, Default)]
struct Defects {
    fund_sum: bool,
    inflated: bool,
    no_reason: bool,
    low_exec: bool,
}

/// Splits `total` (cents) into `n` positive parts in the proportions drawn.
fn split(rng: &mut Rng, total: u64, n: usize) -> Vec<u64> {
    let w: Vec<u64> = (0..n).map(|_| rng.range(1, 10)).collect();
    let sum: u64 = w.iter().sum();
    let mut parts: Vec<u64> = w.iter().map(|x| total * x / sum).collect();
    let used: u64 = parts.iter().sum();
    parts[0] += total - used;
    parts
}

/// Splits an integer weight into `n` integer weights of at least 1.
fn split_weight(rng: &mut Rng, total: u64, n: usize) -> Vec<u64> {
    let mut w = vec![1u64; n];
    for _ in 0..(total - n as u64) {
        let k = (rng.next_u64() % n as u64) as usize;
        w[k] += 1;
    }
    w
}

/// The fund block and stated execution. `dept_projects` (cents) is what the unit's project
/// tables executed: a department table's 项目支出 covers it.
fn funds(
    rng: &mut Rng,
    kind: TableKind,
    d: Defects,
    dept_projects: Option<u64>,
) -> (Funds, Execution) {
    let rate = if d.low_exec {
        rng.range(55, 85)
    } else {
        rng.range(91, 100)
    };
    let (budget, executed, split_exp) = match dept_projects {
        Some(p) => {
            let project_exec = p * rng.range(105, 150) / 100;
            let project_budget = project_exec * 100 / rate;
            let basic_budget = rng.range(50_000, 200_000_000);
            let basic_exec = basic_budget * rate / 100;
            (
                basic_budget + project_budget,
                basic_exec + project_exec,
                Some((basic_budget, basic_exec, project_budget, project_exec)),
            )
        }
        None => {
            // 50.00 .. 500,000.00 万元, in cents.
            let budget = rng.range(5_000, 5_000_000);
            (budget, budget * rate / 100, None)
        }
    };
    let initial = budget * rng.range(80, 100) / 100;
    let roles: &[(FundRole, &str)] = match kind {
        TableKind::Project => &[
            (FundRole::Appropriation, "其中：当年财政拨款"),
            (FundRole::Carryover, "上年结转资金"),
            (FundRole::Other, "其他资金"),
        ],
        TableKind::Department => &[
            (FundRole::Appropriation, "其中：财政拨款"),
            (FundRole::Carryover, "上年结转资金"),
            (FundRole::Other, "其他资金"),
        ],
        TableKind::Transfer => &[
            (FundRole::Central, "其中：中央补助"),
            (FundRole::Provincial, "省级资金"),
            (FundRole::Local, "市县资金"),
            (FundRole::Other, "其他资金"),
        ],
    };
    let mut seed = Rng(rng.next_u64());
    let ps = split(&mut seed, initial, roles.len());
    let mut seed2 = Rng(seed.0);
    let bs = split(&mut seed, budget, roles.len());
    let es = split(&mut seed2, executed, roles.len());
    let stated_budget = if d.fund_sum {
        budget + rng.range(100, 10_000)
    } else {
        budget
    };
    let mut rows = vec![FundRow {
        label: "年度资金总额".into(),
        role: FundRole::Total,
        cell: Default::default(),
        initial: fig(dec2(initial)),
        budget: fig(dec2(stated_budget)),
        executed: fig(dec2(executed)),
    }];
    for (k, (role, label)) in roles.iter().enumerate() {
        rows.push(FundRow {
            label: (*label).into(),
            role: *role,
            cell: Default::default(),
            initial: fig(dec2(ps[k])),
            budget: fig(dec2(bs[k])),
            executed: fig(dec2(es[k])),
        });
    }
    if let Some((bb, be, pb, pe)) = split_exp {
        let bi = initial * bb / budget;
        for (role, label, i, b, e) in [
            (FundRole::Basic, "其中：基本支出", bi, bb, be),
            (FundRole::Project, "项目支出", initial - bi, pb, pe),
        ] {
            rows.push(FundRow {
                label: label.into(),
                role,
                cell: Default::default(),
                initial: fig(dec2(i)),
                budget: fig(dec2(b)),
                executed: fig(dec2(e)),
            });
        }
    }
    let r = (dec2(executed) / dec2(stated_budget)).round_dp(4);
    let score = round2(r.min(Decimal::ONE) * Decimal::TEN);
    let exec = Execution {
        weight: fig(Decimal::TEN),
        rate: fig(r),
        score: fig(score),
        ..Default::default()
    };
    (
        Funds {
            source_unit: Default::default(),
            rows,
        },
        exec,
    )
}

/// One indicator with its stated score; `miss` makes it fall short of its target.
/// (一级, 二级, 三级, unit of a quantitative target).
type Item<'a> = (&'a str, &'a str, &'a str, &'a str);

fn indicator(rng: &mut Rng, item: Item, weight: u64, miss: bool, d: &mut Defects) -> Indicator {
    let (level1, level2, name, unit) = item;
    let w = Decimal::from(weight);
    let (target, actual, score) = if unit.is_empty() {
        let t = rng.pick(&QUAL_TARGETS).to_string();
        if miss {
            let s = round2(w * Decimal::new(rng.range(60, 79) as i64, 2));
            (t, "部分达成年度指标并具有一定效果".to_string(), s)
        } else {
            (t, "达成年度指标".to_string(), w)
        }
    } else if unit == "%" {
        let a = *rng.pick(&[90u64, 95, 98, 100]);
        let b = if miss { a - rng.range(5, 20) } else { a };
        let s = if miss {
            round2(w * Decimal::from(b) / Decimal::from(a))
        } else {
            w
        };
        (format!("≥{a}%"), format!("{b}%"), s)
    } else {
        let a = rng.range(10, 6000);
        let b = if miss {
            a * rng.range(50, 95) / 100
        } else {
            a + rng.range(0, a / 5)
        };
        let s = if miss {
            round2(w * Decimal::from(b) / Decimal::from(a))
        } else {
            w
        };
        (format!("≥{a}{unit}"), format!("{b}{unit}"), s)
    };
    let mut stated = score;
    let mut reason = if score < w {
        rng.pick(&REASONS).to_string()
    } else {
        String::new()
    };
    if score < w && d.inflated {
        // Claims full marks for a target it missed.
        stated = w;
        d.inflated = false;
    } else if score < w && d.no_reason {
        reason.clear();
        d.no_reason = false;
    }
    Indicator {
        row: 0,
        level1: level1.into(),
        level1_cell: None,
        level1_weight: None,
        level2: level2.into(),
        name: text(name),
        target: text(target),
        actual: text(actual),
        weight: fig(w),
        score: fig(stated),
        reason: text(reason),
    }
}

fn indicators(rng: &mut Rng, kind: TableKind, mut d: Defects) -> Vec<Indicator> {
    let mut out = Vec::new();
    // A table with a planted score defect always misses at least one target.
    let forced_miss = d.inflated || d.no_reason;
    let mut missed_any = false;
    let mut add = |rng: &mut Rng,
                   out: &mut Vec<Indicator>,
                   l1: &str,
                   l2: &str,
                   name: &str,
                   unit: &str,
                   w: u64| {
        let miss = rng.chance(12) || (forced_miss && !missed_any);
        missed_any |= miss;
        out.push(indicator(rng, (l1, l2, name, unit), w, miss, &mut d));
    };
    if kind == TableKind::Department {
        let cats: [(&str, u64); 3] = [("部门管理", 20), ("履职效果", 50), ("能力建设", 10)];
        for (cat, total) in cats {
            let items: Vec<_> = MANAGEMENT_ITEMS.iter().filter(|x| x.0 == cat).collect();
            let n = items.len() + rng.range(0, 2) as usize;
            let ws = split_weight(rng, total, n);
            for (k, w) in ws.iter().enumerate() {
                let it = items[k % items.len()];
                add(rng, &mut out, it.0, it.1, it.2, it.3, *w);
            }
        }
        add(
            rng,
            &mut out,
            "服务对象满意度",
            "服务对象满意度指标",
            "服务对象满意度",
            "%",
            10,
        );
    } else {
        let n = rng.range(4, 7) as usize;
        let ws = split_weight(rng, 50, n);
        for w in ws {
            let it = rng.pick(&OUTPUT_ITEMS);
            add(rng, &mut out, "产出指标", it.0, it.1, it.2, w);
        }
        let n = rng.range(2, 4) as usize;
        let ws = split_weight(rng, 30, n);
        for w in ws {
            let it = rng.pick(&BENEFIT_ITEMS);
            add(rng, &mut out, "效益指标", it.0, it.1, it.2, w);
        }
        add(
            rng,
            &mut out,
            "满意度指标",
            "服务对象满意度指标",
            "受益群众满意度",
            "%",
            10,
        );
    }
    // Keep the sheet's order: indicators grouped by 一级 then 二级.
    out
}

fn table(
    rng: &mut Rng,
    kind: TableKind,
    sheet: &str,
    name: &str,
    unit: &str,
    d: Defects,
    dept_projects: Option<u64>,
) -> Table {
    let (funds, execution) = funds(rng, kind, d, dept_projects);
    let indicators = indicators(rng, kind, d);
    let sum: Decimal = indicators.iter().filter_map(|i| i.score.value).sum();
    let exec_score = execution.score.value.unwrap_or_default();
    let n_goals = if kind == TableKind::Department { 3 } else { 1 };
    let goals = (0..n_goals)
        .map(|k| Goal {
            target: text(format!(
                "目标{}：按计划完成{}各项任务，资金使用规范，群众满意度达到90%以上。",
                k + 1,
                name
            )),
            outcome: text(format!(
                "目标{}：已按计划完成年度任务，资金支付及时，群众满意度{}%。",
                k + 1,
                rng.range(88, 99)
            )),
        })
        .collect();
    let mut t = Table::empty(kind, sheet);
    t.year = Some(2021);
    t.name = text(name);
    if kind == TableKind::Department {
        t.unit = text(unit);
    } else {
        t.department = text(unit);
        t.unit = text(unit);
    }
    t.funds = funds;
    t.execution = execution;
    t.goals = goals;
    t.indicators = indicators;
    t.total = Total {
        weight: fig(Decimal::ONE_HUNDRED),
        score: fig(exec_score + sum),
    };
    t
}

/// The tables of unit workbook `i`, in sheet order.
pub fn unit_tables(i: usize) -> Vec<Table> {
    let mut rng = Rng::new(i as u64);
    let unit = unit_name(i);
    // Defects: about one table in twelve gets one, picked by the unit's own stream.
    let mut defects = || {
        let mut d = Defects::default();
        match rng.next_u64() % 48 {
            0..=1 => d.fund_sum = true,
            2..=3 => d.inflated = true,
            4..=5 => d.no_reason = true,
            6..=7 => d.low_exec = true,
            _ => {}
        }
        d
    };
    let plan: Vec<(TableKind, String, String, Defects)> = {
        let mut p = vec![(
            TableKind::Department,
            "部门整体".to_string(),
            unit.clone(),
            defects(),
        )];
        for k in 0..5 {
            p.push((
                TableKind::Project,
                format!("项目{}", k + 1),
                String::new(),
                defects(),
            ));
        }
        p.push((
            TableKind::Transfer,
            "转移支付".to_string(),
            String::new(),
            defects(),
        ));
        p
    };
    let mut rng = Rng::new(i as u64 ^ 0xA5A5_0000);
    // Projects and the transfer first: the department's 项目支出 must cover the projects.
    let mut tables: Vec<Table> = Vec::with_capacity(plan.len());
    for (k, (kind, sheet, _, d)) in plan.iter().enumerate().skip(1) {
        let name = match kind {
            TableKind::Project => {
                let p = PROJECTS[(i * 5 + k) % PROJECTS.len()];
                format!("2021年{p}项目")
            }
            _ => rng.pick(&TRANSFERS).to_string(),
        };
        tables.push(table(&mut rng, *kind, sheet, &name, &unit, *d, None));
    }
    let projects: u64 = tables
        .iter()
        .filter(|t| t.kind == TableKind::Project)
        .filter_map(|t| t.total_row().and_then(|r| r.executed.value))
        .map(|v| (v * Decimal::ONE_HUNDRED).try_into().unwrap_or(0u64))
        .sum();
    let (kind, sheet, name, d) = &plan[0];
    let dept = table(&mut rng, *kind, sheet, name, &unit, *d, Some(projects));
    tables.insert(0, dept);
    tables
}

/// The file name of workbook `i`.
pub fn file_name(i: usize) -> String {
    format!("{:05}_{}.xlsx", i, unit_name(i))
}

/// Builds unit workbook `i` in memory and returns its bytes.
pub fn workbook_bytes(i: usize) -> Result<Vec<u8>> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for t in unit_tables(i) {
        let ws = wb.add_worksheet().set_name(&t.sheet)?;
        layout_table(ws, &t, &LayoutOptions::stated(t.kind))?;
    }
    // A unit's submission, not one of selfeval's outputs: no output category.
    wb.set_properties(&selfeval::template_properties()?);
    Ok(wb.save_to_buffer()?)
}

/// Writes unit workbook `i` into `dir` (atomically) and returns its path.
pub fn write_workbook(i: usize, dir: &Path) -> Result<PathBuf> {
    let path = dir.join(file_name(i));
    let mut wb = rust_xlsxwriter::Workbook::new();
    for t in unit_tables(i) {
        let ws = wb.add_worksheet().set_name(&t.sheet)?;
        layout_table(ws, &t, &LayoutOptions::stated(t.kind))?;
    }
    let props = selfeval::template_properties()?;
    selfeval::save_atomic_with(&mut wb, &path, &props)?;
    Ok(path)
}

/// Writes workbooks `0..n` into `dir` in parallel (rayon); returns their paths in order.
pub fn write_corpus(n: usize, dir: &Path) -> Result<Vec<PathBuf>> {
    use rayon::prelude::*;
    std::fs::create_dir_all(dir)?;
    (0..n)
        .into_par_iter()
        .map(|i| write_workbook(i, dir))
        .collect()
}
