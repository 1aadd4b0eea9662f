//! The one pulldown-cmark wrapper. Nothing else in Quire touches
//! [`pulldown_cmark::Options`]. Steps for a body: parse with the house options
//! → give every heading a stable, page-unique id → shift heading levels so a
//! section body never outranks its section → cap container nesting → drop raw
//! HTML when asked → write HTML.

use std::collections::HashMap;

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
    /// Each id taken, with the count of ids taken before it, so that a body
    /// rendered twice (see [`render_into`]) can take back those of its
    /// first try.
    seen: HashMap<String, usize>,
    given: usize,
    /// For each base that clashed, the next number to try after it: every
    /// `base-2` … below it is taken. Keeps a page of 20,000 "Step" headings
    /// linear (trying from `-2` each time made it quadratic: 22 s).
    next: HashMap<String, usize>,
    /// The words of the heading being read (scratch, kept for its buffer).
    text: String,
}

impl HeadingIds {
    /// Marks `id` as taken without rendering anything (fixed ids of the page).
    pub fn reserve(&mut self, id: &str) {
        self.seen.insert(id.to_string(), self.given);
        self.given += 1;
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

    /// [`Self::unique`] for the heading words gathered in `self.text`.
    fn unique_from_text(&mut self) -> String {
        let text = std::mem::take(&mut self.text);
        let id = self.unique(&text);
        self.text = text;
        id
    }

    fn unique_id(&mut self, base: String) -> String {
        let id = if self.seen.contains_key(&base) {
            let from = self.next.get(&base).copied().unwrap_or(2);
            let (n, id) = (from..)
                .map(|n| (n, format!("{base}-{n}")))
                .find(|(_, candidate)| !self.seen.contains_key(candidate))
                .unwrap_or_default();
            self.next.insert(base, n + 1);
            id
        } else {
            base
        };
        self.seen.insert(id.clone(), self.given);
        self.given += 1;
        id
    }

    /// Takes back the ids given out since `given` were given.
    fn undo_to(&mut self, given: usize) {
        self.seen.retain(|_, n| *n < given);
        self.given = given;
        self.next.clear(); // numbers given back may be free again
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
/// (and recorded in) `ids`. Events stream straight into the HTML writer;
/// should a heading above `top_level` turn up (rare: a section body is
/// written from `###` down), that output is dropped and the body rendered
/// again from collected events, shifted down as a whole.
pub fn render_into(out: &mut String, md: &str, ids: &mut HeadingIds, opts: &BodyOptions) {
    if opts.inline && is_plain_line(md) {
        // What the parser would give for it, without the parser's set-up
        // (which dwarfs the work for one short line, e.g. a takeaway).
        out.push_str(md.trim_end_matches(' '));
        return;
    }
    let sanitize_after = opts.sanitize && !opts.strip_html && md.contains('<');
    let mut staged = String::new();
    let target: &mut String = if sanitize_after {
        staged.reserve(md.len() + md.len() / 2);
        &mut staged
    } else {
        out.reserve(md.len() + md.len() / 4);
        &mut *out
    };
    let (start, given) = (target.len(), ids.given);
    let mut filter = Filter::new(md, ids, opts, true);
    pulldown_cmark::html::push_html(target, &mut filter);
    let mut raw_html = filter.raw_html;
    if filter.too_high {
        target.truncate(start);
        ids.undo_to(given);
        let mut filter = Filter::new(md, ids, opts, false);
        let mut events: Vec<Event<'_>> = filter.by_ref().collect();
        let shift = opts.top_level.saturating_sub(filter.min_level);
        for event in &mut events {
            if let Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) =
                event
            {
                *level = shifted(*level, shift);
            }
        }
        raw_html = filter.raw_html;
        pulldown_cmark::html::push_html(target, events.into_iter());
    }
    if sanitize_after {
        if raw_html {
            out.push_str(&super::sanitize::sanitize(&staged));
        } else {
            out.push_str(&staged);
        }
    }
}

/// Whether `md` is one line of plain words that Markdown leaves as it is:
/// starts with a letter (not a list, heading or quote marker), holds no
/// character with a meaning in Markdown or HTML, no smart punctuation (`'`,
/// `"`, `--`, `...`), nothing but ASCII letters, digits, spaces and a few
/// inert signs. Errs on the side of no: a no only costs running the parser.
pub fn is_plain_line(md: &str) -> bool {
    let bytes = md.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.iter().all(|&b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b' ' | b','
                        | b'.'
                        | b';'
                        | b':'
                        | b'?'
                        | b'('
                        | b')'
                        | b'/'
                        | b'%'
                        | b'-'
                        | b'+'
                        | b'='
                )
        })
        && !md.contains("--")
        && !md.contains("..")
}

/// The event filter every body goes through: caps container nesting, drops
/// or flags raw HTML, neutralises disallowed URLs, unwraps inline bodies,
/// and gives each heading a page-unique id (buffering only the heading).
struct Filter<'a, 'b> {
    parser: Parser<'a>,
    opts: &'b BodyOptions,
    ids: &'b mut HeadingIds,
    /// Open containers: (is a block quote or list, kept in the output).
    containers: Vec<(bool, bool)>,
    kept_depth: usize,
    heading: Vec<Event<'a>>,
    in_heading: bool,
    /// A finished heading, handed out before the next event is read.
    ready: std::vec::IntoIter<Event<'a>>,
    min_level: u8,
    raw_html: bool,
    /// Stop at a heading above `opts.top_level` (and say so in `too_high`)
    /// rather than pass it on.
    stop_too_high: bool,
    too_high: bool,
}

impl<'a, 'b> Filter<'a, 'b> {
    fn new(
        md: &'a str,
        ids: &'b mut HeadingIds,
        opts: &'b BodyOptions,
        stop_too_high: bool,
    ) -> Self {
        Filter {
            parser: parser(md),
            opts,
            ids,
            containers: Vec::new(),
            kept_depth: 0,
            heading: Vec::new(),
            in_heading: false,
            ready: Vec::new().into_iter(),
            min_level: 7,
            raw_html: false,
            stop_too_high,
            too_high: false,
        }
    }

    fn neutralise(&self, url: &str) -> bool {
        if self.opts.sanitize {
            !super::sanitize::url_allowed(url)
        } else {
            self.opts.strip_html && is_script_url(url)
        }
    }

    /// Whether `event` goes out as it came, with no bookkeeping: most
    /// events (text, inline markup, paragraphs), so they skip [`Self::step`]
    /// and are moved once instead of through every stage.
    fn untouched(&self, event: &Event<'_>) -> bool {
        if self.in_heading {
            return false;
        }
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::Heading { .. })
            | Event::End(
                TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::Heading(_),
            )
            | Event::Html(_)
            | Event::InlineHtml(_) => false,
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                !(self.opts.sanitize || self.opts.strip_html)
            }
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => !self.opts.inline,
            _ => true,
        }
    }

    /// One parser event, filtered; `None` drops it.
    fn step(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        let opts = self.opts;
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
                let keep = self.kept_depth < MAX_NESTING;
                self.containers.push((true, keep));
                if keep {
                    self.kept_depth += 1;
                }
                keep.then_some(event)
            }
            Event::Start(Tag::Item) => {
                let keep = self.containers.last().is_none_or(|c| c.1);
                self.containers.push((false, keep));
                keep.then_some(event)
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item) => {
                let (counts, keep) = self.containers.pop()?;
                if keep && counts {
                    self.kept_depth -= 1;
                }
                keep.then_some(event)
            }
            Event::Html(_) | Event::InlineHtml(_) if opts.strip_html => None,
            Event::Html(_) | Event::InlineHtml(_) => {
                self.raw_html = true;
                Some(event)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if self.neutralise(&dest_url) => Some(Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::Borrowed("#"),
                title,
                id,
            })),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if self.neutralise(&dest_url) => Some(Event::Start(Tag::Image {
                link_type,
                dest_url: CowStr::Borrowed(""),
                title,
                id,
            })),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if opts.inline => None,
            Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_)) if opts.inline => {
                None
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                mut attrs,
            }) => {
                self.min_level = self.min_level.min(level as u8);
                self.too_high |= self.stop_too_high && (level as u8) < opts.top_level;
                if opts.strip_html || opts.sanitize {
                    // `{onclick=…}` is raw HTML by another name.
                    attrs.clear();
                }
                Some(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }))
            }
            other => Some(other),
        }
    }
}

impl<'a> Iterator for Filter<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(e) = self.ready.next() {
                return Some(e);
            }
            let raw = self.parser.next();
            let Some(raw) = raw else {
                // A heading left open (never, with pulldown-cmark) is flushed as is.
                self.ready = std::mem::take(&mut self.heading).into_iter();
                return self.ready.next();
            };
            if self.untouched(&raw) {
                return Some(raw);
            }
            let stepped = self.step(raw);
            if self.too_high {
                return None;
            }
            let Some(event) = stepped else {
                continue;
            };
            match &event {
                Event::Start(Tag::Heading { .. }) => {
                    self.in_heading = true;
                    self.ids.text.clear();
                    self.heading.push(event);
                }
                Event::End(TagEnd::Heading(_)) if self.in_heading => {
                    self.in_heading = false;
                    if let Some(Event::Start(Tag::Heading { id, .. })) = self.heading.first_mut() {
                        let new_id = match id.take() {
                            Some(given) => self.ids.unique_id(given.to_string()),
                            None => self.ids.unique_from_text(),
                        };
                        *id = Some(CowStr::from(new_id));
                    }
                    self.heading.push(event);
                    self.ready = std::mem::take(&mut self.heading).into_iter();
                }
                Event::Text(t) | Event::Code(t) if self.in_heading => {
                    self.ids.text.push_str(t);
                    self.heading.push(event);
                }
                _ if self.in_heading => self.heading.push(event),
                _ => return Some(event),
            }
        }
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
    fn a_body_rendered_again_for_a_high_heading_keeps_its_ids() {
        // `### A` is given `a` before `## B` shows the body must be shifted;
        // the second rendering takes `a` again, not `a-2`.
        let mut ids = HeadingIds::default();
        ids.reserve("b");
        let mut out = String::from("<p>before</p>");
        let opts = BodyOptions {
            top_level: 3,
            ..BodyOptions::default()
        };
        render_into(&mut out, "### A\n\n## B\n\n### A", &mut ids, &opts);
        assert_eq!(
            out,
            "<p>before</p><h4 id=\"a\">A</h4>\n<h3 id=\"b-2\">B</h3>\n<h4 id=\"a-2\">A</h4>\n"
        );
        let mut next = String::new();
        render_into(&mut next, "### A", &mut ids, &opts);
        assert_eq!(next, "<h3 id=\"a-3\">A</h3>\n");
    }

    #[test]
    fn headings_inside_quotes_and_lists_are_shifted_too() {
        let opts = BodyOptions {
            top_level: 3,
            ..BodyOptions::default()
        };
        for (md, want) in [
            (
                "> ## Quoted\n\n### Plain",
                ["<h3 id=\"quoted\">", "<h4 id=\"plain\">"],
            ),
            (
                "- ## Listed\n\n### Plain",
                ["<h3 id=\"listed\">", "<h4 id=\"plain\">"],
            ),
            (
                "Setext\n===\n\n### Plain",
                ["<h3 id=\"setext\">", "<h5 id=\"plain\">"],
            ),
            (
                "### Only\n\n#### Deeper",
                ["<h3 id=\"only\">", "<h4 id=\"deeper\">"],
            ),
        ] {
            let mut out = String::new();
            render_into(&mut out, md, &mut HeadingIds::default(), &opts);
            for w in want {
                assert!(out.contains(w), "{md:?} → {out}");
            }
        }
    }

    #[test]
    fn plain_lines_render_as_the_parser_renders_them() {
        let opts = BodyOptions {
            inline: true,
            ..BodyOptions::default()
        };
        let alphabet = [
            "a",
            "Z",
            "9",
            " ",
            "  ",
            ",",
            ".",
            "..",
            ";",
            ":",
            "?",
            "(",
            ")",
            "/",
            "%",
            "-",
            "--",
            "+",
            "=",
            "1.",
            "2)",
            "*",
            "_",
            "'",
            "\"",
            "<b>",
            "&amp;",
            "é",
            "\t",
            "#",
            "`",
            "~",
            "[x]",
            "!",
            "\\",
            "http://x.y",
        ];
        let mut plain = 0;
        let mut seed = 7u64;
        for n in 0..20_000u64 {
            // Half the lines from letters and inert signs only (the first 20).
            let pool = if n % 2 == 0 {
                20
            } else {
                alphabet.len() as u64
            };
            let mut line = String::new();
            for _ in 0..1 + n % 9 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                line.push_str(alphabet[(seed % pool) as usize]);
            }
            let fast = is_plain_line(&line);
            plain += usize::from(fast);
            let mut got = String::new();
            render_into(&mut got, &line, &mut HeadingIds::default(), &opts);
            // The same line through the parser.
            let mut want = String::new();
            let mut ids = HeadingIds::default();
            pulldown_cmark::html::push_html(&mut want, Filter::new(&line, &mut ids, &opts, false));
            if fast {
                assert_eq!(got.trim_end(), want.trim_end(), "{line:?}");
            }
        }
        assert!(plain > 500, "the plain path was tried ({plain} lines)");
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
