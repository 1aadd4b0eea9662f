//! What a post's own markup (raw HTML in its Markdown) may be on a page,
//! by allow-list (ammonia). Two policies over one list:
//!
//! - [`export`], for the published page: the elements and attributes of
//!   HTML that a post may hold, and nothing else — an unknown element
//!   (`<angle>`) is dropped with its text kept, so the page stays valid
//!   HTML; no event-handler attribute, no `javascript:` URL, no `<style>`
//!   (not allowed in a body). Scripts and frames an editor embeds are kept:
//!   they are the editor's own page.
//! - [`preview`], inside the app: the same, except that what would run or
//!   load from elsewhere (`script`, `iframe`, `object`, `embed`) is shown as
//!   a small visible placeholder that says what the published page has
//!   there, and `noscript` is dropped as a browser with scripts on drops it.
//!   So for everything the sanitiser allows, preview and export are the
//!   same HTML.
//!
//! Where it applies: the page's own markup comes from the templates (every
//! value escaped) and from pulldown-cmark (text escaped; link and image
//! URLs checked; heading attributes dropped in the preview). The only
//! markup a post can bring is raw HTML, so each part of the post (a
//! section, the takeaways, a footnote) holding raw HTML is passed through
//! on its own. Running ammonia over the whole page instead gives the same
//! result but costs ~15 ms on a 50,000-word post.

use std::collections::HashSet;
use std::sync::OnceLock;

use ammonia::Builder;

use super::templates::escape_html;

/// The URL schemes a link or image may use; everything else
/// (`javascript:`, `data:`, `vbscript:`…) is dropped with its attribute.
pub const URL_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Elements a post's HTML may use on the published page: HTML's own,
/// without the obsolete ones (`center`, `font`, `tt`, …), which the W3C
/// checker rejects.
pub(crate) const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "main",
    "map",
    "mark",
    "nav",
    "noscript",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "section",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "track",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Attributes any element may carry (plus `aria-*` and `data-*`).
const GENERIC: &[&str] = &[
    "id", "class", "title", "lang", "dir", "role", "style", "hidden",
];

/// Attributes particular elements may carry.
const BY_ELEMENT: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang", "target", "download", "type"]),
    ("area", &["href", "alt", "shape", "coords", "target"]),
    (
        "audio",
        &["src", "controls", "preload", "muted", "loop", "autoplay"],
    ),
    ("blockquote", &["cite"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("data", &["value"]),
    ("del", &["cite", "datetime"]),
    ("details", &["open"]),
    (
        "iframe",
        &[
            "src",
            "title",
            "width",
            "height",
            "allow",
            "allowfullscreen",
            "loading",
            "referrerpolicy",
            "sandbox",
            "name",
        ],
    ),
    (
        "img",
        &[
            "src", "alt", "width", "height", "loading", "srcset", "sizes", "decoding", "usemap",
        ],
    ),
    ("input", &["type", "checked", "disabled"]),
    ("ins", &["cite", "datetime"]),
    ("label", &["for"]),
    ("li", &["value"]),
    ("map", &["name"]),
    ("ol", &["start", "reversed", "type"]),
    ("q", &["cite"]),
    ("script", &["src", "async", "defer", "type"]),
    ("source", &["src", "srcset", "type", "media", "sizes"]),
    ("td", &["colspan", "rowspan", "headers"]),
    ("th", &["colspan", "rowspan", "headers", "scope", "abbr"]),
    ("time", &["datetime"]),
    ("track", &["src", "kind", "srclang", "label", "default"]),
    (
        "video",
        &[
            "src",
            "controls",
            "poster",
            "width",
            "height",
            "preload",
            "muted",
            "loop",
            "playsinline",
            "autoplay",
        ],
    ),
];

/// Elements the preview shows as a placeholder: they run or load from
/// elsewhere, which nothing inside the app may.
const PLACEHOLDERS: &str = "script, iframe, object, embed";

fn builder(preview: bool) -> Builder<'static> {
    let mut b = Builder::empty();
    let mut tags: HashSet<&str> = ELEMENTS.iter().copied().collect();
    let mut dropped_whole: HashSet<&str> = HashSet::from(["style", "template", "object", "embed"]);
    if preview {
        for gone in ["script", "iframe", "noscript"] {
            tags.remove(gone);
            dropped_whole.insert(gone);
        }
    }
    b.tags(tags.clone())
        .clean_content_tags(dropped_whole)
        .generic_attributes(GENERIC.iter().copied().collect())
        .generic_attribute_prefixes(HashSet::from(["aria-", "data-"]))
        .tag_attributes(
            BY_ELEMENT
                .iter()
                .filter(|(tag, _)| tags.contains(tag))
                .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
                .collect(),
        )
        .url_schemes(HashSet::from(URL_SCHEMES))
        .link_rel(if preview {
            Some("noopener noreferrer")
        } else {
            None
        })
        .strip_comments(preview);
    b
}

fn export_builder() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| builder(false))
}

fn preview_builder() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| builder(true))
}

/// `html` as the published page may hold it (see the module's notes).
pub fn export(html: &str) -> String {
    if nests_deeper_than(html, MAX_HTML_NESTING) {
        return too_deep(html);
    }
    export_builder().clean(html).to_string()
}

/// `html` as the preview may show it: [`export`]'s result, with what runs
/// or loads from elsewhere as a visible placeholder.
pub fn preview(html: &str) -> String {
    if nests_deeper_than(html, MAX_HTML_NESTING) {
        return too_deep(html);
    }
    let marked = placeholders(html).unwrap_or_else(|| html.to_string());
    preview_builder().clean(&marked).to_string()
}

/// Replaces each element of [`PLACEHOLDERS`] with a note of what it is and
/// where it comes from, and drops `noscript` (a browser with scripts on
/// shows nothing of it).
fn placeholders(html: &str) -> Option<String> {
    use lol_html::html_content::ContentType;
    use lol_html::{RewriteStrSettings, element, rewrite_str};
    let settings = RewriteStrSettings {
        element_content_handlers: vec![
            element!(PLACEHOLDERS, |el| {
                let tag = el.tag_name();
                let source = el
                    .get_attribute("src")
                    .or_else(|| el.get_attribute("data"))
                    .and_then(|src| super::images::host(&src));
                let what = match (tag.as_str(), source) {
                    ("script", Some(h)) => format!("script from {h}: runs on the published page"),
                    ("script", None) => "script: runs on the published page".to_string(),
                    (t, Some(h)) => format!("embedded {t} from {h}: shown on the published page"),
                    (t, None) => format!("embedded {t}: shown on the published page"),
                };
                el.replace(
                    &format!(
                        "<span class=\"embed-placeholder\">[{}]</span>",
                        escape_html(&what)
                    ),
                    ContentType::Html,
                );
                Ok(())
            }),
            element!("noscript", |el| {
                el.remove();
                Ok(())
            }),
        ],
        ..RewriteStrSettings::new()
    };
    rewrite_str(html, settings).ok()
}

/// An over-deep fragment, shown as text (see [`MAX_HTML_NESTING`]).
fn too_deep(html: &str) -> String {
    let mut out = String::from("<pre class=\"too-deep\">");
    out.push_str(&escape_html(html));
    out.push_str("</pre>");
    out
}

/// Whether a link or image URL may stay in the preview: relative URLs and
/// [`URL_SCHEMES`] only, as ammonia decides for raw HTML.
pub fn url_allowed(url: &str) -> bool {
    // The scheme is what comes before the first `:`, unless a `/`, `?` or
    // `#` comes first (then the URL is relative). Blanks and control
    // characters are ignored, as browsers do.
    let mut scheme = [0u8; 16];
    let mut len = 0;
    for c in url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
    {
        match c {
            ':' => {
                let scheme = &scheme[..len.min(scheme.len())];
                return len <= 16
                    && URL_SCHEMES
                        .iter()
                        .any(|s| s.as_bytes().eq_ignore_ascii_case(scheme));
            }
            '/' | '?' | '#' => return true,
            c => {
                if len < scheme.len() && c.is_ascii() {
                    scheme[len] = c as u8;
                }
                len += 1;
            }
        }
    }
    true
}

/// Raw HTML nested deeper than this is not sanitised but shown as escaped
/// text: the HTML parser under ammonia slows down super-quadratically with
/// depth (4 s for 10,000 nested `<div>`s), and no real post nests that far.
pub const MAX_HTML_NESTING: usize = 256;

/// Elements that never have content, so never nest.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose open sibling a new start tag closes (`<li>a<li>b`).
const SIBLING_CLOSING: [&str; 9] = ["p", "li", "dt", "dd", "tr", "td", "th", "option", "rb"];

/// Elements an end tag of an enclosing element closes implicitly
/// (`<ul><li>a</ul>`, `<table><tr><td>a</table>`).
const IMPLIED_END: [&str; 16] = [
    "p", "li", "dt", "dd", "option", "optgroup", "rb", "rp", "rt", "rtc", "td", "th", "tr",
    "tbody", "thead", "tfoot",
];

/// Formatting elements: the parser's adoption agency handles their
/// misnested end tags by cloning elements, so only an exact match closes one.
const FORMATTING: [&str; 14] = [
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

fn listed(names: &[&str], name: &str) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Whether the tags of `html` may nest deeper than `limit`, by one linear
/// scan. Every start tag of a non-void element opens one level. An end tag
/// closes the innermost open element only when that element has its name,
/// or when every element above the one it names closes implicitly (`p`,
/// `li`, table cells…) and it is not a formatting element; any other end
/// tag closes nothing, since the HTML parser may keep (or re-open) those
/// elements. Errs on the side of yes (comments and attribute values are read
/// as tags too): a yes only shows the fragment as text.
pub fn nests_deeper_than(html: &str, limit: usize) -> bool {
    let bytes = html.as_bytes();
    let mut open: Vec<&str> = Vec::new();
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'<') {
        i += at + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = &html[start..start + len];
        i = start + len;
        if closing {
            // At most `limit` elements are open, so this stays linear.
            for pos in (0..open.len()).rev() {
                if open[pos].eq_ignore_ascii_case(name) {
                    open.truncate(pos);
                    break;
                }
                if !listed(&IMPLIED_END, open[pos]) || listed(&FORMATTING, name) {
                    break;
                }
            }
        } else if !listed(&VOID, name) {
            let same_sibling = open.last().is_some_and(|o| o.eq_ignore_ascii_case(name))
                && listed(&SIBLING_CLOSING, name);
            if !same_sibling {
                open.push(name);
                if open.len() > limit {
                    return true;
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{nests_deeper_than, url_allowed};

    #[test]
    fn nesting_is_measured_by_open_elements() {
        let deep = |n: usize| format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n));
        assert!(!nests_deeper_than(&deep(3), 3));
        assert!(nests_deeper_than(&deep(4), 3));
        assert!(!nests_deeper_than(&"<div>x</div>".repeat(100), 1));
        assert!(!nests_deeper_than(&"<br><img src=a><hr/>".repeat(100), 0));
        assert!(!nests_deeper_than("<li>a<li>b<p>c<p>d", 2));
        assert!(!nests_deeper_than("a < b <3 <!-- c --> <? d", 0));
        assert!(
            nests_deeper_than(&"<div></x>".repeat(10), 3),
            "a stray end tag closes nothing"
        );
        assert!(
            !nests_deeper_than(&"<DIV><p>x</Div>".repeat(10), 2),
            "case-insensitive"
        );
        assert!(!nests_deeper_than(&"<ul><li>a<li>b</ul>".repeat(10), 2));
        assert!(!nests_deeper_than(
            &"<table><tr><td>a</table>".repeat(10),
            3
        ));
        for misnested in [
            "<b><div></b>",
            "<div><table></div>",
            "<p><b></p>",
            "<b><p></b>",
        ] {
            assert!(
                nests_deeper_than(&misnested.repeat(10), 3),
                "{misnested}: the parser keeps or re-opens elements"
            );
        }
    }

    #[test]
    fn only_listed_schemes_and_relative_urls_pass() {
        for ok in [
            "https://x.y",
            "HTTP://x",
            "mailto:a@b",
            "../post/",
            "#id",
            "a/b:c",
            "?q=1:2",
            "tel:+1",
        ] {
            assert!(url_allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JaVa\tScRiPt:x",
            "java\u{0}script:x",
            "data:text/html,x",
            "vbscript:x",
            "ftp://x",
            "averyveryverylongscheme:x",
        ] {
            assert!(!url_allowed(bad), "{bad}");
        }
    }
}
