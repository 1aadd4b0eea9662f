//! The store on real SQLite files in temporary folders: posts round-trip,
//! revisions, trash, search, validation, slugs, the schema and crash safety.

mod crash;
mod list;
mod log;
mod schema;
mod search;
mod watch;

use chrono::{DateTime, Duration, TimeZone, Utc};
use quire::store::ListQuery;
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
fn each_kind_of_change_to_sections_and_lists_is_saved_exactly() {
    // An update writes only the children that changed; whatever changes,
    // reading back gives exactly the post that was saved.
    let (_dir, mut store) = store();
    let sample_sections = rows(&store, "sections");
    let mut post = post("Shapes");
    post.sections = (0..4)
        .map(|i| Section::new(format!("H{i}"), format!("body {i}")))
        .collect();
    post.takeaways = vec!["a".into(), "b".into()];
    post.tags = vec!["x".into(), "y".into()];
    post.related = vec!["some-post".into()];
    let mut saved = store.create(post, t0()).unwrap();
    let edits: [fn(&mut Post); 8] = [
        |p| p.sections[1].body.push_str(" more"),
        |p| p.sections[2].heading = "Renamed".into(),
        |p| p.sections.truncate(2),
        |p| p.sections.push(Section::new("New", "new quetzal words")),
        |p| p.sections.swap(0, 2),
        |p| p.takeaways = vec!["b".into(), "a".into(), "c".into()],
        |p| {
            p.tags = vec!["z".into()];
            p.related.clear();
        },
        |p| p.sections.clear(),
    ];
    for (n, edit) in edits.iter().enumerate() {
        let mut next = saved.clone();
        edit(&mut next);
        let at = t0() + Duration::minutes(n as i64 + 1);
        saved = store.update(next.clone(), at).unwrap();
        let read = store.get(saved.id.unwrap()).unwrap();
        assert_eq!(read, saved, "edit {n} reads back as saved");
        assert_eq!(read.sections, next.sections, "edit {n}: sections");
        assert_eq!(read.takeaways, next.takeaways, "edit {n}: takeaways");
        assert_eq!(read.tags, next.tags, "edit {n}: tags");
        assert_eq!(read.related, next.related, "edit {n}: related");
        let found = search(&store, "quetzal");
        let has_word = next.sections.iter().any(|s| s.body.contains("quetzal"));
        assert_eq!(
            found.len(),
            usize::from(has_word),
            "edit {n}: index in step"
        );
    }
    assert_eq!(
        rows(&store, "sections"),
        sample_sections,
        "no section row left behind"
    );
}

/// Rows in a table, read straight from the file (to prove nothing was written).
fn rows(store: &Store, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let sql = match table {
        "posts" => "SELECT count(*) FROM posts",
        "revisions" => "SELECT count(*) FROM revisions",
        "sections" => "SELECT count(*) FROM sections",
        other => panic!("no such table in this test: {other}"),
    };
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn unicode_post_json() -> &'static str {
    r#"{
      "slug": "creme-brulee-tokyo",
      "title": "Crème brûlée à Tōkyō — 東京のカフェ ☕",
      "summary": "Un résumé: 日本語, emoji 🎉👩🏽‍💻, and עברית עם ערבית: مرحبا بالعالم.",
      "author": "Zoë Ångström",
      "category": "Café & Culture",
      "tags": ["café", "東京", "emoji-🎉", "rtl"],
      "status": "scheduled",
      "publish_at": "2023-10-06T09:00:00+02:00",
      "sections": [
        {"heading": "Première partie", "body": "Du *Markdown* avec `code`.\n\n### Sous-titre\n\nשלום עולם"},
        {"heading": "", "body": "A section without a heading.\n\n| a | b |\n|---|---|\n| 1 | 2 |"},
        {"heading": "第三部", "body": "最後のセクション 🚀"}
      ],
      "takeaways": ["**Zuerst** das Wichtigste.", "二番目", "ثالثا"],
      "related": ["some-other-post", "a-third-post"],
      "revision": 0
    }"#
}

#[test]
fn every_json_field_survives_put_then_get() {
    let (_dir, mut store) = store();
    let input = Post::from_json(unicode_post_json()).expect("the fixture is valid JSON");
    let saved = store.put(input.clone(), t0()).expect("put creates it");
    let got = store.get(saved.id.expect("an id is assigned")).unwrap();
    assert_eq!(got, saved, "get returns exactly what put reported");
    for (field, a, b) in [
        ("slug", &got.slug, &input.slug),
        ("title", &got.title, &input.title),
        ("summary", &got.summary, &input.summary),
        ("author", &got.author, &input.author),
        ("category", &got.category, &input.category),
    ] {
        assert_eq!(a, b, "{field} must survive byte for byte");
    }
    assert_eq!(got.tags, input.tags, "tags keep their order and Unicode");
    assert_eq!(got.status, Status::Scheduled, "status survives");
    assert_eq!(
        got.publish_at
            .map(|t| quire::model::format_time(&t))
            .as_deref(),
        Some("2023-10-06T07:00:00Z"),
        "publish_at is kept, normalised to UTC"
    );
    assert_eq!(
        got.sections, input.sections,
        "sections keep order, headings (even empty) and bodies"
    );
    assert_eq!(got.takeaways, input.takeaways, "takeaways keep their order");
    assert_eq!(got.related, input.related, "related slugs keep their order");
    assert_eq!(got.created_at, Some(t0()), "created_at is the save time");
    assert_eq!(got.updated_at, Some(t0()), "updated_at is the save time");
    assert_eq!(got.revision, 1, "first save is revision 1");
    let again = Post::from_json(&got.to_json()).unwrap();
    assert_eq!(again, got, "the JSON shape round-trips");
    assert_eq!(
        store.get_by_slug("creme-brulee-tokyo").unwrap(),
        got,
        "found by slug too"
    );
}

/// A post with every field of the JSON shape set, all different from
/// [`post`]'s.
fn every_field_changed(mut p: Post) -> Post {
    p.slug = "renamed-by-hand".into();
    p.title = "Every Field Changed".into();
    p.summary = "A new summary.".into();
    p.author = "Ngozi Adichie".into();
    p.category = "Essays".into();
    p.tags = vec!["new-tag".into(), "another".into()];
    p.status = Status::Scheduled;
    p.publish_at = Some(t0() + Duration::days(30));
    p.sections = vec![
        Section::new("Opening", "New *first* section."),
        Section::new("", "A section with no heading."),
    ];
    p.takeaways = vec!["First lesson.".into(), "Second lesson.".into()];
    p.related = vec!["some-other-post".into()];
    p.aliases = vec!["/2019/05/old-address/".into(), "/old.html".into()];
    p.extra = serde_json::from_str(r#"{"hugo": {"weight": 3, "series": ["a"]}}"#).unwrap();
    p
}

/// The content of a post: everything but id, revision and save times.
fn content(p: &Post) -> Post {
    Post {
        id: None,
        revision: 0,
        created_at: None,
        updated_at: None,
        ..p.clone()
    }
}

#[test]
fn an_update_saves_every_field() {
    let (_dir, mut store) = store();
    let first = store.create(post("Before"), t0()).unwrap();
    let edit = every_field_changed(first.clone());
    let saved = store
        .update(edit.clone(), t0() + Duration::minutes(1))
        .unwrap();
    let got = store.get(first.id.unwrap()).unwrap();
    assert_eq!(got, saved, "get returns what update reported");
    assert_eq!(content(&got), content(&edit), "every field is saved");
    assert_eq!(got.created_at, first.created_at, "created_at stays");
    assert_eq!(got.updated_at, Some(t0() + Duration::minutes(1)));
}

#[test]
fn n_saves_give_n_revisions_newest_first() {
    let (_dir, mut store) = store();
    let mut p = store.create(post("Counting"), t0()).unwrap();
    for n in 2..=6 {
        p.summary = format!("Version {n}.");
        p = store.update(p, t0() + Duration::seconds(n)).unwrap();
    }
    let id = p.id.unwrap();
    let history = store.history(id).unwrap();
    let numbers: Vec<i64> = history.iter().map(|r| r.revision).collect();
    assert_eq!(
        numbers,
        [6, 5, 4, 3, 2, 1],
        "6 saves give 6 revisions, newest first"
    );
    assert_eq!(
        history[0].saved_at,
        t0() + Duration::seconds(6),
        "saved_at is the save time"
    );
    assert!(history[0].words > 0, "the history shows a word count");
    let third = store.revision(id, 3).unwrap();
    assert_eq!(
        third.summary, "Version 3.",
        "a snapshot holds the content of its revision"
    );
    assert_eq!(third.revision, 3, "a snapshot knows its revision");
    assert!(
        matches!(store.revision(id, 7), Err(Error::NotFound(_))),
        "no revision 7 yet"
    );
}

#[test]
fn revert_restores_the_content_as_a_new_revision() {
    let (_dir, mut store) = store();
    let first = store.create(post("Original"), t0()).unwrap();
    let mut edit = every_field_changed(first.clone());
    edit.sections = vec![Section::new("Only", "Different text.")];
    let edited = store.update(edit, t0() + Duration::minutes(1)).unwrap();
    let id = first.id.unwrap();
    let reverted = store.revert(id, 1, t0() + Duration::minutes(2)).unwrap();
    assert_eq!(
        reverted.revision,
        edited.revision + 1,
        "revert writes a new revision"
    );
    assert_eq!(
        content(&reverted),
        content(&first),
        "every field restored (slug, summary, author, category, status, \
         date, sections, takeaways, tags, related)"
    );
    assert_eq!(
        content(&store.get(id).unwrap()),
        content(&first),
        "and stored so"
    );
    assert_eq!(
        store.history(id).unwrap().len(),
        3,
        "history keeps all three saves"
    );
    assert_eq!(
        search(&store, "Different"),
        Vec::<String>::new(),
        "index follows the revert"
    );
}

#[test]
fn a_stale_revision_is_refused_and_nothing_changes() {
    let (_dir, mut store) = store();
    let p = store.create(post("Shared"), t0()).unwrap();
    let mut mine = p.clone();
    let mut theirs = p.clone();
    theirs.summary = "Theirs.".into();
    store.update(theirs, t0() + Duration::seconds(1)).unwrap();
    let before = store.get(p.id.unwrap()).unwrap();
    let revisions = rows(&store, "revisions");
    mine.summary = "Mine, with a zebra.".into();
    let err = store.update(mine, t0() + Duration::seconds(2)).unwrap_err();
    assert!(
        matches!(err, Error::Conflict(_)),
        "stale revision is a Conflict, got {err:?}"
    );
    assert_eq!(
        store.get(p.id.unwrap()).unwrap(),
        before,
        "the stored post is unchanged"
    );
    assert_eq!(
        rows(&store, "revisions"),
        revisions,
        "no revision was written"
    );
    assert!(search(&store, "zebra").is_empty(), "the index is unchanged");
}

#[test]
fn trash_hides_a_post_and_restore_brings_it_back_whole() {
    let (_dir, mut store) = store();
    let mut p = post("Going Away");
    p.sections
        .push(Section::new("Second", "The word wombat is here."));
    let p = store.create(p, t0()).unwrap();
    let id = p.id.unwrap();
    store.delete(id, t0() + Duration::hours(1)).unwrap();
    assert!(
        !live_slugs(&store).contains(&p.slug),
        "a trashed post leaves the list"
    );
    assert!(
        search(&store, "wombat").is_empty(),
        "a trashed post leaves search"
    );
    assert!(
        matches!(store.get(id), Err(Error::NotFound(_))),
        "get sees live posts only"
    );
    assert_eq!(
        store.resolve(&p.slug).unwrap(),
        id,
        "resolve still finds it by slug"
    );
    let trash = store.trash().unwrap();
    assert_eq!(trash.len(), 1, "the trash holds it");
    assert_eq!(
        trash[0].deleted_at,
        Some(t0() + Duration::hours(1)),
        "deleted_at is set"
    );
    assert!(
        matches!(store.delete(id, t0()), Err(Error::NotFound(_))),
        "cannot delete twice"
    );
    let mut edit = p.clone();
    edit.title = "Edited in the trash".into();
    assert!(
        store.update(edit, t0()).is_err(),
        "a trashed post cannot be edited"
    );

    let back = store.restore(id, t0() + Duration::hours(2)).unwrap();
    assert_eq!(
        Post {
            updated_at: None,
            ..back.clone()
        },
        Post {
            updated_at: None,
            ..p.clone()
        },
        "restore brings the post back whole"
    );
    assert_eq!(
        search(&store, "wombat"),
        [p.slug.as_str()],
        "restored post is searchable again"
    );
    assert!(
        store.trash().unwrap().is_empty(),
        "the trash is empty again"
    );
    assert!(
        matches!(store.restore(id, t0()), Err(Error::NotFound(_))),
        "not in the trash"
    );

    assert!(
        matches!(store.purge(id), Err(Error::Validation(_))),
        "purge only from the trash"
    );
    store.delete(id, t0()).unwrap();
    store.purge(id).unwrap();
    assert!(
        matches!(store.resolve(&p.slug), Err(Error::NotFound(_))),
        "purged for good"
    );
    assert!(
        matches!(store.history(id), Err(Error::NotFound(_))),
        "history goes with it"
    );
}

#[test]
fn each_kind_of_bad_input_is_refused_and_stores_nothing() {
    let (_dir, mut store) = store();
    let (posts, revisions) = (rows(&store, "posts"), rows(&store, "revisions"));
    let scheduled = Post {
        status: Status::Scheduled,
        ..post("Later")
    };
    let bad_slug = Post {
        slug: "Not A Slug!".into(),
        ..post("Fine")
    };
    let mut oversized = post("Huge");
    oversized.sections[0].body = "x".repeat(quire::model::limits::POST_BYTES + 1);
    let multi_line = Post {
        title: "two\nlines".into(),
        ..post("x")
    };
    // Each with words its message must hold, so the editor knows what to fix.
    for (what, bad, says) in [
        ("empty title", post("   "), &["title"][..]),
        (
            "scheduled without a date",
            scheduled,
            &["scheduled", "publish"],
        ),
        ("bad slug", bad_slug, &["slug", "Not A Slug!"]),
        ("oversized body", oversized, &["MB"]),
        ("title with a newline", multi_line, &["title", "line"]),
    ] {
        let err = store.create(bad.clone(), t0()).expect_err(what);
        assert!(
            matches!(err, Error::Validation(_)),
            "{what}: Validation, got {err:?}"
        );
        let message = err.to_string();
        for word in says {
            assert!(
                message.contains(word),
                "{what}: the error says why: {message}"
            );
        }
        assert!(store.put(bad, t0()).is_err(), "{what}: put refuses it too");
    }
    let err = Post::from_json(r#"{"title": "x", "status": "live"}"#).unwrap_err();
    assert!(
        matches!(err, Error::Validation(_)),
        "bad status is Validation, got {err:?}"
    );
    assert!(
        err.to_string().contains("status") || err.to_string().contains("live"),
        "{err}"
    );
    let err = Post::from_json(r#"{"title": "x", "#).unwrap_err();
    assert!(
        matches!(err, Error::Json(_)),
        "malformed JSON is Json, got {err:?}"
    );
    assert_eq!(rows(&store, "posts"), posts, "no post row was written");
    assert_eq!(
        rows(&store, "revisions"),
        revisions,
        "no revision was written"
    );

    let mut good = store.create(post("Good"), t0()).unwrap();
    let before = store.get(good.id.unwrap()).unwrap();
    good.title = String::new();
    assert!(
        store.update(good, t0()).is_err(),
        "an update is validated too"
    );
    assert_eq!(
        store.get(before.id.unwrap()).unwrap(),
        before,
        "a refused update changes nothing"
    );
}

#[test]
fn slugs_are_derived_unique_and_hand_given_ones_are_checked() {
    let (_dir, mut store) = store();
    let a = store.create(post("Crème Brûlée!"), t0()).unwrap();
    let b = store.create(post("Crème brûlée"), t0()).unwrap();
    let c = store.create(post("creme BRULEE"), t0()).unwrap();
    assert_eq!(
        [a.slug.as_str(), b.slug.as_str(), c.slug.as_str()],
        ["creme-brulee", "creme-brulee-2", "creme-brulee-3"],
        "derived slugs are transliterated and numbered on a clash"
    );
    store.delete(c.id.unwrap(), t0()).unwrap();
    let d = store.create(post("Creme Brulee"), t0()).unwrap();
    assert_eq!(
        d.slug, "creme-brulee-4",
        "slugs of trashed posts stay taken"
    );

    let taken = Post {
        slug: "creme-brulee-2".into(),
        ..post("Other")
    };
    let err = store.create(taken, t0()).unwrap_err();
    assert!(
        matches!(err, Error::Validation(_)),
        "a taken slug is refused: {err:?}"
    );
    assert!(
        err.to_string().contains(&b.id.unwrap().to_string()),
        "names the holder: {err}"
    );
    let bad = Post {
        slug: "Crème".into(),
        ..post("Other")
    };
    assert!(
        matches!(store.create(bad, t0()), Err(Error::Validation(_))),
        "never rewritten"
    );

    let mut renamed = a.clone();
    renamed.title = "A New Name".into();
    renamed.slug = String::new();
    let renamed = store.update(renamed, t0()).unwrap();
    assert_eq!(
        renamed.slug, "a-new-name",
        "an empty slug on update follows the title"
    );
    let mut same = renamed.clone();
    same.slug = String::new();
    assert_eq!(
        store.update(same, t0()).unwrap().slug,
        "a-new-name",
        "its own slug is no clash"
    );
}

#[test]
fn put_creates_or_updates_by_id_or_slug() {
    let (_dir, mut store) = store();
    let created = store
        .put(
            Post {
                slug: "by-slug".into(),
                ..post("By Slug")
            },
            t0(),
        )
        .unwrap();
    let by_slug = Post {
        slug: "by-slug".into(),
        revision: 1,
        ..post("Renamed")
    };
    let updated = store.put(by_slug, t0()).unwrap();
    assert_eq!(updated.id, created.id, "an existing slug updates that post");
    assert_eq!(updated.revision, 2, "and moves it on a revision");
    let stale = Post {
        slug: "by-slug".into(),
        revision: 0,
        ..post("Again")
    };
    match store.put(stale, t0()) {
        Err(Error::Conflict(m)) => assert!(
            m.contains("a post with slug `by-slug` already exists (id")
                && m.contains("revision 2)")
                && !m.contains("saved elsewhere"),
            "a new post whose slug is taken says so, not that it was edited elsewhere: {m}"
        ),
        other => panic!("revision is required: {other:?}"),
    }
    let by_id = Post {
        id: created.id,
        revision: 2,
        ..post("By Id")
    };
    let by_id = store.put(by_id, t0()).unwrap();
    assert_eq!(
        (by_id.revision, by_id.slug.as_str()),
        (3, "by-id"),
        "id wins; slug re-derived"
    );
    let missing = Post {
        id: Some(424242),
        revision: 1,
        ..post("Ghost")
    };
    assert!(
        matches!(store.put(missing, t0()), Err(Error::NotFound(_))),
        "unknown id"
    );
}

#[test]
fn settings_are_typed_validated_and_used() {
    let (_dir, mut store) = store();
    assert_eq!(
        store.site().unwrap(),
        quire::Site::default(),
        "a new database has defaults"
    );
    let site = store
        .set_setting("default_author", "  Editorial team ")
        .unwrap();
    assert_eq!(site.default_author, "Editorial team", "values are trimmed");
    assert!(matches!(
        store.set_setting("base_url", "ftp://x"),
        Err(Error::Validation(_))
    ));
    assert!(matches!(
        store.set_setting("colour", "red"),
        Err(Error::NotFound(_))
    ));
    assert_eq!(
        store.site().unwrap().base_url,
        "",
        "a refused value is not stored"
    );
    let p = store.create(post("Authorless"), t0()).unwrap();
    assert_eq!(
        p.author, "Editorial team",
        "an empty author becomes the default author"
    );
    let mut whole = store.site().unwrap();
    whole.site_name = "Quire Notes".into();
    whole.language = "pt-BR".into();
    store.save_site(&whole).unwrap();
    let reopened = Store::open(store.path()).unwrap();
    assert_eq!(reopened.site().unwrap(), whole, "settings persist");
    whole.language = "not a language".into();
    assert!(
        store.save_site(&whole).is_err(),
        "save_site validates every field"
    );
    assert_eq!(
        store.site().unwrap().language,
        "pt-BR",
        "nothing stored from a refused save"
    );
}

#[test]
fn two_stores_on_one_file_see_each_others_saves_and_conflicts() {
    let (dir, mut app) = store();
    let mut cli = Store::open_at(dir.path().join("quire.db"), t0()).expect("a second opener");
    let p = app.create(post("Shared File"), t0()).unwrap();
    let mut from_cli = cli
        .get(p.id.unwrap())
        .expect("the other store sees the new post");
    from_cli.summary = "Edited from the CLI.".into();
    cli.update(from_cli, t0()).unwrap();
    assert_eq!(
        app.get(p.id.unwrap()).unwrap().summary,
        "Edited from the CLI.",
        "the app sees the CLI's save"
    );
    let mut stale = p.clone();
    stale.summary = "Edited in the app from revision 1.".into();
    assert!(
        matches!(app.update(stale, t0()), Err(Error::Conflict(_))),
        "a save based on a revision the other store replaced is a conflict"
    );
    assert_eq!(search(&app, "CLI"), ["shared-file"], "one index for both");
}

#[test]
fn a_derived_slug_cannot_make_a_post_related_to_itself() {
    let (_dir, mut store) = store();
    let selfish = Post {
        related: vec!["selfish-post".into()],
        ..post("Selfish post")
    };
    let before = live_slugs(&store);
    let err = store.create(selfish, t0()).expect_err("related to itself");
    assert_eq!(err.kind(), "validation", "{err}");
    assert_eq!(live_slugs(&store), before, "nothing was stored");
}

#[test]
fn a_publish_time_outside_years_1_to_9999_is_refused_so_listings_keep_working() {
    let (_dir, mut store) = store();
    for at in ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"] {
        let json = format!(r#"{{"title":"Edge","status":"scheduled","publish_at":"{at}"}}"#);
        let err = store
            .create(Post::from_json(&json).unwrap(), t0())
            .expect_err(at);
        assert_eq!(err.kind(), "validation", "{at}: {err}");
    }
    let ok = Post::from_json(
        r#"{"title":"Far","status":"scheduled","publish_at":"9999-12-31T00:00:00Z"}"#,
    )
    .unwrap();
    store
        .create(ok, t0())
        .expect("the year 9999 itself is fine");
    store
        .list(&ListQuery::default())
        .expect("the list still reads every row");
}

#[test]
fn aliases_and_kept_front_matter_survive_and_an_update_that_omits_them_keeps_them() {
    let (_dir, mut store) = store();
    let mut p = post("Moved");
    p.aliases = vec![
        "https://old.example/2019/05/moved/".into(),
        "2019/moved".into(),
    ];
    p.extra = serde_json::from_str(r#"{"zola": {"template": "page.html"}, "hugo": {}}"#).unwrap();
    let saved = store.create(p, t0()).unwrap();
    let id = saved.id.unwrap();
    assert_eq!(
        saved.aliases,
        ["/2019/05/moved/", "/2019/moved"],
        "aliases are kept as paths from the site's root"
    );
    assert_eq!(
        serde_json::to_string(&saved.extra).unwrap(),
        r#"{"zola":{"template":"page.html"}}"#,
        "a generator with no kept keys is dropped"
    );
    assert_eq!(store.get(id).unwrap(), saved);

    // A script written before aliases existed sends the whole post without them.
    let mut json: serde_json::Value = serde_json::from_str(&saved.to_json()).unwrap();
    let obj = json.as_object_mut().unwrap();
    obj.remove("aliases");
    obj.remove("extra");
    obj["title"] = "Moved again".into();
    let input = quire::model::PostInput::from_value(json).unwrap();
    let updated = store.update(input, t0() + Duration::minutes(1)).unwrap();
    assert_eq!(updated.title, "Moved again");
    assert_eq!(updated.aliases, saved.aliases, "omitted aliases are kept");
    assert_eq!(updated.extra, saved.extra, "omitted extra is kept");

    // Sending them empty clears them.
    let mut cleared = updated.clone();
    cleared.aliases.clear();
    cleared.extra.clear();
    let cleared = store.update(cleared, t0() + Duration::minutes(2)).unwrap();
    assert!(store.get(id).unwrap().aliases.is_empty());
    assert!(cleared.extra.is_empty());
    // The history keeps them: a revert brings them back.
    let back = store.revert(id, 1, t0() + Duration::minutes(3)).unwrap();
    assert_eq!(back.aliases, saved.aliases);
    assert_eq!(back.extra, saved.extra);
}

#[test]
fn a_bad_alias_is_refused_naming_it() {
    let (_dir, mut store) = store();
    for bad in ["/a/../b/", "/with space/", "/back\\slash"] {
        let mut p = post("Bad alias");
        p.aliases = vec![bad.into()];
        let err = store.create(p, t0()).unwrap_err().to_string();
        assert!(err.contains("alias"), "{bad}: {err}");
    }
}

#[test]
fn a_new_post_keeps_the_times_it_comes_with() {
    let (_dir, mut store) = store();
    let created = t0() - Duration::days(400);
    let updated = t0() - Duration::days(3);
    let mut p = post("Imported");
    p.created_at = Some(created);
    p.updated_at = Some(updated);
    let saved = store.create(p, t0()).unwrap();
    assert_eq!(saved.created_at, Some(created));
    assert_eq!(saved.updated_at, Some(updated));
    assert_eq!(store.get(saved.id.unwrap()).unwrap(), saved);

    // A time in the future is no history: now. Updated never before created.
    let mut p = post("From the future");
    p.created_at = Some(t0() + Duration::days(1));
    p.updated_at = Some(t0() - Duration::days(500));
    let saved = store.create(p, t0()).unwrap();
    assert_eq!(saved.created_at, Some(t0()));
    assert_eq!(saved.updated_at, Some(t0()));

    // An update sets updated_at to the save time whatever it is given.
    let mut edit = store.get(saved.id.unwrap()).unwrap();
    edit.updated_at = Some(t0() - Duration::days(9));
    let edited = store.update(edit, t0() + Duration::hours(1)).unwrap();
    assert_eq!(edited.updated_at, Some(t0() + Duration::hours(1)));
    assert_eq!(edited.created_at, Some(t0()));
}
