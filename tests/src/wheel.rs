//! A turn of the mouse wheel over a point of the page, through WebDriver's input actions: the
//! browser scrolls whatever lies under that point (a document in a frame, say) as it would
//! for a person, with the same events.

use anyhow::Result;
use serde_json::json;

use crate::Browser;

impl Browser {
    /// Turns the wheel by `delta_y` pixels (positive: down) over (`x`, `y`) of the viewport.
    pub fn wheel(&self, x: i64, y: i64, delta_y: i64) -> Result<()> {
        let scroll = json!({
            "type": "scroll", "origin": "viewport", "x": x, "y": y,
            "deltaX": 0, "deltaY": delta_y, "duration": 0
        });
        self.post(
            "/actions",
            json!({"actions": [{"type": "wheel", "id": "wheel", "actions": [scroll]}]}),
        )?;
        Ok(())
    }
}
