#!/usr/bin/env bash
# Builds the npm package into wasm/pkg/: cargo (profile wasm-release, speed first), wasm-bindgen
# (the CLI pinned to the crate's exact version, installed into wasm/.tools on first use), then
# wasm-opt (binaryen, from the lockfile's devDependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(cd .. && pwd)

version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' "$root/Cargo.toml")
[ -n "$version" ] || { echo "no exact wasm-bindgen version in Cargo.toml" >&2; exit 1; }
if ! .tools/bin/wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $version"; then
  # Not --locked: the lockfile published with 0.2.130 names a webpki-roots release the registry
  # no longer serves; the CLI itself is pinned exactly.
  cargo install wasm-bindgen-cli --version "=$version" --root .tools
fi
[ -x node_modules/.bin/wasm-opt ] || npm ci --no-audit --no-fund

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
cargo build -p thingkit-wasm --target wasm32-unknown-unknown --profile wasm-release --locked
target=${CARGO_TARGET_DIR:-$root/target}

rm -rf pkg
# The reset-state function lets the package restart its instance after a trap (js/guarded.js).
.tools/bin/wasm-bindgen --target web --experimental-reset-state-function --out-dir pkg --out-name thingkit \
  "$target/wasm32-unknown-unknown/wasm-release/thingkit_wasm.wasm"
# The features rustc enables for wasm32 by default, and SIMD (some dependencies' fast paths),
# which wasm-opt must be told of; every browser and Node version the package supports has them.
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue --enable-simd \
  pkg/thingkit_bg.wasm -o pkg/thingkit_bg.wasm
cp js/*.js js/*.d.ts js/package.json pkg/
rm -f pkg/.gitignore

raw=$(wc -c < pkg/thingkit_bg.wasm)
gzipped=$(gzip -9 -c pkg/thingkit_bg.wasm | wc -c)
echo "pkg/thingkit_bg.wasm: $raw bytes, $gzipped gzipped"
