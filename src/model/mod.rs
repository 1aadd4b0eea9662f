//! The plain data an editor works with — posts, their sections, the site's
//! settings — and the rules they must satisfy. Pure: no I/O, no clock.

pub mod date_input;
mod input;
pub mod links;
mod post;
mod site;
pub mod slug;
mod validate;

pub use input::{PostInput, UPDATE_FIELDS};
pub use post::{Cover, Extra, Post, PostSummary, Section, Status};
pub use site::{RawHtml, Site, is_rtl, language_tag};
pub use validate::{clean_text, is_forbidden_char, limits};

/// The prefix of a media reference in a post: `![Alt](media/photo.jpg)`.
pub const MEDIA_PREFIX: &str = "media/";

/// The media name a post's image URL refers to (`media/photo.jpg` →
/// `photo.jpg`), when it is a media reference.
pub fn media_name(url: &str) -> Option<&str> {
    let name = url.strip_prefix(MEDIA_PREFIX)?;
    is_media_name(name).then_some(name)
}

/// Whether `name` can name a stored image: lower-case letters, digits,
/// `-`, `_` and `.`, no leading dot, no `..` (it becomes a file name).
pub fn is_media_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && !name.contains("..")
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        })
}

/// The stored images a post refers to (`media/NAME` in its text, its
/// cover), by name. Found by reading the text, not parsing it: a mention
/// in a code block counts too, which at worst exports a file unused.
pub fn media_refs(post: &Post) -> std::collections::BTreeSet<String> {
    media_uses(post).into_keys().collect()
}

/// Where in a post each image it refers to is used: `cover`, `section 2`,
/// `takeaway 1` — for the window's list of a post's images.
pub fn media_uses(post: &Post) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut uses: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let texts = post
        .cover
        .iter()
        .map(|c| ("cover".to_string(), c.src.as_str()))
        .chain(
            post.sections
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("section {}", i + 1), s.body.as_str())),
        )
        .chain(
            post.takeaways
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("takeaway {}", i + 1), t.as_str())),
        );
    for (place, text) in texts {
        for name in names_in(text) {
            let places = uses.entry(name).or_default();
            if places.last() != Some(&place) {
                places.push(place.clone());
            }
        }
    }
    uses
}

/// The media names `text` refers to, in order.
fn names_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices(MEDIA_PREFIX) {
        let before = text[..at].chars().next_back();
        if !matches!(
            before,
            None | Some('(' | '<' | ' ' | '\t' | '\n' | '"' | '\'')
        ) {
            continue;
        }
        let rest = &text[at + MEDIA_PREFIX.len()..];
        let len = rest
            .bytes()
            .take_while(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
            })
            .count();
        let name = rest[..len].trim_end_matches('.');
        if is_media_name(name) {
            found.push(name.to_string());
        }
    }
    found
}

/// Formats a timestamp the way every Quire interface writes one:
/// RFC 3339, UTC, whole seconds (`2023-10-06T09:00:00Z`).
pub fn format_time(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Serde adapter for `Option<DateTime<Utc>>` in the format of [`format_time`].
pub(crate) mod time_opt {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&super::format_time(t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        let raw: Option<String> = Option::deserialize(d)?;
        match raw.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => DateTime::parse_from_rfc3339(s)
                .map(|t| Some(t.with_timezone(&Utc)))
                .map_err(|e| {
                    serde::de::Error::custom(format!("`{s}` is not an RFC 3339 time: {e}"))
                }),
        }
    }
}

/// Serde adapter for `DateTime<Utc>` in the format of [`format_time`].
pub(crate) mod time {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_time(t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let s = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(s.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| serde::de::Error::custom(format!("`{s}` is not an RFC 3339 time: {e}")))
    }
}

/// An old address as a post keeps it: a URL path from the site's root
/// (`https://old.example/2019/hello/` → `/2019/hello/`, `2019/hello` →
/// `/2019/hello`), without query or fragment. Empty when nothing is left.
pub fn alias_path(alias: &str) -> String {
    let alias = alias.trim();
    let path = match alias.split_once("://") {
        Some((scheme, rest)) if !scheme.is_empty() && !scheme.contains('/') => {
            rest.find('/').map_or("/", |i| &rest[i..])
        }
        _ => alias,
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if path.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(path.len() + 1);
    for c in path.chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        if out.is_empty() && c != '/' {
            out.push('/');
        }
        out.push(c);
    }
    if out == "/" { String::new() } else { out }
}

/// Refuses an alias that could not be a page of the site: not a path from
/// its root, `..`, blanks or a backslash in it, or too long.
pub fn check_alias(alias: &str) -> crate::Result<()> {
    let bad = !alias.starts_with('/')
        || alias.len() > validate::limits::ALIAS_BYTES
        || alias
            .chars()
            .any(|c| c.is_whitespace() || c == '\\' || c.is_control())
        || alias.split('/').any(|part| part == ".." || part == ".");
    if bad {
        return Err(crate::Error::Validation(format!(
            "the alias `{alias}` is not a path of the site (like /2019/05/hello/): no blanks, \
             no `..`, at most {} bytes",
            validate::limits::ALIAS_BYTES
        )));
    }
    Ok(())
}
