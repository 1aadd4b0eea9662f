//! What an image says about where and how it was made. The editor is told
//! before publishing a photo that holds its GPS position; exports drop all of
//! it (see `render`), so this only reads.

use image::ImageDecoder;

/// The answers `probe` gives about metadata.
pub(super) struct Metadata {
    /// The EXIF holds a latitude or a longitude.
    pub has_gps: bool,
    /// Any EXIF, XMP or IPTC at all (a colour profile is not counted: it says
    /// nothing about the picture's author or place).
    pub has_metadata: bool,
}

/// Reads the metadata blocks the decoder found. A block the decoder cannot
/// extract counts as absent: metadata never decides whether an image is
/// usable.
pub(super) fn read(decoder: &mut impl ImageDecoder) -> Metadata {
    let exif = decoder
        .exif_metadata()
        .ok()
        .flatten()
        .filter(|e| !e.is_empty());
    let xmp = decoder
        .xmp_metadata()
        .ok()
        .flatten()
        .filter(|x| !x.is_empty());
    let iptc = decoder
        .iptc_metadata()
        .ok()
        .flatten()
        .filter(|i| !i.is_empty());
    let has_metadata = exif.is_some() || xmp.is_some() || iptc.is_some();
    Metadata {
        has_gps: exif.is_some_and(holds_gps),
        has_metadata,
    }
}

/// True when the EXIF (a TIFF structure) has a GPS latitude or longitude.
/// A damaged EXIF is read as far as it goes; one that cannot be read at all
/// counts as holding a position, since telling an editor too often is better
/// than publishing a home address unawares.
fn holds_gps(raw: Vec<u8>) -> bool {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let exif = match reader.read_raw(raw) {
        Ok(exif) => exif,
        Err(exif::Error::PartialResult(partial)) => partial.into_inner().0,
        Err(_) => return true,
    };
    exif.fields()
        .any(|f| f.tag == exif::Tag::GPSLatitude || f.tag == exif::Tag::GPSLongitude)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::fixtures;

    #[test]
    fn a_gps_position_is_found_and_a_bare_exif_is_not_one() {
        assert!(holds_gps(fixtures::exif_tiff(6, true)));
        assert!(
            !holds_gps(fixtures::exif_tiff(6, false)),
            "orientation only"
        );
        assert!(
            holds_gps(b"not a TIFF".to_vec()),
            "unreadable counts as maybe"
        );
    }
}
