//! Command-layer benchmark (not a test): what the window waits for on each
//! keystroke pause and each autosave of a 10,000-word post, measured through
//! Tauri's IPC handler on the mock runtime (JSON arguments in, JSON out, the
//! store on a real SQLite file), so it counts everything but the webview's
//! own parse and paint.
//!
//! Run: `cargo bench -p quire-desktop --bench ipc` (env `QUIRE_BENCH_WORDS`
//! to change 10,000, `QUIRE_BENCH_RUNS` for the number of timed runs).

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tauri::test::{MockRuntime, mock_builder, mock_context, noop_assets};

#[path = "../tests/support/ipc.rs"]
mod ipc;
use tauri::{WebviewWindow, WebviewWindowBuilder};

const WORDS: &[&str] = &[
    "editor",
    "draft",
    "section",
    "reader",
    "summary",
    "takeaway",
    "publish",
    "quietly",
    "structure",
    "argument",
    "evidence",
    "marketing",
    "privacy",
    "careful",
    "long",
    "form",
    "writing",
    "is",
    "the",
    "a",
    "of",
    "and",
    "to",
    "with",
    "without",
    "every",
    "paragraph",
    "sentence",
    "because",
    "although",
];

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A post of about `words` words: sections of ~500 words in paragraphs, with
/// emphasis, a list and a sub-heading, like a long article.
fn long_post(words: usize) -> Value {
    let mut sections = Vec::new();
    let mut n = 0usize;
    let mut i = 0usize;
    while n < words {
        let mut body = String::new();
        for p in 0..5 {
            if p == 2 {
                body.push_str("### A closer look\n\n- first point\n- second point\n\n");
            }
            for w in 0..100 {
                let word = WORDS[(i * 7 + p * 13 + w * 3) % WORDS.len()];
                body.push_str(if w % 17 == 5 { "**" } else { "" });
                body.push_str(word);
                body.push_str(if w % 17 == 5 { "** " } else { " " });
            }
            body.push_str("\n\n");
            n += 100;
        }
        sections.push(json!({ "heading": format!("Part {}", i + 1), "body": body }));
        i += 1;
    }
    json!({
        "title": "A very long post",
        "summary": "A summary that leads the article and feeds listings, of a sensible length.",
        "category": "Essays", "tags": ["writing", "privacy"], "status": "draft",
        "sections": sections,
        "takeaways": ["**Structure** helps.", "Evidence first.", "Short summaries."],
    })
}

fn call(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Value {
    ipc::invoke(window, cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let words = env_usize("QUIRE_BENCH_WORDS", 10_000);
    let runs = env_usize("QUIRE_BENCH_RUNS", 50);
    let dir = tempfile::tempdir().expect("temp dir");
    let app = quire_desktop::run_app(mock_builder(), dir.path().join("quire.db"))
        .build(mock_context(noop_assets()))
        .expect("app");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");

    // Published neighbours, so "What to Read Next" has candidates to choose from.
    for i in 0..50 {
        let mut p = long_post(300);
        p["title"] = json!(format!("Neighbour {i}"));
        p["status"] = json!("published");
        call(&window, "create_post", json!({ "post": p }));
    }
    let mut post = call(&window, "create_post", json!({ "post": long_post(words) }));
    let preview = call(&window, "render_preview", json!({ "post": post }));
    println!(
        "post: {} words, preview HTML {} KiB",
        preview["words"],
        preview["html"].as_str().map_or(0, str::len) / 1024
    );

    let mut times = Vec::new();
    for r in 0..runs {
        post["summary"] = json!(format!(
            "Edited summary number {r}, still of a sensible length."
        ));
        let t = Instant::now();
        call(&window, "render_preview", json!({ "post": post }));
        times.push(t.elapsed());
    }
    println!(
        "render_preview ({words} words): median {:?} over {runs} runs",
        median(times)
    );

    let mut times = Vec::new();
    for r in 0..runs {
        post["summary"] = json!(format!(
            "Saved summary number {r}, still of a sensible length."
        ));
        let t = Instant::now();
        post = call(&window, "save_post", json!({ "post": post }));
        times.push(t.elapsed());
    }
    println!(
        "save_post ({words} words, autosave): median {:?} over {runs} runs",
        median(times)
    );
}
