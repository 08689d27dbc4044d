//! Build progress on a terminal: files done of total, the current file, MB/s.
//! Hidden when stderr is not a terminal (CI, logs), where it would only add noise.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::walk::Candidate;

pub struct Progress {
    bar: ProgressBar,
    bytes_done: AtomicU64,
    started: Instant,
}

impl Progress {
    pub fn new(candidates: &[Candidate]) -> Progress {
        Progress::counting(candidates.len() as u64, "files")
    }

    /// A bar over `total` things of a kind other than files (`khlang merge`: documents).
    pub fn counting(total: u64, unit: &str) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr_with_hz(8));
        if let Ok(style) = ProgressStyle::with_template(&format!(
            "{{bar:30.cyan/blue}} {{pos}}/{{len}} {unit}  {{msg}}"
        )) {
            bar.set_style(style.progress_chars("█▉▊▋▌▍▎▏ "));
        }
        bar.enable_steady_tick(Duration::from_millis(250));
        Progress {
            bar,
            bytes_done: AtomicU64::new(0),
            started: Instant::now(),
        }
    }

    pub fn start(&self, c: &Candidate) {
        self.starting(&c.rel);
    }

    /// Shows `name` as the thing being worked on.
    pub fn starting(&self, name: &str) {
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        let mbps = self.bytes_done.load(Ordering::Relaxed) as f64 / secs / 1e6;
        self.bar.set_message(format!("{mbps:.1} MB/s  {name}"));
    }

    pub fn finish(&self, c: &Candidate) {
        self.finished(c.size);
    }

    /// Counts one thing of `bytes` done.
    pub fn finished(&self, bytes: u64) {
        self.bytes_done.fetch_add(bytes, Ordering::Relaxed);
        self.bar.inc(1);
    }

    pub fn done(&self) {
        self.bar.finish_and_clear();
    }
}
