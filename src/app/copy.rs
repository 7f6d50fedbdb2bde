//! Taking text out of the reader: the passage read (the current paragraph, or the lit sentence
//! and its translation) copied in the languages `copy` names, as it is or as a Markdown quote
//! with the article's title; and the mouse given to the terminal for its own selection. What
//! the terminal must be told is asked for as `ToTerminal`, which the event loop writes.

use std::ops::Range;

use crate::app::App;
use crate::article::{Side, joiner};
use crate::export::escape_markdown;
use crate::keymap::Command;
use crate::layout::Unit;

/// The longest OSC 52 payload (base64) sent: terminals ignore (xterm, tmux) or choke on longer
/// sequences, and a clipboard of megabytes is not a passage.
pub const MAX_COPY_BYTES: usize = 1 << 20;

/// What the app asks of the terminal beyond drawing, written after the next frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToTerminal {
    /// Put this text on the system clipboard (OSC 52).
    Clipboard(String),
    /// Report the mouse to the app (true), or leave it to the terminal's own selection.
    MouseCapture(bool),
}

/// The passage to copy: each side's text, in the order copied, and where it is (`¶12`).
struct Passage {
    sides: Vec<(Side, String)>,
    place: String,
}

/// `y` (`quote`: `Y`): copies the passage read, and says so on the status bar.
pub(super) fn copy(app: &mut App, quote: bool) {
    let Some(reader) = app.reader.as_ref() else {
        return;
    };
    let passage = passage(reader, app.config.copy.sides());
    if app.awaited.article.is_some()
        && reader.current_block() == reader.article.blocks.len().checked_sub(1)
    {
        // A preview's last paragraph may be cut short, or its translation not yet read.
        app.message = Some(format!(
            "{} is still being read: copy it in a moment",
            passage.place
        ));
        return;
    }
    if passage.sides.is_empty() {
        let languages = match app.config.copy.sides() {
            [side] => side.language_name(),
            _ => "English or Japanese",
        };
        app.message = Some(format!(
            "nothing to copy at {}: no text in {languages}",
            passage.place
        ));
        return;
    }
    let text = if quote {
        quoted(&passage, &reader.article)
    } else {
        plain(&passage)
    };
    // As the terminal is sent it: in base64, four bytes for every three.
    let sent = text.len().div_ceil(3) * 4;
    if sent > MAX_COPY_BYTES {
        app.message = Some(format!(
            "{} is too long to copy through the terminal ({} KiB to send; at most {} KiB)",
            passage.place,
            sent / 1024,
            MAX_COPY_BYTES / 1024
        ));
        return;
    }
    let languages = passage
        .sides
        .iter()
        .map(|(side, _)| side.language_name())
        .collect::<Vec<_>>()
        .join(" and ");
    let how = if quote { " as a quote" } else { "" };
    app.message = Some(format!(
        "sent {}{how} to the clipboard: {languages}, {} characters",
        passage.place,
        text.chars().count()
    ));
    app.to_terminal.push(ToTerminal::Clipboard(text));
}

/// Mouse capture on or off, said on the status bar.
pub(super) fn toggle_mouse(app: &mut App) {
    app.mouse = !app.mouse;
    app.to_terminal.push(ToTerminal::MouseCapture(app.mouse));
    let key = app
        .config
        .keymap
        .keys(app.screen_context(), Command::ToggleMouse)
        .first()
        .map_or_else(String::new, |key| format!("; {key} takes it back"));
    app.message = Some(if app.mouse {
        "mouse on: the wheel scrolls, clicks pick paragraphs".to_owned()
    } else {
        format!("mouse off: the terminal's own selection copies text{key}")
    });
}

/// With the sentence cursor on a sentence: its sentence pair (or, where the pairing is not
/// known, the lit sentences); else the current paragraph (or heading row); on `sides` where
/// it has text.
fn passage(reader: &crate::app::Reader, sides: &[Side]) -> Passage {
    let article = &reader.article;
    let texts: Vec<(Side, String)>;
    let place;
    if let (Some(cursor), Some(lit)) = (reader.sentence.as_ref(), reader.lit_sentences()) {
        let block = cursor.block;
        let of = &article.blocks[block];
        // The whole pair, as a bookmark on it keeps it (two sentences may translate one).
        texts = if let Some(pair) = reader.current_pair() {
            sides
                .iter()
                .filter_map(|&side| Some((side, of.sentence(pair, side)?.to_owned())))
                .collect()
        } else {
            let mut ranges = lit.partners;
            ranges.push(lit.current);
            sides
                .iter()
                .filter_map(|&side| Some((side, sentences(of.text.get(side)?, side, &ranges))))
                .collect()
        };
        place = match reader.sentence_place() {
            Some((i, _)) => format!("¶{} · sentence {i}", block + 1),
            None => format!("¶{}", block + 1),
        };
    } else {
        let (text, at) = match reader.layout.unit(reader.cursor) {
            Unit::Block(block) => (&article.blocks[block].text, format!("¶{}", block + 1)),
            Unit::Heading(field) => (article.headings.field(field), "the heading".to_owned()),
        };
        texts = sides
            .iter()
            .filter_map(|&side| Some((side, text.get(side)?.to_owned())))
            .collect();
        place = at;
    }
    Passage {
        sides: texts
            .into_iter()
            .map(|(side, text)| (side, clean(&text)))
            .filter(|(_, text)| !text.is_empty())
            .collect(),
        place,
    }
}

/// The sentences of `ranges` on `side`, in the order of the text, joined as the side joins
/// sentences.
fn sentences(text: &str, side: Side, ranges: &[(Side, Range<usize>)]) -> String {
    let mut mine: Vec<&Range<usize>> = ranges
        .iter()
        .filter(|(s, _)| *s == side)
        .map(|(_, range)| range)
        .collect();
    mine.sort_by_key(|range| range.start);
    mine.iter()
        .filter_map(|range| text.get((*range).clone()))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(joiner(side))
}

/// The article's text as it is drawn, with nothing a terminal or a clipboard would take as a
/// control (the text was sanitized on import; this holds whatever changed it since).
fn clean(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|&c| c == '\n' || !c.is_control())
        .collect()
}

/// English, then a blank line, then Japanese.
fn plain(passage: &Passage) -> String {
    let texts: Vec<&str> = passage.sides.iter().map(|(_, t)| t.as_str()).collect();
    texts.join("\n\n")
}

/// A Markdown quote of each side, then the title and the place:
///
/// ```text
/// > The passage.
/// >
/// > その一節。
/// >
/// > — Title / 題名, ¶12
/// ```
fn quoted(passage: &Passage, article: &crate::article::Article) -> String {
    let title = article
        .headings
        .title
        .joined()
        .unwrap_or_else(|| article.display_title().to_owned());
    let mut paragraphs: Vec<String> = passage
        .sides
        .iter()
        .map(|(_, text)| escape_markdown(text))
        .collect();
    paragraphs.push(format!("— {}, {}", escape_markdown(&title), passage.place));
    let mut out = String::new();
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            out.push_str(">\n");
        }
        for line in paragraph.lines() {
            out.push_str("> ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
