//! A post's history: its saved revisions, one of them read back, or revived
//! as a new revision; and what changed from a revision to the post as the
//! window holds it (which may be unsaved, so it comes in as the payload).

use chrono::Utc;
use quire::Post;
use quire::diff::{self, Changes, PostDiff};
use quire::store::Revision;
use serde::Serialize;
use serde_json::Value;
use tauri::State;

use super::parse;
use crate::error::{CmdResult, IpcError};
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

/// What changed from revision `revision` of post `id` to `current`, word
/// by word. The store is locked only to read the revision.
#[tauri::command]
pub async fn diff_revision(
    state: State<'_, AppState>,
    id: i64,
    revision: i64,
    current: Value,
) -> CmdResult<PostDiff> {
    let current: Post = parse("post", current)?;
    let old = state.store()?.revision(id, revision)?;
    let run = move || diff::diff(&old, &current);
    tauri::async_runtime::spawn_blocking(run)
        .await
        .map_err(IpcError::internal)
}

/// One revision's change counts against the current post.
#[derive(Serialize)]
pub struct RevisionChanges {
    revision: i64,
    changes: Changes,
}

/// The change counts of every revision of post `id` against `current`,
/// for the History list's rows.
#[tauri::command]
pub async fn history_changes(
    state: State<'_, AppState>,
    id: i64,
    current: Value,
) -> CmdResult<Vec<RevisionChanges>> {
    let current: Post = parse("post", current)?;
    let olds = {
        let store = state.store()?;
        let mut olds = Vec::new();
        for r in store.history(id)? {
            olds.push((r.revision, store.revision(id, r.revision)?));
        }
        olds
    };
    let run = move || {
        olds.into_iter()
            .map(|(revision, old)| RevisionChanges {
                revision,
                changes: diff::diff(&old, &current).changes,
            })
            .collect()
    };
    tauri::async_runtime::spawn_blocking(run)
        .await
        .map_err(IpcError::internal)
}
