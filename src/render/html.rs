//! The post's [`Document`] to HTML, in one pass of pulldown-cmark over the
//! whole document. Steps: parse with the house options → give every
//! heading a page-unique id (the takeaways' heading its fixed one) → cap
//! container nesting → drop raw HTML when the site strips it, point unsafe
//! URLs nowhere → lead links to other posts (`quire:post/ID`, in Markdown
//! and raw HTML) to the target's address on this page, or show their text
//! alone ([`super::links`]) → turn task-list boxes into labelled, disabled
//! checkboxes → number footnotes by first reference and collect their text at the end →
//! write each part (a section, the takeaways) into its own `<section>`,
//! passing a part that holds raw HTML through the sanitiser on its own, so
//! a stray unclosed tag cannot swallow the rest of the page.

use std::collections::HashMap;
use std::fmt::Write;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, OffsetIter, Tag, TagEnd};

use super::document::{Document, PartKind};
use super::images::Images;
use super::links::{self, Links, Place};
use super::markdown::{HeadingIds, MAX_NESTING, is_script_url, parser};
use super::sanitize;
use super::templates::escape_html;

/// How the page the HTML goes into treats the post's own markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// The published page: raw HTML kept, but only what HTML knows and
    /// nothing that runs from an attribute (see [`sanitize::export`]).
    Keep,
    /// The published page of a site that strips raw HTML: tags dropped,
    /// their text kept.
    Strip,
    /// The preview inside the app: as [`Markup::Keep`], and what could run
    /// or load from elsewhere (scripts, frames) is shown as a placeholder.
    Preview,
}

/// The id of the takeaways' heading (fixed: pages link to it).
pub const TAKEAWAYS_ID: &str = "key-takeaways";

/// What a rendering is for: the page's treatment of the post's own
/// markup, of its stored images and of its links to other posts.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub markup: Markup,
    pub images: &'a Images,
    /// The page already shows an image above the text (a cover): the
    /// post's first image is then loaded lazily too.
    pub image_above: bool,
    /// The posts internal links (`quire:post/ID`) may lead to…
    pub links: &'a Links,
    /// …and where they find them from this page.
    pub link_place: Place<'a>,
}

impl<'a> Target<'a> {
    /// A target whose internal links are all text (no post known).
    pub fn new(markup: Markup, images: &'a Images) -> Self {
        Target {
            markup,
            images,
            image_above: false,
            links: links::none(),
            link_place: Place::Text,
        }
    }
}

/// Renders `doc`: each part in its `<section>`, then the footnotes.
pub fn render(doc: &Document, target: Target<'_>, ids: &mut HeadingIds) -> String {
    render_with(doc, target, ids, true)
}

/// [`render`] without the `<section>` wrappers (a standalone document).
pub fn render_plain(doc: &Document, target: Target<'_>, ids: &mut HeadingIds) -> String {
    render_with(doc, target, ids, false)
}

fn render_with(doc: &Document, target: Target<'_>, ids: &mut HeadingIds, wrap: bool) -> String {
    let markup = target.markup;
    let mut out = String::with_capacity(doc.text.len() + doc.text.len() / 2);
    let mut notes = Notes::default();
    let mut events = PartEvents::new(doc, target, ids, &mut notes);
    let mut part_html = String::new();
    loop {
        let kind = events.part_kind();
        part_html.clear();
        pulldown_cmark::html::push_html(&mut part_html, &mut events);
        let raw = std::mem::take(&mut events.raw_html);
        let html = clean(&part_html, raw, markup);
        if html.trim().is_empty() {
            // A part of footnote definitions only: its text is at the end.
        } else {
            match kind {
                Some(PartKind::Takeaways) if wrap => {
                    let _ = write!(out, "<section class=\"takeaways\">\n{html}</section>\n");
                }
                // The preview's sections say which of the post's sections they
                // show, so the window can scroll to the one being edited.
                Some(PartKind::Section { index, .. }) if wrap && markup == Markup::Preview => {
                    let _ = write!(
                        out,
                        "<section class=\"section\" data-section=\"{index}\">\n{html}</section>\n"
                    );
                }
                Some(PartKind::Section { .. }) if wrap => {
                    let _ = write!(out, "<section class=\"section\">\n{html}</section>\n");
                }
                _ => out.push_str(&html),
            }
        }
        if !events.next_part() {
            break;
        }
    }
    drop(events);
    notes.write(&mut out, target, ids);
    out
}

/// A part's HTML as the page may show it: passed through the sanitiser
/// when the post's own markup is in it.
fn clean(html: &str, raw_html: bool, markup: Markup) -> std::borrow::Cow<'_, str> {
    match (raw_html, markup) {
        (true, Markup::Keep) => sanitize::export(html).into(),
        (true, Markup::Preview) => sanitize::preview(html).into(),
        _ => html.into(),
    }
}

/// Footnotes: their events, set aside where they are defined, and the
/// order in which they are first referenced (their numbers).
#[derive(Default)]
struct Notes<'a> {
    defined: HashMap<String, Note<'a>>,
    /// Labels (folded) in the order of their first reference: number i+1.
    order: Vec<String>,
}

#[derive(Default)]
struct Note<'a> {
    events: Vec<Event<'a>>,
    /// References made so far (the n-th one gets backlink target n).
    refs: usize,
}

impl<'a> Notes<'a> {
    /// The reference markup for the next reference to `label`.
    fn reference(&mut self, label: &str) -> String {
        let key = label.to_lowercase();
        let number = match self.order.iter().position(|k| *k == key) {
            Some(i) => i + 1,
            None => {
                self.order.push(key.clone());
                self.order.len()
            }
        };
        let note = self.defined.entry(key).or_default();
        note.refs += 1;
        let id = ref_id(number, note.refs);
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn:{number}\" id=\"{id}\" role=\"doc-noteref\">{number}</a></sup>"
        )
    }

    /// `<section class="footnotes">` with every referenced footnote, in
    /// number order, each with links back to its references. Footnotes
    /// never referenced are not shown, as generators do.
    fn write(mut self, out: &mut String, target: Target<'_>, ids: &mut HeadingIds) {
        let markup = target.markup;
        if self.order.is_empty() {
            return;
        }
        let mut items = String::new();
        let mut i = 0;
        // A footnote may reference another: the list can grow while written.
        while i < self.order.len() {
            let key = self.order[i].clone();
            let number = i + 1;
            let events = self
                .defined
                .get_mut(&key)
                .map(|n| std::mem::take(&mut n.events))
                .unwrap_or_default();
            let mut raw_html = false;
            let mut body = String::new();
            {
                let mut filter = Filter::new(target, ids, &mut self);
                let stream = events.into_iter().filter_map(|e| filter.step(e));
                pulldown_cmark::html::push_html(&mut body, stream);
                raw_html |= filter.raw_html;
            }
            let body = clean(&body, raw_html, markup);
            let refs = self.defined.get(&key).map_or(1, |n| n.refs.max(1));
            let mut back = String::new();
            for r in 1..=refs {
                let label = if refs > 1 {
                    format!("Back to the text ({r} of {refs})")
                } else {
                    "Back to the text".to_string()
                };
                let _ = write!(
                    back,
                    " <a href=\"#{}\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"{label}\">↩</a>",
                    ref_id(number, r)
                );
            }
            let body = body.trim_end();
            // The links back go at the end of the note's last paragraph.
            let item = match body.strip_suffix("</p>") {
                Some(head) => format!("{head}{back}</p>"),
                None => format!("{body}\n<p>{}</p>", back.trim_start()),
            };
            let _ = writeln!(items, "<li id=\"fn:{number}\">\n{item}\n</li>");
            i += 1;
        }
        let _ = write!(
            out,
            "<section class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n{items}</ol>\n</section>\n"
        );
    }
}

/// The id of reference `n` (from 1) to footnote `number`. Footnote ids
/// hold a colon, which a heading id (a slug) never does.
fn ref_id(number: usize, n: usize) -> String {
    if n == 1 {
        format!("fnref:{number}")
    } else {
        format!("fnref:{number}-{n}")
    }
}

/// The document's events, one part at a time: iteration ends (`None`) at
/// the start of the next part, so the caller can write each part apart.
struct PartEvents<'a, 'r> {
    doc: &'a Document,
    inner: OffsetIter<'a>,
    filter: Filter<'a, 'r>,
    /// The event that began the next part, held until that part begins.
    held: Option<(Event<'a>, Range<usize>)>,
    /// Index of the part being read (parts[part]); `None` before the first.
    part: Option<usize>,
    /// Open tags (blocks and inlines): parts only change between blocks.
    depth: usize,
    /// Events of a footnote definition being set aside: its label and depth.
    note: Option<(String, usize)>,
    /// A heading being gathered (for its id) and whether it opens the takeaways.
    heading: Vec<Event<'a>>,
    heading_fixed_id: bool,
    ready: std::collections::VecDeque<Event<'a>>,
    raw_html: bool,
    done: bool,
}

impl<'a, 'r> PartEvents<'a, 'r> {
    fn new(
        doc: &'a Document,
        target: Target<'r>,
        ids: &'r mut HeadingIds,
        notes: &'r mut Notes<'a>,
    ) -> Self {
        PartEvents {
            doc,
            inner: parser(&doc.text).into_offset_iter(),
            filter: Filter::new(target, ids, notes),
            held: None,
            part: if doc.parts.is_empty() { None } else { Some(0) },
            depth: 0,
            note: None,
            heading: Vec::new(),
            heading_fixed_id: false,
            ready: std::collections::VecDeque::new(),
            raw_html: false,
            done: false,
        }
    }

    fn part_kind(&self) -> Option<PartKind> {
        self.part.map(|i| self.doc.parts[i].kind)
    }

    /// Moves on to the part whose first event is held; false at the end.
    fn next_part(&mut self) -> bool {
        if self.done || self.held.is_none() {
            return false;
        }
        self.part = Some(self.part.map_or(0, |p| p + 1));
        true
    }

    /// Whether `range` starts the part after the current one.
    fn starts_next_part(&self, range: &Range<usize>) -> bool {
        let next = self.part.map_or(0, |p| p + 1);
        self.doc
            .parts
            .get(next)
            .is_some_and(|p| range.start >= p.start)
    }

    fn is_separator(&self, range: &Range<usize>) -> bool {
        self.part
            .and_then(|p| self.doc.parts[p].separator.as_ref())
            .is_some_and(|s| range.start >= s.start && range.end <= s.end + 1)
    }

    fn takeaways_start(&self) -> Option<usize> {
        // The takeaways are the last part, when there are any.
        self.doc
            .parts
            .last()
            .filter(|p| p.kind == PartKind::Takeaways)
            .map(|p| p.start)
    }
}

impl<'a> Iterator for PartEvents<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(e) = self.ready.pop_front() {
                return Some(e);
            }
            if self.held.is_some() && self.depth == 0 {
                // Resuming after a part boundary: the held event comes first.
                if self.heading.is_empty() && self.note.is_none() {
                    let (event, range) = self.held.take()?;
                    if let Some(out) = self.take(event, range) {
                        return Some(out);
                    }
                    continue;
                }
            }
            let Some((event, range)) = self.inner.next() else {
                self.done = true;
                return None;
            };
            let opens = matches!(event, Event::Start(_) | Event::Rule | Event::Html(_));
            if self.depth == 0 && self.note.is_none() && opens && self.starts_next_part(&range) {
                self.held = Some((event, range));
                return None;
            }
            // Most events (text, emphasis, paragraphs) go out as they came:
            // handed on at once, not moved through every stage (a 2 MiB
            // post has half a million).
            if self.note.is_none()
                && self.heading.is_empty()
                && self.filter.image.is_none()
                && self.filter.link.is_none()
                && untouched(&event)
            {
                match event {
                    Event::Start(_) => self.depth += 1,
                    Event::End(_) => self.depth -= 1,
                    _ => {}
                }
                return Some(event);
            }
            if let Some(out) = self.take(event, range) {
                return Some(out);
            }
        }
    }
}

impl<'a> PartEvents<'a, '_> {
    /// One event of the document: set aside (a footnote definition, a
    /// heading being gathered), dropped, or handed out.
    fn take(&mut self, event: Event<'a>, range: Range<usize>) -> Option<Event<'a>> {
        match &event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        if let Some((label, depth)) = &self.note {
            let (label, depth) = (label.clone(), *depth);
            let ends =
                matches!(event, Event::End(TagEnd::FootnoteDefinition)) && self.depth == depth;
            if !ends {
                self.filter
                    .notes
                    .defined
                    .entry(label)
                    .or_default()
                    .events
                    .push(event);
            } else {
                self.note = None;
            }
            return None;
        }
        if let Event::Start(Tag::FootnoteDefinition(label)) = &event {
            self.note = Some((label.to_lowercase(), self.depth - 1));
            self.filter
                .notes
                .defined
                .entry(label.to_lowercase())
                .or_default();
            return None;
        }
        if self.is_separator(&range) {
            return None;
        }
        if let Event::Start(Tag::Heading { id, .. }) = &event {
            self.heading_fixed_id = self.takeaways_start() == Some(range.start);
            self.filter.ids_text.clear();
            if id.is_none()
                && !self.heading_fixed_id
                && let Some(text) = plain_atx_text(&self.doc.text[range.clone()])
            {
                // Most headings are plain words: their id comes from the
                // source at once, without holding the heading back.
                let new_id = self.filter.ids.unique(text);
                let Event::Start(Tag::Heading {
                    level,
                    classes,
                    attrs,
                    ..
                }) = event
                else {
                    unreachable!("matched above")
                };
                return self.filter.step(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(new_id)),
                    classes,
                    attrs,
                }));
            }
        }
        let event = self.filter.step(event)?;
        self.raw_html |= std::mem::take(&mut self.filter.raw_html);
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.heading.push(event);
                None
            }
            Event::End(TagEnd::Heading(_)) if !self.heading.is_empty() => {
                let fixed = std::mem::take(&mut self.heading_fixed_id);
                if let Some(Event::Start(Tag::Heading { id, .. })) = self.heading.first_mut() {
                    let new_id = if fixed {
                        TAKEAWAYS_ID.to_string()
                    } else {
                        match id.take() {
                            Some(given) => self.filter.ids.unique_given(&given),
                            None => {
                                let text = std::mem::take(&mut self.filter.ids_text);
                                let id = self.filter.ids.unique(&text);
                                self.filter.ids_text = text;
                                id
                            }
                        }
                    };
                    *id = Some(CowStr::from(new_id));
                }
                self.heading.push(event);
                self.ready.extend(self.heading.drain(..));
                self.ready.pop_front()
            }
            e if !self.heading.is_empty() => {
                if let Event::Text(t) | Event::Code(t) = &e {
                    self.filter.ids_text.push_str(t);
                }
                self.heading.push(e);
                None
            }
            e => Some(e),
        }
    }
}

/// The words of an ATX heading written as plain text (`### Three steps`),
/// which are what its text events hold: no markup, entity or escape, and
/// no quote or dash that smart punctuation would change (a slug would not
/// differ anyway, but this stays strict). `None` for any other heading.
fn plain_atx_text(source: &str) -> Option<&str> {
    let line = source.trim_end_matches(['\n', '\r']);
    if line.contains('\n') {
        return None;
    }
    let text = line
        .trim_start_matches(' ')
        .strip_prefix('#')?
        .trim_start_matches('#');
    let text = text.trim_end().trim_end_matches('#').trim();
    let plain = text.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b' ' | b',' | b'.' | b':' | b'?' | b'(' | b')' | b'/' | b'%' | b'+' | b'=' | b';'
            )
    });
    (plain && !text.is_empty() && !line.ends_with('#')).then_some(text)
}

/// Whether [`Filter`] leaves `event` as it is whatever the page: text and
/// the markup pulldown-cmark writes itself, but for headings (ids), lists
/// and quotes (nesting), links and images (URLs) and raw HTML.
fn untouched(event: &Event<'_>) -> bool {
    use Tag as T;
    use TagEnd as E;
    matches!(
        event,
        Event::Text(_)
            | Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::Rule
            | Event::Start(
                T::Paragraph
                    | T::Emphasis
                    | T::Strong
                    | T::Strikethrough
                    | T::CodeBlock(_)
                    | T::Table(_)
                    | T::TableHead
                    | T::TableRow
                    | T::TableCell,
            )
            | Event::End(
                E::Paragraph
                    | E::Emphasis
                    | E::Strong
                    | E::Strikethrough
                    | E::CodeBlock
                    | E::Table
                    | E::TableHead
                    | E::TableRow
                    | E::TableCell
                    | E::Link
                    | E::Image,
            )
    )
}

/// What every event goes through, in the body and in footnotes: nesting
/// capped, raw HTML dropped or flagged, unsafe URLs pointed nowhere, task
/// boxes labelled, footnote references numbered.
struct Filter<'a, 'r> {
    markup: Markup,
    images: &'r Images,
    links: &'r Links,
    link_place: Place<'r>,
    /// An internal link being read (links do not nest).
    link: Option<OpenLink>,
    /// Images placed so far (the first above the fold is not lazy).
    placed: usize,
    /// An image being read: how it is shown, and its alternative text.
    image: Option<(Shown, String)>,
    ids: &'r mut HeadingIds,
    notes: &'r mut Notes<'a>,
    /// Words of the heading being read (scratch).
    ids_text: String,
    /// Open containers: (is a block quote or list, kept in the output).
    containers: Vec<(bool, bool)>,
    kept_depth: usize,
    raw_html: bool,
}

/// What becomes of an internal link (`quire:post/ID`) being read.
#[derive(Debug)]
struct OpenLink {
    /// Shown as a link (its end is kept), or as its text alone (its
    /// target is no post the page can lead to).
    kept: bool,
    /// An autolink's text (the `quire:` address) is the target's slug,
    /// held here until written; `None` leaves the text as it is.
    slug: Option<String>,
}

/// How an image of the post is shown.
#[derive(Debug)]
enum Shown {
    /// A stored image (`media/NAME`).
    Stored(String),
    /// An image from another site, which the preview does not load.
    Remote(String),
}

impl<'a, 'r> Filter<'a, 'r> {
    fn new(target: Target<'r>, ids: &'r mut HeadingIds, notes: &'r mut Notes<'a>) -> Self {
        Filter {
            markup: target.markup,
            images: target.images,
            links: target.links,
            link_place: target.link_place,
            link: None,
            placed: usize::from(target.image_above),
            image: None,
            ids,
            notes,
            ids_text: String::new(),
            containers: Vec::new(),
            kept_depth: 0,
            raw_html: false,
        }
    }

    fn neutralise(&self, url: &str) -> bool {
        if url.starts_with(crate::model::links::PREFIX) {
            // An internal address that is no link (an image's, a malformed one).
            return true;
        }
        match self.markup {
            Markup::Preview => !sanitize::url_allowed(url),
            _ => is_script_url(url),
        }
    }

    /// The markup of the image read since its start, with `alt`.
    fn place_image(&mut self, shown: Shown, alt: &str) -> String {
        self.placed += 1;
        match shown {
            Shown::Stored(name) => self
                .images
                .markup(&name, alt, self.placed == 1)
                .unwrap_or_else(|| {
                    format!(
                        "<span class=\"missing-image\">[image media/{} is not in Quire: {}]</span>",
                        escape_html(&name),
                        escape_html(alt)
                    )
                }),
            Shown::Remote(host) => format!(
                "<span class=\"embed-placeholder\">[image from {}: shown on the published page{}{}]</span>",
                escape_html(&host),
                if alt.is_empty() { "" } else { ": " },
                escape_html(alt)
            ),
        }
    }

    /// The start of a link to post `target`: to its address on this page,
    /// or, when it has none, nothing (the link's text stays).
    fn internal_link(
        &mut self,
        link_type: LinkType,
        target: i64,
        fragment: Option<&str>,
        title: &CowStr<'a>,
        id: &CowStr<'a>,
    ) -> Option<Event<'a>> {
        let links = self.links;
        let slug = links.slug(target);
        let address = slug.and_then(|s| self.link_place.address(s));
        self.link = Some(OpenLink {
            kept: address.is_some(),
            // An autolink shows the post it leads to by its slug.
            slug: slug
                .filter(|_| link_type == LinkType::Autolink)
                .map(str::to_string),
        });
        let (Some(slug), Some(address)) = (slug, address) else {
            return None;
        };
        let href = match fragment {
            Some(f) => format!("{address}#{f}"),
            None => address,
        };
        if self.link_place == Place::Preview {
            // As the related cards: the shell opens the post by its slug.
            let title = if title.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", escape_html(title))
            };
            return Some(Event::InlineHtml(CowStr::from(format!(
                "<a href=\"{}\" data-slug=\"{}\"{title}>",
                links::escape_href(&href),
                escape_html(slug)
            ))));
        }
        Some(Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from(href),
            title: title.clone(),
            id: id.clone(),
        }))
    }

    /// Raw HTML with its `href`s to other posts pointing at their
    /// addresses on this page, or removed.
    fn raw_links(&self, html: CowStr<'a>) -> CowStr<'a> {
        if !html.contains(crate::model::links::PREFIX) {
            return html;
        }
        let (links, place) = (self.links, self.link_place);
        let address = |id: i64| links.slug(id).and_then(|s| place.address(s));
        let extra = |id: i64| match (place, links.slug(id)) {
            (Place::Preview, Some(slug)) => format!(" data-slug=\"{}\"", escape_html(slug)),
            _ => String::new(),
        };
        match links::rewrite_hrefs(&html, &address, &extra) {
            std::borrow::Cow::Borrowed(_) => html,
            std::borrow::Cow::Owned(s) => CowStr::from(s),
        }
    }

    /// One event, filtered; `None` drops it.
    fn step(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        if self.image.is_some() {
            // Inside an image: its text is the alternative text.
            match event {
                Event::End(TagEnd::Image) => {
                    let (shown, alt) = self.image.take()?;
                    return Some(Event::InlineHtml(CowStr::from(
                        self.place_image(shown, &alt),
                    )));
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, alt)) = self.image.as_mut() {
                        alt.push_str(&t);
                    }
                    return None;
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some((_, alt)) = self.image.as_mut() {
                        alt.push(' ');
                    }
                    return None;
                }
                _ => return None,
            }
        }
        if let Some(open) = self.link.as_mut() {
            match &event {
                Event::End(TagEnd::Link) => {
                    let kept = open.kept;
                    self.link = None;
                    return kept.then_some(event);
                }
                Event::Text(_) if open.slug.is_some() => {
                    return open.slug.take().map(|s| Event::Text(CowStr::from(s)));
                }
                _ => {}
            }
        }
        if let Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) = &event
            && let Some((target, fragment)) = crate::model::links::parse(dest_url)
        {
            return self.internal_link(*link_type, target, fragment, title, id);
        }
        if let Event::Start(Tag::Image { dest_url, .. }) = &event {
            if let Some(name) = crate::model::media_name(dest_url) {
                self.image = Some((Shown::Stored(name.to_string()), String::new()));
                return None;
            }
            if self.markup == Markup::Preview && super::images::is_remote(dest_url) {
                let host = super::images::host(dest_url).unwrap_or_default();
                self.image = Some((Shown::Remote(host), String::new()));
                return None;
            }
        }
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
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Start(Tag::HtmlBlock)
            | Event::End(TagEnd::HtmlBlock)
                if self.markup == Markup::Strip =>
            {
                None
            }
            Event::Html(html) => {
                self.raw_html = true;
                Some(Event::Html(self.raw_links(html)))
            }
            Event::InlineHtml(html) => {
                self.raw_html = true;
                Some(Event::InlineHtml(self.raw_links(html)))
            }
            Event::TaskListMarker(done) => Some(Event::InlineHtml(CowStr::Borrowed(if done {
                "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
            } else {
                "<input type=\"checkbox\" disabled aria-label=\"Not done\"> "
            }))),
            Event::FootnoteReference(label) => Some(Event::InlineHtml(CowStr::from(
                self.notes.reference(&label),
            ))),
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
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                mut attrs,
            }) => {
                if self.markup != Markup::Keep {
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
