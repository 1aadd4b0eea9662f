//! Text in the database that is not UTF-8 (written by another program, or
//! a damaged disk): listings show it with U+FFFD in place of the bad bytes
//! so every other command keeps working, and reading the whole post fails
//! with an error that names the post and the field, so the editor knows
//! which one to repair.

use rusqlite::{Connection, params};

use crate::Error;

/// A text column read as text whatever its bytes (bad ones become U+FFFD).
pub(super) fn lossy_col(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<String> {
    let value = row.get_ref(idx)?;
    match value {
        rusqlite::types::ValueRef::Text(bytes) | rusqlite::types::ValueRef::Blob(bytes) => {
            Ok(String::from_utf8_lossy(bytes).into_owned())
        }
        _ => row.get(idx),
    }
}

/// Whether `e` is SQLite text that is not UTF-8.
fn is_bad_text(e: &Error) -> bool {
    matches!(
        e,
        Error::Db(rusqlite::Error::FromSqlConversionFailure(_, _, inner))
            if inner.is::<std::str::Utf8Error>() || inner.is::<std::string::FromUtf8Error>()
    ) || matches!(e, Error::Db(rusqlite::Error::Utf8Error(_)))
}

/// `e` as it concerns the editor: when it is text that is not UTF-8 in one
/// of the posts `ids`, an [`Error::Damaged`] naming the post and field.
pub(super) fn explain(conn: &Connection, ids: &[i64], e: Error) -> Error {
    if !is_bad_text(&e) {
        return e;
    }
    for &id in ids {
        if let Ok(Some(field)) = bad_field(conn, id) {
            let slug: String = conn
                .query_row("SELECT slug FROM posts WHERE id = ?1", params![id], |row| {
                    lossy_col(row, 0)
                })
                .unwrap_or_default();
            return Error::Damaged(format!(
                "post {id} (`{slug}`) holds bytes that are not UTF-8 text in {field}; \
                 restore an earlier revision (quire history {id}, then quire revert {id} N) \
                 or move it to the trash"
            ));
        }
    }
    e
}

/// The first field of post `id` whose stored text is not UTF-8.
fn bad_field(conn: &Connection, id: i64) -> rusqlite::Result<Option<String>> {
    let valid = |bytes: Option<Vec<u8>>| bytes.is_none_or(|b| std::str::from_utf8(&b).is_ok());
    let row: [Option<Vec<u8>>; 5] = conn.query_row(
        "SELECT CAST(slug AS BLOB), CAST(title AS BLOB), CAST(summary AS BLOB), \
         CAST(author AS BLOB), CAST(category AS BLOB) FROM posts WHERE id = ?1",
        params![id],
        |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]),
    )?;
    for (bytes, name) in row.into_iter().zip([
        "its slug",
        "its title",
        "its summary",
        "its author",
        "its category",
    ]) {
        if !valid(bytes) {
            return Ok(Some(name.to_string()));
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT CAST(heading AS BLOB), CAST(body AS BLOB), position FROM sections \
         WHERE post_id = ?1 ORDER BY position",
    )?;
    let mut rows = stmt.query(params![id])?;
    while let Some(r) = rows.next()? {
        let n: i64 = r.get(2)?;
        if !valid(r.get(0)?) {
            return Ok(Some(format!("the heading of section {}", n + 1)));
        }
        if !valid(r.get(1)?) {
            return Ok(Some(format!("the body of section {}", n + 1)));
        }
    }
    for (sql, what) in [
        (
            "SELECT CAST(text AS BLOB), position FROM takeaways WHERE post_id = ?1 ORDER BY position",
            "takeaway",
        ),
        (
            "SELECT CAST(tag AS BLOB), position FROM post_tags WHERE post_id = ?1 ORDER BY position",
            "tag",
        ),
        (
            "SELECT CAST(slug AS BLOB), position FROM related WHERE post_id = ?1 ORDER BY position",
            "related post",
        ),
    ] {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params![id])?;
        while let Some(r) = rows.next()? {
            if !valid(r.get(0)?) {
                let n: i64 = r.get(1)?;
                return Ok(Some(format!("{what} {}", n + 1)));
            }
        }
    }
    Ok(None)
}
