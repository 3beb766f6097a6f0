//! What the benchmarks in `benches/` share: the median timer and the goal summary.
//! (`cargo bench -p thingkit-bench [--bench model|script|plugin|vectors]`)
//!
//! # The summary
//! Every goal a benchmark measures is one entry of `target/bench-summary.json` (under
//! `CARGO_TARGET_DIR` when it is set), a JSON array ordered by `name`:
//!
//! ```json
//! [{"name": "validate/native/large-tsl", "value": 3400.5, "unit": "µs",
//!   "peer": "serde_json parse + serialize", "peer_value": 1702.1,
//!   "ratio": 2.0, "goal": 2.0, "met": true}]
//! ```
//!
//! `value` is thingkit's cost and `peer_value` the peer's, both in `unit`, measured in the same
//! run; `ratio` is always thingkit's cost divided by the peer's (for a throughput, the peer's
//! rate divided by thingkit's), and `goal` the ceiling on it; `met` is `ratio <= goal`. Where a
//! goal is an absolute budget, `peer` names the budget and `peer_value` is it. Each benchmark
//! replaces its own entries and keeps the others', so `cargo bench -p thingkit-bench`,
//! `bench/serve/run.sh` and `npm --prefix wasm run bench` together fill one file.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Median time per call of `f` over 25 batches filling about `budget`: the figure the ratio
/// tables print, measured for every row in the same run.
pub fn median(budget: Duration, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    f();
    let one = start.elapsed().max(Duration::from_nanos(100));
    let per_batch = ((budget.as_nanos() / 25) / one.as_nanos()).clamp(1, 10_000) as u32;
    let mut samples: Vec<Duration> = (0..25)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..per_batch {
                f();
            }
            t.elapsed() / per_batch
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

/// `a` over `b`, for the breakdowns the benchmarks print beside their goals.
pub fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

/// One goal as measured: see the module documentation for the shape.
#[derive(Debug, Clone)]
pub struct Goal {
    pub name: String,
    pub value: f64,
    pub unit: &'static str,
    pub peer: String,
    pub peer_value: f64,
    pub goal: f64,
}

impl Goal {
    /// A goal on times: thingkit's `ours` against the peer's `theirs`, in microseconds.
    pub fn time(name: &str, ours: Duration, peer: &str, theirs: Duration, goal: f64) -> Goal {
        Goal { name: name.into(), value: micros(ours), unit: "µs", peer: peer.into(), peer_value: micros(theirs), goal }
    }

    /// thingkit's cost divided by the peer's.
    pub fn ratio(&self) -> f64 {
        if self.unit.ends_with("/s") { self.peer_value / self.value } else { self.value / self.peer_value }
    }

    pub fn met(&self) -> bool {
        self.ratio() <= self.goal
    }

    fn to_json(&self) -> Value {
        json!({"name": self.name, "value": round(self.value), "unit": self.unit, "peer": self.peer,
            "peer_value": round(self.peer_value), "ratio": round(self.ratio()), "goal": self.goal, "met": self.met()})
    }
}

/// The goals one benchmark measured: printed as a table, then merged into the summary file.
#[derive(Debug, Default)]
pub struct Summary {
    goals: Vec<Goal>,
}

impl Summary {
    pub fn add(&mut self, goal: Goal) {
        self.goals.push(goal);
    }

    /// Prints the goals, each ratio next to its ceiling, and writes them to the summary file.
    ///
    /// # Panics
    /// When the summary file cannot be written: a benchmark run that records nothing failed.
    pub fn finish(self) {
        println!("\n{:<44} {:>12} {:>12} {:>8} {:>8}  peer is", "goal", "thingkit", "peer", "ratio", "ceiling");
        for g in &self.goals {
            println!(
                "{:<44} {:>9.1} {:<2} {:>9.1} {:<2} {:>7.2}× {:>7.2}×  {}{}",
                g.name,
                g.value,
                g.unit,
                g.peer_value,
                g.unit,
                g.ratio(),
                g.goal,
                g.peer,
                if g.met() { "" } else { "  (NOT MET)" }
            );
        }
        let path = summary_path();
        let mut entries: Vec<Value> = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| serde_json::from_str::<Vec<Value>>(&text).ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|e| !self.goals.iter().any(|g| e["name"] == g.name.as_str()))
            .collect();
        entries.extend(self.goals.iter().map(Goal::to_json));
        entries.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("the target folder can be made");
        }
        let text = serde_json::to_string_pretty(&entries).expect("serializes") + "\n";
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        println!("written to {}", path.display());
    }
}

/// `target/bench-summary.json` of the workspace, or under `CARGO_TARGET_DIR`.
pub fn summary_path() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("bench-summary.json")
}

/// The release `thingkit` binary, built (or found up to date) first, so that a benchmark never
/// times an old build.
///
/// # Panics
/// When it cannot be built.
pub fn thingkit_binary() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let status =
                Command::new(cargo).args(["build", "--release", "-p", "thingkit-host", "--bin", "thingkit"]).status().expect("cargo runs");
            assert!(status.success(), "the thingkit binary builds");
            let exe = std::env::current_exe().expect("the benchmark's path");
            // target/release/deps/<bench> → target/release/thingkit
            let profile_dir = exe.parent().and_then(Path::parent).expect("target/<profile>");
            profile_dir.join("thingkit")
        })
        .clone()
}

/// The workspace's root folder.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
