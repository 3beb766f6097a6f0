//! Builds the plugin component (`host/guest`, world `thingkit:plugin/plugin`) and the example
//! third-party codec (`host/plugins/example-codec`, world `codec`) for `wasm32-wasip2` with a
//! nested cargo, so that `cargo build`/`cargo test` of the host is the only step: the host embeds
//! the first (`THINGKIT_PLUGIN_WASM`); tests and benchmarks load the second by path
//! (`THINGKIT_EXAMPLE_CODEC_WASM`).
//!
//! The nested build has its own target directory (`target/plugin`): the outer cargo holds the
//! lock on its own, and a wasm build never shares artifacts with a host build anyway.

use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-wasip2";
const PROFILE: &str = "plugin";

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.parent().expect("host/ is inside the workspace").to_path_buf();
    // The root manifest too: its `plugin` profile decides how the component is built.
    for watched in ["Cargo.toml", "core/src", "core/Cargo.toml", "vendor", "host/guest", "host/plugins", "host/wit", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    println!("cargo:rerun-if-env-changed=THINGKIT_PLUGIN_PREBUILT");

    // Components built elsewhere (for example by a packaging step) may be handed in instead.
    let out = match std::env::var_os("THINGKIT_PLUGIN_PREBUILT") {
        Some(dir) => PathBuf::from(dir),
        None => build_components(&root),
    };
    println!("cargo:rustc-env=THINGKIT_PLUGIN_WASM={}", out.join("thingkit_guest.wasm").display());
    println!("cargo:rustc-env=THINGKIT_EXAMPLE_CODEC_WASM={}", out.join("thingkit_example_codec.wasm").display());
}

/// Builds both components; the directory that holds them.
fn build_components(root: &Path) -> PathBuf {
    ensure_target();
    let target_dir = target_dir(root);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args(["build", "--locked", "-p", "thingkit-guest", "-p", "thingkit-example-codec"])
        .args(["--target", TARGET, "--profile", PROFILE, "--target-dir"])
        .arg(&target_dir)
        // Flags meant for the host build must not reach the wasm one.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_TARGET_DIR");
    let status = command.status().expect("cargo runs");
    assert!(status.success(), "building the plugin components (host/guest, host/plugins) for {TARGET} failed");
    target_dir.join(TARGET).join(PROFILE)
}

/// `target/plugin` beside the build's own output: `OUT_DIR` is `<target>/<profile>/build/<pkg>/out`
/// (one level more under `--target`), so the directory above the one named `build` is a profile
/// directory inside the target directory.
fn target_dir(root: &Path) -> PathBuf {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let target = out
        .ancestors()
        .find(|p| p.file_name().is_some_and(|n| n == "build"))
        .and_then(|build| build.parent())
        .and_then(|profile| profile.parent())
        .map(Path::to_path_buf);
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir).join("plugin"),
        None => target.unwrap_or_else(|| root.join("target")).join("plugin"),
    }
}

/// Adds the wasm target to the toolchain when it lacks it. `rust-toolchain.toml` names the target,
/// but rustup installs a toolchain file's targets only with the toolchain itself: a machine whose
/// toolchain was already there has none, and `cargo run`/`cargo test` must work on it as they are.
fn ensure_target() {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let libdir = Command::new(rustc).args(["--print", "target-libdir", "--target", TARGET]).output();
    let present = libdir.ok().filter(|o| o.status.success()).map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    if present.is_some_and(|dir| dir.is_dir()) {
        return;
    }
    println!("cargo:warning=installing the {TARGET} target with rustup (rust-toolchain.toml lists it)");
    // rustup's proxies set RUSTUP_TOOLCHAIN for the build, so this adds to the toolchain in use.
    let added = Command::new("rustup").args(["target", "add", TARGET]).status();
    assert!(added.is_ok_and(|s| s.success()), "the {TARGET} target is missing and `rustup target add {TARGET}` failed; run it by hand");
}
