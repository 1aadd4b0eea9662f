//! Exported pages measured against outside standards: the W3C Nu HTML
//! Checker (vnu.jar, `tests/standards/validate.mjs`) and axe-core in
//! headless Chromium (`tests/standards/axe.mjs`). The pages: the corpus of
//! nasty posts (footnotes, tables, task lists, code, raw HTML, right-to-
//! left text) and a post with images as an HTML site with raw HTML kept and with it stripped,
//! every listing page, each post on its own, and each post's preview; for
//! the W3C checker also the redirect pages of a post's old addresses.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{TimeZone, Utc};
use quire::export::{self, Format, SiteOptions};
use quire::{Post, RawHtml, Section, Site, Status, Store};

use crate::export::corpus_store;
use crate::media::{image, post_with_images};

/// Writes every kind of page Quire makes for the corpus under `dir`.
fn pages(dir: &Path) -> PathBuf {
    let out = dir.join("pages");
    let mut store: Store = corpus_store(dir);
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    // And a post with a cover and figures (`<picture>`, `srcset`, inline).
    for name in ["phone-photo.jpg", "diagram.png"] {
        store.add_media(name, &image(name), "", false, now).unwrap();
    }
    store.create(post_with_images(), now).unwrap();
    for (name, raw) in [("site", RawHtml::Keep), ("site-stripped", RawHtml::Strip)] {
        let mut site = store.site().unwrap();
        site.raw_html = raw;
        store.save_site(&site).unwrap();
        let options = SiteOptions {
            format: Format::Html,
            include_drafts: true,
            now,
        };
        export::site(&store, &out.join(name), &options, &mut |_, _| {}).unwrap();
    }
    let alone = out.join("standalone");
    let previews = out.join("preview");
    std::fs::create_dir_all(&alone).unwrap();
    std::fs::create_dir_all(&previews).unwrap();
    for summary in store.list(&Default::default()).unwrap() {
        let (name, html) = export::post(&store, summary.id, Format::Html).unwrap();
        std::fs::write(alone.join(name), html).unwrap();
        let post = store.get(summary.id).unwrap();
        let preview = export::preview(&store, &post).unwrap();
        std::fs::write(previews.join(format!("{}.html", post.slug)), preview.html).unwrap();
    }
    out
}

/// Writes an HTML site whose posts have old addresses (redirect pages, in
/// a left-to-right and a right-to-left language) into `out`. Not for axe:
/// a redirect page leaves for the post as it loads.
fn redirect_pages(dir: &Path, out: &Path) {
    let mut store = Store::open(dir.join("redirects.db")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    store
        .save_site(&Site {
            site_name: "Moved".into(),
            base_url: "https://example.org/blog".into(),
            ..Site::default()
        })
        .unwrap();
    for (slug, language, aliases) in [
        ("hello", None, ["/2019/05/hello/", "/old/hello.html"]),
        ("marhaba", Some("ar"), ["/2019/05/marhaba/", "/old/m.htm"]),
    ] {
        let post = Post {
            slug: slug.into(),
            title: format!("<{slug}> & \"more\""),
            status: Status::Published,
            language: language.map(str::to_string),
            sections: vec![Section::new("S", "text")],
            aliases: aliases.map(str::to_string).to_vec(),
            ..Post::default()
        };
        store.create(post, now).unwrap();
    }
    let options = SiteOptions {
        format: Format::Html,
        include_drafts: false,
        now,
    };
    export::site(&store, out, &options, &mut |_, _| {}).unwrap();
    assert!(
        out.join("old/m.htm").is_file(),
        "the redirect pages are written"
    );
}

/// Runs one of the standards scripts over `dir`; its report on failure.
fn check(script: &str, dir: &Path) {
    let js = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/standards")
        .join(script);
    let out = Command::new("node")
        .arg(&js)
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("node runs {script} (make test-deps installs it): {e}"));
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(
        out.status.code(),
        Some(2),
        "{script} could not run (make test-deps installs Java, Chromium and `npm ci` in tests/standards): {report}"
    );
    assert!(out.status.success(), "{script} found problems:\n{report}");
}

#[test]
fn every_page_passes_the_w3c_nu_html_checker() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = pages(tmp.path());
    redirect_pages(tmp.path(), &pages.join("redirects"));
    check("validate.mjs", &pages);
}

#[test]
fn every_page_passes_axe_core_in_chromium() {
    let tmp = tempfile::tempdir().unwrap();
    check("axe.mjs", &pages(tmp.path()));
}
