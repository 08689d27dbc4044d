//! `khlang`: builds, searches and serves Thai disclosure-document archives.

mod analyze;
mod app_assets;
mod build;
mod cache;
mod catalogue_cmd;
mod check;
mod cli;
mod desktop;
mod keys;
mod search;
mod serve;
mod site;
mod survey;
mod verify;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

/// A build allocates and frees small strings (tokens, terms) on all cores at once; in a perf
/// profile of a build, glibc's malloc and free took about 12 % of its CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A bug must not greet staff with a Rust backtrace. Unwinding still runs the build's
    // cleanup, so the previous site stays as it was.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "khlang: internal error — this is a bug in khlang, not a problem with your documents.\n\
             Your previous site, if any, is unchanged. Please report this message and the command you ran.\n\
             detail: {info}"
        );
    }));
    if let Some(code) = desktop::intercept() {
        return code;
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Analyze(args) => analyze::run(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Keygen(args) => keys::run(&args),
        Command::Catalogue(args) => catalogue_cmd::run(&args),
        Command::Check(args) => check::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("khlang: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
