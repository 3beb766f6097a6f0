//! Per-message decode of the example protocol (`examples/alink-example.js`) by thingkit's
//! sandbox against QuickJS (rquickjs) measured in the same run: QuickJS warm (one runtime, the
//! script evaluated once, no isolation between messages) and QuickJS fresh per message (a new
//! runtime and context each time, as ChirpStack runs codecs). Also boa bare (one context, the
//! script evaluated once, a direct call: no sandbox), which tells the engine's own speed apart
//! from what isolation and limits cost, and compile time and the first call's latency. Every
//! engine turns the same bytes into the same JSON.
//!
//! Goals: within 1.5× of warm QuickJS, at least 10× faster than fresh-per-message QuickJS, with
//! isolation on. `cargo bench -p thingkit-bench --bench script`

use criterion::Criterion;
use rquickjs::{Context, Function, Runtime};
use serde_json::Value;
use std::hint::black_box;
use std::time::Duration;
use thingkit::script::{Codec, CodecOptions};
use thingkit_bench::median;

const SCRIPT: &str = include_str!("../../examples/alink-example.js");

/// The documented uplink report: command 0x00, id 1, int16 50, bool 1, float 0.
fn uplink() -> Vec<u8> {
    hex::decode("000000000100320100000000").expect("hex")
}

/// A warm QuickJS: one runtime and context with the script evaluated once.
struct WarmQuickJs {
    _runtime: Runtime,
    context: Context,
}

impl WarmQuickJs {
    fn new() -> Self {
        let runtime = Runtime::new().expect("runtime");
        runtime.set_memory_limit(64 << 20);
        let context = Context::full(&runtime).expect("context");
        context.with(|ctx| ctx.eval::<(), _>(SCRIPT)).expect("script evaluates");
        WarmQuickJs { _runtime: runtime, context }
    }

    fn decode(&self, bytes: &[u8]) -> Value {
        self.context.with(|ctx| call(&ctx, bytes))
    }
}

/// Calls `rawDataToProtocol` with signed bytes, as the platform passes them, and reads the
/// result back as JSON text, the way thingkit does.
fn call(ctx: &rquickjs::Ctx<'_>, bytes: &[u8]) -> Value {
    let f: Function = ctx.globals().get("rawDataToProtocol").expect("entry point");
    let signed: Vec<i32> = bytes.iter().map(|&b| i32::from(b as i8)).collect();
    let result: rquickjs::Value = f.call((signed,)).expect("decodes");
    let text = ctx.json_stringify(result).expect("stringifies").expect("a value");
    serde_json::from_str(&text.to_string().expect("utf-8")).expect("json")
}

/// Boa with no sandbox: one context, the script evaluated once, the entry point called directly
/// and its result read by boa's own `to_json`.
struct BareBoa {
    context: boa_engine::Context,
    function: boa_engine::JsObject,
}

impl BareBoa {
    fn new() -> Self {
        let mut context = boa_engine::Context::default();
        context.eval(boa_engine::Source::from_bytes(SCRIPT)).expect("script evaluates");
        let function = context
            .global_object()
            .get(boa_engine::js_string!("rawDataToProtocol"), &mut context)
            .expect("entry point")
            .as_object()
            .expect("a function");
        BareBoa { context, function }
    }

    fn decode(&mut self, bytes: &[u8]) -> Value {
        let signed = bytes.iter().map(|&b| boa_engine::JsValue::from(i32::from(b as i8)));
        let list = boa_engine::object::builtins::JsArray::from_iter(signed, &mut self.context);
        let result = self.function.call(&boa_engine::JsValue::undefined(), &[list.into()], &mut self.context).expect("decodes");
        result.to_json(&mut self.context).expect("json").expect("a value")
    }
}

/// Numbers as f64, so that boa's `to_json` (`0.0` for a float zero) compares with the others.
fn numbers_as_floats(value: &Value) -> Value {
    match value {
        Value::Number(n) => serde_json::json!(n.as_f64()),
        Value::Array(items) => Value::Array(items.iter().map(numbers_as_floats).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), numbers_as_floats(v))).collect()),
        other => other.clone(),
    }
}

/// A fresh QuickJS per message: runtime, context, script, call.
fn fresh_quickjs(bytes: &[u8]) -> Value {
    let runtime = Runtime::new().expect("runtime");
    runtime.set_memory_limit(64 << 20);
    let context = Context::full(&runtime).expect("context");
    context.with(|ctx| {
        ctx.eval::<(), _>(SCRIPT).expect("script evaluates");
        call(&ctx, bytes)
    })
}

fn compile() -> Codec {
    Codec::compile(SCRIPT, CodecOptions::default()).expect("compiles")
}

fn benches(c: &mut Criterion, bytes: &[u8]) {
    let mut g = c.benchmark_group("decode-example-uplink");
    let mut codec = compile();
    g.bench_function("thingkit (boa, isolated)", |b| b.iter(|| codec.raw_data_to_protocol(black_box(bytes)).expect("decodes")));
    let warm = WarmQuickJs::new();
    g.bench_function("QuickJS warm (not isolated)", |b| b.iter(|| warm.decode(black_box(bytes))));
    let mut bare = BareBoa::new();
    g.bench_function("boa bare (no sandbox)", |b| b.iter(|| bare.decode(black_box(bytes))));
    g.bench_function("QuickJS fresh per message", |b| b.iter(|| fresh_quickjs(black_box(bytes))));
    g.bench_function("thingkit compile", |b| b.iter(compile));
    g.finish();
}

fn ratios(bytes: &[u8]) {
    let budget = Duration::from_millis(2000);
    let mut codec = compile();
    let ours = median(budget, || drop(black_box(codec.raw_data_to_protocol(bytes).expect("decodes"))));
    let warm = WarmQuickJs::new();
    let quick_warm = median(budget, || drop(black_box(warm.decode(bytes))));
    let quick_fresh = median(budget, || drop(black_box(fresh_quickjs(bytes))));
    let mut bare = BareBoa::new();
    let boa_bare = median(budget, || drop(black_box(bare.decode(bytes))));
    let compile_time = median(budget, || drop(black_box(compile())));
    // The first call of a new codec, timed alone: the median of 25 fresh codecs.
    let mut firsts: Vec<Duration> = (0..25)
        .map(|_| {
            let mut c = compile();
            let t = std::time::Instant::now();
            drop(black_box(c.raw_data_to_protocol(bytes).expect("decodes")));
            t.elapsed()
        })
        .collect();
    firsts.sort();
    let first_call = firsts[firsts.len() / 2];
    let quick_first = median(budget, || drop(black_box(WarmQuickJs::new().decode(bytes))));
    // The isolation mechanism, chosen by these two numbers: a fresh realm per message (what the
    // alternative to rolling back costs before any script runs) against a script that changes
    // a built-in on every message, so that the rollback has work to do.
    let fresh_realm = median(budget, || drop(black_box(bare.context.create_realm().expect("realm"))));
    let polyfill = format!("Object.defineProperty(Array.prototype, 'last', {{value: function () {{ return this[this.length - 1]; }}, configurable: true, writable: true}});\n{SCRIPT}");
    let mut patched = Codec::compile(&polyfill, CodecOptions::default()).expect("compiles");
    let with_rollback = median(budget, || drop(black_box(patched.raw_data_to_protocol(bytes).expect("decodes"))));

    println!("\nper-message decode of the example protocol's uplink report ({} bytes)", bytes.len());
    println!("{:<44} {:>12}", "engine", "median");
    println!("{:<44} {:>12?}", "thingkit (boa; isolation on)", ours);
    println!("{:<44} {:>12?}", "QuickJS warm (no isolation)", quick_warm);
    println!("{:<44} {:>12?}", "QuickJS fresh runtime per message", quick_fresh);
    println!("{:<44} {:>12?}", "boa bare (no sandbox)", boa_bare);
    println!("thingkit / QuickJS warm: {:.2}× (goal ≤ 1.5×)", ours.as_secs_f64() / quick_warm.as_secs_f64());
    println!("QuickJS fresh / thingkit: {:.2}× faster (goal ≥ 10×)", quick_fresh.as_secs_f64() / ours.as_secs_f64());
    println!(
        "boa bare / QuickJS warm: {:.2}× (the engine alone); thingkit / boa bare: {:.2}× (what the sandbox adds)",
        boa_bare.as_secs_f64() / quick_warm.as_secs_f64(),
        ours.as_secs_f64() / boa_bare.as_secs_f64()
    );
    println!("thingkit compile: {compile_time:?}; first call after compile: {first_call:?}; QuickJS setup + first call: {quick_first:?}");
    println!(
        "isolation: a fresh boa realm alone {fresh_realm:?} ({:.1}× a whole isolated decode); a decode whose script redefines a built-in every message (rolled back) {with_rollback:?} ({:.2}× the plain one)",
        fresh_realm.as_secs_f64() / ours.as_secs_f64(),
        with_rollback.as_secs_f64() / ours.as_secs_f64()
    );
}

fn main() {
    let bytes = uplink();
    let mut codec = compile();
    let ours = codec.raw_data_to_protocol(&bytes).expect("decodes");
    assert_eq!(ours, WarmQuickJs::new().decode(&bytes), "both engines decode the same");
    assert_eq!(ours, fresh_quickjs(&bytes), "both engines decode the same");
    assert_eq!(numbers_as_floats(&ours), numbers_as_floats(&BareBoa::new().decode(&bytes)), "both engines decode the same");
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c, &bytes);
    c.final_summary();
    ratios(&bytes);
}
