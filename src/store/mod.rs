//! The SQLite store every post goes through: one file, opened in WAL mode with
//! foreign keys on and `synchronous=FULL` (an autosave that returned is on
//! disk), a schema versioned in `PRAGMA user_version` and migrated forward
//! only, normalised tables plus an FTS5 index kept in step inside each save's
//! transaction.
//!
//! One `impl Store` block per concern, each in its own file:
//! [`posts`] (create, update, put, get), [`list`] (listings, tags,
//! categories, related candidates), [`trash`], [`revisions`], [`settings`];
//! [`schema`] holds the migrations, [`search`] the FTS query building and
//! [`sample`] the post a brand-new database starts with.

mod batch;
mod checkpoint;
mod damage;
mod file;
mod imports;
mod list;
mod media;
mod posts;
mod revisions;
mod sample;
mod schema;
mod search;
mod settings;
mod trash;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::model::Status;
use crate::{Error, Result};

pub use batch::Snapshot;
pub use imports::{ImportWrite, Imported};
pub use media::{Media, NewMedia, encoding_key, export_format, read_image_file};
#[doc(hidden)] // for the upgrade tests
pub use schema::MIGRATIONS;
pub use schema::VERSION as SCHEMA_VERSION;
pub use search::fts_query;

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Page cache per connection, in KiB (SQLite's default is 2 MB): enough to
/// keep the posts table and its indexes of 10,000 posts in memory, so a
/// listing does not go back to the file for every page.
const CACHE_KIB: i64 = 32 * 1024;

/// The posts database: a SQLite connection and the file it lives in.
pub struct Store {
    /// Dropped first, so that the main connection closes last and folds the
    /// log into the file.
    checkpointer: Option<checkpoint::Checkpointer>,
    conn: Connection,
    path: PathBuf,
    /// The files the connection writes to, looked at after each commit.
    watch: file::Watch,
    /// Whether opening created the file.
    created: bool,
}

/// What [`Store::list`] and [`Store::count`] return: live posts, filtered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub status: Option<Status>,
    /// A tag the post must carry (compared case-insensitively).
    pub tag: Option<String>,
    /// The post's category (compared case-insensitively).
    pub category: Option<String>,
    /// Words to look for in title, summary, sections and takeaways; the last
    /// word matches as a prefix (search as you type). Never FTS syntax.
    pub search: Option<String>,
    pub sort: Sort,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// The order of a listing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Most recently saved first (with a search: by relevance).
    #[default]
    Updated,
    /// Publication date (else creation date), newest first.
    Date,
    /// Title, A to Z, ignoring case.
    Title,
    /// Best match first; only meaningful with a search, else as `Updated`.
    Relevance,
}

/// One entry of a post's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub revision: i64,
    #[serde(with = "crate::model::time")]
    pub saved_at: DateTime<Utc>,
    pub title: String,
    pub words: usize,
}

impl Store {
    /// Opens (creating it and its folder if missing) the database at `path`,
    /// migrates it, and gives a brand-new one its sample post, dated now.
    ///
    /// A database written by a newer Quire is refused with
    /// [`Error::IncompatibleVersion`] and left byte-for-byte untouched; a file
    /// that is not SQLite gives [`Error::NotADatabase`].
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_at(path, Utc::now())
    }

    /// [`Store::open`] with the clock passed in: `now` dates the sample post
    /// of a brand-new database (and nothing else).
    pub fn open_at(path: impl AsRef<Path>, now: DateTime<Utc>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        file::check_path(&path)?;
        let created = std::fs::symlink_metadata(&path).is_err();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        // Look before touching: a newer or foreign file must not be written to,
        // and switching to WAL writes the header.
        schema::check_read_only(&path)?;
        let mut conn = Connection::open(&path).map_err(|e| open_error(&path, e))?;
        configure(&conn, &path)?;
        schema::migrate(&mut conn, &path, now)?;
        Ok(Store {
            checkpointer: checkpoint::Checkpointer::start(&path),
            watch: file::Watch::new(&path),
            conn,
            path,
            created,
        })
    }

    /// Whether opening this store created its database file (a path that
    /// named no file yet): the shells say so, as a mistyped `--db` would
    /// otherwise go unnoticed.
    pub fn created(&self) -> bool {
        self.created
    }

    /// Where the database lives unless told otherwise:
    /// the OS data dir (`~/.local/share/quire/quire.db` on Linux).
    pub fn default_path() -> PathBuf {
        dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("quire")
            .join("quire.db")
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// To call after each commit: hands the log to the checkpointer, and
    /// makes sure the commit went into the files at the store's path. If it
    /// did not (see [`file`]), the store reconnects — without letting the old
    /// connections fold their orphaned log into the file — and the save is
    /// reported as failed, so the editor's retry lands in the real file.
    fn committed(&mut self) -> Result<()> {
        if let Some(checkpointer) = &self.checkpointer {
            checkpointer.wrote();
        }
        let lost = match self.watch.check() {
            Ok(()) => return Ok(()),
            Err(lost) => lost,
        };
        let _ = self.conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        );
        self.checkpointer = None;
        // Close before reopening: connections of one process share SQLite's
        // map of the log's index, which still describes the deleted log.
        drop(std::mem::replace(
            &mut self.conn,
            Connection::open_in_memory()?,
        ));
        let fresh = Store::open(&self.path)?;
        *self = Store {
            created: self.created,
            ..fresh
        };
        Err(lost)
    }
}

/// Per-connection settings (never part of a migration). The schema version is
/// checked again here, before the first write, in case another process
/// upgraded the file since the read-only look.
fn configure(conn: &Connection, path: &Path) -> Result<()> {
    let err = |e| open_error(path, e);
    conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(err)?;
    schema::refuse_newer(conn, path)?;
    let _mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(err)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(err)?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)
        .map_err(err)?;
    conn.pragma_update(None, "wal_autocheckpoint", checkpoint::BACKSTOP_PAGES)
        .map_err(err)?;
    conn.pragma_update(None, "journal_size_limit", checkpoint::LOG_KEEP_BYTES)
        .map_err(err)?;
    Ok(())
}

/// Maps an error met while opening: "file is not a database" becomes
/// [`Error::NotADatabase`]; a folder, a read-only folder or a full disk
/// become [`Error::DbFile`] saying so; the rest stays a database error.
fn open_error(path: &Path, e: rusqlite::Error) -> Error {
    file::explain(path, e)
}

/// Opens `path` read-only without creating it (for the look before writing).
fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// Reads a timestamp column written with [`crate::model::format_time`].
fn time_col(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    parse_time(idx, text_col(row, idx)?)
}

/// Reads a nullable timestamp column.
fn time_opt_col(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    match row.get_ref(idx)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => time_col(row, idx).map(Some),
    }
}

/// Borrows a text column (no copy: listings read thousands of rows).
fn text_col<'r>(row: &'r rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(idx)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn parse_time(idx: usize, text: &str) -> rusqlite::Result<DateTime<Utc>> {
    if let Some(t) = parse_stored_time(text) {
        return Ok(t);
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        })
}

/// The fast path for what [`crate::model::format_time`] writes,
/// `YYYY-MM-DDTHH:MM:SSZ` (a listing parses three per row).
fn parse_stored_time(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
    let time = date.and_hms_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?)?;
    Some(time.and_utc())
}

/// Reads a status column.
fn status_col(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Status> {
    text_col(row, idx)?.parse().map_err(|e: Error| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Formats an optional timestamp for a column.
fn time_text(t: Option<DateTime<Utc>>) -> Option<String> {
    t.as_ref().map(crate::model::format_time)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    #[test]
    fn stored_times_parse_on_the_fast_path_and_odd_ones_still_parse() {
        let t = Utc.with_ymd_and_hms(2023, 10, 6, 9, 0, 5).unwrap();
        let text = crate::model::format_time(&t);
        assert_eq!(
            super::parse_stored_time(&text),
            Some(t),
            "format_time output"
        );
        assert_eq!(
            super::parse_stored_time("2023-13-06T09:00:05Z"),
            None,
            "month 13"
        );
        assert_eq!(
            super::parse_time(0, "2023-10-06T11:00:05+02:00").unwrap(),
            t,
            "offsets"
        );
    }
}
