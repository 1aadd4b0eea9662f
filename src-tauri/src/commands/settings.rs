//! Site settings: name, base URL, default author, date format, language.

use quire::Site;
use serde_json::Value;
use tauri::State;

use super::parse;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> CmdResult<Site> {
    Ok(state.store()?.site()?)
}

/// Validates and stores every setting at once; returns what was stored.
#[tauri::command]
pub async fn save_settings(state: State<'_, AppState>, site: Value) -> CmdResult<Site> {
    let site: Site = parse("settings", site)?;
    Ok(state.store()?.save_site(&site)?)
}
