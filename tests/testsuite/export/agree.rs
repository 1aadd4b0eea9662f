//! Real generators agree with the preview. The corpus of nasty posts
//! (`tests/fixtures/corpus`: footnotes across sections, reference links,
//! raw HTML, `{{ }}` in code, right-to-left text…) is exported as Markdown
//! and built by real Hugo, Jekyll and Astro under the minimal site settings
//! the README names; every built post must show the text of Quire's
//! preview, word for word — footnote markers and their links back aside,
//! which each generator draws its own way. Zola is not installable here:
//! its export is checked as Markdown (the same document) with its front
//! matter parsed.

use std::path::{Path, PathBuf};
use std::process::Command;

use quire::export::{self, Flavor, Format, SiteOptions};
use quire::{Post, Site, Status, Store, render};
use scraper::{ElementRef, Html, Node};

use super::{astro_site, at, build, hugo_site, jekyll_site, run_hugo};
use crate::render::{fixture_path, sel};

/// The corpus posts, in file order.
pub(crate) fn corpus() -> Vec<(String, Post)> {
    let dir = fixture_path("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            let post = Post::from_json(&std::fs::read_to_string(&f).unwrap())
                .unwrap_or_else(|e| panic!("{name} is a valid post: {e}"));
            (name, post)
        })
        .collect()
}

/// The settings the corpus is published with.
pub(crate) fn corpus_site() -> Site {
    Site {
        site_name: "Corpus".into(),
        base_url: "https://example.org".into(),
        timezone: "UTC".into(),
        ..Site::default()
    }
}

/// A store holding the corpus (the sample post of a new database trashed).
pub(crate) fn corpus_store(dir: &Path) -> Store {
    let mut store = Store::open_at(dir.join("quire.db"), at(2025, 6, 1)).unwrap();
    store.save_site(&corpus_site()).unwrap();
    for sample in store.list(&Default::default()).unwrap() {
        store.delete(sample.id, at(2025, 6, 1)).unwrap();
    }
    for (name, post) in corpus() {
        store
            .create(post, at(2025, 6, 1))
            .unwrap_or_else(|e| panic!("{name} is stored: {e}"));
    }
    store
}

/// Elements that start a new line of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// A word with its quotes made straight. Each generator curls quotes with
/// its own typographer, and in rare spots they curl an apostrophe the
/// other way (“rock ’n’ roll” against “rock ‘n’ roll”, “’tis”): the README
/// says so. Dashes and ellipses are compared as written.
fn straight_quotes(word: &str) -> String {
    word.replace(['‘', '’'], "'").replace(['“', '”'], "\"")
}

/// The words a reader sees in `root`: text outside scripts, frames and
/// hidden labels, and without footnote markers and their links back.
fn visible_words(root: ElementRef<'_>) -> Vec<String> {
    fn skipped(e: ElementRef<'_>) -> bool {
        let v = e.value();
        let href = v.attr("href").unwrap_or_default();
        matches!(
            v.name(),
            "script" | "style" | "noscript" | "template" | "iframe"
        ) || v
            .classes()
            .any(|c| c == "sr-only" || c == "embed-placeholder")
            || href.starts_with("#fnref")
            || href.starts_with("#user-content-fnref")
            || (v.name() == "sup"
                && e.select(&sel("a")).any(|a| {
                    let h = a.value().attr("href").unwrap_or_default();
                    h.starts_with("#fn") || h.starts_with("#user-content-fn")
                }))
    }
    fn walk(e: ElementRef<'_>, text: &mut String) {
        for child in e.children() {
            match child.value() {
                Node::Text(t) => text.push_str(t),
                Node::Element(_) => {
                    let el = ElementRef::wrap(child).unwrap();
                    if skipped(el) {
                        continue;
                    }
                    // Block boundaries separate words; inline ones (a
                    // highlighter's spans in code) do not.
                    let block = BLOCKS.contains(&el.value().name());
                    if block {
                        text.push(' ');
                    }
                    walk(el, text);
                    if block {
                        text.push(' ');
                    }
                }
                _ => {}
            }
        }
    }
    let mut text = String::new();
    walk(root, &mut text);
    text.split_whitespace().map(straight_quotes).collect()
}

/// The words of the preview's article body: sections, takeaways, notes.
fn preview_words(post: &Post, site: &Site) -> Vec<String> {
    let html = render::preview(post, &[], site).unwrap();
    let doc = Html::parse_document(&html);
    doc.select(&sel("main article > section"))
        .flat_map(visible_words)
        .collect()
}

/// Where the differences between two word lists start, as a readable note.
fn difference(expected: &[String], got: &[String]) -> Option<String> {
    if expected == got {
        return None;
    }
    let at = expected
        .iter()
        .zip(got)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(got.len()));
    let from = at.saturating_sub(6);
    Some(format!(
        "word {at}: preview “…{}…” vs built “…{}…” ({} vs {} words)",
        expected[from..(at + 8).min(expected.len())].join(" "),
        got[from..(at + 8).min(got.len())].join(" "),
        expected.len(),
        got.len()
    ))
}

/// Exports the corpus as `flavor` into `root` (a generator's site folder,
/// empty), then `site_files` writes the generator's settings beside it.
fn export_corpus(store: &Store, root: &Path, flavor: Flavor) {
    let options = SiteOptions {
        format: Format::Markdown(flavor),
        include_drafts: false,
        now: at(2026, 1, 1),
    };
    export::site(store, root, &options, &mut |_, _| {}).unwrap();
}

/// Compares every built post that a reader would see now with its preview.
fn assert_agrees(generator: &str, store: &Store, page: impl Fn(&str) -> PathBuf) {
    let site = store.site().unwrap();
    let mut failures = Vec::new();
    let mut compared = 0;
    for summary in store.list(&Default::default()).unwrap() {
        let post = store.get(summary.id).unwrap();
        let due = post.status == Status::Published;
        let path = page(&post.slug);
        if !due {
            assert!(
                !path.exists(),
                "{generator}: {} is not published yet",
                post.slug
            );
            continue;
        }
        let html = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{generator} built {} ({e})", path.display()));
        let doc = Html::parse_document(&html);
        let content = doc
            .select(&sel(".post-content"))
            .next()
            .unwrap_or_else(|| panic!("{generator}: {} has its content", post.slug));
        let built = visible_words(content);
        if let Some(diff) = difference(&preview_words(&post, &site), &built) {
            failures.push(format!("{}: {diff}", post.slug));
        }
        compared += 1;
    }
    assert!(
        compared >= 12,
        "{generator}: the corpus was built ({compared} posts)"
    );
    assert!(
        failures.is_empty(),
        "{generator} shows other text than the preview:\n{}",
        failures.join("\n")
    );
}

#[test]
fn hugo_shows_what_the_preview_shows() {
    let tmp = tempfile::tempdir().unwrap();
    let store = corpus_store(tmp.path());
    let root = tmp.path().join("hugo");
    export_corpus(&store, &root, Flavor::Hugo);
    hugo_site(&root);
    run_hugo(&root);
    assert_agrees("hugo", &store, |slug| {
        root.join("public/posts").join(slug).join("index.html")
    });
}

#[test]
fn jekyll_shows_what_the_preview_shows() {
    let tmp = tempfile::tempdir().unwrap();
    let store = corpus_store(tmp.path());
    let root = tmp.path().join("jekyll");
    export_corpus(&store, &root, Flavor::Jekyll);
    jekyll_site(&root);
    let mut jekyll = Command::new("/usr/bin/jekyll");
    jekyll
        .args(["build", "--quiet", "--source"])
        .arg(&root)
        .arg("--destination")
        .arg(root.join("_site"));
    build("jekyll", jekyll);
    assert_agrees("jekyll", &store, |slug| {
        root.join("_site/posts").join(slug).join("index.html")
    });
}

#[test]
fn astro_shows_what_the_preview_shows() {
    let tmp = tempfile::tempdir().unwrap();
    let store = corpus_store(tmp.path());
    let root = tmp.path().join("astro");
    export_corpus(&store, &root, Flavor::Astro);
    astro_site(&root);
    let mut astro = Command::new(root.join("node_modules/.bin/astro"));
    astro
        .arg("build")
        .current_dir(&root)
        .env("ASTRO_TELEMETRY_DISABLED", "1");
    build("astro", astro);
    assert_agrees("astro", &store, |slug| {
        root.join("dist/posts").join(slug).join("index.html")
    });
}

#[test]
fn zola_gets_the_same_document_with_front_matter_it_parses() {
    let site = corpus_site();
    for (name, post) in corpus() {
        let md = export::markdown(&post, &site, Flavor::Zola).unwrap();
        let rest = md.strip_prefix("+++\n").expect("TOML front matter");
        let (front, body) = rest.split_once("+++\n").expect("closed");
        let parsed: toml::Table = toml::from_str(front)
            .unwrap_or_else(|e| panic!("{name}: Zola's front matter is TOML: {e}\n{front}"));
        assert_eq!(
            parsed["title"].as_str(),
            Some(post.title.as_str()),
            "{name}"
        );
        assert_eq!(
            parsed["draft"].as_bool(),
            Some(post.status == Status::Draft),
            "{name}"
        );
        // The body is the preview's document, with Zola's shortcodes escaped.
        let document = render::document::document(&post).text;
        let unescaped = body
            .trim_start_matches('\n')
            .replace("{{/*", "{{")
            .replace("*/}}", "}}")
            .replace("{%/*", "{%")
            .replace("*/%}", "%}");
        assert_eq!(unescaped, document, "{name}");
    }
}
