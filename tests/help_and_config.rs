//! The help screen, screen by screen, and the config's messages about keys.

mod common;

use common::run;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use taiyaku::app::{App, Overlay, Screen, areas, update};
use taiyaku::bookmarks::{Bookmark, Bookmarks, Change, Positions};
use taiyaku::config::{self, Config};
use taiyaku::keymap::{Command, Context, help_lines, help_page};
use taiyaku::library;
use taiyaku::text::{AmbiguousWidth, str_width};

/// The app on one of its screens (the reader and the lists on the seed, with two bookmarks).
fn on(context: Context, config: &Config, size: (u16, u16)) -> App {
    let opened = (context != Context::Library).then(common::seed_article);
    let mut saved = Bookmarks::default();
    let article = common::seed_article();
    saved.apply(&Change::Add(Bookmark::new(&article, 1, "first", 100)));
    saved.apply(&Change::Add(Bookmark::new(&article, 3, "", 200)));
    let mut app = App::new(config.clone(), library::bundled(), opened, size).with_saved(
        saved,
        Positions::default(),
        Vec::new(),
    );
    match context {
        Context::Bookmarks => run(&mut app, &[Command::Bookmarks]),
        Context::Headings => run(&mut app, &[Command::Headings]),
        _ => {}
    }
    assert_eq!(app.context(), context);
    app
}

const SCREENS: [Context; 4] = [
    Context::Library,
    Context::Reader,
    Context::Bookmarks,
    Context::Headings,
];

fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    let event = KeyEvent::new(code, modifiers);
    if let Some(action) = app.action_for_key(&event) {
        update(app, action);
    }
}

fn key(app: &mut App, c: char) {
    let shift = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    press(app, KeyCode::Char(c), shift);
}

/// Where the help's popup is, as the app's areas place it.
fn popup(app: &App) -> (u16, u16, u16, u16) {
    let page = help_page(
        &app.config.keymap,
        app.screen_context(),
        app.width,
        app.config.ambiguous,
    );
    let popup = areas::help(app.area(), page.width, page.rows.len()).popup;
    (popup.x, popup.y, popup.width, popup.height)
}

/// The text inside the popup, row by row (border and padding left out).
fn help_text(app: &App) -> Vec<String> {
    let terminal = common::drawn(app);
    let buffer = terminal.backend().buffer();
    let (x, y, width, height) = popup(app);
    (y + 1..y + height - 1)
        .map(|row| {
            let mut text = String::new();
            let mut column = x + 1;
            while column < x + width - 1 {
                let symbol = buffer[(column, row)].symbol();
                text.push_str(symbol);
                let drawn = str_width(symbol, app.config.ambiguous).max(1);
                column += u16::try_from(drawn).unwrap();
            }
            text
        })
        .collect()
}

/// Every row of the help, a page at a time from the top to the bottom.
fn whole_help(app: &mut App) -> Vec<String> {
    run(app, &[Command::Help]);
    let total = help_page(
        &app.config.keymap,
        app.screen_context(),
        app.width,
        app.config.ambiguous,
    )
    .rows
    .len();
    let mut all = Vec::new();
    loop {
        let text = help_text(app);
        // The drawing keeps the last page full.
        let scroll = app.help_scroll().unwrap().min(total - text.len());
        all.truncate(scroll);
        all.extend(text);
        if all.len() >= total {
            break;
        }
        app.overlay = Some(Overlay::Help { scroll: all.len() });
    }
    run(app, &[Command::Close]);
    all
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn each_screen_says_what_its_keys_do_there() {
    let config = config::defaults(true);
    let keymap = &config.keymap;
    let describe = |context: Context, command: Command| {
        help_lines(keymap, context)
            .into_iter()
            .find(|(keys, _)| *keys == keymap.describe_keys(context, command).unwrap())
            .unwrap()
            .1
    };
    assert_eq!(
        describe(Context::Headings, Command::Open),
        "jump to the selected heading in the reader"
    );
    assert_eq!(
        describe(Context::Bookmarks, Command::Open),
        "open the article at the bookmarked passage"
    );
    assert!(describe(Context::Library, Command::Open).starts_with("open the selected article"));
    assert!(describe(Context::Reader, Command::Back).contains("search"));
    for context in [Context::Bookmarks, Context::Headings] {
        let back = describe(context, Command::Back);
        assert!(
            !back.contains("search") && back.contains("filter"),
            "{back}"
        );
    }
    let remove = describe(Context::Bookmarks, Command::Remove);
    assert!(
        !remove.contains("library") && remove.contains("bookmark"),
        "{remove}"
    );
    assert!(!describe(Context::Library, Command::Remove).contains("undo"));
    assert!(describe(Context::Library, Command::Headings).contains("titles"));
}

#[test]
fn help_lists_the_screen_under_it_and_its_own_keys_only() {
    let config = config::defaults(false);
    for context in SCREENS {
        let mut app = on(context, &config, (120, 60));
        run(&mut app, &[Command::Help]);
        let page = help_page(&app.config.keymap, context, 120, AmbiguousWidth::Narrow);
        assert!(page.title.contains(&format!("{} help", context.name())));
        let lines = help_lines(&app.config.keymap, context);
        let own = context.commands().len() + context.chained().len();
        let expected = own + 2 + Context::Help.commands().len();
        assert_eq!(lines.len(), expected, "{context:?}");
        // Its own keys, with its own words (and those reached through another screen, as the
        // reader's ''); then the help's.
        let chained = |(_, description): &&(String, String)| {
            let then = |chain: &taiyaku::keymap::Chain| chain.then.description(context);
            context
                .chained()
                .iter()
                .any(|chain| *description == then(chain))
        };
        let commands = lines[..own].iter().filter(|line| !chained(line));
        for (line, &command) in commands.zip(context.commands()) {
            assert_eq!(line.1, command.description(context));
        }
        assert_eq!(lines[own + 1].0, "in this help");
        let text = words(&help_text(&app).join("\n"));
        // No other screen's entries: none of their words that this page does not have too.
        for other in SCREENS.into_iter().filter(|&c| c != context) {
            for &command in other.commands() {
                let there = command.description(other);
                if !lines.iter().any(|(_, here)| here.contains(there)) {
                    assert!(!text.contains(there), "{context:?}: {there}");
                }
            }
        }
        let title = common::buffer_rows(
            common::drawn(&app).backend().buffer(),
            AmbiguousWidth::Narrow,
        )[1]
        .clone();
        assert!(title.contains(&format!("{} help: j/k scroll, q close", context.name())));
    }
}

#[test]
fn nothing_is_cut_at_any_width_and_wrapped_text_stays_in_its_column() {
    let config = config::defaults(false);
    for context in SCREENS {
        for width in [
            20, 21, 24, 30, 33, 40, 41, 52, 60, 79, 80, 100, 120, 160, 250,
        ] {
            let mut app = on(context, &config, (width, 24));
            let rows = whole_help(&mut app);
            let text = rows.join("\n");
            assert!(!text.contains('…'), "{context:?} at {width}:\n{text}");
            let text = words(&text);
            for (keys, description) in help_lines(&app.config.keymap, context) {
                let entry = words(&format!("{keys} {description}"));
                assert!(text.contains(&entry), "{context:?} at {width}: {entry}");
            }
            let page = help_page(&app.config.keymap, context, width, AmbiguousWidth::Narrow);
            assert_eq!(rows.len(), page.rows.len());
            let mut column = None;
            for row in &page.rows {
                if row.heading || (row.keys.is_empty() && row.text.is_empty()) {
                    continue;
                }
                // One description column for the whole page.
                assert_eq!(*column.get_or_insert(row.indent), row.indent, "{row:?}");
            }
        }
    }
}

#[test]
fn at_160_columns_every_entry_has_one_row() {
    let config = config::defaults(false);
    for context in SCREENS {
        let app = on(context, &config, (160, 50));
        let page = help_page(&app.config.keymap, context, 160, AmbiguousWidth::Narrow);
        assert_eq!(
            page.rows.len(),
            help_lines(&app.config.keymap, context).len(),
            "{context:?}"
        );
        assert!(page.width < 160 - 2, "as wide as its text, no wider");
    }
    // At 80 columns the reader's long `back` wraps, under its description column.
    let mut app = on(Context::Reader, &config, (80, 24));
    let rows = whole_help(&mut app);
    let back = rows.iter().position(|r| r.contains("back: clear")).unwrap();
    let column =
        |row: &str, text: &str| str_width(&row[..row.find(text).unwrap()], AmbiguousWidth::Narrow);
    let continuation = rows[back + 1].trim_start();
    assert!(!continuation.is_empty() && rows[back + 1].starts_with(' '));
    assert_eq!(
        column(&rows[back], "back: clear"),
        column(&rows[back + 1], continuation)
    );
}

#[test]
fn the_help_stays_inside_its_border_from_20_by_6_up() {
    for policy in ["narrow", "wide"] {
        let text = format!("[reader]\nambiguous = \"{policy}\"\n");
        let config = config::from_toml("config.toml", &text, false).unwrap();
        let (vertical, corner) = if policy == "wide" {
            ("|", "+")
        } else {
            ("│", "┌")
        };
        for context in SCREENS {
            for (width, height) in [(20, 6), (21, 7), (26, 9), (40, 12), (80, 24), (160, 40)] {
                let mut app = on(context, &config, (width, height));
                run(&mut app, &[Command::Help]);
                // Scrolled past the end (as after a resize): drawn at the bottom.
                app.overlay = Some(Overlay::Help { scroll: usize::MAX });
                let terminal = common::drawn(&app);
                let buffer = terminal.backend().buffer();
                let (x, y, w, h) = popup(&app);
                assert!(
                    x + w <= width && y + h < height,
                    "{context:?} {width}×{height}"
                );
                assert_eq!(buffer[(x, y)].symbol(), corner);
                for row in y + 1..y + h - 1 {
                    for edge in [x, x + w - 1] {
                        let symbol = buffer[(edge, row)].symbol();
                        assert_eq!(symbol, vertical, "{context:?} {width}×{height} row {row}");
                    }
                }
                let inside = help_text(&app);
                assert!(inside.iter().any(|r| !r.trim().is_empty()));
                assert!(!inside.join("").contains('…'), "{inside:?}");
            }
        }
    }
}

#[test]
fn top_bottom_and_page_keys_work_inside_the_help() {
    let config = config::defaults(true);
    let mut app = on(Context::Reader, &config, (80, 24));
    key(&mut app, '?');
    assert_eq!(app.help_scroll(), Some(0));
    let rows = help_page(
        &app.config.keymap,
        Context::Reader,
        80,
        AmbiguousWidth::Narrow,
    )
    .rows
    .len();
    let page = taiyaku::app::help_rows(&app).1;
    let last = rows - page;
    key(&mut app, 'G');
    assert_eq!(app.help_scroll(), Some(last));
    let bottom = help_text(&app);
    assert!(
        bottom.last().unwrap().contains("quit taiyaku"),
        "{bottom:?}"
    );
    key(&mut app, 'g');
    assert_eq!(app.help_scroll(), Some(0));
    press(&mut app, KeyCode::End, KeyModifiers::NONE);
    assert_eq!(app.help_scroll(), Some(last));
    press(&mut app, KeyCode::Home, KeyModifiers::NONE);
    assert_eq!(app.help_scroll(), Some(0));
    key(&mut app, ' ');
    assert_eq!(app.help_scroll(), Some(page.min(last)));
    press(&mut app, KeyCode::PageUp, KeyModifiers::NONE);
    assert_eq!(app.help_scroll(), Some(0));
    // A page more than it takes to reach the bottom.
    for _ in 0..=rows.div_ceil(page) {
        press(&mut app, KeyCode::PageDown, KeyModifiers::NONE);
    }
    assert_eq!(app.help_scroll(), Some(last), "stops at the bottom");
    key(&mut app, 'b');
    assert_eq!(app.help_scroll(), Some(last - page.min(last)));
    // The keys moved the help, not the reader underneath.
    assert_eq!(app.reader.as_ref().unwrap().top.unit, 0);
    key(&mut app, '?');
    assert_eq!((app.help_scroll(), app.screen), (None, Screen::Reader));
}

#[test]
fn the_help_follows_a_rebinding() {
    let text = "[keys.headings]\nopen = [\"o\"]\n[keys.help]\ndown = [\"J\"]\nbottom = [\"e\"]\n";
    let config = config::from_toml("config.toml", text, false).unwrap();
    let mut app = on(Context::Headings, &config, (100, 30));
    key(&mut app, '?');
    let rows = help_text(&app);
    let open = rows
        .iter()
        .find(|r| r.contains("jump to the selected heading"))
        .unwrap();
    assert!(open.trim_start().starts_with("o "), "{open}");
    assert!(!rows.iter().any(|r| r.contains("Enter")), "{rows:?}");
    let bottom = rows
        .iter()
        .find(|r| r.contains("bottom of the help"))
        .unwrap();
    assert!(bottom.trim_start().starts_with("e "), "{bottom}");
    let screen = common::screen_rows(&app);
    assert!(
        screen[1].contains("headings help: J/k scroll"),
        "{}",
        screen[1]
    );
    key(&mut app, 'G');
    assert_eq!(
        app.help_scroll(),
        Some(0),
        "G is no longer bound in the help"
    );
}

/// The screen with `|` at the right edge, for snapshots.
fn screen(app: &App) -> String {
    common::screen_rows(app)
        .into_iter()
        .map(|r| r + "|\n")
        .collect()
}

#[test]
fn help_of_every_screen_snapshots() {
    let config = config::defaults(false);
    for context in SCREENS {
        for (width, height) in [(80, 24), (20, 6)] {
            let mut app = on(context, &config, (width, height));
            run(&mut app, &[Command::Help]);
            let name = format!("help_{}_{width}x{height}", context.name());
            insta::assert_snapshot!(name, screen(&app));
        }
    }
}

/// The error for a user config, as printed.
fn config_error(text: &str) -> String {
    config::from_toml("config.toml", text, true)
        .unwrap_err()
        .to_string()
}

#[test]
fn a_clash_names_the_actions_and_the_table_as_the_file_writes_them() {
    let error = config_error("[keys.reader]\nnext_paragraph = [\"j\"]\n");
    assert!(
        error.starts_with(
            "config.toml: line 2: key j is bound to both 'next_paragraph' and 'scroll_down' \
             in [keys.reader]"
        ),
        "{error}"
    );
    // The other one has the key from the defaults: say so, and how to free it.
    assert!(error.contains("'scroll_down' has it by default"), "{error}");
    assert!(!error.contains("NextParagraph") && !error.contains("ScrollDown"));

    let error = config_error("[keys.help]\n\nup = [\"x\"]\ndown = [\"x\"]\n");
    assert_eq!(
        error,
        "config.toml: line 3: key x is bound to both 'down' and 'up' in [keys.help]"
    );
}

#[test]
fn a_misspelt_action_gets_the_nearest_of_that_screen() {
    for (table, written, meant) in [
        ("reader", "next_paragrph", "next_paragraph"),
        ("reader", "scrol_down", "scroll_down"),
        ("reader", "Scroll_Down", "scroll_down"),
        ("reader", "serch", "search"),
        ("reader", "toggle_bookmrak", "toggle_bookmark"),
        ("library", "sotr", "sort"),
        ("bookmarks", "edit_nte", "edit_note"),
        ("headings", "opne", "open"),
        ("help", "clsoe", "close"),
    ] {
        let error = config_error(&format!("[keys.{table}]\n{written} = [\"x\"]\n"));
        assert_eq!(
            error,
            format!(
                "config.toml: line 2: unknown action '{written}' in [keys.{table}]: \
                 did you mean '{meant}'?"
            )
        );
    }
    // Nothing near: the screen's own actions, not all 36.
    let error = config_error("[keys.headings]\n\n\nzoom = [\"z\"]\n");
    assert_eq!(
        error,
        "config.toml: line 4: unknown action 'zoom' in [keys.headings], which takes down, up, \
         open, top, bottom, filter, toggle_mouse, help, back, quit"
    );
}

#[test]
fn an_action_of_another_screen_is_named_as_such() {
    let error = config_error("[keys.reader]\nsort = [\"o\"]\n");
    assert!(
        error.starts_with(
            "config.toml: line 2: 'sort' is not a reader action (it is one of [keys.library]); \
             [keys.reader] takes scroll_down, scroll_up,"
        ),
        "{error}"
    );
    assert!(error.ends_with("back, quit, suspend"), "{error}");
    assert!(!error.contains("edit_note"), "{error}");
    // Where the screen has the same thing under another name, that name.
    for (table, written, meant) in [
        ("reader", "up", "scroll_up"),
        ("reader", "down", "scroll_down"),
        ("library", "scroll_down", "down"),
        ("help", "back", "close"),
        ("bookmarks", "close", "back"),
        ("headings", "remove", "remove"),
    ] {
        let text = format!("[keys.{table}]\n{written} = [\"x\"]\n");
        let result = config::from_toml("config.toml", &text, true);
        if written == meant {
            // `remove` is not on the headings screen, and nothing there is near it.
            let error = result.unwrap_err().to_string();
            assert!(
                error.contains(
                    "'remove' is not a headings action (it is one of [keys.library] and \
                     [keys.bookmarks]); [keys.headings] takes down,"
                ),
                "{error}"
            );
            continue;
        }
        assert_eq!(
            result.unwrap_err().to_string(),
            format!(
                "config.toml: line 2: '{written}' is not a {table} action: did you mean '{meant}'?"
            )
        );
    }
}

#[test]
fn a_misspelt_screen_gets_the_nearest_screen() {
    let error = config_error("[reader]\nlayout = \"side\"\n\n[keys.readr]\nquit = [\"Q\"]\n");
    assert_eq!(
        error,
        "config.toml: line 4: no screen [keys.readr]: did you mean [keys.reader]?"
    );
    let error = config_error("[keys.menu]\nquit = [\"Q\"]\n");
    assert_eq!(
        error,
        "config.toml: line 1: no screen [keys.menu] (screens: library, reader, bookmarks, \
         headings, help)"
    );
}

/// A config that unbinds quit on every screen and back wherever it may: what it leaves.
const NO_QUIT: &str = "[keys.library]\nquit = []\n[keys.reader]\nquit = []\ntop = [\"z z\"]\n\
                       [keys.bookmarks]\nquit = []\n[keys.headings]\nquit = []\n\
                       [keys.help]\nquit = []\n";

#[test]
fn ctrl_c_quits_every_screen_whatever_the_config_binds() {
    let config = config::from_toml("config.toml", NO_QUIT, true).expect("the config is taken");
    for context in SCREENS {
        let mut app = on(context, &config, (100, 30));
        press(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(app.should_quit, "Ctrl-c on the {context:?} screen");
        // Over the help too, and with a sequence begun (`z` of `z z`) or a count typed.
        for keys in ["?", "z", "12"] {
            let mut app = on(context, &config, (100, 30));
            keys.chars().for_each(|c| key(&mut app, c));
            press(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
            assert!(
                app.should_quit,
                "Ctrl-c after {keys} on the {context:?} screen"
            );
        }
    }
    // And the help says so.
    let quit = help_lines(&config.keymap, Context::Reader)
        .into_iter()
        .find(|(_, what)| what == "quit taiyaku")
        .expect("the help lists quit");
    assert_eq!(quit.0, "Ctrl-c");
}

#[test]
fn a_config_that_leaves_no_way_out_is_refused_at_its_line() {
    for (text, expected) in [
        (
            "[keys.bookmarks]\nopen = [\"o\"]\nback = []\n",
            "config.toml: line 3: 'back' needs a key in [keys.bookmarks]: without one the \
             screen has no way back",
        ),
        (
            "[keys.help]\n\nclose = []\n",
            "config.toml: line 3: 'close' needs a key in [keys.help]: without one the screen \
             has no way back",
        ),
        (
            "[keys.reader]\nquit = []\ncopy = [\"Ctrl-c\"]\n",
            "config.toml: line 3: Ctrl-c always quits taiyaku: it cannot be bound to 'copy' \
             in [keys.reader]",
        ),
        (
            "[keys.library]\nsort = [\"Ctrl-c o\"]\n",
            "config.toml: line 2: Ctrl-c always quits taiyaku: it cannot be bound to 'sort' \
             in [keys.library]",
        ),
    ] {
        assert_eq!(config_error(text), expected, "{text}");
    }
}
