//! Revisions: list, read one back, revert.

use serde_json::json;

use crate::{Desktop, draft, id_of};

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
