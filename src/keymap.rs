//! Keys → commands, screen by screen; and back again, for the hints and the help screen.

mod sequence;

use std::cmp::Reverse;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::text::wrap::wrap_to_strings;
use crate::text::{AmbiguousWidth, str_width};

pub use sequence::{Keys, MAX_COUNT, Pending, Typed};

/// The key tables: one for each screen that takes commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Library,
    Reader,
    Bookmarks,
    Headings,
    Help,
}

impl Context {
    pub const ALL: [Context; 5] = [
        Context::Library,
        Context::Reader,
        Context::Bookmarks,
        Context::Headings,
        Context::Help,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Library => "library",
            Context::Reader => "reader",
            Context::Bookmarks => "bookmarks",
            Context::Headings => "headings",
            Context::Help => "help",
        }
    }

    /// The screen a config name stands for (`reader`).
    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The config file's table for the screen's keys (`[keys.reader]`).
    pub fn table(self) -> String {
        format!("[keys.{}]", self.name())
    }

    /// The command that leaves the screen without quitting: `close` on the help, else `back`.
    pub fn way_back(self) -> Command {
        match self {
            Context::Help => Command::Close,
            _ => Command::Back,
        }
    }

    /// Whether digits typed on the screen are a count for the command after them (`10j`).
    pub fn takes_counts(self) -> bool {
        self == Context::Reader
    }

    /// Commands reached through another screen, which the help lists as one entry: after
    /// `after`, the keys of `first` here and then of `then` on `screen` (the reader's `''`: the
    /// bookmarks screen's key, then that screen's `jump_back`).
    pub fn chained(self) -> &'static [Chain] {
        match self {
            Context::Reader => &[Chain {
                after: Command::JumpNewer,
                first: Command::Bookmarks,
                screen: Context::Bookmarks,
                then: Command::JumpBack,
            }],
            _ => &[],
        }
    }

    /// The commands a screen knows, in the order the help screen lists them.
    #[allow(clippy::too_many_lines, reason = "a table: one list per screen")]
    pub fn commands(self) -> &'static [Command] {
        use Command as C;
        match self {
            Context::Library => &[
                C::Down,
                C::Up,
                C::Open,
                C::Top,
                C::Bottom,
                C::Filter,
                C::Sort,
                C::Remove,
                C::Bookmarks,
                C::Headings,
                C::ToggleMouse,
                C::Help,
                C::Back,
                C::Quit,
            ],
            Context::Headings => &[
                C::Down,
                C::Up,
                C::Open,
                C::Top,
                C::Bottom,
                C::Filter,
                C::ToggleMouse,
                C::Help,
                C::Back,
                C::Quit,
            ],
            Context::Bookmarks => &[
                C::Down,
                C::Up,
                C::Open,
                C::Top,
                C::Bottom,
                C::Filter,
                C::EditNote,
                C::Remove,
                C::Undo,
                C::JumpBack,
                C::ToggleMouse,
                C::Help,
                C::Back,
                C::Quit,
            ],
            Context::Reader => &[
                C::ScrollDown,
                C::ScrollUp,
                C::HalfPageDown,
                C::HalfPageUp,
                C::PageDown,
                C::PageUp,
                C::Top,
                C::Bottom,
                C::Percent,
                C::CommandLine,
                C::NextParagraph,
                C::PreviousParagraph,
                C::NextHeading,
                C::PreviousHeading,
                C::NextSentence,
                C::PreviousSentence,
                C::JumpOlder,
                C::JumpNewer,
                C::CycleLayout,
                C::SwapPanes,
                C::SentenceRows,
                C::ToggleRuby,
                C::Copy,
                C::CopyQuote,
                C::ToggleMouse,
                C::Widen,
                C::Narrow,
                C::ResetMeasure,
                C::Search,
                C::NextMatch,
                C::PreviousMatch,
                C::ToggleBookmark,
                C::BookmarkWithNote,
                C::NextBookmark,
                C::PreviousBookmark,
                C::Bookmarks,
                C::Headings,
                C::NextUnsure,
                C::PreviousUnsure,
                C::JoinPairs,
                C::SplitPair,
                C::SentenceBack,
                C::SentenceOn,
                C::JoinParagraphs,
                C::SplitParagraph,
                C::PairBack,
                C::PairOn,
                C::Undo,
                C::Redo,
                C::Help,
                C::Back,
                C::Quit,
                C::Suspend,
            ],
            Context::Help => &[
                C::Down,
                C::Up,
                C::PageDown,
                C::PageUp,
                C::Top,
                C::Bottom,
                C::Close,
                C::Quit,
            ],
        }
    }
}

/// What a key can ask for. Its config-file name is `Command::name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Down,
    Up,
    Open,
    Top,
    Bottom,
    Help,
    Quit,
    Back,
    Close,
    Suspend,
    ScrollDown,
    ScrollUp,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    NextParagraph,
    PreviousParagraph,
    NextHeading,
    PreviousHeading,
    CycleLayout,
    SwapPanes,
    Search,
    NextMatch,
    PreviousMatch,
    ToggleBookmark,
    BookmarkWithNote,
    NextBookmark,
    PreviousBookmark,
    Bookmarks,
    Filter,
    Sort,
    Remove,
    Undo,
    EditNote,
    Headings,
    NextSentence,
    PreviousSentence,
    SentenceRows,
    ToggleRuby,
    Widen,
    Narrow,
    ResetMeasure,
    NextUnsure,
    PreviousUnsure,
    JoinPairs,
    SplitPair,
    SentenceBack,
    SentenceOn,
    JoinParagraphs,
    SplitParagraph,
    PairBack,
    PairOn,
    Redo,
    Percent,
    CommandLine,
    JumpBack,
    JumpOlder,
    JumpNewer,
    Copy,
    CopyQuote,
    ToggleMouse,
}

impl Command {
    pub const ALL: [Command; 62] = [
        Command::Down,
        Command::Up,
        Command::Open,
        Command::Top,
        Command::Bottom,
        Command::Help,
        Command::Quit,
        Command::Back,
        Command::Close,
        Command::Suspend,
        Command::ScrollDown,
        Command::ScrollUp,
        Command::HalfPageDown,
        Command::HalfPageUp,
        Command::PageDown,
        Command::PageUp,
        Command::NextParagraph,
        Command::PreviousParagraph,
        Command::NextHeading,
        Command::PreviousHeading,
        Command::CycleLayout,
        Command::SwapPanes,
        Command::Search,
        Command::NextMatch,
        Command::PreviousMatch,
        Command::ToggleBookmark,
        Command::BookmarkWithNote,
        Command::NextBookmark,
        Command::PreviousBookmark,
        Command::Bookmarks,
        Command::Filter,
        Command::Sort,
        Command::Remove,
        Command::Undo,
        Command::EditNote,
        Command::Headings,
        Command::NextSentence,
        Command::PreviousSentence,
        Command::SentenceRows,
        Command::ToggleRuby,
        Command::Widen,
        Command::Narrow,
        Command::ResetMeasure,
        Command::NextUnsure,
        Command::PreviousUnsure,
        Command::JoinPairs,
        Command::SplitPair,
        Command::SentenceBack,
        Command::SentenceOn,
        Command::JoinParagraphs,
        Command::SplitParagraph,
        Command::PairBack,
        Command::PairOn,
        Command::Redo,
        Command::Percent,
        Command::CommandLine,
        Command::JumpBack,
        Command::JumpOlder,
        Command::JumpNewer,
        Command::Copy,
        Command::CopyQuote,
        Command::ToggleMouse,
    ];

    /// The name the config file gives it (`next_paragraph`).
    pub fn name(self) -> &'static str {
        match self {
            Command::Down => "down",
            Command::Up => "up",
            Command::Open => "open",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::Help => "help",
            Command::Quit => "quit",
            Command::Back => "back",
            Command::Close => "close",
            Command::Suspend => "suspend",
            Command::ScrollDown => "scroll_down",
            Command::ScrollUp => "scroll_up",
            Command::HalfPageDown => "half_page_down",
            Command::HalfPageUp => "half_page_up",
            Command::PageDown => "page_down",
            Command::PageUp => "page_up",
            Command::NextParagraph => "next_paragraph",
            Command::PreviousParagraph => "previous_paragraph",
            Command::NextHeading => "next_heading",
            Command::PreviousHeading => "previous_heading",
            Command::CycleLayout => "cycle_layout",
            Command::SwapPanes => "swap_panes",
            Command::Search => "search",
            Command::NextMatch => "next_match",
            Command::PreviousMatch => "previous_match",
            Command::ToggleBookmark => "toggle_bookmark",
            Command::BookmarkWithNote => "bookmark_with_note",
            Command::NextBookmark => "next_bookmark",
            Command::PreviousBookmark => "previous_bookmark",
            Command::Bookmarks => "bookmarks",
            Command::Filter => "filter",
            Command::Sort => "sort",
            Command::Remove => "remove",
            Command::Undo => "undo",
            Command::EditNote => "edit_note",
            Command::Headings => "headings",
            Command::NextSentence => "next_sentence",
            Command::PreviousSentence => "previous_sentence",
            Command::SentenceRows => "sentence_rows",
            Command::ToggleRuby => "toggle_ruby",
            Command::Widen => "widen",
            Command::Narrow => "narrow",
            Command::ResetMeasure => "reset_measure",
            Command::NextUnsure => "next_unsure",
            Command::PreviousUnsure => "previous_unsure",
            Command::JoinPairs => "join_pairs",
            Command::SplitPair => "split_pair",
            Command::SentenceBack => "sentence_back",
            Command::SentenceOn => "sentence_on",
            Command::JoinParagraphs => "join_paragraphs",
            Command::SplitParagraph => "split_paragraph",
            Command::PairBack => "pair_back",
            Command::PairOn => "pair_on",
            Command::Redo => "redo",
            Command::Percent => "percent",
            Command::CommandLine => "command_line",
            Command::JumpBack => "jump_back",
            Command::JumpOlder => "jump_older",
            Command::JumpNewer => "jump_newer",
            Command::Copy => "copy",
            Command::CopyQuote => "copy_quote",
            Command::ToggleMouse => "toggle_mouse",
        }
    }

    /// The command a config-file name stands for.
    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == name)
    }

    /// One line for the help screen: what the command does on that screen. Descriptions never
    /// name a key, since every key can be rebound.
    #[allow(
        clippy::too_many_lines,
        reason = "a table: one arm per screen and command"
    )]
    pub fn description(self, context: Context) -> &'static str {
        use Command as C;
        use Context as X;
        match (context, self) {
            (X::Library, C::Down) => "select the next article",
            (X::Library, C::Up) => "select the previous article",
            (X::Library, C::Open) => "open the selected article where you left it",
            (X::Library, C::Top) => "select the first article",
            (X::Library, C::Bottom) => "select the last article",
            (X::Library, C::Filter) => "filter the articles by title (English or Japanese)",
            (X::Library, C::Sort) => "sort: newest first ↔ by title",
            (X::Library, C::Remove) => "remove an imported article (asks first; bookmarks stay)",
            (X::Library, C::Headings) => "compare English and Japanese titles (again: the list)",
            (X::Library, C::Back) => "back: clear the filter, else quit",
            (X::Library | X::Reader, C::Bookmarks) => "the bookmarks screen: every bookmark",

            (X::Reader | X::Help, C::ScrollDown | C::Down) => "scroll down a row",
            (X::Reader | X::Help, C::ScrollUp | C::Up) => "scroll up a row",
            (X::Reader, C::Top) => "start of the article (after a count: that paragraph)",
            (X::Reader, C::Bottom) => "end of the article (after a count: that paragraph)",
            (X::Reader, C::Back) => {
                "back: clear the search and the sentence cursor, else close the article (to the \
                 library, or quit)"
            }
            (X::Reader, C::Headings) => "the headings screen: English and Japanese side by side",
            (X::Reader, C::Undo) => "undo the last correction of the pairing",
            (X::Reader, C::Redo) => "redo the correction undone",

            (X::Headings, C::Down) => "select the next heading",
            (X::Headings, C::Up) => "select the previous heading",
            (X::Headings, C::Open) => "jump to the selected heading in the reader",
            (X::Headings, C::Top) => "select the first heading",
            (X::Headings, C::Bottom) => "select the last heading",
            (X::Headings, C::Filter) => "filter the headings (English or Japanese)",
            (X::Headings, C::Back) => "back: clear the filter, else return to the reader",

            (X::Bookmarks, C::Down) => "select the next bookmark",
            (X::Bookmarks, C::Up) => "select the previous bookmark",
            (X::Bookmarks, C::Open) => "open the article at the bookmarked passage",
            (X::Bookmarks, C::Top) => "select the first bookmark",
            (X::Bookmarks, C::Bottom) => "select the last bookmark",
            (X::Bookmarks, C::Filter) => "filter by title, passage or note",
            (X::Bookmarks, C::Remove) => "remove the selected bookmark (undo brings it back)",
            (X::Bookmarks, C::JumpBack) => "back to the reader, where its last jump came from",
            (X::Bookmarks, C::Back) => {
                "back: clear the filter, else return to the reader (or the library)"
            }

            (X::Help, C::Top) => "go to the top of the help",
            (X::Help, C::Bottom) => "go to the bottom of the help",

            // The same on every screen that has them.
            (_, C::Help) => "this help",
            (_, C::Quit) => "quit taiyaku",
            (_, C::Close) => "close the help",
            (_, C::Suspend) => "suspend (fg in the shell resumes)",
            (_, C::HalfPageDown) => "half a page down",
            (_, C::HalfPageUp) => "half a page up",
            (_, C::PageDown) => "a page down",
            (_, C::PageUp) => "a page up",
            (_, C::NextParagraph) => "next paragraph (it becomes the current one)",
            (_, C::PreviousParagraph) => "previous paragraph",
            (_, C::NextHeading) => "next heading",
            (_, C::PreviousHeading) => "previous heading",
            (_, C::CycleLayout) => "layout: side by side → stacked → English → Japanese",
            (_, C::SwapPanes) => "swap the panes",
            (_, C::Search) => "search both languages",
            (_, C::NextMatch) => "next match",
            (_, C::PreviousMatch) => "previous match",
            (_, C::ToggleBookmark) => {
                "bookmark the current paragraph, or sentence pair (again: remove it)"
            }
            (_, C::BookmarkWithNote) => "bookmark with a note (or edit its note)",
            (_, C::NextBookmark) => "next bookmark in the article",
            (_, C::PreviousBookmark) => "previous bookmark in the article",
            (_, C::Undo) => "undo the last removal",
            (_, C::Redo) => "redo",
            (_, C::NextSentence) => "next sentence, lit with its translation",
            (_, C::PreviousSentence) => "previous sentence",
            (_, C::SentenceRows) => "sentence rows: sentence pairs start side by side (again: off)",
            (_, C::ToggleRuby) => "ruby: readings after their base, or hidden",
            (_, C::Widen) => "wider lines (the measure): two Japanese characters more",
            (_, C::Narrow) => "narrower lines: two Japanese characters fewer",
            (_, C::ResetMeasure) => "lines back to the config's measure",
            (_, C::NextUnsure) => "next pair the aligner was unsure of",
            (_, C::PreviousUnsure) => "previous pair the aligner was unsure of",
            (_, C::JoinPairs) => "correct: join the sentence pair with the next",
            (_, C::SplitPair) => "correct: split the sentence pair before the current sentence",
            (_, C::SentenceBack) => {
                "correct: move the sentence (and those before it) to the previous pair"
            }
            (_, C::SentenceOn) => {
                "correct: move the sentence (and those after it) to the next pair"
            }
            (_, C::JoinParagraphs) => "correct: join the paragraph pair with the next",
            (_, C::SplitParagraph) => {
                "correct: split the paragraph pair before the current sentence pair"
            }
            (_, C::PairBack) => {
                "correct: move the sentence pair (and those before it) to the previous paragraph"
            }
            (_, C::PairOn) => {
                "correct: move the sentence pair (and those after it) to the next paragraph"
            }
            (_, C::EditNote) => "edit the selected bookmark's note",
            (_, C::Percent) => "go to the count's percentage of the text (50%)",
            (_, C::CommandLine) => "command line: go to N, s N, N%; set, quit, help",
            (_, C::JumpOlder) => "back through the jump list (where jumps came from)",
            (_, C::JumpNewer) => "forward through the jump list",
            (_, C::Copy) => {
                "copy the current paragraph, or the lit sentence, to the clipboard (OSC 52)"
            }
            (_, C::CopyQuote) => "copy it as a Markdown quote with the article's title",
            (_, C::ToggleMouse) => {
                "mouse on (wheel, clicks) or off (the terminal's own selection of text)"
            }
            (_, C::JumpBack) => "back to where the last jump came from (again: and back)",
            // Not a command of that screen: said generally.
            (_, C::ScrollDown) => "scroll down",
            (_, C::ScrollUp) => "scroll up",
            (_, C::Open) => "open the selection",
            (_, C::Back) => "back",
            (_, C::Bookmarks) => "the bookmarks screen",
            (_, C::Headings) => "headings",
            (_, C::Filter) => "filter the list",
            (_, C::Sort) => "sort the list",
            (_, C::Remove) => "remove the selection",
        }
    }

    /// What this command is called on a screen that does not have it, where one does the same
    /// there: the lists' `down` is the reader's `scroll_down`, the help's `close` is `back`.
    pub fn counterpart(self, context: Context) -> Option<Command> {
        let other = match (self, context) {
            (Command::Down, Context::Reader) => Command::ScrollDown,
            (Command::Up, Context::Reader) => Command::ScrollUp,
            (Command::ScrollDown, _) => Command::Down,
            (Command::ScrollUp, _) => Command::Up,
            (Command::Close, _) => Command::Back,
            (Command::Back, _) => Command::Close,
            _ => return None,
        };
        context.commands().contains(&other).then_some(other)
    }

    /// A short word for the status bar hints.
    pub fn hint(self) -> &'static str {
        match self {
            Command::ScrollDown => "scroll",
            Command::Down => "down",
            Command::NextParagraph => "para",
            Command::NextHeading => "heading",
            Command::CycleLayout => "layout",
            Command::EditNote => "note",
            Command::ToggleBookmark => "mark",
            command => command.name(),
        }
    }
}

/// A key with its modifiers, as written in the config (`Ctrl-d`, `G`, `PageDown`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    /// Ctrl-c, which quits on every screen whatever the config says (`Keymap::keep_quit`).
    pub const QUIT: Key = Key {
        code: KeyCode::Char('c'),
        modifiers: KeyModifiers::CONTROL,
    };

    /// The key of a terminal event. Shift is part of a character ('G'), so it is dropped there.
    pub fn from_event(event: &KeyEvent) -> Key {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::BackTab => {
                modifiers |= KeyModifiers::SHIFT;
                KeyCode::Tab
            }
            code => code,
        };
        Key { code, modifiers }
    }

    const NAMES: [(&'static str, KeyCode); 14] = [
        ("Up", KeyCode::Up),
        ("Down", KeyCode::Down),
        ("Left", KeyCode::Left),
        ("Right", KeyCode::Right),
        ("PageUp", KeyCode::PageUp),
        ("PageDown", KeyCode::PageDown),
        ("Home", KeyCode::Home),
        ("End", KeyCode::End),
        ("Enter", KeyCode::Enter),
        ("Esc", KeyCode::Esc),
        ("Tab", KeyCode::Tab),
        ("Backspace", KeyCode::Backspace),
        ("Space", KeyCode::Char(' ')),
        ("Delete", KeyCode::Delete),
    ];
}

impl FromStr for Key {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            if let Some(r) = rest.strip_prefix("Ctrl-") {
                modifiers |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("Alt-") {
                modifiers |= KeyModifiers::ALT;
                rest = r;
            } else {
                break;
            }
        }
        let named = Key::NAMES.iter().find(|(name, _)| *name == rest);
        let code = if let Some(&(_, code)) = named {
            code
        } else if let Some(n) = rest.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
            KeyCode::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() => KeyCode::Char(c),
                _ => return Err(format!("unknown key '{}'", s.escape_debug())),
            }
        };
        let code = match code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        Ok(Key { code, modifiers })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            code => {
                let name = Key::NAMES.iter().find(|(_, c)| *c == code);
                f.write_str(name.map_or("?", |(n, _)| n))
            }
        }
    }
}

/// One screen's bindings.
#[derive(Debug, Clone, Default)]
struct Table {
    by_key: HashMap<Keys, Command>,
    by_command: HashMap<Command, Vec<Keys>>,
}

/// A help entry reached through another screen (see `Context::chained`).
#[derive(Debug)]
pub struct Chain {
    pub after: Command,
    pub first: Command,
    pub screen: Context,
    pub then: Command,
}

/// Two commands of one screen whose keys collide: the same keys, or keys by themselves that
/// start the other's sequence (`g` and `g x`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// The keys as a message names them: `g`, or `g (the start of g x)`.
    pub keys: String,
    pub a: Command,
    pub b: Command,
}

/// Every screen's bindings.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    tables: HashMap<Context, Table>,
}

impl Keymap {
    /// Binds `command` to exactly `keys` on a screen, replacing what it had.
    pub fn bind(&mut self, context: Context, command: Command, keys: Vec<Keys>) {
        let table = self.tables.entry(context).or_default();
        if let Some(old) = table.by_command.remove(&command) {
            for key in old {
                // The key may have been given to another command since; leave it there.
                if table.by_key.get(&key) == Some(&command) {
                    table.by_key.remove(&key);
                }
            }
        }
        for key in &keys {
            table.by_key.insert(key.clone(), command);
        }
        table.by_command.insert(command, keys);
    }

    /// Gives the screen's `quit` Ctrl-c (`Key::QUIT`) if a config took it away.
    pub fn keep_quit(&mut self, context: Context) {
        let ctrl_c = Keys::one(Key::QUIT);
        let mut keys = self.keys(context, Command::Quit).to_vec();
        if !keys.contains(&ctrl_c) {
            keys.push(ctrl_c);
            self.bind(context, Command::Quit, keys);
        }
    }

    /// Whether `command`'s keys on the screen take Ctrl-c, alone or to start a sequence.
    pub fn takes_quit_key(&self, context: Context, command: Command) -> bool {
        self.keys(context, command)
            .iter()
            .any(|keys| keys.keys().first() == Some(&Key::QUIT))
    }

    /// The command a single key runs on a screen.
    pub fn command(&self, context: Context, key: Key) -> Option<Command> {
        self.tables
            .get(&context)?
            .by_key
            .get(&Keys::one(key))
            .copied()
    }

    /// The keys bound to a command on a screen (empty if none).
    pub fn keys(&self, context: Context, command: Command) -> &[Keys] {
        self.tables
            .get(&context)
            .and_then(|t| t.by_command.get(&command))
            .map_or(&[], Vec::as_slice)
    }

    /// The keys of a command joined for display ("j ↓"), or `None` if it has none.
    pub fn describe_keys(&self, context: Context, command: Command) -> Option<String> {
        let keys = self.keys(context, command);
        (!keys.is_empty()).then(|| {
            keys.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    /// Two commands on one screen sharing keys, or one's keys starting the other's sequence:
    /// the first such clash, if any.
    pub fn clash(&self, context: Context) -> Option<Clash> {
        let table = self.tables.get(&context)?;
        let mut commands: Vec<&Command> = table.by_command.keys().collect();
        commands.sort_by_key(|c| c.name());
        for &command in commands {
            for keys in &table.by_command[&command] {
                match table.by_key.get(keys) {
                    Some(&owner) if owner != command => {
                        return Some(Clash {
                            keys: keys.written(),
                            a: owner,
                            b: command,
                        });
                    }
                    _ => {}
                }
                let mut started: Vec<(&Keys, Command)> = table
                    .by_key
                    .iter()
                    .filter(|(longer, owner)| **owner != command && longer.extends(keys.keys()))
                    .map(|(longer, owner)| (longer, *owner))
                    .collect();
                started.sort_by_key(|(longer, owner)| (owner.name(), longer.written()));
                if let Some((longer, owner)) = started.first() {
                    return Some(Clash {
                        keys: format!("{} (the start of {})", keys.written(), longer.written()),
                        a: command,
                        b: *owner,
                    });
                }
            }
        }
        None
    }
}

/// The help's lines for a screen, `(keys, description)`: the screen's commands with what they
/// do there, then (after an empty line and a heading, a line with an empty description) the
/// help's own. Always from the active keymap, so that it never lies after a rebinding.
pub fn help_lines(keymap: &Keymap, context: Context) -> Vec<(String, String)> {
    let entries = |context: Context| {
        let mut lines = Vec::new();
        for &command in context.commands() {
            let keys = keymap
                .describe_keys(context, command)
                .unwrap_or_else(|| "(unbound)".into());
            lines.push((keys, command.description(context).to_owned()));
            let chained = context.chained().iter().filter(|c| c.after == command);
            lines.extend(chained.filter_map(|chain| chain_line(keymap, context, chain)));
        }
        lines
    };
    let mut lines: Vec<(String, String)> = entries(context);
    if context != Context::Help {
        lines.push((String::new(), String::new()));
        lines.push(("in this help".to_owned(), String::new()));
        lines.extend(entries(Context::Help));
    }
    lines
}

/// The help's entry for a chain: the first keys of both commands, one after the other.
fn chain_line(keymap: &Keymap, context: Context, chain: &Chain) -> Option<(String, String)> {
    let first = keymap.keys(context, chain.first).first()?;
    let then = keymap.keys(chain.screen, chain.then).first()?;
    let keys = first.followed_by(then);
    Some((keys.to_string(), chain.then.description(context).to_owned()))
}

/// One row of the help as drawn: keys at the left (or a heading), then description text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    /// An entry's keys, a heading, or empty (a description's continuation, an empty line).
    pub keys: String,
    /// Cells from the row's left where `text` starts: the description column.
    pub indent: usize,
    pub text: String,
    pub heading: bool,
}

/// The help laid out for a terminal: the popup's width and title, and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpPage {
    /// Columns of the popup, its border included.
    pub width: u16,
    pub title: String,
    pub rows: Vec<HelpRow>,
}

/// Cells between the keys and their description.
const HELP_GAP: usize = 2;
/// Cells of the popup around a row: the border and a blank column on each side.
const HELP_FRAME: usize = 4;

/// The help for `context` in a terminal `screen_width` cells wide: as wide as its text needs
/// (at most the terminal less a column on each side), keys in a column at the left and each
/// description beside them. Where a description cannot fit on its row it wraps onto rows
/// under the description column; the key column then narrows if that takes fewer rows, keys
/// wider than it getting rows of their own above their description.
pub fn help_page(
    keymap: &Keymap,
    context: Context,
    screen_width: u16,
    policy: AmbiguousWidth,
) -> HelpPage {
    let lines = help_lines(keymap, context);
    let width = |s: &str| str_width(s, policy);
    let is_entry = |(_, description): &&(String, String)| !description.is_empty();
    let keys_width = lines.iter().filter(is_entry).map(|(k, _)| width(k));
    let key_column = keys_width.max().unwrap_or(0);
    let text_width = lines.iter().map(|(_, d)| width(d)).max().unwrap_or(0);
    let headings = lines.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let titles = help_titles(keymap, context);
    let natural = (key_column + HELP_GAP + text_width)
        .max(headings)
        .saturating_add(HELP_FRAME)
        .max(width(&titles[0]) + 2);
    let popup = natural.min(usize::from(screen_width.saturating_sub(2)));
    let room = popup.saturating_sub(HELP_FRAME).max(1);
    let natural_rows = help_rows_at(&lines, key_column, room, policy);
    let column = if natural_rows.len() == lines.len() {
        key_column
    } else {
        // Something wraps. Candidates: every key width that leaves a cell for text, and none
        // (all keys above their text); the fewest rows wins, and of those the widest column.
        let candidates = lines
            .iter()
            .filter(is_entry)
            .map(|(k, _)| width(k))
            .chain([0])
            .filter(|&c| c + HELP_GAP < room);
        candidates
            .map(|c| (help_rows_at(&lines, c, room, policy).len(), Reverse(c)))
            .min()
            .map_or(0, |(_, Reverse(c))| c)
    };
    let title = titles
        .iter()
        .find(|t| width(t) + 2 <= popup)
        .unwrap_or(&titles[titles.len() - 1])
        .clone();
    HelpPage {
        width: u16::try_from(popup).unwrap_or(u16::MAX),
        title,
        rows: if column == key_column {
            natural_rows
        } else {
            help_rows_at(&lines, column, room, policy)
        },
    }
}

/// The popup's title, longest first: which screen, and how to scroll and close.
fn help_titles(keymap: &Keymap, context: Context) -> Vec<String> {
    let first = |command| {
        keymap
            .keys(Context::Help, command)
            .first()
            .map(ToString::to_string)
    };
    let screen = if context == Context::Help {
        " help ".to_owned()
    } else {
        format!(" {} help ", context.name())
    };
    let mut how = Vec::new();
    if let (Some(down), Some(up)) = (first(Command::Down), first(Command::Up)) {
        how.push(format!("{down}/{up} scroll"));
    }
    if let Some(close) = first(Command::Close) {
        how.push(format!("{close} close"));
    }
    let mut titles = Vec::new();
    if !how.is_empty() {
        titles.push(format!("{}: {} ", screen.trim_end(), how.join(", ")));
    }
    titles.push(screen);
    titles
}

/// The rows of `lines` with the description column at `column + HELP_GAP`, in `room` cells.
fn help_rows_at(
    lines: &[(String, String)],
    column: usize,
    room: usize,
    policy: AmbiguousWidth,
) -> Vec<HelpRow> {
    let indent = column + HELP_GAP;
    let text_room = room.saturating_sub(indent).max(1);
    let row = |keys: &str, indent: usize, text: &str, heading: bool| HelpRow {
        keys: keys.to_owned(),
        indent,
        text: text.to_owned(),
        heading,
    };
    let mut rows = Vec::new();
    for (keys, description) in lines {
        if description.is_empty() {
            // A heading (or an empty line): wrapped, should it ever need to be.
            for piece in wrap_to_strings(keys, room, policy) {
                rows.push(row(piece, 0, "", !keys.is_empty()));
            }
            continue;
        }
        let mut pieces = wrap_to_strings(description, text_room, policy).into_iter();
        if str_width(keys, policy) <= column {
            let first = pieces.next().unwrap_or("");
            rows.push(row(keys, indent, first, false));
        } else {
            for piece in wrap_to_strings(keys, room, policy) {
                rows.push(row(piece, indent, "", false));
            }
        }
        rows.extend(pieces.map(|piece| row("", indent, piece, false)));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

    fn key(s: &str) -> Key {
        s.parse().unwrap()
    }

    #[test]
    fn keys_parse_and_print() {
        assert_eq!(key("j").code, KeyCode::Char('j'));
        assert_eq!(key("G").code, KeyCode::Char('G'));
        assert_eq!(
            key("Ctrl-d"),
            Key {
                code: KeyCode::Char('d'),
                modifiers: KeyModifiers::CONTROL
            }
        );
        assert_eq!(key("PageDown").code, KeyCode::PageDown);
        assert_eq!(key("Space").code, KeyCode::Char(' '));
        assert_eq!(key("F5").code, KeyCode::F(5));
        assert_eq!(key("}").to_string(), "}");
        assert_eq!(key("Ctrl-D").to_string(), "Ctrl-d");
        assert!("Hyper-x".parse::<Key>().is_err());
        assert!("jj".parse::<Key>().is_err());
    }

    #[test]
    fn events_match_config_keys() {
        let shifted =
            KeyEvent::new_with_kind(KeyCode::Char('G'), KeyModifiers::SHIFT, KeyEventKind::Press);
        assert_eq!(Key::from_event(&shifted), key("G"));
        let ctrl = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(Key::from_event(&ctrl), key("Ctrl-d"));
    }

    #[test]
    fn rebinding_replaces_and_clashes_are_found() {
        let mut map = Keymap::default();
        map.bind(
            Context::Reader,
            Command::ScrollDown,
            vec![key("j").into(), key("Down").into()],
        );
        map.bind(Context::Reader, Command::ScrollDown, vec![key("e").into()]);
        assert_eq!(map.command(Context::Reader, key("j")), None);
        assert_eq!(
            map.command(Context::Reader, key("e")),
            Some(Command::ScrollDown)
        );
        map.bind(Context::Reader, Command::ScrollUp, vec![key("e").into()]);
        assert!(map.clash(Context::Reader).is_some());
        map.bind(
            Context::Reader,
            Command::ScrollUp,
            vec!["e x".parse().unwrap()],
        );
        let clash = map.clash(Context::Reader).expect("e starts e x");
        assert_eq!(clash.keys, "e (the start of e x)");
        map.bind(
            Context::Reader,
            Command::ScrollDown,
            vec!["e x y".parse().unwrap()],
        );
        assert!(map.clash(Context::Reader).is_some(), "e x starts e x y");
        map.bind(
            Context::Reader,
            Command::ScrollUp,
            vec!["e".parse().unwrap()],
        );
        assert!(map.clash(Context::Reader).is_some(), "e starts e x y");
        let mut map = Keymap::default();
        map.bind(
            Context::Reader,
            Command::Top,
            vec!["g".parse().unwrap(), "g g".parse().unwrap()],
        );
        assert_eq!(
            map.clash(Context::Reader),
            None,
            "g and g g of one command agree"
        );
    }

    #[test]
    fn a_key_moved_to_another_command_stays_there() {
        let mut map = Keymap::default();
        map.bind(Context::Reader, Command::ScrollDown, vec![key("j").into()]);
        map.bind(
            Context::Reader,
            Command::NextParagraph,
            vec![key("j").into()],
        );
        map.bind(Context::Reader, Command::ScrollDown, vec![key("e").into()]);
        assert_eq!(
            map.command(Context::Reader, key("j")),
            Some(Command::NextParagraph)
        );
        assert_eq!(map.clash(Context::Reader), None);
    }

    #[test]
    fn names_are_those_of_the_config_and_unique() {
        let mut names: Vec<&str> = Command::ALL.iter().map(|c| c.name()).collect();
        for command in Command::ALL {
            assert_eq!(Command::from_name(command.name()), Some(command));
            assert!(
                Context::ALL.iter().any(|c| c.commands().contains(&command)),
                "{command:?} is on no screen"
            );
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Command::ALL.len());
        assert_eq!(Command::from_name("ScrollDown"), None);
        assert_eq!(Context::from_name("reader"), Some(Context::Reader));
        assert_eq!(Context::Reader.table(), "[keys.reader]");
    }

    #[test]
    fn no_two_keys_of_a_screen_are_described_alike() {
        for context in Context::ALL {
            let mut seen = Vec::new();
            for &command in context.commands() {
                let description = command.description(context);
                assert!(!seen.contains(&description), "{context:?}: {description}");
                seen.push(description);
            }
        }
    }

    #[test]
    fn help_rows_fit_their_room_at_every_width() {
        let mut map = Keymap::default();
        for context in Context::ALL {
            for &command in context.commands() {
                let keys = match command {
                    Command::PageDown => vec![
                        key("Space").into(),
                        key("PageDown").into(),
                        key("Ctrl-f").into(),
                    ],
                    Command::Down => vec![key("j").into(), key("Down").into()],
                    Command::Top => vec!["g".parse().unwrap(), "g g".parse().unwrap()],
                    _ => vec![key(&command.name()[..1]).into()],
                };
                map.bind(context, command, keys);
            }
        }
        for policy in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
            for context in Context::ALL {
                // Never drawn below 20 columns (the app says the terminal is too small).
                for width in 0..20 {
                    help_page(&map, context, width, policy);
                }
                for width in (20..=90).chain((91..=200).step_by(9)) {
                    let page = help_page(&map, context, width, policy);
                    assert!(page.width <= width - 2, "{width}");
                    let room = usize::from(page.width) - HELP_FRAME;
                    for row in &page.rows {
                        assert!(str_width(&row.keys, policy) <= room, "{width}: {row:?}");
                        let end = row.indent + str_width(&row.text, policy);
                        assert!(row.text.is_empty() || end <= room, "{width}: {row:?}");
                        if !row.keys.is_empty() && !row.text.is_empty() {
                            assert!(str_width(&row.keys, policy) + HELP_GAP <= row.indent);
                        }
                    }
                }
            }
        }
    }
}
