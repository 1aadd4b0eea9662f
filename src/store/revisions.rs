//! A post's history. Every save writes one row: the revision number, when,
//! the title and word count (for the history list) and a snapshot of the
//! whole post — its compact JSON, deflated (a 16 KB post takes ~5 KB), so an
//! autosave every few seconds does not balloon the file.

use std::io::{Read, Write};

use chrono::{DateTime, Utc};
use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{Revision, Store, posts, time_col};
use crate::model::{Post, format_time};
use crate::{Error, Result};

impl Store {
    /// The revisions of a post (live or trashed), newest first.
    pub fn history(&self, id: i64) -> Result<Vec<Revision>> {
        let revisions: Vec<Revision> = self
            .conn
            .prepare_cached(
                "SELECT revision, saved_at, title, words FROM revisions \
                 WHERE post_id = ?1 ORDER BY revision DESC",
            )?
            .query_map(params![id], revision_row)?
            .collect::<rusqlite::Result<_>>()?;
        if revisions.is_empty() {
            return Err(Error::NotFound(format!("no post with id {id}")));
        }
        Ok(revisions)
    }

    /// The post as it was saved at `revision`.
    pub fn revision(&self, id: i64, revision: i64) -> Result<Post> {
        snapshot(&self.conn, id, revision)
    }

    /// Makes the content of `revision` current again, as a new revision (the
    /// history keeps everything in between).
    pub fn revert(&mut self, id: i64, revision: i64, now: DateTime<Utc>) -> Result<Post> {
        let tx = self.write()?;
        // Only the current revision number is needed: the current content
        // may be what is broken (text that is not UTF-8).
        let current: i64 = tx
            .prepare_cached("SELECT revision FROM posts WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row(params![id], |row| row.get(0))
            .optional()?
            .ok_or_else(|| {
                Error::NotFound(format!("no post with id {id} (or it is in the trash)"))
            })?;
        let mut old = snapshot(&tx, id, revision)?;
        old.id = Some(id);
        old.revision = current;
        let saved = posts::update(&tx, old.into(), now)?;
        tx.commit()?;
        self.committed()?;
        Ok(saved)
    }
}

/// Maps a row of `revisions` (without the snapshot) to a [`Revision`].
fn revision_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Revision> {
    Ok(Revision {
        revision: row.get(0)?,
        saved_at: time_col(row, 1)?,
        title: row.get(2)?,
        words: row.get(3)?,
    })
}

/// Records `post` (as just saved) in its history.
pub(super) fn write(tx: &Transaction<'_>, post: &Post, now: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO revisions (post_id, revision, saved_at, title, words, snapshot) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        post.id,
        post.revision,
        format_time(&now),
        post.title,
        words(post),
        pack(post)?,
    ])?;
    Ok(())
}

fn snapshot(conn: &Connection, id: i64, revision: i64) -> Result<Post> {
    let packed: Vec<u8> = conn
        .prepare_cached("SELECT snapshot FROM revisions WHERE post_id = ?1 AND revision = ?2")?
        .query_row(params![id, revision], |row| row.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("post {id} has no revision {revision}")))?;
    unpack(&packed)
}

/// Words of running text (summary, headings, bodies, takeaways), counted
/// the way the renderer counts them — a word starts at a letter or digit
/// after white space, so `###`, `-` and `|` are no words — but without
/// parsing the Markdown, which took a third of an autosave (a link's URL
/// counts here and not there).
pub(super) fn words(post: &Post) -> usize {
    fn count(text: &str) -> usize {
        let mut words = 0;
        let mut in_word = false;
        for c in text.chars() {
            if c.is_whitespace() {
                in_word = false;
            } else if !in_word && c.is_alphanumeric() {
                words += 1;
                in_word = true;
            }
        }
        words
    }
    count(&post.summary)
        + post
            .sections
            .iter()
            .map(|s| count(&s.heading) + count(&s.body))
            .sum::<usize>()
        + post.takeaways.iter().map(|t| count(t)).sum::<usize>()
}

fn pack(post: &Post) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(post)?;
    let mut encoder = DeflateEncoder::new(Vec::with_capacity(json.len() / 3), Compression::fast());
    encoder
        .write_all(&json)
        .and_then(|()| encoder.finish())
        .map_err(|e| Error::io("revision snapshot", e))
}

fn unpack(packed: &[u8]) -> Result<Post> {
    let mut json = Vec::with_capacity(packed.len() * 3);
    DeflateDecoder::new(packed)
        .read_to_end(&mut json)
        .map_err(|e| Error::io("revision snapshot", e))?;
    Ok(serde_json::from_slice(&json)?)
}

#[cfg(test)]
mod tests {
    use crate::model::{Post, Section};

    #[test]
    fn markdown_markers_are_not_words() {
        let post = Post {
            summary: "Two words".into(),
            sections: vec![Section::new(
                "A heading",
                "### Sub\n\n- one *two*\n\n| a | b |",
            )],
            takeaways: vec!["**Bold** claim".into()],
            ..Post::default()
        };
        assert_eq!(
            super::words(&post),
            2 + 2 + 5 + 2,
            "###, -, | and ** are not words"
        );
    }
}
