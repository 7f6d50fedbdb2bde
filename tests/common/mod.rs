//! What the test files share: the seed essay, and drawing an app's screen as the event loop
//! would.

// Each test file is a crate of its own and uses only part of this.
#![allow(dead_code)]

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use taiyaku::app::App;
use taiyaku::article::Article;
use taiyaku::import::{Format, Imported, import_path};

/// The seed essay, relative to the crate's folder.
pub const SEED: &str = "seeds/000_c337ac50f9fe369f.txt";

/// The seed essay as the importer gives it: the article and the importer's warnings.
pub fn seed_imported() -> Imported {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    import_path(&path, Format::Auto).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The seed essay's article.
pub fn seed_article() -> Article {
    seed_imported().article
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
