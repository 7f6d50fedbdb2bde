//! Snapshots of whole screens drawn on ratatui's `TestBackend`, at three terminal sizes.
//!
//! Review changes with `INSTA_UPDATE=always cargo test --test snapshots` and `git diff`.

mod common;

use std::path::Path;

use common::seed_article;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use taiyaku::app::{Action, App, update};
use taiyaku::article::Article;
use taiyaku::config;
use taiyaku::editor::Edit;
use taiyaku::import::import_path;
use taiyaku::keymap::Command;
use taiyaku::library;
use taiyaku::text::{AmbiguousWidth, str_width};

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (40, 20)];

fn guide() -> Article {
    library::bundled().remove(0)
}

/// The screen as text: one line per row, a wide glyph once, with `|` marking the right edge
/// so that trailing spaces, and anything spilling past the edge, show.
fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal
        .draw(|frame| taiyaku::ui::render(app, frame))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            text.push_str(symbol);
            x += u16::try_from(str_width(symbol, AmbiguousWidth::Narrow).max(1)).unwrap();
        }
        text.push_str("|\n");
    }
    text
}

/// Snapshots one screen at every size, after the same actions.
fn snapshot_each_size(name: &str, opened: Option<fn() -> Article>, actions: &[Action]) {
    for (width, height) in SIZES {
        let article = opened.map(|make| make());
        // No colour: snapshots hold the text, and the current paragraph shows by its marker.
        let mut app = App::new(
            config::defaults(false),
            library::bundled(),
            article,
            (width, height),
        );
        for action in actions {
            update(&mut app, action.clone());
        }
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen(&app));
    }
}

fn typed(text: &str) -> impl Iterator<Item = Action> + '_ {
    text.chars().map(|c| Action::Edit(Edit::Insert(c)))
}

#[test]
fn library() {
    snapshot_each_size("library", None, &[]);
}

#[test]
fn reader_on_the_seed() {
    snapshot_each_size(
        "reader_seed",
        Some(seed_article),
        &[Action::Command(Command::NextParagraph)],
    );
}

/// The bundled essay whose English and Japanese came as two files, paired by the aligner.
fn two_page_essay() -> Article {
    library::bundled().pop().unwrap()
}

#[test]
fn reader_on_a_pair_of_files() {
    let actions = [Command::NextParagraph, Command::NextParagraph].map(Action::Command);
    snapshot_each_size("reader_pair", Some(two_page_essay), &actions);
}

#[test]
fn reader_on_the_guide() {
    let actions = [
        Command::NextParagraph,
        Command::NextParagraph,
        Command::NextParagraph,
    ]
    .map(Action::Command);
    snapshot_each_size("reader_guide", Some(guide), &actions);
}

#[test]
fn stacked_mode() {
    snapshot_each_size(
        "stacked_guide",
        Some(guide),
        &[
            Action::Command(Command::CycleLayout),
            Action::Command(Command::NextParagraph),
        ],
    );
}

/// The measure at 160 columns: English alone in a column of 80 cells in the window's middle;
/// side by side with `measure = 60`, two panes of 60 cells and the gutter, centred.
#[test]
fn the_measure_centres_the_panes_in_a_wide_window() {
    let on_guide = |config: config::Config, commands: &[Command]| {
        let mut app = App::new(config, library::bundled(), Some(guide()), (160, 24));
        for &command in commands {
            update(&mut app, Action::Command(command));
        }
        screen(&app)
    };
    let english = [
        Command::CycleLayout,
        Command::CycleLayout,
        Command::NextParagraph,
    ];
    insta::assert_snapshot!(
        "measure_en_160x24",
        on_guide(config::defaults(false), &english)
    );
    let sixty = config::from_toml("config.toml", "[reader]\nmeasure = 60\n", false).unwrap();
    insta::assert_snapshot!(
        "measure_side_60_160x24",
        on_guide(sixty, &[Command::NextParagraph])
    );
}

#[test]
fn help_overlay() {
    snapshot_each_size(
        "help",
        Some(seed_article),
        &[Action::Command(Command::Help)],
    );
}

#[test]
fn search() {
    let mut actions = vec![Action::Command(Command::Search)];
    actions.extend(typed("2-plus-2 talks"));
    snapshot_each_size("search_typing", Some(seed_article), &actions);
    actions.extend([Action::Submit, Action::Command(Command::NextMatch)]);
    snapshot_each_size("search_next", Some(seed_article), &actions);
    let mut japanese = vec![Action::Command(Command::Search)];
    japanese.extend(typed("禁則"));
    japanese.push(Action::Submit);
    snapshot_each_size("search_japanese", Some(guide), &japanese);
}

#[test]
fn too_small() {
    let mut app = App::new(
        config::defaults(false),
        library::bundled(),
        Some(seed_article()),
        (19, 5),
    );
    update(&mut app, Action::Resize(19, 5));
    insta::assert_snapshot!("too_small_19x5", screen(&app));
}

/// Two bookmarks at fixed times (the clock must not leak into snapshots).
fn saved_bookmarks() -> taiyaku::bookmarks::Bookmarks {
    use taiyaku::bookmarks::{Bookmark, Bookmarks, Change};
    let mut all = Bookmarks::default();
    let seed = seed_article();
    let guide = guide();
    all.apply(&Change::Add(Bookmark::new(
        &seed,
        1,
        "Lavrov's \"new era\" — 新時代",
        1_764_400_000,
    )));
    all.apply(&Change::Add(Bookmark::new(&guide, 1, "", 1_764_500_000)));
    all
}

fn with_bookmarks(article: Option<Article>, size: (u16, u16)) -> App {
    App::new(config::defaults(false), library::bundled(), article, size).with_saved(
        saved_bookmarks(),
        taiyaku::bookmarks::Positions::default(),
        Vec::new(),
    )
}

#[test]
fn bookmarks_screen_and_marks_in_the_reader() {
    for (width, height) in SIZES {
        let mut app = with_bookmarks(Some(seed_article()), (width, height));
        update(&mut app, Action::Command(Command::NextParagraph));
        insta::assert_snapshot!(format!("reader_marks_{width}x{height}"), screen(&app));
        update(&mut app, Action::Command(Command::Bookmarks));
        insta::assert_snapshot!(format!("bookmarks_{width}x{height}"), screen(&app));
    }
    let mut library = with_bookmarks(None, (100, 12));
    update(&mut library, Action::Resize(100, 12));
    insta::assert_snapshot!("library_with_bookmarks_100x12", screen(&library));
}

#[test]
fn headings_screen() {
    for (width, height) in [(80, 24), (120, 40)] {
        for (name, article) in [("seed", seed_article as fn() -> Article), ("guide", guide)] {
            let mut app = App::new(
                config::defaults(false),
                library::bundled(),
                Some(article()),
                (width, height),
            );
            // From the fourth paragraph: the current section is preselected.
            for _ in 0..4 {
                update(&mut app, Action::Command(Command::NextParagraph));
            }
            update(&mut app, Action::Command(Command::Headings));
            insta::assert_snapshot!(format!("headings_{name}_{width}x{height}"), screen(&app));
        }
    }
    let mut library = App::new(config::defaults(false), library::bundled(), None, (100, 12));
    update(&mut library, Action::Command(Command::Headings));
    insta::assert_snapshot!("library_titles_100x12", screen(&library));
}

#[test]
fn headings_screen_on_a_kyoto_article() {
    // Our own Kyoto-style fixture: corpus text is not copied into the repository.
    let kyoto = || {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kyoto_nested.xml");
        import_path(&path, None).unwrap().article
    };
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = App::new(
            config::defaults(false),
            library::bundled(),
            Some(kyoto()),
            (width, height),
        );
        update(&mut app, Action::Command(Command::Headings));
        insta::assert_snapshot!(format!("headings_kyoto_{width}x{height}"), screen(&app));
    }
}

/// The README pictures the reader on the seed at 100×24 and the guide stacked at 80 columns:
/// both must be the screen as it is drawn, not as it once was.
#[test]
fn the_readme_pictures_the_screens_as_they_are() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let pictured = |after: &str| -> Vec<String> {
        let start = readme
            .find(after)
            .unwrap_or_else(|| panic!("README: {after}"))
            + after.len();
        let start = start + readme[start..].find("```\n").expect("a picture") + 4;
        let end = start + readme[start..].find("```").expect("its end");
        readme[start..end].lines().map(str::to_owned).collect()
    };
    let drawn = |app: &App| -> Vec<String> {
        screen(app)
            .lines()
            .map(|l| l.trim_end_matches('|').trim_end().to_owned())
            .collect()
    };
    let seed = App::new(
        config::defaults(false),
        library::bundled(),
        Some(seed_article()),
        (100, 24),
    );
    assert_eq!(pictured("The seed essay at 100×24:"), drawn(&seed));

    let mut guide_app = App::new(
        config::defaults(false),
        library::bundled(),
        Some(guide()),
        (80, 30),
    );
    for command in [Command::CycleLayout, Command::NextParagraph] {
        update(&mut guide_app, Action::Command(command));
    }
    let stacked = pictured("(our guide at 80 columns):");
    let screen = drawn(&guide_app);
    let at = screen
        .iter()
        .position(|l| *l == stacked[0])
        .expect("the pictured paragraph is on screen");
    assert_eq!(stacked, screen[at..at + stacked.len()]);
}

fn kyoto_sentences() -> Article {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kyoto_sentences.xml");
    import_path(&path, None).unwrap().article
}

/// Sentence rows on our Kyoto-style fixture, the sentence cursor on the second sentence: each
/// sentence pair starts on one row side by side (stacked at 40 columns, each English sentence
/// above its Japanese).
#[test]
fn sentence_rows() {
    snapshot_each_size(
        "sentence_rows_kyoto",
        Some(kyoto_sentences),
        &[
            Action::Command(Command::SentenceRows),
            Action::Command(Command::NextParagraph),
            Action::Command(Command::NextSentence),
            Action::Command(Command::NextSentence),
        ],
    );
}
