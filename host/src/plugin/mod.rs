//! thingkit's core, or a third party's codec, run as a WebAssembly component under wasmtime:
//! one `Engine` and one compiled component per plugin, instances made through `InstancePre`, a
//! `Store` per compiled script and per compiled data model, and a small pool of kept instances
//! for model calls (which run no user code), each with a memory cap and an epoch deadline. A
//! trap is an error and its instance is never used again.
//!
//! The world is `host/wit/thingkit.wit`. The built-in plugin (`host/guest`) is built by
//! `host/build.rs` and embedded; [`Plugins::load_codec`] loads any component that exports the
//! `codecs` interface.

mod codec;
mod error;
mod models;

pub use codec::{MAX_BATCH_TIME, WasmCodec};
pub use error::PluginError;
pub use models::{Converted, DataModel};

use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use thingkit::data::Level;
use thingkit::{Format, Report};
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, ResourceLimiter, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

/// The generated bindings of the two worlds. Codecs are always called through `codec`: the
/// built-in plugin exports that interface too.
mod bindings {
    pub mod full {
        wasmtime::component::bindgen!({
            world: "plugin",
            path: "wit",
            // One error type for both worlds.
            with: { "thingkit:plugin/types": super::codec::thingkit::plugin::types },
        });
    }
    pub mod codec {
        wasmtime::component::bindgen!({ world: "codec", path: "wit" });
    }
}

use bindings::codec::thingkit::plugin::types::Error as WitError;

/// The built-in plugin component, built from `host/guest` by the build script.
const BUILT_IN: &[u8] = include_bytes!(env!("THINGKIT_PLUGIN_WASM"));

/// Where the build put the example third-party codec (`host/plugins/example-codec`), which tests
/// and benchmarks load with [`Plugins::load_codec`].
pub const EXAMPLE_CODEC_PATH: &str = env!("THINGKIT_EXAMPLE_CODEC_WASM");

/// Core instances in one instance of a component built for `wasm32-wasip2`, with room to spare.
const CORE_INSTANCES_PER_COMPONENT: u32 = 8;

/// How often the engine's epoch advances: the granularity of every deadline.
const TICK: Duration = Duration::from_millis(2);

/// Limits of each store (each model call, each compiled script).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PluginLimits {
    /// Linear memory of one instance.
    pub max_memory_bytes: usize,
    /// Wall clock of one call (decode, encode, validate…).
    pub call_time: Duration,
    /// Wall clock of compiling a script (its top level runs once).
    pub compile_time: Duration,
}

impl Default for PluginLimits {
    fn default() -> Self {
        PluginLimits { max_memory_bytes: 64 << 20, call_time: Duration::from_millis(100), compile_time: Duration::from_secs(2) }
    }
}

/// The wasmtime engine with the built-in plugin compiled once; cheap to clone and share.
#[derive(Clone)]
pub struct Plugins {
    engine: Engine,
    linker: Linker<State>,
    full: bindings::full::PluginPre<State>,
    codec: bindings::codec::CodecPre<State>,
    /// Where the built-in plugin's exports are in an instance, for codecs' batches.
    batches: bindings::full::PluginIndices,
    limits: PluginLimits,
    models: Arc<models::ModelPool>,
}

impl std::fmt::Debug for Plugins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugins").field("limits", &self.limits).finish_non_exhaustive()
    }
}

impl Plugins {
    /// The engine with the built-in plugin, compiled (or read from wasmtime's on-disk cache).
    /// Each store's memory is mapped when it is made and unmapped when it is dropped.
    pub fn new(limits: PluginLimits) -> Result<Plugins, PluginError> {
        Plugins::with_engine(engine(None)?, limits)
    }

    /// As [`Plugins::new`], with wasmtime's pooling allocator: memory for `instances` stores at
    /// once is reserved up front and reused, and a new instance's memory is a copy-on-write image
    /// of the component's data; a store past `instances` fails with TK5020. For this plugin it
    /// measured no faster than the default (`cargo bench --bench plugin`), so the service does not
    /// use it.
    pub fn pooled(limits: PluginLimits, instances: u32) -> Result<Plugins, PluginError> {
        Plugins::with_engine(engine(Some((instances, limits.max_memory_bytes)))?, limits)
    }

    fn with_engine(engine: Engine, limits: PluginLimits) -> Result<Plugins, PluginError> {
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).map_err(trapped)?;
        let component = Component::new(&engine, BUILT_IN).map_err(trapped)?;
        let pre = linker.instantiate_pre(&component).map_err(trapped)?;
        let full = bindings::full::PluginPre::new(pre.clone()).map_err(trapped)?;
        let batches = bindings::full::PluginIndices::new(&pre).map_err(trapped)?;
        let codec = bindings::codec::CodecPre::new(pre).map_err(trapped)?;
        start_ticker(&engine);
        let kept = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Plugins { engine, linker, full, codec, batches, limits, models: Arc::new(models::ModelPool::new(kept)) })
    }

    /// The built-in plugin, made once per process with the default limits.
    pub fn shared() -> Result<&'static Plugins, PluginError> {
        static SHARED: OnceLock<Result<Plugins, PluginError>> = OnceLock::new();
        SHARED.get_or_init(|| Plugins::new(PluginLimits::default())).as_ref().map_err(Clone::clone)
    }

    /// The limits every store gets.
    pub fn limits(&self) -> PluginLimits {
        self.limits
    }

    /// Compiles `source` with the built-in plugin into a codec with a store of its own.
    pub fn compile(&self, source: &str, options: CodecOptions) -> Result<WasmCodec, PluginError> {
        WasmCodec::new(self.engine.clone(), self.codec.clone(), self.limits, source.to_string(), options, Some(self.batches.clone()))
    }

    /// Loads a third-party codec component (world `thingkit:plugin/codec`) from `path`; its
    /// `compile` gets `source` (which such a plugin may ignore).
    pub fn load_codec(&self, path: &Path, source: &str, options: CodecOptions) -> Result<WasmCodec, PluginError> {
        let component = Component::from_file(&self.engine, path).map_err(trapped)?;
        let pre = self.linker.instantiate_pre(&component).map_err(trapped)?;
        let codec = bindings::codec::CodecPre::new(pre).map_err(trapped)?;
        WasmCodec::new(self.engine.clone(), codec, self.limits, source.to_string(), options, None)
    }

    /// Validates a document as `as_`, or as the format its content tells when `None`.
    pub fn validate(&self, text: &str, as_: Option<Format>) -> Result<Report, PluginError> {
        let report = self.with_models(|store, plugin| {
            plugin.thingkit_plugin_models().call_validate(store, text, as_.map(models::format_to_wit)).map(Ok)
        })?;
        models::report_from_wit(report)
    }

    /// Validates a document (as `from`, or as told by its content) and converts it to `to`. A
    /// document with errors is a [`PluginError::Guest`] with all its diagnostics.
    pub fn convert(&self, text: &str, from: Option<Format>, to: Format) -> Result<Converted, PluginError> {
        let converted = self.with_models(|store, plugin| {
            plugin.thingkit_plugin_models().call_convert(store, text, from.map(models::format_to_wit), models::format_to_wit(to))
        })?;
        models::conversion_from_wit(converted)
    }

    /// Checks an Alink message (JSON text) against a model and its custom modules, in one call:
    /// `{level, failures, passed}` as JSON text. A model with errors is a
    /// [`PluginError::Guest`] naming it (`model`) with all its diagnostics.
    pub fn check_data(&self, models: &[String], message: &str, level: Level) -> Result<String, PluginError> {
        self.with_models(|store, plugin| {
            plugin.thingkit_plugin_models().call_check_data(store, models, message, models::level_to_wit(level))
        })
    }

    /// Runs `count` codec test vectors (JSON text, any layout `thingkit::codec_tests::read_value`
    /// reads) on a script: the results as JSON text (`[{description, routine, pointer, status,
    /// …}]`). User code runs, so in a fresh store that is dropped afterwards; each vector is
    /// under the codec's own limits inside, and the whole call under a deadline of compiling
    /// plus one call per vector (at most a minute).
    pub fn test_vectors(&self, source: &str, vectors: &str, filter: Option<&str>, count: usize) -> Result<String, PluginError> {
        let per_vector = self.limits.call_time.saturating_mul(u32::try_from(count).unwrap_or(u32::MAX).saturating_add(1));
        let deadline = (self.limits.compile_time + per_vector).min(Duration::from_secs(60));
        let mut store = new_store(&self.engine, self.limits);
        store.set_epoch_deadline(ticks(deadline));
        let plugin = self.full.instantiate(&mut store).map_err(|e| from_trap(&e, self.limits))?;
        match plugin.thingkit_plugin_vectors().call_run(&mut store, source, vectors, filter) {
            Ok(answer) => answer.map_err(models::from_wit),
            Err(trap) => Err(from_trap(&trap, self.limits)),
        }
    }

    /// Compiles a model and its custom modules once, in a store of its own, for any number of
    /// [`DataModel::check`] calls.
    pub fn data_model(&self, models: Vec<String>) -> Result<DataModel, PluginError> {
        DataModel::new(self.engine.clone(), self.full.clone(), self.limits, models)
    }

    /// How many instances model calls have made so far (they are kept and reused; a trap drops
    /// one).
    pub fn model_instances_made(&self) -> usize {
        self.models.made()
    }

    /// Runs one model call in a kept instance (or a new one); an instance that trapped is dropped.
    fn with_models<T>(
        &self,
        call: impl FnOnce(&mut Store<State>, &bindings::full::Plugin) -> wasmtime::Result<Result<T, WitError>>,
    ) -> Result<T, PluginError> {
        let mut instance = self.models.take(&self.engine, &self.full, self.limits)?;
        instance.store.set_epoch_deadline(ticks(self.limits.call_time));
        match call(&mut instance.store, &instance.plugin) {
            Ok(answer) => {
                self.models.give(instance);
                answer.map_err(from_wit)
            }
            Err(trap) => Err(from_trap(&trap, self.limits)),
        }
    }
}

pub use bindings::codec::exports::thingkit::plugin::codecs::{CodecOptions, DecodeInput, Decoded, Direction, EncodeInput, Encoded, LogLine};

/// One engine per process setting: epoch interruption for deadlines, wasmtime's own on-disk
/// cache of compiled components when the machine has a cache directory, and, when asked, a pool
/// of `(instances, memory bytes)`.
fn engine(pool: Option<(u32, usize)>) -> Result<Engine, PluginError> {
    let mut config = Config::new();
    config.epoch_interruption(true);
    if let Some((instances, memory)) = pool {
        // A component instance of the built-in plugin holds a few core instances (the module and
        // the canonical ABI's glue), each with at most one memory and one table.
        let mut pooling = PoolingAllocationConfig::default();
        pooling
            .total_component_instances(instances)
            .total_core_instances(instances * CORE_INSTANCES_PER_COMPONENT)
            .total_memories(instances)
            .total_tables(instances * CORE_INSTANCES_PER_COMPONENT)
            .max_memory_size(memory);
        config.allocation_strategy(InstanceAllocationStrategy::Pooling(pooling));
    }
    if let Ok(cache) = wasmtime::Cache::from_file(None) {
        config.cache(Some(cache));
    }
    Engine::new(&config).map_err(trapped)
}

/// Advances the engine's epoch every tick for as long as the engine lives.
fn start_ticker(engine: &Engine) {
    let weak = engine.weak();
    std::thread::Builder::new()
        .name("thingkit-epoch".into())
        .spawn(move || {
            while let Some(engine) = weak.upgrade() {
                engine.increment_epoch();
                drop(engine);
                std::thread::sleep(TICK);
            }
        })
        .ok();
}

/// Ticks for a deadline of `limit`, one more for the tick already under way.
fn ticks(limit: Duration) -> u64 {
    (limit.as_nanos() / TICK.as_nanos()) as u64 + 1
}

/// What a store holds: an empty WASI context (no files, environment, network or stdio) and the
/// memory cap.
struct State {
    wasi: WasiCtx,
    table: ResourceTable,
    cap: MemoryCap,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

fn new_store(engine: &Engine, limits: PluginLimits) -> Store<State> {
    let wasi = WasiCtx::builder().allow_tcp(false).allow_udp(false).allow_ip_name_lookup(false).build();
    let state = State { wasi, table: ResourceTable::new(), cap: MemoryCap { max: limits.max_memory_bytes } };
    let mut store = Store::new(engine, state);
    store.limiter(|state| &mut state.cap);
    store.epoch_deadline_trap();
    store
}

/// Refuses growth past the cap with an error that traps at once and says why.
struct MemoryCap {
    max: usize,
}

#[derive(Debug, thiserror::Error)]
#[error("memory cap reached")]
struct MemoryCapReached;

impl ResourceLimiter for MemoryCap {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired > self.max {
            return Err(MemoryCapReached.into());
        }
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        // A table entry is a pointer: the same cap, in entries.
        Ok(desired <= self.max / 8)
    }
}

use models::from_wit;

/// A trap as the error it stands for.
fn from_trap(error: &wasmtime::Error, limits: PluginLimits) -> PluginError {
    if error.downcast_ref::<MemoryCapReached>().is_some() {
        return PluginError::MemoryLimit { limit: limits.max_memory_bytes };
    }
    match error.downcast_ref::<wasmtime::Trap>() {
        Some(wasmtime::Trap::Interrupt) => return PluginError::Timeout { limit: limits.call_time },
        // The script's fault (deep nesting), not the plugin's: a recursion limit, as in-process.
        Some(wasmtime::Trap::StackOverflow) => return PluginError::StackOverflow,
        _ => {}
    }
    PluginError::Trapped { message: format!("{error:#}") }
}

fn trapped(error: wasmtime::Error) -> PluginError {
    PluginError::Trapped { message: format!("{error:#}") }
}
