//! A compiled script inside its own store: the codec resource lives in the instance, so calls
//! pay no compile; after a trap the store is dropped and the script compiled again in a new one.

use super::bindings::codec::{Codec as CodecWorld, CodecPre};
use super::{CodecOptions, DecodeInput, Decoded, Direction, EncodeInput, Encoded, PluginError, PluginLimits, State, from_trap, from_wit, new_store, ticks};
use wasmtime::component::ResourceAny;
use wasmtime::{Engine, Store};

/// A script compiled by a plugin, ready for any number of calls.
pub struct WasmCodec {
    engine: Engine,
    pre: CodecPre<State>,
    limits: PluginLimits,
    source: String,
    options: CodecOptions,
    live: Option<Live>,
    entry_points: Vec<String>,
}

/// The store, the instance and the codec handle; `None` after a trap.
struct Live {
    store: Store<State>,
    instance: CodecWorld,
    codec: ResourceAny,
}

impl std::fmt::Debug for WasmCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WasmCodec").field("entry_points", &self.entry_points).field("live", &self.live.is_some()).finish_non_exhaustive()
    }
}

impl WasmCodec {
    pub(super) fn new(
        engine: Engine,
        pre: CodecPre<State>,
        limits: PluginLimits,
        source: String,
        options: CodecOptions,
    ) -> Result<WasmCodec, PluginError> {
        let mut codec = WasmCodec { engine, pre, limits, source, options, live: None, entry_points: Vec::new() };
        codec.revive()?;
        Ok(codec)
    }

    /// The conventions' entry points the script defines.
    pub fn entry_points(&self) -> &[String] {
        &self.entry_points
    }

    /// Whether an instance is ready; false after a trap, until the next call compiles the script
    /// again.
    pub fn is_live(&self) -> bool {
        self.live.is_some()
    }

    /// Device to cloud (`Direction::Uplink`), or a downlink read back: the routine's result as
    /// JSON text, with what the call logged.
    pub fn decode(&mut self, bytes: &[u8], input: &DecodeInput, direction: Direction) -> Result<Decoded, PluginError> {
        self.call(|store, world, codec| world.thingkit_plugin_codecs().codec().call_decode(store, codec, bytes, input, direction))
    }

    /// The Things Stack's `normalizeUplink({data})` on decoded `data` (JSON text).
    pub fn normalize(&mut self, data: &str) -> Result<Decoded, PluginError> {
        self.call(|store, world, codec| world.thingkit_plugin_codecs().codec().call_normalize(store, codec, data))
    }

    /// Cloud to device: the bytes for a message, with what the routine said of them.
    pub fn encode(&mut self, input: &EncodeInput) -> Result<Encoded, PluginError> {
        self.call(|store, world, codec| world.thingkit_plugin_codecs().codec().call_encode(store, codec, input))
    }

    /// A new store with the script compiled in it.
    fn revive(&mut self) -> Result<(), PluginError> {
        let mut store = new_store(&self.engine, self.limits);
        store.set_epoch_deadline(ticks(self.limits.compile_time));
        let compile_limits = PluginLimits { call_time: self.limits.compile_time, ..self.limits };
        let instance = self.pre.instantiate(&mut store).map_err(|e| from_trap(&e, compile_limits))?;
        let compiled = instance.thingkit_plugin_codecs().codec().call_compile(&mut store, &self.source, self.options);
        let codec = match compiled {
            Ok(Ok(codec)) => codec,
            Ok(Err(e)) => return Err(from_wit(e)),
            Err(trap) => return Err(from_trap(&trap, compile_limits)),
        };
        let entry_points = instance.thingkit_plugin_codecs().codec().call_entry_points(&mut store, codec);
        self.entry_points = entry_points.map_err(|trap| from_trap(&trap, compile_limits))?;
        self.live = Some(Live { store, instance, codec });
        Ok(())
    }

    /// One call under the deadline; a trap drops the store.
    fn call<T>(
        &mut self,
        f: impl FnOnce(&mut Store<State>, &CodecWorld, ResourceAny) -> wasmtime::Result<Result<T, super::WitError>>,
    ) -> Result<T, PluginError> {
        if self.live.is_none() {
            self.revive()?;
        }
        let Some(live) = self.live.as_mut() else { return Err(PluginError::Trapped { message: "no live instance".into() }) };
        live.store.set_epoch_deadline(ticks(self.limits.call_time));
        match f(&mut live.store, &live.instance, live.codec) {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(from_wit(e)),
            Err(trap) => {
                let error = from_trap(&trap, self.limits);
                self.live = None;
                Err(error)
            }
        }
    }
}
