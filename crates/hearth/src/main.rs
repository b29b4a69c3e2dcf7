//! `hearth`: the one binary. Thin: parses the command line and calls
//! [`hearth::run`].

#![forbid(unsafe_code)]

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    hearth::init_logging();
    let cli = hearth::cli::Cli::parse();
    match hearth::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hearth: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
