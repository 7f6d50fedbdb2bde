//! A long file's preview: its start, imported alone, is the start of the whole article; the
//! reader shows it at once, holds what needs the whole, and takes the whole in where it was.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use common::{TempDir, run, screen_rows};
use taiyaku::app::{Action, App, Arrival, Screen, update};
use taiyaku::article::Article;
use taiyaku::bookmarks::{Bookmarks, Positions, SavedPosition};
use taiyaku::import::head::{PREVIEW_ABOVE, preview};
use taiyaku::import::import_path;
use taiyaku::keymap::Command;

/// The paragraphs of one of our fixtures (after its title line).
fn paragraphs(fixture: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let text = std::fs::read_to_string(&path).expect("a fixture");
    let (_, body) = text.split_once("\n\n").expect("a title line");
    body.split("\n\n")
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A file over the preview's threshold: a header, then the paragraphs of `lists` in turn
/// (one list: one language; two: alternating), numbered so that no two are alike.
fn long_file(folder: &TempDir, name: &str, header: &str, lists: &[&[String]]) -> PathBuf {
    let mut text = format!("{header}\n");
    let mut copy = 0;
    while text.len() as u64 <= PREVIEW_ABOVE * 2 {
        copy += 1;
        for i in 0..lists.iter().map(|l| l.len()).max().unwrap_or(0) {
            for paragraph in lists.iter().filter_map(|list| list.get(i)) {
                let _ = write!(text, "\n{paragraph} ({copy})\n");
            }
        }
    }
    let path = folder.path().join(name);
    std::fs::write(&path, text).expect("written");
    path
}

fn bilingual(folder: &TempDir) -> PathBuf {
    let (en, ja) = (paragraphs("bento_en.txt"), paragraphs("bento_ja.txt"));
    long_file(folder, "bilingual.txt", "Bento\n長い", &[&en, &ja])
}

/// The cells of the terminal the previews are for: 160×45.
const CELLS: usize = 160 * 45;

fn whole(path: &Path) -> Article {
    import_path(path, None).expect("imports").article
}

fn previewed(path: &Path) -> (Article, u64) {
    let (preview, bytes) = preview(path, None, CELLS).expect("a preview");
    (preview.article, bytes)
}

/// Whether `preview` is the start of `whole`: the same headings, and every block but its last
/// (whose partner may lie past the cut).
fn starts(preview: &Article, whole: &Article) -> bool {
    let kept = preview.blocks.len() - 1;
    preview.headings == whole.headings
        && whole.blocks.len() > preview.blocks.len()
        && preview.blocks[..kept] == whole.blocks[..kept]
}

#[test]
fn the_preview_of_a_long_text_is_the_start_of_its_whole_article() {
    let folder = TempDir::new("preview");
    let (en, ja) = (paragraphs("bento_en.txt"), paragraphs("bento_ja.txt"));
    let novel = paragraphs("novel_ja.txt");
    for path in [
        bilingual(&folder),
        long_file(&folder, "en.txt", "Bento", &[&en]),
        long_file(&folder, "ja.txt", "坊っちゃん\n夏目漱石", &[&novel]),
        long_file(&folder, "doc.md", "# Bento\n\n*notes*", &[&en, &ja]),
    ] {
        let (preview, _) = previewed(&path);
        let whole = whole(&path);
        assert!(
            preview.blocks.len() > 20,
            "{}: a few screens",
            path.display()
        );
        assert!(starts(&preview, &whole), "{}", path.display());
        assert_eq!(preview.format, whole.format, "{}", path.display());
    }
}

#[test]
fn a_larger_terminal_gets_a_longer_preview() {
    let folder = TempDir::new("preview-size");
    let path = bilingual(&folder);
    let blocks = |cells| {
        preview(&path, None, cells)
            .expect("a preview")
            .0
            .article
            .blocks
            .len()
    };
    let (small, large) = (blocks(80 * 24), blocks(300 * 100));
    assert!(large > small, "{small} blocks at 80×24, {large} at 300×100");
    assert!(starts(
        &preview(&path, None, 300 * 100).unwrap().0.article,
        &whole(&path)
    ));
}

#[test]
fn short_files_and_documents_that_span_the_file_get_no_preview() {
    let folder = TempDir::new("no-preview");
    let short = folder.path().join("short.txt");
    std::fs::write(&short, "Bento\n\nA short text.\n").expect("written");
    let line = folder.path().join("line.txt");
    std::fs::write(&line, "word ".repeat(200_000)).expect("written");
    let json = folder.path().join("article.json");
    let mut native = serde_json::to_string(&whole(&bilingual(&folder))).expect("JSON");
    native.push('\n');
    std::fs::write(&json, native).expect("written");
    for path in [&short, &line, &json] {
        assert!(preview(path, None, CELLS).is_none(), "{}", path.display());
    }
    assert!(preview(&folder.path().join("missing.txt"), None, CELLS).is_none());
}

/// The reader on the preview of the file at `path`, the library not yet read.
fn reader_on_preview(path: &Path) -> App {
    let (article, bytes) = previewed(path);
    let mut app = App::new(taiyaku::config::defaults(true), Vec::new(), None, (100, 30));
    app.awaited.library = true;
    app.show_preview(article, bytes);
    app
}

fn arrive(app: &mut App, arrival: Arrival) {
    update(app, Action::Arrived(Box::new(arrival)));
}

fn whole_arrives(app: &mut App, path: &Path) {
    let article = Box::new(whole(path));
    arrive(
        app,
        Arrival::Article {
            article,
            message: None,
        },
    );
}

fn status(app: &App) -> String {
    screen_rows(app).last().cloned().unwrap_or_default()
}

#[test]
fn the_whole_article_takes_the_preview_s_place_where_the_reader_was() {
    let folder = TempDir::new("arrives");
    let path = bilingual(&folder);
    let mut app = reader_on_preview(&path);
    assert!(
        status(&app).contains("¶1/… reading 0.5 MB…"),
        "{}",
        status(&app)
    );
    run(&mut app, &[Command::NextParagraph; 5]);
    run(&mut app, &[Command::ScrollDown]);
    let (top, cursor) = {
        let reader = app.reader.as_ref().expect("the reader");
        (reader.top, reader.cursor)
    };
    let screen = screen_rows(&app);
    whole_arrives(&mut app, &path);
    let reader = app.reader.as_ref().expect("the reader");
    assert_eq!(reader.article, whole(&path));
    assert_eq!((reader.top, reader.cursor), (top, cursor));
    assert!(app.awaited.article.is_none());
    let after = screen_rows(&app);
    assert_eq!(after[..after.len() - 1], screen[..screen.len() - 1]);
    let paragraphs = reader.article.blocks.len();
    assert!(
        status(&app).contains(&format!("¶6/{paragraphs}")),
        "{}",
        status(&app)
    );
}

#[test]
fn a_jump_to_the_end_waits_for_the_whole_article_then_is_made() {
    let folder = TempDir::new("bottom");
    let path = bilingual(&folder);
    let mut app = reader_on_preview(&path);
    run(&mut app, &[Command::Bottom]);
    let reader = app.reader.as_ref().expect("the reader");
    assert_eq!(reader.cursor, 1, "not yet moved");
    assert!(
        app.message.as_deref().unwrap().contains("still reading"),
        "{:?}",
        app.message
    );
    // What can be done on the preview is, meanwhile.
    run(&mut app, &[Command::NextParagraph]);
    assert_eq!(app.reader.as_ref().expect("the reader").cursor, 2);
    whole_arrives(&mut app, &path);
    let reader = app.reader.as_ref().expect("the reader");
    assert!(reader.at_end, "the held jump is made");
    assert_eq!(
        reader.current_block(),
        Some(reader.article.blocks.len() - 1)
    );
}

#[test]
fn a_preview_saves_no_reading_position_and_the_whole_opens_at_the_saved_one() {
    let folder = TempDir::new("positions");
    let path = bilingual(&folder);
    let article = whole(&path);
    let (preview, bytes) = previewed(&path);
    let left_at = article.blocks.len() - 10;
    let mut positions = Positions::default();
    positions
        .positions
        .insert(article.id.clone(), SavedPosition::new(&article, left_at, 1));
    let mut app = App::new(taiyaku::config::defaults(true), Vec::new(), None, (100, 30))
        .with_marks(Bookmarks::default(), positions);
    app.show_preview(preview, bytes);
    assert_eq!(
        app.reader.as_ref().expect("the reader").cursor,
        1,
        "the place is past the preview: it opens at its start"
    );
    assert!(app.effects.is_empty());
    whole_arrives(&mut app, &path);
    let reader = app.reader.as_ref().expect("the reader");
    assert_eq!(reader.current_block(), Some(left_at), "where it was left");
    run(&mut app, &[Command::NextParagraph]);
    assert_eq!(
        app.effects.len(),
        1,
        "now positions are kept: {:?}",
        app.effects
    );
}

#[test]
fn a_whole_article_that_starts_otherwise_opens_at_its_start() {
    let folder = TempDir::new("otherwise");
    let path = bilingual(&folder);
    let mut app = reader_on_preview(&path);
    run(&mut app, &[Command::NextParagraph; 5]);
    let mut other = whole(&path);
    other.blocks.remove(0);
    arrive(
        &mut app,
        Arrival::Article {
            article: Box::new(other.clone()),
            message: Some("said".into()),
        },
    );
    let reader = app.reader.as_ref().expect("the reader");
    assert_eq!(reader.article, other);
    assert_eq!(reader.current_block(), Some(0));
    assert_eq!(app.message.as_deref(), Some("said"));
}

#[test]
fn every_article_s_bookmarks_wait_for_the_library() {
    let folder = TempDir::new("library");
    let path = bilingual(&folder);
    let mut app = reader_on_preview(&path);
    whole_arrives(&mut app, &path);
    run(&mut app, &[Command::Bookmarks]);
    assert_eq!(app.screen, Screen::Reader, "held");
    arrive(
        &mut app,
        Arrival::Library {
            bundled: taiyaku::library::bundled(),
            imported: Vec::new(),
            notices: vec!["library/x.json set aside".into()],
        },
    );
    assert_eq!(app.screen, Screen::Bookmarks);
    assert_eq!(app.library.articles.len(), 3);
    assert!(!app.awaited.any());
}

#[test]
fn a_whole_file_that_cannot_be_read_ends_the_reader() {
    let folder = TempDir::new("failed");
    let mut app = reader_on_preview(&bilingual(&folder));
    arrive(&mut app, Arrival::Failed);
    assert!(app.should_quit);
}

/// A Kyoto corpus article of ours over the preview's threshold: sections, some nested, of
/// paragraphs of sentences, and the credit at the end.
fn long_kyoto(folder: &TempDir) -> PathBuf {
    let sentence = |n: usize| {
        format!(
            "<sen id=\"{n}\"><j>京都の寺は{n}番目に古い。</j>\
             <e type=\"trans\" ver=\"1\">The temple is the {n}th oldest.</e><cmt></cmt>\
             <e type=\"check\" ver=\"1\">The temple in Kyoto is the {n}th oldest.</e><cmt>修正</cmt></sen>\n"
        )
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<art orl=\"ja\" trl=\"en\">\n\
         <inf>ours</inf>\n<tit><j>寺</j><e type=\"check\" ver=\"1\">Temples</e></tit>\n",
    );
    let mut n = 0;
    while xml.len() as u64 <= PREVIEW_ABOVE * 2 {
        let _ = write!(
            xml,
            "<sec id=\"{n}\"><tit><j>節{n}</j><e type=\"check\" ver=\"1\">Section {n}</e></tit>\n<sec>"
        );
        for _ in 0..3 {
            xml.push_str("<par>");
            for _ in 0..4 {
                n += 1;
                xml.push_str(&sentence(n));
            }
            xml.push_str("</par>\n");
        }
        xml.push_str("</sec></sec>\n");
    }
    xml.push_str("<copyright>copyright (c) ours</copyright>\n</art>\n");
    let path = folder.path().join("kyoto.xml");
    std::fs::write(&path, xml).expect("written");
    path
}

/// Whether `preview` is the start of `whole` as a Kyoto article's is: its credit comes at the
/// end, so only the whole has it.
fn starts_but_for_the_credit(preview: &Article, whole: &Article) -> bool {
    let mut preview = preview.clone();
    preview
        .headings
        .copyright
        .clone_from(&whole.headings.copyright);
    starts(&preview, whole)
}

#[test]
fn the_preview_of_a_long_kyoto_article_is_the_start_of_it() {
    let folder = TempDir::new("kyoto");
    let path = long_kyoto(&folder);
    let (preview, _) = previewed(&path);
    let whole = whole(&path);
    assert!(preview.blocks.len() > 20);
    assert_eq!(preview.format, whole.format);
    assert!(whole.headings.copyright.is_some());
    assert!(starts_but_for_the_credit(&preview, &whole));
    // Taken in by the reader where it was.
    let mut app = App::new(taiyaku::config::defaults(true), Vec::new(), None, (100, 30));
    app.show_preview(preview, 1);
    run(&mut app, &[Command::NextParagraph; 7]);
    let cursor = app.reader.as_ref().expect("the reader").cursor;
    arrive(
        &mut app,
        Arrival::Article {
            article: Box::new(whole),
            message: None,
        },
    );
    assert_eq!(app.reader.as_ref().expect("the reader").cursor, cursor);
}

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn the_corpus_s_long_articles_preview_as_their_start() {
    let files = common::corpus_files("kyoto", "xml")
        .into_iter()
        .chain(common::corpus_files("aozora", "txt"));
    let mut previewed_files = 0;
    for path in files {
        let Some((preview, _)) = preview(&path, None, CELLS) else {
            continue;
        };
        let whole = whole(&path);
        assert!(
            starts_but_for_the_credit(&preview.article, &whole),
            "{}",
            path.display()
        );
        previewed_files += 1;
    }
    assert!(previewed_files > 0, "the corpus has long files");
}
