//! The image files of an HTML site export: for each image a published post
//! shows (and no other: a draft's photos stay home), every width of
//! [`crate::media::widths_for`], as WebP and in the image's own format,
//! orientation applied and metadata (GPS, camera serials) gone, under
//! `media/`. Like every file of the export, a file already as it should
//! be is not even made again; one the database keeps ready is copied;
//! only the others are made — each image decoded once, in a worker per
//! core — and kept in the database for the next export.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::mpsc;

use super::folder::{Key, SiteFolder};
use crate::media::{self, Encoding};
use crate::render::images::{ImageInfo, Images, PREVIEW_WIDTH, Place, file_name};
use crate::store::{Media, encoding_key, export_format};
use crate::{Result, Store};

/// What the pages of a site at `root` need to show `media`.
pub(super) fn site_images(media: &[Media], root: &str) -> Images {
    Images {
        known: media.iter().map(|m| (m.name.clone(), info(m))).collect(),
        place: Place::Site {
            root: root.to_string(),
        },
    }
}

/// A stored image as a page shows it.
pub(crate) fn info(m: &Media) -> ImageInfo {
    ImageInfo {
        width: m.width,
        height: m.height,
        ext: export_format(&m.mime).1.to_string(),
        widths: media::widths_for(m.width),
    }
}

/// What a page exported on its own needs to show the images of `post`:
/// each at most [`PREVIEW_WIDTH`] wide, metadata gone, as a `data:` URL.
/// A rendition the database keeps is used; one it does not is made (and
/// not kept: this reader does not write).
pub(super) fn inline_images(store: &Store, post: &crate::Post) -> Result<Images> {
    use base64::Engine as _;
    let mut known = HashMap::new();
    let mut urls = HashMap::new();
    for name in crate::model::media_refs(post) {
        let Ok(m) = store.media_by_name(&name) else {
            continue; // the page says the image is missing
        };
        let width = Some(PREVIEW_WIDTH);
        let made = match store.cached_rendition(&name, width, Encoding::Original)? {
            Some(r) => r,
            None => media::render(&store.media_original(&name)?, width, Encoding::Original)?,
        };
        let data = base64::engine::general_purpose::STANDARD.encode(&made.bytes);
        urls.insert(name.clone(), format!("data:{};base64,{data}", made.mime));
        known.insert(name, info(&m));
    }
    Ok(Images {
        known,
        place: Place::Inline(urls),
    })
}

/// One file to write: an image at a width (`None`: full size) in an
/// encoding, at `rel` in the folder, made from the inputs `key` says.
pub(super) struct Wanted {
    pub rel: String,
    pub key: String,
    pub width: Option<u32>,
    pub encoding: Encoding,
}

/// Writes the files of `used` (the images the exported posts show) into
/// `folder` at every width, as WebP and in their own format.
pub(super) fn write(store: &Store, folder: &SiteFolder, used: &[Media]) -> Result<()> {
    let mut todo: Vec<(&Media, Vec<Wanted>)> = Vec::new();
    for m in used {
        let ext = export_format(&m.mime).1;
        let mut wanted = Vec::new();
        for width in media::widths_for(m.width) {
            for (encoding, ext) in [(Encoding::Original, ext), (Encoding::Webp, "webp")] {
                let mut key = Key::new("media");
                key.add(&m.hash)
                    .add_num(i64::from(width))
                    .add(encoding_key(encoding));
                wanted.push(Wanted {
                    rel: format!("media/{}", file_name(&m.name, width, ext)),
                    key: key.finish(),
                    width: Some(width),
                    encoding,
                });
            }
        }
        todo.push((m, wanted));
    }
    write_files(store, folder, todo)
}

/// Writes the files `todo` asks for, each image's: a file already right
/// on disk is left; one the database keeps is copied; the others are made
/// (each image decoded once) by a worker per core, and kept as they come.
pub(super) fn write_files(
    store: &Store,
    folder: &SiteFolder,
    todo: Vec<(&Media, Vec<Wanted>)>,
) -> Result<()> {
    let todo: Vec<(&Media, Vec<Wanted>)> = todo
        .into_iter()
        .map(|(m, wanted)| {
            let wanted = wanted
                .into_iter()
                .filter(|w| !folder.reuse(&w.rel, &w.key))
                .collect::<Vec<_>>();
            (m, wanted)
        })
        .filter(|(_, wanted)| !wanted.is_empty())
        .collect();
    if todo.is_empty() {
        return Ok(());
    }
    let keeper = Mutex::new(Keeper::new(store));
    let failure: Mutex<Option<crate::Error>> = Mutex::new(None);
    // Every core, up to four: each worker holds one decoded photo (a
    // 12-megapixel one is 36 MB), so memory stays bounded on big machines.
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    // This thread reads (its connection holds the export's snapshot): kept
    // renditions, and the originals of the rest; the workers write the
    // one and make the other. Two jobs at most wait, so memory stays bounded.
    let (send, receive) = mpsc::sync_channel::<Job<'_>>(2);
    let receive = Mutex::new(receive);
    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let next = receive.lock().map(|r| r.recv());
                    let Ok(Ok(job)) = next else {
                        break;
                    };
                    let result = match job {
                        Job::Copy(w, bytes) => folder.write(&w.rel, &w.key, &bytes),
                        Job::Make(m, original, wanted) => {
                            make(folder, &keeper, m, &original, &wanted)
                        }
                    };
                    if let (Err(e), Ok(mut f)) = (result, failure.lock()) {
                        f.get_or_insert(e);
                    }
                }
            });
        }
        for (m, wanted) in todo {
            let mut missing = Vec::new();
            for w in wanted {
                match store.cached_rendition(&m.name, w.width, w.encoding)? {
                    Some(r) => {
                        if send.send(Job::Copy(w, r.bytes)).is_err() {
                            return Ok(());
                        }
                    }
                    None => missing.push(w),
                }
            }
            if !missing.is_empty() {
                let original = store.media_original(&m.name)?;
                if send.send(Job::Make(m, original, missing)).is_err() {
                    return Ok(());
                }
            }
        }
        drop(send);
        Ok(())
    })?;
    if let Ok(mut keeper) = keeper.into_inner() {
        keeper.flush();
    }
    match failure.into_inner().ok().flatten() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// What a worker does: write a kept rendition, or make an image's.
enum Job<'a> {
    Copy(Wanted, Vec<u8>),
    Make(&'a Media, Vec<u8>, Vec<Wanted>),
}

/// Makes the renditions `wanted` of image `m` from its `original` (one
/// decode), writes them and hands them to the keeper.
fn make(
    folder: &SiteFolder,
    keeper: &Mutex<Keeper>,
    m: &Media,
    original: &[u8],
    wanted: &[Wanted],
) -> Result<()> {
    let asked: Vec<_> = wanted.iter().map(|w| (w.width, w.encoding)).collect();
    for (w, r) in wanted.iter().zip(media::renditions(original, &asked)?) {
        folder.write(&w.rel, &w.key, &r.bytes)?;
        if let Ok(mut keeper) = keeper.lock() {
            // Kept under the width the store looks it up by.
            let width = w.width.unwrap_or(0).min(m.width);
            keeper.add(&m.name, width, w.encoding, r.bytes);
        }
    }
    Ok(())
}

/// Keeps the renditions an export makes, a few megabytes at a time (2,000
/// photos make over a gigabyte), with a connection of its own: the
/// export's holds its snapshot, which writing beside it leaves alone. A
/// failure here only means the next export makes them again.
struct Keeper {
    writer: Option<Store>,
    pending: HashMap<String, Vec<(u32, Encoding, Vec<u8>)>>,
    bytes: usize,
}

/// How much the keeper holds before writing it to the database.
const KEEP_EVERY: usize = 16 * 1024 * 1024;

impl Keeper {
    fn new(store: &Store) -> Keeper {
        Keeper {
            writer: Store::open(store.path()).ok(),
            pending: HashMap::new(),
            bytes: 0,
        }
    }

    fn add(&mut self, name: &str, width: u32, encoding: Encoding, bytes: Vec<u8>) {
        self.bytes += bytes.len();
        self.pending
            .entry(name.to_string())
            .or_default()
            .push((width, encoding, bytes));
        if self.bytes >= KEEP_EVERY {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        self.bytes = 0;
        if let Some(writer) = &mut self.writer {
            let _ = writer.keep_renditions(pending);
        }
    }
}
