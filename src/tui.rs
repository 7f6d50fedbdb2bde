//! The terminal and the event loop: raw mode and the alternate screen, always given back.
//!
//! The terminal is restored on a normal exit, on an error, on a panic (a hook restores it before
//! the message is printed), on SIGTERM and SIGHUP (flags checked by the loop), and around Ctrl-Z
//! (the loop gives the terminal back, stops the process, and takes it again after `fg`).

use std::io::{self, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::{Action, App, update};
use crate::ui;

type Term = Terminal<CrosstermBackend<Stdout>>;

/// How often the loop wakes to check for signals when no event comes.
const TICK: Duration = Duration::from_millis(100);

/// Runs the reader until the user quits or a signal ends it; the terminal is restored after.
pub fn run(mut app: App) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    install_panic_hook();
    let mut terminal = enter()?;
    let result = event_loop(&mut terminal, &mut app, &stop);
    leave();
    result
}

fn enter() -> io::Result<Term> {
    terminal::enable_raw_mode()?;
    let mut stdout = io::stdout();
    if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableMouseCapture) {
        leave();
        return Err(e);
    }
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout))?;
    terminal.clear()?;
    Ok(terminal)
}

/// Gives the terminal back; safe to call more than once and when half set up.
pub fn leave() {
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
}

fn event_loop(terminal: &mut Term, app: &mut App, stop: &AtomicBool) -> io::Result<()> {
    let mut dirty = true;
    while !app.should_quit && !stop.load(Ordering::Relaxed) {
        if dirty {
            terminal.draw(|frame| ui::render(app, frame))?;
            dirty = false;
        }
        if !event::poll(TICK)? {
            continue;
        }
        if let Some(action) = action_for_event(app, &event::read()?) {
            update(app, action);
            dirty = true;
        }
        if app.suspend_requested {
            app.suspend_requested = false;
            suspend(terminal)?;
            let (width, height) = terminal::size()?;
            update(app, Action::Resize(width, height));
            dirty = true;
        }
    }
    Ok(())
}

fn action_for_event(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => app.action_for_key(key),
        Event::Resize(width, height) => Some(Action::Resize(*width, *height)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::Wheel(1)),
            MouseEventKind::ScrollUp => Some(Action::Wheel(-1)),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// Ctrl-Z: give the terminal back, stop until `fg`, then take it again.
fn suspend(terminal: &mut Term) -> io::Result<()> {
    leave();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    terminal.clear()
}
