//! The one pulldown-cmark wrapper. Nothing else in Quire touches
//! [`pulldown_cmark::Options`]. Steps for a body: parse with the house options
//! → give every heading a stable, page-unique id → shift heading levels so a
//! section body never outranks its section → cap container nesting → drop raw
//! HTML when asked → write HTML.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::slug::slugify;

/// Block quotes and lists deeper than this are flattened: their content is
/// kept, the extra wrappers are not. Browsers stop nesting near 512 anyway,
/// and a pasted wall of `>>>>>…` must not exhaust a stack downstream.
pub const MAX_NESTING: usize = 32;

/// The Markdown dialect of every post: CommonMark plus tables, footnotes,
/// strikethrough, task lists, smart punctuation and `{#id .class}` heading
/// attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A parser over `md` with the house options.
pub fn parser(md: &str) -> Parser<'_> {
    Parser::new_ext(md, options())
}

/// Renders a standalone Markdown document to HTML: headings keep their level
/// and get ids unique within this document; raw HTML is kept.
pub fn markdown_to_html(md: &str) -> String {
    let mut out = String::with_capacity(md.len() + md.len() / 2);
    let mut ids = HeadingIds::default();
    render_into(&mut out, md, &mut ids, &BodyOptions::default());
    out
}

/// Heading ids already used on a page, so that two "Conclusion" headings get
/// `conclusion` and `conclusion-2`.
#[derive(Debug, Default)]
pub struct HeadingIds {
    seen: HashSet<String>,
}

impl HeadingIds {
    /// Marks `id` as taken without rendering anything (fixed ids of the page).
    pub fn reserve(&mut self, id: &str) {
        self.seen.insert(id.to_string());
    }

    /// A page-unique id derived from `text` (a heading's words).
    pub fn unique(&mut self, text: &str) -> String {
        let base = if text.trim().is_empty() {
            "section".to_string()
        } else {
            slugify(text)
        };
        self.unique_id(base)
    }

    fn unique_id(&mut self, base: String) -> String {
        if self.seen.insert(base.clone()) {
            return base;
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}-{n}");
            if self.seen.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// How a piece of Markdown sits in the page.
#[derive(Debug, Clone, Copy)]
pub struct BodyOptions {
    /// The highest heading level the body may use: 3 inside a section (whose
    /// heading is the h2), 1 for a standalone document. A body that starts at
    /// a higher level is shifted down as a whole, so its structure survives.
    pub top_level: u8,
    /// Drop raw HTML (blocks and inline tags) and heading attributes instead
    /// of passing them through, and point `javascript:`-like links nowhere.
    pub strip_html: bool,
    /// One line of inline Markdown (a takeaway): no paragraph or heading
    /// wrapper around it.
    pub inline: bool,
    /// For the preview: links and images may only use the sanitiser's URL
    /// schemes, heading attributes are dropped, and a body holding raw HTML
    /// is passed through the allow-list sanitiser (on its own, so a stray
    /// unclosed tag cannot swallow the rest of the page).
    pub sanitize: bool,
}

impl Default for BodyOptions {
    fn default() -> Self {
        BodyOptions {
            top_level: 1,
            strip_html: false,
            inline: false,
            sanitize: false,
        }
    }
}

/// Renders `md` and appends the HTML to `out`, with heading ids drawn from
/// (and recorded in) `ids`.
pub fn render_into(out: &mut String, md: &str, ids: &mut HeadingIds, opts: &BodyOptions) {
    let mut events: Vec<Event<'_>> = Vec::with_capacity(md.len() / 24 + 8);
    // Open containers: (is a block quote or list, kept in the output).
    let mut containers: Vec<(bool, bool)> = Vec::new();
    let mut kept_depth = 0usize;
    let mut heading_start: Option<usize> = None;
    let mut heading_text = String::new();
    let mut min_level = 7u8;
    let mut raw_html = false;
    let neutralise = |url: &str| {
        if opts.sanitize {
            !super::sanitize::url_allowed(url)
        } else {
            opts.strip_html && is_script_url(url)
        }
    };

    for event in parser(md) {
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
                let keep = kept_depth < MAX_NESTING;
                containers.push((true, keep));
                if keep {
                    kept_depth += 1;
                    events.push(event);
                }
            }
            Event::Start(Tag::Item) => {
                let keep = containers.last().is_none_or(|c| c.1);
                containers.push((false, keep));
                if keep {
                    events.push(event);
                }
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item) => {
                if let Some((counts, keep)) = containers.pop() {
                    if keep {
                        if counts {
                            kept_depth -= 1;
                        }
                        events.push(event);
                    }
                }
            }
            Event::Html(_) | Event::InlineHtml(_) if opts.strip_html => {}
            Event::Html(_) | Event::InlineHtml(_) => {
                raw_html = true;
                events.push(event);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if neutralise(&dest_url) => {
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::Borrowed("#"),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if neutralise(&dest_url) => {
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::Borrowed(""),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if opts.inline => {}
            Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_)) if opts.inline => {}
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                mut attrs,
            }) => {
                min_level = min_level.min(level as u8);
                if opts.strip_html || opts.sanitize {
                    // `{onclick=…}` is raw HTML by another name.
                    attrs.clear();
                }
                let event = Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                });
                heading_start = Some(events.len());
                heading_text.clear();
                events.push(event);
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = heading_start.take() {
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let new_id = match id.take() {
                            Some(given) => ids.unique_id(given.to_string()),
                            None => ids.unique(&heading_text),
                        };
                        *id = Some(CowStr::from(new_id));
                    }
                }
                events.push(event);
            }
            Event::Text(ref t) | Event::Code(ref t) if heading_start.is_some() => {
                heading_text.push_str(t);
                events.push(event);
            }
            other => events.push(other),
        }
    }

    let shift = opts.top_level.saturating_sub(min_level);
    if shift > 0 {
        for event in &mut events {
            match event {
                Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) => {
                    *level = shifted(*level, shift);
                }
                _ => {}
            }
        }
    }
    if raw_html && opts.sanitize {
        let mut html = String::with_capacity(md.len() + md.len() / 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        out.push_str(&super::sanitize::sanitize(&html));
    } else {
        pulldown_cmark::html::push_html(out, events.into_iter());
    }
}

/// A URL a browser would run rather than fetch (`javascript:`, `vbscript:`,
/// `data:`), however it is spelled (case, blanks, control characters).
pub fn is_script_url(url: &str) -> bool {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take_while(|c| *c != ':' && *c != '/' && *c != '?' && *c != '#')
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let has_colon = url.contains(':');
    has_colon && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

fn shifted(level: HeadingLevel, by: u8) -> HeadingLevel {
    match (level as u8 + by).min(6) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Words in a piece of Markdown, counting what a reader sees (not the
/// syntax, not link targets).
pub fn count_words(md: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for event in parser(md) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                for c in t.chars() {
                    if c.is_whitespace() {
                        in_word = false;
                    } else if !in_word && c.is_alphanumeric() {
                        words += 1;
                        in_word = true;
                    }
                }
            }
            Event::InlineHtml(_) => {}
            _ => in_word = false,
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_and_section_bodies_start_at_h3() {
        let mut ids = HeadingIds::default();
        ids.reserve("intro");
        let mut out = String::new();
        let opts = BodyOptions {
            top_level: 3,
            ..BodyOptions::default()
        };
        render_into(&mut out, "# Intro\n\n## Intro\n\ntext", &mut ids, &opts);
        assert!(out.contains("<h3 id=\"intro-2\">Intro</h3>"), "{out}");
        assert!(out.contains("<h4 id=\"intro-3\">Intro</h4>"), "{out}");
    }

    #[test]
    fn words_ignore_syntax_and_join_smart_quotes() {
        assert_eq!(
            count_words("## It's *very* [good](http://x.y/z)\n\n- a b"),
            5
        );
    }

    #[test]
    fn deep_quotes_are_flattened() {
        let html = markdown_to_html(&format!("{}deep", ">".repeat(1000)));
        assert_eq!(html.matches("<blockquote>").count(), MAX_NESTING, "{html}");
        assert!(html.contains("deep"));
    }
}
