//! What a unit's narrative 自评报告 states, as plain data (reports.md §3): its non-empty
//! paragraphs in order (numbered from 1, as findings name them), the headings among them,
//! and the figures read from each paragraph with their labels' roles. The reader
//! (`crate::read::narrative`) fills it; the report rules (`crate::rules::report`) check it
//! against itself and against the unit's tables.

use super::Grade;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A narrative report as read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Narrative {
    /// The non-empty paragraphs, trimmed; paragraph `n` (from 1) is `paragraphs[n - 1]`.
    pub paragraphs: Vec<String>,
    /// The headings, in order.
    pub headings: Vec<Heading>,
    /// Every figure read, in paragraph order.
    pub figures: Vec<Figure>,
    /// How many paragraphs were cut at the reader's length bound (their rest unread).
    #[serde(default)]
    pub clipped: u32,
}

/// A heading: `一、…` (level 1), `（一）…` (level 2), a short `1.…` title (level 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// Its paragraph number (from 1).
    pub paragraph: u32,
    /// 1 or 2 (3 for a numbered title `1.…`; 0 for the whole report as the section of a
    /// unit's only table).
    pub level: u8,
    /// The heading's words without the numbering (`安全生产监督执法专项经费`).
    pub title: String,
}

/// What a figure's label says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// A source of funds, a part of a sum (当年财政拨款, 上年结转资金, 其他资金 …), 万元.
    Part,
    /// The stated total of the parts before it (共计, 合计, 总计), 万元.
    Total,
    /// 全年预算数, 万元.
    Budget,
    /// 全年执行数 / 全年执行支出, 万元.
    Executed,
    /// 执行率: a fraction when written with `%`, else the number as written.
    Rate,
    /// The execution score (预算执行得分, 执行率得分).
    ExecScore,
    /// The total score (综合评分, 自评得分, 得分).
    Score,
    /// A category's 得分 (`产出指标，分值50分，得分50分`).
    CategoryScore,
    /// The grade (`结果为“优”`).
    Grade,
    /// An amount whose label names nothing this reader knows (`基本支出1,200万元`): used
    /// only as a part of a total written right after it in its sentence.
    Amount,
}

/// One figure of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// Its paragraph number (from 1).
    pub paragraph: u32,
    /// Its sentence within the paragraph (from 0; sentences end at `。；;`).
    pub sentence: u32,
    /// Its place among the amounts of the paragraph (from 0, every amount counted, also
    /// one without a role): parts are consecutive when these are.
    pub seq: u32,
    /// What it is.
    pub role: Role,
    /// The label it was read by (`上年结转结余资金`, `其中基本预算执行率`).
    pub label: String,
    /// The value: 万元 for money (元 converted), a fraction for a rate written with `%`,
    /// points for scores; zero for a grade.
    pub value: Decimal,
    /// The figure as written, with its unit (`28.31万元`, `执行率9` → `9`).
    pub text: String,
    /// A rate written with `%` (or `％`).
    pub percent: bool,
    /// The grade, for [`Role::Grade`].
    pub grade: Option<Grade>,
    /// The category named before a [`Role::CategoryScore`] (`产出指标`).
    pub category: Option<String>,
    /// The category's 分值 written just before its score in the same sentence
    /// (`部门管理20分，得分18.92分` → 20), for a [`Role::CategoryScore`].
    #[serde(default)]
    pub weight: Option<Decimal>,
}

impl Narrative {
    /// The figures of paragraph `n`, found by binary search (figures are in paragraph
    /// order), so a check that asks for every paragraph's figures stays linear.
    pub fn figures_of(&self, n: u32) -> &[Figure] {
        let from = self.figures.partition_point(|f| f.paragraph < n);
        let to = self.figures.partition_point(|f| f.paragraph <= n);
        self.figures.get(from..to).unwrap_or(&[])
    }

    /// The text of paragraph `n` (from 1), empty when out of range.
    pub fn paragraph(&self, n: u32) -> &str {
        let i = (n as usize).wrapping_sub(1);
        self.paragraphs.get(i).map(String::as_str).unwrap_or("")
    }
}
