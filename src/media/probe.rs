//! Checking an image an editor adds, before it is stored: is it usable, how
//! big does it show, and does it give away where it was taken.

use super::decode::{Decoded, decode};
use super::render::{Encoding, Rendition, renditions_of};
use crate::Result;

/// What Quire needs to know about an image an editor adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    /// `image/jpeg`, `image/png`, `image/gif` or `image/webp`, from the bytes
    /// (a file's name can lie).
    pub mime: &'static str,
    /// `jpg`, `png`, `gif` or `webp`, without the dot.
    pub ext: &'static str,
    /// The size as displayed: after the EXIF orientation is applied, so a
    /// portrait photo stored sideways is taller than wide, as in `<img>`.
    pub width: u32,
    pub height: u32,
    /// The EXIF holds a GPS position (latitude or longitude): the editor may
    /// want to know before publishing. Exports drop it either way.
    pub has_gps: bool,
    /// The file holds EXIF, XMP or IPTC metadata (author, camera, dates, …).
    pub has_metadata: bool,
}

/// Checks that `bytes` are an image Quire can use, by decoding all of it
/// within limits: a file cut short, a decompression bomb or a picture over
/// [`MAX_PIXELS`](super::MAX_PIXELS) is refused, never half read. Refusals are
/// `Error::Validation` with a sentence an editor can act on.
pub fn probe(bytes: &[u8]) -> Result<Probe> {
    Ok(probe_of(&decode(bytes)?))
}

/// [`probe`], and the renditions `wanted` of the same decode (an image
/// added is shown at once: decoding it twice would double the wait).
pub fn probe_and_render(
    bytes: &[u8],
    wanted: &[(Option<u32>, Encoding)],
) -> Result<(Probe, Vec<Rendition>)> {
    let decoded = decode(bytes)?;
    let probe = probe_of(&decoded);
    Ok((probe, renditions_of(decoded, bytes, wanted)?))
}

fn probe_of(decoded: &Decoded) -> Probe {
    Probe {
        mime: decoded.format.mime(),
        ext: decoded.format.ext(),
        width: decoded.image.width(),
        height: decoded.image.height(),
        has_gps: decoded.metadata.has_gps,
        has_metadata: decoded.metadata.has_metadata,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::media::{MAX_BYTES, fixtures};

    fn refusal(bytes: &[u8]) -> String {
        match probe(bytes) {
            Err(Error::Validation(message)) => message,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    fn shape(p: &Probe) -> (&str, &str, u32, u32, bool, bool) {
        (p.mime, p.ext, p.width, p.height, p.has_gps, p.has_metadata)
    }

    #[test]
    fn each_format_probes_with_its_size() {
        let cases = [
            (
                fixtures::jpeg(40, 20),
                ("image/jpeg", "jpg", 40, 20, false, false),
            ),
            (
                fixtures::png(33, 17, true),
                ("image/png", "png", 33, 17, false, false),
            ),
            (
                fixtures::gif(30, 20, 1),
                ("image/gif", "gif", 30, 20, false, true),
            ),
            (
                fixtures::gif(30, 20, 3),
                ("image/gif", "gif", 30, 20, false, true),
            ),
            (
                fixtures::webp(25, 15),
                ("image/webp", "webp", 25, 15, false, false),
            ),
        ];
        for (bytes, expected) in cases {
            let probe = probe(&bytes).expect("a valid image probes");
            assert_eq!(shape(&probe), expected, "the GIF fixtures carry XMP");
        }
    }

    #[test]
    fn a_sideways_photo_probes_upright_and_its_gps_is_seen() {
        let jpeg = fixtures::jpeg_with_exif(40, 20, true);
        let probe = probe(&jpeg).expect("probe");
        assert_eq!(
            (probe.width, probe.height),
            (20, 40),
            "orientation 6 turns it"
        );
        assert!(probe.has_gps && probe.has_metadata);

        let no_gps = super::probe(&fixtures::jpeg_with_exif(40, 20, false)).expect("probe");
        assert!(!no_gps.has_gps && no_gps.has_metadata);
    }

    #[test]
    fn xmp_alone_is_metadata_without_gps() {
        let probe = probe(&fixtures::jpeg_with_xmp(40, 20)).expect("probe");
        assert!(probe.has_metadata && !probe.has_gps);
        assert_eq!((probe.width, probe.height), (40, 20));
    }

    #[test]
    fn unusable_files_are_refused_in_words() {
        let noise: Vec<u8> = (0..10_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
            .collect();
        assert_eq!(
            refusal(&noise),
            "this file is not an image Quire can use (JPEG, PNG, GIF or WebP)"
        );

        let jpeg = fixtures::jpeg(400, 300);
        assert_eq!(
            refusal(&jpeg[..jpeg.len() / 2]),
            "the image is cut short: the file is damaged or was not copied whole"
        );

        let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>fetch('/x')</script></svg>";
        assert!(refusal(svg).starts_with("SVG files are not accepted"));

        assert_eq!(
            refusal(&fixtures::png_header_only(20_000, 20_000)),
            "the image is 20,000 × 20,000 pixels (400 megapixels); the limit is 60 megapixels: \
             export a smaller one"
        );

        let mut heavy = fixtures::jpeg(40, 20);
        heavy.resize(MAX_BYTES + 1, 0);
        assert_eq!(
            refusal(&heavy),
            "the file is 50.1 MB; images up to 50 MB are accepted"
        );
    }

    #[test]
    fn an_image_under_the_limit_gets_past_the_header_check() {
        // The header check is what refuses; a small image that claims a
        // large but allowed size gets past it and fails as damaged instead.
        let message = refusal(&fixtures::png_header_only(7_000, 8_000));
        assert!(message.contains("PNG image is damaged"), "{message}");
    }
}
