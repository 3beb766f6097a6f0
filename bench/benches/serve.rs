//! `thingkit serve` (release build) on loopback under wrk, one wrk thread and 8 connections on
//! the same cores, every route run by the same wrk script (`bench/serve/count.lua`) and every
//! answer checked to be 200: the example uplink decoded in the plugin, `/healthz` (no sandbox
//! work: the HTTP stack's floor), and the same uplink 100 at a time on the batch route. Then the
//! server's memory after a warm-up against after the decode run (at least 100,000 calls).
//!
//! Goals: decode throughput at least half of `/healthz`'s; decode p99 under 2 ms; memory flat
//! (at most 10 % more after the long run). wrk is Debian's package, installed when missing.
//! `cargo bench -p thingkit-bench --bench serve [-- SECONDS [CONNECTIONS]]` (or
//! `bench/serve/run.sh`).

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use thingkit_bench::{Goal, Summary, thingkit_binary, workspace_root};

const UPLINK: &str = "000000000100320100000000";
const BATCH: usize = 100;

/// What wrk measured.
#[derive(Debug)]
struct Run {
    requests: u64,
    per_second: f64,
    p50: Duration,
    p99: Duration,
    /// The server's CPU time per request.
    server_cpu: Duration,
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(thingkit_binary())
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("thingkit serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("the service says where it listens");
        let base = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("unexpected first line: {line}")).to_string();
        Server { child, base }
    }

    fn call(&self, method: &str, path: &str, body: &str) -> Value {
        let url = format!("{}{path}", self.base);
        let mut response = match method {
            "PUT" => ureq::put(&url).send(body),
            _ => ureq::post(&url).send(body),
        }
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let mut text = String::new();
        response.body_mut().as_reader().read_to_string(&mut text).expect("a body");
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    }

    /// CPU time the server has used so far (user and system), from `/proc`.
    fn cpu(&self) -> Duration {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).expect("the server's stat");
        // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
        let fields: Vec<&str> = stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
        let ticks: u64 = fields.get(11..13).map(|f| f.iter().filter_map(|n| n.parse::<u64>().ok()).sum()).unwrap_or(0);
        // Linux reports them in USER_HZ, 100 a second on every architecture it runs on.
        Duration::from_millis(ticks * 10)
    }

    /// Resident memory of the server, in KiB.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("the server's status");
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("VmRSS");
        line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a number")
    }

    /// wrk against `path` with the shared script; panics on any answer but 200.
    fn wrk(&self, seconds: u64, connections: u32, method: &str, path: &str, body: &str) -> Run {
        let cpu_before = self.cpu();
        let script = workspace_root().join("bench/serve/count.lua");
        // One wrk thread: the machine's cores are the service's.
        let out = Command::new("wrk")
            .args(["-t1", &format!("-c{connections}"), &format!("-d{seconds}s"), "--latency", "-s"])
            .arg(&script)
            .arg(format!("{}{path}", self.base))
            .env("WRK_METHOD", method)
            .env("WRK_BODY", body)
            .output()
            .expect("wrk runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success() && text.contains("answers other than 200: 0"), "{method} {path}:\n{text}");
        let mut run = parse_wrk(&text);
        run.server_cpu = (self.cpu() - cpu_before) / u32::try_from(run.requests.max(1)).unwrap_or(u32::MAX);
        run
    }
}

fn parse_wrk(text: &str) -> Run {
    let field = |prefix: &str| text.lines().map(str::trim).find_map(|l| l.strip_prefix(prefix)).map(str::trim).unwrap_or_default().to_string();
    let latency = |p: &str| duration(field(&format!("{p}%")).as_str());
    let requests = text.lines().find_map(|l| l.trim().split_once(" requests in ")).and_then(|(n, _)| n.parse().ok()).unwrap_or(0);
    Run { requests, per_second: field("Requests/sec:").parse().unwrap_or(0.0), p50: latency("50"), p99: latency("99"), server_cpu: Duration::ZERO }
}

/// wrk's `1.47ms`, `337.00us`, `1.02s`.
fn duration(text: &str) -> Duration {
    let split = text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: f64 = number.parse().unwrap_or(f64::NAN);
    let seconds = match unit {
        "us" => n / 1e6,
        "ms" => n / 1e3,
        "s" => n,
        "m" => n * 60.0,
        _ => f64::NAN,
    };
    Duration::try_from_secs_f64(seconds).unwrap_or_else(|_| panic!("not a wrk duration: {text}"))
}

/// wrk from Debian's packages, installed when missing.
fn ensure_wrk() {
    if Command::new("wrk").arg("--version").output().is_ok() {
        return;
    }
    let status = Command::new("apt-get").args(["install", "-y", "-q", "wrk"]).stdout(Stdio::null()).status().expect("apt-get runs");
    assert!(status.success(), "wrk installs (Debian's package)");
}

fn main() {
    // `cargo bench` passes `--bench`; the numbers are ours.
    let numbers: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let seconds = numbers.first().copied().unwrap_or(10);
    let connections = numbers.get(1).map_or(8, |&c| c as u32);
    ensure_wrk();
    let server = Server::start();
    let script = std::fs::read_to_string(workspace_root().join("examples/alink-example.js")).expect("the example script");
    server.call("PUT", "/v1/scripts/a1demo", &script);
    let one = json!({"hex": UPLINK}).to_string();
    let expected = json!({"id": "1", "method": "thing.event.property.post", "params": {"prop_bool": 1, "prop_float": 0, "prop_int16": 50}, "version": "1.0"});
    assert_eq!(server.call("POST", "/v1/scripts/a1demo/decode", &one), expected, "the service decodes the example");
    let batch = json!({"items": vec![json!({"hex": UPLINK}); BATCH]}).to_string();
    let answer = server.call("POST", "/v1/scripts/a1demo/decode-batch", &batch);
    assert_eq!((&answer["decoded"], &answer["results"][BATCH - 1]["result"]), (&json!(BATCH), &expected), "the batch route decodes");

    let warm_up = server.wrk(2, connections, "POST", "/v1/scripts/a1demo/decode", &one);
    let rss_warm = server.rss_kib();
    let decode = server.wrk(seconds, connections, "POST", "/v1/scripts/a1demo/decode", &one);
    let rss_after = server.rss_kib();
    let healthz = server.wrk(seconds, connections, "GET", "/healthz", "");
    let batched = server.wrk(seconds, connections, "POST", "/v1/scripts/a1demo/decode-batch", &batch);
    let peak = std::fs::read_to_string(format!("/proc/{}/status", server.child.id()))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_string()))
        .unwrap_or_default();

    println!("\nthingkit serve on loopback, wrk -t1 -c{connections}, {seconds} s each");
    println!("{:<44} {:>12} {:>10} {:>10} {:>16}", "route", "requests/s", "p50", "p99", "server CPU/req");
    for (name, run) in [("POST /v1/scripts/{product}/decode", &decode), ("GET /healthz", &healthz), ("POST …/decode-batch (100 uplinks)", &batched)] {
        println!("{name:<44} {:>12.0} {:>10?} {:>10?} {:>16?}", run.per_second, run.p50, run.p99, run.server_cpu);
    }
    // Where a decode request's CPU goes: the plugin call itself, timed here in-process with the
    // same plugin, against what the request costs beyond `/healthz`'s.
    let plugins = thingkit_host::plugin::Plugins::shared().expect("the plugin loads");
    let options = thingkit_host::plugin::CodecOptions { unsigned_bytes: false, deterministic_now_ms: None, deterministic_seed: None };
    let mut codec = plugins.compile(&script, options).expect("compiles");
    let input = thingkit_host::plugin::DecodeInput { topic: None, f_port: None, recv_time_ms: None, variables: Vec::new() };
    let bytes = hex::decode(UPLINK).expect("hex");
    let call = thingkit_bench::median(Duration::from_millis(1500), || {
        drop(std::hint::black_box(codec.decode(&bytes, &input, thingkit_host::plugin::Direction::Uplink).expect("decodes")));
    });
    println!(
        "a decode request costs the server {:?} of CPU more than /healthz; the plugin call alone takes {call:?} ({:.0} %); by CPU alone, at /healthz's cost plus that call the route would answer {:.0} % of /healthz's rate",
        decode.server_cpu.saturating_sub(healthz.server_cpu),
        100.0 * call.as_secs_f64() / decode.server_cpu.saturating_sub(healthz.server_cpu).as_secs_f64().max(1e-9),
        100.0 * healthz.server_cpu.as_secs_f64() / (healthz.server_cpu + call).as_secs_f64()
    );
    println!(
        "batch: {:.0} uplinks/s ({:.2}× the single route's); decode run: {} calls after a warm-up of {}; RSS {rss_warm} KiB → {rss_after} KiB, peak {peak} KiB",
        batched.per_second * BATCH as f64,
        batched.per_second * BATCH as f64 / decode.per_second,
        decode.requests,
        warm_up.requests
    );
    assert!(decode.requests >= 100_000, "the memory goal needs at least 100,000 calls; run longer");

    let mut summary = Summary::default();
    summary.add(Goal {
        name: "service/decode-vs-healthz-throughput".into(),
        value: decode.per_second,
        unit: "req/s",
        peer: "GET /healthz in the same wrk run".into(),
        peer_value: healthz.per_second,
        goal: 2.0,
    });
    summary.add(Goal::time("service/decode-p99", decode.p99, "a budget of 2 ms at 8 connections", Duration::from_millis(2), 1.0));
    summary.add(Goal {
        name: "service/memory-after-100k-decodes".into(),
        value: rss_after as f64,
        unit: "KiB",
        peer: "resident memory after the warm-up".into(),
        peer_value: rss_warm as f64,
        goal: 1.1,
    });
    summary.finish();
}
