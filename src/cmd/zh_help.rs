//! The command line's Chinese texts, as data: one entry per command (about, long about,
//! usage) and one per argument (its help, with allowed values and default written in, as
//! clap would print them only in English). [`localise`] puts them on the clap command;
//! the English help is the doc comments of the `Args` structs.

use crate::decode::limits;
use crate::diag::Lang;
use clap::builder::Str;
use clap::{Arg, ArgAction, Command};

/// The help layout with a Chinese usage heading (clap's `{usage-heading}` is English).
const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// One command's Chinese texts.
struct CommandText {
    name: &'static str,
    about: &'static str,
    long_about: &'static str,
    usage: &'static str,
}

const COMMANDS: &[CommandText] = &[
    CommandText {
        name: "selfeval",
        about: "读取、检查并重新评分预算绩效自评表",
        long_about: "读取、检查并重新评分预算绩效自评表（项目支出、部门整体支出、转移支付）。

财政部门把各单位报送的工作簿放进一个文件夹，selfeval run 读取其中每一个工作簿，核对每一个
数字，按国家规则（财预〔2020〕10号）重新计算每项指标的得分，写出汇总工作簿和指向具体单元格
的问题清单。

示例：

  selfeval run inbox -o out
  selfeval run 收件箱 -o 汇总结果 --year 2021
  selfeval check 应急管理局.xlsx --format text
  selfeval template --kind project --year 2021 -o 项目支出绩效自评表.xlsx
  selfeval policy > 评分规则.toml
  selfeval serve          （在浏览器中打开审核页面）

退出状态：0 全部读取且没有错误；1 发现错误或有无法读取的文件；2 命令本身无法执行
（参数有误、路径不存在、评分规则文件有误等）。",
        usage: "selfeval [选项] <命令>",
    },
    CommandText {
        name: "check",
        about: "读取工作簿并列出其中的每一个问题",
        long_about: "读取工作簿并列出其中的每一个问题。

每个 路径 是一个工作簿（.xlsx .xlsm .xls .xlsb .ods，以及系统导出的 Excel 2003 XML、
网页表格或单个文件网页形式的 .xls，.mht 和 .csv，按内容识别格式）或一个文件夹（递归
读取）。Excel 锁定文件（~$…）、隐藏文件和其他文件列为“已跳过”。找到的每张表都会重新
评分并检查，问题指向具体的工作表和单元格。

示例：

  selfeval check 应急管理局.xlsx
  selfeval check 收件箱 --format json > report.json
  selfeval check 收件箱 --year 2021 --lang en

退出状态：0 没有错误；1 发现错误或有无法读取的文件；2 路径不存在或评分规则文件有误。",
        usage: "selfeval check [选项] <路径>...",
    },
    CommandText {
        name: "run",
        about: "处理收件箱中的全部报表，写出汇总工作簿和问题清单",
        long_about: "处理收件箱中的全部报表，写出汇总工作簿和问题清单。

并行读取 收件箱 中（含子文件夹）的每一个电子表格，检查并重新评分每一张表，写入 输出文件夹：

  summary.xlsx       全局汇总：汇总、项目明细、指标明细、文件清单、图表
  findings.xlsx      每个问题一行，可筛选，注明文件、工作表和单元格
  report.json        与 check --format json 相同的文档，覆盖整个收件箱
  units/<单位>.xlsx   各单位的退回工作簿：审核意见和按标准格式重排、附复核得分的表
  reports/           各单位的自评报告（初稿）和审核意见书，全局的汇总报告（初稿）（.docx）

输出先写到临时名称再整体换入，运行中断时上一次的结果保持完整。输出文件夹中只能有 selfeval
写出的结果：其中有您自己的文件（或输出文件夹是挂载点、符号链接）时不写出，并说明原因。

示例：

  selfeval run 收件箱 -o 汇总结果
  selfeval run 收件箱 -o 汇总结果 --year 2021 --jobs 4
  selfeval run 收件箱 -o 汇总结果 --watch

退出状态：0 没有错误；1 发现错误或有无法读取的文件；2 收件箱不存在或不是文件夹、输出文件夹
无法写入、含有不是 selfeval 写出的内容或正被另一次运行使用、参数有误。",
        usage: "selfeval run [选项] <收件箱> -o <输出文件夹>",
    },
    CommandText {
        name: "template",
        about: "写出一张供单位填写的空白标准自评表",
        long_about: "写出一张供单位填写的空白标准自评表（绩效自评表）。

工作簿采用财政部 2020 年格式：带年度的标题、表头、资金部分、年度目标、按类别排列并在标签中
注明分值的指标行，以及总分行。填写单元格未锁定，工作表无密码保护；执行率、执行得分和总分为
公式；一级指标、二级指标和定性指标的实际完成值有下拉选项。可在 Excel、WPS 和 LibreOffice
中打开，A4 横向打印，一页宽。

示例：

  selfeval template --kind project --year 2021 -o 项目支出绩效自评表.xlsx
  selfeval template --kind department --scheme project -o 部门整体.xlsx

退出状态：0 已写出；2 文件无法写入或参数有误。",
        usage: "selfeval template --kind <种类> [选项] -o <文件>",
    },
    CommandText {
        name: "policy",
        about: "以 TOML 输出当前生效的评分规则（每个键附说明）",
        long_about: "以 TOML 输出当前生效的评分规则，每个键上方注明含义和可取的值。

输出内置的 mof-2020 规则（scoring.md 的国家规则），或套用了 文件.toml 中各键之后的规则。
输出本身就是一个评分规则文件：修改后用 --policy 交给 check 或 run。

示例：

  selfeval policy > 评分规则.toml
  selfeval policy --policy 评分规则.toml
  selfeval run 收件箱 -o 汇总结果 --policy 评分规则.toml

退出状态：0 已输出；2 文件无法读取，或含有错误或未知的键（会指出键名和行号）。",
        usage: "selfeval policy [选项]",
    },
    CommandText {
        name: "serve",
        about: "打开审核页面：在浏览器中上传、检查、查看结果和发出审核意见",
        long_about: "打开审核页面：在浏览器中上传、检查、查看结果和发出审核意见。

只在本机地址 127.0.0.1 上提供工作区文件夹（默认：当前文件夹）的页面，显示带校验码的地址并
打开默认浏览器。尚不是工作区的文件夹也可以打开，页面会提供“在此文件夹建立工作区”。按 Ctrl-C 停止。

示例：

  selfeval serve
  selfeval serve D:\\绩效自评\\2021 --port 8080 --no-open

退出状态：0 按 Ctrl-C 停止；2 文件夹不存在或端口已被占用。",
        usage: "selfeval serve [文件夹] [选项]",
    },
    CommandText {
        name: "init",
        about: "把文件夹建成工作区（设置、单位名单、收件箱、结果、归档、历史）",
        long_about: "把文件夹建成工作区：设置、单位名单、收件箱、结果、归档和历史记录。

在 工作区 中建立缺少的内容，已有的文件一律不覆盖；重复运行不改变任何东西：

  selfeval.toml    设置，每项附中文说明
  单位名单.xlsx     应报送单位的名单（表头、示例行和填表说明）
  收件箱/           各单位报送的文件放在这里
  申报表/           批复的绩效目标申报表
  结果/             当前的汇总表、问题清单、退回工作簿和文书
  归档/             每一轮发出的审核意见（写入后不再改动）
  selfeval.db      历史记录

示例：

  selfeval init 2021年度绩效自评 --year 2021 --bureau 兰州新区财政局

退出状态：0 完成；2 文件夹无法写入或参数有误。",
        usage: "selfeval init [选项] [工作区]",
    },
    CommandText {
        name: "status",
        about: "列出名单中各单位的状态（未报送、待审核、已退回、已重新报送、通过）",
        long_about: "列出名单中各单位的状态：未报送、待审核、已退回、已重新报送、通过。

读取工作区的历史记录（最近一次检查和各轮审核意见），以表格或 JSON 列出每个单位的状态、表数、
错误、警告、已改正、仍存在、新出现的问题数和最后报送日期。不做检查：新文件请先运行 selfeval run。

示例：

  selfeval status
  selfeval status 2021年度绩效自评 --format json

退出状态：0 已列出；2 不是工作区。",
        usage: "selfeval status [选项] [工作区]",
    },
    CommandText {
        name: "issue",
        about: "发出一轮审核意见：为各单位的审核意见书编号并归档",
        long_about: "发出一轮审核意见：为各单位的审核意见书编号，连同退回工作簿存入归档。

先检查工作区，再向有错误或警告、且自上次退回后又有新报送（或从未退回）的单位（或 --units 指定的
单位）发出审核意见：按设置中的文号模板编号，按报送期限天数写明期限，存入 归档/第N轮（日期）/。
归档写入后不再改动。发出后结果随即更新（这些单位的状态变为“已退回”，审核意见书带上文号）；
下次检查时显示各单位改正了什么。

示例：

  selfeval issue
  selfeval issue 2021年度绩效自评 --units 永登县卫生健康局

退出状态：0 已发出，或没有需要发出的单位（会说明）；2 不是工作区，或正被另一个 selfeval 使用。",
        usage: "selfeval issue [选项] [工作区]",
    },
    CommandText {
        name: "pin",
        about: "指定以某个文件为准（以此为准），或取消",
        long_about: "指定以某个文件为准（网页上的“以此为准”），或用 --remove 取消。

该文件中的表格作为计入汇总的副本，直到同一单位报来更新的文件或取消指定。下次检查时生效。

示例：

  selfeval pin 收件箱/永登县卫生健康局.xlsx
  selfeval pin 2021年度绩效自评 收件箱/永登县卫生健康局.xlsx --remove

退出状态：0 完成；2 不是工作区，或文件不在收件箱中。",
        usage: "selfeval pin [选项] [工作区] <文件>",
    },
    CommandText {
        name: "rules",
        about: "列出全部检查规则",
        long_about: "列出全部检查规则。

每行一条：规则代码（脚本按此匹配）、严重程度、检查阶段和含义。--markdown 输出
docs/rules.md 的内容。

示例：

  selfeval rules
  selfeval rules --lang en
  selfeval rules --markdown > docs/rules.md",
        usage: "selfeval rules [选项]",
    },
];

/// The Chinese help of an argument, by command and argument id; `None` for hidden ones.
fn arg_text(command: &str, id: &str) -> Option<String> {
    let s = match (command, id) {
        (_, "help") => "显示帮助（-h 简要，--help 详细）",
        (_, "version") => "显示版本",
        (_, "verbose") => "在标准错误上输出更多日志：-v 各阶段及用时，-vv 每个文件，-vvv 跟踪；设置 RUST_LOG 时以其为准",
        (_, "quiet") => "只输出错误",
        (_, "lang") => "提示信息、帮助和输出文件的语言：zh（中文，默认）或 en（英文）",
        ("policy", "policy") => "评分规则文件（TOML），其中的键覆盖内置默认规则 mof-2020",
        (_, "policy") => "评分规则文件（TOML），覆盖内置 mof-2020 规则中的相应参数；用 selfeval policy 生成带说明的文件",
        ("template", "year") => "评价年度，显示在标题中（默认：上一年）",
        ("init", "year") => "审核的年度（默认上一年）",
        (_, "year") => "报表应属的年度（2000–2100），不符的表报 year-mismatch；默认取本次最常见的年度",
        ("pin", "paths") => "工作区文件夹（可省略，默认当前文件夹）和收件箱中的文件",
        (_, "paths") => "要检查的工作簿或文件夹（文件夹递归读取）",
        ("status" | "issue", "format") => "输出格式：text（表格，默认）或 json（供程序读取）",
        (_, "format") => "输出格式：text（类似编译器的诊断，供人阅读，默认）或 json（selfeval/check/1 文档，供程序读取）",
        (_, "file_timeout") => return Some(format!("每个文件读取和检查可用的 CPU 秒数，超时的文件报“无法读取（读取超时）”（默认 {}）", limits::FILE_CPU_SECONDS)),
        (_, "file_memory") => return Some(format!("每个读取进程可用的内存（MiB），超出的文件报“无法读取（内存超限）”（默认 {}）", limits::WORKER_MEMORY_BYTES >> 20)),
        ("run", "inbox") => "存放各单位报表的文件夹（收件箱）；不给 -o 时为工作区（默认当前文件夹）",
        (_, "inbox") => "存放各单位报表的文件夹（收件箱）",
        ("run", "out") => "写入结果的文件夹（不存在时创建；不能位于收件箱之内）；不给时收件箱须为工作区，结果写入其“结果”文件夹",
        (_, "out") => "写入结果的文件夹（不存在时创建；不能位于收件箱之内）",
        ("init", "dir") => "要建成工作区的文件夹（不存在时创建；默认当前文件夹）",
        (_, "dir") => "工作区文件夹（默认当前文件夹）",
        (_, "bureau") => "本局名称（审核单位），写入设置",
        (_, "units") => "只向这些单位发出（名称之间用英文逗号分隔）",

        (_, "remove") => "取消“以此为准”",
        (_, "jobs") => "读取用的线程数（1–1024，默认每个 CPU 核一个）",
        (_, "progress") => "进度的显示方式：bar（在终端显示进度条，默认）或 json（在标准错误上每步输出一行 JSON，供审核页面读取）",
        ("serve", "port") => "端口（默认：任选一个空闲端口）",
        ("serve", "no_open") => "不自动打开浏览器（只显示地址）",
        (_, "watch") => "持续运行：收件箱中的文件变化时自动重新汇总（Ctrl-C 退出）",
        (_, "markdown") => "以 Markdown 输出规则目录（即 docs/rules.md 的内容，中英文）",
        (_, "kind") => "表的种类：project（项目支出）、department（部门整体支出）或 transfer（转移支付）",
        (_, "scheme") => "一级指标方案：management（部门管理 20 / 履职效果 50 / 能力建设 10 / 服务对象满意度 10）或 project（产出 50 / 效益 30 / 满意度 10）；默认部门整体表用 management，其他用 project",
        (_, "rows") => "每个类别的空白指标行数（1–200，默认按类别 2 到 8 行）",
        (_, "output") => "要写入的工作簿（.xlsx），已存在时替换",
        _ => return None,
    };
    Some(s.to_string())
}

/// A value name in Chinese (`<INBOX>` → `<收件箱>`); `None` keeps it (`<N>`).
fn value_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "INBOX" => "收件箱",
        "OUTDIR" => "输出文件夹",
        "PATH" => "路径",
        "FILE.toml" => "文件.toml",
        "FILE" => "文件",
        "SECONDS" => "秒数",
        "YEAR" => "年度",
        "LANG" => "语言",
        "FORMAT" => "格式",
        "KIND" => "种类",
        "MODE" => "方式",
        "DIR" => "工作区",
        "NAME" => "名称",
        "DIR FILE" => "工作区 文件",
        "SCHEME" => "方案",
        _ => return None,
    })
}

/// The command with our own help and version flags (so their texts follow the language)
/// and, for Chinese, every text of [`COMMANDS`] and [`arg_text`].
pub fn localise(cmd: Command, lang: Lang) -> Command {
    let (help, version) = match lang {
        Lang::Zh => ("显示帮助（-h 简要，--help 详细）", "显示版本"),
        Lang::En => ("Print help (-h a summary, --help in full)", "Print version"),
    };
    let cmd = cmd
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .global(true)
                .help(help),
        )
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(version),
        );
    let mut cmd = match lang {
        Lang::Zh => zh_command(cmd),
        Lang::En => cmd,
    };
    if lang == Lang::Zh {
        // The `help` subcommand exists only once the command is built.
        cmd.build();
        cmd = cmd.mut_subcommand("help", |h| {
            h.about("显示本帮助或某个子命令的帮助")
                .help_template(TEMPLATE)
                .override_usage("selfeval help [命令]")
                .mut_args(|a| a.help("要查看帮助的子命令").help_heading("参数"))
        });
    }
    cmd
}

/// One command and its subcommands in Chinese.
fn zh_command(cmd: Command) -> Command {
    let name = cmd.get_name().to_string();
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    if let Some(t) = COMMANDS.iter().find(|t| t.name == name) {
        cmd = cmd
            .about(t.about)
            .long_about(t.long_about)
            .override_usage(t.usage);
    }
    cmd.mut_args(|a| zh_arg(&name, a))
        .mut_subcommands(zh_command)
}

/// One argument in Chinese: its heading, help and value names; values and default are in
/// the help text, so clap's English `[possible values: …]` and `[default: …]` are hidden.
fn zh_arg(command: &str, a: Arg) -> Arg {
    let heading = if a.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let names: Option<Vec<Str>> = a.get_value_names().map(|v| {
        v.iter()
            .map(|n| value_name(n).map_or_else(|| n.clone(), Str::from))
            .collect()
    });
    let text = arg_text(command, a.get_id().as_str());
    let mut a = a.help_heading(heading);
    // clap allows these only on options that take a value.
    if a.get_action().takes_values() {
        a = a.hide_possible_values(true).hide_default_value(true);
    }
    if let Some(text) = text {
        a = a.help(text).long_help(None::<&str>);
    }
    match names {
        Some(n) => a.value_names(n),
        None => a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every visible argument of every visible command has its Chinese text, so a new
    /// option cannot slip in with English help alone.
    #[test]
    fn every_visible_argument_has_a_chinese_text() {
        let cmd = crate::cmd::cli::command(Lang::Zh);
        let mut missing = Vec::new();
        for sub in std::iter::once(&cmd).chain(cmd.get_subcommands()) {
            if sub.is_hide_set() || sub.get_name() == "help" {
                continue;
            }
            if !COMMANDS.iter().any(|t| t.name == sub.get_name()) {
                missing.push(sub.get_name().to_string());
            }
            for a in sub.get_arguments().filter(|a| !a.is_hide_set()) {
                if arg_text(sub.get_name(), a.get_id().as_str()).is_none() {
                    missing.push(format!("{} {}", sub.get_name(), a.get_id()));
                }
            }
        }
        assert!(missing.is_empty(), "no Chinese text for: {missing:?}");
    }
}
