//! Taking text out of the reader: `y` and `Y` copy the passage read (the paragraph, or the lit
//! sentence and its translation) in the languages `copy` names, the mouse can be left to the
//! terminal's own selection, and bookmark exports print passages whole.

mod common;

use common::{keys, reader_on, screen_rows};
use taiyaku::app::{App, ToTerminal};
use taiyaku::article::{Article, Bilingual, Block, Format, Headings, SentencePair, Side};
use taiyaku::bookmarks::{Bookmark, Bookmarks, Change};
use taiyaku::config;
use taiyaku::export::{ExportFormat, export};

const EN: &str = "The first paragraph. It has two sentences.";
const JA: &str = "最初の段落。文が二つある。";

fn article() -> Article {
    let headings = Headings {
        title: Bilingual::new(Some("On *Bento*".into()), Some("弁当について".into())),
        ..Headings::default()
    };
    let blocks = vec![
        Block::paragraph(Bilingual::new(Some(EN.into()), Some(JA.into()))),
        Block::paragraph(Bilingual::en("Only English here.")),
    ];
    Article::new("copy".into(), Format::Plain, headings, blocks)
}

/// The text of the clipboard requests the app made, and forgets them (as the event loop does).
fn copied(app: &mut App) -> Vec<String> {
    std::mem::take(&mut app.to_terminal)
        .into_iter()
        .filter_map(|request| match request {
            ToTerminal::Clipboard(text) => Some(text),
            ToTerminal::MouseCapture(_) => None,
        })
        .collect()
}

fn status(app: &App) -> String {
    screen_rows(app).last().cloned().unwrap_or_default()
}

fn with_config(text: &str) -> App {
    let config = config::from_toml("test config", text, true).expect("the config reads");
    App::new(config, Vec::new(), Some(article()), (100, 30))
}

#[test]
fn y_copies_the_current_paragraph_in_english_then_japanese() {
    let mut app = reader_on(article(), 100, 30);
    keys(&mut app, "y");
    assert_eq!(copied(&mut app), [format!("{EN}\n\n{JA}")]);
    let status = status(&app);
    assert!(status.contains("sent ¶1"), "{status}");
    assert!(status.contains("English and Japanese"), "{status}");
}

#[test]
fn a_paragraph_with_one_side_copies_that_side() {
    let mut app = reader_on(article(), 100, 30);
    keys(&mut app, "}y");
    assert_eq!(copied(&mut app), ["Only English here."]);
}

#[test]
fn shift_y_copies_a_markdown_quote_with_the_title() {
    let mut app = reader_on(article(), 100, 30);
    keys(&mut app, "Y");
    let quote = format!("> {EN}\n>\n> {JA}\n>\n> — On \\*Bento\\* / 弁当について, ¶1\n");
    assert_eq!(copied(&mut app), [quote]);
    assert!(status(&app).contains("as a quote"), "{}", status(&app));
}

fn pair(en: std::ops::Range<usize>, ja: std::ops::Range<usize>) -> SentencePair {
    SentencePair {
        en: Some(en),
        ja: Some(ja),
        ..SentencePair::default()
    }
}

#[test]
fn with_the_sentence_cursor_the_lit_sentence_and_its_translation_are_copied() {
    let mut block = Block::paragraph(Bilingual::new(Some(EN.into()), Some(JA.into())));
    block = block.with_sentences(vec![pair(0..20, 0..18), pair(21..EN.len(), 18..JA.len())]);
    let one = Article::new("s".into(), Format::Plain, Headings::default(), vec![block]);
    let mut app = reader_on(one, 100, 30);
    keys(&mut app, "))y");
    assert_eq!(
        copied(&mut app),
        ["It has two sentences.\n\n文が二つある。".to_owned()]
    );
    assert!(status(&app).contains("¶1 · sentence 2"), "{}", status(&app));
}

#[test]
fn the_copy_setting_chooses_one_language() {
    for (setting, want) in [("en", EN), ("ja", JA)] {
        let mut app = with_config(&format!("[reader]\ncopy = \"{setting}\"\n"));
        keys(&mut app, "y");
        assert_eq!(copied(&mut app), [want], "{setting}");
    }
    let mut app = with_config("[reader]\ncopy = \"ja\"\n");
    keys(&mut app, "}y");
    assert!(copied(&mut app).is_empty());
    assert!(status(&app).contains("nothing to copy"), "{}", status(&app));
    let error = config::from_toml("c", "[reader]\ncopy = \"fr\"\n", true).unwrap_err();
    assert!(error.to_string().contains("unknown copy 'fr'"), "{error}");
}

#[test]
fn copied_text_never_holds_a_control_character() {
    let text = "Bell\u{7} and escape\u{1b}[31m and C1\u{9b} stay out.";
    let hostile = Article::new(
        "h".into(),
        Format::Plain,
        Headings::default(),
        vec![Block::paragraph(Bilingual::en(text))],
    );
    let mut app = reader_on(hostile, 100, 30);
    keys(&mut app, "y");
    let copied = copied(&mut app);
    assert_eq!(copied, ["Bell and escape[31m and C1 stay out."]);
}

#[test]
fn the_mouse_is_toggled_and_the_status_bar_says_so() {
    let mut app = reader_on(article(), 100, 30);
    assert!(app.mouse);
    keys(&mut app, "c");
    assert!(!app.mouse);
    assert_eq!(app.to_terminal, [ToTerminal::MouseCapture(false)]);
    app.to_terminal.clear();
    assert!(status(&app).contains("mouse off"), "{}", status(&app));
    // It stays said after the message has gone.
    keys(&mut app, "j");
    assert!(status(&app).contains("mouse off"), "{}", status(&app));
    keys(&mut app, "c");
    assert!(app.mouse);
    assert_eq!(app.to_terminal, [ToTerminal::MouseCapture(true)]);
    assert!(!status(&app).contains("mouse off"), "{}", status(&app));
    let off = with_config("[reader]\nmouse = false\n");
    assert!(!off.mouse);
    // Every screen has the key, and says so while the mouse is off.
    let mut library = App::new(
        config::defaults(true),
        taiyaku::library::bundled(),
        None,
        (100, 30),
    );
    keys(&mut library, "c");
    assert!(!library.mouse);
    assert!(
        status(&library).contains("c takes it back"),
        "{}",
        status(&library)
    );
    keys(&mut library, "j");
    assert!(
        status(&library).contains("mouse off"),
        "{}",
        status(&library)
    );
}

/// A paragraph far longer than a bookmark's excerpt (400 cells).
fn long_paragraph(side: Side) -> String {
    match side {
        Side::En => (1..=60)
            .map(|i| format!("Sentence {i} of a long paragraph."))
            .collect::<Vec<_>>()
            .join(" "),
        Side::Ja => (1..=60)
            .map(|i| format!("長い段落の第{i}文。"))
            .collect::<Vec<_>>()
            .concat(),
    }
}

fn long_article() -> Article {
    let text = Bilingual::new(
        Some(long_paragraph(Side::En)),
        Some(long_paragraph(Side::Ja)),
    );
    Article::new(
        "long".into(),
        Format::Plain,
        Headings::default(),
        vec![Block::paragraph(text)],
    )
}

#[test]
fn bookmark_exports_print_the_whole_passage() {
    let article = long_article();
    let mut all = Bookmarks::default();
    let bookmark = Bookmark::new(&article, 0, "", 100);
    assert!(bookmark.excerpt(Side::En).unwrap().ends_with('…'));
    all.apply(&Change::Add(bookmark));
    // Whether or not the article is in the library: the passage was kept with the bookmark.
    for articles in [vec![], vec![article.clone()]] {
        for format in [
            ExportFormat::Text,
            ExportFormat::Markdown,
            ExportFormat::Json,
        ] {
            let out = export(&all, &articles, format);
            for side in Side::BOTH {
                let whole = long_paragraph(side);
                let last = whole.rsplit(' ').next().unwrap();
                assert!(
                    out.contains(if side == Side::En {
                        last
                    } else {
                        "第60文。"
                    }),
                    "{format:?}: {out}"
                );
            }
            // JSON keeps the excerpt as a field of its own, beside the passage.
            if format != ExportFormat::Json {
                assert!(!out.contains('…'), "{format:?}: {out}");
            }
        }
    }
}

#[test]
fn a_bookmark_saved_before_passages_were_kept_exports_its_passage_from_the_article() {
    let article = long_article();
    let mut bookmark = Bookmark::new(&article, 0, "", 100);
    // As an older taiyaku wrote it: no `passage` field.
    let mut value = serde_json::to_value(&bookmark).unwrap();
    value.as_object_mut().unwrap().remove("passage");
    bookmark = serde_json::from_value(value).unwrap();
    assert!(bookmark.passage.is_empty());
    let mut all = Bookmarks::default();
    all.apply(&Change::Add(bookmark));
    let out = export(&all, std::slice::from_ref(&article), ExportFormat::Text);
    assert!(out.contains("Sentence 60 of a long paragraph."), "{out}");
    assert!(out.contains("長い段落の第60文。"), "{out}");
    // Without the article, the excerpt is all there is.
    let out = export(&all, &[], ExportFormat::Text);
    assert!(out.contains('…'), "{out}");
}

#[test]
fn a_sentence_pair_of_two_sentences_and_one_is_copied_whole() {
    // Both English sentences translate the one Japanese: the pair is what `m` would mark too.
    let ja = "最初の段落には文が二つある。";
    let block = Block::paragraph(Bilingual::new(Some(EN.into()), Some(ja.into())))
        .with_sentences(vec![pair(0..EN.len(), 0..ja.len())]);
    let one = Article::new("p".into(), Format::Plain, Headings::default(), vec![block]);
    let mut app = reader_on(one, 100, 30);
    keys(&mut app, ")y");
    assert_eq!(copied(&mut app), [format!("{EN}\n\n{ja}")]);
}
