//! The post is one document: footnotes and reference links resolve across
//! sections, footnotes are numbered once per post and collected at the end
//! in an id namespace of their own, and the Markdown export writes the
//! heading levels the page shows.

use quire::export::{self, Flavor};
use quire::render;
use quire::{Post, Section, Site};
use scraper::Html;

use crate::render::sel;

fn page(post: &Post) -> Html {
    Html::parse_document(&render::article(post, &[], &Site::default()).unwrap())
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn across_sections() -> Post {
    Post {
        title: "Notes".into(),
        sections: vec![
            Section::new(
                "Note",
                "First claim[^1], a [reference link][spec] and a named note[^note].",
            ),
            Section::new(
                "Second",
                "Second claim[^1b] and the first again[^1].\n\n[^1]: Defined in the second section.\n\n[spec]: https://spec.commonmark.org/ \"The spec\"",
            ),
            Section::new(
                "Third",
                "[^note]: A named note, defined last.\n\n[^1b]: Another one.\n\n[^unused]: Never referenced.",
            ),
        ],
        takeaways: vec!["A takeaway with a note[^note].".into()],
        ..Post::default()
    }
}

#[test]
fn footnotes_and_reference_links_resolve_across_sections() {
    let doc = page(&across_sections());
    let body: String = doc.select(&sel("main")).next().unwrap().text().collect();
    assert!(
        !body.contains("[^") && !body.contains("][spec]"),
        "no definition is left unresolved as literal text: {body}"
    );
    let link = doc
        .select(&sel("a[href='https://spec.commonmark.org/']"))
        .next();
    assert_eq!(
        link.map(|a| a.text().collect::<String>()),
        Some("reference link".to_string()),
        "a reference link defined in another section"
    );
    // Numbered once per post, by first reference: 1, note, 1b → 1, 2, 3.
    let refs: Vec<(String, String)> = doc
        .select(&sel("sup.footnote-ref a"))
        .map(|a| {
            (
                a.text().collect(),
                a.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect();
    let numbers: Vec<&str> = refs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "1", "2"], "{refs:?}");
    assert_eq!(
        refs[3].1, "#fn:1",
        "the second reference to 1 links to the same note"
    );
    let notes = texts(&doc, "section.footnotes li");
    assert_eq!(
        notes.len(),
        3,
        "referenced notes only, collected once at the end: {notes:?}"
    );
    assert!(notes[0].starts_with("Defined in the second section."));
    assert!(notes[1].starts_with("A named note, defined last."));
    assert!(!notes.iter().any(|n| n.contains("Never referenced")));
    assert!(
        doc.select(&sel("section.takeaways + section.footnotes"))
            .next()
            .is_some(),
        "the notes come right after the takeaways"
    );
}

#[test]
fn footnote_ids_never_collide_with_heading_ids() {
    let doc = page(&across_sections());
    let ids: Vec<&str> = doc
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "every id is unique: {ids:?}");
    assert!(ids.contains(&"note"), "the heading Note keeps its id");
    for id in ["fn:1", "fn:2", "fnref:1", "fnref:1-2", "fnref:2"] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    for href in doc
        .select(&sel("a[href^='#']"))
        .filter_map(|a| a.value().attr("href"))
    {
        assert!(
            ids.contains(&&href[1..]),
            "{href} points at an element of the page"
        );
    }
}

#[test]
fn two_notes_labelled_alike_in_two_sections_are_one_note() {
    let post = Post {
        title: "Twice".into(),
        sections: vec![
            Section::new("A", "One[^1].\n\n[^1]: The note."),
            Section::new("B", "Two[^1]."),
        ],
        ..Post::default()
    };
    let doc = page(&post);
    assert_eq!(texts(&doc, "section.footnotes li").len(), 1);
    assert_eq!(
        doc.select(&sel("[id='fn:1']")).count(),
        1,
        "one id per note, never two id=\"1\""
    );
}

#[test]
fn the_markdown_export_writes_the_heading_levels_the_page_shows() {
    let post = Post {
        title: "Levels".into(),
        sections: vec![Section::new(
            "Section",
            "# Part\n\ntext\n\n## Sub-part\n\nmore\n\nSetext\n---\n",
        )],
        ..Post::default()
    };
    let html = page(&post);
    let shown: Vec<(String, String)> = html
        .select(&sel("main h2, main h3, main h4, main h5"))
        .map(|h| (h.value().name().to_string(), h.text().collect()))
        .collect();
    assert_eq!(
        shown,
        [
            ("h2".to_string(), "Section".to_string()),
            ("h3".into(), "Part".into()),
            ("h4".into(), "Sub-part".into()),
            ("h4".into(), "Setext".into())
        ]
    );
    for flavor in Flavor::ALL {
        let md = export::markdown(&post, &Site::default(), flavor).unwrap();
        for line in [
            "\n## Section\n",
            "\n### Part\n",
            "\n#### Sub-part\n",
            "\n#### Setext\n",
        ] {
            assert!(md.contains(line), "{flavor}: {line:?} in\n{md}");
        }
        assert!(
            !md.contains("\n# Part") && !md.contains("\n## Sub-part"),
            "{flavor}: {md}"
        );
    }
}

#[test]
fn the_markdown_export_and_the_page_are_one_document() {
    let post = across_sections();
    let md = export::markdown(&post, &Site::default(), Flavor::Hugo).unwrap();
    let body = md.splitn(3, "---\n").nth(2).unwrap().trim_start();
    assert_eq!(
        body,
        render::document::document(&post).text,
        "the export writes the document the preview renders"
    );
}
