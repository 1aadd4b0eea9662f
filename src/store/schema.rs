//! The schema and its forward-only migrations. `PRAGMA user_version` holds
//! the number of migrations applied; opening applies the missing ones, each
//! in its own transaction, and refuses a database newer than this code.
//! Append to [`MIGRATIONS`]; never edit a step that has shipped.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};

use super::{open_error, open_read_only, posts, sample};
use crate::{Error, Result};

/// Step `i` takes a database from version `i` to `i + 1`.
#[doc(hidden)] // public for the upgrade tests only
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

/// The schema version this code reads and writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Version 1: posts and their ordered children, revisions, settings, and the
/// full-text index.
///
/// - `posts.deleted_at` set = in the trash. Listings read live posts in the
///   order of one of the `posts_by_*` indexes and never touch section bodies.
/// - Children are rewritten on every save; `(post_id, position)` keeps order.
/// - `revisions.snapshot` is the post's compact JSON, deflated.
/// - `posts_fts` is contentless (the text lives in the tables above) with
///   `contentless_delete`, rowid = post id; it holds live posts only. Title
///   and summary weigh more than the body in the ranking.
const V1: &str = "
CREATE TABLE posts (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL,
    author      TEXT NOT NULL,
    category    TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
    publish_at  TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL CHECK (revision > 0),
    deleted_at  TEXT
);
CREATE INDEX posts_by_updated ON posts (deleted_at, updated_at);
CREATE INDEX posts_by_date ON posts (deleted_at, coalesce(publish_at, created_at));
CREATE INDEX posts_by_title ON posts (deleted_at, title COLLATE NOCASE);

CREATE TABLE sections (
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    heading   TEXT NOT NULL,
    body      TEXT NOT NULL,
    PRIMARY KEY (post_id, position)
);

CREATE TABLE takeaways (
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    PRIMARY KEY (post_id, position)
) WITHOUT ROWID;

CREATE TABLE post_tags (
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    tag       TEXT NOT NULL,
    PRIMARY KEY (post_id, position)
) WITHOUT ROWID;
CREATE INDEX post_tags_by_tag ON post_tags (tag COLLATE NOCASE, post_id);

CREATE TABLE related (
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    slug      TEXT NOT NULL,
    PRIMARY KEY (post_id, position)
) WITHOUT ROWID;

CREATE TABLE revisions (
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    revision  INTEGER NOT NULL,
    saved_at  TEXT NOT NULL,
    title     TEXT NOT NULL,
    words     INTEGER NOT NULL,
    snapshot  BLOB NOT NULL,
    PRIMARY KEY (post_id, revision)
);

CREATE TABLE settings (
    key       TEXT PRIMARY KEY,
    value     TEXT NOT NULL
) WITHOUT ROWID;

CREATE VIRTUAL TABLE posts_fts USING fts5 (
    title, summary, body, takeaways,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO posts_fts (posts_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 2.0)');
";

/// Version 2: `posts.tag_list`, the post's tags one per line (a tag never
/// holds a line break: the model refuses it), written by the same save as
/// `post_tags`. `post_tags` stays the relation that filters and tag lists
/// query; `tag_list` lets a listing of 10,000 summaries read each post's
/// tags from its own row instead of running a sub-query per row (measured:
/// the sub-query tripled the time of a full listing, and decoding JSON
/// arrays instead of lines cost a sixth of it).
const V2: &str = "
ALTER TABLE posts ADD COLUMN tag_list TEXT NOT NULL DEFAULT '';
UPDATE posts SET tag_list = coalesce((
    SELECT group_concat(tag, char(10) ORDER BY position) FROM post_tags WHERE post_id = posts.id
), '');
";

/// Version 3: `posts.language`, the post's own language tag when it is not
/// the site's (NULL: the site's).
const V3: &str = "
ALTER TABLE posts ADD COLUMN language TEXT;
";

/// Version 4: images. `media` describes each stored image (its reference
/// name, as posts write it: `media/{name}`; the hash of its bytes, which
/// dedupes; its size in pixels as shown; its alternative text). The bytes
/// live in `media_blobs`, apart, so that listing images or posts never
/// reads them; `media_variants` caches what exports write (resized,
/// re-encoded, metadata gone), so a second export resizes nothing.
/// `post_media` says which images each post refers to (written with the
/// post; `current` when its latest text does, so an export writes the
/// images of the posts it publishes and no other), and which it referred
/// to in a revision: an image leaves the database only when the post that
/// last used it is purged with its history. A post's cover is three
/// columns of `posts`.
const V4: &str = "
ALTER TABLE posts ADD COLUMN cover_src TEXT;
ALTER TABLE posts ADD COLUMN cover_alt TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN cover_caption TEXT NOT NULL DEFAULT '';

CREATE TABLE media (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    hash           TEXT NOT NULL UNIQUE,
    original_name  TEXT NOT NULL,
    mime           TEXT NOT NULL,
    width          INTEGER NOT NULL,
    height         INTEGER NOT NULL,
    bytes          INTEGER NOT NULL,
    alt            TEXT NOT NULL,
    decorative     INTEGER NOT NULL DEFAULT 0,
    has_gps        INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL
);

CREATE TABLE media_blobs (
    media_id  INTEGER PRIMARY KEY REFERENCES media (id) ON DELETE CASCADE,
    data      BLOB NOT NULL
);

CREATE TABLE media_variants (
    media_id  INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    width     INTEGER NOT NULL,
    encoding  TEXT NOT NULL,
    data      BLOB NOT NULL,
    PRIMARY KEY (media_id, width, encoding)
);

CREATE TABLE post_media (
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    current   INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (post_id, name)
) WITHOUT ROWID;
CREATE INDEX post_media_by_name ON post_media (name);
";

/// Version 5: imports. `posts.aliases`, the post's old addresses one per
/// line (an alias never holds a blank: the model refuses it); `posts.extra`,
/// the front-matter keys an import kept, as JSON (NULL: none). `imports`
/// remembers which post each imported item became — by the source's
/// address (its folder or file) and the item's origin in it — with the
/// hash of what was read and the revision it was written as, so importing
/// the same source again updates what changed, creates nothing twice and
/// sees when the post was edited in Quire since.
const V5: &str = "
ALTER TABLE posts ADD COLUMN aliases TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN extra TEXT;

CREATE TABLE imports (
    source       TEXT NOT NULL,
    origin       TEXT NOT NULL,
    post_id      INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    hash         TEXT NOT NULL,
    revision     INTEGER NOT NULL,
    imported_at  TEXT NOT NULL,
    PRIMARY KEY (source, origin)
) WITHOUT ROWID;
CREATE INDEX imports_by_post ON imports (post_id);
";

/// Reads the schema version.
pub(super) fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Looks at an existing file through a read-only connection, so that a
/// foreign or newer file is refused before anything could write to it.
pub(super) fn check_read_only(path: &Path) -> Result<()> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(()); // does not exist yet: it will be created
    };
    if meta.len() == 0 {
        return Ok(()); // SQLite treats an empty file as an empty database
    }
    let conn = open_read_only(path).map_err(|e| open_error(path, e))?;
    match refuse_newer(&conn, path) {
        // A read-only connection cannot always read (e.g. a hot journal that
        // needs rolling back); the read-write connection checks again.
        Err(Error::Db(_)) => Ok(()),
        other => other,
    }
}

/// [`Error::IncompatibleVersion`] when the file is newer than this code;
/// [`Error::NotADatabase`] when it is not SQLite at all, or is SQLite but not
/// Quire's: a negative version, or version 0 with tables of someone else's
/// (Quire's first migration creates every table it has).
pub(super) fn refuse_newer(conn: &Connection, path: &Path) -> Result<()> {
    let found = user_version(conn).map_err(|e| open_error(path, e))?;
    if found > VERSION {
        return Err(Error::IncompatibleVersion {
            path: path.to_path_buf(),
            found,
            supported: VERSION,
        });
    }
    let foreign = found < 0
        || (found == 0
            && conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%')",
                    [],
                    |row| row.get::<_, bool>(0),
                )
                .map_err(|e| open_error(path, e))?);
    if foreign {
        return Err(Error::NotADatabase {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Applies the migrations the file lacks, one transaction each; the step
/// that brings a brand-new file to the current version also writes the
/// sample post, so a new database is never seen empty.
pub(super) fn migrate(conn: &mut Connection, path: &Path, now: DateTime<Utc>) -> Result<()> {
    // A database at the current version needs no write at all: reading the
    // version takes no lock that a writer in another process holds, so a
    // `list` or an export opens while the window is saving.
    if user_version(conn).map_err(|e| open_error(path, e))? == VERSION {
        return Ok(());
    }
    let mut fresh = None;
    loop {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| open_error(path, e))?;
        // Read inside the write lock: another process may have migrated.
        let version = user_version(&tx)?;
        if version > VERSION {
            return Err(Error::IncompatibleVersion {
                path: path.to_path_buf(),
                found: version,
                supported: VERSION,
            });
        }
        if version == VERSION {
            return Ok(());
        }
        let fresh = *fresh.get_or_insert(version == 0);
        let step = usize::try_from(version)
            .ok()
            .and_then(|v| MIGRATIONS.get(v))
            .ok_or_else(|| Error::NotADatabase {
                path: path.to_path_buf(),
            })?;
        tx.execute_batch(step)?;
        let next = version + 1;
        tx.pragma_update(None, "user_version", next)?;
        if fresh && next == VERSION {
            posts::insert(&tx, sample::post(), now)?;
        }
        tx.commit()?;
    }
}
