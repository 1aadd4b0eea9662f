//! Crash safety: a child process saves a post in a loop and is killed with
//! SIGKILL at random moments; after each kill the file must be sound and
//! hold every save the child reported as committed.
//!
//! The child is this very test binary, re-executed to run the ignored test
//! [`child_saves_in_a_loop`] with the database path in an environment
//! variable, so no extra binary is needed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use quire::{Post, Section, Store};

use super::t0;

const CHILD_DB: &str = "QUIRE_TEST_CRASH_CHILD_DB";
const CHILD_TEST: &str = "store::crash::child_saves_in_a_loop";
const SLUG: &str = "crash-test";

#[test]
#[ignore = "the child half of killed_mid_save_loses_no_reported_save"]
fn child_saves_in_a_loop() {
    let Some(path) = std::env::var_os(CHILD_DB) else {
        return; // run by hand with --ignored: nothing to do
    };
    let mut store = Store::open_at(&path, t0()).expect("child opens the store");
    let mut post = store
        .get_by_slug(SLUG)
        .expect("the parent created the post");
    loop {
        let next = post.revision + 1;
        post.summary = format!("save {next}");
        post.sections = vec![Section::new(
            "Body",
            format!("Revision {next}. ").repeat(400),
        )];
        post = store.update(post, t0()).expect("child saves");
        // Reported only after the commit returned.
        println!("saved {}", post.revision);
    }
}

#[test]
fn killed_mid_save_loses_no_reported_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let mut store = Store::open_at(&path, t0()).unwrap();
    let post = Post {
        slug: SLUG.into(),
        ..Post::new("Crash test")
    };
    let id = store.create(post, t0()).unwrap().id.unwrap();
    drop(store);

    let exe = std::env::current_exe().unwrap();
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64
        | 1;
    let mut rng = seed;
    let mut kills_after_saves = 0;
    let mut highest = 1;
    for round in 0..24 {
        let mut child = Command::new(&exe)
            .args(["--exact", CHILD_TEST, "--nocapture", "--ignored"])
            .env(CHILD_DB, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the child");
        let stdout = child.stdout.take().unwrap();
        let (first_tx, first_save) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut saved = Vec::new();
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 {
                // A line cut short by the kill is not a report.
                if let Some(n) = line
                    .strip_suffix('\n')
                    .and_then(|l| l.strip_prefix("saved "))
                {
                    saved.push(n.parse::<i64>().unwrap());
                    let _ = first_tx.send(());
                }
                line.clear();
            }
            saved
        });
        // Let the child get going (a busy machine may take a while to start
        // it), then kill it at a random moment of its saving loop.
        let _ = first_save.recv_timeout(Duration::from_secs(20));
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        std::thread::sleep(Duration::from_micros(rng % 60_000));
        child.kill().expect("SIGKILL the child");
        child.wait().unwrap();
        let saved = reader.join().unwrap();

        let why = format!(
            "round {round} (seed {seed}), child reported {} saves",
            saved.len()
        );
        let conn = rusqlite::Connection::open(&path).unwrap();
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "the file is sound after a kill; {why}");
        drop(conn);
        let store = Store::open_at(&path, t0()).expect("reopens after a kill");
        let stored = store.get(id).unwrap();
        if let Some(&last) = saved.last() {
            kills_after_saves += 1;
            assert!(
                stored.revision >= last,
                "save {last} was reported done; {why}"
            );
            highest = last;
        }
        assert!(
            stored.revision >= highest,
            "no reported save is lost; {why}"
        );
        // A save is one transaction: the post is never ahead of its history.
        let numbers: Vec<i64> = store
            .history(id)
            .unwrap()
            .iter()
            .map(|r| r.revision)
            .collect();
        assert_eq!(
            numbers,
            (1..=stored.revision).rev().collect::<Vec<_>>(),
            "one history row per revision, up to the stored one; {why}"
        );
        let current = store.revision(id, stored.revision).unwrap();
        assert_eq!(
            (&current.summary, &current.sections),
            (&stored.summary, &stored.sections),
            "the newest revision is the stored content; {why}"
        );
        for &n in &saved {
            let snapshot = store
                .revision(id, n)
                .expect("each reported revision is kept");
            assert_eq!(
                snapshot.summary,
                format!("save {n}"),
                "its content too; {why}"
            );
        }
    }
    assert!(
        kills_after_saves >= 20,
        "at least 20 kills must land while the child was saving (got {kills_after_saves})"
    );
}
