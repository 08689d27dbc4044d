//! Loading the archive in the browser, from file:// as well as over http: what the in-browser
//! backend (super::local) searches.
//!
//! Each archive file is a classic script that calls a global callback (see catalog::archive);
//! adding `<script src>` elements is the one way to read files that works on file://. The same
//! catalog code as `khlang search` then verifies, unpacks and opens the index. Only the start
//! parts are loaded before the first results; the rest of the index follows in the background,
//! and pages of stored documents only when a result on screen needs them. The site's seal
//! (data/signature.js) is loaded first, so that an altered archive is reported as such (see
//! crate::trust) even where it can still be searched.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;

use catalog::archive::{parse_toc_json, Toc, Unpacker, PART_CALLBACK, TOC_CALLBACK, TOC_FILE};
use catalog::signature::{SIGNATURE_CALLBACK, SIGNATURE_FILE};
use catalog::{Engine, EngineError};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::error::LoadError;
use crate::trust::Trust;

/// Bytes of pages of stored text kept in memory (a few thousand results' titles and snippets).
const STORE_PAGES_KEPT: u64 = 48 << 20;

/// Pages of stored text up to this size are all loaded in the background from `file://`
/// (≈ 17,000 documents' worth), keeping memory within a kiosk's means.
const PRELOAD_PAGES_UP_TO: u64 = 96 << 20;

/// Whether the site was opened from `file://`.
fn is_local() -> bool {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "file:")
}

/// What arrived through the global callbacks.
#[derive(Default)]
struct Inbox {
    seal: Option<String>,
    toc: Option<String>,
    parts: Vec<(usize, String)>,
}

/// An archive being loaded: the engine opens once the start parts are in; the other parts come
/// when [`Archive::fetch`] asks for them (in the background, or because a search needs them).
#[derive(Clone)]
pub struct Archive {
    inner: Rc<Inner>,
}

struct Inner {
    toc: Toc,
    unpacker: RefCell<Unpacker>,
    inbox: Rc<RefCell<Inbox>>,
    /// Parts whose script has been added to the page and has not run yet.
    in_flight: RefCell<BTreeSet<usize>>,
    trust: Box<dyn Fn(Trust)>,
    altered: Cell<bool>,
    // Kept alive for as long as parts may arrive.
    _on_part: Closure<dyn Fn(u32, String)>,
}

/// Loads the table of contents and the start parts, and opens the engine; `progress(done,
/// total)` is called as start parts arrive, `trust` as soon as the archive's trust is known and
/// again whenever it changes (a later part can turn out altered).
pub async fn load(
    progress: impl Fn(usize, usize),
    trust: impl Fn(Trust) + 'static,
) -> Result<(Engine, Archive), LoadError> {
    let inbox = Rc::new(RefCell::new(Inbox::default()));
    let window = web_sys::window().ok_or_else(|| LoadError::damaged("no window"))?;
    let on_toc = {
        let inbox = Rc::clone(&inbox);
        Closure::<dyn Fn(JsValue)>::new(move |json: JsValue| {
            // The table of contents arrives as an object literal; JSON.stringify gives it back as text.
            let text = js_sys::JSON::stringify(&json)
                .ok()
                .and_then(|s| s.as_string());
            inbox.borrow_mut().toc = text;
        })
    };
    let on_seal = {
        let inbox = Rc::clone(&inbox);
        Closure::<dyn Fn(JsValue)>::new(move |json: JsValue| {
            let text = js_sys::JSON::stringify(&json)
                .ok()
                .and_then(|s| s.as_string());
            inbox.borrow_mut().seal = text;
        })
    };
    let on_part = {
        let inbox = Rc::clone(&inbox);
        Closure::<dyn Fn(u32, String)>::new(move |index: u32, payload: String| {
            inbox.borrow_mut().parts.push((index as usize, payload));
        })
    };
    let _ = Reflect::set(&window, &TOC_CALLBACK.into(), on_toc.as_ref());
    let _ = Reflect::set(&window, &PART_CALLBACK.into(), on_part.as_ref());
    let _ = Reflect::set(&window, &SIGNATURE_CALLBACK.into(), on_seal.as_ref());

    // A missing seal is a finding about trust, not a reason to stop searching.
    let _ = load_script(SIGNATURE_FILE).await;
    let seal = inbox.borrow_mut().seal.take();
    let toc_loaded = load_script(TOC_FILE).await;
    let toc = inbox
        .borrow_mut()
        .toc
        .take()
        .ok_or_else(|| LoadError::missing(TOC_FILE))
        .and_then(|json| parse_toc_json(&json).map_err(LoadError::damaged));
    trust(Trust::assess(seal.as_deref(), toc.as_ref().ok()));
    toc_loaded?;
    let toc = toc?;
    let archive = Archive {
        inner: Rc::new(Inner {
            toc: toc.clone(),
            unpacker: RefCell::new(Unpacker::new(toc.clone())),
            inbox,
            in_flight: RefCell::new(BTreeSet::new()),
            trust: Box::new(trust),
            altered: Cell::new(false),
            _on_part: on_part,
        }),
    };
    // Pages of stored text are dropped again beyond this, oldest first (catalog::archive::sparse).
    archive
        .inner
        .unpacker
        .borrow()
        .sparse()
        .keep_at_most(toc.store_parts(), STORE_PAGES_KEPT);
    let start: Vec<usize> = toc.start_parts().collect();
    archive.fetch(&start, &progress).await?;
    if archive.inner.altered.get() {
        // Let the warning reach the screen before opening data that may be broken.
        next_tick().await;
    }
    let sparse = archive.inner.unpacker.borrow().sparse();
    // The start parts hold what opening reads; should an older or odd archive need more, it
    // says which parts, a few times at most.
    for _ in 0..4 {
        match Engine::open_sparse(toc.clone(), sparse.clone()) {
            Ok(engine) => return Ok((engine, archive)),
            Err(EngineError::Missing(parts)) => archive.fetch(&parts, &|_, _| {}).await?,
            Err(e) => return Err(LoadError::damaged(e)),
        }
    }
    Err(LoadError::damaged(
        "the index does not open with its start parts",
    ))
}

impl Archive {
    /// Loads `parts` (positions in the table of contents) that are not in yet, and returns
    /// once all of them are; `progress(done, total)` counts them as they arrive.
    pub async fn fetch(
        &self,
        parts: &[usize],
        progress: &dyn Fn(usize, usize),
    ) -> Result<(), LoadError> {
        let inner = &self.inner;
        let sparse = inner.unpacker.borrow().sparse();
        let total = parts.len();
        let mut done = parts.iter().filter(|&&p| sparse.has_part(p)).count();
        progress(done, total);
        // Every part not in flight yet is requested at once; the browser loads them in parallel.
        let pending: Vec<_> = parts
            .iter()
            .filter(|&&p| !sparse.has_part(p) && inner.in_flight.borrow_mut().insert(p))
            .filter_map(|&p| inner.toc.parts.get(p).map(|info| (p, info.path.clone())))
            .map(|(p, path)| (p, path.clone(), load_script(&path)))
            .collect();
        for (part, path, future) in pending {
            let loaded = future.await;
            inner.in_flight.borrow_mut().remove(&part);
            let arrived = loaded.and_then(|()| self.take_arrived());
            if arrived.is_err() || !sparse.has_part(part) && !self.was_dropped(part) {
                // A part that is missing makes the archive unlike the one built.
                (inner.trust)(Trust::Altered { file: path.clone() });
                return Err(arrived.err().unwrap_or_else(|| LoadError::missing(&path)));
            }
            done += 1;
            progress(done.min(total), total);
        }
        // Parts another fetch asked for arrive through its scripts. A page dropped again to keep
        // memory bounded is simply asked for again by the next search.
        while parts
            .iter()
            .any(|&p| !sparse.has_part(p) && inner.in_flight.borrow().contains(&p))
        {
            next_tick().await;
            self.take_arrived()?;
        }
        progress(total, total);
        Ok(())
    }

    /// Loads every page of stored text and keeps them all: from `file://` (a kiosk, a USB stick)
    /// loading costs no bandwidth, and then no keystroke waits for a page. Only when the pages
    /// fit in [`PRELOAD_PAGES_UP_TO`]; returns whether it did.
    pub async fn preload_pages(&self, progress: &dyn Fn(usize, usize)) -> Result<bool, LoadError> {
        let toc = &self.inner.toc;
        let bytes: u64 = toc.parts[toc.store_parts()].iter().map(|p| p.bytes).sum();
        if !is_local() || bytes > PRELOAD_PAGES_UP_TO {
            return Ok(false);
        }
        let sparse = self.inner.unpacker.borrow().sparse();
        sparse.keep_at_most(toc.store_parts(), u64::MAX);
        let pages: Vec<usize> = toc.store_parts().collect();
        self.fetch(&pages, progress).await?;
        Ok(true)
    }

    /// Whether `part` is a page of stored text that may have been dropped right after arriving.
    fn was_dropped(&self, part: usize) -> bool {
        self.inner.toc.store_parts().contains(&part)
    }

    /// Decodes the parts whose scripts have run, and checks each against its checksum.
    fn take_arrived(&self) -> Result<(), LoadError> {
        let inner = &self.inner;
        let arrived = std::mem::take(&mut inner.inbox.borrow_mut().parts);
        for (index, payload) in arrived {
            let path = inner
                .toc
                .parts
                .get(index)
                .map_or_else(|| format!("part {index}"), |p| p.path.clone());
            let intact = inner
                .unpacker
                .borrow_mut()
                .add_part_even_if_altered(index, &payload)
                .map_err(|e| {
                    (inner.trust)(Trust::Altered { file: path.clone() });
                    LoadError::damaged(e)
                })?;
            if !intact && !inner.altered.get() {
                inner.altered.set(true);
                (inner.trust)(Trust::Altered { file: path });
            }
        }
        Ok(())
    }
}

/// Resolves once the browser has painted what is on screen: loading that can wait starts after
/// the first results are visible instead of competing with them.
pub async fn after_paint() {
    let promise = Promise::new(&mut |resolve: Function, _reject: Function| {
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
    next_tick().await;
}

/// Resolves after the browser has run what is queued (rendering the warning included).
async fn next_tick() {
    let promise = Promise::new(&mut |resolve: Function, _reject: Function| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Adds `<script src=path>` and resolves when it has run (or fails when it cannot load).
fn load_script(path: &str) -> impl std::future::Future<Output = Result<(), LoadError>> {
    let path = path.to_string();
    let promise = (|| {
        let document = web_sys::window()?.document()?;
        let script: web_sys::HtmlScriptElement =
            document.create_element("script").ok()?.dyn_into().ok()?;
        script.set_src(&path);
        let _ = script.set_attribute("data-khlang-part", "");
        let promise = Promise::new(&mut |resolve: Function, reject: Function| {
            script.set_onload(Some(&resolve));
            script.set_onerror(Some(&reject));
        });
        document.body()?.append_child(&script).ok()?;
        Some(promise)
    })();
    async move {
        let promise = promise.ok_or_else(|| LoadError::missing(&path))?;
        JsFuture::from(promise)
            .await
            .map_err(|_| LoadError::missing(&path))?;
        Ok(())
    }
}
