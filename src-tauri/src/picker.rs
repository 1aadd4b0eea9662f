//! The native file dialogs, run in a process of their own.
//!
//! Why not in the app's process: a GTK file chooser opens and closes the
//! files of every folder it lists to sniff their type, and on Linux closing
//! *any* descriptor of a file drops *every* POSIX lock the process holds on
//! it, SQLite's included. With the database's folder listed, the next
//! `quire` command believed it was alone and deleted the log the window was
//! still writing to: the edit was lost though the window said "Saved". So
//! the app's process never runs a dialog: it starts its own binary again
//! with `--quire-pick REQUEST` (REQUEST is JSON), that process shows the
//! dialog and prints the chosen path as JSON (`null` when cancelled), and
//! whatever it opens cannot touch the app's locks.

use std::path::PathBuf;
use std::process::Command;

use serde::{Deserialize, Serialize};

/// The argument that makes the binary a dialog helper.
pub const HELPER_ARG: &str = "--quire-pick";

/// What kind of dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Choose a file name to write.
    Save,
    /// Choose an existing file to read.
    Open,
    /// Choose a folder.
    Folder,
}

/// A file type the dialog offers: its name and extensions (without dots).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub name: String,
    pub extensions: Vec<String>,
}

/// One dialog to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub kind: Kind,
    pub title: String,
    /// The folder it opens in; the user's documents folder when none.
    #[serde(default)]
    pub directory: Option<PathBuf>,
    /// The file name it proposes (save dialogs).
    #[serde(default)]
    pub file_name: Option<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
}

/// In the helper process: when the command line asks for a dialog, shows
/// it, prints the answer and returns true (the caller then exits).
pub fn serve_if_asked() -> bool {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() != Some(HELPER_ARG) {
        return false;
    }
    let answer = args
        .next()
        .and_then(|text| serde_json::from_str::<Request>(&text).ok())
        .and_then(show);
    println!(
        "{}",
        serde_json::to_string(&answer).unwrap_or_else(|_| "null".into())
    );
    // The answer is out before GTK tears down (which now and then crashes
    // on the way out after a cancelled folder dialog: the app reads the
    // answer, not the exit status, when there is one).
    let _ = std::io::Write::flush(&mut std::io::stdout());
    true
}

/// Shows the dialog (GTK on Linux) and waits for the user.
fn show(request: Request) -> Option<PathBuf> {
    let directory = request
        .directory
        .filter(|d| d.is_dir())
        .or_else(dirs_documents);
    let mut dialog = rfd::FileDialog::new().set_title(&request.title);
    if let Some(dir) = directory {
        dialog = dialog.set_directory(dir);
    }
    if let Some(name) = &request.file_name {
        dialog = dialog.set_file_name(name);
    }
    for filter in &request.filters {
        dialog = dialog.add_filter(&filter.name, &filter.extensions);
    }
    match request.kind {
        Kind::Save => dialog.save_file(),
        Kind::Open => dialog.pick_file(),
        Kind::Folder => dialog.pick_folder(),
    }
}

/// The user's documents folder, else their home: where a dialog opens when
/// the app has no folder of the user's to offer (never the working folder).
fn dirs_documents() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from)?;
    let documents = home.join("Documents");
    Some(if documents.is_dir() { documents } else { home })
}

/// In the app: shows `request` in a helper process and waits for the
/// answer (`None` when the user cancels or closes the dialog).
pub fn pick(request: &Request) -> std::io::Result<Option<PathBuf>> {
    let exe = std::env::current_exe()?;
    let out = Command::new(exe)
        .arg(HELPER_ARG)
        .arg(serde_json::to_string(request)?)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()?;
    answer(&out.stdout, out.status)
}

/// What the helper answered: the JSON line it printed — a path, or `null`
/// when the user cancelled — even if the process then died (GTK's teardown
/// after a cancelled folder dialog crashes now and then, after the answer
/// is out); an error only when it printed no answer.
fn answer(stdout: &[u8], status: std::process::ExitStatus) -> std::io::Result<Option<PathBuf>> {
    let text = String::from_utf8_lossy(stdout);
    match serde_json::from_str::<Option<PathBuf>>(text.trim()) {
        Ok(answer) => Ok(answer),
        Err(_) if !status.success() => Err(std::io::Error::other(format!(
            "the file dialog stopped ({status})"
        ))),
        Err(_) => Ok(None),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::process::ExitStatusExt;
    use std::process::ExitStatus;

    use super::*;

    #[test]
    fn the_printed_answer_counts_even_if_the_helper_then_crashed() {
        let crashed = ExitStatus::from_raw(11); // killed by SIGSEGV
        let ok = ExitStatus::from_raw(0);
        assert_eq!(answer(b"null\n", crashed).unwrap(), None);
        assert_eq!(
            answer(b"\"/home/me/site\"\n", crashed).unwrap(),
            Some(PathBuf::from("/home/me/site"))
        );
        assert!(
            answer(b"", crashed).is_err(),
            "no answer and a crash is an error"
        );
        assert_eq!(answer(b"", ok).unwrap(), None);
    }
}
