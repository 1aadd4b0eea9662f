//! Images benchmark (not a test), on a SQLite store on a tmpfs:
//!
//! 1. **Adding a 12-megapixel JPEG until the preview can show it**: the
//!    window's path after a drop, minus the editor typing the alt text —
//!    check and decode ([`NewMedia::prepare`], which makes the preview's
//!    rendition from the same decode), store ([`Store::add_prepared`]), the
//!    preview page of the post that now shows it, and the bytes the app's
//!    image protocol serves. Yardstick: decoding the same JPEG with `image`
//!    alone, the floor of anything that looks at the pixels.
//! 2. **A site of 1,000 posts with 2,000 images** (a cover and a figure
//!    each; blog-sized 1600 × 1200 photos), exported as HTML into an empty
//!    folder: the first time (every width as WebP and JPEG made, in all
//!    workers), again with the renditions the database keeps (into another
//!    empty folder), and re-exported unchanged; against the same 1,000
//!    posts without images, in the same run. Each export runs in a child
//!    process, which reports its peak memory (VmHWM).
//!
//! Run: `cargo bench -p quire --bench media` (env `QUIRE_BENCH_POSTS` to
//! change 1,000, `QUIRE_BENCH_DIR` to move the scratch folder off /dev/shm).

#[path = "corpus/mod.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use quire::export::{self, Format, SiteOptions};
use quire::media::Encoding;
use quire::render::images::PREVIEW_WIDTH;
use quire::store::NewMedia;
use quire::{Cover, Store};

const RUNS: usize = 5;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    if std::env::var_os("QUIRE_BENCH_CHILD").is_some_and(|r| r == "export") {
        let mut args = std::env::args().skip(1);
        let db = PathBuf::from(args.next().expect("db path"));
        let out = PathBuf::from(args.next().expect("out path"));
        let store = Store::open(&db).expect("open");
        let t = Instant::now();
        let report = site(&store, &out);
        let elapsed = t.elapsed();
        println!(
            "{} {} {} {}",
            elapsed.as_micros(),
            peak_kib(),
            report.files,
            report.written
        );
        return;
    }
    let base = std::env::var_os("QUIRE_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/dev/shm"));
    let dir = base.join(format!("quire-bench-media-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let result = std::panic::catch_unwind(|| {
        add_to_preview(&dir);
        site_with_images(&dir);
    });
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

fn site(store: &Store, out: &Path) -> export::SiteReport {
    let options = SiteOptions {
        format: Format::Html,
        include_drafts: false,
        now: Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
    };
    export::site(store, out, &options, &mut |_, _| {}).expect("export")
}

/// This process's peak resident memory, in KiB.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

/// A photo-like JPEG: a sky-to-sea gradient with sensor-like noise (so the
/// encoders work as hard as on a real photo), at quality 90.
fn photo(width: u32, height: u32) -> Vec<u8> {
    let mut seed: u32 = 0x9E37_79B9;
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let noise = (seed % 17) as f32 - 8.0;
        let fy = y as f32 / height as f32;
        let fx = x as f32 / width as f32;
        let (r, g, b) = if fy < 0.55 {
            (90.0 + 150.0 * fy, 110.0 + 100.0 * fy, 200.0 - 60.0 * fy)
        } else {
            let wave = ((fx * 90.0).sin() * (fy * 140.0).sin()).abs() * 40.0;
            (30.0 + wave, 70.0 + wave, 110.0 + wave)
        };
        let c = |v: f32| (v + noise).clamp(0.0, 255.0) as u8;
        image::Rgb([c(r), c(g), c(b)])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .expect("encode");
    out
}

/// `jpeg` with a comment naming `i`: other bytes (so stored apart), the
/// same pixels (so each costs the same to decode).
fn numbered(jpeg: &[u8], i: usize) -> Vec<u8> {
    let text = format!("copy {i}");
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&((text.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn add_to_preview(dir: &Path) {
    let now = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    let jpeg = photo(4000, 3000);
    println!(
        "## Adding a 12-megapixel JPEG until the preview shows it\n\n\
         A 4000 × 3000 JPEG of {:.1} MB, added {RUNS} times (other bytes each time) to a \
         store holding one long post, which then shows it.\n",
        jpeg.len() as f64 / 1e6
    );
    let mut store = Store::open(dir.join("add.db")).expect("open");
    let mut post = store.create(corpus::post(0), now).expect("post");
    let (mut decode, mut total, mut prepare, mut rest) = (vec![], vec![], vec![], vec![]);
    for run in 0..RUNS {
        let bytes = numbered(&jpeg, run);
        let t = Instant::now();
        std::hint::black_box(image::load_from_memory(&bytes).expect("decode"));
        decode.push(t.elapsed());

        let t = Instant::now();
        let new = NewMedia::prepare(&format!("photo-{run}.jpg"), bytes).expect("prepare");
        let prepared = t.elapsed();
        let added = store
            .add_prepared(new, "A bay at dawn", false, now)
            .expect("add");
        post.sections[0]
            .body
            .push_str(&format!("\n\n![A bay at dawn](media/{})", added.name));
        let page = export::preview(&store, &post).expect("preview");
        assert!(page.html.contains(&added.name));
        let served = store
            .cached_rendition(&added.name, Some(PREVIEW_WIDTH), Encoding::Original)
            .expect("read")
            .expect("the preview's rendition is kept when the image is added");
        std::hint::black_box(served);
        total.push(t.elapsed());
        prepare.push(prepared);
        rest.push(t.elapsed() - prepared);
    }
    let (decode, total) = (median(decode), median(total));
    println!("| step | median of {RUNS} |\n|---|---|");
    println!(
        "| decoding the JPEG alone (`image`, the yardstick) | {} |",
        ms(decode)
    );
    println!(
        "| check, decode, make the preview's {PREVIEW_WIDTH} px rendition | {} |",
        ms(median(prepare))
    );
    println!(
        "| store it, render the preview page, read what the protocol serves | {} |",
        ms(median(rest))
    );
    println!(
        "| **drop → in the preview** (target ≤ 300 ms) | **{}** ({:.2}× the decode) |\n",
        ms(total),
        total.as_secs_f64() / decode.as_secs_f64()
    );
}

/// Runs one export in a child process: (time, peak KiB, files, written).
fn child_export(db: &Path, out: &Path) -> (Duration, u64, usize, usize) {
    let output = Command::new(std::env::current_exe().expect("exe"))
        .env("QUIRE_BENCH_CHILD", "export")
        .arg(db)
        .arg(out)
        .output()
        .expect("child");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let v: Vec<u64> = text
        .split_whitespace()
        .map(|s| s.parse().expect("number"))
        .collect();
    (
        Duration::from_micros(v[0]),
        v[1],
        v[2] as usize,
        v[3] as usize,
    )
}

fn site_with_images(dir: &Path) {
    let n: usize = std::env::var("QUIRE_BENCH_POSTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000);
    let now = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    let jpeg = photo(1600, 1200);
    let plain_db = dir.join("plain.db");
    let images_db = dir.join("images.db");
    let t = Instant::now();
    {
        let mut plain = Store::open(&plain_db).expect("open");
        let mut with = Store::open(&images_db).expect("open");
        // Images are checked in two threads (prepare is pure), stored in one.
        let prepared: Vec<NewMedia> = std::thread::scope(|s| {
            let halves: Vec<_> = (0..2)
                .map(|half| {
                    let jpeg = &jpeg;
                    s.spawn(move || {
                        (0..2 * n)
                            .filter(|i| i % 2 == half)
                            .map(|i| {
                                NewMedia::prepare(&format!("photo-{i}.jpg"), numbered(jpeg, i))
                                    .expect("prepare")
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            let mut all = Vec::new();
            for h in halves {
                all.extend(h.join().expect("thread"));
            }
            all
        });
        for new in prepared {
            with.add_prepared(new, "", true, now).expect("add");
        }
        for (i, post) in corpus::posts(n).enumerate() {
            plain.create(post.clone(), now).expect("post");
            let mut post = post;
            post.cover = Some(Cover {
                src: format!("media/photo-{}.jpg", 2 * i),
                alt: "The bay at dawn".into(),
                caption: String::new(),
            });
            post.sections[1].body.push_str(&format!(
                "\n\n![The harbour, closer](media/photo-{}.jpg)",
                2 * i + 1
            ));
            with.create(post, now).expect("post");
        }
    }
    let db_mb = std::fs::metadata(&images_db).map_or(0, |m| m.len()) as f64 / 1e6;
    println!(
        "## A site of {n} posts with {} images\n\n\
         Each post has a cover and a figure: {} distinct 1600 × 1200 JPEGs of {:.0} KB \
         ({db_mb:.0} MB of database, set up in {:.0} s). HTML export of the published posts \
         (about 90%) into an empty folder; each run a child process. Widths 480, 960 and \
         1600, each as WebP and JPEG: 6 files an image.\n",
        2 * n,
        2 * n,
        jpeg.len() as f64 / 1e3,
        t.elapsed().as_secs_f64()
    );
    let clear = || {
        rusqlite::Connection::open(&images_db)
            .expect("open")
            .execute("DELETE FROM media_variants", [])
            .expect("clear");
    };
    let fresh = |name: &str| {
        let out = dir.join(name);
        let _ = std::fs::remove_dir_all(&out);
        out
    };
    // First exports: nothing kept (the preview's renditions cleared too).
    let mut first = Vec::new();
    for run in 0..1 {
        clear();
        first.push(child_export(&images_db, &fresh(&format!("first-{run}"))));
        let _ = std::fs::remove_dir_all(dir.join(format!("first-{run}")));
    }
    let (mut plain, mut cached, mut unchanged, mut copies) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in 0..RUNS {
        plain.push(child_export(&plain_db, &fresh(&format!("plain-{run}"))));
        let out = fresh(&format!("cached-{run}"));
        cached.push(child_export(&images_db, &out));
        unchanged.push(child_export(&images_db, &out));
        // The floor of an export into an empty folder: its bytes, copied.
        let copy = fresh(&format!("copy-{run}"));
        let t = Instant::now();
        let bytes = copy_tree(&out, &copy);
        copies.push((t.elapsed(), 0, bytes as usize, 0));
        for d in [dir.join(format!("plain-{run}")), out, copy] {
            let _ = std::fs::remove_dir_all(d);
        }
    }
    let row = |what: &str, runs: &[(Duration, u64, usize, usize)], yard: Duration| {
        let t = median(runs.iter().map(|r| r.0).collect());
        let peak = runs.iter().map(|r| r.1).max().unwrap_or(0);
        let (files, written) = (runs[0].2, runs[0].3);
        println!(
            "| {what} | {} | {:.2}× | {files} | {written} | {:.0} MB |",
            ms(t),
            t.as_secs_f64() / yard.as_secs_f64(),
            peak as f64 / 1024.0
        );
    };
    let yard = median(plain.iter().map(|r| r.0).collect());
    println!(
        "| export | median | vs. without images | files | written | peak memory |\n|---|---|---|---|---|---|"
    );
    row("without images (the yardstick)", &plain, yard);
    row("first, every rendition made (one run)", &first, yard);
    row(
        "again, renditions kept in the database (target ≤ 1.5×)",
        &cached,
        yard,
    );
    row("re-export, nothing changed", &unchanged, yard);
    let copy = median(copies.iter().map(|r| r.0).collect());
    println!(
        "\nThe floor of the export into an empty folder: copying the files it writes \
         ({:.0} MB; `std::fs::copy`, one thread) takes {} — the export with kept renditions \
         is {:.2}× that.\n",
        copies[0].2 as f64 / 1e6,
        ms(copy),
        median(cached.iter().map(|r| r.0).collect()).as_secs_f64() / copy.as_secs_f64()
    );
}

/// Copies every file under `from` to the same place under `to`; the bytes copied.
fn copy_tree(from: &Path, to: &Path) -> u64 {
    let mut total = 0;
    let mut todo = vec![from.to_path_buf()];
    while let Some(d) = todo.pop() {
        let target = to.join(d.strip_prefix(from).expect("inside"));
        std::fs::create_dir_all(&target).expect("mkdir");
        for e in std::fs::read_dir(&d).expect("read dir") {
            let path = e.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                total += std::fs::copy(&path, target.join(path.file_name().expect("name")))
                    .expect("copy");
            }
        }
    }
    total
}
