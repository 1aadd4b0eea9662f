//! Checkpoints the write-ahead log from a background thread with its own
//! connection, so that an autosave never pays for copying the log into the
//! database file. Measured on 10,000 posts: with SQLite's automatic
//! checkpoint, every 12th or so save of a 16 KB post ran one inside its
//! commit and took 5 ms on tmpfs (16 ms on disk) instead of 0.7.
//!
//! After each commit the store calls [`Checkpointer::wrote`]; the thread
//! runs a PASSIVE checkpoint (it never blocks the writer or readers) once
//! the writes pause for [`QUIET`] — between two autosaves, typically — or
//! after [`EVERY`] commits without a pause, which bounds the log. The main
//! connection keeps a high automatic threshold as a backstop, should the
//! thread be missing. (Checkpointing after every commit instead doubled the
//! fsyncs of a save on disk.)

use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::BUSY_TIMEOUT;

/// A pause in writing this long is a good moment to checkpoint.
const QUIET: Duration = Duration::from_millis(300);
/// Commits in a row, without a pause, after which a checkpoint runs anyway.
const EVERY: usize = 16;

/// Pages the WAL may reach before the writer checkpoints by itself
/// (SQLite's default is 1,000; 10,000 pages = 40 MB).
pub(super) const BACKSTOP_PAGES: i64 = 10_000;

/// The background checkpointing thread; stops when dropped.
pub(super) struct Checkpointer {
    wrote: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread for the database at `path` (already in WAL mode).
    /// `None` if its connection or thread cannot be had: the backstop then
    /// keeps the log bounded.
    pub(super) fn start(path: &Path) -> Option<Checkpointer> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        conn.busy_timeout(BUSY_TIMEOUT).ok()?;
        conn.pragma_update(None, "synchronous", "FULL").ok()?;
        let (wrote, commits) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("quire-checkpoint".into())
            .spawn(move || run(&conn, &commits))
            .ok()?;
        Some(Checkpointer {
            wrote: Some(wrote),
            thread: Some(thread),
        })
    }

    /// Tells the thread a transaction was committed.
    pub(super) fn wrote(&self) {
        if let Some(wrote) = &self.wrote {
            let _stopped = wrote.send(());
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.wrote.take(); // closes the channel: the thread finishes
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(conn: &Connection, commits: &Receiver<()>) {
    // Wait for a first commit, then for a pause or for EVERY commits.
    while commits.recv().is_ok() {
        let mut pending = 1;
        loop {
            match commits.recv_timeout(QUIET) {
                Ok(()) if pending + 1 < EVERY => pending += 1,
                Ok(()) | Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        // PASSIVE copies what it can without waiting on anyone; a busy or
        // failed attempt is retried after the next commit.
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    }
}
