//! Where each tag's and category's page lives in an exported site
//! (`tags/{slug}/`, `categories/{slug}/`). Spellings of one tag ("Rust",
//! "rust") share a page; different tags whose slugs clash ("C", "C#" and
//! "C++" all slugify to `c`) get numbered pages (`c`, `c-2`, `c-3`) instead
//! of being merged into one.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::PostSummary;
use crate::model::slug::{numbered, slugify};

/// The page path of every tag and category of a set of posts.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TermPaths {
    tags: HashMap<String, String>,
    categories: HashMap<String, String>,
}

impl TermPaths {
    /// Paths for the tags and categories of `posts` (the posts of one export).
    pub fn new(posts: &[PostSummary]) -> Self {
        let tags = posts.iter().flat_map(|p| p.tags.iter());
        let categories = posts.iter().map(|p| &p.category).filter(|c| !c.is_empty());
        TermPaths {
            tags: paths("tags", tags),
            categories: paths("categories", categories),
        }
    }

    /// Where the page of tag `name` lives, relative to the site's root.
    pub fn tag(&self, name: &str) -> Cow<'_, str> {
        lookup(&self.tags, "tags", name)
    }

    /// Where the page of category `name` lives, relative to the site's root.
    pub fn category(&self, name: &str) -> Cow<'_, str> {
        lookup(&self.categories, "categories", name)
    }
}

/// A name the set was not built from (a post edited while its site was
/// being exported) gets the plain slug.
fn lookup<'a>(paths: &'a HashMap<String, String>, kind: &str, name: &str) -> Cow<'a, str> {
    match paths.get(name) {
        Some(path) => Cow::Borrowed(path),
        None => Cow::Owned(format!("{kind}/{}/", slugify(name))),
    }
}

/// What makes two names one tag: letters and digits as the slug has them
/// (case and accents aside), any run of blanks, dashes and underscores as
/// one dash, and every other sign kept — "C++" is not "C".
fn identity(name: &str) -> String {
    let ascii = deunicode::deunicode(name);
    let mut key = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            if !key.is_empty() && !key.ends_with('-') {
                key.push('-');
            }
        } else {
            key.push(c);
        }
    }
    while key.ends_with('-') {
        key.pop();
    }
    key
}

/// `{kind}/{slug}/` for each distinct name. Names of one tag share its
/// slug; of the tags that clash on a slug, the one that is the slug itself
/// (else the first by identity) keeps it, the others take the first free
/// `slug-2`, `slug-3`… Deterministic: the same names give the same paths.
fn paths<'a>(kind: &str, names: impl Iterator<Item = &'a String>) -> HashMap<String, String> {
    let names: HashSet<&str> = names.map(String::as_str).collect();
    let identities: HashMap<&str, String> = names.iter().map(|&n| (n, identity(n))).collect();
    let mut by_slug: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for (&name, id) in &identities {
        by_slug.entry(slugify(name)).or_default().insert(id);
    }
    let mut taken: HashSet<String> = by_slug.keys().cloned().collect();
    let mut slug_of: HashMap<&str, String> = HashMap::new();
    for (slug, ids) in &by_slug {
        let mut ids: Vec<&str> = ids.iter().copied().collect();
        ids.sort_by_key(|id| (*id != slug, *id));
        let mut n = 2;
        for (i, id) in ids.into_iter().enumerate() {
            let assigned = if i == 0 {
                slug.clone()
            } else {
                loop {
                    let candidate = numbered(slug, n);
                    n += 1;
                    if taken.insert(candidate.clone()) {
                        break candidate;
                    }
                }
            };
            slug_of.insert(id, assigned);
        }
    }
    identities
        .iter()
        .map(|(&name, id)| {
            (
                name.to_string(),
                format!("{kind}/{}/", slug_of[id.as_str()]),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag_paths(names: &[&str]) -> HashMap<String, String> {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        paths("tags", names.iter())
    }

    #[test]
    fn spellings_of_one_tag_share_a_page() {
        let p = tag_paths(&[
            "Rust",
            "rust",
            " RUST",
            "Crème Brûlée",
            "creme brulee",
            "e_mail",
            "E mail",
        ]);
        assert_eq!(p["Rust"], "tags/rust/");
        assert_eq!(p["rust"], "tags/rust/");
        assert_eq!(p[" RUST"], "tags/rust/");
        assert_eq!(p["Crème Brûlée"], p["creme brulee"]);
        assert_eq!(p["e_mail"], p["E mail"]);
    }

    #[test]
    fn tags_that_clash_on_a_slug_get_numbered_pages() {
        let p = tag_paths(&["C++", "C#", "C", "c", "C 2"]);
        assert_eq!(p["C"], "tags/c/", "the tag that is the slug keeps it");
        assert_eq!(p["c"], "tags/c/");
        assert_eq!(
            p["C 2"], "tags/c-2/",
            "a tag's own slug is never given away"
        );
        assert_eq!(p["C#"], "tags/c-3/");
        assert_eq!(p["C++"], "tags/c-4/");
        let distinct: HashSet<&String> = p.values().collect();
        assert_eq!(distinct.len(), 4);
    }

    #[test]
    fn paths_do_not_depend_on_the_order_names_come_in() {
        let a = tag_paths(&["C++", "C#", "C", "Go", "go!"]);
        let b = tag_paths(&["go!", "C", "Go", "C#", "C++"]);
        assert_eq!(a, b);
        assert_eq!(a["Go"], "tags/go/");
        assert_eq!(a["go!"], "tags/go-2/");
    }

    #[test]
    fn an_unknown_name_gets_its_plain_slug() {
        let paths = TermPaths::default();
        assert_eq!(paths.tag("Machine Learning"), "tags/machine-learning/");
        assert_eq!(paths.category("News & Views"), "categories/news-views/");
    }
}
