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
    /// The words of each section, in the post's order, by the rule that
    /// counts `words` (which holds them, with the summary and takeaways).
    pub section_words: Vec<usize>,
    /// What the page leaves out that the editor asked for — a hand-picked
    /// related post that is a draft, later, trashed or missing — in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
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
    let site = store.site()?;
    let mut preview = preview_with(
        post,
        &related(store, post)?,
        &site,
        &preview_images(store, post)?,
        &preview_links(store, post)?,
    )?;
    preview.notes = preview_notes(store, &site, post);
    Ok(preview)
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
    let section_words = render::section_words(post);
    let stats = render::stats_with(post, &section_words);
    Ok(Preview {
        html: page::render_page(post, &related, site, Mode::Preview, images, links)?,
        words: stats.words,
        reading_minutes: stats.reading_minutes,
        section_words,
        notes: Vec::new(),
    })
}

/// The [`Preview::notes`] for `post`: the hand-picked related posts the page
/// leaves out, each with the reason (the pre-publish check's own words).
pub fn preview_notes(store: &Store, site: &Site, post: &Post) -> Vec<String> {
    crate::check::related(post, site, store)
        .into_iter()
        .map(|finding| finding.message)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Section;

    fn long_post() -> Post {
        let mut post = Post::new("A long post");
        post.summary = "Three words here.".into();
        post.sections = vec![
            Section::new(
                "First part",
                "One **two** three, [four](https://example.com).",
            ),
            Section::new("", "Lead-less body of five words."),
            Section::new("Third", "`code` counts\n\n### A sub heading\n\nend"),
        ];
        post.takeaways = vec!["Know the *reader*.".into()];
        post
    }

    fn preview_of(post: &Post) -> Preview {
        preview_with(
            post,
            &[],
            &Site::default(),
            &Images::default(),
            crate::render::links::none(),
        )
        .unwrap()
    }

    #[test]
    fn counts_each_sections_words_by_the_rule_the_total_uses() {
        let post = long_post();
        let preview = preview_of(&post);
        assert_eq!(preview.section_words, vec![2 + 4, 5, 1 + 2 + 3 + 1]);
        let rest = crate::render::markdown::count_words(&post.summary)
            + crate::render::markdown::count_words(&post.takeaways[0]);
        assert_eq!(
            preview.words,
            preview.section_words.iter().sum::<usize>() + rest,
            "the total is the sections' counts, the summary's and the takeaways'"
        );
        assert_eq!(preview.words, crate::render::stats(&post).words);
    }

    #[test]
    fn the_preview_marks_each_section_with_its_index_and_exports_do_not() {
        let mut post = long_post();
        // An empty section is left out of the page: the indexes still name the post's sections.
        post.sections.insert(1, Section::new("", ""));
        let html = preview_of(&post).html;
        for index in [0, 2, 3] {
            assert!(
                html.contains(&format!(
                    "<section class=\"section\" data-section=\"{index}\">"
                )),
                "section {index} is marked in {html}"
            );
        }
        assert!(
            !html.contains("data-section=\"1\""),
            "the empty section shows nothing"
        );
        let exported = crate::render::article(&post, &[], &Site::default()).unwrap();
        assert!(
            !exported.contains("data-section"),
            "exports stay as they were"
        );
        assert!(exported.contains("<section class=\"section\">"));
    }
}
