//! The screen shown while a long pair is aligned: what is being done, a bar and a percentage.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::paint;
use crate::text::{AmbiguousWidth, truncate_to};

/// Draws `label`, a bar `permille` thousandths full and the percentage, in the middle of the
/// screen, with how to quit below; lines are cut to the screen's width.
pub fn render(frame: &mut Frame, label: &str, permille: u32) {
    let area = frame.area();
    let buffer = frame.buffer_mut();
    let policy = AmbiguousWidth::Narrow;
    let width = usize::from(area.width.saturating_sub(2));
    let line = |buffer: &mut ratatui::buffer::Buffer, dy: u16, text: &str, style: Style| {
        let y = area.y + (area.height / 2).saturating_sub(1) + dy;
        if y < area.bottom() {
            let row = Rect::new(area.x + 1, y, area.width.saturating_sub(2), 1);
            paint(
                buffer,
                row,
                &[(&truncate_to(text, width, policy), style)],
                policy,
            );
        }
    };
    line(buffer, 0, &format!("{label}…"), Style::default());
    let percent = permille.min(1000) / 10;
    let bar_width = width.saturating_sub(6).min(50);
    let filled = bar_width * usize::try_from(permille.min(1000)).unwrap_or(0) / 1000;
    let bar = format!(
        "{}{} {percent:>3} %",
        "#".repeat(filled),
        ".".repeat(bar_width - filled)
    );
    line(buffer, 1, &bar, Style::default());
    line(
        buffer,
        3,
        "q: quit",
        Style::default().add_modifier(Modifier::DIM),
    );
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn the_progress_screen_fits_any_size() {
        for (width, height) in [(80, 24), (20, 5), (1, 1), (200, 3)] {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal
                .draw(|frame| super::render(frame, "Aligning a.txt and b.txt (9.9 MB)", 456))
                .unwrap();
            let text: String = terminal
                .backend()
                .buffer()
                .content()
                .iter()
                .map(ratatui::buffer::Cell::symbol)
                .collect();
            if width >= 20 && height >= 5 {
                assert!(text.contains("45 %"), "{width}×{height}: {text}");
            }
        }
    }
}
