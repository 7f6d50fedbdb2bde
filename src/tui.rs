//! The terminal and the event loop: raw mode and the alternate screen, always given back.
//!
//! The terminal is restored on a normal exit, on an error (set-up included), on a panic (a hook
//! restores it before the message is printed), on SIGINT, SIGQUIT, SIGTERM and SIGHUP (sent with
//! `kill`: in raw mode Ctrl-C is a key), when the terminal goes away, and around Ctrl-Z (the loop
//! gives the terminal back, stops the process, and takes it again after `fg`). A signal's exit
//! status is 128 + its number.
//!
//! Signals set a flag that the loop checks between events. A watchdog thread sets it too when
//! the terminal has gone without a hangup signal (it is no longer a terminal: writes fail with
//! EIO), since crossterm's event reading can then spin without returning (crossterm#793); a
//! second after the flag is set, if the loop has not ended, the watchdog restores what it can
//! and exits. A write that fails with EPIPE ends the reader as SIGPIPE would.

use std::io::IsTerminal;
use std::io::{self, BufWriter, Stdout, Write as _};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crossterm::clipboard::CopyToClipboard;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, MouseButton, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{self, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;
use ratatui::backend::Backend as _;
use ratatui::buffer::Buffer;

use crate::app::{Action, App, Arrival, Stored, ToTerminal, update};
use crate::editor::Edit;
use crate::effects::{self, Deferred, PositionWriter};
use crate::store::Store;
use crate::ui;
use backend::WideAware;
pub use question::Question;

mod backend;
mod question;

/// Frames go out through a buffer big enough for a whole frame, so that each is one write:
/// standard output alone flushes every 1 KiB, and a terminal (or tmux) that reads a frame in
/// twenty pieces parses and repaints it twenty times.
/// Never dropped: ratatui's `Drop` shows the cursor again and, when it cannot (the terminal
/// gone), says so with `eprintln!`, which panics on a dead stderr. `leave` gives the terminal
/// back instead; the buffers it leaves are a frame's, once per session.
type Term = std::mem::ManuallyDrop<Terminal<Backend>>;

/// What the reader draws through.
type Backend = WideAware<BufWriter<Stdout>>;

/// Room for a whole frame of a large terminal (a 250×70 screen of Japanese, with colours).
const FRAME_BUFFER: usize = 256 * 1024;

/// How often the loop wakes to check for signals when no event comes.
const TICK: Duration = Duration::from_millis(100);

/// How the reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A signal ended it (its number).
    Signal(i32),
}

/// How often the loop looks for work done on other threads while the app waits for some.
const AWAIT_TICK: Duration = Duration::from_millis(4);

/// How long the watchdog gives the loop to notice a signal before it exits for it.
const GRACE: Duration = Duration::from_secs(1);

/// How long without an event before the reader counts as idle (`Later::when_idle`): longer
/// than between two keys typed, or repeated by a held key.
const IDLE: Duration = Duration::from_millis(50);

/// The signals that end the reader, the terminal given back.
const ENDING: [i32; 4] = [
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
];

/// Work for other threads that the reader's loop starts: some once the first frame is drawn,
/// some only once the reader is idle (no event for `IDLE`) or an action waits for it, so that
/// the first keys do not share the machine with it.
#[derive(Default)]
pub struct Later {
    first_frame: Vec<Box<dyn FnOnce()>>,
    idle: Vec<Box<dyn FnOnce()>>,
}

impl Later {
    pub fn after_first_frame(&mut self, start: impl FnOnce() + 'static) {
        self.first_frame.push(Box::new(start));
    }

    pub fn when_idle(&mut self, start: impl FnOnce() + 'static) {
        self.idle.push(Box::new(start));
    }

    fn start(work: &mut Vec<Box<dyn FnOnce()>>) {
        for start in std::mem::take(work) {
            start();
        }
    }
}

/// Runs the reader until the user quits or a signal ends it; the terminal is restored after.
/// What other threads finish for the app comes through `arrivals`; `later` starts them.
pub fn run(
    mut app: App,
    store: Option<&Store>,
    (arrivals, later): (&Receiver<Arrival>, Later),
) -> io::Result<Ended> {
    let signal = watch_signals()?;
    install_panic_hook();
    let mouse = app.mouse;
    let (mut terminal, shown) = enter(mouse, |backend| draw_first(backend, &app).map(Some))?;
    keep_watch(signal);
    let behind = (arrivals, later);
    let result = event_loop(&mut terminal, &mut app, (store, behind), (signal, shown));
    leave();
    match (result, signalled(signal)) {
        (_, Some(number)) => Ok(Ended::Signal(number)),
        (Ok(()), None) => Ok(Ended::Quit),
        (Err(error), None) => gone(&error).map(Ended::Signal).ok_or(error),
    }
}

/// The flag that the ending signals set (to their number), their handlers set up once.
fn watch_signals() -> io::Result<&'static AtomicUsize> {
    static SIGNAL: OnceLock<Arc<AtomicUsize>> = OnceLock::new();
    if let Some(signal) = SIGNAL.get() {
        return Ok(signal);
    }
    let signal = Arc::new(AtomicUsize::new(0));
    for number in ENDING {
        let value = usize::try_from(number).unwrap_or(usize::MAX);
        signal_hook::flag::register_usize(number, Arc::clone(&signal), value)?;
    }
    Ok(SIGNAL.get_or_init(|| signal))
}

/// Starts the watchdog that ends the process if the flag is not acted on, once: when the
/// first frame is drawn (a thread takes a tenth of a millisecond to start), or a progress
/// screen shows.
fn keep_watch(signal: &'static AtomicUsize) {
    static WATCHED: std::sync::Once = std::sync::Once::new();
    WATCHED.call_once(|| spawn_watchdog(signal));
}

/// The signal that asked the process to end, if one has.
fn signalled(signal: &AtomicUsize) -> Option<i32> {
    match signal.load(Ordering::Relaxed) {
        0 => None,
        number => Some(i32::try_from(number).unwrap_or(signal_hook::consts::SIGTERM)),
    }
}

/// The signal to end with when `error` says the terminal has gone: SIGPIPE for a broken pipe,
/// SIGHUP when standard output is no longer a terminal (a hangup); `None` for other errors.
fn gone(error: &io::Error) -> Option<i32> {
    if error.kind() == io::ErrorKind::BrokenPipe {
        Some(signal_hook::consts::SIGPIPE)
    } else if !io::stdout().is_terminal() {
        Some(signal_hook::consts::SIGHUP)
    } else {
        None
    }
}

/// How a progress screen tells how far its work has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Told {
    /// By the share of it done, which the work reports (an alignment); shown at once.
    Share,
    /// By the time it has run, for work that cannot tell (reading a file); shown only once it
    /// has run longer than `QUIET`, so that quick work never flashes a screen.
    Time,
}

/// How long work that cannot tell how far it has got runs before its progress screen shows.
const QUIET: Duration = Duration::from_millis(200);

/// Runs `work` on another thread while the terminal shows `label` and how far the work has
/// got (`Told`: what it passes to its report, 0–1, or the time so far), redrawn as it moves and
/// on a resize; `q`, Esc and Ctrl-C quit at once (the work only reads files, so nothing is
/// lost), and so do the signals that end the reader, before the screen shows as well. The
/// terminal is given back before the work's result is returned.
pub fn with_progress<T: Send>(
    label: &str,
    told: Told,
    work: impl FnOnce(crate::align::Report) -> T + Send,
) -> io::Result<T> {
    let signal = watch_signals()?;
    keep_watch(signal);
    install_panic_hook();
    let permille = &AtomicU32::new(0);
    let started = Instant::now();
    std::thread::scope(|scope| {
        let (done, finished) = std::sync::mpsc::channel();
        let worker = scope.spawn(move || {
            let report = |share: f64| {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                permille.store((share.clamp(0.0, 1.0) * 1000.0) as u32, Ordering::Relaxed);
            };
            let result = work(&report);
            // The screen may be gone already (the work ended quickly).
            let _ = done.send(());
            result
        });
        let quiet = if told == Told::Time {
            QUIET
        } else {
            Duration::ZERO
        };
        let quick = finished.recv_timeout(quiet).is_ok();
        if let Some(number) = signalled(signal) {
            std::process::exit(128 + number);
        }
        if !quick {
            let progress = || match told {
                Told::Share => ui::Progress::Done(permille.load(Ordering::Relaxed)),
                Told::Time => ui::Progress::Running(started.elapsed()),
            };
            show_progress(label, progress, signal, || worker.is_finished());
        }
        worker
            .join()
            .map_err(|_| io::Error::other("the work before the reader failed"))
    })
}

/// Shows the progress screen until `finished`; quitting, a signal or a terminal that fails ends
/// the process at once (waiting for the work to finish would leave the user before a blank
/// screen), the terminal given back first.
fn show_progress(
    label: &str,
    progress: impl Fn() -> ui::Progress,
    signal: &AtomicUsize,
    finished: impl Fn() -> bool,
) {
    let shown = (|| -> io::Result<Option<i32>> {
        let (mut terminal, _) = enter(false, |_| Ok(None))?;
        while !finished() {
            if let Some(number) = signalled(signal) {
                return Ok(Some(128 + number));
            }
            terminal.draw(|frame| ui::progress(frame, label, progress()))?;
            if event::poll(TICK)?
                && let Some(code) = wants_out(&event::read()?)
            {
                return Ok(Some(code));
            }
        }
        Ok(None)
    })();
    leave();
    match shown {
        Ok(None) => {}
        Ok(Some(code)) => std::process::exit(code),
        Err(error) => {
            if let Some(number) = signalled(signal).or_else(|| gone(&error)) {
                std::process::exit(128 + number);
            }
            // As `cli::say` words it (the reader's caller, which this cannot wait to return to).
            let message = crate::text::sanitize(&error.to_string());
            let _ = writeln!(io::stderr(), "taiyaku: terminal: {message}");
            std::process::exit(1);
        }
    }
}

/// The exit status if a key asks to quit while work runs (or a signal ends it: 128 + its
/// number): `q` or Esc (0), Ctrl-C (130, as for an interrupt).
fn wants_out(event: &Event) -> Option<i32> {
    let Event::Key(key) = event else {
        return None;
    };
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let control = key.modifiers.contains(event::KeyModifiers::CONTROL);
    match key.code {
        event::KeyCode::Char('c') if control => Some(130),
        event::KeyCode::Char('q') | event::KeyCode::Esc => Some(0),
        _ => None,
    }
}

/// Waits for the flag (setting it to SIGHUP itself if the terminal goes away), then gives the
/// loop `GRACE` to end before it restores the terminal and exits for it.
fn spawn_watchdog(signal: &'static AtomicUsize) {
    let hangup = usize::try_from(signal_hook::consts::SIGHUP).unwrap_or(1);
    let had_terminal = io::stdout().is_terminal();
    std::thread::spawn(move || {
        while signal.load(Ordering::Relaxed) == 0 {
            std::thread::sleep(TICK);
            if had_terminal && !io::stdout().is_terminal() {
                let _ = signal.compare_exchange(0, hangup, Ordering::Relaxed, Ordering::Relaxed);
            }
        }
        std::thread::sleep(GRACE);
        leave();
        let number = signalled(signal).unwrap_or(signal_hook::consts::SIGHUP);
        std::process::exit(128 + number);
    });
}

/// Takes the terminal: raw mode, the alternate screen, and the mouse if `mouse`. What `first`
/// draws on the blank screen before ratatui's `Terminal` is made, the frame it returns, is what
/// the `Terminal` takes for on screen, if its size is still the screen's (else the screen is
/// cleared again); whether it is.
fn enter(
    mouse: bool,
    first: impl FnOnce(&mut Backend) -> io::Result<Option<Buffer>>,
) -> io::Result<(Term, bool)> {
    let entered = terminal::enable_raw_mode()
        .and_then(|()| {
            execute!(
                io::stdout(),
                EnterAlternateScreen,
                Clear(ClearType::All),
                EnableBracketedPaste
            )
        })
        .and_then(|()| {
            if mouse {
                execute!(io::stdout(), EnableMouseCapture)
            } else {
                Ok(())
            }
        })
        .and_then(|()| {
            let mut backend = WideAware::new(BufWriter::with_capacity(FRAME_BUFFER, io::stdout()));
            let drawn = first(&mut backend)?;
            let mut terminal = Terminal::new(backend)?;
            let shown = match drawn {
                Some(mut drawn) if drawn.area == terminal.current_buffer_mut().area => {
                    std::mem::swap(terminal.current_buffer_mut(), &mut drawn);
                    terminal.swap_buffers();
                    true
                }
                Some(_) => {
                    execute!(io::stdout(), Clear(ClearType::All))?;
                    false
                }
                None => false,
            };
            Ok((std::mem::ManuallyDrop::new(terminal), shown))
        });
    if entered.is_err() {
        leave();
    }
    entered
}

/// The app's first frame, drawn into a buffer of its own and written as what differs from the
/// blank screen: sooner than through a `Terminal`, whose two screen-sized buffers take as long
/// to make as the frame takes to draw.
fn draw_first(backend: &mut Backend, app: &App) -> io::Result<Buffer> {
    let mut frame = Buffer::empty(app.area());
    let cursor = ui::draw(app, &mut frame);
    backend.draw(backend::against_blank(&frame))?;
    match cursor {
        Some(position) => {
            backend.show_cursor()?;
            backend.set_cursor_position(position)?;
        }
        None => backend.hide_cursor()?,
    }
    ratatui::backend::Backend::flush(backend)?;
    Ok(frame)
}

/// Forgets what ratatui believes is on screen, so that the next frame is drawn whole. Unlike
/// `Terminal::clear` it asks the terminal nothing (no cursor-position query to wait on).
fn forget_screen(terminal: &mut Term) -> io::Result<()> {
    execute!(io::stdout(), Clear(ClearType::All))?;
    terminal.draw(|_| {})?;
    Ok(())
}

/// Gives the terminal back; safe to call more than once and when half set up.
pub fn leave() {
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
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

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    (store, behind): (Option<&Store>, (&Receiver<Arrival>, Later)),
    signal: (&AtomicUsize, bool),
) -> io::Result<()> {
    let (mut deferred, mut writer) = (Deferred::default(), PositionWriter::new(store));
    let positions = (&mut deferred, &mut writer);
    let result = run_loop(terminal, app, (store, behind), signal, positions);
    // Whatever ended the loop, the last reading position is kept (the last action's too).
    save_now(app, store, (&mut deferred, &mut writer));
    result
}

/// Carries out what is asked and saves the reading positions kept, due or not, waiting until
/// they are written.
fn save_now(
    app: &mut App,
    store: Option<&Store>,
    (deferred, writer): (&mut Deferred, &mut PositionWriter),
) {
    carry_out_effects(app, store, deferred);
    if let Some(batch) = deferred.take_if_due(Instant::now(), true) {
        writer.write(batch);
    }
    for stored in writer.finish() {
        update(app, Action::Stored(stored));
    }
}

/// Draws (unless the first frame is `shown` already), then does what the action asked to save
/// (reading positions deferred, and written on another thread once due), then waits for the
/// next event or for the positions to be due.
fn run_loop(
    terminal: &mut Term,
    app: &mut App,
    (store, (arrivals, mut later)): (Option<&Store>, (&Receiver<Arrival>, Later)),
    (signal, shown): (&AtomicUsize, bool),
    (deferred, writer): (&mut Deferred, &mut PositionWriter),
) -> io::Result<()> {
    if !shown {
        draw(terminal, app)?;
    }
    Later::start(&mut later.first_frame);
    let mut last_event = Instant::now();
    let mut dirty = false;
    while !app.should_quit && signal.load(Ordering::Relaxed) == 0 {
        if dirty {
            draw(terminal, app)?;
            dirty = false;
        }
        tell_terminal(terminal, app)?;
        dirty |= carry_out_effects(app, store, deferred);
        let now = Instant::now();
        if let Some(batch) = deferred.take_if_due(now, false) {
            writer.write(batch);
        }
        dirty |= positions_written(app, writer);
        dirty |= take_arrivals(app, arrivals);
        if app.waits_to_act() || now.duration_since(last_event) >= IDLE {
            Later::start(&mut later.idle);
        }
        let wait = deferred.due_in(now).map_or(TICK, |due| due.min(TICK));
        // Something to draw is drawn before waiting for the next event.
        let wait = if app.is_busy() || dirty {
            Duration::ZERO
        } else if app.awaited.any() {
            wait.min(AWAIT_TICK)
        } else {
            wait
        };
        if !event::poll(wait)? {
            if app.is_busy() {
                update(app, Action::Idle);
                dirty = true;
            }
            continue;
        }
        let event = event::read()?;
        last_event = Instant::now();
        if matches!(event, Event::Resize(..)) {
            // The terminal may have cut what it showed, though the size comes back to the one
            // drawn at (which ratatui would take for an unchanged screen) before a frame.
            forget_screen(terminal)?;
        }
        if let Some(action) = action_for_event(app, &event) {
            update(app, action);
            dirty = true;
        }
        if app.suspend_requested {
            app.suspend_requested = false;
            save_now(app, store, (deferred, writer));
            suspend(terminal, app.mouse)?;
            let (width, height) = terminal::size()?;
            update(app, Action::Resize(width, height));
            dirty = true;
        }
    }
    Ok(())
}

/// Draws the app; a frame whose size is not the one the app laid out for (a resize it was not
/// told of: a terminal's signals for two quick resizes may come as one event, read before the
/// second) tells the app the size there is and is drawn again.
fn draw(terminal: &mut Term, app: &mut App) -> io::Result<()> {
    let mut size = (app.width, app.height);
    terminal.draw(|frame| {
        size = (frame.area().width, frame.area().height);
        ui::render(app, frame);
    })?;
    if size != (app.width, app.height) {
        update(app, Action::Resize(size.0, size.1));
        terminal.draw(|frame| ui::render(app, frame))?;
    }
    Ok(())
}

/// Saves what the last action asked to save, but for reading positions (kept in `deferred`),
/// and tells the app how it went; whether anything was carried out.
fn carry_out_effects(app: &mut App, store: Option<&Store>, deferred: &mut Deferred) -> bool {
    let mut any = false;
    while !app.effects.is_empty() {
        for effect in std::mem::take(&mut app.effects) {
            if let Some(effect) = deferred.defer(effect) {
                update(app, Action::Stored(effects::perform(store, effect)));
                any = true;
            }
        }
    }
    any
}

/// Tells the app what became of the reading positions written since it was last told; whether
/// that changes what it shows (a failure does, on the status bar).
fn positions_written(app: &mut App, writer: &mut PositionWriter) -> bool {
    let mut failed = false;
    for stored in writer.written() {
        failed |= matches!(stored, Stored::Position(Err(_)));
        update(app, Action::Stored(stored));
    }
    failed
}

/// Hands the app what other threads have finished; whether that changes the screen. A thread
/// that ended without sending what the app waits for ends the reader (its error is reported
/// after).
fn take_arrivals(app: &mut App, arrivals: &Receiver<Arrival>) -> bool {
    let mut seen = false;
    while app.awaited.any() {
        let arrival = match arrivals.try_recv() {
            Ok(arrival) => arrival,
            Err(TryRecvError::Empty) => break,
            Err(TryRecvError::Disconnected) => Arrival::Failed,
        };
        seen |= app.is_seen(&arrival);
        update(app, Action::Arrived(Box::new(arrival)));
    }
    seen
}

fn action_for_event(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => app.action_for_key(key),
        Event::Resize(width, height) => Some(Action::Resize(*width, *height)),
        // Pasted text goes into an open prompt at once, not key by key (nothing else takes it).
        Event::Paste(text) => Some(Action::Edit(Edit::Paste(text.clone()))),
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

/// Ctrl-Z: give the terminal back, stop until `fg`, then take it again (the mouse too, if
/// the reader had it).
fn suspend(terminal: &mut Term, mouse: bool) -> io::Result<()> {
    leave();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    forget_screen(terminal)
}

/// Writes what the app asked to tell the terminal (the clipboard, the mouse), after the frame
/// that says so.
fn tell_terminal(terminal: &mut Term, app: &mut App) -> io::Result<()> {
    for request in std::mem::take(&mut app.to_terminal) {
        let out = terminal.backend_mut();
        match request {
            ToTerminal::Clipboard(text) => {
                execute!(out, CopyToClipboard::to_clipboard_from(text))?;
            }
            ToTerminal::MouseCapture(true) => execute!(out, EnableMouseCapture)?,
            ToTerminal::MouseCapture(false) => execute!(out, DisableMouseCapture)?,
        }
    }
    Ok(())
}
