//! The Kyoto corpus importer: our fixtures, bad and truncated XML, and the corpus itself.

mod common;

use std::path::{Path, PathBuf};

use roxmltree::{Document, Node};
use taiyaku::article::{Article, Block, BlockKind, SentencePair, Side};
use taiyaku::export::ExportFormat;
use taiyaku::import::{Format, ImportError, Imported, import_bytes, import_path};

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn fixture(name: &str) -> String {
    let path = fixture_path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(text: &str) -> Imported {
    import_bytes(text.as_bytes(), "test.xml", None).expect("imports")
}

fn nested() -> Article {
    let imported = import(&fixture("kyoto_nested.xml"));
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    imported.article
}

fn sides(block: &Block) -> (Option<&str>, Option<&str>) {
    (block.text.en.as_deref(), block.text.ja.as_deref())
}

fn heading_levels(article: &Article) -> Vec<Option<u8>> {
    let level = |b: &Block| match b.kind {
        BlockKind::Heading { level } => Some(level),
        _ => None,
    };
    article.blocks.iter().map(level).collect()
}

// ---- our fixtures ---------------------------------------------------------------------------

#[test]
fn title_sections_and_credit_of_a_nested_article() {
    let article = nested();
    assert_eq!(article.format, Format::Kyoto);
    let headings = &article.headings;
    assert_eq!(
        headings.title.en.as_deref(),
        Some("The Small Teahouse by the Kamo River")
    );
    assert_eq!(headings.title.ja.as_deref(), Some("鴨川の小さな茶屋"));
    assert_eq!(
        headings.series.ja.as_deref(),
        Some("Wikipedia日英京都関連文書対訳コーパス")
    );
    assert!(
        headings
            .publisher
            .en
            .as_deref()
            .is_some_and(|p| p.contains("NICT"))
    );
    assert!(
        headings
            .copyright
            .as_deref()
            .is_some_and(|c| c.starts_with("copyright (c) 2024") && c.ends_with("ものです。"))
    );
    assert_eq!(
        heading_levels(&article),
        [None, Some(1), None, Some(2), None, Some(1), None, Some(1)]
    );
    assert_eq!(
        sides(&article.blocks[3]),
        (Some("The Building"), Some("建物"))
    );
}

#[test]
fn english_is_the_check_else_the_latest_translation() {
    let blocks = nested().blocks;
    assert_eq!(
        blocks[0].text.en.as_deref(),
        Some("This document is an invented article written for tests."),
        "trans ver 2 when there is no check"
    );
    assert_eq!(
        blocks[2].sentence(0, Side::En),
        Some("The teahouse opened in an old rented townhouse beside the river.")
    );
    assert_eq!(
        blocks[2].sentence(1, Side::En),
        Some("Every morning the owner went out to draw water."),
        "an empty check falls back to the latest translation"
    );
    assert_eq!(
        blocks[4].sentence(0, Side::En),
        Some("From the upstairs window you can see the Higashiyama hills."),
        "the highest ver, wherever it stands"
    );
}

#[test]
fn paragraphs_join_sentences_and_record_their_pairs() {
    let block = &nested().blocks[2];
    assert_eq!(
        sides(block),
        (
            Some(
                "The teahouse opened in an old rented townhouse beside the river. \
                 Every morning the owner went out to draw water."
            ),
            Some("茶屋は川沿いの古い町家を借りて始まった。店主は毎朝、水を汲みに行った。")
        )
    );
    assert_eq!(block.sentences.len(), 2);
    assert_eq!(
        block.sentence(1, Side::Ja),
        Some("店主は毎朝、水を汲みに行った。")
    );
    let offset = block.text.ja.as_deref().unwrap().find("水").unwrap();
    let index = block.sentence_at(Side::Ja, offset).expect("a sentence");
    assert_eq!(
        block.sentence(index, Side::En),
        Some("Every morning the owner went out to draw water.")
    );
}

#[test]
fn a_sentence_without_english_has_no_english_range() {
    let block = &nested().blocks[4];
    assert_eq!(block.sentences.len(), 2);
    assert_eq!(block.sentences[1].en, None);
    assert_eq!(
        block.sentence(1, Side::Ja),
        Some("縁側ではいつも猫が寝ている。")
    );
    assert_eq!(
        block.text.en.as_deref(),
        Some("From the upstairs window you can see the Higashiyama hills.")
    );
}

#[test]
fn entities_resolve_once_and_remnants_stay_text() {
    let block = &nested().blocks[6];
    assert_eq!(
        block.text.en.as_deref(),
        Some("Beside the \"matcha & sweets\" sign, an old price tag &amp12 remains.")
    );
    assert!(block.text.ja.as_deref().unwrap().contains("抹茶&和菓子"));
    assert!(block.text.ja.as_deref().unwrap().contains("値札&amp12が"));
}

#[test]
fn the_kyoto_format_survives_the_native_round_trip() {
    let article = nested();
    let json = taiyaku::import::native::to_json(&article);
    assert!(json.contains("\"sentences\""));
    let back = import(&json);
    assert_eq!(back.article, article);
    assert!(back.warnings.is_empty());
}

#[test]
fn a_bare_ampersand_is_repaired_with_a_warning() {
    let text =
        fixture("kyoto_nested.xml").replace("taiyaku authors.", "taiyaku authors & friends.");
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(index, l)| {
            let ampersand = l.find(" & ")? + 1;
            Some((index + 1, 1 + l[..ampersand].chars().count()))
        })
        .unwrap();
    let imported = import(&text);
    assert_eq!(
        imported.warnings,
        [format!(
            "malformed XML repaired: 1 bare ampersand read as '&' \
             (the first at line {line}, column {column})"
        )]
    );
    let copyright = imported.article.headings.copyright.unwrap();
    assert!(
        copyright.contains("taiyaku authors & friends."),
        "{copyright}"
    );
    assert_eq!(imported.article.blocks, nested().blocks);
}

#[test]
fn xml_beyond_repair_is_an_error_at_the_original_line_and_column() {
    let text = fixture("kyoto_mismatched.xml");
    let line = text.lines().nth(9).unwrap();
    let column = 1 + line[..line.find("</j>").unwrap()].chars().count();
    let error =
        import_path(&fixture_path("kyoto_mismatched.xml"), None).expect_err("mismatched tags");
    assert!(
        matches!(error, ImportError::Xml { line: 10, column: c, .. } if c == column),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!("bad XML at line 10, column {column}: expected 'e' tag, not 'j'")
    );
}

#[test]
fn other_xml_errors_name_their_place() {
    let unclosed = "<?xml version=\"1.0\"?>\n<art>\n<tit><j>題</j></tit>\n";
    let error = import_bytes(unclosed.as_bytes(), "x", None).expect_err("unclosed");
    assert!(
        matches!(
            error,
            ImportError::Xml {
                line: 4,
                column: 1,
                ..
            }
        ),
        "{error}"
    );

    let other_root = "<?xml version=\"1.0\"?>\n<book><tit/></book>";
    let error = import_bytes(other_root.as_bytes(), "x", Some(Format::Kyoto)).expect_err("not art");
    assert_eq!(
        error.to_string(),
        "bad XML at line 2, column 1: the root element is <book>, not the corpus's <art>"
    );

    let escape = "<art>\n<tit><j>題</j></tit><sec>\u{1b}]0;pwned\u{7}</par></art>";
    let message = import_bytes(escape.as_bytes(), "x", None)
        .expect_err("mismatched")
        .to_string();
    assert!(!message.contains(['\u{1b}', '\u{7}', '\n']), "{message}");

    let empty = "<art><inf>nothing here</inf></art>";
    let error = import_bytes(empty.as_bytes(), "x", None).expect_err("empty");
    assert!(matches!(error, ImportError::Empty), "{error}");
}

#[test]
fn truncated_and_damaged_files_never_panic() {
    let text = fixture("kyoto_nested.xml");
    let bytes = text.as_bytes();
    for end in (0..bytes.len()).step_by(37) {
        for format in [None, Some(Format::Kyoto)] {
            if let Err(error) = import_bytes(&bytes[..end], "cut.xml", format) {
                assert!(!error.to_string().contains('\n'), "{error}");
            }
        }
        let mut damaged = bytes.to_vec();
        for (at, byte) in [(end, b'<'), (end / 2, b'&'), (end / 3, b'>')] {
            damaged[at] = byte;
        }
        let _ = import_bytes(&damaged, "damaged.xml", Some(Format::Kyoto));
    }
}

// ---- the shared corpus (when TAIYAKU_CORPUS_DIR is set; ignored otherwise) -----------------

/// Each corpus article beside its XML, as roxmltree reads it on its own. The malformed file's
/// bare `&` are escaped here by the simplest rule that fixes it (independently of the importer).
/// Fails if the corpus has no `kyoto/*.xml`.
fn corpus() -> Vec<(PathBuf, Imported, String)> {
    let files = common::corpus_files("kyoto", "xml");
    let articles = files.into_iter().map(|path| {
        let imported =
            import_path(&path, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let xml = std::fs::read_to_string(&path).expect("utf-8");
        let xml = if Document::parse(&xml).is_ok() {
            xml
        } else {
            escape_bare_ampersands(&xml)
        };
        (path, imported, xml)
    });
    articles.collect()
}

fn escape_bare_ampersands(xml: &str) -> String {
    let entities = ["amp;", "lt;", "gt;", "quot;", "apos;", "#"];
    let mut parts = xml.split('&');
    let mut out = parts.next().unwrap_or_default().to_owned();
    for part in parts {
        let is_reference = entities.iter().any(|e| part.starts_with(e));
        out.push_str(if is_reference { "&" } else { "&amp;" });
        out.push_str(part);
    }
    out
}

fn elements<'a, 'i>(document: &'a Document<'i>, name: &str) -> Vec<Node<'a, 'i>> {
    document
        .descendants()
        .filter(|n| n.has_tag_name(name))
        .collect()
}

fn child_text(node: Node, name: &str) -> String {
    let child = node.children().find(|c| c.has_tag_name(name));
    child
        .and_then(|c| c.text())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn every_corpus_file_imports_and_only_the_malformed_one_warns() {
    let corpus = corpus();
    for (path, imported, _) in &corpus {
        let name = path.file_name().unwrap().to_string_lossy();
        assert_eq!(imported.article.format, Format::Kyoto, "{name}");
        if name.contains("malformed") {
            assert_eq!(imported.warnings.len(), 1, "{name}");
            assert!(imported.warnings[0].contains("bare ampersand"), "{name}");
        } else {
            assert!(
                imported.warnings.is_empty(),
                "{name}: {:?}",
                imported.warnings
            );
        }
    }
}

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn corpus_sections_and_paragraphs_match_the_xml() {
    let corpus = corpus();
    for (path, imported, xml) in &corpus {
        let document = Document::parse(xml).expect("well-formed after the fix");
        let expected: Vec<(u8, String)> = elements(&document, "sec")
            .into_iter()
            .map(|sec| {
                let depth = sec.ancestors().filter(|a| a.has_tag_name("sec")).count();
                let tit = sec.children().find(|c| c.has_tag_name("tit")).unwrap();
                (u8::try_from(depth).unwrap(), child_text(tit, "j"))
            })
            .collect();
        let headings: Vec<(u8, String)> = imported
            .article
            .blocks
            .iter()
            .filter_map(|b| match b.kind {
                BlockKind::Heading { level } => Some((level, b.text.ja.as_deref()?.to_owned())),
                _ => None,
            })
            .collect();
        assert_eq!(headings, expected, "{}", path.display());
        let paragraphs = imported.article.blocks.len() - headings.len();
        assert_eq!(
            paragraphs,
            elements(&document, "par").len(),
            "{}",
            path.display()
        );
    }
}

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn corpus_titles_and_headings_have_real_english_and_japanese() {
    let corpus = corpus();
    let japanese = |s: &str| s.chars().any(|c| matches!(c, '\u{3040}'..='\u{9FFF}'));
    let english = |s: &str| s.chars().filter(char::is_ascii_alphabetic).count() >= 3;
    for (path, imported, _) in &corpus {
        let article = &imported.article;
        let title = &article.headings.title;
        assert!(
            title.ja.as_deref().is_some_and(japanese),
            "{}",
            path.display()
        );
        assert!(
            title.en.as_deref().is_some_and(english),
            "{}",
            path.display()
        );
        for heading in article.blocks.iter().filter(|b| b.is_heading()) {
            assert!(
                heading.text.ja.as_deref().is_some_and(japanese),
                "{heading:?}"
            );
            assert!(
                heading.text.en.as_deref().is_some_and(english),
                "{heading:?}"
            );
        }
        let copyright = article.headings.copyright.as_deref().unwrap_or_default();
        assert!(
            copyright.starts_with("copyright (c) 2010"),
            "{}",
            path.display()
        );
        assert!(copyright.contains("情報通信研究機構"), "{}", path.display());
    }
}

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn corpus_sentences_pair_up_with_the_xml() {
    let corpus = corpus();
    for (path, imported, xml) in &corpus {
        let document = Document::parse(xml).expect("well-formed after the fix");
        let pars = elements(&document, "par");
        let paragraphs = imported.article.blocks.iter().filter(|b| !b.is_heading());
        for (par, block) in pars.into_iter().zip(paragraphs) {
            let sens: Vec<Node> = par.children().filter(|c| c.has_tag_name("sen")).collect();
            assert_eq!(block.sentences.len(), sens.len(), "{}", path.display());
            assert!(block.sentences_fit(), "{block:?}");
            for (index, sen) in sens.into_iter().enumerate() {
                assert_eq!(
                    block.sentence(index, Side::Ja),
                    Some(child_text(sen, "j").as_str())
                );
                assert_pair_on_boundaries(block, &block.sentences[index]);
                let check = sen
                    .children()
                    .filter(|c| c.attribute("type") == Some("check"))
                    .filter_map(|c| c.text())
                    .map(str::trim)
                    .find(|t| !t.is_empty());
                if let Some(check) = check {
                    assert_eq!(block.sentence(index, Side::En), Some(check));
                }
            }
        }
    }
}

fn assert_pair_on_boundaries(block: &Block, pair: &SentencePair) {
    for side in Side::BOTH {
        if let (Some(range), Some(text)) = (pair.get(side), block.text.get(side)) {
            assert!(range.start < range.end, "{range:?}");
            assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        }
    }
}

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn corpus_entity_remnants_come_through_as_text() {
    let corpus = corpus();
    let remnants: Vec<&str> = corpus
        .iter()
        .flat_map(|(_, imported, _)| &imported.article.blocks)
        .filter_map(|b| b.text.ja.as_deref())
        .filter(|ja| ja.contains("&amp29734"))
        .collect();
    assert_eq!(
        remnants.len(),
        1,
        "BDS00001's 梵&amp;amp29734 is kept as text"
    );
}

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn corpus_headings_show_japanese_and_english_section_titles_side_by_side() {
    let articles = corpus();
    for (path, imported, xml) in articles {
        let document = Document::parse(&xml).expect("parses once escaped");
        let first_section = elements(&document, "sec")
            .into_iter()
            .find_map(|sec| sec.children().find(|c| c.has_tag_name("tit")))
            .map(|tit| child_text(tit, "j"));
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_taiyaku"))
            .args([
                "headings",
                path.to_str().expect("utf-8 path"),
                "--width",
                "120",
            ])
            .output()
            .expect("taiyaku runs");
        assert!(output.status.success(), "{}: {output:?}", path.display());
        let table = String::from_utf8(output.stdout).expect("utf-8");
        let sections: Vec<&str> = table.lines().filter(|l| l.starts_with('§')).collect();
        let expected = imported
            .article
            .blocks
            .iter()
            .filter(|b| b.is_heading())
            .count();
        assert_eq!(sections.len(), expected, "{}", path.display());
        let both_sides = sections
            .iter()
            .filter(|l| {
                l.split('│')
                    .all(|cell| !cell.trim().is_empty() && !cell.contains("(missing)"))
            })
            .count();
        assert!(
            both_sides * 2 >= sections.len(),
            "{}: most sections have both sides",
            path.display()
        );
        if let Some(title) = first_section.filter(|t| !t.is_empty()) {
            let start: String = title.chars().take(4).collect();
            assert!(
                table.contains(&start),
                "{}: {title} not in\n{table}",
                path.display()
            );
        }
        for line in table.lines() {
            assert!(taiyaku::text::str_width(line, taiyaku::text::AmbiguousWidth::Narrow) <= 120);
        }
    }
}

#[test]
fn the_headings_screen_shows_sections_and_the_credit() {
    use taiyaku::app::{Action, App, Screen, update};
    use taiyaku::keymap::Command;
    let mut app = App::new(
        taiyaku::config::defaults(true),
        taiyaku::library::bundled(),
        Some(nested()),
        (100, 30),
    );
    update(&mut app, Action::Command(Command::Headings));
    assert_eq!(app.screen, Screen::Headings);
    let (rows, _) = taiyaku::app::shown_headings(&app);
    let sections: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r.level > 0)
        .map(|r| (r.en.as_deref().unwrap_or(""), r.ja.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(sections[0], ("History", "歴史"));
    let terminal = common::drawn(&app);
    let screen: String = common::cells_text(&terminal);
    assert!(
        screen.contains("the taiyaku authors"),
        "the credit is at the foot"
    );
}

/// Sections nested 200 deep print short rows: the depth past six as a number (`§200`), the
/// indent no deeper than six levels, so the headings' output stays in proportion to the input.
#[test]
fn deeply_nested_sections_print_short_heading_rows() {
    let depth = 200;
    let mut opening = String::new();
    for d in 1..=depth {
        std::fmt::Write::write_fmt(
            &mut opening,
            format_args!("<sec><tit><j>節{d}</j><e>Part {d}</e></tit>"),
        )
        .expect("written");
    }
    let xml = format!(
        "<art>\n<tit><j>題</j><e>Title</e></tit>{opening}<par><sen><j>本文。</j><e>Text.</e></sen></par>{}</art>",
        "</sec>".repeat(depth)
    );
    let article = import_bytes(xml.as_bytes(), "deep.xml", None)
        .expect("imports")
        .article;
    for format in [ExportFormat::Text, ExportFormat::Markdown] {
        let out = taiyaku::export::headings::article(&article, 100, format);
        let longest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(longest <= 110, "{format:?}: a row of {longest} characters");
        assert!(out.len() < xml.len() * 4, "{format:?}: {} bytes", out.len());
    }
    let text = taiyaku::export::headings::article(&article, 100, ExportFormat::Text);
    assert!(text.contains("§200"), "{text}");
    assert!(text.contains("§§§§§§ "), "{text}");
}
