//! `blog`: the blog's administration command.

mod cli;
mod command;
mod editor;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let failure = cli.command.failure_status();
    let mut out = std::io::stdout().lock();
    match cli::run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        // `blog check` printed what it found already.
        Err(error) if error.is::<command::check::Problems>() => {
            eprintln!("{error}");
            ExitCode::from(1)
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(failure)
        }
    }
}
