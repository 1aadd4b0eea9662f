//! Elements Markdown has no form for, kept as raw HTML: the renderer
//! sanitises raw HTML anyway, and here it goes through the same policy
//! ([`crate::render::sanitize::export`]) so the Markdown never holds what the
//! page would drop (event handlers, `javascript:` URLs).

use std::rc::Rc;
use std::sync::OnceLock;

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::options::{Options, TranslationMode};
use htmd::{Element, HtmlToMarkdown, Node};

use super::prepare::MARK_ATTRIBUTE;
use super::text::mark::{VERBATIM, VERBATIM_END};
use super::text::restore_html;

/// Tags that start a CommonMark HTML block wherever they are (type 6); any
/// other element needs its start tag alone on the first line (type 7).
const BLOCK_TAGS: [&str; 18] = [
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "div",
    "dl",
    "figure",
    "footer",
    "form",
    "header",
    "iframe",
    "main",
    "nav",
    "ol",
    "section",
    "table",
    "ul",
];

/// htmd in faithful mode serialises an element back to HTML (html5ever's
/// serializer for block elements).
fn serializer() -> &'static HtmlToMarkdown {
    static SERIALIZER: OnceLock<HtmlToMarkdown> = OnceLock::new();
    SERIALIZER.get_or_init(|| {
        HtmlToMarkdown::builder()
            .options(Options {
                translation_mode: TranslationMode::Faithful,
                ..Options::default()
            })
            .build()
    })
}

/// `node` as a raw HTML block, sanitised, with no blank line inside (one
/// would end the block).
pub(super) fn block(node: &Rc<Node>) -> String {
    let html = serializer().tree_to_markdown(node);
    let html = html.replace(&format!(" {MARK_ATTRIBUTE}=\"\""), "");
    let html = crate::render::sanitize::export(&restore_html(&html));
    // Attribute values may hold control characters (`&#1;`); no post may.
    let html: String = html
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let html = html.trim();
    if html.is_empty() {
        return String::new();
    }
    let mut html = without_blank_lines(html);
    if !BLOCK_TAGS.contains(&first_tag_name(&html)) {
        start_tag_alone(&mut html);
    }
    format!("\n\n{VERBATIM}{html}{VERBATIM_END}\n\n")
}

/// An inline element kept as its tag around its converted content
/// (`<sup>2</sup>`, `<kbd>Ctrl</kbd>`), without attributes.
pub(super) fn inline(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if super::context::in_code().is_some() {
        return Some(handlers.walk_children(element.node));
    }
    let content = handlers.walk_children(element.node).content;
    let content = super::inline::one_line(&content);
    let tag = element.tag;
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    Some(super::inline::wrap_trimmed(&content, &open, &close).into())
}

/// Replaces each whitespace-only line's line break with `&#10;`, which
/// HTML reads the same, and drops blanks at line ends (Markdown files
/// keep none; HTML does not see them).
fn without_blank_lines(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut blank = false;
    for c in html.chars() {
        match c {
            '\n' if blank => out.push_str("&#10;"),
            '\n' => {
                let kept = out.trim_end_matches([' ', '\t']).len();
                out.truncate(kept);
                out.push('\n');
                blank = true;
                continue;
            }
            ' ' | '\t' => {
                out.push(c);
                continue;
            }
            _ => out.push(c),
        }
        blank = false;
    }
    out
}

fn first_tag_name(html: &str) -> &str {
    let name = html.strip_prefix('<').unwrap_or("");
    let len = name
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    &name[..len]
}

/// Breaks the line after the first tag, so that the tag is alone on it.
fn start_tag_alone(html: &mut String) {
    let mut quote = None;
    for (at, c) in html.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if q == c => quote = None,
            (None, '>') => {
                if !html[at + 1..].starts_with('\n') {
                    html.insert(at + 1, '\n');
                }
                return;
            }
            _ => {}
        }
    }
}
