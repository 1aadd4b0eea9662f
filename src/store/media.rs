//! Images in the database: one file to back up. Adding one checks it
//! ([`crate::media::probe`]), dedupes it by the hash of its bytes, gives it
//! a reference name posts write as `media/{name}` (from its file name,
//! never renamed after), and stores its bytes apart from its description,
//! so that listing images, posts or searching never reads them. What the
//! exports write (resized, re-encoded without metadata) is made once per
//! image, size and encoding, and kept ([`Store::media_rendition`]).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Store, time_col};
use crate::media::{self, Encoding, Rendition};
use crate::model::{format_time, is_media_name, slug};
use crate::render::images::PREVIEW_WIDTH;
use crate::{Error, Result};

/// A stored image, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    /// The reference: posts write `media/{name}`.
    pub name: String,
    /// What the editor's file was called.
    pub original_name: String,
    pub mime: String,
    /// As shown: after the photo's orientation is applied.
    pub width: u32,
    pub height: u32,
    /// Size of the stored original, in bytes.
    pub bytes: u64,
    /// Alternative text offered when the image is placed (each figure may
    /// say its own); empty with `decorative` when the image says nothing.
    pub alt: String,
    pub decorative: bool,
    /// The original holds a GPS position (exports never carry it).
    pub has_gps: bool,
    /// blake3 of the original bytes.
    pub hash: String,
    #[serde(with = "crate::model::time")]
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "name, original_name, mime, width, height, bytes, alt, decorative, has_gps, \
                       hash, created_at";

fn media_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Media> {
    Ok(Media {
        name: row.get(0)?,
        original_name: row.get(1)?,
        mime: row.get(2)?,
        width: row.get(3)?,
        height: row.get(4)?,
        bytes: row.get(5)?,
        alt: row.get(6)?,
        decorative: row.get(7)?,
        has_gps: row.get(8)?,
        hash: row.get(9)?,
        created_at: time_col(row, 10)?,
    })
}

/// An image checked and ready to store: made without the store, so a
/// shell can do the slow part (decoding) without holding it.
#[derive(Debug, Clone)]
pub struct NewMedia {
    original_name: String,
    data: Vec<u8>,
    hash: String,
    probe: media::Probe,
    /// What the preview shows (made from the same decode, kept at once).
    preview: Rendition,
}

impl NewMedia {
    /// Checks the image `data` from the file `original_name` (refusing
    /// what [`media::probe`] refuses) and makes its preview rendition.
    pub fn prepare(original_name: &str, data: Vec<u8>) -> Result<NewMedia> {
        let wanted = [(Some(PREVIEW_WIDTH), Encoding::Original)];
        let (probe, mut made) = media::probe_and_render(&data, &wanted)?;
        let preview = made
            .pop()
            .ok_or_else(|| Error::Validation("the image could not be rendered".into()))?;
        Ok(NewMedia {
            original_name: original_name.to_string(),
            hash: media::hash(&data),
            data,
            probe,
            preview,
        })
    }
}

impl Store {
    /// Stores an image from the file `original_name` (its bytes `data`)
    /// with its alternative text (empty and `decorative` for an image that
    /// says nothing). An image already stored (same bytes) is returned as
    /// it is: nothing is stored twice.
    pub fn add_media(
        &mut self,
        original_name: &str,
        data: &[u8],
        alt: &str,
        decorative: bool,
        now: DateTime<Utc>,
    ) -> Result<Media> {
        let new = NewMedia::prepare(original_name, data.to_vec())?;
        self.add_prepared(new, alt, decorative, now)
    }

    /// [`Store::add_media`] of an image [`NewMedia::prepare`] made ready:
    /// one short transaction, with its preview rendition.
    pub fn add_prepared(
        &mut self,
        new: NewMedia,
        alt: &str,
        decorative: bool,
        now: DateTime<Utc>,
    ) -> Result<Media> {
        let NewMedia {
            original_name,
            data,
            hash,
            probe,
            preview,
        } = new;
        let alt = crate::model::clean_text(alt, true).trim().to_string();
        let tx = self.write()?;
        if let Some(found) = by_hash(&tx, &hash)? {
            return Ok(found);
        }
        let name = free_name(&tx, &original_name, probe.ext)?;
        tx.prepare_cached(
            "INSERT INTO media (name, original_name, mime, width, height, bytes, alt, decorative, \
             has_gps, hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            name,
            original_name,
            probe.mime,
            probe.width,
            probe.height,
            data.len() as u64,
            alt,
            decorative && alt.is_empty(),
            probe.has_gps,
            hash,
            format_time(&now),
        ])?;
        let id = tx.last_insert_rowid();
        tx.prepare_cached("INSERT INTO media_blobs (media_id, data) VALUES (?1, ?2)")?
            .execute(params![id, data])?;
        tx.prepare_cached(
            "INSERT INTO media_variants (media_id, width, encoding, data) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            id,
            PREVIEW_WIDTH.min(probe.width),
            encoding_key(Encoding::Original),
            preview.bytes
        ])?;
        let stored = by_hash(&tx, &hash)?.ok_or_else(|| Error::NotFound(name.clone()))?;
        tx.commit()?;
        self.committed()?;
        Ok(stored)
    }

    /// Every stored image, newest first.
    pub fn media(&self) -> Result<Vec<Media>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM media ORDER BY created_at DESC, id DESC"
            ))?
            .query_map([], media_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The image a post refers to as `media/{name}`.
    pub fn media_by_name(&self, name: &str) -> Result<Media> {
        self.conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM media WHERE name = ?1"))?
            .query_row(params![name], media_row)
            .optional()?
            .ok_or_else(|| not_found(name))
    }

    /// The stored images among `names` (the others are not stored).
    pub fn media_named(&self, names: &[String]) -> Result<Vec<Media>> {
        let names = serde_json::to_string(names)?;
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM media WHERE name IN (SELECT value FROM json_each(?1))"
            ))?
            .query_map(params![names], media_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The bytes of the image as it was added (metadata and all).
    pub fn media_original(&self, name: &str) -> Result<Vec<u8>> {
        self.conn
            .prepare_cached(
                "SELECT b.data FROM media_blobs b JOIN media m ON m.id = b.media_id WHERE m.name = ?1",
            )?
            .query_row(params![name], |row| row.get(0))
            .optional()?
            .ok_or_else(|| not_found(name))
    }

    /// The image as an export writes it: orientation applied, no
    /// metadata, at most `width` wide (`None`: full size), in `encoding`.
    /// Made once and kept: the next call reads it back.
    pub fn media_rendition(
        &mut self,
        name: &str,
        width: Option<u32>,
        encoding: Encoding,
    ) -> Result<Rendition> {
        let found = self.media_by_name(name)?;
        let key_width = width.unwrap_or(0).min(found.width);
        let key = (key_width, encoding_key(encoding));
        if let Some(bytes) = cached(&self.conn, name, key)? {
            return Ok(rendition_of(&found, width, encoding, bytes));
        }
        let original = self.media_original(name)?;
        let made = media::render(&original, width, encoding)?;
        let tx = self.write()?;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO media_variants (media_id, width, encoding, data) \
             SELECT id, ?2, ?3, ?4 FROM media WHERE name = ?1",
        )?
        .execute(params![name, key.0, key.1, made.bytes])?;
        tx.commit()?;
        self.committed()?;
        Ok(made)
    }

    /// A kept rendition, if one was made (for a reader that must not write).
    pub fn cached_rendition(
        &self,
        name: &str,
        width: Option<u32>,
        encoding: Encoding,
    ) -> Result<Option<Rendition>> {
        let found = self.media_by_name(name)?;
        let key = (width.unwrap_or(0).min(found.width), encoding_key(encoding));
        Ok(
            cached(&self.conn, name, key)?
                .map(|bytes| rendition_of(&found, width, encoding, bytes)),
        )
    }

    /// Changes an image's alternative text (empty and `decorative`: it says
    /// nothing).
    pub fn set_media_alt(&mut self, name: &str, alt: &str, decorative: bool) -> Result<Media> {
        let alt = crate::model::clean_text(alt, true).trim().to_string();
        let tx = self.write()?;
        let changed = tx
            .prepare_cached("UPDATE media SET alt = ?2, decorative = ?3 WHERE name = ?1")?
            .execute(params![name, alt, decorative && alt.is_empty()])?;
        if changed == 0 {
            return Err(not_found(name));
        }
        tx.commit()?;
        self.committed()?;
        self.media_by_name(name)
    }
}

impl Store {
    /// The stored images that the posts `ids` refer to, by name.
    pub fn media_used_by(&self, ids: &[i64]) -> Result<Vec<Media>> {
        let ids = serde_json::to_string(ids)?;
        Ok(self
            .conn
            .prepare_cached(
                "SELECT m.name, m.original_name, m.mime, m.width, m.height, m.bytes, m.alt, \
                 m.decorative, m.has_gps, m.hash, m.created_at FROM media m \
                 WHERE m.name IN (SELECT pm.name FROM post_media pm \
                 WHERE pm.current AND pm.post_id IN (SELECT value FROM json_each(?1))) ORDER BY m.name",
            )?
            .query_map(params![ids], media_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The names of the stored images each of the posts `ids` refers to.
    pub fn media_names_by_post(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, Vec<String>>> {
        let ids = serde_json::to_string(ids)?;
        let mut by_post: std::collections::HashMap<i64, Vec<String>> = Default::default();
        let mut stmt = self.conn.prepare_cached(
            "SELECT pm.post_id, pm.name FROM post_media pm JOIN media m ON m.name = pm.name \
             WHERE pm.current AND pm.post_id IN (SELECT value FROM json_each(?1)) \
             ORDER BY pm.post_id, pm.name",
        )?;
        let mut rows = stmt.query(params![ids])?;
        while let Some(row) = rows.next()? {
            by_post.entry(row.get(0)?).or_default().push(row.get(1)?);
        }
        Ok(by_post)
    }

    /// Keeps renditions an export made, by image name: the next export
    /// copies them instead of making them again.
    pub fn keep_renditions(
        &mut self,
        made: std::collections::HashMap<String, Vec<(u32, Encoding, Vec<u8>)>>,
    ) -> Result<()> {
        let tx = self.write()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR REPLACE INTO media_variants (media_id, width, encoding, data) \
                 SELECT id, ?2, ?3, ?4 FROM media WHERE name = ?1",
            )?;
            for (name, renditions) in &made {
                for (width, encoding, bytes) in renditions {
                    insert.execute(params![name, width, encoding_key(*encoding), bytes])?;
                }
            }
        }
        tx.commit()?;
        self.committed()
    }
}

/// The name a rendition's encoding is kept under.
pub fn encoding_key(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Original => "original",
        Encoding::Webp => "webp",
    }
}

/// The type and extension of an image's rendition in its own format: as
/// it was, but a GIF becomes a PNG (see [`crate::media::Encoding`]).
pub fn export_format(mime: &str) -> (&'static str, &'static str) {
    match mime {
        "image/png" | "image/gif" => ("image/png", "png"),
        "image/webp" => ("image/webp", "webp"),
        _ => ("image/jpeg", "jpg"),
    }
}

/// Reads an image file the editor gave, refusing one too big to be an
/// image Quire takes before reading it all; the error names the file.
pub fn read_image_file(path: &std::path::Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::Validation(format!(
            "{} is a folder; give an image file",
            path.display()
        )));
    }
    if meta.len() > media::MAX_BYTES as u64 {
        return Err(Error::Validation(format!(
            "{} is {} MB; images up to {} MB are accepted",
            path.display(),
            meta.len().div_ceil(1024 * 1024),
            media::MAX_BYTES / (1024 * 1024)
        )));
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

fn not_found(name: &str) -> Error {
    Error::NotFound(format!(
        "no image media/{name} in this database (quire media list shows them)"
    ))
}

fn by_hash(conn: &Connection, hash: &str) -> Result<Option<Media>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM media WHERE hash = ?1"))?
        .query_row(params![hash], media_row)
        .optional()?)
}

fn cached(conn: &Connection, name: &str, key: (u32, &str)) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached(
            "SELECT v.data FROM media_variants v JOIN media m ON m.id = v.media_id \
             WHERE m.name = ?1 AND v.width = ?2 AND v.encoding = ?3",
        )?
        .query_row(params![name, key.0, key.1], |row| row.get(0))
        .optional()?)
}

/// A kept rendition's description, from the image's (the bytes are the
/// rendition's own).
fn rendition_of(
    found: &Media,
    width: Option<u32>,
    encoding: Encoding,
    bytes: Vec<u8>,
) -> Rendition {
    let w = width.unwrap_or(found.width).min(found.width).max(1);
    let h =
        ((u64::from(found.height) * u64::from(w)) / u64::from(found.width.max(1))).max(1) as u32;
    let (mime, ext) = match encoding {
        Encoding::Webp => ("image/webp", "webp"),
        Encoding::Original => export_format(&found.mime),
    };
    Rendition {
        bytes,
        mime,
        ext,
        width: w,
        height: h,
    }
}

/// A reference name for a new image from its file's name: the stem as a
/// slug, the extension of its real format, numbered on a clash
/// (`photo.jpg`, `photo-2.jpg`).
fn free_name(conn: &Connection, original_name: &str, ext: &str) -> Result<String> {
    let file = std::path::Path::new(original_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("image");
    let stem = slug::slugify(file);
    let stem = if stem == "post" {
        "image".to_string()
    } else {
        stem
    };
    let mut taken = conn.prepare_cached("SELECT 1 FROM media WHERE name = ?1")?;
    for n in 1.. {
        let name = format!("{}.{ext}", slug::numbered(&stem, n));
        debug_assert!(is_media_name(&name), "{name}");
        if !taken.exists(params![name])? {
            return Ok(name);
        }
    }
    unreachable!("the candidates are endless")
}
