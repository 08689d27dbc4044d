//! The OpenSearch distribution the cluster runs (found where `scripts/tools.sh` unpacked it),
//! the Java and the user that run it, and each node's configuration folder made from the
//! distribution's own.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context, Result};
use serde_json::json;

use crate::repo_root;

/// The heap of each node, for both -Xms and -Xmx: the tests' indexes are small.
const HEAP: &str = "512m";

/// Overrides [`HEAP`] (e.g. `2g`): the benchmark publishes 100,000 documents (khlang-bench
/// cluster, `--heap`); the tests keep the default.
pub const HEAP_VARIABLE: &str = "KHLANG_OPENSEARCH_HEAP";

/// The heap each node gets: `$KHLANG_OPENSEARCH_HEAP` if set (digits then `m` or `g`), else
/// [`HEAP`].
fn heap() -> Result<String> {
    let Some(value) = std::env::var_os(HEAP_VARIABLE) else {
        return Ok(HEAP.to_string());
    };
    let value = value.to_string_lossy().to_lowercase();
    let digits = value.trim_end_matches(['m', 'g']);
    if value.len() != digits.len() + 1
        || digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        bail!("{HEAP_VARIABLE}={value}: give a heap size such as 512m or 2g");
    }
    Ok(value)
}

/// The unpacked distribution and what runs it.
pub(super) struct Distribution {
    pub(super) home: PathBuf,
    /// A Java that OpenSearch 2 runs on: 17, as Debian packages it. (Not 24 or later: they
    /// cannot enable the security manager OpenSearch 2 starts with.)
    pub(super) java_home: PathBuf,
    /// The user the JVMs run as, when the tests run as root.
    pub(super) user: Option<String>,
}

impl Distribution {
    pub(super) fn find() -> Result<Distribution> {
        let tools_path = repo_root().join("scripts/tools.sh");
        let tools = fs::read_to_string(&tools_path)
            .with_context(|| format!("reading {}", tools_path.display()))?;
        let version = tools_setting(&tools, "OPENSEARCH_VERSION")?;
        let home = match std::env::var_os("KHLANG_OPENSEARCH_HOME") {
            Some(home) => PathBuf::from(home),
            None => cache_dir()?.join(format!("opensearch-{version}")),
        };
        if !home
            .join("modules/analysis-common/plugin-descriptor.properties")
            .is_file()
        {
            bail!(
                "no OpenSearch {version} in {}: `bash scripts/tools.sh` (need_opensearch) \
                 fetches and unpacks it",
                home.display()
            );
        }
        let user = if output_of(Command::new("id").arg("-u"))?.trim() == "0" {
            let user = tools_setting(&tools, "OPENSEARCH_USER")?;
            ensure_user(user, &home)?;
            Some(user.to_string())
        } else {
            None
        };
        Ok(Distribution {
            home,
            java_home: java_17()?,
            user,
        })
    }
}

/// Makes sure `user` exists and can read the distribution in `home`.
fn ensure_user(user: &str, home: &Path) -> Result<()> {
    let exists = || output_of(Command::new("id").arg("-u").arg(user)).is_ok();
    if !exists() {
        let added =
            run(Command::new("useradd").args(["-M", "-r", "-s", "/usr/sbin/nologin", user]));
        // Another test starting a cluster at the same moment may have added it first.
        if !exists() {
            added?;
        }
    }
    let readable = as_user(Some(user), "test")
        .arg("-r")
        .arg(home.join("bin/opensearch"))
        .status()
        .context("cannot run setpriv")?
        .success();
    if !readable {
        bail!(
            "the user {user}, who runs OpenSearch for the tests, cannot read {}: a folder above \
             it is closed to other users; `bash scripts/tools.sh` (need_opensearch) lets it through",
            home.display()
        );
    }
    Ok(())
}

/// `program`, to run as `user` if there is one (by `setpriv`, which execs it: no process stays
/// between the test and the program), else as the test's own user.
pub(super) fn as_user(user: Option<&str>, program: impl AsRef<std::ffi::OsStr>) -> Command {
    match user {
        Some(user) => {
            let mut command = Command::new("setpriv");
            command
                .arg(format!("--reuid={user}"))
                .arg(format!("--regid={user}"))
                .args(["--init-groups", "--"])
                .arg(program);
            command
        }
        None => Command::new(program),
    }
}

/// `$OPENSEARCH_JAVA_HOME`, else Debian's OpenJDK 17.
fn java_17() -> Result<PathBuf> {
    if let Some(home) = std::env::var_os("OPENSEARCH_JAVA_HOME") {
        return Ok(PathBuf::from(home));
    }
    let mut found: Vec<PathBuf> = fs::read_dir("/usr/lib/jvm")
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("java-17-openjdk")
        })
        .map(|entry| entry.path())
        .filter(|path| path.join("bin/java").is_file())
        .collect();
    found.sort();
    found.into_iter().next().ok_or_else(|| {
        anyhow!(
            "no Java 17 in /usr/lib/jvm for OpenSearch: `bash scripts/tools.sh` installs Debian's \
             openjdk-17-jre-headless (or set OPENSEARCH_JAVA_HOME)"
        )
    })
}

/// The value of a `NAME=value` line of scripts/tools.sh.
fn tools_setting<'a>(tools: &'a str, name: &str) -> Result<&'a str> {
    tools
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix('='))
        .and_then(|rest| rest.split_whitespace().next())
        .ok_or_else(|| anyhow!("scripts/tools.sh declares no {name}="))
}

/// `${XDG_CACHE_HOME:-$HOME/.cache}/khlang-dev`, as scripts/tools.sh spells it.
fn cache_dir() -> Result<PathBuf> {
    let base = match std::env::var_os("XDG_CACHE_HOME") {
        Some(dir) => PathBuf::from(dir),
        None => std::env::var_os("HOME")
            .map(|home| PathBuf::from(home).join(".cache"))
            .ok_or_else(|| anyhow!("neither XDG_CACHE_HOME nor HOME is set"))?,
    };
    Ok(base.join("khlang-dev"))
}

/// A node's configuration folder, made from the distribution's: `opensearch.yml` with
/// `settings` and the node's own paths, `jvm.options` with the heap and the JVM's log files in
/// the node's folder, and `log4j2.properties` as it is.
pub(super) fn write_node_config(dist: &Distribution, dir: &Path, settings: &str) -> Result<()> {
    let config = dir.join("config");
    let (data, logs) = (dir.join("data"), dir.join("logs"));
    for folder in [
        &config.join("jvm.options.d"),
        &data,
        &logs,
        &dir.join("tmp"),
    ] {
        fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
    }
    let shipped = dist.home.join("config");
    fs::copy(
        shipped.join("log4j2.properties"),
        config.join("log4j2.properties"),
    )
    .context("copying the distribution's log4j2.properties")?;
    let jvm = fs::read_to_string(shipped.join("jvm.options"))
        .context("reading the distribution's jvm.options")?;
    // The shipped paths are relative to the distribution, where every node would write the
    // same files (and the user running the JVM may not write at all).
    let heap = heap()?;
    let jvm = swap(&jvm, "-Xms1g", &format!("-Xms{heap}"))?;
    let jvm = swap(&jvm, "-Xmx1g", &format!("-Xmx{heap}"))?;
    let jvm = swap(
        &jvm,
        "HeapDumpPath=data",
        &format!("HeapDumpPath={}", data.display()),
    )?;
    let jvm = swap(&jvm, "logs/", &format!("{}/", logs.display()))?;
    fs::write(config.join("jvm.options"), jvm)?;
    let paths = format!(
        "path.data: {}\npath.logs: {}\n",
        json!(data.to_string_lossy()),
        json!(logs.to_string_lossy())
    );
    fs::write(config.join("opensearch.yml"), format!("{settings}{paths}"))?;
    Ok(())
}

/// `text` with every `from` replaced by `to`; an error if there is none, so a distribution that
/// changed its jvm.options fails here rather than with nodes sharing files.
fn swap(text: &str, from: &str, to: &str) -> Result<String> {
    if !text.contains(from) {
        bail!("the distribution's jvm.options has no `{from}`: update tests/src/opensearch/distribution.rs");
    }
    Ok(text.replace(from, to))
}

/// Runs `command`; an error with its output if it fails.
pub(super) fn run(command: &mut Command) -> Result<()> {
    output_of(command).map(drop)
}

/// Runs `command` and returns its standard output; an error with its output if it fails.
fn output_of(command: &mut Command) -> Result<String> {
    let output = command
        .output()
        .with_context(|| format!("cannot run {command:?}"))?;
    if !output.status.success() {
        bail!(
            "{command:?} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
