//! The boa engine behind a codec: one context per compiled script, the prelude and the user's
//! script installed once, each call run under the limits and rolled back afterwards.
//!
//! Isolation (the "Protocol and isolation" section on [`super::Codec`] is the contract):
//! every object that exists when the engine is built — the realm's intrinsics, the global
//! object, the helpers, the compiled factory — is *watched* by the vendored engine
//! (`vendor/boa_engine`, `object::rollback`). During a call, the first change to a watched
//! object saves its state; when the call ends, every saved state is written back. Objects the
//! call created are unreachable from then on. Nothing is frozen: scripts may assign, redefine
//! and delete built-ins as in any engine.
//!
//! Limits: the vendored engine asks [`Hooks::interrupt`] every [`SLICE`] units of work —
//! bytecode instructions in every frame, callbacks from native built-ins included — and the
//! hook stops the call when its clock, step budget or heap budget is spent.

use super::error::ScriptError;
use super::options::CodecOptions;
use boa_engine::context::time::{Clock, JsInstant, StdClock};
use boa_engine::context::{ContextBuilder, HostHooks};
use boa_engine::error::{EngineError, RuntimeLimitError};
use boa_engine::job::{Job, JobExecutor, PromiseJob};
use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsArray;
use boa_engine::object::rollback;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsError, JsObject, JsResult, JsValue, NativeFunction, Script, Source, js_string};
use boa_string::{AllocationLimitExceeded, set_string_allocation_limit};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::rc::Rc;
use std::time::Duration;
// std's clock on every target but browsers and Node, where it is `performance.now()`.
use web_time::Instant;

const PRELUDE: &str = include_str!("prelude.js");
const HELPERS: &str = include_str!("helpers.js");

/// The globals `helpers.js` defines.
const HELPER_GLOBALS: [&str; 3] = ["Buffer", "TextEncoder", "TextDecoder"];

/// Whether `source` has `name` as a whole word (`Buffer`, not `ArrayBuffer`), anywhere: code,
/// strings or comments alike.
fn names(source: &str, name: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
    source.match_indices(name).any(|(at, _)| !word(source[..at].chars().next_back()) && !word(source[at + name.len()..].chars().next()))
}

/// Units of work (about one per bytecode instruction) between two checks of the limits: about
/// 50 µs of work.
const SLICE: u32 = 10_000;

/// Most elements one native built-in call may walk or create (a sparse `Array(1e9)` has a
/// billion): bounded before they start by the prelude. A million is far beyond any codec's
/// data (inputs are at most 64 KB) and takes milliseconds.
const MAX_NATIVE_ELEMENTS: u32 = 1 << 20;

/// The text before the script's own on its first line: columns there are shifted by it.
const FACTORY_PREFIX: &str = "(function () {";

/// The functions a script may define, in the order `entry_points()` reports them.
pub(super) const ENTRY_POINTS: [&str; 15] = [
    "rawDataToProtocol",
    "protocolToRawData",
    "transformPayload",
    "RawToProtocol",
    "ProtocolToRaw",
    "decodeUplink",
    "encodeDownlink",
    "decodeDownlink",
    "normalizeUplink",
    "Decode",
    "Encode",
    "Decoder",
    "Encoder",
    "decode",
    "encode",
];

/// One line a script logged through `console`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// `log`, `info`, `warn`, `error` or `debug`: the `console` method called.
    pub level: &'static str,
    /// The arguments formatted as Node's `console.log` does for strings, numbers, booleans
    /// and plain data, joined by spaces.
    pub message: String,
}

thread_local! {
    /// What the running call logged, and how many bytes it may still log.
    static LOGS: RefCell<(Vec<LogLine>, usize)> = const { RefCell::new((Vec::new(), 0)) };
    /// The deterministic `Math.random` state, reset from the seed before every call.
    static RANDOM: Cell<u32> = const { Cell::new(0) };
    /// The running call's limits, for the regular-expression engine's interrupt hook, which
    /// is a plain function.
    static ACTIVE: RefCell<Option<Rc<Hooks>>> = const { RefCell::new(None) };
}

/// vendor/regress asks this every few thousand backtracks: a catastrophic pattern is stopped
/// by the same limits as the rest of the call.
fn regex_interrupt() -> bool {
    ACTIVE.with(|active| active.borrow().as_ref().is_some_and(|hooks| hooks.interrupt()))
}

pub(super) struct Engine {
    context: Context,
    /// The script's top level wrapped in a function: each call runs it afresh and gets the
    /// picker of entry points it returns.
    factory: JsObject,
    hooks: Rc<Hooks>,
    jobs: Rc<Jobs>,
    clock: Rc<SandboxClock>,
    /// Set when a call was cut short by a limit or a panic: the codec builds a new engine
    /// before the next call.
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
    Owned(serde_json::Value),
    Str(&'a str),
    Int(i64),
    /// A `Date` at these epoch milliseconds.
    Date(i64),
    /// An object of these members, each built as its own argument.
    Object(Vec<(&'a str, Arg<'a>)>),
}

/// How a result is read back into JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Members {
    /// `JSON.stringify`'s rule: an `undefined` member is left out.
    DropUndefined,
    /// The Things Stack's: an `undefined` member becomes `null`.
    UndefinedAsNull,
}

/// Turns watching of new objects off again however `Engine::new` ends.
struct WatchGuard;

impl WatchGuard {
    fn on() -> WatchGuard {
        rollback::watch_new_objects(true);
        WatchGuard
    }
}

impl Drop for WatchGuard {
    fn drop(&mut self) {
        rollback::watch_new_objects(false);
    }
}

impl Engine {
    /// Compiles `source`: syntax first (for exact positions), then the helpers and the prelude,
    /// then the script as a factory whose every call runs the script's top level afresh.
    pub fn new(source: &str, options: &CodecOptions) -> Result<(Engine, Vec<&'static str>), ScriptError> {
        let hooks = Rc::new(Hooks::new(options));
        let jobs = Rc::new(Jobs::default());
        let clock = Rc::new(SandboxClock { fixed_ms: Cell::new(options.deterministic.map(|d| d.now_ms)), real: StdClock::new() });
        let watch = WatchGuard::on();
        let mut context = ContextBuilder::default()
            .host_hooks(hooks.clone())
            .job_executor(jobs.clone())
            .clock(clock.clone())
            .build()
            .map_err(|e| ScriptError::Engine { message: e.to_string() })?;
        let limits = context.runtime_limits_mut();
        limits.set_recursion_limit(options.recursion_limit);
        limits.set_loop_iteration_limit(options.loop_iteration_limit);
        limits.set_interrupt_interval(SLICE);
        Script::parse(Source::from_bytes(source), None, &mut context).map_err(|e| syntax_error(&e))?;

        install_console(&mut context)?;
        if options.deterministic.is_some() {
            install_seeded_random(&mut context)?;
        }
        // Strings are capped in bytes; a UTF-16 character takes two.
        let max_string = options.max_heap_bytes / 2;
        let prelude = format!("(function (MAX_ELEMENTS, MAX_STRING) {{\n{PRELUDE}\n}})({MAX_NATIVE_ELEMENTS}, {max_string});");
        // Parsing the helpers is about half of a compile: a script that never names what they
        // define does not pay for it. A script with `\u` escapes gets them too (`B\u0075ffer`
        // names `Buffer`); only a name built at run time (`globalThis['Buf' + 'fer']`) could
        // reach them without naming them.
        if source.contains("\\u") || HELPER_GLOBALS.iter().any(|name| names(source, name)) {
            context.eval(Source::from_bytes(HELPERS)).map_err(|e| ScriptError::Engine { message: format!("helpers: {e}") })?;
        }
        context.eval(Source::from_bytes(&prelude)).map_err(|e| ScriptError::Engine { message: format!("prelude: {e}") })?;

        // The factory returns a picker of one entry point by name: an arrow function (no
        // prototype object) is cheaper to make on every call than an object of many members.
        // It is a value in the host's hands only: nothing of it is on the global object.
        let cases: String =
            ENTRY_POINTS.iter().map(|n| format!("case '{n}': return typeof {n} === 'function' ? {n} : undefined;\n")).collect();
        // The script's own text starts the factory's first line, so its line numbers stand.
        let wrapper = format!("{FACTORY_PREFIX}{source}\n;return (name) => {{ switch (name) {{\n{cases}}} }};\n}})");
        let factory = context
            .eval(Source::from_bytes(&wrapper))
            .map_err(|e| syntax_error(&e))?
            .as_object()
            .filter(JsObject::is_callable)
            .ok_or_else(|| ScriptError::Engine { message: "the script factory is not a function".into() })?;
        drop(watch);

        let mut engine = Engine { context, factory, hooks, jobs, clock, poisoned: false };
        let found = engine.with_call(options, |engine| {
            let picker = engine.pick_all()?;
            let mut found = Vec::new();
            for name in ENTRY_POINTS {
                let f = picker.call(&JsValue::undefined(), &[JsValue::from(js_string!(name))], &mut engine.context)?;
                if f.as_object().is_some_and(|o| o.is_callable()) {
                    found.push(name);
                }
            }
            Ok(found)
        })?;
        Ok((engine, found))
    }

    /// Sets the instant a deterministic engine's `Date` reads (epoch milliseconds).
    pub fn set_fixed_now(&self, ms: i64) {
        self.clock.fixed_ms.set(Some(ms));
    }

    /// Runs the script's top level afresh and returns its picker of entry points.
    fn pick_all(&mut self) -> JsResult<JsObject> {
        let picker = self.factory.call(&JsValue::undefined(), &[], &mut self.context)?;
        picker.as_object().filter(JsObject::is_callable).ok_or_else(|| boa_engine::JsNativeError::typ().with_message("no picker").into())
    }

    /// Calls `function` with `args`; the result as JSON (`None` for `undefined`).
    pub fn call(
        &mut self,
        function: &'static str,
        args: &[Arg<'_>],
        options: &CodecOptions,
        members: Members,
    ) -> Result<Option<serde_json::Value>, ScriptError> {
        self.with_call(options, |engine| {
            let picker = engine.pick_all()?;
            let f = picker.call(&JsValue::undefined(), &[JsValue::from(js_string!(function))], &mut engine.context)?;
            let Some(f) = f.as_object().filter(JsObject::is_callable) else {
                return Ok(Err(ScriptError::MissingEntryPoint { wanted: function.into() }));
            };
            let mut values = Vec::with_capacity(args.len());
            for arg in args {
                values.push(engine.js_value(arg)?);
            }
            let result = f.call(&JsValue::undefined(), &values, &mut engine.context)?;
            engine.jobs.run(&mut engine.context)?;
            // Reading the result may run the script's getters and toJSON: under the same limits.
            Ok(super::to_json::to_json(&result, &mut engine.context, options.max_output_bytes, members))
        })?
    }

    /// Runs `work` as one call: limits armed, `console` captured, and every watched object it
    /// changed restored afterwards, whatever the outcome.
    fn with_call<T>(&mut self, options: &CodecOptions, work: impl FnOnce(&mut Engine) -> JsResult<T>) -> Result<T, ScriptError> {
        LOGS.with(|logs| *logs.borrow_mut() = (Vec::new(), options.max_output_bytes));
        if let Some(d) = options.deterministic {
            RANDOM.with(|r| r.set(d.seed));
        }
        self.context.clear_regexp_legacy_statics();
        // Until the call ends normally, the engine counts as broken: a panic leaves it so.
        self.poisoned = true;
        let call = CallGuard::begin(&self.hooks, &self.jobs);
        let outcome = guarded(options, || work(self).map_err(|e| self.map_error(&e, options)));
        // A stop some native code swallowed (a `toJSON` read, an iterator's `return`) is still
        // the stop: the limit's own error, and an engine built anew for the next call.
        let stopped = self.hooks.stopped.get();
        drop(call);
        self.context.clear_kept_objects();
        let outcome = match (outcome, stopped) {
            (_, Some(stop)) => Err(stop.error(options)),
            (outcome, None) => outcome,
        };
        self.poisoned = stopped.is_some() || matches!(outcome, Err(ScriptError::HeapLimit { .. }));
        outcome
    }

    fn js_value(&mut self, arg: &Arg<'_>) -> JsResult<JsValue> {
        Ok(match arg {
            Arg::Bytes(bytes, signed) => {
                let items = bytes.iter().map(|&b| if *signed { JsValue::from(b as i8) } else { JsValue::from(b) });
                JsArray::from_iter(items, &mut self.context).into()
            }
            Arg::Json(value) => JsValue::from_json(value, &mut self.context)?,
            Arg::Owned(value) => JsValue::from_json(value, &mut self.context)?,
            Arg::Str(s) => JsValue::from(js_string!(*s)),
            Arg::Int(n) => i32::try_from(*n).map_or_else(|_| JsValue::from(*n as f64), JsValue::from),
            Arg::Date(ms) => {
                let date = self.context.intrinsics().constructors().date().constructor();
                date.construct(&[JsValue::from(*ms as f64)], None, &mut self.context)?.into()
            }
            Arg::Object(members) => {
                let object = JsObject::with_object_proto(self.context.intrinsics());
                for (name, member) in members {
                    let value = self.js_value(member)?;
                    object.create_data_property_or_throw(js_string!(*name), value, &mut self.context)?;
                }
                object.into()
            }
        })
    }

    fn map_error(&mut self, error: &JsError, options: &CodecOptions) -> ScriptError {
        if let Some(engine) = error.as_engine() {
            return match engine {
                EngineError::RuntimeLimit(RuntimeLimitError::Recursion | RuntimeLimitError::StackSize) => {
                    ScriptError::Recursion { limit: options.recursion_limit }
                }
                EngineError::RuntimeLimit(RuntimeLimitError::LoopIteration) => {
                    ScriptError::LoopLimit { limit: options.loop_iteration_limit }
                }
                EngineError::RuntimeLimit(RuntimeLimitError::Interrupted) => self.hooks.stopped.get().unwrap_or(Stop::Time).error(options),
                other => ScriptError::Engine { message: other.to_string() },
            };
        }
        let message = match error.try_native(&mut self.context) {
            Ok(native) => format!("{}: {}", native.kind(), native.message()),
            Err(_) => error.as_opaque().map(|v| v.display().to_string()).unwrap_or_else(|| error.to_string()),
        };
        // Line 1 of the script follows the factory's opening on the same line.
        let position = error.position().map(|(line, column)| {
            let column = if line == 1 { column.saturating_sub(FACTORY_PREFIX.len() as u32).max(1) } else { column };
            (line as usize, column as usize)
        });
        ScriptError::Threw { message, position }
    }
}

/// The state of a running call — the armed limits, the rollback log, the regular-expression
/// hook, the job queue — set up together and always torn down, even by a panic.
struct CallGuard {
    hooks: Rc<Hooks>,
    jobs: Rc<Jobs>,
    previous_hook: Option<fn() -> bool>,
}

impl CallGuard {
    fn begin(hooks: &Rc<Hooks>, jobs: &Rc<Jobs>) -> CallGuard {
        hooks.arm();
        ACTIVE.with(|active| *active.borrow_mut() = Some(hooks.clone()));
        let previous_hook = regress::interrupt::set_interrupt_hook(Some(regex_interrupt));
        regress::interrupt::take_interrupted();
        rollback::begin();
        CallGuard { hooks: hooks.clone(), jobs: jobs.clone(), previous_hook }
    }
}

impl Drop for CallGuard {
    fn drop(&mut self) {
        self.jobs.clear();
        rollback::rollback();
        regress::interrupt::set_interrupt_hook(self.previous_hook);
        ACTIVE.with(|active| active.borrow_mut().take());
        self.hooks.disarm();
    }
}

/// The lines the last call logged.
pub(super) fn take_logs() -> Vec<LogLine> {
    LOGS.with(|logs| std::mem::take(&mut logs.borrow_mut().0))
}

/// Most JSON text one logged object is read into.
const LOG_VALUE_BYTES: usize = 16 * 1024;

/// `console.log`, `info`, `warn`, `error` and `debug`: they never fail, and what they print
/// goes to the call's log, up to the output limit in bytes (the rest is dropped).
fn install_console(context: &mut Context) -> Result<(), ScriptError> {
    fn line(level: &'static str, args: &[JsValue], context: &mut Context) {
        // Strings as they are, other primitives as `String(v)` gives them, objects as JSON
        // the way results are read (dates as ISO text, bytes as lists; what JSON cannot hold,
        // as the engine displays it).
        let message = args
            .iter()
            .map(|v| match v.as_string() {
                Some(s) => s.to_std_string_escaped(),
                None if !v.is_object() && !v.is_symbol() => {
                    v.to_string(context).map_or_else(|_| v.display().to_string(), |s| s.to_std_string_escaped())
                }
                None => super::to_json::to_json(v, context, LOG_VALUE_BYTES, Members::DropUndefined).ok().flatten().map_or_else(
                    || v.display().to_string(),
                    // A date (anything whose toJSON is text) prints bare, as Node prints a date.
                    |j| match j {
                        serde_json::Value::String(text) => text,
                        other => other.to_string(),
                    },
                ),
            })
            .collect::<Vec<_>>()
            .join(" ");
        LOGS.with(|logs| {
            let (lines, left) = &mut *logs.borrow_mut();
            if message.len() <= *left {
                *left -= message.len();
                lines.push(LogLine { level, message });
            } else {
                *left = 0;
            }
        });
    }
    macro_rules! level {
        ($name:literal) => {
            NativeFunction::from_fn_ptr(|_, args, context| {
                line($name, args, context);
                Ok(JsValue::undefined())
            })
        };
    }
    let console = ObjectInitializer::new(context)
        .function(level!("log"), js_string!("log"), 0)
        .function(level!("info"), js_string!("info"), 0)
        .function(level!("warn"), js_string!("warn"), 0)
        .function(level!("error"), js_string!("error"), 0)
        .function(level!("debug"), js_string!("debug"), 0)
        .build();
    // As in Node: writable, configurable, not enumerable.
    context
        .register_global_property(js_string!("console"), console, Attribute::WRITABLE | Attribute::CONFIGURABLE)
        .map_err(|e| ScriptError::Engine { message: e.to_string() })
}

/// `Math.random` from a seed (xorshift32), reset before every call, for deterministic codecs.
fn install_seeded_random(context: &mut Context) -> Result<(), ScriptError> {
    let random = NativeFunction::from_fn_ptr(|_, _, _| {
        let x = RANDOM.with(|r| {
            let mut x = r.get();
            if x == 0 {
                x = 0x9e37_79b9;
            }
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            r.set(x);
            x
        });
        Ok(JsValue::from(f64::from(x) / 4_294_967_296.0))
    })
    .to_js_function(context.realm());
    let math = context.intrinsics().objects().math();
    math.set(js_string!("random"), random, true, context).map(|_| ()).map_err(|e| ScriptError::Engine { message: e.to_string() })
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

/// Which limit stopped a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Time,
    Steps,
    Heap,
}

impl Stop {
    fn error(self, options: &CodecOptions) -> ScriptError {
        match self {
            Stop::Time => ScriptError::Timeout { limit: options.time_limit },
            Stop::Steps => ScriptError::StepBudget { budget: options.step_budget },
            Stop::Heap => ScriptError::HeapLimit { limit: options.max_heap_bytes },
        }
    }
}

/// The engine's host hooks: the limits of the running call, checked every [`SLICE`] units of
/// work; UTC as the local time zone; ArrayBuffers (and so typed arrays) capped by the heap
/// budget, where boa throws a catchable RangeError rather than allocating.
#[derive(Debug)]
struct Hooks {
    max_buffer_bytes: u64,
    time_limit: Duration,
    step_budget: u64,
    max_heap_bytes: usize,
    /// When the running call started; `None` between calls (no limit applies then).
    start: Cell<Option<Instant>>,
    heap_at_start: Cell<Option<usize>>,
    steps: Cell<u64>,
    stopped: Cell<Option<Stop>>,
}

impl Hooks {
    fn new(options: &CodecOptions) -> Hooks {
        Hooks {
            max_buffer_bytes: options.max_heap_bytes as u64,
            time_limit: options.time_limit,
            step_budget: options.step_budget,
            max_heap_bytes: options.max_heap_bytes,
            start: Cell::new(None),
            heap_at_start: Cell::new(None),
            steps: Cell::new(0),
            stopped: Cell::new(None),
        }
    }

    fn arm(&self) {
        self.start.set(Some(Instant::now()));
        self.heap_at_start.set(super::heap::in_use());
        self.steps.set(0);
        self.stopped.set(None);
    }

    fn disarm(&self) {
        self.start.set(None);
    }
}

impl HostHooks for Hooks {
    fn max_buffer_size(&self, _context: &mut Context) -> u64 {
        self.max_buffer_bytes
    }

    /// Scripts run in UTC on every path, whatever the host's `TZ`.
    fn local_timezone_offset_seconds(&self, _unix_time_seconds: i64) -> i32 {
        0
    }

    fn interrupt(&self) -> bool {
        let Some(start) = self.start.get() else { return false };
        if self.stopped.get().is_some() {
            // Once stopped, stays stopped for the rest of the call.
            return true;
        }
        let steps = self.steps.get() + u64::from(SLICE);
        self.steps.set(steps);
        let stop = if steps > self.step_budget {
            Some(Stop::Steps)
        } else if start.elapsed() > self.time_limit {
            Some(Stop::Time)
        } else if let (Some(before), Some(now)) = (self.heap_at_start.get(), super::heap::in_use())
            && now.saturating_sub(before) > self.max_heap_bytes
        {
            Some(Stop::Heap)
        } else {
            None
        };
        if stop.is_some() {
            self.stopped.set(stop);
        }
        stop.is_some()
    }
}

/// `Date`'s clock: the real one, or a fixed instant for deterministic codecs (`new Date()`,
/// `Date.now()` and every other route to the time read it).
#[derive(Debug)]
struct SandboxClock {
    fixed_ms: Cell<Option<i64>>,
    real: StdClock,
}

impl Clock for SandboxClock {
    fn now(&self) -> JsInstant {
        self.real.now()
    }

    fn system_time_millis(&self) -> i64 {
        self.fixed_ms.get().unwrap_or_else(|| self.real.system_time_millis())
    }
}

/// The job queue: promise jobs a call queues run at its end, under its limits; anything left
/// (and every other kind of job: the sandbox has no timers) is dropped with the call.
#[derive(Default)]
struct Jobs {
    promise_jobs: RefCell<VecDeque<PromiseJob>>,
}

impl Jobs {
    fn run(&self, context: &mut Context) -> JsResult<()> {
        loop {
            context.check_interrupt(1)?;
            let job = self.promise_jobs.borrow_mut().pop_front();
            let Some(job) = job else { return Ok(()) };
            job.call(context)?;
        }
    }

    fn clear(&self) {
        self.promise_jobs.borrow_mut().clear();
    }
}

impl JobExecutor for Jobs {
    fn enqueue_job(self: Rc<Self>, job: Job, _context: &mut Context) {
        if let Job::PromiseJob(job) = job {
            self.promise_jobs.borrow_mut().push_back(job);
        }
    }

    fn run_jobs(self: Rc<Self>, context: &mut Context) -> JsResult<()> {
        self.run(context)
    }
}

/// A syntax error with the script's line and column.
pub(crate) fn syntax_error(error: &JsError) -> ScriptError {
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
