//! `quire publish init|status|pull|push`: the site's Git repository.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Subcommand;
use quire::publish::{self, Conflict, FileChange};
use quire::{Result, Store};

use crate::commands::FlavorArg;
use crate::output;

#[derive(Subcommand)]
pub enum PublishCommand {
    /// Make PATH (a local clone of the site's repository) this database's
    /// site repository.
    Init {
        path: PathBuf,
        #[arg(long, value_enum, default_value = "hugo")]
        flavor: FlavorArg,
        /// The posts' folder inside the repository (default by flavor,
        /// e.g. content/posts for Hugo).
        #[arg(long, value_name = "DIR")]
        content: Option<String>,
        /// The branch to publish to (default: the one checked out).
        #[arg(long)]
        branch: Option<String>,
        /// The remote to pull from and push to (default: origin).
        #[arg(long)]
        remote: Option<String>,
        /// Commit author (default: git config user.name / user.email).
        #[arg(long)]
        author_name: Option<String>,
        #[arg(long)]
        author_email: Option<String>,
        /// Publish each post to a branch of its own, `quire/<slug>`, for a
        /// pull request, instead of to the site's branch.
        #[arg(long)]
        review: bool,
        #[arg(long)]
        json: bool,
    },
    /// Ahead/behind the remote (as last fetched), what a publish would
    /// change, the owner's changed files, conflicts.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Fetch and merge the branch, take changed posts in as new revisions.
    Pull {
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Export the published posts into the repository, commit Quire's
    /// changed files in one commit, push.
    Push {
        /// The commit message (default: the posts added, changed, removed).
        #[arg(long, short = 'm')]
        message: Option<String>,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(store: &mut Store, action: PublishCommand, now: DateTime<Utc>) -> Result<()> {
    match action {
        PublishCommand::Init {
            path,
            flavor,
            content,
            branch,
            remote,
            author_name,
            author_email,
            review,
            json,
        } => {
            let options = publish::InitOptions {
                flavor: Some(flavor.into()),
                content,
                branch,
                remote,
                author_name,
                author_email,
                review,
            };
            let s = publish::init(store, &path, &options)?;
            if json {
                return output::json(&s);
            }
            output::line(&format!(
                "site repository: {} ({}, posts in {}, branch {}, remote {}{})",
                s.repo.display(),
                s.flavor,
                s.content,
                s.branch,
                s.remote,
                if s.review {
                    ", review branches quire/<slug>"
                } else {
                    ""
                }
            ))
        }
        PublishCommand::Status { json } => {
            let s = publish::status(store)?;
            if json {
                return output::json(&s);
            }
            let mut text = format!(
                "{} on {}",
                s.settings.repo.display(),
                s.branch.as_deref().unwrap_or("(detached)")
            );
            if let (Some(a), Some(b)) = (s.ahead, s.behind) {
                text.push_str(&format!(": {a} ahead, {b} behind {}", s.settings.remote));
            }
            output::line(&text)?;
            if s.settings.review {
                output::line("review: each post is published to its own branch quire/<slug>")?;
            }
            changes(
                &s.to_publish.added,
                &s.to_publish.changed,
                &s.to_publish.removed,
            )?;
            dirty(&s.dirty)?;
            conflicts(&s.conflicts)
        }
        PublishCommand::Pull { dry_run, json } => {
            let r = publish::pull(store, dry_run, now)?;
            if json {
                return output::json(&r);
            }
            if dry_run {
                for p in &r.incoming {
                    output::line(&format!("incoming: {p}"))?;
                }
            }
            for f in &r.taken_in.files {
                let reason = f
                    .reason
                    .as_deref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default();
                output::line(&format!("{:<9} {}{reason}", f.outcome, f.path))?;
            }
            if r.from == r.to && !dry_run {
                output::line("already up to date")?;
            }
            conflicts(&r.conflicts)
        }
        PublishCommand::Push {
            message,
            dry_run,
            json,
        } => {
            let options = publish::Options { message, dry_run };
            let r = publish::publish(store, &options, now)?;
            if json {
                return output::json(&r);
            }
            for f in &r.taken_in.files {
                output::line(&format!("took in ({}): {}", f.outcome, f.path))?;
            }
            changes(&r.added, &r.changed, &r.removed)?;
            for b in &r.branches {
                output::line(&format!(
                    "branch {} \"{}\" {}{}",
                    b.branch,
                    b.title,
                    &b.commit[..b.commit.len().min(12)],
                    if b.pushed { ", pushed" } else { ", not pushed" }
                ))?;
            }
            match (&r.commit, dry_run) {
                (None, false) if r.pushed && !r.branches.is_empty() => {
                    output::line("review branches pushed: open a pull request for each")?
                }
                (_, true) => output::line("dry run: nothing written")?,
                (Some(c), _) => output::line(&format!(
                    "committed {}{}",
                    &c[..c.len().min(12)],
                    if r.pushed { ", pushed" } else { "" }
                ))?,
                (None, _) => output::line(&format!(
                    "nothing to commit{}",
                    if r.pushed { " (branch pushed)" } else { "" }
                ))?,
            }
            for n in &r.notes {
                output::line(&format!("note: {n}"))?;
            }
            dirty(&r.dirty)?;
            conflicts(&r.conflicts)
        }
    }
}

fn changes(added: &[FileChange], changed: &[FileChange], removed: &[FileChange]) -> Result<()> {
    for (list, word) in [(added, "added"), (changed, "changed"), (removed, "removed")] {
        for f in list {
            let name = if f.title.is_empty() {
                &f.path
            } else {
                &f.title
            };
            output::line(&format!("{word:<8} {name} {}", f.path))?;
        }
    }
    Ok(())
}

fn dirty(paths: &[String]) -> Result<()> {
    if !paths.is_empty() {
        output::line(&format!("left alone (not Quire's): {}", paths.join(", ")))?;
    }
    Ok(())
}

fn conflicts(list: &[Conflict]) -> Result<()> {
    for c in list {
        output::line(&format!(
            "conflict: post {} \"{}\" ({}): {:?} on both sides — the repository's version is \
             revision {}, yours revision {}; edit the post to resolve",
            c.post_id, c.title, c.path, c.kind, c.theirs, c.mine
        ))?;
    }
    Ok(())
}
