//! `thingkit test` over a generated repository of 200 TS013 codecs × 10 uplink vectors, against
//! what a codec repository's CI does without it: one `thingkit decode` process per vector (as
//! many at once as there are cores, as `thingkit test` uses them), measured in the same run.
//!
//! Goal: `thingkit test` at least 20× faster. Also the CPU time of a one-shot `thingkit decode`
//! of the example uplink, against its budget of 3 ms, with a process that does nothing
//! (`thingkit --version`) as its floor.
//! `cargo bench -p thingkit-bench --bench vectors`

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use thingkit_bench::{Goal, Summary, thingkit_binary, workspace_root};

const CODECS: usize = 200;
const VECTORS: usize = 10;
const GOAL: f64 = 20.0;

/// Codec `i`: a temperature and humidity frame, its own offset, a warning when the battery is low.
fn codec(i: usize) -> String {
    format!(
        "// Generated codec {i}.\n\
         function decodeUplink(input) {{\n\
           var b = input.bytes;\n\
           if (b.length !== 4) {{ return {{ errors: ['expected 4 bytes'] }}; }}\n\
           var t = ((b[0] << 8) | b[1]);\n\
           if (t > 0x7fff) {{ t -= 0x10000; }}\n\
           var out = {{ data: {{ temperature: t / 100 + {i}, humidity: b[2], battery: b[3] / 10 }} }};\n\
           if (b[3] < 25) {{ out.warnings = ['battery low']; }}\n\
           return out;\n\
         }}\n"
    )
}

/// Vector `j` of codec `i`: its bytes and the result the codec gives.
fn vector(i: usize, j: usize) -> (Vec<u8>, serde_json::Value) {
    let raw: i16 = (j as i16 * 137) - 500;
    let [hi, lo] = raw.to_be_bytes();
    let humidity = (j * 7 % 100) as u8;
    let battery = 20 + j as u8;
    let bytes = vec![hi, lo, humidity, battery];
    let temperature = f64::from(raw) / 100.0 + i as f64;
    let mut output = serde_json::json!({"data": {"temperature": temperature, "humidity": humidity, "battery": f64::from(battery) / 10.0}});
    if battery < 25 {
        output["warnings"] = serde_json::json!(["battery low"]);
    }
    (bytes, output)
}

/// Writes the repository: `codec-i/index.js` and `codec-i/examples.json` for each codec.
fn generate(root: &Path) -> Vec<(PathBuf, String)> {
    let mut cases = Vec::new();
    for i in 0..CODECS {
        let folder = root.join(format!("codec-{i:03}"));
        std::fs::create_dir_all(&folder).expect("folder");
        let script = folder.join("index.js");
        std::fs::write(&script, codec(i)).expect("script");
        let examples: Vec<serde_json::Value> = (0..VECTORS)
            .map(|j| {
                let (bytes, output) = vector(i, j);
                cases.push((script.clone(), hex::encode(&bytes)));
                serde_json::json!({"type": "uplink", "description": format!("vector {j}"), "input": {"bytes": bytes, "fPort": 1}, "output": output})
            })
            .collect();
        std::fs::write(folder.join("examples.json"), serde_json::to_string_pretty(&examples).expect("JSON")).expect("examples");
    }
    cases
}

fn main() {
    let root = std::env::temp_dir().join(format!("thingkit-bench-vectors-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let cases = generate(&root);
    let thingkit = thingkit_binary();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    // `thingkit test`: one process, every file, compiled once per file. The median of three.
    let mut test_runs = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let out = Command::new(&thingkit).arg("test").arg(&root).stdout(Stdio::piped()).output().expect("thingkit test runs");
        test_runs.push(started.elapsed());
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "every generated vector passes: {stdout}");
        assert!(stdout.contains(&format!("{} passed; 0 failed; 0 errors; {CODECS} file(s)", CODECS * VECTORS)), "{stdout}");
    }
    test_runs.sort();
    let test = test_runs[1];

    // One `thingkit decode` per vector, `cores` at a time; each output checked.
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..cores {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((script, hex)) = cases.get(i) else { break };
                    let out = Command::new(&thingkit)
                        .args(["decode", "--format", "json", "--fport", "1", "--hex", hex, "--script"])
                        .arg(script)
                        .output()
                        .expect("thingkit decode runs");
                    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                    let (codec, vector) = (i / VECTORS, i % VECTORS);
                    let decoded: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
                    let differences = thingkit::codec_tests::differences(&self::vector(codec, vector).1, &decoded);
                    assert!(differences.is_empty(), "codec {codec} vector {vector}: {differences:?}");
                }
            });
        }
    });
    let per_process = started.elapsed();
    let _ = std::fs::remove_dir_all(&root);

    let ratio = per_process.as_secs_f64() / test.as_secs_f64();
    let per_vector = |d: Duration| d.as_secs_f64() * 1e6 / (CODECS * VECTORS) as f64;
    println!("{} codecs × {} vectors on {cores} core(s)", CODECS, VECTORS);
    println!("  thingkit test (one process)          {:>9.1} ms   {:>8.1} µs/vector", test.as_secs_f64() * 1e3, per_vector(test));
    println!("  thingkit decode, a process per vector {:>8.1} ms   {:>8.1} µs/vector", per_process.as_secs_f64() * 1e3, per_vector(per_process));
    println!("  ratio {ratio:.1}× faster (goal ≥ {GOAL}×): {}", if ratio >= GOAL { "met" } else { "NOT met" });

    let mut summary = Summary::default();
    summary.add(Goal::time("vectors/cli/test-vs-a-process-per-vector", test, "a thingkit decode process per vector", per_process, 1.0 / GOAL));
    let script = workspace_root().join("examples/alink-example.js");
    let decode = median_cpu(&thingkit, &["decode", "--hex", "000000000100320100000000", "--script", &script.to_string_lossy()]);
    let floor = median_cpu(&thingkit, &["--version"]);
    println!("\none-shot `thingkit decode` of the example uplink: {decode:?} of CPU; a process that does nothing (`--version`): {floor:?}");
    summary.add(Goal::time("compile/cli/one-shot-decode-cpu", decode, "a budget of 3 ms of CPU", Duration::from_millis(3), 1.0));
    summary.finish();
}

/// The median CPU time (user and system) of 21 runs of `thingkit ARGS`, as the kernel counts it
/// for finished children.
fn median_cpu(thingkit: &Path, args: &[&str]) -> Duration {
    let children = || {
        use nix::sys::resource::{UsageWho, getrusage};
        let usage = getrusage(UsageWho::RUSAGE_CHILDREN).expect("getrusage");
        let time = |t: nix::sys::time::TimeVal| Duration::from_secs(t.tv_sec() as u64) + Duration::from_micros(t.tv_usec() as u64);
        time(usage.user_time()) + time(usage.system_time())
    };
    let mut runs: Vec<Duration> = (0..21)
        .map(|_| {
            let before = children();
            let status = Command::new(thingkit).args(args).stdout(Stdio::null()).status().expect("thingkit runs");
            assert!(status.success(), "thingkit {args:?}");
            children() - before
        })
        .collect();
    runs.sort();
    runs[runs.len() / 2]
}
