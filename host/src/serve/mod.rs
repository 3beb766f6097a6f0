//! `thingkit serve`: the HTTP service that runs thingkit's core inside the wasmtime plugin, for
//! servers that decode many products' device traffic with untrusted scripts.
//!
//! axum on tokio; sandbox calls block a thread for up to their deadline, so they run on tokio's
//! blocking pool behind the gate (`gate.rs`), which bounds how many run and wait. Bodies are
//! bounded, logs are `tracing` events (text or JSON lines), and SIGINT/SIGTERM stop accepting
//! and let requests in flight finish.

mod error;
mod gate;
mod openapi;
mod products;
mod routes;

use crate::cli::{FAILURE, OK};
use clap::{Args, ValueEnum};
use gate::Gate;
use products::Products;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use thingkit_host::plugin::{PluginLimits, Plugins};
use tower_http::LatencyUnit;
use tower_http::timeout::RequestBodyDeadlineLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Arguments of `thingkit serve`; every one has a default.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Where to listen (port 0 picks a free one; the address is printed on standard output).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The largest request body, in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    max_body_bytes: usize,
    /// How long a client may take to send a request body, in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    body_deadline_ms: u64,
    /// Sandbox calls that run at once (default: the number of CPUs).
    #[arg(long)]
    workers: Option<usize>,
    /// Requests that may run or wait for a worker at once; past it, 503 at once.
    #[arg(long, default_value_t = 256)]
    max_pending: usize,
    /// How long a request waits for a worker before 503, in milliseconds.
    #[arg(long, default_value_t = 2000)]
    queue_wait_ms: u64,
    /// Scripts the service holds (one per product); thing models likewise.
    #[arg(long, default_value_t = 1024)]
    max_products: usize,
    /// Compiled script instances kept ready, over all products.
    #[arg(long, default_value_t = 64)]
    max_ready: usize,
    /// Wall clock of one sandbox call, in milliseconds.
    #[arg(long, default_value_t = 100)]
    call_ms: u64,
    /// Linear memory of one sandbox instance, in MiB.
    #[arg(long, default_value_t = 64)]
    memory_mib: usize,
    /// Log lines as text or as JSON objects (standard error; `RUST_LOG` filters, default `info`).
    #[arg(long, value_enum, default_value = "text")]
    log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

/// What every handler shares.
#[derive(Debug)]
pub(crate) struct App {
    products: Products,
    gate: Gate,
}

impl App {
    /// Runs sandbox work behind the gate, off the async threads.
    async fn run<T: Send + 'static>(self: &Arc<Self>, work: impl FnOnce(&App) -> T + Send + 'static) -> Result<T, error::ApiError> {
        let app = Arc::clone(self);
        self.gate.run(move || work(&app)).await
    }
}

/// `thingkit serve`.
pub(crate) fn run(args: &ServeArgs) -> u8 {
    init_logging(args.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return FAILURE;
        }
    };
    match runtime.block_on(serve(args)) {
        Ok(()) => OK,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("error: {message}");
            FAILURE
        }
    }
}

async fn serve(args: &ServeArgs) -> Result<(), String> {
    let limits =
        PluginLimits { max_memory_bytes: args.memory_mib << 20, call_time: Duration::from_millis(args.call_ms), ..PluginLimits::default() };
    let plugins = Plugins::new(limits).map_err(|e| format!("cannot load the plugin: {e}"))?;
    let workers = args.workers.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let app = Arc::new(App {
        products: Products::new(plugins, args.max_products, args.max_ready),
        gate: Gate::new(workers, args.max_pending, Duration::from_millis(args.queue_wait_ms)),
    });
    let trace = TraceLayer::new_for_http()
        .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
        .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Micros));
    // A client that trickles its body holds a connection, not a worker: bodies are read in full
    // before any sandbox work, within the deadline.
    let router = routes::router(app)
        .layer(axum::extract::DefaultBodyLimit::max(args.max_body_bytes))
        .layer(RequestBodyDeadlineLayer::new(Duration::from_millis(args.body_deadline_ms)))
        .layer(trace);
    let listener = tokio::net::TcpListener::bind(args.listen).await.map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    // The one line on standard output: scripts and tests read the address from it.
    println!("listening on http://{address}");
    tracing::info!(%address, workers, max_body_bytes = args.max_body_bytes, "serving");
    axum::serve(listener, router).with_graceful_shutdown(shutdown_signal()).await.map_err(|e| e.to_string())?;
    tracing::info!("stopped");
    Ok(())
}

/// SIGINT or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: no new connections; requests in flight finish");
}

fn init_logging(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}
