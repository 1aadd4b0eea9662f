//! Links between posts in the exports: which posts an export can link to,
//! each internal link of a Markdown export written as its generator
//! resolves it, and the report of links whose target the export lacks.
//!
//! Where a post of a Markdown site export lives, and so what a link to it
//! says (`{base}` is the path of the site's base URL, `/blog` for
//! `https://example.org/blog`, else nothing):
//!
//! - Hugo: `content/posts/{slug}.md` (or a bundle `{slug}/index.md`) with
//!   `slug` in its front matter is the page `/posts/{slug}/`: linked as
//!   `{base}/posts/{slug}/`, which Hugo leaves as written.
//! - Zola: linked by file, `@/posts/{slug}.md` (a bundle:
//!   `@/posts/{slug}/index.md`), which Zola resolves, and checks, itself.
//! - Jekyll: `{base}/posts/{slug}/`, the address under `permalink:
//!   /posts/:slug/` (the HTML export's scheme). Jekyll's own `post_url`
//!   would need Liquid, which Quire turns off for post text.
//! - Astro: `{base}/posts/{slug}/`, a page of `src/pages/posts/[slug].astro`.
//!
//! An `href` in raw HTML is written as the site-relative address for every
//! generator (Zola resolves `@/` in Markdown links only). A link to a post
//! the export lacks is written as its text.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::Flavor;
use super::folder::{Key, PostFacts, SiteFolder};
use crate::render::links::{Kind, Links, occurrences};
use crate::{PostSummary, Result, Site, Store};

/// A link of an exported post to a post the export does not have: shown
/// as its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnresolvedLink {
    /// The post that links, and its slug.
    pub post: i64,
    pub slug: String,
    /// The id it links to.
    pub target: i64,
}

/// The posts a site export links to: those it exports; `bundles`, those
/// written as a folder (Markdown with images).
pub(super) fn exported(posts: &[PostSummary], bundles: impl Fn(i64) -> bool) -> Links {
    Links {
        slugs: posts.iter().map(|p| (p.id, p.slug.clone())).collect(),
        bundles: posts
            .iter()
            .map(|p| p.id)
            .filter(|&id| bundles(id))
            .collect(),
    }
}

/// The live posts among `ids`, for a post exported on its own or
/// previewed: it may link to any of them.
pub(super) fn live(store: &Store, ids: &[i64]) -> Result<Links> {
    if ids.is_empty() {
        return Ok(Links::default());
    }
    let slugs = store.slugs_by_id(ids)?;
    let found: Vec<i64> = slugs.keys().copied().collect();
    let bundles = store
        .media_names_by_post(&found)?
        .into_iter()
        .filter(|(_, names)| !names.is_empty())
        .map(|(id, _)| id)
        .collect();
    Ok(Links { slugs, bundles })
}

/// Where a Markdown link to the post `slug` leads in `flavor`'s site.
pub fn markdown_address(flavor: Flavor, site: &Site, slug: &str, bundle: bool) -> String {
    match flavor {
        Flavor::Zola if bundle => format!("@/posts/{slug}/index.md"),
        Flavor::Zola => format!("@/posts/{slug}.md"),
        _ => html_address(site, slug),
    }
}

/// The post's address from the site's root, for raw HTML.
fn html_address(site: &Site, slug: &str) -> String {
    format!("{}/posts/{slug}/", super::images::base_path(site))
}

/// `text` (a post's document) with its internal links written for
/// `flavor`, to the posts of `links`; a link to any other post is its
/// text (an autolink, the address as written).
pub(super) fn rewrite<'t>(
    text: &'t str,
    links: &Links,
    flavor: Flavor,
    site: &Site,
) -> Cow<'t, str> {
    let found = occurrences(text);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let address = |id: i64| {
        let slug = links.slug(id)?;
        Some(markdown_address(
            flavor,
            site,
            slug,
            links.bundles.contains(&id),
        ))
    };
    let mut out = String::with_capacity(text.len() + 32 * found.len());
    let mut at = 0;
    for o in found {
        if o.kind.start() < at {
            continue; // inside one already written (never, but safe)
        }
        match o.kind {
            Kind::Inline {
                whole,
                text: shown,
                dest,
            } => {
                out.push_str(&text[at..whole.start]);
                match (address(o.id), dest) {
                    (Some(to), Some(dest)) => {
                        out.push_str(&text[whole.start..dest.start]);
                        out.push_str(&to);
                        at = dest.end;
                        continue;
                    }
                    (Some(to), None) => {
                        // Written with escapes: the link again, plainly.
                        let fragment = o.fragment.map(|f| format!("#{f}")).unwrap_or_default();
                        let _ = write!(out, "[{}](<{to}{fragment}>)", &text[shown]);
                    }
                    (None, _) => out.push_str(&text[shown]),
                }
                at = whole.end;
            }
            Kind::Reference { whole, text: shown } => {
                if address(o.id).is_none() {
                    out.push_str(&text[at..whole.start]);
                    out.push_str(&text[shown]);
                    at = whole.end;
                }
            }
            Kind::Definition { dest } => {
                if let Some(to) = address(o.id) {
                    out.push_str(&text[at..dest.start]);
                    out.push_str(&to);
                    at = dest.end;
                }
            }
            Kind::Autolink { whole } => {
                out.push_str(&text[at..whole.start]);
                match (address(o.id), links.slug(o.id)) {
                    (Some(to), Some(slug)) => {
                        let fragment = o.fragment.map(|f| format!("#{f}")).unwrap_or_default();
                        let _ = write!(out, "[{slug}]({to}{fragment})");
                    }
                    _ => out.push_str(&text[whole.start + 1..whole.end - 1]),
                }
                at = whole.end;
            }
            Kind::Html(h) => {
                out.push_str(&text[at..h.attr.start]);
                match links.slug(o.id) {
                    Some(slug) => {
                        let q = h.quote.unwrap_or('"');
                        let _ = write!(
                            out,
                            "href={q}{}{}{q}",
                            html_address(site, slug),
                            &text[h.rest.clone()]
                        );
                    }
                    None => {
                        while out.ends_with([' ', '\t']) {
                            out.pop();
                        }
                    }
                }
                at = h.attr.end;
            }
        }
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// Keeps what the export learnt of each post for the next one, and lists
/// the links to posts that `links` lacks, in the site's order.
pub(super) fn settle(
    folder: &SiteFolder,
    posts: &[PostSummary],
    facts: &HashMap<i64, PostFacts>,
    links: &Links,
) -> Vec<UnresolvedLink> {
    let mut unresolved = Vec::new();
    for p in posts {
        let Some(f) = facts.get(&p.id) else { continue };
        folder.remember(p.id, f.clone());
        for &target in &f.links {
            if links.slug(target).is_none() {
                unresolved.push(UnresolvedLink {
                    post: p.id,
                    slug: p.slug.clone(),
                    target,
                });
            }
        }
    }
    unresolved
}

/// The key of a Markdown post file: what the post is made from (`key`) and
/// where each of its links leads (a target's slug, or its absence).
pub(super) fn linked_key(
    key: &str,
    targets: &[i64],
    links: &Links,
    flavor: Flavor,
    site: &Site,
) -> String {
    if targets.is_empty() {
        return key.to_string();
    }
    let mut linked = Key::default();
    linked.add(key);
    for &id in targets {
        let to = links
            .slug(id)
            .map(|slug| markdown_address(flavor, site, slug, links.bundles.contains(&id)));
        linked.add_num(id).add(to.as_deref().unwrap_or_default());
    }
    linked.finish()
}

/// The sentences a site export's report says of `unresolved` links: one
/// per linking post. `live` names, among the targets, the posts that
/// exist but are not exported (drafts, posts not yet due).
pub(super) fn notes(unresolved: &[UnresolvedLink], live: &HashMap<i64, String>) -> Vec<String> {
    let mut by_post: BTreeMap<(&str, i64), Vec<i64>> = BTreeMap::new();
    for u in unresolved {
        let targets = by_post.entry((u.slug.as_str(), u.post)).or_default();
        if !targets.contains(&u.target) {
            targets.push(u.target);
        }
    }
    by_post
        .into_iter()
        .map(|((slug, _), targets)| {
            let named: Vec<String> = targets
                .iter()
                .map(|id| match live.get(id) {
                    Some(s) => format!("post {id} (`{s}`, which this export leaves out)"),
                    None => format!("post {id} (no such post)"),
                })
                .collect();
            format!(
                "`{slug}` links to {}: shown as text, not a link.",
                named.join(", ")
            )
        })
        .collect()
}
