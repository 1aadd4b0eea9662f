//! Full-text search through `Store::list`: what it finds, how it ranks, that
//! the index follows every save and delete, and that no typed text is FTS
//! syntax.

use chrono::Duration;
use quire::Section;
use quire::store::{ListQuery, Sort};

use super::{post, search, store, t0};

#[test]
fn search_finds_a_word_only_in_a_section_body_or_a_takeaway() {
    let (_dir, mut store) = store();
    let mut p = post("Plain Title");
    p.sections
        .push(Section::new("Later", "A zygomorphic flower appears here."));
    p.takeaways.push("Remember the quetzal.".into());
    store.create(p, t0()).unwrap();
    store.create(post("Another Post"), t0()).unwrap();
    assert_eq!(
        search(&store, "zygomorphic"),
        ["plain-title"],
        "word only in a section body"
    );
    assert_eq!(
        search(&store, "quetzal"),
        ["plain-title"],
        "word only in a takeaway"
    );
    assert_eq!(
        search(&store, "quetz"),
        ["plain-title"],
        "the last word matches as a prefix"
    );
    assert_eq!(
        search(&store, "ZYGOMORPHIC"),
        ["plain-title"],
        "case does not matter"
    );
    assert_eq!(
        search(&store, "flower zygo"),
        ["plain-title"],
        "all words must match"
    );
    assert!(
        search(&store, "flower unicorn").is_empty(),
        "a missing word excludes the post"
    );
}

#[test]
fn search_ranks_title_matches_first_and_accents_do_not_matter() {
    let (_dir, mut store) = store();
    let mut body_only = post("Something Else");
    body_only.sections[0].body = "We mention a café once.".into();
    store.create(body_only, t0() + Duration::hours(1)).unwrap();
    store.create(post("The Cafe Guide"), t0()).unwrap();
    assert_eq!(
        search(&store, "café"),
        ["the-cafe-guide", "something-else"],
        "a title match outranks a body match, and café finds cafe"
    );
    let by_title = ListQuery {
        search: Some("cafe".into()),
        sort: Sort::Title,
        ..ListQuery::default()
    };
    let titles: Vec<String> = store
        .list(&by_title)
        .unwrap()
        .into_iter()
        .map(|s| s.title)
        .collect();
    assert_eq!(
        titles,
        ["Something Else", "The Cafe Guide"],
        "an explicit sort wins over rank"
    );
}

#[test]
fn updates_and_deletes_keep_the_index_right() {
    let (_dir, mut store) = store();
    let mut p = post("Indexed");
    p.sections[0].body = "An aardvark lives here.".into();
    let mut p = store.create(p, t0()).unwrap();
    p.sections[0].body = "A platypus lives here now.".into();
    let p = store.update(p, t0()).unwrap();
    assert!(
        search(&store, "aardvark").is_empty(),
        "a removed word is no longer found"
    );
    assert_eq!(
        search(&store, "platypus"),
        ["indexed"],
        "a new word is found"
    );
    assert_eq!(
        store
            .count(&ListQuery {
                search: Some("platypus".into()),
                ..ListQuery::default()
            })
            .unwrap(),
        1,
        "an update must not leave a second index entry"
    );
    store.delete(p.id.unwrap(), t0()).unwrap();
    assert!(
        search(&store, "platypus").is_empty(),
        "a deleted post is not found"
    );
    store.restore(p.id.unwrap(), t0()).unwrap();
    store.delete(p.id.unwrap(), t0()).unwrap();
    store.purge(p.id.unwrap()).unwrap();
    assert!(
        search(&store, "platypus").is_empty(),
        "a purged post is not found"
    );
    // SQLite gives the next post the purged post's id (it was the highest):
    // nothing of the old post may be found under the new one.
    let next = store.create(post("Successor"), t0()).unwrap();
    assert_eq!(next.id, p.id, "the id is reused (the case under test)");
    assert!(
        search(&store, "platypus").is_empty(),
        "a purged post's words do not come back with a post that reuses its id"
    );
}

#[test]
fn an_update_reindexes_every_indexed_field() {
    let (_dir, mut store) = store();
    let mut p = post("Kestrel Notes");
    p.summary = "A summary about ocelots.".into();
    p.takeaways = vec!["Remember the quokka.".into()];
    let mut p = store.create(p, t0()).unwrap();
    p.title = "Falcon Notes".into();
    p.summary = "A summary about margays.".into();
    p.takeaways = vec!["Remember the numbat.".into()];
    store.update(p, t0() + Duration::minutes(1)).unwrap();
    for (gone, new, field) in [
        ("kestrel", "falcon", "title"),
        ("ocelots", "margays", "summary"),
        ("quokka", "numbat", "takeaway"),
    ] {
        assert!(
            search(&store, gone).is_empty(),
            "the old {field} word is no longer found"
        );
        assert_eq!(
            search(&store, new),
            ["kestrel-notes"],
            "the new {field} word is found (the slug stays)"
        );
    }
}

#[test]
fn search_text_is_never_fts_syntax() {
    let (_dir, mut store) = store();
    store.create(post("Quotes and Parens"), t0()).unwrap();
    for nasty in [
        "\"",
        "AND (",
        "OR",
        "NOT",
        "NEAR(a b)",
        "*",
        "title:quotes",
        "a\"b",
        "(((",
        "'",
        "-x",
        "^quotes",
        "quotes AND",
        "{title}: x",
        "\u{0}",
        "東京",
        "🎉",
    ] {
        let query = ListQuery {
            search: Some(nasty.into()),
            ..ListQuery::default()
        };
        assert!(
            store.list(&query).is_ok(),
            "search for {nasty:?} must not error"
        );
        assert!(
            store.count(&query).is_ok(),
            "count for {nasty:?} must not error"
        );
    }
    assert_eq!(
        search(&store, "\"quotes\""),
        ["quotes-and-parens"],
        "quotes are just punctuation"
    );
}
