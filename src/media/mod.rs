//! Images: checking what an editor adds ([`probe`]), and the files exports
//! write ([`render`]). Pure: bytes in, bytes out; the store keeps the
//! originals and the export decides where renditions go.
//!
//! Both start the same way, so an image that probes well also renders:
//! 1. sniff the format and refuse what Quire does not take (SVG, HEIC, …);
//! 2. refuse a file cut short before decoding, since some decoders fill the
//!    missing part with grey instead of failing;
//! 3. read the header and refuse an image too large, before any pixel is
//!    allocated;
//! 4. decode every pixel within `image::Limits`, then apply the EXIF
//!    orientation, so sizes are the ones a reader sees.
//!
//! [`render`] then resizes and re-encodes, which is what drops the metadata:
//! nothing of the original file is copied but its pixels (and colour profile).

mod animation;
mod decode;
mod encode;
mod format;
mod metadata;
mod probe;
mod render;
mod riff;

#[cfg(test)]
mod fixtures;

pub use probe::{Probe, probe, probe_and_render};
pub use render::{Encoding, Rendition, render, renditions};

/// A bigger file is refused before decoding: no photo for a blog needs more,
/// and decoding one would stall the window.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

/// An image of more pixels (width × height, as stored) is refused before its
/// pixels are allocated: 60 megapixels decode to up to 480 MB.
pub const MAX_PIXELS: u64 = 60_000_000;

/// The widths made for `srcset`: none is wider than the image, since
/// enlarging only adds bytes.
const WIDTHS: [u32; 3] = [480, 960, 1600];

/// The widest rendition: wider screens gain nothing a reader would notice.
const WIDEST: u32 = 2400;

/// The blake3 hash of the original bytes, in hex: the same image added twice
/// is stored once, and a rendition is remade only when its source changed.
pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// The responsive widths to make for an image `width` pixels wide: the
/// standard ones narrower than it, then its own width capped at 2400.
pub fn widths_for(width: u32) -> Vec<u32> {
    let top = width.min(WIDEST);
    let mut widths: Vec<u32> = WIDTHS.into_iter().filter(|&w| w < top).collect();
    widths.push(top);
    widths
}

/// `12000` as `12,000`: sizes in messages are read by editors.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A quantity with at most one decimal, rounded up so that a value just over
/// a limit never reads as the limit itself (`50.1`, `108`).
fn one_decimal(value: f64) -> String {
    let tenths = (value * 10.0).ceil() / 10.0;
    let text = format!("{tenths:.1}");
    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_stop_at_the_image_and_at_2400() {
        assert_eq!(widths_for(3000), [480, 960, 1600, 2400]);
        assert_eq!(widths_for(2400), [480, 960, 1600, 2400]);
        assert_eq!(widths_for(1600), [480, 960, 1600], "no duplicate width");
        assert_eq!(widths_for(500), [480, 500]);
        assert_eq!(widths_for(300), [300], "a small image is never enlarged");
    }

    #[test]
    fn equal_bytes_hash_equal_and_others_do_not() {
        let a = fixtures::jpeg(40, 20);
        assert_eq!(hash(&a), hash(&a.clone()), "dedupe relies on this");
        let mut b = a.clone();
        *b.last_mut().expect("not empty") ^= 1;
        assert_ne!(hash(&a), hash(&b));
        assert_eq!(hash(&a).len(), 64, "hex of 32 bytes");
    }

    #[test]
    fn numbers_read_as_an_editor_expects() {
        assert_eq!(thousands(12_000), "12,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(one_decimal(108.0), "108");
        assert_eq!(one_decimal(50.000_001), "50.1");
    }
}
