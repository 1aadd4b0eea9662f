//! The image files of an HTML site export: for each image a published post
//! shows (and no other: a draft's photos stay home), every width of
//! [`crate::media::widths_for`], as WebP and in the image's own format,
//! orientation applied and metadata (GPS, camera serials) gone, under
//! `media/`. Like every file of the export, a file already as it should
//! be is not even made again; one the database keeps ready is copied;
//! only the others are made — each image decoded once, in two workers —
//! and then kept in the database for the next export.

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

/// A rendition made by an export: image name, width, encoding, bytes.
pub(super) type Made = (String, u32, Encoding, Vec<u8>);

/// One file to write: an image at a width in an encoding.
struct Wanted {
    rel: String,
    key: String,
    width: u32,
    encoding: Encoding,
}

/// Writes the files of `used` (the images the exported posts show) into
/// `folder`; returns the renditions it made, for the database to keep.
pub(super) fn write(store: &Store, folder: &SiteFolder, used: &[Media]) -> Result<Vec<Made>> {
    // What each image still needs: files not already right on disk.
    let mut todo: Vec<(&Media, Vec<Wanted>)> = Vec::new();
    for m in used {
        let ext = export_format(&m.mime).1;
        let mut wanted = Vec::new();
        for width in media::widths_for(m.width) {
            for (encoding, ext) in [(Encoding::Original, ext), (Encoding::Webp, "webp")] {
                let rel = format!("media/{}", file_name(&m.name, width, ext));
                let mut key = Key::new("media");
                key.add(&m.hash)
                    .add_num(i64::from(width))
                    .add(encoding_key(encoding));
                let key = key.finish();
                if !folder.reuse(&rel, &key) {
                    wanted.push(Wanted {
                        rel,
                        key,
                        width,
                        encoding,
                    });
                }
            }
        }
        if !wanted.is_empty() {
            todo.push((m, wanted));
        }
    }
    // Kept renditions are copied; the rest made, one image at a time per worker.
    let mut to_make: Vec<(&Media, Vec<Wanted>)> = Vec::new();
    for (m, wanted) in todo {
        let mut missing = Vec::new();
        for w in wanted {
            match store.cached_rendition(&m.name, Some(w.width), w.encoding)? {
                Some(r) => folder.write(&w.rel, &w.key, &r.bytes)?,
                None => missing.push(w),
            }
        }
        if !missing.is_empty() {
            to_make.push((m, missing));
        }
    }
    if to_make.is_empty() {
        return Ok(Vec::new());
    }
    let made = Mutex::new(Vec::new());
    let failure: Mutex<Option<crate::Error>> = Mutex::new(None);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 2);
    // Originals are read here (this connection holds the export's
    // snapshot) and handed out; two at most wait, so memory stays bounded.
    let (send, receive) = mpsc::sync_channel::<(String, Vec<u8>, Vec<Wanted>)>(1);
    let receive = Mutex::new(receive);
    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let next = receive.lock().map(|r| r.recv());
                    let Ok(Ok((name, original, wanted))) = next else {
                        break;
                    };
                    let asked: Vec<_> =
                        wanted.iter().map(|w| (Some(w.width), w.encoding)).collect();
                    let result = media::renditions(&original, &asked).and_then(|made_now| {
                        for (w, r) in wanted.iter().zip(made_now) {
                            folder.write(&w.rel, &w.key, &r.bytes)?;
                            if let Ok(mut made) = made.lock() {
                                made.push((name.clone(), w.width, w.encoding, r.bytes));
                            }
                        }
                        Ok(())
                    });
                    if let (Err(e), Ok(mut f)) = (result, failure.lock()) {
                        f.get_or_insert(e);
                    }
                }
            });
        }
        for (m, wanted) in to_make {
            let original = store.media_original(&m.name)?;
            if send.send((m.name.clone(), original, wanted)).is_err() {
                break;
            }
        }
        drop(send);
        Ok(())
    })?;
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e);
    }
    Ok(made.into_inner().unwrap_or_default())
}

/// Keeps what an export made, with a connection of its own (the export's
/// holds its snapshot): a failure here only means the next export makes
/// them again.
pub(super) fn keep(store: &Store, made: Vec<Made>) {
    if made.is_empty() {
        return;
    }
    let Ok(mut writer) = Store::open(store.path()) else {
        return;
    };
    let mut by_name: HashMap<String, Vec<(u32, Encoding, Vec<u8>)>> = HashMap::new();
    for (name, width, encoding, bytes) in made {
        by_name
            .entry(name)
            .or_default()
            .push((width, encoding, bytes));
    }
    let _ = writer.keep_renditions(by_name);
}
