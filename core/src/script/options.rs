//! Limits and behaviour of a codec, with defaults at least as strict as the peers'.

use std::time::Duration;

/// Options of [`super::Codec::compile`]. Every limit has its own error code.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CodecOptions {
    /// Largest script, in bytes (default 128 KB, Alibaba's limit).
    pub max_script_bytes: usize,
    /// Largest script whose only entry points are Huawei IoTDA's `decode`/`encode`, in bytes
    /// (default 1 MB, Huawei's limit); never below `max_script_bytes`.
    pub max_huawei_script_bytes: usize,
    /// Largest input per call: bytes, or the JSON text of a message (default 64 KB).
    pub max_input_bytes: usize,
    /// Largest result per call, as JSON text (default 64 KB).
    pub max_output_bytes: usize,
    /// Wall-clock limit per call (default 100 ms).
    pub time_limit: Duration,
    /// Interpreter steps per call, counted over every loop and call of the script, nested or
    /// not (default 20 million, about 100 ms of work on a 2 GHz core).
    pub step_budget: u64,
    /// How much the heap may grow during one call (default 64 MiB). Enforced when the program
    /// registers a heap probe with [`super::set_heap_probe`]; checked every few thousand steps.
    pub max_heap_bytes: usize,
    /// Deepest call nesting (default 256).
    pub recursion_limit: usize,
    /// Most loop iterations within one function call (default 10 million).
    pub loop_iteration_limit: u64,
    /// Hand Alibaba's functions unsigned bytes (0–255) instead of the platform's signed ones.
    pub unsigned_bytes: bool,
    /// A fixed clock and random seed, so that `Date` and `Math.random` repeat across runs.
    pub deterministic: Option<Deterministic>,
}

/// A fixed clock and random seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deterministic {
    /// What `Date.now()` and `new Date()` say: epoch milliseconds.
    pub now_ms: i64,
    /// Seed of `Math.random` (reset before every call).
    pub seed: u32,
}

impl Default for CodecOptions {
    fn default() -> Self {
        CodecOptions {
            max_script_bytes: 128 * 1024,
            max_huawei_script_bytes: 1024 * 1024,
            max_input_bytes: 64 * 1024,
            max_output_bytes: 64 * 1024,
            time_limit: Duration::from_millis(100),
            step_budget: 20_000_000,
            max_heap_bytes: 64 * 1024 * 1024,
            recursion_limit: 256,
            loop_iteration_limit: 10_000_000,
            unsigned_bytes: false,
            deterministic: None,
        }
    }
}

impl CodecOptions {
    /// Sets the wall-clock limit per call.
    pub fn time_limit(mut self, limit: Duration) -> Self {
        self.time_limit = limit;
        self
    }

    /// Sets the step budget per call.
    pub fn step_budget(mut self, steps: u64) -> Self {
        self.step_budget = steps;
        self
    }

    /// Sets the heap budget per call.
    pub fn max_heap_bytes(mut self, bytes: usize) -> Self {
        self.max_heap_bytes = bytes;
        self
    }

    /// Sets the recursion limit.
    pub fn recursion_limit(mut self, depth: usize) -> Self {
        self.recursion_limit = depth;
        self
    }

    /// Sets the per-call loop iteration limit.
    pub fn loop_iteration_limit(mut self, iterations: u64) -> Self {
        self.loop_iteration_limit = iterations;
        self
    }

    /// Sets the input, output and script size limits.
    pub fn size_limits(mut self, script: usize, input: usize, output: usize) -> Self {
        (self.max_script_bytes, self.max_input_bytes, self.max_output_bytes) = (script, input, output);
        self
    }

    /// Hands Alibaba's functions unsigned bytes.
    pub fn unsigned_bytes(mut self, unsigned: bool) -> Self {
        self.unsigned_bytes = unsigned;
        self
    }

    /// Fixes the clock and the random seed.
    pub fn deterministic(mut self, now_ms: i64, seed: u32) -> Self {
        self.deterministic = Some(Deterministic { now_ms, seed });
        self
    }
}
