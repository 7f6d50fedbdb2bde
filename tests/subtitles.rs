//! Subtitles (SRT and WebVTT): a file whose cues hold both languages reads as pairs, each with
//! its time, shown on the status bar; two one-language files are paired by time, not length.

mod common;

use std::path::Path;
use std::process::Command;

use taiyaku::app::{Action, App, update};
use taiyaku::article::{Cue, Format, Side};
use taiyaku::config;
use taiyaku::import::import_path;
use taiyaku::keymap::Command as Key;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn a_file_with_both_languages_in_each_cue_reads_as_timed_pairs() {
    let article = import_path(&fixture("subtitles_both.srt"), None)
        .unwrap()
        .article;
    assert_eq!(article.format, Format::Subtitles);
    assert_eq!(article.blocks.len(), 3);
    let last = &article.blocks[2];
    assert_eq!(
        last.text.en.as_deref(),
        Some("It is only an hour to the harbour.")
    );
    assert_eq!(last.sentence(0, Side::Ja), Some("港まではたった一時間だ。"));
    assert_eq!(
        last.cue(),
        Some(Cue {
            start: 6500,
            end: 9000
        })
    );
    assert!(
        article
            .blocks
            .iter()
            .all(|b| !b.text.en.as_deref().unwrap().contains('<'))
    );
    // The status bar shows the current pair's time.
    let mut app = App::new(config::defaults(true), Vec::new(), Some(article), (100, 20));
    update(&mut app, Action::Command(Key::NextParagraph));
    let terminal = common::drawn(&app);
    let buffer = terminal.backend().buffer();
    let status: String = (0..100).map(|x| buffer[(x, 19)].symbol()).collect();
    assert!(status.contains("¶2/3 · 0:03.6"), "{status}");
}

#[test]
fn the_format_is_told_by_content_and_named_on_the_command_line() {
    let vtt = import_path(&fixture("subtitles_en.vtt"), None)
        .unwrap()
        .article;
    assert_eq!(vtt.format, Format::Subtitles);
    assert_eq!(vtt.blocks.len(), 4, "the NOTE is not a cue");
    assert_eq!(
        vtt.blocks[3].text.en.as_deref(),
        Some("Only an hour to the harbour.")
    );
    assert_eq!(
        taiyaku::import::format_named("srt"),
        Some(Format::Subtitles)
    );
    assert_eq!(
        taiyaku::import::format_named("vtt"),
        Some(Format::Subtitles)
    );
}

#[test]
fn two_files_are_paired_by_time() {
    let output = Command::new(env!("CARGO_BIN_EXE_taiyaku"))
        .args([
            "align",
            "tests/fixtures/subtitles_en.vtt",
            "tests/fixtures/subtitles_ja.srt",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TAIYAKU_DATA_DIR", common::TempDir::new("subs").path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let tsv = String::from_utf8(output.stdout).unwrap();
    let pairs: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(pairs.len(), 3, "{tsv}");
    assert_eq!(
        pairs[1][..2],
        [
            "Then we walk. It is not far.",
            "じゃあ、歩こう。遠くないよ。"
        ]
    );
}

#[test]
fn broken_cue_times_name_their_line() {
    let text = "1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n2\n00:00:03,000 -> 00:00:04,000\nTwo.\n";
    let error = taiyaku::import::import_bytes(text.as_bytes(), "x.srt", None).unwrap_err();
    assert!(
        error.to_string().starts_with("bad subtitles at line 6:"),
        "{error}"
    );
}
