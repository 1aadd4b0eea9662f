//! Getting posts out of Quire: one post or a whole site, as HTML or as
//! Markdown for a static-site generator.
//!
//! - [`html`] and [`markdown()`]: pure, one post to one string.
//! - [`post`]: a stored post, with its related posts, to a file name and contents.
//! - [`site()`]: every published post, index pages, tag and category pages,
//!   feeds and a sitemap, written into a folder that may hold the owner's
//!   files too: [`folder`] writes and removes only Quire's files.
//! - [`file`] and [`folder`]: the only code that writes export output.
//! - `links`, `redirects`, `extra`: links between posts as each output
//!   resolves them, the redirect pages of posts' old addresses, the front
//!   matter an imported post kept for its generator.
//!
//! URL scheme of an exported HTML site (and of links in a single HTML page):
//! a post lives at `posts/{slug}/index.html` and is linked as `posts/{slug}/`
//! (relative); related posts link to `../{slug}/`; tags at `tags/{tag}/`,
//! categories at `categories/{category}/`, older index pages at `page/{n}/`.
//! Canonical links, feeds and the sitemap use `{base_url}/posts/{slug}/`
//! when the site has a base URL. Links between posts (`quire:post/ID`)
//! follow the related posts' scheme; a post's old addresses (aliases) are
//! redirect pages at those paths (`2019/05/hello/index.html`).

mod extra;
mod feeds;
pub mod file;
mod flavor;
pub mod folder;
mod images;
mod links;
mod markdown;
mod media_files;
mod post_pages;
mod preview;
mod redirects;
mod site;
mod tag_index;

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::model::slug;
use crate::render::page::post_date;
use crate::{Error, Post, PostSummary, Result, Site, Store};

pub use file::write_file;
pub use images::image_files;
pub use links::{UnresolvedLink, markdown_address};
pub use markdown::{toml_string, yaml_string};
pub use preview::{
    PREVIEW_IMAGES, Preview, preview, preview_images, preview_links, preview_notes, preview_with,
    related,
};
pub use redirects::SkippedAlias;
pub use site::{NO_FEEDS, SiteOptions, SiteReport, site};

/// The static-site generators whose Markdown Quire writes natively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavor {
    Hugo,
    Jekyll,
    Zola,
    Astro,
}

impl Flavor {
    pub const ALL: [Flavor; 4] = [Flavor::Hugo, Flavor::Jekyll, Flavor::Zola, Flavor::Astro];

    pub fn as_str(self) -> &'static str {
        match self {
            Flavor::Hugo => "hugo",
            Flavor::Jekyll => "jekyll",
            Flavor::Zola => "zola",
            Flavor::Astro => "astro",
        }
    }

    /// The folder, inside a site's source tree, where this generator looks
    /// for posts.
    pub fn content_dir(self) -> &'static str {
        match self {
            Flavor::Hugo | Flavor::Zola => "content/posts",
            Flavor::Jekyll => "_posts",
            Flavor::Astro => "src/content/blog",
        }
    }
}

impl std::fmt::Display for Flavor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Flavor {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "hugo" => Ok(Flavor::Hugo),
            "jekyll" => Ok(Flavor::Jekyll),
            "zola" => Ok(Flavor::Zola),
            "astro" => Ok(Flavor::Astro),
            other => Err(Error::Validation(format!(
                "flavor must be hugo, jekyll, zola or astro, not `{other}`"
            ))),
        }
    }
}

/// What an export produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Html,
    Markdown(Flavor),
}

/// The standalone HTML page of a post: the article page with its stylesheet
/// inlined, `<html lang>`, description, Open Graph, JSON-LD `BlogPosting`
/// and a canonical link when the site has a base URL. Deterministic.
pub fn html(post: &Post, related: &[&PostSummary], site: &Site) -> Result<String> {
    crate::render::article(post, related, site)
}

/// The Markdown file of a post for `flavor`: front matter plus body.
/// Knowing no other post, it writes links to posts as their text.
pub fn markdown(post: &Post, site: &Site, flavor: Flavor) -> Result<String> {
    Ok(markdown::markdown(
        post,
        site,
        flavor,
        crate::render::links::none(),
    ))
}

/// [`markdown`] with links to the posts of `links` written as `flavor`'s
/// generator resolves them ([`markdown_address`]).
pub fn markdown_with(
    post: &Post,
    site: &Site,
    flavor: Flavor,
    links: &crate::render::links::Links,
) -> Result<String> {
    Ok(markdown::markdown(post, site, flavor, links))
}

/// The slug used in file names: the post's own when valid, else derived
/// from the title. Nothing else from the user reaches a file name.
pub fn safe_slug(post: &Post) -> String {
    if slug::validate(&post.slug).is_ok() {
        post.slug.clone()
    } else {
        slug::slugify(&post.title)
    }
}

/// The file name an export of `post` gets: `slug.html`, `slug.md`, or
/// `YYYY-MM-DD-slug.md` for Jekyll, dated in the site's time zone (an
/// undated, never-saved post is dated 1970-01-01 there).
pub fn file_name(post: &Post, site: &Site, format: Format) -> String {
    name_for(&safe_slug(post), post_date(post), site, format)
}

/// [`file_name`] for a listed post (its slug already validated).
pub(crate) fn summary_file_name(post: &PostSummary, site: &Site, format: Format) -> String {
    name_for(&post.slug, Some(post.display_date()), site, format)
}

fn name_for(
    slug: &str,
    date: Option<chrono::DateTime<chrono::Utc>>,
    site: &Site,
    format: Format,
) -> String {
    match format {
        Format::Html => format!("{slug}.html"),
        Format::Markdown(Flavor::Jekyll) => {
            let date = date
                .map(|d| site.local(d).format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| "1970-01-01".into());
            format!("{date}-{slug}.md")
        }
        Format::Markdown(_) => format!("{slug}.md"),
    }
}

/// A stored post exported on its own: its file name and contents. HTML
/// pages list related posts among the published ones and carry their
/// images inline (one file to send); Markdown refers to them as
/// `media/{name}`, as written. Links to other live posts lead to their
/// addresses on the site (HTML: only with a base URL, as related posts).
pub fn post(store: &Store, id: i64, format: Format) -> Result<(String, String)> {
    let post = store.get(id)?;
    let site = store.site()?;
    let links = links::live(store, &crate::render::links::targets(&post))?;
    let contents = match format {
        Format::Html => {
            let related = related(store, &post)?;
            let images = media_files::inline_images(store, &post)?;
            let related: Vec<&PostSummary> = related.iter().collect();
            crate::render::page::render_page(
                &post,
                &related,
                &site,
                crate::render::Mode::Standalone,
                &images,
                &links,
            )?
        }
        Format::Markdown(flavor) => markdown::markdown(&post, &site, flavor, &links),
    };
    Ok((file_name(&post, &site, format), contents))
}
