//! The `#[tauri::command]`s the UI calls (see the desktop command contract).
//! Each one parses its arguments, calls the core, and maps the error to
//! [`IpcError`]; none holds a rule of its own.
//!
//! Payloads that carry the core's shapes (a post, a site, a list query)
//! arrive as JSON values and are parsed here, so a malformed one is refused
//! as `{kind: "validation"}` naming the field rather than as Tauri's bare
//! string.

mod check;
mod dialog;
mod export;
mod history;
mod import;
mod media;
mod posts;
mod preview;
mod publish;
mod settings;
mod text;
mod trash;

use serde::de::DeserializeOwned;
use serde_json::Value;
use tauri::Runtime;
use tauri::ipc::Invoke;

use crate::error::{CmdResult, IpcError};
use crate::state::AppState;

/// Every command, for `Builder::invoke_handler`.
pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        posts::startup,
        posts::list_posts,
        posts::get_post,
        posts::create_post,
        posts::save_post,
        posts::slugify,
        posts::list_tags,
        posts::list_categories,
        trash::delete_post,
        trash::restore_post,
        trash::list_trash,
        trash::purge_post,
        history::list_history,
        history::get_revision,
        history::revert_post,
        history::diff_revision,
        history::history_changes,
        check::check_post,
        check::check_limits,
        media::add_media_file,
        media::add_media_bytes,
        media::list_media,
        media::set_media_alt,
        media::post_images,
        preview::render_preview,
        dialog::pick_path,
        export::export_post,
        export::export_site,
        import::import_posts,
        publish::publish_status,
        publish::publish_init,
        publish::publish_push,
        publish::publish_pull,
        settings::get_settings,
        settings::save_settings,
        text::clean_paste,
        text::paste_html,
        text::set_spelling_language,
        text::parse_publish_date,
    ]
}

/// Runs `work` on a blocking thread with a database connection of its own,
/// for the long jobs (site export, import, publish): editing and autosave
/// go on meanwhile, and the shared store's lock is never held for them.
/// Refuses at once if the database did not open.
async fn with_own_store<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&mut quire::Store) -> Result<T, quire::Error> + Send + 'static,
) -> CmdResult<T> {
    drop(state.store()?);
    let db_path = state.db_path().to_path_buf();
    let run = move || -> Result<T, quire::Error> {
        let mut store = quire::Store::open_at(&db_path, chrono::Utc::now())?;
        work(&mut store)
    };
    let result = tauri::async_runtime::spawn_blocking(run).await;
    Ok(result.map_err(IpcError::internal)??)
}

/// Parses a core payload (`what` names it in the message).
fn parse<T: DeserializeOwned>(what: &str, value: Value) -> CmdResult<T> {
    serde_json::from_value(value)
        .map_err(|e| IpcError::from(quire::Error::Validation(format!("invalid {what}: {e}"))))
}
