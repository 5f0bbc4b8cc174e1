//! The rows a blank form adds after 总分 (templates.md §1, "optional rows"): the 自评等级
//! the unit states, with a dropdown of the four grades and the policy's bounds as its hint,
//! and the signature line 填表人 / 联系电话 / 填报日期, so the bureau knows whom to call.

use super::paint::col16;
use super::{Ctx, FormCells, A, B, C, E, F, G, H, I, J, K};
use crate::model::{CellRef, Grade};
use crate::xlsx::style;
use anyhow::Result;
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle};

/// Writes the 自评等级 row at `r` and the signature row below it.
pub(super) fn form_rows(cx: &mut Ctx, r: u32) -> Result<FormCells> {
    cx.p.text(r, A, r, G, "自评等级", &cx.st.label)?;
    cx.p.text(r, H, r, K, "", &cx.st.choice_input)?;
    let grades: Vec<&str> = Grade::ALL.iter().map(|g| g.as_str()).collect();
    let g = &cx.opts.policy.grades;
    let hint = format!(
        "按总分填写：{}分及以上为优，{}～{}分为良，{}～{}分为中，{}分以下为差。",
        g.excellent.normalize(),
        g.good.normalize(),
        g.excellent.normalize(),
        g.fair.normalize(),
        g.good.normalize(),
        g.fair.normalize()
    );
    let dv = DataValidation::new()
        .allow_list_strings(&grades)?
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_input_title("自评等级")?
        .set_input_message(&hint)?
        .set_error_title("自评等级")?
        .set_error_message("请从 优、良、中、差 中选择。")?;
    cx.p.ws.add_data_validation(r, col16(H), r, col16(K), &dv)?;
    cx.p.ws.set_row_height(r, style::row_height(1))?;
    let s = r + 1;
    cx.p.text(s, A, s, B, "填表人", &cx.st.label)?;
    cx.p.text(s, C, s, E, "", &cx.st.text_input)?;
    cx.p.text(s, F, s, F, "联系电话", &cx.st.label)?;
    cx.p.text(s, G, s, H, "", &cx.st.text_input)?;
    cx.p.text(s, I, s, I, "填报日期", &cx.st.label)?;
    cx.p.text(s, J, s, K, "", &cx.st.text_input)?;
    cx.p.ws.set_row_height(s, style::row_height(1))?;
    Ok(FormCells {
        grade: CellRef::new(r, H),
        filled_by: CellRef::new(s, C),
        phone: CellRef::new(s, G),
        date: CellRef::new(s, J),
    })
}
