//! Import benchmark (not a test), on a SQLite store on a tmpfs: **1,000
//! Markdown posts in one run** — the corpus's 2,000-word posts exported as a
//! Hugo site (YAML front matter, one file each), then `quire::import`
//! into a fresh database: read, parse front matter, split into sections,
//! rewrite links, write every post with its first revision and search
//! index in one transaction. Also the dry run (everything but the write).
//! Yardstick, same run: the same 1,000 posts created with `Store::create`
//! from memory (no files, no parsing): the floor of writing them.
//!
//! Target (issue #14): the import ≤ 2 s in one process.
//!
//! Run: `cargo bench -p quire --bench import` (env `QUIRE_BENCH_POSTS` to
//! change 1,000, `QUIRE_BENCH_DIR` to move the scratch folder off /dev/shm).

#[path = "corpus/mod.rs"]
mod corpus;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use quire::Store;
use quire::export::{self, Flavor, Format, SiteOptions};
use quire::import::{Options, import};

const RUNS: usize = 5;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let n: usize = std::env::var("QUIRE_BENCH_POSTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000);
    let base = std::env::var_os("QUIRE_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/dev/shm"));
    let scratch = tempfile::tempdir_in(&base).expect("scratch dir");
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();

    // The source: the corpus exported as a Hugo site.
    let mut source_db = Store::open_at(scratch.path().join("source.db"), now).expect("open");
    for post in corpus::posts(n) {
        source_db.create(post, now).expect("create");
    }
    let site = scratch.path().join("site");
    let options = SiteOptions {
        format: Format::Markdown(Flavor::Hugo),
        include_drafts: true,
        now,
    };
    export::site(&source_db, &site, &options, &mut |_, _| {}).expect("export");
    drop(source_db);

    let mut import_times = Vec::new();
    let mut dry_times = Vec::new();
    let mut floor_times = Vec::new();
    for run in 0..RUNS {
        // Yardstick: the same posts from memory.
        let db = scratch.path().join(format!("floor-{run}.db"));
        let mut store = Store::open_at(&db, now).expect("open");
        let posts: Vec<_> = corpus::posts(n).collect();
        let t = Instant::now();
        for post in posts {
            store.create(post, now).expect("create");
        }
        floor_times.push(t.elapsed());
        drop(store);

        let db = scratch.path().join(format!("import-{run}.db"));
        let mut store = Store::open_at(&db, now).expect("open");
        let t = Instant::now();
        let report = import(
            &mut store,
            std::slice::from_ref(&site),
            &Options {
                from: None,
                dry_run: true,
            },
            now,
            &mut |_, _| {},
        )
        .expect("dry run");
        dry_times.push(t.elapsed());
        assert_eq!(report.counts.new, n, "every post would be new");

        let t = Instant::now();
        let report = import(
            &mut store,
            std::slice::from_ref(&site),
            &Options::default(),
            now,
            &mut |_, _| {},
        )
        .expect("import");
        import_times.push(t.elapsed());
        assert_eq!(
            report.counts.new, n,
            "every post imported: {:?}",
            report.counts
        );
        assert!(report.problems.is_empty());
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let import = median(&mut import_times);
    let dry = median(&mut dry_times);
    let floor = median(&mut floor_times);
    println!("import of {n} Hugo posts ({RUNS} runs, medians):");
    println!("  import         {:>8.1} ms", import.as_secs_f64() * 1e3);
    println!("  dry run        {:>8.1} ms", dry.as_secs_f64() * 1e3);
    println!(
        "  yardstick      {:>8.1} ms  (Store::create of the same posts from memory)",
        floor.as_secs_f64() * 1e3
    );
    println!(
        "  import / yardstick = {:.2}×; target ≤ 2 s: {}",
        import.as_secs_f64() / floor.as_secs_f64(),
        if import <= Duration::from_secs(2) {
            "met"
        } else {
            "NOT met"
        }
    );
}
