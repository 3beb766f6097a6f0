//! The concurrency bound: sandbox work (wasmtime calls block a thread for up to their deadline)
//! runs on tokio's blocking pool, at most `workers` at a time; at most `pending` requests wait or
//! run at once, and one that cannot start within `wait` is turned away with 503 rather than
//! queueing without end.

use super::error::ApiError;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

#[derive(Debug, Clone)]
pub(crate) struct Gate {
    pending: Arc<Semaphore>,
    running: Arc<Semaphore>,
    wait: Duration,
}

impl Gate {
    pub(crate) fn new(workers: usize, pending: usize, wait: Duration) -> Gate {
        let workers = workers.max(1);
        Gate { pending: Arc::new(Semaphore::new(pending.max(workers))), running: Arc::new(Semaphore::new(workers)), wait }
    }

    /// Runs `work` on the blocking pool once a worker is free. If the client goes away meanwhile,
    /// work that has started still finishes (within its own deadline) and frees its worker then.
    pub(crate) async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        let _pending = self.pending.clone().try_acquire_owned().map_err(|_| ApiError::busy())?;
        let running = match tokio::time::timeout(self.wait, self.running.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            _ => return Err(ApiError::busy()),
        };
        tokio::task::spawn_blocking(move || {
            let _running = running;
            work()
        })
        .await
        .map_err(|e| ApiError::internal(format!("the sandbox worker failed: {e}")))
    }
}
