//! The reader's search: the prompt's query searched as it is typed, a frame's worth at a time.
//!
//! Each keystroke starts a `search::Scan` from the view onwards and runs it for `BUDGET`; the
//! event loop carries it on between keys (`Action::Idle`) until the whole document is done, the
//! first match shown as soon as it is found. A longer query searches only where the shorter one
//! was found; Backspace goes back to the scan the shorter query started with.

use std::time::Duration;

use super::{App, Place, Purpose, Reader, to_isize};
use crate::app::{Action, sentence};
use crate::layout::Position;
use crate::search::{self, Match, Scan};

/// How long one keystroke (or one idle turn of the event loop) searches: about half a frame.
pub const BUDGET: Duration = Duration::from_millis(8);

/// How many of the queries typed before a search keeps the scans of: enough to go back by
/// Backspace a word or two at no cost, not so many that a long query typed key by key holds
/// its every prefix.
const MAX_TYPED: usize = 64;

/// The search in the reader: the query, its matches and the one shown.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    /// The scan of the query: under way, or done (its matches all found).
    scan: Scan,
    /// The scans the last `MAX_TYPED` queries typed started with, shortest first, for
    /// Backspace (one further back is scanned anew).
    typed: Vec<Scan>,
    pub current: Option<usize>,
    /// Where the view was when the prompt opened, for Esc.
    saved: Option<(Position, usize)>,
    /// The prompt was closed with Enter before the scan was done.
    submitted: bool,
}

impl Search {
    pub fn is_active(&self) -> bool {
        !self.query.is_empty() || self.saved.is_some()
    }

    /// The matches found: all of them once the scan is done; before, those from the view on.
    pub fn matches(&self) -> &[Match] {
        self.scan.matches()
    }

    /// How many units the scan has looked at, of how many it will.
    pub fn progress(&self) -> (usize, usize) {
        self.scan.progress()
    }

    /// How far the scan has got, in percent, while it is under way.
    pub fn scanning(&self) -> Option<usize> {
        let (done, of) = self.scan.progress();
        (done < of).then(|| done * 100 / of.max(1))
    }
}

pub(super) fn start(app: &mut App) {
    if let Some(reader) = app.reader.as_mut() {
        reader.search = Search {
            saved: Some((reader.top, reader.cursor)),
            ..Search::default()
        };
        app.ask(Purpose::Search, "");
    }
}

/// The search prompt's text changed, or it was closed; returns a message for the status bar.
pub(super) fn update_prompt(
    reader: &mut Reader,
    action: &Action,
    text: &str,
    height: usize,
) -> Option<String> {
    let search = &mut reader.search;
    match action {
        Action::Submit if text.is_empty() => reader.search = Search::default(),
        Action::Submit if search.scan.is_done() && search.matches().is_empty() => {
            return Some(format!("not found: {text}"));
        }
        Action::Submit => {
            // The search was a jump: the list keeps where it started.
            if let Some((top, cursor)) = search.saved.take() {
                let from = Place { top, cursor };
                if from != Place::of(reader) {
                    reader.jumps.record(from);
                }
            }
            reader.search.submitted = true;
        }
        Action::Cancel => {
            if let Some((top, cursor)) = search.saved {
                reader.top = top;
                reader.cursor = cursor;
            }
            reader.search = Search::default();
        }
        _ => typed(reader, text, height),
    }
    None
}

/// Whether a search is under way, for the event loop to carry on.
pub(super) fn is_busy(app: &App) -> bool {
    app.reader
        .as_ref()
        .is_some_and(|r| r.search.scanning().is_some())
}

/// Carries the search on for another `BUDGET` (the event loop has no key waiting).
pub(super) fn carry_on(app: &mut App) {
    let height = app.pane_height();
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    if reader.search.scanning().is_none() {
        return;
    }
    scan_and_show(reader, height);
    let search = &mut reader.search;
    if search.submitted && search.scan.is_done() {
        search.submitted = false;
        if search.matches().is_empty() {
            app.message = Some(format!("not found: {}", search.query));
        }
    }
}

/// Searches for the query as it is typed now.
fn typed(reader: &mut Reader, text: &str, height: usize) {
    let search = &mut reader.search;
    text.clone_into(&mut search.query);
    let folded = search::fold_query(text);
    let before = search.scan.needle();
    let (saved_top, _) = search.saved.unwrap_or((reader.top, reader.cursor));
    search.current = None;
    search.scan = if let Some(at) = search.typed.iter().rposition(|s| s.query() == text) {
        // Back to a query typed before (Backspace): its scan again, as it started.
        search.typed.truncate(at + 1);
        search.typed[at].restarted()
    } else if !before.trim().is_empty() && folded.starts_with(before) {
        // (A blank query searches nothing, so it has nothing to narrow.)
        let narrowed = search.scan.narrowed(text);
        if search.typed.len() == MAX_TYPED {
            search.typed.remove(0);
        }
        search.typed.push(narrowed.restarted());
        narrowed
    } else {
        let scan = Scan::new(text, 0..reader.layout.len(), saved_top.unit);
        search.typed = vec![scan.restarted()];
        scan
    };
    scan_and_show(reader, height);
}

/// Runs the scan for `BUDGET`; shows the first match once there is one (as in less: the first
/// from the top of the view, wrapping around to the start), or puts the view back when there
/// is none at all.
fn scan_and_show(reader: &mut Reader, height: usize) {
    let search = &mut reader.search;
    let shift = search.scan.run(&reader.article, &reader.layout, BUDGET);
    if let Some(current) = search.current.as_mut() {
        *current += shift;
        return;
    }
    if !search.matches().is_empty() {
        search.current = Some(0);
        show(reader, 0, height);
    } else if search.scan.is_done()
        && let Some((top, cursor)) = search.saved
    {
        reader.top = top;
        reader.cursor = cursor;
    }
}

pub(super) fn step(app: &mut App, step: isize) {
    let height = app.pane_height();
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let count = reader.search.matches().len();
    if count == 0 {
        app.message = Some(if reader.search.query.is_empty() {
            "no search: press / to search".into()
        } else if reader.search.scanning().is_some() {
            format!("searching for {}…", reader.search.query)
        } else {
            format!("not found: {}", reader.search.query)
        });
        return;
    }
    let current = reader.search.current.unwrap_or(0);
    let next = (to_isize(current) + step).rem_euclid(to_isize(count));
    let next = usize::try_from(next).unwrap_or(0);
    let wrapped = (step > 0 && next <= current) || (step < 0 && next >= current);
    if wrapped && count > 1 {
        app.message = Some(if step > 0 {
            "search wrapped to the top".into()
        } else {
            "search wrapped to the bottom".into()
        });
    }
    reader.search.current = Some(next);
    show(reader, next, height);
}

fn show(reader: &mut Reader, index: usize, height: usize) {
    let found = reader.search.matches()[index].clone();
    reader.cursor = found.unit;
    let side = if reader.layout.geometry().mode.sides().contains(&found.side) {
        sentence::place_at(reader, found.unit, found.side, found.range.start);
        found.side
    } else {
        found.side.other()
    };
    let row = reader
        .layout
        .row_of_byte(&reader.article, found.unit, side, found.range.start);
    let target = Position {
        unit: found.unit,
        row,
    };
    let distance = reader
        .layout
        .distance(&reader.article, reader.top, target, height);
    if !distance.is_some_and(|d| d >= 0 && d < to_isize(height)) {
        // Show the match a third of the way down, with its paragraph's start when it fits.
        let context = to_isize(height / 3).min(to_isize(row));
        reader.top = reader.layout.scroll(&reader.article, target, -context);
    }
}

/// Finds the query again in the whole document (the text or the languages shown changed),
/// keeping to the current paragraph.
pub(super) fn refresh(reader: &mut Reader) {
    let search = &mut reader.search;
    let mut scan = Scan::new(&search.query, 0..reader.layout.len(), 0);
    scan.run(&reader.article, &reader.layout, Duration::MAX);
    search.typed = vec![scan.restarted()];
    search.scan = scan;
    let matches = search.scan.matches();
    search.current = matches
        .iter()
        .position(|m| m.unit >= reader.cursor)
        .or((!matches.is_empty()).then_some(0));
}
