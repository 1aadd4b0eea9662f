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
    // The whole policy, directive by directive: loosening any of it (a
    // wider frame-src, form-action, img-src…) must be a deliberate change here.
    let mut directives: Vec<String> = csp
        .split(';')
        .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|d| !d.is_empty())
        .collect();
    directives.sort();
    assert_eq!(
        directives,
        [
            "base-uri 'self'",
            "child-src 'self' about:",
            "connect-src ipc: http://ipc.localhost",
            "default-src 'self'",
            "font-src 'self' data:",
            "form-action 'none'",
            "frame-src 'self' about:",
            "img-src 'self' data: quire-media: http://quire-media.localhost",
            "object-src 'none'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
        ],
        "the CSP: no eval, no inline or remote script, no plugins, no remote frames: {csp}"
    );
}

#[test]
fn the_window_is_granted_exactly_what_it_uses() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .expect("capabilities folder")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files,
        ["default.json"],
        "one capability, for the main window"
    );
    let capability: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("default.json")).unwrap())
            .expect("the capability is JSON");
    assert_eq!(capability["windows"], json!(["main"]));
    assert_eq!(
        capability["permissions"],
        json!([
            "core:event:allow-listen",
            "core:event:allow-unlisten",
            "core:window:allow-close",
            "core:window:allow-destroy",
            "window-state:default"
        ]),
        "events, closing the window and window size (the file pickers are \
         Quire's own command, shown out of process): a new grant must be a \
         deliberate change here"
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
        (
            "plugin:dialog|save",
            json!({ "options": { "defaultPath": "/tmp" } }),
        ),
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
