//! The live preview of an unsaved draft.

use serde_json::json;

use crate::{Desktop, draft};

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
fn render_preview_shows_what_to_read_next() {
    let desktop = Desktop::new();
    let mut companion = draft("Companion Piece");
    companion["status"] = json!("published");
    companion["publish_at"] = json!("2024-03-01T09:00:00Z");
    companion["summary"] = json!("The post that shares two tags with the draft below.");
    desktop.create(companion);
    let preview = desktop.ok("render_preview", json!({ "post": draft("Unsaved Draft") }));
    let html = preview["html"].as_str().expect("html");
    let read_next = html
        .split("What to Read Next")
        .nth(1)
        .unwrap_or_else(|| panic!("the preview has What to Read Next: {html}"));
    assert!(
        read_next.contains("Companion Piece") && read_next.contains("shares two tags"),
        "a published post sharing tags is suggested, with its summary"
    );
}
