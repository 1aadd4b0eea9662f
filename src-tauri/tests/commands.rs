//! Every desktop command called through Tauri's mock runtime, as the window
//! calls it (JSON arguments in, JSON or `{kind, message}` out), against a real
//! SQLite file in a temporary folder and the real renderer and exporters.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{App, Listener, WebviewWindow, WebviewWindowBuilder};
use tempfile::TempDir;

/// An app on a fresh database, with its main window.
struct Desktop {
    dir: TempDir,
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl Desktop {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("data").join("quire.db");
        Desktop::on(dir, db)
    }

    fn on(dir: TempDir, db: PathBuf) -> Self {
        let app = quire_desktop::run_app(mock_builder(), db)
            .build(mock_context(noop_assets()))
            .expect("the app builds on the mock runtime");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("main window");
        Desktop {
            dir,
            _app: app,
            window,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Invokes `cmd` with `args` (camelCase keys, as the UI sends them).
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            // http://tauri.localhost is refused as an origin on Linux.
            url: "tauri://localhost".parse().expect("url"),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request)
            .map(|body| body.deserialize::<Value>().expect("a JSON response"))
    }

    /// Invokes `cmd`, which must succeed.
    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} should succeed, got {e}"))
    }

    /// Invokes `cmd`, which must be refused; returns `(kind, message)`.
    fn refused(&self, cmd: &str, args: Value) -> (String, String) {
        let error = match self.call(cmd, args) {
            Ok(v) => panic!("{cmd} should be refused, got {v}"),
            Err(e) => e,
        };
        let kind = error["kind"].as_str();
        let message = error["message"].as_str();
        assert!(
            kind.is_some() && message.is_some_and(|m| !m.is_empty()),
            "{cmd} must reject with {{kind, message}} so the UI can branch and show it, got {error}"
        );
        (
            kind.unwrap_or_default().into(),
            message.unwrap_or_default().into(),
        )
    }

    fn create(&self, post: Value) -> Value {
        self.ok("create_post", json!({ "post": post }))
    }
}

fn draft(title: &str) -> Value {
    json!({
        "title": title,
        "summary": "A summary long enough to lead the article and feed the listings of the blog.",
        "category": "Essays",
        "tags": ["writing", "tools"],
        "status": "draft",
        "sections": [
            {"heading": "Why it matters", "body": "Long posts need **structure**.\n\n### A sub-heading\n\nMore words."},
            {"heading": "How to start", "body": "Begin with the takeaways."}
        ],
        "takeaways": ["**Structure** helps readers.", "Start from the end."]
    })
}

fn id_of(post: &Value) -> i64 {
    post["id"].as_i64().expect("a stored post has an id")
}

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

    let found = desktop.ok("list_posts", json!({ "query": { "search": "garden" } }));
    let titles: Vec<&str> = found
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["title"].as_str())
        .collect();
    assert_eq!(
        titles,
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

#[test]
fn render_preview_shows_the_unsaved_draft() {
    let desktop = Desktop::new();
    let mut post = draft("Preview <before> saving");
    post["sections"][1]["body"] = json!("<script>alert(1)</script>Plain words here.");
    let preview = desktop.ok("render_preview", json!({ "post": post }));
    let html = preview["html"].as_str().expect("html");
    assert!(
        html.contains("Preview &lt;before&gt; saving"),
        "the title is in the preview, escaped"
    );
    assert!(
        html.contains("Why it matters"),
        "section headings are in the preview"
    );
    assert!(
        html.contains("Key Takeaways"),
        "the takeaways block is in the preview"
    );
    assert!(!html.contains("<script>alert"), "the preview is sanitised");
    assert!(
        preview["words"].as_u64().is_some_and(|w| w > 10),
        "the word count comes back: {}",
        preview["words"]
    );
    assert_eq!(
        preview["reading_minutes"], 1,
        "a short post reads in a minute"
    );
}

#[test]
fn export_post_writes_the_file_the_editor_picked() {
    let desktop = Desktop::new();
    let id = id_of(&desktop.create(draft("Exported title")));

    let html_path = desktop.path("out/post.html");
    std::fs::create_dir_all(desktop.path("out")).expect("out dir");
    let written = desktop.ok(
        "export_post",
        json!({ "id": id, "format": "html", "flavor": null, "path": html_path }),
    );
    assert_eq!(
        written.as_str().map(Path::new),
        Some(html_path.as_path()),
        "returns the path written"
    );
    let html = std::fs::read_to_string(&html_path).expect("the HTML file exists");
    assert!(
        html.contains("<h1") && html.contains("Exported title"),
        "the page has the title"
    );

    let md_path = desktop.path("out/post.md");
    desktop.ok(
        "export_post",
        json!({ "id": id, "format": "md", "flavor": "zola", "path": md_path }),
    );
    let md = std::fs::read_to_string(&md_path).expect("the Markdown file exists");
    assert!(
        md.starts_with("+++"),
        "Zola front matter is TOML: {}",
        &md[..md.len().min(80)]
    );
    assert!(md.contains("Exported title"), "the Markdown has the title");
}

#[test]
fn export_site_reports_progress_and_writes_the_folder() {
    let desktop = Desktop::new();
    for title in ["First published", "Second published"] {
        let mut post = draft(title);
        post["status"] = json!("published");
        post["publish_at"] = json!("2024-03-01T09:00:00Z");
        desktop.create(post);
    }
    let events = Arc::new(Mutex::new(Vec::<Value>::new()));
    let seen = Arc::clone(&events);
    desktop.window.listen_any("export-progress", move |event| {
        let payload = serde_json::from_str(event.payload()).expect("JSON payload");
        seen.lock().expect("lock").push(payload);
    });

    let out = desktop.path("site");
    let report = desktop.ok(
        "export_site",
        json!({ "dir": out, "format": "html", "flavor": null, "includeDrafts": false }),
    );
    assert!(
        report["posts"].as_u64().is_some_and(|n| n >= 2),
        "both published posts exported: {report}"
    );
    assert!(
        report["files"].as_u64().is_some_and(|n| n > 2),
        "pages plus index files: {report}"
    );
    assert!(out.join("index.html").is_file(), "the site has an index");

    let events = events.lock().expect("lock");
    let last = events
        .last()
        .unwrap_or_else(|| panic!("export-progress events were emitted"));
    assert_eq!(
        last["done"], last["total"],
        "the last progress event says all done: {events:?}"
    );
    assert_eq!(
        last["total"], report["posts"],
        "progress counts the posts exported"
    );
}

#[test]
fn trash_restore_and_purge() {
    let desktop = Desktop::new();
    let id = id_of(&desktop.create(draft("Regrettable")));

    assert_eq!(
        desktop.ok("delete_post", json!({ "id": id })),
        Value::Null,
        "delete returns null"
    );
    let (kind, _) = desktop.refused("get_post", json!({ "id": id }));
    assert_eq!(kind, "not_found", "a trashed post is not live");
    let trash = desktop.ok("list_trash", json!({}));
    assert!(
        trash
            .as_array()
            .expect("rows")
            .iter()
            .any(|r| r["id"] == id),
        "it is in the trash"
    );

    let restored = desktop.ok("restore_post", json!({ "id": id }));
    assert_eq!(
        restored["title"], "Regrettable",
        "restore gives the post back"
    );
    desktop.ok("get_post", json!({ "id": id }));

    desktop.ok("delete_post", json!({ "id": id }));
    assert_eq!(
        desktop.ok("purge_post", json!({ "id": id })),
        Value::Null,
        "purge returns null"
    );
    let trash = desktop.ok("list_trash", json!({}));
    assert!(
        !trash
            .as_array()
            .expect("rows")
            .iter()
            .any(|r| r["id"] == id),
        "purged posts leave the trash"
    );
}

#[test]
fn history_lists_revisions_and_revert_makes_a_new_one() {
    let desktop = Desktop::new();
    let mut post = desktop.create(draft("First title"));
    let id = id_of(&post);
    post["title"] = json!("Second title");
    desktop.ok("save_post", json!({ "post": post }));

    let history = desktop.ok("list_history", json!({ "id": id }));
    let revisions: Vec<i64> = history
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["revision"].as_i64())
        .collect();
    assert_eq!(revisions, [2, 1], "history lists every save, newest first");
    assert_eq!(
        history[1]["title"], "First title",
        "each entry names its title"
    );

    let old = desktop.ok("get_revision", json!({ "id": id, "revision": 1 }));
    assert_eq!(
        old["title"], "First title",
        "a revision reads back as it was"
    );

    let reverted = desktop.ok("revert_post", json!({ "id": id, "revision": 1 }));
    assert_eq!(
        reverted["title"], "First title",
        "revert brings the old content back"
    );
    assert_eq!(
        reverted["revision"], 3,
        "revert is a new revision, history is never rewritten"
    );
}

#[test]
fn settings_round_trip() {
    let desktop = Desktop::new();
    let mut site = desktop.ok("get_settings", json!({}));
    assert_eq!(
        site["date_format"], "%A - %d %B %Y",
        "the default date format"
    );
    site["site_name"] = json!("Time for Designs");
    site["base_url"] = json!("https://example.com/blog/");
    let saved = desktop.ok("save_settings", json!({ "site": site }));
    assert_eq!(
        saved["base_url"], "https://example.com/blog",
        "the core tidies the base URL"
    );
    assert_eq!(
        desktop.ok("get_settings", json!({}))["site_name"],
        "Time for Designs",
        "settings persist"
    );

    let preview = desktop.ok("render_preview", json!({ "post": draft("Uses settings") }));
    assert!(
        preview["html"]
            .as_str()
            .is_some_and(|h| h.contains("Time for Designs")),
        "the preview shows the site name from the settings"
    );
}
