//! Export benchmark (not a test): 10,000 corpus posts in a SQLite store on a
//! tmpfs, then side by side
//!
//! 1. `export::site` to HTML (every post, tag, category and index page, feeds);
//! 2. the same posts as Markdown built by Debian's `hugo` with a minimal layout;
//! 3. the floor: a bare loop that renders each post's body with pulldown-cmark
//!    and writes one file per post, with as many threads as the export;
//! 4. `render::preview` of one 50,000-word post, median of many runs.
//!
//! Wall time is the median of a few runs; peak memory (max RSS) is measured on
//! a separate run in a child process under `/usr/bin/time`.
//! Run: `cargo bench --bench export` (env `QUIRE_BENCH_POSTS` to change 10,000,
//! `QUIRE_BENCH_DIR` to move the scratch folder off /dev/shm,
//! `QUIRE_BENCH_KEEP=1` to keep it for profiling).

#[path = "corpus/mod.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use quire::export::{self, Flavor, Format, SiteOptions};
use quire::{Post, Section, Site, Store, render};

const RUNS: usize = 5;
/// Hugo takes ~10 s a run here; three runs give a fair median.
const HUGO_RUNS: usize = 3;

fn main() {
    let mut args = std::env::args().skip(1);
    if let Some(role) = std::env::var_os("QUIRE_BENCH_CHILD") {
        if role == "preview" || role == "preview-cmark" {
            // Profiling aid (e.g. under `perf stat`): 100 previews of the
            // 50,000-word post, or pulldown-cmark alone on its text.
            let big = big_post(50_000);
            let all = big
                .sections
                .iter()
                .map(|s| s.body.as_str())
                .collect::<Vec<_>>()
                .join("\n\n");
            for _ in 0..100 {
                if role == "preview" {
                    std::hint::black_box(render::preview(&big, &[], &Site::default()).unwrap());
                } else {
                    let mut html = String::new();
                    let parser =
                        pulldown_cmark::Parser::new_ext(&all, quire::render::markdown::options());
                    pulldown_cmark::html::push_html(&mut html, parser);
                    std::hint::black_box(html);
                }
            }
            return;
        }
        // A measured child: run one export and print its wall time.
        let db = PathBuf::from(args.next().expect("db path"));
        let out = PathBuf::from(args.next().expect("out path"));
        let store = Store::open(&db).expect("open db");
        if role == "render" {
            // Profiling aid: render every stored post a few times, no files.
            let ids: Vec<i64> = store
                .list(&quire::store::ListQuery::default())
                .unwrap()
                .iter()
                .map(|p| p.id)
                .collect();
            let posts: Vec<Post> = ids.iter().map(|&id| store.get(id).unwrap()).collect();
            let t = Instant::now();
            for _ in 0..3 {
                for p in &posts {
                    std::hint::black_box(render::article(p, &[], &Site::default()).unwrap());
                }
            }
            println!(
                "render::article {} s per pass",
                t.elapsed().as_secs_f64() / 3.0
            );
            let t = Instant::now();
            for _ in 0..3 {
                for p in &posts {
                    let mut html = String::new();
                    for s in &p.sections {
                        let parser = pulldown_cmark::Parser::new_ext(
                            &s.body,
                            quire::render::markdown::options(),
                        );
                        pulldown_cmark::html::push_html(&mut html, parser);
                    }
                    std::hint::black_box(html);
                }
            }
            println!(
                "pulldown-cmark alone {} s per pass",
                t.elapsed().as_secs_f64() / 3.0
            );
            return;
        }
        let t = Instant::now();
        let report = match role.to_str() {
            Some("html") => export::site(&store, &out, &options(Format::Html), &mut |_, _| {}),
            _ => export::site(
                &store,
                &out,
                &options(Format::Markdown(Flavor::Hugo)),
                &mut |_, _| {},
            ),
        }
        .expect("export");
        println!("{} {}", t.elapsed().as_secs_f64(), report.files);
        return;
    }
    if args.any(|a| a == "--list") {
        return; // `cargo bench -- --list` asks for test names; there are none.
    }
    let n: usize = std::env::var("QUIRE_BENCH_POSTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let base = std::env::var_os("QUIRE_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/dev/shm"));
    let dir = base.join(format!("quire-bench-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let result = std::panic::catch_unwind(|| run(&dir, n));
    if std::env::var_os("QUIRE_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    } else {
        eprintln!("kept {}", dir.display());
    }
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

fn options(format: Format) -> SiteOptions {
    SiteOptions {
        format,
        include_drafts: true,
        now: chrono::Utc::now(),
    }
}

/// CPU time (user + system) this process has used so far, all threads
/// included, from /proc (10 ms resolution).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    Duration::from_millis(ticks * 10)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// Runs `cmd` under `/usr/bin/time`; returns (wall time, max RSS in MB, stdout).
fn timed(cmd: Command) -> (Duration, f64, String) {
    let mut timed = Command::new("/usr/bin/time");
    timed
        .arg("-f")
        .arg("QUIRE_TIME %e %M")
        .arg(cmd.get_program());
    timed.args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => timed.env(k, v),
            None => timed.env_remove(k),
        };
    }
    let out = timed.output().expect("run /usr/bin/time");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "command failed: {stderr}");
    let line = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("QUIRE_TIME"))
        .expect("time output");
    let mut parts = line.split_whitespace().skip(1);
    let wall: f64 = parts.next().unwrap().parse().unwrap();
    let kb: f64 = parts.next().unwrap().parse().unwrap();
    (
        Duration::from_secs_f64(wall),
        kb / 1024.0,
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn run(dir: &Path, n: usize) {
    let db = dir.join("quire.db");
    let now = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    let t = Instant::now();
    {
        let mut store = Store::open(&db).expect("open");
        for post in corpus::posts(n) {
            store.create(post, now).expect("load corpus");
        }
    }
    let store = Store::open(&db).expect("reopen");
    let posts = store
        .count(&quire::store::ListQuery::default())
        .expect("count");
    eprintln!(
        "loaded {n} corpus posts ({posts} in the store with the sample) in {}",
        secs(t.elapsed())
    );
    let threads = std::thread::available_parallelism()
        .map_or(1, |p| p.get())
        .clamp(1, 2);

    // 1 + 3. Quire and the floor, runs interleaved so that other load on
    // the machine hits both alike.
    let bodies: Vec<String> = corpus::posts(n)
        .map(|p| {
            p.sections
                .iter()
                .map(|s| format!("## {}\n\n{}\n\n", s.heading, s.body))
                .collect()
        })
        .collect();
    let out = dir.join("html");
    let floor_dir = dir.join("floor");
    let mut quire_runs = Vec::new();
    let mut floor_runs = Vec::new();
    let mut quire_cpu = Vec::new();
    let mut floor_cpu = Vec::new();
    let mut files = 0;
    for _ in 0..RUNS {
        // A fresh target, like the floor's (replacing an old export adds its removal).
        let _ = std::fs::remove_dir_all(&out);
        let c = cpu_time();
        let t = Instant::now();
        let report =
            export::site(&store, &out, &options(Format::Html), &mut |_, _| {}).expect("export");
        quire_runs.push(t.elapsed());
        quire_cpu.push(cpu_time().saturating_sub(c));
        files = report.files;
        let (wall, cpu) = floor_run(&bodies, &floor_dir, threads);
        floor_runs.push(wall);
        floor_cpu.push(cpu);
    }
    let (quire_cpu, floor_cpu) = (median(quire_cpu), median(floor_cpu));
    let quire = median(quire_runs);
    let exe = std::env::current_exe().expect("bench exe");
    let mut child = Command::new(&exe);
    child
        .env("QUIRE_BENCH_CHILD", "html")
        .arg(&db)
        .arg(dir.join("html-child"));
    let (_, quire_rss, child_out) = timed(child);
    let quire_child: f64 = child_out
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::NAN);
    eprintln!(
        "quire export-site html: {} median of {RUNS} ({files} files), child run {quire_child:.3} s, peak {quire_rss:.1} MB",
        secs(quire)
    );

    // 2. Hugo on the same posts as Markdown.
    let hugo_dir = dir.join("hugo");
    let t = Instant::now();
    export::site(
        &store,
        &hugo_dir,
        &options(Format::Markdown(Flavor::Hugo)),
        &mut |_, _| {},
    )
    .expect("markdown export");
    let md_export = t.elapsed();
    std::fs::create_dir_all(hugo_dir.join("layouts/_default")).unwrap();
    std::fs::write(
        hugo_dir.join("config.toml"),
        "baseURL = 'https://example.org/'\ntitle = 'Bench'\n",
    )
    .unwrap();
    std::fs::write(
        hugo_dir.join("layouts/_default/single.html"),
        "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>\
         <time>{{ .Date.Format \"2006-01-02\" }}</time>{{ .Content }}</body></html>",
    )
    .unwrap();
    std::fs::write(
        hugo_dir.join("layouts/_default/list.html"),
        "<!DOCTYPE html><html><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>",
    )
    .unwrap();
    let mut hugo_runs = Vec::new();
    let mut hugo_rss = 0.0f64;
    for _ in 0..HUGO_RUNS {
        let _ = std::fs::remove_dir_all(hugo_dir.join("public"));
        let mut cmd = Command::new("/usr/bin/hugo");
        cmd.args(["--quiet", "--buildDrafts", "--buildFuture", "--source"])
            .arg(&hugo_dir)
            .args(["--destination", "public"]);
        let (wall, rss, _) = timed(cmd);
        hugo_runs.push(wall);
        hugo_rss = hugo_rss.max(rss);
    }
    let hugo = median(hugo_runs);
    eprintln!(
        "hugo (Markdown written by quire in {}): {} median of {HUGO_RUNS}, peak {hugo_rss:.0} MB",
        secs(md_export),
        secs(hugo)
    );

    let floor = median(floor_runs);
    eprintln!("floor ({threads} threads): {}", secs(floor));

    // Where Quire's time goes, one thread, no files: listing, reading, rendering.
    let t = Instant::now();
    let ids: Vec<i64> = store
        .list(&quire::store::ListQuery::default())
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    let list_all = t.elapsed();
    let t = Instant::now();
    let loaded: Vec<Post> = ids.iter().map(|&id| store.get(id).unwrap()).collect();
    let get_all = t.elapsed();
    // As the export reads them: 32 at a time, one read transaction each.
    let t = Instant::now();
    let mut batched = 0;
    for chunk in ids.chunks(32) {
        batched += store.posts_in(chunk).unwrap().len();
    }
    let batch_all = t.elapsed();
    assert_eq!(batched, loaded.len(), "posts_in reads every post");
    let t = Instant::now();
    let mut bytes = 0;
    for p in &loaded {
        bytes += render::article(p, &[], &Site::default()).unwrap().len();
    }
    let render_all = t.elapsed();
    let t = Instant::now();
    let mut html = String::new();
    for body in &bodies {
        html.clear();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(body, quire::render::markdown::options()),
        );
    }
    let cmark_all = t.elapsed();
    drop(loaded);
    eprintln!(
        "one thread: store.list {}, store.get × {} {}, store.posts_in (32 a call) {}, render::article {} ({} MB), pulldown-cmark alone {}",
        secs(list_all),
        ids.len(),
        secs(get_all),
        secs(batch_all),
        secs(render_all),
        bytes >> 20,
        secs(cmark_all)
    );

    // 4. Preview of a 50,000-word post.
    let big = big_post(50_000);
    let words = render::stats(&big).words;
    let site = Site::default();
    let mut preview_runs = Vec::new();
    let mut html_len = 0;
    for _ in 0..5 {
        render::preview(&big, &[], &site).unwrap(); // warm up
    }
    for _ in 0..41 {
        let t = Instant::now();
        html_len = render::preview(&big, &[], &site).unwrap().len();
        preview_runs.push(t.elapsed());
    }
    let preview = median(preview_runs);
    let c = cpu_time();
    for _ in 0..100 {
        std::hint::black_box(render::preview(&big, &[], &site).unwrap());
    }
    let preview_cpu = (cpu_time() - c) / 100;
    let mut cmark_runs = Vec::new();
    let all: String = big
        .sections
        .iter()
        .map(|s| s.body.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    for _ in 0..41 {
        let t = Instant::now();
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&all, quire::render::markdown::options()),
        );
        std::hint::black_box(&html);
        cmark_runs.push(t.elapsed());
    }
    let cmark = median(cmark_runs);
    eprintln!(
        "preview of a {words}-word post: {:.2} ms median ({html_len} bytes of HTML); pulldown-cmark alone {:.2} ms",
        preview.as_secs_f64() * 1e3,
        cmark.as_secs_f64() * 1e3
    );

    let vs_hugo = hugo.as_secs_f64() / quire.as_secs_f64();
    let vs_floor = quire.as_secs_f64() / floor.as_secs_f64();
    println!("\n| measure | figure | target |");
    println!("|---|---|---|");
    println!("| posts | {posts} (all statuses, include_drafts) | 10,000 |");
    println!(
        "| quire export-site html | {} ({files} files) | |",
        secs(quire)
    );
    println!(
        "| hugo build of the same posts as Markdown | {} | |",
        secs(hugo)
    );
    println!(
        "| floor: pulldown-cmark + write, {threads} threads | {} | |",
        secs(floor)
    );
    println!("| Quire vs Hugo throughput | {vs_hugo:.1}× | ≥ 5× |");
    println!("| Quire / floor time | {vs_floor:.2}× | ≤ 2× |");
    println!(
        "| CPU time (user+sys): Quire / floor | {} / {} = {:.2}× | |",
        secs(quire_cpu),
        secs(floor_cpu),
        quire_cpu.as_secs_f64() / floor_cpu.as_secs_f64()
    );
    println!("| Quire peak RSS (child run) | {quire_rss:.1} MB | < 150 MB |");
    println!("| Hugo peak RSS | {hugo_rss:.0} MB | |");
    println!(
        "| preview, {words} words | {:.2} ms median | < 5 ms |",
        preview.as_secs_f64() * 1e3
    );
    println!(
        "| pulldown-cmark alone, same text | {:.2} ms median | |",
        cmark.as_secs_f64() * 1e3
    );
    println!(
        "| preview, CPU time per run (100 runs) | {:.2} ms | < 5 ms |",
        preview_cpu.as_secs_f64() * 1e3
    );
}

/// The floor: pulldown-cmark over each body, one file per post, `threads`
/// threads; the old output is removed before the clocks start. Returns the
/// wall time and the CPU time.
fn floor_run(bodies: &[String], floor_dir: &Path, threads: usize) -> (Duration, Duration) {
    let _ = std::fs::remove_dir_all(floor_dir);
    std::fs::create_dir_all(floor_dir).unwrap();
    let c = cpu_time();
    let t = Instant::now();
    std::thread::scope(|s| {
        for w in 0..threads {
            s.spawn(move || {
                let mut html = String::new();
                for (i, body) in bodies.iter().enumerate().skip(w).step_by(threads) {
                    html.clear();
                    let parser =
                        pulldown_cmark::Parser::new_ext(body, quire::render::markdown::options());
                    pulldown_cmark::html::push_html(&mut html, parser);
                    std::fs::write(floor_dir.join(format!("{i}.html")), &html).unwrap();
                }
            });
        }
    });
    (t.elapsed(), cpu_time().saturating_sub(c))
}

/// One post of about `words` words, made of corpus sections.
fn big_post(words: usize) -> Post {
    let mut post = corpus::post(0);
    post.sections.clear();
    let mut count = 0;
    let mut i = 1;
    while count < words {
        for s in corpus::post(i).sections {
            if count >= words {
                break;
            }
            count += s.body.split_whitespace().count();
            post.sections.push(Section::new(s.heading, s.body));
        }
        i += 1;
    }
    post
}
