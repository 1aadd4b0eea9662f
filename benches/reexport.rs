//! Re-export benchmark (not a test): 10,000 corpus posts in a SQLite store
//! on a tmpfs, exported as an HTML site and as Hugo Markdown; for each,
//! runs interleaved so other load on the machine hits all alike:
//!
//! 1. a fresh export into an empty folder (the yardstick);
//! 2. a re-export with nothing changed;
//! 3. a re-export after editing one post's body, and after editing another
//!    post's title, counting the files each rewrote.
//!
//! Then the render of one 2 MiB post made of repeated `### Step` headings
//! (the case that was quadratic), preview and export page.
//!
//! Run: `cargo bench -p quire --bench reexport` (env `QUIRE_BENCH_POSTS` to
//! change 10,000, `QUIRE_BENCH_DIR` to move the scratch folder off /dev/shm).

#[path = "corpus/mod.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use quire::export::{self, Flavor, Format, SiteOptions, SiteReport};
use quire::{Post, Section, Site, Store, render};

const RUNS: usize = 5;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    if std::env::var_os("QUIRE_BENCH_CHILD").is_some_and(|r| r == "headings") {
        headings(); // profiling aid: only the 2 MiB post of headings
        return;
    }
    if let Some(role) = std::env::var_os("QUIRE_BENCH_CHILD") {
        // Profiling aid (e.g. under `perf record`): 50 unchanged re-exports
        // of the store DB (args: DB OUT), HTML or Markdown.
        let mut args = std::env::args().skip(1);
        let db = PathBuf::from(args.next().expect("db path"));
        let out = PathBuf::from(args.next().expect("out path"));
        let fresh = !db.exists();
        let mut store = Store::open(&db).expect("open");
        if fresh {
            let now = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
            for post in corpus::posts(10_000) {
                store.create(post, now).expect("load corpus");
            }
        }
        let format = if role == "md" {
            Format::Markdown(Flavor::Hugo)
        } else {
            Format::Html
        };
        export(&store, &out, format);
        let t = Instant::now();
        for _ in 0..50 {
            export(&store, &out, format);
        }
        println!("{} per unchanged re-export", ms(t.elapsed() / 50));
        return;
    }
    let n: usize = std::env::var("QUIRE_BENCH_POSTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let base = std::env::var_os("QUIRE_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/dev/shm"));
    let dir = base.join(format!("quire-bench-reexport-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let result = std::panic::catch_unwind(|| run(&dir, n));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn export(store: &Store, out: &Path, format: Format) -> (Duration, SiteReport) {
    let options = SiteOptions {
        format,
        include_drafts: true,
        now: chrono::Utc::now(),
    };
    let t = Instant::now();
    let report = export::site(store, out, &options, &mut |_, _| {}).expect("export");
    (t.elapsed(), report)
}

fn run(dir: &Path, n: usize) {
    let db = dir.join("quire.db");
    let now = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    let mut store = Store::open(&db).expect("open");
    for post in corpus::posts(n) {
        store.create(post, now).expect("load corpus");
    }
    let ids: Vec<i64> = store
        .list(&quire::store::ListQuery::default())
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    eprintln!("{} posts in the store", ids.len());
    println!(
        "\n| export | fresh (yardstick) | unchanged re-export | ratio (target ≤ 10%) | one body edited: files rewritten, time | one title edited: files rewritten, time |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, format) in [
        ("HTML site", Format::Html),
        ("Hugo Markdown", Format::Markdown(Flavor::Hugo)),
    ] {
        let out = dir.join("site");
        let mut fresh = Vec::new();
        let mut unchanged = Vec::new();
        let mut files = 0;
        for _ in 0..RUNS {
            let _ = std::fs::remove_dir_all(&out);
            let (t, report) = export(&store, &out, format);
            fresh.push(t);
            files = report.files;
            let (t, report) = export(&store, &out, format);
            assert_eq!(report.written, 0, "nothing changed, nothing written");
            unchanged.push(t);
        }
        let (fresh, unchanged) = (median(fresh), median(unchanged));
        // One post's body edited, as an editor's day does.
        let mut post = store.get(ids[ids.len() / 2]).unwrap();
        post.sections[0].body.push_str("\n\nOne more sentence.");
        store.update(post, now + chrono::Duration::days(1)).unwrap();
        let (body_time, body) = export(&store, &out, format);
        // Another post's title: it shows on other pages too.
        let mut post = store.get(ids[ids.len() / 3]).unwrap();
        post.title.push_str(" (revised)");
        store.update(post, now + chrono::Duration::days(2)).unwrap();
        let (title_time, title) = export(&store, &out, format);
        eprintln!(
            "{name}: {files} files; fresh {}, unchanged {}, body edit {} written in {}, title edit {} written in {}",
            ms(fresh),
            ms(unchanged),
            body.written,
            ms(body_time),
            title.written,
            ms(title_time)
        );
        println!(
            "| {name}, {files} files | {} | {} | {:.1}% | {} ({} removed), {} | {} ({} removed), {} |",
            ms(fresh),
            ms(unchanged),
            100.0 * unchanged.as_secs_f64() / fresh.as_secs_f64(),
            body.written,
            body.removed,
            ms(body_time),
            title.written,
            title.removed,
            ms(title_time)
        );
    }

    headings();
}

/// The post that was quadratic: 2 MiB of one repeated heading.
fn headings() {
    let unit = "### Step\n\nDo the next thing.\n\n";
    let body = unit.repeat(2 * 1024 * 1024 / unit.len());
    let headings = body.matches("### Step").count();
    let big = Post {
        title: "Steps".into(),
        sections: vec![Section::new("Steps", body)],
        ..Post::default()
    };
    let site = Site::default();
    let mut preview = Vec::new();
    let mut page = Vec::new();
    for _ in 0..11 {
        let t = Instant::now();
        std::hint::black_box(render::preview(&big, &[], &site).unwrap());
        preview.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(render::article(&big, &[], &site).unwrap());
        page.push(t.elapsed());
    }
    let text = render::document::document(&big).text;
    let mut floor = Vec::new();
    for _ in 0..11 {
        let t = Instant::now();
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, render::markdown::parser(&text));
        std::hint::black_box(html);
        floor.push(t.elapsed());
    }
    let mut body_only = Vec::new();
    let mut doc_only = Vec::new();
    let no_images = render::images::Images::default();
    for _ in 0..11 {
        let t = Instant::now();
        let doc = render::document::document(&big);
        doc_only.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(render::html::render(
            &doc,
            render::html::Target::new(render::html::Markup::Keep, &no_images),
            &mut render::markdown::HeadingIds::default(),
        ));
        body_only.push(t.elapsed());
    }
    let mut offsets = Vec::new();
    for _ in 0..11 {
        let t = Instant::now();
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            render::markdown::parser(&text)
                .into_offset_iter()
                .map(|(e, _)| e),
        );
        std::hint::black_box(html);
        offsets.push(t.elapsed());
    }
    let mut ids_only = Vec::new();
    for _ in 0..11 {
        let t = Instant::now();
        let mut ids = render::markdown::HeadingIds::default();
        for _ in 0..headings {
            std::hint::black_box(ids.unique("Step"));
        }
        ids_only.push(t.elapsed());
    }
    eprintln!(
        "offset iter {} ; ids alone {}",
        ms(median(offsets)),
        ms(median(ids_only))
    );
    eprintln!(
        "document {} + html::render {}",
        ms(median(doc_only)),
        ms(median(body_only))
    );
    println!(
        "\n| render of a 2 MiB post, {headings} `### Step` headings | median of 11 | target |"
    );
    println!("|---|---|---|");
    println!("| preview | {} | ≤ 50 ms |", ms(median(preview)));
    println!("| export page | {} | ≤ 50 ms |", ms(median(page)));
    println!(
        "| pulldown-cmark alone, same text (no ids) | {} | |",
        ms(median(floor))
    );
}
