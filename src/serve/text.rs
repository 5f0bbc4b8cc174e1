//! Every text of the page in one table of two columns, Chinese and English (web.md §2:
//! "All text Chinese, English with `--lang en` or the page's language switch").
//!
//! The Chinese text is the key: the page's code is written with the Chinese it shows by
//! default (`tr.t("总览")`), and [`Tr`] looks the English up here. Where one Chinese text
//! needs two English ones (`错误` a column of counts, `错误` a severity) the key carries a
//! context after `|` (`"错误|severity"`), which is never shown. `{0}`, `{1}` … are filled
//! by [`Tr::f`]; both columns hold the same ones. A test below checks that every Chinese
//! string literal of the page's code (src/serve) is a key of this table and that no
//! English text holds Chinese other than the form's own terms, quoted “…”.

use crate::diag::Lang;
use std::fmt::Display;

/// (Chinese, English), grouped by page.
pub const TEXTS: &[(&str, &str)] = &[
    // The frame of every page.
    ("预算绩效自评审核", "Budget performance self-evaluation review"),
    ("绩效自评审核", "Self-evaluation review"),
    ("工作区文件夹", "Workspace folder"),
    ("总览", "Overview"),
    ("上传", "Upload"),
    ("文件", "Files"),
    ("设置", "Settings"),
    ("语言", "Language"),
    (
        "本页面只在本机运行，文件不会离开这台电脑。检查一次只运行一项，其余依次排队。",
        "This page runs on this computer only; no file leaves it. One check runs at a time; the others wait their turn.",
    ),
    ("尚未生成", "Not written yet"),
    // Error pages.
    ("无法完成", "Could not be done"),
    ("返回总览", "Back to the overview"),
    ("没有这个页面。", "There is no such page."),
    (
        "此页面只能通过本机地址 127.0.0.1 打开。请使用启动时显示的地址。",
        "This page opens only at the local address 127.0.0.1. Use the address printed at start.",
    ),
    (
        "此地址已失效或不完整。请使用 selfeval 启动时显示的地址（含 token=…）打开此页面；每次启动地址都会改变，收藏或以前的地址不能再用。",
        "This address is out of date or incomplete. Open this page with the address selfeval printed at start (with token=…); it changes at every start, so a bookmarked or older address no longer works.",
    ),
    ("请求来源不是本页面，已拒绝。", "Refused: the request does not come from this page."),
    (
        "页面已过期或请求缺少校验码，请刷新页面后重试。",
        "The page has expired or the request lacks its check code; reload the page and try again.",
    ),
    ("没有这个下载，请刷新页面后重试。", "There is no such download; reload the page and try again."),
    (
        "文件已不存在（可能正在重新生成），请稍后刷新页面。",
        "The file is gone (it may be being written again); reload the page in a moment.",
    ),
    ("这个文件不在收件箱中。", "That file is not in the inbox."),
    (
        "请填写文件夹的完整路径（如 D:\\绩效自评\\2021）。",
        "Give the folder's full path (such as D:\\Self-evaluation\\2021).",
    ),
    // Statuses of units (campaign.md §5), states of findings, kinds, grades.
    ("未报送", "Not received"),
    ("待审核", "To review"),
    ("已退回（第{0}轮）", "Returned (round {0})"),
    ("已重新报送", "Resubmitted"),
    ("通过", "Passed"),
    ("新出现", "New"),
    ("仍存在", "Remaining"),
    ("已被替代", "Superseded"),
    ("已改正", "Fixed"),
    ("项目支出", "Project"),
    ("部门整体", "Department"),
    ("转移支付", "Transfer payment"),
    ("申报表", "Declaration"),
    ("优", "Excellent"),
    ("良", "Good"),
    ("中", "Fair"),
    ("差", "Poor"),
    ("空白表", "Blank table"),
    // 总览.
    ("{0}年度 预算绩效自评审核", "Self-evaluation review, year {0}"),
    ("上次检查：", "Last check: "),
    ("尚未检查。请先上传各单位报送的文件。", "Not checked yet. Upload the files the units sent first."),
    ("上传文件", "Upload files"),
    ("重新检查", "Check again"),
    ("发出审核意见", "Send review opinions"),
    (
        "确定向有问题的单位发出审核意见吗？意见书和退回工作簿将存入归档，编号后不能收回。",
        "Send review opinions to the units with problems? The letters and return workbooks go into the archive and, once numbered, cannot be taken back.",
    ),
    ("下载：", "Downloads: "),
    ("汇总工作簿", "Summary workbook"),
    ("问题清单", "Findings list"),
    ("汇总报告", "Review report"),
    (
        "<b>{0}</b> 个单位：通过 <b>{1}</b>，待审核 <b>{2}</b>，已退回 <b>{3}</b>，已重新报送 <b>{4}</b>，未报送 <b>{5}</b>；错误 <b class=\"err\">{6}</b> 个，警告 <b class=\"warn\">{7}</b> 个。",
        "<b>{0}</b> units: <b>{1}</b> passed, <b>{2}</b> to review, <b>{3}</b> returned, <b>{4}</b> resubmitted, <b>{5}</b> not received; <b class=\"err\">{6}</b> errors, <b class=\"warn\">{7}</b> warnings.",
    ),
    ("单位", "Unit"),
    ("状态", "Status"),
    ("表", "Tables"),
    ("错误", "Errors"),
    ("警告", "Warnings"),
    ("执行率", "Execution rate"),
    ("复核平均分", "Mean reviewed score"),
    (
        "点击表头可排序；点击单位名称查看其文件、问题和下载。",
        "Click a header to sort; click a unit's name for its files, problems and downloads.",
    ),
    // The first screen on a folder that is not a workspace.
    ("建立工作区", "Make a workspace"),
    (
        "文件夹 <b>{0}</b> 还不是工作区。建立后会在其中生成 selfeval.toml（设置）、单位名单.xlsx、收件箱、结果、归档等文件夹，已有文件不会被改动。",
        "The folder <b>{0}</b> is not a workspace yet. Making it one writes selfeval.toml (the settings), the roster workbook and the folders of the inbox, the results and the archive into it; no file already there is changed.",
    ),
    ("在此文件夹建立工作区", "Make this folder a workspace"),
    (
        "本次审核的自评年度，以后可在“设置”中修改。",
        "The year under review; it can be changed later in Settings.",
    ),
    (
        "年度应为 2000 到 2100 之间的年份，如 2021。",
        "The year must be from 2000 to 2100, such as 2021.",
    ),
    ("或在另一个文件夹建立（填写完整路径）", "Or make one in another folder (its full path)"),
    ("D:\\绩效自评\\2021年度", "D:\\Self-evaluation\\2021"),
    ("在该文件夹建立工作区", "Make that folder a workspace"),
    // 上传.
    (
        "把各单位报送的文件（工作簿 .xlsx、.xls、.et 等，自评报告 .docx，或打包的 .zip，可一次多个）拖到下面的方框里，或点击方框选择文件。选择后立即上传，上传结束后自动开始检查。",
        "Drag the files the units sent (workbooks .xlsx, .xls, .et …, reports .docx, or a .zip of them; any number at once) into the box below, or click the box to choose them. They upload as soon as they are chosen, and a check starts by itself when the upload ends.",
    ),
    ("把文件拖到这里，或点击选择文件", "Drop files here, or click to choose them"),
    (
        "每个文件不超过 {0}，每次不超过 {1}、{2} 个文件。与已收到文件内容相同的不会重复保存；同名文件会加上“(2)”等编号，两份都保留。",
        "At most {0} per file, and {1} and {2} files per upload. A file with the same content as one already received is not stored again; a file whose name is taken gets “(2)” and so on, and both are kept.",
    ),
    // Upload results (upload.rs).
    (
        "未接收：这个文件夹还不是工作区，请先在“总览”中建立工作区",
        "Not received: this folder is not a workspace yet; make it one in Overview first",
    ),
    ("无法建立收件箱：{0}", "Cannot make the inbox: {0}"),
    (
        "未接收：一次最多上传 {0} 个文件，请分批上传",
        "Not received: at most {0} files per upload; upload them in parts",
    ),
    ("未接收：文件名{0}", "Not received: the name {0}"),
    ("含有路径分隔符", "holds a path separator"),
    ("含有“..”", "holds “..”"),
    ("含有盘符或冒号", "holds a drive letter or a colon"),
    ("含有控制字符", "holds a control character"),
    ("为空", "is empty"),
    ("未接收：无法写入收件箱（{0}）", "Not received: cannot write into the inbox ({0})"),
    (
        "未接收：文件超过 {0} 的上限。请确认是否选错了文件；如表中插入了扫描件或图片，请单位删去后重新报送",
        "Not received: the file is over the limit of {0}. Check that this is the right file; if scans or pictures are inserted in the table, ask the unit to remove them and send it again",
    ),
    ("未接收：无法写入（{0}）", "Not received: cannot write it ({0})"),
    ("已解压，收到其中 {0} 个文件", "Unpacked; {0} of its files received"),
    ("；{0}：{1}", "; {0}: {1}"),
    ("与已收到的“{0}”内容相同，未重复保存", "The same content as “{0}”, already received; not stored again"),
    ("未接收：无法保存（{0}）", "Not received: cannot store it ({0})"),
    ("已接收", "Received"),
    ("已接收，保存为“{0}”", "Received, stored as “{0}”"),
    ("{0}（{1}）", "{0} ({1})"),
    (
        "未接收：本次上传超过 {0} 的上限，请分批上传",
        "Not received: this upload is over the limit of {0}; upload in parts",
    ),
    (
        "未接收：上传的内容有误或中途断开，请重试",
        "Not received: the upload was malformed or cut off; try again",
    ),
    (
        "未接收：不是有效的 zip 压缩文件（已损坏或不完整），请单位重新压缩后报送",
        "Not received: not a valid zip file (damaged or incomplete); ask the unit to zip its files again and send them",
    ),
    ("第{0}项", "entry {0}"),
    ("未接收：无法解压", "Not received: cannot unpack it"),
    ("未接收：一次最多 {0} 个文件", "Not received: at most {0} files at once"),
    ("未接收：无法解压（{0}）", "Not received: cannot unpack it ({0})"),
    ("{0} 字节", "{0} bytes"),
    ("名单文件过大。", "The roster file is too large."),
    ("请选择单位名单工作簿（.xlsx）。", "Choose the roster workbook (.xlsx)."),
    (
        "这不是可用的单位名单（需要工作表“单位名单”、“单位名称”列和至少一个单位），原名单未改动。",
        "This is not a roster that can be used (it needs a sheet “单位名单” with a column “单位名称” and at least one unit); the old roster is unchanged.",
    ),
    ("无法保存单位名单（文件是否在 Excel 中打开？）", "Cannot save the roster (is it open in Excel?)"),
    ("单位名单已更新，共 {0} 个单位", "Roster updated: {0} units"),
    ("，与原名单相同。", ", the same as before."),
    ("；新增 {0} 个：{1}", "; {0} added: {1}"),
    ("；删除 {0} 个：{1}", "; {0} removed: {1}"),
    ("；修改 {0} 个：{1}", "; {0} changed: {1}"),
    ("。", "."),
    ("、", ", "),
    // 单位.
    ("尚未检查，没有单位信息。", "Not checked yet: there is nothing about units."),
    ("没有这个单位。", "There is no such unit."),
    ("单位|crumb", "Unit"),
    (
        "状态：<b>{0}</b>　错误 {1}　警告 {2}　已改正 {3}　仍存在 {4}　新出现 {5}",
        "Status: <b>{0}</b> · errors {1} · warnings {2} · fixed {3} · remaining {4} · new {5}",
    ),
    ("下载", "Downloads"),
    ("尚无退回工作簿或审核意见书", "No return workbook or review letter yet"),
    ("退回工作簿", "Return workbook"),
    ("审核意见书", "Review letter"),
    ("第{0}轮退回工作簿", "Round {0} return workbook"),
    ("第{0}轮审核意见书", "Round {0} review letter"),
    ("计入", "Counts"),
    ("以此为准", "Use this copy"),
    ("取消以此为准", "Stop using this copy"),
    ("计入（已指定以此为准）", "Counts (chosen with Use this copy)"),
    (
        "计入（已指定以此为准；其中 {0} 张表为旧副本或非本年度，未计入）",
        "Counts (chosen with Use this copy; {0} of its tables, older copies or other years', do not)",
    ),
    ("种类", "Kind"),
    ("名称", "Name"),
    ("填报执行率", "Stated execution rate"),
    ("复核执行率", "Reviewed execution rate"),
    ("填报得分", "Stated score"),
    ("复核得分", "Reviewed score"),
    ("填报等级", "Stated grade"),
    ("复核等级", "Reviewed grade"),
    ("问题", "Problems"),
    ("严重程度", "Severity"),
    ("位置", "Place"),
    ("说明", "Description"),
    ("错误|severity", "Error"),
    ("警告|severity", "Warning"),
    ("（应为 {0}，填报为 {1}）", " (expected {0}, stated {1})"),
    ("（阈值 {0}，填报为 {1}）", " (limit {0}, stated {1})"),
    ("没有错误或警告。", "No errors or warnings."),
    ("尚未发出审核意见。", "No review opinions sent yet."),
    ("只向本单位发出审核意见", "Send opinions to this unit only"),
    (
        "确定只向{0}发出审核意见吗？意见书和退回工作簿将存入归档，编号后不能收回。",
        "Send review opinions to {0} only? The letter and return workbook go into the archive and, once numbered, cannot be withdrawn.",
    ),
    (
        "你修改过的 {0} 个结果文件已保留在“已修改”文件夹中：",
        "{0} result file(s) you edited are kept in the folder of edited results: ",
    ),
    (
        "，及另外 {0} 个（较早的，见“结果/已修改”文件夹）",
        ", and {0} more (older; see the folder of edited results)",
    ),
    ("第{0}轮（{1}，{2} 个单位）", "round {0} ({1}, {2} units)"),
    ("已发出审核意见 {0} 轮：{1}。", "Review opinions sent in {0} round(s): {1}."),
    ("尚未收到这个单位的文件。", "Nothing has been received from this unit yet."),
    ("这个单位的文件中没有读到表。", "No table was read from this unit's files."),
    // 文件.
    ("文件清单", "Files received"),
    ("尚未检查。", "Not checked yet."),
    ("计入的表", "Counting tables"),
    ("非本年度", "Not of this year"),
    ("已被替代（以 {0} 为准）", "Superseded (by {0})"),
    ("计入（其中 {0} 张表为旧副本或非本年度，未计入）", "Counts ({0} of its tables, older copies or other years', do not)"),
    ("有错误", "With errors"),
    ("无法读取", "Unreadable"),
    ("已跳过", "Skipped"),
    // 设置.
    (
        "已保存。已自动重新检查，审核意见书、汇总报告等按新的设置写出。",
        "Saved. A check runs by itself, so that the letters and the report follow the new settings.",
    ),
    ("保存", "Save"),
    (
        "保存在工作区的 selfeval.toml 中，其中的说明文字保留不变。",
        "Saved into the workspace's selfeval.toml, whose comments stay as they are.",
    ),
    ("单位名单", "Roster"),
    ("下载单位名单", "Download the roster"),
    (
        "上传新的单位名单（.xlsx，原名单保留为 .bak）",
        "Upload a new roster (.xlsx; the old one is kept as .bak)",
    ),
    ("上传名单", "Upload the roster"),
    ("未保存：{0}", "Not saved: {0}"),
    // The settings' labels (campaign.md §2; `FIELDS` in crate::campaign::settings).
    ("年度", "Year"),
    ("审核单位", "Reviewing office"),
    ("主送机关", "Addressee"),
    ("报送期限天数", "Days to resubmit"),
    ("联系人", "Contact"),
    ("联系电话", "Contact's phone"),
    ("抄送", "Copies to"),
    ("评分规则", "Scoring policy"),
    ("上年工作区", "Last year's workspace"),
    ("语言|setting", "Language"),
    ("收件箱", "Inbox folder"),
    ("结果", "Results folder"),
    ("归档", "Archive folder"),
    ("申报表|setting", "Declarations folder"),
    ("名单", "Roster workbook"),
    ("意见书文号", "Letter number template"),
    ("汇总报告文号", "Report number template"),
    // … and their comments.
    ("年度：本次审核的自评年度（必填），如 2021。", "The year under review (required), such as 2021."),
    (
        "审核单位：本局的名称，写在审核意见书和汇总报告的落款处，如“兰州新区财政局”。",
        "This bureau's name, signed on the review letters and the review report.",
    ),
    ("主送机关：汇总报告报送的上级机关。", "The superior office the review report goes to."),
    (
        "报送期限天数：发出审核意见后，单位须在多少天内重新报送（写入审核意见书）。",
        "Days a unit has to resubmit after a round is sent (written in the letters).",
    ),
    ("联系人：写在审核意见书中的经办人。", "The officer named in the letters."),
    ("联系电话：经办人的电话。", "The officer's phone."),
    (
        "抄送：汇总报告版记中的抄送单位，可写多个，如 [\"市审计局\"]。",
        "Offices the review report is copied to; one per line.",
    ),
    (
        "抄送：汇总报告版记中的抄送单位，每行写一个（也可用顿号“、”分开），如“市审计局”。",
        "Offices the review report is copied to, one a line (or separated by “、”), such as “市审计局”.",
    ),
    (
        "评分规则：评分规则文件（由 selfeval policy 生成）的路径；留空使用国家规则（财预〔2020〕10号）。",
        "A scoring policy file (written by selfeval policy); empty for the national rules (Caiyu [2020] No. 10).",
    ),
    (
        "上年工作区：上一年度工作区文件夹的路径，用于与上年对比；留空不对比。",
        "Last year's workspace folder, to compare with; empty for no comparison.",
    ),
    (
        "语言：zh（中文）或 en（英文），决定输出文件的语言。",
        "zh (Chinese) or en (English): the language of the output files.",
    ),
    (
        "收件箱：存放各单位报送材料的文件夹（相对于工作区）。",
        "The folder of what the units sent (relative to the workspace).",
    ),
    (
        "结果：每次检查写出的汇总表、问题清单、退回工作簿和文书所在的文件夹。",
        "The folder each check writes the summary, the findings list, the return workbooks and the documents into.",
    ),
    (
        "归档：每轮发出的审核意见的存档文件夹（写入后不再改动）。",
        "The folder of each round sent (never changed once written).",
    ),
    ("申报表：批复的绩效目标申报表所在的文件夹。", "The folder of the approved target declarations."),
    ("名单：应报送单位名单（Excel 工作簿）。", "The roster of the units expected (an Excel workbook)."),
    (
        "意见书：审核意见书的文号模板，{年} 为发文年份，{序号} 自动编号，如“新财绩〔{年}〕{序号}号”。",
        "The letters' number template: “{年}” is the year sent, “{序号}” the number, e.g. “新财绩〔{年}〕{序号}号”.",
    ),
    (
        "汇总报告：汇总报告的文号模板（序号由文书部门编号，初稿中留空）。",
        "The review report's number template (its number is left blank in the draft).",
    ),
    // Commands the page runs (progress.rs) and the progress line (app.js).
    ("检查", "Check"),
    ("发出审核意见|job", "Sending review opinions"),
    ("以此为准|job", "Use this copy"),
    ("建立工作区|job", "Making the workspace"),
    ("（排队中：{0}；一次只运行一项）", " (waiting: {0}; one at a time)"),
    ("正在{0}：", "{0}: "),
    ("读取 {0}/{1} 个文件", "reading {0}/{1} files"),
    ("，剩余约 {0} 秒", ", about {0} s left"),
    ("写出汇总表、问题清单和各单位工作簿…", "writing the summary, the findings list and the units' workbooks…"),
    ("准备中…", "getting ready…"),
    ("{0}已完成。", "{0}: done."),
    ("{0}未完成：{1}", "{0}: not finished: {1}"),
    ("正在上传 {0} 个文件…", "Uploading {0} files…"),
    ("未接收（{0}）", "Not received ({0})"),
    (
        "上传结束。已自动开始检查，完成后可在“总览”查看结果。",
        "Upload finished. A check has started by itself; see the results in Overview when it ends.",
    ),
    (
        "未接收：这是文件夹。请打开文件夹选中其中的文件拖入，或把文件夹压缩为 zip 后拖入。",
        "Not received: this is a folder. Open it and drag the files in it, or drag the folder as a zip.",
    ),
    (
        "第{0}轮审核意见已发出：{1} 个单位，意见书和退回工作簿已存入归档。",
        " Round {0} of review opinions sent to {1} unit(s); the letters and return workbooks are in the archive.",
    ),
    (
        "没有需要发出审核意见的单位（各单位或已通过，或已退回且尚未重新报送），未生成新的一轮。",
        " No unit needed review opinions (each has passed, or was returned and has not resubmitted): no new round was made.",
    ),
    (
        "上传结束。没有收到新的文件，未重新检查。",
        "Upload finished. No new file was received, so no check was started.",
    ),
    ("上传失败：{0}", "Upload failed: {0}"),
    ("{0}：{1}", "{0}: {1}"),
    // The console (mod.rs).
    ("请在浏览器中打开：{0}", "Open in your browser: {0}"),
    (
        "（此地址只在本机有效；按 Ctrl-C 停止。网页一次只运行一项检查，其余依次排队。）",
        "(This address works on this computer only; press Ctrl-C to stop. The page runs one check at a time; the others wait their turn.)",
    ),
    ("已停止。", "Stopped."),
    ("无法在 {0} 上监听（端口可能已被占用）", "Cannot listen on {0} (is the port in use?)"),
];

/// The texts app.js shows, by the name it uses: sent to each page in its language.
pub const SCRIPT: &[(&str, &str)] = &[
    ("job.run", "检查"),
    ("job.issue", "发出审核意见|job"),
    ("job.pin", "以此为准|job"),
    ("job.init", "建立工作区|job"),
    ("queued", "（排队中：{0}；一次只运行一项）"),
    ("doing", "正在{0}："),
    ("reading", "读取 {0}/{1} 个文件"),
    ("eta", "，剩余约 {0} 秒"),
    ("writing", "写出汇总表、问题清单和各单位工作簿…"),
    ("starting", "准备中…"),
    ("done", "{0}已完成。"),
    ("failed", "{0}未完成：{1}"),
    ("uploading", "正在上传 {0} 个文件…"),
    ("refused", "未接收（{0}）"),
    (
        "uploaded",
        "上传结束。已自动开始检查，完成后可在“总览”查看结果。",
    ),
    (
        "uploaded-nothing",
        "上传结束。没有收到新的文件，未重新检查。",
    ),
    ("upload-failed", "上传失败：{0}"),
    ("line", "{0}：{1}"),
    ("list", "、"),
    (
        "folder",
        "未接收：这是文件夹。请打开文件夹选中其中的文件拖入，或把文件夹压缩为 zip 后拖入。",
    ),
    (
        "issued",
        "第{0}轮审核意见已发出：{1} 个单位，意见书和退回工作簿已存入归档。",
    ),
    (
        "issued-none",
        "没有需要发出审核意见的单位（各单位或已通过，或已退回且尚未重新报送），未生成新的一轮。",
    ),
];

/// The page's language and its texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr(pub Lang);

impl Tr {
    /// The text of `key` (a Chinese text of [`TEXTS`]) in this language.
    pub fn t(self, key: &'static str) -> &'static str {
        match self.0 {
            Lang::Zh => key.split('|').next().unwrap_or(key),
            Lang::En => TEXTS
                .iter()
                .find(|(zh, _)| *zh == key)
                .map_or(key, |(_, en)| *en),
        }
    }

    /// The text of `key` with `{0}`, `{1}` … filled (each argument taken as it is: escape
    /// it first where it goes into HTML).
    pub fn f(self, key: &'static str, args: &[&dyn Display]) -> String {
        fill(self.t(key), args)
    }

    /// The value of `<html lang>` (and the locale of times shown).
    pub fn html_lang(self) -> &'static str {
        match self.0 {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The texts of app.js as a JSON object, safe inside `<script type="application/json">`.
    pub fn script_json(self) -> String {
        let map: serde_json::Map<String, serde_json::Value> = SCRIPT
            .iter()
            .map(|(name, key)| (name.to_string(), self.t(key).into()))
            .chain(std::iter::once((
                "locale".to_string(),
                self.html_lang().into(),
            )))
            .collect();
        serde_json::Value::Object(map)
            .to_string()
            .replace('<', "\\u003c")
    }
}

/// The language of a request, as the security layer chose it (Chinese when it has not).
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Tr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Tr>().copied().unwrap_or_default())
    }
}

/// Fills `{0}` … `{9}` in one pass, so that an argument holding `{1}` is left as it is.
fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let arg = tail
            .as_bytes()
            .get(1)
            .filter(|d| d.is_ascii_digit() && tail.as_bytes().get(2) == Some(&b'}'))
            .and_then(|d| args.get(usize::from(d - b'0')));
        match arg {
            Some(a) => {
                out.push_str(&a.to_string());
                rest = &tail[3..];
            }
            None => {
                out.push('{');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cjk(c: char) -> bool {
        matches!(c, '\u{3000}'..='\u{303f}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
    }

    /// The page's code, without its tests and comments.
    const SOURCES: &[(&str, &str)] = &[
        ("mod.rs", include_str!("mod.rs")),
        ("pages.rs", include_str!("pages.rs")),
        ("progress.rs", include_str!("progress.rs")),
        ("security.rs", include_str!("security.rs")),
        ("upload.rs", include_str!("upload.rs")),
        ("download.rs", include_str!("download.rs")),
        ("assets.rs", include_str!("assets.rs")),
        ("workspace.rs", include_str!("workspace.rs")),
    ];

    /// Chinese literals of the code that are names of things, never shown as the page's
    /// own text: settings keys, file and folder names the other layers write.
    const NAMES: &[&str] = &[
        "年度",
        "第",
        "审核意见书.docx",
        "汇总报告（初稿）.docx",
        "收件箱",
        "结果",
        "归档",
        "单位名单.xlsx",
        "中文",
        // The place in a settings message (`第6行：`), matched to be left out, never shown.
        "行：",
    ];

    /// The string literals of a Rust source that hold a Chinese character, outside
    /// comments and `#[cfg(test)]`.
    fn chinese_literals(src: &str) -> Vec<String> {
        let code = src.split("#[cfg(test)]").next().unwrap_or(src);
        let mut out = Vec::new();
        for line in code.lines() {
            let l = line.trim_start();
            if l.starts_with("//") {
                continue;
            }
            let mut parts = line.split('"');
            parts.next();
            let mut literal = true;
            let mut acc = String::new();
            for p in parts {
                // `\"` inside a literal: keep going.
                if literal && p.ends_with('\\') && !p.ends_with("\\\\") {
                    acc.push_str(p);
                    acc.push('"');
                    continue;
                }
                if literal {
                    acc.push_str(p);
                    if acc.chars().any(cjk) {
                        out.push(acc.replace("\\\"", "\"").replace("\\\\", "\\"));
                    }
                    acc.clear();
                }
                literal = !literal;
            }
        }
        out
    }

    #[test]
    fn every_chinese_text_of_the_page_has_an_english_one() {
        let mut missing = Vec::new();
        for (file, src) in SOURCES {
            for lit in chinese_literals(src) {
                let known = TEXTS.iter().any(|(zh, _)| *zh == lit) || NAMES.contains(&lit.as_str());
                if !known {
                    missing.push(format!("{file}: {lit}"));
                }
            }
        }
        for f in crate::campaign::settings::FIELDS {
            for key in [f.label, f.comment] {
                let k = match key {
                    "语言" => "语言|setting",
                    "申报表" => "申报表|setting",
                    k => k,
                };
                if !TEXTS.iter().any(|(zh, _)| *zh == k) {
                    missing.push(format!("settings: {key}"));
                }
            }
        }
        for (_, key) in SCRIPT {
            if !TEXTS.iter().any(|(zh, _)| zh == key) {
                missing.push(format!("app.js: {key}"));
            }
        }
        assert!(
            missing.is_empty(),
            "no English text for:\n{}",
            missing.join("\n")
        );
        let js = include_str!("assets/app.js");
        assert!(
            !js.chars().any(cjk),
            "app.js holds Chinese: its texts go in SCRIPT"
        );
    }

    #[test]
    fn english_texts_are_english_and_keep_the_placeholders() {
        let mut seen = std::collections::HashSet::new();
        for (zh, en) in TEXTS {
            assert!(seen.insert(*zh), "{zh} twice");
            assert!(!en.trim().is_empty(), "{zh}");
            // The form's own terms stay Chinese, quoted “…”.
            let unquoted: String = en
                .split('“')
                .enumerate()
                .map(|(i, p)| {
                    if i == 0 {
                        p
                    } else {
                        p.split_once('”').map_or(p, |x| x.1)
                    }
                })
                .collect();
            assert!(!unquoted.chars().any(cjk), "Chinese in {en:?}");
            for n in 0..10 {
                let p = format!("{{{n}}}");
                assert_eq!(zh.contains(&p), en.contains(&p), "{p} in {zh} / {en}");
            }
        }
    }

    #[test]
    fn texts_are_looked_up_and_filled() {
        let en = Tr(Lang::En);
        let zh = Tr(Lang::Zh);
        assert_eq!(en.t("总览"), "Overview");
        assert_eq!(zh.t("错误|severity"), "错误");
        assert_eq!(en.t("错误|severity"), "Error");
        assert_eq!(en.f("已退回（第{0}轮）", &[&2]), "Returned (round 2)");
        assert_eq!(zh.f("{0}：{1}", &[&"{1}", &"x"]), "{1}：x");
        assert_eq!(fill("{年}{0}", &[&"a"]), "{年}a");
        assert!(en.script_json().contains("\"job.run\":\"Check\""));
    }
}
