//! `quire-media://localhost/NAME?w=WIDTH`: the preview's images, served
//! from the database (nothing in the preview loads from outside the app).
//! An image is made at that width once (orientation applied, no
//! metadata) and kept in the database; the store's lock is held only to
//! read and to keep, never while an image is decoded, so autosave goes on.

use quire::media::{Encoding, Rendition};
use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::state::AppState;

/// The scheme the preview's images use.
pub const SCHEME: &str = "quire-media";

/// Handles one request of the preview (on a thread of its own).
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let name = request.uri().path().trim_start_matches('/').to_string();
    let width = request
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("w=")))
        .and_then(|w| w.parse::<u32>().ok());
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let response = match image(&state, &name, width) {
            Ok(r) => Response::builder()
                .header(header::CONTENT_TYPE, r.mime)
                .header(header::CACHE_CONTROL, "no-cache")
                .body(r.bytes),
            Err(message) => Response::builder()
                .status(StatusCode::NOT_FOUND)
                .header(header::CONTENT_TYPE, "text/plain")
                .body(message.into_bytes()),
        };
        if let Ok(response) = response {
            responder.respond(response);
        }
    });
}

/// Image `name` at `width`: kept, or made (unlocked) and kept.
fn image(state: &AppState, name: &str, width: Option<u32>) -> Result<Rendition, String> {
    let text = |e: crate::IpcError| e.message;
    let kept = state
        .store()
        .map_err(text)?
        .cached_rendition(name, width, Encoding::Original)
        .map_err(|e| e.to_string())?;
    if let Some(r) = kept {
        return Ok(r);
    }
    let original = state
        .store()
        .map_err(text)?
        .media_original(name)
        .map_err(|e| e.to_string())?;
    let made =
        quire::media::render(&original, width, Encoding::Original).map_err(|e| e.to_string())?;
    let keep = std::collections::HashMap::from([(
        name.to_string(),
        vec![(made.width, Encoding::Original, made.bytes.clone())],
    )]);
    if let Ok(mut store) = state.store() {
        let _ = store.keep_renditions(keep);
    }
    Ok(made)
}
