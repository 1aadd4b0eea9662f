//! Posts: startup, list and search, get, create, save (and its conflict),
//! tags, categories, slugify, and how bad input is refused.

use std::path::PathBuf;

use serde_json::json;

use crate::{Desktop, draft, id_of};

#[test]
fn startup_names_the_database_and_opens_the_sample_post() {
    let desktop = Desktop::new();
    let started = desktop.ok("startup", json!({}));
    assert_eq!(
        started["db_path"].as_str().map(PathBuf::from),
        Some(desktop.path("data/quire.db")),
        "startup reports the database the app opened (QUIRE_DB or the default)"
    );
    let id = started["open_post_id"]
        .as_i64()
        .expect("a new database opens its sample post");
    let sample = desktop.ok("get_post", json!({ "id": id }));
    assert!(
        !sample["title"].as_str().unwrap_or_default().is_empty(),
        "the post startup names can be opened: {sample}"
    );
    assert!(
        desktop.path("data/quire.db").is_file(),
        "the database file was created with its folder"
    );
}

#[test]
fn startup_opens_the_most_recently_updated_post() {
    let desktop = Desktop::new();
    let created = desktop.create(draft("Newest post"));
    let started = desktop.ok("startup", json!({}));
    assert_eq!(
        started["open_post_id"].as_i64(),
        Some(id_of(&created)),
        "the window reopens what the editor touched last"
    );
}

#[test]
fn create_get_save_round_trip() {
    let desktop = Desktop::new();
    let created = desktop.create(draft("The Ethics of AI in Marketing"));
    let id = id_of(&created);
    assert_eq!(
        created["slug"], "the-ethics-of-ai-in-marketing",
        "an empty slug follows the title"
    );
    assert_eq!(created["revision"], 1, "a new post is revision 1");

    let mut post = desktop.ok("get_post", json!({ "id": id }));
    assert_eq!(post["title"], "The Ethics of AI in Marketing");
    assert_eq!(
        post["sections"].as_array().map(Vec::len),
        Some(2),
        "sections survive the round trip"
    );
    assert_eq!(
        post["sections"][0]["heading"], "Why it matters",
        "section order is kept"
    );
    assert_eq!(
        post["takeaways"][1], "Start from the end.",
        "takeaways survive the round trip"
    );

    post["summary"] =
        json!("An edited summary that still leads the article and feeds the listings.");
    post["sections"].as_array_mut().expect("sections").reverse();
    let saved = desktop.ok("save_post", json!({ "post": post }));
    assert_eq!(saved["revision"], 2, "a save makes the next revision");

    let again = desktop.ok("get_post", json!({ "id": id }));
    assert_eq!(
        again["summary"], saved["summary"],
        "the saved summary is what get_post returns"
    );
    assert_eq!(
        again["sections"][0]["heading"], "How to start",
        "reordered sections are stored in the new order"
    );

    let listed = desktop.ok("list_posts", json!({ "query": {} }));
    assert!(
        listed
            .as_array()
            .is_some_and(|rows| rows.iter().any(|r| r["id"] == id)),
        "the new post appears in the list: {listed}"
    );
}

#[test]
fn saving_a_stale_revision_is_a_conflict_and_writes_nothing() {
    let desktop = Desktop::new();
    let created = desktop.create(draft("Two windows"));
    let mut first = created.clone();
    first["title"] = json!("Saved from the first window");
    desktop.ok("save_post", json!({ "post": first }));

    let mut stale = created;
    stale["title"] = json!("Saved from a stale copy");
    let (kind, message) = desktop.refused("save_post", json!({ "post": stale }));
    assert_eq!(
        kind, "conflict",
        "editing an older revision is a conflict ({message})"
    );

    let stored = desktop.ok("get_post", json!({ "id": id_of(&stale) }));
    assert_eq!(
        stored["title"], "Saved from the first window",
        "the conflict overwrote nothing"
    );
    assert_eq!(stored["revision"], 2, "the conflict added no revision");
}

#[test]
fn bad_input_is_refused_with_a_kind_never_a_panic() {
    let desktop = Desktop::new();
    let cases = [
        (
            "create_post",
            json!({ "post": { "title": "" } }),
            "validation",
        ),
        (
            "create_post",
            json!({ "post": { "title": "Bad status", "status": "archived" } }),
            "validation",
        ),
        (
            "create_post",
            json!({ "post": { "title": "Bad date", "publish_at": "next tuesday" } }),
            "validation",
        ),
        (
            "create_post",
            json!({ "post": "not an object" }),
            "validation",
        ),
        (
            "create_post",
            json!({ "post": { "title": "Bad slug", "slug": "Not A Slug!" } }),
            "validation",
        ),
        (
            "save_post",
            json!({ "post": { "title": "No id" } }),
            "validation",
        ),
        (
            "list_posts",
            json!({ "query": { "status": "lost" } }),
            "validation",
        ),
        ("get_post", json!({ "id": 987654 }), "not_found"),
        ("restore_post", json!({ "id": 987654 }), "not_found"),
        (
            "save_settings",
            json!({ "site": { "base_url": "not a url" } }),
            "validation",
        ),
        (
            "render_preview",
            json!({ "post": { "sections": 3 } }),
            "validation",
        ),
        (
            "export_post",
            json!({ "id": 1, "format": "pdf", "flavor": null, "path": "/tmp/x" }),
            "validation",
        ),
        (
            "export_post",
            json!({ "id": 1, "format": "md", "flavor": "wordpress", "path": "/tmp/x" }),
            "validation",
        ),
    ];
    for (cmd, args, expected) in cases {
        let (kind, message) = desktop.refused(cmd, args.clone());
        assert_eq!(
            kind, expected,
            "{cmd} {args} should be refused as {expected}: {message}"
        );
    }
    // The app still answers after all that: nothing panicked or poisoned the store lock.
    desktop.ok("list_posts", json!({ "query": null }));
}

#[test]
fn a_file_that_is_not_a_database_is_reported_by_every_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("notes.txt");
    let notes = "these are my notes, not a database\n".repeat(100);
    std::fs::write(&db, &notes).expect("write");
    let desktop = Desktop::on(dir, db.clone());
    let (kind, message) = desktop.refused("startup", json!({}));
    assert_eq!(
        kind, "not_a_database",
        "the window opens and says why it cannot work: {message}"
    );
    let (kind, _) = desktop.refused("list_posts", json!({ "query": {} }));
    assert_eq!(kind, "not_a_database", "other commands refuse the same way");
    assert_eq!(
        std::fs::read_to_string(&db).ok(),
        Some(notes),
        "the foreign file is left untouched"
    );
}

#[test]
fn list_search_tags_and_categories() {
    let desktop = Desktop::new();
    desktop.create(draft("Gardening for writers"));
    let mut other = draft("Sailing alone");
    other["tags"] = json!(["sea"]);
    other["category"] = json!("Travel");
    other["status"] = json!("published");
    desktop.create(other);

    // The titles a query lists, the query as the post list sends it
    // (`ui/views/posts.js`).
    let titles_for = |query: serde_json::Value| -> Vec<String> {
        desktop
            .ok("list_posts", json!({ "query": query }))
            .as_array()
            .expect("rows")
            .iter()
            .filter_map(|r| r["title"].as_str().map(String::from))
            .collect()
    };
    assert_eq!(
        titles_for(json!({ "search": "garden" })),
        ["Gardening for writers"],
        "search as you type matches a word prefix"
    );

    let published = desktop.ok("list_posts", json!({ "query": { "status": "published" } }));
    assert!(
        published
            .as_array()
            .expect("rows")
            .iter()
            .all(|r| r["status"] == "published"),
        "the status filter keeps only published posts: {published}"
    );
    assert_eq!(
        titles_for(json!({ "tag": "sea", "category": null })),
        ["Sailing alone"],
        "the tag filter"
    );
    assert_eq!(
        titles_for(json!({ "tag": null, "category": "Essays" })),
        ["Gardening for writers"],
        "the category filter"
    );

    let tags = desktop.ok("list_tags", json!({}));
    for tag in ["sea", "tools", "writing"] {
        assert!(
            tags.as_array().expect("tags").contains(&json!(tag)),
            "list_tags offers `{tag}`: {tags}"
        );
    }
    let categories = desktop.ok("list_categories", json!({}));
    assert!(
        categories
            .as_array()
            .expect("categories")
            .contains(&json!("Travel")),
        "list_categories offers the categories in use: {categories}"
    );
    assert_eq!(
        desktop.ok("slugify", json!({ "title": "Ça va, Zoë?" })),
        "ca-va-zoe",
        "slugify is the core's"
    );
}
