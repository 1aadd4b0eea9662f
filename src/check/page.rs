//! The post as its published page shows it, read once for every rule: the
//! renderer's one [`document`] (sections as h2, each body's headings moved
//! below them by the renderer's own shift, the takeaways as a list), parsed
//! once with the house options, each thing found placed in the section or
//! takeaway it was written in. The post's raw HTML is gathered by place and
//! read as the sanitiser leaves it ([`super::markup`]); a site that strips
//! raw HTML shows none of it, so none is read.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Place;
use super::markup::{self, Element};
use crate::model::links;
use crate::render::document::{Document, PartKind, document};
use crate::render::markdown::parser;
use crate::{Post, RawHtml, Site};

/// What the check reads of the page, each with its place.
#[derive(Debug, Default)]
pub struct Page {
    /// Every heading of the text at the level the page shows (the title,
    /// the page's h1, is not among them), in order.
    pub headings: Vec<Heading>,
    /// Markdown images (`![alt](url)`), in order.
    pub images: Vec<Image>,
    /// Markdown links that are not to other posts, in order.
    pub links: Vec<Located>,
    /// Links to other posts (`quire:post/ID`, in Markdown and raw HTML),
    /// in order.
    pub internal: Vec<(i64, Place)>,
    /// The elements of the post's own markup that the page keeps.
    pub elements: Vec<(Place, Element)>,
}

#[derive(Debug)]
pub struct Heading {
    /// 2 to 6: h2 is a section's.
    pub level: u8,
    pub text: String,
    pub place: Place,
}

#[derive(Debug)]
pub struct Image {
    pub url: String,
    /// Its alternative text as the page writes it.
    pub alt: String,
    pub place: Place,
}

/// A URL and where it is written.
#[derive(Debug)]
pub struct Located {
    pub url: String,
    pub place: Place,
}

impl Page {
    /// Reads `post` as `site` publishes it.
    pub fn read(post: &Post, site: &Site) -> Page {
        let doc = document(post);
        let keep_markup = site.raw_html == RawHtml::Keep;
        let mut page = Page::default();
        let mut places = Places::new(&doc);
        let mut heading: Option<Heading> = None;
        let mut image: Option<Image> = None;
        // The raw HTML of each place, joined (a part's tags stay in order).
        let mut raw: Vec<(Place, String)> = Vec::new();
        for (event, range) in parser(&doc.text).into_offset_iter() {
            let place = places.step(&event, &range);
            if let Some(open) = image.as_mut() {
                // Inside an image: its text is the alternative text.
                match event {
                    Event::Text(t) | Event::Code(t) => open.alt.push_str(&t),
                    Event::SoftBreak | Event::HardBreak => open.alt.push(' '),
                    Event::End(TagEnd::Image) => page.images.extend(image.take()),
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some(Heading {
                        level: level as u8,
                        text: String::new(),
                        place,
                    });
                }
                Event::End(TagEnd::Heading(_)) => page.headings.extend(heading.take()),
                Event::Text(t) | Event::Code(t) => {
                    if let Some(h) = heading.as_mut() {
                        h.text.push_str(&t);
                    }
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    image = Some(Image {
                        url: dest_url.into_string(),
                        alt: String::new(),
                        place,
                    });
                }
                Event::Start(Tag::Link { dest_url, .. }) => match links::parse(&dest_url) {
                    Some((id, _)) => page.internal.push((id, place)),
                    None => page.links.push(Located {
                        url: dest_url.into_string(),
                        place,
                    }),
                },
                Event::Html(html) | Event::InlineHtml(html)
                    if keep_markup && !places.is_separator(&range) =>
                {
                    for href in crate::render::links::hrefs(&html) {
                        page.internal.push((href.id, place));
                    }
                    match raw.last_mut() {
                        Some((at, text)) if *at == place => text.push_str(&html),
                        _ => raw.push((place, html.into_string())),
                    }
                }
                _ => {}
            }
        }
        for (place, html) in raw {
            page.elements
                .extend(markup::elements(&html).into_iter().map(|e| (place, e)));
        }
        page
    }
}

/// Which place of the post an offset of its document is in: the part
/// (section or takeaways) it falls in, and in the takeaways, the item.
struct Places<'d> {
    doc: &'d Document,
    /// Index into `doc.parts` of the part being read.
    part: Option<usize>,
    /// In the takeaways: lists open, and the takeaway being read.
    lists: usize,
    takeaway: Option<usize>,
}

impl<'d> Places<'d> {
    fn new(doc: &'d Document) -> Self {
        Places {
            doc,
            part: None,
            lists: 0,
            takeaway: None,
        }
    }

    /// The place of `event` at `range` (events come in text order).
    fn step(&mut self, event: &Event<'_>, range: &Range<usize>) -> Place {
        let parts = &self.doc.parts;
        while let Some(next) = parts.get(self.part.map_or(0, |p| p + 1))
            && next.start <= range.start
        {
            self.part = Some(self.part.map_or(0, |p| p + 1));
        }
        let Some(part) = self.part.map(|p| &parts[p]) else {
            return Place::Post;
        };
        match part.kind {
            PartKind::Section { index, .. } => Place::Section { index },
            PartKind::Takeaways => {
                match event {
                    Event::Start(Tag::List(_)) => self.lists += 1,
                    Event::End(TagEnd::List(_)) => self.lists = self.lists.saturating_sub(1),
                    Event::Start(Tag::Item) if self.lists == 1 => {
                        self.takeaway = Some(self.takeaway.map_or(0, |t| t + 1));
                    }
                    _ => {}
                }
                Place::Takeaway {
                    index: self.takeaway.unwrap_or(0),
                }
            }
        }
    }

    /// Whether `range` is the `<!-- section -->` line the document puts
    /// between sections (not the post's own markup).
    fn is_separator(&self, range: &Range<usize>) -> bool {
        self.part
            .and_then(|p| self.doc.parts[p].separator.as_ref())
            .is_some_and(|s| range.start >= s.start && range.end <= s.end + 1)
    }
}
