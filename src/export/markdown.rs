//! A post as a Markdown file for a static-site generator: front matter in the
//! format and with the keys each generator reads natively (YAML for Hugo,
//! Jekyll and Astro, TOML for Zola), then the post's one Markdown document
//! ([`crate::render::document`]), the very text the preview renders.
//! Strings are always quoted and escaped, so a title with quotes, colons or
//! newlines cannot break the front matter.

use std::fmt::Write;

use super::Flavor;
use crate::render::document::document;
use crate::render::page::post_date;
use crate::{Post, Site, Status};

/// The whole Markdown file for `post`.
pub fn markdown(post: &Post, site: &Site, flavor: Flavor) -> String {
    let mut out = String::with_capacity(post.text_bytes() + 1024);
    match flavor {
        Flavor::Zola => toml_front_matter(&mut out, post, site),
        _ => yaml_front_matter(&mut out, post, site, flavor),
    }
    out.push('\n');
    out.push_str(&document(post).text);
    out
}

fn author<'a>(post: &'a Post, site: &'a Site) -> &'a str {
    if post.author.is_empty() {
        &site.default_author
    } else {
        &post.author
    }
}

fn yaml_front_matter(out: &mut String, post: &Post, site: &Site, flavor: Flavor) {
    let date = post_date(post);
    let draft = post.status != Status::Published;
    out.push_str("---\n");
    if flavor == Flavor::Jekyll {
        out.push_str("layout: post\n");
    }
    yaml_key(out, "title", &post.title);
    let date_key = if flavor == Flavor::Astro {
        "pubDate"
    } else {
        "date"
    };
    if let Some(d) = date {
        let text = match flavor {
            Flavor::Jekyll => d.format("%Y-%m-%d %H:%M:%S %z").to_string(),
            _ => crate::model::format_time(&d),
        };
        let _ = writeln!(out, "{date_key}: {text}");
    }
    if let Some(updated) = post.updated_at.filter(|u| Some(*u) != date) {
        let key = match flavor {
            Flavor::Hugo => "lastmod",
            Flavor::Astro => "updatedDate",
            _ => "last_modified_at",
        };
        let text = match flavor {
            Flavor::Jekyll => updated.format("%Y-%m-%d %H:%M:%S %z").to_string(),
            _ => crate::model::format_time(&updated),
        };
        let _ = writeln!(out, "{key}: {text}");
    }
    yaml_key(out, "slug", &post.slug);
    match flavor {
        Flavor::Hugo => {
            yaml_key(out, "summary", &post.summary);
            yaml_key(out, "description", &post.summary);
        }
        Flavor::Jekyll => {
            yaml_key(out, "excerpt", &post.summary);
            yaml_key(out, "description", &post.summary);
        }
        Flavor::Astro | Flavor::Zola => yaml_key(out, "description", &post.summary),
    }
    let author = author(post, site);
    if !author.is_empty() {
        yaml_key(out, "author", author);
    }
    yaml_list(out, "tags", &post.tags);
    let categories: Vec<String> = if post.category.is_empty() {
        Vec::new()
    } else {
        vec![post.category.clone()]
    };
    if flavor == Flavor::Astro {
        if !post.category.is_empty() {
            yaml_key(out, "category", &post.category);
        }
    } else {
        yaml_list(out, "categories", &categories);
    }
    if flavor == Flavor::Jekyll {
        // Jekyll's own switch: an unpublished post is not built.
        let _ = writeln!(out, "published: {}", !draft);
    } else {
        let _ = writeln!(out, "draft: {draft}");
    }
    out.push_str("---\n");
}

fn yaml_key(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key}: {}", yaml_string(value));
}

fn yaml_list(out: &mut String, key: &str, items: &[String]) {
    if items.is_empty() {
        let _ = writeln!(out, "{key}: []");
        return;
    }
    let _ = writeln!(out, "{key}:");
    for item in items {
        let _ = writeln!(out, "  - {}", yaml_string(item));
    }
}

/// A YAML double-quoted scalar: always a string, whatever it looks like
/// (`yes`, `2023-10-06`, `: #`), with every control or line-break character
/// escaped.
pub fn yaml_string(s: &str) -> String {
    // YAML also treats the Unicode line and paragraph separators and the BOM
    // as special, so they are escaped too.
    quoted(s, |c| matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'))
}

fn toml_front_matter(out: &mut String, post: &Post, site: &Site) {
    let date = post_date(post);
    out.push_str("+++\n");
    toml_key(out, "title", &post.title);
    if let Some(d) = date {
        let _ = writeln!(out, "date = {}", crate::model::format_time(&d));
    }
    if let Some(updated) = post.updated_at.filter(|u| Some(*u) != date) {
        let _ = writeln!(out, "updated = {}", crate::model::format_time(&updated));
    }
    toml_key(out, "slug", &post.slug);
    toml_key(out, "description", &post.summary);
    let _ = writeln!(out, "draft = {}", post.status != Status::Published);
    out.push_str("\n[taxonomies]\n");
    toml_list(out, "tags", &post.tags);
    let categories: Vec<String> = if post.category.is_empty() {
        Vec::new()
    } else {
        vec![post.category.clone()]
    };
    toml_list(out, "categories", &categories);
    let author = author(post, site);
    if !author.is_empty() {
        out.push_str("\n[extra]\n");
        toml_key(out, "author", author);
    }
    out.push_str("+++\n");
}

fn toml_key(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {}", toml_string(value));
}

fn toml_list(out: &mut String, key: &str, items: &[String]) {
    let items: Vec<String> = items.iter().map(|i| toml_string(i)).collect();
    let _ = writeln!(out, "{key} = [{}]", items.join(", "));
}

/// A TOML basic string with quotes, backslashes and control characters escaped.
pub fn toml_string(s: &str) -> String {
    quoted(s, |_| false)
}

/// A double-quoted string as YAML and TOML both write it: quotes,
/// backslashes and control characters escaped (`\uXXXX` for the rare ones),
/// plus whatever `also_escape` names.
fn quoted(s: &str, also_escape: fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || also_escape(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
