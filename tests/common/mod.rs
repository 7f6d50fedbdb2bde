//! What the test files share: the seed essay, the shared corpus, drawing an app's screen as the
//! event loop would, temporary folders, EPUB books (`epub`), and (`term`) the built binary in a
//! pseudo-terminal.

// Each test file is a crate of its own and uses only part of this.
#![allow(dead_code)]

pub mod epub;
#[cfg(unix)]
pub mod term;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use taiyaku::app::App;
use taiyaku::article::Article;
use taiyaku::import::{Imported, import_path};
use taiyaku::text::{AmbiguousWidth, str_width};

/// The reader on `article` in a `width`×`height` terminal, with the default config in colour and
/// the bundled library behind it.
pub fn reader_on(article: Article, width: u16, height: u16) -> App {
    App::new(
        taiyaku::config::defaults(true),
        taiyaku::library::bundled(),
        Some(article),
        (width, height),
    )
}

/// Runs `commands` through `update`, one after another.
pub fn run(app: &mut App, commands: &[taiyaku::keymap::Command]) {
    for &command in commands {
        taiyaku::app::update(app, taiyaku::app::Action::Command(command));
    }
}

/// The seed essay, relative to the crate's folder.
pub const SEED: &str = "seeds/000_c337ac50f9fe369f.txt";

/// The seed essay as the importer gives it: the article and the importer's warnings.
pub fn seed_imported() -> Imported {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    import_path(&path, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The seed essay's article.
pub fn seed_article() -> Article {
    seed_imported().article
}

/// The shared corpus's folder: `TAIYAKU_CORPUS_DIR` as the test runs or, if it is not set then,
/// as the tests were built (`build.rs` sets `cfg(corpus)` from it), relative to the crate's
/// folder. A test that calls this needs the corpus: it fails if the variable is not set, or the
/// folder cannot be read or is empty.
pub fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("TAIYAKU_CORPUS_DIR")
        .filter(|dir| !dir.is_empty())
        .or_else(|| {
            option_env!("TAIYAKU_CORPUS_DIR")
                .filter(|dir| !dir.is_empty())
                .map(Into::into)
        })
        .expect("TAIYAKU_CORPUS_DIR is not set: this test reads the shared corpus");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("TAIYAKU_CORPUS_DIR is set, but {}: {e}", dir.display()));
    assert!(
        entries.count() > 0,
        "TAIYAKU_CORPUS_DIR is set, but {} is empty",
        dir.display()
    );
    dir
}

/// A file of the corpus, e.g. `aozora/botchan.utf8.txt`; fails if it is missing.
pub fn corpus_file(relative: &str) -> PathBuf {
    let path = corpus_dir().join(relative);
    assert!(
        path.is_file(),
        "TAIYAKU_CORPUS_DIR is set, but {} is missing",
        path.display()
    );
    path
}

/// The corpus's files in `folder` named `*.extension`, sorted; fails if there are none.
pub fn corpus_files(folder: &str, extension: &str) -> Vec<PathBuf> {
    let dir = corpus_dir().join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("TAIYAKU_CORPUS_DIR is set, but {}: {e}", dir.display()))
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "TAIYAKU_CORPUS_DIR is set, but {} has no *.{extension} files",
        dir.display()
    );
    files
}

/// The app drawn once into a test terminal of the app's own size.
pub fn drawn(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal
        .draw(|frame| taiyaku::ui::render(app, frame))
        .unwrap();
    terminal
}

/// Every cell's symbol, row after row, as one string.
pub fn cells_text(terminal: &Terminal<TestBackend>) -> String {
    terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect()
}

/// A buffer's rows as text, a wide glyph once (so a character's width offset in a row is its
/// column).
pub fn buffer_rows(buffer: &ratatui::buffer::Buffer, policy: AmbiguousWidth) -> Vec<String> {
    (0..buffer.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut x = 0;
            while x < buffer.area.width {
                let symbol = buffer[(x, y)].symbol();
                row.push_str(symbol);
                let drawn = str_width(symbol, policy).max(1);
                x += u16::try_from(drawn).unwrap();
            }
            row
        })
        .collect()
}

/// The app's screen, drawn, as rows of text (see `buffer_rows`).
pub fn screen_rows(app: &App) -> Vec<String> {
    buffer_rows(drawn(app).backend().buffer(), app.config.ambiguous)
}

/// A folder under Cargo's temporary directory for tests, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "test-{}-{}-{label}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).expect("a temporary folder can be made");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A key with modifiers, through the app's keymap; a key bound to nothing does nothing.
pub fn press_with(
    app: &mut taiyaku::app::App,
    code: crossterm::event::KeyCode,
    modifiers: crossterm::event::KeyModifiers,
) {
    let key = crossterm::event::KeyEvent::new(code, modifiers);
    if let Some(action) = app.action_for_key(&key) {
        taiyaku::app::update(app, action);
    }
}

/// A key as the terminal sends it (an upper-case letter with Shift).
pub fn press(app: &mut taiyaku::app::App, code: crossterm::event::KeyCode) {
    use crossterm::event::{KeyCode, KeyModifiers};
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    press_with(app, code, modifiers);
}

/// Each character of `keys` pressed in turn (in a prompt: typed).
pub fn keys(app: &mut taiyaku::app::App, keys: &str) {
    for c in keys.chars() {
        press(app, crossterm::event::KeyCode::Char(c));
    }
}

/// `:` and a line, then Enter.
pub fn command(app: &mut taiyaku::app::App, line: &str) {
    keys(app, ":");
    keys(app, line);
    press(app, crossterm::event::KeyCode::Enter);
}
