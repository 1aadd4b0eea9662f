//! The steps `probe` and `render` share: refuse early what cannot be used,
//! then decode every pixel within limits and turn the image upright.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageReader, Limits};

use super::format::{self, Format};
use super::metadata::{self, Metadata};
use super::{MAX_BYTES, MAX_PIXELS, animation, one_decimal, thousands};
use crate::{Error, Result};

/// An image read whole, as a reader will see it.
pub(super) struct Decoded {
    pub format: Format,
    /// The pixels with the EXIF orientation applied; for a GIF, its first frame.
    pub image: DynamicImage,
    /// The colour profile, kept by renditions so colours stay as shot.
    pub icc: Option<Vec<u8>>,
    pub metadata: Metadata,
    /// The EXIF orientation turned or flipped the pixels.
    pub reoriented: bool,
}

/// Decodes `bytes`, or says in a sentence why the image cannot be used.
pub(super) fn decode(bytes: &[u8]) -> Result<Decoded> {
    if bytes.len() > MAX_BYTES {
        return Err(too_heavy(bytes.len()));
    }
    let format = format::sniff(bytes)?;
    if !format::is_whole(format, bytes) {
        return Err(format::cut_short());
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    // The default caps what a decoder allocates besides the pixels (512 MiB),
    // which stops a metadata chunk or a huffman table from ballooning.
    reader.limits(Limits::default());
    let mut decoder = reader.into_decoder().map_err(|e| unreadable(format, e))?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(damaged(format));
    }
    check_pixels(width, height, orientation)?;
    if format == Format::Gif {
        animation::count_frames(bytes)?;
    }
    let metadata = metadata::read(&mut decoder);
    let icc = decoder
        .icc_profile()
        .ok()
        .flatten()
        .filter(|p| !p.is_empty());
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| unreadable(format, e))?;
    image.apply_orientation(orientation);
    Ok(Decoded {
        format,
        image,
        icc,
        metadata,
        reoriented: orientation != Orientation::NoTransforms,
    })
}

/// Refuses an image above [`MAX_PIXELS`] from its header alone, naming its
/// size as displayed (rotated when the EXIF says so).
fn check_pixels(width: u32, height: u32, orientation: Orientation) -> Result<()> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels <= MAX_PIXELS {
        return Ok(());
    }
    let (width, height) = match orientation {
        Orientation::Rotate90
        | Orientation::Rotate270
        | Orientation::Rotate90FlipH
        | Orientation::Rotate270FlipH => (height, width),
        _ => (width, height),
    };
    Err(Error::Validation(format!(
        "the image is {} × {} pixels ({} megapixels); the limit is {} megapixels: \
         export a smaller one",
        thousands(width.into()),
        thousands(height.into()),
        one_decimal(pixels as f64 / 1e6),
        MAX_PIXELS / 1_000_000,
    )))
}

fn too_heavy(len: usize) -> Error {
    let mb = |n: usize| n as f64 / (1024.0 * 1024.0);
    Error::Validation(format!(
        "the file is {} MB; images up to {} MB are accepted",
        one_decimal(mb(len)),
        one_decimal(mb(MAX_BYTES)),
    ))
}

pub(super) fn damaged(format: Format) -> Error {
    Error::Validation(format!(
        "the {} image is damaged and cannot be read: export it again from the program \
         that made it",
        format.name()
    ))
}

/// Turns a decoder's failure into a sentence for the editor. The file is
/// known to be whole by now, so a failure means damage or an odd encoding.
fn unreadable(format: Format, error: ImageError) -> Error {
    match error {
        ImageError::Limits(_) => Error::Validation(
            "the image needs more memory to open than Quire allows: export a smaller one"
                .to_owned(),
        ),
        ImageError::Unsupported(_) => Error::Validation(format!(
            "this {name} is stored in a way Quire cannot read: open it in an image editor \
             and export it again as an ordinary {name}",
            name = format.name()
        )),
        _ => damaged(format),
    }
}
