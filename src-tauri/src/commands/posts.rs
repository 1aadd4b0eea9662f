//! Posts: the startup look-up, listing, reading, creating and saving.

use chrono::Utc;
use quire::store::ListQuery;
use quire::{Post, PostInput, PostSummary};
use serde::Serialize;
use serde_json::Value;
use tauri::State;

use super::parse;
use crate::error::CmdResult;
use crate::state::AppState;

/// What the window needs to start: where the data lives and which post to
/// open (the most recently updated live one; on a first run, the sample).
#[derive(Debug, Serialize)]
pub struct Startup {
    pub db_path: String,
    pub open_post_id: Option<i64>,
}

#[tauri::command]
pub async fn startup(state: State<'_, AppState>) -> CmdResult<Startup> {
    let query = ListQuery {
        limit: Some(1),
        ..ListQuery::default()
    };
    let newest = state.store()?.list(&query)?;
    Ok(Startup {
        db_path: state.db_path().display().to_string(),
        open_post_id: newest.first().map(|p| p.id),
    })
}

#[tauri::command]
pub async fn list_posts(
    state: State<'_, AppState>,
    query: Option<Value>,
) -> CmdResult<Vec<PostSummary>> {
    let query: ListQuery = match query {
        Some(value) if !value.is_null() => parse("list query", value)?,
        _ => ListQuery::default(),
    };
    Ok(state.store()?.list(&query)?)
}

#[tauri::command]
pub async fn get_post(state: State<'_, AppState>, id: i64) -> CmdResult<Post> {
    Ok(state.store()?.get(id)?)
}

#[tauri::command]
pub async fn create_post(state: State<'_, AppState>, post: Value) -> CmdResult<Post> {
    let post = PostInput::from_value(post)?.post;
    Ok(state.store()?.create(post, Utc::now())?)
}

/// Saves the post over the revision it was edited from (`post.revision`); a
/// newer stored revision refuses it as `conflict` and nothing is written,
/// and so is a post that leaves out a field (the core names it).
#[tauri::command]
pub async fn save_post(state: State<'_, AppState>, post: Value) -> CmdResult<Post> {
    let post = PostInput::from_value(post)?;
    Ok(state.store()?.update(post, Utc::now())?)
}

#[tauri::command]
pub fn slugify(title: String) -> String {
    quire::model::slug::slugify(&title)
}

#[tauri::command]
pub async fn list_tags(state: State<'_, AppState>) -> CmdResult<Vec<String>> {
    Ok(state.store()?.tags()?)
}

#[tauri::command]
pub async fn list_categories(state: State<'_, AppState>) -> CmdResult<Vec<String>> {
    Ok(state.store()?.categories()?)
}
