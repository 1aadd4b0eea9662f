//! A post as a Markdown file for a static-site generator: front matter in the
//! format and with the keys each generator reads natively (YAML for Hugo,
//! Jekyll and Astro, TOML for Zola), then the post's one Markdown document
//! ([`crate::render::document`]), the very text the preview renders, its
//! links to other posts written as the generator resolves them
//! ([`super::links`]). The post's old addresses become the generator's
//! redirects (Hugo and Zola `aliases`, Jekyll `redirect_from`, read by the
//! jekyll-redirect-from plugin and an unknown key without it; Astro has no
//! such key: `aliases` is written for a site's own redirect page to read,
//! and a content collection's schema drops it unless it declares it). Keys
//! the post kept from an import of the same generator follow Quire's own
//! ([`super::extra`]). Strings are always quoted and escaped, so a title
//! with quotes, colons or newlines cannot break the front matter.

use std::fmt::Write;

use chrono::{DateTime, SecondsFormat, Utc};

use super::Flavor;
use crate::render::document::document;
use crate::render::links::Links;
use crate::render::page::post_date;
use crate::{Post, Site, Status};

/// The whole Markdown file for `post`, linking to the posts of `links`.
pub fn markdown(post: &Post, site: &Site, flavor: Flavor, links: &Links) -> String {
    let mut out = String::with_capacity(post.text_bytes() + 1024);
    match flavor {
        Flavor::Zola => toml_front_matter(&mut out, post, site),
        _ => yaml_front_matter(&mut out, post, site, flavor),
    }
    out.push('\n');
    let doc = document(post);
    let text = super::links::rewrite(&doc.text, links, flavor, site);
    let text = super::images::rewrite_references(&text, flavor, site);
    out.push_str(&super::flavor::body(&text, flavor));
    out
}

fn author<'a>(post: &'a Post, site: &'a Site) -> &'a str {
    if post.author.is_empty() {
        &site.default_author
    } else {
        &post.author
    }
}

/// The post's cover and the name of its stored image.
fn cover(post: &Post) -> Option<(&crate::Cover, &str)> {
    let cover = post.cover.as_ref()?;
    Some((cover, crate::model::media_name(&cover.src)?))
}

/// Whether the generator should leave the post out: a draft. A scheduled
/// post is not one: it is dated ahead and the generator publishes it when
/// its time comes (Hugo and Jekyll skip future posts until then).
fn is_draft(post: &Post) -> bool {
    post.status == Status::Draft
}

/// A time as the front matter writes it: in the site's time zone with its
/// offset (`2023-10-06T01:30:00+02:00`; Jekyll's own `2023-10-06
/// 01:30:00 +0200`), so a post written at 23:30 in Berlin is dated, and
/// for Jekyll named, by its Berlin day.
fn local_time(t: DateTime<Utc>, site: &Site, flavor: Flavor) -> String {
    let local = site.local(t);
    match flavor {
        Flavor::Jekyll => local.format("%Y-%m-%d %H:%M:%S %z").to_string(),
        _ => local.to_rfc3339_opts(SecondsFormat::Secs, true),
    }
}

fn yaml_front_matter(out: &mut String, post: &Post, site: &Site, flavor: Flavor) {
    let date = post_date(post);
    let draft = is_draft(post);
    out.push_str("---\n");
    if flavor == Flavor::Jekyll {
        out.push_str("layout: post\n");
        // Post text is the editor's, never Liquid: `{{ }}` in code stays.
        out.push_str("render_with_liquid: false\n");
    }
    yaml_key(out, "title", &post.title);
    let date_key = if flavor == Flavor::Astro {
        "pubDate"
    } else {
        "date"
    };
    if let Some(d) = date {
        let _ = writeln!(out, "{date_key}: {}", local_time(d, site, flavor));
        if flavor == Flavor::Hugo && post.status == Status::Scheduled {
            let _ = writeln!(out, "publishDate: {}", local_time(d, site, flavor));
        }
    }
    if let Some(updated) = post.updated_at.filter(|u| Some(*u) != date) {
        let key = match flavor {
            Flavor::Hugo => "lastmod",
            Flavor::Astro => "updatedDate",
            _ => "last_modified_at",
        };
        let _ = writeln!(out, "{key}: {}", local_time(updated, site, flavor));
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
    if let Some(language) = &post.language {
        yaml_key(out, "lang", language);
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
    if !post.related.is_empty() {
        // Hand-picked "What to Read Next", by slug, for the site's layout.
        yaml_list(out, "related", &post.related);
    }
    if !post.aliases.is_empty() {
        let key = match flavor {
            Flavor::Jekyll => "redirect_from",
            _ => "aliases",
        };
        yaml_list(out, key, &post.aliases);
    }
    if let Some((cover, name)) = cover(post) {
        let src = super::images::reference(flavor, site, name);
        match flavor {
            Flavor::Hugo => {
                // `images` feeds Hugo's own Open Graph template; `cover` the
                // themes that show one (PaperMod's shape).
                yaml_list(out, "images", std::slice::from_ref(&src));
                out.push_str("cover:\n");
                let _ = writeln!(out, "  image: {}", yaml_string(&src));
                let _ = writeln!(out, "  alt: {}", yaml_string(&cover.alt));
                let _ = writeln!(out, "  caption: {}", yaml_string(&cover.caption));
            }
            Flavor::Jekyll => {
                // jekyll-seo-tag's shape.
                out.push_str("image:\n");
                let _ = writeln!(out, "  path: {}", yaml_string(&src));
                let _ = writeln!(out, "  alt: {}", yaml_string(&cover.alt));
            }
            _ => {
                // The Astro blog template's names.
                yaml_key(out, "heroImage", &src);
                yaml_key(out, "heroImageAlt", &cover.alt);
            }
        }
    }
    if flavor == Flavor::Jekyll {
        // Jekyll's own switch: an unpublished post is not built.
        let _ = writeln!(out, "published: {}", !draft);
    } else {
        let _ = writeln!(out, "draft: {draft}");
    }
    super::extra::yaml(out, post, flavor);
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
        let _ = writeln!(out, "date = {}", local_time(d, site, Flavor::Zola));
    }
    if let Some(updated) = post.updated_at.filter(|u| Some(*u) != date) {
        let _ = writeln!(out, "updated = {}", local_time(updated, site, Flavor::Zola));
    }
    toml_key(out, "slug", &post.slug);
    toml_key(out, "description", &post.summary);
    let _ = writeln!(out, "draft = {}", is_draft(post));
    if !post.aliases.is_empty() {
        toml_list(out, "aliases", &post.aliases);
    }
    super::extra::toml_top(out, post);
    out.push_str("\n[taxonomies]\n");
    toml_list(out, "tags", &post.tags);
    let categories: Vec<String> = if post.category.is_empty() {
        Vec::new()
    } else {
        vec![post.category.clone()]
    };
    toml_list(out, "categories", &categories);
    super::extra::toml_table(out, post, "taxonomies");
    let author = author(post, site);
    let cover = cover(post);
    if !author.is_empty()
        || post.language.is_some()
        || !post.related.is_empty()
        || cover.is_some()
        || super::extra::zola_has(post, "extra")
    {
        out.push_str("\n[extra]\n");
        if !author.is_empty() {
            toml_key(out, "author", author);
        }
        if let Some(language) = &post.language {
            toml_key(out, "lang", language);
        }
        if !post.related.is_empty() {
            toml_list(out, "related", &post.related);
        }
        if let Some((cover, name)) = cover {
            toml_key(
                out,
                "cover",
                &super::images::reference(Flavor::Zola, site, name),
            );
            toml_key(out, "cover_alt", &cover.alt);
        }
        super::extra::toml_table(out, post, "extra");
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
