//! The Ghost export reader: every field of a post as Ghost's JSON holds it,
//! the older export shapes, the images it finds, and what a damaged file costs.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use quire::import::{ghost, source::*};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn utc(s: &str) -> Option<DateTime<Utc>> {
    Some(s.parse().expect("a test date"))
}

fn post<'a>(source: &'a Source, origin: &str) -> &'a Found {
    let found = source.found.iter().find(|f| f.origin == origin);
    found.unwrap_or_else(|| panic!("{origin} should be read"))
}

const PUBLISHED: &str = "ghost:6650a1c2e4b0a1000100a001";
const DRAFT: &str = "ghost:6650a1c2e4b0a1000100a002";
const SCHEDULED: &str = "ghost:6650a1c2e4b0a1000100a003";
const MOBILEDOC: &str = "ghost:5a1e2b3c4d5e6f7a8b9c0d05";
const NO_HTML: &str = "ghost:5a1e2b3c4d5e6f7a8b9c0d06";

#[test]
fn keeps_posts_not_pages() {
    let source = ghost::read(&fixture("ghost.json")).unwrap();
    assert_eq!(source.kind, Kind::Ghost);
    assert_eq!(source.root, fixture("ghost.json"));
    assert_eq!(
        source.base_url, None,
        "Ghost exports do not say the site's address"
    );
    let origins: Vec<&str> = source.found.iter().map(|f| f.origin.as_str()).collect();
    assert_eq!(
        origins,
        [PUBLISHED, DRAFT, SCHEDULED, MOBILEDOC, NO_HTML],
        "the About page is left out"
    );
}

#[test]
fn published_post_field_by_field() {
    let source = ghost::read(&fixture("ghost.json")).unwrap();
    let post = post(&source, PUBLISHED);
    assert_eq!(post.title, "Hello, harbour");
    assert_eq!(post.slug.as_deref(), Some("hello-harbour"));
    assert_eq!(post.date, utc("2024-05-14T09:30:00Z"), "published_at");
    assert_eq!(post.created, utc("2024-05-10T08:00:00Z"), "created_at");
    assert_eq!(post.updated, utc("2024-05-14T10:00:00Z"), "updated_at");
    assert!(!post.draft);
    assert_eq!(
        post.tags,
        ["Rust", "Travel"],
        "in posts_tags sort_order, without the internal #hero"
    );
    assert_eq!(post.categories, Vec::<String>::new());
    assert_eq!(
        post.author, "Jane Doe",
        "the first of posts_authors by sort_order"
    );
    assert_eq!(
        post.summary, "A morning at the harbour.",
        "custom_excerpt before meta_description"
    );
    assert_eq!(post.url.as_deref(), Some("/hello-harbour/"));
    assert_eq!(
        post.cover.as_deref(),
        Some("/content/images/2024/05/cover.jpg"),
        "__GHOST_URL__ is the site's root"
    );
    assert_eq!(
        post.cover_alt, "Boats leaving at dawn",
        "Ghost 5 keeps it in posts_meta"
    );
    assert_eq!(
        (
            post.language.as_deref(),
            post.aliases.len(),
            post.extra.len()
        ),
        (None, 0, 0)
    );
}

#[test]
fn body_is_the_html_with_site_paths() {
    let source = ghost::read(&fixture("ghost.json")).unwrap();
    let Some(Body::Html(html)) = &post(&source, PUBLISHED).body else {
        panic!("a post with html keeps it");
    };
    assert!(
        html.starts_with(r#"<h2 id="the-harbour">The harbour</h2>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/second-thoughts/">"#),
        "links between posts become paths"
    );
    assert!(html.contains("<table><thead><tr><th>Time</th>"));
    assert!(!html.contains("__GHOST_URL__"), "{html}");
}

#[test]
fn images_of_the_html_are_attachments() {
    let source = ghost::read(&fixture("ghost.json")).unwrap();
    let references: Vec<&str> = post(&source, PUBLISHED)
        .attachments
        .iter()
        .map(|a| a.reference.as_str())
        .collect();
    assert_eq!(
        references,
        [
            "/content/images/2024/05/cover.jpg",
            "/content/images/2024/05/harbour.jpg",
            "https://cdn.example/tide-chart.png?w=800&h=600",
        ],
        "the cover, then each <img src> (not srcset, not data-src), &amp; decoded"
    );
    assert!(
        post(&source, PUBLISHED)
            .attachments
            .iter()
            .all(|a| a.path.is_none()),
        "no images folder"
    );
}

#[test]
fn images_copied_next_to_the_export_give_attachments_their_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.json");
    std::fs::copy(fixture("ghost.json"), &file).unwrap();
    let images = dir.path().join("content/images/2024/05");
    std::fs::create_dir_all(&images).unwrap();
    std::fs::write(images.join("harbour.jpg"), b"jpeg").unwrap();
    let source = ghost::read(&file).unwrap();
    let paths: Vec<_> = post(&source, PUBLISHED)
        .attachments
        .iter()
        .map(|a| a.path.clone())
        .collect();
    assert_eq!(
        paths,
        [None, Some(images.join("harbour.jpg")), None],
        "only the file that is there"
    );
}

#[test]
fn draft_takes_its_summary_from_the_meta_description() {
    let source = ghost::read(&fixture("ghost.json")).unwrap();
    let post = post(&source, DRAFT);
    assert!(post.draft);
    assert_eq!(post.date, None, "never published");
    assert_eq!(post.created, utc("2024-05-15T08:00:00Z"));
    assert_eq!(post.summary, "Notes on an unfinished thought.");
    assert_eq!(post.author, "Sam Lee");
    assert_eq!(post.tags, Vec::<String>::new());
    assert_eq!(post.cover, None);
    assert_eq!(
        post.body,
        Some(Body::Html("<p>Not finished yet.</p>".into()))
    );
}

#[test]
fn scheduled_post_is_published_in_the_future() {
    let source = ghost::read(&fixture("ghost.json")).unwrap();
    let post = post(&source, SCHEDULED);
    assert!(!post.draft);
    assert_eq!(post.date, utc("2030-01-01T08:00:00Z"));
    assert_eq!(post.tags, ["Travel"]);
    assert_eq!(
        post.body,
        Some(Body::Html("<p>Soon.</p>".into())),
        "html before a mobiledoc card"
    );
}

#[test]
fn mobiledoc_markdown_card_when_there_is_no_html() {
    let source = ghost::read(&fixture("ghost.json")).unwrap();
    let post = post(&source, MOBILEDOC);
    assert_eq!(
        post.body,
        Some(Body::Markdown(
            "# From the archive\n\nWritten in **2017**, see ![map](/content/images/2017/03/map.png).".into()
        ))
    );
    assert_eq!(
        post.author, "Sam Lee",
        "from author_id when posts_authors has no row"
    );
    let references: Vec<&str> = post
        .attachments
        .iter()
        .map(|a| a.reference.as_str())
        .collect();
    assert_eq!(references, ["/content/images/2017/03/map.png"]);
}

#[test]
fn a_post_without_html_or_markdown_is_a_problem() {
    let source = ghost::read(&fixture("ghost.json")).unwrap();
    assert_eq!(post(&source, NO_HTML).body, None);
    assert_eq!(source.problems.len(), 1, "{:?}", source.problems);
    let problem = &source.problems[0];
    assert_eq!((problem.origin.as_str(), problem.line), (NO_HTML, None));
    assert!(
        problem
            .message
            .contains("the post has no HTML; export it again from Ghost 5"),
        "{problem:?}"
    );
}

#[test]
fn older_exports_without_the_db_wrapper() {
    // Ghost 0.x: no `db` array, numeric ids, `page` flags, `markdown` kept.
    let json = r#"{"meta":{"version":"003"},"data":{
        "posts":[
          {"id":1,"title":"Old","slug":"old","markdown":"Hi *there*","html":null,"page":false,
           "status":"published","published_at":1420070400000,"created_at":"2015-01-01 00:00:00",
           "updated_at":"2015-01-02 00:00:00","author_id":1,"meta_description":"An old post."},
          {"id":2,"title":"About","slug":"about","html":"<p>x</p>","page":true,"status":"published"}],
        "tags":[{"id":3,"name":"Archive"}],
        "posts_tags":[{"post_id":1,"tag_id":3}],
        "users":[{"id":1,"name":"Jane Doe"}],
        "settings":[{"key":"url","value":"https://old.example/"}]}}"#;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("old.json");
    std::fs::write(&file, json).unwrap();
    let source = ghost::read(&file).unwrap();
    assert_eq!(source.problems, []);
    assert_eq!(
        source.base_url.as_deref(),
        Some("https://old.example/"),
        "the url setting, when there"
    );
    assert_eq!(source.found.len(), 1, "page: true is a page");
    let post = &source.found[0];
    assert_eq!(post.origin, "ghost:1");
    assert_eq!(post.body, Some(Body::Markdown("Hi *there*".into())));
    assert_eq!(
        post.date,
        utc("2015-01-01T00:00:00Z"),
        "milliseconds since 1970"
    );
    assert_eq!(post.created, utc("2015-01-01T00:00:00Z"));
    assert_eq!(post.updated, utc("2015-01-02T00:00:00Z"));
    assert_eq!(
        (post.tags.as_slice(), post.author.as_str()),
        (&["Archive".to_owned()][..], "Jane Doe")
    );
    assert_eq!(post.summary, "An old post.");
}

#[test]
fn a_broken_file_is_a_problem_with_its_line() {
    let source = ghost::read(&fixture("ghost-broken.json")).unwrap();
    assert_eq!(source.found, []);
    assert_eq!(source.problems.len(), 1);
    let problem = &source.problems[0];
    assert_eq!(
        (problem.origin.as_str(), problem.line),
        ("ghost-broken.json", Some(14)),
        "the line after the missing comma: {problem:?}"
    );
    assert!(problem.message.starts_with("not valid JSON"), "{problem:?}");
}

#[test]
fn json_that_is_not_an_export_is_a_problem_and_a_missing_file_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("package.json");
    std::fs::write(&file, r#"{"name":"blog"}"#).unwrap();
    let source = ghost::read(&file).unwrap();
    assert_eq!((source.found.len(), source.problems.len()), (0, 1));
    assert!(source.problems[0].message.contains("not a Ghost export"));
    assert_eq!(
        ghost::read(&dir.path().join("missing.json"))
            .unwrap_err()
            .kind(),
        "io"
    );
}
