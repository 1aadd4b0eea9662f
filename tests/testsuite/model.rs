//! The post model: its JSON shape and the rules every post must satisfy.

use quire::model::{limits, slug};
use quire::{Error, Post, Section, Site, Status};

fn valid() -> Post {
    Post {
        title: "A title".into(),
        sections: vec![Section::new("One", "Body")],
        takeaways: vec!["**Bold** point".into()],
        ..Post::default()
    }
}

#[test]
fn json_shape_has_every_design_field_in_order() {
    let json = valid().to_json();
    let keys: Vec<&str> = json
        .lines()
        .filter_map(|l| l.strip_prefix("  \"")?.split('"').next())
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "slug",
            "title",
            "summary",
            "author",
            "category",
            "tags",
            "status",
            "publish_at",
            "sections",
            "takeaways",
            "related",
            "created_at",
            "updated_at",
            "revision"
        ],
        "the JSON shape is a public interface and must match DESIGN.md"
    );
}

#[test]
fn json_accepts_rfc3339_with_offsets_and_ignores_unknown_fields() {
    let post = Post::from_json(
        r#"{"title":"T","status":"scheduled","publish_at":"2023-10-06T11:00:00+02:00","future_field":1}"#,
    )
    .expect("valid JSON with an extra field must load");
    assert_eq!(post.status, Status::Scheduled);
    assert!(
        post.to_json()
            .contains("\"publish_at\": \"2023-10-06T09:00:00Z\""),
        "publish_at is normalised to UTC: {}",
        post.to_json()
    );
}

#[test]
fn bad_json_is_a_json_error_and_bad_fields_are_validation_errors() {
    assert!(matches!(
        Post::from_json("{\"title\": "),
        Err(Error::Json(_))
    ));
    let e = Post::from_json(r#"{"title":"T","status":"live"}"#).unwrap_err();
    assert_eq!(e.kind(), "validation", "a bad status names the field: {e}");
    assert!(e.to_string().contains("live"), "{e}");
    let e = Post::from_json(r#"{"title":"T","publish_at":"next friday"}"#).unwrap_err();
    assert_eq!(e.kind(), "validation", "{e}");
    assert!(e.to_string().contains("RFC 3339"), "{e}");
}

#[test]
fn validation_refuses_each_broken_rule() {
    // Each with a word its message must hold, so the editor knows what to fix.
    let cases: Vec<(&str, &str, Post)> = vec![
        (
            "empty title",
            "title",
            Post {
                title: "   ".into(),
                ..valid()
            },
        ),
        (
            "long title",
            "300",
            Post {
                title: "x".repeat(limits::TITLE_CHARS + 1),
                ..valid()
            },
        ),
        (
            "scheduled without date",
            "publish",
            Post {
                status: Status::Scheduled,
                ..valid()
            },
        ),
        (
            "bad slug",
            "slug",
            Post {
                slug: "Not A Slug".into(),
                ..valid()
            },
        ),
        (
            "takeaway with newline",
            "takeaway",
            Post {
                takeaways: vec!["a\nb".into()],
                ..valid()
            },
        ),
        (
            "oversized body",
            "MB",
            Post {
                sections: vec![Section::new("", "w ".repeat(limits::POST_BYTES))],
                ..valid()
            },
        ),
        (
            "related is not a slug",
            "../etc",
            Post {
                related: vec!["../etc".into()],
                ..valid()
            },
        ),
        (
            "heading with newline",
            "heading",
            Post {
                sections: vec![Section::new("a\nb", "")],
                ..valid()
            },
        ),
    ];
    for (what, says, post) in cases {
        let err = post.validate().expect_err(what);
        assert_eq!(err.kind(), "validation", "{what}: {err}");
        assert!(
            err.to_string().contains(says),
            "{what}: the message says why: {err}"
        );
    }
    valid().validate().expect("the valid post passes");
}

#[test]
fn normalize_tidies_tags_and_blanks_but_never_the_slug_rules() {
    let mut post = Post {
        title: "  Spaced  ".into(),
        tags: vec![" AI ".into(), "ai".into(), "".into(), "Privacy".into()],
        ..valid()
    };
    post.normalize();
    assert_eq!(post.title, "Spaced");
    assert_eq!(
        post.tags,
        ["AI", "Privacy"],
        "duplicate tags differ only in case"
    );
    assert_eq!(slug::slugify("Ünïcödé — Straße"), "unicode-strasse");
}

#[test]
fn site_settings_validate_each_value() {
    let mut site = Site::default();
    assert_eq!(site.date_format, "%A - %d %B %Y");
    for (key, bad) in [
        ("base_url", "ftp://x"),
        ("base_url", "javascript:alert(1)"),
        ("language", "english!"),
        ("raw_html", "maybe"),
        ("date_format", "%Q"),
        ("site_name", "two\nlines"),
    ] {
        let before = site.clone();
        let err = site.set(key, bad).expect_err(key);
        assert_eq!(err.kind(), "validation", "{key}={bad}: {err}");
        assert_eq!(site, before, "a refused setting changes nothing");
    }
    site.set("base_url", "https://example.com/blog/").unwrap();
    assert_eq!(
        site.base_url, "https://example.com/blog",
        "trailing slash dropped"
    );
    assert_eq!(site.set("nope", "x").unwrap_err().kind(), "not_found");
}

#[test]
fn pasted_text_is_cleaned_to_what_a_post_may_hold() {
    use quire::model::clean_text;
    let pasted = "line one\r\nline two\rthree\u{7}bell\u{0}nul\u{85}next\u{fffe}\ttab";
    let body = clean_text(pasted, false);
    assert_eq!(body, "line one\nline two\nthree bell nul next \ttab");
    assert_eq!(
        clean_text(pasted, true),
        "line one line two three bell nul next  tab"
    );
    let post = Post {
        title: clean_text("Title\u{1b}[31m", true),
        sections: vec![quire::Section::new("", body)],
        ..Post::default()
    };
    post.validate()
        .expect("cleaned text is never refused for control characters");
    let refused = Post {
        title: "Bell\u{7}".into(),
        ..Post::default()
    };
    let err = refused.validate().unwrap_err().to_string();
    assert!(
        err.contains("the title holds the control character U+0007 (line 1, column 5)"),
        "{err}"
    );
}

#[test]
fn a_scheduled_post_without_a_date_is_asked_for_one_in_words() {
    let post = quire::Post {
        title: "Soon".into(),
        status: quire::Status::Scheduled,
        ..quire::Post::default()
    };
    let err = post.validate().unwrap_err().to_string();
    assert!(err.contains("Pick a publish date"), "{err}");
    assert!(
        err.contains("publish_at"),
        "the field is still named for scripts: {err}"
    );
}
