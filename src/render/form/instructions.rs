//! The 填表说明 sheet of a blank form: how to fill the table in, in the sentences a finance
//! office writes on its own forms, with the policy's weights and grade bounds. The reader
//! knows such a sheet is not a table (templates.md §7).

use super::{LayoutOptions, TableKind};
use crate::xlsx::style;
use anyhow::Result;
use rust_xlsxwriter::{Format, Workbook};

/// The name of the instructions sheet.
pub const INSTRUCTIONS_SHEET: &str = "填表说明";

/// The width of the text column, in character units (a portrait A4 page).
const TEXT_WIDTH: f64 = 92.0;

/// Adds the 填表说明 sheet after the table.
pub(super) fn instructions_sheet(
    wb: &mut Workbook,
    kind: TableKind,
    opts: &LayoutOptions,
) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(INSTRUCTIONS_SHEET)?;
    ws.set_column_width(0, TEXT_WIDTH)?;
    let title = style::base().set_bold().set_font_size(14);
    ws.write_string_with_format(0, 0, "填表说明", &title)?;
    ws.set_row_height(0, 24)?;
    let body: Format = style::base();
    for (i, line) in lines(kind, opts).iter().enumerate() {
        let text = format!("{}. {line}", i + 1);
        let r = i as u32 + 1;
        ws.write_string_with_format(r, 0, &text, &body)?;
        let height = style::row_height(style::wrapped_lines(&text, TEXT_WIDTH));
        ws.set_row_height(r, height)?;
    }
    ws.set_paper_size(9);
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer("&C第 &P 页 共 &N 页");
    Ok(())
}

/// The sentences, numbered when written.
fn lines(kind: TableKind, opts: &LayoutOptions) -> Vec<String> {
    let policy = opts.policy;
    let per = match kind {
        TableKind::Project => "每个项目填写一张",
        TableKind::Department => "每个部门（单位）填写一张",
        TableKind::Transfer => "每项转移支付填写一张",
    };
    let sources = match kind {
        TableKind::Transfer => "中央补助、省级资金、市县资金和其他资金",
        _ => "当年财政拨款、上年结转资金和其他资金",
    };
    let cats: Vec<String> = opts
        .scheme
        .categories(policy, kind)
        .iter()
        .map(|c| c.label())
        .collect();
    let g = &policy.grades;
    let (ex, good, fair) = (
        g.excellent.normalize(),
        g.good.normalize(),
        g.fair.normalize(),
    );
    vec![
        format!("本表为{}，{per}。黄色底纹的单元格由单位填写；其余单元格为标题、公式或固定内容，不必填写。", kind.title()),
        "金额单位为万元，保留两位小数。".to_string(),
        format!("年度资金总额由{sources}自动合计，请分别填写各项资金的年初预算数、全年预算数和全年执行数。"),
        format!(
            "执行率＝全年执行数÷全年预算数；预算执行得分按执行率计算（满分{}分），均由公式自动计算。",
            policy.execution.weight.normalize()
        ),
        "年度总体目标：左栏填写年初设定的预期目标，右栏填写全年实际完成情况。".to_string(),
        format!("绩效指标的一级指标及分值为：{}。二级指标从下拉列表中选择；三级指标和年度指标值按批复的绩效目标填写。", cats.join("、")),
        "实际完成值：定量指标写明数值和计量单位（如 730家次、96.5%）；定性指标从下拉列表中选择完成等级。".to_string(),
        "指标行不够时，可在已有的指标行之间插入行（工作表保护允许插入和删除行），总分公式会自动包含插入的行；多余的空行可以删除。".to_string(),
        "得分：完成年度指标的得该指标全部分值；未完成的按完成程度计分，并在“偏差原因分析及改进措施”栏说明原因和改进措施。".to_string(),
        format!("总分由预算执行得分与各指标得分自动合计。自评等级按总分填写：{ex}分及以上为优，{good}～{ex}分为良，{fair}～{good}分为中，{fair}分以下为差。"),
        "请填写填表人、联系电话和填报日期。报送时请保留本工作簿的格式（.xlsx），不要另存为图片或 PDF。".to_string(),
    ]
}
