//! Export: one post to the file the editor picked in the save dialog, or the
//! whole site into a folder, reporting progress as `export-progress` events.

use std::path::PathBuf;
use std::str::FromStr;

use chrono::Utc;
use quire::Error;
use quire::export::{self, Flavor, Format, SiteOptions, SiteReport};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime, State};

use super::with_own_store;
use crate::error::CmdResult;
use crate::state::AppState;

/// The event `export_site` emits after each file, `{done, total}`.
pub const PROGRESS_EVENT: &str = "export-progress";

/// Payload of [`PROGRESS_EVENT`].
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// `format` is `html` or `md` (also `markdown`); Markdown needs a flavor and
/// defaults to Hugo's.
fn parse_format(format: &str, flavor: Option<&str>) -> Result<Format, Error> {
    match format.trim().to_ascii_lowercase().as_str() {
        "html" => Ok(Format::Html),
        "md" | "markdown" => Ok(Format::Markdown(match flavor {
            Some(flavor) if !flavor.trim().is_empty() => Flavor::from_str(flavor)?,
            _ => Flavor::Hugo,
        })),
        other => Err(Error::Validation(format!(
            "format must be html or md, not `{other}`"
        ))),
    }
}

/// Where an export of `format` picked at `path` is written: `path` itself
/// when it already has the format's extension, else `path` with it added, so
/// a post never overwrites a file of another kind (say `~/.bashrc`), whatever
/// the webview sends.
fn export_path(path: &str, format: Format) -> Result<PathBuf, Error> {
    let path = PathBuf::from(path);
    if !path.is_absolute() {
        return Err(Error::Validation(format!(
            "choose where to save the export (got `{}`, not a full path)",
            path.display()
        )));
    }
    let (ext, accepted): (&str, &[&str]) = match format {
        Format::Html => ("html", &["html", "htm"]),
        Format::Markdown(_) => ("md", &["md", "markdown", "mdx"]),
    };
    let current = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    if accepted.iter().any(|a| a.eq_ignore_ascii_case(current)) {
        return Ok(path);
    }
    let mut with_ext = path.into_os_string();
    with_ext.push(".");
    with_ext.push(ext);
    Ok(PathBuf::from(with_ext))
}

/// Writes post `id` (atomically) to the file picked in the save dialog and
/// returns the path written.
#[tauri::command]
pub async fn export_post(
    state: State<'_, AppState>,
    id: i64,
    format: String,
    flavor: Option<String>,
    path: String,
) -> CmdResult<String> {
    let format = parse_format(&format, flavor.as_deref())?;
    let path = export_path(&path, format)?;
    let (_name, contents) = export::post(&*state.store()?, id, format)?;
    export::write_file(&path, contents.as_bytes())?;
    Ok(path.display().to_string())
}

/// Exports every published post (and drafts if asked) into `dir`. Runs on a
/// blocking thread with its own connection, so editing and autosave go on
/// while it works.
#[tauri::command]
pub async fn export_site<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    dir: String,
    format: String,
    flavor: Option<String>,
    include_drafts: Option<bool>,
) -> CmdResult<SiteReport> {
    let options = SiteOptions {
        format: parse_format(&format, flavor.as_deref())?,
        include_drafts: include_drafts.unwrap_or(false),
        now: Utc::now(),
    };
    let dir = PathBuf::from(dir);
    if !dir.is_absolute() {
        return Err(Error::Validation(format!(
            "choose a folder to export into (got `{}`, not a full path)",
            dir.display()
        ))
        .into());
    }
    with_own_store(&state, move |store| {
        let mut progress = |done, total| {
            let _ = app.emit(PROGRESS_EVENT, Progress { done, total });
        };
        export::site(store, &dir, &options, &mut progress)
    })
    .await
}
