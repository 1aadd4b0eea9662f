//! A revision against the current post (History's "what changed"): word
//! runs that rebuild both texts (any text, Unicode and right-to-left too),
//! sections paired by heading and position with added, removed and moved
//! ones said as such, takeaways, other fields, long unchanged runs folded,
//! the one-line summary, and the JSON shape the window reads.

use proptest::prelude::*;
use quire::diff::{Change, OpKind, PostDiff, apply, count_words, diff};
use quire::{Post, Section, Status};

fn post(title: &str, sections: &[(&str, &str)]) -> Post {
    Post {
        title: title.into(),
        summary: "A short summary of the post.".into(),
        sections: sections.iter().map(|(h, b)| Section::new(*h, *b)).collect(),
        takeaways: vec!["Keep it short.".into(), "Write often.".into()],
        ..Post::default()
    }
}

/// The inserted and the deleted text of a list of runs, run by run.
fn marked(ops: &[quire::diff::Op]) -> (Vec<&str>, Vec<&str>) {
    let of = |kind| {
        ops.iter()
            .filter(|o| o.kind == kind)
            .map(|o| o.text.as_str())
            .collect()
    };
    (of(OpKind::Insert), of(OpKind::Delete))
}

#[test]
fn identical_posts_have_no_changes() {
    let p = post("Same", &[("One", "Text here."), ("Two", "More text.")]);
    let d = diff(&p, &p);
    assert_eq!(d.changes.summary, "No changes");
    assert_eq!(
        (d.changes.inserted, d.changes.deleted, d.changes.sections),
        (0, 0, 0)
    );
    assert!(d.title.is_none() && d.summary.is_none() && d.fields.is_empty());
    assert!(
        d.sections
            .iter()
            .all(|s| s.change == Change::Same && !s.moved)
    );
    assert!(d.takeaways.iter().all(|t| t.change == Change::Same));
}

#[test]
fn a_changed_word_is_one_deletion_and_one_insertion_in_its_section() {
    let old = post(
        "T",
        &[("Intro", "The quick brown fox jumps."), ("End", "Bye now.")],
    );
    let new = post(
        "T",
        &[("Intro", "The quick red fox jumps."), ("End", "Bye now.")],
    );
    let d = diff(&old, &new);
    assert_eq!(d.sections[0].change, Change::Changed);
    assert_eq!(d.sections[1].change, Change::Same);
    assert_eq!(marked(&d.sections[0].body), (vec!["red"], vec!["brown"]));
    assert_eq!(d.changes.summary, "+1 −1 words, 1 section changed");
    let (before, after) = apply(&d.sections[0].body);
    assert_eq!(before, "The quick brown fox jumps.");
    assert_eq!(after, "The quick red fox jumps.");
}

#[test]
fn whitespace_and_punctuation_are_kept_and_not_counted_as_words() {
    let old = post("T", &[("", "Hello,  world!\n\nNext line.")]);
    let new = post("T", &[("", "Hello, world?\n\nNext   line.")]);
    let d = diff(&old, &new);
    let body = &d.sections[0].body;
    assert_eq!(
        apply(body),
        (
            "Hello,  world!\n\nNext line.".into(),
            "Hello, world?\n\nNext   line.".into()
        )
    );
    assert_eq!(
        (d.changes.inserted, d.changes.deleted),
        (0, 0),
        "only spaces and marks changed"
    );
    assert_eq!(d.changes.sections, 1);
}

#[test]
fn title_summary_takeaways_and_other_fields() {
    let old = post("Old title", &[("A", "Body.")]);
    let mut new = post("New title", &[("A", "Body.")]);
    new.summary = "A longer summary of the whole post.".into();
    new.status = Status::Published;
    new.tags = vec!["rust".into(), "writing".into()];
    new.takeaways = vec![
        "Keep it very short.".into(),
        "Write often.".into(),
        "Read.".into(),
    ];
    let d = diff(&old, &new);
    assert_eq!(
        marked(d.title.as_ref().unwrap()),
        (vec!["New"], vec!["Old"])
    );
    assert_eq!(
        marked(d.summary.as_ref().unwrap()),
        (vec!["longer", "whole "], vec!["short"])
    );
    let fields: Vec<_> = d
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.before.as_str(), f.after.as_str()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("status", "draft", "published"),
            ("tags", "", "rust, writing")
        ]
    );
    let takeaways: Vec<_> = d.takeaways.iter().map(|t| t.change).collect();
    assert_eq!(
        takeaways,
        vec![Change::Changed, Change::Same, Change::Added]
    );
    assert_eq!(marked(&d.takeaways[0].ops).0, vec!["very "]);
    assert_eq!(
        d.changes.parts,
        vec!["title", "summary", "takeaways", "status", "tags"]
    );
    assert_eq!(d.changes.sections, 0);
    assert!(
        d.changes
            .summary
            .ends_with("title, summary, takeaways, status, tags changed"),
        "{}",
        d.changes.summary
    );
}

#[test]
fn sections_added_removed_and_moved_are_said_as_such() {
    let old = post(
        "T",
        &[
            ("One", "First body."),
            ("Two", "Second body."),
            ("Three", "Third body."),
            ("Gone", "Old text."),
        ],
    );
    let new = post(
        "T",
        &[
            ("Three", "Third body."),
            ("One", "First body."),
            ("Two", "Second body."),
            ("Fresh", "New text here."),
        ],
    );
    let d = diff(&old, &new);
    let seen: Vec<_> = d
        .sections
        .iter()
        .map(|s| (s.change, s.moved, s.before, s.after))
        .collect();
    assert_eq!(
        seen,
        vec![
            (Change::Same, true, Some(2), Some(0)),
            (Change::Same, false, Some(0), Some(1)),
            (Change::Same, false, Some(1), Some(2)),
            (Change::Removed, false, Some(3), None),
            (Change::Added, false, None, Some(3)),
        ]
    );
    let fresh = &d.sections[4];
    assert!(fresh.body.iter().all(|o| o.kind == OpKind::Insert));
    assert_eq!(
        d.changes.sections, 3,
        "the moved, the added and the removed one"
    );
    assert_eq!((d.changes.inserted, d.changes.deleted), (4, 3));
}

#[test]
fn a_section_is_paired_by_its_heading_even_when_its_body_is_rewritten() {
    let old = post(
        "T",
        &[
            ("Intro", "Alpha beta."),
            ("Method", "We measured things carefully."),
        ],
    );
    let new = post(
        "T",
        &[
            ("Intro", "Alpha beta."),
            ("New one", "Inserted."),
            ("Method", "Completely different words now."),
        ],
    );
    let d = diff(&old, &new);
    let method = d.sections.iter().find(|s| s.after == Some(2)).unwrap();
    assert_eq!(
        (method.change, method.before, method.moved),
        (Change::Changed, Some(1), false)
    );
    assert_eq!(d.sections[1].change, Change::Added);
}

#[test]
fn a_renamed_section_is_paired_by_what_its_text_shares() {
    let body = "A long body that stays mostly the same across both versions of the post.";
    let old = post("T", &[("Lead", "Short."), ("Old heading", body)]);
    let new = post(
        "T",
        &[
            ("Fresh start", "Nothing alike at all."),
            ("Lead", "Short."),
            ("New heading", body),
        ],
    );
    let d = diff(&old, &new);
    let renamed = d.sections.iter().find(|s| s.after == Some(2)).unwrap();
    assert_eq!((renamed.change, renamed.before), (Change::Changed, Some(1)));
    assert_eq!(marked(&renamed.heading), (vec!["New"], vec!["Old"]));
    assert_eq!(
        d.sections[0].change,
        Change::Added,
        "nothing in common: added, not paired"
    );
}

#[test]
fn unicode_and_right_to_left_text() {
    let old = post(
        "T",
        &[(
            "مقدمة",
            "هذا نص عربي قصير. Ünïcödé café 😀 日本語のテキスト",
        )],
    );
    let new = post(
        "T",
        &[(
            "مقدمة",
            "هذا نص عربي طويل. Ünïcödé caffè 😀 日本語のテキスト",
        )],
    );
    let d = diff(&old, &new);
    let body = &d.sections[0].body;
    assert_eq!(marked(body), (vec!["طويل", "caffè"], vec!["قصير", "café"]));
    assert_eq!(apply(body).0, old.sections[0].body);
    assert_eq!(apply(body).1, new.sections[0].body);
    assert_eq!(d.changes.summary, "+2 −2 words, 1 section changed");
}

#[test]
fn long_unchanged_runs_fold_to_their_ends() {
    let words: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
    let old = post("T", &[("", &format!("Start. {} End.", words.join(" ")))]);
    let new = post("T", &[("", &format!("Begin. {} End!", words.join(" ")))]);
    let d = diff(&old, &new);
    let equal = d.sections[0]
        .body
        .iter()
        .find(|o| o.kind == OpKind::Equal && o.words > 40)
        .unwrap();
    let fold = equal.fold.as_ref().expect("a long equal run is folded");
    assert!(equal.text.starts_with(&fold.head) && equal.text.ends_with(&fold.tail));
    assert_eq!(count_words(&fold.head), 12);
    assert_eq!(count_words(&fold.tail), 12);
    assert_eq!(fold.hidden_words, equal.words - 24);
    let short = d.sections[0].body.iter().filter(|o| o.words <= 40);
    assert!(
        short.into_iter().all(|o| o.fold.is_none()),
        "short runs are shown whole"
    );
}

#[test]
fn the_json_the_window_reads() {
    let old = post("T", &[("A", "one two")]);
    let new = post("T", &[("A", "one three")]);
    let value = serde_json::to_value(diff(&old, &new)).unwrap();
    assert_eq!(value["sections"][0]["change"], "changed");
    assert_eq!(value["sections"][0]["body"][0]["kind"], "equal");
    assert_eq!(value["sections"][0]["body"][1]["kind"], "delete");
    assert_eq!(value["sections"][0]["body"][1]["text"], "two");
    assert_eq!(
        value["changes"]["summary"],
        "+1 −1 words, 1 section changed"
    );
    assert!(value["title"].is_null());
    let back: PostDiff = serde_json::from_value(value).unwrap();
    assert_eq!(back, diff(&old, &new));
}

/// Text with words, spaces, line breaks, punctuation, RTL and CJK letters and emoji.
fn text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        "[a-z]{1,6}",
        Just(" ".to_string()),
        Just("\n\n".to_string()),
        Just(", ".to_string()),
        Just("مرحبا".to_string()),
        Just("日本".to_string()),
        Just("😀".to_string()),
        Just("é".to_string()),
    ];
    prop::collection::vec(token, 0..40).prop_map(|t| t.concat())
}

proptest! {
    #[test]
    fn the_runs_rebuild_both_texts(before in text(), after in text()) {
        let old = post("T", &[("H", &before)]);
        let new = post("T", &[("H", &after)]);
        let d = diff(&old, &new);
        let body = &d.sections[0].body;
        prop_assert_eq!(apply(body), (before.clone(), after.clone()));
        // Runs alternate: never two of a kind side by side, never empty.
        prop_assert!(body.windows(2).all(|w| w[0].kind != w[1].kind));
        prop_assert!(body.iter().all(|o| !o.text.is_empty()));
        for op in body.iter().filter(|o| o.fold.is_some()) {
            let fold = op.fold.as_ref().unwrap();
            prop_assert!(op.text.starts_with(&fold.head) && op.text.ends_with(&fold.tail));
        }
    }

    #[test]
    fn every_section_of_both_versions_is_listed_once(
        before in prop::collection::vec(("[A-C]", text()), 0..6),
        after in prop::collection::vec(("[A-C]", text()), 0..6),
    ) {
        let as_sections = |v: &[(String, String)]| v.iter().map(|(h, b)| Section::new(h.as_str(), b.as_str())).collect::<Vec<_>>();
        let old = Post { sections: as_sections(&before), ..Post::default() };
        let new = Post { sections: as_sections(&after), ..Post::default() };
        let d = diff(&old, &new);
        let mut olds: Vec<usize> = d.sections.iter().filter_map(|s| s.before).collect();
        olds.sort_unstable();
        let news: Vec<usize> = d.sections.iter().filter_map(|s| s.after).collect();
        prop_assert_eq!(olds, (0..before.len()).collect::<Vec<_>>());
        prop_assert_eq!(news, (0..after.len()).collect::<Vec<_>>(), "in the current post's order");
        for s in &d.sections {
            let (h, b) = (apply(&s.heading), apply(&s.body));
            let was = s.before.map(|i| &old.sections[i]);
            let is = s.after.map(|i| &new.sections[i]);
            prop_assert_eq!(&h.0, was.map_or("", |x| x.heading.as_str()));
            prop_assert_eq!(&b.0, was.map_or("", |x| x.body.as_str()));
            prop_assert_eq!(&h.1, is.map_or("", |x| x.heading.as_str()));
            prop_assert_eq!(&b.1, is.map_or("", |x| x.body.as_str()));
        }
    }
}
