//! Images in the Markdown exports, where each generator expects them:
//!
//! - Hugo and Zola: the post becomes a page bundle, `slug/index.md` with
//!   its images beside it, referred to by name;
//! - Astro: likewise (`slug/index.md`, images as `./name`), so its image
//!   pipeline finds them;
//! - Jekyll: images under `assets/images/`, referred to from the site's
//!   root with the site's base path (what `relative_url` would give; Liquid
//!   stays off for post text).
//!
//! The files are the images as an export writes them: full size,
//! orientation applied, metadata gone (made once, then kept in the
//! database like the HTML export's). The text's `media/NAME` references
//! are rewritten to those places; a post without images stays one file.

use std::borrow::Cow;
use std::collections::HashMap;

use super::Flavor;
use super::folder::{Key, SiteFolder};
use super::media_files::{Wanted, write_files};
use crate::media::Encoding;
use crate::model::MEDIA_PREFIX;
use crate::store::Media;
use crate::{PostSummary, Result, Site, Store};

/// Where, inside the flavor's content folder, the post's file goes.
pub(super) fn markdown_path(
    p: &PostSummary,
    site: &Site,
    flavor: Flavor,
    has_images: bool,
) -> String {
    let file = super::summary_file_name(p, site, super::Format::Markdown(flavor));
    match flavor {
        Flavor::Jekyll => file,
        _ if has_images => format!("{}/index.md", p.slug),
        _ => file,
    }
}

/// Where image `name` of post `slug` goes, from the site's root.
fn image_path(flavor: Flavor, slug: &str, name: &str) -> String {
    match flavor {
        Flavor::Jekyll => format!("assets/images/{name}"),
        _ => format!("{}/{slug}/{name}", flavor.content_dir()),
    }
}

/// The files a Markdown export in `flavor` writes for the images `names`
/// of post `slug`, from the site's root.
pub fn image_files(flavor: Flavor, slug: &str, names: &[String]) -> Vec<String> {
    names.iter().map(|n| image_path(flavor, slug, n)).collect()
}

/// How the post's text refers to image `name` in `flavor`.
pub(super) fn reference(flavor: Flavor, site: &Site, name: &str) -> String {
    match flavor {
        Flavor::Hugo | Flavor::Zola => name.to_string(),
        Flavor::Astro => format!("./{name}"),
        Flavor::Jekyll => format!("{}/assets/images/{name}", base_path(site)),
    }
}

/// The path part of the site's base URL (`https://x.org/blog` → `/blog`).
pub(super) fn base_path(site: &Site) -> &str {
    let rest = site.base_url.split_once("://").map_or("", |(_, rest)| rest);
    rest.find('/')
        .map_or("", |i| rest[i..].trim_end_matches('/'))
}

/// `text` with its `media/NAME` references (links, images, reference
/// definitions) pointing where `flavor` keeps the images.
pub(super) fn rewrite_references<'t>(text: &'t str, flavor: Flavor, site: &Site) -> Cow<'t, str> {
    if !text.contains(MEDIA_PREFIX) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (i, _) in text.match_indices(MEDIA_PREFIX) {
        let before = text[..i].chars().next_back();
        if !matches!(before, Some('(' | '<' | ' ' | '"')) || i < at {
            continue;
        }
        let rest = &text[i + MEDIA_PREFIX.len()..];
        let len = rest
            .bytes()
            .take_while(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
            })
            .count();
        let name = rest[..len].trim_end_matches('.');
        if !crate::model::is_media_name(name) {
            continue;
        }
        out.push_str(&text[at..i]);
        out.push_str(&reference(flavor, site, name));
        at = i + MEDIA_PREFIX.len() + name.len();
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// Writes the images of the exported posts where `flavor` expects them
/// (each once for Jekyll, whose images are shared), full size and clean.
pub(super) fn write_markdown_images(
    store: &Store,
    folder: &SiteFolder,
    flavor: Flavor,
    posts: &[PostSummary],
    images_of: &HashMap<i64, Vec<String>>,
    used: &[Media],
) -> Result<()> {
    let by_name: HashMap<&str, &Media> = used.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut written = std::collections::HashSet::new();
    let mut todo: Vec<(&Media, Vec<Wanted>)> = Vec::new();
    for p in posts {
        for name in images_of.get(&p.id).into_iter().flatten() {
            let Some(m) = by_name.get(name.as_str()) else {
                continue; // referred to, not stored: the check says so
            };
            let rel = image_path(flavor, &p.slug, name);
            if !written.insert(rel.clone()) {
                continue;
            }
            let mut key = Key::new("media-md");
            key.add(&m.hash);
            let wanted = Wanted {
                rel,
                key: key.finish(),
                width: None,
                encoding: Encoding::Original,
            };
            todo.push((m, vec![wanted]));
        }
    }
    write_files(store, folder, todo)
}
