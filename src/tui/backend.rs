//! The terminal backend: ratatui's crossterm backend but for one thing. After a character that
//! every terminal draws two cells wide (CJK ideographs, kana, Hangul, full-width forms) the
//! cursor is known to stand two cells on, so the next cell there is written without a cursor
//! move. ratatui moves the cursor after every wide character, so that a terminal that draws an
//! emoji narrower than Unicode says still puts the rest of the row in its place (ratatui issue
//! 1396); for those characters it still does here. On a page of Japanese the moves were half of
//! a frame's bytes (the Kyoto article's first frame: 978 moves, 7.8 KB of 14 KB).

use std::io::{self, Write};

use crossterm::cursor::MoveTo;
use crossterm::queue;
use crossterm::style::{
    Attribute, Color as CrosstermColor, Colors, SetAttribute, SetBackgroundColor, SetColors,
    SetForegroundColor, SetUnderlineColor,
};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

/// ratatui's `CrosstermBackend`, drawing with fewer cursor moves (see the module's note).
pub struct WideAware<W: Write>(CrosstermBackend<W>);

impl<W: Write> WideAware<W> {
    pub fn new(writer: W) -> Self {
        Self(CrosstermBackend::new(writer))
    }
}

impl<W: Write> Write for WideAware<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.0)
    }
}

/// The cells that `Buffer::empty(area).diff(buffer)` gives, in its order, without that empty
/// buffer: what to write of `buffer` on a blank screen. For the first frame, drawn before
/// ratatui's `Terminal` is made: its two screen-sized buffers take as long to make as the frame
/// to draw (fresh memory, a page fault per 4 KiB).
pub fn against_blank(buffer: &Buffer) -> impl Iterator<Item = (u16, u16, &Cell)> {
    let cells = &buffer.content;
    let at = move |i: usize| {
        let (x, y) = buffer.pos_of(i);
        (x, y, &cells[i])
    };
    let (mut next, mut trailing): (usize, Option<(usize, usize)>) = (0, None);
    std::iter::from_fn(move || {
        // After an emoji with VS16: the cells it covers that are not blank (ratatui's
        // work-around for terminals that leave them as they were).
        if let Some((j, end)) = &mut trailing {
            while *j < *end {
                let k = *j;
                *j += usize::from(cells[k].cell_width().max(1));
                *end = (*end).max(*j).min(cells.len());
                if !is_skipped(&cells[k]) && cells[k].symbol() != " " {
                    return Some(at(k));
                }
            }
            next = *end;
            trailing = None;
        }
        while next < cells.len() {
            let i = next;
            let cell = &cells[i];
            next += 1;
            if is_skipped(cell) {
                continue;
            }
            let cells_wide = usize::from(cell.cell_width());
            match cell.diff_option {
                CellDiffOption::ForcedWidth(_) => {
                    next += cells_wide.saturating_sub(1);
                    if *cell == Cell::EMPTY {
                        continue;
                    }
                }
                _ if cell.diff_option == CellDiffOption::None && *cell == Cell::EMPTY => continue,
                _ if cells_wide > 1 && cell.symbol().contains('\u{FE0F}') => {
                    trailing = Some((i + 1, (i + cells_wide).min(cells.len())));
                }
                _ => next += cells_wide.saturating_sub(1),
            }
            return Some(at(i));
        }
        None
    })
}

/// Whether ratatui's diff passes over `cell` (a cell covered by an escape sequence's output).
#[allow(deprecated)]
fn is_skipped(cell: &Cell) -> bool {
    cell.diff_option == CellDiffOption::Skip
        || (cell.skip && cell.diff_option == CellDiffOption::None)
}

/// How far the cursor surely moves on writing `cell`: two cells for a character that every
/// terminal draws two wide, else one (and the next cell elsewhere gets a cursor move).
fn surely_advances(cell: &Cell) -> u16 {
    let mut chars = cell.symbol().chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if is_always_wide(c) => 2,
        _ => 1,
    }
}

/// East Asian Wide since Unicode's first versions, and drawn so by every terminal: Hangul
/// Jamo leads, the CJK blocks from radicals to Yi, Hangul syllables, compatibility ideographs,
/// vertical and small forms, full-width forms, and the ideographs beyond the BMP. Their
/// narrow neighbours (U+303F, U+3097–8, U+A48D–F) are left out.
fn is_always_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{3096}'
        | '\u{3099}'..='\u{A48C}'
        | '\u{A490}'..='\u{A4C6}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF01}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{2FFFD}'
        | '\u{30000}'..='\u{3FFFD}')
}

impl<W: Write> Backend for WideAware<W> {
    type Error = io::Error;

    /// ratatui-crossterm's `draw`, the cursor followed by `surely_advances`.
    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let out = &mut self.0;
        let (mut fg, mut bg, mut underline) = (Color::Reset, Color::Reset, Color::Reset);
        let mut modifier = Modifier::empty();
        let mut cursor: Option<Position> = None;
        for (x, y, cell) in content {
            if cursor != Some(Position { x, y }) {
                queue!(out, MoveTo(x, y))?;
            }
            cursor = Some(Position {
                x: x.saturating_add(surely_advances(cell)),
                y,
            });
            if cell.modifier != modifier {
                queue_modifier_change(out, modifier, cell.modifier)?;
                modifier = cell.modifier;
            }
            if cell.fg != fg || cell.bg != bg {
                let colors = Colors::new(cell.fg.into_crossterm(), cell.bg.into_crossterm());
                queue!(out, SetColors(colors))?;
                (fg, bg) = (cell.fg, cell.bg);
            }
            if cell.underline_color != underline {
                queue!(
                    out,
                    SetUnderlineColor(cell.underline_color.into_crossterm())
                )?;
                underline = cell.underline_color;
            }
            // The bytes `Print` writes, without its trip through `fmt` for every cell.
            out.write_all(cell.symbol().as_bytes())?;
        }
        queue!(
            out,
            SetForegroundColor(CrosstermColor::Reset),
            SetBackgroundColor(CrosstermColor::Reset),
            SetUnderlineColor(CrosstermColor::Reset),
            SetAttribute(Attribute::Reset),
        )
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.0.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.0.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.0.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.0.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.0.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.0.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.0.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.0.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.0.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.0)
    }
}

/// ratatui-crossterm's `ModifierDiff`: the attributes that take the terminal from `from` to
/// `to` (bold and dim share one reset, so one dropped brings the other back after it).
fn queue_modifier_change<W: Write>(out: &mut W, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    let set = |out: &mut W, attribute| queue!(out, SetAttribute(attribute));
    if removed.contains(Modifier::REVERSED) {
        set(out, Attribute::NoReverse)?;
    }
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if reset_intensity {
        set(out, Attribute::NormalIntensity)?;
        if to.contains(Modifier::DIM) {
            set(out, Attribute::Dim)?;
        }
        if to.contains(Modifier::BOLD) {
            set(out, Attribute::Bold)?;
        }
    }
    let dropped = [
        (Modifier::ITALIC, Attribute::NoItalic),
        (Modifier::UNDERLINED, Attribute::NoUnderline),
        (Modifier::CROSSED_OUT, Attribute::NotCrossedOut),
        (Modifier::HIDDEN, Attribute::NoHidden),
    ];
    for (modifier, attribute) in dropped {
        if removed.contains(modifier) {
            set(out, attribute)?;
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        set(out, Attribute::NoBlink)?;
    }
    let added = to - from;
    let gained = [
        (Modifier::REVERSED, Attribute::Reverse, true),
        (Modifier::BOLD, Attribute::Bold, !reset_intensity),
        (Modifier::ITALIC, Attribute::Italic, true),
        (Modifier::UNDERLINED, Attribute::Underlined, true),
        (Modifier::DIM, Attribute::Dim, !reset_intensity),
        (Modifier::CROSSED_OUT, Attribute::CrossedOut, true),
        (Modifier::HIDDEN, Attribute::Hidden, true),
        (Modifier::SLOW_BLINK, Attribute::SlowBlink, true),
        (Modifier::RAPID_BLINK, Attribute::RapidBlink, true),
    ];
    for (modifier, attribute, wanted) in gained {
        if wanted && added.contains(modifier) {
            set(out, attribute)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    const AREA: Rect = Rect::new(0, 0, 40, 8);

    /// A writer whose bytes can be read after a backend has taken it.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().write(buf)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// What drawing each of `frames` over the one before writes, through ours (`wide_aware`)
    /// or ratatui's backend.
    fn bytes(wide_aware: bool, frames: &[Buffer]) -> Vec<u8> {
        let out = Shared::default();
        let mut shown = Buffer::empty(AREA);
        let (mut ours, mut theirs) = (
            WideAware::new(out.clone()),
            CrosstermBackend::new(out.clone()),
        );
        for frame in frames {
            let diff = shown.diff(frame).into_iter();
            if wide_aware {
                ours.draw(diff).expect("drawn");
            } else {
                theirs.draw(diff).expect("drawn");
            }
            shown = frame.clone();
        }
        out.0.take()
    }

    fn screen(bytes: &[u8]) -> vt100::Parser {
        let size = |n| std::num::NonZeroU16::new(n).expect("not empty");
        let mut parser = vt100::Parser::new(size(AREA.height), size(AREA.width), 0);
        parser.process(bytes);
        parser
    }

    /// Frames of mixed text (Latin, kana, kanji, Hangul, full-width forms, an emoji, a kana
    /// with a combining mark) in varied styles, the same for every seed.
    fn frames(seed: u64) -> Vec<Buffer> {
        let pieces = [
            "plain ",
            "日本語",
            "かな",
            "한국",
            "Ａｂ",
            "🚀",
            "か\u{3099}",
            "。",
            " ",
            "x",
        ];
        let styles = [
            Style::new(),
            Style::new().fg(Color::Yellow).bg(Color::Rgb(42, 46, 60)),
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            Style::new()
                .fg(Color::Indexed(8))
                .add_modifier(Modifier::DIM),
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::ITALIC),
        ];
        let mut state = seed;
        let mut next = move |n: u16| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            u16::try_from((state >> 33) % u64::from(n)).unwrap_or(0)
        };
        (0..4)
            .map(|_| {
                let mut buffer = Buffer::empty(AREA);
                for y in 0..AREA.height {
                    let mut x = next(4);
                    while x < AREA.width {
                        let piece = pieces[usize::from(next(10))];
                        let style = styles[usize::from(next(5))];
                        let (end, _) =
                            buffer.set_stringn(x, y, piece, usize::from(AREA.width - x), style);
                        x = end.max(x + 1) + next(2);
                    }
                }
                buffer
            })
            .collect()
    }

    #[test]
    fn screens_are_drawn_as_ratatuis_backend_draws_them() {
        for seed in 0..200 {
            let frames = frames(seed);
            let (ours, theirs) = (bytes(true, &frames), bytes(false, &frames));
            assert_eq!(
                screen(&ours).screen().contents_formatted(),
                screen(&theirs).screen().contents_formatted(),
                "seed {seed}"
            );
            assert!(ours.len() <= theirs.len(), "seed {seed}: never more bytes");
        }
    }

    #[test]
    fn a_frame_on_a_blank_screen_is_what_ratatui_writes_over_an_empty_buffer() {
        let mut odd = Buffer::empty(AREA);
        odd.set_string(0, 0, "❤\u{fe0f}x🚀y日", Style::new().bg(Color::Blue));
        // A cell that the emoji covers, written over (ratatui writes it again after the emoji).
        odd[(1, 0)].set_symbol("z");
        odd.set_string(3, 1, "skip", Style::new());
        odd[(4, 1)].set_diff_option(CellDiffOption::Skip);
        odd[(5, 1)].set_diff_option(CellDiffOption::AlwaysUpdate);
        let forced = CellDiffOption::ForcedWidth(std::num::NonZeroU16::new(3).expect("three"));
        odd[(0, 2)]
            .set_symbol("\u{1b}]8;;x\u{7}")
            .set_diff_option(forced);
        odd[(9, 3)].set_diff_option(CellDiffOption::AlwaysUpdate);
        let mut lit = Buffer::empty(AREA);
        lit.set_style(AREA, Style::new().bg(Color::Rgb(1, 2, 3)));
        let buffers = (0..50)
            .flat_map(frames)
            .chain([odd, lit, Buffer::empty(AREA)]);
        for (n, buffer) in buffers.enumerate() {
            let ours: Vec<_> = against_blank(&buffer).collect();
            assert_eq!(ours, Buffer::empty(AREA).diff(&buffer), "buffer {n}");
        }
    }

    #[test]
    fn a_row_of_ideographs_is_written_with_one_cursor_move() {
        let mut frame = Buffer::empty(AREA);
        frame.set_string(0, 0, "日本語のかなとＡ", Style::new());
        let moves = |bytes: &[u8]| String::from_utf8_lossy(bytes).matches('H').count();
        let frames = [frame];
        assert_eq!(moves(&bytes(true, &frames)), 1);
        assert_eq!(moves(&bytes(false, &frames)), 8, "ratatui moves after each");
        // An emoji keeps its move after it: terminals disagree on how wide some are.
        let mut frame = Buffer::empty(AREA);
        frame.set_string(0, 0, "🚀x", Style::new());
        assert_eq!(moves(&bytes(true, &[frame])), 2);
    }
}
