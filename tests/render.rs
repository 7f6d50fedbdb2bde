//! `taiyaku render`: the built binary, its output and its errors.

use std::path::Path;
use std::process::{Command, Output};

use taiyaku::text::{AmbiguousWidth, str_width};

const SEED: &str = "seeds/000_c337ac50f9fe369f.txt";

fn taiyaku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taiyaku"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn width(line: &str) -> usize {
    str_width(line, AmbiguousWidth::Narrow)
}

#[test]
fn seed_renders_side_by_side_at_100_columns() {
    let output = taiyaku(&["render", SEED, "--width", "100"]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Japan in Their Own Words (JITOW)"));
    assert!(lines[0].ends_with("│ 日本からの意見"));
    // The left pane is (100 - 3) / 2 = 48 cells: the rule sits at column 49.
    for line in &lines {
        assert!(width(line) <= 100, "{line:?}");
        if let Some(at) = line.find('│') {
            assert_eq!(width(&line[..at]), 49, "{line:?}");
        }
    }
    assert!(text.contains("石郷岡 健 / ジャーナリスト"));
    assert!(
        text.contains("（日本語訳なし）"),
        "missing Japanese shows a placeholder"
    );
    assert!(
        !text.contains("English Speaking Union of Japan >"),
        "breadcrumb hidden"
    );
    assert!(
        !lines.iter().any(|l| l.ends_with(' ')),
        "trailing spaces trimmed"
    );
}

#[test]
fn every_layout_fits_its_width() {
    for layout in ["side", "swapped", "stacked", "en", "ja"] {
        for w in ["8", "40", "61", "160"] {
            let output = taiyaku(&["render", SEED, "--width", w, "--layout", layout]);
            assert!(output.status.success(), "{layout} {w}: {output:?}");
            let w: usize = w.parse().unwrap();
            for line in stdout(&output).lines() {
                assert!(width(line) <= w, "{layout} at {w}: {line:?}");
            }
        }
    }
}

#[test]
fn narrow_default_falls_back_to_stacked() {
    let text = stdout(&taiyaku(&["render", SEED, "--width", "40"]));
    assert!(!text.contains(" │ "), "no gutter between panes: {text}");
    assert!(
        text.contains("\n│ 日本からの意見\n"),
        "the Japanese under its English, behind the partner rule: {text}"
    );
    let forced = stdout(&taiyaku(&[
        "render", SEED, "--width", "40", "--layout", "side",
    ]));
    assert!(forced.contains(" │ "));
}

#[test]
fn swapped_puts_japanese_on_the_left() {
    let text = stdout(&taiyaku(&[
        "render", SEED, "--width", "100", "--layout", "swapped",
    ]));
    assert!(text.lines().next().unwrap().starts_with("日本からの意見"));
}

#[test]
fn escape_sequences_in_a_file_never_reach_stdout() {
    let dir = std::env::temp_dir().join(format!("taiyaku-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("hostile.txt");
    std::fs::write(
        &file,
        "Title\u{1b}]0;pwned\u{07}\n\nA paragraph \u{1b}[31mred\u{1b}[0m, a link \u{1b}]8;;http://x\u{1b}\\here\u{1b}]8;;\u{1b}\\ and a clipboard write \u{1b}]52;c;SGVsbG8=\u{07}.\n\n\u{9b}2J 「こんにちは」\u{9d}2;t\u{9c}\n",
    )
    .unwrap();
    let output = taiyaku(&["render", file.to_str().unwrap(), "--width", "80"]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        !output.stdout.iter().any(|&b| b == 0x1b || b == 0x07),
        "raw control in output"
    );
    let text = stdout(&output);
    assert!(!text.contains(|c: char| ('\u{80}'..='\u{9f}').contains(&c)));
    assert!(text.contains('␛'), "placeholders are visible: {text}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn bad_input_gives_one_line_and_a_failure_code() {
    let dir = std::env::temp_dir().join(format!("taiyaku-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let binary = dir.join("binary.bin");
    std::fs::write(&binary, b"\x7fELF\x00\x01\x02").unwrap();
    let hostile_name = dir.join("evil\u{1b}]0;x\u{07}.txt");
    for path in [
        binary.as_path(),
        Path::new("no/such/file.txt"),
        hostile_name.as_path(),
    ] {
        let output = taiyaku(&["render", path.to_str().unwrap()]);
        assert!(!output.status.success(), "{path:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("taiyaku: "), "{stderr}");
        assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    }
    let bad_width = taiyaku(&["render", SEED, "--width", "3"]);
    assert!(!bad_width.status.success());
    let bad_layout = taiyaku(&["render", SEED, "--layout", "diagonal"]);
    assert!(!bad_layout.status.success());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_bad_config_is_reported_with_its_line_before_the_terminal_is_touched() {
    let dir = std::env::temp_dir().join(format!("taiyaku-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "[reader]\n\nlayout = \"diagonal\"\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_taiyaku"))
        .arg(SEED)
        .env("TAIYAKU_CONFIG_DIR", &dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("config.toml: line 3: unknown layout 'diagonal'"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "nothing drawn");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn headings_of_a_file_in_three_formats() {
    let text = stdout(&taiyaku(&[
        "headings",
        "assets/guide.json",
        "--width",
        "80",
    ]));
    assert!(
        text.contains("§§         │   Japanese line breaking"),
        "{text}"
    );
    assert!(text.contains("日本語の改行と禁則処理"));
    for line in text.lines() {
        assert!(width(line) <= 80, "{line:?}");
    }
    let seed = stdout(&taiyaku(&["headings", SEED, "--width", "60"]));
    assert!(
        seed.contains("(missing)") && seed.contains("! no Japanese"),
        "{seed}"
    );
    let json = stdout(&taiyaku(&["headings", SEED, "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["headings"][1]["kind"], "title");
    assert_eq!(value["headings"][1]["mismatch"], "no Japanese");
    let markdown = stdout(&taiyaku(&[
        "headings",
        "assets/guide.json",
        "--format",
        "markdown",
    ]));
    assert!(
        markdown
            .contains("| §§ | \u{3000}Japanese line breaking | \u{3000}日本語の改行と禁則処理 |"),
        "{markdown}"
    );
}

#[test]
fn headings_of_the_library_compare_titles_and_count_the_missing() {
    let data = std::env::temp_dir().join(format!("taiyaku-headings-{}", std::process::id()));
    let output = Command::new(env!("CARGO_BIN_EXE_taiyaku"))
        .args(["headings", "--width", "100"])
        .env("TAIYAKU_DATA_DIR", &data)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(text.contains("taiyakuで対訳を読む"), "{text}");
    assert!(
        text.ends_with("3 articles; 0 without an English title, 1 without a Japanese title\n"),
        "{text}"
    );
    std::fs::remove_dir_all(data).ok();
}

#[test]
fn render_help_names_every_input_format() {
    let help = stdout(&taiyaku(&["render", "--help"]));
    for format in taiyaku::article::Format::ALL {
        assert!(
            help.contains(format.name()),
            "{} missing from:\n{help}",
            format.name()
        );
    }
}
