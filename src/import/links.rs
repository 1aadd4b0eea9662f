//! Links between imported posts, in every form the old site wrote them
//! (relative, site-relative, absolute to its `base_url`, Hugo
//! `ref`/`relref`, Zola `@/`, Jekyll `post_url`/`link`), rewritten as
//! Quire's internal link `quire:post/ID` (see [`crate::model::links`]) so
//! they survive slug changes and every export resolves them.

use std::collections::HashMap;

use pulldown_cmark::{Event, Tag};

use super::source::{Found, Kind};
use crate::model::{alias_path, links};
use crate::render::markdown::parser;

/// Where each post of an import can be found by the ways links name it.
#[derive(Debug, Default)]
pub struct Index {
    /// Old address (path, with and without a trailing `/`, `.html`).
    by_path: HashMap<String, i64>,
    /// Origin (a file path relative to the source root), and that path
    /// without `content/`, extension or `/index.md` / `_index.md`.
    by_file: HashMap<String, i64>,
    /// Jekyll `post_url` names (`2023-05-01-second`), and file stems.
    by_stem: HashMap<String, i64>,
}

/// A link that pointed to a post of the old site that is not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub target: String,
}

impl Index {
    /// Adds a post: its id and how the source named it.
    pub fn add(&mut self, found: &Found, id: i64) {
        for url in found.url.iter().chain(&found.aliases) {
            for key in path_keys(&alias_path(url)) {
                self.by_path.entry(key).or_insert(id);
            }
        }
        let origin = found.origin.as_str();
        for key in file_keys(origin) {
            self.by_file.entry(key).or_insert(id);
        }
        if let Some(stem) = stem(origin) {
            self.by_stem.entry(stem.to_string()).or_insert(id);
        }
    }

    /// Adds a post by its Quire address (`/posts/slug/`) too.
    pub fn add_path(&mut self, path: &str, id: i64) {
        for key in path_keys(path) {
            self.by_path.entry(key).or_insert(id);
        }
    }

    fn by_path(&self, path: &str) -> Option<i64> {
        path_keys(&alias_path(path))
            .into_iter()
            .find_map(|k| self.by_path.get(&k).copied())
    }

    fn by_file(&self, file: &str) -> Option<i64> {
        let file = file.trim_start_matches("./").trim_start_matches('/');
        file_keys(file)
            .into_iter()
            .find_map(|k| self.by_file.get(&k).copied())
            .or_else(|| {
                // Hugo `ref "other.md"`: a file name alone, anywhere.
                let name = file.rsplit('/').next()?;
                let stem = name.strip_suffix(".md").unwrap_or(name);
                self.by_stem.get(stem).copied()
            })
    }
}

/// The keys a path is found by.
fn path_keys(path: &str) -> Vec<String> {
    if path.is_empty() {
        return Vec::new();
    }
    let base = path
        .strip_suffix("/index.html")
        .or_else(|| path.strip_suffix(".html"))
        .unwrap_or(path)
        .trim_end_matches('/');
    vec![format!("{base}/"), base.to_lowercase() + "/"]
}

/// The keys a source file is found by.
fn file_keys(origin: &str) -> Vec<String> {
    let mut keys = vec![origin.to_string()];
    let mut short = origin;
    for prefix in ["content/", "src/content/", "src/pages/"] {
        if let Some(rest) = short.strip_prefix(prefix) {
            short = rest;
        }
    }
    keys.push(short.to_string());
    let no_ext = short
        .strip_suffix(".md")
        .or_else(|| short.strip_suffix(".markdown"))
        .or_else(|| short.strip_suffix(".mdx"))
        .unwrap_or(short);
    let no_index = no_ext
        .strip_suffix("/index")
        .or_else(|| no_ext.strip_suffix("/_index"))
        .unwrap_or(no_ext);
    keys.push(no_ext.to_string());
    keys.push(no_index.to_string());
    keys
}

/// A file's stem (`_posts/2023-05-01-second.md` → `2023-05-01-second`).
fn stem(origin: &str) -> Option<&str> {
    let name = origin.rsplit('/').next()?;
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    if stem == "index" {
        let dir = origin.rsplit('/').nth(1)?;
        return Some(dir);
    }
    Some(stem)
}

/// Rewrites the links of `body` (the post `found` of a source of `kind`,
/// old site at `base_url`) that point to posts in `index`; returns the
/// new body and the links to posts of the old site that are not there.
pub fn rewrite(
    body: &str,
    found: &Found,
    kind: Kind,
    base_url: Option<&str>,
    index: &Index,
) -> (String, Vec<Broken>) {
    let mut broken = Vec::new();
    let text = rewrite_tags(body, index, &mut broken);
    let own_path = found.url.as_deref().map(alias_path).unwrap_or_default();
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let resolve = |dest: &str, broken: &mut Vec<Broken>| -> Option<String> {
        resolve_dest(
            dest,
            &own_path,
            &found.origin,
            kind,
            base_url,
            index,
            broken,
        )
    };
    let parsed = parser(&text);
    let defs: Vec<(String, std::ops::Range<usize>)> = parsed
        .reference_definitions()
        .iter()
        .map(|(_, def)| (def.dest.to_string(), def.span.clone()))
        .collect();
    for (event, range) in parsed.into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && let Some(new) = resolve(&dest_url, &mut broken)
            && let Some(at) = dest_range(&text, &range, &dest_url)
        {
            edits.push((at, new));
        }
    }
    for (dest, span) in defs {
        if let Some(new) = resolve(&dest, &mut broken)
            && let Some(at) = dest_range(&text, &span, &dest)
        {
            edits.push((at, new));
        }
    }
    if edits.is_empty() {
        return (text, broken);
    }
    (splice(&text, edits), broken)
}

/// `text` with each range replaced by its new text; a range that starts
/// inside an earlier one is left out.
pub(super) fn splice(text: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, new) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&new);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Where `dest` is written inside the link at `range` (the last place:
/// the text before it may hold the same words).
pub(super) fn dest_range(
    text: &str,
    range: &std::ops::Range<usize>,
    dest: &str,
) -> Option<std::ops::Range<usize>> {
    if dest.is_empty() {
        return None;
    }
    let within = text.get(range.clone())?;
    let i = within.rfind(dest)?;
    Some(range.start + i..range.start + i + dest.len())
}

/// The internal link for a link destination to a post of the old site;
/// `None` for any other link (left as it is).
fn resolve_dest(
    dest: &str,
    own_path: &str,
    origin: &str,
    kind: Kind,
    base_url: Option<&str>,
    index: &Index,
    broken: &mut Vec<Broken>,
) -> Option<String> {
    if links::parse(dest).is_some() || dest.starts_with('#') {
        return None;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let with_fragment = |id: i64| match fragment {
        Some(f) => format!("{}#{f}", links::to(id)),
        None => links::to(id),
    };
    // Zola's internal links name the file: `@/blog/second.md`.
    if let Some(file) = path.strip_prefix("@/") {
        return Some(match index.by_file(&format!("content/{file}")) {
            Some(id) => with_fragment(id),
            None => {
                broken.push(Broken {
                    target: dest.to_string(),
                });
                return None;
            }
        });
    }
    let site_path = if let Some((scheme, rest)) = path.split_once("://") {
        if !matches!(scheme, "http" | "https") {
            return None;
        }
        let base = base_url?.split_once("://")?.1.trim_end_matches('/');
        let base_host = base.split('/').next()?;
        let host = rest.split('/').next()?;
        if !host.eq_ignore_ascii_case(base_host) {
            return None;
        }
        rest[host.len()..].to_string()
    } else if path.contains(':') || path.starts_with("//") {
        return None;
    } else if path.starts_with('/') {
        path.to_string()
    } else if path.ends_with(".md") || path.ends_with(".markdown") {
        // A link to a Markdown file next to this one.
        let dir = origin.rsplit_once('/').map_or("", |(d, _)| d);
        let file = join(dir, path);
        return match index.by_file(&file) {
            Some(id) => Some(with_fragment(id)),
            None => {
                broken.push(Broken {
                    target: dest.to_string(),
                });
                None
            }
        };
    } else if !path.is_empty() {
        join(own_path.trim_end_matches(|c| c != '/'), path)
    } else {
        return None;
    };
    // A path under the old site's base path.
    let base_path = base_url
        .and_then(|b| b.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].trim_end_matches('/')))
        .unwrap_or("");
    let in_site = site_path
        .strip_prefix(base_path)
        .filter(|p| p.starts_with('/'))
        .unwrap_or(&site_path);
    match index.by_path(in_site).or_else(|| index.by_path(&site_path)) {
        Some(id) => Some(with_fragment(id)),
        None => {
            if looks_like_post(in_site, kind) {
                broken.push(Broken {
                    target: dest.to_string(),
                });
            }
            None
        }
    }
}

/// Whether a site path that matches no imported post looks like a post's
/// address (worth reporting), not a tag page, an image or a file.
fn looks_like_post(path: &str, kind: Kind) -> bool {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let file = last.contains('.') && !last.ends_with(".html");
    let listing = ["/tags/", "/categories/", "/tag/", "/category/", "/page/"]
        .iter()
        .any(|p| path.contains(p));
    let posts_dir = match kind {
        Kind::Hugo | Kind::Zola | Kind::Astro => ["/posts/", "/blog/", "/post/"]
            .iter()
            .any(|p| path.starts_with(p)),
        Kind::Jekyll | Kind::Wxr => path
            .split('/')
            .nth(1)
            .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())),
        Kind::Ghost => false,
    };
    !file && !listing && posts_dir
}

/// `rel` resolved against the folder `dir` (both `/`-separated).
fn join(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = String::new();
    if dir.starts_with('/') {
        out.push('/');
    }
    out.push_str(&parts.join("/"));
    if rel.ends_with('/') && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Rewrites the generators' own link tags: Hugo `{{< ref "x" >}}` /
/// `relref` (either delimiter), Jekyll `{% post_url name %}` and
/// `{% link path %}`.
fn rewrite_tags(body: &str, index: &Index, broken: &mut Vec<Broken>) -> String {
    if !body.contains("{{") && !body.contains("{%") {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find(['{']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match link_tag(rest) {
            Some((len, target, kind)) => {
                let found = match kind {
                    TagKind::File => index.by_file(&target),
                    TagKind::PostUrl => index.by_stem.get(target.as_str()).copied(),
                };
                match found {
                    Some(id) => out.push_str(&links::to(id)),
                    None => {
                        broken.push(Broken {
                            target: rest[..len].to_string(),
                        });
                        out.push_str(&rest[..len]);
                    }
                }
                rest = &rest[len..];
            }
            None => {
                out.push('{');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

enum TagKind {
    File,
    PostUrl,
}

/// A link tag at the start of `s`: its length, its target and how the
/// target is named.
fn link_tag(s: &str) -> Option<(usize, String, TagKind)> {
    let (open, close) = if s.starts_with("{{<") {
        ("{{<", ">}}")
    } else if s.starts_with("{{%") {
        ("{{%", "%}}")
    } else if s.starts_with("{%") {
        ("{%", "%}")
    } else {
        return None;
    };
    let end = s.find(close)?;
    let inner = s[open.len()..end].trim();
    if inner.contains('\n') {
        return None;
    }
    let len = end + close.len();
    let unquote = |t: &str| t.trim().trim_matches(['"', '\'']).to_string();
    let (name, arg) = inner.split_once(char::is_whitespace)?;
    let (target, kind) = match (open, name) {
        ("{{<" | "{{%", "ref" | "relref") => {
            let target = unquote(arg);
            let target = target.split('#').next().unwrap_or_default().to_string();
            (target, TagKind::File)
        }
        ("{%", "post_url") => (unquote(arg), TagKind::PostUrl),
        ("{%", "link") => (unquote(arg), TagKind::File),
        _ => return None,
    };
    Some((len, target, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(origin: &str, url: &str) -> Found {
        Found {
            origin: origin.into(),
            url: Some(url.into()),
            ..Found::default()
        }
    }

    fn index() -> Index {
        let mut index = Index::default();
        index.add(&found("content/posts/first.md", "/posts/first/"), 1);
        index.add(&found("content/posts/bundle/index.md", "/posts/bundle/"), 2);
        index.add(
            &found("_posts/2023-05-01-second.md", "/2023/05/01/second.html"),
            3,
        );
        index.add(&found("content/blog/second/index.md", "/blog/second/"), 4);
        index
    }

    fn run(body: &str, kind: Kind) -> (String, Vec<Broken>) {
        let me = found("content/posts/me.md", "/posts/me/");
        rewrite(body, &me, kind, Some("https://old.example/"), &index())
    }

    #[test]
    fn every_form_becomes_an_internal_link() {
        let cases = [
            ("[a](/posts/first/)", "[a](quire:post/1)"),
            ("[a](../first/#part)", "[a](quire:post/1#part)"),
            ("[a](https://old.example/posts/bundle)", "[a](quire:post/2)"),
            ("[a]({{< ref \"first.md\" >}})", "[a](quire:post/1)"),
            ("[a]({{< relref \"/posts/bundle\" >}})", "[a](quire:post/2)"),
            ("[a]({% post_url 2023-05-01-second %})", "[a](quire:post/3)"),
            (
                "[a]({% link _posts/2023-05-01-second.md %})",
                "[a](quire:post/3)",
            ),
            ("[a](@/blog/second/index.md)", "[a](quire:post/4)"),
            ("[a](/2023/05/01/second.html)", "[a](quire:post/3)"),
            (
                "[a][r]\n\n[r]: /posts/first/",
                "[a][r]\n\n[r]: quire:post/1",
            ),
            ("[a](first.md)", "[a](quire:post/1)"),
        ];
        for (body, want) in cases {
            let (got, broken) = run(body, Kind::Hugo);
            assert_eq!(got, want, "{body}");
            assert!(broken.is_empty(), "{body}: {broken:?}");
        }
    }

    #[test]
    fn other_links_stay_and_missing_posts_are_reported() {
        for body in [
            "[a](https://elsewhere.example/posts/first/)",
            "[a](/tags/rust/)",
            "[a](/images/x.png)",
            "[a](#here)",
            "`[a](/posts/first/)` in code",
        ] {
            let (got, broken) = run(body, Kind::Hugo);
            assert_eq!(got, body);
            assert!(broken.is_empty(), "{body}");
        }
        let (got, broken) = run("[a](/posts/gone/) and {{< ref \"gone.md\" >}}", Kind::Hugo);
        assert_eq!(got, "[a](/posts/gone/) and {{< ref \"gone.md\" >}}");
        assert_eq!(broken.len(), 2);
    }
}
