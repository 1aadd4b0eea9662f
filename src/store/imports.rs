//! What each import wrote: which post an item of a source became, the hash
//! of what was read and the revision written. With it a second import of
//! the same source updates what changed, creates nothing twice, and leaves
//! alone a post edited in Quire since (a conflict, reported).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Store, posts};
use crate::model::{Post, PostInput, format_time};
use crate::{Error, Result};

/// An item imported before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub post_id: i64,
    /// The hash of the item as read then.
    pub hash: String,
    /// The revision the import wrote.
    pub revision: i64,
    /// The post's revision now.
    pub current_revision: i64,
    /// The post is in the trash.
    pub trashed: bool,
}

/// One post an import writes.
#[derive(Debug, Clone)]
pub struct ImportWrite {
    /// The source's address and the item's origin in it.
    pub source: String,
    pub origin: String,
    pub hash: String,
    /// For a new post its id must be `None` and [`ImportWrite::id`] the id
    /// planned for it (links from other imported posts already point to
    /// it); for an update, the post's id and current revision.
    pub post: Post,
    pub id: Option<i64>,
    /// Saved as of the post's own update time (else its date, else the
    /// import's time), not the import's: a sync from a site repository,
    /// whose next export must write the file's dates back unchanged.
    pub keep_time: bool,
}

impl Store {
    /// The post `origin` of `source` became, if it was imported before and
    /// the post still exists.
    pub fn imported(&self, source: &str, origin: &str) -> Result<Option<Imported>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT i.post_id, i.hash, i.revision, p.revision, p.deleted_at IS NOT NULL \
                 FROM imports i JOIN posts p ON p.id = i.post_id \
                 WHERE i.source = ?1 AND i.origin = ?2",
            )?
            .query_row(params![source, origin], |row| {
                Ok(Imported {
                    post_id: row.get(0)?,
                    hash: row.get(1)?,
                    revision: row.get(2)?,
                    current_revision: row.get(3)?,
                    trashed: row.get(4)?,
                })
            })
            .optional()?)
    }

    /// The id the next new post gets when nothing else writes in between:
    /// one above the highest (SQLite's rule for a rowid table without
    /// AUTOINCREMENT). An import plans ids with it so that links between
    /// the posts it brings in point to the right ones from their first
    /// revision.
    pub fn next_post_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) + 1 FROM posts", [], |row| {
                row.get(0)
            })?)
    }

    /// Records that `origin` of `source` now holds post `post_id` as saved
    /// at `revision`, read with hash `hash` — what a publish writes, so
    /// that the next import of that file knows its post (or, with `None`
    /// for `post_id`, forgets the origin: its file is gone).
    pub fn record_imports(
        &mut self,
        source: &str,
        records: &[(String, Option<i64>, String, i64)],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.write()?;
        for (origin, post_id, hash, revision) in records {
            match post_id {
                Some(id) => tx
                    .prepare_cached(
                        "INSERT OR REPLACE INTO imports \
                         (source, origin, post_id, hash, revision, imported_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    )?
                    .execute(params![
                        source,
                        origin,
                        id,
                        hash,
                        revision,
                        format_time(&now)
                    ])?,
                None => tx
                    .prepare_cached("DELETE FROM imports WHERE source = ?1 AND origin = ?2")?
                    .execute(params![source, origin])?,
            };
        }
        tx.commit()?;
        self.committed()?;
        Ok(())
    }

    /// Moves the records of source `from` to `to`: the same files found at
    /// another path (a site repository cloned or moved elsewhere). Records
    /// `to` already has are kept; returns how many moved.
    pub fn move_import_source(&mut self, from: &str, to: &str) -> Result<usize> {
        let tx = self.write()?;
        let moved = tx
            .prepare_cached("UPDATE OR IGNORE imports SET source = ?2 WHERE source = ?1")?
            .execute(params![from, to])?;
        tx.commit()?;
        self.committed()?;
        Ok(moved)
    }

    /// The origins of `source` and the posts they hold.
    pub fn imported_origins(&self, source: &str) -> Result<Vec<(String, i64)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT origin, post_id FROM imports WHERE source = ?1")?
            .query_map(params![source], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Writes the posts of an import in one transaction, each in its own
    /// savepoint: one that is refused (its error in its place in the
    /// result) leaves the others written. A new post gets the id planned
    /// for it, or is refused if that id was taken meanwhile.
    pub fn write_imports(
        &mut self,
        writes: Vec<ImportWrite>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<Post>>> {
        let mut results = Vec::with_capacity(writes.len());
        let tx = self.write()?;
        for write in writes {
            tx.execute_batch("SAVEPOINT import_item")?;
            let result = write_one(&tx, write, now);
            if result.is_ok() {
                tx.execute_batch("RELEASE import_item")?;
            } else {
                tx.execute_batch("ROLLBACK TO import_item; RELEASE import_item")?;
            }
            results.push(result);
        }
        tx.commit()?;
        self.committed()?;
        Ok(results)
    }
}

fn write_one(
    tx: &rusqlite::Transaction<'_>,
    write: ImportWrite,
    now: DateTime<Utc>,
) -> Result<Post> {
    let ImportWrite {
        source,
        origin,
        hash,
        post,
        id,
        keep_time,
    } = write;
    let now = if keep_time {
        post.updated_at.or(post.publish_at).unwrap_or(now)
    } else {
        now
    };
    let saved = if post.id.is_some() {
        posts::update(tx, PostInput::whole(post), now)?
    } else {
        let planned =
            id.ok_or_else(|| Error::Validation("a new post needs its planned id".into()))?;
        let saved = posts::insert_with_id(tx, post, Some(planned), now)?;
        if saved.id != Some(planned) {
            return Err(Error::Conflict(format!(
                "post {planned} was created elsewhere during the import; import again"
            )));
        }
        saved
    };
    tx.prepare_cached(
        "INSERT OR REPLACE INTO imports (source, origin, post_id, hash, revision, imported_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        source,
        origin,
        saved.id,
        hash,
        saved.revision,
        format_time(&now)
    ])?;
    Ok(saved)
}
