//! Bookmarks and reading positions in the app: actions in, state and effects out.

mod common;

use std::path::Path;

use common::{run, seed_article};
use taiyaku::app::{Action, App, Effect, Screen, Stored, paragraph_number, update};
use taiyaku::article::Article;
use taiyaku::bookmarks::{Bookmark, Bookmarks, Change, Positions, SavedPosition};
use taiyaku::config;
use taiyaku::editor::Edit;
use taiyaku::import::{Format, import_path};
use taiyaku::keymap::Command;
use taiyaku::library;

fn reader(bookmarks: Bookmarks, positions: Positions) -> App {
    App::new(
        config::defaults(true),
        library::bundled(),
        Some(seed_article()),
        (100, 30),
    )
    .with_saved(bookmarks, positions, Vec::new())
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::Edit(Edit::Insert(c)));
    }
}

fn paragraph(app: &App) -> usize {
    paragraph_number(app.reader.as_ref().unwrap())
        .0
        .unwrap_or(0)
}

/// Plays the event loop's part: every effect succeeds against an in-memory "disk".
fn save_all(app: &mut App, disk: &mut Bookmarks) {
    for effect in std::mem::take(&mut app.effects) {
        let stored = match effect {
            Effect::SaveBookmarks(changes) => {
                for change in &changes {
                    disk.apply(change);
                }
                Stored::Bookmarks(Ok((disk.clone(), None)))
            }
            Effect::SavePosition { .. } => Stored::Position(Ok(())),
            Effect::RemoveArticle(_) => Stored::ArticleRemoved(Ok(())),
            Effect::SaveArticle(_) => Stored::ArticleSaved(Ok(())),
        };
        update(app, Action::Stored(stored));
    }
}

#[test]
fn m_toggles_a_bookmark_on_the_current_paragraph() {
    let mut app = reader(Bookmarks::default(), Positions::default());
    let mut disk = Bookmarks::default();
    run(
        &mut app,
        &[
            Command::NextParagraph,
            Command::NextParagraph,
            Command::ToggleBookmark,
        ],
    );
    assert_eq!(app.message.as_deref(), Some("¶3 bookmarked"));
    assert!(matches!(app.effects.last(), Some(Effect::SaveBookmarks(_))));
    save_all(&mut app, &mut disk);
    assert_eq!(disk.bookmarks.len(), 1);
    assert_eq!(disk.bookmarks[0].block, 2);
    assert_eq!(app.reader.as_ref().unwrap().bookmarked, [2]);
    run(&mut app, &[Command::ToggleBookmark]);
    save_all(&mut app, &mut disk);
    assert!(disk.bookmarks.is_empty());
    assert!(app.reader.as_ref().unwrap().bookmarked.is_empty());
}

#[test]
fn a_note_takes_japanese_and_editing_keys() {
    let mut app = reader(Bookmarks::default(), Positions::default());
    let mut disk = Bookmarks::default();
    run(
        &mut app,
        &[Command::NextParagraph, Command::BookmarkWithNote],
    );
    assert!(app.is_typing());
    type_text(&mut app, "新時代のメモ");
    for edit in [Edit::Left, Edit::Left, Edit::Backspace] {
        update(&mut app, Action::Edit(edit));
    }
    update(&mut app, Action::Submit);
    assert!(!app.is_typing());
    save_all(&mut app, &mut disk);
    assert_eq!(disk.bookmarks[0].note, "新時代メモ");
    assert_eq!(disk.bookmarks[0].block, 1);

    // M again edits the same bookmark's note; Esc leaves it as it was.
    run(&mut app, &[Command::BookmarkWithNote]);
    type_text(&mut app, " (draft)");
    update(&mut app, Action::Cancel);
    save_all(&mut app, &mut disk);
    assert_eq!(disk.bookmarks.len(), 1);
    assert_eq!(disk.bookmarks[0].note, "新時代メモ");
}

#[test]
fn backtick_and_tilde_walk_the_bookmarks_of_the_article() {
    let article = seed_article();
    let mut saved = Bookmarks::default();
    for block in [3, 7] {
        saved.apply(&Change::Add(Bookmark::new(&article, block, "", 1)));
    }
    let mut app = reader(saved, Positions::default());
    run(&mut app, &[Command::NextBookmark]);
    assert_eq!(paragraph(&app), 4);
    run(&mut app, &[Command::NextBookmark]);
    assert_eq!(paragraph(&app), 8);
    run(&mut app, &[Command::NextBookmark]);
    assert_eq!(paragraph(&app), 8);
    assert_eq!(app.message.as_deref(), Some("no more bookmarks below"));
    run(&mut app, &[Command::PreviousBookmark]);
    assert_eq!(paragraph(&app), 4);
}

#[test]
fn the_bookmarks_screen_opens_removes_undoes_edits_and_filters() {
    let article = seed_article();
    let guide = library::bundled().remove(0);
    let mut saved = Bookmarks::default();
    saved.apply(&Change::Add(Bookmark::new(&article, 5, "older", 100)));
    saved.apply(&Change::Add(Bookmark::new(&guide, 2, "newer", 200)));
    let mut app = App::new(config::defaults(true), library::bundled(), None, (100, 30)).with_saved(
        saved.clone(),
        Positions::default(),
        Vec::new(),
    );
    let mut disk = saved;

    run(&mut app, &[Command::Bookmarks]);
    assert_eq!(app.screen, Screen::Bookmarks);
    let shown = taiyaku::app::visible_bookmarks(&app);
    assert_eq!(shown[0].note, "newer", "newest first");

    // Filter by the seed's title, in Japanese-insensitive folding too.
    run(&mut app, &[Command::Filter]);
    type_text(&mut app, "ＳＴＲＡＴＥＧＹ");
    update(&mut app, Action::Submit);
    assert_eq!(taiyaku::app::visible_bookmarks(&app).len(), 1);

    run(&mut app, &[Command::EditNote]);
    update(&mut app, Action::Edit(Edit::Home));
    type_text(&mut app, "much ");
    update(&mut app, Action::Submit);
    save_all(&mut app, &mut disk);
    assert!(disk.bookmarks.iter().any(|b| b.note == "much older"));

    run(&mut app, &[Command::Remove]);
    save_all(&mut app, &mut disk);
    assert_eq!(disk.bookmarks.len(), 1);
    run(&mut app, &[Command::Undo]);
    save_all(&mut app, &mut disk);
    assert_eq!(disk.bookmarks.len(), 2);

    run(&mut app, &[Command::Open]);
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(paragraph(&app), 6, "opened at the bookmarked paragraph");
}

#[test]
fn a_failed_save_keeps_the_change_and_retries_it() {
    let mut app = reader(Bookmarks::default(), Positions::default());
    run(&mut app, &[Command::ToggleBookmark]);
    let Some(Effect::SaveBookmarks(first)) = app
        .effects
        .iter()
        .find(|e| matches!(e, Effect::SaveBookmarks(_)))
        .cloned()
    else {
        panic!("no save asked for");
    };
    app.effects.clear();
    update(
        &mut app,
        Action::Stored(Stored::Bookmarks(Err("read-only file system".into()))),
    );
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("kept in memory, will retry")
    );
    assert_eq!(app.bookmarks.bookmarks.len(), 1, "in memory all the same");

    run(&mut app, &[Command::NextParagraph, Command::ToggleBookmark]);
    let Some(Effect::SaveBookmarks(second)) = app
        .effects
        .iter()
        .find(|e| matches!(e, Effect::SaveBookmarks(_)))
        .cloned()
    else {
        panic!("no save asked for");
    };
    assert_eq!(second.len(), 2, "the failed change goes again");
    assert_eq!(second[0], first[0]);
    let mut disk = Bookmarks::default();
    save_all(&mut app, &mut disk);
    assert_eq!(disk.bookmarks.len(), 2);
    assert!(app.unsaved.is_empty());
}

#[test]
fn another_readers_bookmarks_arrive_with_each_save() {
    let article = seed_article();
    let mut app = reader(Bookmarks::default(), Positions::default());
    let mut disk = Bookmarks::default();
    disk.apply(&Change::Add(Bookmark::new(
        &article,
        9,
        "from the other window",
        5,
    )));
    run(&mut app, &[Command::ToggleBookmark]);
    save_all(&mut app, &mut disk);
    assert_eq!(app.bookmarks.bookmarks.len(), 2);
    assert_eq!(app.reader.as_ref().unwrap().bookmarked, [0, 9]);
}

#[test]
fn positions_are_saved_when_the_paragraph_changes_and_reopened() {
    let mut app = reader(Bookmarks::default(), Positions::default());
    app.effects.clear();
    run(&mut app, &[Command::NextParagraph, Command::NextParagraph]);
    let saved: Vec<&SavedPosition> = app
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::SavePosition { position, .. } => Some(position),
            _ => None,
        })
        .collect();
    assert_eq!(saved.last().unwrap().block, 2);
    run(&mut app, &[Command::ScrollDown]);
    assert_eq!(
        app.effects.len(),
        2,
        "a row of scrolling within the paragraph saves nothing new"
    );

    let positions = app.positions.clone();
    let reopened = reader(Bookmarks::default(), positions);
    assert_eq!(paragraph(&reopened), 3, "reopens where it was left");
    // A narrower terminal does not matter: the position is a paragraph, not a row.
    let mut narrow = App::new(
        config::defaults(true),
        library::bundled(),
        Some(seed_article()),
        (45, 20),
    )
    .with_saved(Bookmarks::default(), reopened.positions.clone(), Vec::new());
    update(&mut narrow, Action::Resize(45, 20));
    assert_eq!(paragraph(&narrow), 3);
}

#[test]
fn removing_an_imported_article_asks_first_and_keeps_its_bookmarks() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jitow_full.txt");
    let imported = import_path(&fixture, None).unwrap().article;
    let mut saved = Bookmarks::default();
    saved.apply(&Change::Add(Bookmark::new(&imported, 0, "", 1)));
    let mut app = App::new(config::defaults(true), library::bundled(), None, (100, 30)).with_saved(
        saved,
        Positions::default(),
        vec![imported.clone()],
    );
    let index = app
        .library
        .shown()
        .iter()
        .position(|&i| app.library.articles[i].id == imported.id)
        .unwrap();
    app.library.list.selected = index;
    run(&mut app, &[Command::Remove]);
    assert_eq!(app.removal_asked(), Some(imported.id.as_str()));
    update(&mut app, Action::Confirm(false));
    let bundled = library::bundled().len();
    assert_eq!(app.library.articles.len(), bundled + 1, "no: kept");
    run(&mut app, &[Command::Remove]);
    update(&mut app, Action::Confirm(true));
    assert_eq!(app.library.articles.len(), bundled);
    assert_eq!(
        app.effects.last(),
        Some(&Effect::RemoveArticle(imported.id.clone()))
    );
    assert_eq!(
        app.bookmarks.bookmarks.len(),
        1,
        "its bookmark stays, detached"
    );

    app.library.list.selected = 0;
    run(&mut app, &[Command::Remove]);
    assert!(
        app.removal_asked().is_none(),
        "bundled articles cannot be removed"
    );
}

#[test]
fn library_sorts_and_filters() {
    // An old article whose title sorts first: the two orders differ.
    let old = Article::new(
        "aardvark.txt".into(),
        Format::Plain,
        taiyaku::article::Headings {
            title: taiyaku::article::Bilingual::en("Aardvarks of Kyoto"),
            date_iso: Some("1999-01-01".into()),
            ..Default::default()
        },
        vec![taiyaku::article::Block::paragraph(
            taiyaku::article::Bilingual::en("text"),
        )],
    );
    let articles = library::bundled().into_iter().chain([old]).collect();
    let mut app = App::new(config::defaults(true), articles, None, (100, 30));
    let first = |app: &App| {
        app.library
            .selected_article()
            .unwrap()
            .display_title()
            .to_owned()
    };
    assert!(first(&app).starts_with("Reading"), "newest first");
    run(&mut app, &[Command::Sort]);
    assert!(first(&app).starts_with("Aardvarks"), "by title");
    run(&mut app, &[Command::Bottom]);
    assert!(first(&app).starts_with("Strategy"), "by title, last");
    run(&mut app, &[Command::Sort]);
    run(&mut app, &[Command::Bottom]);
    assert!(
        first(&app).starts_with("Aardvarks"),
        "newest first: the oldest is last"
    );
    run(&mut app, &[Command::Filter]);
    type_text(&mut app, "perception");
    assert_eq!(app.library.shown().len(), 1);
    assert!(first(&app).starts_with("Strategy"));
    update(&mut app, Action::Submit);
    run(&mut app, &[Command::Open]);
    assert_eq!(app.screen, Screen::Reader);
}

#[test]
fn hand_edited_bookmarks_never_put_controls_on_screen() {
    let dir = std::env::temp_dir().join(format!("taiyaku-hostile-marks-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let hostile = "a\u{1b}]52;c;SGVsbG8=\u{07}b\r\nc\u{85}d\u{9b}31me\u{E0041}";
    let json = serde_json::json!({
        "version": 1,
        "bookmarks": [{
            "id": "x", "block": 0, "fingerprint": "0", "created": 1, "updated": 1,
            "note": hostile,
            "excerpt": { "en": hostile, "ja": hostile },
            "article": { "id": "gone", "title": { "en": hostile }, "source": hostile },
        }],
    });
    std::fs::write(dir.join("bookmarks.json"), json.to_string()).unwrap();
    let store = taiyaku::store::Store::new(dir.clone());
    let (bookmarks, problem) = store.load::<Bookmarks>();
    assert!(problem.is_none());
    let note = &bookmarks.bookmarks[0].note;
    assert!(!note.chars().any(char::is_control), "{note:?}");
    let mut app = App::new(config::defaults(true), library::bundled(), None, (100, 30)).with_saved(
        bookmarks.clone(),
        Positions::default(),
        Vec::new(),
    );
    run(&mut app, &[Command::Bookmarks, Command::Open]);
    let terminal = common::drawn(&app);
    for cell in terminal.backend().buffer().content() {
        assert!(
            !cell.symbol().chars().any(char::is_control),
            "{:?} on screen",
            cell.symbol()
        );
    }
    let exported = taiyaku::export::export(&bookmarks, &[], taiyaku::export::ExportFormat::Json);
    let value: serde_json::Value = serde_json::from_str(&exported).expect("valid JSON");
    assert!(
        !value["bookmarks"][0]["note"]
            .as_str()
            .unwrap()
            .chars()
            .any(char::is_control)
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_detached_bookmark_is_kept_and_shown_as_detached() {
    let article = seed_article();
    let mut mark = Bookmark::new(&article, 3, "kept", 1);
    // A passage whose text is gone from both sides.
    mark.fingerprint = "0000000000000000".into();
    mark.excerpt.en = Some("A passage no longer in the article".into());
    mark.excerpt.ja = None;
    let mut saved = Bookmarks::default();
    saved.apply(&Change::Add(mark));
    let mut app = reader(saved, Positions::default());
    assert!(
        app.reader.as_ref().unwrap().bookmarked.is_empty(),
        "no paragraph carries it"
    );
    run(&mut app, &[Command::Bookmarks]);
    let terminal = common::drawn(&app);
    let screen: String = common::cells_text(&terminal);
    assert!(screen.contains("¶4 · detached"), "{screen}");
    run(&mut app, &[Command::Open]);
    assert_eq!(
        app.screen,
        Screen::Bookmarks,
        "a detached bookmark cannot be opened"
    );
    assert!(app.message.as_deref().unwrap().contains("detached"));
    assert_eq!(app.bookmarks.bookmarks.len(), 1, "and it is not dropped");
}

#[test]
fn a_long_note_scrolls_and_the_cursor_follows_the_caret() {
    let mut app = reader(Bookmarks::default(), Positions::default());
    update(&mut app, Action::Resize(40, 20));
    run(&mut app, &[Command::BookmarkWithNote]);
    type_text(&mut app, &"とても長いメモ".repeat(8));
    type_text(&mut app, "END");
    let mut terminal = common::drawn(&app);
    let cursor = terminal.get_cursor_position().unwrap();
    let buffer = terminal.backend().buffer();
    let status: String = (0..40)
        .map(|x| buffer[(x, 19)].symbol().to_owned())
        .collect();
    assert!(
        status.contains("END"),
        "the end of the text is in view: {status:?}"
    );
    assert_eq!(cursor.y, 19);
    let e = (0..40u16)
        .find(|&x| buffer[(x, 19)].symbol() == "E" && buffer[(x + 1, 19)].symbol() == "N")
        .unwrap();
    assert_eq!(
        cursor.x,
        e + 3,
        "the cursor sits just after the last character typed"
    );
}

#[test]
fn the_library_comparison_scrolls_and_keeps_its_summary() {
    let articles: Vec<Article> = (0..30)
        .map(|_| seed_article())
        .chain(library::bundled())
        .collect();
    let mut app = App::new(config::defaults(true), articles, None, (100, 12));
    run(&mut app, &[Command::Headings, Command::Bottom]);
    assert!(app.library.list.offset > 0);
    let terminal = common::drawn(&app);
    let buffer = terminal.backend().buffer();
    let row = |y: u16| {
        (0..100)
            .map(|x| buffer[(x, y)].symbol().to_owned())
            .collect::<String>()
    };
    assert!(
        row(10).contains("33 articles; 0 without an English title, 31 without a Japanese title")
    );
    let selected = app
        .library
        .selected_article()
        .unwrap()
        .display_title()
        .to_owned();
    let shown: String = (2..10).map(row).collect();
    assert!(
        shown.contains(&selected[..20]),
        "the selection is on screen"
    );
}
