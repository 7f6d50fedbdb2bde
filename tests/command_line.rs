//! The command line telling of itself, through the built binary: `--help` with the environment
//! and the folders in use, `render --help` with the input formats, `completions` loaded by the
//! shells, `man` rendered by man; and the reader printing instead when its output is not a
//! terminal, as less then behaves like cat.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{SEED, TempDir};
use taiyaku::import::FORMATS;

/// `taiyaku ARGS` from the crate's folder, with config and data folders of its own (`folders`)
/// and no standard input.
fn command_in(folders: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_taiyaku"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TAIYAKU_CONFIG_DIR", folders.join("config"))
        .env("TAIYAKU_DATA_DIR", folders.join("data"))
        .stdin(Stdio::null());
    command
}

/// `command_in`'s run, its standard output a pipe.
fn taiyaku_in(folders: &Path, args: &[&str]) -> Output {
    command_in(folders, args).output().expect("the binary runs")
}

fn taiyaku(args: &[&str]) -> Output {
    taiyaku_in(TempDir::new("command-line").path(), args)
}

/// Its words, one space apart (clap wraps the help at 100 columns).
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Its standard output, failing the test if it failed.
fn ok(output: Output) -> String {
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// A program on this machine, or `None` after saying why the test that needs it is skipped.
fn installed(program: &str, test: &str) -> Option<()> {
    let found = Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        println!("skipped {test}: `{program}` is not installed on this machine");
    }
    found.then_some(())
}

#[test]
fn help_lists_the_environment_the_folders_in_use_and_where_the_keys_are() {
    let folders = TempDir::new("help");
    std::fs::create_dir_all(folders.path().join("config")).unwrap();
    std::fs::write(folders.path().join("config/config.toml"), "").unwrap();
    let help = words(&ok(taiyaku_in(folders.path(), &["--help"])));
    assert!(help.contains("Environment: TAIYAKU_CONFIG_DIR"), "{help}");
    for name in ["TAIYAKU_CONFIG_DIR", "TAIYAKU_DATA_DIR", "NO_COLOR"] {
        assert!(help.contains(&format!(" {name} ")), "{name}:\n{help}");
    }
    assert!(
        !help.contains("TAIYAKU_CORPUS_DIR"),
        "the tests' own variable"
    );
    let config = folders.path().join("config/config.toml");
    let data = folders.path().join("data");
    let folders_used = format!(
        "Folders used here: config {} data {} (not made yet)",
        config.display(),
        data.display()
    );
    assert!(help.contains(&folders_used), "{help}");
    assert!(help.contains("press ? for the keys"), "{help}");
    assert!(help.contains("taiyaku render --help"), "{help}");
    let short = ok(taiyaku_in(folders.path(), &["-h"]));
    assert!(short.contains("Folders used here:"), "{short}");
}

#[test]
fn help_shows_the_folders_the_options_name_over_the_environment() {
    let folders = TempDir::new("help-flags");
    let elsewhere = folders.path().join("elsewhere");
    let elsewhere = elsewhere.to_str().unwrap();
    let help = words(&ok(taiyaku_in(
        folders.path(),
        &[
            "--config-dir",
            elsewhere,
            &format!("--data-dir={elsewhere}"),
            "--help",
        ],
    )));
    let config = format!("config {elsewhere}/config.toml (not there: the defaults are used)");
    assert!(help.contains(&config), "{help}");
    assert!(
        help.contains(&format!("data {elsewhere} (not made yet)")),
        "{help}"
    );
    // `taiyaku help` is the same help, the folders from the environment.
    let data = folders.path().join("data");
    let help_command = words(&ok(taiyaku_in(folders.path(), &["help"])));
    assert!(
        help_command.contains(&format!("data {} (not made yet)", data.display())),
        "{help_command}"
    );
}

#[test]
fn a_folder_from_the_environment_is_shown_sanitized() {
    let output = Command::new(env!("CARGO_BIN_EXE_taiyaku"))
        .arg("--help")
        .env("TAIYAKU_DATA_DIR", "/tmp/x\u{1b}]52;c;SGVsbG8=\u{7}y")
        .env("TAIYAKU_CONFIG_DIR", "/tmp/\u{202e}z")
        .output()
        .unwrap();
    let help = ok(output);
    assert!(
        !help.contains('\u{1b}') && !help.contains('\u{7}'),
        "{help:?}"
    );
    assert!(!help.contains('\u{202e}'), "{help:?}");
}

#[test]
fn the_help_of_the_commands_that_read_files_lists_every_input_format() {
    for command in ["render", "import"] {
        let help = ok(taiyaku(&[command, "--help"]));
        let listed = help
            .split_once("Input formats (--format NAME")
            .unwrap_or_else(|| panic!("no formats in `{command} --help`:\n{help}"))
            .1;
        for row in &FORMATS {
            let line = listed
                .lines()
                .find(|line| line.starts_with(&format!("  {} ", row.format.name())))
                .unwrap_or_else(|| panic!("{} missing:\n{help}", row.format.name()));
            assert!(line.contains(row.about), "{line}");
            for alias in row.aliases {
                assert!(line.contains(alias), "{alias} missing from {line}");
            }
        }
    }
}

#[test]
fn bash_loads_the_completions_and_completes_the_commands() {
    let Some(()) = installed("bash", "bash_loads_the_completions") else {
        return;
    };
    let folder = TempDir::new("bash");
    let script = folder.path().join("taiyaku.bash");
    std::fs::write(&script, ok(taiyaku(&["completions", "bash"]))).unwrap();
    // As bash calls the function at `taiyaku ren<Tab>`, `taiyaku render --<Tab>` and
    // `taiyaku render --layout s<Tab>`.
    let session = r#"source "$1" || exit 1
complete -p taiyaku || exit 1
COMP_WORDS=(taiyaku ren); COMP_CWORD=1; _taiyaku taiyaku ren taiyaku
echo "commands: ${COMPREPLY[*]}"
COMP_WORDS=(taiyaku render --); COMP_CWORD=2; _taiyaku taiyaku -- render
echo "options: ${COMPREPLY[*]}"
COMP_WORDS=(taiyaku render --layout s); COMP_CWORD=3; _taiyaku taiyaku s --layout
echo "layouts: ${COMPREPLY[*]}""#;
    let output = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", session, "bash"])
        .arg(&script)
        .output()
        .unwrap();
    let said = ok(output);
    assert!(said.contains("-F _taiyaku taiyaku"), "{said}");
    assert!(said.contains("commands: render\n"), "{said}");
    assert!(said.contains("layouts: side swapped stacked\n"), "{said}");
    let options = said.split_once("options: ").unwrap().1;
    for option in ["--width", "--layout", "--format", "--data-dir"] {
        assert!(options.contains(option), "{option} missing: {said}");
    }
}

#[test]
fn every_shell_gets_completions_that_name_the_commands() {
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let script = ok(taiyaku(&["completions", shell]));
        for command in ["render", "import", "completions", "man"] {
            assert!(script.contains(command), "{shell}: no {command}");
        }
    }
    let unknown = taiyaku(&["completions", "ksh"]);
    assert!(!unknown.status.success());
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        said.contains("[possible values: bash, elvish, fish"),
        "{said}"
    );
}

/// `page` as man renders it, with its warnings on: the text, failing on any warning that is
/// about the page (one about a glyph this machine's fonts lack is about the machine).
fn man_renders(page: &str) -> String {
    let folder = TempDir::new("man");
    let file = folder.path().join("taiyaku.1");
    std::fs::write(&file, page).unwrap();
    let output = Command::new("man")
        .args(["--warnings", "-l"])
        .arg(&file)
        .env("LC_ALL", "C.UTF-8")
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .output()
        .expect("man runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let about_the_page: Vec<&str> = stderr
        .lines()
        .filter(|line| !line.contains("can't find special character"))
        .collect();
    assert!(about_the_page.is_empty(), "{stderr}");
    ok(output)
}

#[test]
fn the_man_pages_render_with_man() {
    let Some(()) = installed("man", "the_man_pages_render_with_man") else {
        return;
    };
    let top = man_renders(&ok(taiyaku(&["man"])));
    for heading in [
        "NAME",
        "SYNOPSIS",
        "OPTIONS",
        "SUBCOMMANDS",
        "INPUT FORMATS",
        "ENVIRONMENT",
        "FILES",
        "KEYS",
    ] {
        assert!(top.contains(&format!("\n{heading}\n")), "{heading}:\n{top}");
    }
    assert!(top.contains("TAIYAKU_DATA_DIR"), "{top}");
    assert!(top.contains("taiyaku-render(1)"), "{top}");
    // Every page the top one names is there.
    for command in ["render", "import", "align", "list", "bookmarks"] {
        let page = man_renders(&ok(taiyaku(&["man", command])));
        assert!(page.contains(&format!("taiyaku-{command}(1)")), "{page}");
        assert!(page.contains(&format!("taiyaku {command}")), "{page}");
    }
    let render = man_renders(&ok(taiyaku(&["man", "render"])));
    assert!(render.contains("INPUT FORMATS") && render.contains("aozora"));
}

#[test]
fn a_man_page_for_no_such_command_is_refused() {
    let output = taiyaku(&["man", "rendre"]);
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.starts_with("taiyaku: no command 'rendre' (one of: render, import"),
        "{said}"
    );
}

#[test]
fn the_reader_prints_as_render_does_when_its_output_is_not_a_terminal() {
    let read = ok(taiyaku(&[SEED]));
    assert_eq!(read, ok(taiyaku(&["render", SEED])));
    assert!(
        read.starts_with("Japan in Their Own Words (JITOW)"),
        "{read}"
    );
    assert!(read.lines().all(|line| line.chars().count() <= 100));
    let pair = ["tests/fixtures/bento_en.txt", "tests/fixtures/bento_ja.txt"];
    let read = ok(taiyaku(&pair));
    assert_eq!(read, ok(taiyaku(&["render", pair[0], pair[1]])));
    assert!(read.contains("│ "), "side by side:\n{read}");
    let stated = ["--en", pair[0], "--ja", pair[1]];
    assert_eq!(ok(taiyaku(&stated)), read);
}

#[test]
fn the_reader_prints_standard_input_when_its_output_is_not_a_terminal() {
    let seed = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)).unwrap();
    let folders = TempDir::new("piped");
    let mut child = Command::new(env!("CARGO_BIN_EXE_taiyaku"))
        .arg("-")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TAIYAKU_CONFIG_DIR", folders.path())
        .env("TAIYAKU_DATA_DIR", folders.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &seed).unwrap();
    let printed = ok(child.wait_with_output().unwrap());
    assert_eq!(printed, ok(taiyaku(&["render", SEED])));
}

#[test]
fn without_a_file_the_reader_prints_the_library_as_list_does() {
    let folders = TempDir::new("library");
    let printed = ok(taiyaku_in(folders.path(), &[]));
    assert_eq!(printed, ok(taiyaku_in(folders.path(), &["list"])));
    assert!(printed.contains("taiyakuで対訳を読む"), "{printed}");
}

#[test]
fn what_the_reader_cannot_open_is_still_an_error_when_printing() {
    let output = taiyaku(&["tests/fixtures/no-such-file.txt"]);
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("no-such-file.txt"), "{said}");
}

/// With its output on a terminal but its keys not (standard input a file, not `-`), the reader
/// says so instead of starting.
#[cfg(unix)]
#[test]
fn the_reader_refuses_keys_that_do_not_come_from_a_terminal() {
    let mut command = portable_pty::CommandBuilder::new("sh");
    command.arg("-c");
    command.arg(format!(
        "exec '{}' {SEED} < /dev/null",
        env!("CARGO_BIN_EXE_taiyaku")
    ));
    let mut term = common::term::Term::spawn_command(command, 100, 30, true);
    term.wait_for("the refusal", |screen| {
        screen.contents().contains("standard input is not one")
    });
    assert!(!term.wait_exit().success());
}

/// Whether `text` holds anything a terminal would act on or that reorders what it shows: ESC,
/// BEL and the other C0 controls but line breaks, C1 controls (8-bit CSI, OSC), bidi overrides.
fn unsafe_for_a_terminal(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

#[test]
fn arguments_and_file_names_reach_no_message_raw() {
    let folder = TempDir::new("hostile-names");
    let dir = folder.path();
    // A name that is an option to clap (as `taiyaku import *.txt` passes it), and one with C1
    // controls and a bidi override.
    let clipboard = "--\u{1b}]52;c;SGVsbG8=\u{7}.txt";
    let reordered = "a\u{202e}\u{9b}31m\u{9d}0;t\u{9c}.txt";
    for name in [clipboard, reordered] {
        std::fs::write(
            dir.join(name),
            format!("Hello {name:?}.\n\nA second paragraph.\n"),
        )
        .unwrap();
    }
    let hostile = "x\u{1b}]52;c;SGVsbG8=\u{7}\u{9b}2J\u{202e}";
    let layout = format!("--layout={hostile}");
    let ambiguous = format!("--ambiguous={hostile}");
    let unknown = format!("--{hostile}");
    let commands: Vec<Vec<&str>> = vec![
        vec!["import", clipboard, reordered],
        vec!["import", "--", clipboard, reordered],
        vec!["list"],
        vec!["mark", "--note", hostile, "--", clipboard, "1"],
        vec!["mark", reordered, "9"],
        vec!["bookmarks"],
        vec!["bookmarks", "--format", "json"],
        vec!["headings", "--", clipboard],
        vec!["render", &layout, reordered],
        vec!["render", &ambiguous, reordered],
        vec!["render", "--width", hostile, reordered],
        vec!["render", &unknown],
        vec![hostile],
        vec![hostile, "list"],
        vec!["man", hostile],
        vec!["completions", hostile],
        vec!["render", "--", "no such file \u{1b}]0;t\u{7}.txt"],
    ];
    let mut said = String::new();
    for args in commands {
        let output = Command::new(env!("CARGO_BIN_EXE_taiyaku"))
            .args(&args)
            .current_dir(dir)
            .env("TAIYAKU_CONFIG_DIR", dir.join("config"))
            .env("TAIYAKU_DATA_DIR", dir.join("data\u{1b}]0;t\u{7}"))
            .stdin(Stdio::null())
            .output()
            .expect("the binary runs");
        for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert_eq!(
                unsafe_for_a_terminal(&text),
                None,
                "{args:?} wrote to {stream}: {text:?}"
            );
            said.push_str(&text);
        }
    }
    // The commands ran, and their messages quote what they were given (sanitized).
    for expected in [
        "unexpected argument '--␛",
        "imported --␛.txt (2 paragraphs)",
        "bookmarked ¶1 of --␛.txt",
        "no paragraph 9",
        "unknown layout 'x␛",
        "unknown ambiguous width 'x␛",
        "cannot read no such file ␛.txt",
    ] {
        assert!(said.contains(expected), "{expected:?} not in {said}");
    }
}

/// Runs taiyaku with a standard output whose reader has gone, as in `taiyaku import x | true`.
fn taiyaku_into_closed_pipe(folders: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    command_in(folders, args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs")
}

#[test]
fn what_is_done_is_said_without_a_panic_when_standard_output_has_gone() {
    let folders = TempDir::new("closed-stdout");
    for args in [&["import", SEED][..], &["mark", SEED, "2"]] {
        let output = taiyaku_into_closed_pipe(folders.path(), args);
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(!said.contains("panicked"), "{args:?}: {said}");
        assert!(output.status.success(), "{args:?}: {output:?}");
    }
    // Done all the same: the article is in the library, with its bookmark.
    let listed = ok(taiyaku_in(folders.path(), &["bookmarks"]));
    assert!(listed.contains("¶2"), "{listed}");
}
