//! Export: the seed article against golden files, standalone HTML metadata,
//! front matter each generator parses (and real `hugo`, `jekyll` and
//! `astro` builds), and whole sites on real SQLite stores — links, feeds,
//! drafts, atomicity; links between posts and posts' old addresses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use quire::export::{self, Flavor, Format, SiteOptions};
use quire::render::{self, MAX_RELATED, choose_related};
use quire::store::ListQuery;
use quire::{Error, Post, Section, Site, Status, Store};
use scraper::Html;

use crate::render::{golden, seed_candidates, seed_post, seed_site, sel};

mod agree;
mod aliases;
mod folder;
mod images;
mod links;

pub(crate) use agree::corpus_store;

fn seed_html() -> String {
    let post = seed_post();
    let candidates = seed_candidates();
    let related = choose_related(&post, &candidates, MAX_RELATED);
    export::html(&post, &related, &seed_site()).expect("the seed exports")
}

#[test]
fn seed_article_matches_the_golden_files() {
    golden("ethics-of-ai.html", &seed_html());
    let post = seed_post();
    let candidates = seed_candidates();
    let related = choose_related(&post, &candidates, MAX_RELATED);
    golden(
        "ethics-of-ai.preview.html",
        &render::preview(&post, &related, &seed_site()).unwrap(),
    );
    for flavor in Flavor::ALL {
        let md = export::markdown(&post, &seed_site(), flavor).unwrap();
        golden(&format!("ethics-of-ai.{flavor}.md"), &md);
    }
}

#[test]
fn exports_are_deterministic() {
    assert_eq!(seed_html(), seed_html(), "same post, same bytes");
    let post = seed_post();
    for flavor in Flavor::ALL {
        assert_eq!(
            export::markdown(&post, &seed_site(), flavor).unwrap(),
            export::markdown(&post, &seed_site(), flavor).unwrap()
        );
    }
}

#[test]
fn standalone_html_carries_its_metadata_and_style() {
    let html = seed_html();
    let doc = Html::parse_document(&html);
    let post = seed_post();
    let attr = |q: &str, a: &str| -> Option<String> {
        doc.select(&sel(q))
            .next()
            .and_then(|e| e.value().attr(a).map(String::from))
    };
    assert_eq!(attr("html", "lang").as_deref(), Some("en"), "<html lang>");
    assert_eq!(
        attr("meta[name=description]", "content"),
        Some(post.summary.clone()),
        "description from the summary"
    );
    assert_eq!(
        attr("meta[property='og:title']", "content"),
        Some(post.title.clone())
    );
    assert_eq!(
        attr("meta[property='og:type']", "content").as_deref(),
        Some("article")
    );
    let url = "https://weprintonstuff.example/blog/posts/ethics-of-ai-in-marketing/";
    assert_eq!(
        attr("link[rel=canonical]", "href").as_deref(),
        Some(url),
        "canonical link from base_url"
    );
    assert_eq!(
        attr("meta[property='og:url']", "content").as_deref(),
        Some(url)
    );
    assert!(
        doc.select(&sel("head style")).next().is_some()
            && doc.select(&sel("link[rel=stylesheet]")).next().is_none(),
        "the stylesheet is inlined: one file"
    );
    assert!(
        html.contains("prefers-color-scheme: dark") && html.contains("@media print"),
        "the default style has dark and print variants"
    );
    let ld: serde_json::Value = serde_json::from_str(
        &doc.select(&sel("script[type='application/ld+json']"))
            .next()
            .expect("a JSON-LD block")
            .text()
            .collect::<String>(),
    )
    .expect("JSON-LD parses");
    assert_eq!(ld["@type"], "BlogPosting");
    assert_eq!(ld["headline"], post.title.as_str());
    assert_eq!(ld["datePublished"], "2023-10-06T09:00:00Z");
    assert_eq!(ld["url"], url);

    let mut hostile = post.clone();
    hostile.title = "</script><script>alert(1)</script>".into();
    let html = export::html(&hostile, &[], &Site::default()).unwrap();
    assert_eq!(
        html.matches("<script").count(),
        1,
        "a title cannot close the JSON-LD script"
    );
    assert!(
        !html.contains("<link rel=\"canonical\""),
        "no canonical link without a base URL"
    );
}

fn tricky_post() -> Post {
    Post {
        id: Some(3),
        slug: "tricky-post".into(),
        title: "Yes: \"quotes\", 'single', # hash & a \\ backslash".into(),
        summary: "Line one\nline two: --- +++ \u{7}bell\ttab".into(),
        author: "O'Brien".into(),
        category: "null".into(),
        tags: vec!["yes".into(), "2023".into(), "- dash".into(), "[x]".into()],
        status: Status::Draft,
        publish_at: Some(Utc.with_ymd_and_hms(2024, 2, 29, 23, 30, 0).unwrap()),
        sections: vec![Section::new("Ends with #", "Body.")],
        takeaways: vec!["**One**".into()],
        ..Post::default()
    }
}

/// The front matter block of a Markdown export and the body after it.
fn split_front_matter<'a>(md: &'a str, fence: &str) -> (&'a str, &'a str) {
    let rest = md
        .strip_prefix(&format!("{fence}\n"))
        .expect("front matter opens the file");
    let end = rest
        .find(&format!("\n{fence}\n"))
        .expect("front matter is closed");
    (&rest[..end + 1], &rest[end + fence.len() + 2..])
}

#[test]
fn front_matter_parses_for_every_flavor() {
    let post = tricky_post();
    let site = Site::default();
    for flavor in [Flavor::Hugo, Flavor::Jekyll, Flavor::Astro] {
        let md = export::markdown(&post, &site, flavor).unwrap();
        let (fm, body) = split_front_matter(&md, "---");
        let v: serde_yaml::Value = serde_yaml::from_str(fm)
            .unwrap_or_else(|e| panic!("{flavor} front matter is YAML: {e}\n{fm}"));
        assert_eq!(v["title"].as_str(), Some(post.title.as_str()), "{flavor}");
        assert_eq!(v["slug"].as_str(), Some("tricky-post"), "{flavor}");
        let tags: Vec<&str> = v["tags"]
            .as_sequence()
            .expect("tags list")
            .iter()
            .map(|t| t.as_str().expect("every tag stays a string"))
            .collect();
        assert_eq!(tags, ["yes", "2023", "- dash", "[x]"], "{flavor}");
        let summary_key = if flavor == Flavor::Hugo {
            "summary"
        } else {
            "description"
        };
        assert_eq!(
            v[summary_key].as_str(),
            Some(post.summary.as_str()),
            "{flavor}"
        );
        assert_eq!(v["author"].as_str(), Some("O'Brien"));
        match flavor {
            Flavor::Jekyll => {
                assert_eq!(
                    v["published"].as_bool(),
                    Some(false),
                    "a draft is unpublished"
                );
                assert_eq!(v["categories"][0].as_str(), Some("null"));
                assert_eq!(v["layout"].as_str(), Some("post"));
            }
            Flavor::Astro => {
                assert_eq!(v["draft"].as_bool(), Some(true));
                assert!(
                    v["pubDate"]
                        .as_str()
                        .is_some_and(|d| d.starts_with("2024-02-29T23:30:00"))
                );
                assert_eq!(v["category"].as_str(), Some("null"));
            }
            _ => {
                assert_eq!(v["draft"].as_bool(), Some(true));
                assert_eq!(v["date"].as_str(), Some("2024-02-29T23:30:00Z"));
                assert_eq!(
                    v["categories"][0].as_str(),
                    Some("null"),
                    "`null` stays a string"
                );
            }
        }
        assert!(
            body.contains("## Ends with \\#\n") && body.contains("## Key Takeaways\n\n- **One**\n"),
            "{flavor} body: {body}"
        );
    }
    let md = export::markdown(&post, &site, Flavor::Zola).unwrap();
    let (fm, _) = split_front_matter(&md, "+++");
    let v: toml::Table = fm
        .parse()
        .unwrap_or_else(|e| panic!("Zola front matter is TOML: {e}\n{fm}"));
    assert_eq!(v["title"].as_str(), Some(post.title.as_str()));
    assert_eq!(v["description"].as_str(), Some(post.summary.as_str()));
    assert_eq!(v["draft"].as_bool(), Some(true));
    assert_eq!(
        v["date"].as_datetime().map(|d| d.to_string()).as_deref(),
        Some("2024-02-29T23:30:00Z"),
        "a native TOML datetime"
    );
    assert_eq!(v["taxonomies"]["tags"].as_array().map(|a| a.len()), Some(4));
    assert_eq!(v["taxonomies"]["categories"][0].as_str(), Some("null"));
    assert_eq!(v["extra"]["author"].as_str(), Some("O'Brien"));
}

#[test]
fn markdown_export_keeps_every_section_in_order_even_without_a_heading() {
    let post = Post {
        title: "Sections".into(),
        sections: vec![
            Section::new("One", "Alpha text."),
            Section::new("", "Beta text, under no heading."),
            Section::new("Three", "Gamma text."),
        ],
        takeaways: vec!["Delta.".into()],
        ..Post::default()
    };
    for flavor in [Flavor::Hugo, Flavor::Jekyll, Flavor::Zola, Flavor::Astro] {
        let md = export::markdown(&post, &Site::default(), flavor).unwrap();
        let fence = if flavor == Flavor::Zola { "+++" } else { "---" };
        let (_, body) = split_front_matter(&md, fence);
        let at = |needle: &str| {
            body.find(needle)
                .unwrap_or_else(|| panic!("{flavor}: {needle:?} missing from\n{body}"))
        };
        let order = [
            at("## One"),
            at("Alpha text."),
            at("Beta text, under no heading."),
            at("## Three"),
            at("Gamma text."),
            at("## Key Takeaways"),
            at("Delta."),
        ];
        assert!(
            order.windows(2).all(|w| w[0] < w[1]),
            "{flavor}: sections in order\n{body}"
        );
        assert_eq!(
            body.matches("\n## ").count() + usize::from(body.starts_with("## ")),
            3,
            "{flavor}: no heading made up for the second section\n{body}"
        );
    }
}

#[test]
fn file_names_come_from_the_slug_only() {
    let mut post = seed_post();
    assert_eq!(
        export::file_name(&post, &utc_site(), Format::Html),
        "ethics-of-ai-in-marketing.html"
    );
    assert_eq!(
        export::file_name(&post, &utc_site(), Format::Markdown(Flavor::Hugo)),
        "ethics-of-ai-in-marketing.md"
    );
    assert_eq!(
        export::file_name(&post, &utc_site(), Format::Markdown(Flavor::Jekyll)),
        "2023-10-06-ethics-of-ai-in-marketing.md"
    );
    post.slug = "../../etc/passwd".into();
    let name = export::file_name(&post, &utc_site(), Format::Html);
    assert!(
        !name.contains('/') && !name.contains(".."),
        "a bad slug never reaches the disk: {name}"
    );
    assert_eq!("zola".parse::<Flavor>().unwrap(), Flavor::Zola);
    assert!(matches!(
        "word".parse::<Flavor>(),
        Err(Error::Validation(_))
    ));
}

/// The minimal Hugo settings under which Quire's Markdown shows the
/// preview's text (the README lists them): raw HTML kept, and two
/// extensions off that read more than CommonMark (definition lists, bare
/// URLs made links).
pub(crate) const HUGO_SETTINGS: &str = "[markup.goldmark.renderer]\nunsafe = true\n\
     [markup.goldmark.extensions]\ndefinitionList = false\nlinkify = false\n";

pub(crate) fn hugo_site(dir: &Path) {
    std::fs::create_dir_all(dir.join("layouts/_default")).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "baseURL = 'https://example.org/'\ntitle = 'Test'\ndisableKinds = ['RSS', 'sitemap', 'taxonomy', 'term', 'robotsTXT', '404']\n\
             [taxonomies]\ntag = 'tags'\ncategory = 'categories'\n{HUGO_SETTINGS}"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("layouts/_default/single.html"),
        "<h1>{{ .Title }}</h1><time>{{ .Date.Format \"2006-01-02T15:04\" }}</time>\
         {{ with .Params.cover }}<img class=\"cover\" src=\"{{ .image }}\" alt=\"{{ .alt }}\">{{ end }}\
         <p class=\"summary\">{{ .Summary }}</p>\
         <ul>{{ range .Params.tags }}<li class=\"tag\">{{ . }}</li>{{ end }}</ul>\
         <ul>{{ range .Params.categories }}<li class=\"cat\">{{ . }}</li>{{ end }}</ul>\
         <div class=\"post-content\">{{ .Content }}</div>",
    )
    .unwrap();
    std::fs::write(
        dir.join("layouts/_default/list.html"),
        "{{ range .Pages }}{{ .Title }}{{ end }}",
    )
    .unwrap();
}

pub(crate) fn run_hugo(dir: &Path) {
    let mut hugo = Command::new("/usr/bin/hugo");
    hugo.args(["--quiet", "--source"])
        .arg(dir)
        .args(["--destination", "public"]);
    build("hugo", hugo);
}

/// Runs a static-site generator's build; its output is the failure message.
pub(crate) fn build(generator: &str, mut command: Command) {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{generator} is installed (make test-deps): {e}"));
    assert!(
        out.status.success(),
        "{generator} builds Quire's Markdown: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Writes the seed article, a published post whose title and tags look
/// like YAML, and a draft into `dir`, as `flavor` names and writes them;
/// returns the first two.
fn write_generator_posts(dir: &Path, flavor: Flavor) -> (Post, Post) {
    let site = seed_site();
    let post = seed_post();
    let mut tricky = tricky_post();
    tricky.status = Status::Published;
    let mut draft = tricky_post();
    draft.slug = "a-draft".into();
    for p in [&post, &tricky, &draft] {
        std::fs::write(
            dir.join(export::file_name(p, &site, Format::Markdown(flavor))),
            export::markdown(p, &site, flavor).unwrap(),
        )
        .unwrap();
    }
    (post, tricky)
}

/// Checks what `generator` built from [`write_generator_posts`] into
/// `pages` (a folder per slug): title, `date` as its layout prints the
/// seed's date, tags, category, summary, the `##` sections, the tricky
/// post's title, no page for the draft. Returns the tricky post's page.
fn assert_generator_pages(
    generator: &str,
    pages: &Path,
    date: &str,
    post: &Post,
    tricky: &Post,
) -> Html {
    let page = std::fs::read_to_string(pages.join(&post.slug).join("index.html"))
        .unwrap_or_else(|_| panic!("{generator} used our slug for the URL"));
    let doc = Html::parse_document(&page);
    let text =
        |q: &str| -> Vec<String> { doc.select(&sel(q)).map(|e| e.text().collect()).collect() };
    assert_eq!(
        text("h1"),
        vec![post.title.clone()],
        "{generator} read the title"
    );
    assert_eq!(text("time"), [date], "{generator} read the date");
    assert_eq!(
        text(".tag"),
        ["AI", "marketing", "privacy", "ethics"],
        "{generator} read the tags"
    );
    assert_eq!(text(".cat"), ["Time for Designs"]);
    assert_eq!(
        text(".summary"),
        vec![post.summary.clone()],
        "{generator} read the summary"
    );
    assert_eq!(
        doc.select(&sel("h2")).count(),
        post.sections.len() + 1,
        "sections and Key Takeaways as ## headings"
    );
    let tricky_page = std::fs::read_to_string(pages.join(&tricky.slug).join("index.html"))
        .expect("a post with quotes and newlines builds");
    let doc = Html::parse_document(&tricky_page);
    let title: String = doc.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(title, tricky.title);
    assert!(
        !pages.join("a-draft").exists(),
        "{generator} leaves out what Quire marks as a draft"
    );
    doc
}

/// The tags shown on a page built by [`assert_generator_pages`]'s layouts.
fn shown_tags(doc: &Html) -> Vec<String> {
    doc.select(&sel(".tag"))
        .map(|e| e.text().collect())
        .collect()
}

#[test]
fn hugo_builds_the_markdown_export_with_title_date_and_tags() {
    let tmp = tempfile::tempdir().unwrap();
    hugo_site(tmp.path());
    let posts = tmp.path().join("content/posts");
    std::fs::create_dir_all(&posts).unwrap();
    let (post, tricky) = write_generator_posts(&posts, Flavor::Hugo);
    run_hugo(tmp.path());
    let pages = tmp.path().join("public/posts");
    assert_generator_pages("hugo", &pages, "2023-10-06T09:00", &post, &tricky);
}

/// The minimal Jekyll settings under which Quire's Markdown shows the
/// preview's text (the README lists them): kramdown reading GitHub-flavoured
/// Markdown, no hard line breaks. (Each post's front matter also turns
/// Liquid off: `render_with_liquid: false`.)
pub(crate) const JEKYLL_SETTINGS: &str =
    "markdown: kramdown\nkramdown:\n  input: GFM\n  hard_wrap: false\n";

/// A minimal Jekyll site: posts at `/posts/{slug}/`, a layout that shows
/// what the front matter said, dates in UTC.
pub(crate) fn jekyll_site(dir: &Path) {
    std::fs::create_dir_all(dir.join("_layouts")).unwrap();
    std::fs::create_dir_all(dir.join("_posts")).unwrap();
    std::fs::write(
        dir.join("_config.yml"),
        format!(
            "title: Test\nurl: https://example.org\ntimezone: UTC\npermalink: /posts/:slug/\n{JEKYLL_SETTINGS}"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("_layouts/post.html"),
        "<h1>{{ page.title }}</h1><time>{{ page.date | date: \"%Y-%m-%dT%H:%M\" }}</time>\
         {% if page.image %}<img class=\"cover\" src=\"{{ page.image.path }}\" alt=\"{{ page.image.alt }}\">{% endif %}\
         <p class=\"summary\">{{ page.description }}</p>\
         <ul>{% for t in page.tags %}<li class=\"tag\">{{ t }}</li>{% endfor %}</ul>\
         <ul>{% for c in page.categories %}<li class=\"cat\">{{ c }}</li>{% endfor %}</ul>\
         <div class=\"post-content\">{{ content }}</div>",
    )
    .unwrap();
}

#[test]
fn jekyll_builds_the_markdown_export_with_title_date_and_tags() {
    let tmp = tempfile::tempdir().unwrap();
    jekyll_site(tmp.path());
    let (post, tricky) = write_generator_posts(&tmp.path().join("_posts"), Flavor::Jekyll);
    let mut jekyll = Command::new("/usr/bin/jekyll");
    jekyll
        .args(["build", "--quiet", "--source"])
        .arg(tmp.path())
        .arg("--destination")
        .arg(tmp.path().join("_site"));
    build("jekyll", jekyll);
    let pages = tmp.path().join("_site/posts");
    let tricky_page = assert_generator_pages("jekyll", &pages, "2023-10-06T09:00", &post, &tricky);
    assert_eq!(
        shown_tags(&tricky_page),
        tricky.tags,
        "tags that look like YAML stay strings"
    );
}

/// The minimal Astro site of `tests/astro` in `dir`: its sources copied,
/// its `node_modules` (installed there by `make test-deps`) linked.
pub(crate) fn astro_site(dir: &Path) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/astro");
    assert!(
        fixture.join("node_modules/.bin/astro").exists(),
        "Astro is installed in tests/astro (make test-deps runs `npm ci` there)"
    );
    for file in [
        "package.json",
        "astro.config.mjs",
        "src/content/config.ts",
        "src/pages/posts/[slug].astro",
    ] {
        let to = dir.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture.join(file), &to).unwrap();
    }
    std::os::unix::fs::symlink(fixture.join("node_modules"), dir.join("node_modules")).unwrap();
    std::fs::create_dir_all(dir.join("src/content/blog")).unwrap();
}

#[test]
fn astro_builds_the_markdown_export_with_title_date_and_tags() {
    let tmp = tempfile::tempdir().unwrap();
    astro_site(tmp.path());
    let posts = tmp.path().join("src/content/blog");
    let (post, tricky) = write_generator_posts(&posts, Flavor::Astro);
    let mut astro = Command::new(tmp.path().join("node_modules/.bin/astro"));
    astro
        .arg("build")
        .current_dir(tmp.path())
        .env("ASTRO_TELEMETRY_DISABLED", "1");
    build("astro", astro);
    let pages = tmp.path().join("dist/posts");
    let date = "2023-10-06T09:00:00.000Z";
    let tricky_page = assert_generator_pages("astro", &pages, date, &post, &tricky);
    assert_eq!(
        shown_tags(&tricky_page),
        tricky.tags,
        "tags that look like YAML stay strings (the schema says so)"
    );
}

// ---- stored posts and whole sites ----

/// Default settings in UTC, so dates do not depend on the machine's zone.
pub(crate) fn utc_site() -> Site {
    Site {
        timezone: "UTC".into(),
        ..Site::default()
    }
}

pub(crate) fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap()
}

/// A store holding the seed article, its related posts (published), one
/// draft and one scheduled post.
pub(crate) fn seeded_store(dir: &Path) -> Store {
    let mut store = Store::open(dir.join("quire.db")).expect("open store");
    let site = seed_site();
    store.save_site(&site).expect("settings");
    for c in seed_candidates() {
        let post = Post {
            slug: c.slug.clone(),
            title: c.title.clone(),
            summary: c.summary.clone(),
            author: c.author.clone(),
            category: c.category.clone(),
            tags: c.tags.clone(),
            status: Status::Published,
            publish_at: c.publish_at,
            sections: vec![Section::new("Intro", format!("About *{}*.", c.title))],
            ..Post::default()
        };
        store
            .create(post, at(2023, 10, 1))
            .expect("create candidate");
    }
    let mut seed = seed_post();
    seed.id = None;
    seed.revision = 0;
    store.create(seed, at(2023, 10, 6)).expect("create seed");
    for (slug, status) in [
        ("secret-draft", Status::Draft),
        ("coming-soon", Status::Scheduled),
    ] {
        store
            .create(
                Post {
                    slug: slug.into(),
                    title: format!("Not yet: {slug}"),
                    status,
                    publish_at: Some(at(2030, 1, 1)),
                    tags: vec!["ai".into()],
                    sections: vec![Section::new("S", "text")],
                    ..Post::default()
                },
                at(2023, 10, 7),
            )
            .expect("create unpublished");
    }
    store
}

fn published_slugs(store: &Store) -> BTreeSet<String> {
    store
        .list(&ListQuery {
            status: Some(Status::Published),
            ..ListQuery::default()
        })
        .unwrap()
        .into_iter()
        .map(|p| p.slug)
        .collect()
}

/// Every file under `dir`, relative, with its bytes; not Quire's manifest
/// (it records when each file was written).
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path == dir.join(export::folder::MANIFEST) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    files
}

pub(crate) fn html_options(include_drafts: bool) -> SiteOptions {
    SiteOptions {
        format: Format::Html,
        include_drafts,
        now: at(2026, 1, 1),
    }
}

#[test]
fn export_post_from_the_store_uses_published_related_posts() {
    let tmp = tempfile::tempdir().unwrap();
    let store = seeded_store(tmp.path());
    let id = store.resolve("ethics-of-ai-in-marketing").unwrap();
    let (name, html) = export::post(&store, id, Format::Html).unwrap();
    assert_eq!(name, "ethics-of-ai-in-marketing.html");
    let doc = Html::parse_document(&html);
    let related: Vec<&str> = doc
        .select(&sel(".read-next a"))
        .filter_map(|a| a.value().attr("data-slug"))
        .collect();
    assert_eq!(
        related,
        [
            "microsoft-acquisition-of-github",
            "toyota-recall-crisis-management",
            "print-campaign-mistakes",
            "customized-workwear-guide",
            "band-merch-evolution",
            "personalize-your-ride-car-stickers"
        ],
        "the store's candidates give the seed's list; drafts sharing tags are not suggested"
    );
    let (name, md) = export::post(&store, id, Format::Markdown(Flavor::Jekyll)).unwrap();
    assert_eq!(name, "2023-10-06-ethics-of-ai-in-marketing.md");
    assert!(md.starts_with("---\nlayout: post\n"));
    assert!(matches!(
        export::post(&store, 9_999, Format::Html),
        Err(Error::NotFound(_))
    ));
}

/// Checks that every relative link and asset of every HTML page under
/// `root` points at a file inside `root`.
fn assert_links_resolve(root: &Path) -> usize {
    let root = root.canonicalize().unwrap();
    let mut checked = 0;
    for (rel, bytes) in snapshot(&root) {
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = root.join(&rel);
        let doc = Html::parse_document(std::str::from_utf8(&bytes).unwrap());
        for el in doc.select(&sel("a[href], link[href], img[src], script[src]")) {
            let target = el.value().attr("href").or(el.value().attr("src")).unwrap();
            if target.starts_with('#') || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let path = target.split(['#', '?']).next().unwrap();
            let mut file = page.parent().unwrap().join(path);
            if path.is_empty() || path.ends_with('/') || file.is_dir() {
                file = file.join("index.html");
            }
            let resolved = file
                .canonicalize()
                .unwrap_or_else(|_| panic!("{}: link {target} does not resolve", rel.display()));
            assert!(
                resolved.starts_with(&root),
                "{}: link {target} leaves the site",
                rel.display()
            );
            checked += 1;
        }
    }
    checked
}

/// Text of every element named `name` in an XML document, which must parse.
fn xml_texts(xml: &str, name: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut found = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(String::from_utf8_lossy(e.name().as_ref()).into()),
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(t) if stack.last().is_some_and(|s| s == name) => {
                found.push(t.decode().unwrap().into_owned())
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "every element closed");
    found
}

fn slugs_in(urls: &[String]) -> BTreeSet<String> {
    urls.iter()
        .filter_map(|u| u.split("/posts/").nth(1))
        .map(|s| s.trim_end_matches('/').to_string())
        .collect()
}

#[test]
fn html_site_links_resolve_and_feeds_list_every_published_post() {
    let tmp = tempfile::tempdir().unwrap();
    let store = seeded_store(tmp.path());
    let out = tmp.path().join("site");
    let mut calls = Vec::new();
    let report = export::site(&store, &out, &html_options(false), &mut |d, t| {
        calls.push((d, t))
    })
    .expect("site exports");
    let published = published_slugs(&store);
    assert_eq!(report.posts, published.len());
    assert_eq!(report.dir, out);
    assert_eq!(
        calls.last(),
        Some(&(published.len(), published.len())),
        "progress ends at total"
    );
    for slug in &published {
        assert!(
            out.join("posts").join(slug).join("index.html").is_file(),
            "a page for {slug}"
        );
    }
    for unpublished in ["secret-draft", "coming-soon"] {
        assert!(
            !out.join("posts").join(unpublished).exists(),
            "{unpublished} is left out"
        );
    }
    for f in [
        "index.html",
        "style.css",
        "atom.xml",
        "rss.xml",
        "sitemap.xml",
        "tags/index.html",
        "tags/ai/index.html",
        "categories/time-for-designs/index.html",
    ] {
        assert!(out.join(f).is_file(), "{f} exists");
    }
    let links = assert_links_resolve(&out);
    assert!(links > 50, "links were checked ({links})");

    let base = "https://weprintonstuff.example/blog/posts/";
    let atom = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let rss = std::fs::read_to_string(out.join("rss.xml")).unwrap();
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert_eq!(
        slugs_in(&xml_texts(&atom, "id")),
        published,
        "Atom lists every published post"
    );
    assert_eq!(
        slugs_in(&xml_texts(&rss, "link")),
        published,
        "RSS lists every published post"
    );
    assert_eq!(
        slugs_in(&xml_texts(&sitemap, "loc")),
        published,
        "the sitemap lists every post"
    );
    assert!(
        xml_texts(&sitemap, "loc")
            .iter()
            .all(|u| u.starts_with("https://")),
        "absolute URLs"
    );
    assert!(xml_texts(&rss, "link").iter().any(|u| u.starts_with(base)));
    assert_eq!(
        rss.matches(r#"<guid isPermaLink="true">https://"#).count(),
        published.len(),
        "with a base URL each guid is the post's address (RSS wants lower-case true)"
    );

    let index = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    let listed: Vec<String> = index
        .select(&sel(".post-list a"))
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    assert_eq!(
        listed.first().map(String::as_str),
        Some("posts/ethics-of-ai-in-marketing/"),
        "index: newest first"
    );
    assert_eq!(listed.len(), published.len().min(10), "one page of ten");

    let again = tempfile::tempdir().unwrap();
    let out2 = again.path().join("site");
    export::site(&store, &out2, &html_options(false), &mut |_, _| {}).unwrap();
    let (a, b) = (snapshot(&out), snapshot(&out2));
    assert!(a == b, "a site export is deterministic");

    let tag_page = || std::fs::read_to_string(out.join("tags/ai/index.html")).unwrap();
    assert!(
        !tag_page().contains("secret-draft"),
        "a draft is not listed on its tag page"
    );

    export::site(&store, &out, &html_options(true), &mut |_, _| {}).expect("re-export with drafts");
    assert!(
        out.join("posts/secret-draft/index.html").is_file(),
        "drafts when asked"
    );
    assert!(out.join("posts/coming-soon/index.html").is_file());
    assert_links_resolve(&out);
    // A staging site shows the unpublished posts everywhere a post appears.
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let atom = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    for unpublished in ["secret-draft", "coming-soon"] {
        assert!(
            tag_page().contains(&format!("posts/{unpublished}/")),
            "{unpublished} is on its tag page"
        );
        assert!(
            slugs_in(&xml_texts(&sitemap, "loc")).contains(unpublished),
            "{unpublished} is in the sitemap"
        );
        assert!(
            slugs_in(&xml_texts(&atom, "id")).contains(unpublished),
            "{unpublished} is in the feed"
        );
    }
}

#[test]
fn index_is_paginated_and_every_page_links_on() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path().join("q.db")).unwrap();
    for i in 0..25 {
        store
            .create(
                Post {
                    title: format!("Post number {i}"),
                    status: Status::Published,
                    publish_at: Some(at(2024, 1, 1 + i)),
                    tags: vec![format!("t{}", i % 3)],
                    sections: vec![Section::new("S", "x")],
                    ..Post::default()
                },
                at(2024, 2, 1),
            )
            .unwrap();
    }
    let out = tmp.path().join("out");
    let report = export::site(&store, &out, &html_options(false), &mut |_, _| {}).unwrap();
    assert!(report.posts >= 25);
    let pages = report.posts.div_ceil(10);
    assert!(
        out.join(format!("page/{pages}/index.html")).is_file(),
        "last page"
    );
    assert!(!out.join(format!("page/{}/index.html", pages + 1)).exists());
    assert_links_resolve(&out);
    for file in ["rss.xml", "atom.xml", "sitemap.xml"] {
        assert!(
            !out.join(file).exists(),
            "without a base URL there is no {file}: its format needs absolute addresses"
        );
    }
    assert_eq!(
        report.notes,
        [export::NO_FEEDS],
        "the export says so once, with the setting to fix it"
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        !index.contains("atom.xml") && !index.contains("rss.xml"),
        "and no page links to a feed that is not there"
    );
    // More posts than a feed reader shows at once: the feeds and the
    // sitemap still list each one (with a base URL, so entries are URLs).
    let mut site = store.site().unwrap();
    site.base_url = "https://example.com".into();
    store.save_site(&site).unwrap();
    let report = export::site(&store, &out, &html_options(false), &mut |_, _| {}).unwrap();
    assert!(report.notes.is_empty(), "{:?}", report.notes);
    let published = published_slugs(&store);
    assert!(published.len() > 20);
    for (file, element) in [
        ("atom.xml", "id"),
        ("rss.xml", "link"),
        ("sitemap.xml", "loc"),
    ] {
        let xml = std::fs::read_to_string(out.join(file)).unwrap();
        assert_eq!(
            slugs_in(&xml_texts(&xml, element)),
            published,
            "{file} lists every published post"
        );
    }
}

#[test]
fn markdown_site_export_follows_each_generator_layout() {
    let tmp = tempfile::tempdir().unwrap();
    let store = seeded_store(tmp.path());
    // Scheduled posts too: dated ahead, for the generator to publish when due.
    let mut published = published_slugs(&store);
    published.insert("coming-soon".to_string());
    for flavor in Flavor::ALL {
        let out = tmp.path().join(format!("md-{flavor}"));
        let report = export::site(
            &store,
            &out,
            &SiteOptions {
                format: Format::Markdown(flavor),
                include_drafts: false,
                now: at(2026, 1, 1),
            },
            &mut |_, _| {},
        )
        .unwrap();
        assert_eq!(report.posts, published.len());
        let dir = out.join(flavor.content_dir());
        let names: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "_index.md")
            .collect();
        assert_eq!(
            names.len(),
            published.len(),
            "{flavor}: one file per published post"
        );
        if flavor == Flavor::Jekyll {
            assert!(names.contains("2023-10-06-ethics-of-ai-in-marketing.md"));
        } else {
            assert!(names.contains("ethics-of-ai-in-marketing.md"));
        }
    }
    // The Hugo export is a content folder Hugo builds as it is.
    let hugo = tmp.path().join("md-hugo");
    hugo_site(&hugo);
    run_hugo(&hugo);
    for slug in &published {
        let built = hugo
            .join("public/posts")
            .join(slug)
            .join("index.html")
            .is_file();
        if slug == "coming-soon" {
            assert!(
                !built,
                "a post scheduled for 2030 waits: Hugo builds it when its date comes"
            );
        } else {
            assert!(built, "hugo built {slug}");
        }
    }
    let hugo_md = std::fs::read_to_string(hugo.join("content/posts/coming-soon.md")).unwrap();
    assert!(
        hugo_md.contains("draft: false") && hugo_md.contains("publishDate: 2030-01-01T09:00:00"),
        "a scheduled post is no draft, dated ahead: {hugo_md}"
    );
}

#[test]
fn tags_whose_slugs_clash_keep_pages_of_their_own() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path().join("quire.db")).unwrap();
    let tagged: [(&str, &[&str], &str); 5] = [
        ("plain-c", &["C"], "Languages"),
        ("lower-c", &["c"], "Languages"),
        ("c-sharp", &["C#"], "Q&A"),
        ("c-plus-plus", &["C++", "Rust"], "Q-A"),
        ("rust-only", &["rust"], "languages"),
    ];
    for (slug, tags, category) in tagged {
        let post = Post {
            slug: slug.into(),
            title: format!("Post {slug}"),
            category: category.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            status: Status::Published,
            publish_at: Some(at(2024, 1, 1)),
            sections: vec![Section::new("S", "text")],
            ..Post::default()
        };
        store.create(post, at(2024, 1, 1)).unwrap();
    }
    let out = tmp.path().join("site");
    export::site(&store, &out, &html_options(false), &mut |_, _| {}).unwrap();
    assert_links_resolve(&out);

    // Each tag's page: its heading and the posts it lists.
    let listed = |page: &str| -> (String, BTreeSet<String>) {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let doc = Html::parse_document(&html);
        let h1 = doc.select(&sel("h1")).next().unwrap().text().collect();
        let posts = doc
            .select(&sel(".post-list a"))
            .filter_map(|a| a.value().attr("href"))
            .map(|h| {
                h.trim_matches(['.', '/'])
                    .trim_start_matches("posts/")
                    .to_string()
            })
            .collect();
        (h1, posts)
    };
    let set = |slugs: &[&str]| slugs.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    let (name, posts) = listed("tags/c/index.html");
    assert_eq!(posts, set(&["plain-c", "lower-c"]), "C and c are one tag");
    assert!(name == "C" || name == "c", "{name}");
    assert_eq!(
        listed("tags/c-2/index.html"),
        ("C#".into(), set(&["c-sharp"]))
    );
    assert_eq!(
        listed("tags/c-3/index.html"),
        ("C++".into(), set(&["c-plus-plus"]))
    );
    assert_eq!(
        listed("tags/rust/index.html").1,
        set(&["c-plus-plus", "rust-only"])
    );
    let overview =
        Html::parse_document(&std::fs::read_to_string(out.join("tags/index.html")).unwrap());
    let names: Vec<String> = overview
        .select(&sel(".post-list a"))
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert_eq!(
        names[1..],
        ["C#", "C++", "Rust"],
        "the overview goes by name"
    );
    // Categories follow the same rule.
    assert_eq!(
        listed("categories/languages/index.html").1,
        set(&["plain-c", "lower-c", "rust-only"])
    );
    assert_eq!(
        listed("categories/q-a/index.html"),
        ("Q-A".into(), set(&["c-plus-plus"]))
    );
    assert_eq!(
        listed("categories/q-a-2/index.html"),
        ("Q&A".into(), set(&["c-sharp"]))
    );
    let html = std::fs::read_to_string(out.join("posts/c-sharp/index.html")).unwrap();
    assert!(html.contains(r#"<a href="../../categories/q-a-2/">Q&amp;A</a>"#));

    // A post's page links each of its tags to that tag's own page.
    for (slug, tag, page) in [
        ("c-plus-plus", "C++", "../../tags/c-3/"),
        ("c-plus-plus", "Rust", "../../tags/rust/"),
        ("c-sharp", "C#", "../../tags/c-2/"),
        ("plain-c", "C", "../../tags/c/"),
    ] {
        let html =
            std::fs::read_to_string(out.join("posts").join(slug).join("index.html")).unwrap();
        let doc = Html::parse_document(&html);
        let href = doc
            .select(&sel(".tags a"))
            .find(|a| a.text().collect::<String>() == tag)
            .and_then(|a| a.value().attr("href").map(String::from));
        assert_eq!(href.as_deref(), Some(page), "{slug}: tag {tag}");
    }
}
