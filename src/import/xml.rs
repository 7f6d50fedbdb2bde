//! XML documents: parsed leniently (a bare `&` is repaired, with a warning), and every error
//! placed by line and column in the file as it was, in one safe line.

use std::borrow::Cow;
use std::ops::Range;

use roxmltree::{Document, TextPos};

use crate::import::{ImportError, crowded};
use crate::text::sanitize;

const PREDEFINED_ENTITIES: [&str; 5] = ["amp", "lt", "gt", "quot", "apos"];
/// Longer than any reference worth recognising (`#x10FFFF`, with room for leading zeros).
const REFERENCE_MAX_LEN: usize = 32;
/// Error messages quote names from the file; they are cut to this many characters.
const MESSAGE_MAX_CHARS: usize = 160;

/// Parses `text` and hands the document to `read`. When the text does not parse, every `&`
/// that does not begin `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` or a numeric character
/// reference is written `&amp;` and the text is parsed again, with a warning; an error that
/// remains names its line and column in the text as it was. A DTD is refused (as roxmltree does
/// by default), so no other entity can be defined.
pub fn read<T>(
    text: &str,
    read: impl FnOnce(&Document) -> Result<T, ImportError>,
) -> Result<(T, Vec<String>), ImportError> {
    if let Some(crowded) = crowded::crowded_tag(text, crowded::MAX_XML_ELEMENTS) {
        let (line, column) = position_of(text, crowded.at);
        return Err(ImportError::Xml {
            line,
            column,
            message: crowded.message(),
        });
    }
    match Document::parse(text) {
        Ok(document) => Ok((read(&document)?, Vec::new())),
        Err(error) => {
            let repair = Repair::new(text);
            if repair.escaped.is_empty() {
                return Err(xml_error(&error, error_position(text, &error)));
            }
            let document = Document::parse(&repair.text).map_err(|error| {
                let at = error_position(&repair.text, &error);
                xml_error(&error, repair.original_position(text, at))
            })?;
            Ok((read(&document)?, vec![repair.warning(text)]))
        }
    }
}

/// An error at a node's position in the document.
pub fn error_at(document: &Document, offset: usize, message: &str) -> ImportError {
    let TextPos { row, col } = document.text_pos_at(offset);
    ImportError::Xml {
        line: row as usize,
        column: col as usize,
        message: short_message(message),
    }
}

/// Whether a text's first element, after the XML declaration, comments, processing
/// instructions and a `<!DOCTYPE …>`, is `<name …>` (for detection: nothing is parsed).
pub fn opens_with_element(text: &str, name: &str) -> bool {
    let start = prolog(text).last().map_or(0, |item| item.end);
    text[start..]
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .strip_prefix('<')
        .and_then(|tail| tail.strip_prefix(name))
        .is_some_and(|tail| {
            tail.is_empty()
                || tail.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        })
}

/// The text with a `<!DOCTYPE …>` that only names an external DTD (`<!DOCTYPE tmx SYSTEM
/// "tmx14.dtd">`, which is never fetched) blanked out, so that it parses: roxmltree refuses
/// every DTD. Each of its characters but a line break becomes a space, so every line and column
/// stays where it was. A DOCTYPE with an internal subset (`[…]`, which may define entities) is
/// left as it is, for the parser to refuse.
pub fn without_external_doctype(text: &str) -> Cow<'_, str> {
    let doctype = prolog(text).into_iter().find(|item| {
        let declaration = &text[item.clone()];
        declaration.starts_with("<!DOCTYPE") && !has_internal_subset(declaration)
    });
    let Some(Range { start, end }) = doctype else {
        return Cow::Borrowed(text);
    };
    let blank: String = text[start..end]
        .chars()
        .map(|c| if c == '\n' { c } else { ' ' })
        .collect();
    Cow::Owned(format!("{}{blank}{}", &text[..start], &text[end..]))
}

/// The byte ranges of a text's prolog items, in order: `<?…?>`, `<!--…-->` and `<!…>`, with
/// white space (and a BOM) before and between them.
fn prolog(text: &str) -> Vec<Range<usize>> {
    let mut items = Vec::new();
    let mut at = 0;
    loop {
        let rest = &text[at..];
        let item_start = at + rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
                .len();
        let Some(length) = prolog_item_length(&text[item_start..]) else {
            return items;
        };
        at = item_start + length;
        items.push(item_start..at);
    }
}

/// The length of the `<?…?>`, `<!--…-->` or `<!…>` a text starts with, if it starts with one
/// that ends. A `<!…>` ends at the first `>` outside quotes and brackets.
fn prolog_item_length(text: &str) -> Option<usize> {
    if let Some(rest) = text.strip_prefix("<?") {
        rest.find("?>").map(|at| 2 + at + 2)
    } else if let Some(rest) = text.strip_prefix("<!--") {
        rest.find("-->").map(|at| 4 + at + 3)
    } else if text.starts_with("<!") {
        markup_outside_literals(text)
            .find(|&(_, c, depth)| c == '>' && depth == 0)
            .map(|(at, _, _)| at + 1)
    } else {
        None
    }
}

/// Whether a `<!…>` declaration has brackets outside its quoted literals.
fn has_internal_subset(declaration: &str) -> bool {
    markup_outside_literals(declaration).any(|(_, c, _)| c == '[')
}

/// The characters of a `<!…>` declaration outside quoted literals, each with its offset and
/// how deep in brackets it is.
fn markup_outside_literals(text: &str) -> impl Iterator<Item = (usize, char, usize)> + '_ {
    let (mut quote, mut depth) = (None, 0_usize);
    text.char_indices().skip(2).filter_map(move |(at, c)| {
        match (quote, c) {
            (Some(open), _) => {
                if c == open {
                    quote = None;
                }
                return None;
            }
            (None, '"' | '\'') => {
                quote = Some(c);
                return None;
            }
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            _ => {}
        }
        Some((at, c, depth))
    })
}

/// A copy of a document with its bare ampersands escaped.
struct Repair {
    text: String,
    /// Byte offsets in the original of the `&` that were escaped, in order.
    escaped: Vec<usize>,
}

impl Repair {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len() + 64);
        let mut escaped = Vec::new();
        let mut copied = 0;
        for (at, _) in original.match_indices('&') {
            if !starts_reference(&original[at + 1..]) {
                text.push_str(&original[copied..=at]);
                text.push_str("amp;");
                copied = at + 1;
                escaped.push(at);
            }
        }
        text.push_str(&original[copied..]);
        Self { text, escaped }
    }

    fn warning(&self, original: &str) -> String {
        let count = self.escaped.len();
        let first = self.escaped.first().copied().unwrap_or_default();
        let (line, column) = position_of(original, first);
        let noun = if count == 1 {
            "ampersand"
        } else {
            "ampersands"
        };
        format!(
            "malformed XML repaired: {count} bare {noun} read as '&' \
             (the first at line {line}, column {column})"
        )
    }

    /// Where a position in the repaired text was in the original: the same line, the column
    /// less the `amp;` inserted before it on that line.
    fn original_position(&self, original: &str, (line, column): (usize, usize)) -> (usize, usize) {
        let bounds = line_bounds(original, line);
        let first = self.escaped.partition_point(|&at| at < bounds.start);
        let on_line = self.escaped[first..]
            .iter()
            .take_while(|&&at| at < bounds.end);
        let (mut shifted, mut chars_before, mut from) = (column, 0, bounds.start);
        for (inserted, &at) in on_line.enumerate() {
            chars_before += original[from..at].chars().count();
            from = at;
            if 1 + chars_before + 4 * inserted >= column {
                break;
            }
            shifted = shifted.saturating_sub(4).max(1);
        }
        (line, shifted)
    }
}

/// Whether the text after a `&` makes it a predefined entity or a character reference.
fn starts_reference(rest: &str) -> bool {
    let head = rest.bytes().take(REFERENCE_MAX_LEN);
    let Some(end) = head.clone().position(|b| b == b';') else {
        return false;
    };
    let name = &rest[..end];
    if let Some(hex) = name.strip_prefix("#x") {
        !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit())
    } else if let Some(decimal) = name.strip_prefix('#') {
        !decimal.is_empty() && decimal.bytes().all(|b| b.is_ascii_digit())
    } else {
        PREDEFINED_ENTITIES.contains(&name)
    }
}

/// Line and column (both from 1, the column in characters) of an error: roxmltree's, except
/// that an unclosed root is placed at the end of the text rather than at 1:1.
fn error_position(text: &str, error: &roxmltree::Error) -> (usize, usize) {
    if *error == roxmltree::Error::UnclosedRootNode {
        return position_of(text, text.len());
    }
    let TextPos { row, col } = error.pos();
    (row as usize, col as usize)
}

/// Line and column (both from 1, the column in characters) of a byte offset.
fn position_of(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
    (line, 1 + before[line_start..].chars().count())
}

/// The byte range of line `line` (from 1), without its line break.
fn line_bounds(text: &str, line: usize) -> Range<usize> {
    let start = match line.checked_sub(2) {
        None => 0,
        Some(breaks) => text
            .match_indices('\n')
            .nth(breaks)
            .map_or(text.len(), |(at, _)| at + 1),
    };
    let end = text[start..].find('\n').map_or(text.len(), |at| start + at);
    start..end
}

/// roxmltree's message, without the position it appends (the error shows it itself).
fn xml_error(error: &roxmltree::Error, (line, column): (usize, usize)) -> ImportError {
    let message = error
        .to_string()
        .replace(&format!(" at {}", error.pos()), "");
    ImportError::Xml {
        line,
        column,
        message: short_message(&message),
    }
}

/// Sanitized, on one line, and cut short if a name quoted from the file makes it long.
fn short_message(message: &str) -> String {
    let one_line = sanitize(message).replace('\n', " ");
    match one_line.char_indices().nth(MESSAGE_MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_told_from_bare_ampersands() {
        for reference in ["amp;x", "lt;", "#38;", "#x26;"] {
            assert!(starts_reference(reference), "{reference}");
        }
        for bare in [
            "", " i", "amp", "nbsp;", "#;", "#x;", "#X26;", "#12a;", "i(id:1)",
        ] {
            assert!(!starts_reference(bare), "{bare}");
        }
    }

    #[test]
    fn repair_escapes_only_bare_ampersands() {
        let repair = Repair::new("<a>A&B &amp; &#38; &</a>");
        assert_eq!(repair.text, "<a>A&amp;B &amp; &#38; &amp;</a>");
        assert_eq!(repair.escaped, [4, 19]);
    }

    #[test]
    fn positions_map_back_past_inserted_text() {
        let original = "<a>\n&&<b>\n</a>";
        let repair = Repair::new(original);
        assert_eq!(repair.text, "<a>\n&amp;&amp;<b>\n</a>");
        let error = Document::parse(&repair.text).expect_err("mismatched");
        let at = error_position(&repair.text, &error);
        assert_eq!(at.0, 3);
        let columns = |column| repair.original_position(original, (2, column)).1;
        assert_eq!(columns(11), 3, "<b> is at column 3 of the original line");
        assert_eq!(columns(1), 1);
        assert_eq!(columns(6), 2);
    }

    #[test]
    fn the_first_element_is_found_past_the_prolog() {
        let prolog = "\u{FEFF}<?xml version=\"1.0\"?>\n<!-- a > b -->\n\
            <!DOCTYPE tmx SYSTEM \"a>b.dtd\">\n<?pi x?>";
        assert!(opens_with_element(
            &format!("{prolog}<tmx version=\"1.4\">"),
            "tmx"
        ));
        assert!(opens_with_element("<tmx>", "tmx"));
        assert!(opens_with_element("<tmx/>", "tmx"));
        assert!(opens_with_element(
            "<!DOCTYPE tmx [<!ENTITY a \"]>\">]><tmx>",
            "tmx"
        ));
        assert!(!opens_with_element("<tmxfile>", "tmx"));
        assert!(!opens_with_element("text <tmx>", "tmx"));
        assert!(!opens_with_element("<!-- open <tmx>", "tmx"));
        assert!(!opens_with_element("<?xml", "tmx"));
    }

    #[test]
    fn an_external_doctype_is_blanked_in_place() {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx\n SYSTEM \"tmx14.dtd\">\n<tmx/>";
        let blanked = without_external_doctype(text);
        assert_eq!(
            blanked,
            format!(
                "<?xml version=\"1.0\"?>\n{}\n{}\n<tmx/>",
                " ".repeat(13),
                " ".repeat(20)
            )
        );
        assert!(Document::parse(&blanked).is_ok());
        for kept in [
            "<tmx/>",
            "<!DOCTYPE tmx [<!ENTITY a \"b\">]><tmx>&a;</tmx>",
            "<!DOCTYPE tmx SYSTEM \"x\"",
        ] {
            assert!(
                matches!(without_external_doctype(kept), Cow::Borrowed(_)),
                "{kept}"
            );
        }
        let subset = without_external_doctype("<!DOCTYPE tmx [<!ENTITY a \"b\">]><tmx>&a;</tmx>");
        assert_eq!(
            Document::parse(&subset).err(),
            Some(roxmltree::Error::DtdDetected)
        );
    }

    #[test]
    fn long_messages_are_cut() {
        let long = "x".repeat(500);
        assert_eq!(short_message(&long).chars().count(), MESSAGE_MAX_CHARS + 1);
        assert_eq!(short_message("a\u{1b}[2Jb"), "a\u{241B}b");
    }
}
