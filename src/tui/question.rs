//! The terminal asked its background (OSC 11) for the `auto` theme: the question sent as soon
//! as the config wants it, the answer read when the first frame needs it, so that the trip to
//! the terminal and back overlaps the work of the start instead of adding to it.

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::time::{Duration, Instant};

use memchr::memmem;
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::io::Errno;

use crate::config::Shade;

/// The question for the background, then the one for the device's attributes (DA1), which
/// every terminal answers; a terminal answers in turn, so one whose first answer is DA1's did
/// not know the first question. The first ends with BEL: rxvt-unicode ends its answer with
/// what ended the question, and some of its releases end an answer to ST with a bare ESC.
const QUESTIONS: &[u8] = b"\x1b]11;?\x07\x1b[c";

/// What starts the background's answer (then a colour, as `XParseColor` reads it, and BEL or ST).
const BACKGROUND: &[u8] = b"\x1b]11;";

/// What starts the device attributes' answer (then numbers and `;`, then `c`).
const ATTRIBUTES: &[u8] = b"\x1b[?";

/// More than any terminal answers: what is read beyond it is not an answer.
const MOST_ANSWERED: usize = 1024;

/// The questions sent, on the terminal (`/dev/tty`), in raw mode so that the answers are not
/// shown and come at once. Raw mode is left when the answers are read, or when the question is
/// dropped unanswered (its answers read first, so that none reaches the shell).
pub struct Question {
    tty: File,
    deadline: Instant,
    answered: bool,
}

impl Question {
    /// Asks the terminal, which has `wait` to answer; `None` if `TERM` says it cannot (unset,
    /// `dumb`, GNU Screen's `screen`, which answers out of turn, and Eterm, which knows no DA1),
    /// or the terminal cannot be opened or written to.
    pub fn ask(wait: Duration) -> Option<Question> {
        if !answers_questions(std::env::var("TERM").ok().as_deref()) {
            return None;
        }
        let tty = File::options()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .ok()?;
        // A signal while the terminal is in raw mode must not leave it so.
        let _ = super::watch_signals();
        crossterm::terminal::enable_raw_mode().ok()?;
        let mut question = Question {
            tty,
            deadline: Instant::now() + wait,
            answered: false,
        };
        if question.tty.write_all(QUESTIONS).is_err() {
            question.answered = true;
            return None;
        }
        Some(question)
    }

    /// Whether the background is dark or light, as the terminal answered by the deadline.
    pub fn answer(mut self) -> Option<Shade> {
        self.answered = true;
        self.read_answers()
    }

    /// Reads until the device attributes' answer has come (or the deadline has passed, or the
    /// terminal has gone); keys typed meanwhile are read with the answers, and lost.
    fn read_answers(&mut self) -> Option<Shade> {
        let mut answers = Vec::new();
        let mut chunk = [0; 256];
        loop {
            if let Told::Whole(shade) = told(&answers) {
                return shade;
            }
            if answers.len() > MOST_ANSWERED || !self.readable()? {
                return None;
            }
            match self.tty.read(&mut chunk) {
                Ok(0) => return None,
                Ok(read) => answers.extend_from_slice(&chunk[..read]),
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
    }

    /// Whether the terminal has something to read before the deadline (`None`: it cannot be
    /// waited on).
    fn readable(&self) -> Option<bool> {
        loop {
            let left = self.deadline.saturating_duration_since(Instant::now());
            let timeout = Timespec::try_from(left).ok()?;
            let mut tty = [PollFd::new(&self.tty, PollFlags::IN)];
            match poll(&mut tty, Some(&timeout)) {
                Ok(ready) => return Some(ready > 0),
                Err(Errno::INTR) => {}
                Err(_) => return None,
            }
        }
    }
}

impl Drop for Question {
    fn drop(&mut self) {
        if !self.answered {
            let _ = self.read_answers();
        }
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// Whether a terminal of this `TERM` answers the questions in turn (as terminal-colorsaurus
/// judges: without `TERM` something is wrong).
fn answers_questions(term: Option<&str>) -> bool {
    match term {
        None | Some("dumb" | "screen" | "Eterm") => false,
        Some(term) => !term.starts_with("screen."),
    }
}

/// What the answers read so far tell.
#[derive(Debug, PartialEq, Eq)]
enum Told {
    /// The device attributes' answer has not come whole: there is more to read.
    NotYet,
    /// It has: the background's shade, if its answer came before it and reads as a colour.
    Whole(Option<Shade>),
}

fn told(answers: &[u8]) -> Told {
    let Some(attributes) = memmem::find(answers, ATTRIBUTES) else {
        return Told::NotYet;
    };
    let parameters = &answers[attributes + ATTRIBUTES.len()..];
    if parameters.iter().all(|b| b.is_ascii_digit() || *b == b';') {
        return Told::NotYet;
    }
    Told::Whole(background(&answers[..attributes]))
}

/// The shade of the background answered in `answers`, if it is there and reads as a colour.
fn background(answers: &[u8]) -> Option<Shade> {
    let colour = &answers[memmem::find(answers, BACKGROUND)? + BACKGROUND.len()..];
    let end = colour.iter().position(|b| matches!(b, 0x07 | 0x1b))?;
    let colour = xterm_color::Color::parse(&colour[..end]).ok()?;
    Some(if colour.perceived_lightness() > 0.5 {
        Shade::Light
    } else {
        Shade::Dark
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_background_is_told_once_the_attributes_have_come() {
        let light = b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c";
        assert_eq!(told(light), Told::Whole(Some(Shade::Light)));
        let dark = b"\x1b]11;rgb:1e1e/1e1e/2e2e\x07\x1b[?1;2c";
        assert_eq!(told(dark), Told::Whole(Some(Shade::Dark)));
        // Not yet whole: more is read.
        for cut in 1..light.len() {
            assert_eq!(told(&light[..cut]), Told::NotYet, "{cut}");
        }
    }

    #[test]
    fn a_terminal_that_knows_only_the_attributes_tells_no_background() {
        assert_eq!(told(b"\x1b[?62c"), Told::Whole(None));
        // Keys typed before the answers are passed over.
        assert_eq!(told(b"jj\x1b[A\x1b[?6c"), Told::Whole(None));
        let typed = b"j\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?6c";
        assert_eq!(told(typed), Told::Whole(Some(Shade::Light)));
        // An answer that is no colour tells nothing.
        assert_eq!(told(b"\x1b]11;nonsense\x07\x1b[?6c"), Told::Whole(None));
    }

    #[test]
    fn terminals_known_not_to_answer_in_turn_are_not_asked() {
        for term in [
            None,
            Some("dumb"),
            Some("screen"),
            Some("screen.xterm-256color"),
        ] {
            assert!(!answers_questions(term), "{term:?}");
        }
        for term in [
            "xterm-256color",
            "tmux-256color",
            "screen-256color",
            "alacritty",
        ] {
            assert!(answers_questions(Some(term)), "{term}");
        }
    }
}
