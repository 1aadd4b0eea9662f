//! Exporting one post to a picked file, and the whole site with progress.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tauri::Listener;

use crate::{Desktop, draft, id_of};

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

    let picked = desktop.path("out/notes.txt");
    let written = desktop.ok(
        "export_post",
        json!({ "id": id, "format": "md", "flavor": "hugo", "path": picked }),
    );
    assert_eq!(
        written.as_str().map(PathBuf::from),
        Some(desktop.path("out/notes.txt.md")),
        "a name without the format's extension gets it, so an export never overwrites another kind of file"
    );
    assert!(
        !picked.exists(),
        "nothing was written under the name of another kind of file"
    );
    let (kind, _) = desktop.refused(
        "export_post",
        json!({ "id": id, "format": "html", "flavor": null, "path": "post.html" }),
    );
    assert_eq!(
        kind, "validation",
        "a relative path (not from the save dialog) is refused"
    );
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
    let done: Vec<u64> = events.iter().filter_map(|e| e["done"].as_u64()).collect();
    assert_eq!(
        done.first(),
        Some(&0),
        "the first event comes before any post is written, so the bar shows at once: {events:?}"
    );
    assert!(
        done.windows(2).all(|w| w[0] <= w[1])
            && events.iter().all(|e| e["total"] == report["posts"]),
        "progress only goes forward, out of the same total: {events:?}"
    );
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
fn export_site_refuses_a_relative_folder() {
    let desktop = Desktop::new();
    let (kind, _message) = desktop.refused(
        "export_site",
        json!({ "dir": "site", "format": "html", "flavor": null, "includeDrafts": false }),
    );
    assert_eq!(
        kind, "validation",
        "a folder that did not come from the folder picker (relative to the app's cwd) is refused"
    );
    assert!(
        !std::path::Path::new("site").exists(),
        "nothing was written beside the app"
    );
}
