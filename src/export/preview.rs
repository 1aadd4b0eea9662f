//! The preview of a post as the shells show it: related posts chosen from the
//! store by the publishing rule, the sanitised page, and the post's length.
//! The CLI's `quire preview` and the desktop's preview pane both call this.

use serde::Serialize;

use crate::render::images::{Images, Place};
use crate::render::links::Links;
use crate::render::page::{self, Mode};
use crate::render::{self, MAX_RELATED};
use crate::{Post, PostSummary, Result, Site, Status, Store};

/// What the preview pane shows.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub html: String,
    pub words: usize,
    pub reading_minutes: usize,
}

/// The posts "What to Read Next" lists for `post`: hand-picked first, then
/// those sharing the most tags, among the published posts.
pub fn related(store: &Store, post: &Post) -> Result<Vec<PostSummary>> {
    let candidates = store.related_candidates(post, &[Status::Published])?;
    Ok(render::choose_related(post, &candidates, MAX_RELATED)
        .into_iter()
        .cloned()
        .collect())
}

/// The preview of `post` (saved or not): the very page export writes, made
/// safe to show inside the app.
pub fn preview(store: &Store, post: &Post) -> Result<Preview> {
    preview_with(
        post,
        &related(store, post)?,
        &store.site()?,
        &preview_images(store, post)?,
        &preview_links(store, post)?,
    )
}

/// The posts the preview of `post` (saved or not) links to: the live ones
/// among those its text names (`quire:post/ID`), each a link the shell
/// can open by its slug (`data-slug`); a link to any other id is text.
pub fn preview_links(store: &Store, post: &Post) -> Result<Links> {
    let mut ids: Vec<i64> = Vec::new();
    let texts = post
        .sections
        .iter()
        .flat_map(|s| [&s.heading, &s.body])
        .chain(&post.takeaways);
    for text in texts {
        for id in crate::model::links::targets(text) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    if ids.is_empty() {
        return Ok(Links::default());
    }
    Ok(Links::new(store.slugs_by_id(&ids)?))
}

/// What the preview of `post` knows of the stored images it shows: their
/// sizes, served by the app ([`PREVIEW_IMAGES`]).
pub fn preview_images(store: &Store, post: &Post) -> Result<Images> {
    let names: Vec<String> = crate::model::media_refs(post).into_iter().collect();
    Ok(Images {
        known: store
            .media_named(&names)?
            .iter()
            .map(|m| (m.name.clone(), super::media_files::info(m)))
            .collect(),
        place: Place::Protocol(PREVIEW_IMAGES.to_string()),
    })
}

/// Where the preview finds stored images: the app's `quire-media` protocol
/// (its address differs on Windows, as the webview there wants).
pub const PREVIEW_IMAGES: &str = if cfg!(windows) {
    "http://quire-media.localhost/"
} else {
    "quire-media://localhost/"
};

/// [`preview`] once the store has been read: pure, so a shell can release
/// the store before rendering.
pub fn preview_with(
    post: &Post,
    related: &[PostSummary],
    site: &Site,
    images: &Images,
    links: &Links,
) -> Result<Preview> {
    let related: Vec<&PostSummary> = related.iter().collect();
    let stats = render::stats(post);
    Ok(Preview {
        html: page::render_page(post, &related, site, Mode::Preview, images, links)?,
        words: stats.words,
        reading_minutes: stats.reading_minutes,
    })
}
