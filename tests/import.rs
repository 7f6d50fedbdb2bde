//! Importers end to end: the seed, JITOW page variations, plain text, native JSON, bad input.

mod common;

use std::path::{Path, PathBuf};

use common::{SEED, seed_imported};
use taiyaku::article::{Article, Block, BlockKind, Headings, MAX_BLOCKS};
use taiyaku::import::{Format, ImportError, Imported, crowded, import_bytes, import_path, native};
use taiyaku::text::DecodeError;

fn manifest_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn fixture(name: &str) -> String {
    let path = manifest_path(&format!("tests/fixtures/{name}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(text: &str) -> Imported {
    import_bytes(text.as_bytes(), "test", None).expect("imports")
}

fn sides(block: &Block) -> (Option<&str>, Option<&str>) {
    (block.text.en.as_deref(), block.text.ja.as_deref())
}

fn paragraphs(article: &Article) -> Vec<&Block> {
    article
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .collect()
}

fn starts(text: Option<&str>, prefix: &str) -> bool {
    text.is_some_and(|t| t.starts_with(prefix))
}

/// The lines of `text` that `keep` accepts, each ending with a newline.
fn keep_lines(text: &str, keep: impl Fn(&str) -> bool) -> String {
    let mut kept = String::new();
    for line in text.lines().filter(|l| keep(l)) {
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// A block's ruby as (base, reading): each base the slice of its Japanese text it spans.
fn readings(block: &Block) -> Vec<(&str, &str)> {
    let ja = block.text.ja.as_deref().unwrap_or_default();
    block
        .ruby()
        .iter()
        .map(|ruby| (&ja[ruby.base.clone()], ruby.reading.as_str()))
        .collect()
}

/// Whether a block's ruby fits its Japanese text and its spans are in order, none overlapping
/// another.
fn ruby_is_sound(block: &Block) -> bool {
    block.ruby_fits()
        && block
            .ruby()
            .windows(2)
            .all(|pair| pair[0].base.end <= pair[1].base.start)
}

/// What a variation of a page must keep: its headings and its blocks.
fn content(imported: &Imported) -> (&Headings, &[Block]) {
    (&imported.article.headings, &imported.article.blocks)
}

// ---- the seed --------------------------------------------------------------------------------

#[test]
fn seed_headings() {
    let imported = seed_imported();
    let article = &imported.article;
    let h = &article.headings;
    assert_eq!(article.format, Format::Jitow);
    assert_eq!(
        h.series.en.as_deref(),
        Some("Japan in Their Own Words (JITOW)")
    );
    assert_eq!(h.series.ja.as_deref(), Some("日本からの意見"));
    assert_eq!(
        h.title.en.as_deref(),
        Some(
            "Strategy and Tactics – The Perception Gap in the \"2-plus-2\" Talks between Japan and Russia"
        )
    );
    assert_eq!(h.title.ja, None);
    assert_eq!(h.byline.en.as_deref(), Some("ISHIGOOKA Ken / Journalist"));
    assert_eq!(h.byline.ja.as_deref(), Some("石郷岡 健 / ジャーナリスト"));
    assert_eq!(h.date.en.as_deref(), Some("December 20, 2013"));
    assert_eq!(h.date.ja.as_deref(), Some("2013年 12月 20日"));
    assert_eq!(h.date_iso.as_deref(), Some("2013-12-20"));
    assert_eq!(
        h.publisher.en.as_deref(),
        Some("The English-Speaking Union of Japan")
    );
    assert_eq!(
        h.publisher.ja.as_deref(),
        Some("一般社団法人 日本英語交流連盟")
    );
    assert_eq!(article.id.len(), 16);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn seed_body_and_note() {
    let article = seed_imported().article;
    let body = paragraphs(&article);
    assert_eq!(body.len(), 11);
    assert!(
        body.iter()
            .all(|b| b.text.ja.is_none() && b.text.en.is_some())
    );
    assert!(starts(body[0].text.en.as_deref(), "In early November"));
    assert!(starts(body[10].text.en.as_deref(), "Viewed against"));
    assert_eq!(article.blocks.len(), 12);
    let note = &article.blocks[11];
    assert_eq!(note.kind, BlockKind::Note);
    assert!(starts(
        note.text.en.as_deref(),
        "Ishigooka Ken is a journalist and former special editor"
    ));
    assert_eq!(note.text.ja, None);
}

#[test]
fn seed_breadcrumb_is_not_text() {
    let article = seed_imported().article;
    for block in &article.blocks {
        for text in [&block.text.en, &block.text.ja].into_iter().flatten() {
            assert!(!text.contains(" > "), "breadcrumb in {text:?}");
            assert!(
                !text.contains("English Speaking Union of Japan"),
                "{text:?}"
            );
        }
    }
}

#[test]
fn seed_is_detected_by_content_not_name() {
    let bytes = std::fs::read(manifest_path(SEED)).expect("seed");
    let imported = import_bytes(&bytes, "notes.json", None).expect("imports");
    assert_eq!(imported.article.format, Format::Jitow);
    assert_eq!(imported.article.source, "notes.json");
    assert_eq!(imported.article.blocks, seed_imported().article.blocks);
}

#[test]
fn an_era_year_too_large_for_a_date_is_not_one() {
    let bytes = std::fs::read(manifest_path(SEED)).expect("seed");
    let seed_text = String::from_utf8(bytes).expect("utf-8");
    let page = seed_text.replace("2013年 12月 20日", "平成4294967295年 1月 1日");
    assert_ne!(page, seed_text);
    // Once a panic in debug builds, and a false "dates differ" warning in release builds.
    let imported = import(&page);
    assert_eq!(
        imported.article.headings.date_iso.as_deref(),
        Some("2013-12-20")
    );
    let warnings = &imported.warnings;
    assert!(!warnings.iter().any(|w| w.contains("date")), "{warnings:?}");
}

// ---- a JITOW page with a Japanese body ---------------------------------------------------------

#[test]
fn japanese_body_goes_on_the_japanese_sides() {
    let imported = import(&fixture("jitow_full.txt"));
    let article = &imported.article;
    let h = &article.headings;
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(
        h.title.en.as_deref(),
        Some("Slow Trains and Quick Decisions – What Rural Railways Teach Urban Planners")
    );
    assert_eq!(
        h.title.ja.as_deref(),
        Some("鈍行列車と即断――地方鉄道が都市計画家に教えること")
    );
    assert_eq!(h.byline.en.as_deref(), Some("TANAKA Hana / Urban Planner"));
    assert_eq!(h.byline.ja.as_deref(), Some("田中 花 / 都市計画家"));
    assert_eq!(h.date_iso.as_deref(), Some("2021-03-03"));
    assert_eq!(h.date.ja.as_deref(), Some("2021年 3月 3日"));

    let body = paragraphs(article);
    assert_eq!(body.len(), 5);
    assert!(
        body.iter()
            .all(|b| b.text.en.is_some() && b.text.ja.is_some())
    );
    assert!(starts(body[0].text.en.as_deref(), "Every spring"));
    assert!(starts(body[0].text.ja.as_deref(), "毎年春になると"));
    assert!(starts(body[4].text.en.as_deref(), "If we listen"));
    assert!(starts(body[4].text.ja.as_deref(), "限られた資金で"));

    let note = article.blocks.last().expect("a note");
    assert_eq!(note.kind, BlockKind::Note);
    assert!(starts(
        note.text.en.as_deref(),
        "Tanaka Hana is an urban planner"
    ));
    assert!(starts(note.text.ja.as_deref(), "田中 花"));
}

#[test]
fn crlf_and_bom_change_nothing() {
    let lf = fixture("jitow_full.txt");
    let crlf = format!("\u{FEFF}{}", lf.replace('\n', "\r\n"));
    let (a, b) = (import(&lf), import(&crlf));
    assert_eq!(content(&a), content(&b));
    assert_eq!(a.article.id, b.article.id);
}

#[test]
fn blank_lines_may_be_missing_or_doubled() {
    let original = fixture("jitow_full.txt");
    let none = keep_lines(&original, |l| !l.trim().is_empty());
    let many = format!("\n\n{}\n\n", original.replace('\n', " \n\n\n"));
    let want = import(&original);
    assert_eq!(content(&import(&none)), content(&want));
    assert_eq!(content(&import(&many)), content(&want));
}

#[test]
fn hard_wrapped_paragraphs_are_joined() {
    let original = fixture("jitow_full.txt");
    let wrapped: String = original.lines().map(hard_wrap).collect();
    assert_ne!(wrapped.lines().count(), original.lines().count());
    assert_eq!(content(&import(&wrapped)), content(&import(&original)));
}

/// Breaks a body line as a text editor would: English (over 100 characters) at spaces before
/// column 70, Japanese (over 45 characters) every 30 characters. Headings and the breadcrumb
/// are left alone.
fn hard_wrap(line: &str) -> String {
    let english = line.contains(' ');
    let limit = if english { 100 } else { 45 };
    if line.chars().count() <= limit || line.contains(" > ") {
        return format!("{line}\n");
    }
    let mut out = String::new();
    if english {
        let mut width = 0;
        for word in line.split(' ') {
            if width > 0 && width + word.len() >= 70 {
                out.push('\n');
                width = 0;
            } else if width > 0 {
                out.push(' ');
                width += 1;
            }
            out.push_str(word);
            width += word.len();
        }
        out.push('\n');
    } else {
        let chars: Vec<char> = line.chars().collect();
        for chunk in chars.chunks(30) {
            out.extend(chunk);
            out.push('\n');
        }
    }
    out
}

#[test]
fn a_page_without_a_japanese_section() {
    let full = fixture("jitow_full.txt");
    let (english, _) = full
        .split_once("The English-Speaking Union of Japan\n")
        .expect("publisher line");
    let breadcrumb = full.lines().last().expect("breadcrumb");
    let page = format!("{english}The English-Speaking Union of Japan\n\n{breadcrumb}");
    let article = import(&page).article;
    let h = &article.headings;
    assert_eq!(article.format, Format::Jitow);
    assert_eq!(h.series.ja.as_deref(), Some("日本からの意見"));
    assert_eq!(
        (
            h.title.ja.as_deref(),
            h.byline.ja.as_deref(),
            h.date.ja.as_deref()
        ),
        (None, None, None)
    );
    assert_eq!(h.publisher.ja, None);
    assert_eq!(h.date_iso.as_deref(), Some("2021-03-03"));
    assert_eq!(paragraphs(&article).len(), 5);
    assert!(article.blocks.iter().all(|b| b.text.ja.is_none()));
    assert_eq!(article.blocks.last().map(|b| b.kind), Some(BlockKind::Note));
}

#[test]
fn leftover_paragraphs_stay_one_sided() {
    let full = fixture("jitow_full.txt");
    let last_ja = "限られた資金で鉄道を支える";
    let fewer_ja = keep_lines(&full, |l| !l.starts_with(last_ja));
    let imported = import(&fewer_ja);
    let body = paragraphs(&imported.article);
    assert_eq!(body.len(), 5);
    assert!(starts(body[4].text.en.as_deref(), "If we listen"));
    assert_eq!(body[4].text.ja, None);
    assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);

    let fewer_en = keep_lines(&full, |l| !l.starts_with("If we listen"));
    let body_blocks = import(&fewer_en).article;
    let body = paragraphs(&body_blocks);
    assert_eq!(body.len(), 5);
    assert_eq!(sides(body[4]).0, None);
    assert!(starts(body[4].text.ja.as_deref(), last_ja));
}

#[test]
fn a_page_without_dates_keeps_its_headings() {
    let full = fixture("jitow_full.txt");
    let page = full
        .replace("March 3, 2021\n", "")
        .replace("2021年 3月 3日\n", "");
    let (dated, undated) = (import(&full), import(&page));
    let h = &undated.article.headings;
    assert_eq!(h.date_iso, None);
    assert_eq!(h.title, dated.article.headings.title);
    assert_eq!(h.byline, dated.article.headings.byline);
    assert_eq!(undated.article.blocks, dated.article.blocks);

    let no_byline = page.replace("TANAKA Hana \u{A0}/\u{A0} Urban Planner\n", "");
    let article = import(&no_byline).article;
    assert_eq!(article.headings.title, dated.article.headings.title);
    assert_eq!(article.headings.byline.en, None);
    assert_eq!(paragraphs(&article).len(), 5);
}

#[test]
fn breadcrumb_on_top_and_a_japanese_series_line() {
    let full = fixture("jitow_full.txt");
    let breadcrumb = full.lines().last().expect("breadcrumb");
    let page = format!(
        "{breadcrumb}\n\n{}",
        full.replace(breadcrumb, "").replace(
            "The English-Speaking Union of Japan\n",
            "The English-Speaking Union of Japan\n\n日本からの意見\n"
        )
    );
    assert_eq!(content(&import(&page)), content(&import(&full)));
}

#[test]
fn text_that_is_not_a_page_falls_back_to_plain() {
    let imported = import("Some notes.\n\nJapan is an island nation.\n");
    assert_eq!(imported.article.format, Format::Plain);
    assert_eq!(imported.article.blocks.len(), 2);
}

// ---- plain text --------------------------------------------------------------------------------

#[test]
fn alternating_plain_text_pairs_up() {
    let article = import(&fixture("plain_alternating.txt")).article;
    assert_eq!(article.format, Format::Plain);
    assert_eq!(
        article.headings.title.en.as_deref(),
        Some("The Lantern Maker")
    );
    assert_eq!(article.headings.title.ja.as_deref(), Some("提灯職人"));
    let blocks: Vec<_> = article.blocks.iter().map(sides).collect();
    assert_eq!(blocks.len(), 4);
    assert_eq!(
        blocks[0],
        (
            Some(
                "In a narrow street near the river there was a workshop where an old man made paper lanterns by hand."
            ),
            Some("川沿いの細い通りに一軒の工房があり、老人が手作業で紙の提灯を作っていた。")
        )
    );
    assert!(blocks[1].0.is_some() && blocks[1].1.is_some());
    assert!(blocks[2].0.is_some() && blocks[2].1.is_some());
    assert_eq!(
        blocks[3],
        (Some("(This last paragraph has no translation yet.)"), None)
    );
}

fn novel_blocks() -> Vec<&'static str> {
    vec![
        "［＃５字下げ］一［＃「一」は中見出し］",
        "\u{3000}岬の灯台には、もう三十年も同じ男が住んでいる。村の子どもたちは彼を灯台守《とうだいもり》と呼ぶが、本当の名前を知る者はいない。",
        "「今夜は霧が出るよ」",
        "「どうしてわかるの」",
        "\u{3000}男は答えず、古いランプに油を足した。窓の外では、海がゆっくりと色を失っていった。",
        "\u{3000}翌朝、郵便受けに一通の手紙が入っていた。差出人の名はなく、ただ「灯台の方へ」とだけ書かれていた。",
        "［＃ここから２字下げ］",
        "灯台の方へ。霧の夜には、ランプを消さないでください。",
        "［＃ここで字下げ終わり］",
    ]
}

fn assert_is_the_novel(imported: &Imported) {
    let article = &imported.article;
    assert_eq!(article.headings.title.ja.as_deref(), Some("灯台守の手紙"));
    assert_eq!(article.headings.byline.ja.as_deref(), Some("山川 渚"));
    let ja: Vec<_> = article
        .blocks
        .iter()
        .map(|b| b.text.ja.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(ja, novel_blocks());
    assert!(article.blocks.iter().all(|b| b.text.en.is_none()));
}

#[test]
fn japanese_novel_with_indents_and_crlf() {
    let text = fixture("novel_ja.txt").replace('\n', "\r\n");
    let imported = import(&text);
    assert_is_the_novel(&imported);
    assert!(imported.warnings.is_empty());
}

#[test]
fn shift_jis_is_decoded() {
    let text = fixture("novel_ja.txt");
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    let imported = import_bytes(&bytes, "novel.sjis", None).expect("imports");
    assert_is_the_novel(&imported);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);

    let mut damaged = bytes.into_owned();
    damaged.extend_from_slice(b"\xFF\n");
    let imported = import_bytes(&damaged, "novel.sjis", None).expect("imports");
    assert_eq!(
        imported.warnings,
        ["1 invalid byte replaced with U+FFFD (decoded as Shift_JIS)"]
    );
}

// ---- native JSON ---------------------------------------------------------------------------

#[test]
fn native_json_round_trips_through_import() {
    let article = seed_imported().article;
    let json = native::to_json(&article);
    let back = import_bytes(json.as_bytes(), "seed.taiyaku.json", None).expect("imports");
    assert_eq!(back.article, article);
    assert_eq!(native::to_json(&back.article), json);
}

#[test]
fn json_escapes_cannot_smuggle_controls() {
    let json = native::to_json(&seed_imported().article).replacen(
        "In early November",
        "In early \\u001b]0;pwned\\u0007November",
        1,
    );
    let article = import_bytes(json.as_bytes(), "x", Some(Format::Native))
        .expect("imports")
        .article;
    let first = article.blocks[0].text.en.as_deref().unwrap_or_default();
    assert!(!first.contains(['\u{1b}', '\u{7}']), "{first:?}");
}

// ---- malformed input -----------------------------------------------------------------------

fn error_of(bytes: &[u8], format: Option<Format>) -> ImportError {
    import_bytes(bytes, "bad", format).expect_err("must be refused")
}

#[test]
fn binary_files_are_refused() {
    let error = error_of(b"\x01\x02\x03\x04\x00\x00binary", None);
    assert!(
        matches!(
            error,
            ImportError::Decode(DecodeError::Binary { offset: 4 })
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("NUL"), "{error}");
    // A zip archive is told by its signature, before any NUL is looked for.
    let zip = error_of(b"PK\x03\x04\x00\x00binary", None);
    assert!(zip.to_string().contains("a zip archive"), "{zip}");
}

#[test]
fn bad_json_says_where() {
    let error = error_of(b"{\n  \"taiyaku\": 1,\n  \"article\": {\"id\": }\n}", None);
    let ImportError::Json { line, column, .. } = error else {
        panic!("{error:?}");
    };
    assert_eq!((line, column), (3, 21));
    let message = error_of(b"{\"taiyaku\": 1,", Some(Format::Native)).to_string();
    assert!(
        message.starts_with("bad JSON at line 1, column "),
        "{message}"
    );
    assert!(!message.contains('\n'));
}

#[test]
fn text_that_opens_with_a_brace_is_not_taken_for_json() {
    let story = "{Draft} The first paragraph.\n\nThe second one.\n";
    let imported = import(story);
    assert_eq!(imported.article.format, Format::Plain);
    let body = paragraphs(&imported.article);
    assert!(starts(body[0].text.en.as_deref(), "{Draft} The first"));
    assert!(starts(
        body.last().unwrap().text.en.as_deref(),
        "The second"
    ));
    let japanese = import("｛注｝\n{ 注記 }\n\n吾輩は猫である。名前はまだ無い。\n");
    assert_eq!(japanese.article.format, Format::Plain);

    let bytes = std::fs::read(manifest_path(SEED)).expect("seed");
    let page = format!("{{draft}}\n{}", String::from_utf8(bytes).expect("utf-8"));
    let page = import(&page);
    assert_eq!(page.article.format, Format::Jitow);
    assert_eq!(
        page.article.headings.date_iso.as_deref(),
        Some("2013-12-20")
    );
}

#[test]
fn json_without_the_format_field_is_read_as_text() {
    let json = "{\"title\": \"Not ours\"}";
    let article = import(json).article;
    assert_eq!(article.format, Format::Plain);
    assert_eq!(article.blocks.len(), 1);
    assert_eq!(sides(&article.blocks[0]), (Some(json), None));
}

#[test]
fn an_explicit_json_format_stays_strict() {
    let story = b"{Draft} The first paragraph.\n\nThe second one.\n";
    let error = error_of(story, Some(Format::Native));
    assert!(matches!(error, ImportError::Json { .. }), "{error:?}");
    let error = error_of(b"{\"title\": \"Not ours\"}", Some(Format::Native));
    assert!(matches!(error, ImportError::NotNative), "{error:?}");
}

#[test]
fn a_broken_native_document_stays_an_error() {
    for bytes in [
        &b"{\"taiyaku\": 1,"[..],
        b"{\"taiyaku\": 1, \"article\": 5}",
        b"{\n  \"taiyaku\" : 1\n  \"article\": {}\n}",
    ] {
        let error = error_of(bytes, None);
        assert!(matches!(error, ImportError::Json { .. }), "{error:?}");
    }
}

#[test]
fn newer_native_versions_are_refused() {
    let json =
        native::to_json(&seed_imported().article).replacen("\"taiyaku\":3", "\"taiyaku\":4", 1);
    let error = error_of(json.as_bytes(), None);
    assert_eq!(
        error.to_string(),
        "written by a newer taiyaku (format 4; this one reads 3)"
    );
}

#[test]
fn empty_documents_are_refused() {
    for bytes in [
        &b""[..],
        b"\xEF\xBB\xBF",
        b" \r\n\t\n",
        "\u{3000}\n".as_bytes(),
    ] {
        let error = error_of(bytes, None);
        assert!(matches!(error, ImportError::Empty), "{bytes:?}: {error:?}");
    }
    let breadcrumb_only = "English Speaking Union of Japan > Japan in Their Own Words (JITOW) > X";
    assert!(matches!(
        error_of(breadcrumb_only.as_bytes(), None),
        ImportError::Empty
    ));
}

#[test]
fn missing_files_name_the_path() {
    let path = manifest_path("tests/fixtures/no_such_file.txt");
    let error = import_path(&path, None).expect_err("missing");
    assert!(matches!(error, ImportError::Io { .. }));
    assert!(error.to_string().contains("no_such_file.txt"), "{error}");
}

#[test]
fn oversized_files_are_refused_before_reading() {
    let dir = std::env::temp_dir().join(format!("taiyaku-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("huge.txt");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(65 * 1024 * 1024).expect("sparse file");
    let error = import_path(&path, None).expect_err("too large");
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        matches!(error, ImportError::Decode(DecodeError::TooLarge { .. })),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "file too large: 65.0 MiB (the limit is 64.0 MiB)"
    );
}

// ---- the shared corpus (when TAIYAKU_CORPUS_DIR is set; ignored otherwise) -----------------

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn aozora_novels_import_the_same_from_shift_jis_and_utf8() {
    let utf8 = common::corpus_file("aozora/botchan.utf8.txt");
    let sjis = common::corpus_file("aozora/botchan.sjis.txt");
    let utf8 = import_path(&utf8, None).expect("utf-8");
    let sjis = import_path(&sjis, None).expect("shift_jis");
    // Read as Aozora Bunko text now (tests/aozora.rs has the rest).
    assert_eq!(utf8.article.format, Format::Aozora);
    assert_eq!(content(&utf8), content(&sjis));
    assert!(utf8.article.headings.title.ja.is_some());
    assert!(utf8.article.blocks.len() > 100);
}

// ---- properties: any input -------------------------------------------------------------------

mod any_input {
    use proptest::prelude::*;
    use taiyaku::article::{Article, Bilingual, Block, Headings};
    use taiyaku::import::{Format, ImportError, Imported, import_bytes, native};

    use super::ruby_is_sound;

    /// Lines and fragments of the formats taiyaku reads, line breaks of every kind, Japanese,
    /// and the controls a hostile file would carry.
    const PIECES: &[&str] = &[
        "Japan in Their Own Words (JITOW)/日本からの意見",
        "English Speaking Union of Japan > Japan in Their Own Words (JITOW) > A title",
        "Strategy and Tactics",
        "ISHIGOOKA Ken / Journalist",
        "石郷岡\u{3000}健 / ジャーナリスト",
        "December 20, 2013",
        "2013年 12月 20日",
        "平成4294967295年 1月 1日",
        "令和元年５月１日（水）",
        "The English-Speaking Union of Japan",
        "一般社団法人 日本英語交流連盟",
        "In early November, the \"2-plus-2\" talks.",
        "Ishigooka Ken is a journalist.",
        "吾輩は猫である。",
        "\u{3000}名前はまだ無い。",
        "「ｶﾞｷﾞｸﾞ」",
        "［＃ここから２字下げ］",
        "《ルビ》",
        "｜漢字《かんじ》",
        "<p>",
        "<ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp></ruby>",
        "<ruby><rb>字</rb><rt>じ</rt><rtc>ji</rtc></ruby>",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"taiyaku\": 1,",
        "\"taiyaku\": 2",
        "\"taiyaku\": 3",
        "\"cue\": {\"start\": 99999999999999, \"end\": 1}",
        "\"article\": {",
        "\"id\": \"../../etc/passwd\",",
        "\"headings\": {\"title\": {\"en\": \"T\\u001b]0;x\\u0007\"}},",
        "\"blocks\": [{\"kind\": \"paragraph\", \"en\": \"a\\u009b2Jb\", \"ja\": \"\\u202e\"}]",
        "{\"kind\": \"heading\", \"level\": 300}",
        "\"\\ud800\"",
        "null",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\u{FEFF}",
        "\u{85}",
        "\u{2028}",
        "\u{0C}",
        "\t",
        " ",
        "\u{1b}[31m",
        "\u{1b}]52;c;SGVsbG8=\u{07}",
        "\u{1b}]8;;http://x\u{1b}\\",
        "\u{9b}2J",
        "\u{9d}0;t",
        "\u{1b}",
        "\u{7f}",
        "\u{202E}",
        "\u{E0041}",
        "e\u{301}\u{302}\u{303}",
        "ｶﾞﾞﾞﾞ",
        "<?xml version=\"1.0\"?>",
        "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">",
        "<tmx version=\"1.4\">",
        "<header srclang=\"ja\" creationtool=\"T\u{1b}[2J\"/>",
        "<body>",
        "<tu>",
        "<prop type=\"x-paragraph\">1</prop>",
        "<prop type=\"x-title\">題&#x9b;</prop>",
        "<tuv xml:lang=\"en-US\"><seg>",
        "<tuv lang=\"JA\"><seg>",
        "<bpt i=\"1\">&lt;b&gt;</bpt>",
        "<ph><sub>alt</sub></ph>",
        "&#x1b;&amp;&",
        "</seg></tuv>",
        "</tu>",
        "</body>",
        "</tmx>",
    ];

    fn mixed_text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
    }

    /// Mixed text as it might arrive: UTF-8 (with or without a NUL), `Shift_JIS`, EUC-JP,
    /// ISO-2022-JP or UTF-16 with its BOM.
    fn mixed_bytes() -> impl Strategy<Value = Vec<u8>> {
        (mixed_text(), 0..6_u8).prop_map(|(text, encoding)| match encoding {
            0 => text.into_bytes(),
            1 => encoding_rs::SHIFT_JIS.encode(&text).0.into_owned(),
            2 => encoding_rs::EUC_JP.encode(&text).0.into_owned(),
            3 => encoding_rs::ISO_2022_JP.encode(&text).0.into_owned(),
            4 => {
                let mut bytes = vec![0xFF, 0xFE];
                bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                bytes
            }
            _ => format!("{text}\0{text}").into_bytes(),
        })
    }

    /// Any bytes, most of them without a NUL (which makes any file binary).
    fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..600),
            prop::collection::vec(1..=u8::MAX, 0..600),
            prop::collection::vec(
                prop::sample::select(b"{}[]\":,0123 \n\r\x1b\x9b\xe3\x81\x82".to_vec()),
                0..200
            ),
        ]
    }

    /// Detection half the time, else any format of `Format::ALL`.
    fn any_format() -> impl Strategy<Value = Option<Format>> {
        let formats = Format::ALL.map(Some);
        let detected = [None].repeat(formats.len());
        prop::sample::select([detected, formats.to_vec()].concat())
    }

    /// No C0 control but the line feed (so no ESC or tab), no DEL, no C1 control.
    fn unsafe_char(c: char) -> bool {
        (c.is_control() && c != '\n') || ('\u{80}'..='\u{9F}').contains(&c)
    }

    /// Every string in the value, however deeply nested.
    fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }

    /// An import either fails with a one-line, safe message, or gives an article (and warnings)
    /// whose every string is sanitized.
    fn check_outcome(outcome: Result<Imported, ImportError>) -> Result<(), TestCaseError> {
        let imported = match outcome {
            Err(error) => {
                let message = error.to_string();
                prop_assert!(
                    !message.chars().any(|c| c == '\n' || unsafe_char(c)),
                    "{message:?}"
                );
                return Ok(());
            }
            Ok(imported) => imported,
        };
        let value = serde_json::to_value(&imported.article).expect("serializes");
        let mut all = imported.warnings.clone();
        strings(&value, &mut all);
        for s in &all {
            prop_assert!(!s.chars().any(unsafe_char), "unsanitized {:?}", s);
        }
        for block in &imported.article.blocks {
            prop_assert!(ruby_is_sound(block), "{:?}", block);
        }
        Ok(())
    }

    /// A native document with hostile text in every field, escaped as JSON escapes it; the
    /// format's name too, half the time (then the document is refused, safely).
    fn hostile_native() -> impl Strategy<Value = String> {
        let side = || proptest::option::of(mixed_text());
        (mixed_text(), side(), side(), side(), side(), any::<bool>()).prop_map(
            |(source, title_en, title_ja, en, ja, hostile_format)| {
                let headings = Headings {
                    title: Bilingual::new(title_en, title_ja),
                    date_iso: Some(source.clone()),
                    ..Headings::default()
                };
                let blocks = vec![Block::paragraph(Bilingual::new(en, ja))];
                let mut article = Article::new(source.clone(), Format::Plain, headings, blocks);
                article.id.clone_from(&source);
                let json = native::to_json(&article);
                if !hostile_format {
                    return json;
                }
                let mut value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
                value["article"]["format"] = serde_json::Value::String(source);
                value.to_string()
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn arbitrary_bytes(bytes in any_bytes(), format in any_format()) {
            check_outcome(import_bytes(&bytes, "any", format))?;
        }

        #[test]
        fn mixes_of_the_formats(bytes in mixed_bytes(), format in any_format()) {
            check_outcome(import_bytes(&bytes, "mix", format))?;
        }

        #[test]
        fn native_documents_with_hostile_strings(json in hostile_native(), auto in any::<bool>()) {
            let format = if auto { None } else { Some(Format::Native) };
            check_outcome(import_bytes(json.as_bytes(), "native", format))?;
        }
    }
}

// ---- TMX translation memories --------------------------------------------------------------

mod tmx {
    use super::{error_of, fixture, import, sides};
    use taiyaku::article::{Article, Bilingual, Block, SentencePair, Side};
    use taiyaku::import::{Format, ImportError, format_named, import_bytes};

    /// A memory of the given units, with a header naming its original language.
    fn memory(srclang: &str, units: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header srclang=\"{srclang}\" \
             creationtool=\"T\"/>\n<body>\n{units}\n</body>\n</tmx>\n"
        )
    }

    fn unit(en: &str, ja: &str) -> String {
        format!(
            "<tu><tuv xml:lang=\"en\"><seg>{en}</seg></tuv>\
             <tuv xml:lang=\"ja\"><seg>{ja}</seg></tuv></tu>"
        )
    }

    /// Each sentence pair of a block, as the text on each side.
    fn pairs(block: &Block) -> Vec<(Option<&str>, Option<&str>)> {
        (0..block.sentences.len())
            .map(|i| (block.sentence(i, Side::En), block.sentence(i, Side::Ja)))
            .collect()
    }

    fn xml_error(bytes: &str, format: Option<Format>) -> (usize, usize, String) {
        match error_of(bytes.as_bytes(), format) {
            ImportError::Xml {
                line,
                column,
                message,
            } => (line, column, message),
            other => panic!("{other:?}"),
        }
    }

    fn memory_fixture() -> (Article, Vec<String>) {
        let imported = import(&fixture("tmx_memory.tmx"));
        (imported.article, imported.warnings)
    }

    #[test]
    fn each_unit_is_a_paragraph_of_one_pair() {
        let (article, _) = memory_fixture();
        assert_eq!(article.format, Format::Tmx);
        let blocks: Vec<_> = article.blocks.iter().map(sides).collect();
        assert_eq!(
            blocks,
            [
                (
                    Some("The small tea shop by the canal opens at seven every morning."),
                    Some("運河沿いの小さな茶店は、毎朝七時に開く。")
                ),
                (
                    Some("Press Order to choose a seasonal blend."),
                    Some("注文を押して、季節のブレンドを選んでください。")
                ),
                (
                    Some("The owner roasts the leaves herself."),
                    Some("店主は茶葉を自分で焙じている。")
                ),
                (
                    Some("See the picture a teapot below."),
                    Some("下の写真急須をご覧ください。")
                ),
                (
                    Some("Thank you & see you again."),
                    Some("ありがとうございました。またお越しください。")
                ),
            ]
        );
        for block in &article.blocks {
            assert_eq!(pairs(block), [sides(block)], "one pair, all the text");
            assert!(block.sentences.iter().all(|p| p.confidence.is_none()));
        }
    }

    #[test]
    fn headings_say_the_title_the_tool_and_the_original() {
        let (article, warnings) = memory_fixture();
        let headings = &article.headings;
        assert_eq!(
            headings.title.en.as_deref(),
            Some("The Tea Shop by the Canal")
        );
        assert_eq!(headings.title.ja.as_deref(), Some("運河沿いの茶店"));
        assert_eq!(
            headings.series.en.as_deref(),
            Some("Translation memory (TMX) made with LeafletTM 2.1, translated from Japanese")
        );
        assert_eq!(
            headings.series.ja.as_deref(),
            Some("翻訳メモリ（TMX）・LeafletTM 2.1で作成・日本語からの翻訳")
        );
        assert_eq!(headings.byline, Bilingual::default());
        assert_eq!(
            warnings,
            [
                "2 of 7 translation units skipped: no English and Japanese segment pair \
                 (other languages: de-DE, fr-FR)"
            ]
        );
    }

    #[test]
    fn an_english_original_and_the_adminlang_fallback() {
        let units = unit("One.", "一。");
        let series = |text: &str| import(text).article.headings.series;
        let english = series(&memory("en-US", &units));
        assert_eq!(
            english.en.as_deref(),
            Some("Translation memory (TMX) made with T, translated from English")
        );
        assert_eq!(
            english.ja.as_deref(),
            Some("翻訳メモリ（TMX）・Tで作成・英語からの翻訳")
        );
        let any = series(&memory("*all*", &units));
        assert_eq!(
            any.en.as_deref(),
            Some("Translation memory (TMX) made with T")
        );
        let admin = memory("x", &units).replace("srclang=\"x\"", "adminlang=\"ja\"");
        assert_eq!(
            series(&admin).ja.as_deref(),
            Some("翻訳メモリ（TMX）・Tで作成・日本語からの翻訳")
        );
        let bare = format!("<tmx><body>{units}</body></tmx>");
        let article = import(&bare).article;
        assert_eq!(
            article.headings.series.en.as_deref(),
            Some("Translation memory (TMX)")
        );
        assert_eq!(
            article.headings.title,
            Bilingual::default(),
            "o-tmf is no title"
        );
    }

    #[test]
    fn marked_paragraphs_gather_their_units() {
        let imported = import(&fixture("tmx_paragraphs.tmx"));
        let article = &imported.article;
        assert_eq!(article.blocks.len(), 2);
        assert_eq!(
            pairs(&article.blocks[0]),
            [
                (Some("Rain fell all night."), Some("一晩中雨が降った。")),
                (
                    Some("By morning the river had risen."),
                    Some("朝には川の水かさが増していた。")
                ),
            ]
        );
        assert_eq!(
            sides(&article.blocks[1]),
            (
                Some("So the children stayed home. They drew pictures of boats."),
                Some("それで子どもたちは家にいた。彼らは舟の絵を描いた。")
            )
        );
        assert_eq!(
            article.blocks[1].sentences[1],
            SentencePair {
                en: Some(29..57),
                ja: Some(42..75),
                ..SentencePair::default()
            }
        );
        assert!(article.blocks.iter().all(Block::sentences_fit));
        assert_eq!(
            imported.warnings,
            [
                "1 of 5 translation units skipped: no English and Japanese segment pair \
                 (other languages: ko)"
            ]
        );
        assert_eq!(
            article.headings.series.en.as_deref(),
            Some("Translation memory (TMX) made with ParaAligner")
        );
    }

    #[test]
    fn detected_by_content_whatever_the_name() {
        let text = fixture("tmx_memory.tmx");
        for source in ["notes.txt", "memory.xml", "x"] {
            let imported = import_bytes(text.as_bytes(), source, None).expect("imports");
            assert_eq!(imported.article.format, Format::Tmx, "{source}");
        }
        let with_bom = format!("\u{FEFF}{}", memory("ja", &unit("A.", "あ。")));
        assert_eq!(import(&with_bom).article.format, Format::Tmx);
        assert_eq!(format_named("TMX"), Some(Format::Tmx));
        let forced = import_bytes(text.as_bytes(), "m", Some(Format::Tmx)).expect("imports");
        let detected = import(&text).article;
        assert_eq!(
            (&forced.article.headings, &forced.article.blocks),
            (&detected.headings, &detected.blocks)
        );
    }

    #[test]
    fn other_formats_are_detected_as_before() {
        let kyoto = "<?xml version=\"1.0\"?>\n<art><tit><j>題</j><e type=\"check\" ver=\"1\">Title</e></tit></art>";
        assert_eq!(import(kyoto).article.format, Format::Kyoto);
        // (`<?xml …?><html>` is XHTML, read as HTML since there is an HTML importer.)
        for text in [
            "<?xml version=\"1.0\"?>\n<note>x</note>",
            "<tmxfile>not a memory</tmxfile>",
            "Notes on the <tmx> format.\n\n翻訳メモリの覚え書き。\n",
        ] {
            assert_eq!(import(text).article.format, Format::Plain, "{text}");
        }
        let kyoto_as_tmx = xml_error(kyoto, Some(Format::Tmx));
        assert_eq!(
            kyoto_as_tmx,
            (
                2,
                1,
                "the root element is <art>, not a translation memory's <tmx>".to_owned()
            )
        );
    }

    #[test]
    fn markup_in_segments_goes_and_controls_are_sanitized() {
        let units = unit(
            "Tab\there, <ph x=\"1\">&lt;br/&gt;</ph> csi\u{9b}31m <hi>red</hi> <ut>{x}</ut>",
            "赤<bpt i=\"1\">{b}</bpt>い<ept i=\"1\">{/b}</ept>字&#x9b;2J",
        );
        let text = memory("ja", &units).replace("creationtool=\"T\"", "creationtool=\"T&#x85;\"");
        let article = import(&text).article;
        let (en, ja) = sides(&article.blocks[0]);
        assert_eq!(en, Some("Tab here, csi\u{241B} red"));
        assert_eq!(ja, Some("赤い字\u{241B}"));
        let series = article.headings.series.en.unwrap_or_default();
        assert!(!series.contains('\u{85}'), "{series:?}");
        // A C0 control is not an XML character at all: refused where it is.
        let escape = memory("ja", &unit("esc\u{1b}[2J", "字"));
        let (line, column, message) = xml_error(&escape, None);
        assert_eq!((line, column), (5, 32));
        assert!(!message.contains('\u{1b}'), "{message:?}");
    }

    #[test]
    fn malformed_xml_says_where() {
        let broken = memory("ja", "<tu><tuv xml:lang=\"en\"><seg>One.</tuv></tu>");
        let (line, column, message) = xml_error(&broken, None);
        assert_eq!((line, column), (5, 33), "{message}");
        // The external DOCTYPE is blanked in place: positions below it do not move.
        let doctype = broken.replacen("<tmx", "<!DOCTYPE tmx\n  SYSTEM \"tmx14.dtd\">\n<tmx", 1);
        assert_eq!(xml_error(&doctype, None).0, 7);
        let unclosed = "<tmx version=\"1.4\">\n<body>\n";
        let (line, _, _) = xml_error(unclosed, None);
        assert_eq!(line, 3);
        let subset = memory("ja", &unit("&x;", "y")).replacen(
            "<tmx",
            "<!DOCTYPE tmx [<!ENTITY x \"y\">]>\n<tmx",
            1,
        );
        assert!(matches!(
            error_of(subset.as_bytes(), None),
            ImportError::Xml { .. }
        ));
    }

    #[test]
    fn a_bare_ampersand_is_repaired_with_a_warning() {
        let text = memory("ja", &unit("Tea & cake.", "お茶とケーキ。"));
        let imported = import(&text);
        assert_eq!(sides(&imported.article.blocks[0]).0, Some("Tea & cake."));
        assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
        assert!(imported.warnings[0].starts_with("malformed XML repaired: 1 bare ampersand"));
    }

    #[test]
    fn a_memory_without_pairs_is_refused_in_one_line() {
        let no_body = "<tmx version=\"1.4\">\n  <header srclang=\"en\"/>\n</tmx>";
        assert_eq!(
            xml_error(no_body, None),
            (1, 1, "the <tmx> has no <body>".to_owned())
        );
        assert_eq!(
            xml_error(&memory("en", ""), None).2,
            "the <body> has no translation unit <tu>"
        );
        let others = "<tu><tuv xml:lang=\"de\"><seg>Eins.</seg></tuv>\
             <tuv xml:lang=\"jp\"><seg>一。</seg></tuv></tu>\
             <tu><tuv xml:lang=\"en\"><seg>Two.</seg></tuv></tu>";
        let (line, column, message) = xml_error(&memory("en", others), None);
        assert_eq!((line, column), (4, 1));
        assert_eq!(
            message,
            "none of the 2 translation units has an English and Japanese segment pair \
             (other languages: de, jp)"
        );
        let blank = memory("en", &unit("<ph>{0}</ph>", " "));
        assert_eq!(
            xml_error(&blank, None).2,
            "the one translation unit has no English and Japanese segment pair"
        );
        assert!(matches!(error_of(b"<tmx/>", None), ImportError::Xml { .. }));
    }
}

// ---- Markdown --------------------------------------------------------------------------------

fn markdown(text: &str, source: &str) -> Result<Imported, String> {
    import_bytes(text.as_bytes(), source, None).map_err(|e| e.to_string())
}

fn kinds_and_sides(article: &Article) -> Vec<(BlockKind, Option<&str>, Option<&str>)> {
    article
        .blocks
        .iter()
        .map(|b| (b.kind, b.text.en.as_deref(), b.text.ja.as_deref()))
        .collect()
}

#[test]
fn markdown_front_matter_gives_the_headings() {
    let imported = markdown(&fixture("markdown_bilingual.md"), "lunch.md").expect("imports");
    let h = &imported.article.headings;
    assert_eq!(imported.article.format, Format::Markdown);
    assert_eq!(h.title.en.as_deref(), Some("The Lunch Box: a short essay"));
    assert_eq!(h.title.ja.as_deref(), Some("お弁当について"));
    assert_eq!(h.byline.en.as_deref(), Some("Hana Mori"));
    assert_eq!(h.date.en.as_deref(), Some("2024-03-05T08:30:00+09:00"));
    assert_eq!(h.date_iso.as_deref(), Some("2024-03-05"));
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn markdown_blocks_pair_by_script_and_drop_markup() {
    let article = markdown(&fixture("markdown_bilingual.md"), "lunch.md")
        .expect("imports")
        .article;
    let heading = BlockKind::Heading { level: 2 };
    assert_eq!(
        kinds_and_sides(&article),
        [
            (heading, Some("Morning"), Some("朝")),
            (
                BlockKind::Paragraph,
                Some(
                    "Every morning my father packs a small box with rice, pickles and an egg, \
                     folded the way his mother taught him."
                ),
                Some(
                    "毎朝、父は小さな箱にご飯と漬物と卵焼きを詰める。祖母に教わったとおりの巻き方だ。"
                ),
            ),
            (
                BlockKind::Paragraph,
                Some("The recipe is on our family page and the box is called a bento."),
                Some("作り方は家族のページにあり、この箱は弁当と呼ばれる。"),
            ),
            (
                BlockKind::Paragraph,
                Some("A box with rice and an egg"),
                Some("ご飯と卵の入った箱"),
            ),
            (BlockKind::Note, Some("rice   200 g\negg      1"), None),
            (
                BlockKind::Paragraph,
                Some("A good lunch is a quiet gift."),
                Some("よいお弁当は静かな贈り物だ。"),
            ),
            (
                BlockKind::Paragraph,
                Some("Rice first, then the egg."),
                Some("ご飯が先、卵はあと。"),
            ),
            (heading, Some("Evening talk"), Some("夕方の話")),
            (
                BlockKind::Paragraph,
                Some("The box comes back empty."),
                Some("箱は空になって戻ってくる。"),
            ),
        ]
    );
}

#[test]
fn markdown_is_detected_by_front_matter_whatever_the_name() {
    let text = fixture("markdown_bilingual.md");
    let named = markdown(&text, "lunch.md").expect("imports").article;
    let unnamed = markdown(&text, "lunch").expect("imports").article;
    assert_eq!(unnamed.format, Format::Markdown);
    assert_eq!(unnamed.blocks, named.blocks);
    assert_eq!(unnamed.headings, named.headings);
    let crlf = markdown(&text.replace('\n', "\r\n"), "lunch.txt")
        .expect("imports")
        .article;
    assert_eq!(crlf.blocks, named.blocks);
}

#[test]
fn markdown_headings_give_the_title_without_front_matter() {
    // An ATX heading and a list: Markdown by content, though the name says text.
    let imported = markdown(&fixture("markdown_ja.md"), "notes.txt").expect("imports");
    let article = &imported.article;
    assert_eq!(article.format, Format::Markdown);
    assert_eq!(article.headings.title.en.as_deref(), Some("Notes on Kyoto"));
    assert_eq!(article.headings.title.ja.as_deref(), Some("京都メモ"));
    assert_eq!(
        kinds_and_sides(article),
        [
            (
                BlockKind::Paragraph,
                None,
                Some("京都には千年以上の歴史がある。")
            ),
            (BlockKind::Heading { level: 2 }, None, Some("寺")),
            (BlockKind::Paragraph, None, Some("金閣寺は北にある。")),
            (BlockKind::Paragraph, None, Some("清水寺は東にある。")),
            (
                BlockKind::Note,
                None,
                Some("インデントされたコード\n二行目")
            ),
            (BlockKind::Paragraph, None, Some("詳しくは README を見よ。")),
        ]
    );
}

#[test]
fn markdown_front_matter_variants() {
    let dotted = "---\ntitle: 猫の話\ndate: 2024年3月5日\n...\nThe text.\n";
    let article = markdown(dotted, "cat.md").expect("imports").article;
    assert_eq!(article.headings.title.ja.as_deref(), Some("猫の話"));
    assert_eq!(article.headings.title.en, None);
    assert_eq!(article.headings.date.ja.as_deref(), Some("2024年3月5日"));
    assert_eq!(article.headings.date_iso.as_deref(), Some("2024-03-05"));
    // A front-matter title keeps the first `#` heading a section heading.
    let folded =
        "---\ntitle: >-\n  A folded\n  title\nauthor: 'O''Brien'\n---\n# Part one\n\nText.\n";
    let article = markdown(folded, "x.md").expect("imports").article;
    assert_eq!(article.headings.title.en.as_deref(), Some("A folded title"));
    assert_eq!(article.headings.byline.en.as_deref(), Some("O'Brien"));
    assert_eq!(article.blocks[0].kind, BlockKind::Heading { level: 1 });
    // Empty front matter, and a `---` that is a thematic break, not front matter.
    let empty = markdown("---\n---\n# Title\n\nText.\n", "x.md").expect("imports");
    assert_eq!(empty.article.headings.title.en.as_deref(), Some("Title"));
    let rule = markdown("---\n\nJust text after a rule.\n", "x.md").expect("imports");
    assert_eq!(
        kinds_and_sides(&rule.article),
        [(BlockKind::Paragraph, Some("Just text after a rule."), None)]
    );
}

#[test]
fn markdown_html_and_references_are_not_shown_raw() {
    let text =
        "# T\n\n<script>alert(1)</script>\n\nA <em>b</em> &amp; c&#27;[31m &#x9b;2J.\n\n- x\n";
    let article = markdown(text, "x").expect("imports").article;
    let first = article.blocks[0].text.en.as_deref().expect("English");
    assert!(first.starts_with("A b & c"), "{first:?}");
    assert!(!first.contains(['<', '\u{1b}', '\u{9b}']), "{first:?}");
    assert!(
        article
            .blocks
            .iter()
            .all(|b| !b.text.en.as_deref().unwrap_or("").contains("alert"))
    );
}

#[test]
fn markdown_unclosed_front_matter_names_the_line() {
    let open = "\n\n---\ntitle: An essay\n\nThe body, but no closing line.\n";
    for source in ["essay.md", "essay.markdown"] {
        assert_eq!(
            markdown(open, source).expect_err("unclosed").as_str(),
            "bad Markdown at line 3: the front matter opened here is not closed by a `---` or \
             `...` line"
        );
    }
    let chosen = import_bytes(open.as_bytes(), "essay", Some(Format::Markdown));
    assert!(
        matches!(chosen, Err(ImportError::Markdown { line: 3, .. })),
        "{chosen:?}"
    );
    // Without the name or the format, unclosed front matter is not Markdown's at all.
    assert_eq!(
        markdown(open, "essay").map(|i| i.article.format),
        Ok(Format::Plain)
    );
    let quote = "---\ndate: 2024-01-01\ntitle: \"An open\n  quote\n---\nText.\n";
    assert_eq!(
        markdown(quote, "x.md")
            .expect_err("unclosed quote")
            .as_str(),
        "bad Markdown at line 3: the quoted `title` in the front matter is not closed"
    );
}

#[test]
fn plain_text_stays_plain_and_other_formats_keep_their_detection() {
    let format = |text: &str, source: &str| markdown(text, source).map(|i| i.article.format);
    for text in [
        "Just a story.\n\nThe end.\n",
        "# A lone heading-like line\n\nand plain text.\n",
        "#hashtag\n\n- a list, but no heading\n",
        "---\nNote: a rule and a note, never closed\n",
        fixture("plain_alternating.txt").as_str(),
        fixture("novel_ja.txt").as_str(),
    ] {
        assert_eq!(format(text, "notes.txt"), Ok(Format::Plain), "{text:?}");
    }
    assert_eq!(
        format(&fixture("jitow_full.txt"), "page.md"),
        Ok(Format::Jitow)
    );
    assert_eq!(
        format(&fixture("kyoto_nested.xml"), "art.md"),
        Ok(Format::Kyoto)
    );
    // Read as native JSON, it keeps the format it was first read from.
    let native = native::to_json(&seed_imported().article);
    assert_eq!(format(&native, "saved.md"), Ok(Format::Jitow));
    assert_eq!(format("Plain words.\n", "readme.md"), Ok(Format::Markdown));
    assert_eq!(taiyaku::import::format_named("MD"), Some(Format::Markdown));
}

mod any_markdown {
    use proptest::prelude::*;
    use taiyaku::import::{Format, import_bytes};

    /// Markdown's notations, front matter, HTML, references and hostile controls.
    const PIECES: &[&str] = &[
        "---",
        "...",
        "title: ",
        "date: 2024-03-05",
        "title_ja: '",
        "\"",
        "'",
        "|",
        ">-",
        "# ",
        "## ",
        "###### ",
        "=====",
        "-----",
        "- ",
        "1. ",
        "> ",
        "```",
        "~~~",
        "    ",
        "*",
        "**",
        "_",
        "`",
        "[",
        "](",
        ")",
        "![",
        "<",
        ">",
        "<div>",
        "</div>",
        "<!--",
        "-->",
        "&amp;",
        "&#27;",
        "&#x9b;",
        "&#0;",
        "&#x202e;",
        "&#9;",
        "\\",
        "英語 text",
        "日本語。",
        "「会話」",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        " ",
        "\u{1b}[31m",
        "\u{9b}2J",
        "\u{7f}",
        "\u{202E}",
        "\u{FEFF}",
    ];

    fn markdown_text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|p| p.concat())
    }

    fn unsafe_char(c: char) -> bool {
        (c.is_control() && c != '\n') || ('\u{80}'..='\u{9F}').contains(&c)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn any_markdown_imports_safely(text in markdown_text(), chosen in any::<bool>()) {
            let format = chosen.then_some(Format::Markdown);
            match import_bytes(text.as_bytes(), "any.md", format) {
                Err(error) => {
                    let message = error.to_string();
                    prop_assert!(!message.chars().any(|c| c == '\n' || unsafe_char(c)));
                }
                Ok(imported) => {
                    let value = serde_json::to_string(&imported.article).expect("serializes");
                    let article: serde_json::Value = serde_json::from_str(&value).expect("JSON");
                    let mut strings = Vec::new();
                    collect(&article, &mut strings);
                    for s in strings {
                        prop_assert!(!s.chars().any(unsafe_char), "unsanitized {:?}", s);
                    }
                }
            }
        }
    }

    fn collect(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
}

// ---- sentence-pair tables: TSV and CSV -------------------------------------------------------

mod tables {
    use proptest::prelude::*;
    use taiyaku::article::{Article, Block, Side};
    use taiyaku::import::{Format, ImportError, Imported, import_bytes};

    use super::{fixture, manifest_path};

    fn table(text: &str, source: &str) -> Imported {
        import_bytes(text.as_bytes(), source, None).expect("imports")
    }

    fn format_of(text: &str, source: &str) -> Format {
        table(text, source).article.format
    }

    /// Each paragraph's sentence pairs, as the text of each side.
    fn pairs(article: &Article) -> Vec<Vec<(Option<&str>, Option<&str>)>> {
        article.blocks.iter().map(sentence_texts).collect()
    }

    fn sentence_texts(block: &Block) -> Vec<(Option<&str>, Option<&str>)> {
        assert!(block.sentences_fit(), "{block:?}");
        assert!(block.sentences.iter().all(|s| s.confidence.is_none()));
        (0..block.sentences.len())
            .map(|i| (block.sentence(i, Side::En), block.sentence(i, Side::Ja)))
            .collect()
    }

    fn error(text: &str, source: &str, format: Option<Format>) -> String {
        import_bytes(text.as_bytes(), source, format)
            .expect_err("refused")
            .to_string()
    }

    #[test]
    fn a_tsv_of_pairs_with_a_header_and_paragraphs() {
        let imported = table(&fixture("table_pairs.tsv"), "ferry.txt");
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        let article = &imported.article;
        assert_eq!(article.format, Format::Tsv);
        assert_eq!(
            pairs(article),
            [
                vec![
                    (
                        Some("The ferry leaves at seven."),
                        Some("フェリーは七時に出る。")
                    ),
                    (
                        Some("Buy your ticket at the window."),
                        Some("切符は窓口で買ってください。")
                    ),
                ],
                vec![
                    (
                        Some("The island has one road."),
                        Some("島には道が一本しかない。")
                    ),
                    (None, Some("自転車を借りることもできる。")),
                    (Some("Most visitors walk."), Some("たいていの客は歩く。")),
                    (Some("A bus runs twice a day."), None),
                ],
            ]
        );
        let second = &article.blocks[1];
        assert_eq!(
            second.text.en.as_deref(),
            Some("The island has one road. Most visitors walk. A bus runs twice a day.")
        );
        assert_eq!(
            second.text.ja.as_deref(),
            Some("島には道が一本しかない。自転車を借りることもできる。たいていの客は歩く。")
        );
    }

    #[test]
    fn line_endings_and_a_bom_change_nothing() {
        let lf = fixture("table_pairs.tsv");
        let want = table(&lf, "t").article;
        for variant in [
            lf.replace('\n', "\r\n"),
            lf.replace('\n', "\r"),
            format!("\u{FEFF}{lf}"),
        ] {
            let article = table(&variant, "t").article;
            assert_eq!(
                (article.format, &article.blocks),
                (want.format, &want.blocks)
            );
        }
    }

    #[test]
    fn a_csv_with_ids_scores_quotes_and_japanese_first() {
        let text = fixture("table_scored.csv");
        let imported = table(&text, "rain.csv");
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        assert_eq!(imported.article.format, Format::Csv);
        assert_eq!(
            pairs(&imported.article),
            [
                vec![
                    (Some("It began to rain."), Some("雨が降り始めた。")),
                    (
                        Some("\"Did you bring an umbrella?\" she asked."),
                        Some("「傘を持ってきた？」と彼女が聞いた。")
                    ),
                    (
                        Some("I didn't, so we waited under the awning."),
                        Some("持ってこなかった。")
                    ),
                ],
                vec![(
                    Some("Half an hour later, the sky cleared."),
                    Some("三十分後、空が晴れた。")
                )],
            ]
        );
        // Its header is enough without the name; without either it is prose with commas.
        assert_eq!(format_of(&text, "rain.txt"), Format::Csv);
        let headless = text.split_once('\n').expect("a header").1;
        assert_eq!(format_of(headless, "rain.csv"), Format::Csv);
        assert_eq!(format_of(headless, "rain.txt"), Format::Plain);
    }

    #[test]
    fn a_tatoeba_export_pairs_each_sentence_with_the_next_translation() {
        let imported = table(&fixture("table_tatoeba.tsv"), "sentences.tsv");
        assert_eq!(imported.article.format, Format::Tsv);
        assert_eq!(
            imported.warnings,
            ["1 row in languages other than English and Japanese skipped"]
        );
        assert_eq!(
            pairs(&imported.article),
            [vec![
                (Some("Where is the station?"), Some("駅はどこですか。")),
                (
                    Some("Turn left at the bank."),
                    Some("銀行の角を左に曲がってください。")
                ),
                (Some("Thank you very much."), None),
                (Some("It is not far."), Some("遠くありません。")),
            ]]
        );
        let headed = format!("id\tlang\ttext\n{}", fixture("table_tatoeba.tsv"));
        assert_eq!(
            table(&headed, "x").article.blocks,
            imported.article.blocks,
            "a header changes nothing"
        );
        // A table that opens in Japanese pairs each Japanese row with the next English one.
        let japanese_first = "1\tja\t一つ。\n2\ten\tOne.\n3\tja\t二つ。\n4\ten\tTwo.\n";
        assert_eq!(
            pairs(&table(japanese_first, "x").article),
            [vec![
                (Some("One."), Some("一つ。")),
                (Some("Two."), Some("二つ。"))
            ]]
        );
    }

    #[test]
    fn columns_are_told_apart_by_script_whatever_their_order() {
        let ja_first =
            "猫が鳴いた。\tThe cat mewed.\t0.9\n犬は寝ている。\tThe dog is asleep.\t0.8\n";
        assert_eq!(
            pairs(&table(ja_first, "x").article),
            [vec![
                (Some("The cat mewed."), Some("猫が鳴いた。")),
                (Some("The dog is asleep."), Some("犬は寝ている。")),
            ]]
        );
        // A Japanese column with some Latin cells is still the Japanese one.
        let mixed = "OK.\tOK.\nThanks.\tありがとう。\nSee you.\tまたね。\n";
        let article = table(mixed, "x").article;
        assert_eq!(
            article.blocks[0].sentence(1, Side::Ja),
            Some("ありがとう。")
        );
        // A single text column: each cell on its own script's side, paired as Tatoeba's rows.
        let single = "1\tHello.\n2\tこんにちは。\n3\tBye.\n\n4\tまた。\n";
        assert_eq!(
            pairs(&table(single, "x.tsv").article),
            [
                vec![(Some("Hello."), Some("こんにちは。")), (Some("Bye."), None)],
                vec![(None, Some("また。"))],
            ]
        );
    }

    #[test]
    fn an_english_only_table_is_read_with_a_warning() {
        let imported = table("One.\tTwo.\nThree.\tFour.\n", "x.tsv");
        assert_eq!(imported.article.format, Format::Tsv);
        assert_eq!(
            imported.warnings,
            [
                "the text columns are not told apart by script: column 1 is read as English, \
              column 2 as Japanese"
            ]
        );
        assert_eq!(
            imported.article.blocks[0].text.ja.as_deref(),
            Some("Two.Four.")
        );
    }

    #[test]
    fn the_align_output_reads_back() {
        let tsv = "Kyoto was the capital.\t京都は都であった。\t0.912\n\
                   It has many temples.\t寺院が多い。\t0.874\tfixed\n";
        let article = table(tsv, "pairs.tsv").article;
        assert_eq!(
            pairs(&article),
            [vec![
                (Some("Kyoto was the capital."), Some("京都は都であった。")),
                (Some("It has many temples."), Some("寺院が多い。")),
            ]]
        );
    }

    #[test]
    fn a_quote_never_closed_is_an_error_naming_its_place() {
        let text = "en,ja\nOne.,一。\n\"Two.,二。\nThree.,三。\n";
        assert_eq!(
            error(text, "x.csv", None),
            "bad table at line 3, column 1: a quoted field opened here is never closed"
        );
        assert_eq!(
            error(text, "x", Some(Format::Csv)),
            "bad table at line 3, column 1: a quoted field opened here is never closed"
        );
        // In TSV a quote is text.
        let tsv = table("\"One.\t一。\nTwo.\t二。\n", "x").article;
        assert_eq!(tsv.blocks[0].sentence(0, Side::En), Some("\"One."));
    }

    #[test]
    fn a_row_without_text_is_an_error_naming_its_line() {
        let tsv = "1\tOne.\t一。\n2\tTwo.\t二。\n\n3\t\t\n4\tFour.\t四。\n";
        assert_eq!(
            error(tsv, "x", None),
            "bad table at line 4: the row has no text"
        );
        let tatoeba = "1\teng\tOne.\n2\tjpn\t一。\n3\tjpn\t\n";
        assert_eq!(
            error(tatoeba, "x", None),
            "bad table at line 3: the row has no text"
        );
        // A quoted line break moves the lines on; a row of empty cells is a blank row.
        let csv = "en,ja\n\"One\nline.\",一。\n,\nx,\n,,0.5\n";
        assert_eq!(
            error(csv, "x.csv", None),
            "bad table at line 6: the row has no text"
        );
        let header_only = import_bytes(b"en\tja\n", "x.tsv", None).expect_err("empty");
        assert!(matches!(header_only, ImportError::Empty), "{header_only:?}");
    }

    #[test]
    fn text_that_is_not_a_table_keeps_its_format() {
        let plain = |text: &str, source: &str| {
            assert_eq!(format_of(text, source), Format::Plain, "{text:?}");
        };
        plain(
            "A story.\nIt has a line\twith a tab.\nAnd more lines.\nThe end.\n",
            "s.txt",
        );
        plain(
            "\t吾輩は猫である。\n\t名前はまだ無い。\n\tどこで生れたか。\n",
            "n.txt",
        );
        plain("Name:\tTaro\nAge:\t12\n", "form.txt");
        plain(
            "{\n\t\"title\": \"日本\",\n\t\"body\": \"本文\"\n}\n",
            "x.json",
        );
        plain(
            "Dear Ken, hello, and thanks.\nYes, I will, soon.\n",
            "letter.txt",
        );
        assert_eq!(
            format_of("Name:\tTaro\nAge:\t12\n", "form.tsv"),
            Format::Tsv
        );
        assert_eq!(
            format_of("名前:\t太郎\n年:\t十二\n", "form.txt"),
            Format::Tsv
        );
        // The other formats are detected as before, a stray tab or not.
        let page = fixture("jitow_full.txt");
        assert_eq!(format_of(&page, "page.tsv"), Format::Jitow);
        let tabbed = page.replacen('\n', "\tx\n", 3);
        assert_eq!(format_of(&tabbed, "page.txt"), Format::Jitow);
        let novel = fixture("novel_ja.txt");
        assert_eq!(format_of(&novel, "novel.csv"), Format::Plain);
        for kyoto in ["kyoto_sentences.xml", "kyoto_nested.xml"] {
            assert_eq!(format_of(&fixture(kyoto), "k.tsv"), Format::Kyoto);
        }
        let alternating = fixture("plain_alternating.txt");
        assert_eq!(format_of(&alternating, "p.txt"), Format::Plain);
    }

    #[test]
    fn a_table_with_a_jitow_publisher_line_is_still_a_table() {
        let tsv = "The English-Speaking Union of Japan\t一般社団法人 日本英語交流連盟\n\
                   Japan in Their Own Words\t日本からの意見\n";
        assert_eq!(format_of(tsv, "glossary.txt"), Format::Tsv);
    }

    #[test]
    fn an_explicit_format_reads_any_text_as_that_table() {
        let imported = import_bytes(
            fixture("table_scored.csv").as_bytes(),
            "x",
            Some(Format::Tsv),
        )
        .expect("one column of text");
        assert_eq!(imported.article.format, Format::Tsv);
        let path = manifest_path("tests/fixtures/table_pairs.tsv");
        let read = taiyaku::import::import_path(&path, Some(Format::Tsv)).expect("reads");
        assert_eq!(read.article.blocks.len(), 2);
        assert_eq!(taiyaku::import::format_named("CSV"), Some(Format::Csv));
        assert_eq!(taiyaku::import::format_named("tab"), Some(Format::Tsv));
    }

    #[test]
    fn cells_are_sanitized_and_tabs_in_them_expanded() {
        let csv = "en,ja\n\"Red\u{1b}[31m\tword.\",\"赤\u{202e}い。\"\n";
        let article = table(csv, "x.csv").article;
        let block = &article.blocks[0];
        let en = block.text.en.as_deref().expect("English");
        assert!(!en.contains(['\u{1b}', '\t']), "{en:?}");
        assert!(!block.text.ja.as_deref().unwrap_or("").contains('\u{202e}'));
    }

    /// Rows of tables, fragments of them and hostile text.
    const PIECES: &[&str] = &[
        "en\tja\n",
        "english,japanese\n",
        "id\tlang\ttext\n",
        "1\teng\t",
        "2\tjpn\t",
        "3\tfra\t",
        "One.",
        "一つ。",
        "\t",
        ",",
        "\"",
        "\"\"",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "0.93",
        "\u{1b}[2J",
        "\u{9b}1m",
        "\u{202e}",
        "\u{FEFF}",
        "\u{3000}",
        "e\u{301}",
    ];

    fn table_text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|p| p.concat())
    }

    fn no_control(text: &str) -> bool {
        !text
            .chars()
            .any(|c| (c.is_control() && c != '\n') || ('\u{80}'..='\u{9F}').contains(&c))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn any_table_imports_safely(
            text in table_text(),
            format in prop::sample::select(vec![None, Some(Format::Tsv), Some(Format::Csv)]),
            source in prop::sample::select(vec!["x", "x.tsv", "x.csv"]),
        ) {
            match import_bytes(text.as_bytes(), source, format) {
                Err(error) => {
                    let message = error.to_string();
                    prop_assert!(!message.contains('\n') && no_control(&message), "{message:?}");
                }
                Ok(imported) => {
                    let article = &imported.article;
                    let is_table = matches!(article.format, Format::Tsv | Format::Csv);
                    for block in article.blocks.iter().filter(|_| is_table) {
                        prop_assert!(block.sentences_fit());
                        prop_assert!(!block.sentences.is_empty());
                        for side in [&block.text.en, &block.text.ja].into_iter().flatten() {
                            prop_assert!(no_control(side) && !side.contains('\n'), "{side:?}");
                        }
                    }
                }
            }
        }
    }
}

// ---- HTML pages ------------------------------------------------------------------------------

mod html {
    use proptest::prelude::*;
    use taiyaku::article::{Article, BlockKind};
    use taiyaku::import::{Format, ImportError, Imported, import_bytes, native};
    use taiyaku::text::decode;

    use super::{fixture, readings, ruby_is_sound, seed_imported, sides};

    fn page(text: &str, source: &str) -> Imported {
        import_bytes(text.as_bytes(), source, None).expect("imports")
    }

    fn blocks(article: &Article) -> Vec<(BlockKind, Option<&str>, Option<&str>)> {
        article
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.en.as_deref(), b.text.ja.as_deref()))
            .collect()
    }

    /// Every text of the article: headings and blocks, both sides.
    fn all_text(article: &Article) -> String {
        let h = &article.headings;
        let headings = [&h.title, &h.byline, &h.date]
            .into_iter()
            .flat_map(|b| [&b.en, &b.ja]);
        let blocks = article.blocks.iter().flat_map(|b| [&b.text.en, &b.text.ja]);
        headings
            .chain(blocks)
            .flatten()
            .map(taiyaku::article::SharedStr::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn an_article_page_keeps_its_article_and_headings() {
        let imported = page(&fixture("html_article_en.html"), "repair.html");
        let article = &imported.article;
        assert_eq!(article.format, Format::Html);
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        let h = &article.headings;
        assert_eq!(h.title.en.as_deref(), Some("The Quiet Art of Repair"));
        assert_eq!(h.byline.en.as_deref(), Some("MORITA Aiko"));
        assert_eq!(h.date_iso.as_deref(), Some("2019-04-12"));
        let blocks = blocks(article);
        let paragraph = |en| (BlockKind::Paragraph, Some(en), None);
        assert_eq!(blocks[0], paragraph("Letters from Japan"));
        assert_eq!(blocks[1], paragraph("MORITA Aiko / Ceramicist"));
        assert!(
            blocks[2]
                .1
                .unwrap()
                .starts_with("My grandmother kept a tea bowl")
        );
        assert!(
            blocks[2].1.unwrap().contains("was mended with lacquer"),
            "lines joined"
        );
        assert_eq!(
            blocks[4],
            (
                BlockKind::Heading { level: 2 },
                Some("Gold in the cracks"),
                None
            )
        );
        assert!(
            blocks[5].1.unwrap().contains("called kintsugi, and")
                && blocks[5].1.unwrap().ends_with("on our workshop page."),
            "inline elements are their text: {:?}",
            blocks[5]
        );
        assert_eq!(
            blocks[6],
            paragraph(
                "A repaired bowl is not a ruined bowl. It is a bowl that was loved enough to keep."
            )
        );
        assert_eq!(
            blocks[8],
            paragraph("patience with the material, which cannot be hurried;")
        );
        assert_eq!(
            blocks[11],
            paragraph(
                "We live among things designed to be replaced. Repairing one of them, slowly, is a small act of resistance & of care."
            )
        );
        assert_eq!(
            blocks[12],
            (
                BlockKind::Note,
                Some("  urushi   lacquer, 3 weeks\n  kinpun   gold powder"),
                None
            )
        );
        assert!(
            blocks[13]
                .1
                .unwrap()
                .starts_with("When my grandmother died")
        );
        assert_eq!(blocks.len(), 14);
    }

    #[test]
    fn what_surrounds_the_article_is_left_out() {
        let text = all_text(&page(&fixture("html_article_en.html"), "repair.html").article);
        for left_out in [
            "Kansai Dialogue Forum",
            "Skip to content",
            "About us",
            "Home",
            "Share on X",
            "Tags:",
            "comments",
            "Thank you for sharing",
            "Popular letters",
            "pilgrim roads",
            "cookies",
            "Accept",
            "All rights reserved",
            "JavaScript",
            "Tracking",
            "track(",
            "font-family",
        ] {
            assert!(!text.contains(left_out), "{left_out:?} in\n{text}");
        }
    }

    #[test]
    fn a_japanese_page_without_an_article_is_read_from_its_densest_container() {
        let imported = page(&fixture("html_ja.html"), "honya.html");
        let article = &imported.article;
        assert_eq!(article.format, Format::Html);
        assert_eq!(
            article.headings.title.ja.as_deref(),
            Some("町の本屋が消えた日")
        );
        let ja: Vec<_> = blocks(article)
            .into_iter()
            .map(|(kind, en, ja)| {
                assert_eq!(en, None);
                (kind, ja.unwrap())
            })
            .collect();
        assert_eq!(ja.len(), 5);
        assert_eq!(
            ja[1].1,
            "\u{3000}店主は無口な人だったが、常連の好みはよく覚えていて、新しい本が入るとそっと脇に取り置いてくれた。",
            "ruby keeps its base text; a line break between Japanese is joined with nothing"
        );
        assert_eq!(ja[2], (BlockKind::Heading { level: 2 }, "棚の記憶"));
        assert_eq!(
            ja[3].1, "\u{3000}文庫の棚は入口の左にあった。夏になると、そこに怪談の本が並んだ。",
            "<br> in Japanese"
        );
        let text = all_text(article);
        for left_out in [
            "トップ",
            "人気の記事",
            "雨の日の図書館",
            "プロフィール",
            "Copyright",
            "訪問者数",
        ] {
            assert!(!text.contains(left_out), "{left_out:?} in\n{text}");
        }
    }

    #[test]
    fn the_declared_charset_is_honoured() {
        let utf8 = fixture("html_ja.html");
        let (shift_jis, _, _) = encoding_rs::SHIFT_JIS.encode(&utf8);
        let from_shift_jis = import_bytes(&shift_jis, "honya.html", None).expect("imports");
        let from_utf8 = page(&utf8, "honya.html");
        assert_eq!(from_shift_jis.article.blocks, from_utf8.article.blocks);
        assert!(
            from_shift_jis.warnings.is_empty(),
            "{:?}",
            from_shift_jis.warnings
        );
        // Valid UTF-8 under a leftover Shift_JIS label stays UTF-8.
        assert!(from_utf8.warnings.is_empty(), "{:?}", from_utf8.warnings);
    }

    /// A page of kanji only, which `text::decode` takes for `Shift_JIS` when it is EUC-JP.
    fn kanji_page(declaration: &str) -> Vec<u8> {
        let html = format!(
            "<!DOCTYPE html><html><head>{declaration}<title>x</title></head>\
             <body><h1>名古屋大学</h1><p>北海道札幌市 和歌山県</p></body></html>"
        );
        encoding_rs::EUC_JP.encode(&html).0.into_owned()
    }

    #[test]
    fn a_declared_charset_corrects_a_wrong_guess() {
        let undeclared = kanji_page("");
        assert_eq!(
            decode(&undeclared).unwrap().encoding,
            "Shift_JIS",
            "the guess is wrong"
        );
        let guessed = import_bytes(&undeclared, "k.html", None).expect("imports");
        assert_ne!(
            guessed.article.headings.title.ja.as_deref(),
            Some("名古屋大学")
        );
        for declaration in [
            "<meta charset=\"euc-jp\">",
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=EUC-JP\">",
        ] {
            let imported = import_bytes(&kanji_page(declaration), "k.html", None).expect("imports");
            let article = &imported.article;
            assert_eq!(article.headings.title.ja.as_deref(), Some("名古屋大学"));
            assert_eq!(
                article.blocks[0].text.ja.as_deref(),
                Some("北海道札幌市 和歌山県")
            );
            assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        }
        // Chosen on the command line, the row still honours the declaration.
        let chosen = import_bytes(
            &kanji_page("<meta charset=x-euc-jp>"),
            "k",
            Some(Format::Html),
        );
        assert_eq!(
            chosen.unwrap().article.headings.title.ja.as_deref(),
            Some("名古屋大学")
        );
    }

    #[test]
    fn a_declaration_the_bytes_contradict_is_not_followed() {
        let html = "<html><head><meta charset=\"EUC-JP\"></head><body><p>かな漢字ｶﾀｶﾅ、まじり。</p></body></html>";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(html);
        let imported = import_bytes(&bytes, "x.html", None).expect("imports");
        assert_eq!(
            imported.article.blocks[0].text.ja.as_deref(),
            Some("かな漢字ｶﾀｶﾅ、まじり。")
        );
        assert_eq!(
            imported.warnings,
            ["the document declares EUC-JP, which its bytes are not in: read as Shift_JIS"]
        );
        let unknown = html.replace("EUC-JP", "klingon\u{1b}");
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&unknown);
        let imported = import_bytes(&bytes, "x.html", None).expect("imports");
        assert_eq!(
            imported.warnings,
            ["the document declares an unknown encoding 'klingon␛': read as Shift_JIS"]
        );
    }

    #[test]
    fn lang_attributes_place_and_pair_a_bilingual_page() {
        let imported = page(&fixture("html_bilingual.html"), "garden.html");
        let article = &imported.article;
        let h = &article.headings;
        assert_eq!(h.title.en.as_deref(), Some("Two Languages, One Garden"));
        assert_eq!(h.title.ja.as_deref(), Some("二つの言葉、一つの庭"));
        let paragraph = |en, ja| (BlockKind::Paragraph, Some(en), Some(ja));
        assert_eq!(
            blocks(article),
            [
                paragraph(
                    "Every spring the neighbours plant the shared garden together.",
                    "毎年春になると、近所の人たちが共同の庭に一緒に種をまく。"
                ),
                (BlockKind::Heading { level: 2 }, Some("Seeds"), Some("種")),
                // The `lang` of a `div` around the paragraph.
                paragraph(
                    "Some seeds come from the shop; others are saved from last year.",
                    "店で買う種もあれば、去年の実から取っておく種もある。"
                ),
                // `lang="ja"` wins over Latin script; an inline `lang` does not move the block.
                paragraph(
                    "The children label the rows in both languages.",
                    "Daikon, ninjin, and tomatoes"
                ),
                paragraph(
                    "Nobody remembers who started the tradition.",
                    "この習わしを誰が始めたのか、覚えている人はいない。"
                ),
            ]
        );
    }

    #[test]
    fn ruby_becomes_spans_over_the_base() {
        let imported = page(&fixture("html_ruby.html"), "ruby.html");
        let article = &imported.article;
        assert_eq!(article.headings.title.ja.as_deref(), Some("ルビの見本"));
        let got: Vec<_> = article
            .blocks
            .iter()
            .map(|b| (b.kind, sides(b), readings(b)))
            .collect();
        let p = BlockKind::Paragraph;
        let ja = |text| (None, Some(text));
        assert_eq!(
            got,
            [
                (
                    BlockKind::Heading { level: 2 },
                    ja("見出しのルビ"),
                    vec![("見出", "みだ")]
                ),
                // A base at the very start of its block.
                (p, ja("漢字には読みがある。"), vec![("漢字", "かんじ")]),
                // A reading per base, <rp> dropped; a base at the very end of its block.
                (
                    p,
                    ja("一字ずつ読む漢字"),
                    vec![("漢", "かん"), ("字", "じ")]
                ),
                (
                    p,
                    ja("東京と大阪。"),
                    vec![("東京", "とうきょう"), ("大", "おお"), ("阪", "さか")]
                ),
                // Only the first annotation: the <rtc> is dropped.
                (
                    p,
                    ja("英語の注釈は落ちる：京都。"),
                    vec![("京都", "きょうと")]
                ),
                (p, ja("入れ子の仮名。"), vec![("仮名", "か な")]),
                // White space in the base: a line break between Japanese joined with
                // nothing; in the reading, collapsed to one space.
                (p, ja("改行の中の空白。"), vec![("改行", "かい ぎょう")]),
                // An empty reading or base makes no span.
                (p, ja("読みのないルビ：空と。"), vec![]),
                // Ruby on the English side is dropped.
                (p, (Some("The word 漢字 is English here."), None), vec![]),
            ]
        );
        // The native JSON keeps the ruby as it is.
        let json = native::to_json(article);
        let back = import_bytes(json.as_bytes(), "ruby.taiyaku.json", None).expect("imports");
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        assert_eq!(&back.article, article);
    }

    #[test]
    fn ruby_follows_a_paired_japanese_paragraph() {
        let html = "<html><body><main><p>Kanji have readings.</p>\
            <p><ruby>漢字<rt>かんじ</rt></ruby>には読みがある。</p>\
            <p lang=\"en\">It ends <ruby>here<rt>ここ</rt></ruby>.</p>\
            <p lang=\"ja\">ここで<ruby>終<rt>お</rt></ruby>わる。</p></main></body></html>";
        let article = page(html, "x").article;
        let got: Vec<_> = article
            .blocks
            .iter()
            .map(|b| (sides(b), readings(b)))
            .collect();
        assert_eq!(
            got,
            [
                (
                    (Some("Kanji have readings."), Some("漢字には読みがある。")),
                    vec![("漢字", "かんじ")]
                ),
                (
                    (Some("It ends here."), Some("ここで終わる。")),
                    vec![("終", "お")]
                ),
            ]
        );
    }

    #[test]
    fn render_shows_a_pages_ruby_inline_or_hides_it() {
        let render = |ruby: &str| {
            let output = std::process::Command::new(env!("CARGO_BIN_EXE_taiyaku"))
                .args(["render", "--width", "80", "--layout", "ja", "--ruby", ruby])
                .arg(super::manifest_path("tests/fixtures/html_ruby.html"))
                .output()
                .expect("the binary runs");
            assert!(output.status.success(), "{output:?}");
            String::from_utf8(output.stdout).expect("UTF-8")
        };
        let inline = render("inline");
        assert!(inline.contains("漢字(かんじ)には読みがある。"), "{inline}");
        assert!(inline.contains("一字ずつ読む漢(かん)字(じ)"), "{inline}");
        let hidden = render("hide");
        assert!(hidden.contains("漢字には読みがある。"), "{hidden}");
        assert!(!hidden.contains("かんじ"), "{hidden}");
    }

    #[test]
    fn without_lang_attributes_blocks_are_placed_by_script() {
        let html = "<html lang=\"en\"><body><main><p>One.</p><p>一つ。</p><p>Two.</p><p>二つ。</p></main></body></html>";
        let article = page(html, "x").article;
        assert_eq!(
            blocks(&article),
            [
                (BlockKind::Paragraph, Some("One."), Some("一つ。")),
                (BlockKind::Paragraph, Some("Two."), Some("二つ。")),
            ]
        );
        assert!(article.headings.title.is_empty());
    }

    #[test]
    fn the_page_title_stands_in_for_a_missing_h1() {
        let html = "<html><head><title>\n  A Walk | My Blog\n</title></head><body><p>Text.</p></body></html>";
        let article = page(html, "x").article;
        assert_eq!(article.headings.title.en.as_deref(), Some("A Walk"));
        // An h1 outside the container of paragraphs is the title before the <title> is.
        let html = "<!DOCTYPE html><title>Site</title><div><h1>The Essay</h1><div><p>A paragraph.</p><p>More.</p></div></div>";
        let article = page(html, "x").article;
        assert_eq!(article.headings.title.en.as_deref(), Some("The Essay"));
        assert_eq!(article.blocks.len(), 2);
    }

    #[test]
    fn text_loose_in_the_body_and_line_breaks_are_read() {
        let html = "<html><body>First line<br>second line<div>A &amp; B&nbsp;C</div>\n<li>item</li></body></html>";
        assert_eq!(
            blocks(&page(html, "x").article),
            [
                (BlockKind::Paragraph, Some("First line second line"), None),
                (BlockKind::Paragraph, Some("A & B\u{a0}C"), None),
                (BlockKind::Paragraph, Some("item"), None),
            ]
        );
    }

    #[test]
    fn a_page_without_text_in_its_body_is_empty() {
        for html in [
            "<!DOCTYPE html><html><head><title>Only a title</title></head><body></body></html>",
            "<html><body><nav>Menu</nav><script>var x = 1;</script><footer>(c)</footer></body></html>",
            "<html><body><main>  </main><div class=\"sidebar\"><p>Side</p></div></body></html>",
            "<html><frameset><frame src=\"a.html\"></frameset></html>",
        ] {
            let error = import_bytes(html.as_bytes(), "x.html", None).expect_err("empty");
            assert!(matches!(error, ImportError::Empty), "{html}: {error:?}");
        }
    }

    #[test]
    fn references_cannot_smuggle_controls() {
        let html = "<!DOCTYPE html><title>T&#7;itle</title><p>a&#27;[31mb &#x9b;2J &#0; &#x202e;c&#9;d</p><pre>x&#27;]0;t&#7;\ty</pre>";
        let article = page(html, "x").article;
        let text = all_text(&article);
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || ('\u{80}'..='\u{9F}').contains(&c)),
            "{text:?}"
        );
        assert!(text.contains('␛'), "{text:?}");
    }

    /// A page nested deeper than any real one is refused at once, rather than parsed for
    /// minutes (html5ever's time grows with the square of the depth); a deep one still reads.
    #[test]
    fn deep_nesting_is_read_or_refused_quickly() {
        let nested = |depth: usize| {
            format!(
                "<!DOCTYPE html><body>{}<p>Deep down.</p>{}",
                "<div><span>".repeat(depth),
                "</span></div>".repeat(depth)
            )
        };
        let article = page(&nested(100), "x").article;
        assert_eq!(
            blocks(&article),
            [(BlockKind::Paragraph, Some("Deep down."), None)]
        );
        let refused = import_bytes(nested(100_000).as_bytes(), "x.html", None).unwrap_err();
        assert!(
            refused.to_string().contains("nests too deeply"),
            "{refused}"
        );
    }

    #[test]
    fn html_is_detected_by_content_whatever_the_name() {
        let format = |text: &str, source: &str| {
            import_bytes(text.as_bytes(), source, None).map(|i| i.article.format)
        };
        assert_eq!(
            format(&fixture("html_article_en.html"), "page.txt").ok(),
            Some(Format::Html)
        );
        assert_eq!(
            format(&fixture("html_ja.html"), "page").ok(),
            Some(Format::Html)
        );
        assert_eq!(
            format(
                "<head><title>T</title></head>\n<body><p>Body.</p></body>",
                "x"
            )
            .ok(),
            Some(Format::Html)
        );
        // A fragment is HTML by its name only.
        assert_eq!(
            format("<p>A fragment.</p>", "frag.htm").ok(),
            Some(Format::Html)
        );
        assert_eq!(
            format("<p>A fragment.</p>", "frag").ok(),
            Some(Format::Plain)
        );
        assert_eq!(taiyaku::import::format_named("HTM"), Some(Format::Html));
    }

    #[test]
    fn other_formats_are_detected_as_before() {
        let format = |text: &str, source: &str| {
            import_bytes(text.as_bytes(), source, None)
                .map(|i| i.article.format)
                .ok()
        };
        for (text, expected) in [
            (fixture("jitow_full.txt"), Format::Jitow),
            (fixture("plain_alternating.txt"), Format::Plain),
            (fixture("markdown_bilingual.md"), Format::Markdown),
            (fixture("kyoto_nested.xml"), Format::Kyoto),
            (fixture("tmx_memory.tmx"), Format::Tmx),
            (fixture("subtitles_en.vtt"), Format::Subtitles),
            (fixture("table_pairs.tsv"), Format::Tsv),
            (
                "Put the script in the <head> of the page.\n\nThen reload.\n".to_owned(),
                Format::Plain,
            ),
            (
                "<!-- a comment -->\n# Notes\n\n- with <b>inline</b> HTML\n".to_owned(),
                Format::Markdown,
            ),
        ] {
            assert_eq!(format(&text, "file"), Some(expected), "{text:.60}");
        }
        assert_eq!(seed_imported().article.format, Format::Jitow);
    }

    /// HTML's notations, references and hostile controls.
    const PIECES: &[&str] = &[
        "<!DOCTYPE html>",
        "<html lang=\"ja\">",
        "<head>",
        "<meta charset=\"euc-jp\">",
        "<meta charset=\"klingon\u{1b}\">",
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=",
        "<title>",
        "</title>",
        "<body>",
        "<main>",
        "<article>",
        "<nav>",
        "<div class=\"sidebar\">",
        "<div>",
        "</div>",
        "<h1>",
        "<h2 lang=\"en\">",
        "</h1>",
        "<p>",
        "<p lang=\"ja\">",
        "</p>",
        "<pre>",
        "</pre>",
        "<br>",
        "<ruby>",
        "<rt>",
        "</rt>",
        "<rb>",
        "</rb>",
        "<rp>(</rp>",
        "<rtc>",
        "</rtc>",
        "</ruby>",
        "<span>",
        "</span>",
        "<ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rt>じ</rt></ruby>",
        "か\u{3099}",
        "\u{3099}",
        "<script>",
        "</script>",
        "<template>",
        "<table><tr><td>",
        "<a href=\"x\">",
        "<!--",
        "-->",
        "<",
        ">",
        "\"",
        "&amp;",
        "&#27;",
        "&#x9b;",
        "&#0;",
        "&#x202e;",
        "&#9;",
        "&nbsp;",
        "English text.",
        "日本語の文。",
        "\n",
        "\r\n",
        "\t",
        " ",
        "\u{1b}[31m",
        "\u{9b}2J",
        "\u{7f}",
        "\u{FEFF}",
    ];

    fn html_text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|p| p.concat())
    }

    fn unsafe_char(c: char) -> bool {
        (c.is_control() && c != '\n') || ('\u{80}'..='\u{9F}').contains(&c)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn any_html_imports_safely(text in html_text(), chosen in any::<bool>(), euc in any::<bool>()) {
            let format = chosen.then_some(Format::Html);
            let bytes = if euc {
                encoding_rs::EUC_JP.encode(&text).0.into_owned()
            } else {
                text.into_bytes()
            };
            match import_bytes(&bytes, "any.html", format) {
                Err(error) => {
                    let message = error.to_string();
                    prop_assert!(!message.chars().any(|c| c == '\n' || unsafe_char(c)));
                }
                Ok(imported) => {
                    let text = all_text(&imported.article);
                    prop_assert!(!text.chars().any(unsafe_char), "unsanitized {:?}", text);
                    for block in &imported.article.blocks {
                        prop_assert!(ruby_is_sound(block), "{:?}", block);
                        for ruby in block.ruby() {
                            let reading = &ruby.reading;
                            prop_assert!(!reading.is_empty() && !reading.chars().any(unsafe_char));
                            prop_assert!(!reading.contains('\n'), "{:?}", reading);
                        }
                    }
                    for warning in &imported.warnings {
                        prop_assert!(!warning.chars().any(|c| c == '\n' || unsafe_char(c)));
                    }
                }
            }
        }
    }
}

// ---- EPUB books ------------------------------------------------------------------------------

mod epub {
    use std::io::{Cursor, Write};

    use super::{error_of, readings, ruby_is_sound, sides};
    use crate::common::TempDir;
    use crate::common::epub::{MIMETYPE, book, fixture_book};
    use taiyaku::article::{Block, BlockKind, Side};
    use taiyaku::import::{Format, ImportError, Imported, format_named, import_bytes};
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    const CONTAINER: &str = r#"<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"#;

    /// A book's files: names and bytes.
    type Files<'a> = Vec<(&'a str, &'a [u8])>;

    fn kinds_and_sides(blocks: &[Block]) -> Vec<(BlockKind, Option<&str>, Option<&str>)> {
        blocks
            .iter()
            .map(|b| (b.kind, b.text.en.as_deref(), b.text.ja.as_deref()))
            .collect()
    }

    fn epub(bytes: &[u8]) -> Imported {
        import_bytes(bytes, "book.epub", None).unwrap_or_else(|e| panic!("{e}"))
    }

    fn refusal(bytes: &[u8]) -> String {
        error_of(bytes, None).to_string()
    }

    /// A package document of these manifest items and spine, with a title.
    fn package(items: &str, spine: &str) -> String {
        format!(
            r#"<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></metadata>
  <manifest>{items}</manifest>
  <spine>{spine}</spine>
</package>"#
        )
    }

    /// An XHTML content document of this body.
    fn xhtml(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" \
             xmlns:epub=\"http://www.idpf.org/2007/ops\"><head><title>x</title></head>\
             <body>{body}</body></html>"
        )
    }

    /// A book of one chapter, `OEBPS/ch1.xhtml`, and other files.
    fn one_chapter(body: &str, more: &[(&str, &[u8])]) -> Vec<u8> {
        let opf = package(
            r#"<item id="c1" href="ch1.xhtml" media-type="application/xhtml+xml"/>"#,
            r#"<itemref idref="c1"/>"#,
        );
        let chapter = xhtml(body);
        let mut files: Vec<(&str, &[u8])> = vec![
            ("META-INF/container.xml", CONTAINER.as_bytes()),
            ("OEBPS/content.opf", opf.as_bytes()),
            ("OEBPS/ch1.xhtml", chapter.as_bytes()),
        ];
        files.extend_from_slice(more);
        book(&files)
    }

    #[test]
    fn a_bilingual_epub3_pairs_its_languages_under_its_nav_headings() {
        let imported = epub(&fixture_book("epub3_bilingual"));
        let article = &imported.article;
        assert_eq!(article.format, Format::Epub);
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        let h = &article.headings;
        assert_eq!(
            sides_of(&h.title),
            (Some("The Lantern Maker"), Some("提灯職人"))
        );
        assert_eq!(sides_of(&h.byline), (Some("Hana Mori"), Some("森花")));
        assert_eq!(sides_of(&h.publisher), (Some("Taiyaku Test Press"), None));
        assert_eq!(sides_of(&h.series), (Some("Small Crafts"), None));
        // A date has no letters: it goes on the side of the book's first dc:language.
        assert_eq!(sides_of(&h.date), (Some("2021-03-14"), None));
        assert_eq!(h.date_iso.as_deref(), Some("2021-03-14"));
        let heading = |level| BlockKind::Heading { level };
        let p = BlockKind::Paragraph;
        assert_eq!(
            kinds_and_sides(&article.blocks),
            [
                // From the nav: the chapter starts with no heading of its own.
                (heading(1), Some("The Shop by the River"), None),
                // xml:lang on each paragraph, though <html> says ja; ruby keeps its base.
                (
                    p,
                    Some("Every evening the lantern maker opened her shop by the river."),
                    Some("毎晩、提灯職人は川辺の店を開けた。")
                ),
                // Inline markup is its text; a line break between Japanese characters goes.
                (
                    p,
                    Some("She glued the paper slowly, one rib at a time."),
                    Some("彼女は紙をゆっくりと、骨を一本ずつ貼った。")
                ),
                (
                    p,
                    Some("“Light needs patience,” her teacher had said."),
                    Some("「光には忍耐がいる」と師匠は言っていた。")
                ),
                // The chapter's own h1s: the nav's equivalent entry is not repeated.
                (heading(1), Some("Paper and Light"), Some("紙と光")),
                (
                    p,
                    Some("Washi is thin but strong.1"),
                    Some("和紙は薄いが強い。")
                ),
                (p, Some("Bamboo for the ribs"), Some("骨には竹")),
                // The nav's entry for an element id, at its depth, before that element.
                (heading(2), Some("At Night"), None),
                // Without xml:lang, each paragraph's script places it.
                (
                    p,
                    Some("When the sun went down, every lantern in the shop was lit at once."),
                    Some("日が沈むと、店の提灯が一斉に灯った。")
                ),
                (
                    BlockKind::Note,
                    Some("1. Paper made by hand in Japan."),
                    None
                ),
            ]
        );
    }

    fn sides_of(text: &taiyaku::article::Bilingual) -> (Option<&str>, Option<&str>) {
        (text.en.as_deref(), text.ja.as_deref())
    }

    #[test]
    fn an_epub2_novel_takes_its_headings_from_the_ncx() {
        let imported = epub(&fixture_book("epub2_novel"));
        let article = &imported.article;
        let h = &article.headings;
        assert_eq!(sides_of(&h.title), (None, Some("雨の図書館")));
        assert_eq!(sides_of(&h.byline), (None, Some("山田ゆき")));
        // The publication's date (not the modification's), without its time of day, on the
        // side of dc:language.
        assert_eq!(sides_of(&h.date), (None, Some("2019-11-03")));
        assert_eq!(h.date_iso.as_deref(), Some("2019-11-03"));
        let heading = |level| BlockKind::Heading { level };
        let p = BlockKind::Paragraph;
        assert_eq!(
            kinds_and_sides(&article.blocks),
            [
                // The title page's h1 is the NCX's first entry: not repeated. The cover image
                // in the spine gives nothing.
                (heading(1), None, Some("雨の図書館")),
                (p, None, Some("山田ゆき")),
                // `chapter%201.xhtml` is the file `chapter 1.xhtml`.
                (heading(1), None, Some("第一章\u{3000}雨")),
                (
                    p,
                    None,
                    Some("\u{3000}雨の日には、図書館がいつもより静かになる。")
                ),
                // <br/> joins as Japanese lines join; the ruby's reading is dropped.
                (p, None, Some("「こんにちは」と司書が言った。")),
                // An English line in a Japanese novel stays on its own.
                (p, Some("CLOSED ON MONDAYS"), None),
                (heading(2), None, Some("閉館のあと")),
                (p, None, Some("\u{3000}閉館のあと、本棚の間を歩いた。")),
                // Tag soup (&nbsp;, an unclosed <p>) is read as HTML.
                (heading(2), None, Some("第二章\u{a0}本")),
                (
                    p,
                    None,
                    Some("古い本の匂いがした。\u{a0}窓の外では雨が続いていた。")
                ),
                (p, None, Some("最後のページには、栞が一枚はさまっていた。")),
            ]
        );
        assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
        let warning = &imported.warnings[0];
        assert!(
            warning.starts_with("1 content document is not well-formed XML, read as HTML")
                && warning.contains("OEBPS/chapter2.xhtml")
                && warning.contains("nbsp"),
            "{warning}"
        );
    }

    #[test]
    fn the_book_is_told_by_its_bytes_whatever_its_name() {
        let bytes = fixture_book("epub3_bilingual");
        for source in ["notes.txt", "book.epub", "-", "x.md"] {
            let imported = import_bytes(&bytes, source, None).expect("a book");
            assert_eq!(imported.article.format, Format::Epub, "{source}");
        }
        let named = import_bytes(&bytes, "b", Some(Format::Epub)).expect("--format epub");
        assert_eq!(named.article.blocks.len(), 10);
        let mut gzipped = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gzipped.write_all(&bytes).unwrap();
        let gzipped = gzipped.finish().unwrap();
        assert_eq!(epub(&gzipped).article.format, Format::Epub);
        assert_eq!(format_named("EPUB"), Some(Format::Epub));
    }

    #[test]
    fn format_epub_for_another_file_and_another_format_for_a_book_say_so() {
        let said = |bytes: &[u8], format| error_of(bytes, Some(format)).to_string();
        let not_a_book = [
            (
                b"Just some text.\n".as_slice(),
                "not an EPUB book: this is text",
            ),
            (
                b"PK\x03\x04....notes.txt",
                "not an EPUB book: this is a zip archive",
            ),
            (b"%PDF-1.7\n", "not an EPUB book: this is a PDF document"),
        ];
        for (bytes, says) in not_a_book {
            assert_eq!(said(bytes, Format::Epub), says);
        }
        let book = fixture_book("epub3_bilingual");
        assert_eq!(
            said(&book, Format::Markdown),
            "this is an EPUB book, not text: read it without --format, or with --format epub"
        );
    }

    #[test]
    fn other_formats_are_detected_as_before() {
        let detected = |text: &str, source| {
            import_bytes(text.as_bytes(), source, None)
                .map(|i| i.article.format)
                .ok()
        };
        assert_eq!(detected("One.\n\n一つ。\n", "a.txt"), Some(Format::Plain));
        assert_eq!(
            detected("# Title\n\n- a list\n", "a"),
            Some(Format::Markdown)
        );
        assert_eq!(detected("en,ja\nOne.,一つ。\n", "a.csv"), Some(Format::Csv));
        let tmx = "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header srclang=\"en\"/><body>\
                   <tu><tuv xml:lang=\"en\"><seg>One.</seg></tuv><tuv xml:lang=\"ja\"><seg>一。</seg></tuv></tu>\
                   </body></tmx>";
        assert_eq!(detected(tmx, "a"), Some(Format::Tmx));
        // A text that merely names the media type is text.
        assert_eq!(
            detected("mimetype: application/epub+zip\n", "a"),
            Some(Format::Plain)
        );
    }

    #[test]
    fn ruby_blocks_and_inline_markup() {
        let body = "<h3>第<ruby>一<rp>(</rp><rt>いち</rt><rp>)</rp></ruby>節</h3>\
            <div>Loose text in a div<p>and a paragraph inside it</p>and its tail.</div>\
            <dl><dt>term</dt><dd>A <a href=\"#x\">linked</a> <strong>definition</strong>.</dd></dl>\
            <pre>line one\n  line two</pre><p>a<br/>b</p><script>var x = 1;</script>\
            <p><ruby><rb>漢</rb><rb>字</rb><rtc><rt>かん</rt><rt>じ</rt></rtc></ruby>です。</p>";
        let imported = epub(&one_chapter(body, &[]));
        let p = BlockKind::Paragraph;
        assert_eq!(
            kinds_and_sides(&imported.article.blocks),
            [
                (BlockKind::Heading { level: 3 }, None, Some("第一節")),
                (p, Some("Loose text in a div"), None),
                (p, Some("and a paragraph inside it"), None),
                (p, Some("and its tail."), None),
                (p, Some("term"), None),
                (p, Some("A linked definition."), None),
                (BlockKind::Note, Some("line one\n  line two"), None),
                (p, Some("a b"), None),
                (p, None, Some("漢字です。")),
            ]
        );
        let blocks = &imported.article.blocks;
        assert_eq!(readings(&blocks[0]), [("一", "いち")]);
        // Each <rb> with its <rt>, the <rtc> holding them being the first annotation.
        assert_eq!(readings(&blocks[8]), [("漢", "かん"), ("字", "じ")]);
    }

    #[test]
    fn ruby_becomes_spans_over_the_base() {
        let body = "<h2><ruby>見出<rp>（</rp><rt>みだ</rt><rp>）</rp></ruby>しのルビ</h2>\
            <p><ruby>漢字<rt>かんじ</rt></ruby>には読みがある。</p>\
            <p>一字ずつ読む<ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rp>(</rp><rt>じ</rt><rp>)</rp></ruby></p>\
            <p><ruby><rb>東京</rb><rt>とうきょう</rt></ruby>と<ruby><rb>大</rb><rb>阪</rb>\
            <rt>おお</rt><rt>さか</rt></ruby>。</p>\
            <p>英語の注釈は落ちる：<ruby>京都<rt>きょうと</rt><rtc><rt>Kyoto</rt></rtc></ruby>。</p>\
            <p>入れ子の<ruby><span>仮</span><em>名</em><rt>かな</rt></ruby>。</p>\
            <p>\n  <ruby>  改\n    行<rt>\n かいぎょう\n </rt></ruby>の中の空白。</p>\
            <p>改行のあとの<br/><ruby>漢<br/>字<rt>かんじ</rt></ruby></p>\
            <p>読みのないルビ：<ruby>空<rt></rt></ruby>と<ruby><rt>から</rt></ruby>。</p>\
            <p xml:lang=\"en\">The word <ruby>漢字<rt>kanji</rt></ruby> is English here.</p>";
        let imported = epub(&one_chapter(body, &[]));
        let got: Vec<_> = imported
            .article
            .blocks
            .iter()
            .map(|b| (b.kind, sides(b), readings(b)))
            .collect();
        let p = BlockKind::Paragraph;
        let ja = |text| (None, Some(text));
        assert_eq!(
            got,
            [
                (
                    BlockKind::Heading { level: 2 },
                    ja("見出しのルビ"),
                    vec![("見出", "みだ")]
                ),
                (p, ja("漢字には読みがある。"), vec![("漢字", "かんじ")]),
                (
                    p,
                    ja("一字ずつ読む漢字"),
                    vec![("漢", "かん"), ("字", "じ")]
                ),
                (
                    p,
                    ja("東京と大阪。"),
                    vec![("東京", "とうきょう"), ("大", "おお"), ("阪", "さか")]
                ),
                (
                    p,
                    ja("英語の注釈は落ちる：京都。"),
                    vec![("京都", "きょうと")]
                ),
                (p, ja("入れ子の仮名。"), vec![("仮名", "かな")]),
                (p, ja("改行の中の空白。"), vec![("改行", "かいぎょう")]),
                // <br/> inside a base: its lines join as Japanese lines join.
                (p, ja("改行のあとの漢字"), vec![("漢字", "かんじ")]),
                (p, ja("読みのないルビ：空と。"), vec![]),
                (p, (Some("The word 漢字 is English here."), None), vec![]),
            ]
        );
    }

    #[test]
    fn ruby_follows_its_paragraph_into_a_bilingual_pair() {
        let body = "<p xml:lang=\"en\">Kanji have readings.</p>\
            <p xml:lang=\"ja\"><ruby>漢字<rt>かんじ</rt></ruby>には読みがある。</p>\
            <p>It ends <ruby>here<rt>ここ</rt></ruby>.</p>\
            <p>ここで<ruby>終<rt>お</rt></ruby>わる<ruby>。<rt>まる</rt></ruby></p>";
        let imported = epub(&one_chapter(body, &[]));
        let got: Vec<_> = imported
            .article
            .blocks
            .iter()
            .map(|b| (sides(b), readings(b)))
            .collect();
        assert_eq!(
            got,
            [
                (
                    (Some("Kanji have readings."), Some("漢字には読みがある。")),
                    vec![("漢字", "かんじ")]
                ),
                (
                    (Some("It ends here."), Some("ここで終わる。")),
                    vec![("終", "お"), ("。", "まる")]
                ),
            ]
        );
        // The fixtures' ruby: paired with English, after a <br/>, in tag soup.
        let lantern = epub(&fixture_book("epub3_bilingual")).article;
        assert_eq!(readings(&lantern.blocks[1]), [("提灯", "ちょうちん")]);
        let novel = epub(&fixture_book("epub2_novel")).article;
        let all: Vec<_> = novel.blocks.iter().flat_map(readings).collect();
        assert_eq!(
            all,
            [
                ("図書館", "としょかん"),
                ("司書", "ししょ"),
                ("栞", "しおり")
            ]
        );
    }

    #[test]
    fn render_shows_a_books_ruby_inline() {
        let folder = TempDir::new("epub-ruby");
        let path = folder.path().join("book.epub");
        std::fs::write(&path, fixture_book("epub2_novel")).expect("the book is written");
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_taiyaku"))
            .args([
                "render", "--width", "80", "--layout", "ja", "--ruby", "inline",
            ])
            .arg(&path)
            .output()
            .expect("the binary runs");
        assert!(output.status.success(), "{output:?}");
        let out = String::from_utf8(output.stdout).expect("UTF-8");
        assert!(out.contains("図書館(としょかん)がいつもより"), "{out}");
    }

    #[test]
    fn drm_is_refused_and_obfuscated_fonts_are_not() {
        const DRM: &str = "this EPUB is encrypted (DRM): taiyaku cannot read it";
        let encryption = |uri: &str| {
            format!(
                r#"<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
  xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>
  <enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
  <enc:CipherData><enc:CipherReference URI="{uri}"/></enc:CipherData>
</enc:EncryptedData></encryption>"#
            )
        };
        let listed = encryption("OEBPS/ch1.xhtml");
        let drm = one_chapter(
            "<p>x</p>",
            &[("META-INF/encryption.xml", listed.as_bytes())],
        );
        assert_eq!(refusal(&drm), DRM);
        let rights = one_chapter("<p>x</p>", &[("META-INF/rights.xml", b"<rights/>")]);
        assert_eq!(refusal(&rights), DRM);
        let font = encryption("OEBPS/fonts/serif.otf");
        let fonts = one_chapter(
            "<p>Readable.</p>",
            &[
                ("META-INF/encryption.xml", font.as_bytes()),
                ("OEBPS/fonts/serif.otf", b"\0\x01obfuscated"),
            ],
        );
        assert_eq!(epub(&fonts).article.blocks.len(), 1);
        // An entry encrypted in the zip itself (its flag set in both headers).
        let mut zipped = one_chapter("<p>x</p>", &[]);
        for signature in [b"PK\x01\x02", b"PK\x03\x04"] {
            let flag = if signature == b"PK\x01\x02" { 8 } else { 6 };
            let starts: Vec<usize> = zipped
                .windows(4)
                .enumerate()
                .filter(|(_, w)| w == signature)
                .map(|(at, _)| at)
                .collect();
            for at in starts {
                let name_at = if signature == b"PK\x01\x02" {
                    at + 46
                } else {
                    at + 30
                };
                if zipped[name_at..].starts_with(b"OEBPS/ch1.xhtml") {
                    zipped[at + flag] |= 1;
                }
            }
        }
        assert_eq!(refusal(&zipped), DRM);
    }

    #[test]
    fn what_is_missing_is_named() {
        let opf = package(
            r#"<item id="c1" href="ch1.xhtml" media-type="application/xhtml+xml"/>"#,
            r#"<itemref idref="c1"/><itemref idref="c2"/>"#,
        );
        let chapter = xhtml("<p>One.</p>");
        let cases: Vec<(Files, &str)> = vec![
            (vec![], "bad EPUB: META-INF/container.xml is missing"),
            (
                vec![(
                    "META-INF/container.xml",
                    b"<container><rootfiles/></container>",
                )],
                "bad EPUB: META-INF/container.xml names no rootfile",
            ),
            (
                vec![("META-INF/container.xml", CONTAINER.as_bytes())],
                "bad EPUB: OEBPS/content.opf (named in META-INF/container.xml) is missing",
            ),
            (
                vec![
                    ("META-INF/container.xml", CONTAINER.as_bytes()),
                    ("OEBPS/content.opf", opf.as_bytes()),
                ],
                "bad EPUB: OEBPS/ch1.xhtml (named in OEBPS/content.opf) is missing",
            ),
            (
                vec![
                    ("META-INF/container.xml", CONTAINER.as_bytes()),
                    ("OEBPS/content.opf", opf.as_bytes()),
                    ("OEBPS/ch1.xhtml", chapter.as_bytes()),
                ],
                "bad EPUB: the spine's item 'c2' is missing from the manifest of OEBPS/content.opf",
            ),
        ];
        for (files, says) in cases {
            assert_eq!(refusal(&book(&files)), says);
        }
        let no_spine = "<package><metadata/><manifest/></package>";
        let empty_spine = "<package><manifest/><spine/></package>";
        for (opf, says) in [
            (no_spine, "bad EPUB: OEBPS/content.opf has no spine"),
            (
                empty_spine,
                "bad EPUB: the spine of OEBPS/content.opf lists no item",
            ),
        ] {
            let files: [(&str, &[u8]); 2] = [
                ("META-INF/container.xml", CONTAINER.as_bytes()),
                ("OEBPS/content.opf", opf.as_bytes()),
            ];
            assert_eq!(refusal(&book(&files)), says);
        }
    }

    #[test]
    fn broken_xml_in_the_package_says_where() {
        let broken = "<?xml version=\"1.0\"?>\n<package>\n  <manifest>\n</package>";
        let files: [(&str, &[u8]); 2] = [
            ("META-INF/container.xml", CONTAINER.as_bytes()),
            ("OEBPS/content.opf", broken.as_bytes()),
        ];
        let said = refusal(&book(&files));
        assert!(
            said.starts_with("bad EPUB: OEBPS/content.opf: bad XML at line 4, column"),
            "{said}"
        );
        let not_a_zip = b"PK\x03\x04\x14\0\0\0\0\0mimetypeapplication/epub+zip and no more";
        let said = refusal(not_a_zip);
        assert!(
            said.starts_with("bad EPUB: not a readable zip archive ("),
            "{said}"
        );
    }

    #[test]
    fn a_book_without_text_is_empty() {
        let files: [(&str, &[u8]); 3] = [
            ("META-INF/container.xml", CONTAINER.as_bytes()),
            (
                "OEBPS/content.opf",
                br#"<package><manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c"/></spine></package>"#,
            ),
            ("OEBPS/c.xhtml", b"<html><body><p> </p><img src=\"x.png\"/></body></html>"),
        ];
        assert!(matches!(error_of(&book(&files), None), ImportError::Empty));
    }

    #[test]
    fn names_that_climb_out_of_the_book_are_never_read() {
        let secret = xhtml("<p>Secret outside the book.</p>");
        // The only file by that name climbs out (`..`): it is not the spine's item.
        let opf = package(
            r#"<item id="c1" href="ch1.xhtml" media-type="application/xhtml+xml"/>"#,
            r#"<itemref idref="c1"/>"#,
        );
        let files: [(&str, &[u8]); 4] = [
            ("META-INF/container.xml", CONTAINER.as_bytes()),
            ("OEBPS/content.opf", opf.as_bytes()),
            ("../OEBPS/ch1.xhtml", secret.as_bytes()),
            ("OEBPS/../OEBPS/ch1.xhtml", secret.as_bytes()),
        ];
        assert_eq!(
            refusal(&book(&files)),
            "bad EPUB: OEBPS/ch1.xhtml (named in OEBPS/content.opf) is missing"
        );
        // A manifest item that climbs out, and an absolute entry name.
        let opf = package(
            r#"<item id="c1" href="../../etc/ch1.xhtml" media-type="application/xhtml+xml"/>"#,
            r#"<itemref idref="c1"/>"#,
        );
        let files: [(&str, &[u8]); 3] = [
            ("META-INF/container.xml", CONTAINER.as_bytes()),
            ("OEBPS/content.opf", opf.as_bytes()),
            ("/etc/ch1.xhtml", secret.as_bytes()),
        ];
        assert_eq!(
            refusal(&book(&files)),
            "bad EPUB: the spine's item 'c1' points out of the book (../../etc/ch1.xhtml)"
        );
    }

    #[test]
    fn hostile_archives_are_refused_without_unpacking_them() {
        // More files than a book holds.
        let names: Vec<String> = (0..10_001).map(|i| format!("f/{i}")).collect();
        let many: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        assert_eq!(
            refusal(&book(&many)),
            "bad EPUB: it holds more than 10000 files"
        );
        // One file that unpacks past the limit of one file (a zip bomb: 17 MiB of spaces).
        let bomb = format!("<html><body><p>x</p>{}</body></html>", " ".repeat(17 << 20));
        let opf = package(
            r#"<item id="c1" href="big.xhtml" media-type="application/xhtml+xml"/>"#,
            r#"<itemref idref="c1"/>"#,
        );
        let files: [(&str, &[u8]); 3] = [
            ("META-INF/container.xml", CONTAINER.as_bytes()),
            ("OEBPS/content.opf", opf.as_bytes()),
            ("OEBPS/big.xhtml", bomb.as_bytes()),
        ];
        let big = book(&files);
        assert!(big.len() < 100_000, "it compresses well: {}", big.len());
        assert_eq!(
            refusal(&big),
            "bad EPUB: OEBPS/big.xhtml unpacks to more than 16 MiB"
        );
        // The same with its sizes in the central directory rewritten to say 100 bytes.
        let mut lying = big.clone();
        let directory: Vec<usize> = lying
            .windows(4)
            .enumerate()
            .filter(|(_, w)| w == b"PK\x01\x02")
            .map(|(at, _)| at)
            .collect();
        let last = *directory.last().expect("a directory");
        lying[last + 24..last + 28].copy_from_slice(&100_u32.to_le_bytes());
        let said = refusal(&lying);
        assert!(
            said.starts_with("bad EPUB: OEBPS/big.xhtml cannot be unpacked"),
            "{said}"
        );
    }

    #[test]
    fn all_files_together_may_not_unpack_past_the_limit() {
        // Five spine items of 15 MiB each (an XML comment), one entry's data shared by all.
        let chapter = format!(
            "<html><body><p>x</p><!--{}--></body></html>",
            "a".repeat(15 << 20)
        );
        let (mut items, mut spine) = (String::new(), String::new());
        for i in 1..=5 {
            let item = r#"<item id="cN" href="cN.xhtml" media-type="application/xhtml+xml"/>"#;
            items.push_str(&item.replace('N', &i.to_string()));
            spine.push_str(&r#"<itemref idref="cN"/>"#.replace('N', &i.to_string()));
        }
        let opf = package(&items, &spine);
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (name, bytes, options) in [
            ("mimetype", MIMETYPE, stored),
            ("META-INF/container.xml", CONTAINER.as_bytes(), deflated),
            ("OEBPS/content.opf", opf.as_bytes(), deflated),
            ("OEBPS/c1.xhtml", chapter.as_bytes(), deflated),
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        for i in 2..=5 {
            zip.shallow_copy_file("OEBPS/c1.xhtml", &format!("OEBPS/c{i}.xhtml"))
                .unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert_eq!(
            refusal(&bytes),
            "bad EPUB: its files unpack to more than 64 MiB"
        );
    }

    #[test]
    fn nesting_however_deep_is_read_or_refused() {
        let deep = format!(
            "{}Deep.{}",
            "<span>".repeat(100_000),
            "</span>".repeat(100_000)
        );
        let imported = epub(&one_chapter(&format!("<p>{deep}</p>"), &[]));
        assert_eq!(imported.article.blocks.len(), 1);
        // Tag soup nested that deep would take an HTML parser hours: it is refused by the
        // depth estimate before any parser sees it (the message says which check refused it).
        let soup = one_chapter(&format!("&nbsp;{}", "<div>".repeat(100_000)), &[]);
        let said = refusal(&soup);
        assert!(
            said.starts_with("bad EPUB: OEBPS/ch1.xhtml is not well-formed XML (")
                && said.ends_with("and nests too deeply to be read as HTML"),
            "{said}"
        );
    }

    #[test]
    fn every_string_is_sanitized() {
        let title = "<dc:title>Evil\u{202e}title</dc:title>";
        let opf = format!(
            r#"<package><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">{title}</metadata>
<manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="c"/></spine></package>"#
        );
        // A raw ESC is not XML: the document is read as HTML, and its text sanitized.
        let chapter = "<html><body><p>Red\u{1b}[31m text\u{9b}2J.</p></body></html>";
        let files: [(&str, &[u8]); 3] = [
            ("META-INF/container.xml", CONTAINER.as_bytes()),
            ("OEBPS/content.opf", opf.as_bytes()),
            ("OEBPS/c.xhtml", chapter.as_bytes()),
        ];
        let imported = epub(&book(&files));
        let article = &imported.article;
        let title = article.headings.title.en.as_deref().expect("a title");
        assert!(!title.contains('\u{202e}'), "{title:?}");
        let (en, _) = sides(&article.blocks[0]);
        let en = en.expect("English");
        assert!(!en.contains(['\u{1b}', '\u{9b}']), "{en:?}");
    }

    /// Ruby of every form in paragraphs of any text and white space, in a page and in a book:
    /// each span is over its base, with its reading.
    mod ruby_spans {
        use super::*;
        use proptest::prelude::*;

        /// A paragraph's runs: text, or a ruby of one of five forms (the last two with a second
        /// base and reading).
        type Run = (u8, String, String, String, String);

        fn chunk() -> impl Strategy<Value = String> {
            let chars = prop::sample::select(vec![
                '漢', '字', 'か', 'a', '&', ' ', '\n', '\u{3000}', '\t',
            ]);
            prop::collection::vec(chars, 0..5).prop_map(|c| c.into_iter().collect())
        }

        fn run() -> impl Strategy<Value = Run> {
            (0..6_u8, chunk(), chunk(), chunk(), chunk())
        }

        fn paragraphs() -> impl Strategy<Value = Vec<Vec<Run>>> {
            prop::collection::vec(prop::collection::vec(run(), 1..5), 1..4)
        }

        fn escaped(text: &str) -> String {
            text.replace('&', "&amp;")
        }

        /// A run as markup (form 0 is plain text).
        fn markup((form, a, b, c, d): &Run) -> String {
            let (a, b, c, d) = (escaped(a), escaped(b), escaped(c), escaped(d));
            match form {
                0 => a,
                1 => format!("<ruby>{a}<rt>{b}</rt></ruby>"),
                2 => format!("<ruby><rb>{a}</rb><rt>{b}</rt></ruby>"),
                3 => format!("<ruby>{a}<rp>(</rp><rt>{b}</rt><rp>)</rp></ruby>"),
                4 => format!("<ruby>{a}<rt>{b}</rt>{c}<rt>{d}</rt></ruby>"),
                _ => format!(
                    "<ruby><rb><span>{a}</span></rb><rb>{c}</rb><rt>{b}</rt><rt>{d}</rt>\
                     <rtc><rt>x</rt></rtc></ruby>"
                ),
            }
        }

        fn solid(text: &str) -> String {
            text.chars().filter(|c| !c.is_whitespace()).collect()
        }

        /// The spans a paragraph should have: each base with letters and its reading with
        /// letters, as (the base's letters, the reading with its white space collapsed).
        fn expected(runs: &[Run]) -> Vec<(String, String)> {
            let mut spans = Vec::new();
            for (form, a, b, c, d) in runs {
                let pairs = match form {
                    0 => vec![],
                    1..=3 => vec![(a, b)],
                    _ => vec![(a, b), (c, d)],
                };
                for (base, reading) in pairs {
                    let words: Vec<&str> = reading.split_whitespace().collect();
                    if !solid(base).is_empty() && !words.is_empty() {
                        spans.push((solid(base), words.join(" ")));
                    }
                }
            }
            spans
        }

        /// The spans of the blocks, and each block's letters.
        fn got(blocks: &[Block]) -> Vec<(String, Vec<(String, String)>)> {
            blocks
                .iter()
                .map(|block| {
                    let spans = readings(block)
                        .into_iter()
                        .map(|(base, reading)| (solid(base), reading.to_owned()))
                        .collect();
                    (solid(block.text.ja.as_deref().unwrap_or_default()), spans)
                })
                .collect()
        }

        /// The letters and the spans of each paragraph's block, after a first paragraph
        /// `始め` (so that neither the page nor the book is empty).
        fn wanted(paragraphs: &[Vec<Run>]) -> Vec<(String, Vec<(String, String)>)> {
            let mut want = vec![("始め".to_owned(), vec![])];
            for runs in paragraphs {
                let letters: String = runs
                    .iter()
                    .map(|(form, a, _, c, _)| {
                        if *form >= 4 {
                            format!("{a}{c}")
                        } else {
                            a.clone()
                        }
                    })
                    .map(|text| solid(&text))
                    .collect();
                if !letters.is_empty() {
                    want.push((letters, expected(runs)));
                }
            }
            want
        }

        /// The first paragraph and the paragraphs as markup, each marked Japanese by `lang`.
        fn body(paragraphs: &[Vec<Run>], lang: &str) -> String {
            let mut body = vec!["<p>始め</p>".to_owned()];
            for runs in paragraphs {
                let runs: String = runs.iter().map(markup).collect();
                body.push(format!("<p {lang}=\"ja\">{runs}</p>"));
            }
            body.concat()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            #[test]
            fn each_span_is_over_its_base(paragraphs in paragraphs()) {
                let want = wanted(&paragraphs);
                let page = body(&paragraphs, "lang");
                let html = format!("<!DOCTYPE html><html><body><main>{page}</main></body></html>");
                let from_page = import_bytes(html.as_bytes(), "ruby.html", Some(Format::Html))
                    .expect("a page");
                prop_assert_eq!(got(&from_page.article.blocks), want.clone(), "{}", html);
                let chapter = body(&paragraphs, "xml:lang");
                let from_book = epub(&one_chapter(&chapter, &[]));
                prop_assert_eq!(got(&from_book.article.blocks), want, "{}", chapter);
            }
        }
    }

    mod any_book {
        use super::*;
        use proptest::prelude::*;

        /// Fragments of content documents and hostile text.
        const PIECES: &[&str] = &[
            "<p>",
            "</p>",
            "<p xml:lang=\"ja\">",
            "<p lang=\"en\">",
            "<h1>",
            "</h1>",
            "<h7>",
            "<div id=\"x\">",
            "</div>",
            "<br/>",
            "<br>",
            "<ruby>漢<rt>かん</rt></ruby>",
            "<ruby>",
            "</ruby>",
            "<rt>",
            "</rt>",
            "<rb>",
            "</rb>",
            "<rp>(</rp>",
            "<rtc>",
            "</rtc>",
            "<span>",
            "</span>",
            "字",
            "\u{3099}",
            "<aside epub:type=\"footnote\">",
            "</aside>",
            "<pre>",
            "</pre>",
            "<li>",
            "<ul>",
            "One.",
            "一つ。",
            "&nbsp;",
            "&amp;",
            "&#x1b;",
            "&",
            "<",
            ">",
            "\u{1b}[2J",
            "\u{9b}",
            "\u{202e}",
            "\u{3000}",
            "\n",
            "\r\n",
            "\t",
            " ",
            "<![CDATA[x]]>",
            "<!--",
            "-->",
            "<?pi?>",
            "<svg><title>t</title></svg>",
            "<table><tr><td>c<td>d</table>",
            "</body>",
        ];

        fn body() -> impl Strategy<Value = String> {
            prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
        }

        fn unsafe_char(c: char) -> bool {
            (c.is_control() && c != '\n') || ('\u{80}'..='\u{9F}').contains(&c)
        }

        fn check(outcome: Result<Imported, ImportError>) -> Result<(), TestCaseError> {
            match outcome {
                Err(error) => {
                    let message = error.to_string();
                    prop_assert!(
                        !message.chars().any(|c| c == '\n' || unsafe_char(c)),
                        "{message:?}"
                    );
                }
                Ok(imported) => {
                    let headings = &imported.article.headings;
                    for field in taiyaku::article::HeadingField::ALL {
                        let text = headings.field(field);
                        for t in [&text.en, &text.ja].into_iter().flatten() {
                            prop_assert!(!t.chars().any(unsafe_char), "{t:?}");
                        }
                    }
                    for block in &imported.article.blocks {
                        for side in [Side::En, Side::Ja] {
                            if let Some(t) = block.text.get(side) {
                                prop_assert!(!t.chars().any(unsafe_char), "{t:?}");
                            }
                        }
                        prop_assert!(ruby_is_sound(block), "{block:?}");
                        for ruby in block.ruby() {
                            let reading = &ruby.reading;
                            prop_assert!(!reading.is_empty() && !reading.chars().any(unsafe_char));
                        }
                    }
                    for w in &imported.warnings {
                        prop_assert!(!w.chars().any(|c| c == '\n' || unsafe_char(c)), "{w:?}");
                    }
                }
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            #[test]
            fn any_content_document_imports_safely(body in body(), wrapped in any::<bool>()) {
                let bytes = if wrapped {
                    one_chapter(&body, &[])
                } else {
                    let opf = package(
                        r#"<item id="c1" href="ch1.xhtml" media-type="application/xhtml+xml"/>"#,
                        r#"<itemref idref="c1"/>"#,
                    );
                    let files: [(&str, &[u8]); 3] = [
                        ("META-INF/container.xml", CONTAINER.as_bytes()),
                        ("OEBPS/content.opf", opf.as_bytes()),
                        ("OEBPS/ch1.xhtml", body.as_bytes()),
                    ];
                    book(&files)
                };
                check(import_bytes(&bytes, "any.epub", None))?;
            }

            #[test]
            fn a_damaged_book_imports_safely(
                flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            ) {
                let mut bytes = one_chapter("<p>One.</p><p>一つ。</p>", &[]);
                for (at, byte) in flips {
                    let at = at.index(bytes.len());
                    bytes[at] = byte;
                }
                check(import_bytes(&bytes, "damaged.epub", None))?;
            }
        }
    }
}

/// A file read from disk (its bytes taken over: plain text joins its paragraphs in them) and
/// the same bytes read in place import alike, whatever the encoding, BOM or compression.
#[test]
fn a_file_and_its_bytes_import_alike() {
    let text = "対訳\n\n\u{3000}吾輩は猫で\nある。名前は\r\nまだ無い。\n\nThe cat has\n  no name yet.  \n\n\
                ［＃ここから２字下げ］\n「どこで」\n生れたか\n";
    let (shift_jis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gzip, text.as_bytes()).expect("compressed");
    let files: [(&str, Vec<u8>); 4] = [
        ("plain.txt", text.as_bytes().to_vec()),
        (
            "bom.txt",
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        ),
        ("sjis.txt", shift_jis.into_owned()),
        ("packed.txt.gz", gzip.finish().expect("compressed")),
    ];
    let folder = common::TempDir::new("file-and-bytes");
    for (name, bytes) in files {
        let path = folder.path().join(name);
        std::fs::write(&path, &bytes).expect("written");
        let from_file = import_path(&path, None).expect("imports");
        let shown = path.display().to_string();
        let from_bytes = import_bytes(&bytes, &shown, None).expect("imports");
        assert_eq!(from_file, from_bytes, "{name}");
        assert_eq!(
            from_file.article.headings.title.ja.as_deref(),
            Some("対訳"),
            "{name}"
        );
        assert!(from_file.article.blocks.len() >= 4, "{name}");
    }
}

/// An element with 80,000 attributes (which an XML or HTML parser checks against each other,
/// in time on the square of their number) is refused at once, by line, in every markup format.
#[test]
fn a_tag_with_absurdly_many_attributes_is_refused() {
    let attributes = (0..80_000).fold(String::new(), |mut all, i| {
        std::fmt::Write::write_fmt(&mut all, format_args!(" a{i}='{i}'")).expect("written");
        all
    });
    let documents = [
        (
            "kyoto.xml",
            format!("<?xml version=\"1.0\"?>\n<art>\n<sec{attributes}/></art>"),
        ),
        (
            "memory.tmx",
            format!("<?xml version=\"1.0\"?>\n<tmx>\n<body{attributes}/></tmx>"),
        ),
        (
            "page.html",
            format!("<!DOCTYPE html>\n<html><body>\n<p{attributes}>text</p></body></html>"),
        ),
    ];
    for (name, text) in documents {
        let error = import_bytes(text.as_bytes(), name, None)
            .expect_err("refused")
            .to_string();
        assert!(
            error.contains("more than 1000 attributes"),
            "{name}: {error}"
        );
        assert!(error.contains("line 3"), "{name}: {error}");
    }
}

/// A document of more elements than its parser keeps in reasonable memory (HTML: 450 bytes an
/// element), or of more rows than an article holds, is refused as soon as that is found, with
/// the line where it was.
#[test]
fn documents_of_absurdly_many_parts_are_refused() {
    let most = crowded::MAX_HTML_ELEMENTS;
    let page = format!("<!DOCTYPE html>\n<html><body>\n{}", "<p>a".repeat(most));
    let error = import_bytes(page.as_bytes(), "page.html", None)
        .expect_err("refused")
        .to_string();
    assert!(
        error.contains(&format!("more than {most} elements")),
        "{error}"
    );
    assert!(error.contains("line 3"), "{error}");

    let rows = "a\tあ\n".repeat(MAX_BLOCKS + 2);
    let error = import_bytes(rows.as_bytes(), "pairs.tsv", None).expect_err("refused");
    assert!(matches!(error, ImportError::TooMany("rows")), "{error}");
    assert!(error.to_string().contains("split the file"), "{error}");
}

// ---- what is imported reads back the same -----------------------------------------------

mod reads_back {
    use proptest::prelude::*;
    use taiyaku::import::{import_bytes, native};

    /// Pieces whose joins make text that sanitizing has to look at again: a line that opens
    /// with a combining mark (か / ゙ joins into が), marks piled across a line break, kana,
    /// words, indents, blank lines and CRLF.
    const PIECES: &[&str] = &[
        "か",
        "\u{3099}",
        "\u{309A}",
        "e",
        "\u{301}",
        "\u{301}\u{301}\u{301}\u{301}\u{301}",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "\u{3000}",
        "日本語。",
        "word ",
        "The cat",
        "「",
        "」",
        "\t",
        "1,000",
        "A\u{30A}",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 1..80).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Import → the library's JSON → import again changes nothing, so that a copy in the
        /// library is the article imported (and a bookmark on one is on the other).
        #[test]
        fn an_imported_text_reads_back_from_its_json(text in text(), name in prop::sample::select(&["a.txt", "a.md", "a"][..])) {
            let Ok(imported) = import_bytes(text.as_bytes(), name, None) else {
                return Ok(());
            };
            let json = native::to_json(&imported.article);
            let back = import_bytes(json.as_bytes(), "copy.json", None).expect("its own JSON imports");
            prop_assert_eq!(&back.article.headings, &imported.article.headings);
            prop_assert_eq!(&back.article.blocks, &imported.article.blocks);
            for (a, b) in back.article.blocks.iter().zip(&imported.article.blocks) {
                prop_assert_eq!(a.fingerprint(), b.fingerprint());
            }
        }
    }
}

/// Kyoto sentences are joined into paragraphs; one that opens with a combining mark joins the
/// sentence before it as the text would be normalized, so the library's copy reads back alike.
#[test]
fn joined_kyoto_sentences_read_back_from_their_json() {
    let xml = "<art>\n<tit><j>題</j><e>Title</e></tit>\n<par>\
               <sen><j>か</j><e>Ka e</e></sen><sen><j>\u{3099}です。</j><e>\u{301}tude.</e></sen>\
               </par></art>";
    let imported = import_bytes(xml.as_bytes(), "kyoto.xml", None).expect("imports");
    let json = native::to_json(&imported.article);
    let back = import_bytes(json.as_bytes(), "copy.json", None).expect("imports");
    assert_eq!(back.article.blocks, imported.article.blocks);
}

#[test]
fn paragraphs_go_on_the_side_of_their_letters_and_pair() {
    // Issue 14, item 7: a long URL once sent the second paragraph to the English side, and an
    // English sentence quoting Japanese went to the Japanese side, so that they paired crosswise.
    let url = "https://www.example.com/library/lunch-boxes/history/index.html?lang=ja&page=1";
    let text = format!(
        "My grandmother packed a lunch box for me.\n\n\
         祖母は弁当を詰めてくれた。詳しくは{url}を見てください。\n\n\
         We say 「いただきます」 first.\n\n\
         まず「いただきます」と言う。\n"
    );
    let imported = import(&text);
    let blocks = paragraphs(&imported.article);
    let pairs: Vec<_> = blocks.iter().map(|b| sides(b)).collect();
    assert_eq!(pairs.len(), 2, "{pairs:?}");
    assert!(starts(pairs[0].0, "My grandmother"), "{pairs:?}");
    assert!(starts(pairs[0].1, "祖母は弁当"), "{pairs:?}");
    assert_eq!(pairs[1].0, Some("We say 「いただきます」 first."));
    assert_eq!(pairs[1].1, Some("まず「いただきます」と言う。"));
}
