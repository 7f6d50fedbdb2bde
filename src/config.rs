//! The config: layout, ambiguous width, theme and keys, from `config.toml` over embedded defaults.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;

use crate::article::Side;
use crate::keymap::{Clash, Command, Context, Keymap, Keys};
use crate::layout::{Mode, RubyShown, check_measure};
use crate::text::{AmbiguousWidth, sanitize};

/// The defaults, commented: also the documentation of the format.
pub const DEFAULT_CONFIG: &str = include_str!("../assets/default-config.toml");

/// Everything the reader takes from the config.
#[derive(Debug, Clone)]
pub struct Config {
    pub layout: Mode,
    /// Each sentence pair of a paragraph starts on one row in both panes (`rows = "sentence"`).
    pub sentence_rows: bool,
    pub ambiguous: AmbiguousWidth,
    /// Readings over Japanese text: after their base, or hidden (`ruby = "inline" | "hide"`).
    pub ruby: RubyShown,
    /// The widest a pane's lines get, in cells (`measure`); 0: the whole window.
    pub measure: usize,
    /// Colours are drawn (false under `NO_COLOR`).
    pub color: bool,
    /// How long `auto` waits for the terminal's background (`theme_wait`, milliseconds).
    pub theme_wait: std::time::Duration,
    /// The theme asked for (`theme = "auto" | "dark" | "light"`).
    pub theme_choice: ThemeChoice,
    /// The languages `y` and `Y` copy (`copy = "both" | "en" | "ja"`).
    pub copy: CopyLanguages,
    /// The mouse is taken from the start (`mouse = true`); else the terminal selects text.
    pub mouse: bool,
    /// The terminal's background as it told at start; `auto` draws dark without it.
    pub terminal_shade: Option<Shade>,
    /// Both themes, without colours under `NO_COLOR`.
    pub themes: Themes,
    pub keymap: Keymap,
}

impl Config {
    /// The theme the screens draw with: of `themes`, the one `theme_choice` picks.
    pub fn theme(&self) -> &Theme {
        self.themes.get(self.shade())
    }

    /// The shade of the theme drawn with: the chosen one, or the terminal's for `auto`.
    pub fn shade(&self) -> Shade {
        match self.theme_choice {
            ThemeChoice::Auto => self.terminal_shade.unwrap_or(Shade::Dark),
            ThemeChoice::Dark => Shade::Dark,
            ThemeChoice::Light => Shade::Light,
        }
    }

    /// Whether the terminal's background decides the theme: `auto`, in colour.
    pub fn follows_terminal(&self) -> bool {
        self.color && self.theme_choice == ThemeChoice::Auto
    }

    /// Takes the terminal's background (if it told it) as what `auto` stands for.
    #[must_use]
    pub fn on_background(mut self, shade: Option<Shade>) -> Config {
        self.terminal_shade = shade;
        self
    }
}

/// Which theme the config asks for: `auto` follows the terminal's background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChoice {
    Auto,
    Dark,
    Light,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::Auto, ThemeChoice::Dark, ThemeChoice::Light];

    pub fn name(self) -> &'static str {
        match self {
            ThemeChoice::Auto => "auto",
            ThemeChoice::Dark => "dark",
            ThemeChoice::Light => "light",
        }
    }
}

impl std::str::FromStr for ThemeChoice {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        ThemeChoice::ALL
            .into_iter()
            .find(|choice| choice.name() == name)
            .ok_or_else(|| format!("unknown theme '{name}' (auto, dark, light)"))
    }
}

/// The languages a copied passage has: both (English, then Japanese) or one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyLanguages {
    Both,
    En,
    Ja,
}

impl CopyLanguages {
    pub const ALL: [CopyLanguages; 3] = [CopyLanguages::Both, CopyLanguages::En, CopyLanguages::Ja];

    pub fn name(self) -> &'static str {
        match self {
            CopyLanguages::Both => "both",
            CopyLanguages::En => "en",
            CopyLanguages::Ja => "ja",
        }
    }

    /// The sides copied, in the order they are put on the clipboard.
    pub fn sides(self) -> &'static [Side] {
        match self {
            CopyLanguages::Both => &Side::BOTH,
            CopyLanguages::En => &[Side::En],
            CopyLanguages::Ja => &[Side::Ja],
        }
    }
}

impl std::str::FromStr for CopyLanguages {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        CopyLanguages::ALL
            .into_iter()
            .find(|languages| languages.name() == name)
            .ok_or_else(|| format!("unknown copy '{name}' (both, en, ja)"))
    }
}

/// A background, and the theme drawn on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shade {
    Dark,
    Light,
}

impl Shade {
    /// As the config names the theme of this shade (`[theme.dark]`).
    pub fn name(self) -> &'static str {
        match self {
            Shade::Dark => "dark",
            Shade::Light => "light",
        }
    }
}

/// The config's two themes, `[theme.dark]` and `[theme.light]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Themes {
    pub dark: Theme,
    pub light: Theme,
}

impl Themes {
    pub fn get(&self, shade: Shade) -> &Theme {
        match shade {
            Shade::Dark => &self.dark,
            Shade::Light => &self.light,
        }
    }
}

/// The styles the screens draw with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Theme {
    pub text: Style,
    pub heading: Style,
    pub note: Style,
    pub placeholder: Style,
    pub title_bar: Style,
    pub status_bar: Style,
    pub hint_key: Style,
    pub current: Style,
    pub marker: Style,
    pub gutter: Style,
    pub match_: Style,
    pub current_match: Style,
    /// The current sentence, and its partners in the other pane.
    pub sentence: Style,
    pub partner: Style,
    /// A reading shown after its base, and emphasis marked in the text (傍点).
    pub ruby: Style,
    pub emphasis: Style,
    pub selected: Style,
    pub missing: Style,
    pub dialog: Style,
    pub dialog_border: Style,
}

impl Theme {
    /// The same theme without colours (for `NO_COLOR`): bold, italic and reverse stay, and
    /// what colours told apart is told apart by them: the bars and the selected row in reverse
    /// video, the current paragraph in bold, its lit sentence in reverse, the partners and the
    /// matches underlined, the current match in reverse and underlined.
    #[must_use]
    pub fn without_color(&self) -> Theme {
        // Without colours bold is never grey: what black text took away, it keeps.
        let strip = |s: Style| Style {
            fg: None,
            bg: None,
            underline_color: None,
            sub_modifier: Modifier::empty(),
            ..s
        };
        let mut theme = self.clone();
        for style in theme.styles_mut() {
            *style = strip(*style);
        }
        for bar in [
            &mut theme.title_bar,
            &mut theme.status_bar,
            &mut theme.selected,
        ] {
            *bar = bar.add_modifier(Modifier::REVERSED);
        }
        theme.current = theme.current.add_modifier(Modifier::BOLD);
        theme.sentence = theme.sentence.add_modifier(Modifier::REVERSED);
        theme.partner = theme.partner.add_modifier(Modifier::UNDERLINED);
        theme.match_ = theme.match_.add_modifier(Modifier::UNDERLINED);
        theme.current_match = theme
            .current_match
            .add_modifier(Modifier::REVERSED | Modifier::UNDERLINED);
        theme
    }

    fn styles_mut(&mut self) -> [&mut Style; 20] {
        [
            &mut self.text,
            &mut self.heading,
            &mut self.note,
            &mut self.placeholder,
            &mut self.title_bar,
            &mut self.status_bar,
            &mut self.hint_key,
            &mut self.current,
            &mut self.marker,
            &mut self.gutter,
            &mut self.match_,
            &mut self.current_match,
            &mut self.sentence,
            &mut self.partner,
            &mut self.ruby,
            &mut self.emphasis,
            &mut self.selected,
            &mut self.missing,
            &mut self.dialog,
            &mut self.dialog_border,
        ]
    }
}

/// A config that could not be used: where, and why. Safe to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ConfigError {}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    reader: RawReader,
    #[serde(default)]
    keys: HashMap<Spanned<String>, RawBindings>,
    #[serde(default)]
    theme: HashMap<Spanned<String>, HashMap<Spanned<String>, RawStyle>>,
}

/// One screen's `[keys.NAME]` table: action = [keys]. Actions are read as names, so that a
/// misspelt one can be answered with the nearest of that screen's.
type RawBindings = HashMap<Spanned<String>, Vec<Spanned<String>>>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReader {
    layout: Option<Spanned<String>>,
    rows: Option<Spanned<String>>,
    ambiguous: Option<Spanned<String>>,
    ruby: Option<Spanned<String>>,
    measure: Option<Spanned<u64>>,
    theme: Option<Spanned<String>>,
    theme_wait: Option<Spanned<u64>>,
    copy: Option<Spanned<String>>,
    mouse: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(clippy::struct_excessive_bools)] // one per modifier, as the file spells them
struct RawStyle {
    fg: Option<Spanned<String>>,
    bg: Option<Spanned<String>>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    dim: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underlined: bool,
    #[serde(default)]
    reversed: bool,
}

/// One TOML document being read, for messages that name the line.
struct Source<'a> {
    name: String,
    text: &'a str,
    /// The embedded defaults: their keys are not checked again at every start (clashes, ways
    /// out), a test holding them to every check a user's config gets.
    trusted: bool,
}

impl Source<'_> {
    fn error_at(&self, span: std::ops::Range<usize>, message: &str) -> ConfigError {
        let line = self.text[..span.start.min(self.text.len())]
            .matches('\n')
            .count()
            + 1;
        ConfigError {
            path: self.name.clone(),
            message: format!("line {line}: {}", sanitize(message)),
        }
    }

    fn parse(&self) -> Result<RawConfig, ConfigError> {
        toml::from_str(self.text).map_err(|e| match e.span() {
            Some(span) => self.error_at(span, e.message()),
            None => ConfigError {
                path: self.name.clone(),
                message: sanitize(e.message()),
            },
        })
    }
}

/// Where the config folder is: `TAIYAKU_CONFIG_DIR`, else the platform's.
pub fn config_dir(flag: Option<&Path>) -> Option<PathBuf> {
    flag.map(Path::to_path_buf)
        .or_else(|| std::env::var_os("TAIYAKU_CONFIG_DIR").map(PathBuf::from))
        .or_else(|| {
            directories::ProjectDirs::from("", "", "taiyaku").map(|d| d.config_dir().to_owned())
        })
}

/// Loads `config.toml` from the folder (if there is one) over the defaults.
pub fn load(dir: Option<&Path>) -> Result<Config, ConfigError> {
    let path = dir.map(|d| d.join("config.toml"));
    let user = match &path {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(ConfigError {
                    path: sanitize(&path.display().to_string()),
                    message: e.to_string(),
                });
            }
        },
        None => None,
    };
    let user_source = path.zip(user.as_deref()).map(|(path, text)| Source {
        name: sanitize(&path.display().to_string()),
        text,
        trusted: false,
    });
    from_sources(user_source.as_ref(), color_allowed())
}

/// The defaults merged with a user's config text (named `name` in messages).
pub fn from_toml(name: &str, text: &str, color: bool) -> Result<Config, ConfigError> {
    let source = Source {
        name: name.to_owned(),
        text,
        trusted: false,
    };
    from_sources(Some(&source), color)
}

/// The embedded defaults alone.
pub fn defaults(color: bool) -> Config {
    from_sources(None, color).expect("the embedded default config is valid")
}

fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn from_sources(user: Option<&Source>, color: bool) -> Result<Config, ConfigError> {
    let defaults = Source {
        name: "default config".to_owned(),
        text: DEFAULT_CONFIG,
        trusted: true,
    };
    let mut config = Config {
        layout: Mode::Side,
        sentence_rows: false,
        ambiguous: AmbiguousWidth::Narrow,
        ruby: RubyShown::Inline,
        measure: 0,
        theme_wait: std::time::Duration::ZERO,
        color,
        theme_choice: ThemeChoice::Auto,
        copy: CopyLanguages::Both,
        mouse: true,
        terminal_shade: None,
        themes: Themes::default(),
        keymap: Keymap::default(),
    };
    let (mut dark, mut light) = (RawTheme::new(), RawTheme::new());
    for source in std::iter::once(&defaults).chain(user) {
        let raw = source.parse()?;
        apply_reader(&mut config, &raw.reader, source)?;
        apply_keys(&mut config.keymap, &raw.keys, source)?;
        for (name, styles) in raw.theme {
            let theme = match name.as_ref().as_str() {
                "dark" => &mut dark,
                "light" => &mut light,
                other => {
                    let message = format!("no theme [theme.{other}] (the themes: dark, light)");
                    return Err(source.error_at(name.span(), &message));
                }
            };
            for (field, style) in styles {
                check_style_field(field.as_ref(), field.span(), source)?;
                theme.insert(field.as_ref().clone(), (style, source.name.clone()));
            }
        }
    }
    let user = user.unwrap_or(&defaults);
    config.themes = Themes {
        dark: build_theme(&dark, user)?,
        light: build_theme(&light, user)?,
    };
    if !color {
        config.themes.dark = config.themes.dark.without_color();
        config.themes.light = config.themes.light.without_color();
    }
    Ok(config)
}

/// The longest `theme_wait`: ten seconds, beyond which a start that seems to hang is worse
/// than the dark theme.
const MAX_THEME_WAIT_MS: u64 = 10_000;

/// A `[theme.NAME]` table as read, each style with the name of the file it came from.
type RawTheme = HashMap<String, (RawStyle, String)>;

fn apply_reader(config: &mut Config, raw: &RawReader, source: &Source) -> Result<(), ConfigError> {
    if let Some(layout) = &raw.layout {
        config.layout = layout
            .as_ref()
            .parse()
            .map_err(|e: String| source.error_at(layout.span(), &e))?;
    }
    if let Some(rows) = &raw.rows {
        config.sentence_rows = match rows.as_ref().as_str() {
            "sentence" => true,
            "paragraph" => false,
            other => {
                let message = format!("unknown rows '{other}' (paragraph, sentence)");
                return Err(source.error_at(rows.span(), &message));
            }
        };
    }
    if let Some(ambiguous) = &raw.ambiguous {
        config.ambiguous = ambiguous
            .as_ref()
            .parse()
            .map_err(|e: String| source.error_at(ambiguous.span(), &e))?;
    }
    if let Some(ruby) = &raw.ruby {
        config.ruby = ruby
            .as_ref()
            .parse()
            .map_err(|e: String| source.error_at(ruby.span(), &e))?;
    }
    if let Some(measure) = &raw.measure {
        let cells = usize::try_from(*measure.as_ref()).unwrap_or(usize::MAX);
        config.measure = check_measure(cells).map_err(|e| source.error_at(measure.span(), &e))?;
    }
    if let Some(wait) = &raw.theme_wait {
        let millis = *wait.as_ref();
        if !(1..=MAX_THEME_WAIT_MS).contains(&millis) {
            let message =
                format!("theme_wait {millis} is not 1–{MAX_THEME_WAIT_MS} (milliseconds)");
            return Err(source.error_at(wait.span(), &message));
        }
        config.theme_wait = std::time::Duration::from_millis(millis);
    }
    if let Some(copy) = &raw.copy {
        config.copy = copy
            .as_ref()
            .parse()
            .map_err(|e: String| source.error_at(copy.span(), &e))?;
    }
    if let Some(mouse) = raw.mouse {
        config.mouse = mouse;
    }
    if let Some(theme) = &raw.theme {
        config.theme_choice = theme
            .as_ref()
            .parse()
            .map_err(|e: String| source.error_at(theme.span(), &e))?;
    }
    Ok(())
}

fn apply_keys(
    keymap: &mut Keymap,
    raw: &HashMap<Spanned<String>, RawBindings>,
    source: &Source,
) -> Result<(), ConfigError> {
    // In file order, so that the first mistake is the one reported.
    let mut screens: Vec<_> = raw.iter().collect();
    screens.sort_by_key(|(screen, _)| screen.span().start);
    for (screen, bindings) in screens {
        let context = Context::from_name(screen.as_ref())
            .ok_or_else(|| source.error_at(screen.span(), &unknown_screen(screen.as_ref())))?;
        // In file order, so that the result never depends on a hash map's order.
        let mut bindings: Vec<_> = bindings.iter().collect();
        bindings.sort_by_key(|(name, _)| name.span().start);
        let mut written = Vec::new();
        for (name, keys) in bindings {
            let command = command_named(context, name.as_ref())
                .map_err(|message| source.error_at(name.span(), &message))?;
            let keys = keys
                .iter()
                .map(|k| {
                    k.as_ref()
                        .parse::<Keys>()
                        .map_err(|e| source.error_at(k.span(), &e))
                })
                .collect::<Result<Vec<_>, _>>()?;
            keymap.bind(context, command, keys);
            written.push((command, name.span()));
        }
        if source.trusted {
            continue;
        }
        check_ways_out(keymap, context, &written, source)?;
        if let Some(Clash { keys: key, a, b }) = keymap.clash(context) {
            let involved = written
                .iter()
                .find(|(c, _)| *c == a || *c == b)
                .map_or(0..0, |(_, span)| span.clone());
            let is_written = |command| written.iter().any(|(c, _)| *c == command);
            let kept = match (is_written(a), is_written(b)) {
                (true, false) => Some(b.name()),
                (false, true) => Some(a.name()),
                _ => None,
            };
            let default = kept.map_or_else(String::new, |kept| {
                format!(" ('{kept}' has it by default: give '{kept}' other keys to free it)")
            });
            let message = format!(
                "key {key} is bound to both '{}' and '{}' in {}{default}",
                a.name(),
                b.name(),
                context.table()
            );
            return Err(source.error_at(involved, &message));
        }
    }
    Ok(())
}

/// Every screen keeps its ways out: Ctrl-c quits (a binding that takes it is refused, and
/// `quit` gets it back if a config left it out), and the way back (`back`, the help's `close`)
/// keeps a key. A binding that breaks either is refused at its line.
fn check_ways_out(
    keymap: &mut Keymap,
    context: Context,
    written: &[(Command, std::ops::Range<usize>)],
    source: &Source,
) -> Result<(), ConfigError> {
    let table = context.table();
    for (command, span) in written {
        let name = command.name();
        if *command != Command::Quit && keymap.takes_quit_key(context, *command) {
            let message =
                format!("Ctrl-c always quits taiyaku: it cannot be bound to '{name}' in {table}");
            return Err(source.error_at(span.clone(), &message));
        }
        if *command == context.way_back() && keymap.keys(context, *command).is_empty() {
            let message =
                format!("'{name}' needs a key in {table}: without one the screen has no way back");
            return Err(source.error_at(span.clone(), &message));
        }
    }
    keymap.keep_quit(context);
    Ok(())
}

/// The message for a `[keys.NAME]` table that names no screen.
fn unknown_screen(name: &str) -> String {
    let names = Context::ALL.map(Context::name);
    match closest(name, names) {
        Some(close) => format!("no screen [keys.{name}]: did you mean [keys.{close}]?"),
        None => format!("no screen [keys.{name}] (screens: {})", names.join(", ")),
    }
}

/// The command of a screen that a config name stands for, or what to tell the user: the
/// nearest of that screen's names to a misspelt one, else the names it takes.
fn command_named(context: Context, name: &str) -> Result<Command, String> {
    let here = context.commands();
    let known = Command::from_name(name);
    if let Some(command) = known.filter(|c| here.contains(c)) {
        return Ok(command);
    }
    let table = context.table();
    let names = here.iter().map(|c| c.name()).collect::<Vec<_>>();
    let suggestion = known
        .and_then(|c| c.counterpart(context))
        .map(Command::name)
        .or_else(|| closest(name, names.iter().copied()));
    Err(match (known, suggestion) {
        (Some(_), Some(near)) => {
            format!(
                "'{name}' is not a {} action: did you mean '{near}'?",
                context.name()
            )
        }
        (Some(command), None) => {
            let tables = Context::ALL
                .into_iter()
                .filter(|c| c.commands().contains(&command))
                .map(Context::table)
                .collect::<Vec<_>>();
            format!(
                "'{name}' is not a {} action (it is one of {}); {table} takes {}",
                context.name(),
                tables.join(" and "),
                names.join(", ")
            )
        }
        (None, Some(near)) => format!("unknown action '{name}' in {table}: did you mean '{near}'?"),
        (None, None) => format!(
            "unknown action '{name}' in {table}, which takes {}",
            names.join(", ")
        ),
    })
}

/// Of `candidates`, the one nearest to `name` if it is near enough to be a slip of the
/// fingers: an edit or two, depending on the length (the first of equals).
fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.to_lowercase();
    let allowed = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(&name, candidate), candidate))
        .filter(|&(distance, _)| distance <= allowed)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Edits (insertion, deletion, substitution, or swapping two neighbours) from `a` to `b`:
/// the optimal string alignment distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Rows i-2, i-1 and i of the table of distances between prefixes.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

const STYLE_FIELDS: [&str; 20] = [
    "text",
    "heading",
    "note",
    "placeholder",
    "title_bar",
    "status_bar",
    "hint_key",
    "current",
    "marker",
    "gutter",
    "match",
    "current_match",
    "sentence",
    "partner",
    "ruby",
    "emphasis",
    "selected",
    "missing",
    "dialog",
    "dialog_border",
];

/// The styles laid over the text's own (a heading's): the lit sentence and matches, a
/// selected row.
const LAYERS: [&str; 5] = ["match", "current_match", "sentence", "partner", "selected"];

fn check_style_field(
    field: &str,
    span: std::ops::Range<usize>,
    source: &Source,
) -> Result<(), ConfigError> {
    if STYLE_FIELDS.contains(&field) {
        Ok(())
    } else {
        Err(source.error_at(span, &format!("unknown theme style '{field}'")))
    }
}

fn build_theme(raw: &RawTheme, user: &Source) -> Result<Theme, ConfigError> {
    let mut theme = Theme::default();
    for (name, slot) in STYLE_FIELDS.iter().zip(theme.styles_mut()) {
        if let Some((style, from)) = raw.get(*name) {
            let source_for_errors = if *from == user.name {
                user
            } else {
                &Source {
                    name: from.clone(),
                    text: DEFAULT_CONFIG,
                    trusted: true,
                }
            };
            *slot = to_style(style, source_for_errors)?;
            // Bold is drawn bright in many palettes (xterm's): black text laid over a bold
            // heading would come out grey. Such a layer takes the bold away, unless it asks.
            if LAYERS.contains(name) && slot.fg == Some(Color::Black) && !style.bold {
                *slot = slot.remove_modifier(Modifier::BOLD);
            }
        }
    }
    Ok(theme)
}

fn to_style(raw: &RawStyle, source: &Source) -> Result<Style, ConfigError> {
    let color = |c: &Option<Spanned<String>>| -> Result<Option<Color>, ConfigError> {
        c.as_ref()
            .map(|c| {
                c.as_ref().parse::<Color>().map_err(|_| {
                    source.error_at(c.span(), &format!("unknown colour '{}'", c.as_ref()))
                })
            })
            .transpose()
    };
    let mut style = Style {
        fg: color(&raw.fg)?,
        bg: color(&raw.bg)?,
        ..Style::default()
    };
    let flags = [
        (raw.bold, Modifier::BOLD),
        (raw.dim, Modifier::DIM),
        (raw.italic, Modifier::ITALIC),
        (raw.underlined, Modifier::UNDERLINED),
        (raw.reversed, Modifier::REVERSED),
    ];
    for (on, modifier) in flags {
        if on {
            style = style.add_modifier(modifier);
        }
    }
    Ok(style)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::Key;
    use crossterm::event::KeyCode;

    #[test]
    fn the_embedded_defaults_pass_every_check_a_users_config_gets() {
        // At start they are trusted (their keys not checked again); read as a user's config
        // over themselves, every check runs on them.
        let checked = from_toml("default config", DEFAULT_CONFIG, true);
        assert!(checked.is_ok(), "{:?}", checked.err());
        // And the checks would have caught a clash there.
        let clashing = DEFAULT_CONFIG.replacen("swap_panes = [\"s\"]", "swap_panes = [\"j\"]", 1);
        assert_ne!(clashing, DEFAULT_CONFIG);
        let error = from_toml("default config", &clashing, true).expect_err("a clash");
        assert!(error.message.contains("bound to both"), "{error:?}");
    }

    #[test]
    fn defaults_bind_every_documented_key() {
        let config = defaults(true);
        let map = &config.keymap;
        let key = |s: &str| s.parse::<Key>().unwrap();
        assert_eq!(
            map.command(Context::Reader, key("j")),
            Some(Command::ScrollDown)
        );
        assert_eq!(
            map.command(Context::Reader, key("}")),
            Some(Command::NextParagraph)
        );
        assert_eq!(
            map.command(Context::Reader, key("Ctrl-d")),
            Some(Command::HalfPageDown)
        );
        assert_eq!(
            map.command(Context::Reader, key("G")),
            Some(Command::Bottom)
        );
        assert_eq!(
            map.command(Context::Library, key("Enter")),
            Some(Command::Open)
        );
        for context in Context::ALL {
            for &command in context.commands() {
                assert!(
                    !map.keys(context, command).is_empty(),
                    "{command:?} unbound"
                );
            }
        }
        assert_eq!(config.theme().heading.fg, Some(Color::LightCyan));
    }

    #[test]
    fn user_config_merges_over_defaults() {
        let text = "[reader]\nlayout = \"stacked\"\ntheme = \"light\"\n[keys.reader]\nscroll_down = [\"e\"]\n";
        let config = from_toml("config.toml", text, true).unwrap();
        assert_eq!(config.layout, Mode::Stacked);
        assert_eq!(config.theme().heading.fg, Some(Color::Blue));
        let e = Key {
            code: KeyCode::Char('e'),
            modifiers: crossterm::event::KeyModifiers::NONE,
        };
        assert_eq!(
            config.keymap.command(Context::Reader, e),
            Some(Command::ScrollDown)
        );
        let j = "j".parse().unwrap();
        assert_eq!(
            config.keymap.command(Context::Reader, j),
            None,
            "replaced, not added"
        );
        assert_eq!(
            config.keymap.command(Context::Reader, "k".parse().unwrap()),
            Some(Command::ScrollUp)
        );
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            ("[reader]\nlayout = \"diagonal\"\n", "line 2"),
            ("\n\n[keys.reader]\nscrol_down = [\"j\"]\n", "line 4"),
            ("[keys.reader]\nscroll_down = [\"Hyper-j\"]\n", "line 2"),
            ("[keys.reader]\nopen = [\"o\"]\n", "line 2"),
            ("[reader]\nlayout = \n", "line 2"),
            (
                "[theme.dark]\nheading = { fg = \"chartreuse-ish\" }\n",
                "line 2",
            ),
            ("[reader]\ntheme = \"solarized\"\n", "line 2"),
            ("[colours]\n", "line 1"),
        ];
        for (text, line) in cases {
            let error = from_toml("config.toml", text, true).unwrap_err();
            assert!(error.to_string().contains(line), "{text:?}: {error}");
            assert!(error.to_string().starts_with("config.toml: "), "{error}");
        }
    }

    #[test]
    fn clashing_keys_are_refused_with_their_line() {
        let text = "[keys.reader]\n\nscroll_up = [\"j\"]\n";
        let error = from_toml("config.toml", text, true).unwrap_err();
        assert!(error.message.contains("bound to both"), "{error}");
        assert!(error.message.starts_with("line 3:"), "{error}");
    }

    #[test]
    fn keys_can_be_swapped_and_moved() {
        let swap = "[keys.reader]\nscroll_down = [\"k\"]\nscroll_up = [\"j\"]\n";
        let config = from_toml("config.toml", swap, true).unwrap();
        let map = &config.keymap;
        assert_eq!(
            map.command(Context::Reader, "j".parse().unwrap()),
            Some(Command::ScrollUp)
        );
        assert_eq!(
            map.command(Context::Reader, "k".parse().unwrap()),
            Some(Command::ScrollDown)
        );
        // Moving j to another command after freeing it, in either order in the file.
        for text in [
            "[keys.reader]\nscroll_down = [\"e\"]\nnext_paragraph = [\"j\"]\n",
            "[keys.reader]\nnext_paragraph = [\"j\"]\nscroll_down = [\"e\"]\n",
        ] {
            let config = from_toml("config.toml", text, true).unwrap();
            let j = "j".parse().unwrap();
            assert_eq!(
                config.keymap.command(Context::Reader, j),
                Some(Command::NextParagraph),
                "{text}"
            );
        }
    }

    #[test]
    fn no_color_strips_colours_but_keeps_emphasis() {
        let theme = defaults(false).theme().clone();
        assert_eq!(theme.heading.fg, None);
        assert!(theme.heading.add_modifier.contains(Modifier::BOLD));
        assert!(theme.selected.add_modifier.contains(Modifier::REVERSED));
        assert_eq!(theme.current.bg, None);
    }

    #[test]
    fn edit_distance_counts_slips() {
        assert_eq!(edit_distance("scrol_down", "scroll_down"), 1);
        assert_eq!(edit_distance("next_paragrph", "next_paragraph"), 1);
        assert_eq!(edit_distance("hlep", "help"), 1, "two letters swapped");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "quit"), 4);
        assert_eq!(edit_distance("back", "back"), 0);
        let reader = Context::Reader.commands().iter().map(|c| c.name());
        assert_eq!(closest("sort", reader.clone()), None);
        assert_eq!(closest("SEARCH", reader.clone()), Some("search"));
        assert_eq!(closest("swap_pane", reader), Some("swap_panes"));
    }
}
