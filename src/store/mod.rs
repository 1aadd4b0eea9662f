//! SQLite storage (placeholder until the store lands).

/// The store.
pub struct Store;
