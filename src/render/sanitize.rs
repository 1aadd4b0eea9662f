//! The preview's safety step: an allow-list HTML sanitiser (ammonia), so
//! nothing a post contains can run inside the editor. Keeps the ids and
//! classes the stylesheet and anchors need.
//!
//! Where it applies: the page's own markup comes from the templates (every
//! value escaped) and from pulldown-cmark (text escaped; link and image URLs
//! checked with [`url_allowed`]; heading attributes dropped). The only markup
//! a post can bring is raw HTML, so each section body or takeaway holding
//! raw HTML is passed through [`sanitize`] on its own. Running ammonia over
//! the whole page instead gives the same result but costs ~15 ms on a
//! 50,000-word post, three times the preview's budget.

use std::collections::HashSet;
use std::sync::OnceLock;

use ammonia::Builder;

/// The URL schemes a preview link or image may use; everything else
/// (`javascript:`, `data:`, `vbscript:`…) is dropped with its attribute.
pub const URL_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

fn builder() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = Builder::default();
        b.add_tags(["main", "section", "input"])
            .add_generic_attributes(["id", "class", "aria-labelledby"])
            .add_tag_attributes("a", ["data-slug"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("time", ["datetime"])
            .filter_style_properties(HashSet::from(["text-align"]))
            .url_schemes(HashSet::from(URL_SCHEMES))
            .link_rel(Some("noopener noreferrer"));
        b
    })
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

/// `html` with everything not on the allow-list removed; nested deeper than
/// [`MAX_HTML_NESTING`], it is shown as escaped text in a `<pre>` instead.
pub fn sanitize(html: &str) -> String {
    if nests_deeper_than(html, MAX_HTML_NESTING) {
        let mut out = String::from("<pre class=\"too-deep\">");
        out.push_str(&super::templates::escape_html(html));
        out.push_str("</pre>");
        return out;
    }
    builder().clean(html).to_string()
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
