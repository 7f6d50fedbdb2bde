//! The reader soaked in random input: every key of the default keymap, counts, prompts with
//! typed and pasted text, the command line, mouse events and resizes from 1×1 to 300×100, over
//! a fixture of each format, the library and a pair of files. It must never panic, hang or
//! leave the terminal in a mess: each session ends with exit status 0, the terminal given back
//! and no panic's message.
//!
//! The input comes from a seeded generator (splitmix64), so a run is replayed by its seed:
//! `TAIYAKU_SOAK_SEED` and `TAIYAKU_SOAK_STEPS` set them (a failure prints both, with the
//! session's steps). Nothing is decided by the clock. Each session is short and ends with
//! Ctrl-c, and only its end proves every key read; within it, every few steps a resize to a
//! known size must be answered by a frame drawn whole for that size ("a sync"), which proves
//! the reader alive. The harness's timeouts only end a run that fails. A key that quits (`q`,
//! Esc, `:q`) ends a session like any other: it is checked and the fixture opened again.

#![cfg(unix)]

mod common;

use std::collections::VecDeque;
use std::path::Path;
use std::thread;
use std::time::Instant;

use common::TempDir;
use common::term::{POLL, TIMEOUT, Term, assert_terminal_given_back, written_after_leaving};
use portable_pty::CommandBuilder;
use unicode_width::UnicodeWidthStr;

const DEFAULT_SEED: u64 = 0x7a17_a0c0_50a4_2024;
const DEFAULT_STEPS: usize = 1500;

/// A session (the reader started, fed, and quit with Ctrl-c) takes this many steps at most,
/// and ends sooner once this many bytes were typed. Only a session's end proves every key read
/// (a resize is answered before the keys typed before it), so this is what the reader may
/// have to catch up with: far less than a pty holds before a write blocks.
const SESSION_STEPS: (usize, usize) = (8, 40);
const SESSION_BYTES: usize = 1024;

/// A resize to a known size (a sync) comes after this many steps of a session: the frame
/// drawn for it proves the reader alive, and a session that a key has quit ends there.
const SYNC_STEPS: usize = 12;

/// The sizes a sync resizes to, each big enough for the reader's bars; the first is the one a
/// session starts at.
const SYNC_SIZES: [(u16, u16); 4] = [(80, 24), (61, 19), (45, 15), (100, 30)];

/// Sizes a step resizes to, the extremes among them; other steps take any size up to 300×100.
const SIZES: [(u16, u16); 14] = [
    (1, 1),
    (2, 1),
    (1, 2),
    (3, 3),
    (19, 5),
    (20, 6),
    (21, 7),
    (40, 12),
    (59, 20),
    (60, 20),
    (80, 24),
    (120, 40),
    (200, 60),
    (300, 100),
];

/// How many of the last steps a failure shows.
const SHOWN_STEPS: usize = 40;

/// splitmix64: small, fast, and the same sequence everywhere for a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("below n")
    }

    /// A number in `low..=high`.
    fn within(&mut self, low: u16, high: u16) -> u16 {
        low + u16::try_from(self.below(usize::from(high - low) + 1)).expect("within a u16")
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn pick_key<'a>(&mut self, keys: &'a [String]) -> &'a str {
        &keys[self.below(keys.len())]
    }
}

/// A number from the environment, decimal or `0x` hexadecimal.
fn from_env(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    let parsed = match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => value.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={value:?} is not a number")))
}

/// How a terminal sends the key the keymap names `name` (a character, a name, Ctrl-/Alt-).
fn key_bytes(name: &str) -> String {
    if let Some(key) = name.strip_prefix("Ctrl-") {
        let mut chars = key.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            panic!("the soak does not know how a terminal sends {name:?}");
        };
        assert!(c.is_ascii_alphabetic(), "{name:?}: Ctrl- and a letter only");
        let byte = u8::try_from(c.to_ascii_lowercase()).expect("ASCII") & 0x1f;
        return char::from(byte).to_string();
    }
    if let Some(key) = name.strip_prefix("Alt-") {
        return format!("\x1b{}", key_bytes(key));
    }
    let named = match name {
        "Up" => "\x1b[A",
        "Down" => "\x1b[B",
        "Right" => "\x1b[C",
        "Left" => "\x1b[D",
        "Home" => "\x1b[H",
        "End" => "\x1b[F",
        "PageUp" => "\x1b[5~",
        "PageDown" => "\x1b[6~",
        "Enter" => "\r",
        "Esc" => "\x1b",
        "Tab" => "\t",
        "Backspace" => "\x7f",
        "Space" => " ",
        "F1" => "\x1bOP",
        "F2" => "\x1bOQ",
        "F3" => "\x1bOR",
        "F4" => "\x1bOS",
        "F5" => "\x1b[15~",
        "F6" => "\x1b[17~",
        "F7" => "\x1b[18~",
        "F8" => "\x1b[19~",
        "F9" => "\x1b[20~",
        "F10" => "\x1b[21~",
        "F11" => "\x1b[23~",
        "F12" => "\x1b[24~",
        one if one.chars().count() == 1 => one,
        _ => panic!("the soak does not know how a terminal sends {name:?}: add it here"),
    };
    named.to_owned()
}

/// Every key (and key sequence) the default keymap binds on any screen, as the terminal sends
/// it; but Ctrl-c, which always quits and so is kept for a session's end, and Ctrl-z, which
/// would stop the reader (there is no shell here to `fg` it).
fn keymap_keys() -> Vec<String> {
    let config: toml::Table =
        toml::from_str(taiyaku::config::DEFAULT_CONFIG).expect("the default config parses");
    let screens = config["keys"].as_table().expect("[keys] tables");
    let mut keys: Vec<String> = screens
        .values()
        .flat_map(|actions| actions.as_table().expect("a screen's actions").values())
        .flat_map(|bound| bound.as_array().expect("an action's keys"))
        .map(|key| {
            let key = key.as_str().expect("a key is a string");
            key.split(' ').map(key_bytes).collect()
        })
        .filter(|bytes: &String| bytes != "\x03" && bytes != "\x1a")
        .collect();
    keys.sort();
    keys.dedup();
    assert!(keys.len() > 40, "the keymap's keys: {keys:?}");
    keys
}

/// What prompts get typed into them: ASCII, Japanese (kana, kanji, full-width digits, small
/// kana and closing brackets that wrapping must not start a line with), an emoji, a combining
/// accent, spaces.
const TEXT: [&str; 24] = [
    "a", "e", "n", "q", "J", "7", " ", " ", "-", "%", "=", ".", "の", "日", "本", "猫", "ー", "ゃ",
    "」", "。", "１", "🌞", "\u{301}", "　",
];

/// Editing keys inside a prompt: moves, deletions, completion and history.
const EDITING: [&str; 10] = [
    "\x1b[D", "\x1b[C", "\x1b[H", "\x1b[F", "\x7f", "\x1b[3~", "\t", "\x1b[Z", "\x1b[A", "\x1b[B",
];

/// Command lines worth typing after `:`, the odd ones among them.
const COMMANDS: [&str; 26] = [
    "set layout=stacked",
    "set layout=side",
    "set layout=swapped",
    "set layout=en",
    "set layout=ja",
    "set rows=sentence",
    "set rows=paragraph",
    "set ruby=hide",
    "set ruby=inline",
    "set measure=20",
    "set measure=1000",
    "set measure=0",
    "set measure=-3",
    "set ambiguous=wide",
    "set ambiguous=narrow",
    "set theme=light",
    "set theme=dark",
    "set",
    "help",
    "s 3",
    "s 99999999999999999999",
    "5",
    "0",
    "250%",
    "$",
    "set layout=",
];

/// One step of the soak: bytes typed, or a resize.
#[derive(Debug)]
enum Step {
    Type(String),
    Resize(u16, u16),
}

/// Draws steps from the generator.
struct Steps {
    rng: Rng,
    keys: Vec<String>,
}

impl Steps {
    /// How many steps the next session takes.
    fn session_length(&mut self) -> usize {
        let (low, high) = SESSION_STEPS;
        low + self.rng.below(high - low + 1)
    }

    /// The next step, in a terminal of `size` (for the mouse's coordinates).
    fn next(&mut self, size: (u16, u16)) -> Step {
        let typed = match self.rng.below(100) {
            0..55 => self.rng.pick_key(&self.keys).to_owned(),
            55..60 => self.count(),
            60..72 => self.prompt(),
            72..78 => self.command(),
            78..82 => self.paste(),
            82..90 => self.mouse(size),
            90..98 => return self.resize(),
            _ => self.noise(),
        };
        Step::Type(typed)
    }

    fn text(&mut self, longest: usize) -> String {
        let length = self.rng.below(longest + 1);
        (0..length).map(|_| self.rng.pick(&TEXT)).collect()
    }

    /// Digits, then a key: `10j`, `50%`, `999G`.
    fn count(&mut self) -> String {
        let digits = 1 + self.rng.below(6);
        let count: String = (0..digits)
            .map(|_| char::from(b'0' + u8::try_from(self.rng.below(10)).expect("a digit")))
            .collect();
        format!("{count}{}", self.rng.pick_key(&self.keys))
    }

    /// A key that opens a prompt (search, command line, a bookmark's note, a list's filter),
    /// text and editing keys, and Enter, Esc or nothing (the prompt left open).
    fn prompt(&mut self) -> String {
        let mut typed = String::from(self.rng.pick(&["/", "/", ":", "M", "e", "t/", "'/"]));
        for _ in 0..self.rng.below(12) {
            if self.rng.below(4) == 0 {
                typed.push_str(self.rng.pick(&EDITING));
            } else {
                typed.push_str(&self.text(3));
            }
        }
        typed.push_str(self.rng.pick(&["\r", "\r", "\x1b", "", "\x7f\x7f\x7f\r"]));
        typed
    }

    fn command(&mut self) -> String {
        let line = if self.rng.below(5) == 0 {
            self.text(8)
        } else {
            self.rng.pick(&COMMANDS).to_owned()
        };
        let tab = if self.rng.below(4) == 0 { "\t" } else { "" };
        format!(":{line}{tab}\r")
    }

    /// A bracketed paste, line breaks and a tab in it.
    fn paste(&mut self) -> String {
        let mut text = self.text(20);
        if self.rng.below(2) == 0 {
            text.push_str(self.rng.pick(&["\n", "\r\n", "\t"]));
            text.push_str(&self.text(20));
        }
        format!("\x1b[200~{text}\x1b[201~")
    }

    /// A click (press and release), a wheel turn or a drag, in SGR encoding, at a cell of the
    /// screen or just past it.
    fn mouse(&mut self, (cols, rows): (u16, u16)) -> String {
        let (x, y) = (self.rng.within(1, cols + 1), self.rng.within(1, rows + 1));
        match self.rng.below(5) {
            0 | 1 => format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"),
            2 => format!("\x1b[<64;{x};{y}M"),
            3 => format!("\x1b[<65;{x};{y}M"),
            _ => format!("\x1b[<32;{x};{y}M\x1b[<2;{x};{y}M"),
        }
    }

    fn resize(&mut self) -> Step {
        let (cols, rows) = if self.rng.below(10) < 7 {
            self.rng.pick(&SIZES)
        } else {
            (self.rng.within(1, 300), self.rng.within(1, 100))
        };
        Step::Resize(cols, rows)
    }

    /// A few control or printable ASCII bytes (an escape sequence's start among them); never
    /// Ctrl-c or Ctrl-z.
    fn noise(&mut self) -> String {
        (0..=self.rng.below(4))
            .map(|_| {
                loop {
                    let byte = u8::try_from(self.rng.below(0x80)).expect("ASCII");
                    if byte != 0x03 && byte != 0x1a {
                        break char::from(byte);
                    }
                }
            })
            .collect()
    }
}

/// What the reader opens: its arguments.
struct Fixture {
    label: &'static str,
    args: Vec<String>,
}

/// A fixture of each format, the seed essay, a pair of files, and the library (no file).
fn fixtures(dir: &Path) -> Vec<Fixture> {
    let book = dir.join("bilingual.epub");
    std::fs::write(&book, common::epub::fixture_book("epub3_bilingual")).expect("EPUB written");
    let book = book.to_str().expect("a UTF-8 path").to_owned();
    let file = |name: &str| format!("tests/fixtures/{name}");
    let one = |label, name: &str| Fixture {
        label,
        args: vec![file(name)],
    };
    vec![
        Fixture {
            label: "the library",
            args: Vec::new(),
        },
        Fixture {
            label: "the seed essay",
            args: vec![common::SEED.to_owned()],
        },
        one("bilingual plain text", "plain_alternating.txt"),
        one("Kyoto XML", "kyoto_sentences.xml"),
        Fixture {
            label: "an EPUB",
            args: vec![book],
        },
        one("a Japanese-only novel", "novel_ja.txt"),
        one("an English-only text", "bento_en.txt"),
        one("subtitles", "subtitles_both.srt"),
        one("a TMX memory", "tmx_memory.tmx"),
        one("Aozora Bunko with ruby", "aozora_sample.txt"),
        one("bilingual HTML", "html_bilingual.html"),
        one("bilingual Markdown", "markdown_bilingual.md"),
        one("a Tatoeba table", "table_tatoeba.tsv"),
        Fixture {
            label: "a pair of files",
            args: vec![file("bento_en.txt"), file("bento_ja.txt")],
        },
    ]
}

/// Whether `screen` is a frame drawn for `cols`×`rows`: the title bar (top row) and the status
/// bar (bottom row) painted all across, and something written on the status bar. The harness
/// clears its screen on a resize, and a frame for another height has its bars on other rows.
/// A cell after a character of ambiguous width may be left as it was: the keys may have set
/// `ambiguous = wide`, and the reader then leaves it as the second half of a wide character,
/// which this emulator draws narrow.
fn drawn_for(screen: &vt100::Screen, cols: u16, rows: u16) -> bool {
    let (height, width) = screen.size();
    let after_ambiguous = |row: u16, col: u16| {
        col > 0
            && screen.cell(row, col - 1).is_some_and(|cell| {
                let before = cell.contents();
                before.width_cjk() > before.width()
            })
    };
    let painted = |row: u16| {
        (0..cols).all(|col| {
            screen.cell(row, col).is_some_and(|cell| {
                cell.bgcolor() != vt100::Color::Default
                    || cell.is_wide_continuation()
                    || after_ambiguous(row, col)
            })
        })
    };
    let written = (0..cols).any(|col| {
        screen
            .cell(rows - 1, col)
            .is_some_and(|cell| !cell.contents().trim().is_empty())
    });
    (height.get(), width.get()) == (rows, cols) && painted(0) && painted(rows - 1) && written
}

/// How a wait for a frame came out.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    Drawn,
    Ended,
}

/// The reader in a pseudo-terminal on one fixture, and the sizes it was given since the last
/// frame seen drawn whole (the last of them is the terminal's).
struct Session {
    term: Term,
    sizes: Vec<(u16, u16)>,
}

impl Session {
    fn start(fixture: &Fixture, data: &Path) -> Self {
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_taiyaku"));
        command.args(&fixture.args);
        command.env("TAIYAKU_DATA_DIR", data);
        // Nothing should start an editor; if anything did, it would do nothing.
        command.env("EDITOR", "true");
        command.env("VISUAL", "true");
        let (cols, rows) = SYNC_SIZES[0];
        let mut session = Session {
            term: Term::spawn_command(command, cols, rows, true),
            sizes: vec![(cols, rows)],
        };
        assert_eq!(
            session.answer(),
            Answer::Drawn,
            "{} ended before its first frame",
            fixture.label
        );
        session
    }

    /// The terminal's size.
    fn size(&self) -> (u16, u16) {
        *self.sizes.last().expect("a size is given at the start")
    }

    /// Waits until the screen shows a frame for the terminal's size, or the reader has ended.
    fn answer(&mut self) -> Answer {
        let (cols, rows) = self.size();
        let start = Instant::now();
        loop {
            if !self.term.is_running() {
                return Answer::Ended;
            }
            if drawn_for(&self.term.screen(), cols, rows) {
                self.sizes = vec![(cols, rows)];
                return Answer::Drawn;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "no frame for {cols}×{rows}: the reader hangs; the screen:\n{}",
                self.term.screen_text()
            );
            thread::sleep(POLL);
        }
    }

    fn resize(&mut self, (cols, rows): (u16, u16)) {
        self.term.resize(cols, rows);
        self.sizes.push((cols, rows));
    }

    /// Resizes to a sync size and waits for the answer. The size is none of those given since
    /// the last whole frame: the reader's last frame may have been drawn for any of them (a
    /// resize is read when it is handled, so two quick ones may come as one), and a resize to
    /// the size of its last frame is drawn as a change of that frame, not whole.
    fn sync(&mut self, turn: usize) -> Answer {
        let size = (0..SYNC_SIZES.len())
            .map(|i| SYNC_SIZES[(turn + i) % SYNC_SIZES.len()])
            .find(|size| !self.sizes.contains(size))
            .expect("a sync size not given since the last sync");
        self.resize(size);
        self.answer()
    }

    /// Quits from wherever the keys left the reader. Ctrl-c quits (a first one may only cancel
    /// a prompt or a question), but crossterm holds keys back while an escape sequence is open
    /// (as the bytes of keys typed faster than the reader reads may open one: Esc, `[`, `?`):
    /// `ESC [ <` until an `m` or `M`, `ESC [ ?` until a `c` or `u`, `ESC [ 1` until a letter, a
    /// paste until its end. `m` and `c` close the first three (they bookmark and toggle the
    /// mouse if nothing was open) and `ESC [201~` a paste.
    fn quit(&mut self) {
        self.term.try_send("mc\x1b[201~\x03\x03\x03");
    }

    /// The reader has ended, or is ending: it must end well, with exit status 0, the terminal
    /// given back, no panic's message, and after it nothing from taiyaku but the importers'
    /// warnings (keys typed between a key that quit and the reader's end are echoed by the
    /// terminal, in cooked mode again, and may be there too).
    fn check_ended(mut self, label: &str) {
        let status = self.term.wait_exit();
        assert!(
            status.success(),
            "{label}: the reader failed ({status:?}); the screen:\n{}",
            self.term.screen_text()
        );
        assert_terminal_given_back(&self.term);
        let raw = String::from_utf8_lossy(&self.term.raw()).into_owned();
        assert!(
            !raw.contains("panicked"),
            "{label}: a panic's message: {raw:?}"
        );
        let after = written_after_leaving(&self.term);
        assert!(
            after
                .match_indices("taiyaku: ")
                .all(|(at, _)| after[at..].starts_with("taiyaku: warning: ")),
            "{label}: written after the reader left: {after:?}"
        );
    }
}

/// What a failing run shows: its seed, its length and its last steps.
struct Log {
    seed: u64,
    steps: usize,
    done: usize,
    fixture: &'static str,
    recent: VecDeque<String>,
}

impl Log {
    fn record(&mut self, step: &Step) {
        if self.recent.len() == SHOWN_STEPS {
            self.recent.pop_front();
        }
        self.recent.push_back(format!("{:>6} {step:?}", self.done));
        self.done += 1;
    }
}

impl Drop for Log {
    fn drop(&mut self) {
        if thread::panicking() {
            eprintln!(
                "soak failed: TAIYAKU_SOAK_SEED={:#x} TAIYAKU_SOAK_STEPS={}, at step {} on {}; \
                 the last steps (since this session started, or the last {SHOWN_STEPS}):\n{}",
                self.seed,
                self.steps,
                self.done,
                self.fixture,
                Vec::from(self.recent.clone()).join("\n")
            );
        }
    }
}

/// What a run did, printed at its end (seen with `--nocapture`).
#[derive(Debug, Default)]
struct Tally {
    sessions: usize,
    /// Sessions that a key ended (`q`, Esc, `:q`) before their last step.
    quit_by_keys: usize,
    syncs: usize,
    resizes: usize,
}

/// One session of at most `count` steps on `fixture`, or fewer if its keys quit it first or
/// it has had `SESSION_BYTES` typed; then Ctrl-c. Returns how many steps it took.
fn soak_session(
    fixture: &Fixture,
    data: &Path,
    (source, count): (&mut Steps, usize),
    log: &mut Log,
    tally: &mut Tally,
) -> usize {
    log.fixture = fixture.label;
    log.recent.clear();
    let mut session = Session::start(fixture, data);
    tally.sessions += 1;
    let mut bytes = 0;
    for taken in 1..=count {
        let step = source.next(session.size());
        log.record(&step);
        let mut ended = match step {
            Step::Type(typed) => {
                bytes += typed.len();
                !session.term.try_send(&typed)
            }
            Step::Resize(cols, rows) => {
                tally.resizes += 1;
                session.resize((cols, rows));
                false
            }
        };
        if !ended && taken % SYNC_STEPS == 0 {
            tally.syncs += 1;
            ended = session.sync(tally.syncs) == Answer::Ended;
        }
        if ended {
            tally.quit_by_keys += 1;
            session.check_ended(fixture.label);
            return taken;
        }
        if bytes >= SESSION_BYTES {
            session.quit();
            session.check_ended(fixture.label);
            return taken;
        }
    }
    session.quit();
    session.check_ended(fixture.label);
    count
}

#[test]
fn random_keys_prompts_and_resizes_never_break_the_reader() {
    let seed = from_env("TAIYAKU_SOAK_SEED").unwrap_or(DEFAULT_SEED);
    let total = from_env("TAIYAKU_SOAK_STEPS").map_or(DEFAULT_STEPS, |n| {
        usize::try_from(n).expect("steps fit a usize")
    });
    let dir = TempDir::new("soak");
    let data = TempDir::new("soak-data");
    let fixtures = fixtures(dir.path());
    let mut steps = Steps {
        rng: Rng(seed),
        keys: keymap_keys(),
    };
    let mut log = Log {
        seed,
        steps: total,
        done: 0,
        fixture: "",
        recent: VecDeque::new(),
    };
    let mut tally = Tally::default();
    // The fixtures share the steps, in an order the seed turns; each has one session at least.
    let first = usize::try_from(seed % fixtures.len() as u64).expect("an index");
    for i in 0..fixtures.len() {
        let fixture = &fixtures[(first + i) % fixtures.len()];
        let mut left = total / fixtures.len() + usize::from(i < total % fixtures.len());
        loop {
            let length = left.min(steps.session_length());
            left -= soak_session(
                fixture,
                data.path(),
                (&mut steps, length),
                &mut log,
                &mut tally,
            );
            if left == 0 {
                break;
            }
        }
    }
    eprintln!("soak: seed {seed:#x}, {total} steps: {tally:?}");
}
