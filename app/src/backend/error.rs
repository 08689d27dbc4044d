//! Why the search could not be opened or fed, worded for the person in front of the screen.
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
}
