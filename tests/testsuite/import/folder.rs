//! The folder reader on hand-written sites in `tests/fixtures/import/`
//! (Hugo, Jekyll, Zola, Astro): detection, every field of every post,
//! old addresses by each generator's permalink rules, attachments, and
//! problems (a malformed front matter, a `..` escape) that never stop the
//! rest. Rules the fixtures do not show are checked on small sites
//! written to temporary folders.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use quire::import::front_matter::parse_date;
use quire::import::{folder, source::*};
use serde_json::json;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn read(name: &str, kind: Kind) -> Source {
    folder::read(&fixture(name), kind).expect("the fixture folder is readable")
}

fn post<'a>(source: &'a Source, origin: &str) -> &'a Found {
    source
        .found
        .iter()
        .find(|f| f.origin == origin)
        .unwrap_or_else(|| panic!("{origin} is read; found {:?}", origins(source)))
}

fn origins(source: &Source) -> Vec<&str> {
    source.found.iter().map(|f| f.origin.as_str()).collect()
}

fn at(s: &str) -> Option<DateTime<Utc>> {
    Some(s.parse().expect("a test date is RFC 3339"))
}

fn body(found: &Found) -> &str {
    match &found.body {
        Some(Body::Markdown(md)) => md,
        other => panic!("a Markdown body, not {other:?}"),
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Where an attachment's file is, relative to the fixture (paths are
/// canonical, so compare their ends).
fn attached(found: &Found) -> Vec<(String, Option<String>)> {
    found
        .attachments
        .iter()
        .map(|a| {
            let path = a.path.as_ref().map(|p| {
                let parts: Vec<_> = p.iter().map(|c| c.to_string_lossy()).collect();
                let at = parts
                    .iter()
                    .position(|c| c == "import")
                    .expect("inside the fixtures");
                parts[at + 2..].join("/")
            });
            (a.reference.clone(), path)
        })
        .collect()
}

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), files);
    dir
}

#[test]
fn detects_each_generator_from_its_folder_a_content_folder_or_a_post() {
    let cases = [
        ("hugo", Kind::Hugo),
        ("hugo/content", Kind::Hugo),
        ("hugo/content/posts/first-post.md", Kind::Hugo),
        ("jekyll", Kind::Jekyll),
        ("jekyll/_posts", Kind::Jekyll),
        ("jekyll/_posts/2023-04-05-hello-world.md", Kind::Jekyll),
        ("zola", Kind::Zola),
        ("zola/content/blog", Kind::Zola),
        ("astro", Kind::Astro),
        ("astro/src/content/blog/first-post.md", Kind::Astro),
    ];
    for (path, kind) in cases {
        assert_eq!(folder::detect(&fixture(path)), Some(kind), "{path}");
    }
    let notes = site(&[("a.md", "# A"), ("sub/b.markdown", "B")]);
    assert_eq!(
        folder::detect(notes.path()),
        Some(Kind::Hugo),
        "a plain folder of Markdown is read as Hugo"
    );
    assert_eq!(
        folder::detect(&notes.path().join("a.md")),
        Some(Kind::Hugo),
        "one loose file"
    );
    let empty = site(&[("a.txt", "not a post")]);
    assert_eq!(folder::detect(empty.path()), None, "nothing to import");
    let zola_vs_hugo = site(&[
        ("config.toml", "baseURL = 'https://a.b/'\n"),
        ("content/a.md", ""),
    ]);
    assert_eq!(
        folder::detect(zola_vs_hugo.path()),
        Some(Kind::Hugo),
        "baseURL is Hugo's"
    );
}

#[test]
fn hugo_reads_every_post_skips_section_pages_and_reports_the_malformed_one() {
    let source = read("hugo", Kind::Hugo);
    assert_eq!(source.kind, Kind::Hugo);
    assert_eq!(source.root, fixture("hugo"), "the root as given");
    assert_eq!(source.base_url.as_deref(), Some("https://old.example.org/"));
    assert_eq!(
        origins(&source),
        [
            "content/notes/quick.md",
            "content/posts/bundle/index.md",
            "content/posts/escape.md",
            "content/posts/first-post.md",
            "content/posts/json-post.md",
            "content/posts/toml-post.md",
        ],
        "sorted by origin; _index.md and the broken file are not posts"
    );
    let broken: Vec<_> = source
        .problems
        .iter()
        .filter(|p| p.origin == "content/posts/broken.md")
        .collect();
    assert_eq!(broken.len(), 1, "{:?}", source.problems);
    assert_eq!(
        broken[0].line,
        Some(4),
        "the line in the file, not in the YAML"
    );
    assert!(
        broken[0].message.contains("mapping values are not allowed")
            && broken[0].message.contains("line 4"),
        "says what is wrong: {}",
        broken[0].message
    );
}

#[test]
fn hugo_yaml_post_maps_every_field() {
    let source = read("hugo", Kind::Hugo);
    let f = post(&source, "content/posts/first-post.md");
    assert_eq!(f.title, "First post: on shortcodes");
    assert_eq!(f.slug.as_deref(), Some("first-post"), "the file stem");
    assert_eq!(
        f.date,
        at("2023-04-07T00:00:00Z"),
        "publishDate wins for publication"
    );
    assert_eq!(f.created, at("2023-05-01T01:30:00Z"), "date, in UTC");
    assert_eq!(f.updated, at("2023-05-01T08:00:00Z"));
    assert!(!f.draft);
    assert_eq!(f.tags, strings(&["hugo", "static sites"]));
    assert_eq!(f.categories, strings(&["writing"]));
    assert_eq!(f.author, "Ann Example");
    assert_eq!(f.summary, "A post that uses every Markdown trick.");
    assert_eq!(f.language.as_deref(), Some("en-GB"));
    assert_eq!(f.cover.as_deref(), Some("/images/diagram.png"), "images[0]");
    assert_eq!(f.cover_alt, "");
    assert_eq!(f.related, strings(&["toml-post", "bundle"]));
    assert!(f.aliases.is_empty());
    assert_eq!(
        f.url.as_deref(),
        Some("/2023/04/first-post-on-shortcodes/"),
        "[permalinks] posts: the date on the author's clock (still April), :slug falls back to the title"
    );
    let extra: serde_json::Value = f.extra.clone().into();
    assert_eq!(
        extra,
        json!({"series": ["Basics"], "toc": true, "weight": 2})
    );
    assert!(body(f).starts_with("This links to [the TOML post]({{< ref \"toml-post.md\" >}})"));
    assert!(
        body(f).contains("{{< youtube w7Ft2ymGmfc >}}")
            && body(f).contains("[^1]: The footnote's text.\n")
    );
    assert_eq!(
        attached(f),
        [
            (
                "/images/diagram.png".to_string(),
                Some("static/images/diagram.png".to_string())
            ),
            ("https://cdn.example.com/remote.jpg".to_string(), None),
        ],
        "<img src>, a remote image, the cover (the same file, once); nothing from code"
    );
}

#[test]
fn hugo_toml_and_json_front_matter() {
    let source = read("hugo", Kind::Hugo);
    let toml = post(&source, "content/posts/toml-post.md");
    assert_eq!(toml.title, "A TOML post");
    assert_eq!(toml.slug.as_deref(), Some("toml-things"));
    assert_eq!(toml.date, at("2022-12-31T23:30:00Z"));
    assert_eq!(toml.created, toml.date);
    assert_eq!(toml.updated, at("2023-01-02T00:00:00Z"), "a TOML date");
    assert!(toml.draft);
    assert_eq!(toml.aliases, strings(&["/old/toml-post/", "/2022/toml"]));
    assert_eq!(toml.url.as_deref(), Some("/2022/12/toml-things/"));
    let extra: serde_json::Value = toml.extra.clone().into();
    assert_eq!(extra, json!({"weight": 10, "params": {"mood": "calm"}}));
    assert_eq!(
        body(toml),
        "Front matter in TOML, with a [download](files/missing.pdf).\n"
    );
    assert_eq!(
        attached(toml),
        [("files/missing.pdf".to_string(), None)],
        "a link to a file is an attachment, missing here"
    );

    let json = post(&source, "content/posts/json-post.md");
    assert_eq!(json.title, "A JSON post");
    assert_eq!(json.date, at("2021-07-08T00:00:00Z"));
    assert_eq!(json.tags, strings(&["json", "hugo"]), "a comma string");
    assert_eq!(
        json.url.as_deref(),
        Some("/custom/json-post/"),
        "front matter url wins"
    );
    assert_eq!(json.extra.get("layout"), Some(&json!("wide")));
    assert_eq!(body(json), "\nFront matter in JSON.\n");

    let note = post(&source, "content/notes/quick.md");
    assert_eq!(note.title, "");
    assert_eq!(
        note.url.as_deref(),
        Some("/notes/quick/"),
        "no permalink for notes: /section/slug/"
    );
    assert_eq!(body(note), "A note without front matter.\n");
}

#[test]
fn hugo_page_bundle_brings_its_files() {
    let source = read("hugo", Kind::Hugo);
    let f = post(&source, "content/posts/bundle/index.md");
    assert_eq!(f.slug.as_deref(), Some("bundle"), "the bundle's folder");
    assert_eq!(f.cover.as_deref(), Some("photo.jpg"));
    assert_eq!(f.cover_alt, "A phone photo");
    assert_eq!(f.url.as_deref(), Some("/2023/06/a-page-bundle/"));
    assert_eq!(
        attached(f),
        [
            (
                "photo.jpg".to_string(),
                Some("content/posts/bundle/photo.jpg".to_string())
            ),
            (
                "notes.txt".to_string(),
                Some("content/posts/bundle/notes.txt".to_string())
            ),
        ],
        "the image (three references, one attachment) and the bundle's other file"
    );
}

#[test]
fn a_reference_out_of_the_site_is_refused() {
    let source = read("hugo", Kind::Hugo);
    let f = post(&source, "content/posts/escape.md");
    assert_eq!(attached(f), [("../../../secret.png".to_string(), None)]);
    let problem = source
        .problems
        .iter()
        .find(|p| p.origin == "content/posts/escape.md")
        .expect("the escape is reported");
    assert_eq!(problem.line, Some(5));
    assert!(problem.message.contains("outside"), "{}", problem.message);

    // A symbolic link inside the site that leads out of it is refused too.
    #[cfg(unix)]
    {
        let outside = site(&[("secret.png", "x")]);
        let blog = site(&[("content/a.md", "![s](s.png)\n")]);
        std::os::unix::fs::symlink(
            outside.path().join("secret.png"),
            blog.path().join("content/s.png"),
        )
        .unwrap();
        let source = folder::read(blog.path(), Kind::Hugo).unwrap();
        assert_eq!(source.found[0].attachments[0].path, None);
        assert_eq!(source.problems.len(), 1, "{:?}", source.problems);
        std::os::unix::fs::symlink(
            outside.path().join("secret.png"),
            blog.path().join("content/b.md"),
        )
        .unwrap();
        let source = folder::read(blog.path(), Kind::Hugo).unwrap();
        assert_eq!(
            origins(&source),
            ["content/a.md"],
            "a linked post from outside is not read"
        );
        assert!(
            source.problems.iter().any(|p| p.origin == "content/b.md"),
            "{:?}",
            source.problems
        );
    }
}

#[test]
fn attachments_in_every_form_the_text_writes_them() {
    let blog = site(&[
        ("hugo.toml", "baseURL = 'https://x.example/blog/'\n"),
        ("static/img/a.png", "png"),
        ("static/img/my photo.png", "png"),
        ("static/files/my doc.pdf", "pdf"),
        ("content/posts/p/b.png", "png"),
        ("content/posts/p/clip.mp4", "mp4"),
        (
            "content/posts/p/index.md",
            concat!(
                "![A](/img/a.png \"title\")\n",
                "![Spaced](</img/my photo.png>)\n",
                "[![b](b.png)](https://example.com/)\n",
                "![ref][r]\n",
                "<img src='/img/a.png?v=2'>\n",
                "<video src=\"clip.mp4\"></video>\n",
                "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n",
                "<script src=\"/js/a.js\"></script>\n",
                "{{< figure src=b.png >}}\n",
                "[other post](../other.md) and [a page](/about/)\n",
                "[doc](/files/my%20doc.pdf)\n",
                "![abs](https://x.example/blog/img/a.png)\n",
                "![liquid]({{ \"/img/a.png\" | relative_url }})\n",
                "\n[r]: /img/a.png\n",
            ),
        ),
    ]);
    let source = folder::read(blog.path(), Kind::Hugo).unwrap();
    let root = fs::canonicalize(blog.path()).unwrap();
    let found: Vec<_> = source.found[0]
        .attachments
        .iter()
        .map(|a| {
            let path = a.path.as_ref().map(|p| {
                p.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            });
            (a.reference.as_str(), path)
        })
        .collect();
    let local = |p: &str| Some(p.to_string());
    assert_eq!(
        found,
        [
            ("/img/a.png", local("static/img/a.png")),
            ("/img/my photo.png", local("static/img/my photo.png")),
            ("b.png", local("content/posts/p/b.png")),
            ("/img/a.png?v=2", local("static/img/a.png")),
            ("clip.mp4", local("content/posts/p/clip.mp4")),
            ("/files/my%20doc.pdf", local("static/files/my doc.pdf")),
            (
                "https://x.example/blog/img/a.png",
                local("static/img/a.png")
            ),
            (
                "{{ \"/img/a.png\" | relative_url }}",
                local("static/img/a.png")
            ),
        ],
        "each reference once, as written; no iframe, script or page link"
    );
}

#[test]
fn jekyll_posts_drafts_and_permalinks() {
    let source = read("jekyll", Kind::Jekyll);
    assert_eq!(
        source.base_url.as_deref(),
        Some("https://jekyll.example.com/blog")
    );
    assert_eq!(
        origins(&source),
        [
            "_drafts/idea.md",
            "_posts/2023-04-05-hello-world.md",
            "_posts/2023-05-01-second.md",
            "_posts/2023-06-01-third.markdown",
        ]
    );
    assert!(source.problems.is_empty(), "{:?}", source.problems);

    let f = post(&source, "_posts/2023-04-05-hello-world.md");
    assert_eq!(f.title, "Hello, World");
    assert_eq!(f.slug.as_deref(), Some("hello-world"), "from the file name");
    assert_eq!(
        f.date,
        at("2023-04-05T07:30:00Z"),
        "front matter date, +0200"
    );
    assert_eq!(f.created, f.date);
    assert_eq!(f.updated, at("2023-04-10T00:00:00Z"), "last_modified_at");
    assert!(!f.draft);
    assert_eq!(f.categories, strings(&["a", "b"]));
    assert_eq!(
        f.tags,
        strings(&["intro", "welcome"]),
        "Jekyll splits on spaces"
    );
    assert_eq!(f.author, "Ann Example", "an author object's name");
    assert_eq!(f.summary, "The first post.");
    assert_eq!(
        f.aliases,
        strings(&["/old/hello/", "/hello.html"]),
        "redirect_from"
    );
    assert_eq!(f.cover.as_deref(), Some("/assets/img/diagram.png"));
    assert_eq!(
        f.url.as_deref(),
        Some("/a/b/2023/04/05/hello-world/"),
        "_config.yml permalink"
    );
    let extra: serde_json::Value = f.extra.clone().into();
    assert_eq!(
        extra,
        json!({"comments": true}),
        "`layout: post` is what Quire's Jekyll export writes itself: not kept twice"
    );
    assert!(
        body(f).contains("{% post_url 2023-05-01-second %}"),
        "Liquid is kept"
    );
    assert!(
        body(f).contains("{% raw %}\nDouble braces kept: {{ not_liquid }}\n{% endraw %}"),
        "raw blocks are kept"
    );
    assert_eq!(
        attached(f),
        [
            (
                "{{ site.baseurl }}/assets/img/diagram.png".to_string(),
                Some("assets/img/diagram.png".to_string())
            ),
            (
                "/assets/img/diagram.png".to_string(),
                Some("assets/img/diagram.png".to_string())
            ),
        ],
        "the reference as written, both ways; none from the code block"
    );

    let second = post(&source, "_posts/2023-05-01-second.md");
    assert!(second.draft, "published: false");
    assert_eq!(
        second.date,
        at("2023-05-01T00:00:00Z"),
        "the file name's date"
    );
    assert_eq!(second.categories, strings(&["Notes"]));
    assert_eq!(
        second.url.as_deref(),
        Some("/notes/2023/05/01/second/"),
        "categories lower-cased"
    );
    assert!(!second.extra.contains_key("published"));

    let third = post(&source, "_posts/2023-06-01-third.markdown");
    assert_eq!(third.url.as_deref(), Some("/third-post/"));
    assert_eq!(third.tags, strings(&["x", "y"]));

    let idea = post(&source, "_drafts/idea.md");
    assert!(idea.draft, "_drafts/");
    assert_eq!(idea.slug.as_deref(), Some("idea"));
    assert_eq!(idea.date, None);
    assert_eq!(
        idea.url, None,
        "a draft without a date never had an address"
    );
}

#[test]
fn jekyll_permalink_presets_and_names() {
    let post = "---\ntitle: T\ncategory: Web Dev\n---\n";
    let cases = [
        ("", "/web%20dev/2024/02/09/my-post.html"),
        ("permalink: date\n", "/web%20dev/2024/02/09/my-post.html"),
        ("permalink: pretty\n", "/web%20dev/2024/02/09/my-post/"),
        ("permalink: none\n", "/web%20dev/my-post.html"),
        (
            "permalink: /:year/:i_month/:i_day/:slug:output_ext\n",
            "/2024/2/9/my-post.html",
        ),
    ];
    for (config, url) in cases {
        let blog = site(&[
            ("_config.yml", config),
            ("_posts/2024-02-09-my-post.md", post),
            ("_posts/notes.md", "no date in the name"),
        ]);
        let source = folder::read(blog.path(), Kind::Jekyll).unwrap();
        assert_eq!(source.found.len(), 1);
        assert_eq!(source.found[0].url.as_deref(), Some(url), "{config:?}");
        assert_eq!(source.problems.len(), 1, "the undated file is named");
        assert_eq!(source.problems[0].origin, "_posts/notes.md");
    }
}

#[test]
fn zola_taxonomies_extra_and_bundles() {
    let source = read("zola", Kind::Zola);
    assert_eq!(source.base_url.as_deref(), Some("https://zola.example.net"));
    assert_eq!(
        origins(&source),
        ["content/blog/first.md", "content/blog/second/index.md"]
    );
    assert!(source.problems.is_empty(), "{:?}", source.problems);

    let f = post(&source, "content/blog/first.md");
    assert_eq!(f.title, "First Zola post");
    assert_eq!(f.slug.as_deref(), Some("first"));
    assert_eq!(f.date, at("2023-02-03T00:00:00Z"));
    assert_eq!(f.updated, at("2023-02-10T08:00:00Z"));
    assert_eq!(f.summary, "Zola's TOML front matter.");
    assert_eq!(f.author, "Zed", "the one of authors");
    assert_eq!(f.tags, strings(&["zola", "rust"]));
    assert_eq!(f.categories, strings(&["tech"]));
    assert_eq!(f.cover.as_deref(), Some("/img/header.png"), "[extra] image");
    assert_eq!(f.url.as_deref(), Some("/blog/first/"));
    let extra: serde_json::Value = f.extra.clone().into();
    assert_eq!(
        extra,
        json!({"weight": 5, "taxonomies": {"series": ["intro"]}, "extra": {"toc": true}}),
        "what Quire has no field for stays"
    );
    assert_eq!(body(f), "Read the [second post](@/blog/second.md).\n");
    assert_eq!(
        attached(f),
        [(
            "/img/header.png".to_string(),
            Some("static/img/header.png".to_string())
        )]
    );

    let second = post(&source, "content/blog/second/index.md");
    assert_eq!(second.slug.as_deref(), Some("the-second"));
    assert_eq!(second.date, at("2023-03-04T11:00:00Z"));
    assert_eq!(second.aliases, strings(&["/old/second/"]));
    assert_eq!(second.url.as_deref(), Some("/blog/the-second/"));
    assert_eq!(
        attached(second),
        [(
            "chart.png".to_string(),
            Some("content/blog/second/chart.png".to_string())
        )]
    );
}

#[test]
fn astro_collections_pages_and_mdx() {
    let source = read("astro", Kind::Astro);
    assert_eq!(
        source.base_url.as_deref(),
        Some("https://astro.example.dev")
    );
    assert_eq!(
        origins(&source),
        [
            "src/content/blog/first-post.md",
            "src/content/blog/using-mdx.mdx",
            "src/pages/posts/legacy.md",
        ],
        "config.ts is no post"
    );
    let f = post(&source, "src/content/blog/first-post.md");
    assert_eq!(f.title, "First post");
    assert_eq!(f.summary, "Lorem ipsum dolor sit amet");
    assert_eq!(
        f.date,
        at("2022-07-08T00:00:00Z"),
        "pubDate as the starter writes it"
    );
    assert_eq!(f.updated, at("2022-07-10T00:00:00Z"), "updatedDate");
    assert_eq!(
        f.cover.as_deref(),
        Some("/blog-placeholder.png"),
        "heroImage"
    );
    assert_eq!(f.tags, strings(&["astro"]));
    assert_eq!(f.url.as_deref(), Some("/blog/first-post/"));
    assert_eq!(
        attached(f),
        [(
            "/blog-placeholder.png".to_string(),
            Some("public/blog-placeholder.png".to_string())
        )]
    );

    let mdx = post(&source, "src/content/blog/using-mdx.mdx");
    assert_eq!(mdx.slug.as_deref(), Some("mdx-guide"));
    assert!(mdx.draft);
    assert_eq!(mdx.url.as_deref(), Some("/blog/mdx-guide/"));
    assert_eq!(
        attached(mdx),
        [(
            "../../assets/hero.png".to_string(),
            Some("src/assets/hero.png".to_string())
        )],
        "relative to the post"
    );
    assert!(
        body(mdx).contains("<HeaderLink href=\"#\">"),
        "kept as text"
    );
    assert_eq!(
        source.problems,
        [Problem::new(
            "src/content/blog/using-mdx.mdx",
            Some(8),
            "MDX components are kept as text"
        )]
    );

    let legacy = post(&source, "src/pages/posts/legacy.md");
    assert_eq!(legacy.url.as_deref(), Some("/posts/legacy/"));
    assert_eq!(legacy.date, at("2021-01-02T00:00:00Z"));
    assert_eq!(
        legacy.extra.get("layout"),
        Some(&json!("../../layouts/Post.astro"))
    );
}

#[test]
fn pointed_at_a_content_folder_or_one_file() {
    let folder = folder::read(&fixture("hugo/content/notes"), Kind::Hugo).unwrap();
    assert_eq!(
        origins(&folder),
        ["content/notes/quick.md"],
        "origins stay relative to the site"
    );
    assert_eq!(folder.base_url.as_deref(), Some("https://old.example.org/"));
    let one = folder::read(&fixture("zola/content/blog/second/index.md"), Kind::Zola).unwrap();
    assert_eq!(origins(&one), ["content/blog/second/index.md"]);
    assert_eq!(one.found[0].attachments.len(), 1, "the bundle's image");
    let loose = site(&[("2020-01-02-note.md", "---\ntitle: Loose\n---\nText\n")]);
    let file = loose.path().join("2020-01-02-note.md");
    let source = folder::read(&file, Kind::Jekyll).unwrap();
    assert_eq!(origins(&source), ["2020-01-02-note.md"]);
    assert_eq!(source.found[0].date, at("2020-01-02T00:00:00Z"));
    assert!(
        folder::read(&loose.path().join("missing"), Kind::Hugo).is_err(),
        "an unreadable root fails"
    );
}

#[test]
fn hugo_permalink_tokens_sections_and_languages() {
    let blog = site(&[
        (
            "config.yaml",
            "baseURL: https://x.example/\npermalinks:\n  blog: /:section/:year-:month-:day/:filename/\n  news: /:sections/:title/\n",
        ),
        ("content/blog/Post-One.md", "---\ndate: 2024-03-09\n---\n"),
        (
            "content/news/world/big.md",
            "---\ntitle: Big News Today\n---\n",
        ),
        ("content/about.fr.md", "---\ntitle: À propos\n---\n"),
        ("content/_index.md", "home"),
    ]);
    let source = folder::read(blog.path(), Kind::Hugo).unwrap();
    let urls: Vec<_> = source
        .found
        .iter()
        .map(|f| (f.origin.as_str(), f.url.as_deref()))
        .collect();
    assert_eq!(
        urls,
        [
            ("content/about.fr.md", Some("/about/")),
            (
                "content/blog/Post-One.md",
                Some("/blog/2024-03-09/post-one/")
            ),
            (
                "content/news/world/big.md",
                Some("/news/world/big-news-today/")
            ),
        ],
        "Hugo lower-cases paths"
    );
    assert_eq!(
        source.found[0].language.as_deref(),
        Some("fr"),
        "name.fr.md"
    );
    assert_eq!(source.found[0].slug.as_deref(), Some("about"));
}

#[test]
fn front_matter_edge_cases_are_problems_with_lines() {
    let blog = site(&[
        (
            "content/bom.md",
            "\u{feff}---\r\ntitle: With BOM\r\ntags: a, b\r\n---\r\nBody\r\n",
        ),
        ("content/open.md", "---\ntitle: never closed\n"),
        ("content/toml.md", "+++\ntitle = \"T\"\ndate = \n+++\n"),
        (
            "content/json.md",
            "{\n  \"title\": \"J\",\n  \"tags\": [1,]\n}\n",
        ),
        ("content/list.md", "---\n- a\n- b\n---\n"),
        (
            "content/baddate.md",
            "---\ntitle: Odd date\ndate: someday\n---\nStill read.\n",
        ),
        (
            "content/shortcode.md",
            "{{< note >}}not JSON{{< /note >}}\n",
        ),
        (
            "content/nodate.md",
            "---\ntitle: No date yet\ndate:\nlastmod: ''\n---\n",
        ),
    ]);
    let source = folder::read(blog.path(), Kind::Hugo).unwrap();
    let bom = post(&source, "content/bom.md");
    assert_eq!(bom.title, "With BOM");
    assert_eq!(bom.tags, strings(&["a", "b"]));
    assert_eq!(body(bom), "Body\r\n");
    let odd = post(&source, "content/baddate.md");
    assert_eq!(odd.date, None);
    assert_eq!(
        odd.extra.get("date"),
        Some(&json!("someday")),
        "kept, not lost"
    );
    assert_eq!(
        body(post(&source, "content/shortcode.md")),
        "{{< note >}}not JSON{{< /note >}}\n"
    );
    let undated = post(&source, "content/nodate.md");
    assert_eq!(
        (undated.date, undated.updated),
        (None, None),
        "empty dates say nothing"
    );
    let problems: Vec<_> = source
        .problems
        .iter()
        .map(|p| (p.origin.as_str(), p.line))
        .collect();
    assert_eq!(
        problems,
        [
            ("content/baddate.md", Some(3)),
            ("content/json.md", Some(3)),
            ("content/list.md", Some(2)),
            ("content/open.md", Some(1)),
            ("content/toml.md", Some(3)),
        ]
    );
    assert!(source.problems[3].message.contains("never closed"));
    assert!(
        source.problems[4].message.contains("TOML"),
        "{}",
        source.problems[4].message
    );
}

#[test]
fn every_date_form_sites_write() {
    let cases = [
        ("2023-04-05T10:00:00+02:00", "2023-04-05T08:00:00Z"),
        ("2023-04-05T10:00:00.5Z", "2023-04-05T10:00:00.5Z"),
        ("2023-04-05", "2023-04-05T00:00:00Z"),
        ("2023-04-05 10:00:00 +0200", "2023-04-05T08:00:00Z"),
        ("2023-04-05 10:00:00 -05:00", "2023-04-05T15:00:00Z"),
        ("2023-04-05 10:00", "2023-04-05T10:00:00Z"),
        ("2023-04-05T10:00:00", "2023-04-05T10:00:00Z"),
        ("2023-04-05 10:00:00Z", "2023-04-05T10:00:00Z"),
        ("Jul 08 2022", "2022-07-08T00:00:00Z"),
        ("July 8, 2022", "2022-07-08T00:00:00Z"),
        ("Wed, 05 Apr 2023 10:00:00 +0000", "2023-04-05T10:00:00Z"),
    ];
    for (written, utc) in cases {
        assert_eq!(parse_date(written), at(utc), "{written}");
    }
    assert_eq!(parse_date("someday"), None);
}

#[test]
fn a_thousand_posts_in_one_pass() {
    let dir = tempfile::tempdir().unwrap();
    let paragraph =
        "Some words of a long post, with a [link](https://example.com/) in it. ".repeat(150);
    for i in 0..1000 {
        let text = format!(
            "---\ntitle: Post {i}\ndate: 2024-01-{:02}T10:00:00Z\ntags: [a, b]\nweight: {i}\n---\n{paragraph}\n\n![img](/images/{i}.png)\n",
            i % 28 + 1
        );
        write(
            dir.path(),
            &[(&format!("content/posts/post-{i:04}.md"), &text)],
        );
    }
    write(
        dir.path(),
        &[("hugo.toml", "baseURL = 'https://x.example/'\n")],
    );
    let source = folder::read(dir.path(), Kind::Hugo).unwrap();
    assert_eq!(source.found.len(), 1000);
    assert!(source.problems.is_empty());
    let last = &source.found[999];
    assert_eq!(last.origin, "content/posts/post-0999.md");
    assert_eq!(last.title, "Post 999");
    assert_eq!(last.url.as_deref(), Some("/posts/post-0999/"));
    assert_eq!(last.extra.get("weight"), Some(&json!(999)));
    assert_eq!(
        last.attachments,
        [Attachment {
            reference: "/images/999.png".into(),
            path: None
        }]
    );
    assert!(body(last).len() > 10_000);
}
