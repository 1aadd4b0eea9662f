//! Checkpoints the write-ahead log from a background thread with its own
//! connection, so that an autosave never pays for copying the log into the
//! database file. Measured on 10,000 posts: with SQLite's automatic
//! checkpoint, every 12th or so save of a 16 KB post ran one inside its
//! commit and took 5 ms on tmpfs (16 ms on disk) instead of 0.7.
//!
//! After each commit the store calls [`Checkpointer::wrote`]; once
//! [`AFTER`] commits have gathered, the thread runs a PASSIVE checkpoint
//! (it never blocks the writer or readers) as soon as the writes pause for
//! [`QUIET`], or after [`EVERY`] commits without a pause. Checkpoints are
//! rare on purpose: each one costs the next commit a second fsync (the
//! restarted log's header), and one that runs while saves keep coming makes
//! their fsyncs queue behind its own writes to the database file.
//!
//! SQLite starts the log over only when a write begins after a checkpoint
//! has copied all of it, which a burst of saves without a pause never
//! allows: there the log grows until [`BACKSTOP_PAGES`], where the writer
//! checkpoints inside a save (once per ~950 saves of a 16 KB post in a
//! non-stop burst: an import, a script). The thread's copies every
//! [`EVERY`] commits keep that one short. After a burst the log file is
//! cut back to [`LOG_KEEP_BYTES`] when it starts over; the rest is folded
//! into the database on close.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::BUSY_TIMEOUT;

/// A pause in writing this long is a good moment to checkpoint.
const QUIET: Duration = Duration::from_millis(300);
/// Commits after which the next pause is used to checkpoint. Not after
/// every pause: once the log has been copied into the database, the next
/// commit starts the log over and must fsync its new header before its
/// pages — a second fsync for that save (an editor's autosaves, a second
/// apart, each paid it: 1.9 ms median on this VM's disk instead of ~1).
const AFTER: usize = 64;
/// Commits in a row, without a pause, after which a checkpoint runs anyway
/// (a long import, a script saving in a loop). Not sooner: measured on
/// this VM's disk with 500 autosaves of a 16 KB post back to back, a
/// checkpoint every 128 commits put p99 at 2.0–2.9 ms, none during the run
/// at 1.75–1.8 ms (the saves around a checkpoint waited for its writes to
/// the database file).
const EVERY: usize = 1_000;

/// Pages the WAL may reach before the writer checkpoints by itself
/// (SQLite's default is 1,000; 20,000 pages are ~82 MB of log). A 16 KB
/// autosave appends ~21 pages.
pub(super) const BACKSTOP_PAGES: i64 = 20_000;

/// What the log file is cut back to when it starts over after growing
/// past it (`journal_size_limit`): the log of [`AFTER`] saves of a 16 KB
/// post (~5.5 MB) stays well below, so an editor's log is reused, never
/// cut and grown again.
pub(super) const LOG_KEEP_BYTES: i64 = 16 * 1024 * 1024;

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
        // The store's main connection folds the log into the file when it
        // closes; this one never does (nor, when the store reconnects after
        // losing its files, into a file that is no longer its own).
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )
        .ok()?;
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
    // Wait for AFTER commits, then for a pause or for EVERY commits.
    while commits.recv().is_ok() {
        let mut pending = 1;
        loop {
            let next = if pending < AFTER {
                commits.recv().map_err(|_| RecvTimeoutError::Disconnected)
            } else {
                commits.recv_timeout(QUIET)
            };
            match next {
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
