//! A database's site repository: where the local clone is, the content
//! folder inside it, the generator, the branch and remote, the commit
//! author, whether posts go through review branches — and the sync state
//! (the last commit whose Quire files the database holds, the publish
//! commit not pushed yet). Kept in the settings table under `publish.`.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::git::Repo;
use crate::export::Flavor;
use crate::{Error, Result, Store};

const PREFIX: &str = "publish.";

/// How a database publishes to its site repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// The local clone's top folder.
    pub repo: PathBuf,
    pub flavor: Flavor,
    /// The posts' folder, relative to the repository (`content/posts`).
    pub content: String,
    pub branch: String,
    pub remote: String,
    /// The commit author; empty: git's own configuration.
    pub author_name: String,
    pub author_email: String,
    /// Publish each post to its own branch `quire/<slug>` for review.
    pub review: bool,
}

/// What `quire publish init` is given; the rest has defaults.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    pub flavor: Option<Flavor>,
    pub content: Option<String>,
    pub branch: Option<String>,
    pub remote: Option<String>,
    pub author_name: Option<String>,
    pub author_email: Option<String>,
    pub review: bool,
}

/// Where sync stands (see the module's text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncState {
    pub synced: Option<String>,
    pub pending: Option<String>,
    /// Set before the first of Quire's publish commits not pushed yet:
    /// the commit they are on (a run killed while git commits leaves one
    /// more on top). Cleared once they are pushed.
    pub committing: Option<String>,
}

impl Settings {
    /// The folder the Markdown export writes into: the content folder less
    /// the generator's own part (`content/posts` for Hugo), which the
    /// export adds. The export's manifest lives at its top.
    pub fn site_root(&self) -> PathBuf {
        self.repo.join(self.prefix())
    }

    /// The repository path of the export's root (`` or `site/`).
    pub fn prefix(&self) -> &str {
        self.content
            .strip_suffix(self.flavor.content_dir())
            .unwrap_or("")
    }

    /// The git pathspec of Quire's part of the repository.
    pub fn pathspec(&self) -> String {
        format!(":(literal){}", self.content)
    }

    /// The repository, with the author of the settings.
    pub fn open_repo(&self) -> Result<Repo> {
        let repo = Repo::open(&self.repo)?;
        Ok(repo.with_author(&self.author_name, &self.author_email))
    }
}

/// Makes `path` the site repository of `store`: checks that it is a Git
/// work tree, fills in the defaults (content folder by flavor, the branch
/// checked out, the author from `git config`), keeps Quire's bookkeeping
/// files out of Git, and stores it all.
pub fn init(store: &mut Store, path: &Path, options: &InitOptions) -> Result<Settings> {
    let repo = Repo::open(path)?;
    let previous = load(store).ok();
    let flavor = options.flavor.unwrap_or(Flavor::Hugo);
    let content = options
        .content
        .as_deref()
        .unwrap_or(flavor.content_dir())
        .trim_matches('/')
        .to_string();
    if !content.ends_with(flavor.content_dir())
        || content
            .split('/')
            .any(|p| p.is_empty() || p == ".." || p == "." || p.starts_with('.'))
    {
        return Err(Error::Validation(format!(
            "the content folder for {flavor} must be a plain path inside the repository ending \
             in `{}` (e.g. `{}` or `site/{}`), not `{content}`",
            flavor.content_dir(),
            flavor.content_dir(),
            flavor.content_dir()
        )));
    }
    let branch = match &options.branch {
        Some(b) => b.clone(),
        None => repo.current_branch()?.unwrap_or_else(|| "main".to_string()),
    };
    let settings = Settings {
        repo: repo.root().to_path_buf(),
        flavor,
        content,
        branch,
        remote: options.remote.clone().unwrap_or_else(|| "origin".into()),
        author_name: options
            .author_name
            .clone()
            .unwrap_or_else(|| repo.config("user.name")),
        author_email: options
            .author_email
            .clone()
            .unwrap_or_else(|| repo.config("user.email")),
        review: options.review,
    };
    exclude_bookkeeping(&repo)?;
    if let Some(previous) = &previous {
        carry_over(store, &repo, previous, &settings)?;
    }
    let repo_path = settings.repo.display().to_string();
    let review = if settings.review { "true" } else { "" };
    store.set_prefixed_settings(
        PREFIX,
        &[
            ("publish.repo", &repo_path),
            ("publish.flavor", settings.flavor.as_str()),
            ("publish.content", &settings.content),
            ("publish.branch", &settings.branch),
            ("publish.remote", &settings.remote),
            ("publish.author_name", &settings.author_name),
            ("publish.author_email", &settings.author_email),
            ("publish.review", review),
        ],
    )?;
    Ok(settings)
}

/// When the site repository is set again at another place — the clone
/// moved, or cloned afresh on another machine with the database copied —
/// what the last sync knew goes with it: which file holds which post (the
/// import records, keyed by the folder's path), so that a pull updates
/// those posts instead of refusing their files as someone else's, and a
/// publish takes them as Quire's. The site is the same when the last
/// synced commit is in the new repository; a different site starts afresh
/// (its first sync reads it whole). Unpushed commits of the old clone that
/// the new one lacks are forgotten: the posts are in the database, and the
/// next publish makes them again.
fn carry_over(store: &mut Store, repo: &Repo, old: &Settings, new: &Settings) -> Result<()> {
    let mut sync = state(store)?;
    let Some(synced) = sync.synced.clone() else {
        return Ok(());
    };
    if repo.commit_of(&synced)?.is_none() {
        return save_state(store, &SyncState::default());
    }
    let forget = |commit: &mut Option<String>| -> Result<bool> {
        let gone = match commit.as_deref() {
            Some(c) => repo.commit_of(c)?.is_none(),
            None => false,
        };
        if gone {
            *commit = None;
        }
        Ok(gone)
    };
    let pending_gone = forget(&mut sync.pending)?;
    let committing_gone = forget(&mut sync.committing)?;
    if pending_gone || committing_gone {
        save_state(store, &sync)?;
    }
    let (from, to) = (super::sync::source_key(old), super::sync::source_key(new));
    if from != to && old.content == new.content {
        store.move_import_source(&from, &to)?;
    }
    Ok(())
}

/// The site repository of `store`, or a clear error when there is none.
pub fn load(store: &Store) -> Result<Settings> {
    let values = store.prefixed_settings(PREFIX)?;
    let get = |k: &str| values.get(&format!("{PREFIX}{k}")).cloned();
    let repo = get("repo").ok_or_else(|| {
        Error::NotFound(
            "this database has no site repository yet: run `quire publish init PATH --flavor hugo` \
             with the folder of a local clone"
                .into(),
        )
    })?;
    let flavor: Flavor = get("flavor").unwrap_or_else(|| "hugo".into()).parse()?;
    Ok(Settings {
        repo: PathBuf::from(repo),
        flavor,
        content: get("content").unwrap_or_else(|| flavor.content_dir().into()),
        branch: get("branch").unwrap_or_else(|| "main".into()),
        remote: get("remote").unwrap_or_else(|| "origin".into()),
        author_name: get("author_name").unwrap_or_default(),
        author_email: get("author_email").unwrap_or_default(),
        review: get("review").is_some_and(|v| v == "true"),
    })
}

/// The sync state of `store`.
pub fn state(store: &Store) -> Result<SyncState> {
    let values = store.prefixed_settings(PREFIX)?;
    Ok(SyncState {
        synced: values.get("publish.synced").cloned(),
        pending: values.get("publish.pending").cloned(),
        committing: values.get("publish.committing").cloned(),
    })
}

/// Records the sync state.
pub fn save_state(store: &mut Store, state: &SyncState) -> Result<()> {
    store.set_prefixed_settings(
        PREFIX,
        &[
            ("publish.synced", state.synced.as_deref().unwrap_or("")),
            ("publish.pending", state.pending.as_deref().unwrap_or("")),
            (
                "publish.committing",
                state.committing.as_deref().unwrap_or(""),
            ),
        ],
    )
}

/// The raw value of `publish.KEY` (empty when unset).
pub(super) fn raw(store: &Store, key: &str) -> Result<String> {
    let full = format!("{PREFIX}{key}");
    Ok(store
        .prefixed_settings(&full)?
        .remove(&full)
        .unwrap_or_default())
}

/// Stores `publish.KEY` (removed when empty).
pub(super) fn set_raw(store: &mut Store, key: &str, value: &str) -> Result<()> {
    let full = format!("{PREFIX}{key}");
    store.set_prefixed_settings(PREFIX, &[(&full, value)])
}

/// Quire's manifest, journal and temporary files are machine-local: kept
/// out of Git through the clone's own `info/exclude` (never the owner's
/// `.gitignore`).
fn exclude_bookkeeping(repo: &Repo) -> Result<()> {
    const LINES: [&str; 3] = [".quire-manifest.json", ".quire-journal", ".*.quire-tmp"];
    let info = repo.git_dir()?.join("info");
    let path = info.join("exclude");
    let mut text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let missing: Vec<&str> = LINES
        .into_iter()
        .filter(|l| !text.lines().any(|t| t == *l))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# Quire's own bookkeeping (machine-local)\n");
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::create_dir_all(&info).map_err(|e| Error::io(&info, e))?;
    std::fs::write(&path, text).map_err(|e| Error::io(&path, e))
}
