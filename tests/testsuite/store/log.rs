//! The write-ahead log: saves go to the log, and the store's background
//! thread copies the log into the database file in a pause once enough
//! saves have gathered — not after every few saves (each checkpoint costs
//! the next save a second fsync).

use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant};

use quire::{Post, Store};

use super::{post, store, t0};

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn save(store: &mut Store, mut post: Post) -> Post {
    post.summary = format!("Saved at revision {}.", post.revision + 1);
    store.update(post, t0()).expect("the save goes through")
}

#[test]
fn the_log_is_folded_into_the_file_in_a_pause_after_enough_saves() {
    let (dir, mut store) = store();
    let db = dir.path().join("quire.db");
    let mut post = store.create(post("Logged"), t0()).unwrap();
    let before = file_len(&db);

    for _ in 0..5 {
        post = save(&mut store, post);
    }
    sleep(Duration::from_millis(1_000));
    assert_eq!(
        file_len(&db),
        before,
        "a pause after a few saves leaves them in the log (no checkpoint yet)"
    );

    for _ in 0..70 {
        post = save(&mut store, post);
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    while file_len(&db) == before && Instant::now() < deadline {
        sleep(Duration::from_millis(50));
    }
    assert!(
        file_len(&db) > before,
        "after 75 more saves, the pause that follows copies the log into the file"
    );
    drop(store);
    let store = Store::open_at(&db, t0()).unwrap();
    assert_eq!(
        store.get(post.id.unwrap()).unwrap(),
        post,
        "the last save reads back after the checkpoint and a reopen"
    );
}
