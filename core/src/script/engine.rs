//! The boa engine behind a codec: one context per compiled script, the prelude and the user's
//! script installed once, each call run under the step budget and the clock.

use super::error::ScriptError;
use super::options::CodecOptions;
use boa_engine::context::HostHooks;
use boa_engine::error::{EngineError, RuntimeLimitError};
use boa_engine::object::builtins::JsArray;
use boa_engine::property::{PropertyDescriptor, PropertyKey};
use boa_engine::{Context, JsError, JsObject, JsValue, Script, Source, js_string};
use boa_string::{AllocationLimitExceeded, set_string_allocation_limit};
use std::collections::HashSet;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::task::{Context as TaskContext, Poll, Waker};
// std's clock on every target but browsers and Node, where it is `performance.now()`.
use web_time::Instant;

const PRELUDE: &str = include_str!("prelude.js");
const HELPERS: &str = include_str!("helpers.js");

/// Interpreter "cycles" between checks of the step budget and the clock: about 50 µs of work.
const SLICE: u32 = 10_000;

/// Most elements one native built-in call may walk or create (a sparse `Array(1e9)` has a
/// billion): native loops run outside the budgeted interpreter loop, so they are bounded here.
/// A million is far beyond any codec's data (inputs are at most 64 KB) and takes milliseconds.
const MAX_NATIVE_ELEMENTS: u32 = 1 << 20;

/// The functions a script may define, in the order `entries()` reports them.
pub(super) const ENTRY_POINTS: [&str; 10] = [
    "rawDataToProtocol",
    "protocolToRawData",
    "transformPayload",
    "RawToProtocol",
    "ProtocolToRaw",
    "decodeUplink",
    "encodeDownlink",
    "decodeDownlink",
    "Decoder",
    "Encoder",
];

pub(super) struct Engine {
    context: Context,
    run: Script,
    io: JsObject,
    /// The global object's own keys once the prelude ran: anything else a call adds is removed.
    baseline: HashSet<PropertyKey>,
    /// Set when a call was cut short inside the interpreter: the context's stack is then in an
    /// unknown state, and the codec builds a new engine before the next call.
    pub poisoned: bool,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("poisoned", &self.poisoned).finish_non_exhaustive()
    }
}

/// A value handed to a call.
pub(super) enum Arg<'a> {
    Bytes(&'a [u8], bool),
    Json(&'a serde_json::Value),
    Str(&'a str),
    Int(i64),
}

impl Engine {
    /// Compiles `source`: syntax first (for exact positions), then the prelude, then the script
    /// as a factory whose every call runs the script's top level afresh.
    pub fn new(source: &str, options: &CodecOptions) -> Result<(Engine, Vec<&'static str>), ScriptError> {
        let hooks = std::rc::Rc::new(Hooks { max_buffer_bytes: options.max_heap_bytes as u64 });
        let mut context = Context::builder().host_hooks(hooks).build().map_err(|e| ScriptError::Engine { message: e.to_string() })?;
        let limits = context.runtime_limits_mut();
        limits.set_recursion_limit(options.recursion_limit);
        limits.set_loop_iteration_limit(options.loop_iteration_limit);
        Script::parse(Source::from_bytes(source), None, &mut context).map_err(|e| syntax_error(&e))?;

        let (deterministic, now, seed) = match options.deterministic {
            Some(d) => (true, d.now_ms, d.seed),
            None => (false, 0, 0),
        };
        // Strings are capped in bytes; a UTF-16 character takes two.
        let max_string = options.max_heap_bytes / 2;
        let prelude = format!(
            "(function (DETERMINISTIC, NOW, SEED, MAX_ELEMENTS, MAX_STRING) {{\n{PRELUDE}\n}})({deterministic}, {now}, {seed}, {MAX_NATIVE_ELEMENTS}, {max_string});"
        );
        context.eval(Source::from_bytes(HELPERS)).map_err(|e| ScriptError::Engine { message: format!("helpers: {e}") })?;
        context.eval(Source::from_bytes(&prelude)).map_err(|e| ScriptError::Engine { message: format!("prelude: {e}") })?;

        // The factory returns a picker of one entry point by name: an arrow function (no
        // prototype object) is cheaper to make on every call than an object of ten members.
        let cases: String =
            ENTRY_POINTS.iter().map(|n| format!("case '{n}': return typeof {n} === 'function' ? {n} : undefined;\n")).collect();
        // The script's own text starts the factory's first line, so its line numbers stand.
        let wrapper = format!("__thingkit.install(function () {{{source}\n;return (name) => {{ switch (name) {{\n{cases}}} }};\n}});");
        context.eval(Source::from_bytes(&wrapper)).map_err(|e| syntax_error(&e))?;

        let io = context
            .global_object()
            .get(js_string!("__thingkit_io"), &mut context)
            .ok()
            .and_then(|v| v.as_object())
            .ok_or_else(|| ScriptError::Engine { message: "the call slot is missing".into() })?;
        let run = Script::parse(Source::from_bytes("__thingkit.run(__thingkit_io.call)"), None, &mut context)
            .map_err(|e| ScriptError::Engine { message: e.to_string() })?;
        let baseline =
            context.global_object().own_property_keys(&mut context).map_err(|e| ScriptError::Engine { message: e.to_string() })?;
        let mut engine = Engine { context, run, io, baseline: baseline.into_iter().collect(), poisoned: false };

        let entries_script = Script::parse(Source::from_bytes("__thingkit.entries()"), None, &mut engine.context)
            .map_err(|e| ScriptError::Engine { message: e.to_string() })?;
        let found = engine.evaluate(&entries_script, options);
        engine.reset_globals();
        let found = found?;
        let found = found.as_string().map(|s| s.to_std_string_escaped()).unwrap_or_default();
        let entries = ENTRY_POINTS.iter().copied().filter(|n| found.split(',').any(|f| f == *n)).collect();
        Ok((engine, entries))
    }

    /// Calls `function` with `args`; the result as JSON (`None` for `undefined`).
    pub fn call(&mut self, function: &str, args: &[Arg<'_>], options: &CodecOptions) -> Result<Option<serde_json::Value>, ScriptError> {
        let mut values = vec![JsValue::from(js_string!(function))];
        for arg in args {
            values.push(self.js_value(arg)?);
        }
        let call = JsArray::from_iter(values, &mut self.context);
        // A plain define on the host's own slot: no setter lookup along the prototype chain.
        self.io.insert_property(
            js_string!("call"),
            PropertyDescriptor::builder().value(call).writable(true).enumerable(true).configurable(true),
        );
        let run = self.run.clone();
        let result = self.evaluate(&run, options);
        self.reset_globals();
        let result = result?;
        // Reading the result may run the script's getters and toJSON: under the same guards.
        let context = &mut self.context;
        let read = guarded(options, || super::to_json::to_json(&result, context, options.max_output_bytes));
        if read.is_err() {
            self.poisoned = true;
        }
        read
    }

    /// Deletes what a call added to the global object (sloppy-mode implicit globals, symbols,
    /// defined properties). What cannot be deleted (a non-configurable definition) poisons the
    /// engine, so that the next call gets a new one.
    fn reset_globals(&mut self) {
        let global = self.context.global_object();
        let Ok(keys) = global.own_property_keys(&mut self.context) else {
            self.poisoned = true;
            return;
        };
        if keys.len() == self.baseline.len() {
            // Keys are only ever added (the baseline's are non-configurable): same count, same set.
            return;
        }
        for key in keys.into_iter().filter(|k| !self.baseline.contains(k)) {
            if !global.delete_property_or_throw(key, &mut self.context).unwrap_or(false) {
                self.poisoned = true;
            }
        }
    }

    fn js_value(&mut self, arg: &Arg<'_>) -> Result<JsValue, ScriptError> {
        Ok(match arg {
            Arg::Bytes(bytes, signed) => {
                let items = bytes.iter().map(|&b| if *signed { JsValue::from(b as i8) } else { JsValue::from(b) });
                JsArray::from_iter(items, &mut self.context).into()
            }
            Arg::Json(value) => JsValue::from_json(value, &mut self.context).map_err(|e| ScriptError::Engine { message: e.to_string() })?,
            Arg::Str(s) => JsValue::from(js_string!(*s)),
            Arg::Int(n) => JsValue::from(*n as f64),
        })
    }

    /// Evaluates `script`, checking the step budget and the clock every slice; a call cut short
    /// poisons the engine.
    fn evaluate(&mut self, script: &Script, options: &CodecOptions) -> Result<JsValue, ScriptError> {
        let context = &mut self.context;
        let outcome = guarded(options, || poll_under_limits(script, context, options));
        match outcome {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(self.map_error(&error, options)),
            Err(limit) => {
                self.poisoned = true;
                Err(limit)
            }
        }
    }

    fn map_error(&mut self, error: &JsError, options: &CodecOptions) -> ScriptError {
        if let Some(engine) = error.as_engine() {
            // Runtime limits unwind the whole stack, but leave the engine as reliable as any
            // error does not: rebuild it all the same.
            self.poisoned = true;
            return match engine {
                EngineError::RuntimeLimit(RuntimeLimitError::Recursion | RuntimeLimitError::StackSize) => {
                    ScriptError::Recursion { limit: options.recursion_limit }
                }
                EngineError::RuntimeLimit(RuntimeLimitError::LoopIteration) => {
                    ScriptError::LoopLimit { limit: options.loop_iteration_limit }
                }
                other => ScriptError::Engine { message: other.to_string() },
            };
        }
        if let Some(value) = error.as_opaque()
            && let Some(obj) = value.as_object()
        {
            let field = |name: &str, ctx: &mut Context| {
                obj.get(js_string!(name), ctx)
                    .ok()
                    .filter(|v| !v.is_undefined() && !v.is_null())
                    .map(|v| v.as_string().map_or_else(|| v.display().to_string(), |s| s.to_std_string_escaped()))
            };
            match field("__thingkit", &mut self.context).as_deref() {
                Some("not-json") => {
                    return ScriptError::NotJson {
                        what: field("what", &mut self.context).unwrap_or_default(),
                        key: field("key", &mut self.context),
                    };
                }
                Some("missing") => {
                    return ScriptError::MissingEntryPoint { wanted: field("what", &mut self.context).unwrap_or_default() };
                }
                _ => {}
            }
        }
        let message = match error.try_native(&mut self.context) {
            Ok(native) => format!("{}: {}", native.kind(), native.message()),
            Err(_) => error.as_opaque().map(|v| v.display().to_string()).unwrap_or_else(|| error.to_string()),
        };
        ScriptError::Threw { message }
    }
}

/// Runs `f` with this thread's cap on one string set from the heap budget: the interpreter
/// cannot be stopped inside `s + s`, so the allocation itself unwinds (vendor/boa_string) and
/// is caught here as the heap limit.
fn guarded<T>(options: &CodecOptions, f: impl FnOnce() -> Result<T, ScriptError>) -> Result<T, ScriptError> {
    let _cap = StringCap::set(options.max_heap_bytes);
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => match payload.downcast::<AllocationLimitExceeded>() {
            Ok(_) => Err(ScriptError::HeapLimit { limit: options.max_heap_bytes }),
            Err(other) => std::panic::resume_unwind(other),
        },
    }
}

/// Drives `script` to completion a slice at a time, stopping it when a limit is passed.
fn poll_under_limits(script: &Script, context: &mut Context, options: &CodecOptions) -> Result<Result<JsValue, JsError>, ScriptError> {
    let start = Instant::now();
    let heap_at_start = super::heap::in_use();
    let mut steps: u64 = 0;
    let mut future = Box::pin(script.evaluate_async_with_budget(context, SLICE));
    let mut task = TaskContext::from_waker(Waker::noop());
    loop {
        match future.as_mut().poll(&mut task) {
            Poll::Ready(result) => return Ok(result),
            Poll::Pending => {
                steps += u64::from(SLICE);
                if steps > options.step_budget {
                    return Err(ScriptError::StepBudget { budget: options.step_budget });
                }
                if start.elapsed() > options.time_limit {
                    return Err(ScriptError::Timeout { limit: options.time_limit });
                }
                if let (Some(before), Some(now)) = (heap_at_start, super::heap::in_use())
                    && now.saturating_sub(before) > options.max_heap_bytes
                {
                    return Err(ScriptError::HeapLimit { limit: options.max_heap_bytes });
                }
            }
        }
    }
}

/// This thread's cap on one string allocation for the length of a call; the previous cap comes
/// back when it drops, unwinding or not.
struct StringCap(usize);

impl StringCap {
    fn set(bytes: usize) -> StringCap {
        StringCap(set_string_allocation_limit(bytes))
    }
}

impl Drop for StringCap {
    fn drop(&mut self) {
        set_string_allocation_limit(self.0);
    }
}

/// The engine's host hooks: ArrayBuffers (and so typed arrays) are capped by the heap budget,
/// where boa throws a catchable RangeError rather than allocating.
#[derive(Debug)]
struct Hooks {
    max_buffer_bytes: u64,
}

impl HostHooks for Hooks {
    fn max_buffer_size(&self, _context: &mut Context) -> u64 {
        self.max_buffer_bytes
    }
}

/// A syntax error with the script's line and column.
fn syntax_error(error: &JsError) -> ScriptError {
    let text = error.to_string();
    let position = boa_position(&text);
    let message = text.split(" at line ").next().unwrap_or(&text).trim_start_matches("SyntaxError: ").to_string();
    let (line, column) = position.unwrap_or((1, 1));
    ScriptError::Syntax { message, line, column }
}

/// Boa writes positions as "at line L, col C".
fn boa_position(text: &str) -> Option<(usize, usize)> {
    let rest = text.rsplit_once("line ")?.1;
    let (line, rest) = rest.split_once(", col")?;
    let column: String = rest.trim_start_matches(' ').chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}
