//! Site settings, one `settings` row per [`Site`] key; a key never set reads
//! as its default. Values are validated by the model before they are stored.

use rusqlite::{Connection, params};

use super::Store;
use crate::Result;
use crate::model::Site;

impl Store {
    /// The site settings.
    pub fn site(&self) -> Result<Site> {
        load(&self.conn)
    }

    /// Sets one setting (validated by [`Site::set`]) and returns them all.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<Site> {
        let tx = self.write()?;
        let mut site = load(&tx)?;
        site.set(key, value)?;
        store(&tx, key, &site.get(key)?)?;
        tx.commit()?;
        self.committed()?;
        Ok(site)
    }

    /// Replaces all the settings at once (all valid, or nothing is stored)
    /// and returns them as stored.
    pub fn save_site(&mut self, site: &Site) -> Result<Site> {
        let mut clean = Site::default();
        for key in Site::KEYS {
            clean.set(key, &site.get(key)?)?;
        }
        let tx = self.write()?;
        for key in Site::KEYS {
            store(&tx, key, &clean.get(key)?)?;
        }
        tx.commit()?;
        self.committed()?;
        Ok(clean)
    }
}

/// Settings of other parts of Quire (publishing: `publish.*`), kept in the
/// same table under their own prefix; [`Site`] ignores keys it does not know.
impl Store {
    /// The stored values whose keys start with `prefix` (`publish.`).
    pub fn prefixed_settings(
        &self,
        prefix: &str,
    ) -> Result<std::collections::BTreeMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, value FROM settings WHERE substr(key, 1, ?2) = ?1")?;
        let rows = stmt.query_map(params![prefix, prefix.chars().count() as i64], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stores `values` (keys that start with `prefix`, never a [`Site`]
    /// key) in one transaction; an empty value removes its key.
    pub fn set_prefixed_settings(&mut self, prefix: &str, values: &[(&str, &str)]) -> Result<()> {
        if prefix.is_empty()
            || values
                .iter()
                .any(|(k, _)| !k.starts_with(prefix) || Site::KEYS.contains(k))
        {
            return Err(crate::Error::Validation(format!(
                "settings under `{prefix}` must start with it"
            )));
        }
        let tx = self.write()?;
        for (key, value) in values {
            if value.is_empty() {
                tx.prepare_cached("DELETE FROM settings WHERE key = ?1")?
                    .execute(params![key])?;
            } else {
                store(&tx, key, value)?;
            }
        }
        tx.commit()?;
        self.committed()?;
        Ok(())
    }
}

/// Reads the settings. A stored value the model no longer accepts is left
/// at its default rather than making the whole site unreadable.
pub(super) fn load(conn: &Connection) -> Result<Site> {
    let mut site = Site::default();
    let mut stmt = conn.prepare_cached("SELECT key, value FROM settings")?;
    let rows = stmt.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (key, value) = row?;
        let _unknown_or_outdated = site.set(&key, &value);
    }
    Ok(site)
}

fn store(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}
