//! The `taiyaku` binary: parses the command line, then runs a command or the reader.

use std::process::ExitCode;

use taiyaku::cli;

fn main() -> ExitCode {
    let mut cli = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(code),
    };
    let result = match cli.command.take() {
        Some(command) => cli::run(command, &cli),
        None => cli::read(&cli),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            cli::say(&message);
            ExitCode::FAILURE
        }
    }
}
