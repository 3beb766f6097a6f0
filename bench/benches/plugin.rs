//! The wasmtime path against the core in-process, measured in the same run: per-message decode
//! of the example protocol's uplink by the example script in-process (boa), the same script
//! inside the plugin (boa compiled to wasm, under wasmtime), and the example protocol written in
//! Rust as a third-party codec plugin. Also what makes a fresh store (compiling the script), with
//! wasmtime's default allocator and with its pooling allocator, and model calls on the kept
//! instances against the core in-process.
//!
//! Also a batch of 100 uplinks in one crossing (`thingkit:plugin/batches`), per message, and,
//! as the floor of any crossing, the Rust codec plugin's whole call.
//!
//! Goals: a batch in the plugin at most 1.5× in-process per message; model calls within 3× of
//! the same call in-process (text in, text out). `cargo bench -p thingkit-bench --bench plugin`

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;
use thingkit::script::{Codec, CodecOptions, DecodeInput};
use thingkit::data::{DataModel, Level, check_owned};
use thingkit_bench::{Goal, Summary, median, ratio};
use thingkit_host::plugin::{CodecOptions as PluginOptions, DecodeInput as PluginInput, Direction, EXAMPLE_CODEC_PATH, PluginLimits, Plugins};

const SCRIPT: &str = include_str!("../../examples/alink-example.js");
const TSL: &str = include_str!("../../examples/alink-example.tsl.json");

fn main() {
    let bytes = hex::decode("000000000100320100000000").expect("hex");
    let budget = Duration::from_millis(2000);
    let options = PluginOptions { unsigned_bytes: false, deterministic_now_ms: None, deterministic_seed: None };
    let input = PluginInput { topic: None, f_port: None, recv_time_ms: None, variables: Vec::new() };
    let message = r#"{"id": "1", "version": "1.0", "method": "thing.event.property.post", "params": {"prop_int16": 50, "prop_bool": 1, "prop_float": 0.5}}"#;
    let plugins = Plugins::shared().expect("the plugin loads");

    let mut native = Codec::compile(SCRIPT, CodecOptions::default()).expect("compiles");
    let mut wasm = plugins.compile(SCRIPT, options).expect("compiles");
    let mut rust = plugins.load_codec(Path::new(EXAMPLE_CODEC_PATH), "", options).expect("loads");
    let expected = native.decode(&bytes, &DecodeInput::default()).expect("decodes");
    for decoded in [wasm.decode(&bytes, &input, Direction::Uplink).expect("decodes"), rust.decode(&bytes, &input, Direction::Uplink).expect("decodes")] {
        assert_eq!(serde_json::from_str::<serde_json::Value>(&decoded.result).expect("json"), expected, "every path decodes the same");
    }

    let in_process = median(budget, || drop(black_box(native.decode(&bytes, &DecodeInput::default()).expect("decodes"))));
    let script_wasm = median(budget, || drop(black_box(wasm.decode(&bytes, &input, Direction::Uplink).expect("decodes"))));
    let rust_wasm = median(budget, || drop(black_box(rust.decode(&bytes, &input, Direction::Uplink).expect("decodes"))));
    let pooled = Plugins::pooled(PluginLimits::default(), 64).expect("the plugin loads pooled");
    let mut pooled_wasm = pooled.compile(SCRIPT, options).expect("compiles");
    let pooled_decode = median(budget, || drop(black_box(pooled_wasm.decode(&bytes, &input, Direction::Uplink).expect("decodes"))));
    let compile = median(budget, || drop(black_box(plugins.compile(SCRIPT, options).expect("compiles"))));
    let pooled_compile = median(budget, || drop(black_box(pooled.compile(SCRIPT, options).expect("compiles"))));
    let validate = median(budget, || drop(black_box(plugins.validate(TSL, None).expect("validates"))));
    let native_validate = median(budget, || drop(black_box(thingkit::validate(TSL))));
    let mut kept = plugins.data_model(vec![TSL.to_string()]).expect("compiles");
    let kept_check = median(budget, || drop(black_box(kept.check(message, Level::Strong).expect("checks"))));
    let native_model = DataModel::from_texts([TSL]).expect("compiles");
    // The same work as the plugin's call: the message's text in, the check's text out.
    let native_check = median(budget, || {
        let parsed: serde_json::Value = serde_json::from_str(message).expect("json");
        drop(black_box(thingkit::json::data_check_text(&check_owned(&native_model, parsed, Level::Strong), Level::Strong)));
    });
    const BATCH: usize = 100;
    let items: Vec<(&[u8], &PluginInput)> = (0..BATCH).map(|_| (bytes.as_slice(), &input)).collect();
    for result in wasm.decode_batch(&items, Direction::Uplink) {
        assert_eq!(serde_json::from_str::<serde_json::Value>(&result.expect("decodes").result).expect("json"), expected, "a batch decodes the same");
    }
    let batch = median(budget, || drop(black_box(wasm.decode_batch(&items, Direction::Uplink)))) / BATCH as u32;

    println!("\nper-message decode of the example protocol's uplink report");
    println!("{:<56} {:>12}", "path", "median");
    println!("{:<56} {:>12?}", "script in-process (boa, native)", in_process);
    println!("{:<56} {:>12?}", "script in the plugin (boa in wasm, wasmtime)", script_wasm);
    println!("{:<56} {:>12?}", "script in the plugin, pooling allocator", pooled_decode);
    println!("{:<56} {:>12?}", "script in the plugin, a batch of 100, per message", batch);
    println!("{:<56} {:>12?}", "Rust codec plugin (wasmtime): the whole crossing", rust_wasm);
    println!(
        "one call {:.2}×, a batch {:.2}× in-process: what a crossing costs (the Rust plugin's whole call) is {:.0} % of a call; boa compiled to wasm is the rest",
        ratio(script_wasm, in_process),
        ratio(batch, in_process),
        100.0 * ratio(rust_wasm, script_wasm)
    );
    println!("Rust plugin is {:.1}× faster than the script in the plugin", ratio(script_wasm, rust_wasm));
    println!("\nwhat makes a fresh store (default allocator / pooling allocator)");
    println!(
        "{:<56} {:>12?} / {:>12?} ({:.2}×)",
        "compile the script (store, instance, compile)",
        compile,
        pooled_compile,
        ratio(compile, pooled_compile)
    );
    println!("\nmodel calls on the kept instances (plugin / in-process)");
    println!("{:<56} {:>12?} / {:>12?}", "validate the example TSL", validate, native_validate);
    println!("{:<56} {:>12?} / {:>12?}", "check a message with a compiled data model (strong)", kept_check, native_check);

    let mut summary = Summary::default();
    summary.add(Goal::time("decode/plugin/batch-per-message", batch, "the script in-process (boa, native), per message", in_process, 1.5));
    summary.add(Goal::time("model/plugin/validate", validate, "validate in-process", native_validate, 3.0));
    summary.add(Goal::time("model/plugin/data-check", kept_check, "parse, check and write the result in-process", native_check, 3.0));
    summary.finish();
}

