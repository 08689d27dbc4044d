//! `khlang` started from the desktop rather than typed in a terminal: double-clicked, or with a
//! folder dropped onto it (Windows passes the folder as the only argument).
//!
//! Staff who double-click a command-line program see a console flash and vanish. So with no
//! arguments khlang explains itself in Thai and English; with a folder it builds the folder into
//! a site beside it and opens it in the browser; and when khlang owns its console window it waits
//! for Enter before the window closes, so the messages can be read.

use std::ffi::OsString;
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Parser;

use crate::cli::{Cli, Command};

/// The guide shown when khlang starts with no arguments.
const GUIDE: &str = "\
khlang (คลัง) — ทำคลังเอกสารเผยแพร่ที่ค้นหาได้ เปิดได้ทั้งบนเว็บไซต์ ตู้บริการ และแฟลชไดรฟ์

วิธีใช้ที่ง่ายที่สุด:
  ลากโฟลเดอร์เอกสาร (PDF, DOCX, XLSX, ODT, ODS, HTML, TXT) มาวางบนไอคอน khlang
  khlang จะสร้างเว็บไซต์ค้นหาไว้ข้างโฟลเดอร์นั้น ชื่อ \"<ชื่อโฟลเดอร์>-เว็บไซต์\" แล้วเปิดให้ดู

คำสั่งสำหรับผู้ดูแล (พิมพ์ในหน้าต่างคำสั่ง):
  khlang build โฟลเดอร์เอกสาร --out โฟลเดอร์เว็บไซต์    สร้างเว็บไซต์
  khlang search โฟลเดอร์เว็บไซต์ \"คำค้น\"                 ค้นหาจากหน้าต่างคำสั่ง
  khlang serve โฟลเดอร์เว็บไซต์                          เปิดเว็บไซต์บนเครื่องนี้
  khlang --help                                         คำสั่งทั้งหมด

The simplest way: drop a folder of documents onto the khlang icon. khlang builds a searchable
site next to it, named \"<folder>-เว็บไซต์\", and opens it. Commands: khlang --help.
";

/// Handles a start from the desktop; `None` when the arguments are for the normal command line.
pub fn intercept() -> Option<ExitCode> {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match args.as_slice() {
        [] => {
            if let Err(e) = out!("{GUIDE}") {
                if e.is_closed_pipe() {
                    crate::output::end_for_closed_pipe();
                }
            }
            pause_if_own_console();
            Some(ExitCode::SUCCESS)
        }
        [one] if Path::new(one).is_dir() => {
            let code = match build_dropped(Path::new(one)) {
                Ok(code) => code,
                Err(err) => {
                    eprintln!("khlang: ผิดพลาด (error): {err:#}");
                    ExitCode::from(2)
                }
            };
            pause_if_own_console();
            Some(code)
        }
        _ => None,
    }
}

/// Where a dropped folder's site goes: beside it, "<folder>-เว็บไซต์".
pub fn site_beside(docs: &Path) -> Result<PathBuf> {
    let Some(name) = docs.file_name() else {
        bail!(
            "cannot build a whole drive ({}) by dropping it: put the documents in a folder and drop that folder",
            docs.display()
        );
    };
    let mut site_name = name.to_os_string();
    site_name.push("-เว็บไซต์");
    Ok(docs.with_file_name(site_name))
}

fn build_dropped(docs: &Path) -> Result<ExitCode> {
    let docs = crate::documents::folder::absolute(docs)?;
    let site = site_beside(&docs)?;
    outln!(
        "khlang: กำลังสร้างเว็บไซต์จาก {} (building a site from this folder)\n        ไปที่ {} (into)",
        docs.display(),
        site.display()
    )?;
    // Through the normal parser, so a dropped folder gets exactly the options `build` defaults to.
    let cli = Cli::try_parse_from([
        OsString::from("khlang"),
        OsString::from("build"),
        docs.into_os_string(),
        OsString::from("--out"),
        site.clone().into_os_string(),
    ])?;
    let Command::Build(args) = cli.command else {
        bail!("internal: a dropped folder did not parse as build");
    };
    let code = crate::commands::build::run(&args)?;
    if code == ExitCode::SUCCESS {
        let index = site.join("index.html");
        outln!("khlang: เสร็จแล้ว เปิด {} (done)", index.display())?;
        open_in_browser(&index);
    } else if code == ExitCode::from(1) {
        // Built, but some documents need staff first: show them what, not the site.
        let staff = site.join(crate::stages::staff::FOLDER).join("index.html");
        outln!(
            "khlang: สร้างเว็บไซต์แล้ว แต่มีเอกสารที่ต้องแก้ก่อนเผยแพร่ ดู {} \
             (built; some documents need fixing first, see this page)",
            staff.display()
        )?;
        open_in_browser(&staff);
    }
    Ok(code)
}

/// Opens a file in the default browser; failing that, the path printed above is enough.
fn open_in_browser(path: &Path) {
    if std::env::var_os("KHLANG_NO_BROWSER").is_some() {
        return;
    }
    let opener = if cfg!(windows) {
        "explorer.exe"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    // Not waited for: the browser outlives khlang.
    let _ = std::process::Command::new(opener).arg(path).spawn();
}

/// Waits for Enter when khlang's console window exists only for khlang (a double-click or a
/// drop), so it does not vanish before the messages are read. From a terminal or a script it
/// returns at once.
fn pause_if_own_console() {
    if !owns_console() || !std::io::stdin().is_terminal() {
        return;
    }
    let _ = out!("\nกด Enter เพื่อปิดหน้าต่างนี้ (press Enter to close) ");
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
}

#[cfg(windows)]
fn owns_console() -> bool {
    // A console shared with cmd.exe lists at least two processes; one made for a double-clicked
    // program lists only that program.
    let mut ids = [0u32; 2];
    // SAFETY: the buffer is valid for two u32s and its length is passed with it.
    let n = unsafe {
        windows_sys::Win32::System::Console::GetConsoleProcessList(
            ids.as_mut_ptr(),
            ids.len() as u32,
        )
    };
    n == 1
}

#[cfg(not(windows))]
fn owns_console() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_folder_builds_beside_itself() {
        let cases = [
            ("/home/staff/เอกสาร 2567", "/home/staff/เอกสาร 2567-เว็บไซต์"),
            ("/tmp/docs", "/tmp/docs-เว็บไซต์"),
        ];
        for (docs, want) in cases {
            assert_eq!(site_beside(Path::new(docs)).unwrap(), PathBuf::from(want));
        }
        assert!(site_beside(Path::new("/")).is_err());
    }
}
