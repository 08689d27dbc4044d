//! The interface's words, in Thai first and English.

pub use catalog::display::Lang;

/// Every fixed text of the interface in one language.
pub struct Words {
    pub search_label: &'static str,
    pub placeholder: &'static str,
    pub loading: &'static str,
    /// A query typed before the search index has finished loading.
    pub loading_index: &'static str,
    /// A search waiting for its answer when nothing is left to load.
    pub searching: &'static str,
    pub filters: &'static str,
    pub clear_all: &'static str,
    pub sort_label: &'static str,
    pub sort_relevance: &'static str,
    pub sort_newest: &'static str,
    pub sort_oldest: &'static str,
    pub more: &'static str,
    pub no_results: &'static str,
    /// Before the words offered for a query that found nothing (crate::components::offer).
    pub did_you_mean: &'static str,
    /// Before the archive's other spellings of the query's words, offered
    /// (crate::components::spellings).
    pub other_spellings: &'static str,
    /// Before them once they are included.
    pub other_spellings_included: &'static str,
    /// The button that takes them out again.
    pub only_as_typed: &'static str,
    /// On a hit found only through an included other spelling.
    pub found_by_other_spelling: &'static str,
    pub switch_to: &'static str,
    pub switch_label: &'static str,
    pub fiscal_year: &'static str,
    /// The button that folds a long facet back to its first values.
    pub show_fewer: &'static str,
    /// After a restart by the panic hook (crate::recovery) into the same state.
    pub recovered_restored: &'static str,
    /// After a restart in the plain state, because the error came back right away.
    pub recovered_reset: &'static str,
    /// The notice's button; its text is its whole accessible name (WCAG 2.5.3).
    pub dismiss: &'static str,
    /// A document of a merged archive whose agency's archive carried no signature.
    pub not_signed: &'static str,
}

const THAI: Words = Words {
    search_label: "ค้นหาเอกสาร",
    placeholder: "พิมพ์คำค้น เช่น จัดซื้อจัดจ้าง, งบประมาณ 2563",
    loading: "กำลังเปิดคลังเอกสาร…",
    loading_index: "กำลังโหลดดัชนีค้นหา…",
    searching: "กำลังค้นหา…",
    filters: "ตัวกรอง",
    clear_all: "ล้างตัวกรองทั้งหมด",
    sort_label: "เรียงตาม",
    sort_relevance: "ตรงที่สุด",
    sort_newest: "ใหม่ที่สุด",
    sort_oldest: "เก่าที่สุด",
    more: "แสดงเพิ่ม",
    no_results: "ไม่พบเอกสารที่ตรงกับคำค้น ลองใช้คำที่สั้นลงหรือล้างตัวกรอง",
    did_you_mean: "หรือหมายถึง:",
    other_spellings: "รวมคำที่สะกดต่าง:",
    other_spellings_included: "รวมคำที่สะกดต่างแล้ว:",
    only_as_typed: "ค้นเฉพาะตามที่พิมพ์",
    found_by_other_spelling: "พบจากคำที่สะกดต่าง",
    switch_to: "English",
    switch_label: "Switch to English",
    fiscal_year: "ปีงบประมาณ",
    show_fewer: "แสดงน้อยลง",
    recovered_restored: "เกิดข้อผิดพลาดภายใน โปรแกรมค้นหาจึงเริ่มใหม่ และคืนคำค้นกับตัวกรองเดิมให้แล้ว",
    recovered_reset: "เกิดข้อผิดพลาดภายในซ้ำ โปรแกรมค้นหาจึงเริ่มใหม่ และล้างคำค้นกับตัวกรองแล้ว โปรดค้นหาอีกครั้ง",
    dismiss: "ปิดข้อความ",
    not_signed: "ไม่ได้ลงนาม",
};

const ENGLISH: Words = Words {
    search_label: "Search documents",
    placeholder: "Type to search, e.g. จัดซื้อจัดจ้าง, budget 2563",
    loading: "Opening the archive…",
    loading_index: "Loading the search index…",
    searching: "Searching…",
    filters: "Filters",
    clear_all: "Clear all filters",
    sort_label: "Sort by",
    sort_relevance: "Best match",
    sort_newest: "Newest",
    sort_oldest: "Oldest",
    more: "Show more",
    no_results: "No documents match. Try a shorter word or clear the filters.",
    did_you_mean: "Did you mean:",
    other_spellings: "Include other spellings:",
    other_spellings_included: "Other spellings included:",
    only_as_typed: "Search only as typed",
    found_by_other_spelling: "Found through another spelling",
    switch_to: "ไทย",
    switch_label: "เปลี่ยนเป็นภาษาไทย",
    fiscal_year: "Fiscal year",
    show_fewer: "Show fewer",
    recovered_restored: "An internal error occurred, so the search was restarted; your query and filters are back.",
    recovered_reset: "The internal error happened again, so the search was restarted and reset: the query and filters were cleared. Please search again.",
    dismiss: "Dismiss",
    not_signed: "Not signed",
};

/// The words of `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Thai => &THAI,
        Lang::English => &ENGLISH,
    }
}

/// "พบ 12 เอกสาร" / "12 documents found".
pub fn found(lang: Lang, total: u64) -> String {
    match lang {
        Lang::Thai => format!("พบ {total} เอกสาร"),
        Lang::English if total == 1 => "1 document found".to_string(),
        Lang::English => format!("{total} documents found"),
    }
}

/// A document of a merged archive whose agency's archive was signed, its signature checked when
/// the archives were joined: "ลงนามโดย เทศบาลตำบลนาแซง" / "Signed by …".
pub fn signed_by(lang: Lang, signer: &str) -> String {
    match lang {
        Lang::Thai => format!("ลงนามโดย {signer}"),
        Lang::English => format!("Signed by {signer}"),
    }
}

/// The button that unfolds a long facet: "แสดงทั้งหมด 248 รายการ" / "Show all 248".
pub fn show_all(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Thai => format!("แสดงทั้งหมด {count} รายการ"),
        Lang::English => format!("Show all {count}"),
    }
}
