//! The command line (`:`), as in vim: `:N` goes to paragraph N, `:s N` to sentence N, `:N%` to
//! a share of the text and `:$` to the end (each a jump); `:set` shows or sets what has a key
//! to toggle it (`:set layout=stacked`), the measure (`:set measure=72`) and the theme
//! (`:set theme=light`); `:q` quits and
//! `:help` opens the help. Tab completes command names, setting names and values; ↑/↓ recall
//! the lines entered in this session that start with what is typed. Errors go to the status
//! bar.

use crate::app::{Action, App, Overlay, Purpose, goto, jumps, measure, reader};
use crate::config::ThemeChoice;
use crate::editor::LineEditor;
use crate::layout::{Mode, RubyShown};
use crate::text::{AmbiguousWidth, sanitize};

/// How many lines the history keeps.
const HISTORY_LIMIT: usize = 100;

/// The command line's state beside its text: Tab's candidates and ↑/↓'s place in the history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    completion: Option<Completion>,
    recall: Option<Recall>,
}

/// What Tab found for the word before the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Completion {
    /// Where the word starts in the line.
    start: usize,
    candidates: Vec<String>,
    /// The candidate in the line now.
    shown: usize,
}

/// Where ↑/↓ are in the history.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Recall {
    /// What was typed before the first ↑: only lines that start with it come back.
    typed: String,
    /// The entry in the line now.
    at: usize,
}

impl CommandLine {
    /// What the status bar shows after the line while Tab cycles: the candidates, the one in
    /// the line in brackets.
    pub fn listing(&self) -> Option<String> {
        let completion = self.completion.as_ref()?;
        if completion.candidates.is_empty() {
            return Some("(nothing to complete)".into());
        }
        let listed: Vec<String> = completion
            .candidates
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == completion.shown {
                    format!("[{c}]")
                } else {
                    c.clone()
                }
            })
            .collect();
        Some(listed.join(" "))
    }
}

/// The commands, as `(name, shortest abbreviation)`, in the order Tab offers them.
const COMMANDS: [(Name, &str, &str); 4] = [
    (Name::Help, "help", "h"),
    (Name::Quit, "quit", "q"),
    (Name::Sentence, "sentence", "s"),
    (Name::Set, "set", "se"),
];

/// Other words for quitting that vim's hands type.
const QUIT_ALIASES: [&str; 5] = ["qa", "qall", "wq", "x", "exit"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    Help,
    Quit,
    Sentence,
    Set,
}

/// The command a word names: in full, or cut to no less than its abbreviation (`se`, `sen`);
/// where two could be meant, the one whose abbreviation it is.
fn named(word: &str) -> Option<Name> {
    if QUIT_ALIASES.contains(&word) {
        return Some(Name::Quit);
    }
    let mut fitting = COMMANDS
        .iter()
        .filter(|(_, full, short)| full.starts_with(word) && word.len() >= short.len());
    let first = fitting.clone().next()?;
    let exact = fitting.find(|(_, _, short)| *short == word);
    Some(exact.unwrap_or(first).0)
}

/// What a line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Paragraph(usize),
    Last,
    Percent(usize),
    Sentence(usize),
    /// `:set` and what follows it.
    Set(String),
    Quit,
    Help,
}

/// A number of digits only (a huge one saturates).
fn number(text: &str) -> Option<usize> {
    let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| text.parse().unwrap_or(usize::MAX))
}

/// Reads a line; `None` for a blank one.
fn parse(line: &str) -> Result<Option<Line>, String> {
    let line = line.trim();
    if line.is_empty() {
        return Ok(None);
    }
    if line == "$" {
        return Ok(Some(Line::Last));
    }
    if let Some(n) = line.strip_suffix('%').and_then(number) {
        return Ok(Some(Line::Percent(n)));
    }
    if let Some(n) = number(line) {
        return Ok(Some(Line::Paragraph(n)));
    }
    let word_end = line
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(line.len());
    let (word, rest) = (&line[..word_end], line[word_end..].trim());
    let names = COMMANDS.map(|(_, full, _)| full).join(", ");
    let Some(name) = named(word) else {
        let shown = if word.is_empty() { line } else { word };
        return Err(format!("not a command: {shown} (:N, :N%, :$, {names})"));
    };
    Ok(Some(match name {
        Name::Help => Line::Help,
        Name::Quit if rest.is_empty() || rest == "!" => Line::Quit,
        Name::Quit => return Err(format!("{word} takes nothing after it")),
        Name::Sentence => match number(rest) {
            Some(n) => Line::Sentence(n),
            None => return Err("sentence: which? as in :s 45".into()),
        },
        Name::Set => Line::Set(rest.to_owned()),
    }))
}

/// The settings `:set` knows: those with a key to change them, and the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    Layout,
    Rows,
    Ruby,
    Measure,
    Ambiguous,
    Theme,
}

impl Setting {
    const ALL: [Setting; 6] = [
        Setting::Layout,
        Setting::Rows,
        Setting::Ruby,
        Setting::Measure,
        Setting::Ambiguous,
        Setting::Theme,
    ];

    fn name(self) -> &'static str {
        match self {
            Setting::Layout => "layout",
            Setting::Rows => "rows",
            Setting::Ruby => "ruby",
            Setting::Measure => "measure",
            Setting::Ambiguous => "ambiguous",
            Setting::Theme => "theme",
        }
    }

    fn named(name: &str) -> Result<Setting, String> {
        Setting::ALL
            .into_iter()
            .find(|s| s.name() == name)
            .ok_or_else(|| {
                let names = Setting::ALL.map(Setting::name).join(", ");
                format!("unknown setting '{name}' ({names})")
            })
    }

    /// The values it takes, as the config file writes them (the measure: none to list).
    fn values(self) -> Vec<&'static str> {
        match self {
            Setting::Layout => Mode::ALL.map(Mode::name).to_vec(),
            Setting::Rows => vec!["paragraph", "sentence"],
            Setting::Ruby => RubyShown::ALL.map(RubyShown::name).to_vec(),
            Setting::Measure => Vec::new(),
            Setting::Ambiguous => vec!["narrow", "wide"],
            Setting::Theme => ThemeChoice::ALL.map(ThemeChoice::name).to_vec(),
        }
    }

    fn current(self, app: &App) -> String {
        let reader = app.reader.as_ref();
        let name = match self {
            Setting::Layout => reader.map_or(app.config.layout, |r| r.mode).name(),
            Setting::Rows if reader.map_or(app.config.sentence_rows, |r| r.sentence_rows) => {
                "sentence"
            }
            Setting::Rows => "paragraph",
            Setting::Ruby => app.config.ruby.name(),
            Setting::Measure => return app.measure.to_string(),
            Setting::Ambiguous => match app.config.ambiguous {
                AmbiguousWidth::Narrow => "narrow",
                AmbiguousWidth::Wide => "wide",
            },
            Setting::Theme => app.config.theme_choice.name(),
        };
        name.to_owned()
    }

    /// Sets it as its key would, saying so on the status bar.
    fn set(self, app: &mut App, value: &str) -> Result<(), String> {
        match self {
            Setting::Layout => {
                let mode: Mode = value.parse()?;
                reader::set_mode(app, |_| mode);
            }
            Setting::Rows => match value {
                "sentence" => reader::set_sentence_rows(app, true),
                "paragraph" => reader::set_sentence_rows(app, false),
                other => return Err(format!("unknown rows '{other}' (paragraph, sentence)")),
            },
            Setting::Ruby => reader::set_ruby(app, value.parse()?),
            Setting::Measure => reader::set_measure(app, measure::parsed(value)?),
            Setting::Ambiguous => reader::set_ambiguous(app, value.parse()?),
            Setting::Theme => reader::set_theme(app, value.parse()?),
        }
        Ok(())
    }
}

/// The command line's typing and its Enter; Esc just closes it.
pub(super) fn update(app: &mut App, action: &Action, text: &str) {
    match action {
        Action::Submit => {
            remember(app, text);
            if let Err(error) = run(app, text) {
                app.message = Some(sanitize(&error));
            }
        }
        Action::Edit(_) => {
            if let Some(line) = line_state(app) {
                *line = CommandLine::default();
            }
        }
        _ => {}
    }
}

fn line_state(app: &mut App) -> Option<&mut CommandLine> {
    match app.overlay.as_mut() {
        Some(Overlay::Prompt(prompt)) => match &mut prompt.purpose {
            Purpose::Command(line) => Some(line),
            _ => None,
        },
        _ => None,
    }
}

/// Keeps an entered line in the history, once, as the newest.
fn remember(app: &mut App, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let history = &mut app.command_history;
    history.retain(|line| line != text);
    history.push(text.to_owned());
    if history.len() > HISTORY_LIMIT {
        history.remove(0);
    }
}

fn run(app: &mut App, text: &str) -> Result<(), String> {
    let height = app.pane_height();
    let Some(line) = parse(text)? else {
        return Ok(());
    };
    let mut message = None;
    match line {
        Line::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Line::Quit => app.should_quit = true,
        Line::Set(settings) => set(app, &settings)?,
        Line::Paragraph(n) => go(app, |reader| message = goto::paragraph(reader, n, height)),
        Line::Last => go(app, |reader| goto::end(reader, height)),
        Line::Percent(share) => go(app, |reader| goto::percent(reader, share, height)),
        Line::Sentence(n) => go(app, |reader| message = goto::sentence(reader, n, height)),
    }
    if message.is_some() {
        app.message = message;
    }
    Ok(())
}

/// Goes somewhere in the reader: a jump, which the jump list keeps.
fn go(app: &mut App, to: impl FnOnce(&mut crate::app::Reader)) {
    jumps::recorded(app, |app| {
        if let Some(reader) = app.reader.as_mut() {
            to(reader);
        }
    });
}

/// `:set`: alone, every setting; `name` alone (or `name?`), its value; `name=value` (or
/// `name:value`), sets it. Several may follow one another.
fn set(app: &mut App, settings: &str) -> Result<(), String> {
    let mut shown = Vec::new();
    for item in settings.split_whitespace() {
        if let Some((name, value)) = item.split_once(['=', ':']) {
            Setting::named(name)?.set(app, value)?;
        } else {
            let setting = Setting::named(item.trim_end_matches('?'))?;
            shown.push(format!("{}={}", setting.name(), setting.current(app)));
        }
    }
    if settings.trim().is_empty() {
        shown = Setting::ALL
            .iter()
            .map(|s| format!("{}={}", s.name(), s.current(app)))
            .collect();
    }
    if !shown.is_empty() {
        app.message = Some(shown.join("  "));
    }
    Ok(())
}

/// Tab (`step` 1) or Shift-Tab (−1): the next or previous candidate for the word before the
/// cursor, in its place.
pub(super) fn complete(app: &mut App, step: isize) {
    let Some(Overlay::Prompt(prompt)) = app.overlay.as_mut() else {
        return;
    };
    let Purpose::Command(line) = &mut prompt.purpose else {
        return;
    };
    line.recall = None;
    let editor = &mut prompt.editor;
    if let Some(completion) = line.completion.as_mut().filter(|c| c.candidates.len() > 1) {
        let count = isize::try_from(completion.candidates.len()).unwrap_or(isize::MAX);
        let shown = isize::try_from(completion.shown).unwrap_or(0);
        completion.shown = usize::try_from((shown + step).rem_euclid(count)).unwrap_or(0);
        let caret = editor.split().0.len();
        editor.replace(
            completion.start..caret,
            &completion.candidates[completion.shown],
        );
        return;
    }
    let (start, candidates) = candidates(editor.split().0);
    let shown = if step < 0 {
        candidates.len().saturating_sub(1)
    } else {
        0
    };
    if let Some(candidate) = candidates.get(shown) {
        let caret = editor.split().0.len();
        editor.replace(start..caret, candidate);
    }
    // A single candidate is taken whole: the next Tab looks afresh (`layout=`, then values).
    line.completion = (candidates.len() != 1).then_some(Completion {
        start,
        candidates,
        shown,
    });
}

/// Where the word before the cursor starts, and what it could be: a command's name; after
/// `set`, a setting's name (with its `=`), or after `name=`, its values.
fn candidates(before: &str) -> (usize, Vec<String>) {
    let start = before.len() - before.trim_start().len();
    let Some(space) = before[start..]
        .find(char::is_whitespace)
        .map(|at| at + start)
    else {
        let word = &before[start..];
        let names = COMMANDS.iter().map(|(_, full, _)| *full);
        return (
            start,
            names
                .filter(|n| n.starts_with(word))
                .map(String::from)
                .collect(),
        );
    };
    if named(&before[start..space]) != Some(Name::Set) {
        return (before.len(), Vec::new());
    }
    let arg_start = before.rfind(char::is_whitespace).map_or(0, |at| {
        at + before[at..].chars().next().map_or(1, char::len_utf8)
    });
    let arg = &before[arg_start..];
    let found: Vec<String> = match arg.split_once(['=', ':']) {
        Some((name, value)) => Setting::named(name).map_or_else(
            |_| Vec::new(),
            |setting| {
                let values = setting.values().into_iter();
                let fitting = values.filter(|v| v.starts_with(value));
                fitting.map(|v| format!("{}={v}", setting.name())).collect()
            },
        ),
        None => Setting::ALL
            .iter()
            .map(|s| s.name())
            .filter(|n| n.starts_with(arg))
            .map(|n| format!("{n}="))
            .collect(),
    };
    (arg_start, found)
}

/// ↑ (`step` −1) or ↓ (1): an older or newer line of the history that starts with what was
/// typed; ↓ past the newest gives back what was typed.
pub(super) fn recall(app: &mut App, step: isize) {
    let history = &app.command_history;
    let Some(Overlay::Prompt(prompt)) = app.overlay.as_mut() else {
        return;
    };
    let Purpose::Command(line) = &mut prompt.purpose else {
        return;
    };
    line.completion = None;
    let typed = line
        .recall
        .as_ref()
        .map_or_else(|| prompt.editor.text().to_owned(), |r| r.typed.clone());
    let from = line.recall.as_ref().map_or(history.len(), |r| r.at);
    let fits = |i: &usize| history[*i].starts_with(&typed);
    let next = if step < 0 {
        (0..from).rev().find(fits)
    } else {
        (from + 1..history.len()).find(fits)
    };
    match next {
        Some(at) => {
            prompt.editor = LineEditor::with_text(&history[at]);
            line.recall = Some(Recall { typed, at });
        }
        None if step > 0 && line.recall.is_some() => {
            prompt.editor = LineEditor::with_text(&typed);
            line.recall = None;
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_as_vim_reads_them() {
        assert_eq!(parse("  "), Ok(None));
        assert_eq!(parse("123"), Ok(Some(Line::Paragraph(123))));
        assert_eq!(parse(" 7 "), Ok(Some(Line::Paragraph(7))));
        assert_eq!(parse("$"), Ok(Some(Line::Last)));
        assert_eq!(parse("50%"), Ok(Some(Line::Percent(50))));
        assert_eq!(parse("s 45"), Ok(Some(Line::Sentence(45))));
        assert_eq!(parse("s45"), Ok(Some(Line::Sentence(45))));
        assert_eq!(parse("sentence 2"), Ok(Some(Line::Sentence(2))));
        assert_eq!(parse("se"), Ok(Some(Line::Set(String::new()))));
        assert_eq!(
            parse("set layout=en"),
            Ok(Some(Line::Set("layout=en".into())))
        );
        for quit in ["q", "quit", "q!", "qa", "wq", "x"] {
            assert_eq!(parse(quit), Ok(Some(Line::Quit)), "{quit}");
        }
        assert_eq!(parse("h"), Ok(Some(Line::Help)));
        assert_eq!(
            parse("99999999999999999999999"),
            Ok(Some(Line::Paragraph(usize::MAX)))
        );
        assert!(parse("s").unwrap_err().contains(":s 45"));
        assert!(
            parse("frobnicate")
                .unwrap_err()
                .starts_with("not a command: frobnicate")
        );
        assert!(parse("q now").is_err());
        assert!(parse("-3").is_err());
    }

    #[test]
    fn abbreviations_pick_the_command_they_shorten() {
        assert_eq!(named("s"), Some(Name::Sentence));
        assert_eq!(named("se"), Some(Name::Set));
        assert_eq!(named("sen"), Some(Name::Sentence));
        assert_eq!(named("set"), Some(Name::Set));
        assert_eq!(named("he"), Some(Name::Help));
        assert_eq!(named("sets"), None);
        assert_eq!(named(""), None);
    }

    #[test]
    fn candidates_follow_the_word_before_the_cursor() {
        let words = |before: &str| candidates(before).1;
        assert_eq!(words(""), ["help", "quit", "sentence", "set"]);
        assert_eq!(words("s"), ["sentence", "set"]);
        assert_eq!(words("he"), ["help"]);
        assert_eq!(
            words("set "),
            [
                "layout=",
                "rows=",
                "ruby=",
                "measure=",
                "ambiguous=",
                "theme="
            ]
        );
        assert_eq!(
            words("set theme="),
            ["theme=auto", "theme=dark", "theme=light"]
        );
        assert_eq!(words("set t"), ["theme="]);
        assert_eq!(words("set r"), ["rows=", "ruby="]);
        assert_eq!(
            words("se layout=s"),
            ["layout=side", "layout=swapped", "layout=stacked"]
        );
        assert_eq!(words("set ruby=h"), ["ruby=hide"]);
        assert_eq!(
            candidates("set layout=en r"),
            (14, vec!["rows=".into(), "ruby=".into()])
        );
        assert!(words("set colour=").is_empty());
        assert!(words("s 4").is_empty());
        assert!(words("12").is_empty());
    }
}
