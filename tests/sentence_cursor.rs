//! Reading by sentence and correcting the pairing, through the app: the sentence cursor's
//! motions, what it lights, sentence rows, every correction with undo and redo, unsure pairs
//! and sentence bookmarks — on our own Kyoto-style fixture (its pairs come with the text).

mod common;

use common::{reader_on, run};

use std::path::Path;

use taiyaku::app::{Action, App, Effect, Reader, update};
use taiyaku::article::{Article, Side};
use taiyaku::bookmarks::Attachment;
use taiyaku::config;
use taiyaku::editor::Edit;
use taiyaku::import::import_path;
use taiyaku::keymap::Command;
use taiyaku::layout::{Cell, RowCells};

fn fixture() -> Article {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kyoto_sentences.xml");
    import_path(&path, None)
        .expect("the fixture imports")
        .article
}

fn reader(app: &App) -> &Reader {
    app.reader.as_ref().expect("the reader is open")
}

/// The current sentence's text, and its partners' (joined).
fn lit(app: &App) -> (String, String) {
    let reader = reader(app);
    let lit = reader.lit_sentences().expect("the sentence cursor is on");
    let block = match reader.layout.unit(lit.unit) {
        taiyaku::layout::Unit::Block(block) => &reader.article.blocks[block],
        taiyaku::layout::Unit::Heading(_) => panic!("a sentence of the title block"),
    };
    let text = |(side, range): &(Side, std::ops::Range<usize>)| {
        block.text.get(*side).expect("a side with text")[range.clone()].to_owned()
    };
    let partners: Vec<String> = lit.partners.iter().map(text).collect();
    (text(&lit.current), partners.join(""))
}

/// The first paragraph of the body (after the section heading "History").
fn on_first_paragraph() -> App {
    let mut app = reader_on(fixture(), 100, 30);
    run(&mut app, &[Command::NextParagraph]);
    app
}

#[test]
fn sentence_motions_walk_the_sentences_and_light_their_partners() {
    let mut app = on_first_paragraph();
    assert!(reader(&app).sentence.is_none(), "off until asked for");
    run(&mut app, &[Command::NextSentence]);
    assert_eq!(
        lit(&app),
        (
            "The temple began early in the ninth century as a small hermitage halfway up the mountain.".into(),
            "寺は九世紀の初めに、山の中腹の小さな庵として始まった。".into()
        )
    );
    assert_eq!(reader(&app).sentence_place(), Some((1, 4)));
    run(&mut app, &[Command::NextSentence, Command::NextSentence]);
    assert_eq!(
        lit(&app).1,
        "十二世紀には本堂が建てられ、周辺の村々から多くの参拝者が訪れるようになった。"
    );
    run(&mut app, &[Command::PreviousSentence]);
    assert_eq!(reader(&app).sentence_place(), Some((2, 4)));
    // Past the paragraph's last sentence: the next paragraph (the heading "The Garden").
    run(&mut app, &[Command::NextSentence; 3]);
    assert_eq!(lit(&app), ("The Garden".into(), "庭園".into()));
    run(&mut app, &[Command::NextSentence]);
    assert!(lit(&app).0.starts_with("The present garden"));
    // `}` moves by paragraph and keeps the cursor on the new paragraph's first sentence.
    run(&mut app, &[Command::NextParagraph]);
    assert!(lit(&app).0.starts_with("Every August"), "{:?}", lit(&app));
    run(&mut app, &[Command::PreviousParagraph]);
    assert!(lit(&app).0.starts_with("The present garden"));
    // At the end, the motion says why it cannot go on.
    run(&mut app, &[Command::Bottom]);
    run(&mut app, &[Command::NextSentence; 4]);
    assert_eq!(app.message.as_deref(), Some("no more sentences below"));
    // Back turns the sentence cursor off before it closes anything.
    run(&mut app, &[Command::Back]);
    assert!(reader(&app).sentence.is_none() && !app.should_quit);
}

#[test]
fn a_search_match_and_a_click_put_the_cursor_on_their_sentence() {
    let mut app = reader_on(fixture(), 100, 30);
    run(&mut app, &[Command::Search]);
    for c in "回遊式".chars() {
        update(&mut app, Action::Edit(Edit::Insert(c)));
    }
    update(&mut app, Action::Submit);
    let (current, partner) = lit(&app);
    assert!(current.starts_with("池の周りを"), "{current}");
    assert!(partner.starts_with("It is a stroll garden"), "{partner}");
    // Clicking on the English pane's first row of text makes its sentence current.
    let app_rows = &reader(&app).rows;
    let (index, _) = app_rows
        .iter()
        .enumerate()
        .find(|(_, row)| {
            matches!(&row.cells, RowCells::Pair([Cell::Text { range, .. }, _]) if range.start == 0)
                && reader(&app).layout.unit(row.position.unit) == taiyaku::layout::Unit::Block(4)
        })
        .expect("the last paragraph's first row is on screen");
    let row = u16::try_from(index).unwrap() + 1;
    update(&mut app, Action::Click { column: 4, row });
    assert!(lit(&app).0.starts_with("Every August"), "{:?}", lit(&app));
    // On the Japanese pane: the Japanese sentence, with its English partner.
    update(&mut app, Action::Click { column: 60, row });
    assert_eq!(lit(&app).0, "寺では毎年八月に「灯籠祭」が行われる。");
}

#[test]
fn in_one_language_the_cursor_stays_on_the_language_shown() {
    let mut app = on_first_paragraph();
    run(&mut app, &[Command::NextSentence]);
    // English → Japanese only (side → stacked → en → ja).
    run(
        &mut app,
        &[
            Command::CycleLayout,
            Command::CycleLayout,
            Command::CycleLayout,
        ],
    );
    assert_eq!(
        lit(&app).0,
        "寺は九世紀の初めに、山の中腹の小さな庵として始まった。"
    );
    run(&mut app, &[Command::NextSentence]);
    assert_eq!(
        lit(&app).0,
        "最初の住職は、都から逃れてきた学僧であったと伝えられる。"
    );
}

/// The row of the panes (from the top of the first paragraph) where each side's sentence
/// `index` of the first paragraph starts.
fn starting_rows(app: &App, side: Side) -> Vec<Option<usize>> {
    let reader = reader(app);
    let block = &reader.article.blocks[1];
    let unit = reader.layout.unit_of_block(1).unwrap();
    let rows: Vec<_> = reader
        .rows
        .iter()
        .filter(|r| r.position.unit == unit)
        .collect();
    block
        .sentences
        .iter()
        .map(|pair| {
            let start = pair.get(side).unwrap().start;
            rows.iter()
                .position(|row| match &row.cells {
                    RowCells::Pair(cells) => cells.iter().any(|cell| {
                        matches!(cell, Cell::Text { side: s, range } if *s == side && range.start == start)
                    }),
                    _ => false,
                })
        })
        .collect()
}

#[test]
fn sentence_rows_start_each_pair_on_one_row_in_both_panes() {
    let mut app = on_first_paragraph();
    run(&mut app, &[Command::SentenceRows]);
    assert!(app.message.as_deref().unwrap().starts_with("sentence rows"));
    let en = starting_rows(&app, Side::En);
    assert_eq!(en, starting_rows(&app, Side::Ja));
    assert_eq!(en[0], Some(0));
    assert!(
        en.windows(2).all(|w| w[0] < w[1] && w[1].is_some()),
        "{en:?}"
    );
    run(&mut app, &[Command::SentenceRows]);
    let en = starting_rows(&app, Side::En);
    assert!(
        en[1..].iter().any(Option::is_none),
        "paragraph rows again: {en:?}"
    );
}

/// Each pair of block `block` as its two texts.
fn pairs(app: &App, block: usize) -> Vec<(Option<String>, Option<String>)> {
    let block = &reader(app).article.blocks[block];
    (0..block.sentences.len())
        .map(|k| {
            let text = |side| block.sentence(k, side).map(str::to_owned);
            (text(Side::En), text(Side::Ja))
        })
        .collect()
}

/// Makes `correction` at the cursor after `moves`; checks that undo gives the article back and
/// redo the corrected one, and that it was asked to be kept; returns the app after the
/// correction.
fn correct_undo_redo(moves: &[Command], correction: Command) -> App {
    let mut app = on_first_paragraph();
    run(&mut app, moves);
    let before = reader(&app).article.blocks.clone();
    app.effects.clear();
    run(&mut app, &[correction]);
    let after = reader(&app).article.blocks.clone();
    assert_ne!(after, before, "{correction:?}: {:?}", app.message);
    assert!(
        app.effects
            .iter()
            .any(|e| matches!(e, Effect::SaveArticle(a) if a.blocks == after && a.corrected)),
        "{correction:?} is kept in the library"
    );
    run(&mut app, &[Command::Undo]);
    assert_eq!(reader(&app).article.blocks, before, "{correction:?} undone");
    run(&mut app, &[Command::Redo]);
    assert_eq!(reader(&app).article.blocks, after, "{correction:?} redone");
    app
}

#[test]
fn joining_and_splitting_sentence_pairs() {
    let app = correct_undo_redo(&[Command::NextSentence], Command::JoinPairs);
    let joined = pairs(&app, 1);
    assert_eq!(joined.len(), 3);
    assert!(
        joined[0]
            .0
            .as_deref()
            .unwrap()
            .ends_with("fled the capital.")
    );
    assert!(!reader(&app).article.blocks[1].has_unsure_pair());
    assert!(reader(&app).article.blocks[1].sentences[0].fixed);
    // Splitting the joined pair before its second English sentence gives the two back.
    let mut app = app;
    run(&mut app, &[Command::NextSentence, Command::SplitPair]);
    assert_eq!(pairs(&app, 1), pairs(&on_first_paragraph(), 1));
}

#[test]
fn moving_a_sentence_to_the_pair_before_or_after() {
    let on_second = [Command::NextSentence, Command::NextSentence];
    let app = correct_undo_redo(&on_second, Command::SentenceBack);
    let moved = pairs(&app, 1);
    assert_eq!(moved[1].0, None, "the second pair lost its English");
    assert!(
        moved[0]
            .0
            .as_deref()
            .unwrap()
            .ends_with("fled the capital.")
    );
    let app = correct_undo_redo(&on_second, Command::SentenceOn);
    let moved = pairs(&app, 1);
    assert!(
        moved[2]
            .0
            .as_deref()
            .unwrap()
            .starts_with("Its first abbot")
    );
}

#[test]
fn joining_splitting_and_moving_paragraph_pairs() {
    let last = [Command::NextParagraph, Command::NextParagraph];
    let app = correct_undo_redo(&last, Command::JoinParagraphs);
    assert_eq!(
        reader(&app).article.blocks.len(),
        4,
        "the garden and the festival as one"
    );
    let split = [Command::NextSentence, Command::NextSentence];
    let app = correct_undo_redo(&split, Command::SplitParagraph);
    assert_eq!(reader(&app).article.blocks.len(), 6);
    assert!(
        reader(&app).article.blocks[2]
            .text
            .en
            .as_deref()
            .unwrap()
            .starts_with("Its first abbot")
    );
    let on = [
        Command::NextParagraph,
        Command::NextParagraph,
        Command::NextSentence,
    ];
    let app = correct_undo_redo(&on, Command::PairOn);
    assert_eq!(
        reader(&app).article.blocks.len(),
        4,
        "every pair of the garden moved on"
    );
    let back = [
        Command::NextParagraph,
        Command::NextParagraph,
        Command::NextParagraph,
        Command::NextSentence,
    ];
    let app = correct_undo_redo(&back, Command::PairBack);
    let garden = pairs(&app, 3);
    assert_eq!(
        garden.len(),
        4,
        "the festival's first pair joined the garden"
    );
    assert!(garden[3].0.as_deref().unwrap().starts_with("Every August"));
}

#[test]
fn a_correction_that_cannot_be_made_says_why_and_changes_nothing() {
    let mut app = on_first_paragraph();
    let before = reader(&app).article.blocks.clone();
    run(&mut app, &[Command::SplitPair]);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("no current sentence")
    );
    run(&mut app, &[Command::NextSentence, Command::SplitPair]);
    assert!(app.message.as_deref().unwrap().contains("starts its pair"));
    run(&mut app, &[Command::Undo]);
    assert_eq!(app.message.as_deref(), Some("no correction to undo"));
    assert_eq!(reader(&app).article.blocks, before);
    assert!(
        app.effects
            .iter()
            .all(|e| !matches!(e, Effect::SaveArticle(_)))
    );
}

#[test]
fn unsure_pairs_are_reviewed_one_after_another_and_a_correction_clears_the_mark() {
    let mut article = fixture();
    article.blocks[1].sentences[2].confidence = Some(120);
    article.blocks[3].sentences[1].confidence = Some(400);
    let mut app = reader_on(article, 100, 30);
    run(&mut app, &[Command::NextUnsure]);
    assert!(lit(&app).0.starts_with("In the twelfth century"));
    run(&mut app, &[Command::NextUnsure]);
    assert!(lit(&app).0.starts_with("It is a stroll garden"));
    run(&mut app, &[Command::NextUnsure]);
    assert_eq!(app.message.as_deref(), Some("no more unsure pairs below"));
    run(&mut app, &[Command::PreviousUnsure]);
    assert!(lit(&app).0.starts_with("In the twelfth century"));
    // Set right by moving its sentence on: both pairs are fixed, the mark is gone.
    run(&mut app, &[Command::SentenceOn]);
    assert!(!reader(&app).article.blocks[1].has_unsure_pair());
    run(&mut app, &[Command::Top, Command::NextUnsure]);
    assert!(lit(&app).0.starts_with("It is a stroll garden"));
}

#[test]
fn a_sentence_bookmark_keeps_the_pair_and_finds_it_after_corrections() {
    let mut app = on_first_paragraph();
    run(
        &mut app,
        &[
            Command::NextSentence,
            Command::NextSentence,
            Command::ToggleBookmark,
        ],
    );
    assert_eq!(
        app.message.as_deref(),
        Some("¶2 · sentence pair 2 bookmarked")
    );
    let bookmark = app.bookmarks.bookmarks[0].clone();
    assert_eq!(bookmark.sentence, Some(1));
    assert!(
        bookmark
            .excerpt
            .en
            .as_deref()
            .unwrap()
            .starts_with("Its first abbot")
    );
    assert!(
        bookmark
            .excerpt
            .ja
            .as_deref()
            .unwrap()
            .starts_with("最初の住職は")
    );
    // A paragraph bookmark on the same paragraph is another bookmark.
    run(&mut app, &[Command::Back, Command::ToggleBookmark]);
    assert_eq!(app.bookmarks.bookmarks.len(), 2, "{:?}", app.message);
    // Join the first two pairs: still attached, to the pair that holds the sentence now.
    run(&mut app, &[Command::NextSentence, Command::JoinPairs]);
    let article = &reader(&app).article;
    assert_eq!(bookmark.attach(article), Attachment::Block(1));
    assert_eq!(bookmark.pair_in(article, 1), Some(0));
    // Split the paragraph before the sentence instead: the bookmark follows it to the new one.
    run(
        &mut app,
        &[
            Command::Undo,
            Command::NextSentence,
            Command::SplitParagraph,
        ],
    );
    let article = &reader(&app).article;
    assert_eq!(bookmark.attach(article), Attachment::Block(2));
    assert_eq!(bookmark.pair_in(article, 2), Some(0));
}

/// The text of the cells in columns `columns` drawn on background `background`, row by row,
/// without spaces.
#[cfg(unix)]
fn lit_cells(
    screen: &vt100::Screen,
    columns: std::ops::Range<u16>,
    background: ratatui::style::Color,
) -> String {
    let ratatui::style::Color::Rgb(r, g, b) = background else {
        panic!("the dark theme lights sentences with RGB colours: {background:?}");
    };
    let (rows, _) = screen.size();
    let mut text = String::new();
    for row in 0..rows.get() {
        for column in columns.clone() {
            if let Some(cell) = screen.cell(row, column)
                && cell.bgcolor() == vt100::Color::Rgb(r, g, b)
            {
                text.push_str(cell.contents());
            }
        }
    }
    text.split_whitespace().collect()
}

/// In a real terminal, `)` lights the current sentence in the English pane and its partner in
/// the Japanese pane, and the next `)` moves both lights on.
#[cfg(unix)]
#[test]
fn in_a_terminal_the_sentence_and_its_partner_are_lit_in_both_panes() {
    use common::term::{Term, status};
    let theme = config::defaults(true).theme().clone();
    let (current, partner) = (theme.sentence.bg.unwrap(), theme.partner.bg.unwrap());
    let mut term = Term::spawn(&["tests/fixtures/kyoto_sentences.xml"], 100, 30);
    term.wait_for("the article", |s| s.contents().contains("The temple began"));
    term.send("})");
    let screen = term.wait_for("the first sentence", |s| status(s).contains("s1/4"));
    // 100 columns: the margin (2), the English pane (47), the gutter (3), the Japanese (48).
    let (english, japanese) = (2..49, 52..100);
    let unspaced = |text: &str| text.split_whitespace().collect::<String>();
    assert_eq!(
        lit_cells(&screen, english.clone(), current),
        unspaced(
            "The temple began early in the ninth century as a small hermitage halfway up the mountain."
        )
    );
    assert_eq!(
        lit_cells(&screen, japanese.clone(), partner),
        "寺は九世紀の初めに、山の中腹の小さな庵として始まった。"
    );
    term.send(")");
    let screen = term.wait_for("the second sentence", |s| status(s).contains("s2/4"));
    assert!(lit_cells(&screen, english, current).starts_with("Itsfirstabbot"));
    assert!(lit_cells(&screen, japanese, partner).starts_with("最初の住職は"));
    term.send("q");
    term.send("q");
    assert!(term.wait_exit().success());
}

/// A correction made in the reader on a file opened alone is kept in the library: the file
/// opened again shows it (while the file is unchanged), and says so.
#[cfg(unix)]
#[test]
fn a_correction_survives_reopening_the_file() {
    use common::TempDir;
    use common::term::{Term, status};
    use portable_pty::CommandBuilder;
    let data = TempDir::new("corrected-file");
    let open = |keys: &str, expect: &str| {
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_taiyaku"));
        command.arg("tests/fixtures/kyoto_sentences.xml");
        command.env("TAIYAKU_DATA_DIR", data.path());
        let mut term = Term::spawn_command(command, 100, 30, true);
        term.wait_for("the article", |s| s.contents().contains("The temple began"));
        term.send(keys);
        let screen = term.wait_for(expect, |s| status(s).contains(expect));
        term.send("qq");
        assert!(term.wait_exit().success());
        screen
    };
    open("})J", "pairs joined");
    // Opened again: said, and the first pair lights both Japanese sentences it holds now.
    open("", "as corrected before");
    let reopened = open(")", "s1/4");
    let partner = config::defaults(true).theme().partner.bg.unwrap();
    let lit = lit_cells(&reopened, 52..100, partner);
    assert_eq!(
        lit,
        "寺は九世紀の初めに、山の中腹の小さな庵として始まった。最初の住職は、都から逃れてきた学僧であったと伝えられる。"
    );
}

/// With sentence rows on, a paragraph pair without sentence pairs is laid out by paragraph, and
/// says so with `¶` in the margin; one with pairs carries no such mark.
#[test]
fn a_paragraph_without_sentence_pairs_shows_it_keeps_paragraph_rows() {
    use taiyaku::article::{Bilingual, Block};
    let mut article = fixture();
    let plain = Bilingual::new(
        Some("No pairs here. None at all.".into()),
        Some("対はない。".into()),
    );
    article.blocks.insert(1, Block::paragraph(plain));
    let mut app = reader_on(article, 100, 30);
    run(&mut app, &[Command::SentenceRows]);
    let terminal = common::drawn(&app);
    let buffer = terminal.backend().buffer();
    let mark_on = |text: &str| {
        let row = (0..buffer.area.height)
            .find(|&y| {
                let line: String = (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect();
                line.contains(text)
            })
            .unwrap_or_else(|| panic!("{text} is on screen"));
        buffer[(1, row)].symbol().to_owned()
    };
    assert_eq!(mark_on("No pairs here."), "¶");
    assert_eq!(mark_on("The temple began"), " ");
}

/// The text of every block on `side`, without its whitespace: what no correction may change.
fn all_text(article: &Article, side: Side) -> String {
    let blocks = article.blocks.iter().filter_map(|b| b.text.get(side));
    blocks
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect()
}

const ANY: [Command; 17] = [
    Command::NextSentence,
    Command::PreviousSentence,
    Command::NextParagraph,
    Command::PreviousParagraph,
    Command::Back,
    Command::JoinPairs,
    Command::SplitPair,
    Command::SentenceBack,
    Command::SentenceOn,
    Command::JoinParagraphs,
    Command::SplitParagraph,
    Command::PairBack,
    Command::PairOn,
    Command::Undo,
    Command::Redo,
    Command::SentenceRows,
    Command::CycleLayout,
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

    /// Any keys, corrections among them: nothing panics (drawing included), every block's
    /// pairs fit its text in order, no text is lost or added, and undoing everything gives the
    /// article back.
    #[test]
    fn any_corrections_keep_the_text_and_undo_back_to_the_start(
        keys in proptest::collection::vec(0..ANY.len(), 0..60),
        width in 20_u16..140,
    ) {
        let original = fixture();
        let mut app = reader_on(original.clone(), width, 24);
        for key in keys {
            run(&mut app, &[ANY[key]]);
            let _ = common::drawn(&app);
            let article = &reader(&app).article;
            for block in &article.blocks {
                proptest::prop_assert!(block.sentences_fit(), "{block:?}");
                if !block.sentences.is_empty() {
                    proptest::prop_assert!(taiyaku::sentence::row_pairs(block).is_some(), "{block:?}");
                }
            }
            for side in Side::BOTH {
                proptest::prop_assert_eq!(all_text(article, side), all_text(&original, side));
            }
        }
        for _ in 0..100 {
            run(&mut app, &[Command::Undo]);
        }
        proptest::prop_assert_eq!(&reader(&app).article.blocks, &original.blocks);
    }
}

/// Found in review: a bookmark on a short sentence pair stays attached when its paragraph is
/// joined with the next; a pair moved to another paragraph loses its unsure mark; `x` in one
/// language skips unsure pairs with nothing in it and goes on to the next.
#[test]
fn short_bookmarks_moved_pairs_and_unsure_pairs_in_one_language() {
    use taiyaku::article::{Bilingual, Block, SentencePair};
    let pair = |en: Option<std::ops::Range<usize>>, ja, confidence| SentencePair {
        en,
        ja,
        confidence: Some(confidence),
        fixed: false,
    };
    let first = Block::paragraph(Bilingual::new(Some("Yes.".into()), Some("はい。".into())))
        .with_sentences(vec![pair(Some(0..4), Some(0..9), 900)]);
    let second = Block::paragraph(Bilingual::new(
        Some("No. Never.".into()),
        Some("いいえ。".into()),
    ))
    .with_sentences(vec![
        pair(None, Some(0..12), 100),
        pair(Some(0..10), None, 200),
    ]);
    let mut article = fixture();
    article.blocks.splice(1..1, [first, second]);
    let mut app = reader_on(article, 100, 30);
    run(
        &mut app,
        &[
            Command::NextParagraph,
            Command::NextSentence,
            Command::ToggleBookmark,
        ],
    );
    let bookmark = app.bookmarks.bookmarks[0].clone();
    run(&mut app, &[Command::Back, Command::JoinParagraphs]);
    assert_eq!(bookmark.attach(&reader(&app).article), Attachment::Block(1));
    run(&mut app, &[Command::Undo]);
    // English only: the first unsure pair has no English; `x` goes on to the second.
    run(
        &mut app,
        &[Command::CycleLayout, Command::CycleLayout, Command::Top],
    );
    run(&mut app, &[Command::NextUnsure]);
    assert_eq!(lit(&app).0, "No.");
    // Moved to the paragraph before, the pair is set right.
    run(&mut app, &[Command::PairBack]);
    let article = &reader(&app).article;
    assert!(
        !article.blocks[1]
            .sentences
            .iter()
            .skip(1)
            .any(SentencePair::is_unsure)
    );
}
