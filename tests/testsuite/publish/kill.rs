//! A publish killed at a random moment leaves the repository consistent
//! (Git's own atomic updates, the export's journal) and the next publish
//! completes it.

use std::process::Command;
use std::time::{Duration, Instant};

use quire::{Post, Section, Status, Store};

use super::{Site, isolate};

#[test]
fn a_killed_publish_leaves_the_repository_consistent_and_the_next_completes() {
    let site = Site::new();
    let a = site.editor("a");
    let now = chrono::Utc::now();
    {
        let mut store = Store::open(&a.db).unwrap();
        for i in 0..300 {
            let mut post = Post::new(format!("Post {i}"));
            post.slug = format!("post-{i}");
            post.status = Status::Published;
            post.publish_at = Some(now - chrono::Duration::days(1));
            post.sections = vec![Section::new(
                "",
                format!("Body {i}.\n\n{}", "Words. ".repeat(300)),
            )];
            store.create(post, now).unwrap();
        }
    }
    let publish = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_quire"));
        isolate(&mut cmd, site.home());
        cmd.arg("--db").arg(&a.db).args(["publish", "push"]);
        cmd
    };
    let started = Instant::now();
    assert!(publish().output().unwrap().status.success());
    let whole = started.elapsed().as_millis() as u64;

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rng = seed;
    let mut killed = 0;
    for round in 0..8 {
        {
            let mut store = Store::open(&a.db).unwrap();
            for k in 0..20 {
                let slug = format!("post-{}", (round * 37 + k * 13) % 300);
                let mut post = store.get_by_slug(&slug).unwrap();
                post.sections[0].body = format!("Edited in round {round}.");
                store.update(post, chrono::Utc::now()).unwrap();
            }
        }
        let mut child = publish().spawn().unwrap();
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        std::thread::sleep(Duration::from_millis(rng % (whole / 2 + 1)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();
        // The git a killed run started finishes on its own (no git is
        // killed: its lock files would stay); the next publish comes after.
        std::thread::sleep(Duration::from_millis(500));
    }
    assert!(
        killed > 0,
        "seed {seed}: no run was killed (a run takes {whole} ms)"
    );

    let last = publish().output().unwrap();
    assert!(
        last.status.success(),
        "seed {seed}: {}",
        String::from_utf8_lossy(&last.stderr)
    );
    // Consistent: nothing half-written, nothing left to commit, all pushed.
    site.git(&a.clone, &["fsck", "--no-progress"]);
    assert!(!a.clone.join(".git/index.lock").exists());
    assert_eq!(
        site.git(&a.clone, &["status", "--porcelain"]),
        "",
        "seed {seed}"
    );
    assert_eq!(
        site.git(&a.clone, &["rev-parse", "HEAD"]),
        site.git(&site.remote, &["rev-parse", "main"]),
        "seed {seed}: pushed"
    );
    // Every post as the database has it, on the remote.
    let store = Store::open(&a.db).unwrap();
    for p in store.list(&quire::store::ListQuery::default()).unwrap() {
        if p.status != Status::Published {
            continue;
        }
        let body = store.get(p.id).unwrap().sections[0].body.clone();
        let file = site
            .remote_file(&format!("content/posts/{}.md", p.slug))
            .unwrap_or_else(|| panic!("seed {seed}: {} published", p.slug));
        assert!(
            file.contains(body.lines().next().unwrap()),
            "seed {seed}: {} is as last saved",
            p.slug
        );
    }
    let r: serde_json::Value = serde_json::from_slice(&{
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_quire"));
        isolate(&mut cmd, site.home());
        cmd.arg("--db")
            .arg(&a.db)
            .args(["publish", "status", "--json"]);
        cmd.output().unwrap().stdout
    })
    .unwrap();
    assert!(
        r["conflicts"].as_array().unwrap().is_empty(),
        "seed {seed}: {r}"
    );
}
