//! Model calls: validation, conversion and the device-data check. They run no user code, so
//! their instances are kept and reused (a small pool of pre-initialised instances, each dropped
//! after a trap); what the guest builds once (the JSON Schema validators) is then built once per
//! instance, not once per call. A [`DataModel`] keeps a compiled thing model in a store of its
//! own for any number of messages.
//!
//! The WIT enumerations are mapped to core's with one `match` per direction, so a variant added
//! on either side fails to compile here.

use super::bindings::full::Plugin as PluginWorld;
use super::bindings::full::PluginPre;
use super::bindings::full::exports::thingkit::plugin::models::{Conversion as WitConversion, Outcome as WitOutcome, Report as WitReport};
use super::{PluginError, PluginLimits, State, WitError, from_trap, new_store, ticks};
use crate::plugin::bindings::codec::thingkit::plugin::types::{
    Diagnostic as WitDiagnostic, Format as WitFormat, Level as WitLevel, Severity as WitSeverity,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use thingkit::data::Level;
use thingkit::diagnostic::TextRange;
use thingkit::interop::{FidelityEntry, Outcome};
use thingkit::{Code, Diagnostic, Format, Report, Severity};
use wasmtime::component::ResourceAny;
use wasmtime::{Engine, Store};

/// A converted document, as the plugin returned it.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    /// The document in the target format, as JSON text.
    pub document: String,
    /// Warnings: the input's own, and what the conversion could not carry over.
    pub diagnostics: Vec<Diagnostic>,
    /// For each feature, parameter and member of the source: exact, approximated or lost.
    pub fidelity: Vec<FidelityEntry>,
}

impl Converted {
    /// `{document, diagnostics, fidelity}`, core's shape for a conversion.
    pub fn to_json(&self) -> thingkit::json::Conversion {
        thingkit::json::Conversion {
            document: serde_json::from_str(&self.document).unwrap_or(serde_json::Value::Null),
            diagnostics: self.diagnostics.clone(),
            fidelity: self.fidelity.clone(),
        }
    }
}

/// An instance of the built-in plugin kept for model calls.
pub(super) struct ModelInstance {
    pub(super) store: Store<State>,
    pub(super) plugin: PluginWorld,
}

/// Idle model instances, at most `max_idle`; how many were ever made.
pub(super) struct ModelPool {
    idle: Mutex<Vec<ModelInstance>>,
    max_idle: usize,
    made: AtomicUsize,
}

impl ModelPool {
    pub(super) fn new(max_idle: usize) -> ModelPool {
        ModelPool { idle: Mutex::new(Vec::new()), max_idle: max_idle.max(1), made: AtomicUsize::new(0) }
    }

    /// An idle instance, or a new one.
    pub(super) fn take(&self, engine: &Engine, pre: &PluginPre<State>, limits: PluginLimits) -> Result<ModelInstance, PluginError> {
        if let Some(instance) = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop() {
            return Ok(instance);
        }
        let mut store = new_store(engine, limits);
        store.set_epoch_deadline(ticks(limits.compile_time));
        let plugin = pre.instantiate(&mut store).map_err(|e| from_trap(&e, limits))?;
        self.made.fetch_add(1, Ordering::Relaxed);
        Ok(ModelInstance { store, plugin })
    }

    /// Keeps an instance that did not trap for the next call.
    pub(super) fn give(&self, instance: ModelInstance) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < self.max_idle {
            idle.push(instance);
        }
    }

    pub(super) fn made(&self) -> usize {
        self.made.load(Ordering::Relaxed)
    }
}

/// A thing model (and its custom modules) compiled once in a store of its own, for checking any
/// number of device messages. After a trap the store is dropped and the next check compiles the
/// model again in a new one.
pub struct DataModel {
    engine: Engine,
    pre: PluginPre<State>,
    limits: PluginLimits,
    texts: Vec<String>,
    live: Option<LiveModel>,
}

struct LiveModel {
    store: Store<State>,
    plugin: PluginWorld,
    model: ResourceAny,
}

impl std::fmt::Debug for DataModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataModel").field("modules", &self.texts.len()).field("live", &self.live.is_some()).finish_non_exhaustive()
    }
}

impl DataModel {
    pub(super) fn new(engine: Engine, pre: PluginPre<State>, limits: PluginLimits, texts: Vec<String>) -> Result<DataModel, PluginError> {
        let mut model = DataModel { engine, pre, limits, texts, live: None };
        model.revive()?;
        Ok(model)
    }

    /// The texts it was compiled from: the model, then its custom modules.
    pub fn texts(&self) -> &[String] {
        &self.texts
    }

    /// Whether a compiled instance is ready; false after a trap, until the next check.
    pub fn is_live(&self) -> bool {
        self.live.is_some()
    }

    /// Checks an Alink message (JSON text) at `level`: `{level, failures, passed}` as JSON text.
    pub fn check(&mut self, message: &str, level: Level) -> Result<String, PluginError> {
        if self.live.is_none() {
            self.revive()?;
        }
        let Some(live) = self.live.as_mut() else { return Err(PluginError::Trapped { message: "no live instance".into() }) };
        live.store.set_epoch_deadline(ticks(self.limits.call_time));
        let checked =
            live.plugin.thingkit_plugin_models().data_model().call_check(&mut live.store, live.model, message, level_to_wit(level));
        match checked {
            Ok(Ok(json)) => Ok(json),
            Ok(Err(e)) => Err(from_wit(e)),
            Err(trap) => {
                self.live = None;
                Err(from_trap(&trap, self.limits))
            }
        }
    }

    fn revive(&mut self) -> Result<(), PluginError> {
        let compile_limits = PluginLimits { call_time: self.limits.compile_time, ..self.limits };
        let mut store = new_store(&self.engine, self.limits);
        store.set_epoch_deadline(ticks(self.limits.compile_time));
        let plugin = self.pre.instantiate(&mut store).map_err(|e| from_trap(&e, compile_limits))?;
        let model = match plugin.thingkit_plugin_models().data_model().call_compile(&mut store, &self.texts) {
            Ok(Ok(model)) => model,
            Ok(Err(e)) => return Err(from_wit(e)),
            Err(trap) => return Err(from_trap(&trap, compile_limits)),
        };
        self.live = Some(LiveModel { store, plugin, model });
        Ok(())
    }
}

// The enumerations, one `match` per direction.

pub(super) fn format_to_wit(f: Format) -> WitFormat {
    match f {
        Format::Tsl => WitFormat::Tsl,
        Format::SimpleTsl => WitFormat::SimpleTsl,
        Format::ThingModelJson => WitFormat::ThingModelJson,
        Format::ExtendConfig => WitFormat::ExtendConfig,
        Format::Tencent => WitFormat::Tencent,
        Format::Huawei => WitFormat::Huawei,
        Format::Wot => WitFormat::Wot,
    }
}

pub(super) fn format_from_wit(f: WitFormat) -> Format {
    match f {
        WitFormat::Tsl => Format::Tsl,
        WitFormat::SimpleTsl => Format::SimpleTsl,
        WitFormat::ThingModelJson => Format::ThingModelJson,
        WitFormat::ExtendConfig => Format::ExtendConfig,
        WitFormat::Tencent => Format::Tencent,
        WitFormat::Huawei => Format::Huawei,
        WitFormat::Wot => Format::Wot,
    }
}

pub(super) fn level_to_wit(l: Level) -> WitLevel {
    match l {
        Level::Strong => WitLevel::Strong,
        Level::Weak => WitLevel::Weak,
        Level::None => WitLevel::None,
    }
}

fn severity_from_wit(s: WitSeverity) -> Severity {
    match s {
        WitSeverity::Error => Severity::Error,
        WitSeverity::Warning => Severity::Warning,
    }
}

fn outcome_from_wit(o: WitOutcome) -> Outcome {
    match o {
        WitOutcome::Exact => Outcome::Exact,
        WitOutcome::Approximated => Outcome::Approximated,
        WitOutcome::Lost => Outcome::Lost,
    }
}

/// A code the plugin sent: the built-in plugin is core itself, so it is always one of core's.
fn code_from_wit(code: &str) -> Result<Code, PluginError> {
    Code::parse(code).ok_or_else(|| PluginError::Trapped { message: format!("the plugin answered with an unknown code `{code}`") })
}

fn diagnostic_from_wit(d: WitDiagnostic) -> Result<Diagnostic, PluginError> {
    Ok(Diagnostic {
        code: code_from_wit(&d.code)?,
        severity: severity_from_wit(d.severity),
        file: None,
        pointer: d.pointer,
        line: d.line as usize,
        column: d.column as usize,
        message: d.message,
        help: d.help,
        range: d.range.map(|r| TextRange { start: r.start as usize, end: r.end as usize }),
        span: None,
    })
}

fn diagnostics_from_wit(list: Vec<WitDiagnostic>) -> Result<Vec<Diagnostic>, PluginError> {
    list.into_iter().map(diagnostic_from_wit).collect()
}

pub(super) fn report_from_wit(r: WitReport) -> Result<Report, PluginError> {
    Ok(Report { kind: r.kind.map(format_from_wit), valid: r.valid, diagnostics: diagnostics_from_wit(r.diagnostics)? })
}

pub(super) fn conversion_from_wit(c: WitConversion) -> Result<Converted, PluginError> {
    Ok(Converted {
        document: c.document,
        diagnostics: diagnostics_from_wit(c.diagnostics)?,
        fidelity: c
            .fidelity
            .into_iter()
            .map(|f| FidelityEntry { file: None, pointer: f.pointer, outcome: outcome_from_wit(f.outcome), message: f.message })
            .collect(),
    })
}

/// The guest's error record as a [`PluginError::Guest`].
pub(super) fn from_wit(e: WitError) -> PluginError {
    match diagnostics_from_wit(e.diagnostics) {
        Ok(diagnostics) => PluginError::Guest {
            code: e.code,
            message: e.message,
            line: e.line,
            column: e.column,
            platform_code: e.platform_code,
            diagnostics,
            model: e.model,
        },
        Err(unknown) => unknown,
    }
}
