//! `khlang`: builds, searches and serves Thai disclosure-document archives. The program lives in
//! the library (src/lib.rs); this is its entry: the panic hook, the command line, the exit code.

use std::process::ExitCode;

use clap::Parser;

use indexer::cli::{Cli, Command};
use indexer::{commands, desktop, output};

/// A build allocates and frees small strings (tokens, terms) on all cores at once; in a perf
/// profile of a build, glibc's malloc and free took about 12 % of its CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A bug must not greet staff with a Rust backtrace. Unwinding still runs the build's
    // cleanup, so the previous site stays as it was.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        // `eprintln!` (and `println!` in code that does not use `output`) panic on a closed
        // pipe: `khlang build DOCS 2>&1 | head` must end as quietly as `khlang search | head`.
        if output::is_print_to_closed_pipe(message) {
            output::end_for_closed_pipe();
        }
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
        Command::Build(args) => commands::build::run(&args),
        Command::Merge(args) => commands::merge::run(&args),
        Command::Search(args) => commands::search::run(&args),
        Command::Serve(args) => commands::serve::run(&args),
        Command::Analyze(args) => commands::analyze::run(&args),
        Command::Verify(args) => commands::verify::run(&args),
        Command::Publish(args) => commands::publish::run(&args),
        Command::Keygen(args) => commands::keygen::run(&args),
        Command::Catalogue(args) => commands::catalogue::run(&args),
        Command::Check(args) => commands::check::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) if output::is_closed_pipe(&err) => output::end_for_closed_pipe(),
        Err(err) => {
            eprintln!("khlang: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
