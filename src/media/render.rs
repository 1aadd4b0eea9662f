//! The files an export writes: upright, resized down, re-encoded from the
//! pixels alone so that no metadata of the original survives (EXIF with its
//! GPS position and camera serial, XMP, IPTC, comments). The colour profile is
//! kept: it says nothing about who or where, and without it a wide-gamut
//! phone photo shows washed out.
//!
//! Encoders run with fixed settings and no threads, so the same input gives
//! the same bytes and an unchanged export rewrites nothing.

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::DynamicImage;

use super::decode::{Decoded, decode};
use super::encode::{jpeg, png, webp};
use super::format::Format;
use super::riff;
use crate::{Error, Result};

/// The format a rendition is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// The source's own format, for sites that want what the editor added: a
    /// JPEG stays JPEG (quality 85), a PNG stays PNG, a WebP stays WebP; a
    /// GIF becomes a PNG of its first frame (the same pixels, without
    /// re-quantising a palette after resizing).
    Original,
    /// WebP, smaller than either: lossy (quality 80) for JPEG and lossy WebP
    /// sources, lossless for PNG, GIF and lossless WebP sources, which are
    /// screenshots, diagrams and logos whose edges lossy coding would smear.
    /// Transparency is kept either way.
    Webp,
}

/// One file for an export to write, with what its `<img>` needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendition {
    pub bytes: Vec<u8>,
    /// `image/jpeg`, `image/png` or `image/webp`: what the source's type and
    /// the encoding asked for imply, so files can be named before rendering.
    pub mime: &'static str,
    /// `jpg`, `png` or `webp`, without the dot.
    pub ext: &'static str,
    /// The size of this file's image, as displayed.
    pub width: u32,
    pub height: u32,
}

/// Makes the file an export writes for the image in `bytes`: the EXIF
/// orientation applied, shrunk to `max_width` if wider (never enlarged; `None`
/// keeps the full size) with a Lanczos3 filter, and encoded as `encoding`
/// says, without metadata.
///
/// A GIF, animated or not, becomes its first frame: the export names and
/// reuses files by source type, encoding and width before it renders, so a
/// rendition's type must follow from those alone, and an animation cannot be
/// resized without re-quantising every frame.
///
/// Refuses what [`probe`](super::probe) refuses, with the same sentences.
pub fn render(bytes: &[u8], max_width: Option<u32>, encoding: Encoding) -> Result<Rendition> {
    let mut made = renditions(bytes, &[(max_width, encoding)])?;
    made.pop()
        .ok_or_else(|| Error::Validation("the image could not be rendered".into()))
}

/// [`render`] for several sizes and encodings of one image, decoding it
/// once (a 12-megapixel photo takes longer to decode than to resize), in
/// the order asked.
pub fn renditions(bytes: &[u8], wanted: &[(Option<u32>, Encoding)]) -> Result<Vec<Rendition>> {
    renditions_of(decode(bytes)?, bytes, wanted)
}

/// [`renditions`] of an image already decoded from `bytes`.
pub(super) fn renditions_of(
    decoded: Decoded,
    bytes: &[u8],
    wanted: &[(Option<u32>, Encoding)],
) -> Result<Vec<Rendition>> {
    let lossless = match decoded.format {
        Format::Jpeg => false,
        Format::Png | Format::Gif => true,
        Format::Webp => riff::is_lossless(bytes),
    };
    // A lossy image with no metadata to strip and nothing to turn is its
    // own full-size original: encoding it again would only lose quality,
    // and would change its bytes each time (an image exported, imported by
    // a colleague and exported again would differ at every round).
    let as_is = !lossless && !decoded.metadata.has_metadata && !decoded.reoriented;
    let Decoded {
        format, image, icc, ..
    } = decoded;
    let full = eight_bit(image);
    let icc = icc.unwrap_or_default();
    let mut out = Vec::with_capacity(wanted.len());
    let mut sized: Option<(Option<u32>, DynamicImage)> = None;
    for &(max_width, encoding) in wanted {
        let full_size = max_width.is_none_or(|w| w >= full.width());
        let same_type = matches!(
            (encoding, format),
            (Encoding::Original, _) | (Encoding::Webp, Format::Webp)
        );
        if as_is && full_size && same_type {
            out.push(Rendition {
                bytes: bytes.to_vec(),
                mime: format.mime(),
                ext: format.ext(),
                width: full.width(),
                height: full.height(),
            });
            continue;
        }
        let image = match &sized {
            Some((w, image)) if *w == max_width => image,
            _ => &sized.insert((max_width, resize(&full, max_width)?)).1,
        };
        let (bytes, format) = match (encoding, format) {
            (Encoding::Original, Format::Jpeg) => (jpeg(image, icc.clone())?, Format::Jpeg),
            (Encoding::Original, Format::Png | Format::Gif) => {
                (png(image, icc.clone())?, Format::Png)
            }
            (Encoding::Original, Format::Webp) | (Encoding::Webp, _) => {
                (webp(image, lossless, &icc)?, Format::Webp)
            }
        };
        out.push(Rendition {
            bytes,
            mime: format.mime(),
            ext: format.ext(),
            width: image.width(),
            height: image.height(),
        });
    }
    Ok(out)
}

/// RGB, or RGBA when the source has transparency: what every encoder here
/// takes. Sixteen-bit PNGs lose their extra precision, which no screen shows.
fn eight_bit(image: DynamicImage) -> DynamicImage {
    if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    }
}

/// Shrinks `image` to `max_width`, keeping its proportions. Transparent
/// pixels are weighted by their alpha, so edges against transparency keep
/// their colour instead of darkening.
fn resize(image: &DynamicImage, max_width: Option<u32>) -> Result<DynamicImage> {
    let (width, height) = (image.width(), image.height());
    let Some(target) = max_width.map(|w| w.max(1)).filter(|&w| w < width) else {
        return Ok(image.clone());
    };
    let scaled = (u64::from(height) * u64::from(target) + u64::from(width) / 2) / u64::from(width);
    let target_height = u32::try_from(scaled).unwrap_or(height).max(1);
    let mut out = DynamicImage::new(target, target_height, image.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(image, &mut out, &options)
        .map_err(|e| Error::Validation(format!("the image could not be resized: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::{fixtures, probe};
    use image::codecs::jpeg::JpegEncoder;
    use image::{ExtendedColorType, ImageDecoder, ImageEncoder};

    fn decoded(rendition: &Rendition) -> DynamicImage {
        image::load_from_memory(&rendition.bytes).expect("a rendition decodes")
    }

    #[test]
    fn a_sideways_photo_renders_upright() {
        let jpeg = fixtures::jpeg_with_exif(40, 20, true);
        for encoding in [Encoding::Original, Encoding::Webp] {
            let out = render(&jpeg, None, encoding).expect("render");
            assert_eq!((out.width, out.height), (20, 40));
            let image = decoded(&out).into_rgb8();
            assert_eq!(
                image.dimensions(),
                (20, 40),
                "{encoding:?}: turned, not just relabelled"
            );
            let [r, _, b] = image.get_pixel(10, 5).0;
            assert!(
                r > 150 && b < 100,
                "{encoding:?}: the red half is on top, got {r},{b}"
            );
            let [r, _, b] = image.get_pixel(10, 35).0;
            assert!(
                b > 150 && r < 100,
                "{encoding:?}: the blue half below, got {r},{b}"
            );
        }
    }

    #[test]
    fn no_metadata_survives_any_rendition() {
        let gps = fixtures::jpeg_with_exif(40, 20, true);
        let exif = fixtures::exif_in(&gps).expect("the fixture holds EXIF");
        assert!(
            exif.fields().any(|f| f.tag == exif::Tag::GPSLatitude),
            "the fixture holds a GPS position before the strip"
        );
        let sources = [
            gps,
            fixtures::jpeg_with_xmp(40, 20),
            fixtures::png(40, 20, true),
            fixtures::webp(40, 20),
            fixtures::gif(40, 20, 1),
            fixtures::gif(40, 20, 2),
        ];
        for (i, source) in sources.iter().enumerate() {
            for encoding in [Encoding::Original, Encoding::Webp] {
                for width in [None, Some(16)] {
                    let out = render(source, width, encoding).expect("render");
                    let what = format!("source {i}, {encoding:?}, {width:?} as {}", out.mime);
                    assert!(fixtures::exif_in(&out.bytes).is_none(), "{what}: EXIF left");
                    for trace in [&b"Exif"[..], b"xmpmeta", b"ns.adobe.com", b"taken at home"] {
                        assert!(
                            !fixtures::contains(&out.bytes, trace),
                            "{what}: {trace:?} left"
                        );
                    }
                    let probe = probe(&out.bytes).expect("a rendition probes");
                    assert!(!probe.has_metadata && !probe.has_gps, "{what}");
                    assert_eq!(
                        (probe.width, probe.height),
                        (out.width, out.height),
                        "{what}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_clean_lossy_image_at_full_size_is_kept_byte_for_byte() {
        // A photo with EXIF is encoded again, without it.
        let phone = include_bytes!("../../tests/fixtures/images/phone-photo.jpg");
        assert!(
            probe(phone).expect("probe").has_gps,
            "the fixture holds a position"
        );
        let cleaned = render(phone, None, Encoding::Original).expect("render");
        assert!(cleaned.bytes != phone && fixtures::exif_in(&cleaned.bytes).is_none());
        // A photo with nothing to strip is the export's file as it is — and
        // so is that file rendered again (a colleague's export of the image
        // it imported): encoding it again lost quality and changed its
        // bytes at every round (151,793 → 134,353 → 134,310 for this one).
        let harbour = include_bytes!("../../tests/fixtures/images/harbour.jpg");
        let once = render(harbour, None, Encoding::Original).expect("render");
        let twice = render(&once.bytes, None, Encoding::Original).expect("render");
        assert!(once.bytes == harbour, "a clean JPEG is not encoded again");
        assert!(twice.bytes == once.bytes, "a round trip changes nothing");
        let webp = fixtures::webp(40, 20);
        if !riff::is_lossless(&webp) {
            let again = render(&webp, None, Encoding::Webp).expect("render");
            assert!(again.bytes == webp, "a clean lossy WebP is kept too");
        }
        // A smaller rendition is still made from the pixels.
        let small = render(harbour, Some(120), Encoding::Original).expect("render");
        assert_eq!(small.width, 120);
        // A JPEG whose EXIF turns it is encoded upright, never passed through.
        let sideways = fixtures::jpeg_with_exif(40, 20, false);
        let upright = render(&sideways, None, Encoding::Original).expect("render");
        assert!(upright.bytes != sideways);
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let jpeg = fixtures::jpeg(300, 200);
        let png = fixtures::png(300, 200, true);
        for (source, encoding) in [
            (&jpeg, Encoding::Original),
            (&jpeg, Encoding::Webp),
            (&png, Encoding::Original),
            (&png, Encoding::Webp),
        ] {
            let a = render(source, Some(120), encoding).expect("render");
            let b = render(source, Some(120), encoding).expect("render");
            assert!(
                a == b,
                "{encoding:?}: an unchanged export must not rewrite its files"
            );
        }
    }

    #[test]
    fn renditions_of_one_decode_are_the_renders_one_by_one() {
        let jpeg = fixtures::jpeg_with_exif(300, 200, true);
        let wanted = [
            (Some(120), Encoding::Original),
            (Some(120), Encoding::Webp),
            (None, Encoding::Webp),
            (Some(80), Encoding::Original),
        ];
        let all = renditions(&jpeg, &wanted).expect("renditions");
        assert_eq!(all.len(), wanted.len());
        for (made, (width, encoding)) in all.iter().zip(wanted) {
            assert_eq!(made, &render(&jpeg, width, encoding).expect("render"));
        }
    }

    #[test]
    fn images_shrink_to_the_width_asked_and_never_grow() {
        let jpeg = fixtures::jpeg(400, 300);
        let sizes = |w| {
            let out = render(&jpeg, w, Encoding::Original).expect("render");
            (out.width, out.height, decoded(&out).width())
        };
        assert_eq!(sizes(Some(160)), (160, 120, 160));
        assert_eq!(sizes(Some(1000)), (400, 300, 400), "never enlarged");
        assert_eq!(sizes(None), (400, 300, 400));
        assert_eq!(
            sizes(Some(0)),
            (1, 1, 1),
            "a zero width still makes an image"
        );
    }

    #[test]
    fn each_source_gets_its_encoding() {
        let jpeg = fixtures::jpeg(40, 20);
        let out = render(&jpeg, None, Encoding::Original).expect("render");
        assert_eq!((out.mime, out.ext), ("image/jpeg", "jpg"));
        let out = render(&jpeg, None, Encoding::Webp).expect("render");
        assert_eq!((out.mime, out.ext), ("image/webp", "webp"));
        assert!(!riff::is_lossless(&out.bytes), "a photo is coded lossy");

        let png = fixtures::png(40, 20, true);
        let out = render(&png, None, Encoding::Webp).expect("render");
        assert!(riff::is_lossless(&out.bytes), "a graphic stays lossless");
        let image = decoded(&out).into_rgba8();
        assert_eq!(image.get_pixel(5, 5).0[3], 0, "transparency kept");
        assert_eq!(
            image.get_pixel(30, 5).0,
            [200, 30, 30, 255],
            "pixels kept exactly"
        );

        let still =
            render(&fixtures::gif(40, 20, 1), Some(20), Encoding::Original).expect("render");
        assert_eq!(
            (still.mime, still.width, still.height),
            ("image/png", 20, 10)
        );

        let animated = fixtures::gif(40, 20, 3);
        let out = render(&animated, Some(20), Encoding::Webp).expect("render");
        assert_eq!((out.mime, out.width, out.height), ("image/webp", 20, 10));
        let first = decoded(&out).into_rgb8();
        assert_eq!(
            first.get_pixel(10, 5).0,
            [255, 0, 0],
            "the first frame, exactly"
        );
    }

    #[test]
    fn the_colour_profile_is_kept() {
        let icc = b"a colour profile, for the test".to_vec();
        let mut source = Vec::new();
        let mut encoder = JpegEncoder::new_with_quality(&mut source, 90);
        encoder
            .set_icc_profile(icc.clone())
            .expect("JPEG takes a profile");
        let image = fixtures::rgb(40, 20);
        encoder
            .write_image(&image, 40, 20, ExtendedColorType::Rgb8)
            .expect("encode");
        for encoding in [Encoding::Original, Encoding::Webp] {
            let out = render(&source, Some(30), encoding).expect("render");
            let reader =
                image::ImageReader::new(std::io::Cursor::new(&out.bytes)).with_guessed_format();
            let mut decoder = reader.expect("read").into_decoder().expect("decoder");
            assert_eq!(
                decoder.icc_profile().expect("icc").as_ref(),
                Some(&icc),
                "{encoding:?}"
            );
        }
    }
}
