//! The one place that writes export output: a single file replaced
//! atomically, and a whole folder built beside its target and swapped in.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::{Error, Result};

/// Name of the marker file every exported site carries, so that a later
/// export knows the folder is its own to replace.
pub const MARKER: &str = ".quire-export";

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique_suffix() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn split(path: &Path) -> Result<(PathBuf, String)> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| {
            Error::Validation(format!(
                "{} does not name a file or folder to write",
                path.display()
            ))
        })?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name.to_string()))
}

/// Writes `contents` to `path` through a temporary file in the same folder
/// and a rename, so readers see the old file or the new one, never half.
pub fn write_file_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    use std::io::Write;
    let (parent, name) = split(path)?;
    let tmp = parent.join(format!(".{name}.{}.tmp", unique_suffix()));
    let result = (|| {
        let mut file = fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        file.write_all(contents).map_err(|e| Error::io(&tmp, e))?;
        file.sync_all().map_err(|e| Error::io(&tmp, e))?;
        fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A folder being built beside its final place. Dropped without
/// [`Staging::commit`] (an error, a panic), it removes itself and the
/// previous folder stays as it was.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder next to `target`. Refuses to go on if
    /// `target` exists and is neither empty nor a previous Quire export, so
    /// an export can never wipe a folder it did not make.
    pub fn new(target: &Path) -> Result<Staging> {
        let (parent, name) = split(target)?;
        if target.exists() {
            check_replaceable(target)?;
        } else if !parent.is_dir() {
            fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        }
        let dir = parent.join(format!(".{name}.quire-tmp-{}", unique_suffix()));
        fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        fs::write(dir.join(MARKER), b"made by quire export-site\n")
            .map_err(|e| Error::io(dir.join(MARKER), e))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// The folder to build into.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Swaps the built folder in: the old export is renamed away, the new
    /// one renamed into place, then the old one removed.
    pub fn commit(mut self) -> Result<PathBuf> {
        let (parent, name) = split(&self.target)?;
        let old = parent.join(format!(".{name}.quire-old-{}", unique_suffix()));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old).map_err(|e| Error::io(&self.target, e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(Error::io(&self.target, e));
        }
        self.committed = true;
        if had_old {
            keep_site_files(&old, &self.target)?;
            fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        }
        Ok(self.target.clone())
    }
}

/// Moves what the site's owner keeps beside an export — `.git`, `.nojekyll`,
/// `CNAME` and other dotfiles at the top, none of which an export writes —
/// from the replaced folder into the new one. If a move fails, the old
/// folder is left in place (its name is in the error) so nothing is lost.
fn keep_site_files(old: &Path, new: &Path) -> Result<()> {
    let entries = fs::read_dir(old).map_err(|e| Error::io(old, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(old, e))?;
        let name = entry.file_name();
        let kept = name
            .to_str()
            .is_some_and(|n| (n.starts_with('.') && n != MARKER) || n == "CNAME");
        if kept && !new.join(&name).exists() {
            fs::rename(entry.path(), new.join(&name)).map_err(|e| Error::io(entry.path(), e))?;
        }
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn check_replaceable(target: &Path) -> Result<()> {
    if !target.is_dir() {
        return Err(Error::Validation(format!(
            "{} exists and is not a folder; choose a folder to export into",
            target.display()
        )));
    }
    if target.join(MARKER).is_file() {
        return Ok(());
    }
    let mut entries = fs::read_dir(target).map_err(|e| Error::io(target, e))?;
    if entries.next().is_none() {
        return Ok(());
    }
    Err(Error::Validation(format!(
        "{} already holds files that Quire did not export; choose an empty or new folder",
        target.display()
    )))
}

/// Writes one file of a site under construction; `rel` is built by the
/// exporter from fixed names and validated slugs only.
pub fn write_in(root: &Path, rel: &str, contents: &[u8]) -> Result<()> {
    debug_assert!(!rel.contains("..") && !rel.starts_with('/'));
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    fs::write(&path, contents).map_err(|e| Error::io(&path, e))
}
