//! The renderer: the article page in DESIGN.md order, "What to Read Next",
//! heading ids, stats, the sanitised preview and hostile input. Fixtures and
//! the golden-file helper used by the export tests live here too.

use std::path::PathBuf;

use proptest::prelude::*;
use quire::render::{self, MAX_RELATED, choose_related, markdown_to_html};
use quire::{Post, PostSummary, RawHtml, Section, Site};
use scraper::{Html, Selector};

/// `tests/fixtures/<name>`.
pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name))
        .unwrap_or_else(|e| panic!("fixture {name} is checked in: {e}"))
}

/// The seed article of DESIGN.md, authored as a Quire post.
pub fn seed_post() -> Post {
    Post::from_json(&read_fixture("ethics-of-ai.json")).expect("the seed fixture is a valid post")
}

/// The posts the seed article can point to in "What to Read Next".
pub fn seed_candidates() -> Vec<PostSummary> {
    serde_json::from_str(&read_fixture("related.json")).expect("related.json holds summaries")
}

/// The seed's site settings ("We Print on Stuff").
pub fn seed_site() -> Site {
    serde_json::from_str(&read_fixture("site.json")).expect("site.json holds settings")
}

/// Compares `actual` with the checked-in `tests/fixtures/expected/<name>`
/// byte for byte; `QUIRE_BLESS=1` rewrites the file instead (on purpose only).
pub fn golden(name: &str, actual: &str) {
    let path = fixture_path("expected").join(name);
    if std::env::var_os("QUIRE_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} missing ({e}); run with QUIRE_BLESS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from the golden file at line {}:\n expected: {:?}\n   actual: {:?}\n\
             (if the change is intended, rerun with QUIRE_BLESS=1 and review the diff)",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn seed_page() -> Html {
    let post = seed_post();
    let candidates = seed_candidates();
    let related = choose_related(&post, &candidates, MAX_RELATED);
    Html::parse_document(&render::article(&post, &related, &seed_site()).expect("renders"))
}

#[test]
fn article_reads_in_the_design_order_with_one_h1() {
    let doc = seed_page();
    let post = seed_post();
    assert_eq!(
        texts(&doc, "h1"),
        vec![post.title.clone()],
        "the title must be the page's only h1"
    );
    // Site name, category, title, date, summary, in that order in the document.
    let order: Vec<String> = doc
        .select(&sel(".site-name, .category, h1, .date, .lead"))
        .map(|e| e.value().attr("class").unwrap_or("h1").to_string())
        .collect();
    assert_eq!(
        order,
        ["site-name", "category", "title", "date", "lead"],
        "DESIGN.md order"
    );
    assert_eq!(texts(&doc, ".site-name"), ["We Print on Stuff"]);
    assert_eq!(texts(&doc, ".category"), ["Time for Designs"]);
    assert_eq!(
        texts(&doc, ".date"),
        ["Friday - 06 October 2023"],
        "default date line"
    );
    assert_eq!(texts(&doc, ".lead"), vec![post.summary.clone()]);
    let mut h2: Vec<String> = post.sections.iter().map(|s| s.heading.clone()).collect();
    h2.push("Key Takeaways".into());
    h2.push("What to Read Next".into());
    assert_eq!(
        texts(&doc, "h2"),
        h2,
        "sections in order, then takeaways, then related"
    );
    let h3 = texts(&doc, "h3");
    assert!(
        h3.contains(&"The Dawn of a New Era: AI in Marketing".to_string())
            && h3.contains(&"Success Stories: Ethical AI in Action".to_string()),
        "### sub-headings are h3: {h3:?}"
    );
    assert_eq!(
        texts(&doc, "h4")[0],
        "Company A: Transparency Triumphs",
        "#### stays below its ###"
    );
}

#[test]
fn takeaways_are_a_list_of_inline_markdown() {
    let doc = seed_page();
    let items: Vec<_> = doc.select(&sel(".takeaways li")).collect();
    assert_eq!(items.len(), 4, "the seed's four takeaways");
    let leads: Vec<String> = doc
        .select(&sel(".takeaways li > strong:first-child"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(
        leads,
        [
            "Transparency",
            "Consent Management",
            "Data Minimization and Anonymization",
            "Regular Audits"
        ],
        "**bold** leads render as <strong>, with no <p> wrapper"
    );
    assert!(
        doc.select(&sel(".takeaways li p")).next().is_none(),
        "a takeaway is inline: no paragraph inside the list item"
    );
}

#[test]
fn what_to_read_next_is_hand_picked_then_shared_tags_newest_first() {
    let post = seed_post();
    let candidates = seed_candidates();
    let chosen: Vec<&str> = choose_related(&post, &candidates, MAX_RELATED)
        .iter()
        .map(|p| p.slug.as_str())
        .collect();
    assert_eq!(
        chosen,
        [
            // hand-picked, in post.related order (toyota is oldest, still second)
            "microsoft-acquisition-of-github",
            "toyota-recall-crisis-management",
            // two shared tags (marketing, privacy)
            "print-campaign-mistakes",
            // one shared tag each (tags compare without case), newest first
            "customized-workwear-guide",
            "band-merch-evolution",
            "personalize-your-ride-car-stickers",
        ],
        "the seed's What-to-Read-Next order; the 7th match and the untagged post are left out"
    );
    let doc = seed_page();
    let links: Vec<_> = doc.select(&sel(".read-next li > a")).collect();
    assert_eq!(links.len(), 6, "at most six");
    assert_eq!(
        links[0].value().attr("href"),
        Some("https://weprintonstuff.example/blog/posts/microsoft-acquisition-of-github/"),
        "a page on its own links related posts at their address on the site"
    );
    let post = seed_post();
    let candidates = seed_candidates();
    let related = choose_related(&post, &candidates, MAX_RELATED);
    let no_base =
        Html::parse_document(&render::article(&post, &related, &Site::default()).unwrap());
    assert_eq!(
        no_base.select(&sel(".read-next li a")).count(),
        0,
        "without a base URL a page on its own has no address to link to: titles only"
    );
    assert_eq!(no_base.select(&sel(".read-next li")).count(), 6);
    let preview = Html::parse_document(&render::preview(&post, &related, &seed_site()).unwrap());
    assert_eq!(
        preview
            .select(&sel(".read-next li > a"))
            .next()
            .and_then(|a| a.value().attr("href")),
        Some("../microsoft-acquisition-of-github/"),
        "the preview links as a site does (the window opens the post instead)"
    );
    let excerpts = texts(&doc, ".read-next li p");
    assert_eq!(
        excerpts[0],
        "Discover the intriguing tale of Microsoft's acquisition of GitHub and the harmonious impact it's had on the tech..."
    );
    for (excerpt, summary) in excerpts.iter().zip(choose_related(&post, &candidates, 6)) {
        let head = excerpt
            .strip_suffix("...")
            .expect("every long summary ends in ...");
        assert!(
            summary.summary.starts_with(head)
                && summary.summary[head.len()..].starts_with(char::is_whitespace),
            "cut at a word boundary: {excerpt:?}"
        );
        assert!(
            (100..=120).contains(&head.chars().count()),
            "near 110 characters: {excerpt:?}"
        );
    }
}

#[test]
fn choose_related_skips_itself_unknown_picks_and_respects_max() {
    let mut post = seed_post();
    let candidates = seed_candidates();
    post.related = vec![
        "no-such-post".into(),
        "trade-show-banners".into(),
        "trade-show-banners".into(),
    ];
    post.slug = "band-merch-evolution".into(); // pretend it is one of the candidates
    let chosen: Vec<&str> = choose_related(&post, &candidates, 3)
        .iter()
        .map(|p| p.slug.as_str())
        .collect();
    assert_eq!(
        chosen,
        [
            "trade-show-banners",
            "print-campaign-mistakes",
            "customized-workwear-guide"
        ],
        "hand-picked once, itself never, three at most"
    );
    post.tags.clear();
    post.related.clear();
    assert!(
        choose_related(&post, &candidates, 6).is_empty(),
        "no tags and no picks: nothing related"
    );
}

#[test]
fn empty_blocks_are_left_out() {
    let post = Post {
        title: "Bare".into(),
        sections: vec![Section::new("", "Just text.")],
        ..Post::default()
    };
    let html = render::article(&post, &[], &Site::default()).unwrap();
    let doc = Html::parse_document(&html);
    for absent in [
        ".takeaways",
        ".read-next",
        ".category",
        ".lead",
        ".date",
        "h2",
        ".tags",
    ] {
        assert!(
            doc.select(&sel(absent)).next().is_none(),
            "{absent} must not appear for an empty block"
        );
    }
    assert!(!html.contains("Key Takeaways"), "no takeaways → no heading");
}

#[test]
fn headings_get_unique_ids_and_body_h1_is_demoted() {
    let post = Post {
        title: "Ids".into(),
        sections: vec![
            Section::new("Key Takeaways", "# Overview\n\n## Detail\n\ntext"),
            Section::new("Overview", "### Overview\n\n### Custom {#my-anchor}"),
        ],
        takeaways: vec!["one".into()],
        ..Post::default()
    };
    let doc = Html::parse_document(&render::article(&post, &[], &Site::default()).unwrap());
    assert_eq!(
        texts(&doc, "h1"),
        ["Ids"],
        "a body's # heading must not become a second h1"
    );
    assert_eq!(
        texts(&doc, "h3"),
        ["Overview", "Overview", "Custom"],
        "body # → h3 under the section's h2"
    );
    assert_eq!(
        texts(&doc, "h4"),
        ["Detail"],
        "body ## → h4: structure kept"
    );
    let ids: Vec<&str> = doc
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "ids unique on the page: {ids:?}");
    for id in [
        "key-takeaways",
        "key-takeaways-2",
        "overview",
        "overview-2",
        "overview-3",
        "my-anchor",
    ] {
        assert!(ids.contains(&id), "stable id {id} in {ids:?}");
    }
}

#[test]
fn markdown_dialect_has_tables_footnotes_strikethrough_tasks_smart_quotes() {
    let html = markdown_to_html(
        "| a | b |\n|---|:-:|\n| 1 | 2 |\n\n~~old~~ \"quoted\" -- dash\n\n- [x] done\n\nNote[^1].\n\n[^1]: The note.\n",
    );
    for needle in [
        "<table>",
        "<del>old</del>",
        "“quoted”",
        "–",
        "type=\"checkbox\"",
        "<li id=\"fn:1\">",
        "href=\"#fn:1\"",
    ] {
        assert!(
            html.contains(needle),
            "{needle} missing from the dialect's output:\n{html}"
        );
    }
}

#[test]
fn stats_count_words_and_round_reading_time_up() {
    let post = seed_post();
    let stats = render::stats(&post);
    assert!(
        (2_400..3_000).contains(&stats.words),
        "the seed article is about 2,700 words, got {}",
        stats.words
    );
    assert_eq!(
        stats.reading_minutes,
        stats.words.div_ceil(render::WORDS_PER_MINUTE)
    );
    let empty = render::stats(&Post::new("t"));
    assert_eq!((empty.words, empty.reading_minutes), (0, 0));
}

#[test]
fn date_line_follows_site_format_and_language() {
    let post = seed_post();
    let mut site = seed_site();
    site.language = "fr".into();
    site.date_format = "%A %e %B %Y".into();
    let doc = Html::parse_document(&render::article(&post, &[], &site).unwrap());
    assert_eq!(texts(&doc, ".date"), ["vendredi  6 octobre 2023"]);
    assert!(
        doc.select(&sel("html[lang=fr]")).next().is_some(),
        "<html lang> follows the site"
    );
}

/// Content meant to run code inside the editor.
const HOSTILE: &str = r#"<script>alert('x')</script>
<img src=x onerror="alert(1)"> <a href="javascript:alert(2)">click</a>
<a href="JaVaScRiPt:alert(3)">click</a> [md link](javascript:alert(4)) ![img](javascript:alert(5))
<div onclick="alert(6)" style="position:fixed">unclosed <b>bold <iframe src="https://evil.example"></iframe>
<svg onload=alert(7)><style>body{display:none}</style><form action="https://evil.example"><input name=p>
<a href="data:text/html,<script>alert(8)</script>">data</a>
# Heading {onclick=alert(9)}
"#;

fn hostile_post() -> Post {
    Post {
        title: "<script>alert('title')</script>".into(),
        summary: "\"><script>alert('summary')</script>".into(),
        category: "<b onmouseover=alert(1)>cat</b>".into(),
        sections: vec![Section::new("<img src=x onerror=alert(1)>", HOSTILE)],
        takeaways: vec![format!("<span onclick=alert(1)>take</span> {HOSTILE}")],
        ..Post::default()
    }
}

/// Fails when any element can run script: a script element (other than the
/// page's own JSON-LD data block), an `on*` attribute, or a javascript:/data: URL.
fn assert_safe(html: &str) {
    let doc = Html::parse_document(html);
    for el in doc.select(&sel("*")) {
        let name = el.value().name();
        if name == "script" && el.value().attr("type") == Some("application/ld+json") {
            assert_eq!(
                doc.select(&sel("script[type='application/ld+json']"))
                    .count(),
                1,
                "only the page's own JSON-LD block"
            );
            continue;
        }
        assert!(
            ![
                "script", "iframe", "object", "embed", "svg", "form", "style"
            ]
            .contains(&name)
                || (name == "style"
                    && el.parent().is_some_and(|p| p
                        .value()
                        .as_element()
                        .is_some_and(|e| e.name() == "head"))),
            "<{name}> survived sanitising"
        );
        for (attr, value) in el.value().attrs() {
            assert!(
                !attr.to_ascii_lowercase().starts_with("on"),
                "event handler {attr}={value} survived"
            );
            let v = value.trim().to_ascii_lowercase();
            assert!(
                !(matches!(attr, "href" | "src" | "action" | "formaction")
                    && (v.starts_with("javascript:") || v.starts_with("data:"))),
                "{attr}={value} survived"
            );
        }
    }
}

#[test]
fn preview_of_hostile_content_cannot_run_anything() {
    let post = hostile_post();
    let preview =
        render::preview(&post, &[], &Site::default()).expect("hostile input still renders");
    assert_safe(&preview);
    assert!(
        preview.contains("Content-Security-Policy"),
        "the preview also forbids scripts by policy"
    );
    assert!(
        preview.contains("&lt;script&gt;alert(&#39;title&#39;)"),
        "the title is shown as text, not run"
    );
    assert!(
        preview.contains("unclosed"),
        "text of unclosed tags survives"
    );
    let doc = Html::parse_document(&preview);
    assert_eq!(doc.select(&sel("h1")).count(), 1, "sanitising keeps one h1");
}

#[test]
fn export_keeps_raw_html_unless_the_site_strips_it() {
    let post = Post {
        title: "Raw".into(),
        sections: vec![Section::new(
            "S",
            "<figure class=\"wide\"><video src=\"a.mp4\"></video></figure>\n\ntext <kbd>Ctrl</kbd>",
        )],
        ..Post::default()
    };
    let mut site = Site::default();
    let kept = render::article(&post, &[], &site).unwrap();
    assert!(
        kept.contains("<video src=\"a.mp4\"></video>") && kept.contains("<kbd>Ctrl</kbd>"),
        "export keeps the editor's raw HTML by default"
    );
    site.raw_html = RawHtml::Strip;
    let stripped = render::article(&post, &[], &site).unwrap();
    assert!(
        !stripped.contains("<video") && !stripped.contains("<kbd>") && stripped.contains("Ctrl"),
        "raw_html = strip drops tags, keeps text"
    );
    let hostile = render::article(&hostile_post(), &[], &site).unwrap();
    assert_safe(&hostile);
}

#[test]
fn ten_thousand_nested_quotes_and_tags_do_not_crash() {
    let deep_quote = format!("{} deep", "> ".repeat(10_000).trim_end().replace(' ', ""));
    let deep_list = format!(
        "{}listbottom",
        (0..3000)
            .map(|i| format!("{}- ", "  ".repeat(i)))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let deep_divs = format!("{}inside{}", "<div>".repeat(3_000), "</div>".repeat(3_000));
    let unclosed = "<div><span><b><i><table><tr><td>".repeat(1_000);
    for (body, bottom) in [
        (deep_quote, Some("deep")),
        (deep_list, Some("listbottom")),
        (deep_divs, Some("inside")),
        (unclosed, None),
    ] {
        let post = Post {
            title: "Deep".into(),
            sections: vec![Section::new("S", body.clone())],
            takeaways: vec![body.chars().take(2_000).collect()],
            ..Post::default()
        };
        let preview = render::preview(&post, &[], &Site::default()).expect("renders");
        assert_safe(&preview);
        let article = render::article(&post, &[], &Site::default()).expect("renders");
        assert!(
            article.matches("<blockquote>").count() <= 2 * quire::render::markdown::MAX_NESTING,
            "quote nesting is capped in the section body and in the takeaway"
        );
        if let Some(word) = bottom {
            let shown = |page: &str| {
                page.split("<body>")
                    .nth(1)
                    .is_some_and(|b| b.contains(word))
            };
            assert!(
                shown(&preview),
                "the text at the bottom ({word}) survives in the preview"
            );
            assert!(shown(&article), "and in the article ({word})");
        }
    }
}

#[test]
fn fifty_thousand_nested_divs_are_shown_as_text_in_preview() {
    use quire::render::sanitize::MAX_HTML_NESTING;
    let body = format!("{}x", "<div>".repeat(50_000));
    let post = Post {
        title: "Deep".into(),
        sections: vec![Section::new("S", body)],
        ..Post::default()
    };
    let preview = render::preview(&post, &[], &Site::default()).expect("renders");
    assert_safe(&preview);
    assert!(
        preview.contains("&lt;div&gt;&lt;div&gt;"),
        "the over-deep fragment is shown as escaped text"
    );
    let doc = Html::parse_document(&preview);
    let deepest = doc
        .select(&sel("div"))
        .map(|d| {
            d.ancestors()
                .filter(|a| a.value().as_element().is_some_and(|e| e.name() == "div"))
                .count()
                + 1
        })
        .max()
        .unwrap_or(0);
    assert!(
        deepest <= MAX_HTML_NESTING,
        "no <div> run deeper than the cap: {deepest}"
    );
    let shallow = format!("{}y{}", "<div>".repeat(20), "</div>".repeat(20));
    let post = Post {
        sections: vec![Section::new("S", shallow)],
        ..post
    };
    let preview = render::preview(&post, &[], &Site::default()).expect("renders");
    assert!(
        preview.contains("<div><div>") && !preview.contains("&lt;div&gt;"),
        "reasonable nesting is still sanitised and shown as HTML"
    );
}

#[test]
fn preview_and_export_show_the_same_article() {
    let post = seed_post();
    let candidates = seed_candidates();
    let related = choose_related(&post, &candidates, MAX_RELATED);
    let site = seed_site();
    let export = Html::parse_document(&render::article(&post, &related, &site).unwrap());
    let preview = Html::parse_document(&render::preview(&post, &related, &site).unwrap());
    let outline = |doc: &Html| -> Vec<(String, String, String)> {
        doc.select(&sel(
            "main h1, main h2, main h3, main h4, main p, main li, main a",
        ))
        .map(|e| {
            (
                e.value().name().to_string(),
                e.value().attr("id").unwrap_or_default().to_string(),
                e.text().collect(),
            )
        })
        .collect()
    };
    assert_eq!(
        outline(&export),
        outline(&preview),
        "one renderer: the preview shows what export writes"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_markdown_never_panics(body in "[ -~\n\u{a0}é😀>*_`#\\[\\]()<!-]{0,400}") {
        let html = markdown_to_html(&body);
        prop_assert!(html.len() < body.len() * 40 + 64);
        let post = Post {
            title: body.lines().next().unwrap_or("t").to_string(),
            sections: vec![Section::new("S", body.clone())],
            takeaways: vec![body.replace('\n', " ")],
            ..Post::default()
        };
        let preview = render::preview(&post, &[], &Site::default()).unwrap();
        prop_assert!(!preview.contains("<script"), "no script in the preview");
        render::article(&post, &[], &Site::default()).unwrap();
    }
}

#[test]
fn raw_html_in_one_section_cannot_swallow_the_next_in_preview() {
    let post = Post {
        title: "Stray".into(),
        sections: vec![
            Section::new("One", "<div class=\"x\"><table><tr><td>never closed"),
            Section::new(
                "Two",
                "Fine [link](https://example.org) and [bad](vbscript:x).",
            ),
        ],
        ..Post::default()
    };
    let doc = Html::parse_document(&render::preview(&post, &[], &Site::default()).unwrap());
    let parents: Vec<String> = doc
        .select(&sel("h2"))
        .map(|h| {
            scraper::ElementRef::wrap(h.parent().unwrap())
                .unwrap()
                .value()
                .attr("class")
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        parents,
        ["section", "section"],
        "each section's raw HTML is balanced on its own"
    );
    let hrefs: Vec<&str> = doc
        .select(&sel("main a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        ["https://example.org", "#"],
        "only allowed URL schemes survive in Markdown links"
    );
}

#[test]
fn markdown_export_headings_stay_plain_text() {
    use quire::export::{self, Flavor};
    let headings = [
        "<img src=x onerror=alert(9)> {#id onclick=alert(1)}",
        "Heading {.cls #x data-x=1}",
        "*not em* _nor_ `code` [link](javascript:x) ![img](y) ~~del~~ a|b",
        "Ends with #",
        "C# and F# ##",
        "Back\\slash &amp; &#60;b&#62; {",
        "<script>alert(1)</script>",
    ];
    let post = Post {
        title: "Headings".into(),
        sections: headings.iter().map(|h| Section::new(*h, "Body.")).collect(),
        ..Post::default()
    };
    for flavor in Flavor::ALL {
        let md = export::markdown(&post, &Site::default(), flavor).unwrap();
        let body = &md[md.find("\n## ").expect("a heading") + 1..];
        let html = markdown_to_html(body);
        assert!(
            !html.contains("<img") && !html.contains("<script"),
            "{flavor:?}: {html}"
        );
        let doc = Html::parse_fragment(&html);
        for h2 in doc.select(&sel("h2")) {
            assert_eq!(
                h2.value().attrs().map(|(k, _)| k).collect::<Vec<_>>(),
                ["id"],
                "{flavor:?}: no attributes from the heading text"
            );
            assert_eq!(h2.children().count(), 1, "{flavor:?}: only text in {html}");
        }
        assert_eq!(texts(&doc, "h2"), headings, "{flavor:?}: {md}");
    }
}
