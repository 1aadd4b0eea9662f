//! Import: a site's folder or an export file into the database, first as a
//! dry run whose report the window shows, then for real, reporting progress
//! as `import-progress` events. The core does all of it ([`quire::import`]).

use std::path::PathBuf;

use chrono::Utc;
use quire::Error;
use quire::import::source::Kind;
use quire::import::{Options, Report};
use tauri::{AppHandle, Emitter, Runtime, State};

use super::export::Progress;
use super::with_own_store;
use crate::error::CmdResult;
use crate::state::AppState;

/// The event `import_posts` emits as posts are done, `{done, total}`.
pub const PROGRESS_EVENT: &str = "import-progress";

/// Imports (or, with `dry_run`, checks) the folders and files at `paths`,
/// of kind `from` (`hugo`, `jekyll`, `zola`, `astro`, `wxr`, `ghost`) or
/// found by looking. Runs on a blocking thread with its own connection.
#[tauri::command]
pub async fn import_posts<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    paths: Vec<String>,
    from: Option<String>,
    dry_run: bool,
) -> CmdResult<Report> {
    let from = match from.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        None => None,
        Some(name) => Some(Kind::parse(name).ok_or_else(|| {
            Error::Validation(format!(
                "the source must be hugo, jekyll, zola, astro, wxr or ghost, not `{name}`"
            ))
        })?),
    };
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    if paths.is_empty() || paths.iter().any(|p| !p.is_absolute()) {
        return Err(Error::Validation("choose a folder or file to import".into()).into());
    }
    with_own_store(&state, move |store| {
        let mut progress = |done, total| {
            let _ = app.emit(PROGRESS_EVENT, Progress { done, total });
        };
        let options = Options { from, dry_run };
        quire::import::import(store, &paths, &options, Utc::now(), &mut progress)
    })
    .await
}
