//! The site's machine-readable listings: an Atom feed, an RSS 2.0 feed and
//! a sitemap, every exported post in each, newest first. Their formats
//! require absolute addresses, so they are written only for a site with a
//! base URL ([`possible`]).

use serde::Serialize;

use crate::model::format_time;
use crate::render::page::post_path;
use crate::render::templates::render;
use crate::{PostSummary, Result, Site};

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    id: String,
    url: String,
    published: String,
    updated: String,
    rfc2822: String,
    author: &'a str,
    tags: &'a [String],
    summary: &'a str,
}

#[derive(Serialize)]
struct Feed<'a> {
    lang: &'a str,
    site_name: &'a str,
    description: String,
    feed_id: String,
    home: String,
    updated: String,
    last_build: Option<String>,
    permalink: bool,
    posts: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Url {
    loc: String,
    lastmod: Option<String>,
}

/// Whether the feeds and sitemap can be written: only with absolute
/// addresses (RFC 4287, RSS 2.0 and the sitemap protocol all say so).
pub fn possible(site: &Site) -> bool {
    !site.base_url.is_empty()
}

/// The site's root address: `{base_url}/`, or `./` when unknown.
pub fn home(site: &Site) -> String {
    if site.base_url.is_empty() {
        "./".to_string()
    } else {
        format!("{}/", site.base_url)
    }
}

fn absolute(site: &Site, path: &str) -> String {
    if site.base_url.is_empty() {
        path.to_string()
    } else {
        format!("{}/{path}", site.base_url)
    }
}

fn feed<'a>(site: &'a Site, posts: &'a [PostSummary]) -> Feed<'a> {
    let latest = posts.iter().map(|p| p.updated_at).max();
    let entries = posts
        .iter()
        .map(|p| {
            let url = absolute(site, &post_path(&p.slug));
            Entry {
                title: &p.title,
                id: if site.base_url.is_empty() {
                    format!("urn:quire:post:{}", p.slug)
                } else {
                    url.clone()
                },
                url,
                published: format_time(&p.display_date()),
                updated: format_time(&p.updated_at.max(p.display_date())),
                rfc2822: p.display_date().to_rfc2822(),
                // RFC 4287 wants an author for every entry: the post's,
                // the site's default, else the site itself.
                author: [&p.author, &site.default_author, &site.site_name]
                    .into_iter()
                    .find(|a| !a.trim().is_empty())
                    .map_or("Unknown", |a| a.as_str()),
                tags: &p.tags,
                summary: &p.summary,
            }
        })
        .collect();
    Feed {
        lang: &site.language,
        site_name: &site.site_name,
        description: format!("Latest posts from {}", site.site_name),
        feed_id: if site.base_url.is_empty() {
            format!(
                "urn:quire:site:{}",
                crate::model::slug::slugify(&site.site_name)
            )
        } else {
            home(site)
        },
        home: home(site),
        updated: latest
            .map(|t| format_time(&t))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
        last_build: latest.map(|t| t.to_rfc2822()),
        permalink: !site.base_url.is_empty(),
        posts: entries,
    }
}

/// `atom.xml` and `rss.xml`, from one list of entries.
pub fn atom_and_rss(site: &Site, posts: &[PostSummary]) -> Result<(String, String)> {
    let feed = minijinja::Value::from_serialize(feed(site, posts));
    Ok((render("atom.xml", &feed)?, render("rss.xml", &feed)?))
}

/// `sitemap.xml`: the home page, every post and every listing page given.
pub fn sitemap(site: &Site, posts: &[PostSummary], pages: &[String]) -> Result<String> {
    let mut urls = vec![Url {
        loc: home(site),
        lastmod: posts
            .iter()
            .map(|p| p.updated_at)
            .max()
            .map(|t| format_time(&t)),
    }];
    urls.extend(posts.iter().map(|p| Url {
        loc: absolute(site, &post_path(&p.slug)),
        lastmod: Some(format_time(&p.updated_at)),
    }));
    urls.extend(pages.iter().map(|path| Url {
        loc: absolute(site, path),
        lastmod: None,
    }));
    #[derive(Serialize)]
    struct Ctx {
        urls: Vec<Url>,
    }
    render("sitemap.xml", Ctx { urls })
}
