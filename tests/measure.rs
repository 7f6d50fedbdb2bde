//! The measure: the widest a pane's lines get (`measure` in the config), the panes in the
//! middle of a wide window, and the keys and `:set measure` that change it while reading.

mod common;

use std::path::Path;

use common::{command, keys, press, reader_on, run, seed_article};
use crossterm::event::KeyCode;
use taiyaku::app::areas::{self, Columns};
use taiyaku::app::{Action, App, Overlay, Purpose, Reader, update};
use taiyaku::article::Article;
use taiyaku::config;
use taiyaku::import::import_path;
use taiyaku::keymap::Command;
use taiyaku::layout::{Mode, RowCells, Unit};
use taiyaku::library;

fn reader(app: &App) -> &Reader {
    app.reader.as_ref().expect("an open article")
}

fn message(app: &App) -> String {
    app.message.clone().unwrap_or_default()
}

/// The widths of the panes shown, and where their margin starts on screen.
fn panes(app: &App) -> ([usize; 2], u16) {
    let geometry = reader(app).layout.geometry();
    let columns = Columns::of(areas::reader(app.area()).panes, &geometry);
    (geometry.pane_widths(), columns.marker.x)
}

fn guide() -> Article {
    library::bundled().remove(0)
}

#[test]
fn the_config_takes_a_measure_of_0_or_20_to_1000_cells() {
    let measure = |text: &str| config::from_toml("config.toml", text, true).map(|c| c.measure);
    assert_eq!(
        measure("").unwrap(),
        80,
        "the default: 40 full-width characters"
    );
    for taken in [0, 20, 72, 1000] {
        let text = format!("[reader]\nmeasure = {taken}\n");
        assert_eq!(measure(&text).unwrap(), taken);
    }
    for refused in ["1", "19", "1001"] {
        let error = measure(&format!("[reader]\nmeasure = {refused}\n"))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains(&format!(
                "line 2: measure {refused} is not 0 or 20–1000 (cells)"
            )),
            "{error}"
        );
    }
    assert!(measure("[reader]\nmeasure = -4\n").is_err());
    assert!(measure("[reader]\nmeasure = \"wide\"\n").is_err());
}

#[test]
fn panes_are_at_most_the_measure_and_centred_in_a_wide_window() {
    // One language at 160 columns: a column of 80 cells (and the margin) in the middle.
    let mut app = reader_on(guide(), 160, 30);
    command(&mut app, "set layout=en");
    assert_eq!(panes(&app), ([80, 80], (160 - 82) / 2));
    // Stacked, the same column.
    command(&mut app, "set layout=stacked");
    assert_eq!(panes(&app), ([80, 80], 39));
    // Side by side at 160, two panes of 80 do not fit: the window, as before.
    command(&mut app, "set layout=side");
    assert_eq!(panes(&app), ([77, 78], 0));
    // At 200 they do: 2 × 80 + the gutter + the margin is 165.
    update(&mut app, Action::Resize(200, 30));
    assert_eq!(panes(&app), ([80, 80], (200 - 165) / 2));
    // Narrow, side by side falls back to stacked, within the window.
    update(&mut app, Action::Resize(50, 30));
    assert_eq!(reader(&app).layout.geometry().mode, Mode::Stacked);
    assert_eq!(panes(&app), ([48, 48], 0));
    // No measure: the whole window.
    let config = config::from_toml("config.toml", "[reader]\nmeasure = 0\n", true).unwrap();
    let mut app = App::new(config, library::bundled(), Some(guide()), (250, 30));
    command(&mut app, "set layout=en");
    assert_eq!(panes(&app), ([248, 248], 0));
    // Every row drawn stays inside the window at any size and measure.
    for (width, measure) in [
        (20, 20),
        (21, 1000),
        (59, 20),
        (60, 24),
        (163, 80),
        (250, 20),
    ] {
        for layout in ["side", "stacked", "en", "ja"] {
            let mut app = reader_on(guide(), width, 20);
            command(&mut app, &format!("set measure={measure} layout={layout}"));
            let (widths, x) = panes(&app);
            let geometry = reader(&app).layout.geometry();
            assert!(usize::from(x) + 2 + geometry.width <= usize::from(width));
            assert!(widths[0] <= measure, "{width} {layout}: {widths:?}");
            common::drawn(&app);
        }
    }
}

#[test]
fn plus_minus_and_equals_widen_narrow_and_reset_the_lines() {
    let mut app = reader_on(guide(), 160, 30);
    command(&mut app, "set layout=en");
    keys(&mut app, "+");
    assert_eq!(app.measure, 84);
    assert_eq!(message(&app), "lines at most 84 cells (42 full-width)");
    assert_eq!(panes(&app).0, [84, 84]);
    keys(&mut app, "--");
    assert_eq!(app.measure, 76);
    assert_eq!(message(&app), "lines at most 76 cells (38 full-width)");
    keys(&mut app, "=");
    assert_eq!(app.measure, 80, "the config's");
    assert_eq!(app.config.measure, 80, "the config itself is not changed");
    assert_eq!(message(&app), "lines at most 80 cells (40 full-width)");

    // A count: 3+ is three steps; a great one goes no further than the window.
    keys(&mut app, "3+");
    assert_eq!(app.measure, 92);
    keys(&mut app, "50+");
    assert_eq!(app.measure, 158);
    assert_eq!(
        message(&app),
        "lines at most 158 cells (79 full-width), as wide as the window"
    );
    assert_eq!(panes(&app), ([158, 158], 0));
    keys(&mut app, "+");
    assert_eq!(app.measure, 158);
    assert_eq!(message(&app), "the lines are as wide as the window");

    // Down to 20 cells (10 full-width characters), and no narrower.
    keys(&mut app, "99-");
    assert_eq!(app.measure, 20);
    assert_eq!(panes(&app), ([20, 20], (160 - 22) / 2));
    keys(&mut app, "-");
    assert_eq!(app.measure, 20);
    assert_eq!(
        message(&app),
        "the lines are as narrow as they go (20 cells)"
    );

    // Side by side, a step narrows both panes from what the window gives them.
    let mut app = reader_on(guide(), 160, 30);
    keys(&mut app, "+");
    assert_eq!(message(&app), "the lines are as wide as the window");
    keys(&mut app, "-");
    assert_eq!(app.measure, 74, "78 cells wide, less 4");
    assert_eq!(panes(&app).0, [74, 74]);
    keys(&mut app, "=");
    assert_eq!(
        message(&app),
        "lines at most 80 cells (40 full-width); the window allows 78"
    );
}

#[test]
fn the_command_line_sets_and_shows_the_measure() {
    let mut app = reader_on(guide(), 160, 30);
    command(&mut app, "set measure=60 layout=en");
    assert_eq!(app.measure, 60);
    assert_eq!(panes(&app).0, [60, 60]);
    command(&mut app, "set measure");
    assert_eq!(message(&app), "measure=60");
    command(&mut app, "set measure=0");
    assert_eq!(message(&app), "lines as wide as the window (no measure)");
    assert_eq!(panes(&app), ([158, 158], 0));
    command(&mut app, "set measure=10");
    assert!(message(&app).contains("measure 10 is not 0 or 20–1000"));
    command(&mut app, "set measure=wide");
    assert!(message(&app).contains("measure: a number of cells, not 'wide'"));
    assert_eq!(app.measure, 0, "a refused value changes nothing");
    keys(&mut app, "=");
    assert_eq!(app.measure, 80);

    keys(&mut app, ":set me");
    press(&mut app, KeyCode::Tab);
    let Some(Overlay::Prompt(prompt)) = &app.overlay else {
        panic!("the command line is open");
    };
    assert!(matches!(prompt.purpose, Purpose::Command(_)));
    assert_eq!(prompt.editor.text(), "set measure=");
}

#[test]
fn a_change_of_measure_keeps_the_reading_place() {
    let mut app = reader_on(seed_article(), 160, 14);
    command(&mut app, "set layout=en");
    run(&mut app, &[Command::NextParagraph; 5]);
    run(&mut app, &[Command::ScrollUp; 3]);
    assert_ne!(reader(&app).top.unit, 0, "scrolled into the text");
    let cursor = reader(&app).cursor;
    let row_of_cursor = |app: &App| {
        let rows = &reader(app).rows;
        rows.iter().position(|r| r.position.unit == cursor)
    };
    let before = row_of_cursor(&app).expect("the current paragraph is on screen");
    assert_eq!(before, 3, "three rows down");
    for step in ["-", "5-", "+", "20+", "="] {
        keys(&mut app, step);
        assert_eq!(reader(&app).cursor, cursor, "{step}");
        assert_eq!(row_of_cursor(&app), Some(before), "{step}");
    }
}

#[test]
fn a_click_on_a_centred_pane_hits_its_paragraph_and_sentence() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kyoto_sentences.xml");
    let article = import_path(&path, None).unwrap().article;
    let mut app = reader_on(article, 200, 30);
    command(&mut app, "set measure=60");
    // 2 × 60 + the gutter + the margin: 125 cells, 37 columns in from the left.
    let columns = Columns::of(
        areas::reader(app.area()).panes,
        &reader(&app).layout.geometry(),
    );
    assert_eq!((columns.left.x, columns.right.x), (39, 102));
    let index = reader(&app)
        .rows
        .iter()
        .position(|row| {
            matches!(row.cells, RowCells::Pair(_))
                && row.position.row == 0
                && reader(&app).layout.unit(row.position.unit) == Unit::Block(4)
        })
        .expect("the last paragraph's first row is on screen");
    let row = u16::try_from(index).unwrap() + 1;
    let lit = |app: &App| {
        let lit = reader(app).lit_sentences().expect("a sentence is lit");
        let Unit::Block(block) = reader(app).layout.unit(lit.unit) else {
            panic!("a block");
        };
        let (side, range) = lit.current;
        reader(app).article.blocks[block].text.get(side).unwrap()[range].to_owned()
    };
    update(&mut app, Action::Click { column: 40, row });
    assert!(lit(&app).starts_with("Every August"), "{}", lit(&app));
    update(&mut app, Action::Click { column: 103, row });
    assert_eq!(lit(&app), "寺では毎年八月に「灯籠祭」が行われる。");
}
