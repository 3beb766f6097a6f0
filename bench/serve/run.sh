#!/usr/bin/env bash
# Throughput, latency and memory of `thingkit serve` under wrk: `cargo bench --bench serve`
# (bench/benches/serve.rs), which installs wrk (Debian's package) when missing.
#   bench/serve/run.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
exec cargo bench -p thingkit-bench --bench serve -- "$@"
