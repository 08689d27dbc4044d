//! A real two-node OpenSearch cluster for the end-to-end tests of publishing archives into
//! OpenSearch and serving search from it: those tests must run against the engine operators run
//! (sharded, replicated, with a node that can fail), not against a mock of it.
//!
//! [`Cluster::start`] starts two nodes from the one distribution that `scripts/tools.sh`
//! (`need_opensearch`) unpacks into the khlang-dev cache, `$KHLANG_OPENSEARCH_HOME`. The nodes
//! share that folder read-only; each has its configuration, data and logs in a temporary folder
//! of the cluster (`OPENSEARCH_PATH_CONF`), its own loopback ports chosen at start, and the
//! cluster a name of its own, so several tests can each start one. node1 is cluster-manager and
//! data node, node2 data and ingest only: stopping node2 ([`Cluster::stop_node2`]) leaves a
//! cluster that keeps its manager and answers every search from the promoted replicas.
//! Dropping the [`Cluster`] stops both JVMs, waits until they have exited, and removes the
//! folder. The JVMs stay in the test's process group, so a Ctrl-C that interrupts the tests
//! stops them too.
//!
//! ```no_run
//! let mut cluster = e2e::opensearch::Cluster::start()?; // green, 2 nodes
//! minreq::get(format!("{}/_cat/indices", cluster.url())).send()?;
//! cluster.stop_node2()?; // node1 answers on, alone (yellow)
//! # Ok::<(), anyhow::Error>(())
//! ```
//!
//! A start takes 20–30 s and each node about 0.7 GB of memory (a 512 MB heap, which
//! `$KHLANG_OPENSEARCH_HEAP`, e.g. `2g`, overrides for the benchmark): start one cluster per
//! test and make several checks on it. OpenSearch refuses to run as root, and the
//! tests run as root here and in CI; then the JVMs run as the user `scripts/tools.sh` declares
//! (`OPENSEARCH_USER`), through `setpriv`. (Not `runuser`: it stays as the JVM's parent and kills
//! it 2 s after passing on a SIGTERM, which cuts OpenSearch's shutdown short.)

use std::fs::{self, File};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

mod distribution;

pub use distribution::HEAP_VARIABLE;

use distribution::{as_user, run, write_node_config, Distribution};

/// How long a cluster may take to become green. It takes 20–30 s on a 2-core machine; a
/// busy CI machine compiling beside it may take several times that.
const START_TIMEOUT: Duration = Duration::from_secs(180);

/// Lines of each node's output shown when the cluster fails.
const LOG_TAIL: usize = 40;

/// Two OpenSearch nodes in one cluster, stopped when dropped.
pub struct Cluster {
    node1: Node,
    node2: Option<Node>,
    url: String,
    node2_url: String,
    /// Declared last, so it is removed after the nodes writing in it have stopped.
    _dir: tempfile::TempDir,
}

impl Cluster {
    /// Starts node1 (cluster-manager, data) and node2 (data, ingest) and waits until the
    /// cluster is green with both nodes. Fails with the tail of both nodes' output if it does
    /// not get there, and with what to run if the distribution is missing.
    pub fn start() -> Result<Cluster> {
        let dist = Distribution::find()?;
        let dir = tempfile::Builder::new()
            .prefix("khlang-opensearch-")
            .tempdir()
            .context("a temporary folder for the OpenSearch nodes")?;
        let [http1, http2, transport1, transport2] = free_ports()?;
        static STARTED: AtomicU32 = AtomicU32::new(0);
        let cluster_name = format!(
            "khlang-e2e-{}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::Relaxed)
        );
        let seeds = json!([
            format!("127.0.0.1:{transport1}"),
            format!("127.0.0.1:{transport2}")
        ]);
        let nodes = [
            (
                "node1",
                "[ cluster_manager, data, ingest ]",
                http1,
                transport1,
            ),
            ("node2", "[ data, ingest ]", http2, transport2),
        ];
        for (name, roles, http, transport) in nodes {
            let settings = format!(
                "cluster.name: {cluster_name}\n\
                 node.name: {name}\n\
                 node.roles: {roles}\n\
                 network.host: 127.0.0.1\n\
                 http.port: {http}\n\
                 transport.port: {transport}\n\
                 discovery.seed_hosts: {seeds}\n\
                 cluster.initial_cluster_manager_nodes: [ node1 ]\n\
                 # A developer's disk may be fuller than the default watermarks (85 %) allow\n\
                 # replicas on; the tests' indexes are tiny.\n\
                 cluster.routing.allocation.disk.threshold_enabled: false\n"
            );
            write_node_config(&dist, &dir.path().join(name), &settings)?;
        }
        if let Some(user) = &dist.user {
            run(Command::new("chown")
                .arg("-R")
                .arg(format!("{user}:"))
                .arg(dir.path()))?;
        }
        let node1 = Node::launch(&dist, dir.path(), "node1")?;
        let node2 = Node::launch(&dist, dir.path(), "node2")?;
        let mut cluster = Cluster {
            node1,
            node2: Some(node2),
            url: format!("http://127.0.0.1:{http1}"),
            node2_url: format!("http://127.0.0.1:{http2}"),
            _dir: dir,
        };
        cluster.wait_green()?;
        Ok(cluster)
    }

    /// `http://127.0.0.1:PORT` of node1, the node that stays up: where tests send everything.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `http://127.0.0.1:PORT` of node2 (which no longer answers after [`Cluster::stop_node2`]).
    pub fn node2_url(&self) -> &str {
        &self.node2_url
    }

    /// The process ids of the running nodes' JVMs (node1 first), to read their memory: the
    /// launcher each node was started as execs the JVM.
    pub fn node_pids(&self) -> Vec<u32> {
        std::iter::once(&self.node1)
            .chain(self.node2.as_ref())
            .map(|node| node.child.id())
            .collect()
    }

    /// The cluster's health as node1 reports it (`status`, `number_of_nodes`, …).
    pub fn health(&self) -> Result<Value> {
        let (status, body) = get_json(&format!("{}/_cluster/health", self.url), 30)?;
        if status != 200 {
            bail!("cluster health answered {status}: {body}");
        }
        Ok(body)
    }

    /// Stops node2 (SIGTERM, as an operator's `kill` would) and waits until
    /// node1 reports a cluster of one node with every primary shard active again (yellow: the
    /// replicas on node1 became primaries). Stopping it twice does nothing.
    pub fn stop_node2(&mut self) -> Result<()> {
        let Some(node2) = self.node2.take() else {
            return Ok(());
        };
        drop(node2);
        let url = format!(
            "{}/_cluster/health?wait_for_nodes=1&wait_for_status=yellow&timeout=10s",
            self.url
        );
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut last = String::from("no answer");
        while Instant::now() < deadline {
            match get_json(&url, 20) {
                Ok((200, health)) if health["number_of_nodes"] == 1 => return Ok(()),
                Ok((status, body)) => last = format!("{status} {body}"),
                Err(e) => last = format!("{e:#}"),
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        bail!(
            "node1 did not report a one-node cluster after node2 stopped (last answer: {last})\n{}",
            self.node1.tail()
        )
    }

    /// Polls node1's health until the cluster is green with two nodes; fails early if a node
    /// exits.
    fn wait_green(&mut self) -> Result<()> {
        let url = format!(
            "{}/_cluster/health?wait_for_nodes=2&wait_for_status=green&timeout=10s",
            self.url
        );
        let deadline = Instant::now() + START_TIMEOUT;
        let mut last: String;
        loop {
            for node in std::iter::once(&mut self.node1).chain(self.node2.as_mut()) {
                if let Some(status) = node.child.try_wait()? {
                    let name = node.name;
                    bail!(
                        "OpenSearch {name} exited while the cluster started ({status})\n{}",
                        self.log_tails()
                    );
                }
            }
            match get_json(&url, 20) {
                Ok((200, health))
                    if health["status"] == "green" && health["number_of_nodes"] == 2 =>
                {
                    return Ok(())
                }
                Ok((status, body)) => last = format!("{status} {body}"),
                Err(e) => last = format!("{e:#}"),
            }
            if Instant::now() > deadline {
                bail!(
                    "the OpenSearch cluster was not green with 2 nodes within {} s (last answer \
                     from node1: {last})\n{}",
                    START_TIMEOUT.as_secs(),
                    self.log_tails()
                );
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    fn log_tails(&self) -> String {
        let mut out = self.node1.tail();
        if let Some(node2) = &self.node2 {
            out.push_str(&node2.tail());
        }
        out
    }
}

impl Drop for Cluster {
    /// Both nodes told to stop first, so they shut down side by side; each node's own drop then
    /// waits for its processes.
    fn drop(&mut self) {
        self.node1.signal("TERM");
        if let Some(node2) = &self.node2 {
            node2.signal("TERM");
        }
    }
}

/// One running node: the launcher script, which ends by exec'ing the JVM (so this process is the
/// JVM once the node has started), and where its output goes.
struct Node {
    name: &'static str,
    child: Child,
    output: PathBuf,
}

impl Node {
    /// Starts `bin/opensearch` of the distribution with the node's configuration folder.
    fn launch(dist: &Distribution, cluster_dir: &Path, name: &'static str) -> Result<Node> {
        let dir = cluster_dir.join(name);
        let output = dir.join("output.log");
        let file =
            File::create(&output).with_context(|| format!("creating {}", output.display()))?;
        let env = [
            ("OPENSEARCH_PATH_CONF", dir.join("config")),
            ("OPENSEARCH_JAVA_HOME", dist.java_home.clone()),
            // Else the launcher makes a folder in /tmp per start and leaves it there.
            ("OPENSEARCH_TMPDIR", dir.join("tmp")),
        ];
        let script = dist.home.join("bin/opensearch");
        let child = as_user(dist.user.as_deref(), &script)
            .envs(env)
            .stdin(Stdio::null())
            .stdout(file.try_clone()?)
            .stderr(file)
            .spawn()
            .with_context(|| format!("cannot start {}", script.display()))?;
        Ok(Node {
            name,
            child,
            output,
        })
    }

    /// Sends SIG`name` to the node (std sends only SIGKILL). Before the launcher has exec'd the
    /// JVM, this ends the launcher, and the short-lived Java helper it may be waiting for (a
    /// version or option check) finishes on its own.
    fn signal(&self, name: &str) {
        let _ = Command::new("kill")
            .args(["-s", name, "--", &self.child.id().to_string()])
            .stderr(Stdio::null())
            .status();
    }

    /// The last lines the node wrote, headed by its name.
    fn tail(&self) -> String {
        let text = fs::read(&self.output)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_else(|e| format!("(cannot read {}: {e})", self.output.display()));
        let lines: Vec<&str> = text.lines().collect();
        let from = lines.len().saturating_sub(LOG_TAIL);
        format!(
            "--- OpenSearch {}, last lines of {}:\n{}\n",
            self.name,
            self.output.display(),
            lines[from..].join("\n")
        )
    }
}

impl Drop for Node {
    /// Stops the node as an operator would (SIGTERM: OpenSearch shuts down in well under a
    /// second here), or with SIGKILL if it has not exited after 30 s; returns once it has.
    fn drop(&mut self) {
        self.signal("TERM");
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `N` distinct free TCP ports on 127.0.0.1 (held together while chosen, so they differ).
fn free_ports<const N: usize>() -> Result<[u16; N]> {
    let listeners = (0..N)
        .map(|_| TcpListener::bind("127.0.0.1:0"))
        .collect::<std::io::Result<Vec<_>>>()
        .context("no free port on 127.0.0.1")?;
    let mut ports = [0; N];
    for (port, listener) in ports.iter_mut().zip(&listeners) {
        *port = listener.local_addr()?.port();
    }
    Ok(ports)
}

/// GET `url`: the status and the body as JSON (a non-JSON body as a JSON string).
fn get_json(url: &str, timeout_s: u64) -> Result<(u16, Value)> {
    let response = minreq::get(url).with_timeout(timeout_s).send()?;
    let text = response.as_str().unwrap_or_default();
    let body = serde_json::from_str(text).unwrap_or_else(|_| Value::from(text));
    Ok((response.status_code, body))
}
