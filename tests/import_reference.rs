//! The import pipeline's fast paths against the pipeline as it was (`reference`): the same
//! decoded and safe text, scripts, joined lines and articles, on hostile generated text and on
//! every file of the shared corpus.

mod common;
mod reference;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use taiyaku::article::{Article, Headings};
use taiyaku::import::{Format, import_bytes};
use taiyaku::script::{join_lines, script_of};
use taiyaku::text::{decode, sanitize};

/// A plain text's article as the pipeline made it before: decoded, sanitized and read by the
/// reference functions, behind the same gate as `import_bytes` (an empty text or article is
/// none).
fn reference_plain(bytes: &[u8], source: &str) -> Option<Article> {
    let decoded = reference::decode::decode(bytes).ok()?;
    let text = decoded.text.trim_start_matches('\u{FEFF}');
    if text.trim().is_empty() {
        return None;
    }
    let source = reference::sanitize::sanitize(source);
    let article = reference::plain::parse(&reference::sanitize::sanitize(text), &source).article;
    let empty = article.blocks.is_empty() && article.headings == Headings::default();
    (!empty).then_some(article)
}

/// The plain text's article `import_bytes` makes now.
fn plain(bytes: &[u8], source: &str) -> Option<Article> {
    import_bytes(bytes, source, Some(Format::Plain))
        .ok()
        .map(|imported| imported.article)
}

/// Every step of the pipeline agrees with the reference on `text` (and its bytes).
fn assert_as_before(text: &str) {
    assert_eq!(
        decode(text.as_bytes()),
        reference::decode::decode(text.as_bytes()),
        "decoding {text:?}"
    );
    let safe = sanitize(text);
    assert_eq!(
        safe,
        reference::sanitize::sanitize(text),
        "sanitizing {text:?}"
    );
    for part in [text, safe.as_str()] {
        assert_eq!(
            script_of(part),
            reference::script::script_of(part),
            "the script of {part:?}"
        );
        let lines = || part.split('\n');
        assert_eq!(
            join_lines(lines()),
            reference::script::join_lines(lines()),
            "joining {part:?}"
        );
    }
    assert_eq!(
        plain(text.as_bytes(), "t.txt"),
        reference_plain(text.as_bytes(), "t.txt"),
        "reading {text:?} as plain text"
    );
}

// ---- hostile text --------------------------------------------------------------------------

/// Pieces a hostile or merely unusual text is made of: ASCII and Japanese, line breaks of every
/// kind, controls and escape sequences, bidi controls and tags, a BOM, NFD and other sequences
/// NFC changes, joiners, emoji and regional indicators, Hangul jamo, Indic conjuncts, and tabs.
const PIECES: &[&str] = &[
    "The talks were held in Tokyo.",
    "a hard",
    "wrapped line",
    "word ",
    " ",
    "  ",
    "1-2",
    "吾輩は猫である。",
    "名前はまだ無い",
    "「こんにちは」",
    "\u{3000}",
    "ｶﾞｷﾞｸﾞ",
    "ﾊﾟ",
    "１２３４",
    "（笑）",
    "…—“”",
    "Café",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\r\r\n",
    "\u{85}",
    "\u{0B}",
    "\u{0C}",
    "\u{2028}",
    "\u{2029}",
    "\t",
    "\u{FEFF}",
    "\u{0}",
    "\u{07}",
    "\u{7F}",
    "\u{81}",
    "\u{9B}2J",
    "\u{9D}0;t",
    "\u{90}q",
    "\u{9C}",
    "\u{1B}",
    "\u{1B}[",
    "\u{1B}[31m",
    "\u{1B}[?25l",
    "\u{1B}]52;c;SGVsbG8=\u{07}",
    "\u{1B}]0;title\u{1B}\\",
    "\u{1B}]8;;http://x",
    "\u{1B}P1$r",
    "\u{1B}(B",
    "\u{1B}c",
    "\u{1B}\\",
    "\u{202A}",
    "\u{202E}",
    "\u{2066}",
    "\u{2069}",
    "\u{200E}",
    "\u{200F}",
    "\u{061C}",
    "\u{E0041}",
    "\u{E007F}",
    "e\u{301}",
    "A\u{30A}",
    "\u{212B}",
    "\u{340}",
    "か\u{3099}",
    "は\u{309A}",
    "\u{3099}",
    "が\u{309A}",
    "\u{1100}\u{1161}\u{11A8}",
    "\u{AC00}\u{11A8}",
    "a\u{323}\u{302}",
    "a\u{302}\u{323}",
    "\u{F900}",
    "\u{0F73}",
    "\u{200D}",
    "\u{200C}",
    "\u{FE0F}",
    "👩\u{200D}👩\u{200D}👧",
    "❤\u{FE0F}",
    "🇯🇵🇬",
    "\u{1F3FB}",
    "\u{0600}",
    "क\u{94D}ष",
    "नमस्ते",
    "\u{E9}",
    // What tells a script (issue 14, item 7): URLs, quotation marks and brackets, apostrophes,
    // kana quoted in English, numbers.
    "https://www.example.com/a/b?c=1&d=2#e",
    "www.",
    "WWW.x.jp/",
    "http",
    "://",
    "「いただきます」",
    "'いただきます'",
    "\"",
    "'",
    "don't",
    "(",
    ")",
    "[",
    "』",
    "『",
    "“",
    "”",
    "‘",
    "’",
    "1,000,000",
    "People say ",
];

/// A mark (a combining mark or ﾞ/ﾟ) repeated, often past `MAX_COMBINING_MARKS`.
fn stack() -> impl Strategy<Value = String> {
    let marks = prop::sample::select(
        &[
            '\u{300}', '\u{301}', '\u{316}', '\u{323}', '\u{36F}', '\u{3099}', '\u{309A}',
            '\u{FF9E}', '\u{FF9F}', '\u{20DD}', '\u{94D}', '\u{FE0F}',
        ][..],
    );
    (prop::collection::vec(marks, 1..4), 1..12_usize)
        .prop_map(|(marks, times)| marks.iter().collect::<String>().repeat(times))
}

/// Text made of `PIECES`, mark stacks and any characters at all.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => prop::sample::select(PIECES).prop_map(str::to_owned),
        2 => stack(),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..50).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn hostile_text_imports_as_before(text in hostile_text()) {
        assert_as_before(&text);
    }

    #[test]
    fn any_characters_import_as_before(text in any::<String>()) {
        assert_as_before(&text);
    }

    #[test]
    fn any_bytes_decode_as_before(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        prop_assert_eq!(decode(&bytes), reference::decode::decode(&bytes));
        let esc = [&bytes[..], b"\x1b$B", &bytes[..]].concat();
        prop_assert_eq!(decode(&esc), reference::decode::decode(&esc));
    }
}

#[test]
fn long_texts_import_as_before() {
    // Stretches and lines far longer than generated text: one line of mixed marks and text,
    // and many lines with a stack past the cap now and then.
    let line: String = PIECES
        .iter()
        .filter(|p| {
            !p.contains([
                '\n', '\r', '\u{85}', '\u{2028}', '\u{2029}', '\u{0B}', '\u{0C}',
            ])
        })
        .copied()
        .collect();
    let zalgo = format!("x{}", "\u{301}\u{316}".repeat(40));
    let many = format!("{line}{zalgo}\n\n").repeat(50);
    assert_as_before(&line.repeat(20));
    assert_as_before(&many);
}

// ---- the shared corpus (when TAIYAKU_CORPUS_DIR is set; ignored otherwise) -----------------

/// Every file under `dir`, in a stable order.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn every_corpus_file_imports_as_before() {
    let mut compared = 0;
    for path in files_under(&common::corpus_dir()) {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.to_string_lossy();
        let Ok(imported) = import_bytes(&bytes, &name, None) else {
            continue;
        };
        let decoded = decode(&bytes).expect("what imports decodes");
        assert_eq!(
            Ok(&decoded),
            reference::decode::decode(&bytes).as_ref(),
            "{name}"
        );
        let text: &str = &decoded.text;
        let safe = sanitize(text);
        assert!(
            safe == reference::sanitize::sanitize(text),
            "sanitizing {name}"
        );
        for line in text.lines().chain(safe.lines()) {
            assert_eq!(
                sanitize(line),
                reference::sanitize::sanitize(line),
                "{line:?}"
            );
            assert_eq!(
                script_of(line),
                reference::script::script_of(line),
                "{line:?}"
            );
        }
        for paragraph in safe.split("\n\n") {
            let lines = || paragraph.split('\n');
            assert_eq!(
                script_of(paragraph),
                reference::script::script_of(paragraph)
            );
            assert_eq!(join_lines(lines()), reference::script::join_lines(lines()));
        }
        let before = reference_plain(&bytes, &name);
        assert!(plain(&bytes, &name) == before, "{name} read as plain text");
        if imported.article.format == Format::Plain {
            assert!(Some(imported.article) == before, "{name} as detected");
        }
        compared += 1;
    }
    assert!(compared > 0, "no file of the corpus imports");
}
