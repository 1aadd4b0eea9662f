//! The review flow (a site's `review` setting): each post a publish would
//! add or change goes to a branch of its own, `quire/<slug>`, made from
//! the tip of the site's branch on the remote (as just fetched) plus that
//! post's files, one commit, pushed for a pull request. The site's branch
//! is never committed to nor pushed.
//!
//! The commits are made with Git's plumbing through a temporary index
//! (`GIT_INDEX_FILE`: `read-tree`, `hash-object`, `update-index`,
//! `write-tree`, `commit-tree`, `update-ref`), not in a `git worktree`:
//! the owner's checkout, index and staged files are never read or written,
//! nothing is checked out (a worktree would write the whole site, 10,000
//! posts, per publish), and a killed run leaves at most unreferenced
//! objects. The export goes to a scratch folder inside the `.git` folder.
//! Commit hooks do not run on these commits (as for any `commit-tree`).
//!
//! What a branch holds is remembered until a pull finds it on the site's
//! branch (merged): the files are then known to hold the post as it was
//! published, so the pull takes them in as unchanged, not as a conflict.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::git::{Pushed, Repo};
use super::push::{FileChange, Options, Report};
use super::settings::Settings;
use super::sync;
use crate::export::{self, Format, SiteOptions, folder};
use crate::{Error, Result, Store};

/// Where a review branch's files are remembered until merged (by slug).
const PENDING: &str = "publish.pending_review.";

/// A review branch a publish made (or found up to date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewBranch {
    /// `quire/<slug>`.
    pub branch: String,
    pub post_id: i64,
    pub title: String,
    pub commit: String,
    /// The post's files the branch changes, relative to the repository.
    pub paths: Vec<String>,
    /// Pushed by this run (false: the remote's branch already held it, or
    /// someone else's commits are on it — see the notes).
    pub pushed: bool,
}

/// What a pushed review branch holds: the post, its revision, the blobs.
#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    post_id: i64,
    revision: i64,
    /// Repository path → blob.
    files: BTreeMap<String, String>,
}

/// One post's files that differ from the site's branch.
struct Proposal {
    change: FileChange,
    added: bool,
    slug: String,
    revision: i64,
    /// Repository path → (file in the scratch folder, blob).
    files: BTreeMap<String, (String, String)>,
}

/// Publishes the added and changed posts of `store` to review branches.
pub(super) fn publish(
    store: &mut Store,
    settings: &Settings,
    options: &Options,
    now: DateTime<Utc>,
) -> Result<Report> {
    let repo = settings.open_repo()?;
    if !repo.has_remote(&settings.remote)? {
        return Err(Error::Validation(format!(
            "{} has no remote `{}` to push review branches to: add one (git remote add {} URL)",
            settings.repo.display(),
            settings.remote,
            settings.remote
        )));
    }
    repo.fetch_review(&settings.remote, &settings.branch)?;
    let tracking = format!("refs/remotes/{}/{}", settings.remote, settings.branch);
    let base = repo.commit_of(&tracking)?.ok_or_else(|| {
        Error::Validation(format!(
            "the remote `{}` has no branch `{}` yet to propose changes to: push it first",
            settings.remote, settings.branch
        ))
    })?;
    let scratch = repo.git_dir()?.join("quire-review");
    remove_dir(&scratch)?;
    let done = proposals(store, &repo, settings, &base, &scratch, now).and_then(|found| {
        let mut report = Report::default();
        for p in found {
            branch(
                store,
                &repo,
                settings,
                &base,
                &scratch,
                options,
                p,
                &mut report,
            )?;
        }
        Ok(report)
    });
    remove_dir(&scratch)?;
    let _ = std::fs::remove_file(repo.git_dir()?.join("quire-review-index"));
    let mut report = done?;
    report.pushed = report.branches.iter().any(|b| b.pushed);
    report.message = summary(&report.branches);
    report.conflicts = super::conflict::open(store)?;
    Ok(report)
}

/// The posts added or changed in Quire whose exported files differ from
/// the site's branch at `base`.
fn proposals(
    store: &Store,
    repo: &Repo,
    settings: &Settings,
    base: &str,
    scratch: &Path,
    now: DateTime<Utc>,
) -> Result<Vec<Proposal>> {
    let plan = super::status::plan(store, settings)?;
    if plan.added.is_empty() && plan.changed.is_empty() {
        return Ok(Vec::new());
    }
    let site_options = SiteOptions {
        format: Format::Markdown(settings.flavor),
        include_drafts: false,
        now,
    };
    export::site(store, scratch, &site_options, &mut |_, _| {})?;
    let dir = format!("{}/", settings.flavor.content_dir());
    let rels: Vec<String> = folder::written(scratch)?
        .into_keys()
        .filter(|r| r.starts_with(&dir))
        .collect();
    let blobs = hash(repo, scratch, &rels, false)?;
    let prefix = settings.prefix();
    let on_base = tree(repo, base, &settings.pathspec())?;
    let mut found = Vec::new();
    let wanted = plan
        .added
        .into_iter()
        .map(|c| (c, true))
        .chain(plan.changed.into_iter().map(|c| (c, false)));
    for (change, added) in wanted {
        let Some(id) = change.post_id else { continue };
        let post = store.get(id)?;
        let mut files = BTreeMap::new();
        for (rel, blob) in rels.iter().zip(&blobs) {
            let path = format!("{prefix}{rel}");
            if of_post(&rel[dir.len()..], &post.slug) && on_base.get(&path) != Some(blob) {
                files.insert(path, (rel.clone(), blob.clone()));
            }
        }
        if files.is_empty() {
            continue;
        }
        let path = files.keys().find(|p| p.ends_with(".md")).cloned();
        found.push(Proposal {
            change: FileChange {
                path: path.unwrap_or_default(),
                post_id: Some(id),
                title: post.title.clone(),
            },
            added,
            slug: post.slug.clone(),
            revision: post.revision,
            files,
        });
    }
    found.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok(found)
}

/// Whether a file of the content folder (`alpha.md`, `alpha/cat.png`,
/// Jekyll's `2024-05-01-alpha.md`) is the post `slug`'s.
fn of_post(rel: &str, slug: &str) -> bool {
    let unit = rel.split('/').next().unwrap_or(rel);
    let unit = if rel.contains('/') {
        unit
    } else {
        unit.rsplit_once('.').map_or(unit, |(stem, _)| stem)
    };
    unit == slug
        || (unit.len() == slug.len() + 11
            && unit.ends_with(slug)
            && unit.as_bytes()[10] == b'-'
            && unit[..10].bytes().all(|b| b.is_ascii_digit() || b == b'-'))
}

/// Makes (or finds up to date) the review branch of one post and pushes it.
#[allow(clippy::too_many_arguments)]
fn branch(
    store: &mut Store,
    repo: &Repo,
    settings: &Settings,
    base: &str,
    scratch: &Path,
    options: &Options,
    p: Proposal,
    report: &mut Report,
) -> Result<()> {
    let name = format!("quire/{}", p.slug);
    if repo.current_branch()?.as_deref() == Some(name.as_str()) {
        return Err(Error::Validation(format!(
            "{} has the review branch `{name}` checked out: switch back to `{}` (git switch {}), \
             then publish again",
            settings.repo.display(),
            settings.branch,
            settings.branch
        )));
    }
    let theirs = format!("refs/remotes/{}/{name}", settings.remote);
    let existing = repo.commit_of(&theirs)?;
    let paths: Vec<String> = p.files.keys().cloned().collect();
    if let Some(tip) = &existing
        && p.files
            .iter()
            .all(|(path, (_, blob))| blob_at(repo, tip, path).as_ref() == Some(blob))
    {
        report.notes.push(format!(
            "`{name}` on `{}` already holds \"{}\" as it is",
            settings.remote, p.change.title
        ));
        report.branches.push(ReviewBranch {
            branch: name,
            post_id: p.change.post_id.unwrap_or_default(),
            title: p.change.title,
            commit: tip.clone(),
            paths,
            pushed: false,
        });
        return Ok(());
    }
    let rels: Vec<String> = p.files.values().map(|(rel, _)| rel.clone()).collect();
    hash(repo, scratch, &rels, true)?;
    let index = repo.git_dir()?.join("quire-review-index");
    let _ = std::fs::remove_file(&index);
    let staging = repo.with_index(&index);
    staging.run(&["read-tree", base])?;
    let mut info = String::new();
    for (path, (_, blob)) in &p.files {
        info.push_str(&format!("100644 {blob}\t{path}\n"));
    }
    staging.run_with(&["update-index", "--index-info"], Some(info.as_bytes()))?;
    let tree = staging.run(&["write-tree"])?.trim().to_string();
    let _ = std::fs::remove_file(&index);
    let message = match &options.message {
        Some(m) if !m.trim().is_empty() => m.clone(),
        _ => format!(
            "{} \"{}\" (Quire)\n\n{}\n",
            if p.added { "Add" } else { "Update" },
            p.change.title,
            paths.join("\n")
        ),
    };
    let commit = repo
        .run_with(
            &["commit-tree", &tree, "-p", base, "-F", "-"],
            Some(message.as_bytes()),
        )?
        .trim()
        .to_string();
    let local = format!("refs/heads/{name}");
    // The lease: the remote's branch must still be the commit Quire made
    // last (its own local branch), so a reviewer's commits are never
    // written over; no remote branch: it must still not exist.
    let ours = repo.commit_of(&local)?;
    let expected = existing.as_ref().map(|_| ours.unwrap_or_default());
    repo.run(&["update-ref", "-m", "quire: review branch", &local, &commit])?;
    let pushed = match repo.push_lease(&settings.remote, &name, expected.as_deref())? {
        Pushed::Done => true,
        Pushed::Rejected(line) => {
            report.notes.push(format!(
                "`{name}` on `{}` has commits Quire did not make (a reviewer's?): not \
                 overwritten ({line}); merge or delete that branch, then publish again",
                settings.remote
            ));
            false
        }
    };
    if pushed {
        let pending = Pending {
            post_id: p.change.post_id.unwrap_or_default(),
            revision: p.revision,
            files: p
                .files
                .iter()
                .map(|(path, (_, blob))| (path.clone(), blob.clone()))
                .collect(),
        };
        let key = format!("{PENDING}{}", p.slug);
        store.set_prefixed_settings(PENDING, &[(&key, &serde_json::to_string(&pending)?)])?;
    }
    if p.added {
        report.added.push(p.change.clone());
    } else {
        report.changed.push(p.change.clone());
    }
    report.branches.push(ReviewBranch {
        branch: name,
        post_id: p.change.post_id.unwrap_or_default(),
        title: p.change.title,
        commit,
        paths,
        pushed,
    });
    Ok(())
}

/// Review branches found on the site's branch at `to` (merged): their
/// files are recorded as holding the post as it was published, so that
/// taking them in finds them unchanged.
pub(super) fn settle(
    store: &mut Store,
    repo: &Repo,
    settings: &Settings,
    to: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let pending = store.prefixed_settings(PENDING)?;
    if pending.is_empty() {
        return Ok(());
    }
    let prefix = settings.prefix();
    for (key, value) in pending {
        let Ok(p) = serde_json::from_str::<Pending>(&value) else {
            store.set_prefixed_settings(PENDING, &[(&key, "")])?;
            continue;
        };
        if !p
            .files
            .iter()
            .all(|(path, blob)| blob_at(repo, to, path).as_ref() == Some(blob))
        {
            continue;
        }
        let rels: Vec<String> = p
            .files
            .keys()
            .filter_map(|path| path.strip_prefix(prefix).map(str::to_string))
            .collect();
        let records: Vec<(String, Option<i64>, String, i64)> =
            sync::files_of(store, settings, &rels)?
                .into_iter()
                .map(|f| (f.rel, Some(p.post_id), f.hash, p.revision))
                .collect();
        store.record_imports(&sync::source_key(settings), &records, now)?;
        store.set_prefixed_settings(PENDING, &[(&key, "")])?;
    }
    Ok(())
}

/// The blob at `path` in commit `rev`, if any.
fn blob_at(repo: &Repo, rev: &str, path: &str) -> Option<String> {
    repo.run(&["rev-parse", "--verify", "--quiet", &format!("{rev}:{path}")])
        .ok()
        .map(|s| s.trim().to_string())
}

/// Path → blob of the files under `pathspec` in commit `rev`.
fn tree(repo: &Repo, rev: &str, pathspec: &str) -> Result<BTreeMap<String, String>> {
    let out = repo.run(&["ls-tree", "-r", "-z", rev, "--", pathspec])?;
    Ok(out
        .split('\0')
        .filter_map(|entry| {
            let (meta, path) = entry.split_once('\t')?;
            let blob = meta.split(' ').nth(2)?;
            Some((path.to_string(), blob.to_string()))
        })
        .collect())
}

/// The blobs of the scratch folder's files `rels`, in order (written to
/// the repository's objects when `write`).
fn hash(repo: &Repo, scratch: &Path, rels: &[String], write: bool) -> Result<Vec<String>> {
    if rels.is_empty() {
        return Ok(Vec::new());
    }
    let mut list = String::new();
    for rel in rels {
        list.push_str(&scratch.join(rel).display().to_string());
        list.push('\n');
    }
    let mut args = vec!["hash-object", "--no-filters", "--stdin-paths"];
    if write {
        args.push("-w");
    }
    let out = repo.run_with(&args, Some(list.as_bytes()))?;
    Ok(out.lines().map(str::to_string).collect())
}

fn remove_dir(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(dir, e)),
    }
}

/// The report's message: the branches to open pull requests from.
fn summary(branches: &[ReviewBranch]) -> String {
    if branches.is_empty() {
        return "nothing to propose".into();
    }
    let mut text = format!("{} review branch(es):\n", branches.len());
    for b in branches {
        text.push_str(&format!("- {} \"{}\"\n", b.branch, b.title));
    }
    text
}
