//! Pre-publish check benchmark (not a test): **the check of a 10,000-word
//! post** — five corpus posts' sections in one post, with internal links to
//! published posts, drafts and a missing one, external links and images,
//! images without alt text — against a real store of 200 posts (the
//! links' targets and the images are looked up in it, as in the window and
//! `quire check`). Yardstick, same run: the preview render of the same post
//! (the page the check reads is that render).
//!
//! Target (issue #15): the check ≤ 20 ms on a 10,000-word post.
//!
//! Run: `cargo bench -p quire --bench check`.

#[path = "corpus/mod.rs"]
mod corpus;

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use quire::{Section, Status, Store, export};

const RUNS: usize = 41;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let scratch = tempfile::tempdir().expect("scratch dir");
    let mut store = Store::open_at(scratch.path().join("check.db"), now).expect("open");
    let mut ids = Vec::new();
    for (i, mut post) in corpus::posts(200).enumerate() {
        if i % 7 == 0 {
            post.status = Status::Draft;
            post.publish_at = None;
        }
        ids.push(store.create(post, now).expect("create").id);
    }

    // One long post: the sections of five corpus posts, with links and images.
    let mut post = corpus::post(10_000);
    post.slug = "the-long-one".into();
    post.sections = (0..5)
        .flat_map(|p| corpus::post(20_000 + p).sections)
        .enumerate()
        .map(|(i, s)| Section {
            heading: s.heading,
            body: format!(
                "{}\n\nSee [an earlier post](quire:post/{}), [a missing one](quire:post/999999), \
                 [the spec](https://www.rfc-editor.org/rfc/rfc{}) and ![a chart](media/chart-{i}.png) \
                 and ![](https://cdn.example.net/img/{i}.jpg).\n",
                s.body,
                ids[i % ids.len()].unwrap_or(1),
                9000 + i,
            ),
        })
        .collect();
    let words = quire::render::stats(&post).words;
    let site = store.site().expect("site");

    let mut check_times = Vec::new();
    let mut render_times = Vec::new();
    let mut findings = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let found = quire::check::check(&post, &site, &store);
        check_times.push(t.elapsed());
        findings = found.len();
        let t = Instant::now();
        let page = export::preview(&store, &post).expect("preview");
        render_times.push(t.elapsed());
        assert!(page.words > 0);
    }
    let check = median(&mut check_times);
    let render = median(&mut render_times);
    println!(
        "check of a {words}-word post ({} sections, {findings} findings), median of {RUNS}:",
        post.sections.len()
    );
    println!("  check          {:>8.2} ms   (target ≤ 20 ms)", ms(check));
    println!(
        "  preview render {:>8.2} ms   (yardstick, same run)",
        ms(render)
    );
    println!(
        "  check / render {:>8.2}",
        check.as_secs_f64() / render.as_secs_f64()
    );
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
