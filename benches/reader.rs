//! Benchmarks of the interactive reader: one keypress (update and a full frame drawn into a
//! 200×50 `TestBackend`) on a 100 KB and a 10 MB document, and the process's start to its first
//! frame on the seed, in a pseudo-terminal.

mod common;

use std::io::Read;
use std::sync::{LazyLock, mpsc};
use std::time::{Duration, Instant};

use common::bilingual_document;
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

fn document(size: &str) -> Article {
    if size == "10 MB" {
        DOCUMENT_10M.clone()
    } else {
        DOCUMENT_100K.clone()
    }
}

/// A reader at 200×50 in the middle of the document, with every screen row drawn once.
fn reader_in_the_middle(size: &str) -> (App, Terminal<TestBackend>) {
    let mut app = App::new(
        config::defaults(true),
        Vec::new(),
        Some(document(size)),
        (200, 50),
    );
    let middle = app.reader.as_ref().map_or(0, |r| r.layout.len() / 2);
    for _ in 0..middle.min(2000) {
        update(&mut app, Action::Command(Command::NextParagraph));
    }
    let terminal = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
    (app, terminal)
}

fn keypress(bencher: Bencher, size: &str, forth: Command, back: Command) {
    let (mut app, mut terminal) = reader_in_the_middle(size);
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

/// `taiyaku SEED` in a 100×30 pseudo-terminal, from spawn until the status bar of the first
/// frame has arrived; then `q`.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn start_to_first_frame(bencher: Bencher) {
    bencher.bench_local(|| {
        let pair = portable_pty::native_pty_system()
            .openpty(portable_pty::PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut command = portable_pty::CommandBuilder::new(env!("CARGO_BIN_EXE_taiyaku"));
        command.arg("seeds/000_c337ac50f9fe369f.txt");
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        command.env(
            "TAIYAKU_CONFIG_DIR",
            std::env::temp_dir().join("taiyaku-bench-config"),
        );
        command.env(
            "TAIYAKU_DATA_DIR",
            std::env::temp_dir().join("taiyaku-bench-data"),
        );
        let mut output = pair.master.try_clone_reader().expect("reader");
        let (bytes, arrived) = mpsc::channel();
        std::thread::spawn(move || {
            let mut chunk = [0; 4096];
            while let Ok(n @ 1..) = output.read(&mut chunk) {
                if bytes.send(chunk[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let started = Instant::now();
        let mut child = pair.slave.spawn_command(command).expect("spawn");
        drop(pair.slave);
        let mut seen = Vec::new();
        while !String::from_utf8_lossy(&seen).contains("¶1/12") {
            let chunk = arrived
                .recv_timeout(Duration::from_secs(10))
                .expect("taiyaku draws its first frame");
            seen.extend_from_slice(&chunk);
        }
        let elapsed = started.elapsed();
        let mut input = pair.master.take_writer().expect("writer");
        std::io::Write::write_all(&mut input, b"q").expect("q");
        child.wait().expect("exits");
        elapsed
    });
}
