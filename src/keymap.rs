//! Keys → commands, screen by screen; and back again, for the hints and the help screen.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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

    /// The commands a screen knows, in the order the help screen lists them.
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
                C::Help,
                C::Quit,
            ],
            Context::Headings => &[
                C::Down,
                C::Up,
                C::Open,
                C::Top,
                C::Bottom,
                C::Filter,
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
                C::NextParagraph,
                C::PreviousParagraph,
                C::NextHeading,
                C::PreviousHeading,
                C::CycleLayout,
                C::SwapPanes,
                C::Search,
                C::NextMatch,
                C::PreviousMatch,
                C::ToggleBookmark,
                C::BookmarkWithNote,
                C::NextBookmark,
                C::PreviousBookmark,
                C::Bookmarks,
                C::Headings,
                C::Help,
                C::Back,
                C::Quit,
                C::Suspend,
            ],
            Context::Help => &[C::Down, C::Up, C::Close, C::Quit],
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
}

impl Command {
    pub const ALL: [Command; 36] = [
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
        }
    }

    /// The command a config-file name stands for.
    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == name)
    }

    /// One line for the help screen.
    pub fn description(self) -> &'static str {
        match self {
            Command::Down => "move down",
            Command::Up => "move up",
            Command::Open => "open the selected article",
            Command::Top => "go to the top",
            Command::Bottom => "go to the bottom",
            Command::Help => "show this help",
            Command::Quit => "quit",
            Command::Back => "back (closes search, then the article, then quits)",
            Command::Close => "close the help",
            Command::Suspend => "suspend (resume with fg)",
            Command::ScrollDown => "scroll down a row",
            Command::ScrollUp => "scroll up a row",
            Command::HalfPageDown => "half a page down",
            Command::HalfPageUp => "half a page up",
            Command::PageDown => "a page down",
            Command::PageUp => "a page up",
            Command::NextParagraph => "next paragraph",
            Command::PreviousParagraph => "previous paragraph",
            Command::NextHeading => "next heading",
            Command::PreviousHeading => "previous heading",
            Command::CycleLayout => "layout: side by side → stacked → English → Japanese",
            Command::SwapPanes => "swap the panes",
            Command::Search => "search both languages",
            Command::NextMatch => "next match",
            Command::PreviousMatch => "previous match",
            Command::ToggleBookmark => "bookmark the current paragraph (again: remove it)",
            Command::BookmarkWithNote => "bookmark with a note (or edit its note)",
            Command::NextBookmark => "next bookmark in the article",
            Command::PreviousBookmark => "previous bookmark in the article",
            Command::Bookmarks => "all bookmarks",
            Command::Filter => "filter the list",
            Command::Sort => "sort by date or by title",
            Command::Remove => "remove (asks first in the library; u undoes in bookmarks)",
            Command::Undo => "undo the last removal",
            Command::EditNote => "edit the note",
            Command::Headings => "headings: English and Japanese side by side",
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
            Command::Search => "search",
            Command::Help => "help",
            Command::Back => "back",
            Command::Quit => "quit",
            Command::Open => "open",
            Command::EditNote => "note",
            Command::Remove => "remove",
            Command::Undo => "undo",
            Command::Filter => "filter",
            Command::Sort => "sort",
            Command::Bookmarks => "bookmarks",
            Command::ToggleBookmark => "mark",
            Command::Headings => "headings",
            _ => self.description(),
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
    by_key: HashMap<Key, Command>,
    by_command: HashMap<Command, Vec<Key>>,
}

/// Every screen's bindings.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    tables: HashMap<Context, Table>,
}

impl Keymap {
    /// Binds `command` to exactly `keys` on a screen, replacing what it had.
    pub fn bind(&mut self, context: Context, command: Command, keys: Vec<Key>) {
        let table = self.tables.entry(context).or_default();
        if let Some(old) = table.by_command.remove(&command) {
            for key in old {
                // The key may have been given to another command since; leave it there.
                if table.by_key.get(&key) == Some(&command) {
                    table.by_key.remove(&key);
                }
            }
        }
        for &key in &keys {
            table.by_key.insert(key, command);
        }
        table.by_command.insert(command, keys);
    }

    /// The command a key runs on a screen.
    pub fn command(&self, context: Context, key: Key) -> Option<Command> {
        self.tables.get(&context)?.by_key.get(&key).copied()
    }

    /// The keys bound to a command on a screen (empty if none).
    pub fn keys(&self, context: Context, command: Command) -> &[Key] {
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

    /// Hints for a status bar: the first key of each command and a word for it.
    pub fn hint_line(&self, context: Context, commands: &[Command]) -> String {
        let hints: Vec<String> = commands
            .iter()
            .filter_map(|&c| Some(format!("{} {}", self.keys(context, c).first()?, c.hint())))
            .collect();
        format!(" {}", hints.join("  ·  "))
    }

    /// Two commands on one screen sharing a key: the first such clash, if any.
    pub fn clash(&self, context: Context) -> Option<(Key, Command, Command)> {
        let table = self.tables.get(&context)?;
        let mut commands: Vec<&Command> = table.by_command.keys().collect();
        commands.sort_by_key(|c| c.name());
        for command in commands {
            for key in &table.by_command[command] {
                match table.by_key.get(key) {
                    Some(owner) if owner != command => return Some((*key, *owner, *command)),
                    _ => {}
                }
            }
        }
        None
    }
}

/// The help screen's lines, `(keys, description)`: for each screen, the `first` one first, a
/// heading line (empty description) and then every command with its keys.
pub fn help_lines(keymap: &Keymap, first: Context) -> Vec<(String, String)> {
    let order = std::iter::once(first).chain(Context::ALL.into_iter().filter(|&c| c != first));
    let mut lines = Vec::new();
    for context in order {
        if !lines.is_empty() {
            lines.push((String::new(), String::new()));
        }
        lines.push((format!("{} screen", context.name()), String::new()));
        for &command in context.commands() {
            let keys = keymap
                .describe_keys(context, command)
                .unwrap_or_else(|| "(unbound)".into());
            lines.push((keys, command.description().to_owned()));
        }
    }
    lines
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
            vec![key("j"), key("Down")],
        );
        map.bind(Context::Reader, Command::ScrollDown, vec![key("e")]);
        assert_eq!(map.command(Context::Reader, key("j")), None);
        assert_eq!(
            map.command(Context::Reader, key("e")),
            Some(Command::ScrollDown)
        );
        map.bind(Context::Reader, Command::ScrollUp, vec![key("e")]);
        assert!(map.clash(Context::Reader).is_some());
    }

    #[test]
    fn a_key_moved_to_another_command_stays_there() {
        let mut map = Keymap::default();
        map.bind(Context::Reader, Command::ScrollDown, vec![key("j")]);
        map.bind(Context::Reader, Command::NextParagraph, vec![key("j")]);
        map.bind(Context::Reader, Command::ScrollDown, vec![key("e")]);
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
}
