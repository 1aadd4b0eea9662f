//! Where a database stands with its site repository: the branch and how
//! far it is ahead of or behind the remote (as last fetched), the posts a
//! publish would add, change or remove, the owner's changed files, the
//! open conflicts.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::conflict::{self, Conflict};
use super::push::FileChange;
use super::settings::{self, Settings};
use super::sync;
use crate::export::folder;
use crate::store::ListQuery;
use crate::{Result, Status as PostStatus, Store};

/// What a publish would do, by post.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Plan {
    pub added: Vec<FileChange>,
    pub changed: Vec<FileChange>,
    pub removed: Vec<FileChange>,
}

/// The status of the site repository.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub settings: Settings,
    pub branch: Option<String>,
    pub head: Option<String>,
    /// The last commit whose Quire files the database holds.
    pub synced: Option<String>,
    /// Commits of the branch the remote does not have, and the reverse.
    pub ahead: Option<usize>,
    pub behind: Option<usize>,
    pub to_publish: Plan,
    /// The owner's changed files (publishing leaves them alone).
    pub dirty: Vec<String>,
    pub conflicts: Vec<Conflict>,
}

/// The status of `store`'s site repository (no network).
pub fn status(store: &Store) -> Result<Status> {
    let settings = settings::load(store)?;
    let repo = settings.open_repo()?;
    let state = settings::state(store)?;
    let tracking = format!("refs/remotes/{}/{}", settings.remote, settings.branch);
    let (mut ahead, mut behind) = (None, None);
    if repo.commit_of("HEAD")?.is_some() && repo.commit_of(&tracking)?.is_some() {
        let counts = repo.run(&[
            "rev-list",
            "--left-right",
            "--count",
            &format!("HEAD...{tracking}"),
        ])?;
        let mut n = counts.split_whitespace().map(|n| n.parse::<usize>().ok());
        ahead = n.next().flatten();
        behind = n.next().flatten();
    }
    let root = settings.site_root();
    let ours: BTreeSet<String> = folder::written(&root)?.into_keys().collect();
    let prefix = settings.prefix();
    let dirty = repo
        .status(&[])?
        .into_iter()
        .filter(|c| {
            c.path
                .strip_prefix(prefix)
                .is_none_or(|r| !ours.contains(r))
        })
        .map(|c| c.path)
        .collect();
    Ok(Status {
        branch: repo.current_branch()?,
        head: repo.commit_of("HEAD")?,
        synced: state.synced,
        ahead,
        behind,
        to_publish: plan(store, &settings)?,
        dirty,
        conflicts: conflict::open(store)?,
        settings,
    })
}

/// What a publish would do, from the database and the files last synced:
/// posts out (published or scheduled) with no file yet, posts saved since
/// their file was written, files whose post is no longer out.
pub fn plan(store: &Store, settings: &Settings) -> Result<Plan> {
    let key = sync::source_key(settings);
    let mut by_post: BTreeMap<i64, String> = BTreeMap::new();
    for (origin, id) in store.imported_origins(&key)? {
        by_post.insert(id, origin);
    }
    let mut plan = Plan::default();
    let mut out = BTreeSet::new();
    let prefix = settings.prefix();
    for p in store.list(&ListQuery::default())? {
        if p.status == PostStatus::Draft {
            continue;
        }
        out.insert(p.id);
        let change = |path: String| FileChange {
            path,
            post_id: Some(p.id),
            title: p.title.clone(),
        };
        match by_post.get(&p.id) {
            None => plan.added.push(change(String::new())),
            Some(origin) => {
                let synced = store.imported(&key, origin)?;
                if synced.is_some_and(|s| s.revision != s.current_revision) {
                    plan.changed.push(change(format!("{prefix}{origin}")));
                }
            }
        }
    }
    for (id, origin) in by_post {
        if !out.contains(&id) {
            let title = store
                .history(id)
                .ok()
                .and_then(|h| h.first().map(|r| r.title.clone()))
                .unwrap_or_default();
            plan.removed.push(FileChange {
                path: format!("{prefix}{origin}"),
                post_id: Some(id),
                title,
            });
        }
    }
    Ok(plan)
}
