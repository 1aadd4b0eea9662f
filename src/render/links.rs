//! Links between posts on a page. A post links to another as
//! `quire:post/ID[#fragment]` ([`crate::model::links`]); the renderer gives
//! each the address the target has in the output at hand, or, when the
//! target is no post the output has, shows the link's text alone (no
//! `<a>`): a `quire:` address never reaches a page. Where a link leads,
//! by the page ([`Place`]):
//!
//! - the preview: `../{slug}/` with `data-slug`, as its related cards, so
//!   the shell can open the post;
//! - a post's page in an exported site: its sibling, `../{slug}/`;
//! - a page on its own: the post's address on the site
//!   (`{base_url}/posts/{slug}/`), or nothing without a base URL, as its
//!   related cards;
//! - a Markdown export: what the generator resolves (see
//!   `crate::export`), written over the places [`occurrences`] finds.
//!
//! An inline link, a reference link (through its definition) and an
//! autolink (`<quire:post/3>`, shown as the target's slug when the output
//! has that post) are links; so is an `href` in the post's raw HTML. [`targets`] and [`unresolved`] say
//! which posts a post links to, for the exports' reports and the
//! pre-publish check.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::markdown::parser;
use super::templates::escape_html;
use crate::Post;
use crate::model::links::{PREFIX, parse};

/// The posts a page may link to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// By id, the slug of each post the output has (a site export: the
    /// posts it exports; the preview and a post exported on its own: the
    /// live posts the post links to). A link to any other id is text.
    pub slugs: HashMap<i64, String>,
    /// Posts whose Markdown export is a folder (a page bundle, for its
    /// images): Zola names them by `{slug}/index.md`.
    pub bundles: HashSet<i64>,
}

impl Links {
    /// Links to the posts of `slugs`, none of them a bundle.
    pub fn new(slugs: HashMap<i64, String>) -> Self {
        Links {
            slugs,
            bundles: HashSet::new(),
        }
    }

    /// The slug of post `id`, when the output has it.
    pub fn slug(&self, id: i64) -> Option<&str> {
        self.slugs.get(&id).map(String::as_str)
    }
}

/// No post to link to: every internal link is text.
pub fn none() -> &'static Links {
    static NONE: std::sync::OnceLock<Links> = std::sync::OnceLock::new();
    NONE.get_or_init(Links::default)
}

/// Where a page's internal links lead (set by the page's mode).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Place<'a> {
    /// Nowhere: links are text (a Markdown snippet rendered alone).
    #[default]
    Text,
    /// The preview: `../{slug}/` with `data-slug`.
    Preview,
    /// A post's page in an exported site: `../{slug}/`.
    Sibling,
    /// A page on its own: `{base_url}/posts/{slug}/`; nothing when the site
    /// has no base URL (a relative link would be dead).
    Site { base_url: &'a str },
}

impl Place<'_> {
    /// The address of the post `slug` from a page at this place (without
    /// fragment); `None`: no address, the link is shown as text.
    pub fn address(self, slug: &str) -> Option<String> {
        match self {
            Place::Text => None,
            Place::Preview | Place::Sibling => Some(format!("../{slug}/")),
            Place::Site { base_url } if !base_url.is_empty() => {
                Some(format!("{base_url}/{}", super::page::post_path(slug)))
            }
            Place::Site { .. } => None,
        }
    }
}

/// The ids of the posts `post` links to, in order of first appearance, each
/// once: link destinations (inline, reference definitions, autolinks,
/// footnotes included) and `href`s of its raw HTML. Text in code is not a link.
pub fn targets(post: &Post) -> Vec<i64> {
    let mentions = |s: &str| s.contains(PREFIX);
    let any = post
        .sections
        .iter()
        .any(|s| mentions(&s.body) || mentions(&s.heading))
        || post.takeaways.iter().any(|t| mentions(t));
    if !any {
        return Vec::new();
    }
    targets_in(&super::document::document(post).text)
}

/// [`targets`] of a Markdown text.
pub fn targets_in(markdown: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = Vec::new();
    for o in occurrences(markdown) {
        if !ids.contains(&o.id) {
            ids.push(o.id);
        }
    }
    ids
}

/// The posts `post` links to that are not among `slugs` (a deleted post, a
/// draft left out of an export, a mistyped id): each shows as text.
pub fn unresolved(post: &Post, slugs: &HashMap<i64, String>) -> Vec<i64> {
    targets(post)
        .into_iter()
        .filter(|id| !slugs.contains_key(id))
        .collect()
}

/// One internal link in a Markdown text, by byte ranges of that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub id: i64,
    /// The fragment of its destination (`setup` of `quire:post/3#setup`).
    pub fragment: Option<String>,
    pub kind: Kind,
}

/// How an internal link is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `[text](quire:post/ID#f "title")`: the whole link, its text, and the
    /// bytes `quire:post/ID` of its destination (`None` when the
    /// destination is written with escapes or entities).
    Inline {
        whole: Range<usize>,
        text: Range<usize>,
        dest: Option<Range<usize>>,
    },
    /// `[text][label]`, `[label][]` or `[label]`, whose definition names a
    /// post: the whole link and its text.
    Reference {
        whole: Range<usize>,
        text: Range<usize>,
    },
    /// `[label]: quire:post/ID`: the bytes `quire:post/ID`.
    Definition { dest: Range<usize> },
    /// `<quire:post/ID>`.
    Autolink { whole: Range<usize> },
    /// An `href` of raw HTML ([`Href`]).
    Html(Href),
}

impl Kind {
    /// Where it starts in the text.
    pub fn start(&self) -> usize {
        match self {
            Kind::Inline { whole, .. }
            | Kind::Reference { whole, .. }
            | Kind::Autolink { whole } => whole.start,
            Kind::Definition { dest } => dest.start,
            Kind::Html(h) => h.attr.start,
        }
    }
}

/// An `href="quire:post/ID#f"` attribute in raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Href {
    pub id: i64,
    /// The whole attribute, `href` to the closing quote.
    pub attr: Range<usize>,
    /// What follows the id in the value, as written (`#f`, or nothing).
    pub rest: Range<usize>,
    /// The quote around the value (`"`, `'`), or none.
    pub quote: Option<char>,
}

/// The internal links of a Markdown text, in text order. Code and text
/// that only looks like a link are left out.
pub fn occurrences(text: &str) -> Vec<Occurrence> {
    if !text.contains(PREFIX) {
        return Vec::new();
    }
    let parser = parser(text);
    let mut out: Vec<Occurrence> = parser
        .reference_definitions()
        .iter()
        .filter_map(|(_, def)| {
            let (id, fragment) = parse(&def.dest)?;
            let dest = definition_dest(text, def.span.clone(), id)?;
            Some(Occurrence {
                id,
                fragment: fragment.map(str::to_string),
                kind: Kind::Definition { dest },
            })
        })
        .collect();
    // The internal link being read: its target, type, range and text's end.
    type Open = ((i64, Option<String>), LinkType, Range<usize>, usize);
    let mut open: Option<Open> = None;
    for (event, range) in parser.into_offset_iter() {
        match &event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                if let Some((id, fragment)) = parse(dest_url) {
                    let target = (id, fragment.map(str::to_string));
                    open = Some((target, *link_type, range.clone(), range.start + 1));
                    continue;
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(((id, fragment), link_type, whole, text_end)) = open.take() {
                    let shown = (whole.start + 1)..text_end.max(whole.start + 1);
                    let kind = match link_type {
                        LinkType::Autolink => Kind::Autolink { whole },
                        LinkType::Inline => Kind::Inline {
                            dest: find_id(text, shown.end..whole.end, id),
                            whole,
                            text: shown,
                        },
                        _ => Kind::Reference { whole, text: shown },
                    };
                    out.push(Occurrence { id, fragment, kind });
                }
                continue;
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                for mut href in hrefs(&text[range.clone()]) {
                    href.attr = (href.attr.start + range.start)..(href.attr.end + range.start);
                    href.rest = (href.rest.start + range.start)..(href.rest.end + range.start);
                    out.push(Occurrence {
                        id: href.id,
                        fragment: None,
                        kind: Kind::Html(href),
                    });
                }
            }
            _ => {}
        }
        if let Some((_, _, _, text_end)) = open.as_mut() {
            *text_end = (*text_end).max(range.end);
        }
    }
    out.sort_by_key(|o| o.kind.start());
    out
}

/// The bytes `quire:post/{id}` in `text[within]`, at its first place there.
fn find_id(text: &str, within: Range<usize>, id: i64) -> Option<Range<usize>> {
    let written = format!("{PREFIX}{id}");
    let slice = text.get(within.clone())?;
    let mut from = 0;
    while let Some(i) = slice[from..].find(&written) {
        let at = within.start + from + i;
        let after = text.as_bytes().get(at + written.len());
        if !after.is_some_and(u8::is_ascii_digit) {
            return Some(at..at + written.len());
        }
        from += i + written.len();
    }
    None
}

/// The destination of the definition at `span` (`[label]: dest "title"`):
/// the bytes `quire:post/{id}` after the label's `]:`.
fn definition_dest(text: &str, span: Range<usize>, id: i64) -> Option<Range<usize>> {
    let def = text.get(span.clone())?;
    let mut escaped = false;
    let mut close = None;
    for (i, c) in def.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            ']' if !escaped => {
                close = Some(i);
                break;
            }
            _ => escaped = false,
        }
    }
    let after = span.start + close? + 1;
    find_id(text, after..span.end, id)
}

/// The `href="quire:post/ID…"` attributes of a piece of raw HTML.
pub fn hrefs(html: &str) -> Vec<Href> {
    let mut out = Vec::new();
    if !html.contains(PREFIX) {
        return out;
    }
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(i) = find_ascii_ci(&html[from..], "href") {
        let start = from + i;
        from = start + 4;
        let boundary = start == 0 || bytes[start - 1].is_ascii_whitespace();
        if !boundary {
            continue;
        }
        let mut at = start + 4;
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        if bytes.get(at) != Some(&b'=') {
            continue;
        }
        at += 1;
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let quote = match bytes.get(at) {
            Some(b'"') => Some('"'),
            Some(b'\'') => Some('\''),
            _ => None,
        };
        let value = at + usize::from(quote.is_some());
        let Some(rest) = html[value..].strip_prefix(PREFIX) else {
            continue;
        };
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Ok(id) = rest[..digits].parse::<i64>() else {
            continue;
        };
        let rest_start = value + PREFIX.len() + digits;
        let end = match quote {
            Some(q) => html[rest_start..].find(q).map(|n| rest_start + n),
            None => Some(
                html[rest_start..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(html.len(), |n| rest_start + n),
            ),
        };
        let Some(end) = end else { continue };
        let rest = rest_start..end;
        if !(html[rest.clone()].is_empty() || html[rest.clone()].starts_with('#')) {
            continue;
        }
        let attr = start..end + usize::from(quote.is_some());
        from = attr.end;
        out.push(Href {
            id,
            attr,
            rest,
            quote,
        });
    }
    out
}

/// The first place of ASCII `needle` in `hay`, without regard to case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// `html` with the `href`s of its internal links pointing at
/// `address(id)` (plus the fragment written), or, for a post without one,
/// removed (the element is then no link). `extra(id)` is added after a
/// kept `href` (the preview's `data-slug`).
pub fn rewrite_hrefs<'h>(
    html: &'h str,
    address: &dyn Fn(i64) -> Option<String>,
    extra: &dyn Fn(i64) -> String,
) -> Cow<'h, str> {
    let found = hrefs(html);
    if found.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 32 * found.len());
    let mut at = 0;
    for h in found {
        out.push_str(&html[at..h.attr.start]);
        if let Some(to) = address(h.id) {
            let q = h.quote.unwrap_or('"');
            let _ = write!(
                out,
                "href={q}{}{}{q}{}",
                escape_html(&to),
                &html[h.rest.clone()],
                extra(h.id)
            );
        } else {
            // Nothing left where the attribute was but the blank before it.
            while out.ends_with([' ', '\t', '\n', '\r']) {
                out.pop();
            }
        }
        at = h.attr.end;
    }
    out.push_str(&html[at..]);
    Cow::Owned(out)
}

/// `s` as a URL fragment or path in an attribute: what a URL may not hold
/// percent-encoded (as pulldown-cmark writes a link's `href`), then
/// escaped for HTML.
pub fn escape_href(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'/'
                    | b'?'
                    | b'#'
                    | b'%'
            );
        match b {
            _ if keep => out.push(b as char),
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#39;"),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(i64, &str)> {
        occurrences(text)
            .into_iter()
            .map(|o| {
                let r = match &o.kind {
                    Kind::Inline { dest, whole, .. } => dest.clone().unwrap_or(whole.clone()),
                    Kind::Reference { whole, .. } | Kind::Autolink { whole } => whole.clone(),
                    Kind::Definition { dest } => dest.clone(),
                    Kind::Html(h) => h.attr.clone(),
                };
                (o.id, &text[r])
            })
            .collect()
    }

    #[test]
    fn finds_every_kind_of_link_and_no_code() {
        let text = "See [the *other* post](quire:post/12#setup \"quire:post/9\") and \
                    [that][ref], <quire:post/3>, `quire:post/4`.\n\n\
                    ```\n[x](quire:post/5)\n```\n\n\
                    <a class=x href='quire:post/6#a'>raw</a>\n\n\
                    [ref]: quire:post/7 \"t\"\n";
        assert_eq!(
            found(text),
            [
                (12, "quire:post/12"),
                (7, "[that][ref]"),
                (3, "<quire:post/3>"),
                (6, "href='quire:post/6#a'"),
                (7, "quire:post/7"),
            ]
        );
        assert_eq!(targets_in(text), [12, 7, 3, 6]);
    }

    #[test]
    fn a_link_whose_text_holds_an_image_keeps_its_text_range() {
        let text = "[![a](media/x.png) b](quire:post/2)";
        let o = occurrences(text);
        let Kind::Inline { text: t, dest, .. } = &o[0].kind else {
            panic!("{o:?}")
        };
        assert_eq!(&text[t.clone()], "![a](media/x.png) b");
        assert_eq!(&text[dest.clone().unwrap()], "quire:post/2");
    }

    #[test]
    fn raw_hrefs_are_pointed_or_removed() {
        let html = "<a href=\"quire:post/1#x\">a</a> <a HREF=quire:post/2>b</a> <a href=\"quire:post/12x\">c</a>";
        let address = |id: i64| (id == 1).then(|| "../one/".to_string());
        let out = rewrite_hrefs(html, &address, &|_| String::new());
        assert_eq!(
            out,
            "<a href=\"../one/#x\">a</a> <a>b</a> <a href=\"quire:post/12x\">c</a>"
        );
    }

    #[test]
    fn places_give_the_related_cards_addresses() {
        assert_eq!(Place::Sibling.address("a"), Some("../a/".into()));
        assert_eq!(Place::Site { base_url: "" }.address("a"), None);
        assert_eq!(
            Place::Site {
                base_url: "https://x.org/blog"
            }
            .address("a"),
            Some("https://x.org/blog/posts/a/".into())
        );
        assert_eq!(Place::Text.address("a"), None);
    }
}
