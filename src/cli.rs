//! The command line: arguments, and the commands that print instead of opening the reader.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::app::App;
use crate::article::Article;
use crate::bookmarks::{Bookmark, Bookmarks, Change, Positions};
use crate::export::{self, ExportFormat, export};
use crate::import::{self, Format};
use crate::layout::{self, Geometry, MIN_SIDE_BY_SIDE_WIDTH, Mode};
use crate::library::Origin;
use crate::store::{self, SetAside, Store};
use crate::text::{AmbiguousWidth, sanitize};
use crate::{config, library, tui};

/// taiyaku (対訳): read English–Japanese parallel texts side by side in the terminal.
#[derive(Debug, Parser)]
#[command(
    version,
    override_usage = "taiyaku [OPTIONS] [FILE]\n       taiyaku [OPTIONS] <COMMAND>"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// An article to open in the reader (with none: the library of bundled articles).
    pub file: Option<PathBuf>,
    /// Input format of FILE: auto (detected from the content), jitow, plain, json, kyoto.
    #[arg(long, default_value = "auto", value_parser = parse_format)]
    pub format: FormatArg,
    /// The config folder (default: `TAIYAKU_CONFIG_DIR`, else the platform's).
    #[arg(long, global = true)]
    pub config_dir: Option<PathBuf>,
    /// The data folder: bookmarks, positions, library (default: `TAIYAKU_DATA_DIR`, else the
    /// platform's).
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print an article laid out as plain text.
    Render(RenderArgs),
    /// Add articles to the library (importing one again replaces it).
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Input format: auto (detected from the content), jitow, plain, json, kyoto.
        #[arg(long, default_value = "auto", value_parser = parse_format)]
        format: FormatArg,
    },
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
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The article: a JITOW page, plain text, or taiyaku JSON.
    pub file: PathBuf,
    /// Total width in cells (default: the terminal's, or 100 when not printing to one).
    #[arg(long, value_parser = clap::value_parser!(u16).range(8..))]
    pub width: Option<u16>,
    /// side, swapped, stacked, en or ja (default: side, or stacked below 60 columns).
    #[arg(long, value_parser = parse_mode)]
    pub layout: Option<Mode>,
    /// Width of East Asian Ambiguous characters: narrow or wide.
    #[arg(long, default_value = "narrow", value_parser = parse_ambiguous)]
    pub ambiguous: AmbiguousWidth,
    /// Input format: auto (detected from the content), jitow, plain, json, kyoto.
    #[arg(long, default_value = "auto", value_parser = parse_format)]
    pub format: FormatArg,
}

/// A `--format`: one of the registry's formats, or `auto` (`None`: detect it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatArg(pub Option<Format>);

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

/// Reads the command line. Global options go before or after a command (`taiyaku --data-dir D
/// list` and `taiyaku list --data-dir D` alike); a FILE given with a command is refused rather
/// than ignored. Clap's own messages quote the arguments, so they are sanitized like any text
/// from outside; `Err` carries the exit code after the message has been printed.
pub fn parse() -> Result<Cli, u8> {
    parse_from(std::env::args_os())
}

/// `parse` on given arguments (the program's name first).
pub fn parse_from<I, T>(args: I) -> Result<Cli, u8>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = Cli::try_parse_from(args).map_err(|error| {
        let text = sanitize(&error.render().to_string());
        if error.use_stderr() {
            eprint!("{text}");
        } else {
            print!("{text}");
        }
        u8::try_from(error.exit_code()).unwrap_or(2)
    })?;
    if let (Some(file), Some(_)) = (&cli.file, &cli.command) {
        let file = sanitize(&file.display().to_string());
        eprintln!("taiyaku: a file ({file}) and a command cannot be given together");
        return Err(2);
    }
    Ok(cli)
}

/// Opens the interactive reader: on FILE, or on the library of bundled articles.
pub fn read(cli: &Cli) -> Result<(), String> {
    let dir = config::config_dir(cli.config_dir.as_deref());
    let config = config::load(dir.as_deref()).map_err(|e| e.to_string())?;
    let (opened, warnings) = match &cli.file {
        Some(path) => {
            let (article, warnings) = import_quietly(path, cli.format)?;
            (Some(article), warnings)
        }
        None => (None, Vec::new()),
    };
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(
            "the reader needs a terminal; to print an article use `taiyaku render FILE`".into(),
        );
    }
    let size = crossterm::terminal::size().map_err(|e| format!("terminal: {e}"))?;
    for warning in &warnings {
        eprintln!("taiyaku: warning: {warning}");
    }
    let store = store::data_dir(cli.data_dir.as_deref()).map(Store::new);
    let app = App::new(config, library::bundled(), opened, size);
    let (mut app, notices) = match &store {
        Some(store) => with_saved_state(app, store),
        None => (app, Vec::new()),
    };
    // Said on the status bar too: stderr is hidden behind the reader's screen.
    let status: Vec<String> = warnings.into_iter().chain(notices).collect();
    app.message = (!status.is_empty()).then(|| format!("warning: {}", status.join("; ")));
    match tui::run(app, store.as_ref()).map_err(|e| format!("terminal: {e}"))? {
        tui::Ended::Quit => Ok(()),
        tui::Ended::Signal(number) => std::process::exit(128 + number),
    }
}

/// The app with what the data folder holds; files that had to be set aside are reported on
/// stderr in full, and returned in short for the status bar.
fn with_saved_state(app: App, store: &Store) -> (App, Vec<String>) {
    let (bookmarks, aside) = store.load::<Bookmarks>();
    let (positions, positions_aside) = store.load::<Positions>();
    let (imported, problems) = store.articles();
    let set_aside: Vec<SetAside> = [aside, positions_aside]
        .into_iter()
        .flatten()
        .chain(problems)
        .collect();
    for aside in &set_aside {
        eprintln!("taiyaku: warning: {aside}");
    }
    let notices = set_aside.iter().map(SetAside::short).collect();
    (app.with_saved(bookmarks, positions, imported), notices)
}

/// Imports a file; warnings go to stderr.
fn import_file(path: &Path, format: FormatArg) -> Result<Article, String> {
    let (article, warnings) = import_quietly(path, format)?;
    for warning in &warnings {
        eprintln!("taiyaku: warning: {warning}");
    }
    Ok(article)
}

/// Imports a file, handing its warnings back; the error names the file once.
fn import_quietly(path: &Path, format: FormatArg) -> Result<(Article, Vec<String>), String> {
    match import::import_path(path, format.0) {
        Ok(imported) => Ok((imported.article, imported.warnings)),
        Err(e @ import::ImportError::Io { .. }) => Err(e.to_string()),
        Err(e) => Err(format!("{}: {e}", sanitize(&path.display().to_string()))),
    }
}

/// Runs a printing command; the error is one line, ready for stderr.
pub fn run(command: Command, cli: &Cli) -> Result<(), String> {
    match command {
        Command::Render(args) => render(&args),
        Command::Import { files, format } => import_files(&store(cli)?, &files, format),
        Command::List => list(&store(cli)?),
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

fn report_set_aside(aside: Option<&SetAside>) {
    if let Some(aside) = aside {
        eprintln!("taiyaku: warning: {aside}");
    }
}

fn print(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("writing: {e}")),
        _ => Ok(()),
    }
}

fn import_files(store: &Store, files: &[PathBuf], format: FormatArg) -> Result<(), String> {
    for file in files {
        let article = import_file(file, format)?;
        let folder = sanitize(&store.dir().display().to_string());
        store
            .save_article(&article)
            .map_err(|e| format!("saving to {folder}: {e}"))?;
        println!(
            "imported {} ({} paragraphs)",
            sanitize(article.display_title()),
            article.blocks.len()
        );
    }
    Ok(())
}

/// The library: the bundled articles and those imported into the data folder (see
/// `library::merge`); files that had to be set aside are reported on stderr.
fn library_articles(store: Option<&Store>) -> Vec<(Origin, Article)> {
    let (imported, problems) = store.map(Store::articles).unwrap_or_default();
    for problem in &problems {
        eprintln!("taiyaku: warning: {problem}");
    }
    library::merge(library::bundled(), imported)
}

fn list(store: &Store) -> Result<(), String> {
    let (bookmarks, aside) = store.load::<Bookmarks>();
    report_set_aside(aside.as_ref());
    let mut out = String::new();
    for (origin, article) in &library_articles(Some(store)) {
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
    println!(
        "bookmarked ¶{paragraph} of {}",
        sanitize(article.display_title())
    );
    Ok(())
}

fn render(args: &RenderArgs) -> Result<(), String> {
    let article = import_file(&args.file, args.format)?;
    let width = args.width.map_or_else(default_width, usize::from);
    let mode = args.layout.unwrap_or(if width < MIN_SIDE_BY_SIDE_WIDTH {
        Mode::Stacked
    } else {
        Mode::Side
    });
    let geometry = Geometry {
        width,
        mode,
        policy: args.ambiguous,
    };
    print(&sanitize(&layout::render_plain(&article, geometry)))
}

fn default_width() -> usize {
    const NOT_A_TERMINAL: usize = 100;
    if std::io::stdout().is_terminal() {
        crossterm::terminal::size().map_or(NOT_A_TERMINAL, |(w, _)| usize::from(w).max(8))
    } else {
        NOT_A_TERMINAL
    }
}
