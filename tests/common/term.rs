//! The built binary in a real terminal: a `Term` runs `taiyaku` in a pseudo-terminal, records
//! every byte it writes and feeds them to a vt100 parser, so a test can wait for what it expects on
//! the parsed screen. Waits are generous (`TIMEOUT`) so a slow machine only makes a test slower;
//! no test asserts on elapsed time. Every child is killed when its `Term` is dropped.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

use super::TempDir;

/// How long to wait for anything the program should do; only reached when a test fails.
pub const TIMEOUT: Duration = Duration::from_secs(10);
pub const POLL: Duration = Duration::from_millis(20);

/// A program running in a pseudo-terminal, with everything it writes recorded and parsed.
pub struct Term {
    /// The pty's master side; `None` once the terminal is closed.
    master: Option<Box<dyn MasterPty + Send>>,
    child: Box<dyn Child + Send + Sync>,
    emulator: Arc<Emulator>,
    /// The thread that reads the program's output into the emulator.
    reader: JoinHandle<()>,
    /// Processes started under the child (by a shell) that drop kills too if the child is alive.
    pub others: Vec<u32>,
    _config: TempDir,
}

/// The terminal's side of the pty, shared by the test and the reader thread.
struct Emulator {
    /// Every byte the program wrote, in order.
    raw: Mutex<Vec<u8>>,
    /// The screen those bytes draw.
    parser: Mutex<vt100::Parser>,
    /// The keyboard; `None` once the terminal is closed.
    keyboard: Mutex<Option<Box<dyn Write + Send>>>,
    /// What the terminal answers.
    answers: Answers,
    /// Tells the reader thread to stop (and let go of the pty) after its next read.
    closing: AtomicBool,
}

impl Emulator {
    /// The reader thread: records and parses the program's output until it ends.
    fn record(&self, mut output: Box<dyn Read + Send>) {
        let mut buffer = [0; 8192];
        let mut queries = Queries::default();
        while !self.closing.load(Ordering::SeqCst) {
            let bytes = match output.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => &buffer[..n],
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            let mut parser = lock(&self.parser);
            let mut start = 0;
            for (i, &byte) in bytes.iter().enumerate() {
                let answer = match queries.feed(byte) {
                    Some(Query::CursorPosition) if self.answers.queries => {
                        // The cursor where the bytes before the query left it.
                        parser.process(&bytes[start..=i]);
                        start = i + 1;
                        let (row, col) = parser.screen().cursor_position();
                        format!("\x1b[{};{}R", row + 1, col + 1)
                    }
                    Some(Query::DeviceAttributes) if self.answers.queries => "\x1b[?62;22c".into(),
                    Some(Query::Background) => match self.answers.background {
                        Some(colour) => format!("\x1b]11;{colour}\x07"),
                        None => continue,
                    },
                    _ => continue,
                };
                self.type_keys(&answer);
            }
            parser.process(&bytes[start..]);
            lock(&self.raw).extend_from_slice(bytes);
        }
    }

    /// Writes to the program's input; false if the terminal is closed or the write failed.
    fn type_keys(&self, keys: &str) -> bool {
        lock(&self.keyboard).as_mut().is_some_and(|keyboard| {
            keyboard
                .write_all(keys.as_bytes())
                .and_then(|()| keyboard.flush())
                .is_ok()
        })
    }
}

impl Term {
    /// `taiyaku ARGS` in a `cols`×`rows` terminal, run from the crate's folder.
    pub fn spawn(args: &[&str], cols: u16, rows: u16) -> Self {
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_taiyaku"));
        command.args(args);
        Self::spawn_command(command, cols, rows, true)
    }

    /// `command` in a `cols`×`rows` terminal that answers the cursor-position and device
    /// attributes queries or not, and does not know its background colour.
    pub fn spawn_command(
        command: CommandBuilder,
        cols: u16,
        rows: u16,
        answer_queries: bool,
    ) -> Self {
        let answers = Answers {
            queries: answer_queries,
            background: None,
        };
        Self::spawn_answering(command, (cols, rows), answers)
    }

    /// `command` in a `cols`×`rows` terminal that answers as `answers` says.
    pub fn spawn_answering(
        mut command: CommandBuilder,
        (cols, rows): (u16, u16),
        answers: Answers,
    ) -> Self {
        let config = TempDir::new("config");
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        command.env("TERM", "xterm-256color");
        // The config folder too is a temporary one, unless the test gave one of its own.
        if command.get_env("TAIYAKU_CONFIG_DIR").is_none() {
            command.env("TAIYAKU_CONFIG_DIR", config.path());
        }
        // Bookmarks and reading positions too go to the temporary folder, unless the test
        // gave one of its own: a test never touches a real home.
        if command.get_env("TAIYAKU_DATA_DIR").is_none() {
            command.env("TAIYAKU_DATA_DIR", config.path());
        }
        command.env_remove("NO_COLOR");
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("a pseudo-terminal opens");
        let child = pair
            .slave
            .spawn_command(command)
            .expect("the program starts in the pseudo-terminal");
        // Only the child keeps the slave open, so the reader sees the end when the child exits.
        drop(pair.slave);
        let output = pair.master.try_clone_reader().expect("the pty can be read");
        let keyboard = pair.master.take_writer().expect("the pty can be written");
        let emulator = Arc::new(Emulator {
            raw: Mutex::new(Vec::new()),
            parser: Mutex::new(vt100::Parser::new(nonzero(rows), nonzero(cols), 0)),
            keyboard: Mutex::new(Some(keyboard)),
            answers,
            closing: AtomicBool::new(false),
        });
        let reader = thread::spawn({
            let emulator = Arc::clone(&emulator);
            move || emulator.record(output)
        });
        Term {
            master: Some(pair.master),
            child,
            emulator,
            reader,
            others: Vec::new(),
            _config: config,
        }
    }

    fn master(&self) -> &dyn MasterPty {
        self.master.as_deref().expect("the terminal is open")
    }

    /// Types `keys` (raw bytes: "\r" is Enter, "\x1a" Ctrl-z).
    pub fn send(&mut self, keys: &str) {
        assert!(self.try_send(keys), "keys reach the pty");
    }

    /// Types `keys` if the terminal can still take them: false once the program has gone
    /// (the pty refuses input when nothing holds its other side) or the terminal is closed.
    pub fn try_send(&mut self, keys: &str) -> bool {
        self.emulator.type_keys(keys)
    }

    /// Closes the terminal, as when its window is closed: the reader stops and every handle on
    /// the pty's master side is dropped, so the program's side hangs up.
    pub fn close(&mut self) {
        self.emulator.closing.store(true, Ordering::SeqCst);
        // The reader is blocked in a read: a byte written on the program's side of the pty
        // (a NUL, which the screen ignores) wakes it, whether or not the program writes again.
        let program_side = self
            .master()
            .tty_name()
            .expect("the pty's program side has a name");
        std::fs::OpenOptions::new()
            .write(true)
            .open(&program_side)
            .and_then(|mut tty| tty.write_all(b"\0"))
            .expect("a byte is written on the program's side");
        let start = Instant::now();
        while !self.reader.is_finished() {
            assert!(start.elapsed() < TIMEOUT, "the reader thread never stopped");
            thread::sleep(POLL);
        }
        lock(&self.emulator.keyboard).take();
        self.master = None;
    }

    /// Waits until the parsed screen satisfies `predicate`, and returns that screen.
    pub fn wait_for(
        &self,
        what: &str,
        predicate: impl Fn(&vt100::Screen) -> bool,
    ) -> vt100::Screen {
        self.wait_for_within(what, TIMEOUT, predicate)
    }

    /// `wait_for`, failing after `timeout` (for work whose length was measured first).
    pub fn wait_for_within(
        &self,
        what: &str,
        timeout: Duration,
        predicate: impl Fn(&vt100::Screen) -> bool,
    ) -> vt100::Screen {
        let mut found = None;
        self.wait_until(what, timeout, || {
            let parser = lock(&self.emulator.parser);
            let screen = parser.screen();
            if predicate(screen) {
                found = Some(screen.clone());
            }
            found.is_some()
        });
        found.expect("wait_until returns only once the screen matched")
    }

    /// Waits until the bytes written so far satisfy `predicate`, and returns them.
    pub fn wait_for_output(&self, what: &str, predicate: impl Fn(&[u8]) -> bool) -> Vec<u8> {
        let mut found = None;
        self.wait_until(what, TIMEOUT, || {
            let raw = lock(&self.emulator.raw);
            if predicate(&raw) {
                found = Some(raw.clone());
            }
            found.is_some()
        });
        found.expect("wait_until returns only once the output matched")
    }

    /// Polls `done` until it is true; fails (showing the screen) after `timeout`, or as soon as
    /// the program has gone and its output is all read without `done` coming true.
    fn wait_until(&self, what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
        let start = Instant::now();
        loop {
            let finished = self.reader.is_finished();
            if done() {
                return;
            }
            assert!(
                !finished && start.elapsed() < timeout,
                "{} waiting for {what}; the screen:\n{}",
                if finished {
                    "the program ended"
                } else {
                    "timed out"
                },
                self.screen_text()
            );
            thread::sleep(POLL);
        }
    }

    /// The parsed screen as it is now.
    pub fn screen(&self) -> vt100::Screen {
        lock(&self.emulator.parser).screen().clone()
    }

    /// The parsed screen as text, rows joined by newlines.
    pub fn screen_text(&self) -> String {
        lock(&self.emulator.parser).screen().contents()
    }

    /// Everything the program has written so far.
    pub fn raw(&self) -> Vec<u8> {
        lock(&self.emulator.raw).clone()
    }

    /// Resizes the terminal. The emulated screen is cleared as well, so whatever is on it
    /// afterwards was drawn by the program for the new size (it must redraw after a resize).
    pub fn resize(&self, cols: u16, rows: u16) {
        let mut parser = lock(&self.emulator.parser);
        parser.set_size(nonzero(rows), nonzero(cols));
        parser.process(b"\x1b[H\x1b[2J");
        self.master()
            .resize(size(cols, rows))
            .expect("the pty resizes");
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child has a process id")
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits for the child to exit and for its last output to be read.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("the child can be waited for") {
                break status;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for the program to exit; the screen:\n{}",
                self.screen_text()
            );
            thread::sleep(POLL);
        };
        while !self.reader.is_finished() {
            assert!(
                start.elapsed() < TIMEOUT,
                "the program exited but its terminal output never ended"
            );
            thread::sleep(POLL);
        }
        status
    }

    /// The names of the terminal's local mode flags now set (`ICANON`, `ECHO`, …).
    pub fn local_flags(&self) -> Vec<&'static str> {
        let termios = self
            .master()
            .get_termios()
            .expect("the pty's termios can be read");
        termios
            .local_flags
            .iter_names()
            .map(|(name, _)| name)
            .collect()
    }

    /// True when the line discipline is back in cooked mode: lines edited, input echoed.
    pub fn is_cooked(&self) -> bool {
        let flags = self.local_flags();
        flags.contains(&"ICANON") && flags.contains(&"ECHO")
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if self.is_running() {
            for &pid in &self.others {
                signal(pid, "KILL");
            }
            // portable-pty sends SIGHUP, then SIGKILL if the child is still there.
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// What the terminal answers of what the program asks.
#[derive(Debug, Clone, Copy)]
pub struct Answers {
    /// The cursor position (`ESC [ 6 n`, which ratatui sends when it clears the screen) and the
    /// device attributes (`ESC [ c`), as every terminal does.
    pub queries: bool,
    /// The background colour answered to OSC 11 (`rgb:ffff/ffff/ffff`); `None`: the question
    /// is not understood, and not answered.
    pub background: Option<&'static str>,
}

/// A query a program sends the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Query {
    CursorPosition,
    DeviceAttributes,
    Background,
}

/// Spots queries in a byte stream that may split them across reads.
#[derive(Default)]
struct Queries {
    matched: [usize; Self::ALL.len()],
}

impl Queries {
    const ALL: [(&[u8], Query); 4] = [
        (b"\x1b[6n", Query::CursorPosition),
        (b"\x1b[c", Query::DeviceAttributes),
        (b"\x1b]11;?\x07", Query::Background),
        (b"\x1b]11;?\x1b\\", Query::Background),
    ];

    /// Takes the next byte; the query it completes, if any.
    fn feed(&mut self, byte: u8) -> Option<Query> {
        let mut found = None;
        for (matched, (bytes, query)) in self.matched.iter_mut().zip(Self::ALL) {
            *matched = if byte == bytes[*matched] {
                *matched + 1
            } else {
                usize::from(byte == bytes[0])
            };
            if *matched == bytes.len() {
                *matched = 0;
                found = Some(query);
            }
        }
        found
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal is at least 1×1")
}

/// Sends `kill -NAME pid`; true if the signal was delivered.
pub fn signal(pid: u32, name: &str) -> bool {
    Command::new("kill")
        .arg(format!("-{name}"))
        .arg(pid.to_string())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// The screen's rows as text, without trailing blanks (a blank written and a cell never written
/// differ in vt100, not on a screen).
pub fn rows(screen: &vt100::Screen) -> Vec<String> {
    let (_, cols) = screen.size();
    screen
        .rows(0, cols.get())
        .map(|row| row.trim_end().to_owned())
        .collect()
}

/// The status bar: the last row.
pub fn status(screen: &vt100::Screen) -> String {
    rows(screen).pop().unwrap_or_default()
}

/// What crossterm writes to enter and leave the alternate screen, and to show the cursor.
pub const ENTER_ALTERNATE: &[u8] = b"\x1b[?1049h";
pub const LEAVE_ALTERNATE: &[u8] = b"\x1b[?1049l";
pub const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// `bytes` without its CSI sequences (`ESC [` parameters, intermediates, final byte).
pub fn strip_csi(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0x1b && bytes.get(i + 1) == Some(&b'[') {
            i += 2;
            while i < bytes.len() && (0x20..=0x3f).contains(&bytes[i]) {
                i += 1;
            }
            i += 1; // the final byte
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// The program has given the terminal back: the pty's line discipline is cooked again
/// (`ICANON` and `ECHO` set), the parsed screen is the main one with the cursor shown and mouse
/// reporting off, and the byte stream left the alternate screen after it last entered it, and
/// turned bracketed paste off after it last turned it on (if it did).
pub fn assert_terminal_given_back(term: &Term) {
    assert!(
        term.is_cooked(),
        "the terminal is left in raw mode: local flags {:?}",
        term.local_flags()
    );
    let screen = term.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "the cursor is left hidden");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting is left on"
    );
    let raw = term.raw();
    let entered = rfind(&raw, ENTER_ALTERNATE).expect("the program used the alternate screen");
    let left = rfind(&raw, LEAVE_ALTERNATE).expect("the program left the alternate screen");
    assert!(
        left > entered,
        "the alternate screen was entered again last"
    );
    let (on, off) = (rfind(&raw, b"\x1b[?2004h"), rfind(&raw, b"\x1b[?2004l"));
    assert!(on.is_none() || off > on, "bracketed paste left on");
}

/// What the program wrote after it last left the alternate screen, CSI sequences taken out:
/// the messages it printed on its way out (with their line ends), if any.
pub fn written_after_leaving(term: &Term) -> String {
    let raw = term.raw();
    let left = rfind(&raw, LEAVE_ALTERNATE).expect("the program left the alternate screen");
    String::from_utf8_lossy(&strip_csi(&raw[left..])).into_owned()
}

/// After the program is gone: the terminal given back, and nothing but control sequences
/// (the cursor shown among them) written after the alternate screen was left.
pub fn assert_exited_cleanly(term: &Term) {
    assert_terminal_given_back(term);
    let raw = term.raw();
    let left = rfind(&raw, LEAVE_ALTERNATE).expect("the program left the alternate screen");
    let tail = &raw[left..];
    assert!(
        find(tail, SHOW_CURSOR).is_some(),
        "the cursor is not shown after leaving: {:?}",
        String::from_utf8_lossy(tail)
    );
    let after = written_after_leaving(term);
    assert!(
        after.is_empty(),
        "output after leaving the alternate screen: {after:?}"
    );
}
