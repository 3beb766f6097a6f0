//! Per-message decode of the example protocol (`examples/alink-example.js`) by thingkit's
//! sandbox against QuickJS (rquickjs) measured in the same run: QuickJS warm (one runtime, the
//! script evaluated once, no isolation between messages) and QuickJS fresh per message (a new
//! runtime and context each time, as ChirpStack runs codecs). Also boa bare (one context, the
//! script evaluated once, a direct call: no sandbox), which tells the engine's own speed apart
//! from what isolation and limits cost, and compile time and the first call's latency. Every
//! engine turns the same bytes into the same JSON.
//!
//! Goals: the sandbox at most 1.3× boa with no sandbox; at least 10× faster than
//! fresh-per-message QuickJS, with isolation on; compiling the codec and its first decode at
//! most 10× a fresh QuickJS runtime doing the same, with what boa alone takes to make a context
//! and evaluate the script as the floor. `cargo bench -p thingkit-bench --bench script`
//! (`-- nomatch` skips criterion's part).

use criterion::Criterion;
use rquickjs::{Context, Function, Runtime};
use serde_json::Value;
use std::hint::black_box;
use std::time::Duration;
use thingkit::script::{Codec, CodecOptions};
use thingkit_bench::{Goal, Summary, median, ratio};

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

/// Boa with no sandbox, but the script's top level run afresh for every message, as thingkit's
/// isolation does (a factory made once, called per message): what that alone costs.
struct FreshTopLevelBoa {
    context: boa_engine::Context,
    factory: boa_engine::JsObject,
}

impl FreshTopLevelBoa {
    fn new() -> Self {
        let mut context = boa_engine::Context::default();
        let wrapper = format!("(function () {{{SCRIPT}\n;return rawDataToProtocol;\n}})");
        let factory = context.eval(boa_engine::Source::from_bytes(&wrapper)).expect("factory").as_object().expect("a function");
        FreshTopLevelBoa { context, factory }
    }

    fn decode(&mut self, bytes: &[u8]) -> Value {
        let undefined = boa_engine::JsValue::undefined();
        let function = self.factory.call(&undefined, &[], &mut self.context).expect("top level runs").as_object().expect("a function");
        let signed = bytes.iter().map(|&b| boa_engine::JsValue::from(i32::from(b as i8)));
        let list = boa_engine::object::builtins::JsArray::from_iter(signed, &mut self.context);
        let result = function.call(&undefined, &[list.into()], &mut self.context).expect("decodes");
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
    let mut fresh_top = FreshTopLevelBoa::new();
    let boa_fresh_top = median(budget, || drop(black_box(fresh_top.decode(bytes))));
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

    // What compiling costs, part by part: boa making a context and evaluating the script in it
    // (the floor any boa-based sandbox pays), what the helpers and the prelude add, then
    // thingkit's whole compile.
    let boa_compile = median(budget, || drop(black_box(BareBoa::new())));
    // What thingkit evaluates before the script in every new engine, as boa alone takes it.
    let helpers = include_str!("../../core/src/script/helpers.js");
    let prelude = format!("(function (MAX_ELEMENTS, MAX_STRING) {{\n{}\n}})(1000000, 33554432);", include_str!("../../core/src/script/prelude.js"));
    let with_helpers = median(budget, || {
        let mut context = boa_engine::Context::default();
        context.eval(boa_engine::Source::from_bytes(helpers)).expect("helpers");
        drop(black_box(context));
    });
    let with_prelude = median(budget, || {
        let mut context = boa_engine::Context::default();
        context.eval(boa_engine::Source::from_bytes(helpers)).expect("helpers");
        context.eval(boa_engine::Source::from_bytes(&prelude)).expect("prelude");
        drop(black_box(context));
    });
    let compile_and_first = median(budget, || {
        let mut c = compile();
        drop(black_box(c.raw_data_to_protocol(bytes).expect("decodes")));
    });

    println!("\nper-message decode of the example protocol's uplink report ({} bytes)", bytes.len());
    println!("{:<44} {:>12}", "engine", "median");
    println!("{:<44} {:>12?}", "thingkit (boa; isolation on)", ours);
    println!("{:<44} {:>12?}", "QuickJS warm (no isolation)", quick_warm);
    println!("{:<44} {:>12?}", "QuickJS fresh runtime per message", quick_fresh);
    println!("{:<44} {:>12?}", "boa bare (no sandbox)", boa_bare);
    println!("{:<44} {:>12?}", "boa bare, the top level run afresh per message", boa_fresh_top);
    println!(
        "of the sandbox's {:.2}× over boa bare: a fresh top level per message {:.2}×, then rollback, limits and conversions {:.2}×",
        ratio(ours, boa_bare),
        ratio(boa_fresh_top, boa_bare),
        ratio(ours, boa_fresh_top)
    );
    println!("thingkit / QuickJS warm: {:.2}× (boa bare / QuickJS warm: {:.2}×, the engine alone)", ratio(ours, quick_warm), ratio(boa_bare, quick_warm));
    println!("\ncompiling the example codec");
    println!("{:<60} {:>12?}", "boa: a context and the script evaluated (bare)", boa_compile);
    println!("{:<60} {:>12?}", "boa: a context and helpers.js (Buffer, TextEncoder…)", with_helpers);
    println!("{:<60} {:>12?}", "boa: a context, helpers.js and prelude.js (the bounds)", with_prelude);
    println!("{:<60} {:>12?}", "thingkit: compile (sandbox, prelude, entry points)", compile_time);
    println!("{:<60} {:>12?}", "thingkit: compile, then the first decode", compile_and_first);
    println!("{:<60} {:>12?}", "thingkit: the first decode after compiling, alone", first_call);
    println!("{:<60} {:>12?}", "QuickJS: a fresh runtime, the script, the first decode", quick_first);
    println!(
        "isolation: a fresh boa realm alone {fresh_realm:?} ({:.1}× a whole isolated decode); a decode whose script redefines a built-in every message (rolled back) {with_rollback:?} ({:.2}× the plain one)",
        ratio(fresh_realm, ours),
        ratio(with_rollback, ours)
    );

    let mut summary = Summary::default();
    summary.add(Goal::time("decode/native/sandbox-vs-bare-boa", ours, "boa with no sandbox (one context, a direct call)", boa_bare, 1.3));
    summary.add(Goal::time("decode/native/vs-fresh-quickjs", ours, "QuickJS with a fresh runtime per message", quick_fresh, 0.1));
    summary.add(Goal::time(
        "compile/native/compile-and-first-decode",
        compile_and_first,
        "QuickJS: a fresh runtime, the script, the first decode",
        quick_first,
        10.0,
    ));
    summary.finish();
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
