//! A post's images: local files (page-bundle images, a static folder, a
//! WordPress uploads folder next to the export) go into Quire's media
//! store and the post's text names them `media/NAME`; images on another
//! server are listed in the report, never fetched.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use pulldown_cmark::{Event, Tag};

use super::run::Item;
use super::source::Found;
use crate::render::markdown::parser;
use crate::store::{NewMedia, Store, read_image_file};
use crate::{Cover, Post, Result};

/// The images of one import, by file: each stored once.
#[derive(Debug, Default)]
pub struct Images {
    by_file: HashMap<PathBuf, Option<String>>,
}

impl Images {
    /// How many images the import stored (or, in a dry run, would).
    pub fn count(&self) -> usize {
        self.by_file.values().filter(|n| n.is_some()).count()
    }
}

/// Stores the images `found` names and points `post` at them; notes the
/// remote and missing ones in `item`. In a dry run the images are checked
/// but nothing is stored.
pub fn bring(
    store: &mut Store,
    images: &mut Images,
    found: &Found,
    post: &mut Post,
    item: &mut Item,
    dry_run: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut names: HashMap<&str, String> = HashMap::new();
    for attachment in &found.attachments {
        let reference = attachment.reference.as_str();
        let Some(path) = &attachment.path else {
            if crate::render::images::is_remote(reference) {
                if !item.remote_images.iter().any(|r| r == reference) {
                    item.remote_images.push(reference.to_string());
                }
            } else if !item.missing_images.iter().any(|r| r == reference) {
                item.missing_images.push(reference.to_string());
            }
            continue;
        };
        let name = match images.by_file.get(path) {
            Some(name) => name.clone(),
            None => {
                let name = store_file(store, path, &alt_of(post, reference), dry_run, now)
                    .map_err(|e| {
                        item.notes
                            .push(format!("the image {reference} was not imported: {e}"));
                    })
                    .ok();
                images.by_file.insert(path.clone(), name.clone());
                name
            }
        };
        if let Some(name) = name {
            names.insert(reference, name);
        }
    }
    if names.is_empty() && found.cover.is_none() {
        return Ok(());
    }
    for section in &mut post.sections {
        section.body = rewrite(&section.body, &names);
    }
    if let Some(cover) = &found.cover {
        match names.get(cover.as_str()) {
            Some(name) => {
                post.cover = Some(Cover {
                    src: format!("media/{name}"),
                    alt: found.cover_alt.clone(),
                    caption: String::new(),
                })
            }
            None => item.notes.push(format!(
                "the cover {cover} is not in the source: no cover set"
            )),
        }
    }
    Ok(())
}

/// Stores the image file at `path`; its media name. A dry run reads and
/// checks it only.
fn store_file(
    store: &mut Store,
    path: &std::path::Path,
    alt: &str,
    dry_run: bool,
    now: DateTime<Utc>,
) -> Result<String> {
    let data = read_image_file(path)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if dry_run {
        crate::media::probe(&data)?;
        return Ok(file_name);
    }
    let new = NewMedia::prepare(&file_name, data)?;
    Ok(store.add_prepared(new, alt, false, now)?.name)
}

/// The alternative text the post gives the image `reference`, if any.
fn alt_of(post: &Post, reference: &str) -> String {
    for section in &post.sections {
        let mut alt: Option<String> = None;
        for event in parser(&section.body) {
            match event {
                Event::Start(Tag::Image { dest_url, .. }) if dest_url.as_ref() == reference => {
                    alt = Some(String::new());
                }
                Event::Text(t) if alt.is_some() => alt.as_mut().unwrap().push_str(&t),
                Event::End(pulldown_cmark::TagEnd::Image) if alt.is_some() => {
                    return alt.unwrap_or_default();
                }
                _ => {}
            }
        }
    }
    String::new()
}

/// `body` with each image reference in `names` as `media/NAME`: Markdown
/// image destinations and `src="…"` in raw HTML.
fn rewrite(body: &str, names: &HashMap<&str, String>) -> String {
    if names.is_empty() {
        return body.to_string();
    }
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (event, range) in parser(body).into_offset_iter() {
        let dest = match &event {
            Event::Start(Tag::Image { dest_url, .. })
            | Event::Start(Tag::Link { dest_url, .. }) => dest_url.as_ref(),
            _ => continue,
        };
        let Some(name) = names.get(dest) else {
            continue;
        };
        if let Some(at) = super::links::dest_range(body, &range, dest) {
            edits.push((at, format!("media/{name}")));
        }
    }
    let mut out = super::links::splice(body, edits);
    for (reference, name) in names {
        for quote in ['"', '\''] {
            let from = format!("src={quote}{reference}{quote}");
            if out.contains(&from) {
                out = out.replace(&from, &format!("src={quote}media/{name}{quote}"));
            }
        }
    }
    out
}
