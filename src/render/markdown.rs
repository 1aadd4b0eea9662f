//! The one pulldown-cmark wrapper: the house dialect ([`options`], the only
//! place that touches [`pulldown_cmark::Options`]), page-unique heading ids,
//! word counts. Rendering a post is [`super::html`]'s, over the post's one
//! [`super::document`].

use pulldown_cmark::{Event, Options, Parser};

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
/// and get ids unique within this document; raw HTML is kept (sanitised as
/// the export does).
pub fn markdown_to_html(md: &str) -> String {
    let doc = super::document::Document {
        text: md.to_string(),
        parts: Vec::new(),
    };
    let images = super::images::Images::default();
    let target = super::html::Target::new(super::html::Markup::Keep, &images);
    super::html::render_plain(&doc, target, &mut HeadingIds::default())
}

/// Heading ids already used on a page, so that two "Conclusion" headings get
/// `conclusion` and `conclusion-2`.
#[derive(Debug, Default)]
pub struct HeadingIds {
    seen: foldhash::HashSet<String>,
    /// For each base that clashed, the next number to try after it: every
    /// `base-2` … below it is taken. Keeps a page of 70,000 "Step" headings
    /// linear (trying from `-2` each time made it quadratic: 22 s).
    next: foldhash::HashMap<String, usize>,
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

    /// A page-unique id from one written by hand (`{#id}`). One that looks
    /// like a footnote's (`fn:…`, `fnref:…`) is made a slug: footnote ids
    /// live in a namespace of their own.
    pub fn unique_given(&mut self, given: &str) -> String {
        let given = given.trim();
        if given.is_empty() || given.contains(':') {
            return self.unique(given);
        }
        self.unique_id(given.to_string())
    }

    fn unique_id(&mut self, base: String) -> String {
        // Numbered ids are not kept in `seen`: `base-n` was handed out when
        // `next[base]` is past `n` ([`Self::handed_out`]).
        if let Some(next) = self.next.get_mut(base.as_str()) {
            let mut n = *next;
            loop {
                let candidate = numbered(&base, n);
                n += 1;
                if !self.seen.contains(candidate.as_str()) {
                    *next = n;
                    return candidate;
                }
            }
        }
        if !self.handed_out(&base) && self.seen.insert(base.clone()) {
            return base;
        }
        let mut n = 2;
        loop {
            let candidate = numbered(&base, n);
            n += 1;
            if !self.seen.contains(candidate.as_str()) && !self.handed_out(&candidate) {
                self.next.insert(base, n);
                return candidate;
            }
        }
    }

    /// Whether `id` is a numbered id already handed out (`step-3` once
    /// `step` has been numbered past 3).
    fn handed_out(&self, id: &str) -> bool {
        let Some((stem, number)) = id.rsplit_once('-') else {
            return false;
        };
        if number.starts_with('0') {
            return false;
        }
        let Ok(n) = number.parse::<usize>() else {
            return false;
        };
        n >= 2 && self.next.get(stem).is_some_and(|&next| n < next)
    }

    /// Room for about `headings` ids without growing.
    pub fn with_capacity(headings: usize) -> Self {
        HeadingIds {
            seen: foldhash::HashSet::with_capacity_and_hasher(headings, Default::default()),
            next: Default::default(),
        }
    }
}

/// `base-n`, without the formatting machinery (a page may number 70,000).
fn numbered(base: &str, mut n: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut id = String::with_capacity(base.len() + 1 + digits.len() - at);
    id.push_str(base);
    id.push('-');
    id.extend(digits[at..].iter().map(|&d| char::from(d)));
    id
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
    fn ids_are_unique_and_stay_linear() {
        let mut ids = HeadingIds::default();
        ids.reserve("intro");
        assert_eq!(ids.unique("Intro"), "intro-2");
        assert_eq!(ids.unique("Step 3"), "step-3");
        let steps: Vec<String> = (0..4).map(|_| ids.unique("Step")).collect();
        assert_eq!(
            steps,
            ["step", "step-2", "step-4", "step-5"],
            "step-3 was taken by a heading"
        );
        assert_eq!(
            ids.unique_given("fn:1"),
            "fn-1",
            "no heading id looks like a footnote's"
        );
        assert_eq!(ids.unique_given("my-anchor"), "my-anchor");
        assert_eq!(ids.unique_given("my-anchor"), "my-anchor-2");
        // A heading whose words are a numbered id already handed out.
        assert_eq!(ids.unique("Step 4"), "step-4-2");
        assert_eq!(ids.unique("Step"), "step-6");
        assert_eq!(ids.unique("Step 7"), "step-7");
        assert_eq!(ids.unique("Step"), "step-8");
    }

    proptest::proptest! {
        #[test]
        fn no_two_headings_get_one_id(picks in proptest::collection::vec(0usize..9, 1..300)) {
            const TEXTS: [&str; 9] =
                ["Step", "Step 2", "Step 3", "step-2-2", "Step 2 2", "Intro", "intro 2", "", "Step 10"];
            let mut ids = HeadingIds::default();
            ids.reserve("intro");
            let mut given = std::collections::HashSet::new();
            given.insert("intro".to_string());
            for pick in picks {
                let id = ids.unique(TEXTS[pick]);
                proptest::prop_assert!(given.insert(id.clone()), "{id} handed out twice");
            }
        }
    }

    #[test]
    fn words_ignore_syntax_and_join_smart_quotes() {
        assert_eq!(
            count_words("## It's *very* [good](http://x.y/z)\n\n- a b"),
            5
        );
    }
}
