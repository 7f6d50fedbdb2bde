//! The `taiyaku` binary: parses the command line and runs the command.

use std::process::ExitCode;

use clap::Parser;
use taiyaku::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        eprintln!("taiyaku: no command given; try `taiyaku render FILE` or `taiyaku --help`");
        return ExitCode::from(2);
    };
    match cli::run(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("taiyaku: {message}");
            ExitCode::FAILURE
        }
    }
}
