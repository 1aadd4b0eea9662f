//! The redirect pages of an HTML site export: each old address of an
//! exported post (its aliases) gets a small page that sends the reader on
//! to the post ([`crate::render::page::redirect_page`]). `/2019/05/hello/`
//! (or `/2019/05/hello`) is `2019/05/hello/index.html`; an address ending
//! in `.html` or `.htm` is that file. Aliases are paths from the site's
//! root (where its base URL points), as Hugo's and Zola's are.
//!
//! Steps: decide every page first, in the site's order of posts → leave
//! out, and report, an alias that would land where the export writes a
//! file of its own (a post's folder, `tags/`, `categories/`, `page/`,
//! `media/`, the home page, the stylesheet, the feeds and sitemap), where
//! an earlier post's alias is, where a file Quire did not write is (or a
//! folder of the path is a file), or that cannot be a file name on every
//! system → write the others as every file is written (unchanged pages
//! kept, through the manifest): a page no alias asks for any more is
//! removed by [`super::folder::SiteFolder::finish`].

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::folder::{Key, PostFacts, SiteFolder};
use crate::render::page::{post_path, redirect_page};
use crate::{PostSummary, Result, Site};

/// An alias of an exported post that got no redirect page, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedAlias {
    pub post: i64,
    pub slug: String,
    pub alias: String,
    pub reason: String,
}

impl SkippedAlias {
    /// The sentence the export's report says of it.
    pub fn note(&self) -> String {
        format!(
            "`{}`: no redirect page for its old address {}: {}.",
            self.slug, self.alias, self.reason
        )
    }
}

/// Files at the top of the site that the export writes.
const TOP_FILES: [&str; 5] = [
    "index.html",
    "style.css",
    "atom.xml",
    "rss.xml",
    "sitemap.xml",
];

/// Folders whose every file is the export's.
const OWN_FOLDERS: [&str; 4] = ["tags/", "categories/", "page/", "media/"];

/// Writes the redirect pages of `posts` (their aliases in `facts`) into
/// `folder`; returns the aliases left out. `base`: what every file of the
/// export is made from.
pub(super) fn write(
    folder: &SiteFolder,
    site: &Site,
    base: &Key,
    posts: &[PostSummary],
    facts: &HashMap<i64, PostFacts>,
) -> Result<Vec<SkippedAlias>> {
    let post_dirs: HashSet<String> = posts.iter().map(|p| post_path(&p.slug)).collect();
    // Claimed paths (lower-case: a folder may be on a case-blind disk):
    // files and the folders above them, by the post that claimed them.
    let mut files: HashMap<String, i64> = HashMap::new();
    let mut dirs: HashMap<String, i64> = HashMap::new();
    let mut skipped = Vec::new();
    let mut pages: Vec<(String, &PostSummary, Option<&str>)> = Vec::new();
    for p in posts {
        let Some(f) = facts.get(&p.id) else { continue };
        for alias in &f.aliases {
            let skip = |reason: String| SkippedAlias {
                post: p.id,
                slug: p.slug.clone(),
                alias: alias.clone(),
                reason,
            };
            let rel = match file_for(alias) {
                Ok(rel) => rel,
                Err(reason) => {
                    skipped.push(skip(reason.to_string()));
                    continue;
                }
            };
            let lower = rel.to_lowercase();
            let folders: Vec<&str> = lower
                .match_indices('/')
                .map(|(i, _)| &lower[..=i])
                .collect();
            let owner = |id: i64| {
                posts
                    .iter()
                    .find(|q| q.id == id)
                    .map_or_else(|| id.to_string(), |q| format!("`{}`", q.slug))
            };
            if lower.starts_with(&post_path(&p.slug)) {
                skipped.push(skip("it is the post's own address".into()));
            } else if TOP_FILES.contains(&lower.as_str())
                || OWN_FOLDERS.iter().any(|f| lower.starts_with(f))
                || folders.iter().any(|f| post_dirs.contains(*f))
                || folders
                    .iter()
                    .any(|f| TOP_FILES.contains(&f.trim_end_matches('/')))
            {
                skipped.push(skip(
                    "the export writes a file of its own there (a post, a listing, a feed, \
                     an image)"
                        .into(),
                ));
            } else if files.get(&lower) == Some(&p.id) {
                // The same page twice (`/a/` and `/a/index.html`): one will do.
            } else if let Some(&other) =
                files.get(&lower).or_else(|| dirs.get(&lower)).or_else(|| {
                    folders
                        .iter()
                        .find_map(|f| files.get(f.trim_end_matches('/')))
                })
            {
                skipped.push(skip(format!(
                    "it is in the way of an old address of {} (or that one of it)",
                    owner(other)
                )));
            } else if !folder.may_write(&rel) {
                skipped.push(skip(
                    "a file Quire did not write is there (or a file is where a folder of it would be); \
                     it is left alone"
                        .into(),
                ));
            } else {
                files.insert(lower.clone(), p.id);
                for f in &folders {
                    dirs.insert(f.trim_end_matches('/').to_string(), p.id);
                }
                pages.push((rel, p, f.language.as_deref()));
            }
        }
    }
    let shared = base.finish();
    for (rel, p, language) in pages {
        let up = "../".repeat(rel.matches('/').count());
        let href = format!("{up}{}", post_path(&p.slug));
        let mut key = Key::default();
        key.add(&shared)
            .add("redirect")
            .add(&rel)
            .add(&p.slug)
            .add(&p.title)
            .add(language.unwrap_or_default());
        let key = key.finish();
        if folder.reuse(&rel, &key) {
            continue;
        }
        let html = redirect_page(&p.title, language, &href, &p.slug, site)?;
        folder.write(&rel, &key, html.as_bytes())?;
    }
    Ok(skipped)
}

/// The file, from the site's root, that answers for `alias` (a URL path,
/// percent-escapes decoded as a web server does), or why there is none.
fn file_for(alias: &str) -> std::result::Result<String, &'static str> {
    let path = decode(alias.trim_start_matches('/'))
        .ok_or("it holds an escape that is no character or an escaped `/`")?;
    if path.trim_matches('/').is_empty() {
        return Err("it is the site's home page");
    }
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let portable = |s: &str| {
        !s.is_empty()
            && !s.starts_with('.')
            && !s.ends_with(['.', ' '])
            && !s.chars().any(|c| {
                c.is_control() || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            })
    };
    if !segments.iter().all(|s| portable(s)) {
        return Err(
            "it cannot be a file name on every system (an empty or hidden part, `..`, or one of \\ : * ? \" < > |)",
        );
    }
    let lower = path.to_lowercase();
    Ok(if path.ends_with('/') {
        format!("{path}index.html")
    } else if lower.ends_with(".html") || lower.ends_with(".htm") {
        path
    } else {
        format!("{path}/index.html")
    })
}

/// `path` with its `%XX` escapes decoded; `None` when one is no UTF-8, a
/// `/` (a file name cannot hold one) or a NUL.
fn decode(path: &str) -> Option<String> {
    if !path.contains('%') {
        return Some(path.to_string());
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            let b = u8::from_str_radix(hex, 16).ok()?;
            if b == b'/' || b == 0 {
                return None;
            }
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alias_is_a_folder_page_or_an_html_file() {
        assert_eq!(
            file_for("/2019/05/hello/").unwrap(),
            "2019/05/hello/index.html"
        );
        assert_eq!(
            file_for("/2019/05/hello").unwrap(),
            "2019/05/hello/index.html"
        );
        assert_eq!(file_for("/2019/hello.html").unwrap(), "2019/hello.html");
        assert_eq!(file_for("/old/Page.HTM").unwrap(), "old/Page.HTM");
        assert_eq!(file_for("/caf%C3%A9/").unwrap(), "café/index.html");
        for bad in [
            "/", "/a/../b/", "/.git/x", "/a%2Fb/", "/a%ZZ/", "/a:b/", "/a//b",
        ] {
            assert!(file_for(bad).is_err(), "{bad}");
        }
    }
}
