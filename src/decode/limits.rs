//! The bounds the reader puts on what it will read, so that no submitted file — however
//! large, odd or hostile — can make it allocate or work without limit.
//!
//! A real self-evaluation workbook is small: a handful of sheets, each under 200 rows and
//! 20 columns, well under 1 MB on disk. The bounds are generous multiples of that, so they
//! only ever bite on junk. Where a bound bites, the reader either refuses the file
//! (`file-unreadable`, saying which bound: a [`super::refusal::Refusal`]) or clips the sheet and still reports what it
//! found (a clipped sheet with no table gives `file-no-table`). See docs/reader.md.

/// Largest file accepted, in bytes (64 MiB): the one size gate ([`super::load::gate`]),
/// applied before a file is read from disk, while it is read (a file that grows) and to
/// bytes handed in from memory. Anything larger is not a self-evaluation workbook;
/// refusing it early keeps memory bounded (the file is read into memory once).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Largest total size the parts of a zip package (xlsx, xlsm, xlsb, ods) may inflate to
/// (100 MiB, rules.md "Bounds"). Checked against the central directory's declared sizes
/// and again while actually inflating, so a zip bomb is refused after at most this much
/// decompression work and in constant memory.
pub const MAX_INFLATED_BYTES: u64 = 100 * 1024 * 1024;

/// Largest inflated xlsx package kept in memory after the bomb check (16 MiB), stored
/// again uncompressed so the parser need not inflate it a second time. A larger package
/// is parsed from the original bytes (inflated twice, in bounded memory).
pub const MAX_RESTORED_BYTES: u64 = 16 * 1024 * 1024;

/// Largest number of entries in a zip package. An xlsx has a few dozen parts.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Largest number of sheets read from one workbook; later sheets are ignored.
pub const MAX_SHEETS: usize = 256;

/// Rows beyond this zero-based index are not read (a table is under 200 rows; junk beyond
/// this is clipped, and a note says the sheet was clipped).
pub const MAX_ROWS: u32 = 20_000;

/// Columns beyond this zero-based index are not read (tables are about 11 columns wide).
pub const MAX_COLS: u32 = 256;

/// Largest number of non-empty cells kept per sheet.
pub const MAX_CELLS_PER_SHEET: usize = 400_000;

/// Largest number of cell records looked at per sheet before the sheet is clipped, so a
/// sheet with millions of cells costs bounded time.
pub const MAX_CELLS_SCANNED: usize = 2_000_000;

/// Longest text kept from one cell, in characters; longer text is cut.
pub const MAX_STRING_CHARS: usize = 4_000;

/// Largest number of merged ranges kept per sheet.
pub const MAX_MERGES: usize = 20_000;

/// Largest number of cells a single merged range may cover and still be filled (a merge
/// over a whole column is kept as a merge but never materialised cell by cell).
pub const MAX_MERGE_AREA: u64 = 10_000;

/// Most cells the merges of one sheet may cover in all and be indexed cell by cell, in any
/// format (a real table's merges cover a few hundred): 20,000 merges of 10,000 cells each
/// (a 100 KB `.xlsx`) would index 200 million and take a reader's whole time. Past it the
/// merges are kept but not filled, and the sheet says it was clipped.
pub const MAX_MERGED_CELLS: u64 = 200_000;

/// Rows searched below a table's start for its blocks; a table is far shorter.
pub const MAX_TABLE_ROWS: u32 = 2_000;

/// Deepest nesting of HTML tables laid out (`workbook::html`): a layout table holds the
/// exported table, one or two levels; a table nested deeper is read as text of the cell it
/// stands in, so a page of 100,000 nested tables costs a bounded stack.
pub const MAX_HTML_TABLE_DEPTH: usize = 16;

/// Largest `colspan` of an HTML cell, as browsers clamp it (HTML's "rules for parsing
/// non-negative integers", 1,000); a larger one counts as 1,000.
pub const MAX_HTML_COLSPAN: u32 = 1_000;

/// Largest `rowspan` of an HTML cell, as browsers clamp it (65,534); a span past the
/// table's last row is cut at that row, as a browser lays it out.
pub const MAX_HTML_ROWSPAN: u32 = 65_534;

/// Most cells an HTML page's merges may cover in all, counted within the grid's row and
/// column bounds (a real table's merges cover a few hundred): each merge's cells are
/// indexed one by one, so 20,000 rows of `colspan=1000` would index five million. Merges
/// past it are not kept (their cells read as empty, the top-left cell keeps the value).
pub const MAX_HTML_MERGED_CELLS: u64 = 200_000;

/// Most attributes of one HTML tag passed to the tokenizer (Excel writes under ten on a
/// cell: `class`, `style`, `x:num`, spans): html5ever checks each attribute against every
/// one before it on the tag, so a tag's cost grows with the square of its attributes. The
/// attributes past it are dropped (`workbook::htmlattrs`), and the sheet says it was
/// clipped.
pub const MAX_HTML_ATTRIBUTES: usize = 64;

/// Most bytes of `<style>` text read from an HTML page for its number-format classes
/// (Excel writes a few KiB); the rest is not read.
pub const MAX_HTML_STYLE_BYTES: usize = 1024 * 1024;

/// Most style classes kept from an HTML page (Excel writes one per cell format, dozens).
pub const MAX_HTML_CLASSES: usize = 10_000;

/// Largest bounding rectangle (rows × columns) of a sheet in a format that calamine can
/// only read as a whole rectangle (xls, ods). Beyond it, the sheet is skipped, not read.
pub const MAX_DENSE_AREA: u64 = 1_500_000;

/// Most bytes of an xlsx worksheet's `<mergeCells>` text kept by the merge scan; a merge
/// tag is about 30 bytes and at most [`MAX_MERGES`] merges are used, so a longer list is
/// left to calamine.
pub const MAX_MERGE_TEXT: usize = MAX_MERGES * 64 + 4096;

/// Largest `xl/workbook.xml` or its relationships part read by the merge scan (16 MiB);
/// a larger one is left to calamine.
pub const MAX_WORKBOOK_PART_BYTES: u64 = 16 * 1024 * 1024;

/// Longest cell text, in characters, looked at as a label, title or header (a label is a
/// few words; a longer text is a sentence, never a label).
pub const MAX_LABEL_CHARS: usize = 60;

/// CPU time one file may take in its reader process, in seconds. A real workbook takes
/// milliseconds; a file that needs more was built to exhaust the reader and is
/// `file-unreadable` (超时). `--file-timeout` overrides it.
pub const FILE_CPU_SECONDS: u64 = 5;

/// Address space of a reader process, in bytes (2 GiB). A real workbook needs a few tens
/// of megabytes; a file that needs more is `file-unreadable` (内存超限).
/// `--file-memory` (MiB) overrides it.
pub const WORKER_MEMORY_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Most digits before the decimal point of any number read (15): every amount, score, rate
/// and indicator value is below 10^15 in absolute value. The largest real figure is an
/// amount in 万元 (a county's whole budget is below 10^7 万元) or a count of people
/// (below 2 × 10^9); 10^15 leaves six orders of magnitude to spare and matches the 15
/// significant digits a spreadsheet keeps. The bound keeps every sum of a table's figures,
/// and every conversion (元 → 万元, percent → fraction), far inside `Decimal`'s range
/// (about 7.9 × 10^28), so no arithmetic on a bounded figure can overflow. A larger number
/// is `field-not-number` (a cell) or `target-unparsed` (a 年度指标值).
pub const MAX_INTEGER_DIGITS: u32 = 15;

/// Most decimal places of a number written as text (12), after trailing zeros are dropped.
/// Money has 2 to 6 places (万元 to 4 dp is 1 元), rates 4, scores 2; no one types more
/// than 12. With [`MAX_INTEGER_DIGITS`] a number has at most 27 significant digits, so
/// `Decimal` (28) holds every accepted text exactly and never rounds it silently. A number
/// stored in a cell as binary (f64) keeps the 15 significant digits a spreadsheet shows
/// instead ([`super::number::decimal_from_f64`]). A text with more places is
/// `field-not-number` (a cell) or `target-unparsed` (a 年度指标值).
pub const MAX_DECIMAL_PLACES: u32 = 12;

// Bounds on declared counts, repeat counts, string sizes and sheet records, checked by the
// pre-checks (src/decode/workbook/) before calamine allocates for them: a small file that
// declares or repeats its way to a huge cost is refused in bounded time and memory, and
// the reader process's limits above are only the last line. docs/security.md lists each
// threat with its bound and its test (tests/bounds.rs).

/// Most records of one kind (`xf`, `font`, `fill`, `border`) in an xlsx `xl/styles.xml`.
/// Excel keeps at most 64,000 cell formats (and far fewer fonts); calamine holds a style of
/// a few hundred bytes for each record, so 20 million empty `<xf/>` in a 147 KB file
/// would cost gigabytes.
pub const MAX_STYLE_RECORDS: u64 = 150_000;

/// Most shared strings (`<si>`) in an xlsx `sharedStrings.xml`, and the largest
/// `uniqueCount` it may declare (calamine reserves memory for the declared count before
/// reading one string; a count in the quintillions aborts the process). A self-evaluation
/// workbook has a few thousand strings.
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;

/// Longest run of XML text without markup (no `<`), in bytes (8 MiB), in the XML parts of
/// an xlsx package (under `xl/`) and an ods's `content.xml` and `styles.xml`. A cell holds
/// at most 32,767 characters (about 160 KB as escaped UTF-8); a single string of tens of
/// megabytes costs several times its size in the parser.
pub const MAX_TEXT_RUN_BYTES: u64 = 8 * 1024 * 1024;

/// Most sheet entries a workbook may declare: `<sheet>` elements in an xlsx
/// `xl/workbook.xml`, BoundSheet8 records in an xls. Only [`MAX_SHEETS`] are read, but
/// calamine parses every entry (an xls's every sheet) when it opens the workbook. Above
/// [`MAX_SHEETS`] a workbook is still read (its first sheets); past this it is refused.
pub const MAX_SHEET_ENTRIES: usize = 4_096;

/// Largest space repeat of one ods `<text:s text:c="…"/>` (calamine writes the spaces
/// out): a cell holds at most 32,767 characters.
pub const MAX_ODS_SPACES: u64 = 32_767;

/// Most characters the text of an ods's cells may expand to, counting each cell's text
/// (its `text:s` spaces included) once per repeat of the cell and of its row, as calamine
/// writes them out (16 Mi characters).
pub const MAX_ODS_TEXT_CHARS: u64 = 16 * 1024 * 1024;

/// Deepest nesting of elements in an Excel 2003 XML workbook (`Workbook` › `Worksheet` ›
/// `Table` › `Row` › `Cell` › `Data` › a few rich-text runs is under 10). Deeper is refused.
pub const MAX_XML_DEPTH: usize = 64;

/// Largest text an Excel 2003 XML workbook in another encoding (GBK, UTF-16) may decode
/// to (96 MiB): a file within [`MAX_FILE_BYTES`] of Chinese text decodes to at most one and
/// a half times its size; 60 MiB of bytes GBK reads as `€` would decode to 180 MiB, held
/// beside the file. Past it the file is refused.
pub const MAX_DECODED_TEXT_BYTES: usize = 96 * 1024 * 1024;

/// Most cells the merges of one Excel 2003 XML sheet may cover in all, counted within the
/// grid's row and column bounds, as [`MAX_HTML_MERGED_CELLS`] for a page: the grid indexes
/// each merged cell, so 20,000 rows of `ss:MergeAcross="9999"` (800 KB) would index 200
/// million. Merges past it are not kept and the sheet says it was clipped.
pub const MAX_XMLSS_MERGED_CELLS: u64 = 200_000;

/// Longest `ss:StyleID` kept (Excel writes `s62`, LibreOffice `ce1`): a row's style is
/// copied to each of its cells, so a 1 MiB one on a row of 200,000 cells would cost
/// 200 GB. A longer one reads as no style.
pub const MAX_STYLE_ID_BYTES: usize = 256;

/// Most paragraphs read from a narrative report (a 30-page report has about 500).
pub const MAX_REPORT_PARAGRAPHS: usize = 50_000;

/// Largest number of entries in an archive sent by a unit (`报送材料.zip`, templates.md §9);
/// a unit sends a few files.
pub const MAX_ARCHIVE_ENTRIES: usize = 1_000;

/// Largest total inflated size of an archive's entries (256 MiB), checked against the
/// declared sizes and again while inflating. Each entry is also held to
/// [`MAX_FILE_BYTES`], as a file in the folder is.
pub const MAX_ARCHIVE_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

/// Largest ratio of an archive entry's inflated size to its compressed size (a workbook
/// or a document is itself compressed, text compresses about tenfold; 1 GB of zeros is
/// about a thousandfold) …
pub const MAX_ARCHIVE_RATIO: u64 = 200;

/// … above this inflated size (1 MiB): a small entry may have any ratio.
pub const ARCHIVE_RATIO_FLOOR: u64 = 1024 * 1024;

/// How many times a single file's CPU and wall-clock budget an archive gets in its
/// reader process: its entries are read one after another in one request.
pub const ARCHIVE_BUDGET_FACTOR: u32 = 8;
/// Longest paragraph kept, in bytes (16 KiB, about 5,000 Chinese characters; a long real
/// paragraph has a few hundred); the rest of a longer one is dropped and the report says
/// how many paragraphs were cut (`file-clipped`).
pub const MAX_PARAGRAPH_BYTES: usize = 16 * 1024;

/// Most text a narrative report may hold, in bytes, its paragraphs put together (4 MiB; a
/// 30-page report has about 200 KB). A larger one is refused (`file-unreadable`), so the
/// report costs the parent a bounded amount when it is sent to be checked.
pub const MAX_REPORT_TEXT_BYTES: usize = 4 * 1024 * 1024;

/// Most figures read from one report (a real one states a few hundred); a report with
/// more is refused (`file-unreadable`): every check of it is linear in this count.
pub const MAX_REPORT_FIGURES: usize = 20_000;

/// Deepest nesting of `w:p` inside `w:p` in a `.docx` (a text box's paragraph inside a
/// paragraph is depth 2; Word nests no deeper than a few levels). Deeper is refused.
pub const MAX_PARAGRAPH_DEPTH: usize = 16;

/// Most findings of one code kept on one table, file or report (`check::cap`); the last
/// one kept says how many more there were (及另外 N 条). A real table has a few findings
/// of a kind; a hostile one (or a report beside a unit of a thousand tables) could
/// otherwise have one per cell or table, all held in memory and written.
pub const MAX_FINDINGS_OF_A_KIND: usize = 100;

/// Largest policy file read (`--policy`), in bytes (256 KiB; the commented default is
/// about 10 KB). A larger one is refused before it is parsed.
pub const MAX_POLICY_BYTES: usize = 256 * 1024;

/// Most categories one scheme of a policy may list (a scheme has three to six): every
/// category is looked up for every indicator and written into the outputs.
pub const MAX_POLICY_CATEGORIES: usize = 32;

/// Longest category name or policy name, in characters: with [`MAX_POLICY_CATEGORIES`]
/// every text a policy puts into one output cell stays far below Excel's 32,767.
pub const MAX_POLICY_TEXT_CHARS: usize = 64;

/// Most narrative reports of one unit checked against its tables (a unit sends one, or a
/// corrected copy): each check reads all the unit's tables, so 2,000 copies beside a unit
/// of 1,000 tables would cost two million table reads. Later ones are listed with a
/// `file-clipped` finding saying they were not checked.
pub const MAX_REPORTS_PER_UNIT: usize = 8;

/// Most entries a run lists (files of every kind, over all the paths given): a run keeps
/// a light copy of each until the outputs are written (about 20 KB a workbook of seven
/// tables, docs/performance.md), so past this it stops at once with a clear message
/// instead of growing (50,000 workbooks are about 1 GB).
pub const MAX_INBOX_ENTRIES: usize = 50_000;

/// Most findings kept for one file, over its tables (`check::cap::cap_file`); each table
/// keeps its first error beyond it, and the file says how many more there were. A real
/// workbook has tens; the parent keeps every finding until the outputs are written.
pub const MAX_FINDINGS_PER_FILE: usize = 2_000;

/// Most Word tables read as one (templates.md §9): a self-evaluation table split by page
/// breaks into this many `w:tbl` is joined; a next part starts a table of its own. Each
/// part re-reads the table joined so far once, so the work stays linear.
pub const MAX_WORD_TABLE_PARTS: usize = 16;

/// Most Excel objects read from one Word document (a report with its table pasted in as an
/// object holds one or a few); later ones are named in a `file-clipped` finding. Their
/// bytes together stay within [`MAX_INFLATED_BYTES`], each within [`MAX_FILE_BYTES`].
pub const MAX_EMBEDDED_WORKBOOKS: usize = 16;

/// Most cell formats (XF records) whose number format is read from an xls or xlsb
/// workbook's styles (`xlsfmt`, `xlsbfmt`); Excel keeps at most 64,000. Later XFs read as
/// unformatted.
pub const MAX_FORMAT_XFS: usize = 65_536;

/// Most number cells of one workbook (xls, xlsb) whose format is kept (a unit or a scale
/// in the format: `0.00"万元"`, `0%`); a table has a few hundred. Later cells read as
/// their plain numbers.
pub const MAX_FORMATTED_CELLS: usize = 200_000;

/// Most parts of a single-file web page (`.mht`, `workbook::mht`) looked at: Excel writes
/// one per sheet plus the frame page, the sheet tabs, the file list and the images, a few
/// dozen. Later parts are not read (the file is reported clipped).
pub const MAX_MHT_PARTS: usize = 1_000;

/// Largest decoded sheet part of a single-file web page (16 MiB): a sheet's page is well
/// under 1 MB. A larger part is not decoded (base64 is measured before decoding) and is
/// named as a sheet that could not be read.
pub const MAX_MHT_PART_BYTES: usize = 16 * 1024 * 1024;

/// Most header bytes of one MIME part: Excel writes three header lines. A part without a
/// blank line within this many bytes has no body and is passed over.
pub const MAX_MHT_HEADER_BYTES: usize = 16 * 1024;

/// Bytes of a text file's head looked at to tell a CSV export by its lines
/// (`workbook::delimited`).
pub const CSV_SNIFF_BYTES: usize = 64 * 1024;

/// Bytes of a file's head looked at to tell UTF-16 text without a byte order mark by its
/// NUL bytes, and to check that what follows a mark reads as text (`read::textenc`).
pub const UTF16_SNIFF_BYTES: usize = 4096;

/// Largest UTF-8 text a UTF-16 file may decode to (64 MiB, [`MAX_FILE_BYTES`]): the text
/// passes the gate it would have passed saved as UTF-8. 60 MiB of ASCII in UTF-16 decodes
/// to 30, of Chinese to 90; a self-evaluation table is well under 1 MiB. Past it the file
/// is refused, found by counting before the text is written.
pub const MAX_UTF16_TEXT_BYTES: usize = MAX_FILE_BYTES as usize;

/// Most `<Column>` elements of one Excel 2003 XML sheet read for their styles (Excel
/// writes one per run of columns of one width or style, a few dozen): each sets at most the
/// read columns' styles, so a million of them would cost a million times that. Later ones
/// are passed over.
pub const MAX_XMLSS_COLUMNS: usize = 1_024;
