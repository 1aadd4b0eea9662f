//! Images on real stores: adding, deduping and refusing; what the exports
//! write (every `<img>` resolves to a file of the size it states, and no
//! exported file carries the GPS position of the phone photo it came from);
//! renditions kept for the next export; an image kept while a revision
//! shows it. The fixtures: `phone-photo.jpg` (stored 2000 × 1200, EXIF
//! orientation 6 so it shows 1200 × 2000, with a GPS position) and
//! `diagram.png` (700 × 400, half transparent).

use std::collections::BTreeSet;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use quire::export::{self, Flavor, Format, SiteOptions};
use quire::{Cover, Error, Post, Section, Site, Status, Store};
use scraper::Html;

use crate::export::at;
use crate::render::{fixture_path, sel};

pub(crate) fn image(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path("images").join(name)).unwrap()
}

/// A small JPEG no other test image equals.
fn other_jpeg(shade: u8) -> Vec<u8> {
    let pixels = image::RgbImage::from_pixel(64, 48, image::Rgb([shade, 90, 30]));
    let mut out = Cursor::new(Vec::new());
    pixels.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// A published post with a cover and two figures, one of them the cover
/// photo again.
pub(crate) fn post_with_images() -> Post {
    Post {
        slug: "with-images".into(),
        title: "A post with images".into(),
        summary: "Photos and a diagram.".into(),
        status: Status::Published,
        publish_at: Some(at(2025, 5, 1)),
        cover: Some(Cover {
            src: "media/phone-photo.jpg".into(),
            alt: "A harbour at dawn".into(),
            caption: "Taken on the way in.".into(),
        }),
        sections: vec![
            Section::new(
                "The plan",
                "How it fits:\n\n![A diagram of the parts](media/diagram.png)\n\nThat is all.",
            ),
            Section::new(
                "The place",
                "Again, closer:\n\n![The harbour, closer](media/phone-photo.jpg \"Dawn\")",
            ),
        ],
        ..Post::default()
    }
}

/// A store with [`post_with_images`] and a draft whose photo is private.
pub(crate) fn store_with_images(dir: &Path) -> (Store, i64) {
    let mut store = Store::open_at(dir.join("quire.db"), at(2025, 6, 1)).unwrap();
    store
        .save_site(&Site {
            site_name: "Pictures".into(),
            base_url: "https://example.org".into(),
            timezone: "UTC".into(),
            ..Site::default()
        })
        .unwrap();
    for sample in store.list(&Default::default()).unwrap() {
        store.delete(sample.id, at(2025, 6, 1)).unwrap();
    }
    let now = at(2025, 6, 1);
    store
        .add_media("phone-photo.jpg", &image("phone-photo.jpg"), "", false, now)
        .unwrap();
    store
        .add_media("diagram.png", &image("diagram.png"), "Parts", false, now)
        .unwrap();
    store
        .add_media("secret.jpg", &other_jpeg(200), "", true, now)
        .unwrap();
    let id = store.create(post_with_images(), now).unwrap().id.unwrap();
    store
        .create(
            Post {
                slug: "a-draft".into(),
                title: "Not yet".into(),
                status: Status::Draft,
                sections: vec![Section::new("", "![Where I live](media/secret.jpg)")],
                ..Post::default()
            },
            now,
        )
        .unwrap();
    (store, id)
}

fn export_to(store: &Store, out: &Path, format: Format) {
    let options = SiteOptions {
        format,
        include_drafts: false,
        now: at(2026, 1, 1),
    };
    export::site(store, out, &options, &mut |_, _| {}).unwrap();
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn is_image(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("jpg" | "jpeg" | "png" | "webp" | "gif")
    )
}

/// Asserts that no image under `dir` holds EXIF (read back with an EXIF
/// reader) or XMP; returns how many it read.
fn assert_no_metadata(dir: &Path) -> usize {
    let mut read = 0;
    for path in files(dir).into_iter().filter(|p| is_image(p)) {
        let bytes = std::fs::read(&path).unwrap();
        let exif = exif::Reader::new().read_from_container(&mut Cursor::new(&bytes));
        if let Ok(exif) = exif {
            let gps = exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY);
            panic!(
                "{}: no EXIF (GPS position: {:?})",
                path.display(),
                gps.map(|f| f.display_value().to_string())
            );
        }
        for marker in [&b"Exif\0\0"[..], b"xmpmeta", b"http://ns.adobe.com/xap"] {
            assert!(
                !bytes.windows(marker.len()).any(|w| w == marker),
                "{}: no {:?}",
                path.display(),
                String::from_utf8_lossy(marker)
            );
        }
        read += 1;
    }
    read
}

#[test]
fn an_image_is_stored_once_upright_and_with_what_it_holds() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open_at(tmp.path().join("q.db"), at(2025, 1, 1)).unwrap();
    let photo = image("phone-photo.jpg");
    let added = store
        .add_media(
            "IMG 0042.JPG",
            &photo,
            "  A harbour\u{7} ",
            false,
            at(2025, 1, 1),
        )
        .unwrap();
    assert_eq!(
        added.name, "img-0042.jpg",
        "a reference name from the file's"
    );
    assert_eq!(added.mime, "image/jpeg");
    assert_eq!(
        (added.width, added.height),
        (1200, 2000),
        "sizes as shown: the EXIF orientation applied"
    );
    assert!(added.has_gps, "the GPS position is noticed");
    assert_eq!(
        added.alt, "A harbour",
        "alt text trimmed, control characters gone"
    );
    assert_eq!(added.bytes, photo.len() as u64);

    let again = store
        .add_media("copy.jpg", &photo, "other", false, at(2025, 1, 2))
        .unwrap();
    assert_eq!(again, added, "the same bytes are stored once");
    let png = store
        .add_media(
            "img-0042.png",
            &image("diagram.png"),
            "",
            true,
            at(2025, 1, 3),
        )
        .unwrap();
    assert_eq!(png.name, "img-0042.png");
    assert!(png.decorative && !png.has_gps);
    let clash = store
        .add_media("IMG 0042.jpg", &other_jpeg(10), "", false, at(2025, 1, 4))
        .unwrap();
    assert_eq!(clash.name, "img-0042-2.jpg", "a name taken is numbered");
    assert_eq!(store.media().unwrap().len(), 3);
    assert_eq!(
        store.media_original("img-0042.jpg").unwrap(),
        photo,
        "the original is kept as added, metadata and all"
    );
    drop(store);
    let reopened = Store::open(tmp.path().join("q.db")).unwrap();
    assert_eq!(reopened.media_by_name("img-0042.jpg").unwrap(), added);
}

/// A JPEG whose header claims `width` × `height` but whose data is one
/// pixel's: what a decompression bomb looks like before decoding.
fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = other_jpeg(1);
    let sof = bytes
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a baseline JPEG has SOF0");
    bytes[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    bytes
}

#[test]
fn what_is_not_an_image_quire_takes_is_refused_and_nothing_is_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open_at(tmp.path().join("q.db"), at(2025, 1, 1)).unwrap();
    let photo = image("phone-photo.jpg");
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "notes.jpg",
            b"just some text, not a picture".to_vec(),
            "not an image",
        ),
        ("half.jpg", photo[..photo.len() / 2].to_vec(), "cut short"),
        ("empty.png", Vec::new(), "empty"),
        ("bomb.jpg", jpeg_claiming(10_000, 10_000), "100 megapixels"),
        ("logo.svg", svg.to_vec(), "SVG"),
    ];
    for (name, bytes, says) in cases {
        match store.add_media(name, &bytes, "", false, at(2025, 1, 1)) {
            Err(Error::Validation(message)) => assert!(
                message.contains(says),
                "{name}: the refusal says why ({says}): {message}"
            ),
            other => panic!("{name} is refused: {other:?}"),
        }
    }
    // A 200 MB file is refused before it is read.
    let big = tmp.path().join("huge.jpg");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    match quire::store::read_image_file(&big) {
        Err(Error::Validation(message)) => assert!(
            message.contains("200 MB") && message.contains("50 MB"),
            "{message}"
        ),
        other => panic!("a 200 MB file is refused: {other:?}"),
    }
    assert!(store.media().unwrap().is_empty(), "nothing half-stored");
    let blobs: i64 = rusqlite::Connection::open(tmp.path().join("q.db"))
        .unwrap()
        .query_row("SELECT count(*) FROM media_blobs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(blobs, 0, "no bytes left behind");
}

#[test]
fn every_image_of_an_html_site_is_a_file_of_the_size_its_page_states() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = store_with_images(tmp.path());
    let out = tmp.path().join("site");
    export_to(&store, &out, Format::Html);

    let page_path = out.join("posts/with-images/index.html");
    let page = Html::parse_document(&std::fs::read_to_string(&page_path).unwrap());
    let dir = page_path.parent().unwrap();
    let size_of = |src: &str| -> (u32, u32) {
        let file = dir.join(src);
        assert!(file.is_file(), "{src} is written");
        image::image_dimensions(&file).unwrap_or_else(|e| panic!("{src} decodes: {e}"))
    };
    let mut files_seen = BTreeSet::new();
    let imgs: Vec<_> = page.select(&sel("article img")).collect();
    assert_eq!(imgs.len(), 3, "cover and two figures");
    for (i, img) in imgs.iter().enumerate() {
        let attr = |a: &str| img.value().attr(a).unwrap_or_else(|| panic!("img has {a}"));
        let (w, h): (u32, u32) = (
            attr("width").parse().unwrap(),
            attr("height").parse().unwrap(),
        );
        let (fw, fh) = size_of(attr("src"));
        files_seen.insert(attr("src").to_string());
        assert!(
            (i64::from(w) * i64::from(fh) - i64::from(h) * i64::from(fw)).abs()
                <= i64::from(w.max(h)),
            "{}: {w}×{h} stated, the file is {fw}×{fh}",
            attr("src")
        );
        assert_eq!(
            img.value().attr("loading"),
            (i > 0).then_some("lazy"),
            "the first image (the cover) loads at once, the rest lazily"
        );
        assert!(!attr("alt").is_empty(), "alt text is carried");
        let picture = img.parent().and_then(scraper::ElementRef::wrap).unwrap();
        assert_eq!(picture.value().name(), "picture");
        let webp = picture
            .select(&sel("source[type='image/webp']"))
            .next()
            .unwrap();
        for srcset in [attr("srcset"), webp.value().attr("srcset").unwrap()] {
            for candidate in srcset.split(", ") {
                let (src, descriptor) = candidate.split_once(' ').unwrap();
                let width: u32 = descriptor.trim_end_matches('w').parse().unwrap();
                assert_eq!(size_of(src).0, width, "{src} is {descriptor} wide");
                files_seen.insert(src.to_string());
            }
        }
    }
    // The photo: 480, 960 and its own 1200; the diagram: 480 and 700; each
    // as WebP and in its own format.
    let written: BTreeSet<String> = files(&out.join("media"))
        .iter()
        .map(|p| format!("../../media/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    assert_eq!(written, files_seen, "every image file written is used");
    assert_eq!(written.len(), 10);

    let og = page
        .select(&sel("meta[property='og:image']"))
        .next()
        .expect("the cover is the link preview's image");
    let og = og.value().attr("content").unwrap();
    let rel = og.strip_prefix("https://example.org/").unwrap();
    assert_eq!(
        image::image_dimensions(out.join(rel)).unwrap(),
        (1200, 2000)
    );
    let ld = page
        .select(&sel("script[type='application/ld+json']"))
        .next()
        .unwrap();
    let ld: serde_json::Value = serde_json::from_str(&ld.text().collect::<String>()).unwrap();
    assert_eq!(ld["image"], og, "JSON-LD names the same image");
    assert!(
        files(&out)
            .iter()
            .all(|p| !p.to_string_lossy().contains("secret")),
        "a draft's image is not published"
    );
    assert!(assert_no_metadata(&out) >= 10);
}

#[test]
fn no_exported_image_says_where_the_photo_was_taken() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = store_with_images(tmp.path());
    let mut read = 0;
    for flavor in Flavor::ALL {
        let out = tmp.path().join(flavor.as_str());
        export_to(&store, &out, Format::Markdown(flavor));
        let images: Vec<_> = files(&out).into_iter().filter(|p| is_image(p)).collect();
        assert_eq!(
            images.len(),
            2,
            "{flavor}: the photo and the diagram: {images:?}"
        );
        for file in &images {
            let (w, h) = image::image_dimensions(file).unwrap();
            assert!(
                file.ends_with("diagram.png") || (w, h) == (1200, 2000),
                "{flavor}: the photo is upright at full size: {w}×{h}"
            );
        }
        read += assert_no_metadata(&out);
    }
    // A post exported on its own carries its images inline.
    let (_, html) = export::post(&store, id, Format::Html).unwrap();
    let page = Html::parse_document(&html);
    let mut inline = 0;
    for img in page.select(&sel("img")) {
        let src = img.value().attr("src").unwrap();
        let (mime, data) = src
            .strip_prefix("data:")
            .and_then(|s| s.split_once(";base64,"))
            .unwrap_or_else(|| panic!("an inline image: {}", &src[..40.min(src.len())]));
        assert!(mime.starts_with("image/"));
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap();
        let dir = tmp.path().join(format!("inline-{inline}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("image.jpg"), &bytes).unwrap();
        read += assert_no_metadata(&dir);
        inline += 1;
    }
    assert_eq!(inline, 3);
    // And `quire media show` writes the clean image too.
    std::fs::create_dir_all(tmp.path().join("shown")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .env("QUIRE_DB", tmp.path().join("quire.db"))
        .args(["media", "show", "media/phone-photo.jpg", "-o"])
        .arg(tmp.path().join("shown/photo.jpg"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    read += assert_no_metadata(&tmp.path().join("shown"));
    assert_eq!(read, 4 * 2 + 3 + 1);
}

#[test]
fn a_second_export_copies_what_the_first_made() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = store_with_images(tmp.path());
    let first = tmp.path().join("first");
    export_to(&store, &first, Format::Html);
    // Were anything made again, it would be made from these bytes: broken.
    rusqlite::Connection::open(tmp.path().join("quire.db"))
        .unwrap()
        .execute("UPDATE media_blobs SET data = x'00'", [])
        .unwrap();
    let second = tmp.path().join("second");
    export_to(&store, &second, Format::Html);
    for file in files(&first.join("media")) {
        let twin = second.join(file.strip_prefix(&first).unwrap());
        assert_eq!(
            std::fs::read(&file).unwrap(),
            std::fs::read(&twin).unwrap(),
            "{} is copied from the database",
            twin.display()
        );
    }
}

#[test]
fn the_preview_shows_stored_images_from_the_app_and_says_which_are_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = store_with_images(tmp.path());
    let mut post = store.get(id).unwrap();
    post.sections[0].body.push_str(
        "\n\n![Gone](media/not-stored.jpg)\n\n![Far away](https://example.com/tracker.png)",
    );
    let preview = export::preview(&store, &post).unwrap();
    let page = Html::parse_document(&preview.html);
    let srcs: Vec<&str> = page
        .select(&sel("img"))
        .map(|i| i.value().attr("src").unwrap())
        .collect();
    assert_eq!(
        srcs,
        [
            "quire-media://localhost/phone-photo.jpg?w=960",
            "quire-media://localhost/diagram.png?w=960",
            "quire-media://localhost/phone-photo.jpg?w=960",
        ],
        "stored images come from the app; nothing loads from outside"
    );
    let missing = page.select(&sel(".missing-image")).next().unwrap();
    assert!(
        missing
            .text()
            .collect::<String>()
            .contains("media/not-stored.jpg")
    );
    assert!(!preview.html.contains("https://example.com/tracker.png\""));
}

#[test]
fn an_image_stays_while_a_revision_shows_it_and_goes_with_the_last_post() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut store, id) = store_with_images(tmp.path());
    let now = at(2025, 7, 1);
    let mut post = store.get(id).unwrap();
    post.cover = None;
    post.sections.truncate(1);
    let post = store.update(post, now).unwrap();
    assert!(
        !quire::model::media_refs(&post).contains("phone-photo.jpg"),
        "the photo is no longer used"
    );
    assert!(
        store.media_by_name("phone-photo.jpg").is_ok(),
        "an earlier revision shows it: kept"
    );
    // Another post uses the diagram too.
    let other = store
        .create(
            Post {
                slug: "another".into(),
                title: "Another".into(),
                sections: vec![Section::new("", "![Parts](media/diagram.png)")],
                ..Post::default()
            },
            now,
        )
        .unwrap();
    store.delete(id, now).unwrap();
    assert!(
        store.media_by_name("phone-photo.jpg").is_ok(),
        "the trash keeps it"
    );
    store.purge(id).unwrap();
    assert!(
        matches!(
            store.media_by_name("phone-photo.jpg"),
            Err(Error::NotFound(_))
        ),
        "purged with the only post that ever showed it"
    );
    assert!(
        store.media_by_name("diagram.png").is_ok(),
        "still used elsewhere"
    );
    assert!(
        store.media_by_name("secret.jpg").is_ok(),
        "the draft's is kept"
    );
    assert_eq!(store.get(other.id.unwrap()).unwrap().title, "Another");
}
