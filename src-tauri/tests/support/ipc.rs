//! The one IPC request the desktop tests and benchmark send through Tauri's
//! mock runtime, as the window sends it. Used with
//! `#[path = "…/support/ipc.rs"] mod ipc;` by each test or bench crate.

use serde_json::Value;
use tauri::WebviewWindow;
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response};
use tauri::webview::InvokeRequest;

/// Invokes `cmd` with `args` (camelCase keys, as the UI sends them): the
/// command's JSON answer, or its error value.
pub fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: tauri::ipc::CallbackFn(0),
        error: tauri::ipc::CallbackFn(1),
        // http://tauri.localhost is refused as an origin on Linux.
        url: "tauri://localhost".parse().expect("url"),
        body: tauri::ipc::InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize().expect("JSON"))
}
