//! `quire-desktop`: Quire's window, a thin Tauri 2 shell over the `quire` core.
//!
//! The app is assembled by [`run_app`], generic over the runtime, so tests can
//! pass `tauri::test::mock_builder()` and call the commands without a window.

use std::path::PathBuf;

use tauri::{Builder, Runtime};

/// The database the app opens: `QUIRE_DB` when set, else the core's default
/// (the OS data dir).
pub fn db_path() -> PathBuf {
    match std::env::var_os("QUIRE_DB") {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => PathBuf::from("quire.db"),
    }
}

/// Adds Quire's state and commands to `builder`; the caller builds and runs it.
pub fn run_app<R: Runtime>(builder: Builder<R>, _db_path: PathBuf) -> Builder<R> {
    builder
}

/// Opens the window and runs until it is closed.
pub fn run() {
    let builder = Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_window_state::Builder::default().build());
    let result = run_app(builder, db_path()).run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(error) = result {
        eprintln!("quire-desktop: {error}");
        std::process::exit(1);
    }
}
