//! The rough edges a new user hit: each has a test.
//!
//! Keys are pressed as the terminal sends them (`App::action_for_key` with a `KeyEvent`), so the
//! default keymap is part of every test; screens are read from the cells drawn on ratatui's
//! `TestBackend`; the command line is the built binary, with a fresh data folder and a home of
//! its own for each test.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use common::{SEED, keys, press, seed_article};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use taiyaku::app::{self, App, MARGIN, Screen, areas, update};
use taiyaku::article::{Article, Side};
use taiyaku::bookmarks::{Bookmarks, Positions};
use taiyaku::config::{self, Config};
use taiyaku::import::import_path;
use taiyaku::layout::{self, Mode, Position, RowCells, Unit};
use taiyaku::library;
use taiyaku::text::{AmbiguousWidth, str_width};

/// An article whose headings have only a Japanese title (written for these tests).
const JA_TITLE_ONLY: &str = "tests/fixtures/ja_title_only.txt";
const JA_TITLE: &str = "坊っちゃん";
/// The guide's bundled file, which has sections.
const GUIDE: &str = "assets/guide.json";

fn guide() -> Article {
    library::bundled().remove(0)
}

fn ja_title_only() -> Article {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(JA_TITLE_ONLY);
    import_path(&path, None).unwrap().article
}

fn wide_config() -> Config {
    config::from_toml("config.toml", "[reader]\nambiguous = \"wide\"\n", true).unwrap()
}

fn reader_on(article: Article, width: u16, height: u16) -> App {
    reader_with(config::defaults(true), article, width, height)
}

fn reader_with(config: Config, article: Article, width: u16, height: u16) -> App {
    App::new(config, library::bundled(), Some(article), (width, height))
}

fn library_at(width: u16, height: u16) -> App {
    App::new(
        config::defaults(true),
        library::bundled(),
        None,
        (width, height),
    )
}

fn reader(app: &App) -> &app::Reader {
    app.reader.as_ref().expect("an open article")
}

fn mode_shown(app: &App) -> Mode {
    reader(app).layout.geometry().mode
}

fn rows(app: &App) -> Vec<String> {
    common::screen_rows(app)
}

/// The bottom row: every screen's status bar.
fn status_bar(app: &App) -> String {
    rows(app).pop().unwrap()
}

/// The column at which `needle` starts in a row from `rows`.
fn column_of(row: &str, needle: &str, policy: AmbiguousWidth) -> Option<usize> {
    row.find(needle).map(|at| str_width(&row[..at], policy))
}

/// The screen row (from the top of the panes) where the current paragraph's first line is.
fn cursor_row(app: &App) -> Option<usize> {
    let reader = reader(app);
    reader
        .rows
        .iter()
        .position(|r| r.position == Position::at_unit(reader.cursor))
}

// 1. A layout change at the top of the article keeps the title block on screen.

/// Checks that the view is at the very start: the top position, 0 %, and the first row of the
/// title block (the series, in the first language shown) at the top of the panes.
fn assert_at_the_start(app: &App, after: &str) {
    let reader = reader(app);
    assert_eq!(reader.top, Position::default(), "after {after}");
    assert_eq!(app::percent(reader), 0, "after {after}");
    let first = reader.rows.first().map(|r| r.position);
    assert_eq!(first, Some(Position::default()), "after {after}");
    let series = &reader.article.headings.series;
    let shown = match reader.layout.geometry().mode.sides()[0] {
        Side::En => series.en.as_deref(),
        Side::Ja => series.ja.as_deref(),
    };
    let screen = rows(app);
    let top_row = &screen[usize::from(areas::reader(app.area()).panes.y)];
    assert!(
        top_row.contains(shown.unwrap()),
        "after {after}, the title block's first row is not at the top: {top_row:?}"
    );
    assert!(
        screen.last().unwrap().contains(" 0% "),
        "after {after}: {:?}",
        screen.last()
    );
}

#[test]
fn a_layout_change_at_the_top_keeps_the_title_block_on_screen() {
    let mut app = reader_on(seed_article(), 100, 30);
    keys(&mut app, "g");
    assert_at_the_start(&app, "g");
    keys(&mut app, "v");
    assert_eq!(mode_shown(&app), Mode::Stacked);
    assert_at_the_start(&app, "g v");
    // Four more v (English only, Japanese only, side by side, stacked), and s twice where it
    // swaps the panes.
    let steps = [
        ("v", Mode::En),
        ("v", Mode::Ja),
        ("v", Mode::Side),
        ("s", Mode::Swapped),
        ("s", Mode::Side),
        ("v", Mode::Stacked),
    ];
    for (key, mode) in steps {
        keys(&mut app, key);
        assert_eq!(mode_shown(&app), mode, "after {key}");
        assert_at_the_start(&app, &format!("{key} to {}", mode.name()));
    }
}

#[test]
fn a_layout_change_in_the_middle_keeps_the_current_paragraph_where_it_was() {
    for article in [seed_article(), guide()] {
        let mut app = reader_on(article, 100, 30);
        // The fourth paragraph, five rows down the screen, under the end of the third.
        keys(&mut app, "}}}kkkkk");
        let cursor = reader(&app).cursor;
        assert_eq!(app::paragraph_number(reader(&app)).0, Some(4));
        assert!(
            reader(&app).top.unit > 0,
            "the view has left the title block"
        );
        assert_eq!(cursor_row(&app), Some(5));
        for (key, mode) in [
            ("v", Mode::Stacked),
            ("v", Mode::En),
            ("v", Mode::Ja),
            ("v", Mode::Side),
            ("s", Mode::Swapped),
            ("s", Mode::Side),
        ] {
            let row = cursor_row(&app).expect("the current paragraph starts on screen");
            keys(&mut app, key);
            assert_eq!(mode_shown(&app), mode);
            assert_eq!(
                reader(&app).cursor,
                cursor,
                "{key} keeps the paragraph current"
            );
            let now = cursor_row(&app);
            // As after a resize: on its row, unless the article ends before the screen does.
            assert!(
                now == Some(row) || (now.is_some() && reader(&app).at_end),
                "{}: {key} to {}: the current paragraph was on row {row}, is on {now:?}",
                reader(&app).article.display_title(),
                mode.name()
            );
        }
    }
}

// 2. Global options before or after a command.

/// A fresh folder for one test (removed when dropped), holding a home of its own, so that a
/// `--data-dir` that is not read would send data to this home and never to the real one.
struct Folder(PathBuf);

impl Folder {
    fn new(test: &str) -> Self {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("new-user-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(path.join("home")).unwrap();
        Self(path)
    }

    /// A data folder inside it (not created: taiyaku makes it).
    fn data(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_owned()
    }

    /// Where taiyaku would keep its data if no data folder were given.
    fn default_data(&self) -> PathBuf {
        self.0.join("home/.local/share")
    }

    /// True while nothing has been written to the home.
    fn home_is_untouched(&self) -> bool {
        std::fs::read_dir(self.0.join("home"))
            .unwrap()
            .next()
            .is_none()
    }

    fn taiyaku(&self, args: &[&str]) -> Output {
        let home = self.0.join("home");
        Process::new(env!("CARGO_BIN_EXE_taiyaku"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("HOME", &home)
            .env("XDG_DATA_HOME", self.default_data())
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env_remove("TAIYAKU_DATA_DIR")
            .env_remove("TAIYAKU_CONFIG_DIR")
            .output()
            .expect("the binary runs")
    }

    /// Runs taiyaku and returns its stdout; fails the test if it fails.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.taiyaku(args);
        assert!(output.status.success(), "taiyaku {args:?}: {output:?}");
        String::from_utf8(output.stdout).unwrap()
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn list_takes_the_data_folder_before_or_after_the_command() {
    let folder = Folder::new("list");
    let data = folder.data("data");
    let imported = folder.ok(&["--data-dir", &data, "import", JA_TITLE_ONLY]);
    assert!(imported.contains(JA_TITLE), "{imported}");
    for args in [["--data-dir", &data, "list"], ["list", "--data-dir", &data]] {
        let text = folder.ok(&args);
        assert!(text.contains("Strategy and Tactics"), "{args:?}: {text}");
        assert!(
            text.contains("Reading side by side with taiyaku"),
            "{args:?}: {text}"
        );
        assert!(
            text.lines()
                .any(|l| l.contains("imported") && l.contains(JA_TITLE)),
            "{args:?} lists the article imported into that data folder: {text}"
        );
    }
    assert!(folder.home_is_untouched());
}

/// The bookmarks a data folder holds, as `taiyaku bookmarks --format json` prints them.
fn bookmarks_in(folder: &Folder, data: &str) -> Vec<serde_json::Value> {
    let json = folder.ok(&["--data-dir", data, "bookmarks", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["bookmarks"].as_array().unwrap().clone()
}

#[test]
fn mark_takes_the_data_folder_before_or_after_the_command() {
    let folder = Folder::new("mark");
    let before = folder.data("before");
    let after = folder.data("after");
    let said = folder.ok(&["--data-dir", &before, "mark", SEED, "3"]);
    assert!(said.starts_with("bookmarked ¶3 of Strategy"), "{said}");
    let said = folder.ok(&["mark", SEED, "3", "--data-dir", &after]);
    assert!(said.starts_with("bookmarked ¶3 of Strategy"), "{said}");
    for data in [&before, &after] {
        let bookmarks = bookmarks_in(&folder, data);
        assert_eq!(bookmarks.len(), 1, "{data}: {bookmarks:?}");
        assert_eq!(bookmarks[0]["paragraph"], 3, "{bookmarks:?}");
        assert_eq!(bookmarks[0]["block"], 2, "{bookmarks:?}");
        assert_eq!(bookmarks[0]["article"]["source"], SEED);
    }
    assert!(
        folder.home_is_untouched(),
        "nothing went to the default data folder"
    );
}

#[test]
fn a_file_given_with_a_command_is_refused() {
    let folder = Folder::new("refused");
    let output = folder.taiyaku(&[SEED, "list"]);
    assert!(!output.status.success(), "{output:?}");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "nothing listed: {output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        format!("taiyaku: a file ({SEED}) and a command cannot be given together\n")
    );
}

// 3. Esc in the library.

#[test]
fn esc_in_the_library_clears_the_filter_before_it_quits() {
    let mut app = library_at(80, 24);
    let everything = app.library.shown().len();
    assert_eq!(everything, library::bundled().len());
    keys(&mut app, "/strategy");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.library.list.filter, "strategy");
    assert_eq!(app.library.shown().len(), 1, "the filter narrows the list");
    let screen = rows(&app).join("\n");
    assert!(!screen.contains("Reading side by side"), "{screen}");

    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    let action = app
        .action_for_key(&esc)
        .expect("Esc is bound in the library");
    update(&mut app, action);
    assert!(
        !app.should_quit,
        "the first Esc clears the filter, and stays"
    );
    assert_eq!(app.screen, Screen::Library);
    assert_eq!(app.library.list.filter, "");
    assert_eq!(
        app.library.shown().len(),
        everything,
        "the whole list is back"
    );
    let screen = rows(&app).join("\n");
    assert!(
        screen.contains("Reading side by side") && screen.contains("Strategy and Tactics"),
        "{screen}"
    );

    let action = app.action_for_key(&esc).unwrap();
    update(&mut app, action);
    assert!(app.should_quit, "the second Esc quits");
}

#[test]
fn esc_in_a_filter_prompt_puts_back_the_filter_it_had() {
    let mut app = library_at(80, 24);
    keys(&mut app, "/strategy");
    press(&mut app, KeyCode::Enter);
    // Typing more narrows the list as it goes; Esc gives back "strategy", not "strategyzzz".
    keys(&mut app, "/zzz");
    assert_eq!(
        app.library.shown().len(),
        0,
        "the list narrows as the user types"
    );
    press(&mut app, KeyCode::Esc);
    assert!(!app.is_typing());
    assert_eq!(app.library.list.filter, "strategy");
    assert_eq!(app.library.shown().len(), 1);
    // From no filter at all, Esc leaves no filter.
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "/zzz");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.library.list.filter, "");
    assert_eq!(app.library.shown().len(), library::bundled().len());
    assert!(!app.should_quit);
}

// 4. A Japanese-only title: one rule for the library, its comparison of titles and the command.

/// The row of the library showing `ja` in the Japanese column, and what its English column says.
fn english_beside(app: &App, ja: &str) -> String {
    let policy = app.config.ambiguous;
    let screen = rows(app);
    let header = screen
        .iter()
        .find(|r| r.contains("English title"))
        .expect("the column names");
    let en_column = column_of(header, "English title", policy).unwrap();
    let ja_column = column_of(header, "日本語の題名", policy).unwrap();
    let row = screen
        .iter()
        .find(|r| r.contains(ja))
        .unwrap_or_else(|| panic!("no row shows {ja}: {screen:#?}"));
    assert_eq!(
        column_of(row, ja, policy),
        Some(ja_column),
        "{ja} in the Japanese column: {row:?}"
    );
    assert_eq!(
        row.matches(ja).count(),
        1,
        "{ja} only in the Japanese column: {row:?}"
    );
    // The English column's text: from its column up to the Japanese column.
    let start = row
        .char_indices()
        .find(|&(at, _)| str_width(&row[..at], policy) == en_column)
        .unwrap()
        .0;
    let end = row.find(ja).unwrap();
    row[start..end].trim().to_owned()
}

#[test]
fn a_japanese_only_title_is_missing_in_english_everywhere_titles_are_compared() {
    let mut app = library_at(100, 12).with_saved(
        Bookmarks::default(),
        Positions::default(),
        vec![ja_title_only()],
    );
    assert_eq!(english_beside(&app, JA_TITLE), "(missing)", "the library");
    // And the rule is the same for an English-only title (the seed's).
    let seed_row = rows(&app)
        .into_iter()
        .find(|r| r.contains("Strategy and Tactics"))
        .unwrap();
    assert!(seed_row.contains("(missing)"), "{seed_row:?}");

    keys(&mut app, "t");
    assert!(app.library.titles);
    assert_eq!(
        english_beside(&app, JA_TITLE),
        "(missing)",
        "the comparison of titles"
    );
    let summary = "4 articles; 1 without an English title, 1 without a Japanese title";
    assert!(rows(&app).iter().any(|r| r.contains(summary)));

    let folder = Folder::new("headings");
    let data = folder.data("data");
    folder.ok(&["--data-dir", &data, "import", JA_TITLE_ONLY]);
    let table = folder.ok(&["--data-dir", &data, "headings", "--width", "100"]);
    let row = table
        .lines()
        .find(|l| l.contains(JA_TITLE))
        .unwrap_or_else(|| panic!("{table}"));
    let cells: Vec<&str> = row.split('│').map(str::trim).collect();
    assert_eq!(cells[..2], ["(missing)", JA_TITLE], "{table}");
    assert!(table.ends_with(&format!("{summary}\n")), "{table}");
}

#[test]
fn running_text_names_a_missing_title_instead_of_repeating_the_other() {
    // The reader's title bar: the English pane's half says the English title is missing.
    let app = reader_on(ja_title_only(), 100, 20);
    let title_bar = &rows(&app)[0];
    assert_eq!(title_bar.matches(JA_TITLE).count(), 1, "{title_bar:?}");
    assert!(title_bar.contains("(no English title)"), "{title_bar:?}");
    // `taiyaku list`, the same.
    let folder = Folder::new("list-titles");
    let data = folder.data("data");
    folder.ok(&["--data-dir", &data, "import", JA_TITLE_ONLY]);
    let list = folder.ok(&["--data-dir", &data, "list"]);
    let line = list.lines().find(|l| l.contains(JA_TITLE)).unwrap();
    assert!(
        line.contains(&format!("(no English title) / {JA_TITLE}")),
        "{list}"
    );
}

// 5. Every key that cannot act says why, in the same words.

/// Presses `key` and checks what the status bar says about it.
fn assert_says(app: &mut App, key: char, message: &str) {
    let before = reader(app).cursor;
    keys(app, &key.to_string());
    assert_eq!(app.message.as_deref(), Some(message), "after {key}");
    assert_eq!(reader(app).cursor, before, "{key} moved nothing");
    let status = status_bar(app);
    assert!(status.contains(message), "after {key}: {status:?}");
}

#[test]
fn a_key_that_cannot_act_says_why() {
    let mut app = reader_on(seed_article(), 100, 30);
    assert_eq!(app::paragraph_number(reader(&app)).0, Some(1));
    assert_says(&mut app, 'k', "no more text above");
    assert_says(&mut app, '{', "no more paragraphs above");
    // The seed has no section headings at all.
    assert_says(&mut app, '[', "no more headings above");
    assert_says(&mut app, ']', "no more headings below");
    keys(&mut app, "G");
    assert!(reader(&app).at_end);
    assert_eq!(app::paragraph_number(reader(&app)).0, Some(12));
    assert_says(&mut app, 'j', "no more text below");
    assert_says(&mut app, '}', "no more paragraphs below");

    // The guide has sections: the first and the last heading are ends too.
    let mut app = reader_on(guide(), 100, 30);
    let headings = guide().blocks.iter().filter(|b| b.is_heading()).count();
    assert_says(&mut app, '[', "no more headings above");
    for _ in 1..headings {
        keys(&mut app, "]");
        assert_eq!(app.message, None, "a heading further down");
    }
    assert_says(&mut app, ']', "no more headings below");
}

#[test]
fn m_and_capital_m_in_the_title_block_say_it_is_not_a_paragraph() {
    let mut app = reader_on(seed_article(), 100, 30);
    // A search that only the title matches puts the cursor in the title block.
    keys(&mut app, "/Perception Gap");
    press(&mut app, KeyCode::Enter);
    let reader_now = reader(&app);
    assert_eq!(
        reader_now.search.matches().len(),
        1,
        "only the title matches"
    );
    assert!(matches!(
        reader_now.layout.unit(reader_now.cursor),
        Unit::Heading(_)
    ));
    assert_eq!(reader_now.current_block(), None);
    let status = status_bar(&app);
    assert!(status.starts_with(" ¶–/12 "), "{status:?}");
    assert!(!status.contains("¶0/12"), "{status:?}");
    // Esc clears the search; the cursor stays in the title block.
    press(&mut app, KeyCode::Esc);
    assert!(reader(&app).search.query.is_empty());
    assert_eq!(reader(&app).current_block(), None);

    let said = "the title block is not a paragraph: } goes to the first one";
    for key in ['m', 'M'] {
        app.effects.clear();
        keys(&mut app, &key.to_string());
        assert_eq!(app.message.as_deref(), Some(said), "after {key}");
        assert!(app.prompt().is_none(), "{key} asks for no note");
        assert!(
            app.bookmarks.bookmarks.is_empty(),
            "{key} bookmarks nothing"
        );
        assert!(app.effects.is_empty(), "{key} saves nothing");
        let status = status_bar(&app);
        assert!(status.starts_with(" ¶–/12 "), "{status:?}");
        assert!(status.contains(said), "after {key}: {status:?}");
    }
    // And } goes to the first paragraph, as it says.
    keys(&mut app, "}");
    assert_eq!(app::paragraph_number(reader(&app)).0, Some(1));
}

// 6. Stacked: each pair reads as a pair.

fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

/// A group of stacked lines as its pairs: each a run of English lines, then a run of lines
/// behind the rule, each side's text without its whitespace (the line breaks fall there).
fn pairs(lines: &[&str], rule: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut after_partner = true;
    for line in lines {
        if let Some(ja) = line.strip_prefix(rule) {
            let pair = pairs.last_mut().expect("English before its Japanese");
            pair.1.push_str(&squeezed(ja));
            after_partner = true;
        } else {
            if after_partner {
                pairs.push((String::new(), String::new()));
            }
            pairs.last_mut().unwrap().0.push_str(&squeezed(line));
            after_partner = false;
        }
    }
    pairs
}

/// What a stacked unit shows, as `pairs` reads it: its English (or the placeholder), then its
/// Japanese (or the placeholder).
fn expected_pair(article: &Article, unit: Unit) -> (String, String) {
    let side = |side: Side| {
        layout::unit_text(article, unit, side)
            .map_or_else(|| squeezed(layout::placeholder(unit, side)), squeezed)
    };
    (side(Side::En), side(Side::Ja))
}

/// The guide rendered stacked: the title block's fields, each English then its Japanese behind
/// `rule`; then each block one pair, ended by a blank line before the next English.
fn assert_render_pairs(text: &str, rule: &str) {
    let article = guide();
    let lines: Vec<&str> = text.lines().collect();
    let groups: Vec<&[&str]> = lines.split(|l| l.is_empty()).collect();
    // The title block, one group per block, and the nothing after the last blank line.
    assert_eq!(groups.len(), article.blocks.len() + 2, "{text}");
    assert!(groups.last().unwrap().is_empty(), "{text}");
    let units = layout::Layout::new(
        &article,
        layout::Geometry::new(40, Mode::Stacked, AmbiguousWidth::Narrow),
    );
    let title_block: Vec<(String, String)> = (0..units.len())
        .map(|u| units.unit(u))
        .filter(|u| matches!(u, Unit::Heading(_)))
        .map(|u| expected_pair(&article, u))
        .collect();
    assert_eq!(title_block.len(), 5, "the guide has every heading field");
    assert_eq!(pairs(groups[0], rule), title_block, "{text}");
    for (block, group) in groups[1..=article.blocks.len()].iter().enumerate() {
        assert_eq!(
            pairs(group, rule),
            [expected_pair(&article, Unit::Block(block))],
            "block {block}: one pair, its English then every line of its Japanese behind \
             {rule:?}, and a blank line: {group:#?}"
        );
    }
}

#[test]
fn render_at_40_columns_stacks_each_pair_behind_the_partner_rule() {
    let folder = Folder::new("stacked");
    let narrow = folder.ok(&["render", GUIDE, "--width", "40"]);
    assert_render_pairs(&narrow, "│ ");
    let wide = folder.ok(&["render", GUIDE, "--width", "40", "--ambiguous", "wide"]);
    assert!(!wide.contains('│'), "{wide}");
    assert_render_pairs(&wide, "| ");
}

/// The stacked rows on screen: each unit's English, then its Japanese behind `rule`, a block's
/// pair ended by a blank row before the next English.
fn assert_stacked_screen(app: &App, rule: &str) {
    let reader = reader(app);
    let screen = rows(app);
    let panes = areas::reader(app.area()).panes;
    let policy = app.config.ambiguous;
    let margin = usize::from(MARGIN);
    for (i, row) in reader.rows.iter().enumerate() {
        let drawn = &screen[usize::from(panes.y) + i];
        let start = drawn
            .char_indices()
            .find(|&(at, _)| str_width(&drawn[..at], policy) >= margin)
            .map_or(drawn.len(), |(at, _)| at);
        let text = &drawn[start..];
        let unit = row.position.unit;
        match &row.cells {
            RowCells::Partner(cell) => {
                let ja = text.strip_prefix(rule).unwrap_or_else(|| {
                    panic!("row {i}: no {rule:?} before the Japanese: {drawn:?}")
                });
                let want = reader.layout.cell_text(&reader.article, unit, cell);
                assert_eq!(ja.trim_end(), want, "row {i}");
            }
            RowCells::Single(_) => {
                assert!(!text.starts_with(rule.trim()), "row {i}: {drawn:?}");
                assert!(!text.trim().is_empty(), "row {i}: {drawn:?}");
            }
            RowCells::Gap => assert!(drawn.trim().is_empty(), "row {i}: {drawn:?}"),
            RowCells::Pair(_) => panic!("row {i}: side by side in stacked mode"),
        }
        let Some(next) = reader.rows.get(i + 1) else {
            continue;
        };
        let block = matches!(reader.layout.unit(unit), Unit::Block(_));
        match (&row.cells, &next.cells) {
            // The English and the Japanese of one pair follow each other, no blank between.
            (RowCells::Single(_), RowCells::Partner(_)) => assert_eq!(next.position.unit, unit),
            (RowCells::Partner(_), RowCells::Single(_)) => {
                assert!(!block, "row {i}: a block's pair is ended by a blank row");
            }
            (RowCells::Gap, following) => {
                assert_ne!(next.position.unit, unit, "row {i}: one blank row");
                assert!(
                    matches!(following, RowCells::Single(_)),
                    "row {i}: after the blank row, the next pair's English"
                );
            }
            _ => {}
        }
    }
}

#[test]
fn the_stacked_reader_keeps_each_pair_together_behind_the_partner_rule() {
    for (config, rule) in [(config::defaults(true), "│ "), (wide_config(), "| ")] {
        let mut app = reader_with(config, guide(), 80, 24);
        while mode_shown(&app) != Mode::Stacked {
            keys(&mut app, "v");
        }
        let mut partners = 0;
        let mut gaps = 0;
        for _page in 0..100 {
            assert_stacked_screen(&app, rule);
            let rows = &reader(&app).rows;
            partners += rows
                .iter()
                .filter(|r| matches!(r.cells, RowCells::Partner(_)))
                .count();
            gaps += rows.iter().filter(|r| r.cells == RowCells::Gap).count();
            if reader(&app).at_end {
                break;
            }
            keys(&mut app, " ");
        }
        assert!(reader(&app).at_end, "Space pages to the end");
        assert!(
            partners > 20 && gaps > 10,
            "{partners} {gaps}: pairs were seen"
        );
    }
}

// 7. The status bar.

/// The reader in states a new user meets: just opened, after a message, with a search kept,
/// in the title block, in a section.
fn reader_states(width: u16) -> Vec<(&'static str, App)> {
    let mut states = Vec::new();
    let opened = reader_on(seed_article(), width, 24);
    states.push(("opened", opened.clone()));
    let mut message = opened.clone();
    keys(&mut message, "k");
    states.push(("a message", message));
    let mut search = opened.clone();
    keys(&mut search, "/Russia");
    press(&mut search, KeyCode::Enter);
    states.push(("a search", search.clone()));
    let mut title = search;
    keys(&mut title, "/Perception Gap");
    press(&mut title, KeyCode::Enter);
    keys(&mut title, "m");
    states.push(("the title block", title));
    let mut section = reader_on(guide(), width, 24);
    keys(&mut section, "]]]]}");
    states.push(("a section", section));
    states
}

#[test]
fn the_readers_status_bar_always_shows_the_help_key() {
    for width in [40, 60, 80] {
        for (state, app) in reader_states(width) {
            let status = status_bar(&app);
            assert!(
                status.contains("? help"),
                "{width} columns, {state}: {status:?}"
            );
        }
    }
}

/// The section headings of the guide, each as the status bar names it.
fn guide_sections() -> Vec<String> {
    guide()
        .blocks
        .iter()
        .filter(|b| b.is_heading())
        .map(|b| format!("§ {}", b.text.joined().unwrap()))
        .collect()
}

#[test]
fn at_120_columns_the_current_section_is_named_in_full() {
    let mut app = reader_on(guide(), 120, 30);
    keys(&mut app, "]]}");
    let section = "§ Paragraphs and headings / 段落と見出し";
    assert!(guide_sections().contains(&section.to_owned()));
    let status = status_bar(&app);
    assert!(
        status.contains(&format!(" · {section}  ")),
        "the whole heading, not cut: {status:?}"
    );
    assert!(str_width(section, AmbiguousWidth::Narrow) > 36);
    assert!(status.contains("? help"), "{status:?}");
}

#[test]
fn at_120_columns_every_section_of_the_guide_is_named_in_full() {
    let mut app = reader_on(guide(), 120, 30);
    // The guide opens on its first heading; ] goes to each of the others.
    for section in guide_sections() {
        let status = status_bar(&app);
        assert!(status.contains(&section), "{section}: {status:?}");
        keys(&mut app, "]");
    }
}

#[test]
fn at_100_columns_a_message_is_shown_in_full() {
    let mut app = reader_on(seed_article(), 100, 30);
    let check = |app: &mut App, keys_pressed: &str, message: &str| {
        keys(app, keys_pressed);
        assert_eq!(app.message.as_deref(), Some(message));
        let status = status_bar(app);
        assert!(
            status.contains(&format!("  {message} ")),
            "after {keys_pressed}: {status:?}"
        );
        assert!(status.contains("? help"), "{status:?}");
    };
    check(&mut app, "}m", "¶2 bookmarked");
    check(&mut app, "m", "bookmark on ¶2 removed");
    check(&mut app, "v", "layout: stacked");
    check(&mut app, "g{", "no more paragraphs above");
    let mut title = reader_on(seed_article(), 100, 30);
    keys(&mut title, "/Perception Gap");
    press(&mut title, KeyCode::Enter);
    press(&mut title, KeyCode::Esc);
    check(
        &mut title,
        "M",
        "the title block is not a paragraph: } goes to the first one",
    );
}

#[test]
fn the_list_screens_show_the_help_key_at_40_columns() {
    let mut library = library_at(40, 20);
    let mut screens = vec![("library", library.clone())];
    keys(&mut library, "d");
    assert_eq!(
        library.message.as_deref(),
        Some("bundled articles cannot be removed")
    );
    screens.push(("library, with a message", library.clone()));
    keys(&mut library, "t");
    screens.push(("the comparison of titles", library.clone()));
    keys(&mut library, "'");
    assert_eq!(library.screen, Screen::Bookmarks);
    screens.push(("bookmarks", library.clone()));
    keys(&mut library, "d");
    assert_eq!(
        library.message.as_deref(),
        Some("no bookmark selected: the list is empty")
    );
    screens.push(("bookmarks, with a message", library));
    let mut headings = reader_on(guide(), 40, 20);
    keys(&mut headings, "t");
    assert_eq!(headings.screen, Screen::Headings);
    screens.push(("headings", headings));
    for (screen, app) in screens {
        let status = status_bar(&app);
        assert!(status.contains("? help"), "{screen}: {status:?}");
    }
}

#[test]
fn a_message_is_read_whole_on_a_narrow_status_bar() {
    let mut app = reader_on(common::seed_article(), 40, 12);
    keys(&mut app, "{");
    let status = status_bar(&app);
    assert!(status.contains("no more paragraphs above"), "{status:?}");
    assert!(status.starts_with(" ¶1/12"), "{status:?}");
}

#[test]
fn a_help_key_wider_than_the_bar_is_cut_not_a_panic() {
    let dir = std::env::temp_dir().join(format!("taiyaku-wide-help-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "[keys.reader]\nhelp = [\"Ctrl-Alt-Backspace\"]\n",
    )
    .unwrap();
    let config = config::load(Some(&dir)).expect("the config reads");
    std::fs::remove_dir_all(&dir).unwrap();
    for width in [20, 21, 24, 30] {
        let app = reader_with(config.clone(), common::seed_article(), width, 8);
        let status = status_bar(&app);
        assert!(str_width(&status, AmbiguousWidth::Narrow) <= usize::from(width));
        assert!(status.starts_with(" ¶1/12"), "{width}: {status:?}");
    }
}
