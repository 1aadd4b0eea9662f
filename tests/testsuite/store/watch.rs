//! The store notices when its commits stop reaching the database file.
//!
//! The real failure, reproduced: any code in the process that opens and
//! closes the database file (a GTK file chooser sniffing its folder did)
//! drops every POSIX lock SQLite holds on it; the next `quire` process then
//! believes it is alone, folds the log into the file and deletes it, and
//! the window's later saves go into a deleted file. The store must report
//! such a save as failed, and the retry must land in the real file.

use std::process::Command;

use quire::{Error, Post, Section, Store};

use super::t0;

fn quire_list(db: &std::path::Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("--db")
        .arg(db)
        .arg("list")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn with_body(mut post: Post, body: &str) -> Post {
    post.sections = vec![Section::new("Body", body)];
    post
}

#[test]
fn a_save_into_a_log_another_process_deleted_fails_and_the_retry_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("quire.db");
    let wal = dir.path().join("quire.db-wal");
    let mut store = Store::open_at(&db, t0()).unwrap();
    let post = store.create(Post::new("Watched"), t0()).unwrap();
    let first = store.update(with_body(post, "first edit"), t0()).unwrap();

    // Some code in this process opens and closes the database file: every
    // lock SQLite holds on it is gone.
    drop(std::fs::File::open(&db).unwrap());
    quire_list(&db);
    assert!(
        !wal.exists(),
        "the other process, believing itself alone, deleted the log"
    );

    let lost = store.update(with_body(first.clone(), "second edit"), t0());
    match lost {
        Err(Error::DbFile { problem, .. }) => assert!(
            problem.contains("quire.db-wal was deleted") && problem.contains("save again"),
            "{problem}"
        ),
        other => panic!("a save into a deleted log must fail, not say saved: {other:?}"),
    }
    let retried = store
        .update(with_body(first, "second edit"), t0())
        .expect("the retry goes to the reopened database");
    let fresh = Store::open_at(&db, t0()).unwrap();
    let stored = fresh.get(retried.id.unwrap()).unwrap();
    assert_eq!(
        stored.sections[0].body, "second edit",
        "the retry is stored"
    );
    assert_eq!(stored.revision, retried.revision);
}

#[test]
fn a_database_file_replaced_under_the_store_fails_the_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("quire.db");
    let mut store = Store::open_at(&db, t0()).unwrap();
    let post = store.create(Post::new("Replaced"), t0()).unwrap();
    let other = dir.path().join("other.db");
    drop(Store::open_at(&other, t0()).unwrap());
    std::fs::rename(&other, &db).unwrap();
    match store.update(with_body(post, "edit"), t0()) {
        Err(Error::DbFile { problem, .. }) => {
            assert!(
                problem.contains("was replaced by another file"),
                "{problem}"
            )
        }
        other => panic!("a replaced file must fail the save: {other:?}"),
    }
}
