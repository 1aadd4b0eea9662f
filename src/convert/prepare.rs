//! One streaming pass over the HTML before it is parsed into a tree
//! (lol_html): drops what never shows (scripts, styles, comments, event
//! handlers) and turns text into [`super::text`]'s form (special characters
//! as placeholders).
//!
//! HTML that may nest deeper than [`MAX_DEPTH`] loses all its tags but
//! images, line breaks and rules, blocks becoming paragraph breaks: the
//! tree parser slows down super-quadratically with depth, and htmd walks
//! the tree recursively (a deep enough tree overflows the stack, which no
//! caller can catch). Dropping every tag, rather than the deep ones only,
//! is what keeps it safe: lol_html pairs an unclosed element with its
//! parent's end tag, so unwrapping some elements can leave others open.

use lol_html::html_content::{ContentType, Element, TextType};
use lol_html::{RewriteStrSettings, doc_comments, doc_text, element, rewrite_str};

use crate::render::sanitize::nests_deeper_than;

use super::entities::decode_text;
use super::text::protect;

/// Deeper HTML is flattened (see the module's notes), as measured by
/// [`nests_deeper_than`], which errs on the side of deeper. htmd needs ~5
/// KiB of stack per level in a debug build, so 100 levels fit a 2 MiB
/// thread stack with room to spare; the renderer flattens quotes and lists
/// past 32 anyway.
pub(super) const MAX_DEPTH: usize = 100;

/// Attribute this pass sets, empty, on every `<table>`: htmd's faithful
/// mode then keeps the table as HTML when asked to ([`super::raw`]).
pub(super) const MARK_ATTRIBUTE: &str = "data-quire";

/// Elements dropped with everything inside: never shown, or run.
const DROPPED: [&str; 16] = [
    "script", "style", "noscript", "template", "object", "embed", "applet", "svg", "canvas",
    "title", "meta", "link", "base", "frame", "frameset", "noframes",
];

/// Elements whose start or end separates paragraphs.
const BLOCKS: [&str; 43] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// `html` (already through [`super::text::clean_input`]) ready for htmd;
/// `None` if the rewriter fails (it has no reason to).
pub(super) fn prepare(html: &str) -> Option<String> {
    let flat = nests_deeper_than(html, MAX_DEPTH);
    // The current text node so far: lol_html may hand it over in pieces.
    let mut pending = String::new();
    let settings = RewriteStrSettings {
        element_content_handlers: vec![element!("*", move |el| {
            start(el, flat);
            Ok(())
        })],
        document_content_handlers: vec![
            doc_comments!(|comment| {
                comment.remove();
                Ok(())
            }),
            doc_text!(move |chunk| {
                pending.push_str(chunk.as_str());
                if !chunk.last_in_text_node() {
                    chunk.remove();
                    return Ok(());
                }
                let raw = std::mem::take(&mut pending);
                let text = match chunk.text_type() {
                    TextType::Data | TextType::RCData => {
                        let mut out = String::with_capacity(raw.len() + 8);
                        decode_text(&raw, &mut out);
                        out
                    }
                    _ => protect(&raw),
                };
                chunk.replace(&text, ContentType::Html);
                Ok(())
            }),
        ],
        ..RewriteStrSettings::new()
    };
    rewrite_str(html, settings).ok()
}

/// A start tag: attributes, then what the element becomes.
fn start(el: &mut Element<'_, '_>, flat: bool) {
    let names: Vec<String> = el.attributes().iter().map(|a| a.name()).collect();
    for name in names {
        if name.starts_with("on") || name.starts_with(MARK_ATTRIBUTE) {
            el.remove_attribute(&name);
        }
    }
    let name = el.tag_name();
    if DROPPED.contains(&name.as_str()) {
        el.remove();
    } else if flat && el.can_have_content() {
        el.remove_and_keep_content();
        if BLOCKS.contains(&name.as_str()) {
            el.before("<p>", ContentType::Html);
            el.after("<p>", ContentType::Html);
        }
    } else if matches!(name.as_str(), "b" | "strong") && weight(el).is_some_and(|w| w < 600) {
        // Google Docs wraps a whole copied document in
        // `<b style="font-weight:normal" id="docs-internal-guid-…">`: not bold.
        el.remove_and_keep_content();
    } else if name == "span" {
        // Word processors (Google Docs, Word, LibreOffice) say bold, italic
        // and struck through with a span's style, not with tags.
        let style = el
            .get_attribute("style")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let mut tags: Vec<&str> = Vec::new();
        if weight(el).is_some_and(|w| w >= 600) {
            tags.push("strong");
        }
        if style.replace(' ', "").contains("font-style:italic") {
            tags.push("em");
        }
        if style.contains("line-through") {
            tags.push("del");
        }
        for tag in &tags {
            el.prepend(&format!("<{tag}>"), ContentType::Html);
        }
        for tag in tags.iter().rev() {
            el.append(&format!("</{tag}>"), ContentType::Html);
        }
    } else if name == "table" {
        let _ = el.set_attribute(MARK_ATTRIBUTE, "");
    } else if name == "iframe" {
        // What a frame holds is never shown (browsers read it as text).
        el.set_inner_content("", ContentType::Text);
    }
}

/// The `font-weight` an element's style sets (`bold` is 700, `normal`
/// 400), if any.
fn weight(el: &Element<'_, '_>) -> Option<u16> {
    let style = el.get_attribute("style")?.to_ascii_lowercase();
    let at = style.find("font-weight")?;
    let value = style[at + "font-weight".len()..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let word: String = value
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    match word.as_str() {
        "bold" | "bolder" => Some(700),
        "normal" | "lighter" => Some(400),
        digits => digits.parse().ok(),
    }
}
