//! Why the search could not be opened or fed, or one search could not be answered, worded for
//! the person in front of the screen by the backend that knows why.
//!
//! Apart from the backends, so that each of them (and the app's status line) uses one error
//! without depending on another backend.

/// Why the archive could not be opened or loaded further, in Thai and English.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    pub thai: String,
    pub english: String,
}

impl LoadError {
    /// A file the site needs is not there or does not load.
    pub fn missing(file: &str) -> LoadError {
        LoadError {
            thai: format!("ไม่พบไฟล์ {file} หรือเปิดไม่ได้ — คัดลอกโฟลเดอร์เว็บไซต์ทั้งหมดมาอีกครั้ง"),
            english: format!("{file} is missing or unreadable; copy the whole site folder again"),
        }
    }

    /// What loaded is not what was built.
    pub fn damaged(detail: impl std::fmt::Display) -> LoadError {
        LoadError {
            thai: format!("ข้อมูลคลังเอกสารเสียหาย: {detail} — สร้างเว็บไซต์ใหม่หรือคัดลอกมาอีกครั้ง"),
            english: format!("the archive data is damaged: {detail}"),
        }
    }

    /// The search server cannot be reached, so the page cannot start.
    pub fn no_server(detail: impl std::fmt::Display) -> LoadError {
        LoadError {
            thai: format!("ติดต่อเซิร์ฟเวอร์ค้นหาไม่ได้ — ตรวจการเชื่อมต่อเครือข่ายแล้วโหลดหน้านี้ใหม่ ({detail})"),
            english: format!(
                "cannot reach the search server; check the network and reload the page ({detail})"
            ),
        }
    }

    /// The search server answered the first search with HTTP `status` instead of results.
    pub fn no_search(status: u16, detail: &str) -> LoadError {
        LoadError {
            thai: format!("เซิร์ฟเวอร์ค้นหายังตอบผลการค้นหาไม่ได้ (HTTP {status}: {detail}) — โหลดหน้านี้ใหม่ภายหลัง"),
            english: format!("the search server cannot answer searches now (HTTP {status}: {detail}); reload the page later"),
        }
    }
}

/// Why one search was not answered (the next one may be), in Thai and English: what happened
/// and what to do, then the detail, which comes in English.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchFailure {
    pub thai: String,
    pub english: String,
}

impl SearchFailure {
    /// The index in the browser could not run the search.
    pub fn damaged_index(detail: impl std::fmt::Display) -> SearchFailure {
        SearchFailure {
            thai: format!("ค้นหาไม่สำเร็จ ข้อมูลดัชนีอาจเสียหาย — สร้างเว็บไซต์ใหม่หรือคัดลอกมาอีกครั้ง (รายละเอียด: {detail})"),
            english: format!("The search failed; the index may be damaged. Rebuild the site or copy it again ({detail})"),
        }
    }

    /// The search server answered with HTTP `status` and `detail` instead of results.
    pub fn refused(status: u16, detail: &str) -> SearchFailure {
        let (thai, english) = match status {
            429 => (
                "มีผู้ค้นหาพร้อมกันมากเกินไป โปรดรอสักครู่แล้วค้นหาอีกครั้ง",
                "Too many searches at once; wait a moment and search again",
            ),
            500..=599 => (
                "ระบบค้นหาขัดข้องชั่วคราว โปรดค้นหาอีกครั้งภายหลัง",
                "The search service is unavailable for now; search again later",
            ),
            _ => ("ค้นหาไม่สำเร็จ", "The search failed"),
        };
        SearchFailure {
            thai: format!("{thai} (รายละเอียด: {detail})"),
            english: format!("{english} ({detail})"),
        }
    }

    /// The search server could not be reached for this search.
    pub fn unreachable(detail: impl std::fmt::Display) -> SearchFailure {
        SearchFailure {
            thai: format!(
                "ติดต่อเซิร์ฟเวอร์ค้นหาไม่ได้ — ตรวจการเชื่อมต่อเครือข่ายแล้วค้นหาอีกครั้ง (รายละเอียด: {detail})"
            ),
            english: format!(
                "Cannot reach the search server; check the network and search again ({detail})"
            ),
        }
    }
}
