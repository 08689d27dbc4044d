//! Runs one reader on a thread of its own, so that what a damaged or hostile file does to a
//! third-party parser stays there: a panic becomes an [`ExtractError`], and a reader that
//! overruns its time limit is abandoned (it finishes or fails on its own; its result is
//! dropped). Every format's reader goes through [`read_guarded`].

use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Once};
use std::thread;
use std::time::Duration;

use crate::{ExtractError, FileKind};

/// Name of the reader threads; their panics are caught and not printed.
const THREAD_NAME: &str = "khlang-extract-reader";

/// Runs `read` on a reader thread and waits at most `timeout` for it. A panic in `read` is
/// [`ExtractError::damaged`], a timeout [`ExtractError::timeout`], both for `kind`.
pub(crate) fn read_guarded<T, F>(
    kind: FileKind,
    timeout: Duration,
    read: F,
) -> Result<T, ExtractError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, ExtractError> + Send + 'static,
{
    quiet_panics_on_reader_threads();
    let (tx, rx) = mpsc::sync_channel(1);
    let reader = thread::Builder::new()
        .name(THREAD_NAME.into())
        // Deeply nested objects recurse in the parsers; stack is reserved lazily.
        .stack_size(256 << 20)
        .spawn(move || {
            let r = panic::catch_unwind(AssertUnwindSafe(read));
            let _ = tx.send(r);
        })?;
    let received = rx.recv_timeout(timeout);
    if !matches!(received, Err(mpsc::RecvTimeoutError::Timeout)) {
        // The reader has sent or dropped its result and is ending: wait for it, so that no
        // thread outlives its file but one abandoned at the time limit.
        let _ = reader.join();
    }
    match received {
        Ok(Ok(r)) => r,
        Ok(Err(payload)) => Err(ExtractError::damaged(
            kind,
            format!(
                "the {kind} reader failed on it ({})",
                panic_message(&payload)
            ),
        )),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(ExtractError::timeout(kind, timeout)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(ExtractError::damaged(
            kind,
            format!("the {kind} reader stopped unexpectedly"),
        )),
    }
}

pub(crate) fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "internal error".into()
    }
}

/// Parsers panic on malformed input; those panics are caught, so printing them (the default
/// hook) would only alarm the user. Other threads' panics print as before.
fn quiet_panics_on_reader_threads() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if thread::current().name() != Some(THREAD_NAME) {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_and_timeouts_become_errors() {
        let ok = read_guarded(FileKind::Xlsx, Duration::from_secs(600), || Ok(7));
        assert_eq!(ok.ok(), Some(7));
        let panicked: Result<(), _> =
            read_guarded(FileKind::Xlsx, Duration::from_secs(600), || {
                panic!("index out of bounds")
            });
        assert_eq!(
            panicked.map_err(|e| e.to_string()),
            Err(
                "damaged XLSX: the XLSX reader failed on it (index out of bounds): open it in \
                 Excel or LibreOffice Calc and save it again"
                    .to_string()
            )
        );
        // The reader waits for a message that never comes: only the time limit ends the wait.
        let (_keep, never) = mpsc::channel::<()>();
        let stuck: Result<(), _> =
            read_guarded(FileKind::Ods, Duration::from_millis(50), move || {
                let _ = never.recv();
                Ok(())
            });
        assert!(
            matches!(
                stuck,
                Err(ExtractError::Timeout {
                    kind: FileKind::Ods,
                    ..
                })
            ),
            "{stuck:?}"
        );
        let pdf: Result<(), _> =
            read_guarded(FileKind::Pdf, Duration::from_secs(600), || panic!("boom"));
        assert_eq!(
            pdf.map_err(|e| e.to_string()),
            Err(
                "damaged PDF: the PDF reader failed on it (boom): re-export it from the original \
                 program (or print it to PDF again)"
                    .to_string()
            )
        );
    }
}
