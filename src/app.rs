//! The state machine: one `App`, the `Action`s it takes, and `update`, the one place it changes.
//!
//! Screens and transitions:
//!
//! - **Library** — `open` → Reader (of the selected article, where it was left); `bookmarks` →
//!   Bookmarks; `headings` toggles the list and the comparison of titles; `filter` opens a
//!   prompt; `sort`; `remove` asks yes/no for an imported article; `back` clears the filter,
//!   else exits; `quit` exits.
//! - **Reader** — `search` → the search prompt (Enter keeps the matches, Esc restores the
//!   view); `command_line` → the `:` prompt; `bookmark_with_note` → the note prompt;
//!   `headings` → Headings; `bookmarks` → Bookmarks; `back` clears the search if there is one,
//!   else returns to the Library when the article was opened from it, else exits; `quit` exits;
//!   `suspend` asks the event loop to stop the process until `fg`.
//! - **Bookmarks** — `open` → Reader at the passage; `edit_note` → the note prompt; `filter`;
//!   `remove` / `undo`; `jump_back` → Reader, where its last jump came from (`''`); `back`
//!   clears the filter, else returns to the screen below.
//! - **Headings** — `open` → Reader at the heading; `filter`; `back` clears the filter, else
//!   returns to the Reader.
//!
//! Keys reach a screen through its keymap, which reads counts (`10j`) and key sequences (`g g`)
//! as they are typed; what waits for more is `App::pending`.
//!
//! Over any screen, one `Overlay` at a time takes every key: the help (`close` → the screen
//! below; `quit` exits), a prompt (typing; Enter submits, Esc cancels) or a yes/no question.
//!
//! Every screen takes `Resize`; lists and the reader take the mouse wheel and clicks, placed by
//! the screen's `areas`, which drawing uses too. Disk writes are asked for as `Effect`s, which
//! the event loop carries out and answers with `Action::Stored`. After every action the
//! reader's visible rows are recomputed here, so drawing only reads.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use crate::article::{Article, HeadingField, Side};
use crate::bookmarks::{Bookmarks, Change, Positions};
use crate::config::Config;
use crate::editor::{Edit, LineEditor};
use crate::keymap::{Command, Context, Key, Pending, Typed};
use crate::layout::{
    Geometry, Layout, MIN_SIDE_BY_SIDE_WIDTH, Mode, Position, Row, Unit, measured_width,
};
pub use search::Search;

pub mod areas;
mod arrival;
mod bookmarks;
mod command_line;
mod copy;
mod corrections;
mod goto;
mod headings;
mod jumps;
mod library;
mod list;
mod measure;
mod overlay;
mod reader;
mod search;
mod sentence;
mod storage;

pub use areas::MARGIN;
pub use arrival::{Arrival, Awaited, Preview};
pub use bookmarks::{BookmarkList, visible as visible_bookmarks};
pub use command_line::CommandLine;
pub use copy::{MAX_COPY_BYTES, ToTerminal};
pub use headings::{
    credit_lines, row_height, screen_areas as headings_areas, shown as shown_headings,
};
pub use jumps::{Jumps, Place};
pub use list::{ListView, Step};
pub use overlay::help_rows;
pub use sentence::{Lit, SentenceCursor};
pub use storage::{Effect, Stored};

/// Below this the reader shows "terminal too small" instead of a broken screen.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;
/// Rows a wheel notch scrolls.
const WHEEL_ROWS: isize = 3;

/// Everything that can happen to the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A command, with the count typed before it (`App::pending`).
    Command(Command),
    /// Keys typed towards a command (a count, the start of a key sequence): `command` runs if
    /// they complete one, with the count typed before it; then `pending` is what waits.
    Keys {
        command: Option<Command>,
        pending: Pending,
    },
    /// Typing in the open prompt.
    Edit(Edit),
    /// Tab (1) or Shift-Tab (-1) in the open prompt: the next or previous completion.
    Complete(isize),
    /// ↑ (-1) or ↓ (1) in the open prompt: an older or a newer line of its history.
    Recall(isize),
    Submit,
    Cancel,
    /// The answer to a yes/no question.
    Confirm(bool),
    /// What became of an `Effect` the event loop carried out.
    Stored(Stored),
    Resize(u16, u16),
    /// Mouse wheel notches, down positive.
    Wheel(isize),
    /// A click at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    /// No event is waiting: carry on with work under way (`App::is_busy`).
    Idle,
    /// Work done on another thread (see `arrival`).
    Arrived(Box<Arrival>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
    Bookmarks,
    Headings,
}

/// What is drawn over the screen and takes every key while it is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The help, scrolled by this many lines.
    Help {
        scroll: usize,
    },
    Prompt(Prompt),
    /// "Remove this imported article (by id) from the library?"
    ConfirmRemoval(String),
}

/// A one-line text field at the bottom of the screen, and what its text is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub purpose: Purpose,
    pub editor: LineEditor,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Search,
    /// The `:` command line, and where its completion and history browsing are.
    Command(CommandLine),
    /// A note for a bookmark.
    Note(NoteFor),
    /// Narrowing the list of the screen it was opened on, whose filter was `before` (Esc puts
    /// it back).
    Filter {
        screen: Screen,
        before: String,
    },
}

/// Which bookmark a note prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteFor {
    /// This one (by id).
    Bookmark(String),
    /// A new bookmark on this block of the open article (on this sentence pair of it, when
    /// given).
    NewOnBlock(usize, Option<usize>),
}

/// The list of articles to open.
#[derive(Debug, Clone)]
pub struct Library {
    pub articles: Vec<Article>,
    /// Rows of the shown list (see `Library::shown`).
    pub list: ListView,
    pub sort: Sort,
    /// Showing the comparison of English and Japanese titles instead of the list.
    pub titles: bool,
}

/// How the library is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Newest first.
    #[default]
    Date,
    Title,
}

impl Library {
    /// The articles shown, in order: indexes into `articles`, sorted and filtered.
    pub fn shown(&self) -> Vec<usize> {
        let needle = crate::search::fold_query(&self.list.filter);
        let mut shown: Vec<usize> = (0..self.articles.len())
            .filter(|&i| {
                let article = &self.articles[i];
                let titles = article.headings.title.joined();
                let text = format!(
                    "{}\n{}",
                    article.display_title(),
                    titles.unwrap_or_default()
                );
                needle.is_empty() || crate::search::fold_query(&text).contains(&needle)
            })
            .collect();
        match self.sort {
            Sort::Date => shown.sort_by(|&a, &b| {
                let date = |i: usize| self.articles[i].headings.date_iso.as_deref();
                date(b).cmp(&date(a))
            }),
            Sort::Title => shown.sort_by_key(|&i| self.articles[i].display_title().to_lowercase()),
        }
        shown
    }

    /// The selected article, if the list shows any.
    pub fn selected_article(&self) -> Option<&Article> {
        self.shown()
            .get(self.list.selected)
            .map(|&i| &self.articles[i])
    }
}

/// An open article and the reader's place in it.
#[derive(Debug, Clone)]
pub struct Reader {
    pub article: Article,
    pub layout: Layout,
    /// The layout the user chose; side by side may be shown stacked when the window is narrow.
    pub mode: Mode,
    /// The layout the article opens in when none was chosen for it: the config's, or the
    /// single pane of the one language it has (`opening_mode`).
    pub default_mode: Mode,
    /// The layout whose choice was last saved with the position.
    saved_mode: Mode,
    pub top: Position,
    /// The current paragraph: a unit index.
    pub cursor: usize,
    pub search: Search,
    /// The sentence cursor, when it is on: a sentence of the current paragraph.
    pub sentence: Option<SentenceCursor>,
    /// Sentence rows are on (see `Geometry::sentence_rows`).
    pub sentence_rows: bool,
    /// The corrections made in this reading, for undo and redo.
    history: corrections::History,
    /// Where jumps came from, for `''`, Ctrl-O and Ctrl-I.
    pub jumps: Jumps,
    /// The rows half a page scrolls, once a count has set them (as in vim and less).
    pub half_page: Option<usize>,
    /// The rows on screen, recomputed after every action.
    pub rows: Vec<Row>,
    /// Blocks that carry a bookmark, in order, recomputed when bookmarks change.
    pub bookmarked: Vec<usize>,
    /// The block whose position was last saved.
    saved_block: Option<usize>,
    /// True when the last row of the document is on screen.
    pub at_end: bool,
    pub from_library: bool,
}

impl Reader {
    /// Scrolls just enough to show `target` (a unit's start shows its whole first screen).
    pub(crate) fn reveal(&mut self, target: Position, height: usize) {
        let distance = self
            .layout
            .distance(&self.article, self.top, target, height);
        let unit_rows = self.layout.unit_height(&self.article, target.unit);
        let fits = distance
            .is_some_and(|d| d >= 0 && d + to_isize(unit_rows.min(height)) <= to_isize(height));
        if !fits {
            self.top = target;
        }
    }

    /// The block the cursor is on; `None` in the article's own headings (the title block).
    pub fn current_block(&self) -> Option<usize> {
        match self.layout.unit(self.cursor) {
            Unit::Block(block) => Some(block),
            Unit::Heading(_) => None,
        }
    }
}

/// The whole state of the program.
#[derive(Debug, Clone)]
pub struct App {
    pub screen: Screen,
    pub library: Library,
    pub reader: Option<Reader>,
    /// The help, a prompt or a question, over the screen.
    pub overlay: Option<Overlay>,
    pub config: Config,
    /// The widest a pane's lines get, in cells (0: the whole window): the config's `measure`
    /// until the reader's keys or `:set measure` change it.
    pub measure: usize,
    pub width: u16,
    pub height: u16,
    /// A one-line message for the status bar, cleared by the next action.
    pub message: Option<String>,
    /// A count or the start of a key sequence, typed and waiting for the rest.
    pub pending: Pending,
    /// The command lines entered in this session, the last last (↑ recalls them).
    pub command_history: Vec<String>,
    pub bookmarks: Bookmarks,
    pub positions: Positions,
    pub bookmark_list: BookmarkList,
    /// The headings screen's rows.
    pub headings: ListView,
    /// Work for the event loop (writes to disk); it answers with `Action::Stored`.
    pub effects: Vec<Effect>,
    /// What the event loop is to tell the terminal after the next frame (the clipboard, the
    /// mouse).
    pub to_terminal: Vec<ToTerminal>,
    /// The mouse is reported to the app; when off, the terminal selects text itself.
    pub mouse: bool,
    /// Bookmark changes not yet known to be on disk: sent again with the next save.
    pub unsaved: Vec<Change>,
    /// Ids of the library's articles that were imported (and so can be removed).
    pub imported: Vec<String>,
    /// What other threads are still working on (see `arrival`).
    pub awaited: Awaited,
    /// An action that needs what is awaited, carried out when it arrives.
    held: Option<Action>,
    pub should_quit: bool,
    pub suspend_requested: bool,
}

impl App {
    /// The library of `articles`, or the reader on `opened` when a file was given.
    pub fn new(
        config: Config,
        articles: Vec<Article>,
        opened: Option<Article>,
        size: (u16, u16),
    ) -> Self {
        let mouse = config.mouse;
        let mut app = App {
            screen: Screen::Library,
            library: Library {
                articles,
                list: ListView::default(),
                sort: Sort::Date,
                titles: false,
            },
            reader: None,
            overlay: None,
            measure: config.measure,
            config,
            width: size.0,
            height: size.1,
            message: None,
            pending: Pending::default(),
            command_history: Vec::new(),
            bookmarks: Bookmarks::default(),
            positions: Positions::default(),
            bookmark_list: BookmarkList::default(),
            headings: ListView::default(),
            effects: Vec::new(),
            to_terminal: Vec::new(),
            mouse,
            unsaved: Vec::new(),
            imported: Vec::new(),
            awaited: Awaited::default(),
            held: None,
            should_quit: false,
            suspend_requested: false,
        };
        if let Some(article) = opened {
            app.open(article, false);
        }
        app
    }

    /// Adds what was saved on disk: bookmarks, reading positions and imported articles.
    #[must_use]
    pub fn with_saved(
        mut self,
        bookmarks: Bookmarks,
        positions: Positions,
        imported: Vec<Article>,
    ) -> Self {
        self.merge_imported(imported);
        self.with_marks(bookmarks, positions)
    }

    /// Adds the bookmarks and reading positions saved on disk.
    #[must_use]
    pub fn with_marks(mut self, bookmarks: Bookmarks, positions: Positions) -> Self {
        self.bookmarks = bookmarks;
        self.positions = positions;
        if let Some(reader) = self.reader.take() {
            // Reopen, now that its position and bookmarks are known.
            self.open(reader.article, reader.from_library);
        }
        self
    }

    /// Makes the library of the `bundled` articles and the `imported` ones.
    pub fn add_library(&mut self, bundled: Vec<Article>, imported: Vec<Article>) {
        self.library.articles = bundled;
        self.merge_imported(imported);
    }

    /// Adds the imported articles to the library's (see `library::merge`).
    fn merge_imported(&mut self, imported: Vec<Article>) {
        let listed = std::mem::take(&mut self.library.articles);
        for (origin, article) in crate::library::merge(listed, imported) {
            if origin == crate::library::Origin::Imported {
                self.imported.push(article.id.clone());
            }
            self.library.articles.push(article);
        }
    }

    /// The whole terminal.
    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.width, self.height)
    }

    /// Which key table applies now.
    pub fn context(&self) -> Context {
        match self.overlay {
            Some(Overlay::Help { .. }) => Context::Help,
            _ => self.screen_context(),
        }
    }

    /// The screen's own key table (the one the help describes).
    pub fn screen_context(&self) -> Context {
        match self.screen {
            Screen::Library => Context::Library,
            Screen::Reader => Context::Reader,
            Screen::Bookmarks => Context::Bookmarks,
            Screen::Headings => Context::Headings,
        }
    }

    /// The help's scroll offset, when it is open.
    pub fn help_scroll(&self) -> Option<usize> {
        match self.overlay {
            Some(Overlay::Help { scroll }) => Some(scroll),
            _ => None,
        }
    }

    /// The open prompt, if one takes typing.
    pub fn prompt(&self) -> Option<&Prompt> {
        match &self.overlay {
            Some(Overlay::Prompt(prompt)) => Some(prompt),
            _ => None,
        }
    }

    /// True while a prompt takes typing.
    pub fn is_typing(&self) -> bool {
        self.prompt().is_some()
    }

    /// The imported article the user is being asked to remove.
    pub fn removal_asked(&self) -> Option<&str> {
        match &self.overlay {
            Some(Overlay::ConfirmRemoval(id)) => Some(id),
            _ => None,
        }
    }

    /// Opens a prompt for `purpose`, starting from `text`.
    fn ask(&mut self, purpose: Purpose, text: &str) {
        self.overlay = Some(Overlay::Prompt(Prompt {
            purpose,
            editor: LineEditor::with_text(text),
        }));
    }

    /// The list a screen filters.
    fn filtered_list(&mut self, screen: Screen) -> &mut ListView {
        match screen {
            Screen::Headings => &mut self.headings,
            Screen::Bookmarks => &mut self.bookmark_list.list,
            Screen::Library | Screen::Reader => &mut self.library.list,
        }
    }

    /// Opens the filter prompt of a screen's list, starting from its filter.
    fn ask_filter(&mut self, screen: Screen) {
        let before = self.filtered_list(screen).filter.clone();
        let purpose = Purpose::Filter {
            screen,
            before: before.clone(),
        };
        self.ask(purpose, &before);
    }

    /// What a key press means now. The overlay, if one is open, takes every key: a question
    /// takes an answer, a prompt takes typing, the help its own keys; else the screen's keys,
    /// with the count and the key sequence typed before (`App::pending`).
    pub fn action_for_key(&self, event: &KeyEvent) -> Option<Action> {
        let plain = !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match self.overlay {
            Some(Overlay::ConfirmRemoval(_)) => Some(Action::Confirm(
                matches!(event.code, KeyCode::Char('y' | 'Y')) && plain,
            )),
            Some(Overlay::Prompt(_)) => match event.code {
                KeyCode::Enter => Some(Action::Submit),
                KeyCode::Esc => Some(Action::Cancel),
                KeyCode::Char('c') if !plain => Some(Action::Cancel),
                KeyCode::Backspace => Some(Action::Edit(Edit::Backspace)),
                KeyCode::Delete => Some(Action::Edit(Edit::Delete)),
                KeyCode::Left => Some(Action::Edit(Edit::Left)),
                KeyCode::Right => Some(Action::Edit(Edit::Right)),
                KeyCode::Home => Some(Action::Edit(Edit::Home)),
                KeyCode::End => Some(Action::Edit(Edit::End)),
                KeyCode::Tab => Some(Action::Complete(1)),
                KeyCode::BackTab => Some(Action::Complete(-1)),
                KeyCode::Up => Some(Action::Recall(-1)),
                KeyCode::Down => Some(Action::Recall(1)),
                KeyCode::Char(c) if plain => Some(Action::Edit(Edit::Insert(c))),
                _ => None,
            },
            Some(Overlay::Help { .. }) | None => {
                let key = Key::from_event(event);
                if key == Key::QUIT {
                    // Whatever waits (a count, the start of a sequence): Ctrl-c quits.
                    return Some(Action::Command(Command::Quit));
                }
                match self
                    .config
                    .keymap
                    .resolve(self.context(), &self.pending, key)
                {
                    Typed::Run(command, pending) if pending == Pending::default() => {
                        Some(Action::Command(command))
                    }
                    Typed::Run(command, pending) => Some(Action::Keys {
                        command: Some(command),
                        pending,
                    }),
                    Typed::Wait(pending) => Some(Action::Keys {
                        command: None,
                        pending,
                    }),
                    Typed::Nothing => None,
                }
            }
        }
    }

    /// Rows available to the reader's panes.
    pub fn pane_height(&self) -> usize {
        usize::from(areas::reader(self.area()).panes.height).max(1)
    }

    /// Whether there is work under way (a search) for `Action::Idle` to carry on.
    pub fn is_busy(&self) -> bool {
        search::is_busy(self)
    }

    pub fn is_too_small(&self) -> bool {
        self.width < MIN_WIDTH || self.height < MIN_HEIGHT
    }

    /// The cells across the window the reader's text could take: all but the margin.
    fn room(&self) -> usize {
        usize::from(self.width.saturating_sub(MARGIN)).max(1)
    }

    /// The geometry the reader lays out for now: the window's width, or less where the
    /// measure is narrower (`areas::Columns` centres the panes in the window).
    pub fn geometry(&self, chosen: Mode, sentence_rows: bool) -> Geometry {
        let room = self.room();
        let mode = if chosen.is_side_by_side() && usize::from(self.width) < MIN_SIDE_BY_SIDE_WIDTH {
            Mode::Stacked
        } else {
            chosen
        };
        Geometry {
            width: measured_width(room, mode, self.measure),
            mode,
            policy: self.config.ambiguous,
            sentence_rows,
            ruby: self.config.ruby,
        }
    }

    /// Opens an article in the reader, where it was left (or at `block` when given), in the
    /// layout chosen for it, else in its default (`opening_mode`).
    fn open_at(&mut self, article: Article, from_library: bool, block: Option<usize>) {
        let saved = self.positions.positions.get(&article.id);
        let default_mode = opening_mode(&article, self.config.layout);
        let mode = saved
            .and_then(crate::bookmarks::SavedPosition::layout)
            .unwrap_or(default_mode);
        let already_open = self
            .reader
            .as_ref()
            .is_some_and(|reader| reader.article.id == article.id);
        if mode == default_mode && default_mode != self.config.layout && !already_open {
            self.message = Some(format!(
                "this article has {} text only: one pane",
                mode.sides()[0].language_name()
            ));
        }
        let sentence_rows = self.config.sentence_rows;
        let layout = Layout::new(&article, self.geometry(mode, sentence_rows));
        let left_at = self
            .positions
            .positions
            .get(&article.id)
            .map(|saved| saved.block_in(&article));
        let cursor = block
            .or(left_at)
            .and_then(|b| layout.unit_of_block(b))
            .or_else(|| first_block_unit(&layout))
            .unwrap_or(0);
        let top = if block.or(left_at).is_some() {
            Position::at_unit(cursor)
        } else {
            Position::default()
        };
        let bookmarked = self.bookmarks.bookmarked_blocks(&article);
        self.reader = Some(Reader {
            article,
            layout,
            mode,
            default_mode,
            saved_mode: mode,
            top,
            cursor,
            search: Search::default(),
            sentence: None,
            sentence_rows,
            history: corrections::History::default(),
            jumps: Jumps::default(),
            half_page: None,
            rows: Vec::new(),
            bookmarked,
            saved_block: left_at,
            at_end: false,
            from_library,
        });
        self.screen = Screen::Reader;
        self.refresh_view();
    }

    fn open(&mut self, article: Article, from_library: bool) {
        self.open_at(article, from_library, None);
    }

    /// Recomputes the reader's rows for the current size and position.
    fn refresh_view(&mut self) {
        let height = self.pane_height();
        let geometry = self
            .reader
            .as_ref()
            .map(|r| self.geometry(r.mode, r.sentence_rows));
        let (Some(reader), Some(geometry)) = (self.reader.as_mut(), geometry) else {
            return;
        };
        let sides_before = reader.layout.geometry().mode.sides();
        reader.layout.set_geometry(geometry);
        if reader.layout.geometry().mode.sides() != sides_before && !reader.search.query.is_empty()
        {
            // Matches are of the languages on screen: a change of them changes the matches.
            search::refresh(reader);
        }
        // The end of the document is looked for only when the view reaches it: a long last
        // paragraph is not wrapped to its end to draw its start.
        reader.top = reader.layout.clamp(&reader.article, reader.top);
        reader.rows = reader.layout.rows(&reader.article, reader.top, height);
        let reaches_end = reader.rows.len() < height
            || reader
                .rows
                .last()
                .is_some_and(|row| reader.layout.is_last(&reader.article, row.position));
        if reaches_end {
            let last_top = last_top(reader, height);
            if reader.top > last_top {
                reader.top = last_top;
                reader.rows = reader.layout.rows(&reader.article, reader.top, height);
            }
        }
        reader.at_end = reaches_end;
        sentence::follow_paragraph(reader);
    }
}

/// The top position that puts the last row at the bottom of the panes.
fn last_top(reader: &mut Reader, height: usize) -> Position {
    let last = reader.layout.last_position(&reader.article);
    let back = isize::try_from(height.saturating_sub(1)).unwrap_or(isize::MAX);
    reader.layout.scroll(&reader.article, last, -back)
}

/// The layout an article opens in when none was chosen for it: the single pane of its one
/// language when it has text (headings included) in one language only, else `configured`.
fn opening_mode(article: &Article, configured: Mode) -> Mode {
    let has = |side: Side| {
        let text = |bilingual: &crate::article::Bilingual| {
            bilingual.get(side).is_some_and(|t| !t.trim().is_empty())
        };
        article.blocks.iter().any(|b| text(&b.text))
            || HeadingField::ALL
                .into_iter()
                .any(|field| text(article.headings.field(field)))
    };
    match (has(Side::En), has(Side::Ja)) {
        (true, false) => Mode::En,
        (false, true) => Mode::Ja,
        _ => configured,
    }
}

fn first_block_unit(layout: &Layout) -> Option<usize> {
    (0..layout.len()).find(|&u| matches!(layout.unit(u), Unit::Block(_)))
}

fn is_block(layout: &Layout, unit: usize) -> bool {
    matches!(layout.unit(unit), Unit::Block(_))
}

/// Applies one action: the only place the state changes.
pub fn update(app: &mut App, action: Action) {
    if !matches!(
        action,
        Action::Stored(_) | Action::Idle | Action::Arrived(_)
    ) {
        app.message = None;
    }
    let mut ready = None;
    match action {
        Action::Idle => search::carry_on(app),
        Action::Resize(width, height) => reader::keep_place(app, |app| {
            app.width = width;
            app.height = height;
        }),
        Action::Stored(stored) => storage::stored(app, stored),
        Action::Arrived(arrival) => ready = arrival::arrived(app, *arrival),
        Action::Keys { command, pending } => {
            if let Some(command) = command {
                dispatch(app, &Action::Command(command));
            }
            app.pending = pending;
        }
        _ => {
            dispatch(app, &action);
            // The count was for this action (or, a click or a typed line, for none).
            app.pending = Pending::default();
        }
    }
    app.refresh_view();
    bookmarks::remember_position(app);
    if let Some(held) = ready {
        update(app, held);
    }
}

/// An action for the overlay, if one is open, else for the screen — unless it waits for
/// what is still on its way (`arrival::holds`).
fn dispatch(app: &mut App, action: &Action) {
    if arrival::holds(app, action) {
        return;
    }
    if app.overlay.is_some() {
        overlay::update(app, action);
    } else {
        update_screen(app, action);
    }
}

/// An action for the screen itself (no overlay takes it).
fn update_screen(app: &mut App, action: &Action) {
    match app.screen {
        Screen::Library => library::update(app, action),
        Screen::Reader => reader::update(app, action),
        Screen::Bookmarks => bookmarks::update(app, action),
        Screen::Headings => headings::update(app, action),
    }
}

pub(crate) fn to_isize(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

/// The current paragraph as `(i, n)` among the blocks, 1-based; `i` is `None` in the title
/// block.
pub fn paragraph_number(reader: &Reader) -> (Option<usize>, usize) {
    (
        reader.current_block().map(|b| b + 1),
        reader.article.blocks.len(),
    )
}

/// How far through the document's text the view is, in percent: 100 at its end.
pub fn percent(reader: &Reader) -> usize {
    match reader.rows.first() {
        _ if reader.at_end => 100,
        Some(top) => reader
            .layout
            .percent_at(&reader.article, top.position, &top.cells),
        None => 0,
    }
}

/// What a key that cannot act says, in the same words everywhere: `no more paragraphs below`.
pub(crate) fn no_more(what: &str, step: isize) -> String {
    let way = if step > 0 { "below" } else { "above" };
    format!("no more {what} {way}")
}
