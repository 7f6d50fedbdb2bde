//! The themes: `auto` (the default) settled by the terminal's background, `dark` and `light`
//! from the config, `:set theme=…` while reading; no default style that a bold-is-bright
//! terminal draws grey on colour; and under `NO_COLOR`, the bars, the current paragraph, the
//! selected row, the lit sentence and the matches told apart by reverse video, bold and
//! underline. The light theme and the colourless one are snapshotted with their styles.
//!
//! Review changes with `INSTA_UPDATE=always cargo test --test theme` and `git diff`.

mod common;

use std::time::Duration;

use common::{command, drawn, keys, press, reader_on, seed_article};
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};
use taiyaku::app::{Action, App, update};
use taiyaku::config::{self, Config, Shade, Theme, ThemeChoice};
use taiyaku::editor::Edit;
use taiyaku::keymap::Command;
use taiyaku::library;

/// The current paragraph's marker, in column 0 of each of its rows.
const MARKER: &str = "▌";

fn message(app: &App) -> String {
    app.message.clone().unwrap_or_default()
}

/// The reader on the seed essay with `config`.
fn seed_with(config: Config, (width, height): (u16, u16)) -> App {
    App::new(
        config,
        library::bundled(),
        Some(seed_article()),
        (width, height),
    )
}

fn buffer(app: &App) -> Buffer {
    drawn(app).backend().buffer().clone()
}

/// Every style of a theme, named as the config file names it.
fn styles(theme: &Theme) -> [(&'static str, Style); 20] {
    [
        ("text", theme.text),
        ("heading", theme.heading),
        ("note", theme.note),
        ("placeholder", theme.placeholder),
        ("title_bar", theme.title_bar),
        ("status_bar", theme.status_bar),
        ("hint_key", theme.hint_key),
        ("current", theme.current),
        ("marker", theme.marker),
        ("gutter", theme.gutter),
        ("match", theme.match_),
        ("current_match", theme.current_match),
        ("sentence", theme.sentence),
        ("partner", theme.partner),
        ("ruby", theme.ruby),
        ("emphasis", theme.emphasis),
        ("selected", theme.selected),
        ("missing", theme.missing),
        ("dialog", theme.dialog),
        ("dialog_border", theme.dialog_border),
    ]
}

#[test]
fn auto_is_the_default_and_takes_the_terminals_background() {
    let config = config::defaults(true);
    assert_eq!(config.theme_choice, ThemeChoice::Auto);
    assert!(config.follows_terminal());
    assert_eq!(
        config.theme(),
        &config.themes.dark,
        "dark until the terminal tells"
    );
    let light = config.clone().on_background(Some(Shade::Light));
    assert_eq!(light.theme(), &light.themes.light);
    assert_eq!(light.theme().title_bar.bg, Some(Color::Blue));
    let dark = config.clone().on_background(Some(Shade::Dark));
    assert_eq!(dark.theme(), &dark.themes.dark);
    let silent = config.on_background(None);
    assert_eq!(silent.theme(), &silent.themes.dark, "no answer: dark");

    // A theme chosen in the file is kept whatever the terminal's background.
    let chosen = config::from_toml("config.toml", "[reader]\ntheme = \"dark\"\n", true).unwrap();
    assert!(!chosen.follows_terminal(), "the terminal is not asked");
    let chosen = chosen.on_background(Some(Shade::Light));
    assert_eq!(chosen.theme(), &chosen.themes.dark);
    // Under NO_COLOR the terminal is not asked either.
    assert!(!config::defaults(false).follows_terminal());
}

#[test]
fn the_wait_for_the_terminals_background_is_set_in_milliseconds_within_bounds() {
    let wait = |text: &str| config::from_toml("config.toml", text, true).map(|c| c.theme_wait);
    assert_eq!(wait("").unwrap(), Duration::from_millis(150), "the default");
    let patient = wait("[reader]\ntheme_wait = 2000\n").unwrap();
    assert_eq!(patient, Duration::from_secs(2));
    for refused in ["0", "10001"] {
        let error = wait(&format!("[reader]\ntheme_wait = {refused}\n"))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains(&format!("line 2: theme_wait {refused} is not 1–10000")),
            "{error}"
        );
    }
    assert!(wait("[reader]\ntheme_wait = \"long\"\n").is_err());
}

#[test]
fn the_config_names_a_theme_and_refuses_others() {
    let light = config::from_toml("config.toml", "[reader]\ntheme = \"light\"\n", true).unwrap();
    assert_eq!(light.theme_choice, ThemeChoice::Light);
    assert_eq!(light.theme(), &light.themes.light);
    let error = config::from_toml("config.toml", "[reader]\ntheme = \"sepia\"\n", true)
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "config.toml: line 2: unknown theme 'sepia' (auto, dark, light)"
    );
    let error = config::from_toml("config.toml", "\n[theme.sepia]\ntext = {}\n", true)
        .unwrap_err()
        .to_string();
    assert!(error.contains("line 2: no theme [theme.sepia]"), "{error}");
    // A style of the light theme set in the file reaches the light theme only.
    let text = "[theme.light]\ntitle_bar = { fg = \"black\", bg = \"#ffd700\" }\n";
    let config = config::from_toml("config.toml", text, true).unwrap();
    assert_eq!(
        config.themes.light.title_bar.bg,
        Some(Color::Rgb(0xff, 0xd7, 0))
    );
    assert_eq!(config.themes.dark.title_bar.bg, Some(Color::Cyan));
}

#[test]
fn set_theme_changes_the_colours_drawn_and_tab_completes_its_values() {
    let mut app = reader_on(seed_article(), 100, 30);
    assert_eq!(buffer(&app)[(0, 0)].bg, Color::Cyan, "dark title bar");
    command(&mut app, "set theme=light");
    assert_eq!(app.config.theme(), &app.config.themes.light);
    assert_eq!(message(&app), "theme: light");
    assert_eq!(buffer(&app)[(0, 0)].bg, Color::Blue, "light title bar");
    command(&mut app, "set theme");
    assert_eq!(message(&app), "theme=light");
    command(&mut app, "set theme=auto");
    assert_eq!(app.config.theme(), &app.config.themes.dark);
    assert_eq!(
        message(&app),
        "theme: auto (dark: the terminal did not tell its background)"
    );
    command(&mut app, "set theme=sepia");
    assert!(
        message(&app).contains("unknown theme 'sepia'"),
        "{}",
        message(&app)
    );
    assert_eq!(app.config.theme_choice, ThemeChoice::Auto, "unchanged");

    keys(&mut app, ":set theme=l");
    press(&mut app, KeyCode::Tab);
    let line = app
        .prompt()
        .expect("the command line")
        .editor
        .text()
        .to_owned();
    assert_eq!(line, "set theme=light");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.config.theme_choice, ThemeChoice::Light);

    // `auto` on a terminal that told its background: that one.
    let told = config::defaults(true).on_background(Some(Shade::Light));
    let mut app = seed_with(told, (100, 30));
    command(&mut app, "set theme=dark");
    assert_eq!(buffer(&app)[(0, 0)].bg, Color::Cyan);
    command(&mut app, "set theme=auto");
    assert_eq!(message(&app), "theme: auto (light, as the terminal is)");
    assert_eq!(buffer(&app)[(0, 0)].bg, Color::Blue);

    // Under NO_COLOR the setting is kept, and said to draw no colours.
    let mut app = seed_with(config::defaults(false), (100, 30));
    command(&mut app, "set theme=light");
    assert_eq!(message(&app), "theme: light (NO_COLOR is set: no colours)");
    assert_eq!(buffer(&app)[(0, 0)].bg, Color::Reset);
}

#[test]
fn no_default_style_makes_black_text_bold() {
    // Bold is drawn in the bright colour in xterm's default palette (and many others): bold
    // black comes out grey, which cannot be read on cyan or red.
    let config = config::defaults(true);
    for (shade, theme) in [
        ("dark", &config.themes.dark),
        ("light", &config.themes.light),
    ] {
        for (name, style) in styles(theme) {
            let bold = style.add_modifier.contains(Modifier::BOLD);
            assert!(
                !(bold && style.fg == Some(Color::Black)),
                "[theme.{shade}] {name} is bold black"
            );
        }
    }
    // Nor does black text drawn over bold text (a match in a heading, a selected heading).
    for theme in [&config.themes.dark, &config.themes.light] {
        for over in [theme.match_, theme.current_match, theme.selected] {
            if over.fg == Some(Color::Black) {
                let drawn = theme.heading.patch(over);
                assert!(!drawn.add_modifier.contains(Modifier::BOLD), "{over:?}");
            }
        }
    }
    // A light terminal's gray (xterm: #e5e5e5) cannot be read on its white either.
    for (name, style) in styles(&config.themes.light) {
        assert_ne!(style.fg, Some(Color::Gray), "[theme.light] {name} is gray");
    }
}

/// The rows of `buffer` whose first cell carries the current-paragraph marker.
fn marked_rows(buffer: &Buffer) -> Vec<u16> {
    (0..buffer.area.height)
        .filter(|&y| buffer[(0, y)].symbol() == MARKER)
        .collect()
}

/// The first cell of row `y` from column 2 on that holds a letter.
fn first_letter(buffer: &Buffer, y: u16) -> u16 {
    (2..buffer.area.width)
        .find(|&x| buffer[(x, y)].symbol().chars().any(char::is_alphabetic))
        .unwrap_or_else(|| panic!("row {y} holds a letter"))
}

#[test]
fn without_colour_the_bars_the_current_paragraph_and_the_selection_stay_distinct() {
    let mut app = seed_with(config::defaults(false), (100, 30));
    keys(&mut app, "}");
    let drawn = buffer(&app);
    for cell in drawn.content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "no colour"
        );
    }
    let last = drawn.area.height - 1;
    for (y, bar) in [(0, "title"), (last, "status")] {
        for x in [0, 50, drawn.area.width - 1] {
            let modifier = drawn[(x, y)].modifier;
            assert!(modifier.contains(Modifier::REVERSED), "{bar} bar at {x}");
        }
    }
    let current = marked_rows(&drawn);
    assert!(!current.is_empty(), "the current paragraph is marked");
    let y = current[0];
    let x = first_letter(&drawn, y);
    assert!(
        drawn[(x, y)].modifier.contains(Modifier::BOLD),
        "current: bold"
    );
    let other = (current[current.len() - 1] + 2..last)
        .find(|&y| (2..drawn.area.width).any(|x| drawn[(x, y)].symbol() != " "))
        .expect("a paragraph after the current one");
    let x = first_letter(&drawn, other);
    assert!(
        !drawn[(x, other)].modifier.contains(Modifier::BOLD),
        "others: not"
    );

    // The lit sentence in reverse; its partner, in the other pane, underlined.
    let mut app = App::new(
        config::defaults(false),
        Vec::new(),
        Some(sentences()),
        (100, 30),
    );
    keys(&mut app, "})");
    let drawn = buffer(&app);
    // 100 columns: the margin (2), the English pane (47), the gutter (3), the Japanese (48).
    let pane_letters = |columns: std::ops::Range<u16>, modifier: Modifier| {
        (1..drawn.area.height - 1)
            .flat_map(|y| columns.clone().map(move |x| (x, y)))
            .filter(|&at| drawn[at].modifier.contains(modifier) && drawn[at].symbol() != " ")
            .count()
    };
    assert!(pane_letters(2..49, Modifier::REVERSED) > 20, "the sentence");
    assert_eq!(pane_letters(52..100, Modifier::REVERSED), 0);
    assert!(
        pane_letters(52..100, Modifier::UNDERLINED) > 10,
        "its partner"
    );

    // The selected row of a list.
    let mut library = App::new(config::defaults(false), library::bundled(), None, (100, 30));
    update(&mut library, Action::Command(Command::Down));
    let drawn = buffer(&library);
    let reversed_rows: Vec<u16> = (1..drawn.area.height - 1)
        .filter(|&y| drawn[(10, y)].modifier.contains(Modifier::REVERSED))
        .collect();
    assert_eq!(
        reversed_rows.len(),
        1,
        "one selected row: {reversed_rows:?}"
    );
}

/// Our Kyoto-style fixture, whose sentence pairs come with the text.
fn sentences() -> taiyaku::article::Article {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kyoto_sentences.xml");
    taiyaku::import::import_path(&path, None)
        .expect("the fixture imports")
        .article
}

#[test]
fn without_colour_matches_are_underlined_and_the_current_one_reversed() {
    let theme = config::defaults(false).theme().clone();
    assert!(theme.match_.add_modifier.contains(Modifier::UNDERLINED));
    let current = theme.current_match.add_modifier;
    assert!(current.contains(Modifier::REVERSED | Modifier::UNDERLINED));
    // Inside the lit sentence (reversed) the current match still shows: it is underlined.
    assert!(!theme.sentence.add_modifier.contains(Modifier::UNDERLINED));

    let mut app = seed_with(config::defaults(false), (100, 30));
    update(&mut app, Action::Command(Command::Search));
    for c in "the".chars() {
        update(&mut app, Action::Edit(Edit::Insert(c)));
    }
    update(&mut app, Action::Submit);
    let drawn = buffer(&app);
    let with = |modifier: Modifier| {
        let panes = 1..drawn.area.height - 1;
        panes
            .flat_map(|y| (0..drawn.area.width).map(move |x| (x, y)))
            .filter(|&at| drawn[at].modifier.contains(modifier))
            .count()
    };
    assert!(
        with(Modifier::UNDERLINED) > 3 * with(Modifier::REVERSED),
        "matches"
    );
    assert_eq!(with(Modifier::REVERSED), 3, "the current match: 'the'");
}

/// The screen with its styles, as ratatui's `Buffer` shows itself: the rows, then each change
/// of style with where it starts.
fn styled(app: &App) -> String {
    format!("{:?}", buffer(app))
}

/// The reader on the seed at 80×24, the second paragraph current and a search's matches lit.
fn reader_with_matches(config: Config) -> App {
    let mut app = seed_with(config, (80, 24));
    keys(&mut app, "}");
    update(&mut app, Action::Command(Command::Search));
    for c in "the".chars() {
        update(&mut app, Action::Edit(Edit::Insert(c)));
    }
    update(&mut app, Action::Submit);
    app
}

#[test]
fn the_light_theme_as_drawn() {
    let light = config::from_toml("config.toml", "[reader]\ntheme = \"light\"\n", true).unwrap();
    insta::assert_snapshot!(
        "light_reader_80x24",
        styled(&reader_with_matches(light.clone()))
    );
    let mut sentence = App::new(light.clone(), Vec::new(), Some(sentences()), (80, 24));
    keys(&mut sentence, "})");
    insta::assert_snapshot!("light_sentence_80x24", styled(&sentence));
    let library = App::new(light, library::bundled(), None, (80, 12));
    insta::assert_snapshot!("light_library_80x12", styled(&library));
}

#[test]
fn the_colourless_theme_as_drawn() {
    let app = reader_with_matches(config::defaults(false));
    insta::assert_snapshot!("no_color_reader_80x24", styled(&app));
}
