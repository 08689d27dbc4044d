//! The levels above the agencies, end to end on a real two-node OpenSearch cluster: two
//! agencies' archives published (one signed), searched through `khlang serve --opensearch`, and
//! every answer compared with `khlang search` on the archive `khlang merge` joins them into.
//!
//! One cluster for the whole file (a start takes about 20 s and 1.4 GB): the steps run in order
//! in one test, each saying what it checks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use e2e::opensearch::Cluster;
use e2e::{build_site, free_port, khlang, khlang_bin, repo_root, search_json, Guard};
use serde_json::{json, Value};

/// Hits of a query compared one by one when it has at most this many; above, the totals and
/// every facet count are compared (they count every hit).
const WHOLE_SETS_UP_TO: u64 = 300;

#[test]
fn published_archives_answer_as_the_merged_archive_does() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let tmp = tmp.path();
    let (a_docs, b_docs) = agency_folders(tmp);

    // Agency A signs its archive; agency B does not.
    let keys = tmp.join("keys");
    let out = khlang(&[
        "keygen",
        "--out",
        &keys.to_string_lossy(),
        "--name",
        "เทศบาลตำบลนาแซง",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let secret = keys.join("khlang-secret-key.json");
    let a = tmp.join("site-a");
    let b = tmp.join("site-b");
    build_site(
        &a_docs,
        &a,
        &[
            "--sign",
            &secret.to_string_lossy(),
            "--title",
            "เทศบาลตำบลนาแซง",
        ],
    );
    build_site(&b_docs, &b, &["--title", "องค์การบริหารส่วนตำบลตัวอย่าง"]);
    let merged = tmp.join("merged");
    run_ok(&[
        "merge",
        &a.to_string_lossy(),
        &b.to_string_lossy(),
        "--out",
        &merged.to_string_lossy(),
    ]);

    let mut cluster = Cluster::start().expect("a two-node cluster");
    let os = cluster.url().to_string();

    // Publish both: everything is sent the first time.
    let first = publish(&os, "agencies", &[&a, &b], &[]);
    let total = doc_count(&merged);
    assert!(
        first.contains(&format!("{total} sent, 0 unchanged, 0 deleted")),
        "first publish: {first}"
    );

    // An unsigned archive is refused where signatures are required, and says which.
    let refused = khlang(&[
        "publish",
        &b.to_string_lossy(),
        "--opensearch",
        &os,
        "--index",
        "signed-only",
        "--require-signature",
    ]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("site-b") && message.contains("sign"),
        "the refusal names the site and the signature: {message}"
    );
    // The signed one passes, with its agency's public key.
    let public = keys.join("khlang-public-key.json");
    publish(
        &os,
        "signed-only",
        &[&a],
        &["--key", &public.to_string_lossy()],
    );

    let (_server, api) = serve(&os, "agencies", &[&a, &b]);
    let asked = queries(&merged);
    assert!(asked.len() >= 200, "{} queries", asked.len());
    let compared = compare_all(&api, &merged, &asked);
    eprintln!("{compared} queries compared, all equal");
    // The other spellings compared above were there to compare: the slip is offered for the
    // word, and including it finds documents only it reaches, marked.
    let included = api_search(
        &api,
        &query_request(
            &Query {
                text: "ศีรษะ".into(),
                filters: Vec::new(),
                other_spellings: true,
            },
            0,
            100,
        ),
    );
    assert_eq!(included["spellings"][0]["other"], "ศรีษะ", "{included}");
    let marked = included["hits"].as_array().map_or(0, |h| {
        h.iter().filter(|h| h["other_spelling"] == true).count()
    });
    assert!(marked >= 2, "hits found only through ศรีษะ: {included}");

    // The browser test that drives a built site drives the server mode too: the demo site
    // published alone, its page and results from the server, its truth `khlang search`.
    let demo = e2e::app_check::demo_site(tmp);
    publish(&os, "demo", &[&demo], &[]);
    let (_demo_server, demo_url) = serve(&os, "demo", &[&demo]);
    let browser = e2e::Browser::start(1280, 900).expect("Chromium starts");
    e2e::app_check::check_server(&browser, &demo_url, &demo, "server mode");
    drop(browser);

    // The API is bounded, and says so in the shape the app reads.
    for (body, why) in [
        (json!({"query": "ก".repeat(1001)}), "query too long"),
        (json!({"query": "ก", "limit": 100_000}), "page too large"),
        (json!({"query": 5}), "not a request"),
    ] {
        let answer = minreq::post(format!("{api}api/search"))
            .with_body(body.to_string())
            .send()
            .expect("the API answers");
        assert_eq!(answer.status_code, 400, "{why}");
        let error: Value = serde_json::from_slice(answer.as_bytes()).expect("JSON");
        assert!(
            error["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{why}: {error}"
        );
    }

    // An index made by something else is refused, with what to do.
    let foreign = minreq::put(format!("{os}/foreign"))
        .with_header("Content-Type", "application/json")
        .with_body(r#"{"mappings":{"properties":{"title":{"type":"text"}}}}"#)
        .send()
        .expect("make an index");
    assert_eq!(foreign.status_code, 200);
    let out = khlang(&[
        "publish",
        &a.to_string_lossy(),
        "--opensearch",
        &os,
        "--index",
        "foreign",
    ]);
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        message.contains("foreign") && message.contains("--index"),
        "{message}"
    );

    // A national index outlives the day an archive was built: a document whose publication
    // window closed since is not answered with, though its archive (built before) still has it.
    let window_docs = tmp.join("docs-window");
    e2e::copy_dir(&e2e::announcements(), &window_docs);
    std::fs::write(
        window_docs.join("catalogue.csv"),
        "file,publish_until\r\n000_dfee500fb0e96cd9.txt,2020-01-01\r\n",
    )
    .expect("catalogue.csv");
    let window = tmp.join("site-window");
    build_site(
        &window_docs,
        &window,
        &["--title", "อบต.ช่วงเวลา", "--as-of", "2019-12-31"],
    );
    assert_eq!(doc_count(&window), 5, "the archive built in 2019 has it");
    publish(&os, "window", &[&window], &[]);
    let (_window_server, window_api) = serve(&os, "window", &[]);
    let answer = api_search(&window_api, &request("", &[], 0, 10));
    assert_eq!(answer["total"], 4, "{answer}");
    assert!(!hit_keys(&answer)
        .iter()
        .any(|(_, path, _)| path == "000_dfee500fb0e96cd9.txt"));

    // Publishing again changes nothing.
    let again = publish(&os, "agencies", &[&a, &b], &[]);
    assert!(
        again.contains(&format!("0 sent, {total} unchanged, 0 deleted")),
        "second publish: {again}"
    );

    // A document removed from B's folder disappears from the index, and only it.
    let gone = "003_9eaef1ed089199ae.txt";
    let unique = unique_phrase(&b_docs.join(gone));
    std::fs::remove_file(b_docs.join(gone)).expect("remove a document");
    build_site(&b_docs, &b, &["--title", "องค์การบริหารส่วนตำบลตัวอย่าง"]);
    let paths = |answer: &Value| -> Vec<String> {
        hit_keys(answer)
            .into_iter()
            .map(|(_, path, _)| path)
            .collect()
    };
    let before = api_search(&api, &request(&unique, &[], 0, 100));
    assert!(
        paths(&before).contains(&gone.to_string()),
        "before: {before}"
    );
    let third = publish(&os, "agencies", &[&a, &b], &[]);
    assert!(
        third.contains("0 sent") && third.contains("1 deleted"),
        "{third}"
    );
    let after = api_search(&api, &request(&unique, &[], 0, 100));
    assert!(!paths(&after).contains(&gone.to_string()), "after: {after}");
    assert_eq!(
        after["total"].as_u64(),
        before["total"].as_u64().map(|n| n - 1)
    );
    let left = api_search(&api, &request("", &[], 0, 1));
    assert_eq!(left["total"], total - 1);

    // A publish killed half-way finishes when run again, sending only what is missing.
    let resumed = killed_then_resumed(&os, &[&a, &b]);
    // What the killed run sent is kept: the second run sends only the rest.
    let summary = resumed
        .lines()
        .find(|l| l.starts_with("Published"))
        .unwrap_or_default();
    let kept: u64 = summary
        .split(", ")
        .find_map(|part| part.strip_suffix(" unchanged"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(kept > 0, "{resumed}");
    assert_eq!(count(&os, "resumed"), total - 1);

    // With node2 gone the cluster answers every query the same (replicas take over).
    publish(&os, "agencies", &[&a, &b], &[]);
    let rebuilt = tmp.join("merged-again");
    run_ok(&[
        "merge",
        &a.to_string_lossy(),
        &b.to_string_lossy(),
        "--out",
        &rebuilt.to_string_lossy(),
    ]);
    cluster.stop_node2().expect("node2 stops");
    let compared = compare_all(&api, &rebuilt, &queries(&rebuilt));
    eprintln!("{compared} queries compared with one node stopped, all equal");
}

#[test]
fn an_unreachable_cluster_is_named_with_what_to_do() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = tmp.path().join("site");
    build_site(&e2e::announcements(), &site, &["--title", "อบต.ทดสอบ"]);
    let closed = format!("http://127.0.0.1:{}", free_port());
    let out = khlang(&["publish", &site.to_string_lossy(), "--opensearch", &closed]);
    assert_eq!(out.status.code(), Some(2));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains(&closed) && message.contains("running"),
        "{message}"
    );
    // Credentials belong in the environment, never in an address that messages show.
    let out = khlang(&[
        "publish",
        &site.to_string_lossy(),
        "--opensearch",
        "http://admin:secret@127.0.0.1:9200",
    ]);
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        message.contains("KHLANG_OPENSEARCH_USER") && !message.contains("secret"),
        "{message}"
    );
    // An unsigned archive under the default title could not be told from another agency's.
    let untitled = tmp.path().join("untitled");
    build_site(&e2e::announcements(), &untitled, &[]);
    let out = khlang(&[
        "publish",
        &untitled.to_string_lossy(),
        "--opensearch",
        &closed,
    ]);
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains("--title"), "{message}");
}

/// Two agencies' documents folders: A the demo samples (PDF, DOCX, XLSX, a scan); B the
/// announcements and the thaigov slice in the repository, and when the shared corpus is
/// beside the repository, 1,000 more of its texts in each.
fn agency_folders(tmp: &Path) -> (PathBuf, PathBuf) {
    let root = repo_root();
    let a = tmp.join("docs-a");
    let b = tmp.join("docs-b");
    e2e::copy_dir(&root.join("samples"), &a);
    // Slips for the other spellings' comparison: ศรีษะ beside ศีรษะ (issue 32).
    e2e::copy_dir(&root.join("tests/fixtures/spellings"), &a.join("สะกด"));
    e2e::copy_dir(&e2e::announcements(), &b);
    e2e::copy_dir(&root.join("catalog/tests/fixtures/thaigov"), &b.join("ข่าว"));
    let corpus = root.join("../shared/corpus/thaigov-dev.tar.xz");
    if corpus.is_file() {
        let all = tmp.join("corpus");
        std::fs::create_dir_all(&all).expect("corpus dir");
        let status = Command::new("tar")
            .args([
                "-xJf",
                &corpus.to_string_lossy(),
                "-C",
                &all.to_string_lossy(),
            ])
            .status()
            .expect("tar runs");
        assert!(status.success());
        let mut texts: Vec<PathBuf> = walk(&all)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        texts.sort();
        for (i, text) in texts.iter().take(2000).enumerate() {
            let to = if i % 2 == 0 { &a } else { &b };
            let name = format!("corpus/{i:05}.txt");
            let dest = to.join(name);
            std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
            std::fs::copy(text, dest).expect("copy a corpus text");
        }
        std::fs::remove_dir_all(&all).ok();
    }
    (a, b)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn run_ok(args: &[&str]) -> String {
    let out = khlang(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "khlang {}: {stderr}", args.join(" "));
    stderr
}

fn publish(os: &str, index: &str, sites: &[&Path], extra: &[&str]) -> String {
    let sites: Vec<String> = sites
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    let mut args: Vec<&str> = vec!["publish"];
    args.extend(sites.iter().map(String::as_str));
    args.extend(["--opensearch", os, "--index", index]);
    args.extend(extra);
    run_ok(&args)
}

fn doc_count(site: &Path) -> u64 {
    search_json(site, "", &["--limit", "1"])["total"]
        .as_u64()
        .expect("a total")
}

fn count(os: &str, index: &str) -> u64 {
    let answer = minreq::get(format!("{os}/{index}/_count"))
        .send()
        .expect("count");
    let value: Value = serde_json::from_slice(answer.as_bytes()).expect("JSON");
    value["count"].as_u64().expect("a count")
}

/// `khlang serve --opensearch` on a free port; its base URL.
fn serve(os: &str, index: &str, documents: &[&Path]) -> (Guard, String) {
    let port = free_port();
    let mut command = Command::new(khlang_bin());
    command.args([
        "serve",
        "--opensearch",
        os,
        "--index",
        index,
        "--port",
        &port.to_string(),
    ]);
    for site in documents {
        command.arg("--documents").arg(site);
    }
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("khlang serve starts");
    let guard = Guard(child);
    let url = format!("http://127.0.0.1:{port}/");
    e2e::wait_http(&format!("{url}api/health")).expect("khlang serve --opensearch answers");
    (guard, url)
}

fn request(query: &str, filters: &[(&'static str, &str)], offset: usize, limit: usize) -> Value {
    let q = Query {
        text: query.to_string(),
        filters: filters.iter().map(|(f, v)| (*f, v.to_string())).collect(),
        other_spellings: false,
    };
    query_request(&q, offset, limit)
}

fn query_request(q: &Query, offset: usize, limit: usize) -> Value {
    let mut selected: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (facet, value) in &q.filters {
        selected.entry(facet).or_default().push(value);
    }
    json!({"query": q.text, "filters": selected, "offset": offset, "limit": limit,
           "other_spellings": q.other_spellings})
}

fn api_search(api: &str, request: &Value) -> Value {
    let answer = minreq::post(format!("{api}api/search"))
        .with_header("Content-Type", "application/json")
        .with_body(request.to_string())
        .with_timeout(30)
        .send()
        .expect("the API answers");
    assert_eq!(answer.status_code, 200, "{}", answer.as_str().unwrap_or(""));
    serde_json::from_slice(answer.as_bytes()).expect("JSON")
}

/// A query and the facet selections it is asked with.
struct Query {
    text: String,
    filters: Vec<(&'static str, String)>,
    /// The archive's other spellings included (`other_spellings`, `--other-spellings`).
    other_spellings: bool,
}

/// Over 200 queries from the merged archive's own text: words, spans cut inside words, quoted
/// phrases, Thai and Arabic digits, a few excluded words, with and without facet selections.
fn queries(merged: &Path) -> Vec<Query> {
    let all = search_json(merged, "", &["--limit", "40"]);
    let hits = all["hits"].as_array().expect("hits");
    let mut texts: Vec<String> = Vec::new();
    for hit in hits {
        let path = hit["path"].as_str().unwrap_or_default();
        let url = e2e::percent_decode(hit["url"].as_str().unwrap_or_default());
        let body = std::fs::read_to_string(merged.join(url));
        if let (true, Ok(body)) = (path.ends_with(".txt"), body) {
            texts.push(body);
        }
    }
    let mut out: Vec<Query> = Vec::new();
    let mut add = |text: String| {
        if !text.trim().is_empty() && !out.iter().any(|q| q.text == text) {
            out.push(Query {
                text,
                filters: Vec::new(),
                other_spellings: false,
            });
        }
    };
    for (i, body) in texts.iter().enumerate() {
        let chars: Vec<char> = body.chars().filter(|c| !c.is_control()).collect();
        if chars.len() < 60 {
            continue;
        }
        // Cuts at fixed fractions of the text, of 2 to 14 characters: inside words as often as
        // not, as people paste and type; the longest often begin inside a cluster, which both
        // engines read so only when the query finds nothing as typed (catalog::query::heads_cut).
        for (k, len) in [
            (7usize, 2usize),
            (13, 3),
            (29, 4),
            (41, 6),
            (53, 9),
            (37, 14),
        ] {
            let at = (chars.len() * k / 61 + i) % (chars.len() - len);
            let span: String = chars[at..at + len].iter().collect();
            let span = span.trim().to_string();
            if span.is_empty() {
                continue;
            }
            if k == 41 {
                add(format!("\"{span}\""));
            } else {
                add(span);
            }
        }
    }
    for digits in [
        "2563",
        "๒๕๖๓",
        "2567",
        "๒๕๖๗",
        "๑๐",
        "10",
        "พ.ศ. ๒๕๖๓",
        "ประกาศ -ข่าว",
    ] {
        add(digits.to_string());
    }
    // The same words with facet selections, each facet in turn.
    let facets = &all["facets"];
    let mut filtered = Vec::new();
    for (i, q) in out.iter().take(60).enumerate() {
        let facet = [
            "category",
            "fiscal_year",
            "agency",
            "province",
            "department",
        ][i % 5];
        let values: Vec<&String> = facets[facet]
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        if let Some(value) = values.get(i % values.len().max(1)) {
            filtered.push(Query {
                text: q.text.clone(),
                filters: vec![(facet, (*value).clone())],
                other_spellings: false,
            });
        }
    }
    out.extend(filtered);
    out.push(Query {
        text: String::new(),
        filters: vec![("fiscal_year", "2563".into())],
        other_spellings: false,
    });
    // Other spellings offered and included (tests/fixtures/spellings): the word, the slip, in
    // a longer query, excluded, with a facet selection; each with and without them.
    let slips: [(&str, &[(&'static str, &str)]); 5] = [
        ("ศีรษะ", &[]),
        ("ศรีษะ", &[]),
        ("หมวกนิรภัย ศีรษะ", &[]),
        ("หมวกนิรภัย -ศีรษะ", &[]),
        ("ศีรษะ", &[("fiscal_year", "2567")]),
    ];
    for (text, filters) in slips {
        for other_spellings in [false, true] {
            out.push(Query {
                text: text.to_string(),
                filters: filters.iter().map(|(f, v)| (*f, v.to_string())).collect(),
                other_spellings,
            });
        }
    }
    out
}

/// The CLI's flags for a facet selection.
fn cli_flag(facet: &str) -> &'static str {
    match facet {
        "category" => "--category",
        "fiscal_year" => "--year",
        "agency" => "--agency",
        "province" => "--province",
        _ => "--department",
    }
}

/// Every query through the API and through `khlang search` on the merged archive: totals and
/// facet counts equal, and for queries with few enough hits, the same documents.
fn compare_all(api: &str, merged: &Path, queries: &[Query]) -> usize {
    for q in queries {
        let mut extra: Vec<String> = vec!["--limit".into(), WHOLE_SETS_UP_TO.to_string()];
        for (facet, value) in &q.filters {
            extra.push(cli_flag(facet).into());
            extra.push(value.clone());
        }
        if q.other_spellings {
            extra.push("--other-spellings".into());
        }
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        let local = search_json(merged, &q.text, &extra);
        let first = api_search(api, &query_request(q, 0, 100));
        let what = format!(
            "{:?} with {:?}, other spellings {}",
            q.text, q.filters, q.other_spellings
        );
        assert_eq!(first["total"], local["total"], "total of {what}");
        assert_eq!(first["facets"], local["facets"], "facet counts of {what}");
        assert_eq!(
            first["spellings"], local["spellings"],
            "spellings of {what}"
        );
        let total = local["total"].as_u64().unwrap_or(0);
        if total <= WHOLE_SETS_UP_TO {
            let mut remote = hit_keys(&first);
            let mut offset = 100;
            while (offset as u64) < total {
                remote.extend(hit_keys(&api_search(api, &query_request(q, offset, 100))));
                offset += 100;
            }
            let merged_keys: BTreeSet<(String, String, bool)> = hit_keys(&local)
                .into_iter()
                // The merged archive files each agency's documents under a folder of its own.
                .map(|(archive, path, other)| {
                    let inside = path.split_once('/').map_or(path.as_str(), |(_, p)| p);
                    (archive, inside.to_string(), other)
                })
                .collect();
            assert_eq!(remote, merged_keys, "hits of {what}");
        }
    }
    queries.len()
}

/// A hit set as (archive, path, found only through another spelling) triples.
fn hit_keys(answer: &Value) -> BTreeSet<(String, String, bool)> {
    answer["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .map(|h| {
                    (
                        h["source"]["archive"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                        h["path"].as_str().unwrap_or_default().to_string(),
                        h["other_spelling"].as_bool().unwrap_or(false),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The longest run of `file`'s text between spaces: it starts and ends where a cluster does,
/// so searching it finds the file (a span cut inside a cluster may not: issue 30).
fn unique_phrase(file: &Path) -> String {
    let text = std::fs::read_to_string(file).expect("fixture");
    text.split_whitespace()
        .max_by_key(|w| w.chars().count())
        .unwrap_or_default()
        .to_string()
}

/// Starts a publish in small batches, kills it once the index holds some of it, runs it again
/// to the end; the second run's output.
fn killed_then_resumed(os: &str, sites: &[&Path]) -> String {
    let mut command = Command::new(khlang_bin());
    command.arg("publish");
    for site in sites {
        command.arg(site);
    }
    command.args([
        "--opensearch",
        os,
        "--index",
        "resumed",
        "--batch-docs",
        "5",
    ]);
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("publish starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let some = minreq::get(format!("{os}/resumed/_count"))
            .send()
            .ok()
            .and_then(|a| serde_json::from_slice::<Value>(a.as_bytes()).ok())
            .and_then(|v| v["count"].as_u64())
            .unwrap_or(0);
        if some > 0 || Instant::now() > deadline {
            break;
        }
        if child.try_wait().ok().flatten().is_some() {
            break; // finished before it could be killed: the second run must still agree
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    minreq::post(format!("{os}/resumed/_refresh")).send().ok();
    publish(os, "resumed", sites, &["--batch-docs", "5"])
}
