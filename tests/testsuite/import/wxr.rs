//! The WordPress export reader: every field of a post as WXR holds it, the
//! items it leaves out, the files it finds, and what a damaged export costs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use quire::import::{source::*, wxr};

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

fn attachment(reference: &str, path: Option<PathBuf>) -> Attachment {
    Attachment {
        reference: reference.to_owned(),
        path,
    }
}

fn html(found: &Found) -> &str {
    match &found.body {
        Some(Body::Html(html)) => html,
        other => panic!("WordPress bodies stay HTML, got {other:?}"),
    }
}

#[test]
fn reads_the_channel() {
    let source = wxr::read(&fixture("wordpress.xml")).unwrap();
    assert_eq!(source.kind, Kind::Wxr);
    assert_eq!(source.root, fixture("wordpress.xml"));
    assert_eq!(
        source.base_url.as_deref(),
        Some("https://old.example"),
        "the channel's <link>"
    );
    assert_eq!(source.problems, [], "the fixture is a clean export");
}

#[test]
fn keeps_posts_only_and_skips_the_trash() {
    let source = wxr::read(&fixture("wordpress.xml")).unwrap();
    let origins: Vec<&str> = source.found.iter().map(|f| f.origin.as_str()).collect();
    // 2 is a page, 11, 16 and 19 attachments, 17 trashed, 18 a menu item.
    assert_eq!(origins, ["wxr:10", "wxr:12", "wxr:13", "wxr:14", "wxr:15"]);
}

#[test]
fn published_post_field_by_field() {
    let source = wxr::read(&fixture("wordpress.xml")).unwrap();
    let post = post(&source, "wxr:10");
    assert_eq!(
        post.title, "Hello, harbour & friends",
        "HTML entities of titles decoded"
    );
    assert_eq!(post.slug.as_deref(), Some("hello-harbour"));
    assert_eq!(
        post.date,
        utc("2019-05-14T09:30:00Z"),
        "from wp:post_date_gmt, not the local time"
    );
    assert_eq!(post.created, post.date);
    assert_eq!(
        post.updated,
        utc("2019-06-01T08:00:00Z"),
        "from wp:post_modified_gmt"
    );
    assert!(!post.draft);
    assert_eq!(post.tags, ["Rust", "Static sites"], "post_tag categories");
    assert_eq!(
        post.categories,
        ["Travel", "Tips & tricks"],
        "no post_format, term names decoded"
    );
    assert_eq!(
        post.author, "Jane Doe",
        "dc:creator `jane` is named by the channel's wp:author"
    );
    assert_eq!(
        post.summary, "A morning at the harbour.",
        "from excerpt:encoded"
    );
    assert_eq!(post.language, None);
    assert_eq!(
        post.url.as_deref(),
        Some("https://old.example/2019/05/hello-harbour/")
    );
    assert_eq!(
        post.cover.as_deref(),
        Some("https://old.example/wp-content/uploads/2019/05/harbour.jpg"),
        "_thumbnail_id 11 is the attachment listed after the post"
    );
    assert_eq!(post.cover_alt, "");
    assert_eq!(
        (post.aliases.len(), post.related.len(), post.extra.len()),
        (0, 0, 0)
    );
}

#[test]
fn body_is_the_autop_html_as_written() {
    let source = wxr::read(&fixture("wordpress.xml")).unwrap();
    let body = html(post(&source, "wxr:10"));
    assert!(
        body.starts_with("The first light comes over the breakwater at five.\n\nBoats leave"),
        "no <p> added: paragraphs are blank lines until the mapper converts them: {body}"
    );
    assert!(body.contains(r#"[caption id="attachment_11" align="aligncenter" width="300"]<img class="size-medium wp-image-11""#));
    assert!(
        body.contains("<pre><code>{{ tide.height }} m &lt;b&gt;at&lt;/b&gt; {{ tide.time }}\nif a &lt; b &amp;&amp; b &gt; c"),
        "CDATA is not unescaped a second time: {body}"
    );
    assert!(body.contains(r#"<a href="https://old.example/2019/06/second-thoughts/">"#));
    assert!(!body.contains("Lovely light"), "comments are not the post");
}

#[test]
fn draft_with_empty_name_and_no_gmt_date() {
    let source = wxr::read(&fixture("wordpress.xml")).unwrap();
    let post = post(&source, "wxr:13");
    assert!(post.draft);
    assert_eq!(post.slug, None, "an empty wp:post_name is no slug");
    assert_eq!(
        post.date,
        utc("2019-07-02T10:00:00Z"),
        "wp:post_date_gmt 0000-00-00 falls back to wp:post_date read as UTC"
    );
    assert_eq!(post.updated, utc("2019-07-02T08:05:00Z"));
    assert_eq!(post.author, "Sam Lee");
    assert_eq!(
        post.categories,
        Vec::<String>::new(),
        "Uncategorized is WordPress's default, not a choice"
    );
    assert_eq!(post.url.as_deref(), Some("https://old.example/?p=13"));
    assert_eq!(post.body, Some(Body::Html("Not finished yet.".into())));
}

#[test]
fn scheduled_post_is_published_in_the_future_under_a_decoded_slug() {
    let source = wxr::read(&fixture("wordpress.xml")).unwrap();
    let post = post(&source, "wxr:14");
    assert!(!post.draft, "status future is published, later");
    assert_eq!(post.date, utc("2030-01-01T08:00:00Z"));
    assert_eq!(
        post.slug.as_deref(),
        Some("café-crème"),
        "wp:post_name is percent-encoded"
    );
    assert_eq!(post.title, "Café crème at the quay");
    assert_eq!(post.categories, ["Travel"]);
}

#[test]
fn private_and_pending_posts_are_drafts() {
    let source = wxr::read(&fixture("wordpress.xml")).unwrap();
    assert!(post(&source, "wxr:15").draft, "private is not public");
    let xml = one_post("pending", "<wp:post_name>later</wp:post_name>");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pending.xml");
    std::fs::write(&file, xml).unwrap();
    assert!(
        wxr::read(&file).unwrap().found[0].draft,
        "pending waits for review"
    );
}

#[test]
fn attachments_by_parent_and_by_content() {
    let source = wxr::read(&fixture("wordpress.xml")).unwrap();
    let uploads = "https://old.example/wp-content/uploads/2019";
    assert_eq!(
        post(&source, "wxr:10").attachments,
        [
            attachment(&format!("{uploads}/05/harbour.jpg"), None),
            attachment(&format!("{uploads}/06/tide-table.pdf"), None),
            attachment(&format!("{uploads}/05/harbour-300x200.jpg"), None),
        ],
        "the cover (also parented and linked) once, the other parented attachment \
         (listed at the end of the file), then the resized copy the text shows; \
         not the image in a comment"
    );
    assert_eq!(
        post(&source, "wxr:12").attachments,
        [attachment(
            "http://old.example/files/2019/06/moorings.png",
            None
        )],
        "an unparented attachment the text links, by the URL the text writes: http://, \
         and under /files/ (an old multisite), not /wp-content/uploads/"
    );
    assert_eq!(post(&source, "wxr:13").attachments, []);
}

#[test]
fn uploads_copied_next_to_the_export_give_attachments_their_bytes() {
    for uploads in ["wp-content/uploads", "uploads"] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("export.xml");
        std::fs::copy(fixture("wordpress.xml"), &file).unwrap();
        let folder = dir.path().join(uploads);
        for name in [
            "2019/05/harbour.jpg",
            "2019/06/tide-table.pdf",
            "2019/06/moorings.png",
        ] {
            std::fs::create_dir_all(folder.join(name).parent().unwrap()).unwrap();
            std::fs::write(folder.join(name), b"jpeg").unwrap();
        }
        let source = wxr::read(&file).unwrap();
        let paths: Vec<_> = post(&source, "wxr:10")
            .attachments
            .iter()
            .map(|a| a.path.clone())
            .collect();
        assert_eq!(
            paths,
            [
                Some(folder.join("2019/05/harbour.jpg")),
                Some(folder.join("2019/06/tide-table.pdf")),
                None
            ],
            "{uploads}: a file that is there has a path; the resized copy is not there"
        );
        let moorings = &post(&source, "wxr:12").attachments[0];
        assert_eq!(
            moorings.path,
            Some(folder.join("2019/06/moorings.png")),
            "{uploads}"
        );
    }
}

#[test]
fn an_upload_path_never_climbs_out_of_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("wp-content/uploads")).unwrap();
    std::fs::write(dir.path().join("wp-content/secret.txt"), b"no").unwrap();
    let link = r#"<a href="https://old.example/wp-content/uploads/../secret.txt">x</a>"#;
    let xml = header() + &item(7, "publish", "post", link, "") + "</channel></rss>\n";
    let file = dir.path().join("export.xml");
    std::fs::write(&file, xml).unwrap();
    let source = wxr::read(&file).unwrap();
    let reference = "https://old.example/wp-content/uploads/../secret.txt";
    assert_eq!(source.found[0].attachments, [attachment(reference, None)]);
}

#[test]
fn base_blog_url_when_the_channel_has_no_link() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.xml");
    std::fs::write(&file, one_post("publish", "")).unwrap();
    let source = wxr::read(&file).unwrap();
    assert_eq!(
        source.base_url.as_deref(),
        Some("https://old.example"),
        "the <link> first"
    );

    let xml = one_post("publish", "").replace("<link>https://old.example</link>", "");
    std::fs::write(&file, xml).unwrap();
    let source = wxr::read(&file).unwrap();
    assert_eq!(source.base_url.as_deref(), Some("https://blog.old.example"));
}

#[test]
fn namespaces_are_read_by_uri_not_prefix() {
    // WXR 1.1, with other prefixes than WordPress writes.
    let xml = one_post("publish", "<wp:post_name>renamed</wp:post_name>")
        .replace(
            "xmlns:wp=\"http://wordpress.org/export/1.2/\"",
            "xmlns:w=\"http://wordpress.org/export/1.1/\"",
        )
        .replace("<wp:", "<w:")
        .replace("</wp:", "</w:")
        .replace("content:encoded", "c:encoded")
        .replace("xmlns:content=", "xmlns:c=");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.xml");
    std::fs::write(&file, xml).unwrap();
    let source = wxr::read(&file).unwrap();
    assert_eq!(source.problems, []);
    let post = &source.found[0];
    assert_eq!(
        (post.origin.as_str(), post.slug.as_deref()),
        ("wxr:7", Some("renamed"))
    );
    assert_eq!(post.body, Some(Body::Html("<p>Body 7</p>".into())));
}

#[test]
fn a_broken_export_keeps_the_other_items_and_names_the_lines() {
    let source = wxr::read(&fixture("wordpress-broken.xml")).unwrap();
    let origins: Vec<&str> = source.found.iter().map(|f| f.origin.as_str()).collect();
    assert_eq!(
        origins,
        ["wxr:21", "wxr:22", "wxr:25"],
        "the items around the broken ones are kept"
    );
    let problems: Vec<(&str, Option<usize>)> = source
        .problems
        .iter()
        .map(|p| (p.origin.as_str(), p.line))
        .collect();
    assert_eq!(
        problems,
        [
            ("wordpress-broken.xml", Some(49)),
            ("wordpress-broken.xml", Some(54)),
            ("wordpress-broken.xml", Some(79)),
        ],
        "{:#?}",
        source.problems
    );
    let messages: Vec<&str> = source.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        messages[0].contains("item 3") && messages[0].contains("<wp:post_name> is never closed"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("item 4") && messages[1].contains("&nbsp;"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("item 6") && messages[2].contains("cut short"),
        "{messages:?}"
    );
    assert_eq!(source.base_url.as_deref(), Some("https://old.example"));
}

#[test]
fn a_lone_ampersand_costs_its_item_only() {
    let xml = header()
        + &item(7, "publish", "post", "<p>Before</p>", "")
        + "<item><title>Fish & chips</title><wp:post_id>8</wp:post_id>\n\
           <wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n"
        + &item(9, "publish", "post", "<p>After</p>", "")
        + "</channel></rss>\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.xml");
    std::fs::write(&file, xml).unwrap();
    let source = wxr::read(&file).unwrap();
    let origins: Vec<&str> = source.found.iter().map(|f| f.origin.as_str()).collect();
    assert_eq!(
        origins,
        ["wxr:7", "wxr:9"],
        "reading goes on after an error it can pass"
    );
    assert_eq!(source.problems.len(), 1, "{:?}", source.problems);
    assert_eq!(source.problems[0].line, Some(7), "{:?}", source.problems);
}

#[test]
fn what_is_not_xml_is_a_problem_and_what_is_not_there_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.xml");
    std::fs::write(&file, "just some text\n").unwrap();
    let source = wxr::read(&file).unwrap();
    assert_eq!(source.found, []);
    assert_eq!(source.problems.len(), 1, "{:?}", source.problems);
    assert!(
        source.problems[0]
            .message
            .contains("not a WordPress export")
    );

    std::fs::write(&file, "<rss><channel>\n<item><title>A</title>\n<<\n").unwrap();
    let source = wxr::read(&file).unwrap();
    assert!(
        source.problems.iter().any(|p| p.line == Some(3)),
        "{:?}",
        source.problems
    );

    let missing = wxr::read(&dir.path().join("missing.xml")).unwrap_err();
    assert_eq!(missing.kind(), "io");
}

#[test]
fn a_five_megabyte_export_reads_in_one_pass() {
    let mut xml = header();
    let paragraph = "Words about boats and tides, written at the harbour. ".repeat(40);
    let mut posts = 0;
    while xml.len() < 5 << 20 {
        posts += 1;
        let id = posts * 2;
        let content = format!(
            "<p>{paragraph}</p><img src=\"https://old.example/wp-content/uploads/{id}.jpg\" />"
        );
        xml.push_str(&item(
            id,
            "publish",
            "post",
            &content,
            &format!("<wp:post_name>p-{id}</wp:post_name>"),
        ));
        // Each attachment comes after its post, as WordPress writes them.
        let attachment = format!(
            "<wp:post_parent>{id}</wp:post_parent><wp:attachment_url>https://old.example/wp-content/uploads/{id}.jpg</wp:attachment_url>"
        );
        xml.push_str(&item(id + 1, "inherit", "attachment", "", &attachment));
    }
    xml.push_str("</channel></rss>\n");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.xml");
    std::fs::write(&file, &xml).unwrap();

    let start = Instant::now();
    let source = wxr::read(&file).unwrap();
    let took = start.elapsed();
    assert_eq!(source.problems, []);
    assert_eq!(source.found.len(), posts);
    let last = source.found.last().unwrap();
    assert_eq!(last.origin, format!("wxr:{}", posts * 2));
    let image = format!("https://old.example/wp-content/uploads/{}.jpg", posts * 2);
    assert_eq!(
        last.attachments,
        [attachment(&image, None)],
        "parent and content agree: listed once"
    );
    assert!(
        took < Duration::from_secs(20),
        "{took:?} for {} bytes",
        xml.len()
    );
}

fn header() -> String {
    r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<link>https://old.example</link>
<wp:base_blog_url>https://blog.old.example</wp:base_blog_url>
"#
    .to_owned()
}

fn item(id: usize, status: &str, kind: &str, content: &str, more: &str) -> String {
    format!(
        "<item><title>Post {id}</title><content:encoded><![CDATA[{content}]]></content:encoded>\
         <wp:post_id>{id}</wp:post_id><wp:status>{status}</wp:status><wp:post_type>{kind}</wp:post_type>{more}</item>\n"
    )
}

fn one_post(status: &str, more: &str) -> String {
    header() + &item(7, status, "post", "<p>Body 7</p>", more) + "</channel></rss>\n"
}
