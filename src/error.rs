//! The one error type of the core. Every fallible function returns [`Result`];
//! shells (CLI, desktop) branch on [`Error::kind`], never on message text.

use std::path::PathBuf;

/// Everything that can go wrong in the core, by kind.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No post (or revision, or setting) answers to what was asked.
    #[error("{0}")]
    NotFound(String),
    /// The request breaks a rule of the model (empty title, bad slug, …).
    #[error("{0}")]
    Validation(String),
    /// The caller edited an older revision than the one stored; nothing was written.
    #[error("{0}")]
    Conflict(String),
    /// The input is not well-formed JSON.
    #[error("malformed JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The database was written by a newer Quire; it is left untouched.
    #[error(
        "the database {path} has schema version {found}, newer than this Quire supports ({supported}); upgrade Quire to open it",
        path = path.display()
    )]
    IncompatibleVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// The file exists but is not a Quire database (not SQLite, or foreign tables).
    #[error("{} is not a Quire database (not SQLite, or another program's data)", path.display())]
    NotADatabase { path: PathBuf },
    /// The database file cannot be used as it is: a folder given for a file,
    /// a read-only folder, a full disk, or the file (or its log) deleted or
    /// replaced under the store by another program.
    #[error("{}: {problem}", path.display())]
    DbFile { path: PathBuf, problem: String },
    /// A stored post holds text that is not UTF-8 (written by another
    /// program, or a damaged disk); the message names the post and field.
    #[error("{0}")]
    Damaged(String),
    /// SQLite said no.
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A template failed to render (a bug in a theme, not in the post).
    #[error("template error: {0}")]
    Template(#[from] minijinja::Error),
    /// Publishing through Git failed: git is missing, the remote refused
    /// the credentials, or a git command said no (its message included).
    #[error("{0}")]
    Git(#[from] crate::publish::GitError),
}

impl Error {
    /// A stable, machine-readable name for the kind of error, sent across IPC
    /// as `{kind, message}`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "not_found",
            Error::Validation(_) => "validation",
            Error::Conflict(_) => "conflict",
            Error::Json(_) => "json",
            Error::IncompatibleVersion { .. } => "incompatible_version",
            Error::NotADatabase { .. } => "not_a_database",
            Error::DbFile { .. } => "db_file",
            Error::Damaged(_) => "damaged",
            Error::Db(_) => "db",
            Error::Io { .. } => "io",
            Error::Template(_) => "template",
            Error::Git(e) => e.kind(),
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// True when the request itself was refused (bad input, conflict, missing
    /// post), as opposed to a failure of the machine (disk, database).
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            Error::NotFound(_) | Error::Validation(_) | Error::Conflict(_) | Error::Json(_)
        )
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
