//! What the command line tells of itself beyond its options: the environment and the folders in
//! use after `--help`, the input formats after `render --help`, shell completions and man pages.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Command, CommandFactory};
use clap_complete::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use super::Cli;
use crate::import::FORMATS;
use crate::text::sanitize;
use crate::{config, store};

/// The variables taiyaku reads, and what each one does.
const ENVIRONMENT: [(&str, &str); 3] = [
    (
        "TAIYAKU_CONFIG_DIR",
        "the config folder, instead of the platform's (--config-dir comes first)",
    ),
    (
        "TAIYAKU_DATA_DIR",
        "the data folder: library, bookmarks, positions (--data-dir comes first)",
    ),
    (
        "NO_COLOR",
        "set and not empty: no colours (bold, italic and reverse video stay)",
    ),
];

/// Where the keys are told, the same on the screen and in the man page.
const KEYS: &str = "In the reader, press ? for the keys of the screen you are on (? is the default: \
                    config.toml can bind every key to another).";

/// taiyaku(1)'s NAME line, after "taiyaku - ".
const ABOUT: &str = "read English–Japanese parallel texts side by side in the terminal";

/// taiyaku(1)'s DESCRIPTION.
const DESCRIPTION: &str = "taiyaku (対訳, \"parallel translation\") reads English–Japanese \
    parallel texts in the terminal: English and Japanese side by side, paragraph beside \
    paragraph, each wrapped by its own script's rules. It opens a file that holds both languages, \
    or two files, an English text and its Japanese translation, which it aligns sentence by \
    sentence; with no file it opens the library of bundled and imported articles. Its commands \
    print instead of opening the reader.";

/// The commands whose files `--format` reads: their help ends with the input formats.
const READ_FILES: [&str; 2] = ["render", "import"];

/// The command line's definition, its `--help` ending with the environment and the folders
/// this run would use (the platform's, or those `args`, the command line, or the environment
/// name), and the help of the commands that read files with the input formats.
pub fn command(args: &[OsString]) -> Command {
    let config = config::config_dir(flag(args, "--config-dir").as_deref());
    let data = store::data_dir(flag(args, "--data-dir").as_deref());
    let top =
        Cli::command().after_help(environment_and_folders(config.as_deref(), data.as_deref()));
    READ_FILES.into_iter().fold(top, |top, name| {
        top.mut_subcommand(name, |command| command.after_help(formats()))
    })
}

/// A global option's value as clap will read it (`--name VALUE` or `--name=VALUE`, before any
/// `--`), read ahead of clap because the help is built before the arguments are parsed.
fn flag(args: &[OsString], name: &str) -> Option<PathBuf> {
    let mut args = args.iter().skip(1).take_while(|arg| *arg != "--");
    while let Some(arg) = args.next() {
        if arg == name {
            return args.next().map(PathBuf::from);
        }
        let value = arg
            .to_str()
            .and_then(|arg| arg.strip_prefix(name)?.strip_prefix('='));
        if let Some(value) = value {
            return Some(PathBuf::from(value));
        }
    }
    None
}

/// `taiyaku --help`'s ending: the variables, the folders in use, and where the keys are.
fn environment_and_folders(config: Option<&Path>, data: Option<&Path>) -> String {
    let mut text = String::from("Environment:\n");
    for (name, what) in ENVIRONMENT {
        let _ = writeln!(text, "  {name:<20}{what}");
    }
    text.push_str("\nFolders used here:\n");
    let config_file = config.map(|dir| dir.join("config.toml"));
    let config_state = match &config_file {
        Some(file) if file.is_file() => "",
        Some(_) => " (not there: the defaults are used)",
        None => " (no home folder: set TAIYAKU_CONFIG_DIR)",
    };
    let data_state = match data {
        Some(dir) if dir.is_dir() => "",
        Some(_) => " (not made yet)",
        None => " (no home folder: set TAIYAKU_DATA_DIR)",
    };
    let _ = writeln!(
        text,
        "  config  {}{config_state}",
        shown(config_file.as_deref())
    );
    let _ = writeln!(text, "  data    {}{data_state}", shown(data));
    let _ = write!(
        text,
        "\nInput formats: taiyaku render --help lists them.\n\nKeys:\n  {KEYS}"
    );
    text
}

/// A folder as the help shows it: sanitized, as anything from the environment is.
fn shown(path: Option<&Path>) -> String {
    path.map_or_else(|| "none".to_owned(), |p| sanitize(&p.display().to_string()))
}

/// The formats `--format` names, each with what it is and its other names: the ending of the
/// help of the commands that read files.
pub fn formats() -> String {
    let mut text = String::from(
        "Input formats (--format NAME; auto, the default, tells them apart by their content):\n",
    );
    for row in &FORMATS {
        let also = match row.aliases {
            [] => String::new(),
            aliases => format!(" (also {})", aliases.join(", ")),
        };
        let _ = writeln!(text, "  {:<11}{}{also}", row.format.name(), row.about);
    }
    text.push_str("\nA file may be gzip-compressed; - reads standard input.");
    text
}

/// The completion script of `shell` for taiyaku.
pub fn completions(shell: Shell) -> String {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "taiyaku", &mut script);
    String::from_utf8_lossy(&script).into_owned()
}

/// The names `taiyaku man` takes: the commands that have a page of their own.
fn commands(top: &Command) -> Vec<&str> {
    top.get_subcommands().map(Command::get_name).collect()
}

/// The man page taiyaku(1), or with a command's name taiyaku-NAME(1), in roff.
pub fn man_page(name: Option<&str>) -> Result<String, String> {
    let mut top = Cli::command().disable_help_subcommand(true);
    top.build();
    let page = match name {
        None => top.clone().about(ABOUT).long_about(DESCRIPTION),
        Some(name) => top.find_subcommand(name).cloned().ok_or_else(|| {
            let names = commands(&top).join(", ");
            format!("no command '{}' (one of: {names})", name.escape_debug())
        })?,
    };
    let page = page.version(env!("CARGO_PKG_VERSION"));
    let mut extra = Roff::new();
    if name.is_none_or(|name| READ_FILES.contains(&name)) {
        formats_section(&mut extra);
    }
    if name.is_none() {
        top_sections(&mut extra);
    }
    let mut out = Vec::new();
    render_page(page, &extra, &mut out).map_err(|e| format!("writing: {e}"))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// A page: `clap_mangen`'s sections, then `extra`, then the version (the ending of `--help` is
/// left out: `extra` says it, without one machine's folders).
fn render_page(page: Command, extra: &Roff, out: &mut Vec<u8>) -> std::io::Result<()> {
    let has_options = page.get_arguments().any(|arg| !arg.is_hide_set());
    let has_commands = page.get_subcommands().any(|command| !command.is_hide_set());
    let man = Man::new(page).source(concat!("taiyaku ", env!("CARGO_PKG_VERSION")));
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    if has_options {
        man.render_options_section(out)?;
    }
    if has_commands {
        man.render_subcommands_section(out)?;
    }
    extra.to_writer(out)?;
    man.render_version_section(out)
}

/// taiyaku(1)'s own sections: the environment, the files and the keys.
fn top_sections(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, what) in ENVIRONMENT {
        roff.control("TP", [])
            .text([bold(name)])
            .text([roman(what)]);
    }
    roff.control("SH", ["FILES"]);
    let files = [
        (
            "config.toml",
            "In the config folder: settings and key bindings, over the defaults. The folder is \
             --config-dir, else TAIYAKU_CONFIG_DIR, else the platform's ($XDG_CONFIG_HOME/taiyaku \
             or ~/.config/taiyaku on Linux). taiyaku --help shows the one in use.",
        ),
        (
            "library/, bookmarks.json, positions.json",
            "In the data folder: imported articles, bookmarks and reading positions. The folder \
             is --data-dir, else TAIYAKU_DATA_DIR, else the platform's ($XDG_DATA_HOME/taiyaku \
             or ~/.local/share/taiyaku on Linux).",
        ),
    ];
    for (name, what) in files {
        roff.control("TP", [])
            .text([bold(name)])
            .text([roman(what)]);
    }
    roff.control("SH", ["KEYS"]).text([roman(KEYS)]);
    roff.control("SH", ["OUTPUT"]).text([roman(
        "When standard output is not a terminal, taiyaku FILE (or FILE_A FILE_B) prints the \
         article as taiyaku render does, and taiyaku without a file prints the library as \
         taiyaku list does.",
    )]);
}

/// The input formats, for the page of a command that reads files.
fn formats_section(roff: &mut Roff) {
    roff.control("SH", ["INPUT FORMATS"]).text([roman(
        "--format NAME names one; auto, the default, tells them apart by their content. A file \
         may be gzip-compressed; - reads standard input.",
    )]);
    for row in &FORMATS {
        let mut what = row.about.to_owned();
        if !row.aliases.is_empty() {
            let _ = write!(what, " (also {})", row.aliases.join(", "));
        }
        roff.control("TP", [])
            .text([bold(row.format.name())])
            .text([roman(what)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn a_folder_flag_is_read_in_either_form_and_not_after_a_double_dash() {
        let read = |list: &[&str]| flag(&args(list), "--data-dir");
        assert_eq!(read(&["t", "--data-dir", "d", "--help"]), Some("d".into()));
        assert_eq!(read(&["t", "list", "--data-dir=e"]), Some("e".into()));
        assert_eq!(read(&["t", "--data-dirx=e"]), None);
        assert_eq!(read(&["t", "--", "--data-dir", "f"]), None);
        assert_eq!(read(&["t", "--data-dir"]), None);
    }

    #[test]
    fn every_format_is_listed_with_its_aliases() {
        let text = formats();
        for row in &FORMATS {
            let line = text
                .lines()
                .find(|line| line.trim_start().starts_with(row.format.name()))
                .unwrap_or_else(|| panic!("{} missing:\n{text}", row.format.name()));
            assert!(line.contains(row.about), "{line}");
            for alias in row.aliases {
                assert!(line.contains(alias), "{line}");
            }
        }
    }

    #[test]
    fn an_unknown_command_has_no_page_and_is_told_so() {
        let error = man_page(Some("\u{1b}[2Jrender")).unwrap_err();
        assert!(
            error.starts_with("no command '\\u{1b}[2Jrender'"),
            "{error}"
        );
        assert!(error.contains("render, import"), "{error}");
    }
}
