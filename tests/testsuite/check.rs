//! The pre-publish check on real stores: each rule with a post that trips
//! it and one that does not (lengths at their boundaries), where each
//! finding points (section, takeaway, cover, related), the store as the
//! check's lookup (drafts, the trash, missing posts, stored images), and
//! the JSON shape the window and `quire check --json` read.

use std::io::Cursor;

use chrono::{DateTime, TimeZone, Utc};
use quire::check::{Finding, Place, Rule, Severity, check};
use quire::{Cover, Post, RawHtml, Section, Site, Status, Store};
use serde_json::json;

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap()
}

/// A fresh store in its own temp dir (kept alive by the returned guard).
fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_at(dir.path().join("quire.db"), at(2026, 1, 2)).expect("open a store");
    (dir, store)
}

fn site() -> Site {
    Site {
        base_url: "https://example.org/blog".into(),
        timezone: "UTC".into(),
        ..Site::default()
    }
}

/// `n` characters of text, two bytes each: lengths count characters.
fn chars(n: usize) -> String {
    "é".repeat(n)
}

/// A post that gives the check nothing to say.
fn clean() -> Post {
    Post {
        slug: "clean".into(),
        title: "A clean post".into(),
        summary: format!("{}.", "x".repeat(139)),
        status: Status::Published,
        publish_at: Some(at(2026, 3, 1)),
        sections: vec![
            Section::new("", "A lead-in, with a [link](/about/) on this site."),
            Section::new(
                "Setup",
                "Text.\n\n### Step one\n\n#### Detail\n\n### Step two\n\n\
                 ![A diagram](https://example.org/blog/media/d.png) \
                 [home](https://www.example.org/) <img src=\"/x.png\" alt=\"\">",
            ),
        ],
        takeaways: vec!["Remember **this**.".into()],
        ..Post::default()
    }
}

fn run(store: &Store, post: &Post) -> Vec<Finding> {
    check(post, &site(), store)
}

fn of(findings: &[Finding], rule: Rule) -> Vec<Finding> {
    findings
        .iter()
        .filter(|f| f.rule == rule)
        .cloned()
        .collect()
}

/// A small PNG no other test image equals (stored images are deduplicated).
fn png(shade: u8) -> Vec<u8> {
    let pixels = image::RgbImage::from_pixel(16, 12, image::Rgb([shade, 40, 90]));
    let mut out = Cursor::new(Vec::new());
    pixels.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn a_clean_post_gives_nothing_to_look_at() {
    let (_dir, store) = store();
    let findings = run(&store, &clean());
    assert_eq!(findings, [], "a post within every rule gives no finding");
}

#[test]
fn the_summary_is_flagged_outside_120_to_160_characters() {
    let (_dir, store) = store();
    for (n, flagged) in [
        (0, true),
        (119, true),
        (120, false),
        (160, false),
        (161, true),
    ] {
        let post = Post {
            summary: chars(n),
            ..clean()
        };
        let found = of(&run(&store, &post), Rule::SummaryLength);
        assert_eq!(
            found.len(),
            usize::from(flagged),
            "a summary of {n} characters"
        );
        if let Some(f) = found.first() {
            assert_eq!(f.place, Place::Summary);
            assert_eq!(f.severity, Severity::Warning);
            let number = if n == 0 { "empty" } else { &n.to_string() };
            assert!(
                f.message.contains(number),
                "the message says {number}: {}",
                f.message
            );
            assert!(f.message.contains("120–160"), "{}", f.message);
        }
    }
}

#[test]
fn the_title_is_flagged_past_60_characters() {
    let (_dir, store) = store();
    let title = |n| Post {
        title: chars(n),
        ..clean()
    };
    assert_eq!(of(&run(&store, &title(60)), Rule::TitleLength), []);
    let found = of(&run(&store, &title(61)), Rule::TitleLength);
    assert_eq!(found.len(), 1, "61 characters is one too many");
    assert_eq!(found[0].place, Place::Title);
    assert!(
        found[0].message.contains("61 characters"),
        "{}",
        found[0].message
    );
}

#[test]
fn an_empty_section_is_flagged_where_it_is() {
    let (_dir, store) = store();
    let mut post = clean();
    post.sections.push(Section::new("Coming soon", "  \n"));
    post.sections.push(Section::new("", ""));
    let found = of(&run(&store, &post), Rule::EmptySection);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].place, Place::Section { index: 2 });
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(
        found[0].message.contains("Coming soon"),
        "{}",
        found[0].message
    );
    assert_eq!(
        found[1].place,
        Place::Section { index: 3 },
        "a section with neither heading nor text"
    );
    assert_eq!(
        found[1].severity,
        Severity::Info,
        "the page leaves it out anyway"
    );
}

#[test]
fn headings_skip_as_the_page_shows_them() {
    let (_dir, store) = store();
    // Bodies written from `####` or `#` are moved so their top heading is
    // an h3 under the section's h2: no skip on the page.
    let shifted = Post {
        sections: vec![
            Section::new("One", "#### Top\n\n##### Below"),
            Section::new("Two", "# Big\n\n## Smaller"),
        ],
        ..clean()
    };
    assert_eq!(of(&run(&store, &shifted), Rule::HeadingSkip), []);
    // An empty section (left out of the page) still counts for the index.
    let skipping = Post {
        sections: vec![
            Section::new("One", "Text."),
            Section::new("", ""),
            Section::new("Three", "### Step\n\n##### Detail\n\n###### Finer"),
        ],
        ..clean()
    };
    let found = of(&run(&store, &skipping), Rule::HeadingSkip);
    assert_eq!(found.len(), 1, "h3 → h5 skips; h5 → h6 does not: {found:?}");
    assert_eq!(found[0].place, Place::Section { index: 2 });
    assert!(
        found[0]
            .message
            .contains("“Detail” shows as an h5 right after the h3 “Step”"),
        "{}",
        found[0].message
    );
}

#[test]
fn images_without_alt_are_flagged_unless_decorative() {
    let (_dir, mut store) = store();
    let now = at(2026, 1, 3);
    let plain = store
        .add_media("plain.png", &png(1), "", false, now)
        .unwrap()
        .name;
    let deco = store
        .add_media("deco.png", &png(2), "", true, now)
        .unwrap()
        .name;
    let told = store
        .add_media("told.png", &png(3), "A red square", false, now)
        .unwrap()
        .name;
    let post = Post {
        cover: Some(Cover {
            src: format!("media/{plain}"),
            alt: String::new(),
            caption: String::new(),
        }),
        sections: vec![
            Section::new(
                "Fine",
                format!("![Said](media/{plain}) ![](media/{deco}) <img src=\"/a.png\" alt=\"\">"),
            ),
            Section::new(
                "Not fine",
                format!("![](media/{plain})\n\n![](media/{told})"),
            ),
            Section::new("Raw", "<p><img src=\"/b.png\"></p>"),
        ],
        takeaways: vec!["One.".into(), "Two ![](/c.png).".into()],
        ..clean()
    };
    let found = of(&run(&store, &post), Rule::ImageAlt);
    let places: Vec<Place> = found.iter().map(|f| f.place).collect();
    assert_eq!(
        places,
        [
            Place::Cover,
            Place::Section { index: 1 },
            Place::Section { index: 1 },
            Place::Section { index: 2 },
            Place::Takeaway { index: 1 },
        ],
        "{found:#?}"
    );
    assert!(
        found[1].message.contains("no description either"),
        "{}",
        found[1].message
    );
    assert!(
        found[2].message.contains("described as “A red square”"),
        "the stored description is offered: {}",
        found[2].message
    );
    assert!(found[3].message.contains("<img>"), "{}", found[3].message);

    let described = Post {
        cover: Some(Cover {
            src: format!("media/{deco}"),
            alt: String::new(),
            caption: String::new(),
        }),
        ..clean()
    };
    assert_eq!(
        of(&run(&store, &described), Rule::ImageAlt),
        [],
        "a decorative cover needs no alt"
    );
}

#[test]
fn the_preview_says_which_related_posts_it_leaves_out() {
    let (_dir, mut store) = store();
    let now = at(2026, 1, 3);
    for (slug, status, publish_at) in [
        ("out", Status::Published, Some(at(2026, 1, 1))),
        ("draft", Status::Draft, None),
    ] {
        let post = Post {
            slug: slug.into(),
            title: format!("Post {slug}"),
            status,
            publish_at,
            sections: vec![Section::new("", "Text.")],
            ..Post::default()
        };
        store.create(post, now).unwrap();
    }
    let post = Post {
        related: ["out", "draft"].map(String::from).to_vec(),
        ..clean()
    };
    let preview = quire::export::preview(&store, &post).unwrap();
    assert_eq!(
        preview.notes,
        [
            "The related post “Post draft” (draft) is a draft: it will not show under What to \
          Read Next until it is published."
        ],
        "the draft is named, the published one is not"
    );
    assert!(preview.html.contains("Post out") && !preview.html.contains("Post draft"));
    let json = serde_json::to_value(&preview).unwrap();
    assert_eq!(json["notes"].as_array().map(Vec::len), Some(1));
    let quiet = quire::export::preview(&store, &clean()).unwrap();
    assert!(
        serde_json::to_value(&quiet).unwrap().get("notes").is_none(),
        "no notes, no field"
    );
}

#[test]
fn a_related_draft_says_it_will_not_show_under_what_to_read_next() {
    let (_dir, mut store) = store();
    let now = at(2026, 1, 3);
    let mut other = |slug: &str, status, publish_at| {
        store
            .create(
                Post {
                    slug: slug.into(),
                    title: format!("Post {slug}"),
                    status,
                    publish_at,
                    sections: vec![Section::new("", "Text.")],
                    ..Post::default()
                },
                now,
            )
            .unwrap()
    };
    other("out", Status::Published, Some(at(2026, 1, 1)));
    other("draft", Status::Draft, None);
    other("before", Status::Scheduled, Some(at(2026, 2, 1)));
    other("after", Status::Scheduled, Some(at(2026, 4, 1)));
    let gone = other("gone", Status::Published, None).id.unwrap();
    store.delete(gone, now).unwrap();
    let post = Post {
        related: [
            "out", "draft", "before", "after", "gone", "nowhere", "clean",
        ]
        .map(String::from)
        .to_vec(),
        ..clean()
    };
    let found = of(&run(&store, &post), Rule::LinkedPost);
    let places: Vec<Place> = found.iter().map(|f| f.place).collect();
    assert_eq!(
        places,
        [1, 3, 4, 5, 6].map(|index| Place::Related { index }),
        "published and scheduled before this post are fine: {found:#?}"
    );
    assert_eq!(
        found[0].message,
        "The related post “Post draft” (draft) is a draft: it will not show under What to \
         Read Next until it is published."
    );
    assert!(
        found[1]
            .message
            .contains("scheduled for 1 April 2026, 09:00"),
        "{}",
        found[1].message
    );
    assert!(
        found[2].message.contains("in the trash"),
        "{}",
        found[2].message
    );
    assert!(
        found[3].message.contains("is no post"),
        "{}",
        found[3].message
    );
    assert!(
        found[4].message.contains("is this post"),
        "{}",
        found[4].message
    );
}

#[test]
fn links_to_trashed_and_missing_posts_are_flagged_where_written() {
    let (_dir, mut store) = store();
    let now = at(2026, 1, 3);
    let post_with = |slug: &str, status| Post {
        slug: slug.into(),
        title: format!("Post {slug}"),
        status,
        publish_at: Some(at(2026, 1, 1)),
        sections: vec![Section::new("", "Text.")],
        ..Post::default()
    };
    let live = store
        .create(post_with("live", Status::Published), now)
        .unwrap()
        .id
        .unwrap();
    let gone = store
        .create(post_with("gone", Status::Published), now)
        .unwrap()
        .id
        .unwrap();
    let draft = store
        .create(post_with("draft", Status::Draft), now)
        .unwrap()
        .id
        .unwrap();
    store.delete(gone, now).unwrap();
    let missing = 9_999;
    let post = Post {
        sections: vec![
            Section::new(
                "Fine",
                format!("[a](quire:post/{live}) and `[b](quire:post/{gone})` in code"),
            ),
            Section::new("Trashed", format!("See [it](quire:post/{gone}#part).")),
            Section::new("", format!("<a href=\"quire:post/{missing}\">raw</a>")),
        ],
        takeaways: vec![
            format!("Read [this](quire:post/{draft})."),
            format!("[Again](quire:post/{gone})"),
        ],
        ..clean()
    };
    let found = of(&run(&store, &post), Rule::LinkedPost);
    let places: Vec<Place> = found.iter().map(|f| f.place).collect();
    assert_eq!(
        places,
        [
            Place::Section { index: 1 },
            Place::Section { index: 2 },
            Place::Takeaway { index: 0 },
        ],
        "each target once, where first linked; code is no link: {found:#?}"
    );
    assert_eq!(
        found[0].message,
        format!(
            "A link leads to “Post gone” (post {gone}), which is in the trash: the page shows \
             the link's text alone."
        )
    );
    assert!(
        found[1]
            .message
            .contains(&format!("post {missing}, which does not exist")),
        "{}",
        found[1].message
    );
    assert!(
        found[2].message.contains("is a draft"),
        "{}",
        found[2].message
    );
}

#[test]
fn what_the_page_loads_from_other_sites_is_listed_by_host() {
    let (_dir, store) = store();
    let post = Post {
        sections: vec![
            Section::new(
                "Pictures",
                "![A](https://cdn.example.com/a.png)\n\n\
                 <img src=\"https://CDN.example.com/b.png\" \
                 srcset=\"https://cdn.example.com/b-2x.png 2x\" alt=\"B\">\n\n\
                 <div style='background: url(\"https://cdn.example.com/bg.jpg?a=1&b=2\")'>x</div>",
            ),
            Section::new(
                "Video",
                "<iframe src=\"https://www.youtube.com/embed/x\" title=\"x\"></iframe>\n\n\
                 <video src=\"https://media.example.com/v.mp4\" \
                 poster=\"https://cdn.example.com/p.jpg\"></video>\n\n\
                 <script src=\"https://cdn.example.com/s.js\"></script>\n\n\
                 <link rel=\"stylesheet\" href=\"https://fonts.example.net/f.css\">",
            ),
            Section::new(
                "Reading",
                "[one](https://other.org/1), [two](https://other.org/2), [one again](https://other.org/1), \
                 <a href=\"https://third.net/x\">three</a>, [mail](mailto:a@b.c), \
                 [ours](https://example.org/blog/posts/x/), [relative](../x/)",
            ),
        ],
        ..clean()
    };
    let found = of(&run(&store, &post), Rule::External);
    let seen: Vec<(Place, &str)> = found
        .iter()
        .map(|f| (f.place, f.message.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (
                Place::Section { index: 0 },
                "Loads 4 images and 1 script from cdn.example.com."
            ),
            (
                Place::Section { index: 1 },
                "Loads 1 embedded frame from www.youtube.com."
            ),
            (
                Place::Section { index: 1 },
                "Loads 1 video from media.example.com."
            ),
            (
                Place::Section { index: 2 },
                "Links to 3 pages on other sites: other.org (2), third.net."
            ),
        ],
        "each element counts once per host; a style's url(…) loads an image; the site's \
         own host is not another site; the stylesheet is dropped by the sanitiser, so the \
         page does not load it"
    );
    assert!(found.iter().all(|f| f.severity == Severity::Info));

    let stripped = Site {
        raw_html: RawHtml::Strip,
        ..site()
    };
    let found = of(&check(&post, &stripped, &store), Rule::External);
    assert_eq!(
        found.iter().map(|f| f.message.as_str()).collect::<Vec<_>>(),
        [
            "Loads 1 image from cdn.example.com.",
            "Links to 2 pages on another site: other.org (2)."
        ],
        "a site that strips raw HTML loads and links to none of it"
    );
}

#[test]
fn findings_come_in_page_order() {
    let (_dir, store) = store();
    let post = Post {
        title: chars(61),
        summary: String::new(),
        sections: vec![
            Section::new("Empty", ""),
            Section::new("Two", "![](/x.png)"),
        ],
        related: vec!["nowhere".into()],
        ..clean()
    };
    let rules: Vec<Rule> = run(&store, &post).iter().map(|f| f.rule).collect();
    assert_eq!(
        rules,
        [
            Rule::TitleLength,
            Rule::SummaryLength,
            Rule::EmptySection,
            Rule::ImageAlt,
            Rule::LinkedPost
        ]
    );
}

#[test]
fn a_finding_in_json_is_snake_case_and_stable() {
    let (_dir, store) = store();
    let post = Post {
        sections: vec![Section::new("A", "x"), Section::new("Coming soon", "")],
        ..clean()
    };
    let found = of(&run(&store, &post), Rule::EmptySection);
    assert_eq!(
        serde_json::to_value(&found[0]).unwrap(),
        json!({
            "rule": "empty_section",
            "severity": "warning",
            "message": "The section “Coming soon” (section 2) has a heading and no text under it.",
            "place": {"kind": "section", "index": 1}
        })
    );
    let places = [Place::Title, Place::Takeaway { index: 0 }, Place::Post];
    assert_eq!(
        serde_json::to_value(places).unwrap(),
        json!([{"kind": "title"}, {"kind": "takeaway", "index": 0}, {"kind": "post"}])
    );
    let rules = [
        Rule::SummaryLength,
        Rule::TitleLength,
        Rule::HeadingSkip,
        Rule::ImageAlt,
        Rule::LinkedPost,
        Rule::External,
    ];
    assert_eq!(
        serde_json::to_value(rules).unwrap(),
        json!([
            "summary_length",
            "title_length",
            "heading_skip",
            "image_alt",
            "linked_post",
            "external"
        ])
    );
    let back: Finding = serde_json::from_value(serde_json::to_value(&found[0]).unwrap()).unwrap();
    assert_eq!(back, found[0], "a finding reads back as it was written");
}
