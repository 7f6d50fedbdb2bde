//! The command line: arguments, and the commands that print instead of opening the reader.
//!
//! The reader, `render` and `align` take one FILE or two: `FILE_A FILE_B` are an English text and
//! its Japanese translation, told apart by script (`pair`), aligned and read as one article;
//! `--en FILE --ja FILE` states which is which. `import` takes any number of files, each an
//! article of its own, except that two files of different languages (or `--pair`, or `--en` and
//! `--ja`) are one; `--separately` keeps two such files apart.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::error::ErrorKind;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use clap_complete::Shell;

mod behind;
mod choices;
mod help;
mod pair;
mod piped;

use crate::align::anchors::Fixed;
use crate::align::article::{Paired, Sentences, fixed_pairs};
use crate::align::{Model, Report};
use crate::app::App;
use crate::article::{Article, SourceFile};
use crate::bookmarks::{Bookmark, Bookmarks, Change, Positions};
use crate::export::alignment::AlignFormat;
use crate::export::{self, ExportFormat, export};
use crate::import::{self, Format, ImportError, Imported};
use crate::layout::{self, Geometry, MIN_SIDE_BY_SIDE_WIDTH, Mode, RubyShown};
use crate::library::Origin;
use crate::store::{self, SetAside, Store};
use crate::text::{AmbiguousWidth, sanitize};
use crate::tui::{self, Told};
use crate::{config, library};
use choices::choices;
use pair::{By, Files, Named};

/// taiyaku (対訳): read English–Japanese parallel texts side by side in the terminal.
#[derive(Debug, Parser)]
#[command(
    version,
    override_usage = "taiyaku [OPTIONS] [FILE]\n       \
                      taiyaku [OPTIONS] FILE_A FILE_B\n       \
                      taiyaku [OPTIONS] --en FILE --ja FILE\n       \
                      taiyaku [OPTIONS] <COMMAND>",
    subcommand_precedence_over_arg = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// What to open in the reader (with no file: the library of bundled articles).
    #[command(flatten)]
    pub sources: Sources,
    #[arg(
        long,
        default_value = "auto",
        value_parser = choices(parse_format, format_choices),
        hide_possible_values = true,
        help = format_help("of each file")
    )]
    pub format: FormatArg,
    /// The config folder (default: `TAIYAKU_CONFIG_DIR`, else the platform's).
    #[arg(long, global = true)]
    pub config_dir: Option<PathBuf>,
    /// The data folder: bookmarks, positions, library (default: `TAIYAKU_DATA_DIR`, else the
    /// platform's).
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
}

/// The files a command reads: one article, or an English text and its Japanese translation to
/// be read as one (see the module docs).
#[derive(Debug, Args)]
pub struct Sources {
    /// One file, or two: an English text and its Japanese translation, told apart by script
    /// and aligned as one article.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The English file of a pair, stated (with --ja, instead of two FILEs).
    #[arg(long, value_name = "FILE")]
    pub en: Option<PathBuf>,
    /// The Japanese file of a pair, stated (with --en).
    #[arg(long, value_name = "FILE")]
    pub ja: Option<PathBuf>,
    /// How a pair's files are cut into sentences: split (by the sentence splitters, the
    /// default) or lines (each file plain text, every non-blank line one sentence, a blank line
    /// the end of a paragraph).
    #[arg(
        long,
        value_name = "split|lines",
        value_parser = choices(parse_sentences, || vec!["split", "lines"]),
        hide_possible_values = true
    )]
    pub sentences: Option<Sentences>,
    /// Align a pair as literary text, whose translation joins and splits sentences more
    /// freely (a novel rather than an article).
    #[arg(long)]
    pub literary: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print an article laid out as plain text: one file's, or two files' as one article.
    #[command(override_usage = "taiyaku render [OPTIONS] FILE\n       \
                                taiyaku render [OPTIONS] FILE_A FILE_B\n       \
                                taiyaku render [OPTIONS] --en FILE --ja FILE")]
    Render(RenderArgs),
    /// Add articles to the library (importing one again replaces it): each FILE an article of
    /// its own, but two files of different languages (or --pair, or --en and --ja) as one.
    #[command(
        override_usage = "taiyaku import [OPTIONS] FILE...\n       \
                          taiyaku import [OPTIONS] --pair FILE_A FILE_B\n       \
                          taiyaku import [OPTIONS] --en FILE --ja FILE",
        mut_arg("files", |files| files
            .required_unless_present_any(["en", "ja"])
            .help("Each an article of its own; an English and a Japanese file are one"))
    )]
    Import(ImportArgs),
    /// Print the sentence pairs of an English text and its Japanese translation, for scripts.
    #[command(
        override_usage = "taiyaku align [OPTIONS] FILE_A FILE_B\n       \
                          taiyaku align [OPTIONS] --en FILE --ja FILE",
        mut_arg("files", |files| files.help(
            "FILE_A FILE_B: an English text and its Japanese translation, told apart by script"
        ))
    )]
    Align(AlignArgs),
    /// Print the library: bundled and imported articles.
    List,
    /// Print every bookmark, newest first.
    Bookmarks {
        #[arg(long, value_enum, default_value_t = ExportFormat::Text)]
        format: ExportFormat,
    },
    /// Compare English and Japanese headings: of FILE, or with no FILE the titles of the library.
    Headings {
        file: Option<PathBuf>,
        /// Total width in cells (default: the terminal's, or 100 when not printing to one).
        #[arg(long, value_parser = clap::value_parser!(u16).range(20..))]
        width: Option<u16>,
        #[arg(long, value_enum, default_value_t = ExportFormat::Text)]
        format: ExportFormat,
    },
    /// Bookmark paragraph N (from 1) of an article.
    Mark {
        file: PathBuf,
        paragraph: usize,
        /// A note to keep with the bookmark.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Print the completion script of a shell: bash, zsh, fish, elvish or powershell.
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page taiyaku(1), or with COMMAND the page taiyaku-COMMAND(1), in roff.
    Man {
        /// A command of taiyaku (render, import, …), for its own page.
        command: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub sources: Sources,
    /// Total width in cells (default: the terminal's, or 100 when not printing to one).
    #[arg(long, value_parser = clap::value_parser!(u16).range(8..))]
    pub width: Option<u16>,
    /// side, swapped, stacked, en or ja (default: side, or stacked below 60 columns).
    #[arg(
        long,
        value_parser = choices(parse_mode, || Mode::ALL.map(Mode::name).to_vec()),
        hide_possible_values = true
    )]
    pub layout: Option<Mode>,
    /// Width of East Asian Ambiguous characters: narrow or wide.
    #[arg(
        long,
        default_value = "narrow",
        value_parser = choices(parse_ambiguous, || vec!["narrow", "wide"]),
        hide_possible_values = true
    )]
    pub ambiguous: AmbiguousWidth,
    /// Readings over Japanese text (ruby): inline (after the base) or hide.
    #[arg(
        long,
        default_value = "inline",
        value_parser = choices(parse_ruby, || RubyShown::ALL.map(RubyShown::name).to_vec()),
        hide_possible_values = true
    )]
    pub ruby: RubyShown,
    #[arg(
        long,
        default_value = "auto",
        value_parser = choices(parse_format, format_choices),
        hide_possible_values = true,
        help = format_help("")
    )]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub sources: Sources,
    /// The two files are one article: an English text and its Japanese translation, told apart
    /// by script.
    #[arg(long, conflicts_with = "separately")]
    pub pair: bool,
    /// Two files of different languages stay two articles.
    #[arg(long)]
    pub separately: bool,
    #[arg(
        long,
        default_value = "auto",
        value_parser = choices(parse_format, format_choices),
        hide_possible_values = true,
        help = format_help("")
    )]
    pub format: FormatArg,
}

impl ImportArgs {
    /// The pair to import as one article, if one is asked for: --en and --ja, or the two files
    /// of --pair.
    fn pair_files(&self) -> Result<Option<Files<'_>>, String> {
        let sources = &self.sources;
        match (sources.stated()?, sources.files.as_slice()) {
            (Some(files), _) => Ok(Some(files)),
            (None, [a, b]) if self.pair => Ok(Some(Files {
                a,
                b,
                by: By::Script,
            })),
            (None, files) if self.pair => Err(format!(
                "--pair takes two files, an English text and its Japanese translation ({} given)",
                files.len()
            )),
            (None, _) => Ok(None),
        }
    }
}

#[derive(Debug, Args)]
pub struct AlignArgs {
    #[command(flatten)]
    pub sources: Sources,
    /// tsv (`English<TAB>Japanese<TAB>confidence`, a pair a line) or json (both sentence
    /// lists, and the pairs as indices into them).
    #[arg(long, value_enum, default_value_t = AlignFormat::Tsv)]
    pub format: AlignFormat,
}

/// A `--format`: one of the registry's formats, or `auto` (`None`: detect it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatArg(pub Option<Format>);

/// The `--format` help: every format of the registry, by name.
fn format_help(of: &str) -> String {
    let names = import::format_names().join(", ");
    let of = if of.is_empty() {
        String::new()
    } else {
        format!(" {of}")
    };
    format!("Input format{of}: auto (detected from the content), {names}")
}

/// What `--format` completes to: auto and the registry's names.
fn format_choices() -> Vec<&'static str> {
    [vec!["auto"], import::format_names()].concat()
}

fn parse_format(s: &str) -> Result<FormatArg, String> {
    if s.trim().eq_ignore_ascii_case("auto") {
        return Ok(FormatArg(None));
    }
    import::format_named(s)
        .map(|f| FormatArg(Some(f)))
        .ok_or_else(|| {
            let names = import::format_names().join(", ");
            format!("unknown format '{}' (auto, {names})", s.escape_debug())
        })
}

fn parse_mode(s: &str) -> Result<Mode, String> {
    s.parse()
}

fn parse_ambiguous(s: &str) -> Result<AmbiguousWidth, String> {
    s.parse()
}

fn parse_ruby(s: &str) -> Result<RubyShown, String> {
    s.parse()
}

fn parse_sentences(s: &str) -> Result<Sentences, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "split" => Ok(Sentences::Split),
        "lines" => Ok(Sentences::Lines),
        _ => Err(format!("unknown way '{}' (split, lines)", s.escape_debug())),
    }
}

/// What the files on the command line are.
enum Input<'a> {
    /// An article of its own; `None`: no file (the library).
    Alone(Option<&'a Path>),
    /// An English text and its translation, to be read as one article.
    Pair(Files<'a>),
}

impl Sources {
    /// The files as the reader, `render` and `align` take them: none or one, an article of its
    /// own; two, or --en and --ja, a pair; more, refused.
    fn input(&self) -> Result<Input<'_>, String> {
        if let Some(files) = self.stated()? {
            return Ok(Input::Pair(files));
        }
        match self.files.as_slice() {
            [a, b] => Ok(Input::Pair(Files {
                a,
                b,
                by: By::Script,
            })),
            [_, _, _, ..] => Err(format!(
                "{} files given: at most two, an English text and its Japanese translation",
                self.files.len()
            )),
            files => {
                self.no_sentences()?;
                Ok(Input::Alone(files.first().map(PathBuf::as_path)))
            }
        }
    }

    /// --en and --ja as a pair, when given: both, and without FILEs.
    fn stated(&self) -> Result<Option<Files<'_>>, String> {
        match (&self.en, &self.ja) {
            (None, None) => Ok(None),
            (Some(en), Some(ja)) if self.files.is_empty() => Ok(Some(Files {
                a: en,
                b: ja,
                by: By::Statement,
            })),
            (Some(_), Some(_)) => Err("give FILE_A FILE_B or --en FILE --ja FILE, not both".into()),
            (Some(_), None) => Err("--en needs --ja: give the Japanese file too".into()),
            (None, Some(_)) => Err("--ja needs --en: give the English file too".into()),
        }
    }

    /// Refuses --sentences where there is no pair to cut into sentences.
    fn no_sentences(&self) -> Result<(), String> {
        match self.sentences {
            Some(_) => Err(
                "--sentences is for a pair of files: FILE_A FILE_B, or --en FILE --ja FILE".into(),
            ),
            None => Ok(()),
        }
    }

    /// The first file named, for a message.
    fn first(&self) -> Option<&Path> {
        self.files
            .first()
            .or(self.en.as_ref())
            .or(self.ja.as_ref())
            .map(PathBuf::as_path)
    }
}

/// Reads the command line. Global options go before or after a command (`taiyaku --data-dir D
/// list` and `taiyaku list --data-dir D` alike); a FILE (or `--en`, `--ja`, `--sentences`) given
/// before a command is refused rather than ignored. Clap's own messages quote the arguments, so
/// they are sanitized like any text from outside; `Err` carries the exit code after the message
/// has been printed.
pub fn parse() -> Result<Cli, u8> {
    parse_from(std::env::args_os())
}

/// `parse` on given arguments (the program's name first).
pub fn parse_from<I, T>(args: I) -> Result<Cli, u8>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    // The help's ending names the folders in use, which takes looking them up: only for help.
    let parsed = Cli::command()
        .try_get_matches_from(&args)
        .or_else(|error| match error.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                help::command(&args).try_get_matches_from(&args)
            }
            _ => Err(error),
        })
        .and_then(|mut matches| {
            Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut Cli::command()))
        });
    let cli = parsed.map_err(|error| {
        let text = sanitize(&error.render().to_string());
        // Standard error or output gone (`taiyaku --help | true`) is no reason to panic.
        let _ = if error.use_stderr() {
            write!(std::io::stderr(), "{text}")
        } else {
            write!(std::io::stdout(), "{text}")
        };
        u8::try_from(error.exit_code()).unwrap_or(2)
    })?;
    if let (Some(file), Some(_)) = (cli.sources.first(), &cli.command) {
        let file = file.display();
        say(&format!(
            "a file ({file}) and a command cannot be given together"
        ));
        return Err(2);
    }
    if let (Some(_), Some(_)) = (cli.sources.sentences, &cli.command) {
        say("--sentences goes after the command (taiyaku align --sentences lines …)");
        return Err(2);
    }
    Ok(cli)
}

/// Writes a message to standard error after `taiyaku: `, sanitized, as it may quote an
/// argument, a path or an environment variable: every message of the program but clap's (see
/// `parse_from`) and a failed progress screen's (`tui`, which ends the process) leaves through
/// here. A standard error that has gone (the terminal closed) is not an error.
pub fn say(message: &str) {
    let _ = writeln!(std::io::stderr(), "taiyaku: {}", sanitize(message));
}

/// Opens the interactive reader: on FILE (or a pair), or on the library of bundled articles.
/// The start of a long file is read once the settings are read and the terminal has told its
/// background: reading it on another thread meanwhile was slower (the Kyoto article's first
/// frame 5.5 ms against 5.1), a thread taking up to a millisecond to get the second core.
pub fn read(cli: &Cli) -> Result<(), String> {
    // The text may come on standard input (`-`), the keys then from the terminal, as in less.
    let reads_stdin = cli
        .sources
        .files
        .iter()
        .any(|f| f.as_os_str() == import::STDIN);
    let keys_from_terminal =
        std::io::stdin().is_terminal() || (reads_stdin && std::fs::File::open("/dev/tty").is_ok());
    let terminal = std::io::stdout().is_terminal() && keys_from_terminal;
    // Asked once, for the preview's length and the reader.
    let size = terminal.then(crossterm::terminal::size);
    // A terminal whose size is not told is taken for a common one.
    let (width, height) = match &size {
        Some(Ok(size)) => *size,
        _ => (80, 24),
    };
    let cells = usize::from(width) * usize::from(height);
    let preview = || {
        terminal
            .then(|| previewed(&cli.sources, cli.format, cells))
            .flatten()
    };
    read_with(cli, size, preview)
}

/// `read`, once it knows whether the reader has a terminal (its size, when it has one), with
/// the preview's reader.
fn read_with(
    cli: &Cli,
    size: Option<std::io::Result<(u16, u16)>>,
    preview: impl FnOnce() -> Option<(PathBuf, Article, u64)>,
) -> Result<(), String> {
    let terminal = size.is_some();
    let dir = config::config_dir(cli.config_dir.as_deref());
    let config = config::load(dir.as_deref()).map_err(|e| e.to_string())?;
    let store = store::data_dir(cli.data_dir.as_deref()).map(Store::new);
    if !std::io::stdout().is_terminal() {
        return piped::print(opened(cli, store.as_ref(), false)?, store.as_ref());
    }
    // Asked now, answered once the preview is read and the reader made (which the answer
    // could not make sooner); before anything else takes the terminal, when there is no preview.
    let mut question = (terminal && config.follows_terminal())
        .then(|| tui::Question::ask(config.theme_wait))
        .flatten();
    let preview = preview();
    let config = match question.take_if(|_| preview.is_none()) {
        Some(question) => config.on_background(question.answer()),
        None => config,
    };
    let first = match preview {
        Some(preview) => First::Preview(preview),
        None => First::Opened(opened(cli, store.as_ref(), terminal)?),
    };
    let Some(size) = size else {
        return Err(
            "the reader reads its keys from a terminal, and standard input is not one; \
                    to print an article use `taiyaku render FILE`"
                .into(),
        );
    };
    let size = size.map_err(|e| format!("terminal: {e}"))?;
    let (sender, arrivals) = std::sync::mpsc::channel();
    let behind = behind::Behind::default();
    // Work for other threads, started once the first frame is on screen (not to slow it), or
    // once the reader is idle.
    let mut later = tui::Later::default();
    let (mut app, mut notices, said) = match first {
        First::Preview((path, preview, bytes)) => {
            let (mut app, notices) =
                with_marks(App::new(config, Vec::new(), None, size), store.as_ref());
            app.show_preview(preview, bytes);
            let (format, store, sender, behind) =
                (cli.format, store.clone(), sender.clone(), behind.clone());
            later.after_first_frame(move || {
                behind::read_whole(path, format, store, sender, behind);
            });
            (app, notices, None)
        }
        First::Opened(opened) => {
            let (article, said, warnings) = match opened {
                Some(opened) => (Some(opened.article), opened.said, opened.warnings),
                None => (None, None, Vec::new()),
            };
            warn(&warnings);
            let app = App::new(config, Vec::new(), article, size);
            let (app, notices) = with_marks(app, store.as_ref());
            (app, warnings.into_iter().chain(notices).collect(), said)
        }
    };
    if let Some(question) = question {
        app.config.terminal_shade = question.answer();
    }
    if app.reader.is_some() {
        // The library is needed only when the reader goes back to it (or to every article's
        // bookmarks): it is read once the reader is idle, or asked for it.
        app.awaited.library = true;
        let (store, behind) = (store.clone(), behind.clone());
        later.when_idle(move || behind::read_library(store, sender, behind));
    } else {
        let (bundled, imported, set_aside) = behind::library(store.as_ref());
        report_set_aside(&set_aside);
        app.add_library(bundled, imported);
        notices.extend(set_aside.iter().map(SetAside::short));
    }
    // Said on the status bar too: stderr is hidden behind the reader's screen.
    // What opening the article said (a single pane for one language) comes after the files'.
    let opening = app.message.take();
    app.message = status_message(said.into_iter().chain(opening), &notices);
    let ended =
        tui::run(app, store.as_ref(), (&arrivals, later)).map_err(|e| format!("terminal: {e}"))?;
    let reported = behind.report();
    match ended {
        tui::Ended::Quit => reported,
        tui::Ended::Signal(number) => {
            // The exit status says the signal, whatever else went wrong.
            if let Err(message) = reported {
                say(&message);
            }
            std::process::exit(128 + number)
        }
    }
}

/// How the reader starts: on the article the command line's files make (`None`: the library),
/// or on a preview of a long file (`previewed`).
enum First {
    Opened(Option<Opened>),
    Preview((PathBuf, crate::article::Article, u64)),
}

/// The file of the command line, its preview and its size, when it is one long file whose
/// start can be shown before the whole is read (see `import::head`), for a terminal of `cells`.
fn previewed(
    sources: &Sources,
    format: FormatArg,
    cells: usize,
) -> Option<(PathBuf, Article, u64)> {
    let Ok(Input::Alone(Some(path))) = sources.input() else {
        return None;
    };
    let (preview, bytes) = import::head::preview(path, format.0, cells)?;
    Some((path.to_owned(), preview.article, bytes))
}

/// The article of the command line's files, read before the first frame, and saved when it was
/// aligned now. With a terminal for the reader, a long pair is aligned behind a progress line,
/// and a file that takes long to read is read behind one (see `tui::Told`).
fn opened(cli: &Cli, store: Option<&Store>, terminal: bool) -> Result<Option<Opened>, String> {
    let behind_progress = |label: String, told| {
        let work = |report: Report| open(&cli.sources, cli.format, store, Some(report));
        tui::with_progress(&label, told, work).map_err(|e| format!("terminal: {e}"))
    };
    let opened = match (long_pair(&cli.sources), reading(&cli.sources)) {
        (Some(label), _) if terminal => behind_progress(label, Told::Share)??,
        (_, Some(label)) if terminal => behind_progress(label, Told::Time)??,
        _ => open(&cli.sources, cli.format, store, None)?,
    };
    let Some(mut opened) = opened else {
        return Ok(None);
    };
    if opened.aligned_now
        && terminal
        && let Some(store) = store
        && let Err(error) = store.save_article(&opened.article)
    {
        let error = sanitize(&error.to_string());
        opened
            .warnings
            .push(format!("the alignment was not kept: {error}"));
    }
    Ok(Some(opened))
}

/// What opening says on the status bar: which file of a pair is which (and what else is
/// `said`), then any warnings.
fn status_message(said: impl IntoIterator<Item = String>, warnings: &[String]) -> Option<String> {
    let warning = (!warnings.is_empty()).then(|| format!("warning: {}", warnings.join("; ")));
    let parts: Vec<String> = said.into_iter().chain(warning).collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// An article read from the command line's files, and what to tell about it.
struct Opened {
    article: Article,
    /// For a pair: which file is which (see `pair::Sides`).
    said: Option<String>,
    warnings: Vec<String>,
    /// A pair aligned just now, to be kept in the library once the reader runs (see `read`).
    aligned_now: bool,
}

/// The article the files make, `None` without a file (see `Sources::input`). A pair kept in
/// the library (`read` keeps one it aligned) is opened from there while both files are
/// unchanged.
fn open(
    sources: &Sources,
    format: FormatArg,
    store: Option<&Store>,
    report: Option<Report>,
) -> Result<Option<Opened>, String> {
    match sources.input()? {
        Input::Alone(None) => Ok(None),
        Input::Alone(Some(path)) => open_alone(path, format, store).map(Some),
        Input::Pair(files) => {
            let sentences = sources.sentences.unwrap_or_default();
            let how = aligned_with(format, sources.literary);
            // Read once for both lookups: the pair as kept, else its earlier corrections.
            let library = library_of(store);
            let stored = stored_pair(&library, &files, sentences, &how).cloned();
            if let Some(article) = stored {
                let [en, ja] = [0, 1].map(|k| article.sources[k].name.clone());
                let said = Some(format!(
                    "English: {en} · Japanese: {ja} (as aligned before: both files unchanged)"
                ));
                return Ok(Some(Opened {
                    article,
                    said,
                    warnings: Vec::new(),
                    aligned_now: false,
                }));
            }
            let fixed = earlier_fixes(&library, &files);
            let how = (sentences, sources.literary);
            let aligned = read_pair(files, how, &fixed, format, report)?;
            // Only pairs with both sides can be found again (see `anchors::find_fixed`).
            let placeable = fixed.iter().filter(|(en, ja)| en.is_some() && ja.is_some());
            let kept = kept_fixed(&aligned.paired.article, placeable.count());
            Ok(Some(Opened {
                article: aligned.paired.article,
                said: Some(format!("{}{kept}", aligned.said)),
                warnings: aligned.warnings,
                aligned_now: true,
            }))
        }
    }
}

/// The article of one file (or standard input), or the library's corrected copy of it while the
/// file is unchanged.
fn open_alone(path: &Path, format: FormatArg, store: Option<&Store>) -> Result<Opened, String> {
    // Standard input, or a pipe (`<(command)`), cannot be read again to tell whether it
    // changed: no correction kept in the library is taken for it.
    let from_file = path.as_os_str() != import::STDIN
        && std::fs::metadata(path).is_ok_and(|file| file.is_file());
    // The file's hash (a pass over every byte) is taken beside the import, not after it.
    let (imported, hashed) = std::thread::scope(|scope| {
        let hashed = from_file.then(|| scope.spawn(|| source_file("", path)));
        let imported = import_quietly(path, format);
        (
            imported,
            hashed.map(|h| h.join().expect("hashing does not panic")),
        )
    });
    let (mut article, warnings) = imported?;
    if let Some(hashed) = hashed {
        let name = article.source.clone();
        article.sources = vec![SourceFile { name, ..hashed }];
    }
    let corrected = store
        .filter(|_| from_file)
        .and_then(|store| store.article(&article.id))
        .filter(|kept| kept.corrected && kept.sources == article.sources);
    let said = corrected
        .is_some()
        .then(|| "as corrected before (the file is unchanged)".to_owned());
    Ok(Opened {
        article: corrected.unwrap_or(article),
        said,
        warnings,
        aligned_now: false,
    })
}

/// A pair read and aligned: the alignment, which file is which, and the files' warnings.
struct Aligned {
    paired: Paired,
    said: String,
    warnings: Vec<String>,
}

/// Reads a pair's two files, puts them on their sides (`pair::sides`) and aligns them, telling
/// `report` how far it has got — or, without one, saying on stderr that a long pair is being
/// aligned.
fn read_pair(
    files: Files,
    (sentences, literary): (Sentences, bool),
    fixed: &[Fixed],
    format: FormatArg,
    report: Option<Report>,
) -> Result<Aligned, String> {
    if let (Sentences::Lines, Some(format)) = (sentences, format.0)
        && format != Format::Plain
    {
        return Err(format!(
            "--sentences lines reads each file as plain text: it cannot go with --format {format}"
        ));
    }
    let (a, a_warnings) = read_named(files.a, sentences, format)?;
    let (b, b_warnings) = read_named(files.b, sentences, format)?;
    let hashes = [source_file(&a.name, files.a), source_file(&b.name, files.b)];
    let sides = pair::sides(a, b, files.by)?;
    if report.is_none() {
        say_when_long(&sides);
    }
    let report = report.unwrap_or(&|_| {});
    let by_time = crate::align::article::pair_by_time(&sides.en, &sides.ja);
    let mut paired = by_time.unwrap_or_else(|| {
        crate::align::article::pair_keeping(
            &sides.en,
            &sides.ja,
            &if literary {
                Model::literary()
            } else {
                Model::default()
            },
            sentences,
            fixed,
            report,
        )
    });
    // English first, as the article's sides are: the stored alignment is reused while both
    // files are what they were (see `stored_pair`). Only a pair split by the sentence
    // splitters is reused, so only such a pair records them.
    // Pairs a reader fixed, kept by the new alignment, keep the article a corrected one.
    let kept_fixed = paired.article.blocks.iter().flat_map(|b| &b.sentences);
    paired.article.corrected = kept_fixed.into_iter().any(|p| p.fixed);
    if sentences == Sentences::Split {
        paired.article.sources = [&sides.en, &sides.ja]
            .iter()
            .filter_map(|side| hashes.iter().find(|h| h.name == side.source).cloned())
            .collect();
        paired.article.aligned_with = aligned_with(format, literary);
    }
    let warnings = a_warnings
        .into_iter()
        .chain(b_warnings)
        .chain(sides.warnings)
        .collect();
    Ok(Aligned {
        paired,
        said: sides.said,
        warnings,
    })
}

/// Above this many bytes of text a pair takes a second or more to align.
const LONG_PAIR: usize = 500_000;

/// For a pair of files together longer than `LONG_PAIR`, what its progress line says it is
/// doing.
fn long_pair(sources: &Sources) -> Option<String> {
    let Ok(Input::Pair(files)) = sources.input() else {
        return None;
    };
    let size = |path: &Path| std::fs::metadata(path).map_or(0, |m| m.len());
    let total = size(files.a) + size(files.b);
    (total > LONG_PAIR as u64).then(|| {
        let name = |path: &Path| sanitize(&path.display().to_string());
        format!(
            "Aligning {} and {} ({})",
            name(files.a),
            name(files.b),
            megabytes(total)
        )
    })
}

/// For one file (or standard input), what its progress line says while it is read.
fn reading(sources: &Sources) -> Option<String> {
    let Ok(Input::Alone(Some(path))) = sources.input() else {
        return None;
    };
    if path.as_os_str() == import::STDIN {
        return Some("Reading standard input".into());
    }
    let name = sanitize(&path.display().to_string());
    Some(match std::fs::metadata(path) {
        Ok(file) if file.is_file() => format!("Reading {name} ({})", megabytes(file.len())),
        _ => format!("Reading {name}"),
    })
}

/// A size in megabytes, to a tenth.
fn megabytes(bytes: u64) -> String {
    format!("{}.{} MB", bytes / 1_000_000, bytes % 1_000_000 / 100_000)
}

/// Says on stderr (when it is a terminal) that a long pair is being aligned, so that the wait
/// before the first screen is not a silent one.
fn say_when_long(sides: &pair::Sides) {
    let bytes = |article: &Article| {
        let blocks = article.blocks.iter();
        blocks
            .map(|b| {
                b.text.en.as_deref().map_or(0, str::len) + b.text.ja.as_deref().map_or(0, str::len)
            })
            .sum::<usize>()
    };
    let size = bytes(&sides.en) + bytes(&sides.ja);
    if size > LONG_PAIR && std::io::stderr().is_terminal() {
        say(&format!(
            "aligning {} and {} ({} MB of text)…",
            sides.en.source,
            sides.ja.source,
            size / 1_000_000
        ));
    }
}

/// A file of a pair and a hash of its bytes (its name as the article's `source` gives it).
fn source_file(name: &str, path: &Path) -> SourceFile {
    std::fs::File::open(path)
        .and_then(|file| SourceFile::read(name, file))
        .unwrap_or_else(|_| SourceFile::of(name, &[]))
}

/// What a pair's alignment depends on besides the two files: the aligner's version, the
/// model (`--literary`) and the format they were read as.
fn aligned_with(format: FormatArg, literary: bool) -> String {
    let format = format
        .0
        .map_or_else(|| "auto".to_owned(), |f| f.to_string());
    let text = if literary { " · literary" } else { "" };
    format!("aligner {}{text} · format {format}", crate::align::VERSION)
}

/// The library's article made from the same two files, unchanged since, by the same aligner
/// reading them the same way, if there is one: it is opened as it was aligned then, not
/// aligned again.
fn stored_pair<'l>(
    library: &'l [Article],
    files: &Files,
    sentences: Sentences,
    how: &str,
) -> Option<&'l Article> {
    if sentences != Sentences::Split {
        return None;
    }
    let hash = |path: &Path| {
        std::fs::read(path)
            .ok()
            .map(|bytes| SourceFile::of("", &bytes).hash)
    };
    let (Some(a), Some(b)) = (hash(files.a), hash(files.b)) else {
        return None;
    };
    // The two files, in either order (which is English is found again either way).
    let mut wanted = [a, b];
    wanted.sort();
    library.iter().find(|article| {
        let mut stored: Vec<&str> = article.sources.iter().map(|s| s.hash.as_str()).collect();
        stored.sort_unstable();
        stored == wanted && article.aligned_with == how
    })
}

/// The library's articles (none without a data folder), read once for the lookups of a pair.
fn library_of(store: Option<&Store>) -> Vec<Article> {
    store.map(|store| store.articles().0).unwrap_or_default()
}

/// The pairs a reader fixed in the library's corrected article made from files of the same
/// names as `files` (in either order), which have changed since: they are kept when the pair is
/// aligned again.
fn earlier_fixes(library: &[Article], files: &Files) -> Vec<Fixed> {
    let name = |path: &Path| sanitize(&path.display().to_string());
    let mut wanted = [name(files.a), name(files.b)];
    wanted.sort();
    let corrected = library.iter().find(|article| {
        let mut names: Vec<&str> = article.sources.iter().map(|s| s.name.as_str()).collect();
        names.sort_unstable();
        article.corrected && names == wanted
    });
    corrected.map(fixed_pairs).unwrap_or_default()
}

/// What opening says of the fixed pairs a new alignment kept: ` · kept 3 of 4 corrected
/// pairs`, or nothing when there were none.
fn kept_fixed(article: &Article, wanted: usize) -> String {
    if wanted == 0 {
        return String::new();
    }
    let kept = article
        .blocks
        .iter()
        .flat_map(|b| &b.sentences)
        .filter(|p| p.fixed)
        .count();
    format!(" · aligned again, keeping {kept} of {wanted} corrected pairs")
}

/// One file of a pair, read as `sentences` needs it; its warnings name it.
fn read_named(
    path: &Path,
    sentences: Sentences,
    format: FormatArg,
) -> Result<(Named, Vec<String>), String> {
    let (article, warnings) = match sentences {
        Sentences::Split => import_quietly(path, format)?,
        Sentences::Lines => imported(path, import::import_path_lines(path))?,
    };
    let name = sanitize(&path.display().to_string());
    let warnings = warnings.iter().map(|w| format!("{name}: {w}")).collect();
    Ok((Named { name, article }, warnings))
}

/// The app with the bookmarks and reading positions the data folder holds; files that had to
/// be set aside are reported on stderr in full, and returned in short for the status bar.
fn with_marks(app: App, store: Option<&Store>) -> (App, Vec<String>) {
    let Some(store) = store else {
        return (app, Vec::new());
    };
    let (bookmarks, aside) = store.load::<Bookmarks>();
    let (positions, positions_aside) = store.load::<Positions>();
    let set_aside: Vec<SetAside> = [aside, positions_aside].into_iter().flatten().collect();
    report_set_aside(&set_aside);
    let notices = set_aside.iter().map(SetAside::short).collect();
    (app.with_marks(bookmarks, positions), notices)
}

fn report_set_aside<'a>(set_aside: impl IntoIterator<Item = &'a SetAside>) {
    for aside in set_aside {
        say(&format!("warning: {aside}"));
    }
}

/// Imports a file; warnings go to stderr.
fn import_file(path: &Path, format: FormatArg) -> Result<Article, String> {
    let (article, warnings) = import_quietly(path, format)?;
    warn(&warnings);
    Ok(article)
}

fn warn(warnings: &[String]) {
    for warning in warnings {
        say(&format!("warning: {warning}"));
    }
}

/// Imports a file, handing its warnings back; the error names the file once.
fn import_quietly(path: &Path, format: FormatArg) -> Result<(Article, Vec<String>), String> {
    imported(path, import::import_path(path, format.0))
}

/// What importing `path` gave: the article and its warnings, or the error naming the file once.
fn imported(
    path: &Path,
    result: Result<Imported, ImportError>,
) -> Result<(Article, Vec<String>), String> {
    match result {
        Ok(imported) => Ok((imported.article, imported.warnings)),
        Err(e @ ImportError::Io { .. }) => Err(e.to_string()),
        Err(e) => Err(format!("{}: {e}", sanitize(&path.display().to_string()))),
    }
}

/// Runs a printing command; the error is one line, ready for stderr.
pub fn run(command: Command, cli: &Cli) -> Result<(), String> {
    match command {
        Command::Render(args) => render(&args),
        Command::Import(args) => import_files(&store(cli)?, &args),
        Command::Align(args) => align(&args, store(cli).ok().as_ref()),
        Command::List => list(Some(&store(cli)?)),
        Command::Bookmarks { format } => {
            let store = store(cli)?;
            let (bookmarks, aside) = store.load::<Bookmarks>();
            report_set_aside(aside.as_ref());
            let articles: Vec<Article> = library_articles(Some(&store))
                .into_iter()
                .map(|(_, a)| a)
                .collect();
            print(&export(&bookmarks, &articles, format))
        }
        Command::Mark {
            file,
            paragraph,
            note,
        } => mark(&store(cli)?, &file, paragraph, &note),
        Command::Headings {
            file,
            width,
            format,
        } => headings(cli, file.as_deref(), width, format),
        Command::Completions { shell } => print(&help::completions(shell)),
        Command::Man { command } => print(&help::man_page(command.as_deref())?),
    }
}

/// `taiyaku headings`: one article's, or with no FILE the library's titles.
fn headings(
    cli: &Cli,
    file: Option<&Path>,
    width: Option<u16>,
    format: ExportFormat,
) -> Result<(), String> {
    let width = width.map_or_else(default_width, usize::from);
    if let Some(file) = file {
        let article = import_file(file, FormatArg(None))?;
        return print(&export::headings::article(&article, width, format));
    }
    let library = library_articles(store(cli).ok().as_ref());
    let articles: Vec<&Article> = library.iter().map(|(_, a)| a).collect();
    print(&export::headings::library(&articles, width, format))
}

fn store(cli: &Cli) -> Result<Store, String> {
    store::data_dir(cli.data_dir.as_deref())
        .map(Store::new)
        .ok_or_else(|| "no data folder: set TAIYAKU_DATA_DIR or --data-dir".into())
}

fn print(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    printed(
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush()),
    )
}

/// What writing to standard output came to: a reader that stopped reading (`| head`) is no
/// error.
fn printed(written: std::io::Result<()>) -> Result<(), String> {
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("writing: {e}")),
        _ => Ok(()),
    }
}

/// `taiyaku import`: each file an article of its own, or a pair as one (see the module docs).
fn import_files(store: &Store, args: &ImportArgs) -> Result<(), String> {
    let sources = &args.sources;
    if let Some(files) = args.pair_files()? {
        return import_pair(store, files, args);
    }
    let mut read = Vec::new();
    for file in &sources.files {
        read.push(import_quietly(file, args.format)?);
    }
    if let ([a, b], [(a_article, _), (b_article, _)]) = (sources.files.as_slice(), &read[..])
        && !args.separately
        && pair::could_pair(a_article, b_article)
    {
        return import_pair(
            store,
            Files {
                a,
                b,
                by: By::Script,
            },
            args,
        );
    }
    sources.no_sentences()?;
    for (article, warnings) in &read {
        warn(warnings);
        save(store, article, None)?;
    }
    Ok(())
}

/// Imports a pair as one article.
fn import_pair(store: &Store, files: Files, args: &ImportArgs) -> Result<(), String> {
    let sentences = args.sources.sentences.unwrap_or_default();
    let reading = (sentences, args.sources.literary);
    // Imported again after a file changed, a corrected pair keeps its fixed pairs.
    let fixed = earlier_fixes(&library_of(Some(store)), &files);
    let aligned = read_pair(files, reading, &fixed, args.format, None)?;
    warn(&aligned.warnings);
    save(store, &aligned.paired.article, Some(&aligned.said))
}

/// Saves an article in the library and says so, with which file is which for a pair.
fn save(store: &Store, article: &Article, said: Option<&str>) -> Result<(), String> {
    let folder = sanitize(&store.dir().display().to_string());
    store
        .save_article(article)
        .map_err(|e| format!("saving to {folder}: {e}"))?;
    let said = said.map(|said| format!(" · {said}")).unwrap_or_default();
    printed(writeln!(
        std::io::stdout(),
        "imported {} ({} paragraphs){said}",
        sanitize(article.display_title()),
        article.blocks.len()
    ))
}

/// `taiyaku align`: a pair's sentence pairs, in `--format` — as a reader corrected them, when
/// the library has the pair corrected (its fixed pairs kept if the files changed since).
fn align(args: &AlignArgs, store: Option<&Store>) -> Result<(), String> {
    let Input::Pair(files) = args.sources.input()? else {
        return Err("align needs two files: FILE_A FILE_B, or --en FILE --ja FILE".into());
    };
    let sentences = args.sources.sentences.unwrap_or_default();
    let reading = (sentences, args.sources.literary);
    let how = aligned_with(FormatArg(None), args.sources.literary);
    let library = library_of(store);
    let corrected = stored_pair(&library, &files, sentences, &how).filter(|a| a.corrected);
    if let Some(article) = corrected {
        let paired = Paired::of_article(article.clone());
        return print(&export::alignment::pairs(&paired, args.format));
    }
    let fixed = earlier_fixes(&library, &files);
    let aligned = read_pair(files, reading, &fixed, FormatArg(None), None)?;
    warn(&aligned.warnings);
    print(&export::alignment::pairs(&aligned.paired, args.format))
}

/// The library: the bundled articles and those imported into the data folder (see
/// `library::merge`); files that had to be set aside are reported on stderr.
fn library_articles(store: Option<&Store>) -> Vec<(Origin, Article)> {
    let (bundled, imported, problems) = behind::library(store);
    report_set_aside(&problems);
    library::merge(bundled, imported)
}

/// `taiyaku list`: the library, a line an article (with no data folder, the bundled articles).
fn list(store: Option<&Store>) -> Result<(), String> {
    let (bookmarks, aside) = store.map(Store::load::<Bookmarks>).unwrap_or_default();
    report_set_aside(aside.as_ref());
    let mut out = String::new();
    for (origin, article) in &library_articles(store) {
        let count = bookmarks.of_article(&article.id).count();
        let date = article.headings.date_iso.as_deref().unwrap_or("----------");
        let [en, ja] = article.title_sides();
        let _ = writeln!(
            out,
            "{date}  {:8}  {en} / {ja}  ({} paragraphs, {count} bookmarks)",
            origin.name(),
            article.blocks.len()
        );
    }
    print(&sanitize(&out))
}

fn mark(store: &Store, file: &Path, paragraph: usize, note: &str) -> Result<(), String> {
    let article = import_file(file, FormatArg(None))?;
    let count = article.blocks.len();
    let block = paragraph
        .checked_sub(1)
        .filter(|&b| b < count)
        .ok_or_else(|| format!("no paragraph {paragraph}: the article has {count}"))?;
    let bookmark = Bookmark::new(&article, block, &sanitize(note), crate::date::now());
    let (_, aside) = store
        .update::<Bookmarks>(|all| all.apply(&Change::Add(bookmark)))
        .map_err(|e| format!("saving the bookmark: {e}"))?;
    report_set_aside(aside.as_ref());
    printed(writeln!(
        std::io::stdout(),
        "bookmarked ¶{paragraph} of {}",
        sanitize(article.display_title())
    ))
}

fn render(args: &RenderArgs) -> Result<(), String> {
    let opened = open(&args.sources, args.format, None, None)?
        .ok_or("render needs a file: FILE, FILE_A FILE_B, or --en FILE --ja FILE")?;
    warn(&opened.warnings);
    print_laid_out(
        &opened.article,
        args.width,
        args.layout,
        args.ambiguous,
        args.ruby,
    )
}

/// Prints an article laid out as `render` lays it out: `width` by default the terminal's, and
/// `mode` side by side, or stacked where that is too narrow.
fn print_laid_out(
    article: &Article,
    width: Option<u16>,
    mode: Option<Mode>,
    policy: AmbiguousWidth,
    ruby: RubyShown,
) -> Result<(), String> {
    let width = width.map_or_else(default_width, usize::from);
    let mode = mode.unwrap_or(if width < MIN_SIDE_BY_SIDE_WIDTH {
        Mode::Stacked
    } else {
        Mode::Side
    });
    let geometry = Geometry {
        width,
        mode,
        policy,
        sentence_rows: false,
        ruby,
    };
    // Written a unit at a time: the laid-out text of a long article is many times its size.
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let written = layout::render_plain_each(article, geometry, |text| {
        stdout.write_all(sanitize(text).as_bytes())
    })
    .and_then(|()| stdout.flush());
    printed(written)
}

fn default_width() -> usize {
    const NOT_A_TERMINAL: usize = 100;
    if std::io::stdout().is_terminal() {
        crossterm::terminal::size().map_or(NOT_A_TERMINAL, |(w, _)| usize::from(w).max(8))
    } else {
        NOT_A_TERMINAL
    }
}
