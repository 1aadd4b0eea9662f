//! Images in the Markdown exports, built by the real generators: the post
//! with a cover and two figures is exported as each flavor writes it (Hugo
//! page bundle, Jekyll `assets/images/`, Astro co-located images with the
//! cover in front matter), built, and every image on the built page must
//! be a file the build wrote, with the alt text the post gave.

use std::path::Path;
use std::process::Command;

use quire::Store;
use quire::export::{self, Flavor, Format, SiteOptions};
use scraper::Html;

use super::{astro_site, at, build, hugo_site, jekyll_site, run_hugo};
use crate::media::store_with_images;
use crate::render::sel;

fn export_flavor(store: &Store, root: &Path, flavor: Flavor) {
    let options = SiteOptions {
        format: Format::Markdown(flavor),
        include_drafts: false,
        now: at(2026, 1, 1),
    };
    export::site(store, root, &options, &mut |_, _| {}).unwrap();
}

/// Checks the built page of the post with images: its cover (as the test
/// layout shows the front matter's) and its two figures, each a file of
/// the build found from the page's address (`/posts/with-images/`).
fn assert_images_shown(generator: &str, built: &Path) {
    let page_path = built.join("posts/with-images/index.html");
    let html = std::fs::read_to_string(&page_path)
        .unwrap_or_else(|e| panic!("{generator} built the post ({e})"));
    let page = Html::parse_document(&html);
    let mut shown = Vec::new();
    for img in page.select(&sel("img")) {
        let src = img.value().attr("src").expect("img has src");
        let file = match src.strip_prefix('/') {
            Some(from_root) => built.join(from_root),
            None => page_path.parent().unwrap().join(src),
        };
        let file = file
            .to_string_lossy()
            .split('?')
            .next()
            .unwrap()
            .to_string();
        let (w, h) = image::image_dimensions(&file)
            .unwrap_or_else(|e| panic!("{generator}: {src} is an image the build wrote ({e})"));
        let alt = img.value().attr("alt").unwrap_or_default().to_string();
        shown.push((alt, h > w));
    }
    let alts: Vec<&str> = shown.iter().map(|(alt, _)| alt.as_str()).collect();
    assert_eq!(
        alts,
        [
            "A harbour at dawn",
            "A diagram of the parts",
            "The harbour, closer"
        ],
        "{generator}: the cover, then both figures"
    );
    assert!(
        shown[0].1 && shown[2].1,
        "{generator}: the photo is upright (taller than wide)"
    );
}

#[test]
fn hugo_builds_a_page_bundle_with_its_images() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = store_with_images(tmp.path());
    let root = tmp.path().join("hugo");
    export_flavor(&store, &root, Flavor::Hugo);
    assert!(root.join("content/posts/with-images/index.md").is_file());
    assert!(root.join("content/posts/with-images/diagram.png").is_file());
    hugo_site(&root);
    run_hugo(&root);
    assert_images_shown("hugo", &root.join("public"));
}

#[test]
fn jekyll_builds_images_under_assets() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = store_with_images(tmp.path());
    let root = tmp.path().join("jekyll");
    export_flavor(&store, &root, Flavor::Jekyll);
    assert!(root.join("assets/images/phone-photo.jpg").is_file());
    jekyll_site(&root);
    let mut jekyll = Command::new("/usr/bin/jekyll");
    jekyll
        .args(["build", "--quiet", "--source"])
        .arg(&root)
        .arg("--destination")
        .arg(root.join("_site"));
    build("jekyll", jekyll);
    assert_images_shown("jekyll", &root.join("_site"));
}

#[test]
fn astro_builds_co_located_images_and_the_cover_through_its_pipeline() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = store_with_images(tmp.path());
    let root = tmp.path().join("astro");
    export_flavor(&store, &root, Flavor::Astro);
    assert!(root.join("src/content/blog/with-images/index.md").is_file());
    astro_site(&root);
    let mut astro = Command::new(root.join("node_modules/.bin/astro"));
    astro
        .arg("build")
        .current_dir(&root)
        .env("ASTRO_TELEMETRY_DISABLED", "1");
    build("astro", astro);
    assert_images_shown("astro", &root.join("dist"));
}
