//! The native file dialogs, shown by a helper process so that nothing in
//! the app's process ever opens the database's folder (see `picker`).

use serde_json::Value;

use super::parse;
use crate::error::{CmdResult, IpcError};
use crate::picker::{self, Request};

/// Shows a save, open or folder dialog; the chosen path, or null when the
/// user cancelled.
#[tauri::command]
pub async fn pick_path(request: Value) -> CmdResult<Option<String>> {
    let request: Request = parse("dialog request", request)?;
    let answer = tauri::async_runtime::spawn_blocking(move || picker::pick(&request))
        .await
        .map_err(IpcError::internal)?;
    let path = answer.map_err(|e| IpcError::internal(format!("the file dialog failed: {e}")))?;
    Ok(path.map(|p| p.display().to_string()))
}
