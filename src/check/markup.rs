//! The post's own markup (raw HTML in its Markdown), read for what the
//! check needs: what each element loads or leads to, and whether an image
//! has an `alt` attribute. Read after [`sanitize::export`] has made it what
//! the published page holds, so what the page drops (`<link>`, `<style>`,
//! `<object>`, `javascript:` URLs, anything too deeply nested) is not
//! reported as loaded. The reading is lol_html's tokenizer, the one the
//! sanitiser's preview placeholders use, with its selector parsed once.

use std::borrow::Cow;
use std::sync::OnceLock;

use lol_html::{ElementContentHandlers, RewriteStrSettings, Selector, rewrite_str};

use crate::render::sanitize;

/// What an element of the page loads from its address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Resource {
    Image,
    Frame,
    Script,
    Video,
    Audio,
    /// A `<source>` that is not a picture's: a video's or audio's file.
    MediaFile,
    /// A `<track>`: captions or subtitles.
    Track,
}

impl Resource {
    /// The noun for `n` of them ("1 image", "2 embedded frames").
    pub fn count(self, n: usize) -> String {
        let (one, many) = match self {
            Resource::Image => ("image", "images"),
            Resource::Frame => ("embedded frame", "embedded frames"),
            Resource::Script => ("script", "scripts"),
            Resource::Video => ("video", "videos"),
            Resource::Audio => ("audio file", "audio files"),
            Resource::MediaFile => ("media file", "media files"),
            Resource::Track => ("caption track", "caption tracks"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

/// One element of the post's markup that loads something, leads somewhere
/// or is an image.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// What it loads, from which address (`srcset` candidates each).
    pub loads: Vec<(Resource, String)>,
    /// Where it leads (`<a href>`, `<area href>`).
    pub href: Option<String>,
    /// An `<img>` without an `alt` attribute (`alt=""` is a choice, and
    /// not this).
    pub image_without_alt: bool,
    /// For messages: the element's own source address, if any.
    pub src: Option<String>,
}

/// The elements the check looks at: those that load or lead somewhere,
/// and any with a `style` (whose `url(…)`s load images).
const ELEMENTS: &str = "img, iframe, script, video, audio, source, track, a, area, [style]";

fn selector() -> &'static Selector {
    static SELECTOR: OnceLock<Selector> = OnceLock::new();
    SELECTOR.get_or_init(|| ELEMENTS.parse().expect("a valid selector"))
}

/// The elements of `html` (a part's raw HTML, as written) that the
/// published page keeps, in order.
pub fn elements(html: &str) -> Vec<Element> {
    let kept = sanitize::export(html);
    let mut found = Vec::new();
    let handlers = ElementContentHandlers::default().element(
        |el: &mut lol_html::html_content::Element<'_, '_>| {
            let attr = |name: &str| el.get_attribute(name).map(|v| unescape(&v));
            found.push(read(&el.tag_name(), &attr));
            Ok(())
        },
    );
    let settings = RewriteStrSettings {
        element_content_handlers: vec![(Cow::Borrowed(selector()), handlers)],
        ..RewriteStrSettings::new()
    };
    // The sanitiser's output is well-formed; a failure only loses findings.
    let _ = rewrite_str(&kept, settings);
    found
}

/// An attribute value as the sanitiser's serialiser writes it, unescaped:
/// it escapes `&`, `"` and no-break spaces, and nothing else.
fn unescape(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// One element, by its tag name and attributes.
fn read(tag: &str, attr: &dyn Fn(&str) -> Option<String>) -> Element {
    let mut element = Element {
        src: attr("src"),
        ..Element::default()
    };
    let src_kind = match tag {
        "img" => {
            element.image_without_alt = attr("alt").is_none();
            Some(Resource::Image)
        }
        "iframe" => Some(Resource::Frame),
        "script" => Some(Resource::Script),
        "video" => Some(Resource::Video),
        "audio" => Some(Resource::Audio),
        "track" => Some(Resource::Track),
        // A `srcset` (or an image type) is a picture's source; else a
        // video's or audio's.
        "source" => Some(
            if attr("srcset").is_some() || attr("type").is_some_and(|t| t.starts_with("image/")) {
                Resource::Image
            } else {
                match attr("type") {
                    Some(t) if t.starts_with("video/") => Resource::Video,
                    Some(t) if t.starts_with("audio/") => Resource::Audio,
                    _ => Resource::MediaFile,
                }
            },
        ),
        _ => None,
    };
    if let Some(kind) = src_kind {
        if let Some(src) = &element.src {
            element.loads.push((kind, src.clone()));
        }
        if let Some(set) = attr("srcset") {
            for candidate in set.split(',') {
                if let Some(url) = candidate.split_whitespace().next() {
                    element.loads.push((kind, url.to_string()));
                }
            }
        }
    }
    if tag == "video"
        && let Some(poster) = attr("poster")
    {
        element.loads.push((Resource::Image, poster));
    }
    if matches!(tag, "a" | "area") {
        element.href = attr("href");
    }
    if let Some(style) = attr("style") {
        element
            .loads
            .extend(style_urls(&style).map(|url| (Resource::Image, url.to_string())));
    }
    element
}

/// The addresses of the `url(…)`s in an inline style (backgrounds).
fn style_urls(style: &str) -> impl Iterator<Item = &str> {
    style
        .match_indices("url(")
        .chain(style.match_indices("URL("))
        .filter_map(move |(at, _)| {
            let rest = &style[at + 4..];
            let inner = &rest[..rest.find(')')?];
            Some(inner.trim().trim_matches(['"', '\'', ' ']))
        })
}
