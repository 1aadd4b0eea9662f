//! A post as a source holds it, before it becomes a Quire post: what every
//! reader (a folder of Markdown files, a WordPress export, a Ghost export)
//! produces, and what [`super::map`] turns into a [`crate::Post`].

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::Serialize;

/// The text of a post as the source wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Markdown(String),
    /// WordPress and Ghost keep HTML: converted with [`crate::convert`].
    Html(String),
}

/// An image or file the post refers to, as the source names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// How the post's text refers to it (`photo.jpg`, `/images/a.png`,
    /// `https://old.example/wp-content/uploads/a.jpg`).
    pub reference: String,
    /// Where its bytes are on this machine, when the source has them.
    pub path: Option<PathBuf>,
}

/// One post found in a source.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Found {
    /// What names this post in its source, stable from one import to the
    /// next: a file's path relative to the source's root
    /// (`content/posts/a/index.md`), `wxr:POST_ID`, `ghost:ID`. A re-import
    /// finds the post it made last time by it.
    pub origin: String,
    pub title: String,
    /// As the source gives it (file name, front matter, `wp:post_name`):
    /// checked and made valid later, the old one kept as an alias.
    pub slug: Option<String>,
    /// Publication date.
    pub date: Option<DateTime<Utc>>,
    pub created: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    /// The source says it is not published (draft flag, `wp:status` draft
    /// or pending or private, Ghost `status`).
    pub draft: bool,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub author: String,
    pub summary: String,
    pub language: Option<String>,
    pub body: Option<Body>,
    /// The post's address on the old site, as a path (`/2024/05/hello/`),
    /// when the source says it: kept as an alias so old links still work.
    pub url: Option<String>,
    /// Other old addresses (Hugo `aliases`, Jekyll `redirect_from`).
    pub aliases: Vec<String>,
    /// Related posts by slug, when the source lists them.
    pub related: Vec<String>,
    /// The cover image as the source refers to it.
    pub cover: Option<String>,
    pub cover_alt: String,
    /// Files the post refers to (page-bundle images, WordPress attachments).
    pub attachments: Vec<Attachment>,
    /// Front-matter keys Quire has no field for, kept as they were.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Something a source holds that could not be read: named by file (and
/// line, when known), never stopping the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub origin: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(origin: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Problem {
            origin: origin.into(),
            line,
            message: message.into(),
        }
    }
}

/// The kind of source, found by looking at it or given with `--from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Hugo,
    Jekyll,
    Zola,
    Astro,
    /// A WordPress export (WXR: WordPress eXtended RSS).
    Wxr,
    Ghost,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Hugo,
        Kind::Jekyll,
        Kind::Zola,
        Kind::Astro,
        Kind::Wxr,
        Kind::Ghost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Hugo => "hugo",
            Kind::Jekyll => "jekyll",
            Kind::Zola => "zola",
            Kind::Astro => "astro",
            Kind::Wxr => "wxr",
            Kind::Ghost => "ghost",
        }
    }

    /// The name `--from` takes.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// Everything one source holds, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub kind: Kind,
    /// The folder or file given.
    pub root: PathBuf,
    /// The old site's address (`https://old.example/blog`), when the source
    /// says it (Hugo `baseURL`, Jekyll `url` + `baseurl`, Zola `base_url`,
    /// Astro `site`, the WXR channel's `link`, Ghost's `url` setting):
    /// links written as absolute URLs to it are links between posts.
    pub base_url: Option<String>,
    pub found: Vec<Found>,
    pub problems: Vec<Problem>,
}
