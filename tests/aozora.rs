//! The Aozora Bunko importer: our fixture in its notation, broken notation, detection, and the
//! two novels of the shared corpus.

mod common;

use std::path::Path;

use taiyaku::article::{Article, Block, BlockKind, Format, Ruby};
use taiyaku::import::{Imported, import_bytes, import_path, native};

fn fixture() -> String {
    fixture_named("aozora_sample.txt")
}

fn fixture_named(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(text: &str) -> Imported {
    import_bytes(text.as_bytes(), "test.txt", None).expect("imports")
}

fn ja(block: &Block) -> &str {
    block.text.ja.as_deref().unwrap_or("")
}

/// Each reading as (its base's text, the reading).
fn readings(block: &Block) -> Vec<(&str, &str)> {
    block
        .ruby()
        .iter()
        .map(|r| (&ja(block)[r.base.clone()], r.reading.as_str()))
        .collect()
}

fn level(block: &Block) -> Option<u8> {
    match block.kind {
        BlockKind::Heading { level } => Some(level),
        _ => None,
    }
}

fn no_notation_left(article: &Article) {
    for block in &article.blocks {
        let text = ja(block);
        assert!(!text.contains('《') && !text.contains("［＃"), "{text}");
        assert!(block.ruby_fits(), "{block:?}");
        assert!(block.text.en.is_none(), "{block:?}");
    }
}

// ---- our fixture ---------------------------------------------------------------------------

#[test]
fn the_fixture_is_detected_and_its_header_and_colophon_are_headings() {
    let imported = import(&fixture());
    let article = &imported.article;
    assert_eq!(article.format, Format::Aozora);
    assert_eq!(article.headings.title.ja.as_deref(), Some("雨の日の猫"));
    assert_eq!(
        article.headings.byline.ja.as_deref(),
        Some("山田花子　John Smith訳")
    );
    let credit = article.headings.copyright.as_deref().expect("a colophon");
    assert!(
        credit.starts_with("底本：「雨の日の猫」架空書房 2020"),
        "{credit}"
    );
    assert!(credit.ends_with("校正：テスト"), "{credit}");
    let all: String = article.blocks.iter().map(ja).collect();
    for hidden in [
        "テキスト中に現れる記号",
        "（例）",
        "底本",
        "入力：",
        "-----",
    ] {
        assert!(!all.contains(hidden), "{hidden} shown: {all}");
    }
    no_notation_left(article);
}

#[test]
fn headings_notes_make_heading_blocks_and_lines_are_paragraphs() {
    let article = import(&fixture()).article;
    let blocks: Vec<(Option<u8>, &str)> =
        article.blocks.iter().map(|b| (level(b), ja(b))).collect();
    assert_eq!(
        blocks,
        [
            (Some(1), "第一章"),
            (Some(2), "一"),
            (
                None,
                "\u{3000}朝から雨が降っていた。窓辺の猫は外を眺めている。"
            ),
            (
                None,
                "\u{3000}小さな黒猫が、軒下ヶ所で震えていた。佐々木さんはそれを見ていた。"
            ),
            (None, "\u{3000}「おいで」と言うと、猫はすぐに来た。"),
            (None, "\u{3000}鮏の絵が壁に掛かっている。"),
            (None, "\u{3000}静かな午後であった。"),
            (Some(3), "小見出しの行"),
            (None, "\u{3000}The cat said \"meow\" in English."),
        ]
    );
}

#[test]
fn ruby_is_kept_beside_the_text_over_its_base() {
    let article = import(&fixture()).article;
    assert_eq!(
        readings(&article.blocks[2]),
        [("雨", "あめ"), ("窓辺", "まどべ"), ("眺", "なが")]
    );
    // An explicit base (`｜`), and 々 and ヶ in a base of kanji.
    assert_eq!(
        readings(&article.blocks[3]),
        [
            ("黒猫", "くろねこ"),
            ("ヶ所", "かしょ"),
            ("佐々木", "ささき")
        ]
    );
    assert!(article.blocks[0].ruby().is_empty());
}

/// Each emphasis as the text it covers.
fn emphasised(block: &Block) -> Vec<&str> {
    block
        .emphasis()
        .iter()
        .map(|e| &ja(block)[e.0.clone()])
        .collect()
}

#[test]
fn emphasis_and_indentation_notes_mark_their_text() {
    let article = import(&fixture()).article;
    let block_with = |text: &str| {
        article
            .blocks
            .iter()
            .find(|b| ja(b).contains(text))
            .unwrap_or_else(|| panic!("no block with {text}"))
    };
    // 「…」に傍点 marks the nearest text it quotes before it; 傍点…傍点終わり what lies between.
    assert_eq!(emphasised(block_with("すぐに来た")), ["すぐに来た"]);
    assert_eq!(emphasised(block_with("静かな")), ["静かな"]);
    // ３字下げ indents its line; ここから２字下げ the lines up to ここで字下げ終わり.
    assert_eq!(block_with("第一章").indent(), 3);
    assert_eq!(block_with("の絵が壁に").indent(), 2);
    assert_eq!(block_with("静かな").indent(), 0);
    assert!(article.blocks.iter().all(Block::emphasis_fits));
}

#[test]
fn emphasis_and_indentation_survive_native_json() {
    let article = import(&fixture()).article;
    let back = native::parse(&native::to_json(&article))
        .expect("reads back")
        .article;
    assert_eq!(back.blocks, article.blocks);
}

#[test]
fn notes_left_out_are_counted_in_one_warning() {
    let imported = import(&fixture());
    let left_out: Vec<&String> = imported
        .warnings
        .iter()
        .filter(|w| w.contains("notes left out"))
        .collect();
    // 「午後」は底本では「午后」: a note on the source, not on the text.
    assert_eq!(
        left_out,
        ["1 Aozora notes left out: 1 other"],
        "{:?}",
        imported.warnings
    );
    // Its one character outside JIS X 0208 has its code: nothing is shown as 〓.
    assert!(
        !imported.warnings.iter().any(|w| w.contains("〓")),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn gaiji_notes_become_their_character_or_a_placeholder() {
    let imported = import(&fixture_named("aozora_gaiji.txt"));
    let article = &imported.article;
    let texts: Vec<&str> = article.blocks.iter().map(ja).collect();
    assert_eq!(
        texts,
        [
            "\u{3000}庭の枘に雨が当たる。",
            "\u{3000}あれは譃だと言われた。",
            "\u{3000}フㇶルムを一本買った。",
            "\u{3000}指で挘って取る。",
            "\u{3000}カ\u{309A}の音を出す。",
            "\u{3000}川で〓が鳴く。",
            "\u{3000}〓は見せない。",
        ]
    );
    // A note without a code it can read (a page and line only, a bidi override) is 〓, still
    // the base of its reading.
    assert_eq!(readings(&article.blocks[5]), [("〓", "かじか")]);
    assert_eq!(
        imported
            .warnings
            .iter()
            .filter(|w| w.contains("〓"))
            .collect::<Vec<_>>(),
        [
            "2 of 7 characters described by Aozora notes shown as 〓: no code, or one not in JIS \
          X 0213 or Unicode"
        ],
        "{:?}",
        imported.warnings
    );
    no_notation_left(article);
}

#[test]
fn ruby_survives_native_json() {
    let article = import(&fixture()).article;
    let json = native::to_json(&article);
    assert!(json.contains("\"ruby\""), "{json}");
    assert!(json.contains("\"reading\":\"くろねこ\""), "{json}");
    let back = native::parse(&json).expect("reads back");
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    assert_eq!(back.article, article);
}

#[test]
fn ruby_that_does_not_fit_its_text_is_dropped_from_native_json() {
    let mut article = import(&fixture()).article;
    article.blocks[2].marks_mut().ruby.push(Ruby {
        base: 1..2,
        reading: "x".into(),
    });
    let back = native::parse(&native::to_json(&article)).expect("reads back");
    assert!(back.article.blocks[2].ruby().is_empty());
    assert_eq!(back.warnings.len(), 1, "{:?}", back.warnings);
}

#[test]
fn broken_notation_stays_text_with_a_warning() {
    let text = "題\n著者\n-------\n【テキスト中に現れる記号について】\n-------\n本文\n　猫《ねこ が鳴いた。［＃「猫」に傍点］\n　犬［＃傍点\n　《よみ》だけ。\n";
    let imported = import_bytes(text.as_bytes(), "t.txt", Some(Format::Aozora)).expect("reads");
    let texts: Vec<&str> = imported.article.blocks.iter().map(ja).collect();
    assert_eq!(
        texts,
        [
            "本文",
            "\u{3000}猫《ねこ が鳴いた。",
            "\u{3000}犬［＃傍点",
            "\u{3000}《よみ》だけ。"
        ]
    );
    assert!(
        imported.warnings.iter().any(|w| w
            == "3 broken Aozora notation kept as text, the first at line 7: a 《 without its 》"),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn detection_by_content() {
    let format = |text: &str| import(text).article.format;
    assert_eq!(
        format("題\n-------\n猫《ねこ》がいる。［＃「猫」に傍点］\n"),
        Format::Aozora
    );
    assert_eq!(format("本文。\n\n底本：「本」書房\n"), Format::Aozora);
    assert_eq!(
        format("題\n\n-----\n【テキスト中に現れる記号について】\n-----\n本文\n"),
        Format::Aozora
    );
    // Ruby alone, or ruby and notes without a header rule, is not enough; other formats stay
    // as they were.
    assert_eq!(format("猫《ねこ》がいる。\n"), Format::Plain);
    assert_eq!(
        format("猫《ねこ》がいる。［＃「猫」に傍点］\n"),
        Format::Plain
    );
    assert_eq!(
        format("吾輩は猫である\n夏目漱石\n\n\u{3000}本文。"),
        Format::Plain
    );
    let markdown = "---\ntitle: 猫\n---\n\n猫《ねこ》［＃注］\n";
    assert_eq!(format(markdown), Format::Markdown);
    assert_eq!(
        format("1\n00:00:01,000 --> 00:00:02,000\n猫《ねこ》［＃注］\n"),
        Format::Subtitles
    );
}

#[test]
fn a_text_without_a_rule_has_no_header() {
    let text = "　猫《ねこ》がいる。［＃「猫」に傍点］\n\n　二行目。\n";
    let imported = import_bytes(text.as_bytes(), "t", Some(Format::Aozora)).expect("reads");
    assert_eq!(imported.article.headings.title.ja, None);
    let texts: Vec<&str> = imported.article.blocks.iter().map(ja).collect();
    assert_eq!(texts, ["\u{3000}猫がいる。", "\u{3000}二行目。"]);
}

// ---- the colophon on the headings screen --------------------------------------------------

/// The headings screen (`t` in the reader) on `article` at `width`×`height`: the screen's rows
/// that hold the credit, checked to be after the table's last row and drawn in the theme's
/// (dim) note style.
fn credit_rows_on_the_headings_screen(article: Article, width: u16, height: u16) -> Vec<String> {
    use taiyaku::keymap::Command;
    let mut app = common::reader_on(article, width, height);
    common::run(&mut app, &[Command::Headings]);
    assert_eq!(app.screen, taiyaku::app::Screen::Headings);
    let terminal = common::drawn(&app);
    let buffer = terminal.backend().buffer();
    let rows = common::buffer_rows(buffer, app.config.ambiguous);
    let areas = taiyaku::app::headings_areas(&app);
    let credit = areas.credit.top()..areas.credit.bottom();
    assert!(!credit.is_empty(), "no room for the credit");
    let (table_rows, _) = taiyaku::app::shown_headings(&app);
    let last = table_rows.last().expect("a table");
    let last = last
        .ja
        .as_deref()
        .or(last.en.as_deref())
        .expect("a heading");
    let above = &rows[..usize::from(credit.start)];
    assert!(
        above.iter().any(|row| row.contains(last)),
        "the last heading is drawn above the credit: {rows:#?}"
    );
    let note = app.config.theme().note;
    for y in credit.clone() {
        let cell = &buffer[(1, y)];
        assert_eq!(cell.fg, note.fg.unwrap(), "row {y} is not dim: {rows:#?}");
        assert!(cell.modifier.contains(ratatui::style::Modifier::ITALIC));
    }
    rows[usize::from(credit.start)..usize::from(credit.end)].to_vec()
}

/// Text without its white space, to compare a credit with its wrapped lines.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_fixtures_colophon_is_shown_dim_under_the_headings() {
    let article = import(&fixture()).article;
    let credit = article.headings.copyright.clone().expect("a colophon");
    let rows = credit_rows_on_the_headings_screen(article, 60, 24);
    assert!(rows.len() > 1, "wrapped at 60 columns: {rows:#?}");
    assert!(rows[0].starts_with(" 底本："), "{rows:#?}");
    assert_eq!(squeezed(&rows.concat()), squeezed(&credit), "shown whole");
}

#[test]
fn a_colophon_too_long_for_its_room_ends_cut_with_an_ellipsis() {
    let mut article = import(&fixture()).article;
    article.headings.copyright = Some(format!("底本：{}", "架空書房の本。".repeat(60)));
    // A third of the 20 rows the table and the credit share: 6 lines of the credit at most.
    let rows = credit_rows_on_the_headings_screen(article, 60, 24);
    assert_eq!(rows.len(), 6, "{rows:#?}");
    assert!(rows[0].starts_with(" 底本："), "{rows:#?}");
    assert!(rows[5].trim_end().ends_with('…'), "{rows:#?}");
}

// ---- the shared corpus (when TAIYAKU_CORPUS_DIR is set; ignored otherwise) -----------------

fn novel(name: &str) -> Imported {
    let path = common::corpus_file(&format!("aozora/{name}"));
    import_path(&path, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn botchan_has_its_chapters_ruby_and_colophon() {
    let imported = novel("botchan.utf8.txt");
    let article = &imported.article;
    assert_eq!(article.format, Format::Aozora);
    assert_eq!(article.headings.title.ja.as_deref(), Some("坊っちゃん"));
    assert_eq!(article.headings.byline.ja.as_deref(), Some("夏目漱石"));
    let chapters = article
        .blocks
        .iter()
        .filter(|b| level(b) == Some(2))
        .count();
    assert_eq!(chapters, 11);
    let ruby: usize = article.blocks.iter().map(|b| b.ruby().len()).sum();
    assert!(ruby >= RUBY_IN_BOTCHAN, "{ruby} readings");
    let credit = article.headings.copyright.as_deref().expect("a colophon");
    assert!(credit.starts_with("底本：「ちくま日本文学全集"), "{credit}");
    assert!(credit.contains("青空文庫"), "{credit}");
    no_notation_left(article);
    // The bases are in the text, so a search for 親譲り finds all three.
    let found: usize = article
        .blocks
        .iter()
        .map(|b| ja(b).matches("親譲り").count())
        .sum();
    assert_eq!(found, 3);
}

/// Readings measured in 坊っちゃん: every `《` of the body (the notation block has three more).
const RUBY_IN_BOTCHAN: usize = 3042;

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn wagahai_leaves_no_notation_in_its_text() {
    let imported = novel("wagahai.utf8.txt");
    let article = &imported.article;
    assert_eq!(article.format, Format::Aozora);
    assert_eq!(article.headings.title.ja.as_deref(), Some("吾輩は猫である"));
    let chapters = article
        .blocks
        .iter()
        .filter(|b| level(b) == Some(2))
        .count();
    let ruby: usize = article.blocks.iter().map(|b| b.ruby().len()).sum();
    // Its 34 notes of characters outside JIS X 0208 (31 第3/第4水準, 3 小書き片仮名ヒ 1-6-84) are
    // the characters they name, none 〓.
    let count = |of: &dyn Fn(char) -> bool| -> usize {
        article
            .blocks
            .iter()
            .map(|b| ja(b).chars().filter(|&c| of(c)).count())
            .sum()
    };
    assert_eq!(count(&|c| c == '〓'), 0);
    assert_eq!(count(&|c| WAGAHAI_GAIJI.contains(c)), 34);
    assert_eq!(count(&|c| c == 'ㇶ'), 3);
    assert!(
        !imported.warnings.iter().any(|w| w.contains("〓")),
        "{:?}",
        imported.warnings
    );
    assert!(article.blocks.iter().all(|b| !ja(b).contains("[＃")));
    assert!(ruby >= 9214, "{ruby} readings");
    assert_eq!(chapters, 11);
    assert!(article.headings.copyright.is_some());
    no_notation_left(article);
}

/// The characters the gaiji notes of 吾輩は猫である name (none is in its text otherwise).
const WAGAHAI_GAIJI: &str = "譃饀蹰燄饍炷ㇶ橛睜惝怳媧鄢戕匇餼騃噱彘惸璆泫蛼卺";

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn wagahais_colophon_is_shown_whole_under_its_headings() {
    let article = novel("wagahai.utf8.txt").article;
    let credit = article.headings.copyright.clone().expect("a colophon");
    let rows = credit_rows_on_the_headings_screen(article, 100, 30);
    assert!(rows[0].starts_with(" 底本：「夏目漱石全集1」"), "{rows:#?}");
    assert!(
        rows.last().unwrap().contains("ボランティアの皆さんです。"),
        "{rows:#?}"
    );
    assert_eq!(squeezed(&rows.concat()), squeezed(&credit), "shown whole");
}

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn shift_jis_botchan_is_the_same_article() {
    let utf8 = novel("botchan.utf8.txt");
    let sjis = novel("botchan.sjis.txt");
    assert_eq!(sjis.article.headings, utf8.article.headings);
    assert_eq!(sjis.article.blocks, utf8.article.blocks);
    assert_eq!(sjis.article.id, utf8.article.id);
}
