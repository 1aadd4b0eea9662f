//! The folder a site is exported into, which usually belongs to someone:
//! a generator's source tree or a Git repository with the owner's own files
//! beside Quire's. Quire touches only what it wrote.
//!
//! - A manifest (`.quire-manifest.json`) lists each file the last export
//!   wrote: its path, the hash of its bytes, its size and modification
//!   time, and a key of the inputs it was made from.
//! - An export writes a file only when its bytes change (a file made from
//!   the same inputs as last time, and untouched on disk since, is not even
//!   rendered again), each one through a temporary file in its own folder
//!   and a rename; it removes the files of the previous manifest it no
//!   longer produces; it never touches any other file. A file in the way
//!   that Quire did not write is left alone and reported.
//! - A journal (`.quire-journal`) says an export is under way and lists the
//!   files it writes that the manifest does not know yet. A run that finds
//!   one finishes the interrupted run's job: it trusts no file's state,
//!   compares what it produces with what is on disk, removes the temporary
//!   files and the files the interrupted run wrote that are no longer
//!   produced. The manifest is written last, then the journal removed.
//! - The folder is locked (`flock`) for the run: two exports into one
//!   folder wait for nothing and refuse the second.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The manifest of the last complete export, at the folder's top.
pub const MANIFEST: &str = ".quire-manifest.json";
/// Present while an export runs (and after one was interrupted).
pub const JOURNAL: &str = ".quire-journal";
/// The marker of exports made before the manifest (whole-folder swaps).
const LEGACY_MARKER: &str = ".quire-export";

/// A hash of the inputs a file is made from (see [`Key`]).
pub type InputKey = String;

/// One file the export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// blake3 of the bytes, hex (the first 128 bits).
    pub hash: String,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch, as written.
    pub mtime: i128,
    /// What the file was made from; a file with the same key and intact on
    /// disk needs no rendering.
    pub key: InputKey,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// What kind of export the folder holds (`html`, `md:hugo`, …).
    format: String,
    files: BTreeMap<String, Entry>,
    /// By post id, what the export learnt of the post (only posts with
    /// something to say: most have no alias and no link).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    posts: BTreeMap<i64, PostFacts>,
}

/// What an export learnt of a post it read that its files do not show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostFacts {
    /// The key of the post's file when it was read: the facts hold while
    /// the file is made from the same inputs.
    pub key: InputKey,
    /// Its old addresses ([`crate::Post::aliases`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The posts it links to ([`crate::render::links::targets`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<i64>,
    /// Its language, when not the site's (for its redirect pages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl PostFacts {
    /// Whether there is nothing to keep (no alias, no link).
    pub fn is_empty(&self) -> bool {
        self.aliases.is_empty() && self.links.is_empty()
    }
}

/// How an export went, file by file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Files written (new or changed bytes).
    pub written: usize,
    /// Files that already held the right bytes.
    pub unchanged: usize,
    /// Files of the previous export no longer produced, removed.
    pub removed: usize,
    /// Files in the way that Quire did not write: left alone, not exported.
    pub blocked: Vec<String>,
}

/// A file of the previous export, and whether this one produced it again
/// as it was (flagged from any worker thread without a lock).
#[derive(Debug)]
struct Known {
    entry: Entry,
    kept: AtomicBool,
}

/// A site folder opened for an export.
pub struct SiteFolder {
    root: PathBuf,
    /// The folder, open: held locked for the run, and the base that files
    /// are looked at from (no walk down the whole path for each).
    dir: File,
    format: String,
    previous_format: String,
    previous: HashMap<String, Known>,
    previous_posts: BTreeMap<i64, PostFacts>,
    /// Paths whose state on disk is unknown: an interrupted run may have
    /// changed them (every file it could have touched).
    suspect: BTreeSet<String>,
    recovering: bool,
    kept: AtomicUsize,
    next: Mutex<Next>,
}

/// What this export wrote, as opposed to kept.
#[derive(Default)]
struct Next {
    files: BTreeMap<String, Entry>,
    posts: BTreeMap<i64, PostFacts>,
    counts: Counts,
    journal: Option<File>,
}

impl SiteFolder {
    /// Opens `root` (created if missing; a symbolic link to a folder is
    /// followed) for an export of `format`. Refuses a folder that holds
    /// files but no manifest of Quire's, and a folder another export is
    /// writing into.
    pub fn open(root: &Path, format: &str) -> Result<SiteFolder> {
        match fs::metadata(root) {
            Ok(m) if !m.is_dir() => {
                return Err(Error::Validation(format!(
                    "{} exists and is not a folder; choose a folder to export into",
                    root.display()
                )));
            }
            Ok(_) => {}
            Err(_) => fs::create_dir_all(root).map_err(|e| Error::io(root, e))?,
        }
        let dir = File::open(root).map_err(|e| Error::io(root, e))?;
        match dir.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(Error::Conflict(format!(
                    "another export is writing into {}; wait for it to finish",
                    root.display()
                )));
            }
            Err(fs::TryLockError::Error(e)) => return Err(Error::io(root, e)),
        }
        let manifest_path = root.join(MANIFEST);
        let previous: Manifest = match fs::read(&manifest_path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                Error::Validation(format!(
                    "{} is damaged ({e}); remove it and export into an empty folder",
                    manifest_path.display()
                ))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                refuse_foreign(root)?;
                Manifest::default()
            }
            Err(e) => return Err(Error::io(&manifest_path, e)),
        };
        let mut folder = SiteFolder {
            root: root.to_path_buf(),
            dir,
            format: format.to_string(),
            previous_format: previous.format,
            previous: previous
                .files
                .into_iter()
                .map(|(rel, entry)| {
                    let kept = AtomicBool::new(false);
                    (rel, Known { entry, kept })
                })
                .collect(),
            previous_posts: previous.posts,
            suspect: BTreeSet::new(),
            recovering: false,
            kept: AtomicUsize::new(0),
            next: Mutex::new(Next::default()),
        };
        for own in [MANIFEST, JOURNAL] {
            let _ = fs::remove_file(temp_path(&folder.root.join(own)));
        }
        folder.recover()?;
        if !folder.previous_format.is_empty() && folder.previous_format != format {
            // Another kind of export: nothing of the old one is reusable.
            folder.suspect.extend(folder.previous.keys().cloned());
        }
        // The journal is replaced whole (a kill while writing it must not
        // lose what an interrupted run listed): the recovered suspects stay
        // listed until a run completes.
        let journal = folder.root.join(JOURNAL);
        let listed: String = folder.suspect.iter().map(|p| format!("{p}\n")).collect();
        replace_file(&journal, listed.as_bytes())?;
        let file = fs::OpenOptions::new()
            .append(true)
            .open(&journal)
            .map_err(|e| Error::io(&journal, e))?;
        folder.lock_next().journal = Some(file);
        remove_legacy_staging(root);
        Ok(folder)
    }

    /// After a killed run: every path it may have touched is suspect, its
    /// temporary files go.
    fn recover(&mut self) -> Result<()> {
        let journal = self.root.join(JOURNAL);
        let listed = match fs::read_to_string(&journal) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io(&journal, e)),
        };
        self.recovering = true;
        self.suspect.extend(
            listed
                .lines()
                .filter(|l| is_relative_path(l))
                .map(str::to_string),
        );
        self.suspect.extend(self.previous.keys().cloned());
        for rel in &self.suspect {
            let _ = fs::remove_file(temp_path(&self.root.join(rel)));
        }
        Ok(())
    }

    fn lock_next(&self) -> std::sync::MutexGuard<'_, Next> {
        self.next.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The folder written into.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether `rel` was made from `key` last time and is intact on disk
    /// (then it need not even be rendered: [`SiteFolder::keep`] it).
    pub fn unchanged(&self, rel: &str, key: &str) -> bool {
        if self.recovering || self.suspect.contains(rel) {
            return false;
        }
        self.previous
            .get(rel)
            .is_some_and(|known| known.entry.key == key && self.intact(rel, &known.entry))
    }

    /// Keeps `rel` as the last export wrote it when it is
    /// [`SiteFolder::unchanged`]; says whether it did.
    pub fn reuse(&self, rel: &str, key: &str) -> bool {
        if self.recovering || self.suspect.contains(rel) {
            return false;
        }
        let Some(known) = self.previous.get(rel) else {
            return false;
        };
        if known.entry.key != key || !self.intact(rel, &known.entry) {
            return false;
        }
        if !known.kept.swap(true, Ordering::Relaxed) {
            self.kept.fetch_add(1, Ordering::Relaxed);
        }
        true
    }

    /// What the last export learnt of post `id` when its file was made
    /// from `key` (none when it had nothing to say, or was made otherwise).
    pub fn facts(&self, id: i64, key: &str) -> Option<&PostFacts> {
        if self.recovering {
            return None;
        }
        self.previous_posts.get(&id).filter(|f| f.key == key)
    }

    /// Keeps `facts` of post `id` for the next export (when not empty).
    pub fn remember(&self, id: i64, facts: PostFacts) {
        if !facts.is_empty() {
            self.lock_next().posts.insert(id, facts);
        }
    }

    /// Whether the export may write `rel`: a plain path that is Quire's
    /// (its last export wrote it) or free, below folders (not files or
    /// links someone put there). A file Quire did not write is never
    /// written over; [`SiteFolder::write`] would report it as in the way.
    pub fn may_write(&self, rel: &str) -> bool {
        if !is_relative_path(rel) {
            return false;
        }
        let mut at = 0;
        while let Some(i) = rel[at..].find('/') {
            let dir = &rel[..at + i];
            match fs::symlink_metadata(self.root.join(dir)) {
                Ok(m) if !m.is_dir() => return false,
                _ => {}
            }
            at += i + 1;
        }
        let ours = self.previous.contains_key(rel) || self.suspect.contains(rel);
        match fs::symlink_metadata(self.root.join(rel)) {
            Ok(m) => ours && m.is_file(),
            Err(_) => true,
        }
    }

    /// Keeps `rel` as the last export wrote it (after [`SiteFolder::unchanged`]).
    pub fn keep(&self, rel: &str) {
        if let Some(known) = self.previous.get(rel)
            && !known.kept.swap(true, Ordering::Relaxed)
        {
            self.kept.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Keeps every file the last export made from `key`, if there are any
    /// and all are unchanged: files made from the same inputs are the same
    /// files. False (and nothing kept) otherwise.
    pub fn keep_all(&self, key: &str) -> bool {
        let files: Vec<&String> = self
            .previous
            .iter()
            .filter(|(_, known)| known.entry.key == key)
            .map(|(rel, _)| rel)
            .collect();
        if files.is_empty() || !files.iter().all(|rel| self.unchanged(rel, key)) {
            return false;
        }
        for rel in files {
            self.keep(rel);
        }
        true
    }

    /// Writes `bytes` to `rel` (made from inputs `key`), unless the file
    /// already holds exactly them. `rel` is built by the exporter from
    /// fixed names and validated slugs only.
    pub fn write(&self, rel: &str, key: &str, bytes: &[u8]) -> Result<()> {
        debug_assert!(is_relative_path(rel), "{rel}");
        let hash = blake3::hash(bytes).to_hex()[..32].to_string();
        let path = self.root.join(rel);
        let known = self.previous.get(rel);
        let suspect = self.suspect.contains(rel);
        let ours = known.is_some() || suspect;
        if let Some(known) = known.filter(|k| k.entry.hash == hash && !suspect)
            && self.intact(rel, &known.entry)
        {
            if known.entry.key == key {
                self.keep(rel);
            } else {
                // The same bytes from other inputs: only the key is new.
                let entry = Entry {
                    key: key.to_string(),
                    ..known.entry.clone()
                };
                let mut next = self.lock_next();
                next.files.insert(rel.to_string(), entry);
                next.counts.unchanged += 1;
            }
            return Ok(());
        }
        if self.recovering && same_bytes(&path, bytes) {
            let entry = entry_for(&path, hash, key)?;
            let mut next = self.lock_next();
            next.files.insert(rel.to_string(), entry);
            next.counts.unchanged += 1;
            return Ok(());
        }
        if !ours && fs::symlink_metadata(&path).is_ok() {
            self.lock_next().counts.blocked.push(rel.to_string());
            return Ok(());
        }
        if !ours {
            // Journalled before it exists, so a killed run's file is known.
            let mut next = self.lock_next();
            if let Some(journal) = next.journal.as_mut() {
                writeln!(journal, "{rel}").map_err(|e| Error::io(self.root.join(JOURNAL), e))?;
            }
        }
        replace_file(&path, bytes)?;
        let entry = entry_for(&path, hash, key)?;
        let mut next = self.lock_next();
        next.files.insert(rel.to_string(), entry);
        next.counts.written += 1;
        Ok(())
    }

    /// Whether the file at `rel` is the one `entry` describes (same size and
    /// modification time: nobody changed it since), looked at from the
    /// open folder.
    fn intact(&self, rel: &str, entry: &Entry) -> bool {
        #[cfg(unix)]
        {
            use rustix::fs::{AtFlags, FileType, statat};
            statat(&self.dir, rel, AtFlags::empty()).is_ok_and(|st| {
                let mtime = i128::from(st.st_mtime) * 1_000_000_000 + i128::from(st.st_mtime_nsec);
                FileType::from_raw_mode(st.st_mode) == FileType::RegularFile
                    && st.st_size as u64 == entry.size
                    && mtime == entry.mtime
            })
        }
        #[cfg(not(unix))]
        {
            fs::metadata(self.root.join(rel))
                .is_ok_and(|m| m.is_file() && m.len() == entry.size && mtime_ns(&m) == entry.mtime)
        }
    }

    /// Removes the files of the previous export (or of an interrupted one)
    /// that this one did not produce, and folders left empty by that;
    /// writes the manifest (unless it would say the same); ends the
    /// journal. Returns what was done.
    pub fn finish(self) -> Result<Counts> {
        let mut next = self.next.into_inner().unwrap_or_else(|e| e.into_inner());
        next.counts.unchanged += self.kept.load(Ordering::Relaxed);
        let produced = |rel: &String| {
            next.files.contains_key(rel)
                || self
                    .previous
                    .get(rel)
                    .is_some_and(|k| k.kept.load(Ordering::Relaxed))
        };
        let gone: BTreeSet<&String> = self
            .previous
            .keys()
            .chain(&self.suspect)
            .filter(|rel| !produced(rel))
            .collect();
        let mut removed = 0;
        for rel in gone {
            let path = self.root.join(rel);
            match fs::remove_file(&path) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&path, e)),
            }
            remove_empty_parents(&self.root, &path);
        }
        next.counts.removed = removed;
        let same = next.files.is_empty()
            && self.suspect.is_empty()
            && self.format == self.previous_format
            && next.posts == self.previous_posts
            && self
                .previous
                .values()
                .all(|k| k.kept.load(Ordering::Relaxed));
        if !same {
            let mut files = std::mem::take(&mut next.files);
            for (rel, known) in self.previous {
                if known.kept.load(Ordering::Relaxed) {
                    files.entry(rel).or_insert(known.entry);
                }
            }
            let manifest = Manifest {
                format: self.format.clone(),
                files,
                posts: std::mem::take(&mut next.posts),
            };
            let bytes = serde_json::to_vec(&manifest)?;
            replace_file(&self.root.join(MANIFEST), &bytes)?;
        }
        drop(next.journal.take());
        let journal = self.root.join(JOURNAL);
        fs::remove_file(&journal).map_err(|e| Error::io(&journal, e))?;
        let _ = fs::remove_file(self.root.join(LEGACY_MARKER));
        Ok(next.counts)
    }
}

/// The files of `root`'s last complete export (its manifest), by path;
/// empty when there is none.
pub fn written(root: &Path) -> Result<BTreeMap<String, Entry>> {
    let path = root.join(MANIFEST);
    match fs::read(&path) {
        Ok(bytes) => serde_json::from_slice::<Manifest>(&bytes)
            .map(|m| m.files)
            .map_err(|e| Error::Validation(format!("{} is damaged ({e})", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(Error::io(&path, e)),
    }
}

/// Whether an export into `root` was interrupted (its journal is there).
pub fn interrupted(root: &Path) -> bool {
    root.join(JOURNAL).is_file()
}

/// Whether the file at `rel` is as `entry` says the export wrote it
/// (same size and modification time).
pub fn intact(root: &Path, rel: &str, entry: &Entry) -> bool {
    fs::metadata(root.join(rel))
        .is_ok_and(|m| m.is_file() && m.len() == entry.size && mtime_ns(&m) == entry.mtime)
}

/// Makes the files `rels` (already in `root`, e.g. posts that an import
/// read from it) Quire's: they are listed in the journal, so the next
/// export compares them with what it produces, writes them or removes
/// them like its own. Files the owner keeps must never be adopted.
pub fn adopt(root: &Path, rels: &[String]) -> Result<()> {
    let journal = root.join(JOURNAL);
    let mut listed = match fs::read_to_string(&journal) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(&journal, e)),
    };
    for rel in rels.iter().filter(|r| is_relative_path(r)) {
        listed.push_str(rel);
        listed.push('\n');
    }
    replace_file(&journal, listed.as_bytes())
}

/// A folder with files in it, no manifest and no marker of an older
/// export is someone else's.
fn refuse_foreign(root: &Path) -> Result<()> {
    if root.join(LEGACY_MARKER).is_file() || root.join(JOURNAL).is_file() {
        return Ok(());
    }
    let mut entries = fs::read_dir(root).map_err(|e| Error::io(root, e))?;
    if entries.next().is_none() {
        return Ok(());
    }
    Err(Error::Validation(format!(
        "{} already holds files that Quire did not export; choose an empty or new folder \
         (a later export into it writes and removes only its own files)",
        root.display()
    )))
}

/// Removes the hidden staging folders older versions left beside `root`
/// when they were killed (`.{name}.quire-tmp-*`, `.{name}.quire-old-*`).
fn remove_legacy_staging(root: &Path) {
    let (Some(parent), Some(name)) = (root.parent(), root.file_name().and_then(|n| n.to_str()))
    else {
        return;
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.quire-tmp-"), format!(".{name}.quire-old-")];
    for entry in entries.flatten() {
        let n = entry.file_name();
        if n.to_str()
            .is_some_and(|n| prefixes.iter().any(|p| n.starts_with(p.as_str())))
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// A path the exporter builds: relative, `/`-separated, no `..`, not hidden
/// at the top (the manifest and journal live there).
fn is_relative_path(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && !rel.starts_with('.')
        && rel.split('/').all(|part| !part.is_empty() && part != "..")
}

/// The temporary file `path` is written through: beside it, so the rename
/// stays on one file system; named after it, so a later run finds it.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.quire-tmp"))
}

/// Replaces `path` by a temporary file and a rename: readers see the old
/// bytes or the new ones, never a mix. Creates its folder if need be.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let tmp = temp_path(path);
    let result = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

fn mtime_ns(meta: &fs::Metadata) -> i128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128)
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|m| m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|on_disk| on_disk == bytes)
}

fn entry_for(path: &Path, hash: String, key: &str) -> Result<Entry> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    Ok(Entry {
        hash,
        size: meta.len(),
        mtime: mtime_ns(&meta),
        key: key.to_string(),
    })
}

/// Removes the folders above `path` that are empty now, up to `root`.
fn remove_empty_parents(root: &Path, path: &Path) {
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Builds an input key: a hash of everything a file is made from. The
/// pieces are gathered and hashed at once (hashing thousands of small
/// pieces one by one was a tenth of an unchanged re-export).
#[derive(Default, Clone)]
pub struct Key(Vec<u8>);

impl Key {
    /// A key that starts with what every file depends on: this build of
    /// Quire (a rebuilt binary may render differently) and the export kind.
    pub fn new(base: &str) -> Key {
        let mut key = Key::default();
        key.add(build_identity());
        key.add(base);
        key
    }

    /// Adds a piece of input (length-prefixed, so pieces never run together).
    pub fn add(&mut self, piece: &str) -> &mut Key {
        self.0
            .extend_from_slice(&(piece.len() as u64).to_le_bytes());
        self.0.extend_from_slice(piece.as_bytes());
        self
    }

    pub fn add_num(&mut self, n: i64) -> &mut Key {
        self.0.extend_from_slice(&n.to_le_bytes());
        self
    }

    /// The key of everything added so far.
    pub fn finish(&self) -> InputKey {
        blake3::hash(&self.0).to_hex()[..32].to_string()
    }
}

/// This build of Quire: its version, and the size and time of the running
/// binary, so a rebuild never trusts files rendered by the last build.
fn build_identity() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe()
            .and_then(fs::metadata)
            .map(|m| format!("{}:{}", m.len(), mtime_ns(&m)))
            .unwrap_or_else(|_| format!("unknown:{}", std::process::id()));
        format!("{}:{exe}", env!("CARGO_PKG_VERSION"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_exported() {
        for ok in ["index.html", "posts/a/index.html", "content/posts/x.md"] {
            assert!(is_relative_path(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            ".quire-manifest.json",
            "a//b",
        ] {
            assert!(!is_relative_path(bad), "{bad}");
        }
    }

    #[test]
    fn keys_tell_pieces_apart() {
        let k = |parts: &[&str]| {
            let mut key = Key::new("html");
            for p in parts {
                key.add(p);
            }
            key.finish()
        };
        assert_ne!(k(&["ab", "c"]), k(&["a", "bc"]));
        assert_eq!(k(&["ab", "c"]), k(&["ab", "c"]));
    }
}
