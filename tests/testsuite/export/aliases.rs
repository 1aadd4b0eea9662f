//! A post's old addresses (aliases) and the front matter it kept from an
//! import (`extra`). The HTML site writes a redirect page per alias — valid,
//! pointing to the post, never over the export's own files or the owner's,
//! removed when the alias goes — and Hugo builds its own from the Markdown
//! export; each flavor's front matter carries the aliases and the kept keys
//! (after Quire's, never instead of them), as its parser reads them back.

use std::path::Path;

use quire::export::{self, Flavor, Format, SiteOptions};
use quire::{Post, Section, Site, Status, Store};
use scraper::Html;
use serde_json::{Value, json};

use super::{at, html_options, hugo_site, run_hugo, split_front_matter};
use crate::render::sel;

fn site() -> Site {
    Site {
        timezone: "UTC".into(),
        site_name: "Old addresses".into(),
        base_url: "https://example.org/blog".into(),
        ..Site::default()
    }
}

fn post(slug: &str, day: u32, aliases: &[&str]) -> Post {
    Post {
        slug: slug.into(),
        title: format!("The {slug} post"),
        summary: format!("About {slug}."),
        status: Status::Published,
        publish_at: Some(at(2024, 1, day)),
        tags: vec!["x".into()],
        sections: vec![Section::new("Part", "Text.")],
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        ..Post::default()
    }
}

/// `hello` (newest) with old addresses, one of them in the way of the
/// export's own pages, and `other` claiming one of `hello`'s.
fn store_with_aliases(dir: &Path) -> (Store, i64, i64) {
    let mut store = Store::open(dir.join("aliases.db")).unwrap();
    store.save_site(&site()).unwrap();
    let now = at(2024, 1, 10);
    let other = store
        .create(post("other", 1, &["/old/hello.html"]), now)
        .unwrap()
        .id
        .unwrap();
    let hello = store
        .create(
            post(
                "hello",
                2,
                &[
                    "/2019/05/hello/",
                    "/old/hello.html",
                    "/posts/other/",
                    "/tags/x/",
                    "/posts/hello/",
                    "/caf%C3%A9/",
                ],
            ),
            now,
        )
        .unwrap()
        .id
        .unwrap();
    (store, hello, other)
}

/// Checks the redirect page at `rel` under `out`: valid shape, sending
/// to the page of post `slug`, which exists.
fn assert_redirect(out: &Path, rel: &str, slug: &str) {
    let html = std::fs::read_to_string(out.join(rel))
        .unwrap_or_else(|e| panic!("a redirect page at {rel} ({e})"));
    let doc = Html::parse_document(&html);
    let attr = |q: &str, a: &str| -> String {
        doc.select(&sel(q))
            .next()
            .unwrap_or_else(|| panic!("{rel}: {q}"))
            .value()
            .attr(a)
            .unwrap_or_default()
            .to_string()
    };
    let up = "../".repeat(rel.matches('/').count());
    let href = format!("{up}posts/{slug}/");
    assert!(html.starts_with("<!DOCTYPE html>"), "{rel}: a doctype");
    assert_eq!(attr("html", "lang"), "en");
    assert_eq!(
        attr("meta[http-equiv=refresh]", "content"),
        format!("0; url={href}")
    );
    assert_eq!(
        attr("link[rel=canonical]", "href"),
        format!("https://example.org/blog/posts/{slug}/"),
        "{rel}: the post's address on the site"
    );
    assert_eq!(attr("meta[name=robots]", "content"), "noindex");
    assert_eq!(
        attr("main a", "href"),
        href,
        "{rel}: a link to follow by hand"
    );
    assert_eq!(
        doc.select(&sel("title"))
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        format!("The {slug} post")
    );
    let target = out
        .join(rel)
        .parent()
        .unwrap()
        .join(&href)
        .join("index.html");
    assert!(target.is_file(), "{rel}: {href} reaches the post's page");
}

fn reasons(report: &export::SiteReport) -> Vec<(String, String)> {
    report
        .skipped_aliases
        .iter()
        .map(|s| (s.slug.clone(), s.alias.clone()))
        .collect()
}

#[test]
fn an_html_site_writes_a_redirect_page_per_alias_and_skips_the_ones_in_the_way() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut store, hello, _) = store_with_aliases(tmp.path());
    let out = tmp.path().join("site");
    let report = export::site(&store, &out, &html_options(false), &mut |_, _| {}).unwrap();
    assert_redirect(&out, "2019/05/hello/index.html", "hello");
    assert_redirect(&out, "old/hello.html", "hello");
    assert_redirect(&out, "café/index.html", "hello");
    let pair = |s: &str, a: &str| (s.to_string(), a.to_string());
    assert_eq!(
        reasons(&report),
        [
            pair("hello", "/posts/other/"),
            pair("hello", "/tags/x/"),
            pair("hello", "/posts/hello/"),
            pair("other", "/old/hello.html"),
        ],
        "another post's page, a tag page, the post's own page, an older post's \
         claim on a newer one's alias: left out"
    );
    for skipped in &report.skipped_aliases {
        assert!(
            report.notes.iter().any(|n| n.contains(&skipped.alias)),
            "the report says so: {:?}",
            report.notes
        );
    }
    let other_page = std::fs::read_to_string(out.join("posts/other/index.html")).unwrap();
    assert!(
        other_page.contains("<h1 class=\"title\">The other post</h1>"),
        "the other post's page is its own"
    );
    assert!(out.join("tags/x/index.html").is_file());

    // Nothing changed: nothing written.
    let again = export::site(&store, &out, &html_options(false), &mut |_, _| {}).unwrap();
    assert_eq!(again.written, 0, "unchanged redirect pages are kept");
    assert_eq!(again.skipped_aliases, report.skipped_aliases);

    // The owner puts a page where a new alias would go; `hello` gives up
    // `/old/hello.html` (`other` takes it) and adds that one.
    std::fs::create_dir_all(out.join("mine/page")).unwrap();
    std::fs::write(out.join("mine/page/index.html"), "the owner's").unwrap();
    let kept = out.join("2019/05/hello/index.html");
    let mtime = std::fs::metadata(&kept).unwrap().modified().unwrap();
    let mut p = store.get(hello).unwrap();
    p.aliases = vec![
        "/2019/05/hello/".into(),
        "/mine/page/".into(),
        "/caf%C3%A9/".into(),
    ];
    store.update(p, at(2024, 2, 1)).unwrap();
    let report = export::site(&store, &out, &html_options(false), &mut |_, _| {}).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("mine/page/index.html")).unwrap(),
        "the owner's",
        "a file Quire did not write is left alone"
    );
    assert_eq!(reasons(&report), [pair("hello", "/mine/page/")]);
    assert!(
        report.skipped_aliases[0].reason.contains("did not write"),
        "{:?}",
        report.skipped_aliases
    );
    assert_redirect(&out, "old/hello.html", "other");
    assert_eq!(
        std::fs::metadata(&kept).unwrap().modified().unwrap(),
        mtime,
        "an unchanged redirect page is not written again"
    );

    // Its aliases gone, its redirect pages go (and their empty folders).
    let mut p = store.get(hello).unwrap();
    p.aliases.clear();
    store.update(p, at(2024, 2, 2)).unwrap();
    export::site(&store, &out, &html_options(false), &mut |_, _| {}).unwrap();
    assert!(
        !out.join("2019").exists(),
        "the removed alias's page is gone"
    );
    assert!(!out.join("café").exists());
    assert!(out.join("old/hello.html").is_file(), "other's stays");
    assert!(out.join("mine/page/index.html").is_file());
}

#[test]
fn hugo_builds_its_own_alias_pages_from_the_markdown_export() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path().join("hugo.db")).unwrap();
    store
        .save_site(&Site {
            base_url: "https://example.org".into(),
            ..site()
        })
        .unwrap();
    store
        .create(
            post("hello", 2, &["/2019/05/hello/", "/old/hello.html"]),
            at(2024, 1, 10),
        )
        .unwrap();
    let root = tmp.path().join("hugo");
    let options = SiteOptions {
        format: Format::Markdown(Flavor::Hugo),
        include_drafts: false,
        now: at(2026, 1, 1),
    };
    export::site(&store, &root, &options, &mut |_, _| {}).unwrap();
    hugo_site(&root);
    run_hugo(&root);
    for alias in ["public/2019/05/hello/index.html", "public/old/hello.html"] {
        let page = std::fs::read_to_string(root.join(alias))
            .unwrap_or_else(|e| panic!("hugo wrote {alias} ({e})"));
        assert!(
            page.contains("http-equiv=\"refresh\"")
                && page.contains("https://example.org/posts/hello/"),
            "{alias} sends to the post: {page}"
        );
    }
    assert!(root.join("public/posts/hello/index.html").is_file());
}

/// Front-matter keys kept from an import, for every flavor: some Quire's
/// own (never written from here), the rest of every JSON shape.
fn post_with_extra() -> Post {
    let mut p = post("kept", 3, &["/2019/05/kept/", "/old/kept.html"]);
    p.author = "Ana".into();
    let map = |v: Value| v.as_object().unwrap().clone();
    p.extra.insert(
        "hugo".into(),
        map(json!({
            "weight": 3, "toc": true, "series": ["a", "b"], "ratio": 1.5, "big": 1e300,
            "params": {"x": "y: z # not a comment", "n": null, "deep": [{"k": "v"}]},
            "nothing": null, "yes": "a key YAML 1.1 reads as true",
            "odd key": "line\nbreak \"quoted\" \\ back",
            "Title": "not the title", "draft": true, "aliases": ["/no/"], "url": "/elsewhere/"
        })),
    );
    p.extra.insert(
        "jekyll".into(),
        map(json!({"sidebar": {"nav": "docs"}, "layout": "other", "permalink": "/x/", "toc": false})),
    );
    p.extra.insert(
        "astro".into(),
        map(json!({"featured": true, "heroImage": "no.png", "pubDate": "2000-01-01"})),
    );
    p.extra.insert(
        "zola".into(),
        map(json!({
            "weight": 2, "template": "page.html", "title": "no", "nothing": null,
            "path": "elsewhere", "in_search_index": false, "big": 18446744073709551615u64,
            "extra": {"toc": true, "author": "no", "n": null, "list": [1, null, 2]},
            "taxonomies": {"series": ["s"], "tags": ["no"]}
        })),
    );
    p
}

/// What each flavor must keep of [`post_with_extra`]'s keys, as JSON.
fn expected(flavor: Flavor) -> Value {
    match flavor {
        Flavor::Hugo => json!({
            "weight": 3, "toc": true, "series": ["a", "b"], "ratio": 1.5, "big": 1e300,
            "params": {"x": "y: z # not a comment", "n": null, "deep": [{"k": "v"}]},
            "nothing": null, "yes": "a key YAML 1.1 reads as true",
            "odd key": "line\nbreak \"quoted\" \\ back"
        }),
        Flavor::Jekyll => json!({"sidebar": {"nav": "docs"}, "toc": false}),
        Flavor::Astro => json!({"featured": true}),
        Flavor::Zola => json!({"weight": 2, "template": "page.html", "in_search_index": false}),
    }
}

#[test]
fn front_matter_carries_aliases_and_the_kept_keys_of_its_own_flavor() {
    let p = post_with_extra();
    let site = site();
    for flavor in [Flavor::Hugo, Flavor::Jekyll, Flavor::Astro] {
        let md = export::markdown(&p, &site, flavor).unwrap();
        let (fm, _) = split_front_matter(&md, "---");
        let yaml: serde_yaml::Value = serde_yaml::from_str(fm)
            .unwrap_or_else(|e| panic!("{flavor}: YAML parses ({e}):\n{fm}"));
        let got: Value = serde_json::to_value(&yaml).unwrap();
        let alias_key = if flavor == Flavor::Jekyll {
            "redirect_from"
        } else {
            "aliases"
        };
        assert_eq!(
            got[alias_key],
            json!(["/2019/05/kept/", "/old/kept.html"]),
            "{flavor}: the old addresses under `{alias_key}`"
        );
        for (key, value) in expected(flavor).as_object().unwrap() {
            assert_eq!(
                &got[key], value,
                "{flavor}: kept `{key}` reads back as it was\n{fm}"
            );
        }
        assert_eq!(
            got["title"], "The kept post",
            "{flavor}: Quire's title stays"
        );
        let own: Vec<&str> = match flavor {
            Flavor::Hugo => vec!["Title", "url"],
            Flavor::Jekyll => vec!["permalink"],
            _ => vec![],
        };
        for key in own {
            assert!(
                got.get(key).is_none(),
                "{flavor}: `{key}` is Quire's to decide"
            );
        }
        match flavor {
            Flavor::Hugo => assert_eq!(got["draft"], false),
            Flavor::Jekyll => assert_eq!(got["layout"], "post"),
            _ => {
                assert!(got.get("heroImage").is_none(), "no cover: no heroImage");
                assert_eq!(got["pubDate"], "2024-01-03T09:00:00Z");
            }
        }
        for (other, key) in [
            (Flavor::Jekyll, "sidebar"),
            (Flavor::Astro, "featured"),
            (Flavor::Zola, "template"),
            (Flavor::Hugo, "series"),
        ] {
            if other != flavor {
                assert!(
                    got.get(key).is_none(),
                    "{flavor}: {other}'s keys are not written"
                );
            }
        }
        let lines: Vec<&str> = fm.lines().collect();
        let quire_last = lines
            .iter()
            .position(|l| l.starts_with("draft:") || l.starts_with("published:"))
            .expect("Quire's last key");
        for key in expected(flavor).as_object().unwrap().keys() {
            let at = lines
                .iter()
                .position(|l| {
                    l.starts_with(&format!("{key}:")) || l.starts_with(&format!("\"{key}\":"))
                })
                .unwrap_or_else(|| panic!("{flavor}: `{key}` is written\n{fm}"));
            assert!(
                at > quire_last,
                "{flavor}: kept `{key}` comes after Quire's keys"
            );
        }
    }

    let md = export::markdown(&p, &site, Flavor::Zola).unwrap();
    let (fm, _) = split_front_matter(&md, "+++");
    let toml: toml::Table =
        toml::from_str(fm).unwrap_or_else(|e| panic!("TOML parses ({e}):\n{fm}"));
    let got: Value = serde_json::to_value(&toml).unwrap();
    assert_eq!(got["aliases"], json!(["/2019/05/kept/", "/old/kept.html"]));
    for (key, value) in expected(Flavor::Zola).as_object().unwrap() {
        assert_eq!(&got[key], value, "zola: kept `{key}`\n{fm}");
    }
    assert_eq!(got["title"], "The kept post");
    for left_out in ["nothing", "path", "big"] {
        assert!(
            got.get(left_out).is_none(),
            "zola: `{left_out}` is not written\n{fm}"
        );
    }
    assert_eq!(
        got["taxonomies"]["series"],
        json!(["s"]),
        "kept taxonomies join Quire's table"
    );
    assert_eq!(got["taxonomies"]["tags"], json!(["x"]), "Quire's tags stay");
    assert_eq!(
        got["extra"],
        json!({"author": "Ana", "toc": true, "list": [1, 2]}),
        "kept [extra] keys join Quire's, null left out, Quire's author stays"
    );
}
