//! GIFs, checked frame by frame. Renditions show only the first frame, but a
//! GIF cut short in its tenth frame is as damaged as one cut in its first,
//! and thousands of frames can hide in a few kilobytes: every frame is
//! decoded (as palette indices, the cheapest way) and counted against a
//! budget before the GIF is taken.

use std::num::NonZeroU64;

use super::format::{self, Format};
use super::{MAX_PIXELS, decode::damaged};
use crate::{Error, Result};

/// All frames together may not hold more pixels than this: a few kilobytes
/// of LZW can expand to thousands of full-size frames, and checking them
/// would stall the window as surely as one huge image.
const MAX_ANIMATION_PIXELS: u64 = 5 * MAX_PIXELS;

fn open(bytes: &[u8]) -> Result<gif::Decoder<&[u8]>> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    // Indexed pixels take a byte each, so one frame stays within MAX_PIXELS.
    if let Some(limit) = NonZeroU64::new(MAX_PIXELS) {
        options.set_memory_limit(gif::MemoryLimit::Bytes(limit));
    }
    options.read_info(bytes).map_err(refusal)
}

/// Decodes every frame, so a GIF cut short or damaged after its first frame
/// is refused too, and says how many there are.
pub(super) fn count_frames(bytes: &[u8]) -> Result<usize> {
    let mut decoder = open(bytes)?;
    let (mut frames, mut pixels) = (0, 0u64);
    while let Some(frame) = decoder.read_next_frame().map_err(refusal)? {
        frames += 1;
        pixels += u64::from(frame.width) * u64::from(frame.height);
        if pixels > MAX_ANIMATION_PIXELS {
            return Err(Error::Validation(format!(
                "the animation is too long for its size: its frames add up to more than {} \
                 megapixels; export it shorter or smaller",
                MAX_ANIMATION_PIXELS / 1_000_000
            )));
        }
    }
    if frames == 0 {
        return Err(damaged(Format::Gif));
    }
    Ok(frames)
}

fn refusal(error: gif::DecodingError) -> Error {
    match error {
        gif::DecodingError::UnexpectedEof => format::cut_short(),
        gif::DecodingError::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            format::cut_short()
        }
        gif::DecodingError::MemoryLimit | gif::DecodingError::OutOfMemory => Error::Validation(
            "a frame of the animation is too large to open: export a smaller one".to_owned(),
        ),
        _ => damaged(Format::Gif),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::fixtures;

    #[test]
    fn every_frame_is_counted() {
        assert_eq!(count_frames(&fixtures::gif(30, 20, 1)).ok(), Some(1));
        assert_eq!(count_frames(&fixtures::gif(30, 20, 3)).ok(), Some(3));
    }

    #[test]
    fn a_gif_cut_short_is_refused_whatever_frame_it_stops_in() {
        let gif = fixtures::gif(30, 20, 3);
        for cut in [gif.len() / 3, gif.len() / 2, gif.len() - 8] {
            let message = count_frames(&gif[..cut]).expect_err("refused").to_string();
            assert!(
                message.starts_with("the image is cut short"),
                "at {cut}: {message}"
            );
        }
    }
}
