//! Writing one exported file where the user said (`quire export -o PATH`,
//! the window's Save dialog), the way `cp` and `tee` do: a regular file is
//! replaced atomically (a temporary file beside it, then a rename, so a
//! reader never sees half of it); a symbolic link is written through, and
//! stays a link; a device or a FIFO is written to as it is. Errors name the
//! path the user gave, never the temporary file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::{Error, Result};

/// Writes `contents` to `path` (see the module's notes).
pub fn write_file(path: &Path, contents: &[u8]) -> Result<()> {
    let target = resolve_links(path)?;
    match fs::metadata(&target) {
        Ok(m) if m.is_dir() => Err(Error::Validation(format!(
            "{} is a folder; give a file name to export into",
            path.display()
        ))),
        Ok(m) if !m.is_file() => {
            // A device, a FIFO, a socket: write to it, as `tee` does.
            let mut file = fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(&target)
                .map_err(|e| Error::io(path, e))?;
            file.write_all(contents).map_err(|e| Error::io(path, e))
        }
        _ => replace(&target, contents).map_err(|e| Error::io(path, e)),
    }
}

/// The file `path` finally names: symbolic links followed (relative ones
/// from their own folder), even when the last one points to nothing yet.
fn resolve_links(path: &Path) -> Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&current).map_err(|e| Error::io(path, e))?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(Error::Validation(format!(
        "{} is a loop of symbolic links",
        path.display()
    )))
}

/// Temporary file, write, flush to disk, rename over `path`.
fn replace(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path names no file"))?
        .to_string_lossy();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_file_name(format!(".{name}.{}-{n}.quire-tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
