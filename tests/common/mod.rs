//! What the app-level test files share: drawing an app's screen as the event loop would.

// Each test file is a crate of its own and uses only part of this.
#![allow(dead_code)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use taiyaku::app::App;

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
