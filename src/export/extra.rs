//! Front-matter keys an imported post kept for its generator
//! ([`crate::Post::extra`], by flavor name), written back by the Markdown
//! export of that flavor after Quire's own keys, in the front matter's
//! syntax: YAML (Hugo, Jekyll, Astro) as flow values (`[…]`, `{…}`), TOML
//! (Zola) as values and inline tables. Strings are quoted and escaped as
//! Quire's own ([`super::yaml_string`], [`super::toml_string`]), keys
//! likewise unless plain words, so no value can break the front matter.
//! A value TOML cannot hold (null, an integer past `i64`) is left out.
//!
//! A kept key never stands beside a key Quire writes, or one the generator
//! reads in place of it (a date, the page's address: links between posts
//! and aliases depend on it): those are [`owned`] and skipped, compared
//! without regard to case (Hugo reads keys so). Zola takes only known keys
//! at the top level: its kept `taxonomies` and `extra` tables go into the
//! tables of those names Quire writes. Other flavors' keys are not written.

use std::fmt::Write;

use serde_json::{Map, Number, Value};

use super::Flavor;
use super::markdown::{toml_string, yaml_string};
use crate::Post;

/// The keys of `flavor`'s front matter that are Quire's (lower-case).
pub fn owned(flavor: Flavor) -> &'static [&'static str] {
    match flavor {
        Flavor::Hugo => &[
            "title",
            "date",
            "publishdate",
            "pubdate",
            "published",
            "lastmod",
            "modified",
            "slug",
            "url",
            "summary",
            "description",
            "author",
            "lang",
            "tags",
            "categories",
            "related",
            "images",
            "cover",
            "draft",
            "aliases",
        ],
        Flavor::Jekyll => &[
            "layout",
            "render_with_liquid",
            "title",
            "date",
            "last_modified_at",
            "slug",
            "permalink",
            "excerpt",
            "description",
            "author",
            "lang",
            "tags",
            "tag",
            "categories",
            "category",
            "related",
            "image",
            "published",
            "redirect_from",
        ],
        Flavor::Astro => &[
            "title",
            "pubdate",
            "updateddate",
            "slug",
            "description",
            "author",
            "lang",
            "tags",
            "category",
            "related",
            "heroimage",
            "heroimagealt",
            "draft",
            "aliases",
        ],
        Flavor::Zola => &[
            "title",
            "date",
            "updated",
            "slug",
            "path",
            "description",
            "draft",
            "aliases",
            "taxonomies",
            "extra",
        ],
    }
}

/// Quire's keys in Zola's `[taxonomies]` and `[extra]` tables.
const ZOLA_TAXONOMIES: &[&str] = &["tags", "categories"];
const ZOLA_EXTRA: &[&str] = &["author", "lang", "related", "cover", "cover_alt"];

/// The kept keys of `post` for `flavor` that are not in `taken`.
fn kept<'p>(
    keys: Option<&'p Map<String, Value>>,
    taken: &'p [&str],
) -> impl Iterator<Item = (&'p String, &'p Value)> {
    keys.into_iter()
        .flatten()
        .filter(move |(k, _)| !taken.iter().any(|t| t.eq_ignore_ascii_case(k)))
}

fn of(post: &Post, flavor: Flavor) -> Option<&Map<String, Value>> {
    post.extra.get(flavor.as_str())
}

/// Appends `post`'s kept YAML keys for `flavor`, one line each.
pub(super) fn yaml(out: &mut String, post: &Post, flavor: Flavor) {
    for (key, value) in kept(of(post, flavor), owned(flavor)) {
        let _ = write!(out, "{}: ", yaml_key(key));
        yaml_value(out, value);
        out.push('\n');
    }
}

/// Whether a Zola table (`taxonomies`, `extra`) has kept keys to write.
pub(super) fn zola_has(post: &Post, table: &str) -> bool {
    kept_table(post, table).next().is_some()
}

fn kept_table<'p>(post: &'p Post, table: &str) -> impl Iterator<Item = (&'p String, &'p Value)> {
    let taken = if table == "taxonomies" {
        ZOLA_TAXONOMIES
    } else {
        ZOLA_EXTRA
    };
    let keys = of(post, Flavor::Zola)
        .and_then(|m| m.get(table))
        .and_then(Value::as_object);
    kept(keys, taken)
}

/// Appends `post`'s kept Zola keys of the top level (before any table).
pub(super) fn toml_top(out: &mut String, post: &Post) {
    toml_lines(out, kept(of(post, Flavor::Zola), owned(Flavor::Zola)));
}

/// Appends `post`'s kept Zola keys of `table` (`taxonomies` or `extra`),
/// inside that table.
pub(super) fn toml_table(out: &mut String, post: &Post, table: &str) {
    toml_lines(out, kept_table(post, table));
}

fn toml_lines<'p>(out: &mut String, keys: impl Iterator<Item = (&'p String, &'p Value)>) {
    for (key, value) in keys {
        if let Some(value) = toml_value(value) {
            let _ = writeln!(out, "{} = {value}", toml_key(key));
        }
    }
}

/// A key as YAML writes it: a plain word, unless it could read as
/// something else (`yes`, `null`, `3`) or holds anything but letters,
/// digits, `_` and `-`.
fn yaml_key(key: &str) -> String {
    const SPECIAL: [&str; 13] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "nan", "inf", "<<",
    ];
    let plain = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !SPECIAL.iter().any(|s| s.eq_ignore_ascii_case(key));
    if plain {
        key.to_string()
    } else {
        yaml_string(key)
    }
}

/// A JSON value as a YAML flow value.
fn yaml_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Number(n) => out.push_str(&number(n)),
        Value::String(s) => out.push_str(&yaml_string(s)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                yaml_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}: ", yaml_string(k));
                yaml_value(out, v);
            }
            out.push('}');
        }
    }
}

/// A TOML key: bare when it can be, else quoted.
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        key.to_string()
    } else {
        toml_string(key)
    }
}

/// A JSON value as a TOML value (arrays and inline tables on one line);
/// `None` for what TOML cannot hold (null: left out, also inside arrays
/// and tables).
fn toml_value(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if n.is_u64() && n.as_i64().is_none() => return None,
        Value::Number(n) => number(n),
        Value::String(s) => toml_string(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().filter_map(toml_value).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .filter_map(|(k, v)| Some(format!("{} = {}", toml_key(k), toml_value(v)?)))
                .collect();
            if entries.is_empty() {
                "{}".to_string()
            } else {
                format!("{{ {} }}", entries.join(", "))
            }
        }
    })
}

/// A number as YAML 1.1 and 1.2 and TOML all read it: an integer as
/// written, a float always with a `.` and, with an exponent, its sign
/// (`1e300` → `1.0e+300`: YAML 1.1 reads `1e300` as a string).
fn number(n: &Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let text = n.to_string();
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m.to_string(), Some(e)),
        None => (text.clone(), None),
    };
    let mantissa = if mantissa.contains('.') {
        mantissa
    } else {
        format!("{mantissa}.0")
    };
    match exponent {
        Some(e) if e.starts_with(['-', '+']) => format!("{mantissa}e{e}"),
        Some(e) => format!("{mantissa}e+{e}"),
        None => mantissa,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_same_everywhere() {
        let n = |v: Value| match v {
            Value::Number(n) => number(&n),
            _ => unreachable!(),
        };
        assert_eq!(n(serde_json::json!(3)), "3");
        assert_eq!(n(serde_json::json!(-3)), "-3");
        assert_eq!(n(serde_json::json!(0.5)), "0.5");
        assert_eq!(n(serde_json::json!(3.0)), "3.0");
        assert_eq!(n(serde_json::json!(1e300)), "1.0e+300");
        assert_eq!(n(serde_json::json!(1.5e-7)), "1.5e-7");
    }

    #[test]
    fn keys_that_could_read_as_something_else_are_quoted() {
        assert_eq!(yaml_key("weight"), "weight");
        assert_eq!(yaml_key("yes"), "\"yes\"");
        assert_eq!(yaml_key("a: b"), "\"a: b\"");
        assert_eq!(yaml_key("3d"), "\"3d\"");
        assert_eq!(toml_key("my-key_2"), "my-key_2");
        assert_eq!(toml_key("a.b"), "\"a.b\"");
    }

    #[test]
    fn toml_leaves_out_what_it_cannot_hold() {
        let v = serde_json::json!({"a": null, "b": [1, null, "x"], "c": {"d": null}});
        assert_eq!(toml_value(&v).unwrap(), "{ b = [1, \"x\"], c = {} }");
        assert_eq!(toml_value(&serde_json::json!(u64::MAX)), None);
    }
}
