//! The post's document as each generator must be given it to show the
//! same text as the preview. The document is CommonMark; generators read
//! more than CommonMark before or while they parse it:
//!
//! - Hugo runs shortcodes (`{{< … >}}`, `{{% … %}}`) first, even inside
//!   code: each is written as Hugo's escaped form `{{</* … */>}}`, which
//!   Hugo shows as written. One with no closing `>}}` cannot be escaped so;
//!   outside code it is written `&#123;{<` instead.
//! - Zola runs its shortcodes (`{{ name(…) }}`, `{% name(…) %}`) likewise:
//!   escaped as `{{/* … */}}` and `{%/* … */%}`.
//! - Jekyll runs Liquid (turned off by `render_with_liquid: false` in the
//!   front matter), and kramdown leaves Markdown inside an HTML block as it
//!   is unless the block's tag says `markdown="1"`, which is added to an
//!   HTML block of a block-level element.
//! - Astro reads it as it is.

use std::borrow::Cow;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Flavor;
use crate::render::markdown::parser;

/// `text` (a post's document) as `flavor` must be given it.
pub fn body(text: &str, flavor: Flavor) -> Cow<'_, str> {
    match flavor {
        Flavor::Hugo => hugo(text),
        Flavor::Zola => zola(text),
        Flavor::Jekyll => jekyll(text),
        Flavor::Astro => Cow::Borrowed(text),
    }
}

fn hugo(text: &str) -> Cow<'_, str> {
    if !text.contains("{{<") && !text.contains("{{%") {
        return Cow::Borrowed(text);
    }
    let code = code_ranges(text);
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    while let Some(found) = next_of(text, at, &["{{<", "{{%"]) {
        let (open, close, open_esc, close_esc) = if text[found..].starts_with("{{<") {
            ("{{<", ">}}", "{{</*", "*/>}}")
        } else {
            ("{{%", "%}}", "{{%/*", "*/%}}")
        };
        out.push_str(&text[at..found]);
        let inner_from = found + open.len();
        match text[inner_from..].find(close) {
            Some(len) => {
                out.push_str(open_esc);
                out.push_str(&text[inner_from..inner_from + len]);
                out.push_str(close_esc);
                at = inner_from + len + close.len();
            }
            None if !code.iter().any(|r| r.contains(&found)) => {
                out.push_str("&#123;");
                out.push_str(&open[1..]);
                at = inner_from;
            }
            None => {
                out.push_str(open);
                at = inner_from;
            }
        }
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

fn zola(text: &str) -> Cow<'_, str> {
    if !text.contains("{{") && !text.contains("{%") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    while let Some(found) = next_of(text, at, &["{{", "{%"]) {
        let (open, close, open_esc, close_esc) = if text[found..].starts_with("{{") {
            ("{{", "}}", "{{/*", "*/}}")
        } else {
            ("{%", "%}", "{%/*", "*/%}")
        };
        out.push_str(&text[at..found]);
        let inner_from = found + open.len();
        // Only what Zola would take for a shortcode: a name and a call.
        let inner_len = text[inner_from..].find(close);
        let is_call =
            inner_len.is_some_and(|len| is_shortcode_call(&text[inner_from..inner_from + len]));
        match inner_len {
            Some(len) if is_call => {
                out.push_str(open_esc);
                out.push_str(&text[inner_from..inner_from + len]);
                out.push_str(close_esc);
                at = inner_from + len + close.len();
            }
            _ => {
                out.push_str(open);
                at = inner_from;
            }
        }
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// ` name(…) `: an identifier followed by an argument list.
fn is_shortcode_call(inner: &str) -> bool {
    let t = inner.trim();
    let name_len = t
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    name_len > 0 && t[name_len..].trim_start().starts_with('(') && t.ends_with(')')
}

/// Block-level elements whose content kramdown parses as Markdown only
/// with `markdown="1"`.
const KRAMDOWN_BLOCKS: &[&str] = &[
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "figure",
    "footer",
    "header",
    "main",
    "nav",
    "section",
];

fn jekyll(text: &str) -> Cow<'_, str> {
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let mut inserts: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) if depth == 0 => {
                if let Some(at) = kramdown_markdown_attr_at(&text[range.clone()]) {
                    inserts.push(range.start + at);
                }
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::HtmlBlock) | Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if inserts.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + inserts.len() * 14);
    let mut at = 0;
    for i in inserts {
        out.push_str(&text[at..i]);
        out.push_str(" markdown=\"1\"");
        at = i;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// Where ` markdown="1"` goes in an HTML block that opens a kramdown block
/// element (just before the opening tag's `>`), if it does and says
/// nothing of markdown already.
fn kramdown_markdown_attr_at(block: &str) -> Option<usize> {
    let lead = block.len() - block.trim_start_matches(' ').len();
    let rest = block[lead..].strip_prefix('<')?;
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = rest[..name_len].to_ascii_lowercase();
    if !KRAMDOWN_BLOCKS.contains(&name.as_str()) {
        return None;
    }
    let tag_end = rest.find('>')?;
    let tag = &rest[..tag_end];
    if tag.contains("markdown=") || tag.contains('\n') {
        return None;
    }
    let self_closing = tag.ends_with('/');
    let at = lead + 1 + tag_end - usize::from(self_closing);
    Some(at)
}

/// The first of `needles` in `text` at or after `from`.
fn next_of(text: &str, from: usize, needles: &[&str]) -> Option<usize> {
    needles
        .iter()
        .filter_map(|n| text[from..].find(n).map(|i| from + i))
        .min()
}

/// Byte ranges of code (blocks and spans) in `text`.
fn code_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut in_block: Option<usize> = None;
    for (event, range) in parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_block = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = in_block.take() {
                    ranges.push(start..range.end);
                }
            }
            Event::Code(_) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_shortcodes_are_escaped_everywhere() {
        let text = "Use {{< youtube abc >}} here.\n\n```\n{{% note %}}x{{% /note %}}\n```\n\nA lone {{< here.\n";
        assert_eq!(
            body(text, Flavor::Hugo),
            "Use {{</* youtube abc */>}} here.\n\n```\n{{%/* note */%}}x{{%/* /note */%}}\n```\n\nA lone &#123;{< here.\n"
        );
        assert_eq!(body("{{ r0, r1 }}", Flavor::Hugo), "{{ r0, r1 }}");
    }

    #[test]
    fn zola_escapes_only_what_looks_like_a_shortcode() {
        assert_eq!(
            body(
                "{{ youtube(id=\"x\") }} and {{ r0, r1 }} and {% quote(a=1) %}",
                Flavor::Zola
            ),
            "{{/* youtube(id=\"x\") */}} and {{ r0, r1 }} and {%/* quote(a=1) */%}"
        );
    }

    #[test]
    fn jekyll_html_blocks_say_markdown_inside() {
        let text = "<div class=\"note\">\n\n**Bold** inside.\n\n</div>\n\n<details>\n<summary>More</summary>\n\nText\n\n</details>\n\n<!-- comment -->\n\n<iframe src=\"x\"></iframe>\n";
        assert_eq!(
            body(text, Flavor::Jekyll),
            "<div class=\"note\" markdown=\"1\">\n\n**Bold** inside.\n\n</div>\n\n<details markdown=\"1\">\n<summary>More</summary>\n\nText\n\n</details>\n\n<!-- comment -->\n\n<iframe src=\"x\"></iframe>\n"
        );
        assert_eq!(body("a <b>c</b>", Flavor::Jekyll), "a <b>c</b>");
    }
}
