//! The pre-publish check: what an editor should look at before a post goes
//! out, each with where it is so the window can jump there. It explains and
//! never blocks: [`check`] returns findings, not errors, and saving or
//! exporting never asks for it.
//!
//! Steps: read the post once as its published page shows it (`page`: the
//! renderer's one document, one parse, the post's own markup as the
//! sanitiser keeps it) → run each rule over that reading, asking a
//! [`Lookup`] (the store, in the app and the CLI) about the posts and
//! images it points to → order the findings as the page reads, top to
//! bottom.
//!
//! The rules, one file each: `length` (title, summary), `sections`
//! (empty ones), `headings` (skipped levels), `images` (alt text),
//! `linked` (links and related posts that lead nowhere), `external`
//! (what the page loads from, and links to, other sites).

mod external;
mod headings;
mod images;
mod length;
mod linked;
mod markup;
mod page;
mod sections;
mod store;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Post, Site};

pub use length::{LIMITS, Limits};

/// One thing to look at before publishing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// A sentence an editor understands, with the numbers in it ("The
    /// summary is 712 characters; search engines show 120–160.").
    pub message: String,
    pub place: Place,
}

/// How much a finding matters. Neither blocks anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Readers, search engines or screen readers will notice.
    Warning,
    /// Worth knowing (what the page loads from other sites).
    Info,
}

/// Which rule a finding comes from, for a shell that groups or filters them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    SummaryLength,
    TitleLength,
    EmptySection,
    HeadingSkip,
    ImageAlt,
    LinkedPost,
    External,
}

/// Where a finding is, for the window to jump to. Indexes count from 0,
/// as in [`Post::sections`], [`Post::takeaways`] and [`Post::related`]
/// (messages count from 1, as editors do). Declared in the order the page
/// reads, which is the order [`check`] returns findings in. In JSON:
/// `{"kind": "section", "index": 2}`, `{"kind": "title"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Place {
    Title,
    Summary,
    Cover,
    Section {
        index: usize,
    },
    Takeaway {
        index: usize,
    },
    Related {
        index: usize,
    },
    /// The post as a whole (what spans several places).
    Post,
}

/// What the check needs to know from outside the post: provided by the
/// store in the app and the CLI ([`crate::Store`] implements it), by a
/// fake in tests.
pub trait Lookup {
    /// The post with this id, live or trashed; `None` when there is none.
    fn post_status(&self, id: i64) -> Option<PostState>;
    /// The post with this slug (a live one before a trashed one); `None`
    /// when there is none.
    fn post_by_slug(&self, slug: &str) -> Option<PostState>;
    /// The stored image's own alternative text (`""` when it has none);
    /// `None` when no image of that name is stored.
    fn media_alt(&self, name: &str) -> Option<String>;
    /// Whether the stored image is marked as saying nothing (an empty alt
    /// is then right); false when no image of that name is stored.
    fn media_decorative(&self, name: &str) -> bool;
}

/// Where another post stands, and what to call it in a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostState {
    pub status: PostStateKind,
    pub title: String,
    /// When it is (to be) published: a post scheduled after this one is
    /// not out when this one is.
    pub publish_at: Option<DateTime<Utc>>,
}

/// A post's status as links see it: a trashed post is gone whatever its
/// status was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostStateKind {
    Published,
    Scheduled,
    Draft,
    Trashed,
}

/// The hand-picked related posts that will not show under "What to Read
/// Next", and why (a draft, later, in the trash, no post): what the
/// preview says beside the page, where they silently do not appear.
pub fn related(post: &Post, site: &Site, lookup: &dyn Lookup) -> Vec<Finding> {
    let mut findings = Vec::new();
    linked::related(post, site, lookup, &mut findings);
    findings
}

/// Everything in `post` an editor should look at before publishing it on
/// `site`, in the order the page reads (title first, the post as a whole
/// last). Pure but for `lookup`; an empty list means nothing to look at.
pub fn check(post: &Post, site: &Site, lookup: &dyn Lookup) -> Vec<Finding> {
    let page = page::Page::read(post, site);
    let mut findings = Vec::new();
    length::title(post, &mut findings);
    length::summary(post, &mut findings);
    sections::empty(post, &mut findings);
    headings::skips(&page, &mut findings);
    images::alt(post, &page, lookup, &mut findings);
    linked::links(post, site, &page, lookup, &mut findings);
    linked::related(post, site, lookup, &mut findings);
    external::resources(site, &page, &mut findings);
    external::links(site, &page, &mut findings);
    // Stable: within a place, findings keep the rules' order.
    findings.sort_by_key(|f| f.place);
    findings
}

impl Finding {
    fn warning(rule: Rule, place: Place, message: String) -> Finding {
        Finding {
            rule,
            severity: Severity::Warning,
            message,
            place,
        }
    }

    fn info(rule: Rule, place: Place, message: String) -> Finding {
        Finding {
            rule,
            severity: Severity::Info,
            message,
            place,
        }
    }
}
