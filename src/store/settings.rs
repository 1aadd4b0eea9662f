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
