//! Other posts this one points to that will not be there when it is
//! published: a link to a post (`quire:post/ID`) that is missing, trashed,
//! a draft or scheduled after this post is shown as its text alone; a
//! hand-picked related post in any of those states silently drops out of
//! "What to Read Next" (the preview shows published posts only). Each
//! target is named once, where it is first used.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::page::Page;
use super::{Finding, Lookup, Place, PostState, PostStateKind, Rule};
use crate::{Post, Site};

/// Why a post pointed to will not be there.
enum Gone {
    Missing,
    Trashed(String),
    Draft(String),
    /// Scheduled for a time after this post's (title, time).
    Later(String, Option<DateTime<Utc>>),
}

/// Whether the post in `state` is out when `post` is published.
fn gone(post: &Post, state: Option<PostState>) -> Option<Gone> {
    let Some(state) = state else {
        return Some(Gone::Missing);
    };
    match state.status {
        PostStateKind::Published => None,
        PostStateKind::Trashed => Some(Gone::Trashed(state.title)),
        PostStateKind::Draft => Some(Gone::Draft(state.title)),
        PostStateKind::Scheduled => {
            let later = match (state.publish_at, post.publish_at) {
                (Some(theirs), Some(ours)) => theirs > ours,
                _ => true,
            };
            later.then_some(Gone::Later(state.title, state.publish_at))
        }
    }
}

/// A time as an editor reads it, in the site's time zone.
fn when(t: Option<DateTime<Utc>>, site: &Site) -> String {
    match t {
        Some(t) => site.local(t).format("%-d %B %Y, %H:%M").to_string(),
        None => "a time not yet set".to_string(),
    }
}

/// Each post linked to from the text that will not be there.
pub fn links(post: &Post, site: &Site, page: &Page, lookup: &dyn Lookup, out: &mut Vec<Finding>) {
    let mut seen: HashSet<i64> = HashSet::new();
    for &(id, place) in &page.internal {
        if post.id == Some(id) || !seen.insert(id) {
            continue;
        }
        let alone = "the page shows the link's text alone";
        let message = match gone(post, lookup.post_status(id)) {
            None => continue,
            Some(Gone::Missing) => {
                format!("A link leads to post {id}, which does not exist: {alone}.")
            }
            Some(Gone::Trashed(title)) => {
                format!("A link leads to “{title}” (post {id}), which is in the trash: {alone}.")
            }
            Some(Gone::Draft(title)) => format!(
                "A link leads to “{title}” (post {id}), which is a draft: {alone} until it is \
                 published."
            ),
            Some(Gone::Later(title, at)) => format!(
                "A link leads to “{title}” (post {id}), which is scheduled for {}, after this \
                 post: until then {alone}.",
                when(at, site)
            ),
        };
        out.push(Finding::warning(Rule::LinkedPost, place, message));
    }
}

/// Each hand-picked related post that will not show under "What to Read Next".
pub fn related(post: &Post, site: &Site, lookup: &dyn Lookup, out: &mut Vec<Finding>) {
    let own = post.slug.trim();
    let mut seen: HashSet<&str> = HashSet::new();
    for (index, slug) in post.related.iter().enumerate() {
        let slug = slug.trim();
        if slug.is_empty() || !seen.insert(slug) {
            continue;
        }
        let place = Place::Related { index };
        let wont = "it will not show under What to Read Next";
        let message = if slug == own {
            format!("“{slug}” under What to Read Next is this post: {wont}.")
        } else {
            match gone(post, lookup.post_by_slug(slug)) {
                None => continue,
                Some(Gone::Missing) => {
                    format!("“{slug}” under What to Read Next is no post: {wont}.")
                }
                Some(Gone::Trashed(title)) => {
                    format!("The related post “{title}” ({slug}) is in the trash: {wont}.")
                }
                Some(Gone::Draft(title)) => format!(
                    "The related post “{title}” ({slug}) is a draft: {wont} until it is published."
                ),
                Some(Gone::Later(title, at)) => format!(
                    "The related post “{title}” ({slug}) is scheduled for {}, after this post: \
                     {wont} until it is published.",
                    when(at, site)
                ),
            }
        };
        out.push(Finding::warning(Rule::LinkedPost, place, message));
    }
}
