//! `khlang`: builds, searches and serves Thai disclosure-document archives.

mod analyze;
mod app_assets;
mod build;
mod cli;
mod search;
mod serve;
mod site;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Analyze(args) => analyze::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("khlang: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
