//! The error every command rejects with: `{kind, message}`, so the UI can
//! branch on `kind` (the core's [`quire::Error::kind`], or `"internal"` for a
//! failure of the shell itself) and show `message`.

use serde::Serialize;

/// A command's failure as it crosses IPC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpcError {
    /// `not_found`, `validation`, `conflict`, `json`, `db`, `io`, … or `internal`.
    pub kind: &'static str,
    /// A sentence for the editor.
    pub message: String,
}

impl IpcError {
    /// A failure of the shell (a lost thread, a poisoned lock), not of the request.
    pub fn internal(message: impl std::fmt::Display) -> Self {
        IpcError {
            kind: "internal",
            message: message.to_string(),
        }
    }
}

impl From<quire::Error> for IpcError {
    fn from(error: quire::Error) -> Self {
        IpcError {
            kind: error.kind(),
            message: error.to_string(),
        }
    }
}

impl From<tauri::Error> for IpcError {
    fn from(error: tauri::Error) -> Self {
        IpcError::internal(error)
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for IpcError {}

/// What every command returns.
pub type CmdResult<T> = Result<T, IpcError>;
