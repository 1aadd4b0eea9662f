//! Publish: take in what the repository's commits changed since the last
//! sync, refuse if someone edited Quire's files in the work tree, export
//! the published (and scheduled) posts as Markdown into the content folder
//! (only changed files written), commit exactly Quire's changed files in
//! one commit that lists the posts, push. A push the remote refuses
//! because it moved on: that commit is undone (the database holds it
//! all), the remote's commits merged and taken in, and the export,
//! commit and push made again.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::conflict::{self, Conflict};
use super::git::{Pushed, Repo};
use super::review::ReviewBranch;
use super::settings::{self, Settings, SyncState};
use super::sync::{self, TakenIn};
use crate::export::{self, Format, SiteOptions, folder};
use crate::{Error, Result, Store};

/// Pushes tried after the first was refused (the remote moved on).
const RETRIES: u32 = 2;

/// Posts named per kind in a commit message (the rest counted).
const LISTED: usize = 200;

/// What to publish.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The commit message instead of the list of posts.
    pub message: Option<String>,
    /// Say what would be published; change nothing.
    pub dry_run: bool,
}

/// A post file a publish added, changed or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// Relative to the repository.
    pub path: String,
    pub post_id: Option<i64>,
    pub title: String,
}

/// What a publish did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub dry_run: bool,
    /// The commit made (none: nothing had changed).
    pub commit: Option<String>,
    pub message: String,
    pub added: Vec<FileChange>,
    pub changed: Vec<FileChange>,
    pub removed: Vec<FileChange>,
    pub pushed: bool,
    /// Pushes refused because the remote moved on (then pulled and redone).
    pub retries: u32,
    /// What the repository's commits brought in first.
    pub taken_in: TakenIn,
    /// The owner's changed files, left alone.
    pub dirty: Vec<String>,
    /// Open conflicts (posts changed on both sides).
    pub conflicts: Vec<Conflict>,
    pub notes: Vec<String>,
    /// With review on: the branches `quire/<slug>` made, one per post
    /// (the site's branch is neither committed to nor pushed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<ReviewBranch>,
}

/// Publishes the posts of `store` to its site repository.
pub fn publish(store: &mut Store, options: &Options, now: DateTime<Utc>) -> Result<Report> {
    let settings = settings::load(store)?;
    if settings.review && !options.dry_run {
        return super::review::publish(store, &settings, options, now);
    }
    let repo = settings.open_repo()?;
    check_branch(&repo, &settings)?;
    let mut state = settings::state(store)?;
    let mut report = Report {
        dry_run: options.dry_run,
        ..Report::default()
    };
    if options.dry_run {
        return dry_run(store, &settings, report);
    }
    absorb(
        store,
        &repo,
        &settings,
        &mut state,
        now,
        &mut report.taken_in,
    )?;
    refuse_edited(&repo, &settings)?;
    let has_remote = repo.has_remote(&settings.remote)?;
    let mut attempt = 0;
    loop {
        export_and_commit(
            store,
            &repo,
            &settings,
            &mut state,
            options,
            now,
            &mut report,
        )?;
        if let Some(c) = &report.commit {
            state.pending = Some(c.clone());
            settings::save_state(store, &state)?;
        }
        if !has_remote {
            report.notes.push(format!(
                "the repository has no remote `{}`: committed, not pushed",
                settings.remote
            ));
            break;
        }
        match repo.push(&settings.remote, &settings.branch)? {
            Pushed::Done => {
                report.pushed = true;
                break;
            }
            Pushed::Rejected(line) if attempt < RETRIES => {
                attempt += 1;
                report.retries = attempt;
                report.notes.push(format!(
                    "the remote had moved on ({line}): pulled, published again"
                ));
                let taken = super::pull::pull_in(store, &repo, &settings, &mut state, now)?;
                report.taken_in.files.extend(taken.files);
                report.taken_in.conflicts.extend(taken.conflicts);
            }
            Pushed::Rejected(line) => {
                return Err(Error::Conflict(format!(
                    "the remote `{}` kept moving on while publishing ({line}); your commit is \
                     in the repository, publish again",
                    settings.remote
                )));
            }
        }
    }
    let head = repo
        .commit_of("HEAD")?
        .ok_or_else(|| Error::Validation("the repository has no commit".into()))?;
    sync::record_synced(store, &repo, &settings, state.synced.as_deref(), &head, now)?;
    state.synced = Some(head);
    state.pending = None;
    state.committing = None;
    settings::save_state(store, &state)?;
    report.conflicts = conflict::open(store)?;
    Ok(report)
}

/// The branch of the settings must be the one checked out, and no merge
/// under way.
pub(super) fn check_branch(repo: &Repo, settings: &Settings) -> Result<()> {
    let current = repo.current_branch()?;
    if current.as_deref() != Some(settings.branch.as_str()) {
        return Err(Error::Validation(format!(
            "{} has {} checked out, not the site's branch `{}`: run `git switch {}` there \
             (or set another branch with quire publish init)",
            settings.repo.display(),
            current.map_or("a detached HEAD".to_string(), |b| format!("`{b}`")),
            settings.branch,
            settings.branch
        )));
    }
    if repo.merging()? {
        return Err(Error::Validation(format!(
            "a merge is under way in {}: finish it (git commit) or abort it (git merge --abort)",
            settings.repo.display()
        )));
    }
    Ok(())
}

/// Takes in the commits made since the last sync (by hand, or a pull
/// outside Quire); the publish commit not pushed yet is Quire's own.
pub(super) fn absorb(
    store: &mut Store,
    repo: &Repo,
    settings: &Settings,
    state: &mut SyncState,
    now: DateTime<Utc>,
    taken: &mut TakenIn,
) -> Result<()> {
    let Some(head) = repo.commit_of("HEAD")? else {
        return Ok(());
    };
    let upto = match ours_since(repo, state, &head)? {
        Some(base) => {
            // Quire's own unpushed commits (some made by a killed run):
            // not taken in, pushed by this run.
            state.pending = Some(head);
            settings::save_state(store, state)?;
            base
        }
        None => head,
    };
    let found = sync::take_in(store, repo, settings, state.synced.as_deref(), &upto, now)?;
    taken.files.extend(found.files);
    taken.conflicts.extend(found.conflicts);
    if state.synced.as_deref() != Some(upto.as_str()) {
        state.synced = Some(upto);
        settings::save_state(store, state)?;
    }
    Ok(())
}

/// The commit Quire's unpushed publish commits are on, when HEAD is the
/// last of them (or one a killed run made on top of them); clears the
/// record when they are gone.
fn ours_since(repo: &Repo, state: &mut SyncState, head: &str) -> Result<Option<String>> {
    let Some(base) = state.committing.clone().filter(|b| !b.is_empty()) else {
        return Ok(None);
    };
    let tip = state.pending.clone();
    if tip.as_deref() == Some(head) {
        return Ok(Some(base));
    }
    let parent = repo.commit_of("HEAD~1")?;
    if head != base
        && parent.is_some()
        && parent.as_deref() == Some(tip.as_deref().unwrap_or(&base))
    {
        return Ok(Some(base));
    }
    if head == base {
        state.committing = None;
        state.pending = None;
    }
    Ok(None)
}

/// Quire's files changed in the work tree by someone else since Quire
/// wrote them are never written over.
fn refuse_edited(repo: &Repo, settings: &Settings) -> Result<()> {
    let root = settings.site_root();
    if folder::interrupted(&root) {
        // A killed export's files: its next run settles them.
        return Ok(());
    }
    let written = folder::written(&root)?;
    let prefix = settings.prefix();
    let edited: Vec<String> = repo
        .status(&[&settings.pathspec()])?
        .into_iter()
        .filter(|c| {
            c.path.strip_prefix(prefix).is_some_and(|rel| {
                written
                    .get(rel)
                    .is_some_and(|e| !folder::intact(&root, rel, e))
            })
        })
        .map(|c| c.path)
        .collect();
    if edited.is_empty() {
        return Ok(());
    }
    Err(Error::Conflict(format!(
        "Quire's files were changed in {} since Quire wrote them: {}. Nothing was written. \
         Commit them (the next publish takes them in as new revisions) or undo them \
         (git restore FILE), then publish again",
        settings.repo.display(),
        edited.join(", ")
    )))
}

/// Exports, then commits Quire's changed files (if any) into `report`.
#[allow(clippy::too_many_arguments)]
fn export_and_commit(
    store: &mut Store,
    repo: &Repo,
    settings: &Settings,
    state: &mut SyncState,
    options: &Options,
    now: DateTime<Utc>,
    report: &mut Report,
) -> Result<()> {
    let root = settings.site_root();
    let before: BTreeSet<String> = folder::written(&root)?.into_keys().collect();
    if before.is_empty() && !folder::interrupted(&root) {
        // No manifest. The first publish: the folder is the owner's, and
        // Quire's files are those it writes. Or a fresh clone of a
        // repository Quire published to: its files, as last synced, are
        // Quire's too.
        let recorded = sync::recorded_files(store, repo, settings, state.synced.as_deref())?;
        folder::adopt(&root, &recorded)?;
    }
    let site_options = SiteOptions {
        format: Format::Markdown(settings.flavor),
        include_drafts: false,
        now,
    };
    let exported = export::site(store, &root, &site_options, &mut |_, _| {})?;
    report.notes.extend(exported.notes);
    let after: BTreeSet<String> = folder::written(&root)?.into_keys().collect();
    let prefix = settings.prefix();
    let ours = |path: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rel| before.contains(rel) || after.contains(rel))
    };
    let mut paths = Vec::new();
    report.dirty.clear();
    for c in repo.status(&[])? {
        if ours(&c.path) {
            paths.push(c);
        } else {
            report.dirty.push(c.path);
        }
    }
    report.added.clear();
    report.changed.clear();
    report.removed.clear();
    if paths.is_empty() {
        report.commit = None;
        return Ok(());
    }
    let present: Vec<String> = paths
        .iter()
        .filter(|c| {
            c.path
                .strip_prefix(prefix)
                .is_some_and(|r| after.contains(r))
        })
        .map(|c| c.path[prefix.len()..].to_string())
        .collect();
    let posts = sync::files_of(store, settings, &present)?;
    let key = sync::source_key(settings);
    let tracked: BTreeSet<String> = repo
        .run(&["ls-files", "-z", "--", &settings.pathspec()])?
        .split('\0')
        .map(str::to_string)
        .collect();
    for c in &paths {
        let rel = &c.path[prefix.len()..];
        let post = posts
            .iter()
            .find(|f| f.rel == rel)
            .and_then(|f| f.post.clone());
        let change = |post: Option<(i64, String, i64)>| FileChange {
            path: c.path.clone(),
            post_id: post.as_ref().map(|p| p.0),
            title: post.map(|p| p.1).unwrap_or_default(),
        };
        if !after.contains(rel) {
            let id = store.imported(&key, rel)?.map(|i| i.post_id);
            let title = id
                .and_then(|id| store.history(id).ok())
                .and_then(|h| h.first().map(|r| r.title.clone()))
                .unwrap_or_default();
            report.removed.push(FileChange {
                path: c.path.clone(),
                post_id: id,
                title,
            });
        } else if tracked.contains(&c.path) {
            report.changed.push(change(post));
        } else {
            report.added.push(change(post));
        }
    }
    report.message = match &options.message {
        Some(m) if !m.trim().is_empty() => m.clone(),
        _ => message(report),
    };
    let paths: Vec<String> = paths.into_iter().map(|c| c.path).collect();
    if state.committing.is_none() {
        // Where Quire's unpushed commits begin (see `ours_since`).
        state.committing = Some(repo.commit_of("HEAD")?.unwrap_or_default());
        settings::save_state(store, state)?;
    }
    report.commit = Some(repo.commit_paths(&paths, &report.message)?);
    Ok(())
}

/// The commit message: a summary line, then the posts by what happened.
pub fn message(report: &Report) -> String {
    let mut counts = Vec::new();
    for (n, word) in [
        (report.added.len(), "added"),
        (report.changed.len(), "changed"),
        (report.removed.len(), "removed"),
    ] {
        if n > 0 {
            counts.push(format!("{n} {word}"));
        }
    }
    let mut text = format!("Publish from Quire: {}\n", counts.join(", "));
    for (list, head) in [
        (&report.added, "Added"),
        (&report.changed, "Changed"),
        (&report.removed, "Removed"),
    ] {
        if list.is_empty() {
            continue;
        }
        text.push_str(&format!("\n{head}:\n"));
        for f in list.iter().take(LISTED) {
            let name = if f.title.is_empty() {
                &f.path
            } else {
                &f.title
            };
            if f.path.is_empty() || f.title.is_empty() {
                text.push_str(&format!("- {name}\n"));
            } else {
                text.push_str(&format!("- {name} ({})\n", f.path));
            }
        }
        if list.len() > LISTED {
            text.push_str(&format!("- and {} more\n", list.len() - LISTED));
        }
    }
    text
}

/// What a publish would do, from the database and what was last synced:
/// posts out (published or scheduled) with no file yet, posts saved since
/// their file was written, files whose post is no longer out.
fn dry_run(store: &Store, settings: &Settings, mut report: Report) -> Result<Report> {
    let plan = super::status::plan(store, settings)?;
    report.added = plan.added;
    report.changed = plan.changed;
    report.removed = plan.removed;
    report.message = message(&report);
    report.conflicts = conflict::open(store)?;
    Ok(report)
}
