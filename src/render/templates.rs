//! The compiled-in templates (minijinja) and the one environment that renders
//! them. Templates live as files under `src/render/templates/` so a site can
//! later bring its own theme; values are HTML-escaped unless marked `safe`.

use std::sync::OnceLock;

use minijinja::{AutoEscape, Environment, Error, Output, State, Value};

/// The default stylesheet, inlined into standalone pages and written once as
/// `style.css` by the site export.
pub const STYLESHEET: &str = include_str!("templates/style.css");

const TEMPLATES: [(&str, &str); 9] = [
    ("article.html", include_str!("templates/article.html")),
    ("page.html", include_str!("templates/page.html")),
    ("list.html", include_str!("templates/list.html")),
    ("list_item.html", include_str!("templates/list_item.html")),
    (
        "related_item.html",
        include_str!("templates/related_item.html"),
    ),
    ("atom.xml", include_str!("templates/atom.xml")),
    ("rss.xml", include_str!("templates/rss.xml")),
    ("sitemap.xml", include_str!("templates/sitemap.xml")),
    ("redirect.html", include_str!("templates/redirect.html")),
];

/// The shared template environment, built once.
pub fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.set_formatter(format_value);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .expect("the built-in templates compile (checked by tests)");
        }
        env
    })
}

/// Renders one built-in template.
pub fn render<S: serde::Serialize>(name: &str, ctx: S) -> crate::Result<String> {
    Ok(env().get_template(name)?.render(ctx)?)
}

/// Renders one built-in template into a buffer of about `capacity` bytes,
/// so a long page is not copied over and over while it grows.
pub fn render_sized<S: serde::Serialize>(
    name: &str,
    ctx: S,
    capacity: usize,
) -> crate::Result<String> {
    into_string(render_bytes(name, ctx, capacity)?)
}

/// Rendered bytes as a `String` (they are UTF-8: templates write `str`s).
pub fn into_string(bytes: Vec<u8>) -> crate::Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        crate::Error::Template(minijinja::Error::new(
            minijinja::ErrorKind::BadSerialization,
            e.to_string(),
        ))
    })
}

/// [`render_sized`] as UTF-8 bytes, for a caller that only writes them to a
/// file (the site export), which so skips checking the page's encoding.
pub fn render_bytes<S: serde::Serialize>(
    name: &str,
    ctx: S,
    capacity: usize,
) -> crate::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(capacity);
    render_to(name, ctx, &mut out)?;
    Ok(out)
}

/// Appends one built-in template's output to `out` (a buffer the caller
/// reuses from page to page).
pub fn render_to<S: serde::Serialize>(name: &str, ctx: S, out: &mut Vec<u8>) -> crate::Result<()> {
    env().get_template(name)?.render_captured_to(ctx, out)?;
    Ok(())
}

/// Like minijinja's default formatter, but escapes only what HTML and XML
/// need (`& < > " '`), so URLs stay readable (`/` is left alone), and prints
/// nothing for none/undefined.
fn format_value(out: &mut Output, state: &State, value: &Value) -> Result<(), Error> {
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    if value.is_safe() || state.auto_escape() == AutoEscape::None {
        return minijinja::escape_formatter(out, state, value);
    }
    let text;
    let s = match value.as_str() {
        Some(s) => s,
        None => {
            text = value.to_string();
            &text
        }
    };
    escape_into(out, s).map_err(Error::from)
}

fn escape_into(out: &mut impl std::fmt::Write, s: &str) -> std::fmt::Result {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&s[last..i])?;
        out.write_str(rep)?;
        last = i + 1;
    }
    out.write_str(&s[last..])
}

/// `s` escaped for HTML text or a quoted attribute.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = escape_into(&mut out, s);
    out
}
