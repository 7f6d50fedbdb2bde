//! The reader in a real terminal: the built binary in a pseudo-terminal, its output parsed by vt100.
//!
//! Each test drives `taiyaku` through a `Term` (`common::term`: a pty of a given size, a thread
//! that records every byte the program writes and feeds it to a vt100 parser) and waits for what
//! it expects on the parsed screen.

#![cfg(unix)]

mod common;

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::Instant;

use common::SEED;
use common::TempDir;
use common::term::{
    Answers, ENTER_ALTERNATE, POLL, TIMEOUT, Term, assert_exited_cleanly,
    assert_terminal_given_back, find, rfind, rows, signal, status,
};
use portable_pty::CommandBuilder;

/// The current paragraph's marker, in column 0 of each of its rows.
const MARKER: &str = "▌";

/// The process's state letters as `ps` shows them (`S`, `T`, …), from `/proc` without `ps`.
fn process_state(pid: u32) -> String {
    if let Ok(output) = Command::new("ps")
        .args(["-o", "stat=", "-p", &pid.to_string()])
        .output()
    {
        return String::from_utf8_lossy(&output.stdout).trim().to_owned();
    }
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // `pid (comm) STATE …`: the state follows the last parenthesis.
    stat.rsplit_once(") ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .unwrap_or_default()
        .to_owned()
}

/// True when `row` carries the current-paragraph marker in column 0.
fn is_marked(screen: &vt100::Screen, row: u16) -> bool {
    screen.cell(row, 0).is_some_and(|c| c.contents() == MARKER)
}

/// The rows carrying the current-paragraph marker.
fn marked_rows(screen: &vt100::Screen) -> Vec<String> {
    (0..)
        .zip(rows(screen))
        .filter(|&(row, _)| is_marked(screen, row))
        .map(|(_, text)| text)
        .collect()
}

/// The screen row where the current paragraph's first row on screen is.
fn first_marked_row(screen: &vt100::Screen) -> Option<u16> {
    let (height, _) = screen.size();
    (0..height.get()).find(|&row| is_marked(screen, row))
}

/// The first `n` words of the current paragraph's first row on screen (its left pane).
fn current_first_words(screen: &vt100::Screen, n: usize) -> String {
    let first = marked_rows(screen)
        .into_iter()
        .next()
        .expect("a row carries the current-paragraph marker");
    let text = first.trim_start_matches(MARKER);
    first_words(text.split('│').next().unwrap_or_default(), n)
}

fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when the first marked row (the current paragraph's first on screen) holds `words`.
fn current_starts_with(screen: &vt100::Screen, words: &str) -> bool {
    marked_rows(screen).first().is_some_and(|row| {
        row.trim_start_matches(MARKER)
            .trim_start()
            .starts_with(words)
    })
}

/// True when a pane row shows the side-by-side gutter.
/// Whether the panes stand side by side: the gutter ` │ ` between them (stacked, a pair's
/// Japanese starts its line with the partner rule `│ ` instead).
fn has_gutter(screen: &vt100::Screen) -> bool {
    let rows = rows(screen);
    let panes = |row: &String| row.chars().skip(2).collect::<String>();
    rows[1..rows.len() - 1]
        .iter()
        .any(|row| panes(row).contains(" │ "))
}

#[test]
fn library_lists_the_bundled_articles_and_enter_opens_the_first() {
    let mut term = Term::spawn(&[], 100, 30);
    let screen = term.wait_for("the library", |s| {
        rows(s)[0].contains("library") && s.contents().contains("Strategy and Tactics")
    });
    // The first article's row is selected: its English title leads the row under the header.
    let title = first_words(&rows(&screen)[2], 3);
    assert!(
        !title.is_empty(),
        "no article listed:\n{}",
        screen.contents()
    );

    term.send("\r");
    let screen = term.wait_for("the first article in the reader", |s| {
        let rows = rows(s);
        !rows[0].contains("library") && status(s).contains("¶1/")
    });
    assert!(
        rows(&screen)[0].trim_start().starts_with(&title),
        "the reader's title bar does not show {title:?}:\n{}",
        screen.contents()
    );
    assert!(!marked_rows(&screen).is_empty(), "no current paragraph");

    // Back to the library, then out.
    term.send("q");
    term.wait_for("the library again", |s| rows(s)[0].contains("library"));
    term.send("q");
    let status = term.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_exited_cleanly(&term);
}

#[test]
fn seed_opens_in_the_reader_scrolls_and_moves_by_paragraph() {
    let mut term = Term::spawn(&[SEED], 100, 30);
    let before = term.wait_for("the seed article", |s| {
        rows(s)[0].contains("Strategy and Tactics")
            && s.contents().contains("日本からの意見")
            && status(s).contains("¶1/12")
    });
    assert!(marked_rows(&before).len() > 1, "¶1 spans rows");

    term.send("j");
    let after = term.wait_for("a scroll by one row", |s| rows(s)[1] != rows(&before)[1]);
    let (old, new) = (rows(&before), rows(&after));
    assert_eq!(new[1], old[2], "the top line moves up by one row");
    assert_eq!(new[2], old[3]);
    assert!(status(&after).contains("¶1/12"), "{}", status(&after));

    let first_before = marked_rows(&after)[0].clone();
    term.send("}");
    let next = term.wait_for("¶2/12", |s| status(s).contains("¶2/12"));
    let first_after = marked_rows(&next)
        .first()
        .cloned()
        .expect("the next paragraph carries the marker");
    assert_ne!(
        first_after, first_before,
        "the marker moved to another paragraph"
    );
    assert!(
        first_after.contains("Russia sent"),
        "¶2 starts with its first words: {first_after:?}"
    );

    term.send("{");
    term.wait_for("¶1/12 again", |s| status(s).contains("¶1/12"));
}

/// Waits for the reader at the terminal's new size, the current paragraph still ¶4, and checks
/// that paragraph's first row on screen begins with `words`.
fn assert_current_kept(term: &Term, cols: u16, rows: u16, words: &str) {
    let side_by_side = cols >= 60;
    let screen = term.wait_for(&format!("¶4/12 at {cols}×{rows}"), |s| {
        status(s).contains("¶4/12") && has_gutter(s) == side_by_side
    });
    assert!(
        current_starts_with(&screen, words),
        "at {cols}×{rows} the current paragraph (¶4, {words:?}…) is not on screen:\n{}",
        screen.contents()
    );
}

/// The reader at 120×30 on ¶4, and ¶4's first words.
fn reader_on_paragraph_4() -> (Term, String) {
    let mut term = Term::spawn(&[SEED], 120, 30);
    term.wait_for("the seed article", |s| status(s).contains("¶1/12"));
    term.send("}}}");
    let screen = term.wait_for("¶4/12", |s| status(s).contains("¶4/12"));
    let words = current_first_words(&screen, 3);
    assert_eq!(words.split(' ').count(), 3, "{words:?}");
    (term, words)
}

#[test]
fn resizing_keeps_the_current_paragraph_on_screen() {
    let (mut term, words) = reader_on_paragraph_4();
    let screen = term.wait_for("¶4 on screen", |s| first_marked_row(s).is_some());
    let row = first_marked_row(&screen).expect("¶4 is on screen");
    // Scroll up so that ¶4 starts mid-screen, under the end of ¶2 and all of ¶3: narrower
    // panes make those taller, so only keeping ¶4's place on screen keeps it in view.
    term.send(&"k".repeat(12));
    term.wait_for("¶4 twelve rows lower", |s| {
        first_marked_row(s) == Some(row + 12) && status(s).contains("¶4/12")
    });
    // Side by side narrower, then wider, then stacked in a small window.
    for (cols, rows) in [(70, 24), (160, 40), (40, 12)] {
        term.resize(cols, rows);
        assert_current_kept(&term, cols, rows, &words);
    }
    term.send("q");
    let status = term.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_exited_cleanly(&term);
}

#[test]
fn a_size_that_comes_back_before_a_frame_is_drawn_whole() {
    // The terminal may lose what it showed at the smaller size (this one clears it): the
    // frame for the size the reader last drew at must still be drawn whole.
    let (mut term, words) = reader_on_paragraph_4();
    term.resize(50, 10);
    term.resize(120, 30);
    assert_current_kept(&term, 120, 30, &words);
    term.send("q");
    let status = term.wait_exit();
    assert!(status.success(), "{status:?}");
}

#[test]
fn the_reader_survives_narrow_and_tiny_terminals() {
    let (mut term, words) = reader_on_paragraph_4();
    term.resize(40, 12);
    assert_current_kept(&term, 40, 12, &words);

    term.resize(10, 4);
    term.wait_for("the too-small message", |s| {
        let text = s.contents();
        text.contains("terminal") && text.contains("need 20×6")
    });
    assert!(term.is_running(), "the program died at 10×4");

    term.resize(120, 30);
    assert_current_kept(&term, 120, 30, &words);
    term.send("j");
    term.wait_for("a scroll after the resizes", |s| {
        status(s).contains("¶4/12")
    });
    term.send("q");
    let status = term.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_exited_cleanly(&term);
}

#[test]
fn q_exits_successfully_and_gives_the_terminal_back() {
    let mut term = Term::spawn(&[SEED], 100, 30);
    let screen = term.wait_for("the seed article", |s| status(s).contains("¶1/12"));
    // While it runs the terminal is raw and on the alternate screen, so the checks after the
    // exit see what the program undid, not the pty's defaults.
    assert!(
        screen.alternate_screen(),
        "the reader draws on the alternate screen"
    );
    let flags = term.local_flags();
    assert!(
        !flags.contains(&"ICANON") && !flags.contains(&"ECHO"),
        "the reader runs in raw mode: {flags:?}"
    );

    term.send("q");
    let status = term.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_exited_cleanly(&term);
}

/// `kill -NAME` (signal `number`) ends the reader in the middle of reading: the terminal given
/// back (raw mode, the alternate screen, the mouse and the cursor) and the exit status 128 +
/// `number`, the signal handled rather than left to kill the program.
fn a_signal_ends_the_reader_and_gives_the_terminal_back(name: &str, number: u32) {
    let mut term = Term::spawn(&[SEED], 100, 30);
    let screen = term.wait_for("the seed article", |s| status(s).contains("¶1/12"));
    assert_ne!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "the reader takes the mouse"
    );
    term.send("}");
    term.wait_for("¶2/12", |s| status(s).contains("¶2/12"));
    assert!(!term.is_cooked(), "the reader runs in raw mode");

    // As from another terminal or a supervisor (portable-pty's own `kill` is SIGHUP then
    // SIGKILL).
    assert!(signal(term.pid(), name), "SIG{name} delivered");
    let status = term.wait_exit();
    assert_eq!(
        status.signal(),
        None,
        "the program was killed by SIG{name} instead of handling it: {status:?}"
    );
    assert_eq!(
        status.exit_code(),
        128 + number,
        "the exit status says SIG{name} ended it"
    );
    assert_exited_cleanly(&term);
}

#[test]
fn sigint_ends_the_reader_and_gives_the_terminal_back() {
    a_signal_ends_the_reader_and_gives_the_terminal_back("INT", 2);
}

#[test]
fn sigquit_ends_the_reader_and_gives_the_terminal_back() {
    a_signal_ends_the_reader_and_gives_the_terminal_back("QUIT", 3);
}

#[test]
fn sigterm_ends_the_reader_and_gives_the_terminal_back() {
    a_signal_ends_the_reader_and_gives_the_terminal_back("TERM", 15);
}

#[test]
fn sighup_ends_the_reader_and_gives_the_terminal_back() {
    a_signal_ends_the_reader_and_gives_the_terminal_back("HUP", 1);
}

#[cfg(target_os = "linux")]
/// The reader on a file that is slow to come: a pipe whose writer has not written yet, which
/// waits as long as the test wants on any machine. The reader reads it behind a progress line
/// that says what is read.
fn reader_on_a_pipe() -> (Term, TempDir, std::path::PathBuf) {
    let folder = TempDir::new("pipe");
    let pipe = folder.path().join("essay.txt");
    let made = Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo: {made:?}");
    let term = Term::spawn(&[pipe.to_str().expect("a UTF-8 path")], 100, 30);
    term.wait_for("the progress line", |s| {
        let text = s.contents();
        text.contains("Reading") && text.contains("essay.txt") && text.contains("q: quit")
    });
    (term, folder, pipe)
}

#[test]
fn ctrl_c_quits_while_a_file_is_read_behind_a_progress_line() {
    let (mut term, _folder, _pipe) = reader_on_a_pipe();
    term.send("\x03");
    let status = term.wait_exit();
    assert_eq!(status.exit_code(), 130, "{status:?}");
    assert_exited_cleanly(&term);
}

#[test]
fn a_signal_ends_the_wait_for_a_file_read_behind_a_progress_line() {
    let (mut term, _folder, _pipe) = reader_on_a_pipe();
    assert!(signal(term.pid(), "TERM"), "SIGTERM delivered");
    let status = term.wait_exit();
    assert_eq!(status.exit_code(), 128 + 15, "{status:?}");
    assert_exited_cleanly(&term);
}

#[test]
fn a_file_read_behind_a_progress_line_opens_once_it_has_come() {
    let (mut term, _folder, pipe) = reader_on_a_pipe();
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plain_alternating.txt"),
    )
    .expect("the fixture reads");
    // Opening the pipe to write waits for the reader, which waits for this.
    let writer = thread::spawn(move || fs::write(pipe, text));
    term.wait_for("the text", |s| {
        s.contents().contains("The Lantern Maker") && status(s).contains("¶1/")
    });
    writer
        .join()
        .expect("the writer ends")
        .expect("the pipe is written");
    term.send("q");
    assert!(term.wait_exit().success());
    assert_exited_cleanly(&term);
}

#[test]
fn a_terminal_that_goes_without_a_hangup_signal_ends_the_reader() {
    // `setsid` gives the reader a session of its own, so when the terminal closes the kernel's
    // SIGHUP goes to the shell (which ignores it) and the reader only finds its terminal gone:
    // reads at an end, writes failing with EIO. The shell's exit status is the reader's.
    if Command::new("setsid").arg("--version").output().is_err() {
        eprintln!("skipped: no setsid");
        return;
    }
    let mut command = CommandBuilder::new("sh");
    command.args([
        "-c",
        "trap '' HUP; setsid -w \"$0\" \"$@\"",
        env!("CARGO_BIN_EXE_taiyaku"),
        SEED,
    ]);
    let mut term = Term::spawn_command(command, 100, 30, true);
    term.wait_for("the seed article", |s| status(s).contains("¶1/12"));
    term.close();
    let status = term.wait_exit();
    assert_eq!(
        status.exit_code(),
        128 + 1,
        "ended as by a hangup: {status:?}"
    );
}

#[test]
fn a_terminal_that_never_answers_queries_still_gets_a_working_reader() {
    // The reader asks the terminal nothing (ratatui's `clear` would ask where the cursor is and
    // wait for the answer): in a terminal that never answers, it starts, reads and quits.
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_taiyaku"));
    command.arg(SEED);
    let mut term = Term::spawn_command(command, 100, 30, false);
    term.wait_for("the seed article", |s| status(s).contains("¶1/12"));
    term.send("}");
    term.wait_for("¶2/12", |s| status(s).contains("¶2/12"));
    term.send("q");
    let status = term.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_exited_cleanly(&term);
}

/// The query for the terminal's background colour (OSC 11).
const ASK_BACKGROUND: &[u8] = b"\x1b]11;?";

/// `taiyaku SEED` in a terminal answering as `answers` says, with the config folder given (or
/// an empty one), once its first frame is drawn.
fn seed_in(answers: Answers, config: Option<&TempDir>) -> Term {
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_taiyaku"));
    command.arg(SEED);
    if let Some(config) = config {
        command.env("TAIYAKU_CONFIG_DIR", config.path());
    }
    let term = Term::spawn_answering(command, (100, 30), answers);
    term.wait_for("the seed article", |s| status(s).contains("¶1/12"));
    term
}

/// The title bar's colours: its first cell's background and foreground.
fn title_bar_colours(screen: &vt100::Screen) -> (vt100::Color, vt100::Color) {
    let cell = screen.cell(0, 0).expect("the title bar's first cell");
    (cell.bgcolor(), cell.fgcolor())
}

/// The default themes' title bars: black on cyan (dark), white on blue (light).
const DARK_TITLE_BAR: (vt100::Color, vt100::Color) = (vt100::Color::Idx(6), vt100::Color::Idx(0));
const LIGHT_TITLE_BAR: (vt100::Color, vt100::Color) = (vt100::Color::Idx(4), vt100::Color::Idx(15));

#[test]
fn auto_theme_falls_back_to_dark_when_the_terminal_never_answers() {
    // Neither OSC 11 nor the device attributes sent after it are answered: the reader waits out
    // its timeout (no time is asserted: the test waits for the first frame) and draws dark.
    let answers = Answers {
        queries: false,
        background: None,
    };
    let term = seed_in(answers, None);
    let raw = term.raw();
    let asked = find(&raw, ASK_BACKGROUND).expect("the terminal is asked its background");
    let entered = find(&raw, ENTER_ALTERNATE).expect("the reader takes the terminal");
    assert!(
        asked < entered,
        "asked before the reader takes the terminal"
    );
    drawn_dark_and_reading(term);
}

/// The reader drew dark, reads its keys (the answers were not taken for keys) and quits cleanly.
fn drawn_dark_and_reading(mut term: Term) {
    assert_eq!(title_bar_colours(&term.screen()), DARK_TITLE_BAR);
    term.send("}");
    term.wait_for("¶2/12", |s| status(s).contains("¶2/12"));
    term.send("q");
    assert!(term.wait_exit().success());
    assert_exited_cleanly(&term);
}

/// A config folder whose config waits for the terminal's background as long as it can (ten
/// seconds: as long as a test waits for the first frame).
fn patient_config() -> TempDir {
    let config = TempDir::new("patient-config");
    std::fs::write(
        config.path().join("config.toml"),
        "[reader]\ntheme_wait = 10000\n",
    )
    .expect("config written");
    config
}

#[test]
fn auto_theme_is_light_on_a_light_terminal_and_dark_on_a_dark_one() {
    // The answer is waited for as long as the config allows, so that a busy machine (the test
    // terminal answers from a thread of its own) cannot make it come too late.
    let config = patient_config();
    for (background, title_bar) in [
        ("rgb:ffff/ffff/ffff", LIGHT_TITLE_BAR),
        ("rgb:1e1e/1e1e/2e2e", DARK_TITLE_BAR),
    ] {
        let answers = Answers {
            queries: true,
            background: Some(background),
        };
        let mut term = seed_in(answers, Some(&config));
        assert_eq!(title_bar_colours(&term.screen()), title_bar, "{background}");
        // The answer was read as an answer, not as keys: the reader is where it started.
        let screen = term.screen();
        assert!(status(&screen).contains("¶1/12"), "{}", status(&screen));
        assert!(
            !term.screen_text().contains("11;rgb"),
            "{}",
            term.screen_text()
        );
        term.send(":set theme=dark\r");
        term.wait_for("the dark theme", |s| title_bar_colours(s) == DARK_TITLE_BAR);
        term.send("q");
        assert!(term.wait_exit().success());
        assert_exited_cleanly(&term);
    }
}

#[test]
fn a_terminal_that_knows_only_the_device_attributes_gets_dark() {
    // It answers DA1, sent after OSC 11, and so says it did not know the question: the reader
    // draws dark, the answer read as an answer, not as keys. The longest theme_wait makes sure
    // the answer comes while it is awaited, however busy the machine. (That the reader stops
    // waiting at DA1 rather than at the deadline is `told`'s unit tests': here it would take a
    // clock.)
    let config = patient_config();
    let answers = Answers {
        queries: true,
        background: None,
    };
    let term = seed_in(answers, Some(&config));
    drawn_dark_and_reading(term);
}

#[test]
fn with_no_color_the_terminal_is_not_asked_and_the_bars_are_in_reverse_video() {
    // Through env(1): the terminal's set-up takes NO_COLOR away from the program it starts.
    let mut command = CommandBuilder::new("env");
    command.args(["NO_COLOR=1", env!("CARGO_BIN_EXE_taiyaku"), SEED]);
    let answers = Answers {
        queries: true,
        background: Some("rgb:ffff/ffff/ffff"),
    };
    let mut term = Term::spawn_answering(command, (100, 30), answers);
    let screen = term.wait_for("the seed article", |s| status(s).contains("¶1/12"));
    assert_eq!(
        find(&term.raw(), ASK_BACKGROUND),
        None,
        "NO_COLOR: not asked"
    );
    let (rows, _) = screen.size();
    for (row, bar) in [(0, "title"), (rows.get() - 1, "status")] {
        let cell = screen.cell(row, 1).expect("a bar's cell");
        assert!(cell.inverse(), "the {bar} bar is in reverse video");
        assert_eq!(cell.bgcolor(), vt100::Color::Default, "no colour");
    }
    term.send("q");
    assert!(term.wait_exit().success());
}

#[test]
fn closing_the_terminal_ends_the_reader() {
    // The window closes under a running reader (a dropped ssh connection, a killed tmux pane):
    // the pty hangs up, the kernel sends SIGHUP to the program (the session leader here), and
    // the program must go away rather than linger without a terminal.
    let mut term = Term::spawn(&[SEED], 100, 30);
    term.wait_for("the seed article", |s| status(s).contains("¶1/12"));
    let pid = term.pid();
    term.close();
    let start = Instant::now();
    while term.is_running() && start.elapsed() < TIMEOUT {
        thread::sleep(POLL);
    }
    assert!(
        !term.is_running(),
        "still running after its terminal closed; process state {:?} (R: spinning)",
        process_state(pid)
    );
}

/// An article whose text carries escape sequences of every kind, each just before a word of
/// its own so that a leak would show as `ESC … WORD` in the output.
fn hostile_article() -> String {
    [
        "The Hostile Inkwell \x1b]0;pwned\x07",
        "悪意のインク壺\x1b]2;pwned\x1b\\",
        "",
        "A letter came with a red stain \x1b[31mCRIMSON on it, and a wiper \x1b[2JWIPED \
         folded into its ink.",
        "",
        "手紙には赤い染み\x1b[31m深紅があり、インクには消去\x1b[2J抹消が折り込まれていた。",
        "",
        "It asked to copy \x1b]52;c;SGVsbG8=\x07CLIPPED to the clipboard and to follow \
         \x1b]8;;https://example.invalid/pwned\x1b\\LINKED\x1b]8;;\x1b\\ home.",
        "",
        "クリップボードへ\x1b]52;c;SGVsbG8=\x07複写し、\x1b]8;;https://example.invalid/\x07\
         リンク\x1b]8;;\x07を辿れと書いてあった。",
        "",
        "The old eight-bit forms came too: \u{9b}31mCSIWORD and \u{9d}0;pwned\u{9c}OSCWORD.",
        "",
        "古い八ビットの形も\u{9b}31m来た。\u{9d}0;pwned\u{9c}終わり。",
        "",
    ]
    .join("\n")
}

#[test]
fn escape_sequences_in_an_article_never_reach_the_terminal() {
    let dir = TempDir::new("hostile");
    let file = dir.path().join("hostile.txt");
    fs::write(&file, hostile_article()).expect("the article is written");
    let mut term = Term::spawn(&[file.to_str().expect("a UTF-8 path")], 120, 40);
    let screen = term.wait_for("the hostile article", |s| {
        let text = s.contents();
        text.contains("Hostile Inkwell") && text.contains("OSCWORD") && text.contains("終わり")
    });

    // Each sequence shows as one placeholder, its payload gone.
    let text = screen.contents();
    for shown in [
        "Inkwell ␛",
        "␛CRIMSON",
        "␛WIPED",
        "␛深紅",
        "␛抹消",
        "␛CLIPPED",
        "␛LINKED␛",
        "␛CSIWORD",
        "␛OSCWORD",
        "␛来た",
        "␛終わり",
    ] {
        assert!(text.contains(shown), "{shown:?} not on screen:\n{text}");
    }
    assert!(
        !text.contains("pwned") && !text.contains("SGVsbG8"),
        "{text}"
    );

    // Move around so that lines are drawn again (the diff, a full redraw, a layout change).
    term.send("j");
    term.send("v");
    term.wait_for("the stacked layout", |s| status(s).contains("stacked"));
    term.resize(100, 30);
    term.wait_for("the redraw at 100×30", |s| status(s).contains("¶"));
    term.send("q");
    let status = term.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_exited_cleanly(&term);

    let raw = term.raw();
    let output = std::str::from_utf8(&raw).expect("the program writes only UTF-8");
    // No OSC but the question for the terminal's background, before the reader takes the
    // terminal: neither the article's nor others of taiyaku's own (it sets no title, no link).
    let entered = find(&raw, ENTER_ALTERNATE).expect("the reader takes the terminal");
    let (before, drawn) = raw.split_at(entered);
    let question = before.strip_prefix(ASK_BACKGROUND).unwrap_or(before);
    for bytes in [question, drawn] {
        assert!(
            find(bytes, b"\x1b]").is_none(),
            "an OSC sequence was written"
        );
    }
    assert!(!drawn.contains(&0x07), "a BEL was written");
    for payload in ["pwned", "SGVsbG8=", "]52;", "example.invalid"] {
        assert!(!output.contains(payload), "{payload:?} was written");
    }
    // C1 controls (U+0080–U+009F, e.g. the bytes C2 9B and C2 9D) are never written.
    let c1 = output.chars().find(|c| ('\u{80}'..='\u{9f}').contains(c));
    assert_eq!(c1, None, "a C1 control was written");
    // ratatui writes CSI sequences of its own (colours, `ESC [2J` when it clears), so what must
    // not appear is the article's sequences: each is followed by its word in the file.
    for leak in [
        "\x1b[31mCRIMSON",
        "\x1b[2JWIPED",
        "\x1b[31m深紅",
        "\x1b[2J抹消",
        "\x1b[31mCSIWORD",
        "\x1b[31m来た",
    ] {
        assert!(!output.contains(leak), "{leak:?} was written");
    }
    // The placeholders, on the other hand, were drawn.
    assert!(output.contains("␛CRIMSON"), "the placeholder was not drawn");
}

/// The job-control script: taiyaku runs as a foreground job of a shell with job control, as
/// from an interactive shell. When it stops, the shell prints the job's pid, waits for a line
/// (the user at the prompt), then `fg`s it. It is plain POSIX `sh` (`set -m`, `jobs -p`, `fg`),
/// so that the test runs on any Unix, bash or not; `jobs -p` prints on its own line because in
/// dash `$(jobs -p)` is a subshell that knows no jobs.
const JOB_SCRIPT: &str = r#"set -m
case $- in *m*) echo "JOBS:on" ;; *) echo "JOBS:off"; exit 0 ;; esac
"$0" "$1"
printf 'STOPPED:'
jobs -p
read -r _
fg >/dev/null
"#;

#[test]
fn ctrl_z_stops_the_reader_and_fg_resumes_it() {
    let mut command = CommandBuilder::new("sh");
    command.args(["-c", JOB_SCRIPT, env!("CARGO_BIN_EXE_taiyaku"), SEED]);
    let mut term = Term::spawn_command(command, 100, 30, true);
    let output = term.wait_for_output("the shell's job control", |raw| {
        find(raw, b"JOBS:").is_some_and(|at| raw[at..].contains(&b'\n'))
    });
    // The pty is the shell's controlling terminal (portable-pty starts it in a session of its
    // own), so job control is always on there: off, the test fails rather than skip.
    assert!(
        find(&output, b"JOBS:off").is_none(),
        "sh has no job control in the pty:\n{}",
        String::from_utf8_lossy(&output)
    );
    term.wait_for("the seed article", |s| status(s).contains("¶1/12"));

    // Ctrl-z: the reader gives the terminal back and stops; the shell sees the job stop. (A
    // bare `kill -CONT` would not do to resume it: the shell has taken the terminal back, so
    // the job would be stopped again by SIGTTOU. `fg` hands it the terminal and continues it.)
    term.send("\x1a");
    let output = term.wait_for_output("the job to stop", |raw| {
        find(raw, b"STOPPED:").is_some_and(|at| raw[at + 8..].contains(&b'\n'))
    });
    let at = find(&output, b"STOPPED:").expect("the marker is there") + 8;
    let pid: u32 = String::from_utf8_lossy(&output[at..])
        .split_whitespace()
        .next()
        .and_then(|pid| pid.trim().parse().ok())
        .expect("the shell names the stopped job");
    term.others.push(pid);
    let state = process_state(pid);
    assert!(
        state.starts_with('T'),
        "the reader is not stopped: {state:?}"
    );
    assert_terminal_given_back(&term);

    // `fg`: the reader takes the terminal again and redraws.
    term.send("\r");
    term.wait_for("the reader redrawn", |s| {
        s.alternate_screen() && s.hide_cursor() && status(s).contains("¶1/12")
    });
    assert!(!term.is_cooked(), "raw mode again after fg");
    term.send("}");
    term.wait_for("¶2/12 after resuming", |s| status(s).contains("¶2/12"));
    term.send("q");
    let status = term.wait_exit();
    assert!(
        status.success(),
        "the reader or the shell failed: {status:?}"
    );
    assert_terminal_given_back(&term);
}

/// `taiyaku ARGS` with its bookmarks and positions in `data`.
fn spawn_with_data(args: &[&str], data: &Path) -> Term {
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_taiyaku"));
    command.args(args);
    command.env("TAIYAKU_DATA_DIR", data);
    Term::spawn_command(command, 100, 30, true)
}

#[test]
fn a_bookmark_made_in_the_reader_is_exported_and_the_article_reopens_there() {
    let data = TempDir::new("data");
    let mut term = spawn_with_data(&[SEED], data.path());
    term.wait_for("the seed article", |s| status(s).contains("¶1/12"));
    term.send("}}");
    term.wait_for("¶3/12", |s| status(s).contains("¶3/12"));
    term.send("m");
    term.wait_for("the bookmark", |s| status(s).contains("¶3 bookmarked"));
    term.send("q");
    assert!(term.wait_exit().success());

    let exported = std::process::Command::new(env!("CARGO_BIN_EXE_taiyaku"))
        .args(["bookmarks", "--format", "json"])
        .env("TAIYAKU_DATA_DIR", data.path())
        .output()
        .expect("taiyaku bookmarks runs");
    let json = String::from_utf8(exported.stdout).expect("UTF-8");
    assert!(
        json.contains("\"block\": 2"),
        "the bookmark is on ¶3:\n{json}"
    );
    assert!(
        json.contains("Yet, the influential Russian newspaper"),
        "{json}"
    );

    let mut again = spawn_with_data(&[SEED], data.path());
    let screen = again.wait_for("the article, reopened", |s| status(s).contains("¶3/12"));
    assert!(
        screen.contents().contains("*Yet, the influential"),
        "the bookmark's mark shows:\n{}",
        screen.contents()
    );
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn a_corrupt_bookmarks_file_is_kept_aside_and_the_reader_starts() {
    let data = TempDir::new("corrupt");
    fs::write(
        data.path().join("bookmarks.json"),
        b"{\"version\": 1, \"bookm",
    )
    .expect("written");
    let mut term = spawn_with_data(&[SEED], data.path());
    term.wait_for("a warning on the status bar", |s| {
        status(s).contains("could not be read")
    });
    term.send("}");
    term.wait_for("the reader works", |s| status(s).contains("¶2/12"));
    term.send("q");
    assert!(term.wait_exit().success());
    let kept: Vec<_> = fs::read_dir(data.path())
        .expect("listed")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("bookmarks.json.corrupt-")
        })
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        fs::read(kept[0].path()).expect("read"),
        b"{\"version\": 1, \"bookm",
        "kept byte for byte"
    );
}

/// The paragraph saved as the reading position of the only article in `data`, if any.
fn saved_block(data: &Path) -> Option<u64> {
    let text = fs::read_to_string(data.join("positions.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let positions = json["positions"].as_object()?;
    positions.values().next()?["block"].as_u64()
}

/// Waits (up to `TIMEOUT`) until the saved position is `block`.
fn wait_for_saved(data: &Path, block: u64) {
    let start = Instant::now();
    while saved_block(data) != Some(block) {
        assert!(
            start.elapsed() < TIMEOUT,
            "the position never became ¶{} (it is {:?})",
            block + 1,
            saved_block(data)
        );
        thread::sleep(POLL);
    }
}

#[test]
fn the_last_reading_position_is_saved_however_fast_the_pages_turn() {
    let data = TempDir::new("positions");
    let mut term = spawn_with_data(&[SEED], data.path());
    term.wait_for("the seed article", |s| status(s).contains("¶1/12"));
    // Four paragraph moves in a row, then quit at once: positions are saved at most once a
    // second while reading, and always on the way out.
    term.send("}}}}");
    term.wait_for("¶5/12", |s| status(s).contains("¶5/12"));
    term.send("q");
    assert!(term.wait_exit().success());
    assert_eq!(saved_block(data.path()), Some(4));

    // So does a signal's way out.
    let mut term = spawn_with_data(&[SEED], data.path());
    term.wait_for("reopened where it was left", |s| {
        status(s).contains("¶5/12")
    });
    term.send("}}");
    term.wait_for("¶7/12", |s| status(s).contains("¶7/12"));
    assert!(signal(term.pid(), "TERM"), "SIGTERM delivered");
    assert_eq!(term.wait_exit().exit_code(), 128 + 15);
    assert_eq!(saved_block(data.path()), Some(6));
}

#[test]
fn a_killed_reader_is_at_most_one_save_behind() {
    let data = TempDir::new("killed");
    let mut term = spawn_with_data(&[SEED], data.path());
    term.wait_for("the seed article", |s| status(s).contains("¶1/12"));
    term.send("}");
    term.wait_for("¶2/12", |s| status(s).contains("¶2/12"));
    wait_for_saved(data.path(), 1);
    term.send("}");
    term.wait_for("¶3/12", |s| status(s).contains("¶3/12"));
    // SIGKILL: nothing runs on the way out. The position on disk is the last saved (¶2) or,
    // if its second had passed, the one after (¶3); never older, never a broken file.
    assert!(signal(term.pid(), "KILL"), "SIGKILL delivered");
    term.wait_exit();
    let saved = saved_block(data.path());
    assert!(matches!(saved, Some(1 | 2)), "{saved:?}");
}

#[test]
fn a_long_file_opens_on_its_start_and_then_reads_as_a_whole() {
    let folder = TempDir::new("long");
    let path = folder.path().join("long.txt");
    let paragraph = "A paragraph of a long text, one of many, to read at once.";
    let mut text = String::from("Long\n\n");
    for n in 1..=20_000 {
        let _ = write!(text, "{paragraph} ({n})\n\n");
    }
    fs::write(&path, text).expect("written");
    let data = TempDir::new("long-data");
    let mut term = spawn_with_data(&[path.to_str().expect("a UTF-8 path")], data.path());
    // The preview, or already the whole: either shows the start at once.
    term.wait_for("the start", |s| s.contents().contains("(1)"));
    term.wait_for("the whole", |s| status(s).contains("¶1/20000"));
    term.send("G");
    term.wait_for("the end", |s| status(s).contains("¶20000/20000 100%"));
    term.send("q");
    assert!(term.wait_exit().success());
    assert_exited_cleanly(&term);
}

/// What starts and ends a clipboard write (OSC 52 to the clipboard, ended by ST).
const SET_CLIPBOARD: &[u8] = b"\x1b]52;c;";
const STRING_TERMINATOR: &[u8] = b"\x1b\\";

#[test]
fn y_writes_one_clipboard_sequence_holding_the_paragraph_and_nothing_else() {
    use base64::Engine as _;
    let mut term = Term::spawn(&[SEED], 100, 30);
    term.wait_for("the seed article", |s| status(s).contains("¶1/12"));
    term.send("y");
    let raw = term.wait_for_output("a clipboard write", |raw| {
        find(raw, SET_CLIPBOARD).is_some_and(|at| find(&raw[at..], STRING_TERMINATOR).is_some())
    });
    assert_eq!(
        raw.windows(SET_CLIPBOARD.len())
            .filter(|w| *w == SET_CLIPBOARD)
            .count(),
        1,
        "one clipboard write"
    );
    let start = find(&raw, SET_CLIPBOARD).expect("found above") + SET_CLIPBOARD.len();
    let length = find(&raw[start..], STRING_TERMINATOR).expect("found above");
    let payload = base64::engine::general_purpose::STANDARD
        .decode(&raw[start..start + length])
        .expect("the payload is base64");
    let copied = String::from_utf8(payload).expect("the payload is UTF-8");
    let first = &common::seed_article().blocks[0];
    // The seed's paragraphs are English only: the copy is the first one's text, whole.
    assert_eq!(Some(copied.as_str()), first.text.en.as_deref());
    assert!(first.text.ja.is_none());
    term.wait_for("the confirmation", |s| status(s).contains("sent ¶1"));
    term.send("q");
    assert!(term.wait_exit().success());
    assert_exited_cleanly(&term);
}

/// What crossterm writes to start and to stop reporting the mouse (its first mode, clicks).
const MOUSE_ON: &[u8] = b"\x1b[?1000h";
const MOUSE_OFF: &[u8] = b"\x1b[?1000l";

#[test]
fn a_bracketed_paste_goes_into_the_search_prompt_at_once() {
    let mut term = Term::spawn(&[SEED], 100, 30);
    term.wait_for("the seed article", |s| status(s).contains("¶1/12"));
    let raw = term.raw();
    assert!(
        find(&raw, b"\x1b[?2004h").is_some(),
        "bracketed paste asked for"
    );
    term.send("/");
    // A pasted line break is a space in the prompt, not Enter.
    term.send("\x1b[200~Japan and\nRussia\x1b[201~");
    term.wait_for("the pasted query", |s| {
        status(s).contains("Japan and Russia")
    });
    term.send("\r");
    term.wait_for("its matches", |s| {
        status(s).contains("/Japan and Russia [1/")
    });
    // The first q puts the search away, the second quits.
    term.send("q");
    term.wait_for("the search put away", |s| !status(s).contains("[1/"));
    term.send("q");
    assert!(term.wait_exit().success());
    let raw = term.raw();
    let (on, off) = (rfind(&raw, b"\x1b[?2004h"), rfind(&raw, b"\x1b[?2004l"));
    assert!(off > on, "bracketed paste left on");
    assert_exited_cleanly(&term);
}

#[test]
fn the_mouse_key_gives_the_mouse_to_the_terminal_and_takes_it_back() {
    let mut term = Term::spawn(&[SEED], 100, 30);
    term.wait_for("the seed article", |s| status(s).contains("¶1/12"));
    let before = term.raw().len();
    term.send("c");
    term.wait_for("mouse off", |s| status(s).contains("mouse off"));
    let raw = term.wait_for_output("the mouse let go", |raw| {
        find(&raw[before..], MOUSE_OFF).is_some()
    });
    assert!(find(&raw[before..], MOUSE_ON).is_none());
    let before = raw.len();
    term.send("c");
    term.wait_for("mouse on", |s| status(s).contains("mouse on"));
    term.wait_for_output("the mouse taken again", |raw| {
        find(&raw[before..], MOUSE_ON).is_some()
    });
    term.send("q");
    assert!(term.wait_exit().success());
    assert_exited_cleanly(&term);
}
