//! Publishing to, and collaborating through, the site's Git repository: a
//! local clone that Netlify, GitHub Pages or Cloudflare Pages build from.
//!
//! - [`settings`]: the repository of a database (`quire publish init`)
//!   and the sync state (the last commit whose Quire files the database
//!   holds).
//! - [`git`]: the engine, the user's own `git` program.
//! - [`push`]: publish — export the published posts as Markdown into the
//!   content folder, one commit of exactly Quire's changed files, push;
//!   a refused push is pulled, redone and pushed again.
//! - [`pull`]: fetch, merge, take the changed post files in.
//! - [`sync`]: taking in what commits changed (through the importer).
//! - [`conflict`]: posts changed on both sides, both versions kept.
//! - [`review`]: the review flow, a branch `quire/<slug>` per post.
//! - [`status`]: ahead/behind, what a publish would do, conflicts.
//!
//! Quire's files are those its export wrote (the export's manifest, kept
//! machine-local at the export's root and out of Git); everything else in
//! the repository is the owner's and is never staged, written or removed.

pub mod conflict;
pub mod git;
pub mod pull;
pub mod push;
pub mod review;
pub mod settings;
pub mod status;
pub mod sync;

pub use conflict::{Conflict, ConflictKind};
pub use git::GitError;
pub use pull::pull;
pub use push::{FileChange, Options, Report, publish};
pub use review::ReviewBranch;
pub use settings::{InitOptions, Settings, init};
pub use status::{Plan, Status, status};
