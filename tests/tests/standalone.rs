//! `khlang` as staff get it: one file, on a PC with no Rust, Trunk or Node — the Linux binary
//! alone in an empty folder, and the Windows `khlang.exe` under Debian's wine.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use e2e::{copy_announcements, file_url, hit_paths, repo_root, search_json, Browser};
use serde_json::Value;

/// A PATH with the system's programs only: no cargo, rustup, trunk, wasm-bindgen or npm tools.
const BARE_PATH: &str = "/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin";

fn run(cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn the_linux_binary_alone_builds_a_working_site() {
    let tmp = tempfile::tempdir().unwrap();
    let bin_dir = tmp.path().join("ดาวน์โหลด");
    fs::create_dir_all(&bin_dir).unwrap();
    let khlang = bin_dir.join("khlang");
    fs::copy(e2e::khlang_bin(), &khlang).unwrap();
    for tool in ["cargo", "rustc", "trunk", "wasm-bindgen", "wasm-opt"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .env_clear()
            .env("PATH", BARE_PATH)
            .output()
            .unwrap();
        assert!(
            !found.status.success(),
            "{tool} must not be on the bare PATH"
        );
    }
    let docs = tmp.path().join("เอกสาร");
    copy_announcements(&docs);
    let site = tmp.path().join("เว็บไซต์");
    let bare = |args: &[&Path]| {
        let mut cmd = Command::new(&khlang);
        cmd.args(args)
            .current_dir(tmp.path())
            .env_clear()
            .env("PATH", BARE_PATH)
            .env("HOME", tmp.path());
        cmd
    };
    run(&mut bare(&[
        Path::new("build"),
        &docs,
        Path::new("--out"),
        &site,
    ]));

    // Started with no arguments (a double-click), it explains itself instead of failing.
    let guide = run(&mut bare(&[]));
    let guide = String::from_utf8_lossy(&guide.stdout);
    assert!(guide.contains("ลากโฟลเดอร์"), "{guide}");
    assert!(guide.contains("khlang build"), "{guide}");

    let browser = Browser::start(1280, 900).unwrap();
    browser.goto(&file_url(&site)).unwrap();
    browser.wait_ready().unwrap();
    let want = hit_paths(&search_json(&site, "เผยแพร่ข้อมูล", &[]));
    assert!(!want.is_empty());
    let input = browser.find("#q").unwrap();
    browser.type_into(&input, "เผยแพร่ข้อมูล").unwrap();
    assert_eq!(browser.wait_paths(&want).unwrap(), want);
}

#[test]
fn a_folder_dropped_on_khlang_builds_a_site_beside_it() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("ประกาศ 2567");
    copy_announcements(&docs);
    let out = run(Command::new(e2e::khlang_bin())
        .arg(&docs)
        .env("KHLANG_NO_BROWSER", "1"));
    let site = tmp.path().join("ประกาศ 2567-เว็บไซต์");
    assert!(site.join("index.html").is_file(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("index.html"),
        "tells where the site is: {said}"
    );
    assert_eq!(search_json(&site, "", &[])["total"], 5);
}

/// The cross-built Windows binary: $KHLANG_EXE, else what scripts/windows.sh builds (the
/// `dist-windows` profile, the exe staff download).
fn khlang_exe() -> PathBuf {
    std::env::var_os("KHLANG_EXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/x86_64-pc-windows-gnu/dist-windows/khlang.exe"))
}

/// A Unix path as a Windows program under wine sees it (wine maps / to drive Z:).
fn z_drive(path: &Path) -> String {
    format!("Z:{}", path.to_string_lossy().replace('/', "\\"))
}

/// Runs khlang.exe under wine in its own prefix; Thai arguments pass through the UTF-8 locale.
struct Wine {
    prefix: PathBuf,
    dir: PathBuf,
}

impl Wine {
    fn new(tmp: &Path) -> Wine {
        let exe = khlang_exe();
        assert!(
            exe.is_file(),
            "{} is missing: scripts/windows.sh builds it (scripts/test.sh runs it)",
            exe.display()
        );
        let dir = tmp.join("Program Files").join("khlang");
        fs::create_dir_all(&dir).unwrap();
        fs::copy(&exe, dir.join("khlang.exe")).unwrap();
        // wine 8.0 lacks ProcessPrng, which Rust's std imports; real Windows has it. The shim
        // lives beside the copy under test only (see tests/wine/bcryptprimitives.c).
        run(Command::new("x86_64-w64-mingw32-gcc")
            .args(["-shared", "-O2", "-o"])
            .arg(dir.join("bcryptprimitives.dll"))
            .arg(repo_root().join("tests/wine/bcryptprimitives.c"))
            .arg("-ladvapi32"));
        Wine {
            prefix: tmp.join("wineprefix"),
            dir,
        }
    }

    fn khlang(&self, args: &[&str]) -> Output {
        let wine = ["wine", "wine64", "/usr/lib/wine/wine64"]
            .into_iter()
            .find(|w| {
                Command::new(w)
                    .arg("--version")
                    .output()
                    .is_ok_and(|o| o.status.success())
            })
            .expect("wine is installed (scripts/test.sh installs wine64)");
        let mut cmd = Command::new(wine);
        cmd.arg(self.dir.join("khlang.exe"))
            .args(args)
            .current_dir(&self.dir)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree=;mshtml=")
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .env("KHLANG_NO_BROWSER", "1");
        run(&mut cmd)
    }
}

#[test]
fn khlang_exe_builds_and_searches_under_wine() {
    let tmp = tempfile::tempdir().unwrap();
    let wine = Wine::new(tmp.path());

    // Thai folder names, a department sub-folder, and a catalogue.csv as Excel on Windows saves
    // it: BOM, CRLF, `\` between folders.
    let docs = tmp.path().join("เอกสารเผยแพร่");
    copy_announcements(&docs.join("กองคลัง"));
    let first = fs::read_dir(e2e::announcements())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .min()
        .unwrap();
    let csv = format!("\u{FEFF}file,title,category\r\nกองคลัง\\{first},แผนทดสอบจากวินโดวส์,plans\r\n");
    fs::write(docs.join("catalogue.csv"), csv).unwrap();

    let site = tmp.path().join("เว็บไซต์");
    wine.khlang(&["build", &z_drive(&docs), "--out", &z_drive(&site)]);
    assert!(site.join("index.html").is_file());

    for query in ["เผยแพร่ข้อมูล", "แผนทดสอบจากวินโดวส์", "2563"]
    {
        let windows = wine.khlang(&["search", &z_drive(&site), query, "--json"]);
        let windows: Value = serde_json::from_slice(&windows.stdout)
            .unwrap_or_else(|e| panic!("khlang.exe search --json prints JSON ({e})"));
        let linux = search_json(&site, query, &[]);
        assert!(!hit_paths(&linux).is_empty(), "{query}");
        assert_eq!(hit_paths(&windows), hit_paths(&linux), "{query}");
        assert_eq!(windows["facets"], linux["facets"], "{query}");
    }
    // The staff's title from catalogue.csv, found through a `\` path.
    let staff = search_json(&site, "แผนทดสอบจากวินโดวส์", &[]);
    assert_eq!(hit_paths(&staff), vec![format!("กองคลัง/{first}")]);

    // Dropping a folder on khlang.exe builds it beside the folder.
    let dropped = tmp.path().join("ตัวอย่าง");
    copy_announcements(&dropped);
    wine.khlang(&[&z_drive(&dropped)]);
    assert_eq!(
        search_json(&tmp.path().join("ตัวอย่าง-เว็บไซต์"), "", &[])["total"],
        5
    );
}
