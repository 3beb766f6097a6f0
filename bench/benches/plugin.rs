//! The wasmtime path against the core in-process, measured in the same run: per-message decode
//! of the example protocol's uplink by the example script in-process (boa), the same script
//! inside the plugin (boa compiled to wasm, under wasmtime), and the example protocol written in
//! Rust as a third-party codec plugin. Also the plugin's compile of the script.
//!
//! Goal: wasmtime decode within 3× of native. `cargo bench -p thingkit-bench --bench plugin`

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;
use thingkit::script::{Codec, CodecOptions, DecodeInput};
use thingkit_bench::median;
use thingkit_host::plugin::{CodecOptions as PluginOptions, DecodeInput as PluginInput, EXAMPLE_CODEC_PATH, Plugins};

const SCRIPT: &str = include_str!("../../examples/alink-example.js");

fn main() {
    let bytes = hex::decode("000000000100320100000000").expect("hex");
    let budget = Duration::from_millis(2000);
    let options = PluginOptions { unsigned_bytes: false, deterministic_now_ms: None, deterministic_seed: None };
    let input = PluginInput { topic: None, f_port: None };
    let plugins = Plugins::shared().expect("the plugin loads");

    let mut native = Codec::compile(SCRIPT, CodecOptions::default()).expect("compiles");
    let mut wasm = plugins.compile(SCRIPT, options).expect("compiles");
    let mut rust = plugins.load_codec(Path::new(EXAMPLE_CODEC_PATH), "", options).expect("loads");
    let expected = native.decode(&bytes, &DecodeInput::default()).expect("decodes");
    for text in [wasm.decode(&bytes, &input).expect("decodes"), rust.decode(&bytes, &input).expect("decodes")] {
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).expect("json"), expected, "every path decodes the same");
    }

    let in_process = median(budget, || drop(black_box(native.decode(&bytes, &DecodeInput::default()).expect("decodes"))));
    let script_wasm = median(budget, || drop(black_box(wasm.decode(&bytes, &input).expect("decodes"))));
    let rust_wasm = median(budget, || drop(black_box(rust.decode(&bytes, &input).expect("decodes"))));
    let compile = median(budget, || drop(black_box(plugins.compile(SCRIPT, options).expect("compiles"))));

    println!("\nper-message decode of the example protocol's uplink report");
    println!("{:<52} {:>12}", "path", "median");
    println!("{:<52} {:>12?}", "script in-process (boa, native)", in_process);
    println!("{:<52} {:>12?}", "script in the plugin (boa in wasm, wasmtime)", script_wasm);
    println!("{:<52} {:>12?}", "Rust codec plugin (wasmtime)", rust_wasm);
    println!("wasmtime script / in-process script: {:.2}× (goal ≤ 3×)", script_wasm.as_secs_f64() / in_process.as_secs_f64());
    println!("Rust plugin is {:.1}× faster than the script in the plugin", script_wasm.as_secs_f64() / rust_wasm.as_secs_f64());
    println!("plugin compile of the script (new store, instance, compile): {compile:?}");
}
