//! Why a file is not read: one typed reason per way a file can be refused, each with its
//! Chinese and English text written once, here. The loader, the sniffer and every format's
//! pre-check return a [`Refusal`]; [`Refusal::finding`] is the one place it becomes a
//! `file-unreadable` (or `file-encrypted`) finding.

use super::limits;
use crate::diag::{Code, Finding, Message};

/// Why a file is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Password-protected (`file-encrypted`).
    Encrypted,
    /// The file could not be brought into memory.
    Load(LoadFault),
    /// Reading panicked inside a parser.
    Panicked,
    /// Every sheet failed to read; their names.
    SheetsFailed(Vec<String>),
    /// The content is not a workbook at all.
    NotWorkbook(NotWorkbook),
    /// A zip package that is damaged or exceeds a bound.
    Package(PackageFault),
    /// A calamine reader failed on the workbook: the format's name and calamine's error.
    Damaged {
        /// `xlsx`, `xlsb`, `xls` or `ods`.
        format: &'static str,
        /// The error as calamine shows it (`Debug`), cut to 120 characters.
        detail: String,
    },
    /// An xls or ods workbook whose pre-check failed.
    Dense(DenseFault),
    /// A declared count, repeat count, string size or sheet record past its bound.
    Bound(BoundFault),
}

/// Faults of loading a file from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadFault {
    /// The file cannot be opened (the system's error).
    CannotOpen(String),
    /// Larger than [`limits::MAX_FILE_BYTES`]; its length in bytes.
    TooLarge(u64),
    /// Reading failed half-way (the system's error).
    ReadFailed(String),
    /// The file grew past the bound while it was read.
    Grew,
}

/// Contents that are not a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotWorkbook {
    /// Zero bytes.
    Empty,
    /// Markup naming the Excel 2003 XML namespace without a `Workbook` element at its
    /// start (a workbook is read: [`super::workbook::xmlss`]).
    Excel2003Xml,
    /// An HTML page holding no table.
    Html,
    /// Other XML or markup text.
    Xml,
    /// A PDF file.
    Pdf,
    /// Comma- or tab-separated text.
    Csv,
    /// Other text.
    Text,
    /// Unrecognised binary content.
    Unknown,
    /// An OpenDocument file that is not a spreadsheet.
    OpenDocument,
    /// A Word document (docx).
    Docx,
    /// A PowerPoint file.
    Pptx,
    /// A zip archive without a workbook part.
    Zip,
    /// A Word document (.doc) in an OLE container.
    Doc,
    /// An OLE compound file without a workbook stream.
    Ole,
}

/// Faults of a zip package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageFault {
    /// The central directory cannot be read.
    Directory,
    /// More than [`limits::MAX_ZIP_ENTRIES`] entries; their number.
    TooManyParts(usize),
    /// The parts inflate beyond [`limits::MAX_INFLATED_BYTES`].
    Inflates,
    /// An XML part declares an entity.
    Entity,
    /// Compressed data cannot be inflated.
    Corrupt,
}

/// Faults found by the pre-check of a format calamine reads as whole rectangles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DenseFault {
    /// A sheet's used area (1-based sheet number, rows, columns) takes the workbook past
    /// [`limits::MAX_DENSE_AREA`].
    UsedArea {
        /// 1-based sheet number.
        sheet: usize,
        /// Rows of its used area.
        rows: u64,
        /// Columns of its used area.
        cols: u64,
    },
    /// An xls compound-file structure that cannot be followed in bounded memory.
    XlsStructure,
    /// An xls with more sheet records than any workbook has; their number.
    XlsSheets(usize),
    /// An xls sheet whose declared area takes the workbook past the bound.
    XlsDeclared {
        /// 1-based sheet number.
        sheet: usize,
        /// The cells it declares.
        cells: u64,
    },
    /// An ods whose `content.xml` cannot be read.
    OdsContent,
    /// An Excel 2003 XML workbook whose XML breaks off or is ill-formed.
    ExcelXml,
}

impl Refusal {
    /// The finding for this refusal: `file-encrypted` or `file-unreadable`.
    pub fn finding(&self) -> Finding {
        let code = match self {
            Refusal::Encrypted => Code::FileEncrypted,
            _ => Code::FileUnreadable,
        };
        Finding::new(code, self.message())
    }

    /// The message of the finding.
    pub fn message(&self) -> Message {
        let (zh, en) = match self {
            Refusal::Encrypted => (
                "工作簿设有打开密码，无法读取；请取消密码后重新提交".into(),
                "the workbook is password-protected and cannot be read; remove the password and resubmit".into(),
            ),
            Refusal::Load(l) => l.texts(),
            Refusal::Panicked => (
                "文件已损坏，读取时出错".into(),
                "damaged file: reading it failed".into(),
            ),
            Refusal::SheetsFailed(names) => (
                format!("工作表无法读取（{}），文件可能已损坏", names.join("、")),
                format!(
                    "the sheets cannot be read ({}); the file may be damaged",
                    names.join(", ")
                ),
            ),
            Refusal::NotWorkbook(n) => {
                let (zh, en) = n.texts();
                content((zh.into(), en.into()))
            }
            Refusal::Package(p) => content(p.texts()),
            Refusal::Damaged { format, detail } => content((
                format!("{format} 文件已损坏，无法读取（{detail}）"),
                format!("damaged {format} file, cannot be read ({detail})"),
            )),
            Refusal::Dense(d) => content(d.texts()),
            Refusal::Bound(b) => content(b.texts()),
        };
        Message::new(zh, en)
    }
}

/// A refusal for what the content is, said after one common opening.
fn content((zh, en): (String, String)) -> (String, String) {
    (
        format!("文件无法读取：{zh}"),
        format!("file cannot be read: {en}"),
    )
}

impl LoadFault {
    fn texts(&self) -> (String, String) {
        match self {
            LoadFault::CannotOpen(e) => (
                format!("无法打开文件：{e}"),
                format!("cannot open the file: {e}"),
            ),
            LoadFault::TooLarge(len) => (
                format!(
                    "文件过大（{} MB），超过自评工作簿的合理大小 {} MB",
                    len >> 20,
                    limits::MAX_FILE_BYTES >> 20
                ),
                format!(
                    "file too large ({} MB), over the {} MB limit for a self-evaluation workbook",
                    len >> 20,
                    limits::MAX_FILE_BYTES >> 20
                ),
            ),
            LoadFault::ReadFailed(e) => (
                format!("读取文件出错：{e}"),
                format!("error reading the file: {e}"),
            ),
            LoadFault::Grew => (
                "文件在读取时变大，超过大小限制".into(),
                "file grew past the size limit while being read".into(),
            ),
        }
    }
}

impl NotWorkbook {
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            NotWorkbook::Empty => ("空文件（0 字节）", "empty file (0 bytes)"),
            NotWorkbook::Excel2003Xml => (
                "Excel 2003 XML 电子表格，但文件开头没有工作簿（Workbook）元素；请在 Excel 中打开后另存为 .xlsx",
                "an Excel 2003 XML spreadsheet without a Workbook element at its start; open it in Excel and save it as .xlsx",
            ),
            NotWorkbook::Html => (
                "这是网页（HTML）文件，其中没有表格（可能是系统的提示或错误页面），不是自评表；请重新导出或另存为 .xlsx",
                "an HTML page holding no table (perhaps the system's notice or error page), not a self-evaluation table; export it again or save it as .xlsx",
            ),
            NotWorkbook::Xml => (
                "这是 XML/文本文件，不是电子表格",
                "an XML or text file, not a spreadsheet",
            ),
            NotWorkbook::Pdf => ("这是 PDF 文件，不是电子表格", "a PDF file, not a spreadsheet"),
            NotWorkbook::Csv => (
                "这是 CSV/文本文件，不是工作簿；请另存为 .xlsx",
                "a CSV or text file, not a workbook; save it as .xlsx",
            ),
            NotWorkbook::Text => ("这是文本文件，不是电子表格", "a text file, not a spreadsheet"),
            NotWorkbook::Unknown => (
                "不是电子表格（无法识别的文件内容）",
                "not a spreadsheet (unrecognised content)",
            ),
            NotWorkbook::OpenDocument => (
                "这是 OpenDocument 文档，但不是电子表格",
                "an OpenDocument file, but not a spreadsheet",
            ),
            NotWorkbook::Docx => ("这是 Word 文档，不是电子表格", "a Word document, not a spreadsheet"),
            NotWorkbook::Pptx => (
                "这是 PowerPoint 文档，不是电子表格",
                "a PowerPoint file, not a spreadsheet",
            ),
            NotWorkbook::Zip => (
                "这是压缩包，但不是工作簿（没有工作簿部件）",
                "a zip archive that is not a workbook (no workbook part)",
            ),
            NotWorkbook::Doc => (
                "这是 Word 文档（.doc），不是电子表格",
                "a Word document (.doc), not a spreadsheet",
            ),
            NotWorkbook::Ole => (
                "这是 OLE 复合文件，但不含工作簿",
                "an OLE compound file without a workbook stream",
            ),
        }
    }
}

impl PackageFault {
    fn texts(self) -> (String, String) {
        let mib = limits::MAX_INFLATED_BYTES / (1024 * 1024);
        match self {
            PackageFault::Directory => (
                "文件已损坏或被截断（压缩包目录无法读取）".into(),
                "damaged or truncated (the zip directory cannot be read)".into(),
            ),
            PackageFault::TooManyParts(n) => (
                format!("压缩包内部件过多（{n} 个）"),
                format!("too many parts in the package ({n})"),
            ),
            PackageFault::Inflates => (
                format!("解压后超过 {mib} MiB 上限（疑似压缩炸弹），拒绝读取"),
                format!("its parts would inflate beyond the {mib} MiB limit (a zip bomb?); refused"),
            ),
            PackageFault::Entity => (
                "含有 XML 实体声明（<!ENTITY>），工作簿从不使用，疑似实体膨胀或外部实体攻击，拒绝读取".into(),
                "it holds XML entity declarations (<!ENTITY>), which workbooks never use (an entity-expansion or external-entity attack?); refused".into(),
            ),
            PackageFault::Corrupt => (
                "文件已损坏或被截断（压缩数据无法解压）".into(),
                "damaged or truncated (compressed data cannot be inflated)".into(),
            ),
        }
    }
}

impl DenseFault {
    fn texts(self) -> (String, String) {
        let max = limits::MAX_DENSE_AREA;
        match self {
            DenseFault::UsedArea { sheet, rows, cols } => (
                format!("第 {sheet} 个工作表的已用区域过大（{rows} 行 × {cols} 列，上限 {max} 个单元格），不可能是绩效自评表"),
                format!("sheet {sheet}'s used area is too large ({rows} rows × {cols} columns, limit {max} cells) to be a self-evaluation table"),
            ),
            DenseFault::XlsStructure => (
                "xls 文件已损坏（复合文件结构无法解析）".into(),
                "damaged xls file (its compound-file structure cannot be followed)".into(),
            ),
            DenseFault::XlsSheets(n) => (
                format!("工作表过多（{n} 个），不可能是绩效自评表"),
                format!("too many sheets ({n}) to be a self-evaluation workbook"),
            ),
            DenseFault::XlsDeclared { sheet, cells } => (
                format!("第 {sheet} 个工作表声明的区域过大（{cells} 个单元格，上限 {max} 个），不可能是绩效自评表"),
                format!("sheet {sheet} declares too large an area ({cells} cells, limit {max}) to be a self-evaluation table"),
            ),
            DenseFault::OdsContent => (
                "ods 文件已损坏（content.xml 无法读取）".into(),
                "damaged ods file (content.xml cannot be read)".into(),
            ),
            DenseFault::ExcelXml => (
                "Excel 2003 XML 文件已损坏或不完整（XML 无法读取）".into(),
                "damaged or truncated Excel 2003 XML file (its XML cannot be read)".into(),
            ),
        }
    }
}

/// A declared count, repeat count, string size or sheet record past its bound
/// ([`limits`]): what a small file uses to cost a huge amount of time or memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundFault {
    /// More records of one kind in xl/styles.xml than [`limits::MAX_STYLE_RECORDS`].
    StyleRecords {
        /// The element counted (`xf`, `font`, `fill`, `border`).
        element: &'static str,
    },
    /// More than [`limits::MAX_SHARED_STRINGS`] shared strings.
    SharedStrings,
    /// A declared `uniqueCount` over [`limits::MAX_SHARED_STRINGS`]; the count (saturated).
    DeclaredStrings(u64),
    /// A run of XML text longer than [`limits::MAX_TEXT_RUN_BYTES`].
    TextRun,
    /// More sheet entries in xl/workbook.xml than [`limits::MAX_SHEET_ENTRIES`].
    SheetEntries,
    /// Two sheets of an xlsx read one worksheet part.
    SharedSheetPart,
    /// Two xls sheet records point into one sheet's records; the later sheet (1-based).
    XlsSharedSheet(usize),
    /// An ods `text:s` repeat over [`limits::MAX_ODS_SPACES`]; the repeat (saturated).
    OdsSpaces(u64),
    /// An ods whose cells' text expands past [`limits::MAX_ODS_TEXT_CHARS`].
    OdsText,
    /// Elements of an Excel 2003 XML workbook nested deeper than [`limits::MAX_XML_DEPTH`].
    XmlDepth,
    /// An Excel 2003 XML workbook in another encoding whose text, decoded, is longer than
    /// [`limits::MAX_DECODED_TEXT_BYTES`].
    DecodedText,
    /// A UTF-16 text file whose text, decoded, is longer than
    /// [`limits::MAX_UTF16_TEXT_BYTES`].
    Utf16Text,
}

impl BoundFault {
    fn texts(self) -> (String, String) {
        let (zh, en) = match self {
            BoundFault::StyleRecords { .. }
            | BoundFault::SharedStrings
            | BoundFault::DeclaredStrings(_)
            | BoundFault::TextRun => self.part_texts(),
            _ => self.sheet_texts(),
        };
        (
            zh + "，不可能是绩效自评表，拒绝读取",
            en + "; not a self-evaluation workbook, refused",
        )
    }

    /// The texts of the bounds on an xlsx package's parts.
    fn part_texts(self) -> (String, String) {
        let (styles, strings) = (limits::MAX_STYLE_RECORDS, limits::MAX_SHARED_STRINGS);
        match self {
            BoundFault::StyleRecords { element } => (
                format!("样式表（xl/styles.xml）中 <{element}> 记录超过 {styles} 条"),
                format!(
                    "its style sheet (xl/styles.xml) holds more than {styles} <{element}> records"
                ),
            ),
            BoundFault::SharedStrings => (
                format!("共享字符串表中的字符串超过 {strings} 个"),
                format!("its shared-string table holds more than {strings} strings"),
            ),
            BoundFault::DeclaredStrings(n) => (
                format!("共享字符串表声明了 {n} 个字符串（上限 {strings}）"),
                format!("its shared-string table declares {n} strings (limit {strings})"),
            ),
            _ => {
                let mib = limits::MAX_TEXT_RUN_BYTES >> 20;
                (
                    format!("含有超过 {mib} MiB 的单个文本"),
                    format!("it holds a single text longer than {mib} MiB"),
                )
            }
        }
    }

    /// The texts of the bounds on sheet entries and on cells' text.
    fn sheet_texts(self) -> (String, String) {
        let (spaces, chars) = (limits::MAX_ODS_SPACES, limits::MAX_ODS_TEXT_CHARS);
        match self {
            BoundFault::SheetEntries => (
                format!("工作簿声明的工作表超过 {} 个", limits::MAX_SHEET_ENTRIES),
                format!(
                    "the workbook declares more than {} sheets",
                    limits::MAX_SHEET_ENTRIES
                ),
            ),
            BoundFault::SharedSheetPart => (
                "多个工作表指向同一个工作表部件".into(),
                "several sheets point at one worksheet part".into(),
            ),
            BoundFault::XlsSharedSheet(sheet) => (
                format!("第 {sheet} 个工作表记录指向另一个工作表的数据"),
                format!("sheet record {sheet} points into another sheet's data"),
            ),
            BoundFault::XmlDepth => (
                format!("XML 元素嵌套超过 {} 层", limits::MAX_XML_DEPTH),
                format!(
                    "its XML elements nest deeper than {}",
                    limits::MAX_XML_DEPTH
                ),
            ),
            BoundFault::DecodedText => {
                let mib = limits::MAX_DECODED_TEXT_BYTES >> 20;
                (
                    format!("转换为 UTF-8 后文本超过 {mib} MiB"),
                    format!("its text, decoded to UTF-8, is longer than {mib} MiB"),
                )
            }
            BoundFault::Utf16Text => {
                let mib = limits::MAX_UTF16_TEXT_BYTES >> 20;
                (
                    format!("UTF-16（Unicode）文本转换为 UTF-8 后超过 {mib} MiB"),
                    format!(
                        "its UTF-16 (Unicode) text, decoded to UTF-8, is longer than {mib} MiB"
                    ),
                )
            }
            BoundFault::OdsSpaces(n) => (
                format!("单元格文本中一处空格重复 {n} 次（上限 {spaces}）"),
                format!("a cell's text repeats a space {n} times (limit {spaces})"),
            ),
            _ => (
                format!("单元格文本展开后超过 {chars} 个字符"),
                format!("its cells' text expands to more than {chars} characters"),
            ),
        }
    }
}

/// `?` turns each kind of fault into its refusal.
macro_rules! refusal_from {
    ($($fault:ident => $variant:ident),* $(,)?) => {
        $(impl From<$fault> for Refusal {
            fn from(f: $fault) -> Refusal {
                Refusal::$variant(f)
            }
        })*
    };
}

refusal_from!(
    BoundFault => Bound,
    NotWorkbook => NotWorkbook,
    PackageFault => Package,
    DenseFault => Dense,
    LoadFault => Load,
);
