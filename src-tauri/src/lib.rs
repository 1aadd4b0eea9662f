//! `quire-desktop`: Quire's window, a thin Tauri 2 shell over the `quire` core.
//!
//! The app is assembled by [`run_app`], generic over the runtime, so tests can
//! pass `tauri::test::mock_builder()` and call the commands against a real
//! database without a window. [`run`] adds the window's plugins and runs it.

pub mod commands;
pub mod context_menu;
pub mod error;
pub mod media_protocol;
pub mod picker;
pub mod state;

use std::path::PathBuf;

use tauri::{Builder, Runtime};

pub use error::{CmdResult, IpcError};
pub use state::AppState;

/// The database the app opens: `QUIRE_DB` when set, else the core's default
/// (the OS data dir).
pub fn db_path() -> PathBuf {
    match std::env::var_os("QUIRE_DB") {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => quire::Store::default_path(),
    }
}

/// Opens the database at `db_path` and adds Quire's state and commands to
/// `builder`; the caller builds and runs it.
pub fn run_app<R: Runtime>(builder: Builder<R>, db_path: PathBuf) -> Builder<R> {
    builder
        .manage(AppState::open(db_path, chrono::Utc::now()))
        .register_asynchronous_uri_scheme_protocol(media_protocol::SCHEME, media_protocol::handle)
        .invoke_handler(commands::handler())
}

/// Opens the window (remembering its size and position) and runs until it
/// is closed. The file pickers run in a helper process ([`picker`]); spelling
/// and the text fields' Undo menu are set up by [`context_menu`].
pub fn run() {
    let builder = Builder::default()
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            context_menu::install(app.handle());
            Ok(())
        });
    let result = run_app(builder, db_path()).run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(error) = result {
        eprintln!("quire-desktop: {error}");
        std::process::exit(1);
    }
}
