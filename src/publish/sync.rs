//! Taking in what the repository's commits changed in Quire's folder since
//! the last sync: the post files added or changed go through the importer
//! (new posts, or new revisions of the posts they hold; a post edited in
//! Quire too gets the repository's version as a new revision, a conflict),
//! a deleted file's post goes to the trash (kept, a conflict, when edited
//! in Quire since). The files it read become Quire's own for the next
//! publish. Shared by pull and publish.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::conflict::{self, Conflict, ConflictKind};
use super::git::Repo;
use super::settings::Settings;
use crate::export::folder;
use crate::import::{self, Outcome, source::Kind};
use crate::{Error, Result, Status, Store};

/// One post file a sync took in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Taken {
    /// The file, relative to the repository.
    pub path: String,
    pub post_id: Option<i64>,
    pub title: String,
    /// `new`, `updated`, `unchanged`, `conflict`, `refused`, `trashed`.
    pub outcome: String,
    pub reason: Option<String>,
}

/// What a sync took in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TakenIn {
    pub files: Vec<Taken>,
    pub conflicts: Vec<Conflict>,
}

/// The importer's kind for a generator.
pub(super) fn kind(settings: &Settings) -> Kind {
    match settings.flavor {
        crate::export::Flavor::Hugo => Kind::Hugo,
        crate::export::Flavor::Jekyll => Kind::Jekyll,
        crate::export::Flavor::Zola => Kind::Zola,
        crate::export::Flavor::Astro => Kind::Astro,
    }
}

/// What names the repository in the `imports` table (what an import of
/// the site's folder uses too).
pub(super) fn source_key(settings: &Settings) -> String {
    let root = settings.site_root();
    // A folder that is gone (the clone moved) keeps the form it was
    // recorded under: canonical, so without the trailing `/` of `join("")`.
    std::fs::canonicalize(&root)
        .unwrap_or_else(|_| root.components().collect())
        .display()
        .to_string()
}

/// Takes in what changed in Quire's folder from commit `from` (none: the
/// repository as a whole, the first sync) to `to`.
pub fn take_in(
    store: &mut Store,
    repo: &Repo,
    settings: &Settings,
    from: Option<&str>,
    to: &str,
    now: DateTime<Utc>,
) -> Result<TakenIn> {
    super::review::settle(store, repo, settings, to, now)?;
    if from == Some(to) {
        return Ok(TakenIn::default());
    }
    let deltas = changed(repo, settings, from, to)?;
    let prefix = settings.prefix().to_string();
    let root = settings.site_root();
    let key = source_key(settings);
    let mut files = Vec::new();
    let mut gone = Vec::new();
    for d in deltas {
        let Some(rel) = d.path.strip_prefix(&prefix) else {
            continue;
        };
        if d.status == 'D' {
            gone.push(rel.to_string());
        } else if is_markdown(rel) {
            files.push(root.join(rel));
        }
    }
    let mut taken = TakenIn::default();
    if !files.is_empty() {
        taken_files(store, settings, &files, now, &mut taken)?;
    }
    for rel in gone {
        trash_gone(store, settings, &key, &rel, now, &mut taken)?;
    }
    adopt(store, settings, &taken)?;
    if !taken.conflicts.is_empty() {
        conflict::record(store, taken.conflicts.clone())?;
    }
    Ok(taken)
}

/// The files of Quire's folder changed from commit `from` to `to`; every
/// file there when `from` is none (the first sync).
fn changed(
    repo: &Repo,
    settings: &Settings,
    from: Option<&str>,
    to: &str,
) -> Result<Vec<super::git::Delta>> {
    let spec = settings.pathspec();
    Ok(match from {
        Some(from) => repo.diff(from, to, &spec)?,
        None => repo
            .run(&["ls-tree", "-r", "-z", "--name-only", to, "--", &spec])?
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(|p| super::git::Delta {
                status: 'A',
                path: p.to_string(),
            })
            .collect(),
    })
}

fn is_markdown(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".mdx")
}

fn taken_files(
    store: &mut Store,
    settings: &Settings,
    files: &[PathBuf],
    now: DateTime<Utc>,
    taken: &mut TakenIn,
) -> Result<()> {
    let root = settings.site_root();
    let source = import::folder::read_files(&root, kind(settings), files)?;
    let problems = source.problems.clone();
    let report = import::import_sources(
        store,
        vec![source],
        Vec::new(),
        &import::Options::default(),
        true,
        now,
        &mut |_, _| {},
    )?;
    let prefix = settings.prefix();
    for item in report.items {
        let path = format!("{prefix}{}", item.origin);
        if item.outcome == Outcome::Conflict
            && let Some(id) = item.id
            && item
                .reason
                .as_deref()
                .is_some_and(|r| r.contains("saved as revision"))
        {
            let post = store.get(id)?;
            taken.conflicts.push(Conflict {
                post_id: id,
                title: post.title.clone(),
                path: path.clone(),
                kind: ConflictKind::Edited,
                theirs: post.revision,
                mine: post.revision - 1,
            });
        }
        taken.files.push(Taken {
            path,
            post_id: item.id,
            title: item.title,
            outcome: outcome_name(item.outcome).to_string(),
            reason: item.reason,
        });
    }
    for p in problems {
        taken.files.push(Taken {
            path: format!("{prefix}{}", p.origin),
            post_id: None,
            title: String::new(),
            outcome: "refused".into(),
            reason: Some(p.message),
        });
    }
    Ok(())
}

fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::New => "new",
        Outcome::Updated => "updated",
        Outcome::Unchanged => "unchanged",
        Outcome::Refused => "refused",
        Outcome::Conflict => "conflict",
    }
}

/// A post file deleted in the repository: its post goes to the trash,
/// unless it was edited in Quire since (then it is kept: a conflict).
fn trash_gone(
    store: &mut Store,
    settings: &Settings,
    key: &str,
    rel: &str,
    now: DateTime<Utc>,
    taken: &mut TakenIn,
) -> Result<()> {
    let Some(before) = store.imported(key, rel)? else {
        return Ok(());
    };
    let path = format!("{}{rel}", settings.prefix());
    let title = store
        .get(before.post_id)
        .map(|p| p.title)
        .unwrap_or_default();
    if before.trashed {
        return Ok(());
    }
    if before.current_revision != before.revision {
        taken.conflicts.push(Conflict {
            post_id: before.post_id,
            title: title.clone(),
            path: path.clone(),
            kind: ConflictKind::Deleted,
            theirs: before.current_revision,
            mine: before.current_revision,
        });
        taken.files.push(Taken {
            path,
            post_id: Some(before.post_id),
            title,
            outcome: "conflict".into(),
            reason: Some(format!(
                "deleted in the repository but edited in Quire since the last sync: post {} kept",
                before.post_id
            )),
        });
        return Ok(());
    }
    match store.delete(before.post_id, now) {
        Ok(()) | Err(Error::NotFound(_)) => {}
        Err(e) => return Err(e),
    }
    store.record_imports(key, &[(rel.to_string(), None, String::new(), 0)], now)?;
    taken.files.push(Taken {
        path,
        post_id: Some(before.post_id),
        title,
        outcome: "trashed".into(),
        reason: None,
    });
    Ok(())
}

/// The files taken in whose posts the next export writes become Quire's
/// (listed for it), so that it keeps them up to date — the post's file and
/// the images in its bundle; a draft's files stay the owner's (the export
/// would remove them).
fn adopt(store: &Store, settings: &Settings, taken: &TakenIn) -> Result<()> {
    let root = settings.site_root();
    let ours: BTreeSet<String> = folder::written(&root)?.into_keys().collect();
    let prefix = settings.prefix();
    let mut rels = Vec::new();
    for t in &taken.files {
        let (Some(id), Some(rel)) = (t.post_id, t.path.strip_prefix(prefix)) else {
            continue;
        };
        if let Ok(post) = store.get(id)
            && post.status != Status::Draft
        {
            rels.push(rel.to_string());
            rels.extend(bundled_images(store, settings, &post)?);
        }
    }
    rels.retain(|rel| !ours.contains(rel));
    if !rels.is_empty() {
        folder::adopt(&root, &rels)?;
    }
    Ok(())
}

/// The image files in `post`'s page bundle (Hugo, Zola, Astro: its folder,
/// which the export made for it) that are in the folder now: the post's
/// stored images, where the export puts them. Jekyll's images share one
/// folder with the owner's, so none of those is ever claimed.
fn bundled_images(store: &Store, settings: &Settings, post: &crate::Post) -> Result<Vec<String>> {
    if settings.flavor == crate::export::Flavor::Jekyll {
        return Ok(Vec::new());
    }
    let root = settings.site_root();
    let names: Vec<String> = crate::model::media_refs(post).into_iter().collect();
    let stored: Vec<String> = store
        .media_named(&names)?
        .into_iter()
        .map(|m| m.name)
        .collect();
    Ok(
        crate::export::image_files(settings.flavor, &post.slug, &stored)
            .into_iter()
            .filter(|rel| root.join(rel).is_file())
            .collect(),
    )
}

/// A post file of Quire's as it stands: the post it holds, as read back.
pub(super) struct FileOf {
    /// Relative to the export's root (the `imports` origin).
    pub rel: String,
    pub post: Option<(i64, String, i64)>,
    pub hash: String,
}

/// Reads Quire's post files `rels` back and finds the post each holds
/// (by the origin recorded, else by its slug).
pub(super) fn files_of(store: &Store, settings: &Settings, rels: &[String]) -> Result<Vec<FileOf>> {
    let root = settings.site_root();
    let paths: Vec<PathBuf> = rels.iter().map(|r| root.join(r)).collect();
    let source = import::folder::read_files(&root, kind(settings), &paths)?;
    let key = source_key(settings);
    let now = Utc::now();
    let mut out = Vec::new();
    for found in &source.found {
        let id = match store.imported(&key, &found.origin)? {
            Some(before) => Some(before.post_id),
            None => {
                let slug = import::map::map(found, source.kind, now).post.slug;
                store.get_by_slug(&slug).ok().and_then(|p| p.id)
            }
        };
        let post = id
            .and_then(|id| store.get(id).ok())
            .and_then(|p| Some((p.id?, p.title, p.revision)));
        out.push(FileOf {
            rel: found.origin.clone(),
            post,
            hash: import::run::hash(found),
        });
    }
    Ok(out)
}

/// What of Quire's a clone holds when its folder has no export manifest
/// (a fresh clone of a repository Quire publishes to): the post files the
/// sync records hold, and the images in those posts' bundles, that are as
/// they were at the last synced commit (nothing committed or changed in
/// the work tree since). The export then takes them as its own — compares
/// them with what it makes, keeps or rewrites them — instead of refusing
/// them as in the way. Nothing is claimed before a first sync.
pub(super) fn recorded_files(
    store: &Store,
    repo: &Repo,
    settings: &Settings,
    synced: Option<&str>,
) -> Result<Vec<String>> {
    let Some(synced) = synced else {
        return Ok(Vec::new());
    };
    let root = settings.site_root();
    let prefix = settings.prefix();
    let mut since: BTreeSet<String> = BTreeSet::new();
    if let Some(head) = repo.commit_of("HEAD")? {
        since.extend(
            changed(repo, settings, Some(synced), &head)?
                .into_iter()
                .map(|d| d.path),
        );
    }
    since.extend(repo.status(&[])?.into_iter().map(|c| c.path));
    let as_synced =
        |rel: &str| !since.contains(&format!("{prefix}{rel}")) && root.join(rel).is_file();
    let mut out = Vec::new();
    for (origin, id) in store.imported_origins(&source_key(settings))? {
        if !as_synced(&origin) {
            continue;
        }
        if let Ok(post) = store.get(id) {
            out.extend(
                bundled_images(store, settings, &post)?
                    .into_iter()
                    .filter(|rel| as_synced(rel)),
            );
        }
        out.push(origin);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Records that the files changed in Quire's folder from commit `from` to
/// `to` hold the posts as they are now (what a publish wrote and pushed):
/// the next sync then knows them unchanged.
pub(super) fn record_synced(
    store: &mut Store,
    repo: &Repo,
    settings: &Settings,
    from: Option<&str>,
    to: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    if from == Some(to) {
        return Ok(());
    }
    let deltas = changed(repo, settings, from, to)?;
    let prefix = settings.prefix();
    let mut present = Vec::new();
    let mut records = Vec::new();
    for d in deltas {
        let Some(rel) = d.path.strip_prefix(prefix) else {
            continue;
        };
        if d.status == 'D' {
            records.push((rel.to_string(), None, String::new(), 0));
        } else if is_markdown(rel) {
            present.push(rel.to_string());
        }
    }
    for f in files_of(store, settings, &present)? {
        if let Some((id, _, revision)) = f.post {
            records.push((f.rel, Some(id), f.hash, revision));
        }
    }
    store.record_imports(&source_key(settings), &records, now)
}
