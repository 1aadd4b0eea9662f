//! Publish: the site's Git repository, from the window's Publish dialog.
//! Each command calls the core ([`quire::publish`]) on a blocking thread
//! with its own connection, as the export does: git and the network may
//! take a while, and editing and autosave go on meanwhile.

use std::path::PathBuf;
use std::str::FromStr;

use chrono::Utc;
use quire::Error;
use quire::export::Flavor;
use quire::publish::{self, Report, Settings, Status, pull::Report as PullReport};
use serde::Serialize;
use tauri::State;

use super::with_own_store;
use crate::error::CmdResult;
use crate::state::AppState;

/// What the dialog shows when it opens.
#[derive(Debug, Serialize)]
pub struct Overview {
    /// None: this database has no site repository yet (`reason` says so).
    pub status: Option<Status>,
    pub reason: Option<String>,
    /// The commit message a publish would write now (the core's own).
    pub message: String,
}

/// The site repository's status: branch, ahead/behind, what a publish
/// would add, change or remove, the owner's changed files, conflicts.
#[tauri::command]
pub async fn publish_status(state: State<'_, AppState>) -> CmdResult<Overview> {
    with_own_store(&state, |store| {
        if let Err(Error::NotFound(reason)) = publish::settings::load(store) {
            return Ok(Overview {
                status: None,
                reason: Some(reason),
                message: String::new(),
            });
        }
        let status = publish::status(store)?;
        let message = publish::push::message(&Report {
            added: status.to_publish.added.clone(),
            changed: status.to_publish.changed.clone(),
            removed: status.to_publish.removed.clone(),
            ..Report::default()
        });
        Ok(Overview {
            status: Some(status),
            reason: None,
            message,
        })
    })
    .await
}

/// Makes the folder picked in the dialog this database's site repository.
#[tauri::command]
pub async fn publish_init(
    state: State<'_, AppState>,
    path: String,
    flavor: Option<String>,
) -> CmdResult<Settings> {
    let path = PathBuf::from(path);
    if !path.is_absolute() {
        return Err(Error::Validation(format!(
            "choose the site's folder (got `{}`, not a full path)",
            path.display()
        ))
        .into());
    }
    let flavor = match flavor.as_deref().map(str::trim) {
        Some(f) if !f.is_empty() => Flavor::from_str(f)?,
        _ => Flavor::Hugo,
    };
    let options = publish::InitOptions {
        flavor: Some(flavor),
        ..publish::InitOptions::default()
    };
    with_own_store(&state, move |store| publish::init(store, &path, &options)).await
}

/// Publishes: export, one commit (`message`, or the core's list of posts
/// when empty), push.
#[tauri::command]
pub async fn publish_push(
    state: State<'_, AppState>,
    message: Option<String>,
) -> CmdResult<Report> {
    let options = publish::Options {
        message: message.filter(|m| !m.trim().is_empty()),
        dry_run: false,
    };
    with_own_store(&state, move |store| {
        publish::publish(store, &options, Utc::now())
    })
    .await
}

/// Fetches and merges the branch, takes the changed posts in.
#[tauri::command]
pub async fn publish_pull(state: State<'_, AppState>) -> CmdResult<PullReport> {
    with_own_store(&state, |store| publish::pull(store, false, Utc::now())).await
}
