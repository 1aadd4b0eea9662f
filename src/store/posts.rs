//! Saving and loading whole posts. A save is one transaction: check the
//! revision (stale → `Conflict`, nothing written), normalise and validate,
//! settle the slug, rewrite the posts row and its children, write the
//! revision snapshot, re-index for search, commit.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::damage::lossy_col;
use super::{Store, revisions, search, settings, status_col, time_opt_col, time_text};
use crate::model::{Cover, Extra, Post, PostInput, Section, format_time, slug};
use crate::{Error, Result};

impl Store {
    /// Saves a new post (its `id` and `revision` are ignored) as revision 1.
    /// An empty slug is derived from the title and made unique; an empty
    /// author becomes the site's default author.
    pub fn create(&mut self, post: Post, now: DateTime<Utc>) -> Result<Post> {
        let tx = self.write()?;
        let saved = insert(&tx, post, now)?;
        tx.commit()?;
        self.committed()?;
        Ok(saved)
    }

    /// Saves a new version of post `post.id`. `post.revision` must be the
    /// stored revision (the one the editor started from), else
    /// [`Error::Conflict`] and nothing is written. An update is a whole
    /// post: one parsed from JSON that leaves out a field of
    /// [`crate::model::UPDATE_FIELDS`] is refused, naming them. Returns the
    /// post as stored, at the next revision.
    pub fn update(&mut self, post: impl Into<PostInput>, now: DateTime<Utc>) -> Result<Post> {
        let tx = self.write()?;
        let saved = update(&tx, post.into(), now)?;
        tx.commit()?;
        self.committed()?;
        Ok(saved)
    }

    /// Creates or updates: by `id` when given, else by `slug` when a live post
    /// has it (its current `revision` is then required: without one, the
    /// post is refused as a new post whose slug is taken), else creates.
    pub fn put(&mut self, post: impl Into<PostInput>, now: DateTime<Utc>) -> Result<Post> {
        let mut input = post.into();
        let tx = self.write()?;
        let slug = input.post.slug.trim().to_string();
        if input.post.id.is_none()
            && !slug.is_empty()
            && let Some((id, revision)) = live_by_slug(&tx, &slug)?
        {
            if input.post.revision == 0 {
                return Err(Error::Conflict(format!(
                    "a post with slug `{slug}` already exists (id {id}, revision \
                         {revision}); to update it, send it with its id and revision \
                         (quire show {slug} --json), or choose another slug"
                )));
            }
            input.post.id = Some(id);
        }
        let saved = match input.post.id {
            Some(_) => update(&tx, input, now)?,
            None => insert(&tx, input.post, now)?,
        };
        tx.commit()?;
        self.committed()?;
        Ok(saved)
    }

    /// The live post with this id (a trashed one is [`Error::NotFound`]).
    pub fn get(&self, id: i64) -> Result<Post> {
        load(&self.conn, id, false)
    }

    /// The live post with this slug.
    pub fn get_by_slug(&self, slug: &str) -> Result<Post> {
        match live_id_by_slug(&self.conn, slug.trim())? {
            Some(id) => self.get(id),
            None => Err(Error::NotFound(format!(
                "no post with slug `{}`",
                slug.trim()
            ))),
        }
    }

    /// The slugs of the live posts among `ids` (an id that is no live post
    /// is left out): what a renderer needs to turn internal links
    /// (`quire:post/ID`, see [`crate::model::links`]) into addresses.
    pub fn slugs_by_id(&self, ids: &[i64]) -> Result<std::collections::HashMap<i64, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT slug FROM posts WHERE id = ?1 AND deleted_at IS NULL")?;
        let mut out = std::collections::HashMap::with_capacity(ids.len());
        for &id in ids {
            if let Some(slug) = stmt
                .query_row(params![id], |row| row.get::<_, String>(0))
                .optional()?
            {
                out.insert(id, slug);
            }
        }
        Ok(out)
    }

    /// The id of a post, live or trashed, named by id (all digits) or slug.
    /// Digits that are no post's id are tried as a slug.
    pub fn resolve(&self, id_or_slug: &str) -> Result<i64> {
        let key = id_or_slug.trim();
        if let Ok(id) = key.parse::<i64>() {
            let found: Option<i64> = self
                .conn
                .prepare_cached("SELECT id FROM posts WHERE id = ?1")?
                .query_row(params![id], |row| row.get(0))
                .optional()?;
            if let Some(id) = found {
                return Ok(id);
            }
        }
        self.conn
            .prepare_cached("SELECT id FROM posts WHERE slug = ?1")?
            .query_row(params![key], |row| row.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("no post with id or slug `{key}`")))
    }

    /// Starts a write transaction, taking the write lock at once so that two
    /// writers wait for each other instead of failing half-way.
    pub(super) fn write(&mut self) -> Result<Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }
}

/// One post by id, live only unless `?2` is true; the columns [`post_row`] reads.
const POST_BY_ID: &str = "SELECT id, slug, title, summary, author, category, status, publish_at, \
     created_at, updated_at, revision, language, cover_src, cover_alt, cover_caption, aliases, \
     extra FROM posts WHERE id = ?1 AND (deleted_at IS NULL OR ?2)";

/// Maps a row of [`POST_BY_ID`] (or a query with its columns) to a post
/// without its children.
pub(super) fn post_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Post> {
    Ok(Post {
        id: Some(row.get(0)?),
        slug: row.get(1)?,
        title: row.get(2)?,
        summary: row.get(3)?,
        author: row.get(4)?,
        category: row.get(5)?,
        status: status_col(row, 6)?,
        publish_at: time_opt_col(row, 7)?,
        created_at: time_opt_col(row, 8)?,
        updated_at: time_opt_col(row, 9)?,
        revision: row.get(10)?,
        language: row.get(11)?,
        cover: row.get::<_, Option<String>>(12)?.map(|src| Cover {
            src,
            alt: row.get(13).unwrap_or_default(),
            caption: row.get(14).unwrap_or_default(),
        }),
        aliases: lines(&row.get::<_, String>(15)?),
        extra: extra_col(row, 16)?,
        ..Post::default()
    })
}

/// A column of items one per line (`tag_list`, `aliases`).
pub(super) fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

/// `posts.extra`: JSON, or NULL for none.
fn extra_col(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Extra> {
    match row.get::<_, Option<String>>(i)? {
        None => Ok(Extra::new()),
        Some(text) => serde_json::from_str(&text).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        }),
    }
}

/// What `posts.extra` stores for `extra`.
fn extra_text(extra: &Extra) -> Result<Option<String>> {
    Ok(if extra.is_empty() {
        None
    } else {
        Some(serde_json::to_string(extra)?)
    })
}

/// Maps a row of `sections` to a section.
fn section_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Section> {
    Ok(Section {
        heading: row.get(0)?,
        body: row.get(1)?,
    })
}

/// Loads a whole post; trashed ones only when `trashed_too`. Stored text
/// that is not UTF-8 is [`Error::Damaged`], naming the post and field.
pub(super) fn load(conn: &Connection, id: i64, trashed_too: bool) -> Result<Post> {
    load_strict(conn, id, trashed_too).map_err(|e| super::damage::explain(conn, &[id], e))
}

fn load_strict(conn: &Connection, id: i64, trashed_too: bool) -> Result<Post> {
    let mut stmt = conn.prepare_cached(POST_BY_ID)?;
    let Some(mut post) = stmt
        .query_row(params![id, trashed_too], post_row)
        .optional()?
    else {
        let trashed = conn
            .prepare_cached("SELECT 1 FROM posts WHERE id = ?1 AND deleted_at IS NOT NULL")?
            .exists(params![id])?;
        return Err(Error::NotFound(if trashed {
            format!("post {id} is in the trash; restore it to open it")
        } else {
            format!("no post with id {id}")
        }));
    };
    post.sections = sections(conn, id)?;
    post.takeaways = strings(conn, TAKEAWAYS.select, id)?;
    post.tags = strings(conn, TAGS.select, id)?;
    post.related = strings(conn, RELATED.select, id)?;
    Ok(post)
}

fn sections(conn: &Connection, id: i64) -> Result<Vec<Section>> {
    Ok(conn
        .prepare_cached("SELECT heading, body FROM sections WHERE post_id = ?1 ORDER BY position")?
        .query_map(params![id], section_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The stored sections as an update compares them: damaged text read
/// leniently (it differs from any new text, so it is rewritten).
fn stored_sections(conn: &Connection, id: i64) -> Result<Vec<Section>> {
    Ok(conn
        .prepare_cached("SELECT heading, body FROM sections WHERE post_id = ?1 ORDER BY position")?
        .query_map(params![id], |row| {
            Ok(Section {
                heading: lossy_col(row, 0)?,
                body: lossy_col(row, 1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// [`strings`], damaged text read leniently (see [`stored_sections`]).
fn stored_strings(conn: &Connection, sql: &str, id: i64) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached(sql)?
        .query_map(params![id], |row| lossy_col(row, 0))?
        .collect::<rusqlite::Result<_>>()?)
}

fn strings(conn: &Connection, sql: &str, id: i64) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached(sql)?
        .query_map(params![id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

fn live_id_by_slug(conn: &Connection, slug: &str) -> Result<Option<i64>> {
    Ok(live_by_slug(conn, slug)?.map(|(id, _)| id))
}

/// The id and revision of the live post with this slug.
fn live_by_slug(conn: &Connection, slug: &str) -> Result<Option<(i64, i64)>> {
    Ok(conn
        .prepare_cached("SELECT id, revision FROM posts WHERE slug = ?1 AND deleted_at IS NULL")?
        .query_row(params![slug], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}

/// Writes a new post inside `tx`.
pub(super) fn insert(tx: &Transaction<'_>, post: Post, now: DateTime<Utc>) -> Result<Post> {
    insert_with_id(tx, post, None, now)
}

/// [`insert`], with the id given when it is free (an import planned it).
pub(super) fn insert_with_id(
    tx: &Transaction<'_>,
    mut post: Post,
    id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Post> {
    if let Some(id) = id {
        let taken = tx
            .prepare_cached("SELECT 1 FROM posts WHERE id = ?1")?
            .exists(params![id])?;
        if taken {
            return Err(Error::Conflict(format!(
                "post {id} was created elsewhere during the import; import again"
            )));
        }
    }
    post.normalize();
    post.validate()?;
    if post.author.is_empty() {
        post.author = settings::load(tx)?.default_author;
    }
    post.slug = settle_slug(tx, &post.slug, &post.title, None)?;
    refuse_self_related(&post)?;
    // A new post keeps the times it comes with (an import keeps when a post
    // was first written and last changed); otherwise it is new now.
    let created_at = post.created_at.filter(|t| *t <= now).unwrap_or(now);
    let updated_at = post
        .updated_at
        .filter(|t| *t <= now)
        .unwrap_or(now)
        .max(created_at);
    post.created_at = Some(created_at);
    post.updated_at = Some(updated_at);
    post.revision = 1;
    tx.prepare_cached(
        "INSERT INTO posts (slug, title, summary, author, category, status, publish_at, \
         created_at, updated_at, revision, tag_list, language, cover_src, cover_alt, \
         cover_caption, aliases, extra, id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?14, 1, ?9, ?10, ?11, ?12, ?13, ?15, ?16, ?17)",
    )?
    .execute(params![
        post.slug,
        post.title,
        post.summary,
        post.author,
        post.category,
        post.status.as_str(),
        time_text(post.publish_at),
        format_time(&created_at),
        post.tags.join("\n"),
        post.language,
        post.cover.as_ref().map(|c| &c.src),
        post.cover.as_ref().map_or("", |c| c.alt.as_str()),
        post.cover.as_ref().map_or("", |c| c.caption.as_str()),
        format_time(&updated_at),
        post.aliases.join("\n"),
        extra_text(&post.extra)?,
        id,
    ])?;
    let id = tx.last_insert_rowid();
    post.id = Some(id);
    write_children(tx, id, &post)?;
    revisions::write(tx, &post, now)?;
    search::index(tx, &post)?;
    Ok(post)
}

/// Writes a new version of an existing live post inside `tx`.
pub(super) fn update(tx: &Transaction<'_>, input: PostInput, now: DateTime<Utc>) -> Result<Post> {
    let id = input
        .post
        .id
        .ok_or_else(|| Error::Validation("an update needs the post's id".into()))?;
    let omitted = input.omitted();
    if !omitted.is_empty() {
        return Err(Error::Validation(format!(
            "the update omits {}; send the whole post (quire show {id} --json prints it), \
             or leave out id and slug to create a new post",
            omitted.join(", ")
        )));
    }
    // Optional fields an older sender does not know keep what is stored.
    let keep_language = !input.has("language");
    let keep_cover = !input.has("cover");
    let keep_aliases = !input.has("aliases");
    let keep_extra = !input.has("extra");
    let mut post = input.post;
    /// What an update checks and compares against.
    struct Stored {
        revision: i64,
        created_at: String,
        deleted_at: Option<String>,
        /// Slug, title and publication date: the indexed columns.
        indexed: [Option<String>; 3],
        language: Option<String>,
        cover: Option<Cover>,
        aliases: Vec<String>,
        extra: Extra,
    }
    let stored = tx
        .prepare_cached(
            "SELECT revision, created_at, deleted_at, slug, title, publish_at, language, \
             cover_src, cover_alt, cover_caption, aliases, extra FROM posts WHERE id = ?1",
        )?
        .query_row(params![id], |row| {
            Ok(Stored {
                revision: row.get(0)?,
                created_at: row.get(1)?,
                deleted_at: row.get(2)?,
                indexed: [
                    Some(lossy_col(row, 3)?),
                    Some(lossy_col(row, 4)?),
                    row.get(5)?,
                ],
                language: row.get(6).ok().flatten(),
                cover: row.get::<_, Option<String>>(7)?.map(|src| Cover {
                    src,
                    alt: row.get(8).unwrap_or_default(),
                    caption: row.get(9).unwrap_or_default(),
                }),
                aliases: lines(&lossy_col(row, 10)?),
                extra: extra_col(row, 11).unwrap_or_default(),
            })
        })
        .optional()?;
    let Some(Stored {
        revision,
        created_at,
        deleted_at,
        indexed,
        language,
        cover,
        aliases,
        extra,
    }) = stored
    else {
        return Err(Error::NotFound(format!("no post with id {id}")));
    };
    if deleted_at.is_some() {
        return Err(Error::NotFound(format!(
            "post {id} is in the trash; restore it before editing"
        )));
    }
    if keep_language {
        post.language = language;
    }
    if keep_cover {
        post.cover = cover;
    }
    if keep_aliases {
        post.aliases = aliases;
    }
    if keep_extra {
        post.extra = extra;
    }
    if post.revision != revision {
        return Err(Error::Conflict(format!(
            "post {id} was saved elsewhere since you opened it: it is at revision {revision}, \
             you edited revision {}; reload it and apply your changes again",
            post.revision
        )));
    }
    post.normalize();
    post.validate()?;
    post.slug = settle_slug(tx, &post.slug, &post.title, Some(id))?;
    refuse_self_related(&post)?;
    post.created_at = Some(super::parse_time(0, &created_at)?);
    post.updated_at = Some(now);
    post.revision = revision + 1;
    // SQLite rewrites the entries of every index on a column the UPDATE
    // sets, changed or not: leave out slug, title and publication date
    // (three indexes) when they are as stored, as in most autosaves.
    let publish_at = time_text(post.publish_at);
    let same_keys = indexed
        == [
            Some(post.slug.clone()),
            Some(post.title.clone()),
            publish_at,
        ];
    let sql = if same_keys {
        "UPDATE posts SET summary = ?4, author = ?5, category = ?6, status = ?7, \
         updated_at = ?9, revision = ?10, tag_list = ?11, language = ?12, cover_src = ?13, \
         cover_alt = ?14, cover_caption = ?15, aliases = ?16, extra = ?17 WHERE id = ?1"
    } else {
        "UPDATE posts SET slug = ?2, title = ?3, summary = ?4, author = ?5, category = ?6, \
         status = ?7, publish_at = ?8, updated_at = ?9, revision = ?10, tag_list = ?11, \
         language = ?12, cover_src = ?13, cover_alt = ?14, cover_caption = ?15, aliases = ?16, \
         extra = ?17 WHERE id = ?1"
    };
    tx.prepare_cached(sql)?.execute(params![
        id,
        post.slug,
        post.title,
        post.summary,
        post.author,
        post.category,
        post.status.as_str(),
        time_text(post.publish_at),
        format_time(&now),
        post.revision,
        post.tags.join("\n"),
        post.language,
        post.cover.as_ref().map(|c| &c.src),
        post.cover.as_ref().map_or("", |c| c.alt.as_str()),
        post.cover.as_ref().map_or("", |c| c.caption.as_str()),
        post.aliases.join("\n"),
        extra_text(&post.extra)?,
    ])?;
    rewrite_children(tx, id, &post)?;
    revisions::write(tx, &post, now)?;
    search::unindex(tx, id)?;
    search::index(tx, &post)?;
    Ok(post)
}

const INSERT_SECTION: &str =
    "INSERT INTO sections (post_id, position, heading, body) VALUES (?1, ?2, ?3, ?4)";

/// SQL for one of a post's short ordered lists: read it, drop it, add an item.
struct ListSql {
    select: &'static str,
    delete: &'static str,
    insert: &'static str,
}

const TAKEAWAYS: ListSql = ListSql {
    select: "SELECT text FROM takeaways WHERE post_id = ?1 ORDER BY position",
    delete: "DELETE FROM takeaways WHERE post_id = ?1",
    insert: "INSERT INTO takeaways (post_id, position, text) VALUES (?1, ?2, ?3)",
};
const TAGS: ListSql = ListSql {
    select: "SELECT tag FROM post_tags WHERE post_id = ?1 ORDER BY position",
    delete: "DELETE FROM post_tags WHERE post_id = ?1",
    insert: "INSERT INTO post_tags (post_id, position, tag) VALUES (?1, ?2, ?3)",
};
const RELATED: ListSql = ListSql {
    select: "SELECT slug FROM related WHERE post_id = ?1 ORDER BY position",
    delete: "DELETE FROM related WHERE post_id = ?1",
    insert: "INSERT INTO related (post_id, position, slug) VALUES (?1, ?2, ?3)",
};

/// A post's short lists, each with its SQL.
fn lists(post: &Post) -> [(&'static ListSql, &[String]); 3] {
    [
        (&TAKEAWAYS, &post.takeaways),
        (&TAGS, &post.tags),
        (&RELATED, &post.related),
    ]
}

/// Inserts `items` as the list `sql` of post `id`.
fn insert_list(tx: &Transaction<'_>, sql: &ListSql, id: i64, items: &[String]) -> Result<()> {
    let mut stmt = tx.prepare_cached(sql.insert)?;
    for (i, item) in items.iter().enumerate() {
        stmt.execute(params![id, i, item])?;
    }
    Ok(())
}

/// Records which stored images post `id` refers to, when that changed.
fn write_media_refs(tx: &Transaction<'_>, id: i64, post: &Post) -> Result<()> {
    let refs = crate::model::media_refs(post);
    let current: std::collections::BTreeSet<String> = tx
        .prepare_cached("SELECT name FROM post_media WHERE post_id = ?1 AND current")?
        .query_map(params![id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if current == refs {
        return Ok(());
    }
    // An image no longer in the text stays listed: a revision shows it.
    tx.prepare_cached("UPDATE post_media SET current = 0 WHERE post_id = ?1")?
        .execute(params![id])?;
    let mut add = tx.prepare_cached(
        "INSERT INTO post_media (post_id, name, current) VALUES (?1, ?2, 1) \
         ON CONFLICT (post_id, name) DO UPDATE SET current = 1",
    )?;
    for name in &refs {
        add.execute(params![id, name])?;
    }
    Ok(())
}

/// Inserts the ordered children of post `id`.
fn write_children(tx: &Transaction<'_>, id: i64, post: &Post) -> Result<()> {
    let mut stmt = tx.prepare_cached(INSERT_SECTION)?;
    for (i, section) in post.sections.iter().enumerate() {
        stmt.execute(params![id, i, section.heading, section.body])?;
    }
    for (sql, items) in lists(post) {
        insert_list(tx, sql, id, items)?;
    }
    write_media_refs(tx, id, post)
}

/// Brings the stored children of post `id` in line with `post`, writing
/// only what changed: an autosave usually changes one section, and
/// deleting and inserting them all wrote ~30 pages to the log for a 16 KB
/// post (which the commit's fsync then waits for) instead of ~2.
fn rewrite_children(tx: &Transaction<'_>, id: i64, post: &Post) -> Result<()> {
    let stored = stored_sections(tx, id)?;
    let mut change = tx.prepare_cached(
        "UPDATE sections SET heading = ?3, body = ?4 WHERE post_id = ?1 AND position = ?2",
    )?;
    let mut add = tx.prepare_cached(INSERT_SECTION)?;
    for (i, section) in post.sections.iter().enumerate() {
        match stored.get(i) {
            Some(same) if same == section => {}
            Some(_) => {
                change.execute(params![id, i, section.heading, section.body])?;
            }
            None => {
                add.execute(params![id, i, section.heading, section.body])?;
            }
        }
    }
    if stored.len() > post.sections.len() {
        tx.prepare_cached("DELETE FROM sections WHERE post_id = ?1 AND position >= ?2")?
            .execute(params![id, post.sections.len()])?;
    }
    // The short lists: rewritten whole when they differ, else left alone.
    for (sql, items) in lists(post) {
        if stored_strings(tx, sql.select, id)? != items {
            tx.prepare_cached(sql.delete)?.execute(params![id])?;
            insert_list(tx, sql, id, items)?;
        }
    }
    write_media_refs(tx, id, post)
}

/// `Post::validate` checks this for a slug given by hand; a derived slug is
/// only known once settled.
fn refuse_self_related(post: &Post) -> Result<()> {
    if post.related.contains(&post.slug) {
        return Err(Error::Validation(format!(
            "a post cannot be related to itself (`{}`)",
            post.slug
        )));
    }
    Ok(())
}

/// The slug to store: derived from the title (`-2`, `-3`… until no other
/// post, live or trashed, has it) when `given` is empty; else `given`
/// (already validated) if no other post has it.
fn settle_slug(tx: &Transaction<'_>, given: &str, title: &str, id: Option<i64>) -> Result<String> {
    let mut holder = tx.prepare_cached(
        "SELECT id, title, deleted_at IS NOT NULL FROM posts WHERE slug = ?1 AND id IS NOT ?2",
    )?;
    if given.is_empty() {
        let base = slug::slugify(title);
        for n in 1.. {
            let candidate = slug::numbered(&base, n);
            if !holder.exists(params![candidate, id])? {
                return Ok(candidate);
            }
        }
        unreachable!("the candidates are endless");
    }
    let other: Option<(i64, String, bool)> = holder
        .query_row(params![given, id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    match other {
        None => Ok(given.to_string()),
        Some((other_id, other_title, trashed)) => Err(Error::Validation(format!(
            "slug `{given}` is already used by post {other_id} “{other_title}”{}",
            if trashed { " (in the trash)" } else { "" }
        ))),
    }
}
