//! Images: adding one (from a file the editor picked or dropped, or from
//! the clipboard), listing them, changing an image's alternative text.

use chrono::Utc;
use quire::store::{Media, NewMedia};
use tauri::State;
use tauri::ipc::{InvokeBody, Request};

use crate::error::{CmdResult, IpcError};
use crate::state::AppState;

/// Adds the image file at `path` (from the file dialog or a drop). The
/// file is read and decoded here, by the core's rules, never by the window,
/// and without holding the store: autosave goes on meanwhile.
#[tauri::command]
pub async fn add_media_file(
    state: State<'_, AppState>,
    path: String,
    alt: String,
    decorative: bool,
) -> CmdResult<Media> {
    let new = tauri::async_runtime::spawn_blocking(move || {
        let path = std::path::Path::new(&path);
        let bytes = quire::store::read_image_file(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        NewMedia::prepare(&name, bytes)
    })
    .await
    .map_err(IpcError::internal)??;
    Ok(state
        .store()?
        .add_prepared(new, &alt, decorative, Utc::now())?)
}

/// Adds an image from the clipboard: its bytes are the request's raw body,
/// the file name it gets (ASCII) the header `x-quire-name`. Its
/// alternative text is asked next ([`set_media_alt`]).
#[tauri::command]
pub async fn add_media_bytes(state: State<'_, AppState>, request: Request<'_>) -> CmdResult<Media> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(
            quire::Error::Validation("send the image's bytes as the request body".into()).into(),
        );
    };
    let name = request
        .headers()
        .get("x-quire-name")
        .and_then(|v| v.to_str().ok())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or("pasted-image")
        .to_string();
    let bytes = bytes.clone();
    let new = tauri::async_runtime::spawn_blocking(move || NewMedia::prepare(&name, bytes))
        .await
        .map_err(IpcError::internal)??;
    Ok(state.store()?.add_prepared(new, "", false, Utc::now())?)
}

#[tauri::command]
pub async fn list_media(state: State<'_, AppState>) -> CmdResult<Vec<Media>> {
    Ok(state.store()?.media()?)
}

#[tauri::command]
pub async fn set_media_alt(
    state: State<'_, AppState>,
    name: String,
    alt: String,
    decorative: bool,
) -> CmdResult<Media> {
    Ok(state.store()?.set_media_alt(&name, &alt, decorative)?)
}

/// One image of the post being edited: its name, where the post uses it,
/// and what the database holds of it (none: the post refers to an image
/// that is not stored).
#[derive(Debug, serde::Serialize)]
pub struct PostImage {
    pub name: String,
    pub places: Vec<String>,
    pub media: Option<Media>,
}

/// The images the post (as edited, saved or not) uses, and where.
#[tauri::command]
pub async fn post_images(
    state: State<'_, AppState>,
    post: serde_json::Value,
) -> CmdResult<Vec<PostImage>> {
    let post: quire::Post = super::parse("post", post)?;
    let store = state.store()?;
    Ok(quire::model::media_uses(&post)
        .into_iter()
        .map(|(name, places)| PostImage {
            media: store.media_by_name(&name).ok(),
            name,
            places,
        })
        .collect())
}
