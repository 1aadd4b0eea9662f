//! The `quire-desktop` binary: opens Quire's window — or, started by the
//! window with `--quire-pick`, shows one file dialog in a process of its
//! own (see `picker`).

// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if quire_desktop::picker::serve_if_asked() {
        return;
    }
    quire_desktop::run();
}
