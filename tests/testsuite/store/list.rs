//! Listings: filters, sort orders, paging, counts, tags and categories,
//! and the candidates for "What to Read Next".

use chrono::Duration;
use quire::store::{ListQuery, Sort};
use quire::{Post, Status};

use super::{post, store, t0};

#[test]
fn list_filters_sorts_and_pages() {
    let (_dir, mut store) = store();
    let sample = store.list(&ListQuery::default()).unwrap()[0].id;
    store.delete(sample, t0()).unwrap();
    let day = Duration::days(1);
    for (i, (title, status, tag, category)) in [
        ("Bravo", Status::Published, "Rust", "Engineering"),
        ("alpha", Status::Draft, "rust", "Design"),
        ("Charlie", Status::Published, "css", "engineering"),
    ]
    .into_iter()
    .enumerate()
    {
        let p = Post {
            status,
            tags: vec![tag.into()],
            category: category.into(),
            publish_at: Some(t0() - day * (10 * i as i32)),
            ..post(title)
        };
        store.create(p, t0() + Duration::minutes(i as i64)).unwrap();
    }
    let titles = |q: ListQuery| -> Vec<String> {
        store
            .list(&q)
            .unwrap()
            .into_iter()
            .map(|s| s.title)
            .collect()
    };
    assert_eq!(
        titles(ListQuery::default()),
        ["Charlie", "alpha", "Bravo"],
        "newest save first"
    );
    let q = ListQuery {
        sort: Sort::Title,
        ..ListQuery::default()
    };
    assert_eq!(
        titles(q),
        ["alpha", "Bravo", "Charlie"],
        "title order ignores case"
    );
    let q = ListQuery {
        sort: Sort::Date,
        ..ListQuery::default()
    };
    assert_eq!(
        titles(q),
        ["Bravo", "alpha", "Charlie"],
        "publication date, newest first"
    );
    let q = ListQuery {
        status: Some(Status::Draft),
        ..ListQuery::default()
    };
    assert_eq!(titles(q), ["alpha"], "status filter");
    let q = ListQuery {
        tag: Some("RUST".into()),
        sort: Sort::Title,
        ..ListQuery::default()
    };
    assert_eq!(titles(q), ["alpha", "Bravo"], "tag filter ignores case");
    let q = ListQuery {
        category: Some("Engineering".into()),
        sort: Sort::Title,
        ..ListQuery::default()
    };
    assert_eq!(
        titles(q.clone()),
        ["Bravo", "Charlie"],
        "category filter ignores case"
    );
    assert_eq!(store.count(&q).unwrap(), 2, "count agrees with list");
    let page = ListQuery {
        sort: Sort::Title,
        limit: Some(1),
        offset: 1,
        ..ListQuery::default()
    };
    assert_eq!(
        titles(page.clone()),
        ["Bravo"],
        "limit and offset page through"
    );
    assert_eq!(store.count(&page).unwrap(), 3, "count ignores paging");
    let summary = &store.list(&ListQuery::default()).unwrap()[0];
    assert_eq!(summary.tags, ["css"], "summaries carry their tags");
    assert_eq!(
        store.tags().unwrap().len(),
        2,
        "tags are distinct ignoring case"
    );
    assert_eq!(
        store.categories().unwrap().len(),
        2,
        "categories are distinct ignoring case"
    );
}

#[test]
fn related_candidates_share_a_tag_or_are_hand_picked() {
    let (_dir, mut store) = store();
    let tagged = |title: &str, tags: &[&str], status| Post {
        status,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..post(title)
    };
    store
        .create(tagged("Shares", &["ai"], Status::Published), t0())
        .unwrap();
    store
        .create(tagged("Draft Shares", &["ai"], Status::Draft), t0())
        .unwrap();
    store
        .create(tagged("Unrelated", &["food"], Status::Published), t0())
        .unwrap();
    store
        .create(tagged("Picked", &["food"], Status::Published), t0())
        .unwrap();
    let mut me = tagged("Me", &["AI", "privacy"], Status::Published);
    me.related = vec!["picked".into()];
    let me = store.create(me, t0()).unwrap();
    let mut found: Vec<String> = store
        .related_candidates(&me, &[Status::Published])
        .unwrap()
        .into_iter()
        .map(|s| s.slug)
        .collect();
    found.sort();
    assert_eq!(
        found,
        ["picked", "shares"],
        "shared tag or hand-picked, published, not itself"
    );
}
