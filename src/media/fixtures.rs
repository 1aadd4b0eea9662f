//! Test images, made in code so each test shows what it feeds in. EXIF is
//! written by hand (a little-endian TIFF in an APP1 segment), so the tests
//! do not trust the crate they check against to make their input.

use std::io::Cursor;

use image::codecs::{jpeg::JpegEncoder, png::PngEncoder, webp::WebPEncoder};
use image::{ExtendedColorType, ImageEncoder, RgbImage, RgbaImage};

/// A colourful gradient, so resizing and rotation have something to move.
pub fn rgb(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            128,
        ])
    })
}

pub fn jpeg_of(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(
            image,
            image.width(),
            image.height(),
            ExtendedColorType::Rgb8,
        )
        .expect("encode JPEG");
    out
}

pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    jpeg_of(&rgb(width, height))
}

/// A PNG, with a transparent left half when `alpha`.
pub fn png(width: u32, height: u32, alpha: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let encoder = PngEncoder::new(&mut out);
    if alpha {
        let image = RgbaImage::from_fn(width, height, |x, _| {
            image::Rgba([200, 30, 30, if x < width / 2 { 0 } else { 255 }])
        });
        encoder.write_image(&image, width, height, ExtendedColorType::Rgba8)
    } else {
        encoder.write_image(&rgb(width, height), width, height, ExtendedColorType::Rgb8)
    }
    .expect("encode PNG");
    out
}

/// A lossless WebP, the only kind `image` writes.
pub fn webp(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    WebPEncoder::new_lossless(&mut out)
        .write_image(&rgb(width, height), width, height, ExtendedColorType::Rgb8)
        .expect("encode WebP");
    out
}

/// A looping GIF of `frames` frames, each a different colour, carrying a
/// comment and an XMP block for the strip to drop.
pub fn gif(width: u16, height: u16, frames: u8) -> Vec<u8> {
    let palette = [0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255];
    let mut encoder = gif::Encoder::new(Vec::new(), width, height, &palette).expect("gif");
    encoder.set_repeat(gif::Repeat::Infinite).expect("repeat");
    encoder
        .write_raw_extension(gif::Extension::Comment.into(), &[b"taken at home"])
        .expect("comment");
    encoder
        .write_raw_extension(
            gif::Extension::Application.into(),
            &[b"XMP DataXMP", b"<x:xmpmeta/>"],
        )
        .expect("xmp");
    for i in 0..frames {
        let mut frame = gif::Frame::default();
        (frame.width, frame.height, frame.delay) = (width, height, 10);
        frame.buffer = vec![i % 3 + 1; usize::from(width) * usize::from(height)].into();
        encoder.write_frame(&frame).expect("frame");
    }
    encoder.into_inner().expect("finish")
}

/// A little-endian TIFF as EXIF holds it: IFD0 with Orientation and, when
/// `gps`, a GPS IFD with latitude and longitude (48°51'24"N 2°17'40"E).
pub fn exif_tiff(orientation: u16, gps: bool) -> Vec<u8> {
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const ASCII: u16 = 2;
    const RATIONAL: u16 = 5;
    fn entry(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]) {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&value);
    }
    let mut out = b"II*\0\x08\0\0\0".to_vec();
    let count: u16 = if gps { 2 } else { 1 };
    out.extend_from_slice(&count.to_le_bytes());
    let [a, b] = orientation.to_le_bytes();
    entry(&mut out, 0x0112, SHORT, 1, [a, b, 0, 0]);
    let gps_ifd: u32 = 8 + 2 + 12 * u32::from(count) + 4;
    if gps {
        entry(&mut out, 0x8825, LONG, 1, gps_ifd.to_le_bytes());
    }
    out.extend_from_slice(&0u32.to_le_bytes()); // no IFD1
    if gps {
        let rationals = gps_ifd + 2 + 4 * 12 + 4;
        out.extend_from_slice(&4u16.to_le_bytes());
        entry(&mut out, 0x0001, ASCII, 2, *b"N\0\0\0");
        entry(&mut out, 0x0002, RATIONAL, 3, rationals.to_le_bytes());
        entry(&mut out, 0x0003, ASCII, 2, *b"E\0\0\0");
        entry(
            &mut out,
            0x0004,
            RATIONAL,
            3,
            (rationals + 24).to_le_bytes(),
        );
        out.extend_from_slice(&0u32.to_le_bytes());
        for (num, den) in [
            (48u32, 1u32),
            (51, 1),
            (2400, 100),
            (2, 1),
            (17, 1),
            (4000, 100),
        ] {
            out.extend_from_slice(&num.to_le_bytes());
            out.extend_from_slice(&den.to_le_bytes());
        }
    }
    out
}

/// `jpeg` with an APP1 segment spliced in right after SOI.
fn with_app1(jpeg: &[u8], payload: &[u8]) -> Vec<u8> {
    let length = u16::try_from(payload.len() + 2).expect("segment fits");
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A JPEG stored `width` × `height`, left half red and right half blue, whose
/// EXIF says Orientation 6 (turn 90° clockwise to show) and, when `gps`, where
/// it was taken. Shown upright, the red half is on top.
pub fn jpeg_with_exif(width: u32, height: u32, gps: bool) -> Vec<u8> {
    let halves = RgbImage::from_fn(width, height, |x, _| {
        image::Rgb(if x < width / 2 {
            [220, 20, 20]
        } else {
            [20, 20, 220]
        })
    });
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&exif_tiff(6, gps));
    with_app1(&jpeg_of(&halves), &payload)
}

pub fn jpeg_with_xmp(width: u32, height: u32) -> Vec<u8> {
    let mut payload = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    payload.extend_from_slice(
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><dc:creator>Ann</dc:creator></x:xmpmeta>",
    );
    with_app1(&jpeg(width, height), &payload)
}

/// A PNG whose header claims `width` × `height` but whose data holds one
/// row: a decompression bomb's shape, without its size. Chunk CRCs are right,
/// so only the size can refuse it.
pub fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&u32::try_from(data.len()).expect("small").to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, not interlaced
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut zlib, &[0; 64]).expect("deflate");
    let idat = zlib.finish().expect("deflate");
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Whether `needle` occurs in `haystack`: metadata leaves text behind.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The EXIF kamadak-exif finds in an image file, if any.
pub fn exif_in(bytes: &[u8]) -> Option<exif::Exif> {
    exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()
}
