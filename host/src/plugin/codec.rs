//! A compiled script inside its own store: the codec resource lives in the instance, so calls
//! pay no compile; after a trap the store is dropped and the script compiled again in a new one.
//! The built-in plugin also decodes batches (`thingkit:plugin/batches`): many payloads per
//! crossing; a third party's codec gets them one call each.

use super::bindings::codec::{Codec as CodecWorld, CodecPre};
use super::bindings::full::exports::thingkit::plugin::{batches as wit_batches, codecs as full_codecs};
use super::bindings::full::{Plugin as FullWorld, PluginIndices};
use super::{
    CodecOptions, DecodeInput, Decoded, Direction, EncodeInput, Encoded, LogLine, PluginError, PluginLimits, State, from_trap, from_wit, new_store,
    ticks,
};
use std::time::Duration;
use wasmtime::component::ResourceAny;
use wasmtime::{Engine, Store};

/// The longest [`WasmCodec::decode_batch`] runs, whatever its length: 5 s, fifty calls at the
/// default deadline and about 200,000 payloads at the example's speed.
pub const MAX_BATCH_TIME: Duration = Duration::from_secs(5);

/// A crossing's deadline for `items` payloads: one call and a half each, so that payloads
/// stopped by the script's own time limit (a call's, plus what stopping takes) do not trap the
/// crossing and lose the answers already made.
fn crossing_deadline(call_time: Duration, items: usize) -> Duration {
    call_time.saturating_mul(u32::try_from(items).unwrap_or(u32::MAX)).saturating_mul(3) / 2
}

/// Why a batch crossing gave no results.
enum Crossing {
    /// No instance to call: the script did not compile again.
    NotReady(PluginError),
    /// The call trapped (its store is dropped) or answered out of shape.
    Trapped,
}

/// A script compiled by a plugin, ready for any number of calls.
pub struct WasmCodec {
    engine: Engine,
    pre: CodecPre<State>,
    limits: PluginLimits,
    source: String,
    options: CodecOptions,
    /// Where the built-in plugin's `batches` export is; `None` for a third party's codec.
    batches: Option<PluginIndices>,
    live: Option<Live>,
    entry_points: Vec<String>,
}

/// The store, the instance and the codec handle; `None` after a trap.
struct Live {
    store: Store<State>,
    instance: CodecWorld,
    /// The same instance seen through the whole plugin world, for batches.
    full: Option<FullWorld>,
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
        batches: Option<PluginIndices>,
    ) -> Result<WasmCodec, PluginError> {
        let mut codec = WasmCodec { engine, pre, limits, source, options, batches, live: None, entry_points: Vec::new() };
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

    /// Decodes many payloads, in order: one result per item, as [`WasmCodec::decode`] gives it.
    /// The built-in plugin takes them in one crossing per batch, under a deadline of one and a
    /// half calls per item; each item is held to the script's own limits inside. Should a crossing trap
    /// (a payload stuck in native code), its items are decoded again one call each, under one
    /// call's deadline each, so that only the item at fault fails. The whole call ends within
    /// [`MAX_BATCH_TIME`]: items it did not reach fail with [`PluginError::Timeout`].
    pub fn decode_batch(&mut self, items: &[(&[u8], &DecodeInput)], direction: Direction) -> Vec<Result<Decoded, PluginError>> {
        let started = std::time::Instant::now();
        let call_time = self.limits.call_time.max(Duration::from_millis(1));
        let out_of_time = || PluginError::Timeout { limit: MAX_BATCH_TIME };
        let mut out: Vec<Result<Decoded, PluginError>> = Vec::with_capacity(items.len());
        let mut rest = items;
        while !rest.is_empty() {
            let left = MAX_BATCH_TIME.saturating_sub(started.elapsed());
            // As many items as the time left holds, each at its crossing share.
            let fit = usize::try_from(left.as_nanos() / (call_time.as_nanos() * 3 / 2)).unwrap_or(usize::MAX);
            if fit == 0 {
                out.extend(rest.iter().map(|_| Err(out_of_time())));
                break;
            }
            let (chunk, after) = rest.split_at(fit.min(rest.len()));
            rest = after;
            // One call per item (a third party's codec, or the items of a crossing that trapped),
            // each started only within the budget (a trap makes the next call compile again).
            let one_by_one = |this: &mut Self, out: &mut Vec<_>| {
                for (bytes, input) in chunk {
                    out.push(if started.elapsed() < MAX_BATCH_TIME { this.decode(bytes, input, direction) } else { Err(out_of_time()) });
                }
            };
            if self.batches.is_none() {
                one_by_one(self, &mut out);
                continue;
            }
            match self.batch_call(chunk, direction) {
                Ok(results) => out.extend(results),
                // The script no longer compiles (or its instance cannot be made): every item
                // would fail the same way, so none is tried again.
                Err(Crossing::NotReady(e)) => out.extend(chunk.iter().map(|_| Err(e.clone()))),
                Err(Crossing::Trapped) => one_by_one(self, &mut out),
            }
        }
        out
    }

    /// One crossing for `items`: one result each, or why there is none.
    fn batch_call(&mut self, items: &[(&[u8], &DecodeInput)], direction: Direction) -> Result<Vec<Result<Decoded, PluginError>>, Crossing> {
        if self.live.is_none() {
            self.revive().map_err(Crossing::NotReady)?;
        }
        let not_ready = |message: &str| Crossing::NotReady(PluginError::Trapped { message: message.into() });
        let Some(live) = self.live.as_mut() else { return Err(not_ready("no live instance")) };
        let Some(full) = live.full.as_ref() else { return Err(not_ready("no batches export")) };
        let wit_items: Vec<wit_batches::BatchItem> = items
            .iter()
            .map(|(bytes, input)| wit_batches::BatchItem {
                bytes: bytes.to_vec(),
                input: full_codecs::DecodeInput {
                    topic: input.topic.clone(),
                    f_port: input.f_port,
                    recv_time_ms: input.recv_time_ms,
                    variables: input.variables.clone(),
                },
            })
            .collect();
        let deadline = crossing_deadline(self.limits.call_time, items.len());
        live.store.set_epoch_deadline(ticks(deadline));
        let direction = match direction {
            Direction::Uplink => full_codecs::Direction::Uplink,
            Direction::Downlink => full_codecs::Direction::Downlink,
        };
        match full.thingkit_plugin_batches().call_decode_batch(&mut live.store, live.codec, &wit_items, direction) {
            // The built-in plugin answers once per item; anything else is treated as a trap.
            Ok(results) if results.len() != items.len() => {
                self.live = None;
                Err(Crossing::Trapped)
            }
            Ok(results) => Ok(results
                .into_iter()
                .map(|r| match r {
                    Ok(d) => Ok(Decoded {
                        result: d.result,
                        in_data: d.in_data,
                        logs: d.logs.into_iter().map(|l| LogLine { level: l.level, message: l.message }).collect(),
                    }),
                    Err(e) => Err(from_wit(e)),
                })
                .collect()),
            Err(_) => {
                self.live = None;
                Err(Crossing::Trapped)
            }
        }
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
        let raw = self.pre.instance_pre().instantiate(&mut store).map_err(|e| from_trap(&e, compile_limits))?;
        let instance = CodecWorld::new(&mut store, &raw).map_err(|e| from_trap(&e, compile_limits))?;
        let full = match &self.batches {
            Some(indices) => Some(indices.load(&mut store, &raw).map_err(|e| from_trap(&e, compile_limits))?),
            None => None,
        };
        let compiled = instance.thingkit_plugin_codecs().codec().call_compile(&mut store, &self.source, self.options);
        let codec = match compiled {
            Ok(Ok(codec)) => codec,
            Ok(Err(e)) => return Err(from_wit(e)),
            Err(trap) => return Err(from_trap(&trap, compile_limits)),
        };
        let entry_points = instance.thingkit_plugin_codecs().codec().call_entry_points(&mut store, codec);
        self.entry_points = entry_points.map_err(|trap| from_trap(&trap, compile_limits))?;
        self.live = Some(Live { store, instance, full, codec });
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
