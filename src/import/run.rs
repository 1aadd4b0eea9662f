//! One import: read the sources, map each post, plan what to write (new,
//! updated, unchanged, refused, conflict), rewrite links between the posts
//! and bring their images into the media store, then write it all — or,
//! for a dry run, nothing — and report every item.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::links::{self, Index};
use super::map::{Mapped, map};
use super::media::{self, Images};
use super::source::{Found, Kind, Problem, Source};
use super::{folder, ghost, wxr};
use crate::model::slug;
use crate::render::page::post_path;
use crate::store::{ImportWrite, Store};
use crate::{Error, Post, Result};

/// What the import is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The kind of every source, when not found by looking.
    pub from: Option<Kind>,
    /// Report what would happen; write nothing.
    pub dry_run: bool,
}

/// What happened (or, in a dry run, would happen) to one post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    New,
    Updated,
    Unchanged,
    /// Could not be imported: `reason` says why.
    Refused,
    /// Edited in Quire since the last import, or its slug is another
    /// post's: left as it is.
    Conflict,
}

/// One post of a source and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub source: String,
    pub origin: String,
    pub title: String,
    pub slug: String,
    /// The post in Quire (planned, in a dry run).
    pub id: Option<i64>,
    pub outcome: Outcome,
    pub reason: Option<String>,
    /// What could not be represented as it was.
    pub notes: Vec<String>,
    /// Links to posts of the old site that the import does not hold.
    pub broken_links: Vec<String>,
    /// Images on another server: listed, not fetched.
    pub remote_images: Vec<String>,
    /// Local images the post names that are not in the source.
    pub missing_images: Vec<String>,
}

/// Counts by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub refused: usize,
    pub conflicts: usize,
    pub images: usize,
}

/// A source as the report names it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    pub path: String,
    pub kind: Kind,
    pub posts: usize,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub dry_run: bool,
    pub sources: Vec<SourceInfo>,
    pub counts: Counts,
    pub items: Vec<Item>,
    /// Files that could not be read, by name and line.
    pub problems: Vec<Problem>,
}

impl Report {
    /// Whether anything was refused or could not be read.
    pub fn refused_any(&self) -> bool {
        self.counts.refused > 0 || !self.problems.is_empty()
    }
}

/// Progress of an import: `done` of `total` posts.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// Reads the source at `path`: a folder or post file of a static-site
/// generator, a WordPress export (`.xml`) or a Ghost export (`.json`).
pub fn read(path: &Path, from: Option<Kind>) -> Result<Source> {
    let kind = match from {
        Some(kind) => kind,
        None => detect(path)?,
    };
    match kind {
        Kind::Wxr => wxr::read(path),
        Kind::Ghost => ghost::read(path),
        kind => folder::read(path, kind),
    }
}

/// The kind of source at `path`, by looking at it.
pub fn detect(path: &Path) -> Result<Kind> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_file() {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("xml") => return Ok(Kind::Wxr),
            Some("json") => return Ok(Kind::Ghost),
            _ => {}
        }
    }
    folder::detect(path).ok_or_else(|| {
        Error::Validation(format!(
            "{} is not a blog Quire can tell: give --from hugo, jekyll, zola, astro, wxr or ghost",
            path.display()
        ))
    })
}

/// Imports `paths` into `store` as of `now`.
pub fn import(
    store: &mut Store,
    paths: &[PathBuf],
    options: &Options,
    now: DateTime<Utc>,
    progress: Progress<'_>,
) -> Result<Report> {
    let mut problems = Vec::new();
    let mut sources = Vec::new();
    for path in paths {
        match read(path, options.from) {
            Ok(source) => sources.push(source),
            Err(e) => problems.push(Problem::new(
                path.display().to_string(),
                None,
                e.to_string(),
            )),
        }
    }
    import_sources(store, sources, problems, options, false, now, progress)
}

/// Imports sources already read ([`read`], [`folder::read_files`]).
/// `theirs_on_conflict` (a sync with a site repository): a post edited in
/// Quire since its last import gets the source's version as a new
/// revision (its own is the one before), reported as a conflict, instead
/// of being left as it is; and posts are saved as of their own update
/// time, so that exporting them again gives the same file.
pub fn import_sources(
    store: &mut Store,
    mut sources: Vec<Source>,
    mut problems: Vec<Problem>,
    options: &Options,
    theirs_on_conflict: bool,
    now: DateTime<Utc>,
    progress: Progress<'_>,
) -> Result<Report> {
    let total: usize = sources.iter().map(|s| s.found.len()).sum();
    let mut plans: Vec<Plan> = Vec::with_capacity(total);
    let mut taken: HashSet<String> = HashSet::new();
    let mut next_id = store.next_post_id()?;
    let mut infos = Vec::with_capacity(sources.len());
    for (s, source) in sources.iter_mut().enumerate() {
        problems.append(&mut source.problems);
        let key = source_key(&source.root);
        infos.push(SourceInfo {
            path: source.root.display().to_string(),
            kind: source.kind,
            posts: source.found.len(),
        });
        for (f, found) in source.found.iter().enumerate() {
            let plan = plan(
                store,
                &key,
                found,
                source.kind,
                now,
                &mut taken,
                &mut next_id,
                theirs_on_conflict,
            )?;
            plans.push(Plan { s, f, ..plan });
        }
    }

    // Links between the posts of this import.
    let mut index = Index::default();
    for plan in &plans {
        if let Some(id) = plan.id {
            index.add(&sources[plan.s].found[plan.f], id);
            index.add_path(&format!("/{}", post_path(&plan.mapped.post.slug)), id);
        }
    }
    let mut images = Images::default();
    // Progress follows the per-post work (links, images: the slow part
    // with photos); the write that follows is one transaction.
    for (done, plan) in plans.iter_mut().enumerate() {
        progress(done + 1, total);
        if !plan.writes() {
            continue;
        }
        let source = &sources[plan.s];
        let found = &source.found[plan.f];
        let mut broken = Vec::new();
        for section in &mut plan.mapped.post.sections {
            let (body, b) = links::rewrite(
                &section.body,
                found,
                source.kind,
                source.base_url.as_deref(),
                &index,
            );
            section.body = body;
            broken.extend(b);
        }
        plan.item.broken_links = broken.into_iter().map(|b| b.target).collect();
        media::bring(
            store,
            &mut images,
            found,
            &mut plan.mapped.post,
            &mut plan.item,
            options.dry_run,
            now,
        )?;
    }

    let mut writes = Vec::new();
    let mut order = Vec::new();
    for (i, plan) in plans.iter_mut().enumerate() {
        if plan.writes() {
            let mut post = plan.mapped.post.clone();
            let id = if plan.item.outcome == Outcome::New {
                plan.id
            } else {
                post.id = plan.id;
                None
            };
            if let Err(e) = check(&post) {
                refuse(&mut plan.item, e.to_string());
                continue;
            }
            post.revision = plan.revision;
            writes.push(ImportWrite {
                source: plan.key.clone(),
                origin: plan.item.origin.clone(),
                hash: plan.hash.clone(),
                post,
                id,
                keep_time: theirs_on_conflict,
            });
            order.push(i);
        }
    }
    if !options.dry_run && !writes.is_empty() {
        let results = store.write_imports(writes, now)?;
        for (i, result) in order.into_iter().zip(results) {
            match result {
                Ok(saved) => plans[i].item.id = saved.id,
                Err(e) => refuse(&mut plans[i].item, e.to_string()),
            }
        }
    }
    let mut counts = Counts {
        images: images.count(),
        ..Counts::default()
    };
    let mut items = Vec::with_capacity(plans.len());
    for plan in plans {
        match plan.item.outcome {
            Outcome::New => counts.new += 1,
            Outcome::Updated => counts.updated += 1,
            Outcome::Unchanged => counts.unchanged += 1,
            Outcome::Refused => counts.refused += 1,
            Outcome::Conflict => counts.conflicts += 1,
        }
        items.push(plan.item);
    }
    Ok(Report {
        dry_run: options.dry_run,
        sources: infos,
        counts,
        items,
        problems,
    })
}

/// What the import means to do with one found post.
struct Plan {
    s: usize,
    f: usize,
    key: String,
    hash: String,
    mapped: Mapped,
    /// The post's id: planned for a new one, stored for the others.
    id: Option<i64>,
    /// For an update, the revision it is written over.
    revision: i64,
    item: Item,
    /// A conflict whose source version is written as a new revision.
    theirs: bool,
}

impl Plan {
    fn writes(&self) -> bool {
        self.theirs || matches!(self.item.outcome, Outcome::New | Outcome::Updated)
    }
}

fn refuse(item: &mut Item, reason: String) {
    item.outcome = Outcome::Refused;
    item.reason = Some(reason);
    item.id = None;
}

/// Decides what to do with `found`.
#[allow(clippy::too_many_arguments)]
fn plan(
    store: &Store,
    key: &str,
    found: &Found,
    kind: Kind,
    now: DateTime<Utc>,
    taken: &mut HashSet<String>,
    next_id: &mut i64,
    theirs_on_conflict: bool,
) -> Result<Plan> {
    let mut mapped = map(found, kind, now);
    let hash = hash(found);
    let mut item = Item {
        source: key.to_string(),
        origin: found.origin.clone(),
        title: mapped.post.title.clone(),
        slug: mapped.post.slug.clone(),
        id: None,
        outcome: Outcome::New,
        reason: None,
        notes: std::mem::take(&mut mapped.notes),
        broken_links: Vec::new(),
        remote_images: Vec::new(),
        missing_images: Vec::new(),
    };
    let mut revision = 0;
    let mut id = None;
    let mut theirs = false;
    match store.imported(key, &found.origin)? {
        Some(before) => {
            id = Some(before.post_id);
            item.id = id;
            revision = before.current_revision;
            if before.trashed {
                item.outcome = Outcome::Unchanged;
                item.notes.push(format!(
                    "post {} is in the trash: left there (restore it to import it again)",
                    before.post_id
                ));
            } else if before.hash == hash {
                item.outcome = Outcome::Unchanged;
            } else if before.current_revision != before.revision && theirs_on_conflict {
                item.outcome = Outcome::Conflict;
                theirs = true;
                item.reason = Some(format!(
                    "post {} was edited both in Quire and in the source since the last sync: \
                     the source's version is saved as revision {}, Quire's is revision {}",
                    before.post_id,
                    before.current_revision + 1,
                    before.current_revision
                ));
            } else if before.current_revision != before.revision {
                item.outcome = Outcome::Conflict;
                item.reason = Some(format!(
                    "post {} was edited in Quire since it was imported (revision {} now, {} \
                     then): not overwritten",
                    before.post_id, before.current_revision, before.revision
                ));
            } else {
                item.outcome = Outcome::Updated;
            }
            // An update keeps the slug the post has now.
            if let Ok(current) = store.get(before.post_id) {
                mapped.post.slug = current.slug;
                item.slug = mapped.post.slug.clone();
            }
            taken.insert(mapped.post.slug.clone());
        }
        None => {
            let base = mapped.post.slug.clone();
            let mut n = 1;
            loop {
                let candidate = slug::numbered(&base, n);
                if !taken.contains(&candidate) {
                    if n > 1 {
                        item.notes.push(format!(
                            "another post of this import has the slug `{base}`: this one is \
                             `{candidate}`"
                        ));
                    }
                    mapped.post.slug = candidate;
                    break;
                }
                n += 1;
            }
            item.slug = mapped.post.slug.clone();
            taken.insert(mapped.post.slug.clone());
            match store.get_by_slug(&mapped.post.slug) {
                Ok(other) => {
                    item.outcome = Outcome::Conflict;
                    item.reason = Some(format!(
                        "a post with slug `{}` already exists (id {}, revision {}) that this \
                         source did not make: left as it is",
                        other.slug,
                        other.id.unwrap_or_default(),
                        other.revision
                    ));
                }
                Err(Error::NotFound(_)) => {
                    if let Err(e) = check(&mapped.post) {
                        refuse(&mut item, e.to_string());
                    } else {
                        id = Some(*next_id);
                        item.id = id;
                        *next_id += 1;
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }
    Ok(Plan {
        s: 0,
        f: 0,
        key: key.to_string(),
        hash,
        mapped,
        id,
        revision,
        item,
        theirs,
    })
}

/// What names a source from one import to the next: its absolute path.
fn source_key(root: &Path) -> String {
    std::fs::canonicalize(root)
        .unwrap_or_else(|_| root.to_path_buf())
        .display()
        .to_string()
}

/// The hash of a found post as read: a changed file changes it (what the
/// `imports` table keeps, so that the next import knows it unchanged).
pub fn hash(found: &Found) -> String {
    crate::media::hash(format!("{found:?}").as_bytes())
}

/// The rules that need nothing but the post (the store checks the rest),
/// on a normalised copy, as the store will see it.
fn check(post: &Post) -> Result<()> {
    let mut post = post.clone();
    post.normalize();
    post.validate()
}
