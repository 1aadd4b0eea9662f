//! Many whole posts in one read, for exports. [`Store::get`] runs five
//! queries per post, each its own implicit transaction (a WAL read lock taken
//! and dropped each time); [`Store::posts_in`] reads a batch inside one read
//! transaction with one query per table. The SQL text is never built from
//! the data; the ids go in as a JSON array (`json_each`), or, when they are
//! ascending and close together (as the site export asks for them), as the
//! range they span, read in one walk of each table's index.

use std::collections::HashMap;

use rusqlite::Connection;

use super::Store;
use super::posts::post_row;
use crate::model::{Post, Section};
use crate::{Error, Result};

/// The columns [`post_row`] reads, for the live posts that `$filter`
/// keeps. `NOT INDEXED`: by id (the rowid), never by walking a
/// `(deleted_at, …)` index over every live post, which the planner
/// otherwise picks.
macro_rules! posts {
    ($filter:expr) => {
        concat!(
            "SELECT id, slug, title, summary, author, category, status, publish_at, \
             created_at, updated_at, revision, language, cover_src, cover_alt, cover_caption, \
             aliases, extra FROM posts NOT INDEXED WHERE ",
            $filter,
            " AND deleted_at IS NULL"
        )
    };
}

/// The columns of `table` for a batch, in post and position order.
macro_rules! children {
    ($cols:literal, $table:literal, $filter:expr) => {
        concat!(
            "SELECT post_id, ",
            $cols,
            " FROM ",
            $table,
            " WHERE ",
            $filter,
            " ORDER BY post_id, position"
        )
    };
}

/// The queries of one way of naming the batch: `?1` a JSON array of ids,
/// or `?1`..`?2` the range of ids it spans.
struct BatchSql {
    posts: &'static str,
    sections: &'static str,
    /// Takeaways, tags, related slugs: `post_id` and the value.
    lists: [&'static str; 3],
}

/// The five queries of a batch whose ids are `id $ids`.
macro_rules! batch_sql {
    ($ids:literal) => {
        BatchSql {
            posts: posts!(concat!("id ", $ids)),
            sections: children!("heading, body", "sections", concat!("post_id ", $ids)),
            lists: [
                children!("text", "takeaways", concat!("post_id ", $ids)),
                children!("tag", "post_tags", concat!("post_id ", $ids)),
                children!("slug", "related", concat!("post_id ", $ids)),
            ],
        }
    };
}

const BY_LIST: BatchSql = batch_sql!("IN (SELECT value FROM json_each(?1))");
const BY_RANGE: BatchSql = batch_sql!("BETWEEN ?1 AND ?2");

impl Store {
    /// The live posts with these ids, in the order of `ids` (distinct), as
    /// [`Store::get`] returns them, read as of one moment. An id that is no
    /// live post gives [`Error::NotFound`] (as `get` would).
    pub fn posts_in(&self, ids: &[i64]) -> Result<Vec<Post>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Inside a [`Snapshot`] the reads already share one transaction.
        let tx = if self.conn.is_autocommit() {
            Some(self.conn.unchecked_transaction()?)
        } else {
            None
        };
        let posts =
            read(&self.conn, ids).map_err(|e| super::damage::explain(&self.conn, ids, e))?;
        if let Some(tx) = tx {
            tx.commit()?;
        }
        match posts {
            Ok(posts) => Ok(posts),
            // The same message as `get`'s, trashed or not.
            Err(missing) => Err(self
                .get(missing)
                .err()
                .unwrap_or_else(|| Error::NotFound(format!("no post with id {missing}")))),
        }
    }
}

/// One read transaction held open: while it lives, every read through the
/// store sees the database as it was at the first of them, whatever other
/// connections write meanwhile (a site export reads its listing and then
/// each post; a post switched to draft or trashed in between must not
/// change what it sees). Ends when dropped.
pub struct Snapshot<'a> {
    _tx: rusqlite::Transaction<'a>,
}

impl Store {
    /// Starts a [`Snapshot`]: reads through `self` until it is dropped see
    /// one consistent state. Writing through `self` meanwhile is an error.
    pub fn snapshot(&self) -> Result<Snapshot<'_>> {
        let tx = self.conn.unchecked_transaction()?;
        // The snapshot is taken by the first read, so take it now.
        tx.query_row("SELECT count(*) FROM posts", [], |_| Ok(()))?;
        Ok(Snapshot { _tx: tx })
    }

    /// The hand-picked related slugs of every live post, by post id.
    pub fn related_slugs(&self) -> Result<HashMap<i64, Vec<String>>> {
        let mut by_post: HashMap<i64, Vec<String>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.post_id, r.slug FROM related r JOIN posts p ON p.id = r.post_id \
             WHERE p.deleted_at IS NULL ORDER BY r.post_id, r.position",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            by_post.entry(row.get(0)?).or_default().push(row.get(1)?);
        }
        Ok(by_post)
    }
}

/// The first and last of `ids` when they are better read as the range they
/// span: strictly ascending, and at most half of the range not asked for
/// (its rows are read and skipped).
fn span(ids: &[i64]) -> Option<(i64, i64)> {
    let (&first, &last) = (ids.first()?, ids.last()?);
    let ascending = ids.windows(2).all(|w| w[0] < w[1]);
    let len = i64::try_from(ids.len()).ok()?;
    (ascending && last.checked_sub(first)? < len.checked_mul(2)?).then_some((first, last))
}

/// Reads the posts `ids` inside a transaction, in that order; `Err(id)`
/// names an id that is no live post.
fn read(conn: &Connection, ids: &[i64]) -> Result<std::result::Result<Vec<Post>, i64>> {
    let list;
    let range = span(ids);
    let (sql, args): (&BatchSql, Vec<&dyn rusqlite::ToSql>) = match &range {
        Some((first, last)) => (&BY_RANGE, vec![first, last]),
        None => {
            list = serde_json::to_string(ids)?;
            (&BY_LIST, vec![&list])
        }
    };
    let args = args.as_slice();
    // Each post goes straight to the slot of the order asked for; rows of
    // ids not asked for (a range's holes) have no slot and are skipped.
    let mut at: HashMap<i64, usize> = HashMap::with_capacity(ids.len());
    for (i, &id) in ids.iter().enumerate() {
        at.entry(id).or_insert(i);
    }
    let mut slots: Vec<Option<Post>> = (0..ids.len()).map(|_| None).collect();
    for post in conn.prepare_cached(sql.posts)?.query_map(args, post_row)? {
        let post = post?;
        if let Some(&i) = at.get(&post.id.unwrap_or_default()) {
            slots[i] = Some(post);
        }
    }
    if let Some(&missing) = ids.iter().find(|id| slots[at[*id]].is_none()) {
        return Ok(Err(missing));
    }
    let mut stmt = conn.prepare_cached(sql.sections)?;
    let mut rows = stmt.query(args)?;
    while let Some(row) = rows.next()? {
        if let Some(post) = slot(&mut slots, &at, row.get(0)?) {
            post.sections.push(Section {
                heading: row.get(1)?,
                body: row.get(2)?,
            });
        }
    }
    let fields: [fn(&mut Post) -> &mut Vec<String>; 3] =
        [|p| &mut p.takeaways, |p| &mut p.tags, |p| &mut p.related];
    for (sql, field) in sql.lists.into_iter().zip(fields) {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(args)?;
        while let Some(row) = rows.next()? {
            if let Some(post) = slot(&mut slots, &at, row.get(0)?) {
                field(post).push(row.get(1)?);
            }
        }
    }
    Ok(Ok(slots.into_iter().flatten().collect()))
}

/// The post read for `id`, if `id` was asked for.
fn slot<'a>(
    slots: &'a mut [Option<Post>],
    at: &HashMap<i64, usize>,
    id: i64,
) -> Option<&'a mut Post> {
    at.get(&id).and_then(|&i| slots[i].as_mut())
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use crate::model::{Post, Section};
    use crate::{Error, Store};

    #[test]
    fn posts_in_reads_like_get_in_the_order_asked() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        let mut store = Store::open_at(dir.path().join("q.db"), now).unwrap();
        let mut ids = Vec::new();
        for n in 0..5 {
            let post = Post {
                title: format!("Post {n}"),
                sections: (0..n)
                    .map(|k| Section {
                        heading: format!("H{k}"),
                        body: format!("body {k} of {n}"),
                    })
                    .collect(),
                takeaways: (0..n % 3).map(|k| format!("take {k}")).collect(),
                tags: (0..n % 4).map(|k| format!("t{k}")).collect(),
                related: (0..n % 2).map(|k| format!("post-{k}")).collect(),
                ..Post::default()
            };
            ids.push(store.create(post, now).unwrap().id.unwrap());
        }
        ids.reverse();
        ids.swap(1, 3);
        let batch = store.posts_in(&ids).unwrap();
        let one_by_one: Vec<Post> = ids.iter().map(|&id| store.get(id).unwrap()).collect();
        assert_eq!(
            batch, one_by_one,
            "same posts, children in order, ids' order"
        );
        assert!(store.posts_in(&[]).unwrap().is_empty(), "nothing asked");

        store.delete(ids[2], now).unwrap();
        assert!(
            matches!(store.posts_in(&ids), Err(Error::NotFound(m)) if m.contains("trash")),
            "a trashed post is not found, as with get"
        );
        assert!(
            matches!(store.posts_in(&[ids[0], 99_999]), Err(Error::NotFound(_))),
            "an unknown id is not found"
        );
    }

    #[test]
    fn only_close_ascending_ids_are_read_as_a_range() {
        use super::span;
        assert_eq!(span(&[7]), Some((7, 7)));
        assert_eq!(span(&[3, 4, 6]), Some((3, 6)), "a hole is skipped");
        assert_eq!(span(&[3, 9]), None, "more skipped than asked for");
        assert_eq!(span(&[4, 3]), None, "descending");
        assert_eq!(span(&[3, 3]), None, "a repeated id");
        assert_eq!(span(&[i64::MIN, i64::MAX]), None, "no overflow");
        assert_eq!(span(&[]), None);
    }

    #[test]
    fn a_range_of_ids_skips_the_posts_not_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        let mut store = Store::open_at(dir.path().join("q.db"), now).unwrap();
        let ids: Vec<i64> = (0..8)
            .map(|n| {
                let post = Post {
                    title: format!("Neighbour {n}"),
                    sections: vec![Section::new(format!("S{n}"), format!("body of {n}"))],
                    takeaways: vec![format!("take {n}")],
                    tags: vec![format!("t{n}")],
                    related: vec![format!("r{n}")],
                    ..Post::default()
                };
                store.create(post, now).unwrap().id.unwrap()
            })
            .collect();
        store.delete(ids[3], now).unwrap();
        let one_by_one = |asked: &[i64]| -> Vec<Post> {
            asked.iter().map(|&id| store.get(id).unwrap()).collect()
        };
        // Ascending and close together: read as a range, with holes (a post
        // not asked for, a trashed one) skipped.
        let asked = [ids[0], ids[2], ids[4], ids[5]];
        assert_eq!(store.posts_in(&asked).unwrap(), one_by_one(&asked));
        let asked = [ids[1], ids[2]];
        assert_eq!(store.posts_in(&asked).unwrap(), one_by_one(&asked));
        assert!(
            matches!(store.posts_in(&[ids[2], ids[3], ids[4]]), Err(Error::NotFound(m)) if m.contains("trash")),
            "a trashed post inside the range is not found"
        );
        // Far apart: read by the list of ids.
        let asked = [ids[0], ids[7]];
        assert_eq!(store.posts_in(&asked).unwrap(), one_by_one(&asked));
    }
}
