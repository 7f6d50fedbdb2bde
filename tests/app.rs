//! App tests: feed actions to `App` and check its state — no terminal involved.

mod common;

use common::{reader_on, run, seed_article};
use taiyaku::app::{Action, App, Screen, paragraph_number, update};
use taiyaku::article::{Article, Format, Side};
use taiyaku::config;
use taiyaku::editor::Edit;
use taiyaku::keymap::Command;
use taiyaku::layout::{Mode, RowCells, Unit};
use taiyaku::library;

fn guide() -> Article {
    library::bundled().remove(0)
}

fn paragraph(app: &App) -> usize {
    paragraph_number(app.reader.as_ref().unwrap())
        .0
        .unwrap_or(0)
}

fn visible_units(app: &App) -> Vec<usize> {
    app.reader
        .as_ref()
        .unwrap()
        .rows
        .iter()
        .map(|r| r.position.unit)
        .collect()
}

/// True when some row of the current paragraph's text (not just its gap) is on screen.
fn cursor_text_visible(app: &App) -> bool {
    let reader = app.reader.as_ref().unwrap();
    reader
        .rows
        .iter()
        .any(|r| r.position.unit == reader.cursor && r.cells != RowCells::Gap)
}

#[test]
fn library_opens_an_article_and_back_returns() {
    let mut app = App::new(config::defaults(true), library::bundled(), None, (100, 30));
    assert_eq!(app.screen, Screen::Library);
    // Newest first: the seed essay of 2013 is the last.
    run(&mut app, &[Command::Bottom, Command::Open]);
    assert_eq!(app.screen, Screen::Reader);
    assert!(
        app.reader
            .as_ref()
            .unwrap()
            .article
            .display_title()
            .starts_with("Strategy")
    );
    run(&mut app, &[Command::Back]);
    assert_eq!(app.screen, Screen::Library);
    assert!(!app.should_quit);
    run(&mut app, &[Command::Quit]);
    assert!(app.should_quit);
}

#[test]
fn back_on_a_file_opened_directly_quits() {
    let mut app = reader_on(seed_article(), 100, 30);
    run(&mut app, &[Command::Back]);
    assert!(app.should_quit);
}

#[test]
fn paragraph_jumps_move_the_cursor_and_stop_at_the_ends() {
    let mut app = reader_on(seed_article(), 100, 30);
    let (first, last) = (1, app.reader.as_ref().unwrap().article.blocks.len());
    assert_eq!(last, 12, "11 paragraphs and the author's note");
    assert_eq!(paragraph(&app), first, "the reader opens on the first");
    let cursor_on_screen = |app: &App| {
        let cursor = app.reader.as_ref().unwrap().cursor;
        visible_units(app).contains(&cursor)
    };
    for expected in first + 1..=last {
        run(&mut app, &[Command::NextParagraph]);
        assert_eq!(paragraph(&app), expected, "one paragraph down at a time");
        assert!(cursor_on_screen(&app), "paragraph {expected} is on screen");
    }
    let at_the_end = {
        let reader = app.reader.as_ref().unwrap();
        (reader.top, reader.cursor)
    };
    run(&mut app, &[Command::NextParagraph; 3]);
    assert_eq!(paragraph(&app), last, "it stops at the last paragraph");
    let reader = app.reader.as_ref().unwrap();
    assert_eq!((reader.top, reader.cursor), at_the_end, "and nothing moves");
    for expected in (first..last).rev() {
        run(&mut app, &[Command::PreviousParagraph]);
        assert_eq!(paragraph(&app), expected, "one paragraph up at a time");
        assert!(cursor_on_screen(&app), "paragraph {expected} is on screen");
    }
    let at_the_start = {
        let reader = app.reader.as_ref().unwrap();
        (reader.top, reader.cursor)
    };
    run(&mut app, &[Command::PreviousParagraph; 3]);
    assert_eq!(paragraph(&app), first, "it stops at the first paragraph");
    let reader = app.reader.as_ref().unwrap();
    assert_eq!(
        (reader.top, reader.cursor),
        at_the_start,
        "and nothing moves"
    );
}

#[test]
fn scrolling_by_rows_keeps_the_cursor_on_screen() {
    let mut app = reader_on(seed_article(), 100, 30);
    for step in 0..60 {
        run(&mut app, &[Command::ScrollDown]);
        assert!(cursor_text_visible(&app), "after {step} rows down");
    }
    assert!(paragraph(&app) > 1);
    for step in 0..60 {
        run(&mut app, &[Command::ScrollUp]);
        assert!(cursor_text_visible(&app), "after {step} rows up");
    }
    assert_eq!(app.reader.as_ref().unwrap().top.unit, 0);
}

#[test]
fn pages_top_and_bottom() {
    let mut app = reader_on(seed_article(), 100, 30);
    run(&mut app, &[Command::PageDown]);
    let after_page = app.reader.as_ref().unwrap().top;
    assert!(after_page.unit > 0);
    run(&mut app, &[Command::Bottom]);
    let reader = app.reader.as_ref().unwrap();
    assert!(reader.at_end);
    assert_eq!(
        reader.rows.len(),
        app.pane_height(),
        "the bottom fills the screen"
    );
    assert_eq!(paragraph(&app), 12);
    run(&mut app, &[Command::PageDown, Command::ScrollDown]);
    assert!(
        app.reader.as_ref().unwrap().at_end,
        "no scrolling past the end"
    );
    run(&mut app, &[Command::Top]);
    assert_eq!(app.reader.as_ref().unwrap().top.unit, 0);
    assert_eq!(paragraph(&app), 1);
    run(&mut app, &[Command::HalfPageDown, Command::HalfPageUp]);
    assert_eq!(app.reader.as_ref().unwrap().top.unit, 0);
}

#[test]
fn headings_jump_in_the_guide_and_say_so_in_the_seed() {
    let mut app = reader_on(guide(), 100, 30);
    let reader = app.reader.as_ref().unwrap();
    let headings: Vec<usize> = (0..reader.layout.len())
        .filter(|&u| matches!(reader.layout.unit(u), Unit::Block(b) if reader.article.blocks[b].is_heading()))
        .collect();
    assert!(headings.len() >= 4);
    run(&mut app, &[Command::NextHeading]);
    assert_eq!(app.reader.as_ref().unwrap().cursor, headings[1]);
    run(&mut app, &[Command::NextHeading, Command::PreviousHeading]);
    assert_eq!(app.reader.as_ref().unwrap().cursor, headings[1]);

    let mut seed_app = reader_on(seed_article(), 100, 30);
    run(&mut seed_app, &[Command::NextHeading]);
    assert!(
        seed_app
            .message
            .as_deref()
            .unwrap()
            .contains("no more headings")
    );
    assert_eq!(paragraph(&seed_app), 1);
}

#[test]
fn layout_modes_cycle_swap_and_fall_back_when_narrow() {
    let mut app = reader_on(seed_article(), 100, 30);
    let mode = |app: &App| app.reader.as_ref().unwrap().layout.geometry().mode;
    assert_eq!(mode(&app), Mode::Side);
    run(&mut app, &[Command::SwapPanes]);
    assert_eq!(mode(&app), Mode::Swapped);
    let RowCells::Pair(_) = &app.reader.as_ref().unwrap().rows[0].cells else {
        panic!("side by side");
    };
    run(&mut app, &[Command::CycleLayout]);
    assert_eq!(mode(&app), Mode::Stacked);
    run(&mut app, &[Command::CycleLayout]);
    assert_eq!(mode(&app), Mode::En);
    run(&mut app, &[Command::CycleLayout, Command::CycleLayout]);
    assert_eq!(mode(&app), Mode::Side);
    update(&mut app, Action::Resize(50, 30));
    assert_eq!(mode(&app), Mode::Stacked, "narrow windows stack");
    assert_eq!(
        app.reader.as_ref().unwrap().mode,
        Mode::Side,
        "the choice is kept"
    );
    update(&mut app, Action::Resize(120, 30));
    assert_eq!(mode(&app), Mode::Side, "and come back");
}

#[test]
fn resize_keeps_the_current_paragraph_in_place() {
    let mut app = reader_on(seed_article(), 120, 30);
    run(&mut app, &[Command::NextParagraph; 3]);
    let cursor = app.reader.as_ref().unwrap().cursor;
    let row_of_cursor = |app: &App| visible_units(app).iter().position(|&u| u == cursor);
    let before = row_of_cursor(&app).unwrap();
    for (w, h) in [(70, 24), (160, 40), (40, 12), (200, 60), (120, 30)] {
        update(&mut app, Action::Resize(w, h));
        assert_eq!(app.reader.as_ref().unwrap().cursor, cursor, "{w}×{h}");
        let row = row_of_cursor(&app).unwrap_or_else(|| panic!("paragraph off screen at {w}×{h}"));
        assert!(row <= before, "{w}×{h}: row {row}, was {before}");
    }
    assert_eq!(row_of_cursor(&app), Some(before));

    // Low on a tall screen, then a short one: the paragraph must still be in view.
    update(&mut app, Action::Resize(160, 40));
    run(&mut app, &[Command::ScrollUp; 12]);
    assert_eq!(app.reader.as_ref().unwrap().cursor, cursor);
    assert!(row_of_cursor(&app).unwrap() >= 10);
    update(&mut app, Action::Resize(40, 12));
    assert!(
        row_of_cursor(&app).is_some(),
        "paragraph pushed off a short screen"
    );
}

#[test]
fn every_size_down_to_one_cell_draws_without_panic() {
    for article in [seed_article(), guide()] {
        let mut app = reader_on(article, 80, 24);
        run(&mut app, &[Command::NextParagraph; 2]);
        for (w, h) in [
            (1, 1),
            (2, 1),
            (1, 5),
            (19, 6),
            (20, 5),
            (20, 6),
            (21, 7),
            (33, 9),
            (59, 20),
            (60, 20),
            (250, 80),
        ] {
            update(&mut app, Action::Resize(w, h));
            common::drawn(&app);
            run(
                &mut app,
                &[Command::ScrollDown, Command::NextParagraph, Command::Help],
            );
            common::drawn(&app);
            run(&mut app, &[Command::Close]);
        }
    }
    let mut library = App::new(config::defaults(true), library::bundled(), None, (1, 1));
    common::drawn(&library);
    update(&mut library, Action::Resize(30, 8));
    common::drawn(&library);
}

#[test]
fn search_is_incremental_case_and_width_insensitive() {
    let mut app = reader_on(seed_article(), 100, 30);
    run(&mut app, &[Command::Search]);
    assert!(app.is_typing());
    for c in "2-PLUS".chars() {
        update(&mut app, Action::Edit(Edit::Insert(c)));
    }
    let count = app.reader.as_ref().unwrap().search.matches().len();
    assert!(count >= 6, "{count}");
    update(&mut app, Action::Submit);
    assert!(!app.is_typing());
    let first = app.reader.as_ref().unwrap().search.current;
    assert_eq!(first, Some(0));

    run(&mut app, &[Command::Back, Command::Search]);
    for c in "２－ｐｌｕｓ".chars() {
        update(&mut app, Action::Edit(Edit::Insert(c)));
    }
    update(&mut app, Action::Submit);
    assert_eq!(app.reader.as_ref().unwrap().search.matches().len(), count);

    run(&mut app, &[Command::PreviousMatch]);
    assert_eq!(app.reader.as_ref().unwrap().search.current, Some(count - 1));
    assert!(app.message.as_deref().unwrap().contains("wrapped"));
    run(&mut app, &[Command::NextMatch]);
    assert_eq!(app.reader.as_ref().unwrap().search.current, Some(0));
    let reader = app.reader.as_ref().unwrap();
    let found = &reader.search.matches()[0];
    assert_eq!(
        reader.cursor, found.unit,
        "the match's paragraph is current in both panes"
    );
    assert!(visible_units(&app).contains(&found.unit));
}

#[test]
fn search_finds_japanese_and_escape_restores_the_view() {
    let mut app = reader_on(guide(), 100, 30);
    run(&mut app, &[Command::NextParagraph]);
    let (top, cursor) = {
        let r = app.reader.as_ref().unwrap();
        (r.top, r.cursor)
    };
    run(&mut app, &[Command::Search]);
    for c in "禁則".chars() {
        update(&mut app, Action::Edit(Edit::Insert(c)));
    }
    let reader = app.reader.as_ref().unwrap();
    assert!(!reader.search.matches().is_empty());
    assert!(reader.search.matches().iter().all(|m| m.side == Side::Ja));
    assert_ne!(reader.cursor, cursor);
    update(&mut app, Action::Cancel);
    let reader = app.reader.as_ref().unwrap();
    assert_eq!((reader.top, reader.cursor), (top, cursor));
    assert!(reader.search.matches().is_empty());

    run(&mut app, &[Command::Search]);
    for c in "zzqx".chars() {
        update(&mut app, Action::Edit(Edit::Insert(c)));
    }
    update(&mut app, Action::Submit);
    assert!(app.message.as_deref().unwrap().contains("not found"));
    update(&mut app, Action::Edit(Edit::Backspace));
    run(&mut app, &[Command::NextMatch]);
    assert_eq!(app.message.as_deref(), Some("not found: zzqx"));
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut app = reader_on(seed_article(), 100, 30);
    run(&mut app, &[Command::Help]);
    assert_eq!(app.help_scroll(), Some(0));
    run(&mut app, &[Command::Down, Command::Down, Command::Up]);
    assert_eq!(app.help_scroll(), Some(1));
    run(&mut app, &[Command::Down; 500]);
    let scrolled = app.help_scroll().unwrap();
    assert!(scrolled > 0);
    // Scrolling stops where the last line is at the bottom: one step up shows one line more.
    let (lines, shown) = taiyaku::app::help_rows(&app);
    assert_eq!(scrolled, lines - shown);
    run(&mut app, &[Command::Up]);
    assert_eq!(app.help_scroll(), Some(scrolled - 1));
    run(&mut app, &[Command::Close]);
    assert_eq!(app.help_scroll(), None);
    assert_eq!(app.screen, Screen::Reader);
}

#[test]
fn mouse_wheel_scrolls_and_a_click_picks_a_paragraph() {
    let mut app = reader_on(seed_article(), 100, 30);
    update(&mut app, Action::Wheel(2));
    assert!(app.reader.as_ref().unwrap().top.unit > 0 || app.reader.as_ref().unwrap().top.row > 0);
    update(&mut app, Action::Wheel(-2));
    assert_eq!(app.reader.as_ref().unwrap().top.unit, 0);
    let rows = &app.reader.as_ref().unwrap().rows;
    let index = rows
        .iter()
        .position(|r| {
            matches!(
                app.reader.as_ref().unwrap().layout.unit(r.position.unit),
                Unit::Block(1)
            )
        })
        .unwrap();
    let screen_row = u16::try_from(index + 1).unwrap();
    update(
        &mut app,
        Action::Click {
            column: 10,
            row: screen_row,
        },
    );
    assert_eq!(paragraph(&app), 2);
}

#[test]
fn keys_come_from_the_config() {
    let text = "[keys.reader]\nnext_paragraph = [\"F\"]\n";
    let config = config::from_toml("config.toml", text, true).unwrap();
    let mut app = App::new(config, library::bundled(), Some(seed_article()), (100, 30));
    let key = |c: char| {
        crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        )
    };
    assert_eq!(
        app.action_for_key(&key('}')),
        None,
        "rebinding replaces the default"
    );
    let action = app.action_for_key(&key('F')).unwrap();
    update(&mut app, action);
    assert_eq!(paragraph(&app), 2);
}

/// Under the wide ambiguous policy every cell must be as wide on the terminal as ratatui
/// believes: a glyph drawn wider than its cell would push the row past the border.
#[test]
fn wide_ambiguous_policy_keeps_every_cell_its_drawn_width() {
    use ratatui::buffer::{CellDiffOption, CellWidth};
    use taiyaku::text::{AmbiguousWidth, cell_width};
    let config =
        config::from_toml("config.toml", "[reader]\nambiguous = \"wide\"\n", true).unwrap();
    let screens: [&[Command]; 3] = [&[], &[Command::Help], &[Command::Back, Command::Help]];
    for article in [seed_article(), guide()] {
        for commands in screens {
            let mut app = App::new(
                config.clone(),
                library::bundled(),
                Some(article.clone()),
                (80, 24),
            );
            run(&mut app, commands);
            let terminal = common::drawn(&app);
            let buffer = terminal.backend().buffer();
            for y in 0..24 {
                let mut x = 0;
                while x < 80 {
                    let cell = &buffer[(x, y)];
                    let believed = match cell.diff_option {
                        CellDiffOption::ForcedWidth(w) => w.get(),
                        _ => cell.symbol().cell_width(),
                    };
                    let drawn = cell_width(cell.symbol(), AmbiguousWidth::Wide);
                    assert_eq!(
                        usize::from(believed),
                        drawn,
                        "{:?} at ({x}, {y}) after {commands:?}",
                        cell.symbol()
                    );
                    x += believed.max(1);
                }
            }
        }
    }
}

#[test]
fn resize_inside_a_long_paragraph_keeps_the_text_at_the_top() {
    let mut app = reader_on(seed_article(), 100, 12);
    run(&mut app, &[Command::ScrollDown; 11]);
    let top_text = |app: &App| {
        let reader = app.reader.as_ref().unwrap();
        let row = &reader.rows[0];
        let RowCells::Pair([left, _]) = &row.cells else {
            panic!("side by side")
        };
        reader
            .layout
            .cell_text(&reader.article, row.position.unit, left)
            .to_owned()
    };
    let before = top_text(&app);
    assert!(!before.is_empty());
    let first_word = before.split_whitespace().next().unwrap().to_owned();
    update(&mut app, Action::Resize(99, 12));
    let after = top_text(&app);
    assert!(after.contains(&first_word), "was {before:?}, now {after:?}");
}

#[test]
fn a_click_in_a_scrolled_library_opens_what_it_shows() {
    // Newest first: thirty guides (2026), then the seed (2013) at the bottom.
    let articles: Vec<Article> = (0..30).map(|_| guide()).chain([seed_article()]).collect();
    let mut app = App::new(config::defaults(true), articles, None, (80, 10));
    run(&mut app, &[Command::Bottom]);
    assert_eq!(app.library.list.selected, 30);
    assert!(app.library.list.offset > 0, "the list scrolled");
    // The last row of the list shows the selected article: a click on it opens it.
    let row = 2 + u16::try_from(app.library.list.selected - app.library.list.offset).unwrap();
    update(&mut app, Action::Click { column: 5, row });
    assert_eq!(app.screen, Screen::Reader);
    assert!(
        app.reader
            .as_ref()
            .unwrap()
            .article
            .display_title()
            .starts_with("Strategy")
    );
}

#[test]
fn the_headings_screen_preselects_filters_and_jumps() {
    let mut app = reader_on(guide(), 100, 30);
    run(
        &mut app,
        &[
            Command::NextHeading,
            Command::NextHeading,
            Command::NextParagraph,
        ],
    );
    let section_unit = {
        let reader = app.reader.as_ref().unwrap();
        (0..reader.cursor)
            .rev()
            .find(|&u| matches!(reader.layout.unit(u), Unit::Block(b) if reader.article.blocks[b].is_heading()))
            .unwrap()
    };
    run(&mut app, &[Command::Headings]);
    assert_eq!(app.screen, Screen::Headings);
    let (rows, shown) = taiyaku::app::shown_headings(&app);
    let selected = &rows[shown[app.headings.selected]];
    let reader = app.reader.as_ref().unwrap();
    assert_eq!(
        selected.block.and_then(|b| reader.layout.unit_of_block(b)),
        Some(section_unit),
        "the current section is preselected"
    );

    run(&mut app, &[Command::Filter]);
    for c in "検索".chars() {
        update(&mut app, Action::Edit(Edit::Insert(c)));
    }
    update(&mut app, Action::Submit);
    let (rows, shown) = taiyaku::app::shown_headings(&app);
    assert_eq!(shown.len(), 1);
    assert_eq!(rows[shown[0]].en.as_deref(), Some("Searching"));
    run(&mut app, &[Command::Open]);
    assert_eq!(app.screen, Screen::Reader);
    let reader = app.reader.as_ref().unwrap();
    let Unit::Block(block) = reader.layout.unit(reader.cursor) else {
        panic!("on a block")
    };
    assert_eq!(
        reader.article.blocks[block].text.en.as_deref(),
        Some("Searching")
    );
    assert!(
        visible_units(&app).contains(&reader.cursor),
        "the heading is on screen (at the top unless the article ends first)"
    );

    run(&mut app, &[Command::Headings, Command::Back]);
    assert_eq!(app.screen, Screen::Reader);
}

#[test]
fn search_counts_only_the_languages_on_screen() {
    let mut app = reader_on(guide(), 100, 30);
    run(&mut app, &[Command::Search]);
    for c in "ratatui".chars() {
        update(&mut app, Action::Edit(Edit::Insert(c)));
    }
    update(&mut app, Action::Submit);
    let both = app.reader.as_ref().unwrap().search.matches().to_vec();
    assert!(both.iter().any(|m| m.side == Side::En) && both.iter().any(|m| m.side == Side::Ja));
    run(&mut app, &[Command::CycleLayout, Command::CycleLayout]);
    let mode = app.reader.as_ref().unwrap().layout.geometry().mode;
    assert_eq!(mode, Mode::En);
    let english = &app.reader.as_ref().unwrap().search.matches();
    assert!(!english.is_empty() && english.iter().all(|m| m.side == Side::En));
    assert!(english.len() < both.len());
    run(&mut app, &[Command::NextMatch]);
    let reader = app.reader.as_ref().unwrap();
    let current = &reader.search.matches()[reader.search.current.unwrap()];
    assert_eq!(current.side, Side::En, "n never lands on a hidden language");
}

#[test]
fn typing_narrows_the_search_without_losing_matches() {
    use taiyaku::article::{Bilingual, Block, Headings};
    let article = Article::new(
        "t".into(),
        Format::Plain,
        Headings::default(),
        vec![
            Block::paragraph(Bilingual::new(
                Some("data and more data".into()),
                Some("データとデータ".into()),
            )),
            Block::paragraph(Bilingual::ja("テキスト")),
        ],
    );
    let mut app = reader_on(article, 100, 30);
    run(&mut app, &[Command::Search]);
    // Half-width ﾃ, then its voicing mark: the first is no match inside デ, the second is.
    for (c, expected) in [('ﾃ', 1), ('\u{FF9E}', 2), ('ｰ', 2), ('ﾀ', 2)] {
        update(&mut app, Action::Edit(Edit::Insert(c)));
        let reader = app.reader.as_ref().unwrap();
        let fresh =
            taiyaku::search::find_all(&reader.article, &reader.layout, &reader.search.query);
        assert_eq!(
            reader.search.matches(),
            fresh,
            "after {c:?}: narrowing agrees with a fresh search"
        );
        assert_eq!(reader.search.matches().len(), expected, "after {c:?}");
    }
    update(&mut app, Action::Edit(Edit::Backspace));
    update(&mut app, Action::Edit(Edit::Backspace));
    let reader = app.reader.as_ref().unwrap();
    assert_eq!(reader.search.query, "ﾃﾞ");
    assert_eq!(reader.search.matches().len(), 2);
}

// ---- found in review: each was a bug ------------------------------------------------------

#[test]
fn at_the_start_a_resize_keeps_the_start_only_while_the_current_paragraph_shows() {
    let mut app = reader_on(seed_article(), 100, 80);
    run(
        &mut app,
        &[Command::Top, Command::NextParagraph, Command::NextParagraph],
    );
    run(&mut app, &[Command::NextParagraph]);
    assert_eq!(
        app.reader.as_ref().unwrap().top.unit,
        0,
        "all of it fits at 80 rows"
    );
    update(&mut app, Action::Resize(100, 15));
    assert!(cursor_text_visible(&app), "{:?}", visible_units(&app));
    // With the first paragraph current, the start stays the start.
    run(&mut app, &[Command::Top]);
    update(&mut app, Action::Resize(60, 30));
    assert_eq!(app.reader.as_ref().unwrap().top.unit, 0);
    assert!(cursor_text_visible(&app));
}

#[test]
fn a_click_under_an_open_prompt_does_not_leave_the_screen() {
    let mut app = App::new(config::defaults(true), library::bundled(), None, (100, 30));
    run(&mut app, &[Command::Filter]);
    assert!(app.is_typing());
    for _ in 0..2 {
        update(&mut app, Action::Click { column: 5, row: 2 });
    }
    assert_eq!(
        app.screen,
        Screen::Library,
        "the click did not open the article"
    );
    assert!(app.is_typing(), "the prompt is still open");
    // The wheel still scrolls what is under the prompt.
    update(&mut app, Action::Wheel(1));
    assert_eq!(app.library.list.selected, 1);
}

#[test]
fn the_help_scrolls_up_at_once_after_the_window_grew() {
    let mut app = reader_on(seed_article(), 80, 10);
    run(&mut app, &[Command::Help, Command::Bottom]);
    let bottom = app.help_scroll().unwrap();
    assert!(bottom > 0);
    update(&mut app, Action::Resize(80, 30));
    let (lines, shown) = taiyaku::app::help_rows(&app);
    let last = lines.saturating_sub(shown);
    run(&mut app, &[Command::Up]);
    assert_eq!(app.help_scroll(), Some(last.saturating_sub(1)));
}

#[test]
fn a_click_under_the_last_heading_drawn_selects_nothing() {
    // At 24×8 the guide's table has room for its first row only (the next does not fit whole).
    let mut app = reader_on(guide(), 24, 8);
    run(&mut app, &[Command::Headings, Command::Top]);
    assert_eq!(app.screen, Screen::Headings);
    assert_eq!((app.headings.selected, app.headings.offset), (0, 0));
    let areas = taiyaku::app::headings_areas(&app);
    let (rows, shown) = taiyaku::app::shown_headings(&app);
    let height = taiyaku::app::row_height(&app, &rows, &shown);
    let drawn = app
        .headings
        .whole_rows(shown.len(), usize::from(areas.table.height), &height);
    let below = areas.table.y + u16::try_from(height(0)).unwrap();
    assert!(drawn.end == 1 && below < areas.table.bottom(), "{drawn:?}");
    update(
        &mut app,
        Action::Click {
            column: 3,
            row: below,
        },
    );
    assert_eq!(app.headings.selected, 0, "an undrawn row was selected");
}

#[test]
fn keys_at_an_end_say_so_in_the_lists_the_reader_and_the_help() {
    let mut app = reader_on(seed_article(), 100, 30);
    run(&mut app, &[Command::Top]);
    run(&mut app, &[Command::Top]);
    assert_eq!(app.message.as_deref(), Some("no more text above"));
    run(&mut app, &[Command::Bottom, Command::Bottom]);
    assert_eq!(app.message.as_deref(), Some("no more text below"));
    run(&mut app, &[Command::Help, Command::Up]);
    assert_eq!(app.message.as_deref(), Some("no more help above"));
    run(&mut app, &[Command::Bottom, Command::Down]);
    assert_eq!(app.message.as_deref(), Some("no more help below"));
    let mut library = App::new(config::defaults(true), library::bundled(), None, (100, 30));
    run(&mut library, &[Command::Up]);
    assert_eq!(library.message.as_deref(), Some("no more articles above"));
    run(&mut library, &[Command::Down]);
    assert_eq!(library.message, None, "it moved");
    run(&mut library, &[Command::Bottom, Command::Down]);
    assert_eq!(library.message.as_deref(), Some("no more articles below"));
    update(&mut library, Action::Wheel(1));
    assert_eq!(library.message, None, "the wheel says nothing");
}

#[test]
fn the_wheel_scrolls_the_help() {
    let mut app = reader_on(seed_article(), 80, 12);
    run(&mut app, &[Command::Help]);
    update(&mut app, Action::Wheel(1));
    assert_eq!(app.help_scroll(), Some(1));
    update(&mut app, Action::Wheel(-1));
    assert_eq!(app.help_scroll(), Some(0));
    assert_eq!(
        app.reader.as_ref().unwrap().top.unit,
        0,
        "the reader did not move"
    );
}

#[test]
fn the_percentage_measures_text_and_moves_inside_a_long_paragraph() {
    use taiyaku::app::percent;
    use taiyaku::article::{Bilingual, Block, Headings};
    let one = "A sentence of an essay that goes on and on. ".repeat(400);
    let article = Article::new(
        "t".into(),
        Format::Plain,
        Headings::default(),
        vec![Block::paragraph(Bilingual::new(Some(one), None))],
    );
    let mut app = reader_on(article, 100, 30);
    let reader = app.reader.as_ref().unwrap();
    assert_eq!(percent(reader), 0, "one paragraph, at its top");
    let mut last = 0;
    for _ in 0..6 {
        run(&mut app, &[Command::PageDown]);
        let now = percent(app.reader.as_ref().unwrap());
        assert!(now > last, "{now} after {last}");
        last = now;
    }
    run(&mut app, &[Command::Bottom]);
    assert_eq!(percent(app.reader.as_ref().unwrap()), 100);

    // The seed: monotonic paragraph by paragraph, 100 at the end.
    let mut app = reader_on(seed_article(), 100, 30);
    let mut last = percent(app.reader.as_ref().unwrap());
    for _ in 0..12 {
        run(&mut app, &[Command::ScrollDown]);
        let now = percent(app.reader.as_ref().unwrap());
        assert!(now >= last, "{now} after {last}");
        last = now;
    }
    run(&mut app, &[Command::Bottom]);
    assert_eq!(percent(app.reader.as_ref().unwrap()), 100);
}

/// An article with `en` and `ja` paragraphs (either side may be absent throughout).
fn article_in(id: &str, en: Option<&str>, ja: Option<&str>) -> Article {
    use taiyaku::article::{Bilingual, Block, Headings};
    let blocks = (1..=3)
        .map(|i| {
            let side = |text: Option<&str>| text.map(|t| format!("{t} {i}"));
            Block::paragraph(Bilingual::new(side(en), side(ja)))
        })
        .collect();
    Article::new(id.into(), Format::Plain, Headings::default(), blocks)
}

fn mode_of(app: &App) -> Mode {
    app.reader.as_ref().expect("an open article").mode
}

#[test]
fn an_article_in_one_language_opens_in_its_single_pane_and_says_so() {
    for (en, ja, mode, said) in [
        (
            Some("Only English."),
            None,
            Mode::En,
            Some("English text only"),
        ),
        (
            None,
            Some("日本語だけ。"),
            Mode::Ja,
            Some("Japanese text only"),
        ),
        (Some("Both."), Some("両方。"), Mode::Side, None),
    ] {
        let app = reader_on(article_in("one", en, ja), 100, 30);
        assert_eq!(mode_of(&app), mode);
        let status = common::screen_rows(&app).last().cloned().unwrap();
        match said {
            Some(said) => assert!(status.contains(said), "{status}"),
            None => assert!(!status.contains("only"), "{status}"),
        }
    }
    // The seed has English paragraphs and a Japanese byline: two languages, side by side.
    assert_eq!(mode_of(&reader_on(seed_article(), 100, 30)), Mode::Side);
    // A config that asks for one language already has nothing to say.
    let config = config::from_toml("c", "[reader]\nlayout = \"en\"\n", true).unwrap();
    let app = App::new(
        config,
        Vec::new(),
        Some(article_in("e", Some("A."), None)),
        (100, 30),
    );
    assert_eq!(mode_of(&app), Mode::En);
    assert_eq!(app.message, None);
}

/// The reading positions saved by the app's effects so far, as the event loop would save them.
fn saved_positions(app: &mut App) -> taiyaku::bookmarks::Positions {
    let mut positions = taiyaku::bookmarks::Positions::default();
    for effect in std::mem::take(&mut app.effects) {
        if let taiyaku::app::Effect::SavePosition { article, position } = effect {
            positions.positions.insert(article, position);
        }
    }
    positions
}

fn reopened(positions: taiyaku::bookmarks::Positions, article: Article) -> App {
    reader_on(article, 100, 30).with_marks(taiyaku::bookmarks::Bookmarks::default(), positions)
}

#[test]
fn the_layout_chosen_for_an_article_is_remembered_with_its_position() {
    let both = || article_in("both", Some("Both."), Some("両方。"));
    let mut app = reader_on(both(), 100, 30);
    run(&mut app, &[Command::NextParagraph, Command::CycleLayout]);
    assert_eq!(mode_of(&app), Mode::Stacked);
    let positions = saved_positions(&mut app);
    assert_eq!(
        positions.positions[&both().id].layout.as_deref(),
        Some("stacked")
    );
    let mut app = reopened(positions, both());
    assert_eq!(mode_of(&app), Mode::Stacked);
    assert_eq!(paragraph(&app), 2);
    // Back to the default: nothing is kept, and the config decides again.
    run(&mut app, &[Command::CycleLayout; 3]);
    assert_eq!(mode_of(&app), Mode::Side);
    let positions = saved_positions(&mut app);
    assert_eq!(positions.positions[&both().id].layout, None);
    // A one-language article remembers a choice of both panes too.
    let english = || article_in("en", Some("English."), None);
    let mut app = reader_on(english(), 100, 30);
    run(&mut app, &[Command::CycleLayout]);
    assert_eq!(mode_of(&app), Mode::Ja);
    let positions = saved_positions(&mut app);
    assert_eq!(mode_of(&reopened(positions, english())), Mode::Ja);
}

#[test]
fn saved_positions_without_a_layout_or_with_an_unknown_one_still_read() {
    let both = article_in("both", Some("Both."), Some("両方。"));
    let id = &both.id;
    let old =
        format!(r#"{{"positions": {{"{id}": {{"block": 1, "fingerprint": "x", "updated": 5}}}}}}"#);
    let positions: taiyaku::bookmarks::Positions = serde_json::from_str(&old).unwrap();
    assert_eq!(positions.positions[id].layout, None);
    let newer = old.replace(r#""updated": 5"#, r#""updated": 5, "layout": "diagonal""#);
    let positions: taiyaku::bookmarks::Positions = serde_json::from_str(&newer).unwrap();
    assert_eq!(positions.positions[id].layout(), None);
    let app = reopened(positions, both.clone());
    assert_eq!(mode_of(&app), Mode::Side);
    assert_eq!(paragraph(&app), 2);
}
