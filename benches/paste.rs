//! Paste benchmark (not a test): a 3,000-word article as Google Docs puts
//! it on the clipboard — the `<b style="font-weight:normal" id="docs-internal-guid-…">`
//! wrapper, every run of text in a `<span>` with Docs' long inline style,
//! headings, bold, italic, links and bulleted lists — converted to Markdown
//! by `quire::convert::paste_to_markdown`, the core's half of Ctrl+V in a
//! section body (the window's half is timed by `tests/e2e/bench.mjs`).
//!
//! Target (issue #15): the whole paste, in the editor as Markdown, ≤ 100 ms.
//!
//! Run: `cargo bench -p quire --bench paste` (`QUIRE_BENCH_WORDS` to change 3,000).

use std::time::{Duration, Instant};

const RUNS: usize = 50;
const WORDS: &[&str] = &[
    "editors", "plan", "sections", "before", "prose", "because", "readers", "finish", "posts",
    "that", "keep", "one", "promise", "per", "part", "and", "trust", "grows", "with", "every",
    "honest", "sentence",
];
const RUN_STYLE: &str = "font-size:11pt;font-family:Arial,sans-serif;color:#000000;background-color:transparent;font-variant:normal;text-decoration:none;vertical-align:baseline;white-space:pre;white-space:pre-wrap;";
const P_STYLE: &str = "line-height:1.38;margin-top:0pt;margin-bottom:0pt;";

/// A Google Docs clipboard article of about `words` words: a heading every
/// five blocks, paragraphs of 60 words with a bold, an italic and a linked
/// run, and a three-item list every fourth block.
pub fn google_docs_article(words: usize) -> String {
    let mut html = String::from(
        r#"<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-5f1c7a2e-7fff-4b1d-9c3e-0a1b2c3d4e5f">"#,
    );
    let mut n = 0;
    let word = |n: &mut usize| {
        *n += 1;
        WORDS[(*n * 7 + *n / 5) % WORDS.len()]
    };
    let span =
        |style: &str, text: &str| format!(r#"<span style="{RUN_STYLE}{style}">{text}</span>"#);
    let mut block = 0;
    while n < words {
        if block % 5 == 0 {
            let text: Vec<&str> = (0..4).map(|_| word(&mut n)).collect();
            html += &format!(
                r#"<h2 dir="ltr" style="{P_STYLE}">{}</h2>"#,
                span(
                    "font-size:16pt;font-weight:400;font-style:normal;",
                    &text.join(" ")
                )
            );
        } else if block % 4 == 0 {
            html += r#"<ul style="margin-top:0;margin-bottom:0;padding-inline-start:48px;">"#;
            for _ in 0..3 {
                let text: Vec<&str> = (0..10).map(|_| word(&mut n)).collect();
                html += &format!(
                    r#"<li dir="ltr" style="list-style-type:disc;font-size:11pt;" aria-level="1"><p dir="ltr" style="{P_STYLE}" role="presentation">{}</p></li>"#,
                    span("font-weight:400;font-style:normal;", &text.join(" "))
                );
            }
            html += "</ul>";
        } else {
            let mut text = |count: usize| {
                (0..count)
                    .map(|_| word(&mut n))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let (a, bold, b, italic, c, link, d) = (
                text(20),
                text(3),
                text(12),
                text(2),
                text(10),
                text(3),
                text(10),
            );
            html += &format!(
                r#"<p dir="ltr" style="{P_STYLE}">{}{}{}{}{}<a href="https://example.com/{block}" style="text-decoration:none;">{}</a>{}</p><br>"#,
                span("font-weight:400;font-style:normal;", &format!("{a} ")),
                span("font-weight:700;font-style:normal;", &bold),
                span("font-weight:400;font-style:normal;", &format!(" {b} ")),
                span("font-weight:400;font-style:italic;", &italic),
                span("font-weight:400;font-style:normal;", &format!(" {c} ")),
                span(
                    "font-weight:400;font-style:normal;text-decoration:underline;color:#1155cc;",
                    &link
                ),
                span("font-weight:400;font-style:normal;", &format!(" {d}.")),
            );
        }
        block += 1;
    }
    html += "</b>";
    html
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let words: usize = std::env::var("QUIRE_BENCH_WORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000);
    let html = google_docs_article(words);
    let markdown = quire::convert::paste_to_markdown(&html);
    let counted = markdown
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    assert!(
        markdown.starts_with("## "),
        "the first heading survives: {}",
        &markdown[..80]
    );
    assert!(
        markdown.contains("**") && markdown.contains("](https://example.com/"),
        "bold and links survive"
    );
    assert!(
        !markdown.starts_with("**"),
        "the Docs wrapper does not make the whole bold"
    );

    let mut samples: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let out = quire::convert::paste_to_markdown(std::hint::black_box(&html));
            let took = start.elapsed();
            std::hint::black_box(out);
            took
        })
        .collect();
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "paste_to_markdown, Google Docs article: {} KiB of HTML → {counted} words of Markdown ({} KiB)",
        html.len() / 1024,
        markdown.len() / 1024
    );
    println!(
        "  median {:.2} ms  p99 {:.2} ms  min {:.2} ms  (n={RUNS}; target for the whole paste in the window: 100 ms)",
        ms(samples[RUNS / 2]),
        ms(samples[((RUNS - 1) as f64 * 0.99).round() as usize]),
        ms(samples[0])
    );
}
