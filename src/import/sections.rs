//! A post's Markdown body as Quire's parts: sections split at its
//! top-level headings (text before the first is a heading-less lead-in),
//! a final "Key takeaways" / "TL;DR" list as takeaways — the inverse of
//! [`crate::render::document`], so a post exported as Markdown comes back
//! as it was.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::Section;
use crate::render::document::SEPARATOR;
use crate::render::markdown::options;

/// The house dialect without smart punctuation: a heading's text as
/// written (`it's`, not `it’s`).
fn parser(md: &str) -> pulldown_cmark::Parser<'_> {
    pulldown_cmark::Parser::new_ext(
        md,
        options() - pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION,
    )
}

/// What a body splits into.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Split {
    pub sections: Vec<Section>,
    pub takeaways: Vec<String>,
}

/// Headings that name a list of takeaways (compared lower-cased).
const TAKEAWAY_HEADINGS: [&str; 7] = [
    "key takeaways",
    "takeaways",
    "key points",
    "tl;dr",
    "tldr",
    "tl;dr:",
    "in short",
];

/// A top-level heading or section separator, by byte range.
struct Cut {
    range: std::ops::Range<usize>,
    level: Option<HeadingLevel>,
    text: String,
}

/// Splits `body`. A first `# Heading` equal to `title` (a title repeated
/// in the text) is dropped.
pub fn split(body: &str, title: &str) -> Split {
    let mut cuts = cuts(body);
    let mut start_at = 0;
    if let Some(first) = cuts.first()
        && first.level == Some(HeadingLevel::H1)
        && body[..first.range.start].trim().is_empty()
        && first.text.trim().eq_ignore_ascii_case(title.trim())
    {
        start_at = first.range.end;
        cuts.remove(0);
    }
    let top = cuts.iter().filter_map(|c| c.level).min();
    cuts.retain(|c| c.level.is_none() || c.level == top);

    let mut sections = Vec::with_capacity(cuts.len() + 1);
    let lead = &body[start_at..cuts.first().map_or(body.len(), |c| c.range.start)];
    if !lead.trim().is_empty() {
        sections.push(Section::new("", clean_body(lead)));
    }
    for (i, cut) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).map_or(body.len(), |c| c.range.start);
        let text = &body[cut.range.end.min(end)..end];
        let heading = if cut.level.is_some() {
            cut.text.clone()
        } else {
            String::new()
        };
        if heading.is_empty() && text.trim().is_empty() {
            continue;
        }
        sections.push(Section::new(heading, clean_body(text)));
    }
    let takeaways = match sections.last() {
        Some(last) if is_takeaways_heading(&last.heading) => list_items(&last.body),
        _ => None,
    };
    match takeaways {
        Some(items) => {
            sections.pop();
            Split {
                sections,
                takeaways: items,
            }
        }
        None => Split {
            sections,
            takeaways: Vec::new(),
        },
    }
}

fn is_takeaways_heading(heading: &str) -> bool {
    let h = heading.trim().trim_end_matches(':').to_lowercase();
    TAKEAWAY_HEADINGS.contains(&h.as_str())
}

/// A section's body: without the blank lines around it.
fn clean_body(text: &str) -> String {
    text.trim_matches(|c| c == '\n' || c == '\r')
        .trim_end()
        .to_string()
}

/// The headings and separators at the top level of `body` (not in a list,
/// quote or other block).
fn cuts(body: &str) -> Vec<Cut> {
    let mut out: Vec<Cut> = Vec::new();
    let mut depth = 0usize;
    let mut heading: Option<(HeadingLevel, std::ops::Range<usize>, String)> = None;
    for (event, range) in parser(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if depth == 0 => {
                heading = Some((level, range, String::new()));
            }
            Event::End(TagEnd::Heading(_)) if heading.is_some() => {
                if let Some((level, range, text)) = heading.take() {
                    out.push(Cut {
                        range,
                        level: Some(level),
                        text: text.trim().to_string(),
                    });
                }
            }
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                if let Some((_, _, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak if heading.is_some() => {
                if let Some((_, _, text)) = heading.as_mut() {
                    text.push(' ');
                }
            }
            Event::Html(html) if depth == 0 && html.trim() == SEPARATOR => {
                out.push(Cut {
                    range,
                    level: None,
                    text: String::new(),
                });
            }
            Event::Start(Tag::Heading { .. } | Tag::HtmlBlock) => {}
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::HtmlBlock) => {}
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

/// The items of `body` when it is one flat list of one-line items (what
/// takeaways are), each as its inline Markdown; `None` otherwise.
fn list_items(body: &str) -> Option<Vec<String>> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut lists = 0;
    for (event, range) in parser(body).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => {
                if depth != 0 {
                    return None;
                }
                lists += 1;
                depth += 1;
            }
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::Item) if depth == 1 => {
                items.push(item_text(&body[range])?);
                depth += 1;
            }
            Event::End(TagEnd::Item) => depth -= 1,
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if depth == 2 => {}
            Event::Start(Tag::Paragraph) => return None,
            Event::Start(Tag::CodeBlock(_)) if depth > 1 => {
                return None;
            }
            _ if depth == 0 => return None,
            _ => {}
        }
    }
    (lists == 1 && !items.is_empty()).then_some(items)
}

/// A list item's text without its marker, lines joined, with the escape
/// the Markdown export adds before a start that would open a block taken
/// off again.
fn item_text(source: &str) -> Option<String> {
    let s = source.trim_start();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let rest = if s.starts_with(['-', '*', '+']) {
        &s[1..]
    } else if digits > 0 && s[digits..].starts_with(['.', ')']) {
        &s[digits + 1..]
    } else {
        return None;
    };
    let text: Vec<&str> = rest
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let text = text.join(" ");
    Some(unescape_start(&text))
}

/// Inverse of the export's escaping of a takeaway's start.
fn unescape_start(t: &str) -> String {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if let Some(rest) = t.strip_prefix('\\')
        && rest.starts_with(['#', '>', '-', '+', '*', '`', '~', '_'])
    {
        return rest.to_string();
    }
    if digits > 0 && (t[digits..].starts_with("\\.") || t[digits..].starts_with("\\)")) {
        return format!("{}{}", &t[..digits], &t[digits + 1..]);
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_top_level_headings_with_a_lead_in() {
        let s = split(
            "Intro *text*.\n\n## One\n\nBody.\n\n### Sub\n\nMore.\n\n## Two\n\n```\n## not\n```\n",
            "T",
        );
        assert_eq!(
            s.sections,
            vec![
                Section::new("", "Intro *text*."),
                Section::new("One", "Body.\n\n### Sub\n\nMore."),
                Section::new("Two", "```\n## not\n```"),
            ]
        );
        assert!(s.takeaways.is_empty());
    }

    #[test]
    fn a_repeated_title_is_dropped_and_h1_sections_work() {
        let s = split("# My Post\n\nHi.\n\n# A\n\nx\n\n## a1\n\ny", "My post");
        assert_eq!(
            s.sections,
            vec![
                Section::new("", "Hi."),
                Section::new("A", "x\n\n## a1\n\ny")
            ]
        );
    }

    #[test]
    fn a_final_takeaways_list_becomes_takeaways() {
        let s = split(
            "## One\n\nx\n\n<!-- section -->\n\ny\n\n## Key Takeaways\n\n- **Bold** point.\n- \\# not a heading\n- 1\\. not a list\n- two\n  lines\n",
            "",
        );
        assert_eq!(
            s.sections,
            vec![Section::new("One", "x"), Section::new("", "y")]
        );
        assert_eq!(
            s.takeaways,
            [
                "**Bold** point.",
                "# not a heading",
                "1. not a list",
                "two lines"
            ]
        );
        let s = split("## TL;DR\n\nNot a list.", "");
        assert_eq!(s.sections, vec![Section::new("TL;DR", "Not a list.")]);
        assert!(s.takeaways.is_empty());
    }

    #[test]
    fn heading_text_is_plain() {
        let s = split("## A \\*star\\* &amp; `code` &#123;x&#125;\n\nb", "");
        assert_eq!(s.sections[0].heading, "A *star* & code {x}");
    }
}
