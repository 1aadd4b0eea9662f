//! Delete to the trash, restore, purge.

use serde_json::{Value, json};

use crate::{Desktop, draft, id_of};

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
