//! The trust line: who signed the archive, or a warning that its index data was altered, or
//! that a server answers the searches.

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::trust::Trust;

/// `<p id="trust" data-trust="checking|signed|unsigned|altered|server">`.
#[component]
pub fn TrustLine(lang: ReadSignal<Lang>, trust: RwSignal<Trust>) -> impl IntoView {
    let text = move || trust.with(|t| describe(lang.get(), t));
    let role = move || trust.with(|t| matches!(t, Trust::Altered { .. }).then_some("alert"));
    view! {
        <p id="trust" class="trust" data-trust=move || trust.with(Trust::attribute) role=role>
            {text}
        </p>
    }
}

/// The line's words; the fingerprint is shown as the agency publishes it, for comparing by eye.
fn describe(lang: Lang, trust: &Trust) -> String {
    match (lang, trust) {
        (_, Trust::Checking) => String::new(),
        (Lang::Thai, Trust::Signed { signer, fingerprint }) if signer.is_empty() => {
            format!("ลงนามแล้ว · ลายนิ้วมือกุญแจ {fingerprint}")
        }
        (Lang::Thai, Trust::Signed { signer, fingerprint }) => {
            format!("ลงนามโดย {signer} · ลายนิ้วมือกุญแจ {fingerprint}")
        }
        (Lang::English, Trust::Signed { signer, fingerprint }) if signer.is_empty() => {
            format!("Signed · key fingerprint {fingerprint}")
        }
        (Lang::English, Trust::Signed { signer, fingerprint }) => {
            format!("Signed by {signer} · key fingerprint {fingerprint}")
        }
        (Lang::Thai, Trust::Unsigned) => {
            "คลังนี้ไม่ได้ลงนาม จึงตรวจสอบไม่ได้ว่าหน่วยงานใดจัดทำ".to_string()
        }
        (Lang::English, Trust::Unsigned) => {
            "This archive is not signed, so who made it cannot be checked".to_string()
        }
        (Lang::Thai, Trust::Altered { file }) => format!(
            "ข้อมูลดัชนีถูกแก้ไขหรือเสียหาย ({file}) ไม่ตรงกับที่หน่วยงานจัดทำ — ผลการค้นหาอาจไม่ถูกต้อง โปรดขอสำเนาใหม่จากหน่วยงาน"
        ),
        (Lang::English, Trust::Altered { file }) => format!(
            "The index data was altered or damaged ({file}) and differs from what the agency built; results may be wrong. Ask the agency for a fresh copy"
        ),
        // Said plainly: nothing here checked the agencies' signatures, so nothing claims it.
        (Lang::Thai, Trust::Server) => {
            "ผลการค้นหามาจากเซิร์ฟเวอร์ค้นหา เบราว์เซอร์นี้ไม่ได้ตรวจลายมือชื่อของหน่วยงานเอง".to_string()
        }
        (Lang::English, Trust::Server) => {
            "Results come from the search server; this browser does not check the agencies' signatures itself".to_string()
        }
    }
}
