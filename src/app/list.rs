//! One scrolling list, as the library, bookmarks and headings screens show it: the selected
//! row, the first row on screen, and the filter that narrows what is listed.

use crate::app::Action;
use crate::keymap::Command;

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
    /// `count` rows; false if the action is not one of them.
    pub fn step(&mut self, action: &Action, count: usize) -> bool {
        let last = count.saturating_sub(1);
        self.selected = match action {
            Action::Command(Command::Down) | Action::Wheel(1..) => (self.selected + 1).min(last),
            Action::Command(Command::Up) | Action::Wheel(..=-1) => self.selected.saturating_sub(1),
            Action::Command(Command::Top) => 0,
            Action::Command(Command::Bottom) => last,
            _ => return false,
        };
        true
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
        list.step(&Action::Command(Command::Bottom), 100);
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
}
