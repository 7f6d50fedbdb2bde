//! Benchmarks of the interactive reader: one keypress (update and a full frame drawn into a
//! 200×50 `TestBackend`) on a 100 KB and a 10 MB document — a row, a paragraph, a sentence with
//! sentence rows on — and the process's start to its first frame in a pseudo-terminal: on the
//! seed, on a pair of files, on a novel and a 1 MB EPUB book, each beside the same text read
//! as plain text, and on a 10 MB bilingual text beside vim and less.

mod common;

use std::io::Read;
use std::sync::{Arc, LazyLock, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

use common::{bilingual_document, copies_for, fixture_paragraphs, plain_text, sentenced_document};
use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use taiyaku::app::{Action, App, update};
use taiyaku::article::Article;
use taiyaku::config;
use taiyaku::keymap::Command;

fn main() {
    divan::main();
}

static DOCUMENT_100K: LazyLock<Article> = LazyLock::new(|| bilingual_document(100_000));
static DOCUMENT_10M: LazyLock<Article> = LazyLock::new(|| bilingual_document(10_000_000));

static SENTENCED_100K: LazyLock<Article> = LazyLock::new(|| sentenced_document(100_000));
static SENTENCED_10M: LazyLock<Article> = LazyLock::new(|| sentenced_document(10_000_000));

fn document(size: &str) -> Article {
    if size == "10 MB" {
        DOCUMENT_10M.clone()
    } else {
        DOCUMENT_100K.clone()
    }
}

/// A reader at 200×50 in the middle of the document, with every screen row drawn once.
fn reader_in_the_middle(size: &str) -> (App, Terminal<TestBackend>) {
    reader_in_the_middle_of(document(size))
}

fn reader_in_the_middle_of(article: Article) -> (App, Terminal<TestBackend>) {
    let mut app = App::new(config::defaults(true), Vec::new(), Some(article), (200, 50));
    let middle = app.reader.as_ref().map_or(0, |r| r.layout.len() / 2);
    for _ in 0..middle.min(2000) {
        update(&mut app, Action::Command(Command::NextParagraph));
    }
    let terminal = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
    (app, terminal)
}

fn keypress(bencher: Bencher, size: &str, forth: Command, back: Command) {
    keypresses(bencher, reader_in_the_middle(size), forth, back);
}

fn keypresses(
    bencher: Bencher,
    (mut app, mut terminal): (App, Terminal<TestBackend>),
    forth: Command,
    back: Command,
) {
    let mut forward = true;
    bencher.bench_local(|| {
        // Alternate so the state oscillates instead of drifting to an end of the document.
        let command = if forward { forth } else { back };
        forward = !forward;
        update(&mut app, Action::Command(command));
        terminal
            .draw(|frame| taiyaku::ui::render(&app, frame))
            .expect("draws");
    });
}

#[divan::bench(args = ["100 KB", "10 MB"])]
fn keypress_scroll_a_row(bencher: Bencher, size: &str) {
    keypress(bencher, size, Command::ScrollDown, Command::ScrollUp);
}

#[divan::bench(args = ["100 KB", "10 MB"])]
fn keypress_jump_a_paragraph(bencher: Bencher, size: &str) {
    keypress(
        bencher,
        size,
        Command::NextParagraph,
        Command::PreviousParagraph,
    );
}

/// `)` and `(` with sentence rows on, in the middle of a document whose paragraphs carry
/// sentence pairs: each press splits the paragraph it lands on into sentences again.
#[divan::bench(args = ["100 KB", "10 MB"])]
fn keypress_next_sentence(bencher: Bencher, size: &str) {
    let article = if size == "10 MB" {
        SENTENCED_10M.clone()
    } else {
        SENTENCED_100K.clone()
    };
    let (mut app, terminal) = reader_in_the_middle_of(article);
    for command in [Command::SentenceRows, Command::NextSentence] {
        update(&mut app, Action::Command(command));
    }
    keypresses(
        bencher,
        (app, terminal),
        Command::NextSentence,
        Command::PreviousSentence,
    );
}

/// The pseudo-terminal of the start-up benchmarks on our fixtures, as (columns, rows).
const SMALL: (u16, u16) = (100, 30);
/// The pseudo-terminal of the benchmarks beside vim and less, as (columns, rows).
const WIDE: (u16, u16) = (160, 45);

/// A process to time in a pseudo-terminal.
struct Process<'a> {
    program: &'a str,
    args: &'a [&'a str],
    /// The terminal's columns and rows.
    size: (u16, u16),
    /// The keys that make it quit.
    quit: &'a [u8],
}

impl<'a> Process<'a> {
    fn taiyaku(args: &'a [&'a str], size: (u16, u16)) -> Self {
        Process {
            program: env!("CARGO_BIN_EXE_taiyaku"),
            args,
            size,
            quit: b"\x03",
        }
    }
}

/// What a step waits for on the screen.
#[derive(Clone, Copy)]
enum Shown<'a> {
    /// A text, anywhere.
    Anywhere(&'a str),
    /// Every one of some texts on one row, counted from the bottom (1 is the last row).
    OnRow(u16, &'a [&'a str]),
}

impl Shown<'_> {
    fn on(self, screen: &vt100::Screen) -> bool {
        match self {
            Shown::Anywhere(text) => screen.contents().contains(text),
            Shown::OnRow(from_bottom, texts) => {
                let (rows, cols) = screen.size();
                let row = screen
                    .rows(0, cols.get())
                    .nth(usize::from(rows.get().saturating_sub(from_bottom)))
                    .unwrap_or_default();
                texts.iter().all(|text| row.contains(text))
            }
        }
    }
}

/// Runs `taiyaku ARGS` in a pseudo-terminal of `size` and returns how long it took from spawn
/// until each text in `steps` was on the screen, typing the step's keys once the previous one
/// was.
fn time_in_terminal(args: &[&str], size: (u16, u16), steps: &[(&[u8], &str)]) -> Duration {
    let steps: Vec<(&[u8], Shown)> = steps
        .iter()
        .map(|&(keys, text)| (keys, Shown::Anywhere(text)))
        .collect();
    time_process(&Process::taiyaku(args, size), &steps)
}

/// A process started in a pseudo-terminal: its keyboard, what it writes (chunk by chunk, read
/// on a thread and stamped with the time it was read), the screen that makes of it, and the
/// master end (for resizing).
struct Spawned {
    master: Box<dyn portable_pty::MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// The keyboard, shared with the reading thread, which answers the program's queries.
    input: Arc<Mutex<Box<dyn std::io::Write + Send>>>,
    arrived: mpsc::Receiver<(Instant, Vec<u8>)>,
    screen: vt100::Parser,
    started: Instant,
}

fn pty_size((cols, rows): (u16, u16)) -> portable_pty::PtySize {
    portable_pty::PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal is at least 1×1")
}

impl Spawned {
    /// Starts `process` with taiyaku's folders in the benchmarks' scratch folder and the
    /// pagers' own settings cleared.
    fn start(process: &Process) -> Self {
        let (cols, rows) = process.size;
        let pair = portable_pty::native_pty_system()
            .openpty(pty_size(process.size))
            .expect("pty");
        let mut command = portable_pty::CommandBuilder::new(process.program);
        command.args(process.args);
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        command.env("TERM", "xterm-256color");
        for variable in ["LESS", "LESSOPEN", "LESSCLOSE", "VIMINIT"] {
            command.env_remove(variable);
        }
        let scratch = std::env::temp_dir().join("taiyaku-bench");
        command.env("TAIYAKU_CONFIG_DIR", &scratch);
        command.env("TAIYAKU_DATA_DIR", &scratch);
        let mut output = pair.master.try_clone_reader().expect("reader");
        let input = Arc::new(Mutex::new(pair.master.take_writer().expect("writer")));
        let (bytes, arrived) = mpsc::channel();
        let answering = Arc::clone(&input);
        std::thread::spawn(move || {
            let mut chunk = [0; 4096];
            let mut queries = Queries::default();
            while let Ok(n @ 1..) = output.read(&mut chunk) {
                let read_at = Instant::now();
                queries.answer(&chunk[..n], &answering);
                if bytes.send((read_at, chunk[..n].to_vec())).is_err() {
                    break;
                }
            }
        });
        let screen = vt100::Parser::new(nonzero(rows), nonzero(cols), 0);
        let started = Instant::now();
        let child = pair.slave.spawn_command(command).expect("spawn");
        drop(pair.slave);
        Spawned {
            master: pair.master,
            child,
            input,
            arrived,
            screen,
            started,
        }
    }

    fn send(&mut self, keys: &[u8]) {
        type_keys(&self.input, keys);
    }

    /// Reads what the process writes until `done` holds of the screen; `what` names it for
    /// the panic if it never does. When the bytes that made it hold were read (not when they
    /// were parsed, which is the terminal's work): now, if it held already.
    fn wait_until(&mut self, what: &str, done: impl Fn(&vt100::Screen) -> bool) -> Instant {
        let mut read_at = Instant::now();
        while !done(self.screen.screen()) {
            let Ok((at, chunk)) = self.arrived.recv_timeout(Duration::from_secs(10)) else {
                panic!(
                    "never shown: {what}; the screen:\n{}",
                    self.screen.screen().contents()
                );
            };
            read_at = at;
            self.screen.process(&chunk);
        }
        read_at
    }

    /// Types `quit` and waits for the process to end.
    fn quit(mut self, quit: &[u8]) {
        self.send(quit);
        self.child.wait().expect("exits");
    }
}

/// Types `keys` on the keyboard shared by the bench and its reading thread.
fn type_keys(keyboard: &Mutex<Box<dyn std::io::Write + Send>>, keys: &[u8]) {
    let mut keyboard = keyboard.lock().unwrap_or_else(PoisonError::into_inner);
    std::io::Write::write_all(&mut *keyboard, keys).expect("keys");
}

/// The program's queries as the reading thread sees them, answered as it reads them, as a
/// terminal does: the last bytes read, where a query may have begun.
#[derive(Default)]
struct Queries {
    tail: Vec<u8>,
}

impl Queries {
    /// Answers what the process asks of a terminal: its background colour (OSC 11, dark) and
    /// its device attributes (DA1), which taiyaku asks before its first frame and would
    /// otherwise wait out. A query split across two reads is found by the bytes kept from the
    /// read before.
    fn answer(&mut self, chunk: &[u8], keyboard: &Mutex<Box<dyn std::io::Write + Send>>) {
        let mut seen = std::mem::take(&mut self.tail);
        let kept = seen.len();
        seen.extend_from_slice(chunk);
        // A query that ends in the bytes kept was answered with the read before.
        let found = |query: &[u8]| {
            seen.windows(query.len())
                .enumerate()
                .any(|(at, window)| window == query && at + query.len() > kept)
        };
        if found(b"\x1b]11;?") {
            type_keys(keyboard, b"\x1b]11;rgb:0000/0000/0000\x1b\\");
        }
        if found(b"\x1b[c") {
            type_keys(keyboard, b"\x1b[?62;22c");
        }
        let keep = seen.len().saturating_sub(6);
        self.tail = seen.split_off(keep);
    }
}

/// Runs a process in a pseudo-terminal and returns how long it took from spawn until each
/// step's screen was shown, typing the step's keys once the previous one was; then quits it.
fn time_process(process: &Process, steps: &[(&[u8], Shown)]) -> Duration {
    run_process(process, steps).0
}

/// `time_process`, and the process's peak resident memory (the kernel's high-water mark,
/// `VmHWM`, read before it quits) in bytes, where the system tells it (Linux).
fn run_process(process: &Process, steps: &[(&[u8], Shown)]) -> (Duration, Option<u64>) {
    let mut spawned = Spawned::start(process);
    let mut shown_at = spawned.started;
    for &(keys, shown) in steps {
        spawned.send(keys);
        shown_at = spawned.wait_until(process.program, |screen| shown.on(screen));
    }
    let elapsed = shown_at - spawned.started;
    let peak = spawned.child.process_id().and_then(peak_resident_bytes);
    spawned.quit(process.quit);
    (elapsed, peak)
}

/// The peak resident memory of process `pid` so far, from `/proc/PID/status`.
fn peak_resident_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// `taiyaku SEED`, from spawn until the status bar of the first frame has arrived.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn start_to_first_frame(bencher: Bencher) {
    let seed = "seeds/000_c337ac50f9fe369f.txt";
    bencher.bench_local(|| time_in_terminal(&[seed], SMALL, &[(b"", "¶1/12")]));
}

/// `taiyaku EN JA` on the two-file fixture essay, from spawn until the first frame of the pair:
/// aligned now (the library emptied first), and as aligned before (read from the library).
#[divan::bench(args = ["aligned now", "as aligned before"], sample_count = 20, sample_size = 1)]
fn pair_to_first_frame(bencher: Bencher, case: &str) {
    let files = ["tests/fixtures/bento_en.txt", "tests/fixtures/bento_ja.txt"];
    let scratch = std::env::temp_dir().join("taiyaku-bench");
    let fresh = case == "aligned now";
    if !fresh {
        time_in_terminal(&files, SMALL, &[(b"", "\u{b6}1/3")]);
    }
    bencher
        .with_inputs(|| {
            // Each run opens at the first paragraph, as the step waits for.
            std::fs::remove_file(scratch.join("positions.json")).ok();
            if fresh {
                std::fs::remove_dir_all(scratch.join("library")).ok();
            }
        })
        .bench_local_values(|()| time_in_terminal(&files, SMALL, &[(b"", "\u{b6}1/3")]));
}

/// 吾輩は猫である (1.1 MB of Aozora Bunko text with ruby, from the shared corpus) from spawn to
/// the first frame, read as Aozora text beside the baseline of the same file read as plain
/// text; skipped (nothing timed) without `TAIYAKU_CORPUS_DIR`.
#[divan::bench(args = ["aozora", "plain"], sample_count = 20, sample_size = 1)]
fn novel_to_first_frame(bencher: Bencher, format: &str) {
    let Some(dir) = std::env::var_os("TAIYAKU_CORPUS_DIR") else {
        eprintln!("novel_to_first_frame: TAIYAKU_CORPUS_DIR is not set; nothing timed");
        return;
    };
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(dir)
        .join("aozora/wagahai.utf8.txt");
    let path = path.to_str().expect("a UTF-8 path").to_owned();
    let args = ["--format", format, &path];
    first_frames(bencher, &format!("novel_to_first_frame {format}"), &args);
}

/// An EPUB 3 book of about 1 MB of text (see `BOOK_AND_TEXT`) from spawn to the first frame,
/// beside the baseline of the same text as a plain-text file.
#[divan::bench(args = ["epub", "plain"], sample_count = 20, sample_size = 1)]
fn epub_to_first_frame(bencher: Bencher, format: &str) {
    let (book, text) = &*BOOK_AND_TEXT;
    let path = if format == "epub" { book } else { text };
    first_frames(bencher, &format!("epub_to_first_frame {format}"), &[path]);
}

/// Times `taiyaku ARGS` from spawn to its first frame, the library emptied before each run,
/// and prints the median of those waits as `NAME`'s.
fn first_frames(bencher: Bencher, name: &str, args: &[&str]) {
    let scratch = std::env::temp_dir().join("taiyaku-bench");
    // divan times the whole run, quitting included; what the reader waits for, spawn to the
    // first frame, is what `time_in_terminal` returns: its median is printed beside.
    let waits = std::sync::Mutex::new(Vec::new());
    bencher
        .with_inputs(|| {
            // An empty library: opening reads every article kept there, and the pair that
            // `ten_mb_pair_to_first_frame` keeps (27 MB) would cost 240 ms of it.
            std::fs::remove_dir_all(scratch.join("library")).ok();
            std::fs::remove_file(scratch.join("positions.json")).ok();
        })
        .bench_local_values(|()| {
            let wait = time_in_terminal(args, SMALL, &[(b"", "\u{b6}")]);
            waits.lock().expect("not poisoned").push(wait);
        });
    let mut waits = waits.into_inner().expect("not poisoned");
    waits.sort();
    if let Some(median) = waits.get(waits.len() / 2) {
        eprintln!("{name}: spawn to first frame, median {median:.1?}");
    }
}

/// Our fixture essay's paragraphs, English and Japanese alternating, repeated to about 1 MB,
/// written once into a scratch folder as an EPUB 3 book (chapters of 250 paragraphs in the
/// spine, deflated, and a nav document naming them) and as plain text: the two files' paths.
static BOOK_AND_TEXT: LazyLock<(String, String)> = LazyLock::new(|| {
    let body = |fixture: &str| -> Vec<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
        let text = std::fs::read_to_string(path).expect("the fixture");
        let (_, body) = text.split_once("\n\n").expect("a title line");
        body.split("\n\n").map(|p| p.trim().to_owned()).collect()
    };
    let (en, ja) = (
        body("tests/fixtures/bento_en.txt"),
        body("tests/fixtures/bento_ja.txt"),
    );
    let one_copy: Vec<&str> = en
        .iter()
        .zip(&ja)
        .flat_map(|(en, ja)| [en.as_str(), ja.as_str()])
        .collect();
    let copies = 1_000_000 / one_copy.iter().map(|p| p.len()).sum::<usize>() + 1;
    let paragraphs = one_copy.repeat(copies);
    let folder = std::env::temp_dir().join("taiyaku-bench-epub");
    std::fs::create_dir_all(&folder).expect("a scratch folder");
    let write = |name: &str, bytes: &[u8]| {
        let path = folder.join(name);
        std::fs::write(&path, bytes).expect("written");
        path.to_str().expect("a UTF-8 path").to_owned()
    };
    let text = format!("The Lunch Box\n弁当箱\n\n{}\n", paragraphs.join("\n\n"));
    (
        write("book.epub", &epub_book(&paragraphs)),
        write("book.txt", text.as_bytes()),
    )
});

/// The paragraphs as an EPUB 3 book titled in both languages: chapters of 250 paragraphs,
/// each named in the nav document's table of contents.
fn epub_book(paragraphs: &[&str]) -> Vec<u8> {
    use std::fmt::Write as _;
    const XHTML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html \
        xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">";
    let escaped = |text: &str| text.replace('&', "&amp;").replace('<', "&lt;");
    let chapters: Vec<String> = paragraphs
        .chunks(250)
        .enumerate()
        .map(|(index, chunk)| {
            let mut body = String::new();
            for paragraph in chunk {
                writeln!(body, "<p>{}</p>", escaped(paragraph)).expect("a string takes it");
            }
            let n = index + 1;
            format!("{XHTML}<head><title>Chapter {n}</title></head><body>\n{body}</body></html>\n")
        })
        .collect();
    let (mut items, mut spine, mut toc) = (String::new(), String::new(), String::new());
    for n in 1..=chapters.len() {
        let media_type = "media-type=\"application/xhtml+xml\"";
        write!(
            items,
            "<item id=\"c{n}\" href=\"c{n}.xhtml\" {media_type}/>"
        )
        .expect("a string takes it");
        write!(spine, "<itemref idref=\"c{n}\"/>").expect("a string takes it");
        write!(toc, "<li><a href=\"c{n}.xhtml\">Chapter {n}</a></li>").expect("a string takes it");
    }
    let nav = format!(
        "{XHTML}<head><title>Contents</title></head><body>\
         <nav epub:type=\"toc\"><h1>Contents</h1><ol>{toc}</ol></nav></body></html>\n"
    );
    let package = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package \
         xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\">\
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <dc:title xml:lang=\"en\">The Lunch Box</dc:title>\
         <dc:title xml:lang=\"ja\">弁当箱</dc:title>\
         <dc:language>en</dc:language><dc:language>ja</dc:language></metadata>\
         <manifest><item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" \
         properties=\"nav\"/>{items}</manifest><spine>{spine}</spine></package>\n"
    );
    let container = "<?xml version=\"1.0\"?>\n<container version=\"1.0\" \
        xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>\
        <rootfile full-path=\"OEBPS/content.opf\" \
        media-type=\"application/oebps-package+xml\"/></rootfiles></container>\n";
    let names: Vec<String> = (1..=chapters.len())
        .map(|n| format!("OEBPS/c{n}.xhtml"))
        .collect();
    let mut files: Vec<(&str, &[u8])> = vec![
        ("META-INF/container.xml", container.as_bytes()),
        ("OEBPS/content.opf", package.as_bytes()),
        ("OEBPS/nav.xhtml", nav.as_bytes()),
    ];
    files.extend(
        names
            .iter()
            .map(String::as_str)
            .zip(chapters.iter().map(String::as_bytes)),
    );
    common::epub::book(&files)
}

/// `taiyaku EN JA` on a pair of about 10 MB (the fixture essay repeated), aligned behind the
/// progress screen: from spawn until the reader's first frame.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn ten_mb_pair_to_first_frame(bencher: Bencher) {
    let folder = std::env::temp_dir().join("taiyaku-bench-pair");
    std::fs::create_dir_all(&folder).expect("a scratch folder");
    let write = |name: &str, fixture: &str, title: &str| {
        let text = std::fs::read_to_string(fixture).expect("the fixture");
        let (_, body) = text.split_once("\n\n").expect("a title line");
        let path = folder.join(name);
        let copies = 5_000_000 / body.len();
        std::fs::write(
            &path,
            format!("{title}\n\n{}", vec![body; copies].join("\n\n")),
        )
        .expect("written");
        path.to_string_lossy().into_owned()
    };
    let en = write("en.txt", "tests/fixtures/bento_en.txt", "Long");
    let ja = write("ja.txt", "tests/fixtures/bento_ja.txt", "長い");
    let scratch = std::env::temp_dir().join("taiyaku-bench");
    bencher
        .with_inputs(|| {
            std::fs::remove_file(scratch.join("positions.json")).ok();
            std::fs::remove_dir_all(scratch.join("library")).ok();
        })
        .bench_local_values(|()| time_in_terminal(&[&en, &ja], SMALL, &[(b"", "\u{b6}1/")]));
}

/// Rounds of `ten_mb_text_to_first_frame` and the other long files, each timing every program
/// once.
const ROUNDS: usize = 7;

/// Rounds for a file that opens in a few milliseconds, where a machine's noise is as large as
/// the differences measured.
const SHORT_ROUNDS: usize = 25;

/// The first frame of a 10 MB bilingual plain text (our bento fixture's English and Japanese
/// paragraphs alternating, as hard-wrapped as the fixtures are) at 160×45, from spawn: taiyaku
/// on the file (its first frame, a preview of the start; and the frame once the whole file is
/// read, the status bar saying where in it the reader is), beside `vim -u NONE -O` on its English and its Japanese half side by side
/// (scrollbound) until both status lines are drawn, and `less` on the file until its prompt
/// is; the programs interleaved, round after round, and each one's median printed. A program
/// that is not installed is said to be missing and left out.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn ten_mb_text_to_first_frame() {
    let folder = std::env::temp_dir().join("taiyaku-bench-text");
    std::fs::create_dir_all(&folder).expect("a scratch folder");
    let english = fixture_paragraphs("bento_en.txt");
    let japanese = fixture_paragraphs("bento_ja.txt");
    let copies = copies_for(&[&english, &japanese], 10_000_000);
    let write = |name: &str, text: String| {
        let path = folder.join(name);
        std::fs::write(&path, text).expect("written");
        path.to_string_lossy().into_owned()
    };
    let both = write(
        "bilingual.txt",
        plain_text("Long\n\n長い", &[&english, &japanese], copies),
    );
    let size = std::fs::metadata(&both).map_or(0, |m| m.len());
    #[allow(clippy::cast_precision_loss)]
    let mib = size as f64 / 1_048_576.0;
    eprintln!(
        "ten_mb_text_to_first_frame: the bilingual file is {mib:.1} MiB (3× is {:.1} MiB)",
        mib * 3.0
    );
    let en = write("en.txt", plain_text("Long", &[&english], copies));
    let ja = write("ja.txt", plain_text("長い", &[&japanese], copies));
    // Without the file messages, two of which would stop vim at a hit-enter prompt.
    let vim_args = [
        "-u",
        "NONE",
        "--cmd",
        "set shortmess+=F",
        "-O",
        &en,
        &ja,
        "-c",
        "windo set scrollbind",
    ];
    let less_args = [both.as_str()];
    let taiyaku_args = [both.as_str()];
    let cases = [
        (
            "taiyaku",
            Process::taiyaku(&taiyaku_args, WIDE),
            Shown::OnRow(1, &["\u{b6}"]),
        ),
        (
            "taiyaku, until the whole file is read",
            Process::taiyaku(&taiyaku_args, WIDE),
            Shown::OnRow(1, &["\u{b6}", "0% side"]),
        ),
        (
            "vim -u NONE -O",
            Process {
                program: "vim",
                args: &vim_args,
                size: WIDE,
                quit: b"\x1b:qa!\r",
            },
            Shown::OnRow(2, &["en.txt", "ja.txt"]),
        ),
        (
            "less",
            Process {
                program: "less",
                args: &less_args,
                size: WIDE,
                quit: b"q",
            },
            Shown::OnRow(1, &["bilingual.txt"]),
        ),
    ];
    interleaved("ten_mb_text_to_first_frame", ROUNDS, &cases, || {
        // No swap file left by a vim that did not quit.
        for swap in [".en.txt.swp", ".ja.txt.swp"] {
            std::fs::remove_file(folder.join(swap)).ok();
        }
    });
}

/// Times `cases` round after round, interleaved, each run from an empty library and no
/// reading position (as for a file opened the first time) after `before`; prints each one's
/// median. A program that is not installed is said to be missing and left out.
fn interleaved(bench: &str, rounds: usize, cases: &[(&str, Process, Shown)], before: impl Fn()) {
    let cases: Vec<_> = cases
        .iter()
        .filter(|(name, process, _)| {
            let found = installed(process.program);
            if !found {
                eprintln!("{bench}: {name} is not installed; left out");
            }
            found
        })
        .collect();
    let scratch = std::env::temp_dir().join("taiyaku-bench");
    let mut waits = vec![Vec::new(); cases.len()];
    let mut peaks = vec![Vec::new(); cases.len()];
    for _ in 0..rounds {
        for (((_, process, shown), waits), peaks) in cases.iter().zip(&mut waits).zip(&mut peaks) {
            std::fs::remove_dir_all(scratch.join("library")).ok();
            std::fs::remove_file(scratch.join("positions.json")).ok();
            before();
            let (wait, peak) = run_process(process, &[(b"", *shown)]);
            waits.push(wait);
            peaks.extend(peak);
        }
    }
    for (((name, ..), waits), peaks) in cases.iter().zip(&mut waits).zip(&mut peaks) {
        waits.sort();
        peaks.sort_unstable();
        let median = waits[waits.len() / 2];
        #[allow(clippy::cast_precision_loss)]
        let peak = peaks.get(peaks.len() / 2).map_or_else(
            || "peak memory not known here".to_owned(),
            |&bytes| {
                format!(
                    "peak resident memory then {:.1} MiB",
                    bytes as f64 / 1_048_576.0
                )
            },
        );
        eprintln!(
            "{bench} {name}: spawn to first frame at 160×45, median of {rounds} {median:.1?}; {peak}"
        );
    }
}

/// One paragraph of 5 MB with no line break in it, English or Japanese: `taiyaku FILE` from
/// spawn to its first frame beside `less FILE` to its first screen, interleaved.
#[divan::bench(args = ["English", "Japanese"], sample_count = 1, sample_size = 1)]
fn five_mb_paragraph_to_first_frame(language: &str) {
    let folder = std::env::temp_dir().join("taiyaku-bench-paragraph");
    std::fs::create_dir_all(&folder).expect("a scratch folder");
    let fixture = if language == "English" {
        "bento_en.txt"
    } else {
        "bento_ja.txt"
    };
    let joiner = if language == "English" { " " } else { "" };
    let paragraphs = fixture_paragraphs(fixture);
    let copies = copies_for(&[&paragraphs], 5_000_000);
    let one = paragraphs.join(joiner).replace('\n', joiner);
    let path = folder.join(format!("{language}.txt"));
    std::fs::write(
        &path,
        format!("{}\n", vec![one.as_str(); copies].join(joiner)),
    )
    .expect("written");
    let file = path.to_string_lossy().into_owned();
    let args = [file.as_str()];
    let name = format!("{language}.txt");
    let cases = [
        (
            "taiyaku",
            Process::taiyaku(&args, WIDE),
            Shown::OnRow(1, &["\u{b6}"]),
        ),
        (
            "less",
            Process {
                program: "less",
                args: &args,
                size: WIDE,
                quit: b"q",
            },
            Shown::OnRow(1, &[name.as_str()]),
        ),
    ];
    interleaved(
        &format!("five_mb_paragraph_to_first_frame {language}"),
        ROUNDS,
        &cases,
        || {},
    );
}

/// A key, or a resize of the terminal, for `keys_to_frames`.
#[derive(Clone, Copy)]
enum Press<'a> {
    Key(&'a [u8]),
    Resize(u16, u16),
}

/// `taiyaku FILE` in a pseudo-terminal: once its first frame is drawn, each press in turn, and
/// how long from the press until the status bar was drawn anew (every one of these presses
/// changes it: the paragraph, the position, a message or its width).
fn keys_to_frames(file: &str, presses: &[Press]) -> Vec<Duration> {
    let args = [file];
    let mut spawned = Spawned::start(&Process::taiyaku(&args, WIDE));
    let status = |screen: &vt100::Screen| {
        let (rows, cols) = screen.size();
        screen
            .rows(0, cols.get())
            .nth(usize::from(rows.get() - 1))
            .unwrap_or_default()
    };
    // The whole file read (a preview's status bar has no percentage), so that keys are timed
    // on the whole article, not held for it.
    spawned.wait_until("the whole article", |screen| {
        let status = status(screen);
        status.contains('\u{b6}') && status.contains('%')
    });
    let mut waits = Vec::new();
    for (step, press) in presses.iter().enumerate() {
        let before = status(spawned.screen.screen());
        let started = Instant::now();
        match *press {
            Press::Key(keys) => spawned.send(keys),
            Press::Resize(cols, rows) => {
                spawned
                    .screen
                    .screen_mut()
                    .set_size(nonzero(rows), nonzero(cols));
                spawned
                    .master
                    .resize(pty_size((cols, rows)))
                    .expect("resized");
            }
        }
        // A whole status bar: the paragraph at its start, the help key at its end.
        let drawn = spawned.wait_until(&format!("the frame after press {step}"), |screen| {
            let row = status(screen);
            row != before && row.contains('\u{b6}') && row.contains("? help")
        });
        waits.push(drawn - started);
    }
    spawned.quit(b"\x03");
    waits
}

/// Rounds of `key_to_frame`, each pressing every key once in each text.
const KEY_ROUNDS: usize = 15;

/// Keys on a 100 KB and a 10 MB bilingual text, from the key to the status bar drawn anew,
/// whole process in a 160×45 pseudo-terminal: a page, a paragraph, the end, the start, the
/// layout, a resize; the medians of each, the 100 KB text as the baseline, the two texts
/// interleaved round by round.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn key_to_frame() {
    let folder = std::env::temp_dir().join("taiyaku-bench-keys");
    std::fs::create_dir_all(&folder).expect("a scratch folder");
    let english = fixture_paragraphs("bento_en.txt");
    let japanese = fixture_paragraphs("bento_ja.txt");
    let presses = [
        ("page (Space)", Press::Key(b" ")),
        ("paragraph (})", Press::Key(b"}")),
        ("end (G)", Press::Key(b"G")),
        ("start (g)", Press::Key(b"g")),
        ("layout (v)", Press::Key(b"v")),
        ("resize to 120×40", Press::Resize(120, 40)),
    ];
    let only: Vec<Press> = presses.iter().map(|(_, press)| *press).collect();
    let texts: Vec<(&str, String)> = [("100 KB", 100_000), ("10 MB", 10_000_000)]
        .into_iter()
        .map(|(size, bytes)| {
            let copies = copies_for(&[&english, &japanese], bytes);
            let path = folder.join(format!("{size}.txt"));
            std::fs::write(
                &path,
                plain_text("Long\n\n長い", &[&english, &japanese], copies),
            )
            .expect("written");
            (size, path.to_string_lossy().into_owned())
        })
        .collect();
    let scratch = std::env::temp_dir().join("taiyaku-bench");
    let mut waits = vec![vec![Vec::new(); presses.len()]; texts.len()];
    for _ in 0..KEY_ROUNDS {
        for ((_, file), waits) in texts.iter().zip(&mut waits) {
            std::fs::remove_file(scratch.join("positions.json")).ok();
            for (all, wait) in waits.iter_mut().zip(keys_to_frames(file, &only)) {
                all.push(wait);
            }
        }
    }
    for ((size, _), waits) in texts.iter().zip(&mut waits) {
        for ((name, _), waits) in presses.iter().zip(waits) {
            waits.sort();
            let median = waits[waits.len() / 2];
            eprintln!("key_to_frame {size} {name}: median of {KEY_ROUNDS} {median:.2?}");
        }
    }
}

/// Whether a program is found on the `PATH`.
fn installed(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// `taiyaku SCL00001.xml` (489 KB of the Kyoto corpus) from spawn to its first frame at
/// 160×45, beside `vim -u NONE` on the file until its file message is drawn and `less` until
/// its prompt is, interleaved. Needs `TAIYAKU_CORPUS_DIR` (default `../shared/corpus`).
#[divan::bench(sample_count = 1, sample_size = 1)]
fn kyoto_article_to_first_frame() {
    let corpus = std::env::var("TAIYAKU_CORPUS_DIR").unwrap_or_else(|_| "../shared/corpus".into());
    let file = std::path::Path::new(&corpus).join("kyoto/SCL00001.xml");
    let file = file.to_str().expect("a UTF-8 path").to_owned();
    assert!(
        std::path::Path::new(&file).exists(),
        "{file} is missing: set TAIYAKU_CORPUS_DIR"
    );
    let args = [file.as_str()];
    let vim_args = ["-u", "NONE", file.as_str()];
    let name = ["SCL00001.xml"];
    let cases = [
        (
            "taiyaku",
            Process::taiyaku(&args, WIDE),
            Shown::OnRow(1, &["\u{b6}"]),
        ),
        (
            "taiyaku, until the whole file is read",
            Process::taiyaku(&args, WIDE),
            Shown::OnRow(1, &["\u{b6}", "0% side"]),
        ),
        (
            "vim -u NONE",
            Process {
                program: "vim",
                args: &vim_args,
                size: WIDE,
                quit: b"\x1b:qa!\r",
            },
            Shown::OnRow(1, &name),
        ),
        (
            "less",
            Process {
                program: "less",
                args: &args,
                size: WIDE,
                quit: b"q",
            },
            Shown::OnRow(1, &name),
        ),
    ];
    interleaved("kyoto_article_to_first_frame", SHORT_ROUNDS, &cases, || {});
}

/// `taiyaku SCL00001.xml` (489 KB of the Kyoto corpus), then `t`: from spawn until the
/// headings screen is drawn. Needs `TAIYAKU_CORPUS_DIR` (default `../shared/corpus`).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn kyoto_article_to_its_headings_screen(bencher: Bencher) {
    let corpus = std::env::var("TAIYAKU_CORPUS_DIR").unwrap_or_else(|_| "../shared/corpus".into());
    let file = std::path::Path::new(&corpus).join("kyoto/SCL00001.xml");
    let file = file.to_str().expect("a UTF-8 path").to_owned();
    assert!(
        std::path::Path::new(&file).exists(),
        "{file} is missing: set TAIYAKU_CORPUS_DIR"
    );
    bencher.bench_local(|| {
        time_in_terminal(
            &[&file],
            SMALL,
            &[(b"", "\u{b6}1/"), (b"t", "headings \u{2014}")],
        )
    });
}

/// Typing a search into a 10 MB document, each keystroke's update: the first letter starts a
/// search of everything, each letter after it one of where the query so far was found (here
/// "rail"), Backspace goes back to the shorter query's; each searches for 8 ms at most and the
/// event loop carries it on between keys.
#[divan::bench(args = ["first letter", "fifth letter", "backspace"], sample_count = 20, sample_size = 1)]
fn search_keystroke_in_10_mb(bencher: Bencher, which: &str) {
    use taiyaku::editor::Edit;
    bencher
        .with_inputs(|| {
            let mut app = App::new(
                config::defaults(true),
                Vec::new(),
                Some(document("10 MB")),
                (200, 50),
            );
            update(&mut app, Action::Command(Command::Search));
            let typed = match which {
                "fifth letter" => "rail",
                "backspace" => "railw",
                _ => "",
            };
            for c in typed.chars() {
                update(&mut app, Action::Edit(Edit::Insert(c)));
                while app.is_busy() {
                    update(&mut app, Action::Idle);
                }
            }
            app
        })
        .bench_local_values(|mut app| {
            let edit = match which {
                "first letter" => Edit::Insert('r'),
                "fifth letter" => Edit::Insert('w'),
                _ => Edit::Backspace,
            };
            update(&mut app, Action::Edit(edit));
            // Returned, so that dropping the document is not timed.
            app
        });
}
