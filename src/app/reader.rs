//! The reader in the app: scrolling, paragraph and heading jumps (a count before one repeats
//! it), layouts, search and clicks.

use super::search;
use crate::app::{
    Action, App, CommandLine, Overlay, Purpose, Reader, Screen, Search, WHEEL_ROWS, areas,
    bookmarks, copy, corrections, goto, headings, is_block, jumps, measure, no_more, sentence,
    to_isize,
};
use crate::article::Article;
use crate::config::ThemeChoice;
use crate::keymap::Command;
use crate::layout::{Cell, Mode, Position, RowCells, RubyShown, Unit};
use crate::text::AmbiguousWidth;

pub(super) fn update(app: &mut App, action: &Action) {
    let height = app.pane_height();
    let Some(reader) = app.reader.as_mut() else {
        app.screen = Screen::Library;
        return;
    };
    match action {
        Action::Command(command) => {
            let count = app.pending.count;
            if jumps::is_jump(*command) {
                jumps::recorded(app, |app| run(app, *command, count, height));
            } else {
                run(app, *command, count, height);
            }
        }
        Action::Wheel(notches) => {
            scroll(reader, notches * WHEEL_ROWS, height);
        }
        Action::Click { column, row } => click(app, *column, *row),
        _ => {}
    }
}

/// Runs a reader command, `count` times for a motion (scrolling so many rows, pages, paragraphs,
/// sentences, matches…); a count before `g` or `G` is a paragraph number, before `%` a share of
/// the text, and other commands leave it. A command that cannot act says why on the status bar.
fn run(app: &mut App, command: Command, count: Option<usize>, height: usize) {
    let page = to_isize(height.saturating_sub(2).max(1));
    let times = count.unwrap_or(1).max(1);
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    if let (Some(n), Command::Top | Command::Bottom) = (count, command) {
        app.message = goto::paragraph(reader, n, height);
        return;
    }
    let rows = |n: isize| n.saturating_mul(to_isize(times));
    if count.is_some() && matches!(command, Command::HalfPageDown | Command::HalfPageUp) {
        reader.half_page = count;
    }
    let half = reader.half_page.map_or(page / 2 + 1, to_isize);
    let moved = |step: isize, what: &str, moved: bool| (!moved).then(|| no_more(what, step));
    let repeat = |reader: &mut Reader, step: fn(&mut Reader, isize, usize) -> bool, way| {
        // As far as it goes: it stopped if it could not go at all.
        (0..times).take_while(|_| step(reader, way, height)).count() > 0
    };
    let refusal = match command {
        Command::ScrollDown => moved(1, "text", scroll(reader, rows(1), height)),
        Command::ScrollUp => moved(-1, "text", scroll(reader, rows(-1), height)),
        Command::HalfPageDown => moved(1, "text", scroll(reader, half, height)),
        Command::HalfPageUp => moved(-1, "text", scroll(reader, -half, height)),
        Command::PageDown => moved(1, "text", scroll(reader, rows(page), height)),
        Command::PageUp => moved(-1, "text", scroll(reader, rows(-page), height)),
        Command::Top => moved(-1, "text", changes(reader, goto::start)),
        Command::Bottom => moved(1, "text", changes(reader, |r| goto::end(r, height))),
        Command::Percent => {
            let share = count.unwrap_or(0);
            goto::percent(reader, share, height);
            None
        }
        Command::NextParagraph | Command::PreviousParagraph => {
            let step = if command == Command::NextParagraph {
                1
            } else {
                -1
            };
            let accept = |_: &Article, _| true;
            moved(
                step,
                "paragraphs",
                move_cursor(reader, step, times, height, accept),
            )
        }
        Command::NextHeading | Command::PreviousHeading => {
            let step = if command == Command::NextHeading {
                1
            } else {
                -1
            };
            moved(
                step,
                "headings",
                move_cursor(reader, step, times, height, is_heading),
            )
        }
        Command::NextSentence => moved(1, "sentences", repeat(reader, sentence::step, 1)),
        Command::PreviousSentence => moved(-1, "sentences", repeat(reader, sentence::step, -1)),
        Command::NextUnsure => moved(1, "unsure pairs", repeat(reader, unsure, 1)),
        Command::PreviousUnsure => moved(-1, "unsure pairs", repeat(reader, unsure, -1)),
        _ => {
            run_elsewhere(app, command, times);
            None
        }
    };
    if refusal.is_some() {
        app.message = refusal;
    }
}

/// Runs `go`; whether it moved the view or the current paragraph.
fn changes(reader: &mut Reader, go: impl FnOnce(&mut Reader)) -> bool {
    let before = (reader.top, reader.cursor);
    go(reader);
    before != (reader.top, reader.cursor)
}

/// The reader's commands that open or change something beyond the view; the ones that move
/// (through matches and bookmarks) go `times` steps.
fn run_elsewhere(app: &mut App, command: Command, times: usize) {
    let steps = isize::try_from(times).unwrap_or(isize::MAX);
    match command {
        Command::CycleLayout => set_mode(app, Mode::cycled),
        Command::SwapPanes => set_mode(app, Mode::swapped),
        Command::SentenceRows => toggle_sentence_rows(app),
        Command::ToggleRuby => toggle_ruby(app),
        Command::Copy => copy::copy(app, false),
        Command::CopyQuote => copy::copy(app, true),
        Command::ToggleMouse => copy::toggle_mouse(app),
        Command::Widen => change_measure(app, measure::widened(app, times)),
        Command::Narrow => change_measure(app, measure::narrowed(app, times)),
        Command::ResetMeasure => set_measure(app, app.config.measure),
        Command::Undo => corrected(app, |app| corrections::undo_or_redo(app, -1)),
        Command::Redo => corrected(app, |app| corrections::undo_or_redo(app, 1)),
        Command::CommandLine => app.ask(Purpose::Command(CommandLine::default()), ""),
        Command::JumpOlder => jumps::walk(app, -1),
        Command::JumpNewer => jumps::walk(app, 1),
        Command::Search => search::start(app),
        Command::ToggleBookmark => bookmarks::toggle(app),
        Command::BookmarkWithNote => bookmarks::start_note(app),
        Command::NextBookmark => bookmarks::step(app, steps),
        Command::PreviousBookmark => bookmarks::step(app, -steps),
        Command::Bookmarks => bookmarks::open_list(app),
        Command::Headings => headings::open(app),
        Command::NextMatch => search::step(app, steps),
        Command::PreviousMatch => search::step(app, -steps),
        Command::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Command::Back => back(app),
        Command::Quit => app.should_quit = true,
        Command::Suspend => app.suspend_requested = true,
        command => {
            if let Some(correction) = corrections::of_command(command) {
                corrected(app, |app| corrections::make(app, correction));
            }
        }
    }
}

/// Makes a correction (or undoes or redoes one), then finds the search again in the text as
/// it is now.
fn corrected(app: &mut App, correct: impl FnOnce(&mut App)) {
    correct(app);
    if let Some(reader) = app.reader.as_mut()
        && !reader.search.query.is_empty()
    {
        search::refresh(reader);
    }
}

fn is_heading(article: &Article, block: usize) -> bool {
    article.blocks[block].is_heading()
}

fn toggle_sentence_rows(app: &mut App) {
    if let Some(on) = app.reader.as_ref().map(|r| !r.sentence_rows) {
        set_sentence_rows(app, on);
    }
}

/// Sentence rows on or off (`rows = "sentence"` or `"paragraph"`).
pub(super) fn set_sentence_rows(app: &mut App, on: bool) {
    let both_shown = app.reader.as_ref().is_some_and(|r| {
        let shown = app.geometry(r.mode, on).mode;
        shown.sides().len() == 2
    });
    app.message = Some(match (on, both_shown) {
        (true, true) => "sentence rows: each sentence pair starts on one row".into(),
        (true, false) => "sentence rows: on (shown when both languages are)".into(),
        (false, _) => "sentence rows: off (paragraph rows)".into(),
    });
    keep_place(app, |app| {
        if let Some(reader) = app.reader.as_mut() {
            reader.sentence_rows = on;
        }
    });
}

fn toggle_ruby(app: &mut App) {
    set_ruby(app, app.config.ruby.toggled());
}

pub(super) fn set_ruby(app: &mut App, shown: RubyShown) {
    let has_ruby = app
        .reader
        .as_ref()
        .is_some_and(|r| r.article.blocks.iter().any(|b| !b.ruby().is_empty()));
    app.message = Some(match (shown, has_ruby) {
        (RubyShown::Inline, true) => "ruby: readings after their base".into(),
        (RubyShown::Hide, true) => "ruby: hidden".into(),
        (shown, false) => format!("ruby: {} (this article has none)", shown.name()),
    });
    keep_place(app, |app| app.config.ruby = shown);
}

/// How East Asian Ambiguous characters are measured, as the terminal draws them.
pub(super) fn set_ambiguous(app: &mut App, policy: AmbiguousWidth) {
    app.message = Some(match policy {
        AmbiguousWidth::Narrow => "ambiguous: narrow (○ × “ ” … one cell)".into(),
        AmbiguousWidth::Wide => "ambiguous: wide (○ × “ ” … two cells)".into(),
    });
    keep_place(app, |app| app.config.ambiguous = policy);
}

/// The theme drawn with: dark, light, or the one for the terminal's background.
pub(super) fn set_theme(app: &mut App, choice: ThemeChoice) {
    app.config.theme_choice = choice;
    let shade = app.config.shade().name();
    let told = app.config.terminal_shade.is_some();
    app.message = Some(match (choice, app.config.color, told) {
        (_, false, _) => format!("theme: {} (NO_COLOR is set: no colours)", choice.name()),
        (ThemeChoice::Auto, true, true) => format!("theme: auto ({shade}, as the terminal is)"),
        (ThemeChoice::Auto, true, false) => {
            format!("theme: auto ({shade}: the terminal did not tell its background)")
        }
        (_, true, _) => format!("theme: {shade}"),
    });
}

/// The measure a key asks for, or why the lines cannot change.
fn change_measure(app: &mut App, asked: Result<usize, String>) {
    match asked {
        Ok(cells) => set_measure(app, cells),
        Err(refusal) => app.message = Some(refusal),
    }
}

/// Lines at most `cells` wide (0: as wide as the window).
pub(super) fn set_measure(app: &mut App, cells: usize) {
    keep_place(app, |app| app.measure = cells);
    app.message = Some(measure::told(app));
}

pub(super) fn set_mode(app: &mut App, change: impl Fn(Mode) -> Mode) {
    let Some(chosen) = app.reader.as_ref().map(|r| change(r.mode)) else {
        return;
    };
    let shown = app.geometry(chosen, false).mode;
    app.message = Some(if shown == chosen {
        format!("layout: {}", chosen.name())
    } else {
        format!(
            "layout: {} (shown {} until the window is wider)",
            chosen.name(),
            shown.name()
        )
    });
    keep_place(app, |app| {
        if let Some(reader) = app.reader.as_mut() {
            reader.mode = chosen;
        }
    });
}

/// Makes a change to the size or the layout and keeps the reader's place, as a reader
/// expects: at the start of the article it stays at the start (while the current paragraph
/// still starts on screen); else the current paragraph stays on the same row if it started on
/// screen; else the text that was at the top stays there.
pub(super) fn keep_place(app: &mut App, change: impl FnOnce(&mut App)) {
    let rows_before = app.pane_height();
    let before = app.reader.as_mut().map(|reader| {
        let at_start = reader.top == Position::default();
        let cursor = Position::at_unit(reader.cursor);
        let offset = reader
            .layout
            .distance(&reader.article, reader.top, cursor, rows_before);
        let anchor = reader.layout.anchor(&reader.article, reader.top);
        (at_start, offset, reader.top.unit, anchor)
    });
    change(app);
    let height = app.pane_height();
    let rows = to_isize(height);
    app.refresh_view();
    let (Some(reader), Some((at_start, offset, top_unit, anchor))) = (app.reader.as_mut(), before)
    else {
        return;
    };
    let cursor = Position::at_unit(reader.cursor);
    let start = Position::default();
    let cursor_from_start = reader
        .layout
        .distance(&reader.article, start, cursor, height);
    reader.top = match (offset, anchor) {
        _ if at_start && cursor_from_start.is_some_and(|d| d < rows) => start,
        (Some(offset), _) if offset >= 0 => {
            reader
                .layout
                .scroll(&reader.article, cursor, -offset.min(rows - 1))
        }
        (_, Some((side, at))) => Position {
            unit: top_unit,
            row: reader
                .layout
                .row_of_byte(&reader.article, top_unit, side, at),
        },
        _ => Position::at_unit(top_unit),
    };
    sentence::reveal_current(reader, height);
}

/// Back: clears the search, else closes the article (to the library it came from), else quits.
fn back(app: &mut App) {
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    if reader.search.is_active() || reader.sentence.is_some() {
        reader.search = Search::default();
        reader.sentence = None;
    } else if reader.from_library {
        app.screen = Screen::Library;
    } else {
        app.should_quit = true;
    }
}

/// Scrolls by rows, then keeps the current paragraph on screen; false if the view was already
/// at that end.
fn scroll(reader: &mut Reader, rows: isize, height: usize) -> bool {
    let at_end = if rows > 0 {
        reader.at_end
    } else {
        reader.top == Position::default()
    };
    reader.top = reader.layout.scroll(&reader.article, reader.top, rows);
    keep_cursor_in_view(reader, height);
    !at_end
}

/// Moves the cursor to a paragraph whose text is on screen if its own text has scrolled off.
fn keep_cursor_in_view(reader: &mut Reader, height: usize) {
    let (article, layout) = (&reader.article, &mut reader.layout);
    let bottom = layout.scroll(article, reader.top, to_isize(height) - 1);
    let text_rows = layout.content_rows(article, reader.cursor);
    let last_text_row = Position {
        unit: reader.cursor,
        row: text_rows.saturating_sub(1),
    };
    if last_text_row < reader.top {
        let top = reader.top;
        let first = if top.row < layout.content_rows(article, top.unit) {
            top.unit
        } else {
            top.unit + 1
        };
        let found = (first..=bottom.unit).find(|&u| is_block(layout, u));
        reader.cursor = found.unwrap_or(reader.cursor);
    } else if Position::at_unit(reader.cursor) > bottom {
        let found = (reader.top.unit..=bottom.unit)
            .rev()
            .find(|&u| is_block(layout, u));
        reader.cursor = found.unwrap_or(reader.cursor);
    }
}

/// Moves the cursor `times` blocks (in `step`'s direction) that `accept`, or as many as there
/// are; false if there is none.
fn move_cursor(
    reader: &mut Reader,
    step: isize,
    times: usize,
    height: usize,
    accept: impl Fn(&Article, usize) -> bool,
) -> bool {
    let mut unit = reader.cursor;
    let mut found = None;
    let mut left = times;
    while let Some(next) = unit
        .checked_add_signed(step)
        .filter(|&u| u < reader.layout.len() && left > 0)
    {
        unit = next;
        if let Unit::Block(block) = reader.layout.unit(unit)
            && accept(&reader.article, block)
        {
            found = Some(unit);
            left -= 1;
        }
    }
    let Some(unit) = found else {
        return false;
    };
    reader.cursor = unit;
    reader.reveal(Position::at_unit(unit), height);
    true
}

/// A click in the panes makes the paragraph under it current; on a sentence's text, that
/// sentence becomes the current one.
fn click(app: &mut App, column: u16, row: u16) {
    let panes = areas::reader(app.area()).panes;
    let (Some(reader), Some(index)) = (app.reader.as_mut(), areas::row_in(panes, row)) else {
        return;
    };
    let Some(clicked) = reader.rows.get(index).cloned() else {
        return;
    };
    let unit = clicked.position.unit;
    if !is_block(&reader.layout, unit) {
        return;
    }
    reader.cursor = unit;
    let geometry = reader.layout.geometry();
    let columns = areas::Columns::of(panes, &geometry);
    let indent = u16::try_from(geometry.partner_indent()).unwrap_or(0);
    let hit = match &clicked.cells {
        RowCells::Pair([_, right]) if column >= columns.right.x => Some((right, columns.right.x)),
        RowCells::Pair([left, _]) => Some((left, columns.left.x)),
        RowCells::Single(cell) => Some((cell, columns.left.x)),
        RowCells::Partner(cell) => Some((cell, columns.left.x + indent)),
        RowCells::Gap => None,
    };
    if let Some((cell @ Cell::Text { side, .. }, x)) = hit
        && column >= x
    {
        let column = usize::from(column - x);
        if let Some(offset) = reader
            .layout
            .byte_at_column(&reader.article, unit, cell, column)
        {
            sentence::place_at(reader, unit, *side, offset);
        }
    }
}

/// Moves to the next sentence pair (in `step`'s direction) the aligner was unsure of, and puts
/// the sentence cursor on it; false if there is none (among those with a sentence in the
/// languages shown).
fn unsure(reader: &mut Reader, step: isize, height: usize) -> bool {
    let (from, pair) = match reader.current_block() {
        Some(block) => (block, reader.current_pair()),
        None if step > 0 => (0, None),
        None => return false,
    };
    let blocks = reader.article.blocks.len();
    let in_order: Box<dyn Iterator<Item = usize>> = if step > 0 {
        Box::new(from..blocks)
    } else {
        Box::new((0..=from.min(blocks.saturating_sub(1))).rev())
    };
    for block in in_order {
        let count = reader.article.blocks[block].sentences.len();
        let pairs: Vec<usize> = match (block == from, pair, step > 0) {
            (true, Some(p), true) => (p + 1..count).collect(),
            (true, Some(p), false) => (0..p).rev().collect(),
            (_, _, true) => (0..count).collect(),
            (_, _, false) => (0..count).rev().collect(),
        };
        for k in pairs {
            if reader.article.blocks[block].sentences[k].is_unsure()
                && sentence::go_to_pair(reader, block, k, height)
            {
                return true;
            }
        }
    }
    false
}
