//! The trash: deleting moves a post there; it can be restored or purged.

use chrono::Utc;
use quire::{Post, PostSummary};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
pub async fn delete_post(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    Ok(state.store()?.delete(id, Utc::now())?)
}

#[tauri::command]
pub async fn restore_post(state: State<'_, AppState>, id: i64) -> CmdResult<Post> {
    Ok(state.store()?.restore(id, Utc::now())?)
}

#[tauri::command]
pub async fn list_trash(state: State<'_, AppState>) -> CmdResult<Vec<PostSummary>> {
    Ok(state.store()?.trash()?)
}

#[tauri::command]
pub async fn purge_post(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    Ok(state.store()?.purge(id)?)
}
