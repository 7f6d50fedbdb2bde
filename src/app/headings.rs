//! The headings screen in the app: the comparison table's selection, filter and jumps.

use crate::app::{Action, App, ListView, Overlay, Screen, Step, areas};
use crate::headings::{self, HeadingRow};
use crate::keymap::Command;
use crate::layout::Position;
use crate::text::{truncate_to, wrap};

/// The credit takes at most a third of the rows the table and it share.
const CREDIT_SHARE: u16 = 3;
/// The screen's rows around the table and the credit: title, column names, footer, status.
const FIXED_ROWS: u16 = 4;

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
pub(super) fn open(app: &mut App) {
    let Some(reader) = app.reader.as_ref() else {
        return;
    };
    let section = reader.current_block().and_then(|block| {
        (0..=block)
            .rev()
            .find(|&b| reader.article.blocks[b].is_heading())
    });
    app.headings = ListView::default();
    let (rows, shown) = shown(app);
    app.headings.selected = shown
        .iter()
        .position(|&i| section.is_some() && rows[i].block == section)
        .unwrap_or(0);
    app.screen = Screen::Headings;
    keep_selection_in_view(app);
}

pub(super) fn update(app: &mut App, action: &Action) {
    let (rows, shown) = shown(app);
    match app.headings.step(action, shown.len()) {
        Step::Other => {}
        step => {
            app.message = step.refusal("headings");
            return keep_selection_in_view(app);
        }
    }
    match action {
        Action::Command(Command::Help) => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Command(Command::ToggleMouse) => super::copy::toggle_mouse(app),
        Action::Command(Command::Quit) => app.should_quit = true,
        // Back clears the filter first, then returns to the reader.
        Action::Command(Command::Back) if app.headings.clear_filter() => {}
        Action::Command(Command::Back) => app.screen = Screen::Reader,
        Action::Command(Command::Filter) => {
            app.ask_filter(Screen::Headings);
        }
        Action::Command(Command::Open) => match shown.get(app.headings.selected) {
            Some(&i) => jump(app, rows[i].block),
            None => app.message = Some("nothing to jump to: no heading matches the filter".into()),
        },
        Action::Click { row, .. } => {
            let height = row_height(app, &rows, &shown);
            let table = screen_areas(app).table;
            let list = &mut app.headings;
            let drawn = list.whole_rows(shown.len(), usize::from(table.height), &height);
            let clicked =
                areas::row_in(table, *row).and_then(|l| list.row_at(l, drawn.end, &height));
            if let Some(index) = clicked {
                list.selected = index;
            }
        }
        _ => {}
    }
    keep_selection_in_view(app);
}

/// To the heading in the reader (the top of the article for its own headings): a jump, which
/// the jump list keeps.
fn jump(app: &mut App, block: Option<usize>) {
    super::jumps::recorded(app, |app| {
        if let Some(reader) = app.reader.as_mut() {
            match block.and_then(|b| reader.layout.unit_of_block(b)) {
                Some(unit) => {
                    reader.cursor = unit;
                    reader.top = Position::at_unit(unit);
                }
                None => reader.top = Position::default(),
            }
        }
    });
    app.screen = Screen::Reader;
}

/// The open article's copyright credit (an Aozora Bunko colophon, the Kyoto corpus's
/// `<copyright>`) as the screen shows it under the table: wrapped to the screen's width after
/// a space, in at most a third of the rows it shares with the table (one line at least), the
/// last line cut with `…` when more is left; no lines without a credit.
pub fn credit_lines(app: &App) -> Vec<String> {
    let credit = app
        .reader
        .as_ref()
        .and_then(|r| r.article.headings.copyright.as_deref());
    let Some(credit) = credit.filter(|c| !c.trim().is_empty()) else {
        return Vec::new();
    };
    let policy = app.config.ambiguous;
    let width = usize::from(app.width.saturating_sub(1)).max(1);
    let room = usize::from(app.height.saturating_sub(FIXED_ROWS) / CREDIT_SHARE).max(1);
    let lines = wrap(credit, width, policy);
    let mut shown: Vec<String> = lines
        .iter()
        .take(room)
        .map(|line| credit[line.range.clone()].to_owned())
        .collect();
    if lines.len() > room {
        // The last line shown runs on into the rest, cut where it no longer fits.
        let rest = credit[lines[room - 1].range.start..].replace('\n', " ");
        shown[room - 1] = truncate_to(&rest, width, policy);
    }
    shown
}

/// The screen's areas, with room for the credit's lines.
pub fn screen_areas(app: &App) -> areas::HeadingsAreas {
    areas::headings(app.area(), credit_lines(app).len())
}

/// The lines the `i`th shown row takes at the screen's width.
pub fn row_height<'a>(
    app: &App,
    rows: &'a [HeadingRow],
    shown: &'a [usize],
) -> impl Fn(usize) -> usize + 'a {
    let widths = screen_areas(app).columns;
    let policy = app.config.ambiguous;
    move |i| {
        shown.get(i).map_or(1, |&row| {
            let cells = headings::cells(&rows[row], widths, policy);
            cells.iter().map(Vec::len).max().unwrap_or(1)
        })
    }
}

/// Scrolls the table so that every line of the selected row is on screen.
fn keep_selection_in_view(app: &mut App) {
    let (rows, shown) = shown(app);
    let height = row_height(app, &rows, &shown);
    let room = usize::from(screen_areas(app).table.height);
    app.headings.keep_in_view(shown.len(), room, height);
}
