//! Work that other threads finish after the first frame and the app waits for: the whole
//! article of which the reader shows a preview, and the library. An action that needs what is
//! still on its way is held, and carried out when it arrives.

use super::{Action, App, Screen};
use crate::article::{Article, Headings};
use crate::keymap::Command;
use crate::layout::{Mode, Position};

/// What has been done elsewhere and reaches the app (`Action::Arrived`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival {
    /// The library: the bundled articles and the imported ones, and short notices of data
    /// files that had to be set aside.
    Library {
        bundled: Vec<Article>,
        imported: Vec<Article>,
        notices: Vec<String>,
    },
    /// The whole article of the previewed file, with what opening it says for the status bar.
    Article {
        article: Box<Article>,
        message: Option<String>,
    },
    /// The whole file could not be read: the reader ends, and the caller reports why.
    Failed,
}

/// What the app is still waiting for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Awaited {
    pub library: bool,
    /// The whole article, while the reader shows a preview of it.
    pub article: Option<Preview>,
}

/// The reader shows the start of a file while the whole is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The file's size, for the status bar.
    pub bytes: u64,
    /// Where the preview opened, to tell whether the reader has moved since.
    opened_at: (Position, usize),
    /// The layout it opened in, to tell whether the reader has chosen another since.
    opened_mode: Mode,
}

impl Awaited {
    pub fn any(&self) -> bool {
        self.library || self.article.is_some()
    }
}

impl App {
    /// Whether an action is held until something arrives.
    pub fn waits_to_act(&self) -> bool {
        self.held.is_some()
    }

    /// Whether taking in `arrival` changes the screen: the library (which the reader does not
    /// show) does only when it brings a warning or an action waits for it.
    pub fn is_seen(&self, arrival: &Arrival) -> bool {
        match arrival {
            Arrival::Library { notices, .. } => !notices.is_empty() || self.waits_to_act(),
            Arrival::Article { .. } | Arrival::Failed => true,
        }
    }

    /// Shows `article`, the start of a file of `bytes` bytes, until `Arrival::Article` brings
    /// the whole of it (and until then holds what needs the whole).
    pub fn show_preview(&mut self, article: Article, bytes: u64) {
        // A place left beyond the preview's end is not taken as its last paragraph: the preview
        // opens at its start, and the whole article at the place.
        let id = article.id.clone();
        let beyond = self
            .positions
            .positions
            .get(&id)
            .is_some_and(|saved| !saved.is_in(&article));
        let saved = if beyond {
            self.positions.positions.remove(&id)
        } else {
            None
        };
        self.open(article, false);
        if let Some(saved) = saved {
            // The place is the whole's to find; the layout chosen is the preview's as well.
            if let (Some(reader), Some(mode)) = (self.reader.as_mut(), saved.layout()) {
                reader.mode = mode;
            }
            self.positions.positions.insert(id, saved);
            self.refresh_view();
        }
        self.awaited.article = self.reader.as_ref().map(|r| Preview {
            bytes,
            opened_at: (r.top, r.cursor),
            opened_mode: r.mode,
        });
    }
}

/// Whether `action` waits for something still on its way: then it is kept (replacing any
/// action kept before) to be carried out on arrival, and the status bar says so.
pub(super) fn holds(app: &mut App, action: &Action) -> bool {
    let waits = (app.awaited.article.is_some() && needs_whole_article(app, action))
        || (app.awaited.library && needs_library(app, action));
    if waits {
        app.held = Some(action.clone());
        let what = if app.awaited.article.is_some() {
            "the file"
        } else {
            "the library"
        };
        let then = match action {
            Action::Command(command) => format!("'{}'", command.name()),
            _ => "that".to_owned(),
        };
        app.message = Some(format!(
            "still reading {what}: {then} follows as soon as it is read"
        ));
    }
    waits
}

/// Takes in what arrived; the action held for it, if it can now be carried out, is returned.
pub(super) fn arrived(app: &mut App, arrival: Arrival) -> Option<Action> {
    match arrival {
        Arrival::Library {
            bundled,
            imported,
            notices,
        } => {
            app.awaited.library = false;
            app.add_library(bundled, imported);
            if !notices.is_empty() {
                let notices = format!("warning: {}", notices.join("; "));
                app.message = Some(match app.message.take() {
                    Some(message) => format!("{message} · {notices}"),
                    None => notices,
                });
            }
        }
        Arrival::Article { article, message } => {
            whole_article(app, *article);
            // After what opening the whole said (a single pane for one language).
            app.message = match (message, app.message.take()) {
                (Some(message), Some(opening)) => Some(format!("{message} · {opening}")),
                (message, opening) => message.or(opening),
            };
        }
        Arrival::Failed => {
            app.awaited.article = None;
            app.should_quit = true;
            return None;
        }
    }
    let held = app.held.take()?;
    if holds(app, &held) {
        return None;
    }
    Some(held)
}

/// Replaces the preview with the whole article: where the reader was, when it has moved and
/// the whole starts as the preview does; else where the article was left last time.
fn whole_article(app: &mut App, article: Article) {
    let Some(preview) = app.awaited.article.take() else {
        return;
    };
    let Some(shown) = app.reader.take() else {
        app.open(article, false);
        return;
    };
    let moved = (shown.top, shown.cursor) != preview.opened_at;
    let same_start = starts_alike(&shown.article, &article);
    // What the preview's opening said is the whole's to say again, or not.
    app.message = None;
    app.open(article, shown.from_library);
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    // A layout chosen while the preview was shown stays; else the whole article's own (the
    // preview's one language may not be the whole's).
    if shown.mode != preview.opened_mode {
        reader.mode = shown.mode;
    }
    reader.sentence_rows = shown.sentence_rows;
    if moved && same_start {
        reader.top = shown.top;
        reader.cursor = shown.cursor;
        reader.sentence = shown.sentence;
    }
    app.refresh_view();
}

/// Whether the whole article starts as the preview: the same headings (but for a credit that
/// comes at the end) and blocks, but for the preview's last block, whose partner may lie
/// beyond the cut.
fn starts_alike(preview: &Article, whole: &Article) -> bool {
    let kept = preview.blocks.len().saturating_sub(1);
    let opening = |article: &Article| Headings {
        copyright: None,
        ..article.headings.clone()
    };
    opening(preview) == opening(whole)
        && whole.blocks.len() >= kept
        && preview.blocks[..kept] == whole.blocks[..kept]
}

/// What can be done on the preview as on the whole: moving, the view, the help, leaving.
fn needs_whole_article(app: &App, action: &Action) -> bool {
    if app.overlay.is_some() || app.screen != Screen::Reader {
        return false;
    }
    match action {
        Action::Command(command) => !matches!(
            command,
            Command::ScrollDown
                | Command::ScrollUp
                | Command::HalfPageDown
                | Command::HalfPageUp
                | Command::PageDown
                | Command::PageUp
                | Command::Top
                | Command::NextParagraph
                | Command::PreviousParagraph
                | Command::NextHeading
                | Command::PreviousHeading
                | Command::NextSentence
                | Command::PreviousSentence
                | Command::CycleLayout
                | Command::SwapPanes
                | Command::SentenceRows
                | Command::ToggleRuby
                | Command::Widen
                | Command::Narrow
                | Command::ResetMeasure
                | Command::Copy
                | Command::CopyQuote
                | Command::ToggleMouse
                | Command::Help
                | Command::Quit
                | Command::Suspend
        ),
        Action::Wheel(_) | Action::Click { .. } => false,
        _ => true,
    }
}

/// What needs the library's articles: its screen, the list of every article's bookmarks, and
/// corrections (which keep the corrected article in it). (The reader on a file goes back to no
/// library: it quits.)
fn needs_library(app: &App, action: &Action) -> bool {
    if app.overlay.is_some() {
        return false;
    }
    let Action::Command(command) = action else {
        return app.screen != Screen::Reader;
    };
    app.screen != Screen::Reader
        || matches!(
            command,
            Command::Bookmarks
                | Command::Undo
                | Command::Redo
                | Command::JoinPairs
                | Command::SplitPair
                | Command::SentenceBack
                | Command::SentenceOn
                | Command::JoinParagraphs
                | Command::SplitParagraph
                | Command::PairBack
                | Command::PairOn
        )
}
