//! Slugs: the one part of a file name or URL that comes from the user, so the
//! rules are strict — lower-case ASCII letters, digits, `-`, `_` and `.`
//! (what real sites use: `1.94.1-release`, `my_post`), never `..`, a leading
//! dot or a path separator; nothing else reaches the disk. Derived slugs use
//! only `a-z0-9-`.

use crate::{Error, Result};

/// Longest slug accepted (leaves room for a date prefix and an extension in a
/// 255-byte file name).
pub const MAX_LEN: usize = 200;
/// Derived slugs are cut at a word boundary near this length.
pub const DERIVED_LEN: usize = 80;

/// Derives a slug from a title: accents transliterated to ASCII ("Crème
/// brûlée" → "creme-brulee"), apostrophes dropped, everything else but
/// letters and digits one dash. A title with nothing usable gives `post`.
pub fn slugify(title: &str) -> String {
    // Headings and tags are mostly ASCII already: transliterate only when not.
    let ascii = if title.is_ascii() {
        std::borrow::Cow::Borrowed(title)
    } else {
        std::borrow::Cow::Owned(deunicode::deunicode(title))
    };
    let mut slug = String::with_capacity(ascii.len());
    for b in ascii.bytes() {
        if b.is_ascii_alphanumeric() {
            slug.push(char::from(b.to_ascii_lowercase()));
        } else if b == b'\'' {
            // An apostrophe joins: "Microsoft's" → `microsofts`, not
            // `microsoft-s` (deunicode has made ’ one).
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.len() > DERIVED_LEN {
        let cut = slug[..=DERIVED_LEN].rfind('-').unwrap_or(DERIVED_LEN);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug.push_str("post");
    }
    slug
}

/// Checks a slug given by hand. It is refused, never rewritten.
pub fn validate(slug: &str) -> Result<()> {
    let ok_chars = slug
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'));
    if slug.is_empty()
        || !ok_chars
        || slug.starts_with(['-', '.'])
        || slug.ends_with(['-', '.'])
        || slug.contains("..")
        || slug.len() > MAX_LEN
    {
        return Err(Error::Validation(format!(
            "slug `{slug}` is not allowed: use lower-case letters a-z, digits, `-`, `_` and \
             `.`, not starting or ending with a dash or a dot, no `..`, at most {MAX_LEN} \
             characters"
        )));
    }
    Ok(())
}

/// The slug closest to `wanted` that [`validate`] takes, for a slug from
/// another site (`Hello_World.v2` → `hello_world.v2`): lower-cased, other
/// characters as dashes; `None` when nothing usable is left.
pub fn closest(wanted: &str) -> Option<String> {
    let lower = wanted.trim().to_lowercase();
    let ascii = if lower.is_ascii() {
        lower
    } else {
        deunicode::deunicode(&lower).to_lowercase()
    };
    let mut out = String::with_capacity(ascii.len());
    for b in ascii.bytes() {
        let keep = b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.');
        if keep && !(b == b'.' && out.ends_with('.')) {
            out.push(char::from(b));
        } else if !keep && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches(['-', '.']);
    let mut out = out.to_string();
    if out.len() > MAX_LEN {
        let cut = out[..=DERIVED_LEN].rfind('-').unwrap_or(DERIVED_LEN);
        out.truncate(cut);
    }
    validate(&out).ok().map(|()| out)
}

/// The `n`-th candidate for a slug that clashes: `base`, `base-2`, `base-3`…
pub fn numbered(base: &str, n: u32) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}-{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_transliterates_and_collapses() {
        assert_eq!(
            slugify("The Ethics of AI in Marketing"),
            "the-ethics-of-ai-in-marketing"
        );
        assert_eq!(
            slugify("  Crème brûlée: à la carte!  "),
            "creme-brulee-a-la-carte"
        );
        assert_eq!(slugify("!!! ???"), "post");
        assert_eq!(slugify("Microsoft's Plan"), "microsofts-plan");
        assert_eq!(slugify("Don’t Panic"), "dont-panic");
        assert!(validate(&slugify("東京 guide")).is_ok());
    }

    #[test]
    fn slugify_cuts_long_titles_at_a_dash() {
        let s = slugify(&"word ".repeat(100));
        assert!(s.len() <= DERIVED_LEN && !s.ends_with('-'), "{s}");
    }

    #[test]
    fn validate_refuses_what_slugify_would_change() {
        for bad in [
            "", "Upper", "a b", "a/b", "../x", "-a", "a-", "é", ".a", "a.", "a..b", "a\\b",
        ] {
            assert!(validate(bad).is_err(), "`{bad}` should be refused");
        }
        for good in ["ok-2023", "1.94.1-release", "my_post", "a.b"] {
            assert!(validate(good).is_ok(), "`{good}` is what real sites use");
        }
    }

    #[test]
    fn closest_keeps_what_a_site_used() {
        assert_eq!(closest("1.94.1-release").as_deref(), Some("1.94.1-release"));
        assert_eq!(closest("Hello_World.V2").as_deref(), Some("hello_world.v2"));
        assert_eq!(closest("Crème Brûlée").as_deref(), Some("creme-brulee"));
        assert_eq!(closest("..hidden").as_deref(), Some("hidden"));
        assert_eq!(closest("a/b c").as_deref(), Some("a-b-c"));
        assert_eq!(closest("a..b").as_deref(), Some("a.b"));
        assert_eq!(closest("!!!"), None);
    }
}
