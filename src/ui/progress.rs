//! The screen shown while long work runs before the reader can open (aligning a long pair,
//! reading a long file): what is being done, a bar, and a percentage or the time it has taken.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::paint;
use crate::text::{AmbiguousWidth, truncate_to};

/// How far the work has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Thousandths of it done (work that can tell).
    Done(u32),
    /// The time it has run (work that cannot tell: the bar only shows that it goes on).
    Running(Duration),
}

/// Draws `label`, a bar and how far the work has got, in the middle of the screen, with how to
/// quit below; lines are cut to the screen's width.
pub fn render(frame: &mut Frame, label: &str, progress: Progress) {
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
    let bar_width = width.saturating_sub(6).min(50);
    line(buffer, 1, &bar(progress, bar_width), Style::default());
    line(
        buffer,
        3,
        "q: quit",
        Style::default().add_modifier(Modifier::DIM),
    );
}

/// The bar, `width` cells, and what it stands for: filled as far as the work has got and the
/// percentage, or a short run of `#` going to and fro and the seconds so far.
fn bar(progress: Progress, width: usize) -> String {
    match progress {
        Progress::Done(permille) => {
            let permille = permille.min(1000);
            let filled = width * usize::try_from(permille).unwrap_or(0) / 1000;
            let percent = permille / 10;
            let (done, left) = ("#".repeat(filled), ".".repeat(width - filled));
            format!("{done}{left} {percent:>3} %")
        }
        Progress::Running(time) => {
            const RUN: usize = 3;
            let room = width.saturating_sub(RUN);
            // A step every tenth of a second: there and back in `2 × room` steps.
            let step = usize::try_from(time.as_millis() / 100).unwrap_or(0) % (2 * room).max(1);
            let at = if step <= room { step } else { 2 * room - step };
            let run = RUN.min(width);
            let after = width - at - run;
            let seconds = time.as_secs();
            let (before, run, after) = (".".repeat(at), "#".repeat(run), ".".repeat(after));
            format!("{before}{run}{after} {seconds:>3} s")
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{Progress, bar};

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn the_progress_screen_fits_any_size() {
        for (width, height) in [(80, 24), (20, 5), (1, 1), (200, 3)] {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal
                .draw(|frame| {
                    super::render(
                        frame,
                        "Aligning a.txt and b.txt (9.9 MB)",
                        Progress::Done(456),
                    );
                })
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

    #[test]
    fn a_bar_of_work_that_cannot_tell_goes_to_and_fro_and_counts_seconds() {
        let at = |millis| bar(Progress::Running(Duration::from_millis(millis)), 10);
        assert_eq!(at(0), "###.......   0 s");
        assert_eq!(at(300), "...###....   0 s");
        assert_eq!(at(700), ".......###   0 s");
        assert_eq!(at(1_000), "....###...   1 s");
        assert_eq!(at(1_400), "###.......   1 s");
        for width in 0..5 {
            let shown = bar(Progress::Running(Duration::from_secs(7)), width);
            assert_eq!(shown.chars().count(), width + 6, "{shown:?}");
        }
    }
}
