//! Publishing rules: scheduled posts go out when due, dates follow the
//! site's time zone, a post's language sets the page's `lang` and `dir`,
//! feeds name an author for every entry, and what the preview removes for
//! safety shows as a placeholder while the rest is the exported HTML.

use chrono::{DateTime, TimeZone, Utc};
use quire::export::{self, Flavor, Format, SiteOptions};
use quire::{Post, Section, Site, Status, Store, render};
use scraper::Html;

use crate::render::sel;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn post(slug: &str, status: Status, publish_at: Option<DateTime<Utc>>) -> Post {
    Post {
        slug: slug.into(),
        title: format!("Post {slug}"),
        status,
        publish_at,
        sections: vec![Section::new("S", format!("Body of {slug}."))],
        ..Post::default()
    }
}

fn store_with(dir: &std::path::Path, site: &Site, posts: &[Post]) -> Store {
    let mut store = Store::open_at(dir.join("quire.db"), at(2024, 1, 1, 0, 0)).unwrap();
    store.save_site(site).unwrap();
    for p in posts {
        store.create(p.clone(), at(2024, 1, 1, 0, 0)).unwrap();
    }
    store
}

#[test]
fn a_scheduled_post_is_published_when_its_time_has_come() {
    let tmp = tempfile::tempdir().unwrap();
    let site = Site {
        base_url: "https://example.com".into(),
        timezone: "UTC".into(),
        ..Site::default()
    };
    let store = store_with(
        tmp.path(),
        &site,
        &[
            post("due", Status::Scheduled, Some(at(2025, 6, 1, 9, 0))),
            post("later", Status::Scheduled, Some(at(2027, 6, 1, 9, 0))),
            post("draft", Status::Draft, None),
        ],
    );
    let now = at(2026, 1, 1, 0, 0);
    let html = SiteOptions {
        format: Format::Html,
        include_drafts: false,
        now,
    };
    let out = tmp.path().join("html");
    export::site(&store, &out, &html, &mut |_, _| {}).unwrap();
    assert!(out.join("posts/due/index.html").is_file(), "due: published");
    assert!(
        !out.join("posts/later/index.html").exists(),
        "not yet due: not in the HTML site"
    );
    assert!(!out.join("posts/draft/index.html").exists());
    for file in ["atom.xml", "rss.xml", "sitemap.xml"] {
        let xml = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(xml.contains("/posts/due/"), "{file} lists the due post");
        assert!(
            !xml.contains("/posts/later/"),
            "{file} does not list the future one"
        );
    }

    for flavor in Flavor::ALL {
        let out = tmp.path().join(format!("md-{flavor}"));
        let options = SiteOptions {
            format: Format::Markdown(flavor),
            include_drafts: false,
            now,
        };
        export::site(&store, &out, &options, &mut |_, _| {}).unwrap();
        let files: Vec<String> = std::fs::read_dir(out.join(flavor.content_dir()))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        for slug in ["due", "later"] {
            let name = files
                .iter()
                .find(|n| n.contains(slug))
                .unwrap_or_else(|| panic!("{flavor}: {slug} is exported, dated ahead: {files:?}"));
            let text = std::fs::read_to_string(out.join(flavor.content_dir()).join(name)).unwrap();
            let not_draft = match flavor {
                Flavor::Jekyll => "published: true",
                Flavor::Zola => "draft = false",
                _ => "draft: false",
            };
            assert!(
                text.contains(not_draft),
                "{flavor} {slug}: not a draft\n{text}"
            );
        }
        assert!(
            !files.iter().any(|n| n.contains("draft")),
            "{flavor}: drafts stay home"
        );
    }
}

#[test]
fn dates_and_jekyll_file_names_follow_the_site_time_zone() {
    // Written at 23:30 in Berlin on 31 March: 21:30 UTC.
    let written = at(2024, 3, 31, 21, 30);
    let mut p = post("late-night", Status::Published, Some(written));
    p.id = Some(1);
    for (zone, day, jekyll_date, iso) in [
        (
            "Europe/Berlin",
            "Sunday - 31 March 2024",
            "2024-03-31-late-night.md",
            "2024-03-31T23:30:00+02:00",
        ),
        (
            "UTC",
            "Sunday - 31 March 2024",
            "2024-03-31-late-night.md",
            "2024-03-31T21:30:00Z",
        ),
        (
            "Asia/Tokyo",
            "Monday - 01 April 2024",
            "2024-04-01-late-night.md",
            "2024-04-01T06:30:00+09:00",
        ),
    ] {
        let site = Site {
            timezone: zone.into(),
            ..Site::default()
        };
        let page = Html::parse_document(&render::article(&p, &[], &site).unwrap());
        let shown: String = page
            .select(&sel(".post-header .date"))
            .next()
            .unwrap()
            .text()
            .collect();
        assert_eq!(shown.trim(), day, "{zone}: the date line is the site's day");
        assert_eq!(
            export::file_name(&p, &site, Format::Markdown(Flavor::Jekyll)),
            jekyll_date,
            "{zone}: Jekyll's file name (and URL) carries the site's day"
        );
        let hugo = export::markdown(&p, &site, Flavor::Hugo).unwrap();
        assert!(hugo.contains(&format!("date: {iso}\n")), "{zone}: {hugo}");
    }
    let mut site = Site::default();
    assert!(
        site.set("timezone", "Mars/Olympus").is_err(),
        "an unknown zone is refused"
    );
    site.set("timezone", "America/New_York").unwrap();
    assert_eq!(site.get("timezone").unwrap(), "America/New_York");
}

#[test]
fn a_post_in_a_right_to_left_language_sets_lang_and_dir() {
    let mut p = post("arabic", Status::Published, Some(at(2024, 1, 1, 9, 0)));
    p.language = Some("ar".into());
    let site = Site::default();
    for html in [
        render::article(&p, &[], &site).unwrap(),
        render::preview(&p, &[], &site).unwrap(),
    ] {
        let doc = Html::parse_document(&html);
        let root = doc.select(&sel("html")).next().unwrap();
        assert_eq!(root.value().attr("lang"), Some("ar"));
        assert_eq!(root.value().attr("dir"), Some("rtl"));
    }
    let english = render::article(&post("en", Status::Published, None), &[], &site).unwrap();
    let doc = Html::parse_document(&english);
    let root = doc.select(&sel("html")).next().unwrap();
    assert_eq!(
        (root.value().attr("lang"), root.value().attr("dir")),
        (Some("en"), None)
    );
    let hebrew_site = Site {
        language: "he".into(),
        ..Site::default()
    };
    let doc = Html::parse_document(
        &render::article(&post("he", Status::Published, None), &[], &hebrew_site).unwrap(),
    );
    assert_eq!(
        doc.select(&sel("html")).next().unwrap().value().attr("dir"),
        Some("rtl")
    );
    p.language = Some("not a tag!".into());
    assert!(p.validate().is_err(), "a post's language is a language tag");
    let md = export::markdown(
        &Post {
            language: Some("ar".into()),
            ..post("a", Status::Published, None)
        },
        &site,
        Flavor::Hugo,
    )
    .unwrap();
    assert!(md.contains("lang: \"ar\""), "{md}");
}

#[test]
fn every_atom_entry_names_an_author() {
    let tmp = tempfile::tempdir().unwrap();
    let site = Site {
        site_name: "Field Notes".into(),
        base_url: "https://example.com".into(),
        timezone: "UTC".into(),
        ..Site::default()
    };
    let store = store_with(
        tmp.path(),
        &site,
        &[post("anon", Status::Published, Some(at(2024, 1, 1, 9, 0)))],
    );
    let out = tmp.path().join("site");
    let options = SiteOptions {
        format: Format::Html,
        include_drafts: false,
        now: at(2026, 1, 1, 0, 0),
    };
    export::site(&store, &out, &options, &mut |_, _| {}).unwrap();
    let atom = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let entries = atom.matches("<entry>").count();
    assert!(entries >= 1, "{atom}");
    assert_eq!(
        atom.matches("<author><name>").count(),
        entries,
        "RFC 4287: an author for each entry"
    );
    assert!(
        atom.contains("<author><name>Field Notes</name></author>"),
        "the site name stands in: {atom}"
    );
}

#[test]
fn what_the_preview_removes_for_safety_is_a_placeholder_and_the_rest_is_the_export() {
    let body = "<div class=\"note\">\n\n**Note** inside.\n\n</div>\n\n<iframe src=\"https://www.youtube-nocookie.com/embed/xyz\" title=\"A talk\"></iframe>\n\n<noscript><img src=\"https://example.com/pixel.gif\" alt=\"\"></noscript>\n\nUse <angle> brackets, <kbd>Ctrl</kbd> and <span onclick=\"x()\">this</span>.\n\n<script src=\"https://platform.example/widget.js\"></script>";
    let p = Post {
        title: "Embeds".into(),
        sections: vec![Section::new("S", body)],
        ..Post::default()
    };
    let site = Site::default();
    let export = render::article(&p, &[], &site).unwrap();
    let preview = render::preview(&p, &[], &site).unwrap();
    // The export: HTML as the editor wrote it, minus what HTML does not know.
    assert!(
        export.contains(
            "<iframe src=\"https://www.youtube-nocookie.com/embed/xyz\" title=\"A talk\"></iframe>"
        ),
        "{export}"
    );
    assert!(
        export
            .contains("<noscript><img src=\"https://example.com/pixel.gif\" alt=\"\"></noscript>"),
        "{export}"
    );
    assert!(export.contains("<script src=\"https://platform.example/widget.js\"></script>"));
    assert!(
        !export.contains("<angle>") && export.contains("Use  brackets"),
        "an unknown element goes, its text stays"
    );
    assert!(!export.contains("onclick"), "no event handler");
    // The preview: placeholders, never escaped markup.
    assert!(
        !preview.contains("&lt;img") && !preview.contains("&lt;iframe"),
        "no escaped tags"
    );
    assert!(
        preview.contains(
            "[embedded iframe from www.youtube-nocookie.com: shown on the published page]"
        )
    );
    assert!(preview.contains("[script from platform.example: runs on the published page]"));
    assert!(
        !preview.contains("pixel.gif"),
        "noscript is what a browser with scripts on leaves out"
    );
    assert!(!preview.contains("<iframe") && !preview.contains("<script src"));
    // Everything else is the same HTML.
    assert_eq!(outline(&export), outline(&preview));
}

/// The elements of `<main>` (name, attributes, own text), leaving out what
/// only one side has: embeds, scripts, noscript and the placeholders.
fn outline(html: &str) -> Vec<String> {
    fn walk(node: scraper::ElementRef<'_>, out: &mut Vec<String>) {
        let e = node.value();
        let skipped = matches!(e.name(), "iframe" | "noscript" | "script")
            || e.classes().any(|c| c == "embed-placeholder");
        if skipped {
            return;
        }
        // `data-section` marks the preview's sections for the window to follow the caret.
        let mut attrs: Vec<String> = e
            .attrs()
            .filter(|(k, _)| *k != "data-section")
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        attrs.sort();
        let own: String = node
            .children()
            .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
            .collect();
        out.push(format!("<{} {}>{}", e.name(), attrs.join(" "), own.trim()));
        for child in node.children().filter_map(scraper::ElementRef::wrap) {
            walk(child, out);
        }
    }
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    walk(doc.select(&sel("main")).next().unwrap(), &mut out);
    out
}
