//! The state machine: one `App`, the `Action`s it takes, and `update`, the one place it changes.
//!
//! Screens and transitions:
//!
//! - **Library** — `open` → Reader (of the selected article, where it was left); `bookmarks` →
//!   Bookmarks; `headings` toggles the list and the comparison of titles; `filter` opens a
//!   prompt; `sort`; `remove` asks yes/no for an imported article; `help`; `quit` exits.
//! - **Reader** — `search` → the search prompt (Enter keeps the matches, Esc restores the
//!   view); `bookmark_with_note` → the note prompt; `headings` → Headings; `bookmarks` →
//!   Bookmarks; `back` clears the search if there is one, else returns to the Library when the
//!   article was opened from it, else exits; `quit` exits; `suspend` asks the event loop to stop
//!   the process until `fg`.
//! - **Bookmarks** — `open` → Reader at the passage; `edit_note` → the note prompt; `filter`;
//!   `remove` / `undo`; `back` clears the filter, else returns to the screen below.
//! - **Headings** — `open` → Reader at the heading; `filter`; `back` → Reader.
//! - **Help** (over any screen) — `close` → the screen below; `quit` exits.
//! - A **prompt** (over a screen) takes typing; Enter submits, Esc cancels.
//!
//! Every screen takes `Resize`; lists and the reader take the mouse wheel and clicks. Disk writes
//! are asked for as `Effect`s, which the event loop carries out and answers with
//! `Action::Stored`. After every action the reader's visible rows are recomputed here, so
//! drawing only reads.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::article::Article;
use crate::bookmarks::{Bookmarks, Change, Positions};
use crate::config::Config;
use crate::editor::{Edit, LineEditor};
use crate::keymap::{Command, Context, Key, help_page};
use crate::layout::{Geometry, Layout, MIN_SIDE_BY_SIDE_WIDTH, Mode, Position, Row, Unit};
use crate::search::{self, Match};

mod headings;
mod library;
mod marks;
mod reader;
mod storage;

use library::update_library;
pub(crate) use reader::reveal;
use reader::{update_reader, update_search};

pub use headings::{HeadingsView, shown as shown_headings, table_rows as heading_rows};

pub use marks::{BookmarkList, ROWS_PER_BOOKMARK, visible as visible_bookmarks};
pub use storage::{Effect, Stored};

/// Below this the reader shows "terminal too small" instead of a broken screen.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;
/// Rows of text the help overlay shows at a terminal height (its frame takes the rest).
pub fn help_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(4)).max(1)
}

/// Rows the library's list shows (under the title and the column headers, above the hints;
/// the comparison of titles also keeps a row for its summary).
pub fn library_rows(height: u16, titles: bool) -> usize {
    usize::from(height.saturating_sub(3 + u16::from(titles))).max(1)
}

/// Bookmarks the bookmarks screen shows at a terminal height.
pub fn marks_rows(height: u16) -> usize {
    (usize::from(height.saturating_sub(2)) / ROWS_PER_BOOKMARK).max(1)
}

/// Rows the title bar and the status bar take.
const CHROME_ROWS: u16 = 2;
/// Columns at the left: the current-paragraph marker, then the bookmark mark.
pub const MARGIN: u16 = 2;
/// Rows a wheel notch scrolls.
const WHEEL_ROWS: isize = 3;

/// Everything that can happen to the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Command(Command),
    /// Typing in the open prompt.
    Edit(Edit),
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
    Bookmarks,
    Headings,
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
    /// A note for a bookmark.
    Note(NoteFor),
    /// Narrowing the list of the screen it was opened on.
    Filter(Screen),
}

/// Which bookmark a note prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteFor {
    /// This one (by id).
    Bookmark(String),
    /// A new bookmark on this block of the open article.
    NewOnBlock(usize),
}

/// The list of articles to open.
#[derive(Debug, Clone)]
pub struct Library {
    pub articles: Vec<Article>,
    /// The selected row of the shown list (see `Library::shown`).
    pub selected: usize,
    /// The first row shown: the list scrolls to keep the selection in view.
    pub offset: usize,
    pub sort: Sort,
    pub filter: String,
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
        let needle = search::fold_query(&self.filter);
        let mut shown: Vec<usize> = (0..self.articles.len())
            .filter(|&i| {
                needle.is_empty()
                    || search::fold_query(&titles(&self.articles[i])).contains(&needle)
            })
            .collect();
        match self.sort {
            Sort::Date => shown.sort_by(|&a, &b| {
                let date = |i: usize| {
                    self.articles[i]
                        .headings
                        .date_iso
                        .clone()
                        .unwrap_or_default()
                };
                date(b).cmp(&date(a))
            }),
            Sort::Title => shown.sort_by_key(|&i| self.articles[i].display_title().to_lowercase()),
        }
        shown
    }

    /// The selected article, if the list shows any.
    pub fn selected_article(&self) -> Option<&Article> {
        self.shown().get(self.selected).map(|&i| &self.articles[i])
    }
}

fn titles(article: &Article) -> String {
    let title = &article.headings.title;
    format!(
        "{}\n{}",
        title.en.as_deref().unwrap_or(article.display_title()),
        title.ja.as_deref().unwrap_or("")
    )
}

/// The search in the reader: the query, its matches and the one shown.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    pub matches: Vec<Match>,
    /// Units whose text holds the query (see `search::Found`), to narrow the next search.
    units: Vec<usize>,
    pub current: Option<usize>,
    /// Where the view was when the prompt opened, for Esc.
    saved: Option<(Position, usize)>,
}

impl Search {
    pub fn is_active(&self) -> bool {
        !self.query.is_empty() || self.saved.is_some()
    }
}

/// An open article and the reader's place in it.
#[derive(Debug, Clone)]
pub struct Reader {
    pub article: Article,
    pub layout: Layout,
    /// The layout the user chose; side by side may be shown stacked when the window is narrow.
    pub mode: Mode,
    pub top: Position,
    /// The current paragraph: a unit index.
    pub cursor: usize,
    pub search: Search,
    /// The rows on screen, recomputed after every action.
    pub rows: Vec<Row>,
    /// Blocks that carry a bookmark, in order, recomputed when bookmarks change.
    pub marked: Vec<usize>,
    /// The block whose position was last saved.
    saved_block: Option<usize>,
    /// True when the last row of the document is on screen.
    pub at_end: bool,
    pub from_library: bool,
}

/// The whole state of the program.
#[derive(Debug, Clone)]
pub struct App {
    pub screen: Screen,
    pub library: Library,
    pub reader: Option<Reader>,
    /// The help overlay's scroll offset, when it is open.
    pub help: Option<usize>,
    pub config: Config,
    pub width: u16,
    pub height: u16,
    /// A one-line message for the status bar, cleared by the next action.
    pub message: Option<String>,
    /// The open prompt, which takes typing.
    pub prompt: Option<Prompt>,
    /// The article to remove from the library if the user says yes.
    pub confirm_removal: Option<String>,
    pub bookmarks: Bookmarks,
    pub positions: Positions,
    pub marks: BookmarkList,
    pub headings: HeadingsView,
    /// Work for the event loop (writes to disk); it answers with `Action::Stored`.
    pub effects: Vec<Effect>,
    /// Bookmark changes not yet known to be on disk: sent again with the next save.
    pub unsaved: Vec<Change>,
    /// Ids of the library's articles that were imported (and so can be removed).
    pub imported: Vec<String>,
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
        let mut app = App {
            screen: Screen::Library,
            library: Library {
                articles,
                selected: 0,
                offset: 0,
                sort: Sort::Date,
                filter: String::new(),
                titles: false,
            },
            reader: None,
            help: None,
            config,
            width: size.0,
            height: size.1,
            message: None,
            prompt: None,
            confirm_removal: None,
            bookmarks: Bookmarks::default(),
            positions: Positions::default(),
            marks: BookmarkList::default(),
            headings: HeadingsView::default(),
            effects: Vec::new(),
            unsaved: Vec::new(),
            imported: Vec::new(),
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
        self.bookmarks = bookmarks;
        self.positions = positions;
        // An imported copy of an article already in the library (a bundled one) counts once.
        let known: Vec<String> = self.library.articles.iter().map(|a| a.id.clone()).collect();
        let imported: Vec<Article> = imported
            .into_iter()
            .filter(|a| !known.contains(&a.id))
            .collect();
        self.imported = imported.iter().map(|a| a.id.clone()).collect();
        self.library.articles.extend(imported);
        if let Some(reader) = self.reader.take() {
            // Reopen, now that its position and bookmarks are known.
            self.open(reader.article, reader.from_library);
        }
        self
    }

    /// Which key table applies now.
    pub fn context(&self) -> Context {
        if self.help.is_some() {
            Context::Help
        } else {
            self.help_context()
        }
    }

    /// The screen under the help overlay, whose keys the help lists first.
    pub fn help_context(&self) -> Context {
        match self.screen {
            Screen::Library => Context::Library,
            Screen::Reader => Context::Reader,
            Screen::Bookmarks => Context::Bookmarks,
            Screen::Headings => Context::Headings,
        }
    }

    /// True while a prompt takes typing.
    pub fn is_typing(&self) -> bool {
        self.help.is_none() && self.prompt.is_some()
    }

    /// What a key press means now: an answer, typing into the prompt, or a command.
    pub fn action_for_key(&self, event: &KeyEvent) -> Option<Action> {
        let plain = !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let ctrl_c = event.code == KeyCode::Char('c') && !plain;
        if self.confirm_removal.is_some() {
            return Some(Action::Confirm(
                matches!(event.code, KeyCode::Char('y' | 'Y')) && plain,
            ));
        }
        if self.is_typing() {
            return match event.code {
                KeyCode::Enter => Some(Action::Submit),
                KeyCode::Esc => Some(Action::Cancel),
                _ if ctrl_c => Some(Action::Cancel),
                KeyCode::Backspace => Some(Action::Edit(Edit::Backspace)),
                KeyCode::Delete => Some(Action::Edit(Edit::Delete)),
                KeyCode::Left => Some(Action::Edit(Edit::Left)),
                KeyCode::Right => Some(Action::Edit(Edit::Right)),
                KeyCode::Home => Some(Action::Edit(Edit::Home)),
                KeyCode::End => Some(Action::Edit(Edit::End)),
                KeyCode::Char(c) if plain => Some(Action::Edit(Edit::Insert(c))),
                _ => None,
            };
        }
        let key = Key::from_event(event);
        self.config
            .keymap
            .command(self.context(), key)
            .map(Action::Command)
    }

    /// Rows available to the reader's panes.
    pub fn pane_height(&self) -> usize {
        usize::from(self.height.saturating_sub(CHROME_ROWS)).max(1)
    }

    pub fn is_too_small(&self) -> bool {
        self.width < MIN_WIDTH || self.height < MIN_HEIGHT
    }

    /// The geometry the reader lays out for now.
    pub fn geometry(&self, chosen: Mode) -> Geometry {
        let width = usize::from(self.width.saturating_sub(MARGIN)).max(1);
        let mode = if chosen.is_side_by_side() && usize::from(self.width) < MIN_SIDE_BY_SIDE_WIDTH {
            Mode::Stacked
        } else {
            chosen
        };
        Geometry {
            width,
            mode,
            policy: self.config.ambiguous,
        }
    }

    /// Opens an article in the reader, where it was left (or at `block` when given).
    fn open_at(&mut self, article: Article, from_library: bool, block: Option<usize>) {
        let mode = self.config.layout;
        let layout = Layout::new(&article, self.geometry(mode));
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
        let marked = marks::marked_blocks(&self.bookmarks, &article);
        self.reader = Some(Reader {
            article,
            layout,
            mode,
            top,
            cursor,
            search: Search::default(),
            rows: Vec::new(),
            marked,
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
        let geometry = self.reader.as_ref().map(|r| self.geometry(r.mode));
        let (Some(reader), Some(geometry)) = (self.reader.as_mut(), geometry) else {
            return;
        };
        let sides_before = reader.layout.geometry().mode.sides();
        reader.layout.set_geometry(geometry);
        if reader.layout.geometry().mode.sides() != sides_before && !reader.search.query.is_empty()
        {
            // Matches are of the languages on screen: a change of them changes the matches.
            reader::refresh_matches(reader);
        }
        let last_top = last_top(reader, height);
        reader.top = reader
            .layout
            .clamp(&reader.article, reader.top)
            .min(last_top);
        reader.rows = reader.layout.rows(&reader.article, reader.top, height);
        reader.at_end = reader.top >= last_top;
    }
}

/// The top position that puts the last row at the bottom of the panes.
fn last_top(reader: &mut Reader, height: usize) -> Position {
    let last = reader.layout.last_position(&reader.article);
    let back = isize::try_from(height.saturating_sub(1)).unwrap_or(isize::MAX);
    reader.layout.scroll(&reader.article, last, -back)
}

fn first_block_unit(layout: &Layout) -> Option<usize> {
    (0..layout.len()).find(|&u| matches!(layout.unit(u), Unit::Block(_)))
}

fn is_block(layout: &Layout, unit: usize) -> bool {
    matches!(layout.unit(unit), Unit::Block(_))
}

/// Applies one action: the only place the state changes.
pub fn update(app: &mut App, action: Action) {
    if !matches!(action, Action::Stored(_)) {
        app.message = None;
    }
    match action {
        Action::Resize(width, height) => resize(app, width, height),
        Action::Stored(stored) => storage::stored(app, stored),
        Action::Confirm(yes) => library::confirm_removal(app, yes),
        _ if app.help.is_some() => update_help(app, &action),
        Action::Edit(_) | Action::Submit | Action::Cancel if app.prompt.is_some() => {
            update_prompt(app, &action);
        }
        _ => match app.screen {
            Screen::Library => update_library(app, &action),
            Screen::Reader => update_reader(app, &action),
            Screen::Bookmarks => marks::update_list(app, &action),
            Screen::Headings => headings::update(app, &action),
        },
    }
    app.refresh_view();
    marks::remember_position(app);
}

/// Typing in the open prompt, and what Enter and Esc do with it.
fn update_prompt(app: &mut App, action: &Action) {
    let height = app.pane_height();
    let Some(prompt) = app.prompt.as_mut() else {
        return;
    };
    if let Action::Edit(edit) = action {
        prompt.editor.apply(*edit);
    }
    let text = prompt.editor.text().to_owned();
    let purpose = prompt.purpose.clone();
    if matches!(action, Action::Submit | Action::Cancel) {
        app.prompt = None;
    }
    match purpose {
        Purpose::Search => {
            if let Some(reader) = app.reader.as_mut() {
                app.message = update_search(reader, action, &text, height);
            }
        }
        Purpose::Note(target) if *action == Action::Submit => marks::save_note(app, target, &text),
        Purpose::Note(_) => {}
        Purpose::Filter(screen) => set_filter(app, screen, &text),
    }
}

fn resize(app: &mut App, width: u16, height: u16) {
    let rows_before = app.pane_height();
    let before = app.reader.as_mut().map(|reader| {
        let cursor = Position::at_unit(reader.cursor);
        let offset = reader
            .layout
            .distance(&reader.article, reader.top, cursor, rows_before);
        let anchor = reader.layout.anchor(&reader.article, reader.top);
        (offset, reader.top.unit, anchor)
    });
    app.width = width;
    app.height = height;
    let rows = to_isize(app.pane_height());
    app.refresh_view();
    let (Some(reader), Some((offset, top_unit, anchor))) = (app.reader.as_mut(), before) else {
        return;
    };
    match (offset, anchor) {
        // The current paragraph starts on screen: keep it on the same row.
        (Some(offset), _) if offset >= 0 => {
            let cursor = Position::at_unit(reader.cursor);
            reader.top = reader
                .layout
                .scroll(&reader.article, cursor, -offset.min(rows - 1));
        }
        // Reading inside a long paragraph: keep the text that was at the top.
        (_, Some((side, at))) => {
            let row = reader
                .layout
                .row_of_byte(&reader.article, top_unit, side, at);
            reader.top = Position {
                unit: top_unit,
                row,
            };
        }
        _ => reader.top = Position::at_unit(top_unit),
    }
}

fn update_help(app: &mut App, action: &Action) {
    let Action::Command(command) = action else {
        return;
    };
    let scroll = app.help.unwrap_or(0);
    let (keymap, policy) = (&app.config.keymap, app.config.ambiguous);
    let rows = help_page(keymap, app.help_context(), app.width, policy)
        .rows
        .len();
    let page = help_rows(app.height);
    let last = rows.saturating_sub(page);
    app.help = match command {
        Command::Down => Some((scroll + 1).min(last)),
        Command::Up => Some(scroll.saturating_sub(1)),
        Command::PageDown => Some((scroll + page).min(last)),
        Command::PageUp => Some(scroll.saturating_sub(page)),
        Command::Top => Some(0),
        Command::Bottom => Some(last),
        Command::Close => None,
        Command::Quit => {
            app.should_quit = true;
            None
        }
        _ => Some(scroll),
    };
}

/// Moves a list's selection for the commands and wheel turns every list takes; false if the
/// action is not one of them.
pub(crate) fn move_selection(selected: &mut usize, action: &Action, last: usize) -> bool {
    *selected = match action {
        Action::Command(Command::Down) | Action::Wheel(1..) => (*selected + 1).min(last),
        Action::Command(Command::Up) | Action::Wheel(..=-1) => selected.saturating_sub(1),
        Action::Command(Command::Top) => 0,
        Action::Command(Command::Bottom) => last,
        _ => return false,
    };
    true
}

pub(crate) fn to_isize(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

/// The current paragraph as `(i, n)` among the blocks, 1-based.
pub fn paragraph_number(reader: &Reader) -> (usize, usize) {
    let blocks = reader.article.blocks.len();
    match reader.layout.unit(reader.cursor) {
        Unit::Block(b) => (b + 1, blocks),
        Unit::Heading(_) => (0, blocks),
    }
}

/// How far through the document the view is, in percent.
pub fn percent(reader: &Reader) -> usize {
    if reader.at_end || reader.layout.len() <= 1 {
        return 100;
    }
    reader.top.unit * 100 / reader.layout.len()
}

/// A filter prompt changed: the list narrows as the user types.
fn set_filter(app: &mut App, screen: Screen, text: &str) {
    if screen == Screen::Headings {
        text.clone_into(&mut app.headings.filter);
        app.headings.selected = 0;
        app.headings.offset = 0;
    } else if screen == Screen::Bookmarks {
        text.clone_into(&mut app.marks.filter);
        app.marks.selected = 0;
        app.marks.offset = 0;
    } else {
        text.clone_into(&mut app.library.filter);
        app.library.selected = 0;
        app.library.offset = 0;
    }
}
