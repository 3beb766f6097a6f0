#!/usr/bin/env bash
# Throughput and latency of `thingkit serve` on loopback under wrk (Debian's package, installed
# here when missing): the example uplink decoded by the example script in the wasmtime plugin,
# and /healthz (no sandbox work) as the floor the HTTP stack itself sets, in the same run.
#   bench/serve/run.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
connections=${2:-8}

if ! command -v wrk >/dev/null; then
  apt-get install -y -q wrk >/dev/null
fi
cargo build --release -p thingkit-host
work=$(mktemp -d)
target/release/thingkit serve --listen 127.0.0.1:0 >"$work/out" 2>"$work/log" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  grep -q listening "$work/out" && break
  sleep 0.1
done
base=$(sed -n 's/^listening on //p' "$work/out")
curl -sf -X PUT --data-binary @examples/alink-example.js "$base/v1/scripts/a1demo" >/dev/null
expected='{"id":"1","method":"thing.event.property.post","params":{"prop_bool":1,"prop_float":0,"prop_int16":50},"version":"1.0"}'
got=$(curl -sf "$base/v1/scripts/a1demo/decode" -d '{"hex": "000000000100320100000000"}')
[ "$got" = "$expected" ] || { echo "unexpected decode: $got" >&2; exit 1; }

# One wrk thread: the machine has two cores, and the service needs them more.
echo "== POST /v1/scripts/a1demo/decode ($connections connections, ${seconds}s)"
wrk -t1 -c"$connections" -d"${seconds}s" --latency -s bench/serve/decode.lua "$base/v1/scripts/a1demo/decode"
echo "== GET /healthz ($connections connections, ${seconds}s)"
wrk -t1 -c"$connections" -d"${seconds}s" --latency "$base/healthz"
echo "server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
