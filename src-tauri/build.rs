//! Build script: reads the root-level `tauri.conf.json` and the capabilities
//! in `src-tauri/capabilities/` so `generate_context!` can embed them.
//!
//! tauri-build 2 looks for `tauri.conf.json` (and writes `gen/schemas/`) in
//! the current directory, so it runs from the repository root; the config's
//! relative paths (`frontendDist: "ui"`, the icons) are relative to the root
//! too, as they are for `generate_context!("../tauri.conf.json")`.

fn main() {
    println!("cargo:rerun-if-changed=capabilities");
    println!("cargo:rerun-if-changed=../tauri.conf.json");
    if let Err(error) = std::env::set_current_dir("..") {
        panic!("cannot enter the repository root: {error}");
    }
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("src-tauri/capabilities/**/*");
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build failed: {error:#}");
    }
}
