//! Opening files: a new one is created at the current schema version, a
//! newer one is refused and left byte-for-byte untouched, a foreign one is
//! refused without a panic.

use quire::store::{ListQuery, SCHEMA_VERSION};
use quire::{Error, Store};

use super::t0;

fn pragma(path: &std::path::Path, name: &str) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    let sql = match name {
        "user_version" => "PRAGMA user_version",
        "journal_mode" => "PRAGMA journal_mode",
        "integrity_check" => "PRAGMA integrity_check",
        other => panic!("no such pragma in this test: {other}"),
    };
    conn.query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
        .unwrap()
}

#[test]
fn a_new_file_and_its_folders_are_created_at_the_current_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep").join("er").join("quire.db");
    let store = Store::open_at(&path, t0()).expect("open creates missing folders");
    assert_eq!(store.path(), path, "the store knows its file");
    drop(store);
    assert_eq!(
        pragma(&path, "user_version"),
        SCHEMA_VERSION.to_string(),
        "a new file is migrated to the current version"
    );
    assert_eq!(pragma(&path, "journal_mode"), "wal", "the store uses WAL");
    assert_eq!(
        pragma(&path, "integrity_check"),
        "ok",
        "a new file is sound"
    );
}

#[test]
fn an_empty_file_becomes_a_database_with_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let store = Store::open_at(&path, t0()).expect("an empty file is an empty database");
    assert_eq!(
        store.count(&ListQuery::default()).unwrap(),
        1,
        "it receives the sample post"
    );
}

#[test]
fn a_newer_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    drop(Store::open_at(&path, t0()).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        // Rollback-journal mode, as a future Quire might choose: opening must
        // not even switch it to WAL.
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open_at(&path, t0())
        .err()
        .expect("a newer file is refused");
    match &err {
        Error::IncompatibleVersion {
            found, supported, ..
        } => {
            assert_eq!(
                (*found, *supported),
                (SCHEMA_VERSION + 1, SCHEMA_VERSION),
                "{err}"
            );
        }
        other => panic!("expected IncompatibleVersion, got {other:?}"),
    }
    assert!(
        err.to_string().contains("upgrade"),
        "the message says what to do: {err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file's bytes are unchanged"
    );
    let side_files = ["future.db-wal", "future.db-shm", "future.db-journal"];
    for name in side_files {
        assert!(
            !dir.path().join(name).exists(),
            "{name} must not be created"
        );
    }
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let noise: Vec<u8> = (0..8192)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    for (name, bytes) in [
        ("random.db", noise),
        (
            "notes.txt",
            b"Just some notes, not a database.\n".repeat(40),
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let err = Store::open_at(&path, t0()).err().expect("not a database");
        assert!(
            matches!(err, Error::NotADatabase { .. }),
            "{name}: expected NotADatabase, got {err:?}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{name}: the file is left alone"
        );
    }
}

#[test]
fn another_programs_sqlite_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    for (name, version) in [("negative.db", -1), ("foreign.db", 0)] {
        let path = dir.path().join(name);
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE posts (x TEXT); INSERT INTO posts VALUES ('theirs');")
                .unwrap();
            conn.pragma_update(None, "user_version", version).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open_at(&path, t0())
            .err()
            .unwrap_or_else(|| panic!("{name}: another program's database must be refused"));
        assert!(
            matches!(err, Error::NotADatabase { .. }),
            "{name}: expected NotADatabase, got {err:?}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{name}: no Quire table or sample post is written into it"
        );
    }
}

/// The schema as SQLite records it (tables, indexes, the FTS shadow tables).
fn schema(path: &std::path::Path) -> Vec<(String, String, Option<String>)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn an_upgraded_database_has_the_schema_of_a_fresh_one_and_keeps_its_posts() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.db");
    drop(Store::open_at(&fresh, t0()).unwrap());
    let expected = schema(&fresh);
    // Every older version but 0 (a new, empty file: tested above).
    let older = 1..SCHEMA_VERSION;
    assert!(
        !older.is_empty(),
        "this test needs an older version to upgrade from"
    );
    for from in older {
        let path = dir.path().join(format!("v{from}.db"));
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            for (i, step) in quire::store::MIGRATIONS
                .iter()
                .enumerate()
                .take(from as usize)
            {
                let tx = conn.transaction().unwrap();
                tx.execute_batch(step).unwrap();
                tx.pragma_update(None, "user_version", i as i64 + 1)
                    .unwrap();
                tx.commit().unwrap();
            }
            // A post as version 1 stored it…
            conn.execute_batch(
                "INSERT INTO posts (id, slug, title, summary, author, category, status, \
                 created_at, updated_at, revision) VALUES (7, 'old-post', 'Old post', '', '', '', \
                 'draft', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', 1);
                 INSERT INTO post_tags (post_id, position, tag) VALUES (7, 0, 'zeta'), (7, 1, 'alpha');",
            )
            .unwrap();
            // …and as version 2 and later also wrote it.
            if from >= 2 {
                conn.execute_batch(
                    "UPDATE posts SET tag_list = 'zeta' || char(10) || 'alpha' WHERE id = 7",
                )
                .unwrap();
            }
        }
        let store = Store::open_at(&path, t0()).expect("an older file upgrades");
        let listed = store.list(&ListQuery::default()).unwrap();
        assert_eq!(
            listed.len(),
            1,
            "v{from}: the old post is kept and no sample is added"
        );
        assert_eq!(
            listed[0].tags,
            ["zeta", "alpha"],
            "v{from}: tags carried over, in order"
        );
        drop(store);
        assert_eq!(
            pragma(&path, "user_version"),
            SCHEMA_VERSION.to_string(),
            "v{from} is migrated to the current version"
        );
        assert_eq!(schema(&path), expected, "v{from} upgraded = fresh schema");
    }
}
