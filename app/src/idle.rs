//! The browser's idle time: work that must not delay a keystroke's frame runs after it, when
//! nothing else waits (requestIdleCallback; where a browser has none, Safari, a timer a frame
//! away).

use js_sys::{Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A callback for the browser's next idle time; dropping it cancels it.
pub struct Idle {
    handle: Handle,
    _callback: Closure<dyn FnMut()>,
}

/// A requestIdleCallback's handle or, where the browser has none, a timer's.
enum Handle {
    Idle(u32),
    Timer(i32),
}

impl Idle {
    /// Runs `run` in the next idle time, or after `within_ms` at the latest (a page that is
    /// never idle still gets it done).
    pub fn schedule(within_ms: u32, run: impl FnOnce() + 'static) -> Option<Idle> {
        let mut run = Some(run);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(run) = run.take() {
                run();
            }
        });
        let handle = request(callback.as_ref().unchecked_ref(), within_ms)?;
        Some(Idle {
            handle,
            _callback: callback,
        })
    }
}

impl Drop for Idle {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            match self.handle {
                Handle::Idle(handle) => window.cancel_idle_callback(handle),
                Handle::Timer(handle) => window.clear_timeout_with_handle(handle),
            }
        }
    }
}

/// Resolves in the first idle time that has at least `needed_ms` left before the browser
/// expects to render again; after `within_ms` at the latest.
pub async fn idle_for(needed_ms: f64, within_ms: u32) {
    loop {
        let promise = Promise::new(&mut |resolve: Function, _reject: Function| {
            if request(&resolve, within_ms).is_none() {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        });
        // requestIdleCallback passes an IdleDeadline; a timer passes nothing.
        let Ok(deadline) = JsFuture::from(promise).await else {
            return;
        };
        match deadline.dyn_into::<web_sys::IdleDeadline>() {
            Ok(d) if !d.did_timeout() && d.time_remaining() < needed_ms => continue,
            _ => return,
        }
    }
}

fn request(function: &Function, within_ms: u32) -> Option<Handle> {
    let window = web_sys::window()?;
    let options = web_sys::IdleRequestOptions::new();
    options.set_timeout(within_ms);
    match window.request_idle_callback_with_options(function, &options) {
        Ok(handle) => Some(Handle::Idle(handle)),
        // Safari has no requestIdleCallback: a timer a frame away.
        Err(_) => window
            .set_timeout_with_callback_and_timeout_and_arguments_0(function, 16)
            .ok()
            .map(Handle::Timer),
    }
}
