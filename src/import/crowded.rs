//! Markup too crowded to be parsed: XML and HTML parsers check each attribute against the
//! element's earlier ones, in time on the square of their number (80,000 attributes on one
//! element took roxmltree 7 s), and keep a node for every element (64 MB of `<p>a` would take
//! gigabytes). So a tag with more than `MAX_ATTRIBUTES`, or a document of more elements than its
//! parser keeps in some 200 MB, is found first, by a pass in linear time, and refused.

/// More attributes than any real element has; a parser checks this many in about a millisecond.
pub const MAX_ATTRIBUTES: usize = 1000;
/// The most elements of an XML document: roxmltree keeps some 50 bytes for each tag (an end
/// tag's among them), and an importer as much again. A translation memory of 50 MB has about as
/// many.
pub const MAX_XML_ELEMENTS: usize = 1_000_000;
/// The most elements of an HTML page: an HTML parser keeps some 450 bytes for each. A 10 MB
/// novel in one page has about 100,000.
pub const MAX_HTML_ELEMENTS: usize = 500_000;

/// Where markup is too crowded to parse, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crowded {
    /// The byte offset of the tag that crosses a limit.
    pub at: usize,
    pub why: Crowding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crowding {
    /// A tag with more than `MAX_ATTRIBUTES` attributes.
    Attributes,
    /// The element after the most the document may have.
    Elements(usize),
}

impl Crowded {
    /// Why the document is refused, in words.
    pub fn message(self) -> String {
        match self.why {
            Crowding::Attributes => format!(
                "an element with more than {MAX_ATTRIBUTES} attributes, more than taiyaku reads"
            ),
            Crowding::Elements(most) => {
                format!("more than {most} elements, more than taiyaku reads in one document")
            }
        }
    }
}

/// The first tag with more than `MAX_ATTRIBUTES` attributes, or the first beyond the `most`
/// elements, if any. The attributes are counted as the words of the tag outside
/// quotes (`a = "x"` counts three), so a tag is refused only at some 1,000–3,000 attributes;
/// comments, CDATA sections, processing instructions and declarations are skipped, a `<` not
/// followed by a name opens no tag (an end tag among them), and a `<` outside quotes starts the
/// count again (script text such as `a < b` is no tag).
pub fn crowded_tag(text: &str, most: usize) -> Option<Crowded> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut elements = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found;
        let rest = &bytes[start..];
        let crowded = |why| Some(Crowded { at: start, why });
        at = match skipped(rest) {
            Some(skip) => start + skip,
            None if !opens_a_name(&rest[1..]) => start + 1,
            None if elements == most => return crowded(Crowding::Elements(most)),
            None => match words_in_tag(&rest[1..]) {
                Scan::Crowded => return crowded(Crowding::Attributes),
                Scan::Ends(len) => {
                    elements += 1;
                    start + 1 + len
                }
            },
        };
    }
    None
}

/// How far a comment, CDATA section, processing instruction or declaration at the start of
/// `rest` reaches (to the end of the text when it is not closed); `None` for a tag.
fn skipped(rest: &[u8]) -> Option<usize> {
    let closing: &[u8] = if rest.starts_with(b"<!--") {
        b"-->"
    } else if rest.starts_with(b"<![CDATA[") {
        b"]]>"
    } else if rest.starts_with(b"<?") {
        b"?>"
    } else if rest.starts_with(b"<!") {
        b">"
    } else {
        return None;
    };
    Some(
        memchr::memmem::find(&rest[2..], closing).map_or(rest.len(), |end| 2 + end + closing.len()),
    )
}

/// Whether a tag's name starts here (a letter, `_`, `:` or any non-ASCII character), as it
/// does not in script text such as `a < b`.
fn opens_a_name(tag: &[u8]) -> bool {
    tag.first()
        .is_some_and(|&b| b.is_ascii_alphabetic() || matches!(b, b'_' | b':') || !b.is_ascii())
}

enum Scan {
    Crowded,
    /// The tag (or what looked like one) ends this many bytes on.
    Ends(usize),
}

/// Counts the words of a tag whose `<` is just before `tag`, up to its `>` or the next `<`.
fn words_in_tag(tag: &[u8]) -> Scan {
    let mut quote = None;
    let mut words = 0;
    let mut in_word = false;
    for (i, &byte) in tag.iter().enumerate() {
        match (quote, byte) {
            (Some(open), _) if byte == open => quote = None,
            (Some(_), _) => {}
            (None, b'>' | b'<') => return Scan::Ends(i),
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, _) if byte.is_ascii_whitespace() => in_word = false,
            (None, _) => {
                if !in_word {
                    words += 1;
                    // The element's name is the first word.
                    if words > MAX_ATTRIBUTES + 1 {
                        return Scan::Crowded;
                    }
                }
                in_word = true;
            }
        }
    }
    Scan::Ends(tag.len())
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;

    fn tag_with(attributes: usize) -> String {
        let attributes = (0..attributes).fold(String::new(), |mut all, i| {
            write!(all, " a{i}=\"{i}\"").expect("a String takes any write");
            all
        });
        format!("<?xml version=\"1.0\"?>\n<!-- <x a b c> -->\n<root><e{attributes}/></root>")
    }

    #[test]
    fn a_tag_over_the_limit_is_found_where_it_opens() {
        let text = tag_with(MAX_ATTRIBUTES + 1);
        let crowded = crowded_tag(&text, MAX_XML_ELEMENTS).expect("crowded");
        assert_eq!(Some(crowded.at), text.find("<e"));
        assert_eq!(crowded.why, Crowding::Attributes);
    }

    #[test]
    fn the_element_after_the_most_is_found_where_it_opens() {
        let most = format!("<r>{}", "<p>a</p>".repeat(MAX_HTML_ELEMENTS - 1));
        assert_eq!(crowded_tag(&most, MAX_HTML_ELEMENTS), None);
        let more = format!("{most}<p>");
        let crowded = crowded_tag(&more, MAX_HTML_ELEMENTS).expect("crowded");
        let why = Crowding::Elements(MAX_HTML_ELEMENTS);
        assert_eq!((crowded.at, crowded.why), (most.len(), why));
    }

    #[test]
    fn real_tags_quotes_and_script_text_are_not_crowded() {
        assert_eq!(
            crowded_tag(&tag_with(MAX_ATTRIBUTES), MAX_XML_ELEMENTS),
            None
        );
        let words = "w ".repeat(5000);
        // Words in quotes, in text, in a comment, in a CDATA section, after a `<` in script.
        let text = format!(
            "<p title=\"{words}\">{words}</p><!--{words}--><![CDATA[<{words}]]>\
             <script>if (a < {words}) {{}}</script>"
        );
        assert_eq!(crowded_tag(&text, MAX_XML_ELEMENTS), None);
    }

    #[test]
    fn an_unclosed_comment_or_tag_ends_the_scan() {
        assert_eq!(crowded_tag("<!-- no end", 1), None);
        assert_eq!(crowded_tag("<a b='no end", 1), None);
        assert_eq!(crowded_tag("<", 1), None);
    }
}
