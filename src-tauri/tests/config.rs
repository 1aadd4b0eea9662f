//! The shipped `tauri.conf.json` and capabilities, loaded as the real app
//! loads them (on the mock runtime): the window the brief asks for, a strict
//! CSP, and a main window that may call Quire's commands and listen to events
//! but not reach for anything it was not granted.

use serde_json::json;
use tauri::test::{MockRuntime, mock_builder};

#[path = "support/ipc.rs"]
mod ipc;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

fn context() -> tauri::Context<MockRuntime> {
    tauri::generate_context!("../tauri.conf.json", test = true)
}

fn app(dir: &tempfile::TempDir) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = quire_desktop::run_app(mock_builder(), dir.path().join("quire.db"))
        .build(context())
        .expect("the app builds with the shipped config and capabilities");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");
    (app, window)
}

use ipc::invoke as call;

#[test]
fn the_window_is_quire_at_1280_by_800_with_global_tauri() {
    let context = context();
    let config = context.config();
    let window = config.app.windows.first().expect("one window is declared");
    assert_eq!(
        window.label, "main",
        "capabilities are granted to the `main` window"
    );
    assert_eq!(window.title, "Quire", "the window title the brief asks for");
    assert_eq!(
        (window.width, window.height),
        (1280.0, 800.0),
        "fits a 1280x800 screen"
    );
    assert!(
        window.min_width.is_some_and(|w| w <= 1280.0)
            && window.min_height.is_some_and(|h| h <= 800.0),
        "a minimum size that still fits the default"
    );
    assert!(
        config.app.with_global_tauri,
        "the UI reaches window.__TAURI__ without npm"
    );
    assert_eq!(
        config
            .build
            .frontend_dist
            .as_ref()
            .map(|d| d.to_string())
            .as_deref(),
        Some("ui")
    );
}

#[test]
fn the_csp_is_strict() {
    let context = context();
    let csp = context
        .config()
        .app
        .security
        .csp
        .as_ref()
        .expect("a CSP is set")
        .to_string();
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "connect-src ipc: http://ipc.localhost",
    ] {
        assert!(csp.contains(directive), "the CSP has `{directive}`: {csp}");
    }
    assert!(!csp.contains("unsafe-eval"), "no eval: {csp}");
    let script_src = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap_or_default();
    assert!(
        !script_src.contains("unsafe-inline"),
        "no inline scripts: {script_src}"
    );
}

#[test]
fn the_main_window_may_call_quire_and_listen_but_nothing_more() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, window) = app(&dir);
    let started = call(&window, "startup", json!({}));
    assert!(
        started.is_ok(),
        "Quire's own commands are allowed: {started:?}"
    );

    let listen = call(
        &window,
        "plugin:event|listen",
        json!({ "event": "export-progress", "target": { "kind": "Any" }, "handler": 7 }),
    );
    assert!(
        listen.is_ok(),
        "the window may listen to export-progress: {listen:?}"
    );

    for (cmd, args) in [
        (
            "plugin:window|set_title",
            json!({ "label": "main", "value": "Hijacked" }),
        ),
        (
            "plugin:webview|create_webview_window",
            json!({ "options": { "label": "evil", "url": "https://example.com" } }),
        ),
        ("plugin:path|resolve_directory", json!({ "directory": 1 })),
    ] {
        let denied = call(&window, cmd, args);
        let message = denied
            .as_ref()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            message.contains("not allowed"),
            "{cmd} is not granted to the window, so the ACL refuses it: {denied:?}"
        );
    }
}
