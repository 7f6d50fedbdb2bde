//! Jumping to a place, as vim and less readers do by habit: counts (`10j`, `3}`, `5)`, `5G`),
//! `gg`, `50%`, the `:` command line (its editing, completion and history) and the jump list
//! (`''`, Ctrl-O, Ctrl-I). Keys are pressed as the terminal sends them, through the keymap.

mod common;

use std::path::Path;

use common::{command, keys, press, press_with, reader_on, screen_rows, seed_article};
use crossterm::event::{KeyCode, KeyModifiers};
use taiyaku::app::{
    App, Overlay, Place, Purpose, Reader, Screen, paragraph_number, percent, update,
};
use taiyaku::article::{Article, Bilingual, Block, Format, Headings};
use taiyaku::config;
use taiyaku::import::import_path;
use taiyaku::keymap::{Context, help_lines};
use taiyaku::layout::{Mode, Position, RubyShown};
use taiyaku::library;
use taiyaku::text::AmbiguousWidth;

fn ctrl(app: &mut App, c: char) {
    press_with(app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

fn reader(app: &App) -> &Reader {
    app.reader.as_ref().expect("an open article")
}

fn paragraph(app: &App) -> usize {
    paragraph_number(reader(app)).0.unwrap_or(0)
}

fn place(app: &App) -> Place {
    Place::of(reader(app))
}

fn prompt_text(app: &App) -> String {
    app.prompt().expect("a prompt").editor.text().to_owned()
}

fn status(app: &App) -> String {
    screen_rows(app).last().cloned().unwrap_or_default()
}

/// `n` paragraphs, each English and Japanese, numbered so that each is told apart.
fn long_article(n: usize) -> Article {
    let blocks = (1..=n)
        .map(|i| {
            let en =
                format!("Paragraph {i} of a long essay, which goes on for a while. ").repeat(3);
            let ja = format!("長い随筆の第{i}段落で、しばらく続く。").repeat(3);
            Block::paragraph(Bilingual::new(Some(en), Some(ja)))
        })
        .collect();
    Article::new("long".into(), Format::Plain, Headings::default(), blocks)
}

/// The Kyoto fixture with sentence pairs, on its first paragraph after the heading.
fn kyoto() -> Article {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kyoto_sentences.xml");
    import_path(&path, None)
        .expect("the fixture imports")
        .article
}

fn guide() -> Article {
    library::bundled().remove(0)
}

#[test]
fn a_count_scrolls_that_many_rows_and_pages() {
    let mut counted = reader_on(long_article(60), 100, 30);
    let mut one_by_one = reader_on(long_article(60), 100, 30);
    keys(&mut counted, "10j");
    keys(&mut one_by_one, &"j".repeat(10));
    assert_eq!(place(&counted), place(&one_by_one));
    assert_ne!(reader(&counted).top, Position::default());
    keys(&mut counted, "3");
    press(&mut counted, KeyCode::Char(' '));
    for _ in 0..3 {
        press(&mut one_by_one, KeyCode::Char(' '));
    }
    assert_eq!(
        place(&counted),
        place(&one_by_one),
        "3 Space is three pages"
    );
    keys(&mut counted, "2");
    ctrl(&mut counted, 'b');
    keys(&mut one_by_one, "bb");
    assert_eq!(place(&counted), place(&one_by_one));
    keys(&mut counted, "4k");
    keys(&mut one_by_one, "kkkk");
    assert_eq!(place(&counted), place(&one_by_one));
    assert_eq!(counted.message, None, "no refusal when it moved");
}

#[test]
fn a_count_before_half_a_page_sets_its_rows_as_in_vim_and_less() {
    let mut app = reader_on(long_article(60), 100, 30);
    let row = |app: &App| {
        let reader = reader(app);
        let article = &reader.article;
        let mut layout = reader.layout.clone();
        layout
            .distance(article, Position::default(), reader.top, 10_000)
            .unwrap()
    };
    keys(&mut app, "5");
    ctrl(&mut app, 'd');
    assert_eq!(row(&app), 5);
    ctrl(&mut app, 'd');
    assert_eq!(row(&app), 10, "the count stays for the next");
    ctrl(&mut app, 'u');
    assert_eq!(row(&app), 5, "for both ways");
}

#[test]
fn a_count_moves_that_many_paragraphs_and_stops_at_the_last() {
    let mut app = reader_on(seed_article(), 100, 30);
    keys(&mut app, "3}");
    assert_eq!(paragraph(&app), 4);
    keys(&mut app, "2{");
    assert_eq!(paragraph(&app), 2);
    keys(&mut app, "999}");
    assert_eq!(paragraph(&app), 12, "as far as it goes");
    assert_eq!(app.message, None);
    keys(&mut app, "5}");
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("no more paragraphs")
    );
}

#[test]
fn a_count_moves_that_many_sentences_headings_and_matches() {
    let mut counted = reader_on(kyoto(), 100, 30);
    let mut one_by_one = reader_on(kyoto(), 100, 30);
    keys(&mut counted, "5)");
    keys(&mut one_by_one, ")))))");
    let sentence = |app: &App| reader(app).sentence.clone();
    assert!(sentence(&counted).is_some());
    assert_eq!(sentence(&counted), sentence(&one_by_one));
    keys(&mut counted, "2(");
    keys(&mut one_by_one, "((");
    assert_eq!(sentence(&counted), sentence(&one_by_one));

    let mut counted = reader_on(guide(), 100, 30);
    let mut one_by_one = reader_on(guide(), 100, 30);
    keys(&mut counted, "2]");
    keys(&mut one_by_one, "]]");
    let cursor = |app: &App| reader(app).cursor;
    assert_eq!(cursor(&counted), cursor(&one_by_one));
    assert!(cursor(&counted) > 0);

    let mut counted = reader_on(seed_article(), 100, 30);
    let mut one_by_one = reader_on(seed_article(), 100, 30);
    for app in [&mut counted, &mut one_by_one] {
        keys(app, "/japan");
        press(app, KeyCode::Enter);
    }
    keys(&mut counted, "3n");
    keys(&mut one_by_one, "nnn");
    let current = |app: &App| reader(app).search.current;
    assert_eq!(current(&counted), current(&one_by_one));
    assert_eq!(current(&counted), Some(3));
    keys(&mut counted, "2N");
    assert_eq!(current(&counted), Some(1));
}

#[test]
fn a_count_moves_that_many_bookmarks() {
    let mut app = reader_on(long_article(20), 100, 30);
    for target in ["3G", "6G", "9G"] {
        keys(&mut app, target);
        keys(&mut app, "m");
    }
    keys(&mut app, "gg");
    keys(&mut app, "2`");
    assert_eq!(paragraph(&app), 6);
    keys(&mut app, "5`");
    assert_eq!(paragraph(&app), 9, "as far as there are");
    keys(&mut app, "2~");
    assert_eq!(paragraph(&app), 3);
}

#[test]
fn g_gg_and_g_with_counts_go_where_vim_goes() {
    let mut app = reader_on(seed_article(), 100, 30);
    keys(&mut app, "5G");
    assert_eq!(paragraph(&app), 5);
    keys(&mut app, "gg");
    assert_eq!(
        (reader(&app).top, paragraph(&app)),
        (Position::default(), 1)
    );
    keys(&mut app, "7gg");
    assert_eq!(paragraph(&app), 7, "the second g adds nothing");
    keys(&mut app, "g");
    assert_eq!(
        (reader(&app).top, paragraph(&app)),
        (Position::default(), 1)
    );
    keys(&mut app, "G");
    assert!(reader(&app).at_end);
    assert_eq!(paragraph(&app), 12);
    keys(&mut app, "3g");
    assert_eq!(paragraph(&app), 3, "as less's 3g");
    keys(&mut app, "40G");
    assert_eq!(paragraph(&app), 12);
    assert!(app.message.as_deref().unwrap().contains("has 12"));
    // gg in the lists and the help too.
    for screen in ["t", "'", "?"] {
        let mut app = reader_on(guide(), 100, 30);
        keys(&mut app, screen);
        keys(&mut app, "Ggg");
        let at_top = match screen {
            "t" => app.headings.selected == 0,
            "'" => app.bookmark_list.list.selected == 0,
            _ => app.help_scroll() == Some(0),
        };
        assert!(at_top, "{screen}");
    }
}

#[test]
fn the_count_shows_in_the_status_bar_and_esc_cancels_it() {
    let mut app = reader_on(seed_article(), 100, 30);
    keys(&mut app, "12");
    assert_eq!(app.pending.shown().as_deref(), Some("12"));
    assert!(status(&app).trim_end().ends_with("12"), "{}", status(&app));
    assert!(!status(&app).contains("help"), "in place of the hints");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.pending.shown(), None);
    assert_eq!(app.screen, Screen::Reader, "Esc cancelled the count only");
    assert!(!app.should_quit);
    assert!(status(&app).contains("help"));
    keys(&mut app, "}");
    assert_eq!(paragraph(&app), 2, "the count is gone");
    keys(&mut app, "4");
    update(&mut app, taiyaku::app::Action::Resize(90, 28));
    assert_eq!(
        app.pending.shown().as_deref(),
        Some("4"),
        "a resize keeps it"
    );
    keys(&mut app, "}");
    assert_eq!(paragraph(&app), 6);
}

#[test]
fn percent_goes_to_that_share_of_the_text_as_in_less() {
    let mut app = reader_on(long_article(200), 100, 30);
    keys(&mut app, "50%");
    assert_eq!(
        percent(reader(&app)),
        50,
        "the status bar says what was asked"
    );
    assert!(status(&app).contains(" 50% "), "{}", status(&app));
    keys(&mut app, "25p");
    assert_eq!(percent(reader(&app)), 25);
    let paragraph_at_25 = paragraph(&app);
    assert!((45..=55).contains(&paragraph_at_25), "{paragraph_at_25}");
    keys(&mut app, "90%");
    assert_eq!(percent(reader(&app)), 90);
    keys(&mut app, "100%");
    assert!(reader(&app).at_end);
    keys(&mut app, "%");
    assert_eq!(reader(&app).top, Position::default(), "no count: the start");
    keys(&mut app, "250%");
    assert!(reader(&app).at_end);
    assert_eq!(paragraph(&app), 200);

    // Inside one long paragraph, by its text.
    let one = "A sentence of an essay that goes on and on. ".repeat(400);
    let block = Block::paragraph(Bilingual::new(Some(one), None));
    let article = Article::new("t".into(), Format::Plain, Headings::default(), vec![block]);
    let mut app = reader_on(article, 100, 30);
    keys(&mut app, "30%");
    assert_eq!(percent(reader(&app)), 30);
    assert!(reader(&app).top.row > 0);
}

#[test]
fn ctrl_o_and_ctrl_i_walk_the_jump_list_back_and_forth() {
    let mut app = reader_on(long_article(40), 100, 30);
    let start = place(&app);
    keys(&mut app, "G");
    let end = place(&app);
    command(&mut app, "10");
    let tenth = place(&app);
    assert_eq!(paragraph(&app), 10);
    ctrl(&mut app, 'o');
    assert_eq!(place(&app), end);
    ctrl(&mut app, 'o');
    assert_eq!(place(&app), start);
    ctrl(&mut app, 'o');
    assert_eq!(place(&app), start);
    assert!(app.message.as_deref().unwrap().contains("oldest"));
    ctrl(&mut app, 'i');
    assert_eq!(place(&app), end, "Ctrl-I as the kitty protocol reports it");
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        place(&app),
        tenth,
        "Tab: the byte Ctrl-I sends in other terminals"
    );
    press(&mut app, KeyCode::Tab);
    assert_eq!(place(&app), tenth);
    assert!(app.message.as_deref().unwrap().contains("newest"));

    let mut fresh = reader_on(long_article(5), 100, 30);
    ctrl(&mut fresh, 'o');
    assert!(fresh.message.as_deref().unwrap().contains("no jumps yet"));
}

#[test]
fn quote_quote_returns_to_where_the_last_jump_came_from_and_back() {
    let mut app = reader_on(seed_article(), 100, 30);
    keys(&mut app, "''");
    assert_eq!(
        app.screen,
        Screen::Reader,
        "' opened the bookmarks, ' came back"
    );
    assert!(app.message.as_deref().unwrap().contains("no jumps yet"));
    keys(&mut app, "3}");
    let before = place(&app);
    keys(&mut app, "9G");
    assert_eq!(paragraph(&app), 9);
    keys(&mut app, "'");
    assert_eq!(app.screen, Screen::Bookmarks);
    keys(&mut app, "'");
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(place(&app), before);
    keys(&mut app, "''");
    assert_eq!(paragraph(&app), 9, "'' again goes back again, as in vim");
    keys(&mut app, "''");
    assert_eq!(place(&app), before);

    // From the library, with no article open, there is nothing to go back to.
    let mut app = App::new(config::defaults(true), library::bundled(), None, (100, 30));
    keys(&mut app, "''");
    assert_eq!(app.screen, Screen::Bookmarks);
    assert!(app.message.as_deref().unwrap().contains("no article open"));
}

#[test]
fn search_headings_bookmarks_percent_and_the_command_line_are_jumps() {
    let back = |app: &mut App| keys(app, "''");
    let mut app = reader_on(guide(), 100, 30);
    let start = place(&app);

    keys(&mut app, "/taiyaku");
    press(&mut app, KeyCode::Enter);
    assert_ne!(place(&app), start);
    back(&mut app);
    assert_eq!(place(&app), start, "a search");
    let jumps = reader(&app).jumps.clone();
    keys(&mut app, "/taiyaku");
    press(&mut app, KeyCode::Esc);
    assert_eq!(reader(&app).jumps, jumps, "a search given up is no jump");

    keys(&mut app, "]");
    let heading = place(&app);
    assert_ne!(heading, start);
    back(&mut app);
    assert_eq!(place(&app), start, "a heading");

    keys(&mut app, "t");
    keys(&mut app, "jj");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Reader);
    assert_ne!(place(&app), start);
    back(&mut app);
    assert_eq!(place(&app), start, "the headings screen");

    keys(&mut app, "5}m");
    let marked = paragraph(&app);
    keys(&mut app, "gg");
    let top = place(&app);
    keys(&mut app, "'");
    press(&mut app, KeyCode::Enter);
    assert_eq!(paragraph(&app), marked);
    back(&mut app);
    assert_eq!(place(&app), top, "a bookmark opened from the list");
    keys(&mut app, "`");
    assert_eq!(paragraph(&app), marked);
    back(&mut app);
    assert_eq!(place(&app), top, "the next bookmark");

    keys(&mut app, "60%");
    back(&mut app);
    assert_eq!(place(&app), top, "a share of the text");
    command(&mut app, "$");
    assert!(reader(&app).at_end);
    back(&mut app);
    assert_eq!(place(&app), top, ":$");

    let jumps = reader(&app).jumps.places().len();
    keys(&mut app, "}j)");
    assert_eq!(
        reader(&app).jumps.places().len(),
        jumps,
        "motions are no jumps"
    );
}

#[test]
fn the_command_line_goes_to_paragraphs_sentences_and_shares() {
    let mut app = reader_on(seed_article(), 100, 30);
    keys(&mut app, ":");
    let prompt = app.prompt().expect("the command line");
    assert!(matches!(prompt.purpose, Purpose::Command(_)));
    assert!(status(&app).starts_with(" :"), "{}", status(&app));
    keys(&mut app, "7");
    press(&mut app, KeyCode::Enter);
    assert_eq!(paragraph(&app), 7);
    assert!(app.prompt().is_none());
    command(&mut app, "500");
    assert_eq!(paragraph(&app), 12);
    assert!(app.message.as_deref().unwrap().contains("has 12"));
    command(&mut app, "0");
    assert_eq!(reader(&app).top, Position::default());
    command(&mut app, "$");
    assert!(reader(&app).at_end);
    command(&mut app, "1");
    assert_eq!(paragraph(&app), 1);

    let mut long = reader_on(long_article(200), 100, 30);
    command(&mut long, "50%");
    assert_eq!(percent(reader(&long)), 50);

    let mut by_keys = reader_on(kyoto(), 100, 30);
    let mut by_line = reader_on(kyoto(), 100, 30);
    keys(&mut by_keys, ")))))))");
    command(&mut by_line, "s 7");
    assert!(reader(&by_line).sentence.is_some());
    assert_eq!(reader(&by_line).sentence, reader(&by_keys).sentence);
    command(&mut by_line, "sentence 9999");
    assert!(app_message(&by_line).contains("this is the last"));
    keys(&mut by_keys, &")".repeat(400));
    assert_eq!(reader(&by_line).sentence, reader(&by_keys).sentence);
}

fn app_message(app: &App) -> String {
    app.message.clone().unwrap_or_default()
}

#[test]
fn the_command_line_sets_what_keys_toggle_quits_and_opens_the_help() {
    let mut app = reader_on(seed_article(), 100, 30);
    command(&mut app, "set layout=stacked");
    assert_eq!(reader(&app).mode, Mode::Stacked);
    assert_eq!(app_message(&app), "layout: stacked");
    command(&mut app, "se rows=sentence ruby:hide");
    assert!(reader(&app).sentence_rows);
    assert_eq!(app.config.ruby, RubyShown::Hide);
    command(&mut app, "set ambiguous=wide");
    assert_eq!(app.config.ambiguous, AmbiguousWidth::Wide);
    assert_eq!(reader(&app).layout.geometry().policy, AmbiguousWidth::Wide);
    command(&mut app, "set layout");
    assert_eq!(app_message(&app), "layout=stacked");
    command(&mut app, "set");
    assert_eq!(
        app_message(&app),
        "layout=stacked  rows=sentence  ruby=hide  measure=80  ambiguous=wide  theme=auto"
    );
    command(&mut app, "set layout=diagonal");
    assert!(app_message(&app).contains("unknown layout 'diagonal'"));
    assert_eq!(reader(&app).mode, Mode::Stacked);
    command(&mut app, "set colour=red");
    assert!(app_message(&app).contains("unknown setting 'colour'"));
    command(&mut app, "frobnicate");
    assert!(app_message(&app).starts_with("not a command: frobnicate"));
    assert!(
        status(&app).contains("not a command"),
        "errors show in the status bar"
    );
    command(&mut app, "help");
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    press(&mut app, KeyCode::Esc);
    command(&mut app, "");
    assert_eq!(app.message, None, "an empty line does nothing");
    command(&mut app, "q");
    assert!(app.should_quit);
}

#[test]
fn esc_closes_the_command_line_and_a_count_before_it_is_dropped() {
    let mut app = reader_on(seed_article(), 100, 30);
    let start = place(&app);
    keys(&mut app, ":12");
    press(&mut app, KeyCode::Esc);
    assert!(app.prompt().is_none());
    assert_eq!(place(&app), start);
    assert!(!app.should_quit);
    keys(&mut app, "3:");
    assert!(app.prompt().is_some());
    assert_eq!(app.pending.shown(), None);
    ctrl(&mut app, 'c');
    assert!(app.prompt().is_none(), "Ctrl-C closes it too");
    assert!(app.command_history.is_empty(), "nothing was entered");
}

#[test]
fn the_command_line_edits_as_the_other_prompts() {
    let mut app = reader_on(seed_article(), 100, 30);
    keys(&mut app, ":9x");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Home);
    keys(&mut app, "1");
    press(&mut app, KeyCode::End);
    assert_eq!(prompt_text(&app), "19");
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Delete);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Right);
    assert_eq!(prompt_text(&app), "1");
    press(&mut app, KeyCode::Enter);
    assert_eq!(paragraph(&app), 1);
}

#[test]
fn tab_completes_commands_settings_and_values_and_cycles() {
    let mut app = reader_on(seed_article(), 100, 30);
    keys(&mut app, ":h");
    press(&mut app, KeyCode::Tab);
    assert_eq!(prompt_text(&app), "help", "one candidate: taken whole");
    press(&mut app, KeyCode::Esc);

    keys(&mut app, ":s");
    press(&mut app, KeyCode::Tab);
    assert_eq!(prompt_text(&app), "sentence");
    assert!(status(&app).contains("[sentence] set"), "{}", status(&app));
    press(&mut app, KeyCode::Tab);
    assert_eq!(prompt_text(&app), "set");
    assert!(status(&app).contains("sentence [set]"));
    press(&mut app, KeyCode::Tab);
    assert_eq!(prompt_text(&app), "sentence", "round again");
    press(&mut app, KeyCode::BackTab);
    assert_eq!(prompt_text(&app), "set", "Shift-Tab goes back");
    keys(&mut app, " la");
    assert!(!status(&app).contains('['), "typing ends the cycle");
    press(&mut app, KeyCode::Tab);
    assert_eq!(prompt_text(&app), "set layout=");
    press(&mut app, KeyCode::Tab);
    assert_eq!(prompt_text(&app), "set layout=side");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(prompt_text(&app), "set layout=stacked");
    press(&mut app, KeyCode::Enter);
    assert_eq!(reader(&app).mode, Mode::Stacked);

    keys(&mut app, ":set ruby=h");
    press(&mut app, KeyCode::Tab);
    assert_eq!(prompt_text(&app), "set ruby=hide");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, ":zz");
    press(&mut app, KeyCode::Tab);
    assert_eq!(prompt_text(&app), "zz");
    assert!(status(&app).contains("(nothing to complete)"));
}

#[test]
fn up_and_down_recall_the_lines_entered_that_start_with_what_is_typed() {
    let mut app = reader_on(seed_article(), 100, 30);
    for line in ["3", "set layout=en", "5", "3"] {
        command(&mut app, line);
    }
    assert_eq!(
        app.command_history,
        ["set layout=en", "5", "3"],
        "once each"
    );
    keys(&mut app, ":");
    press(&mut app, KeyCode::Up);
    assert_eq!(prompt_text(&app), "3");
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    assert_eq!(prompt_text(&app), "set layout=en");
    press(&mut app, KeyCode::Up);
    assert_eq!(prompt_text(&app), "set layout=en", "the oldest stays");
    press(&mut app, KeyCode::Down);
    assert_eq!(prompt_text(&app), "5");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert_eq!(prompt_text(&app), "", "past the newest: what was typed");
    press(&mut app, KeyCode::Esc);

    keys(&mut app, ":se");
    press(&mut app, KeyCode::Up);
    assert_eq!(prompt_text(&app), "set layout=en");
    press(&mut app, KeyCode::Up);
    assert_eq!(
        prompt_text(&app),
        "set layout=en",
        "only lines that start so"
    );
    press(&mut app, KeyCode::Down);
    assert_eq!(prompt_text(&app), "se");
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert_eq!(reader(&app).mode, Mode::En);
}

#[test]
fn the_new_keys_are_in_the_help_and_can_be_rebound() {
    let keymap = &config::defaults(true).keymap;
    let reader_help = help_lines(keymap, Context::Reader);
    let keys_of = |description: &str| {
        reader_help
            .iter()
            .find(|(_, d)| d.contains(description))
            .map_or_else(|| panic!("{description}"), |(k, _)| k.clone())
    };
    assert_eq!(keys_of("start of the article"), "g gg Home");
    assert_eq!(keys_of("percentage of the text"), "% p");
    assert_eq!(keys_of("command line"), ":");
    assert_eq!(keys_of("back through the jump list"), "Ctrl-o");
    assert_eq!(keys_of("forward through the jump list"), "Tab Ctrl-i");
    assert_eq!(keys_of("where the last jump came from"), "''");
    let bookmarks_help = help_lines(keymap, Context::Bookmarks);
    assert!(
        bookmarks_help
            .iter()
            .any(|(k, d)| k == "'" && d.contains("last jump"))
    );

    let text = "[keys.reader]\npercent = [\"P\"]\njump_older = [\"O\"]\ntop = [\"z z\"]\n\
                command_line = [\";\"]\nbookmarks = [\"B\"]\n[keys.bookmarks]\njump_back = [\"b\"]\n";
    let config = config::from_toml("config.toml", text, true).unwrap();
    let mut app = App::new(
        config,
        library::bundled(),
        Some(long_article(40)),
        (100, 30),
    );
    keys(&mut app, "50P");
    assert_eq!(percent(reader(&app)), 50);
    keys(&mut app, "z");
    assert_eq!(
        app.pending.shown().as_deref(),
        Some("z"),
        "a sequence waits"
    );
    assert!(status(&app).trim_end().ends_with('z'));
    keys(&mut app, "z");
    assert_eq!(reader(&app).top, Position::default());
    keys(&mut app, "O");
    assert_eq!(percent(reader(&app)), 50);
    keys(&mut app, ";5");
    press(&mut app, KeyCode::Enter);
    assert_eq!(paragraph(&app), 5);
    keys(&mut app, "Bb");
    assert_eq!(percent(reader(&app)), 50, "B then b: the rebound ''");
    let reader_help = help_lines(&app.config.keymap, Context::Reader);
    assert!(reader_help.iter().any(|(k, _)| k == "Bb"));
}

#[test]
fn a_key_that_starts_another_commands_sequence_is_refused() {
    let text = "[keys.reader]\nnext_paragraph = [\"g x\"]\n";
    let error = config::from_toml("config.toml", text, true).unwrap_err();
    assert!(error.message.contains("g (the start of g x)"), "{error}");
    assert!(error.message.contains("'top'") && error.message.contains("'next_paragraph'"));
}
