//! What benchmarks need beyond the tests' WebDriver calls: Chrome DevTools Protocol commands
//! (through chromedriver's `goog/cdp/execute`) and a longer script timeout for in-page
//! measurements. Chromium only.

use std::time::Duration;

use anyhow::{anyhow, Result};
use serde_json::{json, Value};

use crate::Browser;

impl Browser {
    /// Runs the DevTools command `cmd` (e.g. `Performance.getMetrics`) and returns its result.
    pub fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        self.post("/goog/cdp/execute", json!({ "cmd": cmd, "params": params }))
    }

    /// How long a script (and the promise it returns) may run before WebDriver gives up.
    pub fn set_script_timeout(&self, timeout: Duration) -> Result<()> {
        let ms = u64::try_from(timeout.as_millis()).map_err(|_| anyhow!("timeout too long"))?;
        self.post("/timeouts", json!({ "script": ms }))?;
        Ok(())
    }
}
