//! The WebP container (RIFF) around what libwebp encodes: adds the colour
//! profile, which the `webp` crate cannot (libwebp's mux is not wrapped),
//! and tells a lossless WebP source from a lossy one.

/// Whether a WebP file's image is lossless (a `VP8L` chunk): such a source is
/// a graphic, and is kept lossless.
pub(super) fn is_lossless(webp: &[u8]) -> bool {
    chunks(webp).any(|(fourcc, _)| fourcc == *b"VP8L")
}

/// `webp` with an ICCP chunk holding `icc`. A simple file (one `VP8 ` or
/// `VP8L` chunk) gains the extended header that announces it; libwebp's own
/// extended header (written for lossy images with alpha) gains the flag.
pub(super) fn with_icc(webp: &[u8], icc: &[u8], width: u32, height: u32, alpha: bool) -> Vec<u8> {
    const ICC: u8 = 0x20;
    const ALPHA: u8 = 0x10;
    let mut out = Vec::with_capacity(webp.len() + icc.len() + 40);
    out.extend_from_slice(b"RIFF\0\0\0\0WEBP");
    let (mut has_header, mut has_icc) = (false, false);
    for (fourcc, data) in chunks(webp) {
        if fourcc == *b"VP8X" {
            let mut header = data.to_vec();
            if let Some(flags) = header.first_mut() {
                *flags |= ICC;
            }
            push_chunk(&mut out, b"VP8X", &header);
            has_header = true;
            continue;
        }
        if !has_header {
            let mut header = vec![ICC | if alpha { ALPHA } else { 0 }, 0, 0, 0];
            header.extend_from_slice(&width.saturating_sub(1).to_le_bytes()[..3]);
            header.extend_from_slice(&height.saturating_sub(1).to_le_bytes()[..3]);
            push_chunk(&mut out, b"VP8X", &header);
            has_header = true;
        }
        if !has_icc {
            push_chunk(&mut out, b"ICCP", icc);
            has_icc = true;
        }
        push_chunk(&mut out, &fourcc, data);
    }
    let size = u32::try_from(out.len() - 8).unwrap_or(u32::MAX);
    out[4..8].copy_from_slice(&size.to_le_bytes());
    out
}

/// The chunks of a RIFF WebP file, as (fourcc, payload); stops at the first
/// chunk that runs past the end.
fn chunks(webp: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    let mut at = 12;
    std::iter::from_fn(move || {
        let header = webp.get(at..at + 8)?;
        let fourcc = [header[0], header[1], header[2], header[3]];
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        let size = usize::try_from(size).ok()?;
        let data = webp.get(at + 8..at.checked_add(8 + size)?)?;
        at += 8 + size + size % 2;
        Some((fourcc, data))
    })
}

fn push_chunk(out: &mut Vec<u8>, fourcc: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(fourcc);
    out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::ImageDecoder;

    fn icc_and_pixels(webp: &[u8]) -> (Option<Vec<u8>>, image::RgbaImage) {
        let cursor = std::io::Cursor::new(webp);
        let mut decoder = image::codecs::webp::WebPDecoder::new(cursor).expect("a valid WebP");
        let icc = decoder.icc_profile().expect("icc");
        let image = image::DynamicImage::from_decoder(decoder).expect("decode");
        (icc, image.into_rgba8())
    }

    #[test]
    fn the_profile_goes_into_every_kind_libwebp_writes() {
        let icc = b"odd-length profile".to_vec();
        let rgba: Vec<u8> = (0..24 * 10)
            .flat_map(|i| [i as u8, 90, 160, if i % 24 < 12 { 0 } else { 255 }])
            .collect();
        let rgb: Vec<u8> = rgba.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
        let cases = [
            (
                "lossy",
                webp::Encoder::from_rgb(&rgb, 24, 10).encode_simple(false, 80.0),
                false,
            ),
            (
                "lossy with alpha",
                webp::Encoder::from_rgba(&rgba, 24, 10).encode_simple(false, 80.0),
                true,
            ),
            (
                "lossless",
                webp::Encoder::from_rgba(&rgba, 24, 10).encode_simple(true, 80.0),
                true,
            ),
        ];
        for (kind, encoded, alpha) in cases {
            let encoded = encoded.expect("encode");
            let out = with_icc(&encoded, &icc, 24, 10, alpha);
            let (before, (got, pixels)) = (icc_and_pixels(&encoded), icc_and_pixels(&out));
            assert_eq!(got.as_ref(), Some(&icc), "{kind}");
            assert_eq!(pixels, before.1, "{kind}: the image itself is untouched");
            assert_eq!(
                pixels.get_pixel(0, 0).0[3],
                if alpha { 0 } else { 255 },
                "{kind}"
            );
            assert_eq!(is_lossless(&out), kind == "lossless");
        }
    }
}
