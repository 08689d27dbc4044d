//! Loading the archive in the browser, from file:// as well as over http.
//!
//! Each archive file is a classic script that calls a global callback (see catalog::archive);
//! adding `<script src>` elements is the one way to read files that works on file://. The same
//! catalog code as `khlang search` then verifies, unpacks and opens the index.

use std::cell::RefCell;
use std::rc::Rc;

use catalog::archive::{parse_toc_json, Toc, Unpacker, PART_CALLBACK, TOC_CALLBACK, TOC_FILE};
use catalog::Engine;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

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
    toc: Option<String>,
    parts: Vec<(usize, String)>,
}

/// Loads and opens the archive; `progress(done, total)` is called as parts arrive.
pub async fn load(progress: impl Fn(usize, usize)) -> Result<(Toc, Engine), LoadError> {
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
    let on_part = {
        let inbox = Rc::clone(&inbox);
        Closure::<dyn Fn(u32, String)>::new(move |index: u32, payload: String| {
            inbox.borrow_mut().parts.push((index as usize, payload));
        })
    };
    let _ = Reflect::set(&window, &TOC_CALLBACK.into(), on_toc.as_ref());
    let _ = Reflect::set(&window, &PART_CALLBACK.into(), on_part.as_ref());

    load_script(TOC_FILE).await?;
    let toc_json = inbox
        .borrow_mut()
        .toc
        .take()
        .ok_or_else(|| LoadError::missing(TOC_FILE))?;
    let toc = parse_toc_json(&toc_json).map_err(LoadError::damaged)?;
    let mut unpacker = Unpacker::new(toc.clone());
    let total = toc.parts.len();
    progress(0, total);
    // All parts are requested at once; the browser loads them in parallel.
    let pending: Vec<_> = toc
        .parts
        .iter()
        .map(|p| (p.path.clone(), load_script(&p.path)))
        .collect();
    for (done, (path, future)) in pending.into_iter().enumerate() {
        future.await?;
        let arrived = std::mem::take(&mut inbox.borrow_mut().parts);
        for (index, payload) in arrived {
            unpacker
                .add_part(index, &payload)
                .map_err(LoadError::damaged)?;
        }
        if unpacker.progress().0 <= done {
            return Err(LoadError::missing(&path));
        }
        progress(done + 1, total);
    }
    let _ = Reflect::delete_property(&window, &PART_CALLBACK.into());
    let files = unpacker.finish().map_err(LoadError::damaged)?;
    let engine = Engine::open(toc.clone(), files).map_err(LoadError::damaged)?;
    Ok((toc, engine))
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
