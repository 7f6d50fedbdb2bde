//! The jump list: where the reader's jumps (a search, `G`, `:N`, `%`, a bookmark, a heading)
//! left from, to go back and forth through with Ctrl-O and Ctrl-I, and back to the last one
//! with `''`, as in vim.

use crate::app::{App, Reader, Screen, to_isize};
use crate::keymap::Command;
use crate::layout::Position;

/// How many places the list keeps, as vim does.
const LIMIT: usize = 100;

/// A place in the article: the top of the view and the current paragraph (a unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub top: Position,
    pub cursor: usize,
}

impl Place {
    pub fn of(reader: &Reader) -> Place {
        Place {
            top: reader.top,
            cursor: reader.cursor,
        }
    }
}

/// The places jumps left from, oldest first, and where Ctrl-O and Ctrl-I have walked to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Jumps {
    places: Vec<Place>,
    /// The index of the place walked to; `places.len()` when not walking.
    at: usize,
    /// Where the last jump came from (`''`).
    previous: Option<Place>,
}

impl Jumps {
    /// The places, oldest first.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// A jump left `from`: it goes at the end of the list, an older entry for the same
    /// paragraph dropped, and walking starts again from the end.
    pub fn record(&mut self, from: Place) {
        self.push(from);
        self.previous = Some(from);
    }

    fn push(&mut self, place: Place) {
        self.places.retain(|p| p.cursor != place.cursor);
        self.places.push(place);
        if self.places.len() > LIMIT {
            self.places.remove(0);
        }
        self.at = self.places.len();
    }

    /// Ctrl-O from `here`: the place before. Leaving the end of the list, `here` is kept at
    /// its end, for Ctrl-I to come back to.
    pub fn older(&mut self, here: Place) -> Option<Place> {
        if self.at >= self.places.len() {
            if self.places.is_empty() {
                return None;
            }
            self.push(here);
            self.at = self.places.len() - 1;
        }
        let before = self.at.checked_sub(1)?;
        self.at = before;
        Some(self.places[before])
    }

    /// Ctrl-I: the place after the one walked to, if Ctrl-O went back.
    pub fn newer(&mut self) -> Option<Place> {
        let after = self.at + 1;
        let place = *self.places.get(after)?;
        self.at = after;
        Some(place)
    }

    /// `''` from `here`: where the last jump came from; going there is a jump too, so that
    /// `''` again comes back.
    pub fn back(&mut self, here: Place) -> Option<Place> {
        let target = self.previous?;
        self.record(here);
        Some(target)
    }
}

/// Whether a reader command is a jump, whose starting place the list keeps.
pub(super) fn is_jump(command: Command) -> bool {
    matches!(
        command,
        Command::Top
            | Command::Bottom
            | Command::Percent
            | Command::NextHeading
            | Command::PreviousHeading
            | Command::NextMatch
            | Command::PreviousMatch
            | Command::NextBookmark
            | Command::PreviousBookmark
    )
}

/// Runs a jump and records where it left from, if it moved the view or the current
/// paragraph. A jump that reopens the article (to a bookmark) keeps the list.
pub(super) fn recorded(app: &mut App, jump: impl FnOnce(&mut App)) {
    let before = app
        .reader
        .as_ref()
        .map(|r| (r.article.id.clone(), Place::of(r), r.jumps.clone()));
    jump(app);
    let (Some(reader), Some((id, from, jumps))) = (app.reader.as_mut(), before) else {
        return;
    };
    if reader.article.id != id {
        return;
    }
    reader.jumps = jumps;
    if Place::of(reader) != from {
        reader.jumps.record(from);
    }
}

/// Ctrl-O (`step` −1) or Ctrl-I (1) in the reader.
pub(super) fn walk(app: &mut App, step: isize) {
    let height = app.pane_height();
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let here = Place::of(reader);
    let place = if step < 0 {
        reader.jumps.older(here)
    } else {
        reader.jumps.newer()
    };
    match place {
        Some(place) => go(reader, place, height),
        None if step < 0 => app.message = Some(no_jump(reader)),
        None => app.message = Some("at the newest place in the jump list".into()),
    }
}

/// `''`: back to the reader, where its last jump came from.
pub(super) fn back(app: &mut App) {
    let height = app.pane_height();
    let Some(reader) = app.reader.as_mut() else {
        app.message = Some("no article open: no jump to go back to".into());
        return;
    };
    app.screen = Screen::Reader;
    match reader.jumps.back(Place::of(reader)) {
        Some(place) => go(reader, place, height),
        None => app.message = Some(no_jump(reader)),
    }
}

fn no_jump(reader: &Reader) -> String {
    if reader.jumps.places().is_empty() {
        "no jumps yet (G, search, :N, %, headings and bookmarks are jumps)".into()
    } else {
        "at the oldest place in the jump list".into()
    }
}

/// Puts the reader at `place`, the current paragraph on screen (the text may have been
/// wrapped anew since).
fn go(reader: &mut Reader, place: Place, height: usize) {
    let last = reader.layout.len().saturating_sub(1);
    reader.cursor = place.cursor.min(last);
    reader.top = reader.layout.clamp(&reader.article, place.top);
    let cursor = Position::at_unit(reader.cursor);
    let distance = reader
        .layout
        .distance(&reader.article, reader.top, cursor, height);
    let shown = reader.top.unit == reader.cursor
        || distance.is_some_and(|d| d >= 0 && d < to_isize(height));
    if !shown {
        reader.top = cursor;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(cursor: usize) -> Place {
        Place {
            top: Position::at_unit(cursor),
            cursor,
        }
    }

    #[test]
    fn older_and_newer_walk_the_list_and_come_back() {
        let mut jumps = Jumps::default();
        assert_eq!(jumps.older(at(9)), None, "no jumps yet");
        jumps.record(at(1));
        jumps.record(at(5));
        assert_eq!(jumps.older(at(9)), Some(at(5)));
        assert_eq!(jumps.older(at(5)), Some(at(1)));
        assert_eq!(jumps.older(at(1)), None, "the oldest");
        assert_eq!(jumps.newer(), Some(at(5)));
        assert_eq!(jumps.newer(), Some(at(9)), "back where Ctrl-O started");
        assert_eq!(jumps.newer(), None);
    }

    #[test]
    fn a_paragraph_is_in_the_list_once() {
        let mut jumps = Jumps::default();
        for cursor in [1, 2, 1, 3] {
            jumps.record(at(cursor));
        }
        assert_eq!(jumps.places(), [at(2), at(1), at(3)]);
        for cursor in 0..2 * LIMIT {
            jumps.record(at(cursor));
        }
        assert_eq!(jumps.places().len(), LIMIT);
    }

    #[test]
    fn back_goes_to_where_the_last_jump_came_from_and_back_again() {
        let mut jumps = Jumps::default();
        assert_eq!(jumps.back(at(3)), None);
        jumps.record(at(1));
        assert_eq!(jumps.back(at(7)), Some(at(1)));
        assert_eq!(jumps.back(at(1)), Some(at(7)));
        assert_eq!(jumps.back(at(7)), Some(at(1)));
    }
}
