//! A one-line text field: typing, cursor movement and deletion by grapheme, any script.

use std::ops::Range;

use unicode_segmentation::GraphemeCursor;

/// What a key (or a paste) does to a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    /// Text pasted (or typed faster than the field is shown), put in at once: line breaks and
    /// tabs become spaces, other controls are left out.
    Paste(String),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
}

/// The text and where the cursor is (a byte offset on a grapheme boundary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    text: String,
    cursor: usize,
}

impl LineEditor {
    /// A field holding `text`, the cursor at its end.
    pub fn with_text(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            cursor: text.len(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text before and after the cursor.
    pub fn split(&self) -> (&str, &str) {
        self.text.split_at(self.cursor)
    }

    pub fn apply(&mut self, edit: Edit) {
        match edit {
            Edit::Insert(c) if !c.is_control() => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                // A combining mark joins the grapheme before it: stay on a boundary.
                self.cursor = self
                    .next_boundary(self.cursor - c.len_utf8())
                    .max(self.cursor);
            }
            Edit::Insert(_) => {}
            Edit::Paste(text) => self.paste(&text),
            Edit::Backspace => {
                let start = self.previous_boundary(self.cursor);
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Edit::Delete => {
                let end = self.next_boundary(self.cursor);
                self.text.replace_range(self.cursor..end, "");
            }
            Edit::Left => self.cursor = self.previous_boundary(self.cursor),
            Edit::Right => self.cursor = self.next_boundary(self.cursor),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.text.len(),
        }
    }

    /// Puts `with` in place of the text in `range` (completion), the cursor after it; a range
    /// off the text's character boundaries changes nothing, and controls are left out.
    pub fn replace(&mut self, range: Range<usize>, with: &str) {
        if self.text.get(range.clone()).is_none() {
            return;
        }
        let with: String = with.chars().filter(|c| !c.is_control()).collect();
        self.text.replace_range(range.clone(), &with);
        self.cursor = range.start + with.len();
    }

    fn paste(&mut self, text: &str) {
        let start = self.cursor;
        let pasted: String = text
            .chars()
            .map(|c| {
                if matches!(c, '\n' | '\r' | '\t') {
                    ' '
                } else {
                    c
                }
            })
            .filter(|c| !c.is_control())
            .collect();
        self.text.insert_str(start, &pasted);
        self.cursor = start + pasted.len();
        // A combining mark after the paste joins its last grapheme: stay on a boundary.
        if let Some(last) = pasted.chars().next_back() {
            self.cursor = self
                .next_boundary(self.cursor - last.len_utf8())
                .max(self.cursor);
        }
    }

    fn previous_boundary(&self, at: usize) -> usize {
        GraphemeCursor::new(at, self.text.len(), true)
            .prev_boundary(&self.text, 0)
            .ok()
            .flatten()
            .unwrap_or(0)
    }

    fn next_boundary(&self, at: usize) -> usize {
        GraphemeCursor::new(at, self.text.len(), true)
            .next_boundary(&self.text, 0)
            .ok()
            .flatten()
            .unwrap_or(self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> LineEditor {
        let mut editor = LineEditor::default();
        for c in text.chars() {
            editor.apply(Edit::Insert(c));
        }
        editor
    }

    #[test]
    fn japanese_and_emoji_move_and_delete_by_grapheme() {
        let mut editor = typed("日本語👩\u{200D}👩\u{200D}👧メモ");
        editor.apply(Edit::Left);
        editor.apply(Edit::Left);
        editor.apply(Edit::Backspace);
        assert_eq!(editor.text(), "日本語メモ");
        editor.apply(Edit::Home);
        editor.apply(Edit::Delete);
        assert_eq!(editor.text(), "本語メモ");
        editor.apply(Edit::Right);
        editor.apply(Edit::Insert('の'));
        assert_eq!(editor.text(), "本の語メモ");
        assert_eq!(editor.split(), ("本の", "語メモ"));
        editor.apply(Edit::End);
        editor.apply(Edit::Backspace);
        assert_eq!(editor.text(), "本の語メ");
    }

    #[test]
    fn combining_marks_join_and_leave_together() {
        let mut editor = typed("e\u{301}x");
        editor.apply(Edit::Left);
        editor.apply(Edit::Backspace);
        assert_eq!(editor.text(), "x");
        let mut editor = typed("か");
        editor.apply(Edit::Insert('\u{3099}'));
        editor.apply(Edit::Insert('!'));
        assert_eq!(editor.text(), "か\u{3099}!");
    }

    #[test]
    fn ends_are_safe_and_controls_ignored() {
        let mut editor = LineEditor::default();
        for edit in [Edit::Backspace, Edit::Delete, Edit::Left, Edit::Right] {
            editor.apply(edit);
        }
        editor.apply(Edit::Insert('\u{1b}'));
        assert_eq!(editor.text(), "");
        editor.apply(Edit::Paste("one\r\ntwo\tthree\u{1b}[31m".into()));
        assert_eq!(editor.text(), "one  two three[31m");
        assert_eq!(LineEditor::with_text("abc").split(), ("abc", ""));
    }

    #[test]
    fn a_paste_goes_in_at_the_cursor_at_once() {
        let mut editor = typed("日本");
        editor.apply(Edit::Left);
        editor.apply(Edit::Paste("の国の".into()));
        assert_eq!(editor.split(), ("日の国の", "本"));
        editor.apply(Edit::Paste(String::new()));
        assert_eq!(editor.split(), ("日の国の", "本"));
    }

    #[test]
    fn a_replaced_range_leaves_the_cursor_after_it() {
        let mut editor = LineEditor::with_text("se lay tail");
        editor.replace(3..6, "layout=");
        assert_eq!(editor.split(), ("se layout=", " tail"));
        editor.replace(0..2, "set\u{1b}");
        assert_eq!(editor.split(), ("set", " layout= tail"));
        let mut editor = LineEditor::with_text("日本");
        editor.replace(1..3, "x");
        assert_eq!(editor.text(), "日本", "not on a character boundary");
        editor.replace(0..99, "x");
        assert_eq!(editor.text(), "日本");
    }
}
