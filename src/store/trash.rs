//! The trash: deleting sets `deleted_at` and takes the post out of the search
//! index; restoring clears it and indexes the post again. Children and
//! history stay put, so a restored post comes back whole. Purging (from the
//! trash only) removes the post and, by cascade, everything that hangs off it.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, list, posts, search};
use crate::model::{Post, PostSummary, format_time};
use crate::{Error, Result};

impl Store {
    /// Moves a live post to the trash.
    pub fn delete(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self.write()?;
        match deleted_at(&tx, id)? {
            Some(None) => {}
            Some(Some(_)) => {
                return Err(Error::NotFound(format!(
                    "post {id} is already in the trash"
                )));
            }
            None => return Err(Error::NotFound(format!("no post with id {id}"))),
        }
        tx.prepare_cached("UPDATE posts SET deleted_at = ?2 WHERE id = ?1")?
            .execute(params![id, format_time(&now)])?;
        search::unindex(&tx, id)?;
        tx.commit()?;
        self.committed()?;
        Ok(())
    }

    /// Brings a post back from the trash, whole; it counts as touched `now`.
    pub fn restore(&mut self, id: i64, now: DateTime<Utc>) -> Result<Post> {
        let tx = self.write()?;
        if !matches!(deleted_at(&tx, id)?, Some(Some(_))) {
            return Err(Error::NotFound(format!("post {id} is not in the trash")));
        }
        tx.prepare_cached("UPDATE posts SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1")?
            .execute(params![id, format_time(&now)])?;
        let post = posts::load(&tx, id, false)?;
        search::unindex(&tx, id)?;
        search::index(&tx, &post)?;
        tx.commit()?;
        self.committed()?;
        Ok(post)
    }

    /// The posts in the trash, most recently deleted first.
    pub fn trash(&self) -> Result<Vec<PostSummary>> {
        list::trashed(&self.conn)
    }

    /// Deletes a post from the trash for good, with its history and the
    /// images nothing else refers to.
    pub fn purge(&mut self, id: i64) -> Result<()> {
        let tx = self.write()?;
        match deleted_at(&tx, id)? {
            Some(Some(_)) => {}
            Some(None) => {
                return Err(Error::Validation(format!(
                    "post {id} is not in the trash; delete it first"
                )));
            }
            None => return Err(Error::NotFound(format!("no post with id {id}"))),
        }
        search::unindex(&tx, id)?;
        let names: Vec<String> = tx
            .prepare_cached("SELECT name FROM post_media WHERE post_id = ?1")?
            .query_map(params![id], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        tx.prepare_cached("DELETE FROM posts WHERE id = ?1")?
            .execute(params![id])?;
        // Its images go too, unless another post (or its history) has them.
        let mut forget = tx.prepare_cached(
            "DELETE FROM media WHERE name = ?1 \
             AND NOT EXISTS (SELECT 1 FROM post_media WHERE name = ?1)",
        )?;
        for name in &names {
            forget.execute(params![name])?;
        }
        drop(forget);
        tx.commit()?;
        self.committed()?;
        Ok(())
    }
}

/// `None`: no such post; `Some(None)`: live; `Some(Some(t))`: trashed at `t`.
fn deleted_at(conn: &Connection, id: i64) -> Result<Option<Option<String>>> {
    Ok(conn
        .prepare_cached("SELECT deleted_at FROM posts WHERE id = ?1")?
        .query_row(params![id], |row| row.get(0))
        .optional()?)
}
