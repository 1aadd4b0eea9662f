//! Posts changed both in Quire and in the repository since the last sync.
//! Nothing is lost: the repository's version is saved as a new revision
//! of the post (Quire's own is the revision before it, a revert away), or,
//! for a post whose file was deleted in the repository, the post is kept.
//! A conflict is open until the editor saves the post again (having taken
//! what they want of either version); `quire publish status` lists them.

use serde::{Deserialize, Serialize};

use super::settings::{raw, set_raw};
use crate::{Result, Store};

/// What the repository did to a post Quire had edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConflictKind {
    /// Changed: its version is revision `theirs`, Quire's `theirs - 1`.
    Edited,
    /// Its file was deleted: the post is kept as Quire had it.
    Deleted,
}

/// One open conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub post_id: i64,
    pub title: String,
    /// The post's file, relative to the repository.
    pub path: String,
    pub kind: ConflictKind,
    /// The revision the sync saved (the repository's version, or Quire's
    /// for a deleted file): the conflict is open while it is current.
    pub theirs: i64,
    /// Quire's own version (the revision before, for an edited post).
    pub mine: i64,
}

/// The open conflicts: those whose post is still at the revision the sync
/// left (a post saved since was resolved by its editor).
pub fn open(store: &Store) -> Result<Vec<Conflict>> {
    let text = raw(store, "conflicts")?;
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let all: Vec<Conflict> = serde_json::from_str(&text)?;
    let mut open = Vec::new();
    for c in all {
        if let Ok(post) = store.get(c.post_id)
            && post.revision == c.theirs
        {
            open.push(c);
        }
    }
    Ok(open)
}

/// Adds `found` to the open conflicts (a newer one for a post replaces
/// the older) and forgets the resolved ones.
pub fn record(store: &mut Store, found: Vec<Conflict>) -> Result<Vec<Conflict>> {
    let mut all = open(store)?;
    all.retain(|c| !found.iter().any(|f| f.post_id == c.post_id));
    all.extend(found);
    set_raw(store, "conflicts", &serde_json::to_string(&all)?)?;
    Ok(all)
}
