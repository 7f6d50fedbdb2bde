//! One scrolling list, as the library, bookmarks and headings screens show it: the selected
//! row, the first row on screen, and the filter that narrows what is listed.

use crate::app::{Action, no_more};
use crate::keymap::Command;

/// What an action did to a list's selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Moved,
    /// A command that could not move it: the selection is at that end already (-1 the top,
    /// 1 the bottom).
    AtEnd(isize),
    /// Not an action that moves a selection.
    Other,
}

impl Step {
    /// What the status bar says after a step through `rows` (`no more articles below`).
    pub fn refusal(self, rows: &str) -> Option<String> {
        match self {
            Step::AtEnd(way) => Some(no_more(rows, way)),
            Step::Moved | Step::Other => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListView {
    /// The selected row among those the filter lets through.
    pub selected: usize,
    /// The first of those rows on screen.
    pub offset: usize,
    pub filter: String,
}

impl ListView {
    /// Moves the selection for the commands and wheel turns every list takes, in a list of
    /// `count` rows.
    pub fn step(&mut self, action: &Action, count: usize) -> Step {
        let last = count.saturating_sub(1);
        let (selected, way) = match action {
            Action::Command(Command::Down) => ((self.selected + 1).min(last), 1),
            Action::Command(Command::Up) => (self.selected.saturating_sub(1), -1),
            Action::Command(Command::Top) => (0, -1),
            Action::Command(Command::Bottom) => (last, 1),
            Action::Wheel(1..) => ((self.selected + 1).min(last), 0),
            Action::Wheel(..=-1) => (self.selected.saturating_sub(1), 0),
            _ => return Step::Other,
        };
        let stuck = selected == self.selected && way != 0;
        self.selected = selected;
        if stuck { Step::AtEnd(way) } else { Step::Moved }
    }

    /// A new filter: the list starts again from its first row.
    pub fn set_filter(&mut self, text: &str) {
        text.clone_into(&mut self.filter);
        self.selected = 0;
        self.offset = 0;
    }

    /// Clears the filter; false if there was none.
    pub fn clear_filter(&mut self) -> bool {
        if self.filter.is_empty() {
            return false;
        }
        self.set_filter("");
        true
    }

    /// Back to the first row, filter kept.
    pub fn rewind(&mut self) {
        self.selected = 0;
        self.offset = 0;
    }

    /// Keeps the selection within `count` rows and on screen, where `room` rows fit and row
    /// `i` takes `height(i)` of them (the selected row is shown whole when it fits at all).
    pub fn keep_in_view(&mut self, count: usize, room: usize, height: impl Fn(usize) -> usize) {
        self.selected = self.selected.min(count.saturating_sub(1));
        let mut earliest = self.selected;
        let mut used = height(self.selected);
        while earliest > 0 && used + height(earliest - 1) <= room {
            earliest -= 1;
            used += height(earliest);
        }
        self.offset = self.offset.clamp(earliest, self.selected);
    }

    /// The rows from the offset that fit whole in `room` lines (the first, at least, even when
    /// taller), for a list that leaves a row it cannot show whole for the next screen.
    pub fn whole_rows(
        &self,
        count: usize,
        room: usize,
        height: impl Fn(usize) -> usize,
    ) -> std::ops::Range<usize> {
        let mut used = 0;
        let mut end = self.offset;
        while end < count && (end == self.offset || used + height(end) <= room) {
            used += height(end);
            end += 1;
        }
        self.offset..end
    }

    /// The row drawn at `line` lines below the list's top, where row `i` takes `height(i)`
    /// lines; `None` below the last of `count` rows.
    pub fn row_at(
        &self,
        line: usize,
        count: usize,
        height: impl Fn(usize) -> usize,
    ) -> Option<usize> {
        let mut top = 0;
        for row in self.offset..count {
            top += height(row);
            if line < top {
                return Some(row);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_stays_in_view_whatever_the_heights() {
        let mut list = ListView::default();
        assert_eq!(
            list.step(&Action::Command(Command::Up), 100),
            Step::AtEnd(-1)
        );
        assert_eq!(
            list.step(&Action::Wheel(-1), 100),
            Step::Moved,
            "the wheel says nothing"
        );
        assert_eq!(
            list.step(&Action::Command(Command::Bottom), 100),
            Step::Moved
        );
        assert_eq!(
            list.step(&Action::Command(Command::Down), 100),
            Step::AtEnd(1)
        );
        list.keep_in_view(100, 10, |_| 1);
        assert_eq!((list.selected, list.offset), (99, 90));
        list.step(&Action::Command(Command::Up), 100);
        list.keep_in_view(100, 10, |_| 1);
        assert_eq!(list.offset, 90, "moving within the screen does not scroll");
        list.step(&Action::Command(Command::Top), 100);
        list.keep_in_view(100, 10, |_| 1);
        assert_eq!((list.selected, list.offset), (0, 0));
        list.selected = 5;
        list.keep_in_view(100, 12, |_| 4);
        assert_eq!(list.offset, 3, "rows 3, 4 and 5 fill the 12 lines");
        list.keep_in_view(100, 2, |_| 4);
        assert_eq!(
            list.offset, 5,
            "a row taller than the room is shown from its start"
        );
    }

    #[test]
    fn clicks_find_their_row_and_filters_start_over() {
        let mut list = ListView {
            selected: 7,
            offset: 6,
            filter: String::new(),
        };
        assert_eq!(list.row_at(0, 10, |_| 4), Some(6));
        assert_eq!(list.row_at(5, 10, |_| 4), Some(7));
        assert_eq!(list.row_at(20, 10, |_| 4), None);
        list.set_filter("kyoto");
        assert_eq!((list.selected, list.offset), (0, 0));
        assert!(list.clear_filter());
        assert!(!list.clear_filter());
    }

    #[test]
    fn whole_rows_leave_a_row_that_does_not_fit_for_the_next_screen() {
        let list = ListView {
            offset: 2,
            ..ListView::default()
        };
        let heights = |i: usize| [1, 1, 3, 2, 4, 1][i];
        assert_eq!(
            list.whole_rows(6, 6, heights),
            2..4,
            "3 + 2 fit in 6, 4 more does not"
        );
        assert_eq!(
            list.whole_rows(6, 2, heights),
            2..3,
            "the first is shown even cut"
        );
        assert_eq!(
            list.whole_rows(3, 20, heights),
            2..3,
            "no rows past the end"
        );
    }
}
