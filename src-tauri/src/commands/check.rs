//! The pre-publish check of the draft as the window holds it (unsaved
//! edits too): the core's `check`, with the store as its lookup of the
//! posts and images the draft points to, as `quire check` runs it.

use quire::Post;
use quire::check::{self, Finding, Limits};
use serde_json::Value;
use tauri::State;

use super::parse;
use crate::error::CmdResult;
use crate::state::AppState;

/// Runs while the Check panel is open, after a pause in typing. The store
/// stays locked for the check itself, since its rules ask the store about
/// linked posts and images as they go; the check is a few milliseconds
/// even on a 10,000-word post (`cargo bench --bench check`).
#[tauri::command]
pub async fn check_post(state: State<'_, AppState>, post: Value) -> CmdResult<Vec<Finding>> {
    let post: Post = parse("post", post)?;
    let store = state.store()?;
    let site = store.site()?;
    Ok(check::check(&post, &site, &*store))
}

/// The lengths the check holds titles and summaries to: the editor's
/// summary counter hints at the very range the check flags.
#[tauri::command]
pub fn check_limits() -> Limits {
    check::LIMITS
}
