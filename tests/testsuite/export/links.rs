//! Links between posts (`quire:post/ID`) in every output: the HTML site
//! (a sibling page), a page on its own (the site's address), the preview
//! (`data-slug`), each Markdown flavor (what its generator resolves, built
//! by real Hugo, Jekyll and Astro); a link to a post the output lacks is
//! its text alone and reported; no `quire:` address reaches an `href`.

use std::path::Path;
use std::process::Command;

use pulldown_cmark::{Event, Tag};
use quire::export::{self, Flavor, Format, SiteOptions, UnresolvedLink};
use quire::render::links::{self, Links};
use quire::{Post, Section, Site, Status, Store};
use scraper::Html;

use super::{astro_site, at, build, hugo_site, jekyll_site, run_hugo, snapshot};
use crate::render::sel;

/// Ids of the posts of [`linked_store`].
struct Ids {
    linking: i64,
    target: i64,
    draft: i64,
}

/// The body of the linking post: every way to link to `target`, a link
/// to a draft and one to no post, and an address in code (not a link).
fn linking_body(target: i64, draft: i64) -> String {
    format!(
        "See [the target](quire:post/{target}#part \"Target\"), [again][t], <quire:post/{target}>, \
         [a draft](quire:post/{draft}) and [gone](quire:post/999).\n\n\
         Raw: <a href=\"quire:post/{target}\">raw link</a>.\n\n\
         Code: `[x](quire:post/{target})` stays.[^1]\n\n\
         [^1]: A note with [a link](quire:post/{target}).\n\n\
         [t]: quire:post/{target}\n"
    )
}

/// A store (settings `site`) with a published target post, a draft, and a
/// published post linking to both and to a post that does not exist.
fn linked_store(dir: &Path, site: &Site) -> (Store, Ids) {
    let mut store = Store::open(dir.join("links.db")).unwrap();
    store.save_site(site).unwrap();
    let post = |slug: &str, status: Status, body: String| Post {
        slug: slug.into(),
        title: format!("The {slug} post"),
        summary: format!("About {slug}."),
        status,
        publish_at: Some(at(2024, 1, 1)),
        tags: vec!["links".into()],
        sections: vec![Section::new("Part", body)],
        ..Post::default()
    };
    let now = at(2024, 1, 2);
    let target = store
        .create(
            post("target", Status::Published, "The target text.".into()),
            now,
        )
        .unwrap()
        .id
        .unwrap();
    let draft = store
        .create(post("draft-one", Status::Draft, "Not yet.".into()), now)
        .unwrap()
        .id
        .unwrap();
    let linking = store
        .create(
            post("linking", Status::Published, linking_body(target, draft)),
            now,
        )
        .unwrap()
        .id
        .unwrap();
    (
        store,
        Ids {
            linking,
            target,
            draft,
        },
    )
}

fn site_at(base_url: &str) -> Site {
    Site {
        timezone: "UTC".into(),
        site_name: "Links".into(),
        base_url: base_url.into(),
        ..Site::default()
    }
}

fn options(format: Format) -> SiteOptions {
    SiteOptions {
        format,
        include_drafts: false,
        now: at(2026, 1, 1),
    }
}

/// The `href`s of the links in the article's text, with their text.
fn text_links(html: &str) -> Vec<(String, String)> {
    let doc = Html::parse_document(html);
    doc.select(&sel(
        "main .section a[href], main .footnotes a[href]:not(.footnote-backref)",
    ))
    .filter(|a| a.value().attr("role") != Some("doc-noteref"))
    .map(|a| {
        (
            a.text().collect::<String>(),
            a.value().attr("href").unwrap_or_default().to_string(),
        )
    })
    .collect()
}

/// Every `href` and `src` of `html`.
fn addresses(html: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&sel("[href], [src]"))
        .flat_map(|e| [e.value().attr("href"), e.value().attr("src")])
        .flatten()
        .map(str::to_string)
        .collect()
}

fn assert_no_quire_address(what: &str, html: &str) {
    for a in addresses(html) {
        assert!(
            !a.trim().to_ascii_lowercase().starts_with("quire:"),
            "{what}: a `quire:` address reached a page: {a}"
        );
    }
}

/// The paragraph that names the draft and the missing post, as text.
fn missing_paragraph(html: &str) -> String {
    let doc = Html::parse_document(html);
    doc.select(&sel("main .section p"))
        .map(|p| p.text().collect::<String>())
        .find(|t| t.starts_with("See "))
        .expect("the paragraph of links")
}

#[test]
fn an_html_site_links_to_sibling_pages_and_reports_missing_targets() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, ids) = linked_store(tmp.path(), &site_at("https://example.org/blog"));
    let out = tmp.path().join("site");
    let report = export::site(&store, &out, &options(Format::Html), &mut |_, _| {}).unwrap();
    let page = std::fs::read_to_string(out.join("posts/linking/index.html")).unwrap();
    assert_eq!(
        text_links(&page),
        [
            ("the target", "../target/#part"),
            ("again", "../target/"),
            ("target", "../target/"),
            ("raw link", "../target/"),
            ("a link", "../target/"),
        ]
        .map(|(t, h)| (t.to_string(), h.to_string())),
        "every form of link leads to the target's page; an autolink shows its slug"
    );
    let doc = Html::parse_document(&page);
    let titled = doc.select(&sel("a[title=Target]")).next().unwrap();
    assert_eq!(titled.value().attr("href"), Some("../target/#part"));
    assert_eq!(
        missing_paragraph(&page),
        "See the target, again, target, a draft and gone.",
        "links to a draft and to no post are their text"
    );
    assert!(
        page.contains("<code>[x](quire:post/"),
        "an address in code stays as written"
    );
    for (rel, bytes) in snapshot(&out) {
        if rel.extension().is_some_and(|e| e == "html") {
            assert_no_quire_address(
                &rel.display().to_string(),
                &String::from_utf8(bytes).unwrap(),
            );
        }
    }
    assert!(
        out.join("posts/linking/../target/index.html").is_file(),
        "the link resolves"
    );
    assert_eq!(
        report.unresolved_links,
        [
            UnresolvedLink {
                post: ids.linking,
                slug: "linking".into(),
                target: ids.draft,
            },
            UnresolvedLink {
                post: ids.linking,
                slug: "linking".into(),
                target: 999,
            },
        ],
        "the draft (not exported) and the missing post are reported"
    );
    let note = report
        .notes
        .iter()
        .find(|n| n.starts_with("`linking` links to"))
        .expect("a note on the links");
    assert!(
        note.contains("`draft-one`") && note.contains("post 999 (no such post)"),
        "{note}"
    );

    // An unchanged re-export reports them again without reading the post.
    let again = export::site(&store, &out, &options(Format::Html), &mut |_, _| {}).unwrap();
    assert_eq!(again.written, 0, "nothing changed");
    assert_eq!(again.unresolved_links, report.unresolved_links);

    // The target's new slug reaches the linking page, which did not change.
    let mut store = store;
    let mut target = store.get(ids.target).unwrap();
    target.slug = "target-2".into();
    store.update(target, at(2024, 2, 1)).unwrap();
    export::site(&store, &out, &options(Format::Html), &mut |_, _| {}).unwrap();
    let page = std::fs::read_to_string(out.join("posts/linking/index.html")).unwrap();
    assert_eq!(text_links(&page)[0].1, "../target-2/#part");
}

#[test]
fn a_page_on_its_own_links_to_the_site_and_the_preview_lets_the_shell_open_posts() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut store, ids) = linked_store(tmp.path(), &site_at("https://example.org/blog"));
    let (_, page) = export::post(&store, ids.linking, Format::Html).unwrap();
    assert_eq!(
        text_links(&page)[..2],
        [
            (
                "the target".to_string(),
                "https://example.org/blog/posts/target/#part".to_string()
            ),
            (
                "again".to_string(),
                "https://example.org/blog/posts/target/".to_string()
            ),
        ],
        "a page on its own links to the posts' addresses on the site"
    );
    assert_eq!(
        missing_paragraph(&page),
        "See the target, again, target, a draft and gone."
    );
    assert_no_quire_address("export", &page);

    let post = store.get(ids.linking).unwrap();
    let preview = export::preview(&store, &post).unwrap().html;
    let doc = Html::parse_document(&preview);
    let opened: Vec<(&str, &str)> = doc
        .select(&sel(
            "main .section a[data-slug], main .footnotes a[data-slug]",
        ))
        .map(|a| {
            (
                a.value().attr("data-slug").unwrap(),
                a.value().attr("href").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        opened,
        [
            ("target", "../target/#part"),
            ("target", "../target/"),
            ("target", "../target/"),
            ("draft-one", "../draft-one/"),
            ("target", "../target/"),
            ("target", "../target/"),
        ],
        "the preview links as its related cards do, to every live post, with data-slug"
    );
    assert!(
        missing_paragraph(&preview).ends_with("a draft and gone."),
        "no post 999: text"
    );
    assert_no_quire_address("preview", &preview);
    let slugs = store.slugs_by_id(&links::targets(&post)).unwrap();
    assert_eq!(links::targets(&post), [ids.target, ids.draft, 999]);
    assert_eq!(links::unresolved(&post, &slugs), [999]);

    // No base URL: a page on its own has no address for other posts.
    store.save_site(&site_at("")).unwrap();
    let (_, page) = export::post(&store, ids.linking, Format::Html).unwrap();
    assert!(text_links(&page).is_empty(), "links are their text");
    assert_eq!(
        missing_paragraph(&page),
        "See the target, again, target, a draft and gone."
    );

    // A renderer given no posts shows every internal link as text.
    let bare = quire::render::preview(&post, &[], &Site::default()).unwrap();
    assert!(text_links(&bare).is_empty());
    assert_no_quire_address("render::preview", &bare);
    let mut known = Links::default();
    known.slugs.insert(ids.target, "target".into());
    assert_eq!(links::unresolved(&post, &known.slugs), [ids.draft, 999]);
}

/// The Markdown below the front matter of an exported file.
fn body(md: &str) -> &str {
    let fence = if md.starts_with("+++") {
        "+++\n"
    } else {
        "---\n"
    };
    md[fence.len()..].split_once(fence).unwrap().1
}

/// Every link destination and raw HTML `href` of a Markdown text, as
/// CommonMark reads it.
fn destinations(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let opts = pulldown_cmark::Options::ENABLE_FOOTNOTES;
    for event in pulldown_cmark::Parser::new_ext(md, opts) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => out.push(dest_url.to_string()),
            Event::Html(h) | Event::InlineHtml(h) => {
                if let Some((_, rest)) = h.split_once("href=\"") {
                    out.push(rest.split('"').next().unwrap().to_string());
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn each_markdown_flavor_links_as_its_generator_resolves() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut store, ids) = linked_store(tmp.path(), &site_at("https://example.org/blog"));
    for flavor in Flavor::ALL {
        let out = tmp.path().join(format!("md-{flavor}"));
        let report = export::site(
            &store,
            &out,
            &options(Format::Markdown(flavor)),
            &mut |_, _| {},
        )
        .unwrap();
        let name = match flavor {
            Flavor::Jekyll => "2024-01-01-linking.md",
            _ => "linking.md",
        };
        let md = std::fs::read_to_string(out.join(flavor.content_dir()).join(name)).unwrap();
        let to = match flavor {
            Flavor::Zola => "@/posts/target.md",
            _ => "/blog/posts/target/",
        };
        assert_eq!(
            destinations(body(&md)),
            [
                format!("{to}#part"),
                to.to_string(),
                to.to_string(),
                "/blog/posts/target/".to_string(),
                to.to_string(),
            ],
            "{flavor}: every link leads to the target (raw HTML by its address)\n{md}"
        );
        assert!(
            body(&md).contains("[again][t]") && body(&md).contains(&format!("[t]: {to}\n")),
            "{flavor}: a reference link keeps its definition, pointed at the target"
        );
        assert!(
            body(&md).contains("[target]("),
            "{flavor}: an autolink shows the slug"
        );
        assert!(
            body(&md).contains(", a draft and gone."),
            "{flavor}: links to the draft and to no post are text\n{md}"
        );
        assert_eq!(
            report.unresolved_links.len(),
            2,
            "{flavor}: the draft and the missing post are reported"
        );
    }

    // The target changes slug: the linking post's file, itself unchanged,
    // follows.
    let mut target = store.get(ids.target).unwrap();
    target.slug = "renamed".into();
    store.update(target, at(2024, 2, 1)).unwrap();
    let out = tmp.path().join("md-zola");
    export::site(
        &store,
        &out,
        &options(Format::Markdown(Flavor::Zola)),
        &mut |_, _| {},
    )
    .unwrap();
    let md = std::fs::read_to_string(out.join("content/posts/linking.md")).unwrap();
    assert!(
        md.contains("](@/posts/renamed.md#part \"Target\")"),
        "the link follows the new slug\n{md}"
    );
    assert_eq!(
        export::markdown_address(Flavor::Zola, &site_at(""), "a", true),
        "@/posts/a/index.md",
        "a post with images is a bundle: Zola names its index"
    );
}

/// Exports a two-post store (the linking post and its target; the target
/// with an old address) as `flavor`'s Markdown into `root`.
fn two_post_site(dir: &Path, root: &Path, flavor: Flavor) {
    let (mut store, ids) = linked_store(dir, &site_at("https://example.org"));
    let mut target = store.get(ids.target).unwrap();
    // An old address and kept keys: the generator builds them as well.
    target.aliases = vec!["/2019/05/target/".into()];
    target.extra.insert(
        flavor.as_str().into(),
        serde_json::json!({"weight": 3, "toc": true})
            .as_object()
            .unwrap()
            .clone(),
    );
    store.update(target, at(2024, 1, 3)).unwrap();
    export::site(
        &store,
        root,
        &options(Format::Markdown(flavor)),
        &mut |_, _| {},
    )
    .unwrap();
}

/// Checks that the built linking page's links lead to the built target page.
fn assert_built_links_reach(generator: &str, built: &Path) {
    let page = std::fs::read_to_string(built.join("posts/linking/index.html"))
        .unwrap_or_else(|e| panic!("{generator} built the linking post ({e})"));
    let doc = Html::parse_document(&page);
    let hrefs: Vec<String> = doc
        .select(&sel(".post-content a"))
        .filter(|a| a.text().collect::<String>() != "↩")
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .filter(|h| !h.starts_with('#'))
        .collect();
    assert_eq!(
        hrefs.len(),
        5,
        "{generator}: five links to the target: {hrefs:?}"
    );
    for href in &hrefs {
        let path = href.split('#').next().unwrap();
        let file = built.join(path.trim_start_matches('/')).join("index.html");
        assert!(
            file.is_file(),
            "{generator}: {href} reaches the target's built page"
        );
        assert!(path.ends_with("/posts/target/"), "{generator}: {href}");
    }
    assert!(
        page.matches("quire:post/").count() <= 1,
        "{generator}: only the address in code is left"
    );
}

#[test]
fn hugo_builds_links_between_posts_to_the_target_page() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hugo");
    two_post_site(tmp.path(), &root, Flavor::Hugo);
    hugo_site(&root);
    run_hugo(&root);
    assert_built_links_reach("hugo", &root.join("public"));
}

#[test]
fn jekyll_builds_links_between_posts_to_the_target_page() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("jekyll");
    // `redirect_from` without the jekyll-redirect-from plugin: a key
    // Jekyll keeps and ignores.
    two_post_site(tmp.path(), &root, Flavor::Jekyll);
    jekyll_site(&root);
    let mut jekyll = Command::new("/usr/bin/jekyll");
    jekyll
        .args(["build", "--quiet", "--source"])
        .arg(&root)
        .arg("--destination")
        .arg(root.join("_site"));
    build("jekyll", jekyll);
    assert_built_links_reach("jekyll", &root.join("_site"));
}

#[test]
fn astro_builds_links_between_posts_to_the_target_page() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("astro");
    two_post_site(tmp.path(), &root, Flavor::Astro);
    astro_site(&root);
    let mut astro = Command::new(root.join("node_modules/.bin/astro"));
    astro
        .arg("build")
        .current_dir(&root)
        .env("ASTRO_TELEMETRY_DISABLED", "1");
    build("astro", astro);
    assert_built_links_reach("astro", &root.join("dist"));
}
