//! A bound on the attributes of one HTML tag, applied to the page's text before html5ever
//! tokenizes it: html5ever checks each attribute's name against every one before it on the
//! tag (the duplicate-attribute rule), so one `<td>` of 100,000 attributes (900 KB) costs
//! five billion comparisons. Past [`limits::MAX_HTML_ATTRIBUTES`] on a tag, the rest of the
//! tag's attributes are dropped (its `>` kept), so the tokenizer sees a tag of that many.
//!
//! The scan follows the tokenizer's states closely enough to find each tag's true end
//! (quoted values may hold `>`), and leaves comments and the raw text of `<script>`,
//! `<style>`, `<title>`, `<textarea>` (and the other raw-text elements) untouched, as the
//! tokenizer reads no tags there.

use super::super::limits;

/// Where the scan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum At {
    #[default]
    Text,
    /// After `<`.
    Open,
    /// A start tag's name (`end` false) or an end tag's.
    Name {
        end: bool,
    },
    /// Between attributes.
    Between,
    AttrName,
    /// After a name, before `=` or the next name.
    AfterName,
    BeforeValue,
    Quoted(char),
    Unquoted,
    /// Inside `<!-- … -->`: `dashes` of the closing `-->` seen.
    Comment {
        dashes: u8,
    },
    /// Raw text of an element (its name in `raw`) up to its own end tag.
    Raw,
}

/// The scan's state, kept across the chunks the page is fed in.
#[derive(Debug, Default)]
pub(super) struct AttrCap {
    at: At,
    /// The tag's name so far (lower-cased, at most 16 characters): a raw-text element's
    /// name decides where its text ends.
    name: String,
    /// The raw-text element being read, and how much of `</name` matched.
    raw: Option<(&'static str, usize)>,
    attrs: usize,
    /// A `<!` seen: a comment when `--` follows.
    bang: u8,
    /// Some attributes were dropped: the sheet says it was clipped.
    pub(super) dropped: bool,
}

/// The elements whose content the tokenizer reads as raw text (no tags).
const RAW: [&str; 10] = [
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

impl AttrCap {
    /// Appends `text` to `out`, without the attributes past the bound of each tag.
    pub(super) fn filter(&mut self, text: &str, out: &mut String) {
        let mut rest = text;
        while !rest.is_empty() {
            if self.at == At::Text {
                // Text up to the next `<` goes as it is.
                let cut = rest.find('<').unwrap_or(rest.len());
                out.push_str(&rest[..cut]);
                rest = &rest[cut..];
                if rest.is_empty() {
                    return;
                }
            }
            let Some(c) = rest.chars().next() else { return };
            let keep = self.step(c);
            if keep {
                out.push(c);
            }
            rest = &rest[c.len_utf8()..];
        }
    }

    /// One character; false when it is dropped (an attribute past the bound).
    fn step(&mut self, c: char) -> bool {
        match self.at {
            At::Text => {
                self.at = At::Open;
                true
            }
            At::Open => {
                self.open(c);
                true
            }
            At::Comment { dashes } => {
                self.at = match (c, dashes) {
                    ('>', 2..) => At::Text,
                    ('-', d) => At::Comment {
                        dashes: d.saturating_add(1),
                    },
                    _ => At::Comment { dashes: 0 },
                };
                true
            }
            At::Raw => {
                self.raw_text(c);
                true
            }
            At::Name { end } => {
                self.name_char(c, end);
                true
            }
            _ => self.attribute(c),
        }
    }

    /// The character after `<`: a tag's name, `/`, `!` (a comment or a doctype), text.
    fn open(&mut self, c: char) {
        self.name.clear();
        self.attrs = 0;
        if self.bang > 0 {
            self.bang_char(c);
            return;
        }
        self.at = match c {
            c if c.is_ascii_alphabetic() => {
                self.name.push(c.to_ascii_lowercase());
                At::Name { end: false }
            }
            '/' => At::Name { end: true },
            '!' => {
                self.bang = 1;
                At::Open
            }
            '<' => At::Open,
            _ => At::Text,
        };
    }

    /// After `<!`: `--` opens a comment; anything else is a declaration, read as a tag
    /// without attributes up to its `>`.
    fn bang_char(&mut self, c: char) {
        self.at = match (self.bang, c) {
            (1, '-') => {
                self.bang = 2;
                At::Open
            }
            (2, '-') => {
                self.bang = 0;
                At::Comment { dashes: 0 }
            }
            _ => {
                self.bang = 0;
                if c == '>' {
                    At::Text
                } else {
                    At::Unquoted
                }
            }
        };
    }

    fn name_char(&mut self, c: char, end: bool) {
        match c {
            '>' => self.tag_end(end),
            c if c.is_ascii_whitespace() || c == '/' => self.at = At::Between,
            c => {
                if self.name.len() < 16 {
                    self.name.push(c.to_ascii_lowercase());
                }
            }
        }
        if self.at == At::Between && !end {
            self.raw = RAW.iter().find(|r| **r == self.name).map(|r| (*r, 0));
        }
    }

    /// A tag's `>`: raw text follows a raw-text element's start tag.
    fn tag_end(&mut self, end: bool) {
        if !end && self.raw.is_none() {
            self.raw = RAW.iter().find(|r| **r == self.name).map(|r| (*r, 0));
        }
        self.at = if end { At::Text } else { self.after_start() };
    }

    fn after_start(&mut self) -> At {
        if self.raw.is_some() {
            At::Raw
        } else {
            At::Text
        }
    }

    /// Raw text: only `</name` (any case) followed by white space, `/` or `>` ends it.
    fn raw_text(&mut self, c: char) {
        let Some((name, matched)) = self.raw else {
            self.at = At::Text;
            return;
        };
        if name == "plaintext" {
            return;
        }
        let want = match matched {
            0 => Some(b'<'),
            1 => Some(b'/'),
            k => name.as_bytes().get(k - 2).copied(),
        };
        let next = match want {
            Some(b) if c.to_ascii_lowercase() == b as char => matched + 1,
            Some(_) => usize::from(c == '<'),
            None if c.is_ascii_whitespace() || c == '/' || c == '>' => {
                self.raw = None;
                self.at = if c == '>' { At::Text } else { At::Between };
                return;
            }
            None => usize::from(c == '<'),
        };
        self.raw = Some((name, next));
    }

    /// A character inside a tag, after its name; false when dropped.
    fn attribute(&mut self, c: char) -> bool {
        let starts = |this: &mut Self| {
            this.attrs += 1;
            this.at = At::AttrName;
        };
        match (self.at, c) {
            (At::Quoted(q), c) if c == q => self.at = At::Between,
            (At::Quoted(_), _) => {}
            (_, '>') => {
                self.at = self.after_start_or_text();
                return true;
            }
            (At::Unquoted, c) if c.is_ascii_whitespace() => self.at = At::Between,
            (At::Unquoted, _) => {}
            (At::BeforeValue, '"' | '\'') => self.at = At::Quoted(c),
            (At::BeforeValue, c) if !c.is_ascii_whitespace() => self.at = At::Unquoted,
            (At::AttrName | At::AfterName, '=') => self.at = At::BeforeValue,
            (At::AttrName, c) if c.is_ascii_whitespace() => self.at = At::AfterName,
            // `a/b`: the tokenizer starts a new attribute after the `/`.
            (At::AttrName, '/') => self.at = At::Between,
            (_, c) if c.is_ascii_whitespace() || c == '/' => {}
            (At::Between | At::AfterName, _) => starts(self),
            _ => {}
        }
        let keep = self.attrs <= limits::MAX_HTML_ATTRIBUTES;
        self.dropped |= !keep;
        keep
    }

    /// A tag ends: a raw-text element's start tag opens its raw text.
    fn after_start_or_text(&mut self) -> At {
        match self.raw {
            Some((_, 0)) => At::Raw,
            _ => {
                self.raw = None;
                At::Text
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cap(chunks: &[&str]) -> String {
        let mut a = AttrCap::default();
        let mut out = String::new();
        for c in chunks {
            a.filter(c, &mut out);
        }
        out
    }

    #[test]
    fn pages_within_the_bound_pass_unchanged() {
        let page =
            "<!--[if gte mso 9]><xml><x:Name>表</x:Name></xml><![endif]--><style>.a{b:c}</style>\
                    <script>if (a<b c d) x()</script><table border=1 x:str><tr><td colspan=\"2\" \
                    title='a>b' x:num>1 < 2</td></tr></table>";
        assert_eq!(cap(&[page]), page);
        let split: Vec<&str> = page.split_inclusive(['<', '"', '-']).collect();
        assert_eq!(cap(&split), page);
    }

    #[test]
    fn attributes_past_the_bound_are_dropped_to_the_tag_end() {
        let attrs: String = (0..3000).map(|i| format!(" a{i}='x>{i}'")).collect();
        let page = format!("<td{attrs} >v</td><p>");
        let out = cap(&[&page]);
        let kept = out.matches(" a").count();
        assert_eq!(
            kept,
            limits::MAX_HTML_ATTRIBUTES,
            "{}",
            &out[out.len() - 40..]
        );
        assert!(out.ends_with(">v</td><p>"), "{}", &out[out.len() - 40..]);
        // Attributes the tokenizer splits without white space: `a/a/…`, `a="x"a="x"…`,
        // `=a =a …`, and on an end tag.
        for each in ["a/", "a=\"x\"", " =a"] {
            let page = format!(
                "<td {}>v</td x{}>",
                each.repeat(10_000),
                " b".repeat(10_000)
            );
            let out = cap(&[&page]);
            assert!(out.len() < 1_000, "{each}: {}", out.len());
            assert!(out.contains(">v</td x"), "{each}: {out}");
        }
        // Raw text is no tag: a script's words stay, however many.
        let words = "w ".repeat(3000);
        let script = format!("<script>a<b {words}</script><td>");
        assert_eq!(cap(&[&script]), script);
    }
}
