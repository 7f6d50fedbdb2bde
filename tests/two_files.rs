//! Two texts, one reading: an English file and its Japanese translation given as two files, to
//! `align`, `render`, `import --pair` and the reader — told apart by script whatever their order,
//! or as stated with `--en` and `--ja`; refused with one clear line when they cannot be a pair.
//!
//! The fixtures were written for these tests: a short essay in three paragraphs, ten English
//! sentences, translated into nine Japanese ones (the fifth and sixth English sentences are one
//! in Japanese), hard-wrapped in English (`bento_en.txt`, `bento_ja.txt`), and the same essay one
//! sentence a line, the two sentences of that pair on one line (`*_lines.txt`).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{SEED, TempDir};
use serde_json::Value;

const EN: &str = "tests/fixtures/bento_en.txt";
const JA: &str = "tests/fixtures/bento_ja.txt";
const EN_LINES: &str = "tests/fixtures/bento_en_lines.txt";
const JA_LINES: &str = "tests/fixtures/bento_ja_lines.txt";
/// A plain text that alternates English and Japanese paragraphs: both languages in one file.
const BOTH: &str = "tests/fixtures/plain_alternating.txt";

/// The essay's pairs: each English sentence (joined by a space where two translate as one) and
/// its Japanese.
const PAIRS: [(&str, &str); 9] = [
    (
        "Every morning, my grandmother packed a lunch box for me.",
        "毎朝、祖母は私のために弁当を詰めてくれた。",
    ),
    (
        "She got up at five o'clock, long before anyone else in the house.",
        "祖母は家の誰よりもずっと早く、五時に起きていた。",
    ),
    (
        "Rice, grilled fish and pickled plums filled the small wooden box.",
        "小さな木の箱には、ご飯と焼き魚と梅干しが詰まっていた。",
    ),
    (
        "At school, my friends envied my lunch.",
        "学校では、友達が私の弁当をうらやましがった。",
    ),
    (
        "Their sandwiches came from a shop near the station. Mine was made by hand.",
        "友達のサンドイッチは駅のそばの店で買ったものだったが、私の弁当は手作りだった。",
    ),
    (
        "I did not understand how lucky I was until I turned thirty.",
        "自分がどれほど恵まれていたかを知ったのは、三十歳になってからだった。",
    ),
    (
        "Last year, my grandmother turned ninety.",
        "去年、祖母は九十歳になった。",
    ),
    (
        "Now I pack a lunch box for her twice a week, and she says my rice is too soft.",
        "今では私が週に二回祖母の弁当を詰めているが、祖母は私のご飯が柔らかすぎると言う。",
    ),
    ("I think she is right.", "たぶん祖母の言う通りだ。"),
];

/// `taiyaku ARGS` from the crate's folder, with a data and a config folder of its own.
fn taiyaku(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taiyaku"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TAIYAKU_DATA_DIR", data)
        .env("TAIYAKU_CONFIG_DIR", data)
        .output()
        .expect("the binary runs")
}

/// Runs taiyaku in a folder of its own; its stdout, failing the test if it fails.
fn ok(args: &[&str]) -> String {
    let data = TempDir::new("two-files");
    ok_in(args, data.path())
}

fn ok_in(args: &[&str], data: &Path) -> String {
    let output = taiyaku(args, data);
    assert!(output.status.success(), "taiyaku {args:?}: {output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Runs taiyaku expecting a failure: exit code 1, nothing on stdout, one line on stderr.
fn refused(args: &[&str]) -> String {
    let data = TempDir::new("two-files");
    let output = taiyaku(args, data.path());
    assert_eq!(
        output.status.code(),
        Some(1),
        "taiyaku {args:?}: {output:?}"
    );
    assert!(output.stdout.is_empty(), "taiyaku {args:?}: {output:?}");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    stderr.trim_end().to_owned()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn strings(value: &Value) -> Vec<&str> {
    let list = value.as_array().expect("an array");
    list.iter().map(|s| s.as_str().expect("a string")).collect()
}

fn indices(value: &Value) -> Vec<u64> {
    let list = value.as_array().expect("an array");
    list.iter().map(|i| i.as_u64().expect("an index")).collect()
}

/// The file's non-blank lines, trimmed.
fn lines_of(path: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(path).expect("the fixture reads");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Every pair of a JSON alignment is on each side a run of the next indices, so that each
/// sentence is in exactly one pair, in order.
fn assert_each_sentence_once(value: &Value) {
    for side in ["en", "ja"] {
        let count = value[side].as_array().expect("a sentence list").len() as u64;
        let pairs = value["pairs"].as_array().expect("pairs");
        let covered: Vec<u64> = pairs.iter().flat_map(|p| indices(&p[side])).collect();
        assert_eq!(covered, (0..count).collect::<Vec<_>>(), "{side}: {value}");
    }
}

#[test]
fn align_prints_one_pair_a_line_as_tsv() {
    let tsv = ok(&["align", EN, JA]);
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    let pairs: Vec<(&str, &str)> = rows.iter().map(|r| (r[0], r[1])).collect();
    assert_eq!(pairs, PAIRS, "{tsv}");
    for row in &rows {
        assert_eq!(row.len(), 3, "{row:?}");
        let confidence = row[2];
        let value: f64 = confidence.parse().expect("a number");
        assert!(
            (0.0..=1.0).contains(&value) && confidence.split('.').nth(1).map(str::len) == Some(3),
            "confidence with three decimals: {confidence}"
        );
    }
}

#[test]
fn literary_priors_pair_the_essay_alike_but_less_surely() {
    let pairs = |tsv: &str| -> Vec<(String, String, f64)> {
        tsv.lines()
            .map(|l| {
                let r: Vec<&str> = l.split('\t').collect();
                (r[0].to_owned(), r[1].to_owned(), r[2].parse().unwrap())
            })
            .collect()
    };
    let reference = pairs(&ok(&["align", EN, JA]));
    let literary = pairs(&ok(&["align", "--literary", EN, JA]));
    let text = |p: &[(String, String, f64)]| -> Vec<(String, String)> {
        p.iter().map(|(e, j, _)| (e.clone(), j.clone())).collect()
    };
    assert_eq!(text(&literary), text(&reference));
    // Priors that expect joins and splits leave the 1–1 pairs less sure.
    let mean = |p: &[(String, String, f64)]| p.iter().map(|(_, _, c)| c).sum::<f64>();
    assert!(mean(&literary) < mean(&reference), "{literary:?}");
}

#[test]
fn align_prints_the_sentences_and_their_pairs_as_json() {
    let value = json(&ok(&["align", EN, JA, "--format", "json"]));
    let mut keys: Vec<&String> = value.as_object().expect("an object").keys().collect();
    keys.sort();
    assert_eq!(keys, ["en", "ja", "pairs"]);
    let en = strings(&value["en"]);
    let ja = strings(&value["ja"]);
    assert_eq!(en.len(), 10);
    assert_eq!(ja, PAIRS.map(|(_, ja)| ja));
    assert_eq!(en[4..6].join(" "), PAIRS[4].0);
    assert_each_sentence_once(&value);

    let pairs = value["pairs"].as_array().expect("pairs");
    let shape: Vec<(Vec<u64>, Vec<u64>, u64)> = pairs
        .iter()
        .map(|p| {
            let mut keys: Vec<&String> = p.as_object().expect("a pair").keys().collect();
            keys.sort();
            assert_eq!(keys, ["confidence", "en", "fixed", "ja", "paragraph"]);
            assert_eq!(p["fixed"], false, "no reader has corrected this pair");
            let confidence = p["confidence"].as_f64().expect("a confidence");
            assert!((0.0..=1.0).contains(&confidence), "{p}");
            (
                indices(&p["en"]),
                indices(&p["ja"]),
                p["paragraph"].as_u64().unwrap(),
            )
        })
        .collect();
    let want: Vec<(Vec<u64>, Vec<u64>, u64)> = vec![
        (vec![0], vec![0], 0),
        (vec![1], vec![1], 0),
        (vec![2], vec![2], 0),
        (vec![3], vec![3], 1),
        (vec![4, 5], vec![4], 1),
        (vec![6], vec![5], 1),
        (vec![7], vec![6], 2),
        (vec![8], vec![7], 2),
        (vec![9], vec![8], 2),
    ];
    assert_eq!(shape, want);
}

#[test]
fn files_in_either_order_or_stated_give_the_same_alignment() {
    for format in ["tsv", "json"] {
        let want = ok(&["align", EN, JA, "--format", format]);
        assert_eq!(ok(&["align", JA, EN, "--format", format]), want, "{format}");
        let stated = ok(&["align", "--ja", JA, "--en", EN, "--format", format]);
        assert_eq!(stated, want, "{format}");
    }
}

#[test]
fn two_english_files_are_refused_unless_stated() {
    let want = format!(
        "taiyaku: both {EN} and {SEED} are English: give --en and --ja, or an English and a \
         Japanese file"
    );
    for args in [
        vec!["align", EN, SEED],
        vec!["render", EN, SEED],
        vec!["import", "--pair", EN, SEED],
        vec![EN, SEED],
    ] {
        assert_eq!(refused(&args), want, "{args:?}");
    }
    // As stated, the second English file is taken as the Japanese side.
    let value = json(&ok(&[
        "align", "--en", EN, "--ja", SEED, "--format", "json",
    ]));
    assert_eq!(strings(&value["en"])[0], PAIRS[0].0);
    assert!(
        strings(&value["ja"])[0].starts_with("In early November"),
        "{value}"
    );
    assert_each_sentence_once(&value);
}

#[test]
fn a_file_that_holds_both_languages_is_refused_as_half_of_a_pair() {
    let want = format!("taiyaku: {BOTH} already holds both languages: open it alone");
    assert_eq!(refused(&["align", BOTH, JA]), want);
    assert_eq!(refused(&["render", "--en", BOTH, "--ja", JA]), want);
    // Alone, it opens as it always has.
    assert!(ok(&["render", BOTH, "--width", "80"]).contains("提灯職人"));
}

#[test]
fn arguments_that_make_no_pair_are_refused_in_one_line() {
    assert_eq!(
        refused(&["align", EN, JA, SEED]),
        "taiyaku: 3 files given: at most two, an English text and its Japanese translation"
    );
    assert_eq!(
        refused(&["render", "--en", EN]),
        "taiyaku: --en needs --ja: give the Japanese file too"
    );
    assert_eq!(
        refused(&["align", "--ja", JA]),
        "taiyaku: --ja needs --en: give the English file too"
    );
    assert_eq!(
        refused(&["align", EN]),
        "taiyaku: align needs two files: FILE_A FILE_B, or --en FILE --ja FILE"
    );
    assert_eq!(
        refused(&["import", "--pair", EN]),
        "taiyaku: --pair takes two files, an English text and its Japanese translation (1 given)"
    );
    assert_eq!(
        refused(&["render", "--sentences", "lines", EN]),
        "taiyaku: --sentences is for a pair of files: FILE_A FILE_B, or --en FILE --ja FILE"
    );
}

#[cfg(unix)]
#[test]
fn file_names_in_messages_are_sanitized() {
    let folder = TempDir::new("names");
    let hostile = folder.path().join("a\u{1b}]0;pwned\u{7}.txt");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(EN), &hostile).expect("copied");
    let stderr = refused(&["align", hostile.to_str().expect("UTF-8"), EN]);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(stderr.contains("a␛.txt and"), "{stderr:?}");
}

#[test]
fn sentences_lines_takes_every_non_blank_line_as_a_sentence() {
    let args = [
        "align",
        JA_LINES,
        EN_LINES,
        "--sentences",
        "lines",
        "--format",
        "json",
    ];
    let value = json(&ok(&args));
    assert_eq!(strings(&value["en"]), lines_of(EN_LINES));
    assert_eq!(strings(&value["ja"]), lines_of(JA_LINES));
    assert_each_sentence_once(&value);
    // Ten lines a side, the title's among them, paired one to one: the line that holds two
    // English sentences stays one.
    let pairs = value["pairs"].as_array().expect("pairs");
    assert_eq!(pairs.len(), 10);
    for (k, pair) in (0_u64..).zip(pairs) {
        assert_eq!(
            (indices(&pair["en"]), indices(&pair["ja"])),
            (vec![k], vec![k])
        );
    }
    let paragraphs: Vec<u64> = pairs
        .iter()
        .map(|p| p["paragraph"].as_u64().unwrap())
        .collect();
    assert_eq!(paragraphs, [0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    // Split by the splitters instead, that line is two sentences.
    let split = json(&ok(&["align", EN_LINES, JA_LINES, "--format", "json"]));
    assert_eq!(split["en"].as_array().map(Vec::len), Some(10));
}

#[test]
fn import_pair_adds_one_article_with_both_titles() {
    let data = TempDir::new("import");
    let said = ok_in(&["import", "--pair", JA, EN], data.path());
    assert_eq!(
        said,
        format!(
            "imported The Lunch Box (3 paragraphs) · English: {EN} · Japanese: {JA} (by script)\n"
        )
    );
    ok_in(&["import", "--en", EN, "--ja", JA], data.path());
    let list = ok_in(&["list"], data.path());
    let imported: Vec<&str> = list.lines().filter(|l| l.contains("imported")).collect();
    assert_eq!(
        imported.len(),
        1,
        "one article, imported again in place:\n{list}"
    );
    assert!(
        imported[0].contains("The Lunch Box / 弁当箱  (3 paragraphs"),
        "{list}"
    );
}

#[test]
fn import_of_an_english_and_a_japanese_file_makes_one_article_unless_kept_apart() {
    let data = TempDir::new("import-two");
    let said = ok_in(&["import", JA, EN], data.path());
    assert!(
        said.contains(&format!("English: {EN} · Japanese: {JA}")),
        "{said}"
    );
    let list = ok_in(&["list"], data.path());
    assert_eq!(list.matches("imported").count(), 1, "{list}");
    assert!(list.contains("The Lunch Box / 弁当箱"), "{list}");

    let apart = TempDir::new("import-apart");
    ok_in(&["import", "--separately", EN, JA], apart.path());
    let list = ok_in(&["list"], apart.path());
    assert_eq!(list.matches("imported").count(), 2, "{list}");
    // Two files of one language are two articles.
    let same = TempDir::new("import-same");
    ok_in(&["import", JA, "tests/fixtures/novel_ja.txt"], same.path());
    let list = ok_in(&["list"], same.path());
    assert_eq!(list.matches("imported").count(), 2, "{list}");
}

#[test]
fn render_prints_the_pair_side_by_side() {
    let text = ok(&["render", JA, EN, "--width", "100"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("The Lunch Box") && lines[0].ends_with("│ 弁当箱"),
        "{text}"
    );
    let first = lines
        .iter()
        .find(|l| l.starts_with("Every morning"))
        .unwrap_or_else(|| panic!("the first paragraph: {text}"));
    assert!(first.contains(" │ 毎朝、祖母は"), "{first}");
    let last = lines
        .iter()
        .find(|l| l.starts_with("Last year"))
        .unwrap_or_else(|| panic!("the last paragraph: {text}"));
    assert!(last.contains(" │ 去年、祖母は九十歳になった。"), "{last}");
    assert!(
        !text.contains("（日本語訳なし）"),
        "every paragraph has its translation"
    );
    let stacked = ok(&["render", JA, EN, "--width", "100", "--layout", "stacked"]);
    assert!(stacked.contains("│ 毎朝、祖母は"), "{stacked}");
}

#[cfg(unix)]
#[test]
fn the_reader_opens_a_pair_and_says_which_file_is_which() {
    use common::term::{Term, rows, status};

    let mut term = Term::spawn(&[JA, EN], 120, 30);
    let said = format!("English: {EN} · Japanese: {JA} (by script)");
    let screen = term.wait_for("the pair in the reader", |s| status(s).contains(&said));
    let rows = rows(&screen);
    assert!(
        rows[0].contains("The Lunch Box") && rows[0].contains("弁当箱"),
        "both titles in the title bar:\n{}",
        screen.contents()
    );
    let first = rows
        .iter()
        .find(|row| row.contains("Every morning"))
        .unwrap_or_else(|| panic!("the first paragraph:\n{}", screen.contents()));
    assert!(first.contains("│ 毎朝、祖母は"), "side by side: {first}");
    term.send("q");
    assert!(term.wait_exit().success());
}

#[cfg(unix)]
#[test]
fn a_pair_is_aligned_once_and_again_only_when_a_file_changes() {
    use common::term::{Term, status};
    use portable_pty::CommandBuilder;

    let data = TempDir::new("aligned-once");
    let folder = TempDir::new("pair-files");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (en, ja) = (folder.path().join("en.txt"), folder.path().join("ja.txt"));
    std::fs::copy(manifest.join(EN), &en).unwrap();
    std::fs::copy(manifest.join(JA), &ja).unwrap();
    let open_with = |options: &[&str], expect: &str, keys: &str| {
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_taiyaku"));
        command.args(options);
        command.args([&en, &ja]);
        command.env("TAIYAKU_DATA_DIR", data.path());
        // Wide enough for the status line to name both temporary files whole.
        let mut term = Term::spawn_command(command, 300, 30, true);
        term.wait_for(expect, |s| status(s).contains(expect));
        term.send(keys);
        term.send("q");
        assert!(term.wait_exit().success());
    };
    let open = |expect: &str| open_with(&[], expect, "");
    // Aligned: the status says which file is which, by script. A bookmark on the third
    // paragraph.
    open_with(&[], "(by script)", "}}m");
    let bookmarked = ok_in(&["bookmarks"], data.path());
    assert!(bookmarked.contains("¶3"), "{bookmarked}");
    // Kept in the library with both files' hashes, English first.
    let stored = ok_in(&["list"], data.path());
    assert!(
        stored.contains("imported") && stored.contains("The Lunch Box"),
        "{stored}"
    );
    let mut library = std::fs::read_dir(data.path().join("library")).unwrap();
    let file = library.find_map(Result::ok).unwrap().path();
    let json = json(&std::fs::read_to_string(file).unwrap());
    let sources = json["article"]["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2);
    assert!(sources[0]["name"].as_str().unwrap().ends_with("en.txt"));
    assert_eq!(sources[0]["hash"].as_str().unwrap().len(), 16);
    let confidence = &json["article"]["blocks"][0]["sentences"][0]["confidence"];
    assert!(
        confidence.as_u64().is_some_and(|c| c <= 1000),
        "{confidence}"
    );
    assert!(
        json["article"]["aligned_with"]
            .as_str()
            .is_some_and(|a| a.contains("aligner")),
        "{json}"
    );
    // Opened again: from the library, not aligned again…
    open("(as aligned before: both files unchanged)");
    // …unless the files are read as another format.
    open_with(&["--format", "plain"], "(by script)", "");
    open("(by script)");
    open("(as aligned before: both files unchanged)");
    // A file changed: aligned again.
    let mut text = std::fs::read_to_string(&ja).unwrap();
    text.push_str("\n追記の一文。\n");
    std::fs::write(&ja, text).unwrap();
    open("(by script)");
    let list = ok_in(&["list"], data.path());
    assert_eq!(
        list.matches("imported").count(),
        1,
        "the pair replaced: {list}"
    );
    // The bookmark made before re-attaches to the re-aligned article.
    let after = ok_in(&["bookmarks"], data.path());
    assert!(
        after.contains("¶3") && !after.contains("detached") && !after.contains("missing"),
        "{after}"
    );
}

#[test]
fn sentences_lines_keeps_a_line_in_the_other_script_on_its_files_side() {
    let folder = TempDir::new("lines-latin");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ja = folder.path().join("ja.txt");
    let mut text = std::fs::read_to_string(manifest.join(JA_LINES)).unwrap();
    text.push_str("\nBento Box\n");
    std::fs::write(&ja, &text).unwrap();
    let ja = ja.to_string_lossy().into_owned();
    let value = json(&ok(&[
        "align",
        EN_LINES,
        &ja,
        "--sentences",
        "lines",
        "--format",
        "json",
    ]));
    let lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    assert_eq!(
        strings(&value["ja"]),
        lines,
        "the Latin line is still a Japanese sentence"
    );
    assert_each_sentence_once(&value);
}

/// The fixtures paired, with `sentence` left out of the Japanese file: the aligner cannot be
/// sure where the English sentence it translated goes.
fn paired_without(sentence: &str) -> taiyaku::article::Article {
    use taiyaku::align::article::{Sentences, pair};
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str, text: Option<String>| {
        let bytes = text.map_or_else(
            || std::fs::read(manifest.join(path)).unwrap(),
            String::into_bytes,
        );
        taiyaku::import::import_bytes(&bytes, path, None)
            .unwrap()
            .article
    };
    let ja_text = std::fs::read_to_string(manifest.join(JA)).unwrap();
    assert!(ja_text.contains(sentence));
    let en = read(EN, None);
    let ja = read(JA, Some(ja_text.replace(sentence, "")));
    pair(
        &en,
        &ja,
        &taiyaku::align::Model::default(),
        Sentences::Split,
    )
    .article
}

#[test]
fn a_paragraph_with_an_unsure_pair_is_marked_in_the_margin() {
    use taiyaku::app::App;
    use taiyaku::{config, library};
    let sure = paired_without("");
    let unsure = paired_without("祖母は家の誰よりもずっと早く、五時に起きていた。");
    assert!(
        !sure
            .blocks
            .iter()
            .any(taiyaku::article::Block::has_unsure_pair)
    );
    assert!(
        unsure
            .blocks
            .iter()
            .any(taiyaku::article::Block::has_unsure_pair)
    );
    for (article, marked) in [(sure, false), (unsure, true)] {
        let app = App::new(
            config::defaults(true),
            library::bundled(),
            Some(article),
            (100, 24),
        );
        let terminal = common::drawn(&app);
        let rows = common::buffer_rows(
            terminal.backend().buffer(),
            taiyaku::text::AmbiguousWidth::Narrow,
        );
        let first = rows.iter().find(|r| r.contains("Every morning")).unwrap();
        assert_eq!(first.starts_with("▌?Every"), marked, "{first}");
    }
}

#[cfg(unix)]
#[test]
fn a_long_pair_is_aligned_behind_a_progress_line_then_read() {
    use common::term::{Term, status};
    use portable_pty::CommandBuilder;

    // Past the size at which the reader aligns behind a progress line (half a megabyte).
    let folder = TempDir::new("long-pair");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let body = |path: &str| {
        let text = std::fs::read_to_string(manifest.join(path)).unwrap();
        let (_, body) = text.split_once("\n\n").unwrap();
        body.to_owned()
    };
    let (en_body, ja_body) = (body(EN), body(JA));
    let times = 600_000 / (en_body.len() + ja_body.len()) + 1;
    let (en, ja) = (folder.path().join("en.txt"), folder.path().join("ja.txt"));
    std::fs::write(
        &en,
        format!("Long\n\n{}", vec![en_body; times].join("\n\n")),
    )
    .unwrap();
    std::fs::write(
        &ja,
        format!("長い\n\n{}", vec![ja_body; times].join("\n\n")),
    )
    .unwrap();
    // How long this machine takes to align the pair, measured, so that the wait for the reader
    // follows the machine rather than a guess.
    let started = std::time::Instant::now();
    let (en_path, ja_path) = (en.to_string_lossy(), ja.to_string_lossy());
    ok(&["align", &en_path, &ja_path]);
    let aligning = started.elapsed();
    let data = TempDir::new("long-pair-data");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_taiyaku"));
    command.args([&en, &ja]);
    command.env("TAIYAKU_DATA_DIR", data.path());
    let mut term = Term::spawn_command(command, 200, 30, true);
    let wait = common::term::TIMEOUT + 4 * aligning;
    term.wait_for_within("the reader", wait, |s| status(s).contains("(by script)"));
    term.send("q");
    assert!(term.wait_exit().success());
    let list = ok_in(&["list"], data.path());
    assert!(list.contains("Long"), "the alignment kept: {list}");
}

#[test]
fn a_long_repeated_pair_keeps_every_copy_in_step() {
    // The essay 250 times over: 2,500 English sentences and 2,250 Japanese, one 2–1 pair a
    // copy. A band that drifts off the path leaves sentences unpaired instead (a coarse
    // guide tried once made 4,740 pairs of twice this text, where 4,464 are right).
    use taiyaku::align::article::{Sentences, pair};
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repeated = |path: &str, title: &str| {
        let text = std::fs::read_to_string(manifest.join(path)).unwrap();
        let (_, body) = text.split_once("\n\n").unwrap();
        let text = format!("{title}\n\n{}", vec![body; 250].join("\n\n"));
        taiyaku::import::import_bytes(text.as_bytes(), path, None)
            .unwrap()
            .article
    };
    let (en, ja) = (repeated(EN, "Long"), repeated(JA, "長い"));
    let paired = pair(
        &en,
        &ja,
        &taiyaku::align::Model::default(),
        Sentences::Split,
    );
    let pairs: usize = paired
        .article
        .blocks
        .iter()
        .map(|b| b.sentences.len())
        .sum();
    // Nine pairs a copy (the titles are headings).
    assert_eq!(pairs, 9 * 250);
}

/// A pair corrected in the library (as the reader keeps it): `align` prints the corrected
/// pairs, marked fixed; after the English file changes, the pair is aligned again around the
/// fixed pair, which stays as it was corrected.
#[test]
fn corrections_are_what_align_prints_and_outlive_a_changed_file() {
    use taiyaku::article::Side;
    use taiyaku::correct::{Correction, Place, correct};
    use taiyaku::store::Store;
    let data = TempDir::new("corrected");
    let files = TempDir::new("pair-files");
    let en = files.path().join("en.txt");
    let ja = files.path().join("ja.txt");
    std::fs::copy(EN, &en).unwrap();
    std::fs::copy(JA, &ja).unwrap();
    let args = |command: &'static str| [command, en.to_str().unwrap(), ja.to_str().unwrap()];
    ok_in(&args("import"), data.path());
    let store = Store::new(data.path().to_path_buf());
    let (mut articles, _) = store.articles();
    let mut article = articles.remove(0);
    let block = article
        .blocks
        .iter()
        .position(|b| {
            b.text
                .en
                .as_deref()
                .is_some_and(|t| t.starts_with("Every morning"))
        })
        .expect("the first paragraph");
    let first = Place {
        block,
        sentence: Some((Side::En, 0)),
    };
    let edit = correct(&article.blocks, Correction::JoinPairs, first).unwrap();
    edit.splice.apply(&mut article.blocks);
    article.corrected = true;
    store.save_article(&article).unwrap();
    let joined = format!(
        "{} {}\t{}{}\t1.000\tfixed",
        PAIRS[0].0, PAIRS[1].0, PAIRS[0].1, PAIRS[1].1
    );

    let tsv = ok_in(&args("align"), data.path());
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines.len(), PAIRS.len() - 1, "{tsv}");
    assert!(lines.iter().any(|l| *l == joined), "{tsv}");
    assert_eq!(lines.iter().filter(|l| l.ends_with("\tfixed")).count(), 1);

    let text = std::fs::read_to_string(&en).unwrap();
    let changed = text.replace("Last year, my", "Last spring, my");
    assert_ne!(changed, text);
    std::fs::write(&en, changed).unwrap();
    let tsv = ok_in(&args("align"), data.path());
    assert!(
        tsv.lines().any(|l| l == joined),
        "the fixed pair is kept:\n{tsv}"
    );
    assert!(
        tsv.contains("Last spring, my grandmother turned ninety.\t去年、"),
        "{tsv}"
    );
    let json = json(&ok_in(
        &[&args("align")[..], &["--format", "json"]].concat(),
        data.path(),
    ));
    let fixed: Vec<&Value> = json["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["fixed"] == true)
        .collect();
    assert_eq!(fixed.len(), 1);
    assert_eq!(indices(&fixed[0]["en"]), [0, 1]);

    // Imported again (the library's copy aligned anew), and the file changed once more: the
    // fixed pair is still kept, so the copy is still a corrected one.
    ok_in(&args("import"), data.path());
    let text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(&en, text.replace("Last spring, my", "Last summer, my")).unwrap();
    let tsv = ok_in(&args("align"), data.path());
    assert!(
        tsv.lines().any(|l| l == joined),
        "kept after two changes:\n{tsv}"
    );
}

/// A paragraph of Japanese around a long URL (issue 14, item 7).
const JA_WITH_URL: &str = "詳しくはhttps://www.example.com/library/lunch-boxes/history/index.html?lang=ja&page=1を見てください。";

#[test]
fn a_japanese_paragraph_with_a_long_url_stays_in_the_japanese_file() {
    let folder = TempDir::new("url-paragraph");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = std::fs::read_to_string(manifest.join(JA)).unwrap();
    text.push_str("\n\n");
    text.push_str(JA_WITH_URL);
    text.push('\n');
    let ja = folder.path().join("ja.txt");
    std::fs::write(&ja, &text).unwrap();
    let ja = ja.to_string_lossy().into_owned();
    let output = taiyaku(&["align", EN, &ja, "--format", "json"], folder.path());
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("left out"), "{stderr}");
    let value = json(std::str::from_utf8(&output.stdout).unwrap());
    assert!(
        strings(&value["ja"])
            .iter()
            .any(|s| s.contains("example.com")),
        "the paragraph is among the Japanese sentences: {value}"
    );
    assert!(
        strings(&value["en"])
            .iter()
            .all(|s| !s.contains("example.com"))
    );
    assert_each_sentence_once(&value);
}
