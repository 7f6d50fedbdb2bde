//! The `taiyaku` binary: parses the command line, then runs a command or the reader.

use std::process::ExitCode;

use clap::Parser;
use taiyaku::cli::{self, Cli};

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    let result = match cli.command.take() {
        Some(command) => cli::run(command, &cli),
        None => cli::read(&cli),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("taiyaku: {message}");
            ExitCode::FAILURE
        }
    }
}
