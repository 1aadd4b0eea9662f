//! A post as editors, the CLI and the desktop app exchange it: the JSON shape
//! of DESIGN.md, field for field.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Where a post stands in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Draft,
    Scheduled,
    Published,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Draft, Status::Scheduled, Status::Published];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Status {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "draft" => Ok(Status::Draft),
            "scheduled" => Ok(Status::Scheduled),
            "published" => Ok(Status::Published),
            other => Err(Error::Validation(format!(
                "status must be draft, scheduled or published, not `{other}`"
            ))),
        }
    }
}

/// One section of the article: an h2 heading (none when empty) and a
/// Markdown body that may hold `###` sub-headings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Section {
    pub heading: String,
    pub body: String,
}

impl Section {
    pub fn new(heading: impl Into<String>, body: impl Into<String>) -> Self {
        Section {
            heading: heading.into(),
            body: body.into(),
        }
    }
}

/// A post's cover image: a media reference (`media/NAME`, see
/// [`super::media_name`]), its alternative text and an optional caption.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Cover {
    pub src: String,
    pub alt: String,
    pub caption: String,
}

/// Front-matter keys kept for a generator: its name (`hugo`, `jekyll`,
/// `zola`, `astro`) → key → value.
pub type Extra = std::collections::BTreeMap<String, serde_json::Map<String, serde_json::Value>>;

/// A whole post. `id`, `created_at`, `updated_at` and `revision` are set by
/// the store; on input they identify what is being updated (`id`, `revision`)
/// or are ignored (the timestamps; a new post keeps the ones it is given, so
/// an import keeps a post's history). Unknown fields are ignored on input so
/// that newer files still load.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Post {
    pub id: Option<i64>,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub author: String,
    pub category: String,
    pub tags: Vec<String>,
    pub status: Status,
    /// RFC 3339; the store keeps it normalised to UTC (`…Z`).
    #[serde(with = "super::time_opt")]
    pub publish_at: Option<DateTime<Utc>>,
    pub sections: Vec<Section>,
    pub takeaways: Vec<String>,
    /// Slugs of hand-picked related posts, in order.
    pub related: Vec<String>,
    /// The post's language (a BCP 47 tag such as `ar` or `pt-BR`) when it
    /// is not the site's; pages set `lang` (and `dir="rtl"` for
    /// right-to-left scripts) from it. Optional: absent in older files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The post's cover image, shown above the text and in link previews
    /// (Open Graph). Optional: absent in older files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cover: Option<Cover>,
    /// Old addresses of the post (URL paths such as `/2019/05/hello/`),
    /// kept working by every export: redirect pages in the HTML site, Hugo
    /// and Zola `aliases`, Jekyll `redirect_from`. Optional.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Front-matter keys of an imported post that Quire has no field for,
    /// by the generator they came from (`{"hugo": {"weight": 3}}`): written
    /// back by that generator's Markdown export. Optional.
    #[serde(skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    #[serde(with = "super::time_opt")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(with = "super::time_opt")]
    pub updated_at: Option<DateTime<Utc>>,
    /// The revision this content is (or, on input, was edited from). 0 = never saved.
    pub revision: i64,
}

impl Post {
    /// A new, unsaved draft with this title.
    pub fn new(title: impl Into<String>) -> Self {
        Post {
            title: title.into(),
            ..Post::default()
        }
    }

    /// Parses the JSON shape (a leading byte-order mark is ignored). Broken
    /// JSON is [`Error::Json`]; well-formed JSON with a wrong field (a bad
    /// status, a malformed date) is [`Error::Validation`] naming the field.
    /// [`super::PostInput::from_json`] also tells which fields were given.
    pub fn from_json(text: &str) -> Result<Post> {
        super::PostInput::from_json(text).map(|input| input.post)
    }

    /// The JSON shape, pretty-printed.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a Post always serialises")
    }

    /// The date the article shows: when it is (to be) published, else when it
    /// was created, else `now`.
    pub fn display_date(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.publish_at.or(self.created_at).unwrap_or(now)
    }
}

/// One row of a post list: what listings, indexes and "What to Read Next"
/// need, without the sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostSummary {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub author: String,
    pub category: String,
    pub tags: Vec<String>,
    pub status: Status,
    #[serde(with = "super::time_opt")]
    pub publish_at: Option<DateTime<Utc>>,
    #[serde(with = "super::time")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "super::time")]
    pub updated_at: DateTime<Utc>,
    pub revision: i64,
    /// When it was moved to the trash; `None` for a live post.
    #[serde(
        with = "super::time_opt",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub deleted_at: Option<DateTime<Utc>>,
}

impl PostSummary {
    /// The date listings sort and show by: publication, else creation.
    pub fn display_date(&self) -> DateTime<Utc> {
        self.publish_at.unwrap_or(self.created_at)
    }
}
