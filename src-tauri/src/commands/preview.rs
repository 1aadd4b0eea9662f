//! The live preview of the unsaved draft: the very page export writes,
//! sanitised for the sandboxed preview frame.

use quire::Post;
use quire::export::{self, Preview};
use serde_json::Value;
use tauri::State;

use super::parse;
use crate::error::{CmdResult, IpcError};
use crate::state::AppState;

/// Runs on every pause in typing: the store is locked only to read the
/// settings, the related candidates, the images and the posts the draft
/// links to; rendering happens after it is released, on a blocking thread
/// so a huge draft never stalls other commands.
#[tauri::command]
pub async fn render_preview(state: State<'_, AppState>, post: Value) -> CmdResult<Preview> {
    let post: Post = parse("post", post)?;
    let (site, related, images, links, notes) = {
        let store = state.store()?;
        let site = store.site()?;
        let notes = export::preview_notes(&store, &site, &post);
        (
            site,
            export::related(&store, &post)?,
            export::preview_images(&store, &post)?,
            export::preview_links(&store, &post)?,
            notes,
        )
    };
    let render = move || export::preview_with(&post, &related, &site, &images, &links);
    let preview = tauri::async_runtime::spawn_blocking(render).await;
    let mut preview = preview.map_err(IpcError::internal)??;
    preview.notes = notes;
    Ok(preview)
}
