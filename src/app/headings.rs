//! The headings screen in the app: the comparison table's selection, filter and jumps.

use crate::app::{Action, App, Prompt, Purpose, Screen, move_selection};
use crate::editor::LineEditor;
use crate::headings::{self, HeadingRow};
use crate::keymap::Command;
use crate::layout::{Position, Unit};

/// The headings screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeadingsView {
    /// The selected row among those the filter lets through.
    pub selected: usize,
    /// The first of those rows on screen.
    pub offset: usize,
    pub filter: String,
}

/// The rows of the open article's comparison, and which of them the filter shows.
pub fn shown(app: &App) -> (Vec<HeadingRow>, Vec<usize>) {
    let rows = app
        .reader
        .as_ref()
        .map(|r| headings::rows(&r.article))
        .unwrap_or_default();
    let shown = headings::filtered(&rows, &app.headings.filter);
    (rows, shown)
}

/// `t` in the reader: the comparison, with the current section selected.
pub fn open(app: &mut App) {
    let Some(reader) = app.reader.as_ref() else {
        return;
    };
    let section = match reader.layout.unit(reader.cursor) {
        Unit::Block(block) => (0..=block)
            .rev()
            .find(|&b| reader.article.blocks[b].is_heading()),
        Unit::Heading(_) => None,
    };
    app.headings = HeadingsView::default();
    let (rows, shown) = shown(app);
    app.headings.selected = shown
        .iter()
        .position(|&i| section.is_some() && rows[i].block == section)
        .unwrap_or(0);
    app.screen = Screen::Headings;
    keep_selection_in_view(app);
}

pub fn update(app: &mut App, action: &Action) {
    let (rows, shown) = shown(app);
    let last = shown.len().saturating_sub(1);
    if move_selection(&mut app.headings.selected, action, last) {
        return keep_selection_in_view(app);
    }
    match action {
        Action::Command(Command::Help) => app.help = Some(0),
        Action::Command(Command::Quit) => app.should_quit = true,
        Action::Command(Command::Back) if !app.headings.filter.is_empty() => {
            app.headings = HeadingsView::default();
        }
        Action::Command(Command::Back) => app.screen = Screen::Reader,
        Action::Command(Command::Filter) => {
            app.prompt = Some(Prompt {
                purpose: Purpose::Filter(Screen::Headings),
                editor: LineEditor::with_text(&app.headings.filter),
            });
        }
        Action::Command(Command::Open) => {
            let block = shown
                .get(app.headings.selected)
                .and_then(|&i| rows[i].block);
            jump(app, block);
        }
        _ => {}
    }
}

/// To the heading in the reader (the top of the article for its own headings).
fn jump(app: &mut App, block: Option<usize>) {
    if let Some(reader) = app.reader.as_mut() {
        match block.and_then(|b| reader.layout.unit_of_block(b)) {
            Some(unit) => {
                reader.cursor = unit;
                reader.top = Position::at_unit(unit);
            }
            None => reader.top = Position::default(),
        }
    }
    app.screen = Screen::Reader;
}

/// Rows of the table the screen has room for (title, column names, footer and status aside).
pub fn table_rows(app: &App) -> usize {
    let credit = app
        .reader
        .as_ref()
        .is_some_and(|r| r.article.headings.copyright.is_some());
    usize::from(app.height.saturating_sub(4 + u16::from(credit))).max(1)
}

/// Scrolls the table so that every line of the selected row is on screen.
pub fn keep_selection_in_view(app: &mut App) {
    let (rows, shown) = shown(app);
    let room = table_rows(app);
    let widths = headings::column_widths(usize::from(app.width.saturating_sub(1)));
    let policy = app.config.ambiguous;
    let view = &mut app.headings;
    view.selected = view.selected.min(shown.len().saturating_sub(1));
    view.offset = view.offset.min(view.selected);
    let height = |i: usize| {
        let cells = headings::cells(&rows[shown[i]], widths, policy);
        cells.iter().map(Vec::len).max().unwrap_or(1)
    };
    while view.offset < view.selected
        && (view.offset..=view.selected).map(height).sum::<usize>() > room
    {
        view.offset += 1;
    }
}
