//! Publish benchmark (not a test), on a tmpfs: a site repository holding
//! **10,000 posts** (Hugo, one file each, ~200 words), a bare repository
//! as its remote.
//!
//! - publish after editing one post: `quire::publish::publish` (take in,
//!   export with the manifest, one commit of the one changed file, push).
//!   Yardstick, same run: one file written, `git add`, `git commit`,
//!   `git push` by hand in another clone of the same repository.
//! - pull of 100 posts a colleague changed (one commit, pushed):
//!   `quire::publish::pull` (fetch, merge, import the 100 files as new
//!   revisions). Yardstick: `git pull` of the same commit in a plain clone,
//!   plus the import of the same 100 files into a fresh database.
//!
//! Target (issue #16): publish ≤ 1 s, pull of 100 ≤ 2 s.
//!
//! Run: `cargo bench -p quire --bench publish` (env `QUIRE_BENCH_POSTS`
//! to change 10,000, `QUIRE_BENCH_RUNS` to change 5, `QUIRE_BENCH_DIR` to
//! move the scratch folder off /dev/shm).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Utc;
use quire::import::{self, source::Kind};
use quire::publish::{self, InitOptions};
use quire::{Post, Section, Status, Store};

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let env = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let n = env("QUIRE_BENCH_POSTS", 10_000);
    let runs = env("QUIRE_BENCH_RUNS", 5);
    let base = std::env::var_os("QUIRE_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/dev/shm"));
    let scratch = tempfile::tempdir_in(&base).expect("scratch dir");
    let dir = scratch.path();
    let now = Utc::now();

    git(
        dir,
        &["init", "--quiet", "--bare", "-b", "main", "remote.git"],
    );
    git(dir, &["clone", "--quiet", "remote.git", "site"]);
    let site = dir.join("site");
    std::fs::write(
        site.join("hugo.toml"),
        "baseURL = 'https://example.org/'\ntitle = 'Bench'\n",
    )
    .unwrap();
    git(&site, &["add", "."]);
    commit(&site, "The owner's site");
    git(&site, &["push", "--quiet", "origin", "main"]);

    let started = Instant::now();
    let mut store = Store::open(dir.join("a.db")).expect("open");
    let words = "A sentence of the post, long enough to be read. ".repeat(20);
    for i in 0..n {
        let mut post = Post::new(format!("Post number {i}"));
        post.slug = format!("post-{i}");
        post.status = Status::Published;
        post.publish_at = Some(now - chrono::Duration::days(1));
        post.sections = vec![Section::new("", format!("Post {i}. {words}"))];
        store.create(post, now).expect("create");
    }
    let options = InitOptions {
        author_name: Some("Bench".into()),
        author_email: Some("bench@example.org".into()),
        ..InitOptions::default()
    };
    publish::init(&mut store, &site, &options).expect("init");
    let first = publish::publish(&mut store, &publish::Options::default(), now).expect("publish");
    assert_eq!(first.added.len(), n);
    println!(
        "setup: {n} posts created, published and pushed in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // A colleague's clone (plain git) and a yardstick clone.
    git(dir, &["clone", "--quiet", "remote.git", "colleague"]);
    let colleague = dir.join("colleague");
    git(dir, &["clone", "--quiet", "remote.git", "plain"]);
    let plain = dir.join("plain");

    let mut publish_times = Vec::new();
    let mut commit_times = Vec::new();
    let mut pull_times = Vec::new();
    let mut floor_times = Vec::new();
    for run in 0..runs {
        // Publish after editing one post.
        let mut post = store.get_by_slug(&format!("post-{}", run * 7)).unwrap();
        post.sections[0].body = format!("Edited in run {run}. {words}");
        store.update(post, Utc::now()).unwrap();
        let t = Instant::now();
        let r = publish::publish(&mut store, &publish::Options::default(), Utc::now())
            .expect("publish");
        publish_times.push(t.elapsed());
        assert!(
            r.pushed && r.changed.len() == 1 && r.added.is_empty(),
            "{r:?}"
        );
        let files = git(&site, &["show", "--name-only", "--format=", "HEAD"]);
        assert_eq!(files.lines().count(), 1, "one changed file in the commit");

        // Yardstick: one file committed and pushed by hand.
        git(
            &plain,
            &["pull", "--quiet", "--no-rebase", "origin", "main"],
        );
        let t = Instant::now();
        std::fs::write(plain.join("note.txt"), format!("run {run}\n")).unwrap();
        git(&plain, &["add", "note.txt"]);
        commit(&plain, "A note");
        git(&plain, &["push", "--quiet", "origin", "main"]);
        commit_times.push(t.elapsed());

        // A colleague changes 100 posts in one commit.
        git(
            &colleague,
            &["pull", "--quiet", "--no-rebase", "origin", "main"],
        );
        let mut changed = Vec::new();
        for k in 0..100 {
            let rel = format!("content/posts/post-{}.md", 100 + run * 100 + k);
            let path = colleague.join(&rel);
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("{text}\nA colleague's line, run {run}.\n")).unwrap();
            changed.push(rel);
        }
        git(&colleague, &["add", "."]);
        commit(&colleague, "A colleague's edits");
        git(&colleague, &["push", "--quiet", "origin", "main"]);

        let t = Instant::now();
        let r = publish::pull(&mut store, false, Utc::now()).expect("pull");
        pull_times.push(t.elapsed());
        let updated = r
            .taken_in
            .files
            .iter()
            .filter(|f| f.outcome == "updated")
            .count();
        assert_eq!(updated, 100, "{:?}", r.taken_in.files.first());

        // Yardstick: git pull in a plain clone + importing the 100 files.
        let t = Instant::now();
        git(
            &plain,
            &["pull", "--quiet", "--no-rebase", "origin", "main"],
        );
        let files: Vec<PathBuf> = changed.iter().map(|r| plain.join(r)).collect();
        let mut fresh = Store::open(dir.join(format!("fresh-{run}.db"))).unwrap();
        let source = import::folder::read_files(&plain, Kind::Hugo, &files).unwrap();
        let report = import::import_sources(
            &mut fresh,
            vec![source],
            Vec::new(),
            &import::Options::default(),
            false,
            Utc::now(),
            &mut |_, _| {},
        )
        .unwrap();
        assert_eq!(report.counts.new, 100);
        floor_times.push(t.elapsed());
    }
    report("publish after editing 1 post", &publish_times, 1.0);
    report(
        "  yardstick: git add + commit + push of 1 file",
        &commit_times,
        f64::NAN,
    );
    report("pull of 100 changed posts", &pull_times, 2.0);
    report(
        "  yardstick: git pull + import of 100 files",
        &floor_times,
        f64::NAN,
    );
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn commit(dir: &Path, message: &str) {
    git(
        dir,
        &[
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.org",
            "commit",
            "--quiet",
            "-m",
            message,
        ],
    );
}

fn report(what: &str, times: &[Duration], target: f64) {
    let mut ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    let target = if target.is_nan() {
        String::new()
    } else {
        format!(" (target ≤ {:.0} ms)", target * 1000.0)
    };
    println!(
        "{what}: median {median:.0} ms, min {:.0}, max {:.0} over {} runs{target}",
        ms[0],
        ms[ms.len() - 1],
        ms.len()
    );
}
