//! The store as the check's [`Lookup`], through its public API only. A
//! live post is read as a summary (no sections): the related-candidates
//! query, given just the one slug, is that lookup by slug. The trash is
//! only listed for a post that is not live, which is rare. A database
//! error reads as "no such post" or "no such image": the check explains,
//! and an error shows anywhere else the store is used.

use super::{Lookup, PostState, PostStateKind};
use crate::Store;
use crate::model::{Post, PostSummary, Status};

impl Lookup for Store {
    fn post_status(&self, id: i64) -> Option<PostState> {
        match self.slugs_by_id(&[id]).ok()?.remove(&id) {
            Some(slug) => live(self, &slug).map(state),
            None => trashed(self, |p| p.id == id),
        }
    }

    fn post_by_slug(&self, slug: &str) -> Option<PostState> {
        let slug = slug.trim();
        live(self, slug)
            .map(state)
            .or_else(|| trashed(self, |p| p.slug == slug))
    }

    fn media_alt(&self, name: &str) -> Option<String> {
        self.media_by_name(name).ok().map(|m| m.alt)
    }

    fn media_decorative(&self, name: &str) -> bool {
        self.media_by_name(name).is_ok_and(|m| m.decorative)
    }
}

/// The live post with this slug, as a summary.
fn live(store: &Store, slug: &str) -> Option<PostSummary> {
    let probe = Post {
        related: vec![slug.to_string()],
        ..Post::default()
    };
    store
        .related_candidates(&probe, &Status::ALL)
        .ok()?
        .into_iter()
        .find(|p| p.slug == slug)
}

/// The trashed post that `is` picks (the most recently trashed first).
fn trashed(store: &Store, is: impl Fn(&PostSummary) -> bool) -> Option<PostState> {
    let found = store.trash().ok()?.into_iter().find(is)?;
    Some(PostState {
        status: PostStateKind::Trashed,
        title: found.title,
        publish_at: found.publish_at,
    })
}

fn state(p: PostSummary) -> PostState {
    PostState {
        status: match p.status {
            Status::Published => PostStateKind::Published,
            Status::Scheduled => PostStateKind::Scheduled,
            Status::Draft => PostStateKind::Draft,
        },
        title: p.title,
        publish_at: p.publish_at,
    }
}
