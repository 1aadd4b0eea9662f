//! The live preview of the unsaved draft: the very page export writes,
//! sanitised for the sandboxed preview frame.

use quire::render;
use quire::{Post, Status};
use serde::Serialize;
use serde_json::Value;
use tauri::State;

use super::parse;
use crate::error::CmdResult;
use crate::state::AppState;

/// The rendered preview and the draft's length.
#[derive(Debug, Serialize)]
pub struct Preview {
    pub html: String,
    pub words: usize,
    pub reading_minutes: usize,
}

/// Runs on every pause in typing: the store is locked only to read the
/// settings and the related candidates; rendering happens after it is released.
#[tauri::command]
pub async fn render_preview(state: State<'_, AppState>, post: Value) -> CmdResult<Preview> {
    let post: Post = parse("post", post)?;
    let (site, candidates) = {
        let store = state.store()?;
        (
            store.site()?,
            store.related_candidates(&post, &[Status::Published])?,
        )
    };
    let related = render::choose_related(&post, &candidates, render::MAX_RELATED);
    let html = render::preview(&post, &related, &site)?;
    let stats = render::stats(&post);
    Ok(Preview {
        html,
        words: stats.words,
        reading_minutes: stats.reading_minutes,
    })
}
