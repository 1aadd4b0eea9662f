//! The three encoders renditions are written with, each from pixels alone,
//! so nothing of the source file but its colour profile is carried over.
//! Fixed settings and no threads: the same pixels give the same bytes.

use image::codecs::{jpeg::JpegEncoder, png};
use image::{DynamicImage, ExtendedColorType, ImageEncoder};

use super::{riff, thousands};
use crate::{Error, Result};

/// JPEG quality: where artefacts stop showing on screen in photos, while
/// higher settings grow the file fast.
const JPEG_QUALITY: u8 = 85;
/// Lossy WebP quality: libwebp's scale differs from JPEG's; 80 looks like
/// JPEG 85 in fewer bytes.
const WEBP_QUALITY: f32 = 80.0;
/// The widest and tallest WebP can be.
const WEBP_MAX_SIDE: u32 = 16_383;

pub(super) fn jpeg(image: &DynamicImage, icc: Vec<u8>) -> Result<Vec<u8>> {
    let rgb = image.to_rgb8();
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
    if !icc.is_empty() {
        // A profile too large for JPEG's APP2 segments is dropped, not fatal.
        let _ = encoder.set_icc_profile(icc);
    }
    encoder
        .write_image(&rgb, rgb.width(), rgb.height(), ExtendedColorType::Rgb8)
        .map_err(|e| unwritable("JPEG", &e))?;
    Ok(out)
}

pub(super) fn png(image: &DynamicImage, icc: Vec<u8>) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = png::PngEncoder::new_with_quality(
        &mut out,
        png::CompressionType::Default,
        png::FilterType::Adaptive,
    );
    if !icc.is_empty() {
        let _ = encoder.set_icc_profile(icc);
    }
    let color = if image.color().has_alpha() {
        ExtendedColorType::Rgba8
    } else {
        ExtendedColorType::Rgb8
    };
    encoder
        .write_image(image.as_bytes(), image.width(), image.height(), color)
        .map_err(|e| unwritable("PNG", &e))?;
    Ok(out)
}

pub(super) fn webp(image: &DynamicImage, lossless: bool, icc: &[u8]) -> Result<Vec<u8>> {
    let (width, height) = (image.width(), image.height());
    if width.max(height) > WEBP_MAX_SIDE {
        return Err(Error::Validation(format!(
            "the image is {} × {} pixels, and WebP holds at most {} on a side: \
             choose a smaller width",
            thousands(width.into()),
            thousands(height.into()),
            thousands(WEBP_MAX_SIDE.into()),
        )));
    }
    let alpha = image.color().has_alpha();
    let encoder = if alpha {
        webp::Encoder::from_rgba(image.as_bytes(), width, height)
    } else {
        webp::Encoder::from_rgb(image.as_bytes(), width, height)
    };
    let encoded = encoder
        .encode_simple(lossless, WEBP_QUALITY)
        .map_err(|e| unwritable("WebP", &e))?;
    Ok(if icc.is_empty() {
        encoded.to_vec()
    } else {
        riff::with_icc(&encoded, icc, width, height, alpha)
    })
}

/// Encoding to memory fails only when an encoder rejects the pixels it was
/// given, which is a bug here rather than the editor's doing.
fn unwritable(format: &str, error: &dyn std::fmt::Debug) -> Error {
    Error::Validation(format!(
        "the image could not be written as {format}: {error:?}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_wider_than_webp_allows_is_refused_in_words() {
        let wide = DynamicImage::new_rgb8(16_400, 2);
        let message = webp(&wide, false, &[]).expect_err("too wide").to_string();
        assert_eq!(
            message,
            "the image is 16,400 × 2 pixels, and WebP holds at most 16,383 on a side: \
             choose a smaller width"
        );
        assert!(jpeg(&wide, Vec::new()).is_ok(), "JPEG takes it");
    }
}
