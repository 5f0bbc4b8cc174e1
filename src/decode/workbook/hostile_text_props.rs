//! Property tests for the two text readers (docs/security.md, "Hostile inputs against the
//! text readers"): arbitrary bytes, alone and behind the heads that steer each reader past
//! its sniffing, and structured generators of the elements and attributes each reads
//! (indexes, spans, merges, styles, numbers, charsets) into Excel 2003 XML
//! ([`xmlss`]) and HTML pages ([`html`], [`htmlstyle`], [`htmlattrs`]). None may panic,
//! and each returns within a bound of time.

use super::hostile_props::quick;
use super::htmlattrs::AttrCap;
use super::{html, htmlstyle, xmlss};
use proptest::prelude::*;

const XML_HEAD: &str = concat!(
    r#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" "#,
    r#"xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">"#
);

/// Sniffs, decodes and reads the bytes as Excel 2003 XML.
fn read_xml(bytes: &[u8]) {
    quick("is_spreadsheetml", || xmlss::is_spreadsheetml(bytes));
    if let Ok(text) = quick("utf8", || xmlss::utf8(bytes)) {
        let _ = quick("xmlss read", || xmlss::read(&text));
    }
}

/// Chooses the charset and lays the bytes out as an HTML page.
fn read_page(bytes: &[u8]) {
    let (encoding, mark) = quick("charset", || html::charset(bytes));
    let page = bytes.get(mark..).unwrap_or_default();
    let _ = quick("lay_out", || html::lay_out(page, encoding));
}

/// A count attribute as writers and attackers spell it.
fn count() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u64..300).prop_map(|n| n.to_string()),
        Just("18446744073709551615".to_string()),
        Just("99999999999999999999999".to_string()),
        Just("-1".to_string()),
        Just("20001".to_string()),
        Just("1e3".to_string()),
    ]
}

/// One SpreadsheetML cell: index, merges, style, data type and text.
fn xml_cell() -> impl Strategy<Value = String> {
    let kind = prop_oneof![
        Just("Number"),
        Just("String"),
        Just("DateTime"),
        Just("Boolean"),
        Just("Error")
    ];
    let text = prop_oneof![
        Just("NaN".to_string()),
        Just("1e400".to_string()),
        Just("-0".to_string()),
        Just("1e-400".to_string()),
        Just("9999-99-99T".to_string()),
        "[0-9.,eE+-]{0,30}",
        "\\PC{0,20}",
    ];
    let attrs = proptest::collection::vec(
        (
            prop_oneof![
                Just("Index"),
                Just("MergeAcross"),
                Just("MergeDown"),
                Just("StyleID")
            ],
            count(),
        ),
        0..4,
    );
    (attrs, kind, text).prop_map(|(attrs, kind, text)| {
        let a: String = attrs
            .iter()
            .map(|(k, v)| format!(r#" ss:{k}="{v}""#))
            .collect();
        let text = text.replace('<', "&lt;").replace('&', "&amp;");
        format!(r#"<Cell{a}><Data ss:Type="{kind}">{text}</Data></Cell>"#)
    })
}

/// One HTML token of a table page.
fn html_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<table>".to_string()),
        Just("</table>".to_string()),
        Just("<tr>".to_string()),
        Just("</tr>".to_string()),
        Just("</td>".to_string()),
        Just("<br>".to_string()),
        Just("<p>".to_string()),
        Just("<caption>".to_string()),
        Just("<script>".to_string()),
        Just("<style>.c{mso-number-format:\"0\\.00%\";}".to_string()),
        Just("</style>".to_string()),
        (count(), count(), "[a-z0-9.\\\\\" %-]{0,12}", "[0-9.eEnaNif+-]{0,12}").prop_map(
            |(c, r, f, n)| format!(
                "<td colspan={c} rowspan={r} class=c style='mso-number-format:\"{f}\"' x:num=\"{n}\">"
            )
        ),
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn excel_xml_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..2000),
                                   bom in any::<bool>()) {
        read_xml(&tail);
        let mut b = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        b.extend(XML_HEAD.as_bytes());
        b.extend(&tail);
        read_xml(&b);
        let gbk = XML_HEAD.replace("?>", " encoding=\"GBK\"?>");
        read_xml(&[gbk.as_bytes(), &tail].concat());
    }

    #[test]
    fn excel_xml_sheets_never_panic(rows in proptest::collection::vec(
            (proptest::option::of(count()), proptest::option::of(count()),
             proptest::collection::vec(xml_cell(), 0..8)), 0..30)) {
        let body: String = rows.iter().map(|(index, span, cells)| {
            let i = index.as_ref().map(|v| format!(r#" ss:Index="{v}""#)).unwrap_or_default();
            let s = span.as_ref().map(|v| format!(r#" ss:Span="{v}""#)).unwrap_or_default();
            format!("<Row{i}{s}>{}</Row>", cells.concat())
        }).collect();
        let xml = format!(
            r#"{XML_HEAD}<Styles><Style ss:ID="1"><NumberFormat ss:Format="0.00%"/></Style></Styles><Worksheet ss:Name="S"><Table>{body}</Table></Worksheet></Workbook>"#
        );
        read_xml(xml.as_bytes());
    }

    #[test]
    fn html_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..2000),
                              head in prop_oneof![Just(""), Just("\u{feff}"), Just("<meta charset=utf-16>"),
                                                  Just("<meta charset=gbk>"), Just("<meta charset=x-bogus>")]) {
        read_page(&tail);
        read_page(&[head.as_bytes(), b"<table><tr><td>", &tail].concat());
    }

    #[test]
    fn html_tables_never_panic(tokens in proptest::collection::vec(html_token(), 0..80)) {
        read_page(tokens.concat().as_bytes());
    }

    #[test]
    fn html_styles_never_panic(css in "([.a-z0-9,{}:;\"'\\\\ -]|mso-number-format|\\PC){0,80}") {
        let mut c = htmlstyle::Classes::default();
        quick("classes", || c.read(&css));
        let _ = quick("of", || c.of(&css));
        if let Some(code) = quick("declared", || htmlstyle::declared(&css)) {
            let _ = quick("shown", || htmlstyle::shown(&code));
        }
    }

    #[test]
    fn the_attribute_bound_reads_a_page_alike_in_any_chunks(
            page in "(<|>|/|=|\"|'|-|!|a|b| |td|script|</script|<!--|-->|\\PC){0,200}",
            cuts in proptest::collection::vec(0usize..200, 0..6)) {
        let mut whole = String::new();
        AttrCap::default().filter(&page, &mut whole);
        let mut cuts: Vec<usize> = cuts.into_iter().filter(|c| page.is_char_boundary(*c)).collect();
        cuts.sort_unstable();
        let mut chunked = String::new();
        let mut cap = AttrCap::default();
        let mut at = 0;
        for c in cuts.into_iter().chain([page.len()]) {
            cap.filter(&page[at..c.max(at)], &mut chunked);
            at = c.max(at);
        }
        prop_assert_eq!(whole, chunked);
    }
}
