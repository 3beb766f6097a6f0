//! The scripts registered per product, each with compiled instances kept ready so that a message
//! pays for a call, not a compile; and the thing models registered per product, each compiled
//! once into a data-model resource in a store of its own, so that a message pays for a check.
//! Scripts and models are bounded alike: at most `max_products` of each.
//!
//! Memory is bounded twice: at most `max_products` scripts, and at most `max_idle` compiled
//! instances kept across all of them (each is a wasmtime store capped at the plugin's memory
//! limit). An instance that trapped is never kept; one that would go past the idle budget is
//! dropped and the next message compiles a fresh one.

use super::error::ApiError;
use axum::http::StatusCode;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use thingkit::Code;
use thingkit::data::Level;
use thingkit_host::plugin::{CodecOptions, DataModel, PluginError, Plugins, WasmCodec};

#[derive(Debug)]
pub(crate) struct Products {
    plugins: Plugins,
    scripts: RwLock<HashMap<String, Arc<Product>>>,
    models: RwLock<HashMap<String, Arc<KeptModel>>>,
    max_products: usize,
    idle: Arc<IdleBudget>,
}

/// One product's thing model, compiled.
#[derive(Debug)]
pub(crate) struct KeptModel {
    model: Mutex<DataModel>,
    modules: usize,
}

impl KeptModel {
    /// How many texts the model was compiled from: the model and its custom modules.
    pub(crate) fn modules(&self) -> usize {
        self.modules
    }

    /// Checks a message (JSON text): `{level, failures, passed}` as JSON text.
    pub(crate) fn check(&self, message: &str, level: Level) -> Result<String, PluginError> {
        self.model.lock().unwrap_or_else(PoisonError::into_inner).check(message, level)
    }
}

/// One product's script.
#[derive(Debug)]
pub(crate) struct Product {
    source: String,
    options: CodecOptions,
    entry_points: Vec<String>,
    ready: Mutex<Vec<WasmCodec>>,
    idle: Arc<IdleBudget>,
}

/// How many compiled instances are kept, over all products.
#[derive(Debug)]
struct IdleBudget {
    kept: AtomicUsize,
    max: usize,
}

impl IdleBudget {
    fn try_take(&self) -> bool {
        self.kept.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < self.max).then_some(n + 1)).is_ok()
    }

    fn release(&self, n: usize) {
        self.kept.fetch_sub(n, Ordering::AcqRel);
    }
}

/// What registering a script did.
#[derive(Debug)]
pub(crate) struct Registered {
    /// No script was registered for the product before.
    pub(crate) created: bool,
    pub(crate) entry_points: Vec<String>,
}

impl Products {
    pub(crate) fn new(plugins: Plugins, max_products: usize, max_idle: usize) -> Products {
        Products {
            plugins,
            scripts: RwLock::new(HashMap::new()),
            models: RwLock::new(HashMap::new()),
            max_products,
            idle: Arc::new(IdleBudget { kept: AtomicUsize::new(0), max: max_idle }),
        }
    }

    pub(crate) fn plugins(&self) -> &Plugins {
        &self.plugins
    }

    pub(crate) fn len(&self) -> usize {
        self.scripts.read().unwrap_or_else(PoisonError::into_inner).len()
    }

    pub(crate) fn models_len(&self) -> usize {
        self.models.read().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// Compiles `source` and stores it for `name`. A script that fails to compile leaves the
    /// product's previous script in place.
    pub(crate) fn register(&self, name: &str, source: String, options: CodecOptions) -> Result<Registered, ApiError> {
        {
            let scripts = self.scripts.read().unwrap_or_else(PoisonError::into_inner);
            if !scripts.contains_key(name) && scripts.len() >= self.max_products {
                return Err(self.full("scripts"));
            }
        }
        let codec = self.plugins.compile(&source, options).map_err(|e| ApiError::plugin(&e))?;
        let entry_points = codec.entry_points().to_vec();
        if entry_points.is_empty() {
            let message =
                "the script defines none of the conventions' functions (rawDataToProtocol, decodeUplink, RawToProtocol, Decoder…)";
            return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, Code::MissingEntryPoint, message));
        }
        let product = Arc::new(Product {
            source,
            options,
            entry_points: entry_points.clone(),
            ready: Mutex::new(Vec::new()),
            idle: self.idle.clone(),
        });
        product.keep(codec);
        let mut scripts = self.scripts.write().unwrap_or_else(PoisonError::into_inner);
        // Checked again: another registration may have taken the last place meanwhile.
        if !scripts.contains_key(name) && scripts.len() >= self.max_products {
            return Err(self.full("scripts"));
        }
        let created = scripts.insert(name.to_string(), product).is_none();
        Ok(Registered { created, entry_points })
    }

    pub(crate) fn get(&self, name: &str) -> Result<Arc<Product>, ApiError> {
        self.scripts.read().unwrap_or_else(PoisonError::into_inner).get(name).cloned().ok_or_else(|| unknown(name, "script"))
    }

    /// Forgets the product's script.
    pub(crate) fn remove(&self, name: &str) -> Result<(), ApiError> {
        self.scripts.write().unwrap_or_else(PoisonError::into_inner).remove(name).map(drop).ok_or_else(|| unknown(name, "script"))
    }

    /// Compiles a thing model and its custom modules and keeps them for `name`; whether no model
    /// was registered for it before. A model with errors leaves the product's previous one in
    /// place.
    pub(crate) fn register_model(&self, name: &str, texts: Vec<String>) -> Result<bool, ApiError> {
        let exists = |models: &HashMap<String, Arc<KeptModel>>| models.contains_key(name);
        {
            let models = self.models.read().unwrap_or_else(PoisonError::into_inner);
            if !exists(&models) && models.len() >= self.max_products {
                return Err(self.full("models"));
            }
        }
        let modules = texts.len();
        let model = self.plugins.data_model(texts).map_err(|e| ApiError::plugin(&e))?;
        let kept = Arc::new(KeptModel { model: Mutex::new(model), modules });
        let mut models = self.models.write().unwrap_or_else(PoisonError::into_inner);
        // Checked again: another registration may have taken the last place meanwhile.
        if !exists(&models) && models.len() >= self.max_products {
            return Err(self.full("models"));
        }
        Ok(models.insert(name.to_string(), kept).is_none())
    }

    pub(crate) fn get_model(&self, name: &str) -> Result<Arc<KeptModel>, ApiError> {
        self.models.read().unwrap_or_else(PoisonError::into_inner).get(name).cloned().ok_or_else(|| unknown(name, "model"))
    }

    /// Forgets the product's model.
    pub(crate) fn remove_model(&self, name: &str) -> Result<(), ApiError> {
        self.models.write().unwrap_or_else(PoisonError::into_inner).remove(name).map(drop).ok_or_else(|| unknown(name, "model"))
    }

    fn full(&self, what: &str) -> ApiError {
        ApiError::new(
            StatusCode::INSUFFICIENT_STORAGE,
            Code::TooManyProducts,
            format!("the service already holds {} {what}; delete one first", self.max_products),
        )
    }
}

fn unknown(product: &str, what: &str) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, Code::UnknownProduct, format!("no {what} is registered for product `{product}`"))
}

impl Product {
    pub(crate) fn entry_points(&self) -> &[String] {
        &self.entry_points
    }

    /// The script's text, as registered.
    pub(crate) fn source(&self) -> &str {
        &self.source
    }

    /// Runs `call` on a ready instance, compiling one when none is free.
    pub(crate) fn with_codec<T>(
        &self,
        plugins: &Plugins,
        call: impl FnOnce(&mut WasmCodec) -> Result<T, PluginError>,
    ) -> Result<T, PluginError> {
        let ready = self.ready.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let mut codec = match ready {
            Some(codec) => {
                self.idle.release(1);
                codec
            }
            None => plugins.compile(&self.source, self.options)?,
        };
        let result = call(&mut codec);
        self.keep(codec);
        result
    }

    /// Keeps a live instance for the next message, if the idle budget allows.
    fn keep(&self, codec: WasmCodec) {
        if codec.is_live() && self.idle.try_take() {
            self.ready.lock().unwrap_or_else(PoisonError::into_inner).push(codec);
        }
    }
}

impl Drop for Product {
    fn drop(&mut self) {
        let kept = self.ready.get_mut().unwrap_or_else(PoisonError::into_inner).len();
        self.idle.release(kept);
    }
}
