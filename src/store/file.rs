//! The database file itself, apart from what SQLite does with it: what to
//! tell an editor when it cannot be opened (a folder given for a file, a
//! read-only folder, a full disk) instead of SQLite's "disk I/O error", and
//! the watch that notices when the file or its write-ahead log is no longer
//! the one this connection writes to.
//!
//! Why the watch: SQLite's locks are POSIX advisory locks, which a process
//! loses on *every* file descriptor of a file as soon as any code in it
//! closes *any* descriptor of that file. If that happens (a file dialog
//! sniffing the database's folder did it), the next connection from another
//! process believes it is alone, folds the log into the file and deletes
//! it, and every later commit of this process goes into a deleted file.
//! Each commit is therefore followed by a look at both paths: a file that
//! is gone or is another file than the one opened fails the save, and the
//! store reconnects so that the editor's retry lands in the real file.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Which file a path names: device and inode.
type FileId = (u64, u64);

#[cfg(unix)]
fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_path: &Path) -> Option<FileId> {
    None // other systems lock differently; nothing to watch for
}

/// The write-ahead log SQLite keeps beside `db`.
pub(super) fn wal_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// The database file and its log as they were when the store opened them.
#[derive(Debug)]
pub(super) struct Watch {
    db_path: PathBuf,
    wal_path: PathBuf,
    db: Option<FileId>,
    wal: Option<FileId>,
}

impl Watch {
    /// Notes which files `db` and its log are now (call right after opening).
    pub(super) fn new(db: &Path) -> Watch {
        let wal_path = wal_path(db);
        Watch {
            db: file_id(db),
            wal: file_id(&wal_path),
            db_path: db.to_path_buf(),
            wal_path,
        }
    }

    /// After a commit: `Err` when the database file or its log has been
    /// deleted or replaced since the store opened them, which means that
    /// commit went into a file nobody will read again.
    pub(super) fn check(&mut self) -> Result<()> {
        if self.db.is_none() {
            self.db = file_id(&self.db_path);
        }
        if self.wal.is_none() {
            // The log is created by the first transaction after opening.
            self.wal = file_id(&self.wal_path);
        }
        for (path, opened) in [(&self.db_path, self.db), (&self.wal_path, self.wal)] {
            let Some(opened) = opened else { continue };
            let problem = match file_id(path) {
                Some(now) if now == opened => continue,
                Some(_) => "was replaced by another file",
                None => "was deleted",
            };
            return Err(Error::DbFile {
                path: self.db_path.clone(),
                problem: format!(
                    "{} {problem} while Quire was writing to it (another program \
                     opened the database without SQLite's locking, or removed it), so \
                     this save may not be stored; Quire has reopened the database: \
                     save again",
                    path.display()
                ),
            });
        }
        Ok(())
    }
}

/// Refuses a path that cannot be a database file before SQLite tries it.
pub(super) fn check_path(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Error::DbFile {
            path: path.to_path_buf(),
            problem: format!(
                "is a folder, not a database file; give a file in it, such as {}",
                path.join("quire.db").display()
            ),
        });
    }
    Ok(())
}

/// What SQLite's error while opening or first writing `path` means for the
/// editor: a read-only folder or file, a full disk; else the error as is.
pub(super) fn explain(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode as Code;
    let code = e.sqlite_error_code();
    if code == Some(Code::NotADatabase) {
        return Error::NotADatabase {
            path: path.to_path_buf(),
        };
    }
    let suspect = matches!(
        code,
        Some(Code::CannotOpen | Code::ReadOnly | Code::DiskFull | Code::SystemIoFailure)
    );
    if !suspect {
        return Error::Db(e);
    }
    let problem = if path.is_dir() {
        return check_path(path).err().unwrap_or(Error::Db(e));
    } else if code == Some(Code::DiskFull) || disk_full(path) {
        "the disk that holds it is full; free some space and try again".to_string()
    } else if let Some(folder) = read_only_folder(path) {
        format!(
            "the folder {} is read-only, so Quire cannot create the database or its \
             -wal log there; choose another folder or make this one writable",
            folder.display()
        )
    } else if code == Some(Code::ReadOnly) {
        "the file is read-only, so Quire cannot save to it; make it writable".to_string()
    } else {
        return Error::Db(e);
    };
    Error::DbFile {
        path: path.to_path_buf(),
        problem,
    }
}

/// The folder of `path`, or `.` for a bare file name.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(unix)]
fn disk_full(path: &Path) -> bool {
    rustix::fs::statvfs(folder_of(path)).is_ok_and(|s| s.f_bavail == 0 || s.f_favail == 0)
}

#[cfg(not(unix))]
fn disk_full(_path: &Path) -> bool {
    false
}

/// The folder of `path` when nothing can be created in it. Tries for real
/// (a probe file, removed at once): permission bits do not tell, for root
/// or on a read-only mount.
fn read_only_folder(path: &Path) -> Option<PathBuf> {
    use std::io::ErrorKind;
    let folder = folder_of(path);
    let probe = folder.join(format!(".quire-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            None
        }
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            Some(folder.to_path_buf())
        }
        Err(_) => None,
    }
}
