//! Incremental search: a scan done a little at a time finds what a whole search finds, from
//! the view onwards first; longer queries narrow it, Backspace goes back to a shorter one's.

mod common;

use std::time::Duration;

use common::reader_on;
use taiyaku::app::{Action, App, update};
use taiyaku::article::{Article, Bilingual, Block, Format, Headings};
use taiyaku::editor::Edit;
use taiyaku::keymap::Command;
use taiyaku::layout::{Geometry, Layout, Mode};
use taiyaku::search::{Scan, find_all};
use taiyaku::text::AmbiguousWidth;

/// `count` paragraphs, every third with "rail" in English, every fifth with 鉄道 in Japanese.
fn document(count: usize) -> Article {
    let blocks = (0..count)
        .map(|i| {
            let en = if i % 3 == 0 {
                format!("Paragraph {i} is about the railway and rails.")
            } else {
                format!("Paragraph {i} is about the sea.")
            };
            let ja = if i % 5 == 0 {
                format!("第{i}段落は鉄道の話。")
            } else {
                format!("第{i}段落は海の話。")
            };
            Block::paragraph(Bilingual::new(Some(en), Some(ja)))
        })
        .collect();
    Article::new("t".into(), Format::Plain, Headings::default(), blocks)
}

fn layout(article: &Article) -> Layout {
    Layout::new(
        article,
        Geometry::new(100, Mode::Side, AmbiguousWidth::Narrow),
    )
}

#[test]
fn a_scan_in_steps_finds_what_a_whole_search_finds_from_its_start_unit_first() {
    let article = document(600);
    let layout = layout(&article);
    let mut scan = Scan::new("rail", 0..layout.len(), 300);
    // A budget of nothing still looks at one batch of units each time: those from the start.
    let shift = scan.run(&article, &layout, Duration::ZERO);
    assert_eq!(shift, 0);
    assert!(!scan.is_done());
    assert!(!scan.matches().is_empty());
    assert!(
        scan.matches().iter().all(|m| m.unit >= 300),
        "from the start unit first"
    );
    let mut shift = 0;
    while !scan.is_done() {
        shift = scan.run(&article, &layout, Duration::ZERO);
    }
    let whole = find_all(&article, &layout, "rail");
    assert_eq!(scan.matches(), whole.as_slice());
    let before = whole.iter().filter(|m| m.unit < 300).count();
    assert_eq!(
        shift, before,
        "the matches before the start went first, and it says how many"
    );
}

#[test]
fn a_longer_query_narrows_a_scan_under_way() {
    let article = document(600);
    let layout = layout(&article);
    let mut scan = Scan::new("rai", 0..layout.len(), 100);
    scan.run(&article, &layout, Duration::ZERO);
    let mut longer = scan.narrowed("rails");
    assert!(
        longer.progress().1 < layout.len(),
        "only where rai was found, and what is left"
    );
    while !longer.is_done() {
        longer.run(&article, &layout, Duration::ZERO);
    }
    assert_eq!(
        longer.matches(),
        find_all(&article, &layout, "rails").as_slice()
    );
}

fn typing(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::Edit(Edit::Insert(c)));
    }
}

/// Lets the event loop's idle turns finish the scan.
fn settle(app: &mut App) {
    while app.is_busy() {
        update(app, Action::Idle);
    }
}

fn matches_now(app: &App) -> Vec<taiyaku::search::Match> {
    app.reader.as_ref().unwrap().search.matches().to_vec()
}

fn fresh(app: &App, query: &str) -> Vec<taiyaku::search::Match> {
    let reader = app.reader.as_ref().unwrap();
    find_all(&reader.article, &reader.layout, query)
}

#[test]
fn the_reader_searches_as_typed_and_backspace_goes_back_to_the_shorter_query() {
    let mut app = reader_on(document(5000), 100, 30);
    update(&mut app, Action::Command(Command::Search));
    typing(&mut app, "rai");
    settle(&mut app);
    assert_eq!(matches_now(&app), fresh(&app, "rai"));
    let (_, rai_units) = app.reader.as_ref().unwrap().search.progress();
    typing(&mut app, "lway");
    settle(&mut app);
    assert_eq!(matches_now(&app), fresh(&app, "railway"));
    for _ in 0..4 {
        update(&mut app, Action::Edit(Edit::Backspace));
    }
    // Back at "rai": the units its scan looked at, not the whole document again.
    let (_, units) = app.reader.as_ref().unwrap().search.progress();
    assert_eq!(units, rai_units);
    assert!(units < 5000 + 2);
    settle(&mut app);
    assert_eq!(matches_now(&app), fresh(&app, "rai"));
    // Enter before the scan is done leaves it running; an unknown word says so when it is.
    update(&mut app, Action::Edit(Edit::Insert('x')));
    update(&mut app, Action::Submit);
    settle(&mut app);
    let rows = common::screen_rows(&app).join("\n");
    assert!(rows.contains("not found: raix"), "{rows}");
}

#[test]
fn a_paste_searches_once_and_a_long_query_typed_key_by_key_still_goes_back() {
    let mut app = reader_on(document(2000), 100, 30);
    update(&mut app, Action::Command(Command::Search));
    update(
        &mut app,
        Action::Edit(Edit::Paste("about the\nrailway".into())),
    );
    settle(&mut app);
    assert_eq!(
        app.reader.as_ref().unwrap().search.query,
        "about the railway"
    );
    assert_eq!(matches_now(&app), fresh(&app, "about the railway"));
    // A query far longer than the scans kept for Backspace: going back past them scans anew,
    // and finds what a fresh search finds.
    let long = " and rails.".repeat(20);
    typing(&mut app, &long);
    settle(&mut app);
    assert!(matches_now(&app).is_empty());
    for _ in 0..long.chars().count() {
        update(&mut app, Action::Edit(Edit::Backspace));
    }
    settle(&mut app);
    assert_eq!(matches_now(&app), fresh(&app, "about the railway"));
    assert!(!matches_now(&app).is_empty());
}

#[test]
fn the_first_match_is_shown_from_the_view_on_and_the_rest_wrap_around() {
    let mut app = reader_on(document(3000), 100, 30);
    // Move down into the document, then search: the first match shown is after the view.
    for _ in 0..1500 {
        update(&mut app, Action::Command(Command::NextParagraph));
    }
    let cursor = app.reader.as_ref().unwrap().cursor;
    update(&mut app, Action::Command(Command::Search));
    typing(&mut app, "鉄道");
    settle(&mut app);
    let reader = app.reader.as_ref().unwrap();
    let current = &reader.search.matches()[reader.search.current.unwrap()];
    assert!(
        current.unit >= cursor - 1,
        "{} before {cursor}",
        current.unit
    );
    assert_eq!(matches_now(&app), fresh(&app, "鉄道"));
    let rows = common::screen_rows(&app).join("\n");
    assert!(rows.contains("/鉄道 ["), "{rows}");
}

#[test]
fn a_query_that_starts_with_a_space_finds_what_follows_it() {
    let mut app = reader_on(document(50), 100, 30);
    update(&mut app, Action::Command(Command::Search));
    typing(&mut app, " rai");
    settle(&mut app);
    assert!(!matches_now(&app).is_empty());
    assert_eq!(matches_now(&app), fresh(&app, " rai"));
}
