//! Listings: post summaries filtered by status, tag, category and words,
//! sorted; the tags and categories in use; candidates for "What to Read
//! Next". A summary never loads section bodies, and reads its tags from the
//! post's own row (`posts.tag_list`, one per line), so a listing is one
//! query, not one per post. A search ranks ids first and reads the columns of the page only. Each shape of query is a fixed SQL text chosen by
//! sort order and by whether there are words to search, never assembled from
//! user input.

use rusqlite::{Connection, params};

use super::damage::lossy_col;
use super::{ListQuery, Sort, Store, fts_query, status_col, time_col, time_opt_col};
use crate::Result;
use crate::model::{Post, PostSummary, Status};

/// `SELECT` + the columns [`summary_row`] reads, followed by the given text.
macro_rules! summaries {
    ($($tail:expr),* $(,)?) => {
        concat!(
            "SELECT p.id, p.slug, p.title, p.summary, p.author, p.category, p.tag_list, \
             p.status, p.publish_at, p.created_at, p.updated_at, p.revision, p.deleted_at ",
            $($tail),*
        )
    };
}

/// The filters of a [`ListQuery`]: `?1` status, `?2` tag, `?3` category,
/// each ignored when NULL.
macro_rules! live_filtered {
    () => {
        "p.deleted_at IS NULL \
         AND (?1 IS NULL OR p.status = ?1) \
         AND (?2 IS NULL OR EXISTS (SELECT 1 FROM post_tags t \
              WHERE t.post_id = p.id AND t.tag = ?2 COLLATE NOCASE)) \
         AND (?3 IS NULL OR p.category = ?3 COLLATE NOCASE) "
    };
}

macro_rules! plain {
    ($order:expr) => {
        summaries!(
            "FROM posts p WHERE ",
            live_filtered!(),
            $order,
            " LIMIT ?4 OFFSET ?5"
        )
    };
}

macro_rules! searched {
    ($order:expr) => {
        summaries!(
            "FROM posts_fts f JOIN posts p ON p.id = f.rowid WHERE f.posts_fts MATCH ?6 AND ",
            live_filtered!(),
            $order,
            " LIMIT ?4 OFFSET ?5"
        )
    };
}

const BY_UPDATED: &str = plain!("ORDER BY p.updated_at DESC, p.id DESC");
const BY_DATE: &str = plain!("ORDER BY coalesce(p.publish_at, p.created_at) DESC, p.id DESC");
const BY_TITLE: &str = plain!("ORDER BY p.title COLLATE NOCASE, p.id");
/// Ranks matching ids, then reads the columns of that page only. Ordering
/// by `rank` alone lets FTS5 sort internally (bm25 of every match is the
/// cost); adding a tie-break there made SQLite sort instead, twice as slow.
const SEARCH_BY_RANK: &str = summaries!(
    "FROM (SELECT p.id AS id, f.rank AS rank \
           FROM posts_fts f JOIN posts p ON p.id = f.rowid \
           WHERE f.posts_fts MATCH ?6 AND ",
    live_filtered!(),
    "ORDER BY f.rank LIMIT ?4 OFFSET ?5) AS hit \
     JOIN posts p ON p.id = hit.id ORDER BY hit.rank, p.id DESC"
);
const SEARCH_BY_DATE: &str =
    searched!("ORDER BY coalesce(p.publish_at, p.created_at) DESC, p.id DESC");
const SEARCH_BY_TITLE: &str = searched!("ORDER BY p.title COLLATE NOCASE, p.id");
const COUNT: &str = concat!("SELECT count(*) FROM posts p WHERE ", live_filtered!());
const SEARCH_COUNT: &str = concat!(
    "SELECT count(*) FROM posts_fts f JOIN posts p ON p.id = f.rowid \
     WHERE f.posts_fts MATCH ?4 AND ",
    live_filtered!()
);
const TRASHED: &str =
    summaries!("FROM posts p WHERE p.deleted_at IS NOT NULL ORDER BY p.deleted_at DESC, p.id DESC");
const RELATED: &str = summaries!(
    "FROM posts p WHERE p.deleted_at IS NULL \
     AND p.status IN (SELECT value FROM json_each(?1)) \
     AND p.id IS NOT ?2 AND p.slug <> ?3 \
     AND (p.slug IN (SELECT value FROM json_each(?4)) \
          OR EXISTS (SELECT 1 FROM post_tags t WHERE t.post_id = p.id \
                     AND t.tag COLLATE NOCASE IN (SELECT value FROM json_each(?5)))) \
     ORDER BY coalesce(p.publish_at, p.created_at) DESC, p.id DESC"
);

impl Store {
    /// Live posts matching `query`, as summaries. With words to search and
    /// the default sort (or [`Sort::Relevance`]) the best matches come first.
    pub fn list(&self, query: &ListQuery) -> Result<Vec<PostSummary>> {
        let limit = query.limit.map_or(-1, |n| n.min(i64::MAX as usize) as i64);
        let offset = query.offset.min(i64::MAX as usize) as i64;
        let (status, tag, category) = filters(query);
        let found = match query.search.as_deref().and_then(fts_query) {
            None => {
                let sql = match query.sort {
                    Sort::Updated | Sort::Relevance => BY_UPDATED,
                    Sort::Date => BY_DATE,
                    Sort::Title => BY_TITLE,
                };
                let mut stmt = self.conn.prepare_cached(sql)?;
                let rows =
                    stmt.query_map(params![status, tag, category, limit, offset], summary_row)?;
                // Sized up front: growing a vector of 10,000 summaries step by
                // step showed up as a quarter of a full listing's time.
                let mut found = Vec::with_capacity(query.limit.unwrap_or(1024).min(10_000));
                for row in rows {
                    found.push(row?);
                }
                found
            }
            Some(fts) => {
                let sql = match query.sort {
                    Sort::Updated | Sort::Relevance => SEARCH_BY_RANK,
                    Sort::Date => SEARCH_BY_DATE,
                    Sort::Title => SEARCH_BY_TITLE,
                };
                self.conn
                    .prepare_cached(sql)?
                    .query_map(
                        params![status, tag, category, limit, offset, fts],
                        summary_row,
                    )?
                    .collect::<rusqlite::Result<_>>()?
            }
        };
        Ok(found)
    }

    /// How many live posts match `query` (its sort, limit and offset aside).
    pub fn count(&self, query: &ListQuery) -> Result<usize> {
        let (status, tag, category) = filters(query);
        let n: i64 = match query.search.as_deref().and_then(fts_query) {
            None => self
                .conn
                .prepare_cached(COUNT)?
                .query_row(params![status, tag, category], |row| row.get(0))?,
            Some(fts) => self
                .conn
                .prepare_cached(SEARCH_COUNT)?
                .query_row(params![status, tag, category, fts], |row| row.get(0))?,
        };
        Ok(n as usize)
    }

    /// The tags of live posts, once each (ignoring case), sorted.
    pub fn tags(&self) -> Result<Vec<String>> {
        strings(
            &self.conn,
            "SELECT t.tag FROM post_tags t JOIN posts p ON p.id = t.post_id \
             WHERE p.deleted_at IS NULL \
             GROUP BY t.tag COLLATE NOCASE ORDER BY t.tag COLLATE NOCASE",
        )
    }

    /// The categories of live posts, once each (ignoring case), sorted.
    pub fn categories(&self) -> Result<Vec<String>> {
        strings(
            &self.conn,
            "SELECT category FROM posts WHERE deleted_at IS NULL AND category <> '' \
             GROUP BY category COLLATE NOCASE ORDER BY category COLLATE NOCASE",
        )
    }

    /// Live posts with one of `statuses` that share a tag with `post` or are
    /// among its hand-picked `related`, never `post` itself; newest first.
    /// (Choosing and ordering the final few is the renderer's job.)
    pub fn related_candidates(&self, post: &Post, statuses: &[Status]) -> Result<Vec<PostSummary>> {
        let statuses: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
        let statuses = serde_json::to_string(&statuses)?;
        let related = serde_json::to_string(&post.related)?;
        let tags = serde_json::to_string(&post.tags)?;
        Ok(self
            .conn
            .prepare_cached(RELATED)?
            .query_map(
                params![statuses, post.id, post.slug.trim(), related, tags],
                summary_row,
            )?
            .collect::<rusqlite::Result<_>>()?)
    }
}

/// Trashed posts, most recently deleted first.
pub(super) fn trashed(conn: &Connection) -> Result<Vec<PostSummary>> {
    Ok(conn
        .prepare_cached(TRASHED)?
        .query_map([], summary_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The status, tag and category filters as SQL parameters (NULL = any).
fn filters(query: &ListQuery) -> (Option<&'static str>, Option<&str>, Option<&str>) {
    (
        query.status.map(Status::as_str),
        given(&query.tag),
        given(&query.category),
    )
}

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Maps a row of [`summaries!`] to a [`PostSummary`].
fn summary_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<PostSummary> {
    Ok(PostSummary {
        id: row.get(0)?,
        // Read leniently: one post with damaged text must not hide the rest.
        slug: lossy_col(row, 1)?,
        title: lossy_col(row, 2)?,
        summary: lossy_col(row, 3)?,
        author: lossy_col(row, 4)?,
        category: lossy_col(row, 5)?,
        tags: tag_list(&lossy_col(row, 6)?),
        status: status_col(row, 7)?,
        publish_at: time_opt_col(row, 8)?,
        created_at: time_col(row, 9)?,
        updated_at: time_col(row, 10)?,
        revision: row.get(11)?,
        deleted_at: time_opt_col(row, 12)?,
    })
}

/// Splits `posts.tag_list` (one tag per line).
fn tag_list(lines: &str) -> Vec<String> {
    if lines.is_empty() {
        return Vec::new();
    }
    lines.split('\n').map(str::to_string).collect()
}

fn strings(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached(sql)?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}
