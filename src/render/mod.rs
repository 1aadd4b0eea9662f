//! From a post to the HTML a reader sees. One renderer serves the preview
//! pane and every export; the preview only adds a sanitising step.
//!
//! - [`document`]: the post as one Markdown document (also the Markdown export's body).
//! - [`html`]: that document to HTML (sections, footnotes, the post's own markup).
//! - [`images`]: where a page finds the post's stored images.
//! - [`links`]: where a page's links to other posts (`quire:post/ID`) lead.
//! - [`markdown`]: the one pulldown-cmark wrapper (options, heading ids, words).
//! - [`page`]: the article page (template context, page shell).
//! - [`related`]: "What to Read Next" — which posts, and their excerpts.
//! - [`date`]: the localised date line.
//! - [`sanitize`]: the preview's allow-list.
//! - [`templates`]: the compiled-in minijinja templates and stylesheet.
//! - [`terms`]: where each tag's and category's page lives in a site.

pub mod date;
pub mod document;
pub mod html;
pub mod images;
pub mod links;
pub mod markdown;
pub mod page;
pub mod related;
pub mod sanitize;
pub mod templates;
pub mod terms;

use serde::Serialize;

use crate::{Post, PostSummary, Result, Site};

pub use markdown::markdown_to_html;
pub use page::Mode;
pub use related::{MAX_RELATED, choose_related};

/// How long a post is: words a reader sees and minutes to read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub words: usize,
    pub reading_minutes: usize,
}

/// Reading speed used for [`Stats::reading_minutes`], in words a minute.
pub const WORDS_PER_MINUTE: usize = 230;

/// Word count (summary, section headings and bodies, takeaways) and reading
/// time, rounded up; an empty post takes 0 minutes, any other at least 1.
pub fn stats(post: &Post) -> Stats {
    stats_with(post, &section_words(post))
}

/// The words of each section (heading and body), in the post's order: the
/// counts [`stats`] adds up.
pub fn section_words(post: &Post) -> Vec<usize> {
    post.sections
        .iter()
        .map(|s| markdown::count_words(&s.heading) + markdown::count_words(&s.body))
        .collect()
}

/// [`stats`] from the sections' counts ([`section_words`]) already made.
pub fn stats_with(post: &Post, section_words: &[usize]) -> Stats {
    let mut words = markdown::count_words(&post.summary);
    words += section_words.iter().sum::<usize>();
    for t in &post.takeaways {
        words += markdown::count_words(t);
    }
    Stats {
        words,
        reading_minutes: words.div_ceil(WORDS_PER_MINUTE),
    }
}

/// The article page as export writes it: a standalone HTML document (CSS
/// inlined, head metadata), raw HTML kept unless the site says `strip`.
/// Knowing no other post, it shows links to posts as their text
/// ([`page::render_page`] is given them).
pub fn article(post: &Post, related: &[&PostSummary], site: &Site) -> Result<String> {
    page::render_page(
        post,
        related,
        site,
        Mode::Standalone,
        &images::Images::default(),
        links::none(),
    )
}

/// The same page for the editor's preview pane: the article sanitised with
/// an allow-list (no scripts, handlers or `javascript:` URLs) and locked down
/// with a Content-Security-Policy. Related links carry `data-slug` so a shell
/// can open the post instead of navigating (so do links to other posts,
/// when [`page::render_page`] is given them).
pub fn preview(post: &Post, related: &[&PostSummary], site: &Site) -> Result<String> {
    page::render_page(
        post,
        related,
        site,
        Mode::Preview,
        &images::Images::default(),
        links::none(),
    )
}
