//! What of a WordprocessingML part a reader sees: the text Word shows, as both Word readers
//! (the tables, [`super::wordtable`], and the narrative, [`super::narrative::docx`]) take
//! it. Left out: the VML copy Word writes of every text box and drawing beside its
//! DrawingML (`mc:Fallback`; read once, from `mc:Choice`), the source of a tracked move
//! (`w:moveFrom`; the text stands at its `w:moveTo`), the former properties of a tracked
//! change (`w:tcPrChange`, `w:trPrChange` …: a cell's old span is not its span), the
//! placeholder a content control shows while unfilled (`w:showingPlcHdr`:
//! `单击或点击此处输入文字。` is no value) and hidden text (`w:vanish`).
//! Deleted text is `w:delText` and field codes `w:instrText`, which no reader takes as `w:t`.
//! A symbol inserted from Word's symbol dialog (`w:sym`, `≥` as Symbol's `F0B3`) is text.

use quick_xml::events::{BytesStart, Event};

/// Follows a part's events in order and says which a reader takes.
#[derive(Debug, Default)]
pub struct Visible {
    /// Depth inside a left-out element (0: not inside one).
    skip: u32,
    /// Content-control (`w:sdt`) depth.
    sdt: u32,
    /// The depth of the outermost content control showing its placeholder.
    placeholder: Option<u32>,
    /// Run (`w:r`) depth: a text box's runs stand inside another run.
    run: u32,
    /// The depth of the outermost run whose properties hide it (`w:vanish`).
    hidden: Option<u32>,
}

impl Visible {
    /// Whether the reader takes `ev`; called once for every event, in document order.
    pub fn shows(&mut self, ev: &Event<'_>) -> bool {
        // The end of the part always shows: a reader skipping an element left open (a
        // truncated `mc:Fallback`) would otherwise wait for it forever.
        if matches!(ev, Event::Eof) {
            return true;
        }
        if self.skip > 0 {
            match ev {
                Event::Start(_) => self.skip = self.skip.saturating_add(1),
                Event::End(_) => self.skip -= 1,
                _ => {}
            }
            return false;
        }
        match ev {
            Event::Start(e) => {
                let name = e.local_name();
                if left_out(name.as_ref()) {
                    self.skip = 1;
                    return false;
                }
                self.open(e, true);
            }
            Event::Empty(e) => {
                if left_out(e.local_name().as_ref()) {
                    return false;
                }
                self.open(e, false);
                if matches!(e.local_name().as_ref(), "sym" | "tab" | "br" | "cr") {
                    return self.shown();
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "sdt" => {
                    if self.placeholder == Some(self.sdt) {
                        self.placeholder = None;
                    }
                    self.sdt = self.sdt.saturating_sub(1);
                }
                "r" => {
                    if self.hidden == Some(self.run) {
                        self.hidden = None;
                    }
                    self.run = self.run.saturating_sub(1);
                }
                _ => {}
            },
            Event::Text(_) | Event::GeneralRef(_) | Event::CData(_) => return self.shown(),
            _ => {}
        }
        true
    }

    /// An element starts (`start`) or comes empty: the states it opens or sets.
    fn open(&mut self, e: &BytesStart<'_>, start: bool) {
        match e.local_name().as_ref() {
            "sdt" if start => self.sdt = self.sdt.saturating_add(1),
            "r" if start => self.run = self.run.saturating_add(1),
            "showingPlcHdr" if self.placeholder.is_none() => self.placeholder = Some(self.sdt),
            "vanish" | "specVanish" if self.run > 0 && self.hidden.is_none() => {
                let off = e.attributes().flatten().any(|a| {
                    a.key.local_name().as_ref() == "val"
                        && matches!(a.value.as_ref(), "0" | "false" | "off")
                });
                if !off {
                    self.hidden = Some(self.run);
                }
            }
            _ => {}
        }
    }

    /// Text here is shown: not in a placeholder, not hidden.
    fn shown(&self) -> bool {
        self.placeholder.is_none() && self.hidden.is_none()
    }
}

/// Elements whose content a reader leaves out: Word's VML copy of a drawing, a moved
/// text's source, and the former properties a tracked change keeps (`w:tcPrChange` holds a
/// cell's old span and merge after its current ones).
fn left_out(name: &str) -> bool {
    matches!(name, "Fallback" | "moveFrom" | "tblGridChange") || name.ends_with("PrChange")
}

/// The character a `w:sym` shows: its `w:char` code, read through its font when the code
/// is the font's own (`F0xx`, a symbol font's private range: Symbol and Wingdings, the
/// fonts Word's symbol dialog offers first); `None` for a code without a known character.
pub fn sym(e: &BytesStart<'_>) -> Option<char> {
    let attr = |name: &str| {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == name)
            .map(|a| a.value.to_string())
    };
    let code = u32::from_str_radix(attr("char")?.trim(), 16).ok()?;
    if !(0xF000..=0xF0FF).contains(&code) {
        return char::from_u32(code).filter(|c| !c.is_control());
    }
    let byte = code - 0xF000;
    let font = attr("font").unwrap_or_default().to_ascii_lowercase();
    let mapped = if font.starts_with("wingdings") {
        wingdings(byte)
    } else if font == "symbol" {
        symbol(byte)
    } else {
        None
    };
    mapped.or_else(|| {
        (0x20..0x7F)
            .contains(&byte)
            .then(|| char::from_u32(byte))
            .flatten()
    })
}

/// The Symbol font's characters that forms use (operators, degrees, ±, ×, ÷, ≈, ≠).
fn symbol(b: u32) -> Option<char> {
    Some(match b {
        0xA3 => '≤',
        0xB3 => '≥',
        0xB9 => '≠',
        0xBB => '≈',
        0xB1 => '±',
        0xB4 => '×',
        0xB8 => '÷',
        0xB0 => '°',
        0xA5 => '∞',
        0xD6 => '√',
        0xAE => '→',
        _ => return None,
    })
}

/// Wingdings' ticks, crosses and boxes (`☑是 □否` in a form).
fn wingdings(b: u32) -> Option<char> {
    Some(match b {
        0xFC => '✓',
        0xFB => '✗',
        0xFE => '☑',
        0xFD => '☒',
        0xA8 | 0x6F => '□',
        0x6E | 0xA7 => '■',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a reader takes of `xml`, every `w:t` and `w:sym` joined.
    fn shown(xml: &str) -> String {
        let mut rd = quick_xml::Reader::from_str(xml);
        let mut vis = Visible::default();
        let (mut out, mut in_t) = (String::new(), false);
        loop {
            let ev = rd.read_event().unwrap();
            if matches!(ev, Event::Eof) {
                return out;
            }
            if !vis.shows(&ev) {
                continue;
            }
            match ev {
                Event::Start(e) => in_t = e.local_name().as_ref() == "t",
                Event::Empty(e) if e.local_name().as_ref() == "sym" => out.extend(sym(&e)),
                Event::Text(t) if in_t => out.push_str(&t.xml10_content()),
                Event::End(_) => in_t = false,
                _ => {}
            }
        }
    }

    #[test]
    fn a_text_box_is_read_once_a_move_at_its_end_and_a_placeholder_not_at_all() {
        let xml = r#"<w:p xmlns:w="w" xmlns:mc="mc"><w:r><mc:AlternateContent>
            <mc:Choice><w:t>盖章</w:t></mc:Choice><mc:Fallback><w:t>盖章</w:t></mc:Fallback>
            </mc:AlternateContent></w:r><w:moveFrom><w:r><w:t>甲</w:t></w:r></w:moveFrom>
            <w:r><w:t>乙</w:t></w:r><w:moveTo><w:r><w:t>甲</w:t></w:r></w:moveTo>
            <w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>单击此处</w:t></w:r>
            </w:sdtContent></w:sdt><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>丙</w:t></w:r>
            </w:sdtContent></w:sdt></w:p>"#;
        assert_eq!(shown(xml), "盖章乙甲丙");
    }

    #[test]
    fn a_symbol_from_the_dialog_is_its_character() {
        let xml = r#"<w:p xmlns:w="w"><w:r><w:sym w:font="Symbol" w:char="F0B3"/><w:t>90%</w:t>
            <w:sym w:font="Symbol" w:char="F0A3"/><w:sym w:font="Wingdings" w:char="F0FE"/>
            <w:sym w:font="宋体" w:char="2265"/><w:sym w:font="Symbol" w:char="F03E"/>
            <w:sym w:font="Webdings" w:char="F0B3"/><w:sym w:char="zz"/></w:r></w:p>"#;
        assert_eq!(shown(xml), "≥90%≤☑≥>");
    }

    #[test]
    fn hidden_text_and_former_properties_are_left_out() {
        let xml = r#"<w:p xmlns:w="w"><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>
            <w:r><w:rPr><w:vanish/></w:rPr><w:t>旧</w:t><w:tab/></w:r>
            <w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>新</w:t></w:r>
            <w:r><w:rPr><w:rPrChange><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t>值</w:t></w:r>
            </w:p>"#;
        assert_eq!(shown(xml), "新值");
        let mut vis = Visible::default();
        let mut rd = quick_xml::Reader::from_str(
            r#"<w:tcPr><w:gridSpan w:val="2"/><w:tcPrChange><w:tcPr><w:gridSpan w:val="1"/></w:tcPr></w:tcPrChange></w:tcPr>"#,
        );
        let mut spans = 0;
        loop {
            match rd.read_event().unwrap() {
                Event::Eof => break,
                ev if !vis.shows(&ev) => {}
                Event::Empty(e) if e.local_name().as_ref() == "gridSpan" => spans += 1,
                _ => {}
            }
        }
        assert_eq!(spans, 1);
    }

    #[test]
    fn a_part_ending_inside_a_left_out_element_ends() {
        for xml in [
            "<w:r><w:tcPrChange>",
            "<w:p><mc:Fallback><w:t>x",
            "<w:moveFrom>",
        ] {
            let mut rd = quick_xml::Reader::from_str(xml);
            let mut vis = Visible::default();
            let mut events = 0;
            loop {
                let ev = rd.read_event();
                events += 1;
                assert!(events < 100, "{xml}: no end");
                match ev {
                    Ok(ev) if !vis.shows(&ev) => {}
                    Ok(Event::Eof) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        }
    }
}
