//! Tag soup — an HTML page, or an EPUB's XHTML that is not well-formed XML — read as a browser
//! reads HTML (html5ever, through scraper), once it is known not to nest too deeply.
//!
//! An HTML parser's work grows with how deep its elements nest (a block's start tag looks
//! through the open elements), so a hostile document of nested `<div>`s would take hours. Before
//! parsing, one linear scan estimates the nesting, erring deep: every start tag but a void one
//! opens an element; a start tag closes what HTML's rules close implicitly only where they surely
//! do (a `<p>` closes an open `p`, an `<li>` an `li`, a cell a cell, a row a row), and an end tag
//! closes the nearest open element of its name only where HTML would (not past a table or a
//! cell, not past a list for `</li>`, not past any block for an inline element's end tag);
//! formatting elements (`b`, `i`, `a`…), which HTML reopens after a block closes them, stay
//! counted until their own end tag.

use std::collections::HashMap;

use crate::import::crowded;

/// Deeper than any book nests its text; the parser's work stays near linear below it.
pub const MAX_DEPTH: usize = 256;

/// Elements that begin and end a block of text, in an EPUB's XHTML and an HTML page alike (a
/// page has a few more: see `html`).
pub const BLOCKS: [&str; 41] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];
/// Elements without content.
const VOID: [&str; 18] = [
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
];
/// HTML's formatting elements (reopened after a block closes them).
const FORMATTING: [&str; 14] = [
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];
/// HTML's special elements (and foreign roots): an inline element's end tag does not close past
/// them.
const SPECIAL: [&str; 69] = [
    "address",
    "applet",
    "article",
    "aside",
    "blockquote",
    "body",
    "button",
    "caption",
    "center",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "html",
    "iframe",
    "li",
    "listing",
    "main",
    "marquee",
    "menu",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "p",
    "plaintext",
    "pre",
    "script",
    "search",
    "section",
    "select",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "xmp",
    "svg",
    "math",
    "foreignobject",
];
/// Elements a block's end tag does not close past (HTML's scope, with `button`, `select` and
/// the foreign roots).
const SCOPE: [&str; 14] = [
    "applet",
    "button",
    "caption",
    "html",
    "marquee",
    "object",
    "table",
    "td",
    "template",
    "th",
    "svg",
    "math",
    "foreignobject",
    "select",
];
/// Elements a table's, a row's or a cell's end tag does not close past.
const TABLE_SCOPE: [&str; 3] = ["html", "table", "template"];
/// Elements `</li>` does not close past, besides the scope.
const LISTS: [&str; 2] = ["ol", "ul"];
const TABLE_PARTS: [&str; 7] = ["table", "tbody", "thead", "tfoot", "tr", "td", "th"];
/// Start tags that close an open `p` (HTML's "close a p element").
const CLOSES_P: [&str; 39] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "table",
    "xmp",
    "li",
    "dd",
    "dt",
];

/// The kinds of element that stop an end tag, as indices into `Open::nearest`.
#[derive(Clone, Copy)]
enum Stop {
    Special,
    /// A special element but `address`, `div` and `p`, which a new item closes past.
    Item,
    Scope,
    TableScope,
    List,
}

const STOP_KINDS: usize = 5;

/// Which kinds of stop an element is.
fn stops_of(name: &str) -> [bool; STOP_KINDS] {
    let special = SPECIAL.contains(&name);
    [
        special,
        special && !matches!(name, "address" | "div" | "p"),
        SCOPE.contains(&name),
        TABLE_SCOPE.contains(&name),
        LISTS.contains(&name),
    ]
}

/// An open element of the estimate.
struct Open {
    name: String,
    /// For each kind of `Stop`, the position of the nearest such element at or below this one
    /// (`usize::MAX`: none).
    nearest: [usize; STOP_KINDS],
}

/// The open elements of the estimate.
#[derive(Default)]
struct Nesting {
    /// The open elements but formatting ones, outermost first.
    stack: Vec<Open>,
    /// Where each name is open in the stack.
    positions: HashMap<String, Vec<usize>>,
    /// How many of each formatting element are open.
    formatting: HashMap<String, usize>,
    formatting_total: usize,
}

impl Nesting {
    fn depth(&self) -> usize {
        self.stack.len() + self.formatting_total
    }

    fn open(&mut self, name: &str) {
        if VOID.contains(&name) {
            return;
        }
        if FORMATTING.contains(&name) {
            // A new `a` (or `nobr`) closes the one open.
            let count = self.formatting.entry(name.to_owned()).or_default();
            if !(matches!(name, "a" | "nobr") && *count > 0) {
                *count += 1;
                self.formatting_total += 1;
            }
            return;
        }
        self.close_implied(name);
        let at = self.stack.len();
        let mut nearest = self
            .stack
            .last()
            .map_or([usize::MAX; STOP_KINDS], |open| open.nearest);
        for (nearest, is) in nearest.iter_mut().zip(stops_of(name)) {
            if is {
                *nearest = at;
            }
        }
        self.stack.push(Open {
            name: name.to_owned(),
            nearest,
        });
        self.positions.entry(name.to_owned()).or_default().push(at);
    }

    /// What a start tag surely closes: the previous item, cell or row, an open paragraph.
    fn close_implied(&mut self, name: &str) {
        match name {
            "li" => self.close_nearest(&["li"], &[Stop::Item]),
            "dd" | "dt" => self.close_nearest(&["dd", "dt"], &[Stop::Item]),
            "td" | "th" => self.close_nearest(&["td", "th"], &[Stop::TableScope]),
            "tr" => self.close_nearest(&["tr"], &[Stop::TableScope]),
            _ => {}
        }
        if CLOSES_P.contains(&name) {
            self.close_nearest(&["p"], &[Stop::Scope]);
        }
    }

    fn close(&mut self, name: &str) {
        if let Some(count) = self.formatting.get_mut(name).filter(|count| **count > 0) {
            *count -= 1;
            self.formatting_total -= 1;
            return;
        }
        let stops: &[Stop] = if TABLE_PARTS.contains(&name) {
            &[Stop::TableScope]
        } else if name == "li" {
            &[Stop::Scope, Stop::List]
        } else if SPECIAL.contains(&name) {
            &[Stop::Scope]
        } else {
            &[Stop::Special]
        };
        self.close_nearest(&[name], stops);
    }

    /// Closes the nearest open element of one of the names, and all above it, unless an element
    /// of one of the `stops` kinds lies above it.
    fn close_nearest(&mut self, names: &[&str], stops: &[Stop]) {
        let nearest = names
            .iter()
            .filter_map(|name| self.positions.get(*name)?.last().copied())
            .max();
        let (Some(at), Some(top)) = (nearest, self.stack.last()) else {
            return;
        };
        let blocked = stops.iter().any(|&stop| {
            let stop_at = top.nearest[stop as usize];
            stop_at != usize::MAX && stop_at > at
        });
        if blocked {
            return;
        }
        for open in self.stack.drain(at..) {
            if let Some(positions) = self.positions.get_mut(&open.name) {
                positions.pop();
            }
        }
    }
}

/// Whether tag soup could nest deeper than `MAX_DEPTH` in an HTML parser (see the module docs).
pub fn nests_too_deep(text: &str) -> bool {
    let mut nesting = Nesting::default();
    let mut name = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let (closing, tail) = match rest.strip_prefix('/') {
            Some(tail) => (true, tail),
            None => (false, rest),
        };
        name.clear();
        name.extend(
            tail.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '_'))
                .map(|c| c.to_ascii_lowercase()),
        );
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        if closing {
            nesting.close(&name);
        } else {
            nesting.open(&name);
            if nesting.depth() > MAX_DEPTH {
                return true;
            }
        }
    }
    false
}

/// Tag soup parsed as a browser parses HTML, unless it could nest too deeply for that or a tag
/// holds too many attributes (`crowded`).
pub fn parse(text: &str) -> Option<scraper::Html> {
    (!nests_too_deep(text) && crowded::crowded_tag(text, crowded::MAX_HTML_ELEMENTS).is_none())
        .then(|| scraper::Html::parse_document(text))
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;

    #[test]
    fn books_nest_shallowly_however_sloppy() {
        let sloppy = "<p>One&nbsp;<br><img src=x><a id=a1/>two<p>Three <span/>four</p>\
            <ul><li>a<li><p>b<li><p>c</ul><dl><dt>t<dd>d<dt>u<dd>e</dl>\
            <table><tr><td>x<td>y<tr><th>z</table><div id=x/><p>after</div>";
        let book = format!("<html><body>{}</body></html>", sloppy.repeat(2000));
        assert!(!nests_too_deep(&book));
        let formatted = "<p><b>bold</b> and <i>italic</i> and <a href=x>link</a></p>";
        assert!(!nests_too_deep(&formatted.repeat(5000)));
    }

    #[test]
    fn hostile_nesting_is_caught_however_it_is_spelled() {
        // Formatting elements HTML reopens after each paragraph, each a different one.
        let mut reopened = String::new();
        for i in 0..300 {
            write!(reopened, "<p><b class={i}></p>x").expect("a string takes it");
        }
        let hostile = [
            "<div>".repeat(300),
            "<div/>".repeat(300),
            "<span><div></span>".repeat(300),
            "<div><table></div>".repeat(300),
            "<dd><li>".repeat(300),
            "<li><ul></li>".repeat(300),
            "<td><table></td>".repeat(300),
            "<b><div></b>".repeat(300),
            reopened,
        ];
        for text in hostile {
            assert!(nests_too_deep(&text), "{}", &text[..40]);
        }
    }
}
