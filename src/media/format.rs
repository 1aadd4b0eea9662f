//! Which kind of file this is, from its first bytes (never its name), and
//! whether it is whole. Refusals name what the editor can do instead.

use crate::{Error, Result};

/// The formats Quire takes: what every browser shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Format {
    Jpeg,
    Png,
    Gif,
    Webp,
}

const SUPPORTED: &str = "JPEG, PNG, GIF or WebP";

impl Format {
    pub(super) fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Gif => "image/gif",
            Format::Webp => "image/webp",
        }
    }

    pub(super) fn ext(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Gif => "gif",
            Format::Webp => "webp",
        }
    }

    /// The name an editor knows the format by, for messages.
    pub(super) fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Gif => "GIF",
            Format::Webp => "WebP",
        }
    }

    pub(super) fn image_format(self) -> image::ImageFormat {
        match self {
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::Png => image::ImageFormat::Png,
            Format::Gif => image::ImageFormat::Gif,
            Format::Webp => image::ImageFormat::WebP,
        }
    }
}

/// The format of `bytes`, or a refusal that says why and what to do.
pub(super) fn sniff(bytes: &[u8]) -> Result<Format> {
    if bytes.is_empty() {
        return Err(Error::Validation("the file is empty".into()));
    }
    match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => return Ok(Format::Jpeg),
        Ok(image::ImageFormat::Png) => return Ok(Format::Png),
        Ok(image::ImageFormat::Gif) => return Ok(Format::Gif),
        Ok(image::ImageFormat::WebP) => return Ok(Format::Webp),
        _ => {}
    }
    if is_svg(bytes) {
        return Err(Error::Validation(
            "SVG files are not accepted, because an SVG can carry scripts that would run \
             on your site: export it as PNG"
                .to_owned(),
        ));
    }
    Err(Error::Validation(match other_image(bytes) {
        Some(name) => {
            format!("this file is a {name} image, which Quire cannot use: export it as {SUPPORTED}")
        }
        None => format!("this file is not an image Quire can use ({SUPPORTED})"),
    }))
}

/// SVG is XML: after an optional BOM, whitespace, XML declaration, comments
/// or doctype, an `<svg` element. Only the start is read; an SVG that hides
/// its root further down is refused as "not an image" all the same.
fn is_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else { return false };
    head[start] == b'<'
        && head[start..]
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"<svg"))
}

/// Names the image formats an editor is likely to have instead (an iPhone's
/// HEIC above all), so the refusal says what the file is.
fn other_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return match &bytes[8..12] {
            b"avif" | b"avis" => Some("AVIF"),
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1" => {
                Some("HEIC")
            }
            _ => None,
        };
    }
    match image::guess_format(bytes).ok()? {
        image::ImageFormat::Tiff => Some("TIFF"),
        image::ImageFormat::Bmp => Some("BMP"),
        image::ImageFormat::Avif => Some("AVIF"),
        image::ImageFormat::Ico => Some("ICO"),
        _ => None,
    }
}

/// The refusal for a file that ends before its image does.
pub(super) fn cut_short() -> Error {
    Error::Validation(
        "the image is cut short: the file is damaged or was not copied whole".to_owned(),
    )
}

/// False when the file stops before its format's end, checked on the
/// container alone. JPEG needs this most: its decoder pads a truncated scan
/// with grey rather than failing. GIFs are checked frame by frame instead
/// (see `animation`).
pub(super) fn is_whole(format: Format, bytes: &[u8]) -> bool {
    match format {
        Format::Jpeg => jpeg_is_whole(bytes),
        Format::Png => png_is_whole(bytes),
        Format::Webp => webp_is_whole(bytes),
        Format::Gif => true,
    }
}

/// Walks the segments up to the first scan (SOS), then looks for the end of
/// image (EOI). Scan data escapes every 0xFF byte, so an EOI found after the
/// scan is the real one, not a thumbnail's: those sit in segments before it.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let mut at = 2; // past SOI
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return false;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            at += 2; // markers without a length
            continue;
        }
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let after = at + 2 + length;
        if marker == 0xDA {
            return bytes
                .get(after..)
                .is_some_and(|scans| scans.windows(2).any(|w| w == [0xFF, 0xD9]));
        }
        at = after;
    }
    false
}

/// Walks the chunks to IEND; a file that ends inside a chunk, or before
/// IEND, is not whole.
fn png_is_whole(bytes: &[u8]) -> bool {
    let mut at = 8; // past the signature
    while at + 12 <= bytes.len() {
        let length = u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        let Some(end) = usize::try_from(length)
            .ok()
            .and_then(|l| (at + 12).checked_add(l))
        else {
            return false;
        };
        if end > bytes.len() {
            return false;
        }
        if &bytes[at + 4..at + 8] == b"IEND" {
            return true;
        }
        at = end;
    }
    false
}

/// A WebP file's RIFF header gives its length.
fn webp_is_whole(bytes: &[u8]) -> bool {
    let Some(size) = bytes.get(4..8) else {
        return false;
    };
    let size = u32::from_le_bytes([size[0], size[1], size[2], size[3]]);
    usize::try_from(size).is_ok_and(|size| size.saturating_add(8) <= bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::fixtures;

    fn refusal(bytes: &[u8]) -> String {
        match sniff(bytes) {
            Err(Error::Validation(message)) => message,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn the_four_formats_are_known_by_their_bytes() {
        assert_eq!(sniff(&fixtures::jpeg(8, 8)).ok(), Some(Format::Jpeg));
        assert_eq!(sniff(&fixtures::png(8, 8, false)).ok(), Some(Format::Png));
        assert_eq!(sniff(&fixtures::gif(8, 8, 1)).ok(), Some(Format::Gif));
        assert_eq!(sniff(&fixtures::webp(8, 8)).ok(), Some(Format::Webp));
    }

    #[test]
    fn svg_is_refused_for_its_scripts() {
        let svg = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- logo -->\n<SVG xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></SVG>";
        let message = refusal(svg);
        assert!(
            message.contains("SVG") && message.contains("scripts"),
            "{message}"
        );
        assert!(message.contains("export it as PNG"), "{message}");
        assert!(refusal(b"  <svg width='1'/>").contains("SVG"));
    }

    #[test]
    fn other_images_are_refused_with_the_supported_list() {
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert!(refusal(heic).starts_with("this file is a HEIC image"));
        assert!(refusal(b"\0\0\0\x1cftypavif\0\0\0\0").contains("AVIF"));
        assert!(refusal(b"II*\0\x08\0\0\0").contains("TIFF"));
        assert!(refusal(b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0").contains("BMP"));
        for message in [refusal(heic), refusal(b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0")] {
            assert!(message.contains("JPEG, PNG, GIF or WebP"), "{message}");
        }
    }

    #[test]
    fn random_bytes_are_not_an_image() {
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert_eq!(
            refusal(&noise),
            "this file is not an image Quire can use (JPEG, PNG, GIF or WebP)"
        );
        assert_eq!(refusal(b""), "the file is empty");
    }

    #[test]
    fn a_file_cut_in_half_is_not_whole() {
        for (format, bytes) in [
            (Format::Jpeg, fixtures::jpeg(64, 48)),
            (Format::Png, fixtures::png(64, 48, true)),
            (Format::Webp, fixtures::webp(64, 48)),
        ] {
            assert!(is_whole(format, &bytes), "{format:?} whole");
            assert!(
                !is_whole(format, &bytes[..bytes.len() / 2]),
                "{format:?} half"
            );
            assert!(
                !is_whole(format, &bytes[..bytes.len() - 1]),
                "{format:?} minus one byte"
            );
        }
    }
}
