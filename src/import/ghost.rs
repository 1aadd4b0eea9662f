//! Reads a Ghost export (the JSON file of Settings → Labs → Export) into
//! found posts.
//!
//! Steps: parse the file; index its tags, users and per-post metadata by id;
//! then turn each post (not page) into a [`Found`], in the file's order.
//! Ghost writes its own address as `__GHOST_URL__` in posts, so links and
//! images come out as paths on the site (`/content/images/a.jpg`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use super::source::{Attachment, Body, Found, Kind, Problem, Source};
use crate::{Error, Result};

/// Reads the export at `path`. A file that is not JSON is a [`Problem`] and
/// no posts; only a file that cannot be read is an error.
pub fn read(path: &Path) -> Result<Source> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let name = path
        .file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned();
    let mut source = Source {
        kind: Kind::Ghost,
        root: path.to_path_buf(),
        base_url: None,
        found: Vec::new(),
        problems: Vec::new(),
    };
    let json: Value = match serde_json::from_slice(&bytes) {
        Ok(json) => json,
        Err(e) => {
            let message = format!("not valid JSON: {e}");
            source
                .problems
                .push(Problem::new(name, Some(e.line()), message));
            return Ok(source);
        }
    };
    // Ghost 1 and later wrap the export in `db: [..]`; Ghost 0.x did not.
    let export = json.get("db").and_then(|db| db.get(0)).unwrap_or(&json);
    let Some(data) = export.get("data").filter(|d| d.is_object()) else {
        let message = "no `data` object: this is not a Ghost export";
        source.problems.push(Problem::new(name, None, message));
        return Ok(source);
    };
    let export = Export::index(data);
    source.base_url = export.base_url.clone();
    let images = path
        .parent()
        .unwrap_or(Path::new("."))
        .join("content")
        .join("images");
    for post in list(data, "posts") {
        let is_page = post.get("page").and_then(Value::as_bool) == Some(true);
        let kind = text(post, "type").unwrap_or("post");
        if kind == "post" && !is_page {
            source
                .found
                .push(export.found(post, &images, &mut source.problems));
        }
    }
    Ok(source)
}

/// The export's tables, indexed by the ids posts refer to them by.
struct Export<'a> {
    base_url: Option<String>,
    /// Tag id to name; internal (`#`) tags are left out.
    tags: HashMap<String, &'a str>,
    users: HashMap<String, &'a str>,
    /// Post id to (sort order, tag id).
    post_tags: HashMap<String, Vec<(i64, String)>>,
    post_authors: HashMap<String, Vec<(i64, String)>>,
    /// Ghost 3 and later keep `meta_description` and `feature_image_alt`
    /// in `posts_meta`, not on the post.
    meta: HashMap<String, &'a Value>,
}

impl<'a> Export<'a> {
    fn index(data: &'a Value) -> Export<'a> {
        let by_id = |table: &str, name: &str| -> HashMap<String, &'a str> {
            list(data, table)
                .filter_map(|r| Some((id(r, "id")?, text(r, name)?)))
                .collect()
        };
        let mut tags = by_id("tags", "name");
        tags.retain(|_, name| !name.starts_with('#'));
        let links = |table: &str, key: &str| {
            let mut map: HashMap<String, Vec<(i64, String)>> = HashMap::new();
            for row in list(data, table) {
                let (Some(post), Some(other)) = (id(row, "post_id"), id(row, key)) else {
                    continue;
                };
                let order = row.get("sort_order").and_then(Value::as_i64).unwrap_or(0);
                map.entry(post).or_default().push((order, other));
            }
            // Stable: rows of equal order keep the file's order.
            map.values_mut()
                .for_each(|v| v.sort_by_key(|(order, _)| *order));
            map
        };
        let setting = list(data, "settings").find(|s| text(s, "key") == Some("url"));
        Export {
            base_url: setting.and_then(|s| text(s, "value")).map(str::to_owned),
            tags,
            users: by_id("users", "name"),
            post_tags: links("posts_tags", "tag_id"),
            post_authors: links("posts_authors", "author_id"),
            meta: list(data, "posts_meta")
                .filter_map(|m| Some((id(m, "post_id")?, m)))
                .collect(),
        }
    }

    /// `__GHOST_URL__` made the site's address, or nothing (a path) when
    /// the export does not say it, which is the usual case.
    fn site(&self, s: &str) -> String {
        let base = self.base_url.as_deref().unwrap_or("").trim_end_matches('/');
        s.replace("__GHOST_URL__", base)
    }

    fn found(&self, post: &Value, images: &Path, problems: &mut Vec<Problem>) -> Found {
        let post_id = id(post, "id").unwrap_or_default();
        let origin = format!("ghost:{post_id}");
        let meta = self.meta.get(&post_id).copied();
        // A field on the post, else in its `posts_meta` row.
        let field = |key| nonempty(post, key).or_else(|| meta.and_then(|m| nonempty(m, key)));
        let tags = self.post_tags.get(&post_id).into_iter().flatten();
        let tags = tags.filter_map(|(_, tag)| self.tags.get(tag).map(|name| name.to_string()));
        // The first of its authors; Ghost before 1.22 had one, `author_id`.
        let authors = self
            .post_authors
            .get(&post_id)
            .into_iter()
            .flatten()
            .map(|(_, a)| a.clone());
        let author = authors
            .chain(id(post, "author_id"))
            .find_map(|a| self.users.get(&a).copied());
        let status = text(post, "status").unwrap_or("draft");
        let slug = nonempty(post, "slug").map(str::to_owned);
        let body = match text(post, "html") {
            Some(html) => Some(Body::Html(self.site(html))),
            None => markdown(post).map(|md| Body::Markdown(self.site(&md))),
        };
        let editor = ["mobiledoc", "lexical"]
            .iter()
            .any(|key| nonempty(post, key).is_some());
        if body.is_none() && editor {
            let title = text(post, "title").unwrap_or_default();
            let message = format!("“{title}”: the post has no HTML; export it again from Ghost 5");
            problems.push(Problem::new(&origin, None, message));
        }
        let cover = field("feature_image").map(|c| self.site(c));
        let mut attachments: Vec<Attachment> = Vec::new();
        let images_in_body = match &body {
            Some(Body::Html(html)) => img_sources(html),
            Some(Body::Markdown(md)) => markdown_images(md),
            None => Vec::new(),
        };
        for reference in cover.iter().cloned().chain(images_in_body) {
            if attachments.iter().all(|a| a.reference != reference) {
                let path = local_image(images, &reference);
                attachments.push(Attachment { reference, path });
            }
        }
        Found {
            url: slug.as_ref().map(|s| format!("/{s}/")),
            origin,
            title: text(post, "title").unwrap_or_default().to_owned(),
            slug,
            date: date(post.get("published_at")),
            created: date(post.get("created_at")),
            updated: date(post.get("updated_at")),
            draft: !matches!(status, "published" | "scheduled"),
            tags: tags.collect(),
            author: author.map(|a| a.to_string()).unwrap_or_default(),
            summary: field("custom_excerpt")
                .or(field("meta_description"))
                .unwrap_or("")
                .to_owned(),
            body,
            cover,
            cover_alt: field("feature_image_alt").unwrap_or_default().to_owned(),
            attachments,
            ..Found::default()
        }
    }
}

/// The Markdown of a post Ghost kept no HTML for: its mobiledoc Markdown
/// cards (Ghost 1 to 3), or the `markdown` field of Ghost 0.x.
fn markdown(post: &Value) -> Option<String> {
    if let Some(doc) = nonempty(post, "mobiledoc") {
        let doc: Value = serde_json::from_str(doc).ok()?;
        let cards = doc
            .get("cards")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        let texts: Vec<&str> = cards
            .filter_map(|card| {
                let name = card.get(0)?.as_str()?;
                let payload = card.get(1)?;
                matches!(name, "markdown" | "card-markdown").then(|| text(payload, "markdown"))?
            })
            .collect();
        return (!texts.is_empty()).then(|| texts.join("\n\n"));
    }
    nonempty(post, "markdown").map(str::to_owned)
}

/// The `src` of every `<img>` in `html`, entity `&amp;` decoded.
fn img_sources(html: &str) -> Vec<String> {
    let mut sources = Vec::new();
    let mut rest = html;
    while let Some(start) = find_ignore_case(rest, "<img") {
        let tag = &rest[start..];
        let end = tag.find('>').unwrap_or(tag.len());
        let (inside, after) = tag.split_at(end);
        rest = after;
        let Some(at) = attribute_start(inside, "src") else {
            continue;
        };
        let value = &inside[at..];
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or_default(),
        };
        if !value.is_empty() {
            sources.push(value.replace("&amp;", "&"));
        }
    }
    sources
}

/// The address of every `![alt](src "title")` in Markdown.
fn markdown_images(md: &str) -> Vec<String> {
    md.split("![")
        .skip(1)
        .filter_map(|rest| {
            let target = &rest[rest.find("](")? + 2..];
            let target = &target[..target.find(')')?];
            let src = target.split_whitespace().next()?;
            Some(src.trim_start_matches('<').trim_end_matches('>').to_owned())
        })
        .collect()
}

/// Where `name=`'s value starts in a tag, `name` standing alone (not the
/// end of `data-src` or the start of `srcset`).
fn attribute_start(tag: &str, name: &str) -> Option<usize> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name).map(|i| i + from) {
        from = i + name.len();
        let before = lower[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        let after = lower[from..].trim_start();
        if before && after.starts_with('=') {
            let value = after[1..].trim_start();
            return Some(tag.len() - value.len());
        }
    }
    None
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The file of `/content/images/2024/05/a.jpg` in the `content/images/`
/// folder copied next to the export, when it is there.
fn local_image(images: &Path, reference: &str) -> Option<PathBuf> {
    const MARK: &str = "/content/images/";
    let rest = &reference[reference.find(MARK)? + MARK.len()..];
    let rest = Path::new(rest.split(['?', '#']).next()?);
    let plain = rest
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    let file = images.join(rest);
    (plain && file.is_file()).then_some(file)
}

/// Ghost 5 writes `2024-05-14T09:30:00.000Z`, older versions
/// `2015-03-02 12:00:00` or milliseconds since 1970.
fn date(value: Option<&Value>) -> Option<DateTime<Utc>> {
    match value? {
        Value::String(s) => DateTime::parse_from_rfc3339(s)
            .map(|d| d.to_utc())
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").map(|d| d.and_utc()))
            .ok(),
        Value::Number(n) => DateTime::from_timestamp_millis(n.as_i64()?),
        _ => None,
    }
}

fn list<'a>(data: &'a Value, table: &str) -> impl Iterator<Item = &'a Value> {
    data.get(table)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key)?.as_str()
}

fn nonempty<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    text(value, key).filter(|s| !s.trim().is_empty())
}

/// Ids are strings since Ghost 1, numbers before.
fn id(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
