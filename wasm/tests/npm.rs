//! The npm package's own suite, run from `cargo test` so that the README's one test command
//! covers it: `npm --prefix wasm run build` builds the package into `wasm/pkg/` (installing the
//! pinned wasm-bindgen CLI and the lockfile's binaryen on first use), then `npm --prefix wasm test`
//! installs the packed tarball into a fresh project and calls every export under Node.
//!
//! The build gets its own target directory: the `cargo test` running this holds the lock on the
//! workspace's.

use std::path::Path;
use std::process::Command;

fn npm(dir: &Path, args: &[&str], target_dir: &Path) {
    let status = Command::new("npm")
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .status()
        .unwrap_or_else(|e| panic!("npm {args:?} did not start (Node.js ≥ 20 and npm are needed): {e}"));
    assert!(status.success(), "npm {args:?} failed: {status}");
}

#[test]
fn the_npm_package_builds_and_passes_its_node_tests() {
    let wasm = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target_dir = wasm.parent().expect("workspace root").join("target").join("npm");
    npm(wasm, &["ci", "--no-audit", "--no-fund"], &target_dir);
    npm(wasm, &["run", "build"], &target_dir);
    npm(wasm, &["test"], &target_dir);
}
