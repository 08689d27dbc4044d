//! Loading the archive in the browser, from file:// as well as over http.
//!
//! Each archive file is a classic script that calls a global callback (see catalog::archive);
//! adding `<script src>` elements is the one way to read files that works on file://. The same
//! catalog code as `khlang search` then verifies, unpacks and opens the index. The site's seal
//! (data/signature.js) is loaded first, so that an altered archive is reported as such (see
//! crate::trust) even where it can still be searched.

use std::cell::RefCell;
use std::rc::Rc;

use catalog::archive::{parse_toc_json, Toc, Unpacker, PART_CALLBACK, TOC_CALLBACK, TOC_FILE};
use catalog::signature::{SIGNATURE_CALLBACK, SIGNATURE_FILE};
use catalog::Engine;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::trust::Trust;

/// Why the archive could not be opened, worded for the person in front of the screen.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    pub thai: String,
    pub english: String,
}

impl LoadError {
    fn missing(file: &str) -> LoadError {
        LoadError {
            thai: format!("ไม่พบไฟล์ {file} หรือเปิดไม่ได้ — คัดลอกโฟลเดอร์เว็บไซต์ทั้งหมดมาอีกครั้ง"),
            english: format!("{file} is missing or unreadable; copy the whole site folder again"),
        }
    }

    fn damaged(detail: impl std::fmt::Display) -> LoadError {
        LoadError {
            thai: format!("ข้อมูลคลังเอกสารเสียหาย: {detail} — สร้างเว็บไซต์ใหม่หรือคัดลอกมาอีกครั้ง"),
            english: format!("the archive data is damaged: {detail}"),
        }
    }
}

/// What arrived through the global callbacks.
#[derive(Default)]
struct Inbox {
    seal: Option<String>,
    toc: Option<String>,
    parts: Vec<(usize, String)>,
}

/// Loads and opens the archive; `progress(done, total)` is called as parts arrive, `trust` as
/// soon as the archive's trust is known and again whenever it changes.
pub async fn load(
    progress: impl Fn(usize, usize),
    trust: impl Fn(Trust),
) -> Result<(Toc, Engine), LoadError> {
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
    let mut unpacker = Unpacker::new(toc.clone());
    let mut altered = false;
    let total = toc.parts.len();
    progress(0, total);
    // All parts are requested at once; the browser loads them in parallel.
    let pending: Vec<_> = toc
        .parts
        .iter()
        .map(|p| (p.path.clone(), load_script(&p.path)))
        .collect();
    for (done, (path, future)) in pending.into_iter().enumerate() {
        // A part that is missing or never reports in makes the archive unlike the one built.
        let missing = |path: &str| {
            trust(Trust::Altered {
                file: path.to_string(),
            });
            LoadError::missing(path)
        };
        future.await.map_err(|_| missing(&path))?;
        let arrived = std::mem::take(&mut inbox.borrow_mut().parts);
        for (index, payload) in arrived {
            let intact = unpacker
                .add_part_even_if_altered(index, &payload)
                .map_err(|e| {
                    trust(Trust::Altered { file: path.clone() });
                    LoadError::damaged(e)
                })?;
            if !intact && !altered {
                altered = true;
                let file = toc
                    .parts
                    .get(index)
                    .map_or(path.clone(), |p| p.path.clone());
                trust(Trust::Altered { file });
            }
        }
        if unpacker.progress().0 <= done {
            return Err(missing(&path));
        }
        progress(done + 1, total);
    }
    let _ = Reflect::delete_property(&window, &PART_CALLBACK.into());
    if altered {
        // Let the warning reach the screen before opening data that may be broken.
        next_tick().await;
    }
    let files = unpacker.finish().map_err(LoadError::damaged)?;
    let engine = Engine::open(toc.clone(), files).map_err(LoadError::damaged)?;
    Ok((toc, engine))
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
