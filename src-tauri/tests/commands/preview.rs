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
