//! The store on real SQLite files in temporary folders: posts round-trip,
//! revisions, trash, search, validation, slugs, the schema and crash safety.

use chrono::{DateTime, Duration, TimeZone, Utc};
use quire::store::{ListQuery, Sort};
use quire::{Error, Post, Section, Status, Store};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap()
}

/// A fresh store in its own temp dir (kept alive by the returned guard).
fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_at(dir.path().join("quire.db"), t0()).expect("open a new store");
    (dir, store)
}

fn post(title: &str) -> Post {
    Post {
        title: title.into(),
        summary: format!("About {title}."),
        sections: vec![Section::new("First", "Some *Markdown* text.")],
        takeaways: vec!["One thing to remember.".into()],
        tags: vec!["testing".into()],
        ..Post::default()
    }
}

fn search(store: &Store, words: &str) -> Vec<String> {
    let query = ListQuery {
        search: Some(words.into()),
        ..ListQuery::default()
    };
    store
        .list(&query)
        .expect("search runs")
        .into_iter()
        .map(|s| s.slug)
        .collect()
}

fn live_slugs(store: &Store) -> Vec<String> {
    store
        .list(&ListQuery::default())
        .expect("list runs")
        .into_iter()
        .map(|s| s.slug)
        .collect()
}

#[test]
fn a_new_database_holds_the_sample_post() {
    let (_dir, store) = store();
    let all = store.list(&ListQuery::default()).unwrap();
    assert_eq!(
        all.len(),
        1,
        "a brand-new database gets exactly one sample post"
    );
    let sample = store.get(all[0].id).unwrap();
    assert!(
        sample.sections.len() >= 3,
        "the sample shows several sections"
    );
    assert!(!sample.takeaways.is_empty(), "the sample shows takeaways");
    assert_eq!(
        sample.created_at,
        Some(t0()),
        "the sample is dated by the clock passed in"
    );
    drop(store);
    let reopened = Store::open_at(_dir.path().join("quire.db"), t0()).unwrap();
    assert_eq!(
        reopened.count(&ListQuery::default()).unwrap(),
        1,
        "reopening must not seed a second sample"
    );
}

#[test]
fn create_then_update_bumps_the_revision() {
    let (_dir, mut store) = store();
    let created = store.create(post("Hello World"), t0()).unwrap();
    assert_eq!(created.revision, 1, "a new post is revision 1");
    assert_eq!(created.slug, "hello-world", "slug derived from the title");
    let mut edit = store.get(created.id.unwrap()).unwrap();
    assert_eq!(edit, created, "get returns what create stored");
    edit.summary = "Changed.".into();
    let later = t0() + Duration::minutes(5);
    let updated = store.update(edit, later).unwrap();
    assert_eq!(updated.revision, 2, "an update moves to the next revision");
    assert_eq!(updated.created_at, Some(t0()), "created_at never changes");
    assert_eq!(
        updated.updated_at,
        Some(later),
        "updated_at is the save time"
    );
    assert_eq!(store.get(created.id.unwrap()).unwrap().summary, "Changed.");
}

#[test]
fn search_finds_a_word_only_in_a_section_body_or_a_takeaway() {
    let (_dir, mut store) = store();
    let mut p = post("Plain Title");
    p.sections
        .push(Section::new("Later", "A zygomorphic flower appears here."));
    p.takeaways.push("Remember the quetzal.".into());
    store.create(p, t0()).unwrap();
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
    assert!(
        live_slugs(&store).contains(&"plain-title".to_string()),
        "the post is listed"
    );
    let _ = (Status::Draft, Sort::Updated);
    assert!(
        matches!(store.get(9999), Err(Error::NotFound(_))),
        "unknown id"
    );
}
