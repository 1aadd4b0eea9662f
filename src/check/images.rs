//! Alternative text: an image the page shows with none is skipped by
//! screen readers and unread by search engines. The page writes the alt
//! text given where the image is placed (`![alt](media/NAME)`, the cover's
//! `alt`), never the stored image's own; so an image is flagged when that
//! text is empty, unless the stored image is marked decorative (an empty
//! alt is then what it should have). When the stored image has a
//! description, the message offers it. In raw HTML, an `<img>` without an
//! `alt` attribute (`alt=""` is a deliberate choice, left alone).

use super::page::Page;
use super::{Finding, Lookup, Place, Rule};
use crate::Post;
use crate::model::media_name;

/// The cover, each Markdown image and each `<img>` of the post's markup
/// that the page shows without alternative text.
pub fn alt(post: &Post, page: &Page, lookup: &dyn Lookup, out: &mut Vec<Finding>) {
    if let Some(cover) = post.cover.as_ref().filter(|c| !c.src.trim().is_empty())
        && cover.alt.trim().is_empty()
        && let Some(why) = missing(&cover.src, lookup)
    {
        out.push(Finding::warning(
            Rule::ImageAlt,
            Place::Cover,
            format!(
                "The cover image ({}) has no alt text{why}",
                cover.src.trim()
            ),
        ));
    }
    for image in &page.images {
        if !image.alt.trim().is_empty() {
            continue;
        }
        if let Some(why) = missing(&image.url, lookup) {
            out.push(Finding::warning(
                Rule::ImageAlt,
                image.place,
                format!("An image ({}) has no alt text{why}", image.url),
            ));
        }
    }
    for (place, element) in &page.elements {
        if element.image_without_alt {
            let src = element.src.as_deref().unwrap_or_default();
            out.push(Finding::warning(
                Rule::ImageAlt,
                *place,
                format!(
                    "An <img> in the HTML ({src}) has no alt attribute: screen readers read \
                     out its address instead. Add alt=\"…\", or alt=\"\" if it says nothing."
                ),
            ));
        }
    }
}

/// The end of the message for an image at `url` shown with an empty alt,
/// or `None` when that is right (a stored image marked decorative).
fn missing(url: &str, lookup: &dyn Lookup) -> Option<String> {
    const WHY: &str = ": screen readers skip it and search engines cannot read it.";
    let Some(name) = media_name(url.trim()) else {
        return Some(WHY.to_string());
    };
    if lookup.media_decorative(name) {
        return None;
    }
    Some(match lookup.media_alt(name) {
        Some(stored) if !stored.trim().is_empty() => {
            format!(
                "{WHY} The stored image is described as “{}”.",
                stored.trim()
            )
        }
        Some(_) => format!(
            "{WHY} The stored image has no description either; describe it, or mark it \
             decorative if it says nothing."
        ),
        None => WHY.to_string(),
    })
}
