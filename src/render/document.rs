//! The post as one Markdown document: what every Markdown export writes
//! below its front matter, and what the renderer turns into the preview and
//! the HTML export. One document, so reference links and footnotes resolve
//! across sections and are numbered once per post, as every generator does
//! with the exported file.
//!
//! Steps for each section: its heading as `## …` (plain text: every
//! character Markdown could read as markup is escaped), or, for a
//! heading-less section after another, a `<!-- section -->` line that ends
//! the previous section's list or quote (a comment every generator keeps
//! invisible); then its body with the body's headings moved below the
//! section's h2 — the levels the page shows, so that a generator shows them
//! too. Last, `## Key Takeaways` and the takeaways as a list. A tag of an
//! element HTML does not have (`Use <angle> brackets`) is left out, as the
//! sanitiser leaves it out of every page: generators would otherwise each
//! do their own thing with it (kramdown swallows the rest of the paragraph).

use std::fmt::Write;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Tag};

use super::markdown::parser;
use crate::Post;

/// The heading of the takeaways part.
pub const TAKEAWAYS_HEADING: &str = "Key Takeaways";

/// The line that separates a heading-less section from the one before.
pub const SEPARATOR: &str = "<!-- section -->";

/// What a part of the document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// Section `index` of the post.
    Section {
        index: usize,
        has_heading: bool,
    },
    Takeaways,
}

/// A part of the document and where it starts in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub kind: PartKind,
    /// Byte offset of the part's first line.
    pub start: usize,
    /// The `<!-- section -->` line that opens it, if any (not shown).
    pub separator: Option<Range<usize>>,
}

/// The post's Markdown document and its parts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub text: String,
    pub parts: Vec<Part>,
}

/// Builds the document of `post`. Empty sections (no heading, no body)
/// are left out.
pub fn document(post: &Post) -> Document {
    let mut text = String::with_capacity(post.text_bytes() + 256);
    let mut parts = Vec::with_capacity(post.sections.len() + 1);
    let mut under_h2 = false;
    for (index, section) in post.sections.iter().enumerate() {
        let body = section.body.trim_matches('\n').trim_end();
        if section.heading.is_empty() && body.trim().is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        let start = text.len();
        let mut separator = None;
        if !section.heading.is_empty() {
            let _ = writeln!(text, "## {}", heading_text(&section.heading));
        } else if !parts.is_empty() {
            text.push_str(SEPARATOR);
            separator = Some(start..text.len());
            text.push('\n');
        }
        if !section.heading.is_empty() {
            under_h2 = true;
        }
        if !body.is_empty() {
            if text.len() > start {
                text.push('\n');
            }
            // Below a section's h2, a body's top heading is an h3; before
            // any section heading (a lead-in), an h2.
            push_body(&mut text, body, if under_h2 { 3 } else { 2 });
            text.push('\n');
        }
        parts.push(Part {
            kind: PartKind::Section {
                index,
                has_heading: !section.heading.is_empty(),
            },
            start,
            separator,
        });
    }
    if !post.takeaways.is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        parts.push(Part {
            kind: PartKind::Takeaways,
            start: text.len(),
            separator: None,
        });
        let _ = writeln!(text, "## {TAKEAWAYS_HEADING}\n");
        for t in &post.takeaways {
            let _ = writeln!(text, "- {}", list_item_text(t.trim()));
        }
    }
    if let Some(cleaned) = without_unknown_tags(&text) {
        // Offsets move: rebuild the parts from the cleaned text's headings.
        return rebase(cleaned, &text, parts);
    }
    Document { text, parts }
}

/// `text` without the raw HTML tags of elements the sanitiser does not
/// know, outside code; `None` when there are none (most posts: looked for
/// without parsing first).
fn without_unknown_tags(text: &str) -> Option<String> {
    let unknown = |tag: &str| -> bool {
        let name = tag
            .trim_start_matches('<')
            .trim_start_matches('/')
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        !name.is_empty()
            && name.as_bytes()[0].is_ascii_alphabetic()
            && !super::sanitize::ELEMENTS.contains(&name.as_str())
            && !matches!(name.as_str(), "style" | "template" | "object" | "embed")
    };
    let mut candidates = text.match_indices('<').filter(|(i, _)| {
        let rest = &text[i + 1..];
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        rest.starts_with(|c: char| c.is_ascii_alphabetic()) && unknown(&text[*i..])
    });
    candidates.next()?;
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (event, range) in parser(text).into_offset_iter() {
        let tag = match &event {
            Event::InlineHtml(t) | Event::Html(t) => t.trim_end(),
            _ => continue,
        };
        let single = tag.starts_with('<') && tag.ends_with('>') && tag[1..].find('<').is_none();
        if single && unknown(tag) && range.start >= at {
            out.push_str(&text[at..range.start]);
            // A tag alone on its line leaves the line's break behind.
            at = range.start + tag.len();
        }
    }
    if at == 0 {
        return None;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// The parts of `old` placed in `text` (the same document with some tags
/// left out before them): each part starts where its first line does.
fn rebase(text: String, old: &str, parts: Vec<Part>) -> Document {
    let mut moved = Vec::with_capacity(parts.len());
    let mut from = 0;
    for part in parts {
        // A part's first line (its heading, separator or first body line)
        // is never an unknown tag alone, so it is found as it was written.
        let line = old[part.start..].lines().next().unwrap_or_default();
        let start = text[from..].find(line).map_or(from, |i| from + i);
        let separator = part
            .separator
            .as_ref()
            .map(|s| start..start + (s.end - s.start));
        moved.push(Part {
            kind: part.kind,
            start,
            separator,
        });
        from = start + line.len();
    }
    Document { text, parts: moved }
}

/// Appends `body` with its headings moved, as a whole, so that the highest
/// is at level `top`: down when the body starts higher (its `#` must not
/// outrank the section's h2), up when it starts lower (a page whose h2 is
/// followed by an h4 skips a level, which the W3C checker and screen
/// readers hold against it). The structure inside the body is kept. A body
/// written from `###` down, as most are, is seen to be so without parsing.
fn push_body(out: &mut String, body: &str, top: u8) {
    if !may_need_shift(body, top) {
        out.push_str(body);
        return;
    }
    let headings: Vec<(HeadingLevel, Range<usize>)> = parser(body)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Heading { level, .. }) => Some((level, range)),
            _ => None,
        })
        .collect();
    let Some(min) = headings.iter().map(|(l, _)| *l as u8).min() else {
        out.push_str(body);
        return;
    };
    if min == top {
        out.push_str(body);
        return;
    }
    let mut at = 0;
    for (level, range) in headings {
        if range.start < at {
            continue; // a heading inside a heading's range: never, but safe
        }
        out.push_str(&body[at..range.start]);
        let level = (i16::from(level as u8) + i16::from(top) - i16::from(min)).clamp(1, 6) as usize;
        out.push_str(&atx_heading(&body[range.clone()], level));
        at = range.end;
    }
    out.push_str(&body[at..]);
}

/// Whether `body` might hold a heading whose level is not `top` while none
/// is at `top`: a line starting (after up to three spaces) with a run of
/// `#` and a blank, or a line of `=` or `-` only (a setext underline, or a
/// rule that is not one). Errs on the side of yes: a yes only costs a parse.
fn may_need_shift(body: &str, top: u8) -> bool {
    let mut at_top = false;
    let mut other = false;
    for line in body.lines() {
        let t = line.trim_start_matches(' ');
        if line.len() - t.len() > 3 {
            continue;
        }
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes)
            && (t[hashes..].is_empty() || t[hashes..].starts_with([' ', '\t']))
        {
            if hashes == top as usize {
                at_top = true;
            } else if hashes < top as usize {
                return true;
            } else {
                other = true;
            }
            continue;
        }
        let u = t.trim_end();
        if !u.is_empty() && (u.bytes().all(|b| b == b'=') || u.bytes().all(|b| b == b'-')) {
            return true;
        }
    }
    other && !at_top
}

/// The source of a heading (ATX or setext, as parsed at `source`) written
/// as an ATX heading of `level`.
fn atx_heading(source: &str, level: usize) -> String {
    let hashes = "#".repeat(level);
    let first = source.trim_start_matches(' ');
    if let Some(rest) = first.strip_prefix('#') {
        // ATX: swap the opening run of `#`, keep the rest as written.
        let rest = rest.trim_start_matches('#');
        return format!("{hashes}{rest}");
    }
    // Setext: the text above the underline, its lines joined (a line break
    // would end an ATX heading; container prefixes of continuation lines go).
    let content = source.trim_end_matches(['\n', '\r']);
    let content = content.rsplit_once('\n').map_or(content, |(text, _)| text);
    let mut joined = String::with_capacity(content.len());
    for (i, line) in content.lines().enumerate() {
        if i > 0 {
            joined.push(' ');
        }
        let line = if i > 0 {
            line.trim_start_matches([' ', '\t', '>'])
        } else {
            line
        };
        joined.push_str(line.trim());
    }
    let ends_line = if source.ends_with('\n') { "\n" } else { "" };
    format!("{hashes} {joined}{ends_line}")
}

/// A heading line's text. Headings are plain text (the page shows them as
/// written), so every character Markdown could read as markup is escaped:
/// emphasis, code, links, raw HTML (`<`), a closing `#` sequence. `{…}` is
/// written as character references so no generator (Zola, Hugo) can read a
/// trailing `{#id onclick=…}` as heading attributes; so are `~` and an `&`
/// before a name, which kramdown (Jekyll) cannot backslash-escape. A line
/// break would end the heading, so it becomes a space.
pub fn heading_text(heading: &str) -> String {
    let mut out = String::with_capacity(heading.len() + 8);
    let mut chars = heading.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("&amp;");
            }
            '{' => out.push_str("&#123;"),
            '~' => out.push_str("&#126;"),
            '}' => out.push_str("&#125;"),
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A takeaway as a list item's text: inline Markdown, kept as written, but
/// a start that would open a block instead (a heading, a quote, a nested
/// list, a rule, a code fence) is escaped, so each takeaway stays one line
/// of text in one item.
fn list_item_text(t: &str) -> String {
    let bytes = t.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let after = |n: usize| bytes.get(n).copied();
    let blank_after = |n: usize| matches!(after(n), None | Some(b' ' | b'\t'));
    let opens_block = match bytes.first() {
        Some(b'#' | b'>') => true,
        Some(b'-' | b'+' | b'*') => blank_after(1) || is_rule(t),
        Some(b'=') => false,
        Some(b'`') => t.starts_with("```"),
        Some(b'~') => t.starts_with("~~~"),
        Some(b'_') => is_rule(t),
        Some(b'0'..=b'9') => {
            digits <= 9 && matches!(after(digits), Some(b'.' | b')')) && blank_after(digits + 1)
        }
        _ => false,
    };
    if !opens_block {
        return t.to_string();
    }
    let at = if bytes.first().is_some_and(u8::is_ascii_digit) {
        digits
    } else {
        0
    };
    format!("{}\\{}", &t[..at], &t[at..])
}

/// Whether `t` is a thematic break: three or more of one of `-`, `*`, `_`,
/// blanks between allowed.
fn is_rule(t: &str) -> bool {
    let marks: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && matches!(marks[0], '-' | '*' | '_') && marks.iter().all(|&c| c == marks[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Section;

    fn doc(sections: &[(&str, &str)], takeaways: &[&str]) -> Document {
        document(&Post {
            sections: sections.iter().map(|(h, b)| Section::new(*h, *b)).collect(),
            takeaways: takeaways.iter().map(|t| t.to_string()).collect(),
            ..Post::default()
        })
    }

    #[test]
    fn sections_become_h2_parts_and_takeaways_a_list() {
        let d = doc(
            &[("One", "Text.\n\n### Sub"), ("", "- a\n- b"), ("Two", "")],
            &["**Bold** point.", "# not a heading", "1. not a list", "---"],
        );
        assert_eq!(
            d.text,
            "## One\n\nText.\n\n### Sub\n\n<!-- section -->\n\n- a\n- b\n\n## Two\n\n## Key Takeaways\n\n- **Bold** point.\n- \\# not a heading\n- 1\\. not a list\n- \\---\n"
        );
        let kinds: Vec<PartKind> = d.parts.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                PartKind::Section {
                    index: 0,
                    has_heading: true
                },
                PartKind::Section {
                    index: 1,
                    has_heading: false
                },
                PartKind::Section {
                    index: 2,
                    has_heading: true
                },
                PartKind::Takeaways
            ]
        );
        assert_eq!(
            &d.text[d.parts[1].start..d.parts[1].start + 16],
            "<!-- section -->"
        );
        assert_eq!(&d.text[d.parts[3].start..][..16], "## Key Takeaways");
    }

    #[test]
    fn tags_html_does_not_have_are_left_out_outside_code() {
        let d = doc(
            &[
                (
                    "One",
                    "Use <angle> brackets and <kbd>keys</kbd>.\n\n`<angle>` stays.",
                ),
                ("Two", "<wrapper>\ntext\n</wrapper>"),
            ],
            &["A <made-up> takeaway"],
        );
        assert_eq!(
            d.text,
            "## One\n\nUse  brackets and <kbd>keys</kbd>.\n\n`<angle>` stays.\n\n## Two\n\n\ntext\n\n\n## Key Takeaways\n\n- A  takeaway\n"
        );
        assert_eq!(&d.text[d.parts[1].start..][..6], "## Two");
        assert_eq!(&d.text[d.parts[2].start..][..16], "## Key Takeaways");
    }

    #[test]
    fn a_leading_heading_less_section_needs_no_separator() {
        let d = doc(&[("", "Lead-in."), ("Next", "x")], &[]);
        assert_eq!(d.text, "Lead-in.\n\n## Next\n\nx\n");
        assert!(d.parts[0].separator.is_none());
    }

    #[test]
    fn body_headings_move_below_the_section_heading() {
        let d = doc(&[("S", "# Big\n\n## Medium\n\ntext\n\n### Small")], &[]);
        assert_eq!(
            d.text,
            "## S\n\n### Big\n\n#### Medium\n\ntext\n\n##### Small\n"
        );
        let d = doc(
            &[("S", "Setext\n===\n\n> Quoted\n> more\n> ---\n\n### Three")],
            &[],
        );
        assert_eq!(
            d.text,
            "## S\n\n### Setext\n\n> #### Quoted more\n\n##### Three\n"
        );
        let untouched = "### A\n\n#### B\n\n```\n# not a heading\n```";
        assert_eq!(
            doc(&[("S", untouched)], &[]).text,
            format!("## S\n\n{untouched}\n")
        );
        let rule_only = "Text\n\n---\n\nMore";
        assert_eq!(
            doc(&[("S", rule_only)], &[]).text,
            format!("## S\n\n{rule_only}\n")
        );
    }
}
