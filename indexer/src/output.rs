//! What khlang prints on standard output, written so that a pipe can close early.
//!
//! People read khlang's output through `head`, `less` and `grep`, which close the pipe once
//! they have what they want. Rust's `println!` then panics ("failed printing to stdout: Broken
//! pipe"), and the panic would reach the user as an internal error. Here every line of output is
//! a `Result`: a closed pipe ends khlang quietly with the status programs killed by SIGPIPE have
//! (141 in a shell), as coreutils and ripgrep end, and any other failure to write (a full disk
//! under `> file`) is an ordinary error that says what to do.

use std::io;

/// Standard output could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the output ({0}); if it goes to a file, check that the disk has room")]
pub struct WriteError(#[source] pub io::Error);

impl WriteError {
    /// The reader went away (`| head` has its lines): not an error, the end of the output.
    pub fn is_closed_pipe(&self) -> bool {
        self.0.kind() == io::ErrorKind::BrokenPipe
    }
}

/// `println!` that returns `Result<(), WriteError>` instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*).map_err($crate::output::WriteError)
    }};
}

/// `print!` that returns `Result<(), WriteError>` and flushes (it is used for prompts).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        write!(stdout, $($arg)*)
            .and_then(|()| stdout.flush())
            .map_err($crate::output::WriteError)
    }};
}

/// Whether `err` is standard output's pipe closing ([`WriteError`]). Only that: a broken pipe
/// to a child process (pdftoppm, tesseract) is a real error and must still be reported.
pub fn is_closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<WriteError>()
            .is_some_and(WriteError::is_closed_pipe)
    })
}

/// Whether a panic is `println!`/`eprintln!` failing on a closed pipe (std's wording, stable
/// since Rust 1.0: "failed printing to stdout: Broken pipe (os error 32)"; on Windows the pipe
/// error is os error 232).
pub fn is_print_to_closed_pipe(message: &str) -> bool {
    message.starts_with("failed printing to std")
        && (message.contains("Broken pipe") || message.contains("os error 232"))
}

/// Ends khlang because its reader has gone: on Unix as if killed by SIGPIPE, the convention
/// every shell understands; elsewhere with status 0, as ripgrep does.
pub fn end_for_closed_pipe() -> ! {
    #[cfg(unix)]
    {
        // SAFETY: restoring a signal's default action and raising it in this very process; no
        // handler runs, and nothing else in khlang installs one for SIGPIPE.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
            libc::raise(libc::SIGPIPE);
        }
        std::process::exit(128 + libc::SIGPIPE)
    }
    #[cfg(not(unix))]
    std::process::exit(0)
}
