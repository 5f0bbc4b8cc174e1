//! The bureau's own settings that its documents carry (campaign.md §2, reports.md "Ready to
//! file"): who sends, to whom the report goes, the number templates, the deadline, the
//! contact, the copies. Read from a workspace's `selfeval.toml`; empty in a plain run, where
//! the documents keep their placeholders `【请填写：…】`.

/// The office settings; every one optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Office {
    /// `审核单位`: the bureau (`兰州新区财政局`), the letters' and the report's sender.
    pub bureau: Option<String>,
    /// `主送机关`: whom the bureau's report is addressed to.
    pub addressee: Option<String>,
    /// `文号.意见书`: the letters' number template, e.g. `新财绩〔{年}〕{序号}号`.
    pub letter_number: Option<String>,
    /// `文号.汇总报告`: the report's number template (its number left blank: the registry
    /// gives it).
    pub report_number: Option<String>,
    /// `报送期限天数`: days a unit has to resubmit after a round is issued.
    pub deadline_days: Option<u32>,
    /// `联系人`.
    pub contact: Option<String>,
    /// `联系电话`.
    pub phone: Option<String>,
    /// `抄送`: the copies of the report's 版记.
    pub copies: Vec<String>,
}
