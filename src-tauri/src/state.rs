//! What the app keeps between commands: the database path and the open
//! [`Store`] behind a mutex (a rusqlite connection is `Send`, not `Sync`).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use quire::Store;

use crate::error::{CmdResult, IpcError};

/// The app's state. A database that cannot be opened (newer schema, not a
/// SQLite file, unreadable) is kept as its error, so the window still opens
/// and every command — `startup` first — tells the editor why.
pub struct AppState {
    db_path: PathBuf,
    store: Result<Mutex<Store>, IpcError>,
}

impl AppState {
    /// Opens (creating if need be) the database at `db_path`; `now` dates the
    /// sample post of a brand-new database.
    pub fn open(db_path: PathBuf, now: DateTime<Utc>) -> Self {
        let store = Store::open_at(&db_path, now)
            .map(Mutex::new)
            .map_err(IpcError::from);
        if let Err(error) = &store {
            eprintln!("quire-desktop: cannot open {}: {error}", db_path.display());
        }
        AppState { db_path, store }
    }

    /// The database file this app works on.
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// The store, locked. Hold the guard only for the store calls, not for
    /// rendering or file writes.
    pub fn store(&self) -> CmdResult<MutexGuard<'_, Store>> {
        match &self.store {
            Ok(mutex) => mutex.lock().map_err(|_| {
                IpcError::internal(
                    "the database lock was poisoned by an earlier failure; restart Quire",
                )
            }),
            Err(error) => Err(error.clone()),
        }
    }
}
