//! Many whole posts in one read, for exports. [`Store::get`] runs five
//! queries per post, each its own implicit transaction (a WAL read lock taken
//! and dropped each time); [`Store::posts_in`] reads a batch inside one read
//! transaction with one query per table, the ids passed as a JSON array
//! (`json_each`), so SQL text never depends on the data.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::Store;
use super::posts::post_row;
use crate::model::{Post, Section};
use crate::{Error, Result};

/// The columns [`post_row`] reads, for the live posts among `?1`. `NOT
/// INDEXED`: by id (the rowid), never by walking a `(deleted_at, …)` index
/// over every live post, which the planner otherwise picks.
const POSTS_IN: &str = "SELECT id, slug, title, summary, author, category, status, publish_at, \
     created_at, updated_at, revision FROM posts NOT INDEXED \
     WHERE id IN (SELECT value FROM json_each(?1)) AND deleted_at IS NULL";

impl Store {
    /// The live posts with these ids, in the order of `ids` (distinct), as
    /// [`Store::get`] returns them, read as of one moment. An id that is no
    /// live post gives [`Error::NotFound`] (as `get` would).
    pub fn posts_in(&self, ids: &[i64]) -> Result<Vec<Post>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.conn.unchecked_transaction()?;
        let posts = read(&tx, ids)?;
        tx.commit()?;
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

/// Reads the posts `ids` inside a transaction, in that order; `Err(id)`
/// names an id that is no live post.
fn read(conn: &Connection, ids: &[i64]) -> Result<std::result::Result<Vec<Post>, i64>> {
    let list = serde_json::to_string(ids)?;
    let mut posts: Vec<Post> = Vec::with_capacity(ids.len());
    let mut at: HashMap<i64, usize> = HashMap::with_capacity(ids.len());
    for post in conn
        .prepare_cached(POSTS_IN)?
        .query_map(params![list], post_row)?
    {
        let post = post?;
        at.insert(post.id.unwrap_or_default(), posts.len());
        posts.push(post);
    }
    if let Some(&missing) = ids.iter().find(|id| !at.contains_key(id)) {
        return Ok(Err(missing));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT post_id, heading, body FROM sections \
             WHERE post_id IN (SELECT value FROM json_each(?1)) ORDER BY post_id, position",
    )?;
    let mut rows = stmt.query(params![list])?;
    while let Some(row) = rows.next()? {
        if let Some(&i) = at.get(&row.get::<_, i64>(0)?) {
            posts[i].sections.push(Section {
                heading: row.get(1)?,
                body: row.get(2)?,
            });
        }
    }
    for (sql, field) in [
        (
            "SELECT post_id, text FROM takeaways \
                 WHERE post_id IN (SELECT value FROM json_each(?1)) ORDER BY post_id, position",
            (|p: &mut Post| &mut p.takeaways) as fn(&mut Post) -> &mut Vec<String>,
        ),
        (
            "SELECT post_id, tag FROM post_tags \
                 WHERE post_id IN (SELECT value FROM json_each(?1)) ORDER BY post_id, position",
            |p| &mut p.tags,
        ),
        (
            "SELECT post_id, slug FROM related \
                 WHERE post_id IN (SELECT value FROM json_each(?1)) ORDER BY post_id, position",
            |p| &mut p.related,
        ),
    ] {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params![list])?;
        while let Some(row) = rows.next()? {
            if let Some(&i) = at.get(&row.get::<_, i64>(0)?) {
                field(&mut posts[i]).push(row.get(1)?);
            }
        }
    }
    // Back into the order asked for.
    let mut by_id: HashMap<i64, Post> = posts
        .into_iter()
        .map(|p| (p.id.unwrap_or_default(), p))
        .collect();
    Ok(Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect()))
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
}
