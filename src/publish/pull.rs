//! Pull: fetch the site's branch, fast-forward or merge it, then take in
//! the post files its commits changed since the last sync (new revisions
//! through the importer; a post edited on both sides keeps both versions,
//! a conflict). A merge that conflicts is undone at once: the work tree is
//! never left half-merged.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::conflict::{self, Conflict};
use super::git::Repo;
use super::settings::{self, Settings, SyncState};
use super::sync::{self, TakenIn};
use crate::{Error, Result, Store};

/// What a pull did (or, in a dry run, would take in).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub dry_run: bool,
    /// The branch's commit before and after.
    pub from: Option<String>,
    pub to: Option<String>,
    pub taken_in: TakenIn,
    /// In a dry run: the files the remote's commits change.
    pub incoming: Vec<String>,
    /// Open conflicts (posts changed on both sides).
    pub conflicts: Vec<Conflict>,
}

/// Pulls the site repository's branch into `store`.
pub fn pull(store: &mut Store, dry_run: bool, now: DateTime<Utc>) -> Result<Report> {
    let settings = settings::load(store)?;
    let repo = settings.open_repo()?;
    super::push::check_branch(&repo, &settings)?;
    let mut state = settings::state(store)?;
    let mut report = Report {
        dry_run,
        from: repo.commit_of("HEAD")?,
        ..Report::default()
    };
    if dry_run {
        if repo.has_remote(&settings.remote)? {
            repo.fetch(&settings.remote, &settings.branch)?;
            let theirs = tracking(&settings);
            if let (Some(base), Some(_)) = (state.synced.as_deref(), repo.commit_of(&theirs)?) {
                report.incoming = repo
                    .diff(base, &theirs, &settings.pathspec())?
                    .into_iter()
                    .map(|d| d.path)
                    .collect();
            }
        }
        report.conflicts = conflict::open(store)?;
        return Ok(report);
    }
    let mut taken = TakenIn::default();
    super::push::absorb(store, &repo, &settings, &mut state, now, &mut taken)?;
    let more = pull_in(store, &repo, &settings, &mut state, now)?;
    taken.files.extend(more.files);
    taken.conflicts.extend(more.conflicts);
    report.taken_in = taken;
    report.to = repo.commit_of("HEAD")?;
    report.conflicts = conflict::open(store)?;
    Ok(report)
}

/// The remote-tracking ref of the site's branch.
fn tracking(settings: &Settings) -> String {
    format!("refs/remotes/{}/{}", settings.remote, settings.branch)
}

/// Undoes Quire's own publish commit not pushed yet (the database makes it
/// again), fetches, merges and takes the remote's changes in.
pub(super) fn pull_in(
    store: &mut Store,
    repo: &Repo,
    settings: &Settings,
    state: &mut SyncState,
    now: DateTime<Utc>,
) -> Result<TakenIn> {
    let head = repo.commit_of("HEAD")?;
    if head.is_some() && head == state.pending {
        if let Some(base) = state.committing.clone().filter(|b| !b.is_empty()) {
            repo.run(&["reset", "--quiet", "--keep", &base])?;
        }
        state.pending = None;
        state.committing = None;
        settings::save_state(store, state)?;
    }
    if !repo.has_remote(&settings.remote)? {
        return Err(Error::Validation(format!(
            "{} has no remote `{}` to pull from: add one (git remote add {} URL)",
            settings.repo.display(),
            settings.remote,
            settings.remote
        )));
    }
    repo.fetch(&settings.remote, &settings.branch)?;
    let theirs = tracking(settings);
    if repo.commit_of(&theirs)?.is_some() {
        merge(repo, settings, &theirs)?;
    }
    let Some(head) = repo.commit_of("HEAD")? else {
        return Ok(TakenIn::default());
    };
    let taken = sync::take_in(store, repo, settings, state.synced.as_deref(), &head, now)?;
    state.synced = Some(head);
    settings::save_state(store, state)?;
    Ok(taken)
}

/// Fast-forwards or merges `theirs`; a conflicting merge is aborted.
fn merge(repo: &Repo, settings: &Settings, theirs: &str) -> Result<()> {
    if repo.commit_of("HEAD")?.is_none() {
        repo.run(&["reset", "--quiet", "--keep", theirs])?;
        return Ok(());
    }
    match repo.run(&["merge", "--quiet", "--no-edit", "--no-stat", theirs]) {
        Ok(_) => Ok(()),
        Err(e) if repo.merging()? => {
            let conflicted: Vec<String> = repo
                .status(&[])?
                .into_iter()
                .filter(|c| c.xy.contains('U') || c.xy == "AA" || c.xy == "DD")
                .map(|c| c.path)
                .collect();
            repo.run(&["merge", "--abort"])?;
            Err(Error::Conflict(format!(
                "the changes of `{}/{}` conflict with local commits in {}: the merge was undone \
                 and nothing was taken in ({e}). Merge them in Git (git pull), then pull again",
                settings.remote,
                settings.branch,
                conflicted.join(", ")
            )))
        }
        Err(e) => Err(e.into()),
    }
}
