//! How a page shows a post's stored images (`![Alt](media/photo.jpg)` and
//! the cover). The renderer knows each image's size in pixels, so every
//! `<img>` carries its width and height (no layout shift when it loads);
//! where the files are depends on the page:
//!
//! - the preview asks the app for them (a custom protocol: nothing loads
//!   from outside the app), one size;
//! - a page of an exported site points at files the export writes under
//!   `media/`, in several widths, as WebP and in the image's own format
//!   (`<picture>`, `srcset`), lazily loaded below the first image;
//! - a page exported on its own carries each image inline (a `data:` URL
//!   the export made), so it stays one file.

use std::collections::HashMap;
use std::fmt::Write;

use super::templates::escape_html;

/// What a page needs to know of one stored image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInfo {
    pub width: u32,
    pub height: u32,
    /// The extension of its own format (`jpg`, `png`, `gif`, `webp`).
    pub ext: String,
    /// The widths an exported site has it in (see [`crate::media::widths_for`]).
    pub widths: Vec<u32>,
}

/// Where a page finds its images.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Place {
    /// As written (a page of no store: tests, the Markdown dialect alone).
    #[default]
    AsWritten,
    /// The preview: `{base}{name}?w={width}`.
    Protocol(String),
    /// A site page at `root` (the way back to the site's root).
    Site { root: String },
    /// A page on its own: `data:` URLs by name, made by the export.
    Inline(HashMap<String, String>),
}

/// The stored images a page may show, and where it finds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Images {
    pub known: HashMap<String, ImageInfo>,
    pub place: Place,
}

/// The preview's images, and a page exported on its own, are at most this
/// wide: the preview pane's column twice over, for sharp screens. It is
/// one of the site's widths ([`crate::media::widths_for`]), so the
/// rendition made when an image is added serves the export too.
pub const PREVIEW_WIDTH: u32 = 960;

/// `sizes` of an article image: the column is about 46rem wide.
const SIZES: &str = "(max-width: 48rem) 100vw, 46rem";

/// A site file name of image `name` at `width` in `ext`:
/// `photo.jpg` at 960 as WebP → `photo-960.webp`.
pub fn file_name(name: &str, width: u32, ext: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    format!("{stem}-{width}.{ext}")
}

impl Images {
    /// The markup of image `name` with `alt` (escaped here), or `None` when
    /// it is not a stored image (the renderer then says so).
    /// `eager`: the first image of the page, loaded at once.
    pub fn markup(&self, name: &str, alt: &str, eager: bool) -> Option<String> {
        let info = self.known.get(name)?;
        let alt = escape_html(alt);
        let (w, h) = (info.width, info.height);
        let loading = if eager { "" } else { " loading=\"lazy\"" };
        let mut out = String::with_capacity(256);
        match &self.place {
            Place::AsWritten => {
                let _ = write!(
                    out,
                    "<img src=\"media/{name}\" alt=\"{alt}\" width=\"{w}\" height=\"{h}\"{loading}>"
                );
            }
            Place::Protocol(base) => {
                let _ = write!(
                    out,
                    "<img src=\"{base}{name}?w={PREVIEW_WIDTH}\" alt=\"{alt}\" width=\"{w}\" height=\"{h}\">"
                );
            }
            Place::Inline(urls) => {
                let src = urls.get(name)?;
                let _ = write!(
                    out,
                    "<img src=\"{src}\" alt=\"{alt}\" width=\"{w}\" height=\"{h}\">"
                );
            }
            Place::Site { root } => {
                let set = |ext: &str| -> String {
                    info.widths
                        .iter()
                        .map(|&width| {
                            format!("{root}media/{} {width}w", file_name(name, width, ext))
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let fallback = info
                    .widths
                    .iter()
                    .copied()
                    .filter(|&width| width <= 960)
                    .max()
                    .or_else(|| info.widths.first().copied())
                    .unwrap_or(w);
                let _ = write!(
                    out,
                    "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\">\
                     <img src=\"{root}media/{}\" srcset=\"{}\" sizes=\"{SIZES}\" alt=\"{alt}\" \
                     width=\"{w}\" height=\"{h}\"{loading} decoding=\"async\"></picture>",
                    set("webp"),
                    file_name(name, fallback, &info.ext),
                    set(&info.ext),
                );
            }
        }
        Some(out)
    }

    /// The address of image `name` at its widest, from a site's root, for
    /// link previews (`og:image`): `media/photo-1600.jpg`.
    /// `None` but on a site: no other page has files to point at.
    pub fn widest(&self, name: &str) -> Option<String> {
        if !matches!(self.place, Place::Site { .. }) {
            return None;
        }
        let info = self.known.get(name)?;
        let width = info.widths.iter().copied().max()?;
        Some(format!("media/{}", file_name(name, width, &info.ext)))
    }
}

/// Whether `url` loads from another site (the preview loads nothing from
/// outside the app).
pub fn is_remote(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("http://") || u.starts_with("https://") || u.starts_with("//")
}

/// The host of an absolute URL (`https://host/…` or `//host/…`).
pub fn host(url: &str) -> Option<String> {
    let rest = url.trim().split_once("//")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn images(place: Place) -> Images {
        Images {
            known: HashMap::from([(
                "photo.jpg".to_string(),
                ImageInfo {
                    width: 2000,
                    height: 1000,
                    ext: "jpg".into(),
                    widths: vec![480, 960, 1600, 2000],
                },
            )]),
            place,
        }
    }

    #[test]
    fn a_site_page_offers_widths_and_webp_with_the_size_stated() {
        let html = images(Place::Site {
            root: "../../".into(),
        })
        .markup("photo.jpg", "A \"view\"", false)
        .unwrap();
        assert!(html.contains("<source type=\"image/webp\" srcset=\"../../media/photo-480.webp 480w, ../../media/photo-960.webp 960w, ../../media/photo-1600.webp 1600w, ../../media/photo-2000.webp 2000w\""), "{html}");
        assert!(html.contains("src=\"../../media/photo-960.jpg\""), "{html}");
        assert!(
            html.contains("width=\"2000\" height=\"1000\" loading=\"lazy\""),
            "{html}"
        );
        assert!(html.contains("alt=\"A &quot;view&quot;\""), "{html}");
        assert_eq!(images(Place::AsWritten).markup("other.jpg", "", true), None);
    }

    #[test]
    fn the_preview_asks_the_app_and_the_first_image_is_not_lazy() {
        let html = images(Place::Protocol("quire-media://localhost/".into()))
            .markup("photo.jpg", "Alt", true)
            .unwrap();
        assert_eq!(
            html,
            "<img src=\"quire-media://localhost/photo.jpg?w=960\" alt=\"Alt\" width=\"2000\" height=\"1000\">"
        );
    }
}
