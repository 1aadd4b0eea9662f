//! A post's history: its saved revisions, one of them read back, or revived
//! as a new revision.

use chrono::Utc;
use quire::Post;
use quire::store::Revision;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
pub async fn list_history(state: State<'_, AppState>, id: i64) -> CmdResult<Vec<Revision>> {
    Ok(state.store()?.history(id)?)
}

#[tauri::command]
pub async fn get_revision(state: State<'_, AppState>, id: i64, revision: i64) -> CmdResult<Post> {
    Ok(state.store()?.revision(id, revision)?)
}

#[tauri::command]
pub async fn revert_post(state: State<'_, AppState>, id: i64, revision: i64) -> CmdResult<Post> {
    Ok(state.store()?.revert(id, revision, Utc::now())?)
}
