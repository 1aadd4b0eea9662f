//! Exporting into a folder someone owns: only Quire's files are written or
//! removed, only when their bytes change; a killed export heals on the next
//! run; an export reads one snapshot however the posts change meanwhile.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quire::export::{self, Flavor, Format, SiteOptions};

use super::{at, html_options, seeded_store, snapshot};

#[test]
fn a_failed_export_leaves_each_file_old_or_new_and_the_next_run_heals() {
    let tmp = tempfile::tempdir().unwrap();
    let store = seeded_store(tmp.path());
    let parent = tmp.path().join("web");
    let out = parent.join("site");
    export::site(&store, &out, &html_options(false), &mut |_, _| {}).unwrap();
    let drafts_out = tmp.path().join("with-drafts");
    export::site(&store, &drafts_out, &html_options(true), &mut |_, _| {}).unwrap();
    let (old, new) = (snapshot(&out), snapshot(&drafts_out));
    // Inject a failure halfway: the progress callback blows up mid-build.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        export::site(&store, &out, &html_options(true), &mut |done, _| {
            if done > 0 {
                panic!("injected failure")
            }
        })
    }));
    assert!(result.is_err(), "the injected failure happened");
    for (path, bytes) in snapshot(&out) {
        if path.starts_with(export::folder::JOURNAL) {
            continue;
        }
        assert!(
            old.get(&path) == Some(&bytes) || new.get(&path) == Some(&bytes),
            "{} is the old file or the new one, never half",
            path.display()
        );
    }
    assert!(out.is_dir(), "the folder itself never disappears");
    export::site(&store, &out, &html_options(true), &mut |_, _| {}).unwrap();
    assert!(
        snapshot(&out) == new,
        "the next run finishes the job: the same files as a fresh export"
    );
    assert_eq!(
        std::fs::read_dir(&parent).unwrap().count(),
        1,
        "nothing beside the folder"
    );

    // A folder Quire did not make is never written into.
    let mine = parent.join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("precious.txt"), "keep me").unwrap();
    let err = export::site(&store, &mine, &html_options(false), &mut |_, _| {}).unwrap_err();
    assert_eq!(err.kind(), "validation", "{err}");
    assert!(
        err.to_string().contains("did not export"),
        "says why: {err}"
    );
    assert_eq!(
        std::fs::read_dir(&mine).unwrap().count(),
        1,
        "nothing written into it"
    );

    // A path that cannot be a folder fails with an I/O error naming it.
    let blocked = parent.join("file.txt");
    std::fs::write(&blocked, "x").unwrap();
    let err = export::site(
        &store,
        &blocked.join("out"),
        &html_options(false),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("file.txt"),
        "names the path: {err}"
    );
}

/// Modification times of every file under `dir` but the manifest.
fn mtimes(dir: &Path) -> BTreeMap<PathBuf, std::time::SystemTime> {
    snapshot(dir)
        .into_keys()
        .map(|p| {
            let t = std::fs::metadata(dir.join(&p)).unwrap().modified().unwrap();
            (p, t)
        })
        .collect()
}

#[test]
fn a_re_export_touches_only_what_quire_wrote_and_only_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = seeded_store(tmp.path());
    for format in [Format::Html, Format::Markdown(Flavor::Hugo)] {
        let options = SiteOptions {
            format,
            include_drafts: false,
            now: at(2026, 1, 1),
        };
        let out = tmp
            .path()
            .join(format!("site-{}", matches!(format, Format::Html)));
        export::site(&store, &out, &options, &mut |_, _| {}).unwrap();
        // The owner's generator config, layouts, pages and repository.
        let owners = [
            ("hugo.toml", "baseURL = 'https://example.org/'\n"),
            ("layouts/x.html", "<p>mine</p>"),
            ("content/about.md", "# About me"),
            (".git/HEAD", "ref: refs/heads/main\n"),
            ("CNAME", "blog.example.com\n"),
        ];
        for (path, text) in owners {
            std::fs::create_dir_all(out.join(path).parent().unwrap()).unwrap();
            std::fs::write(out.join(path), text).unwrap();
        }
        let before = mtimes(&out);
        std::thread::sleep(std::time::Duration::from_millis(20));
        let again = export::site(&store, &out, &options, &mut |_, _| {}).unwrap();
        assert_eq!(
            again.written, 0,
            "{format:?}: nothing changed, nothing written"
        );
        assert_eq!(again.removed, 0);
        assert_eq!(mtimes(&out), before, "{format:?}: not one file rewritten");

        // One post trashed: its file goes, the owner's stay.
        let victim = store.get_by_slug("band-merch-evolution").unwrap();
        store.delete(victim.id.unwrap(), at(2024, 1, 1)).unwrap();
        let report = export::site(&store, &out, &options, &mut |_, _| {}).unwrap();
        assert!(
            report.removed >= 1,
            "{format:?}: the trashed post's file is removed"
        );
        let files = snapshot(&out);
        assert!(
            files
                .keys()
                .all(|p| !p.to_string_lossy().contains("band-merch-evolution")),
            "{format:?}: no file of the trashed post is left"
        );
        for (path, text) in owners {
            assert_eq!(
                std::fs::read_to_string(out.join(path)).unwrap(),
                text,
                "{format:?}: the owner's {path} is untouched"
            );
        }
        store.restore(victim.id.unwrap(), at(2024, 1, 2)).unwrap();
    }
}

#[test]
fn a_file_in_the_way_that_quire_did_not_write_is_left_alone_and_named() {
    let tmp = tempfile::tempdir().unwrap();
    let store = seeded_store(tmp.path());
    let out = tmp.path().join("site");
    let options = SiteOptions {
        format: Format::Markdown(Flavor::Hugo),
        include_drafts: false,
        now: at(2026, 1, 1),
    };
    export::site(&store, &out, &options, &mut |_, _| {}).unwrap();
    let theirs = out.join("content/posts/ethics-of-ai-in-marketing.md");
    std::fs::remove_file(&theirs).unwrap();
    let manifest = out.join(export::folder::MANIFEST);
    // As if the file had been the owner's all along: not in the manifest.
    let text = std::fs::read_to_string(&manifest).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["files"]
        .as_object_mut()
        .unwrap()
        .remove("content/posts/ethics-of-ai-in-marketing.md");
    std::fs::write(&manifest, json.to_string()).unwrap();
    std::fs::write(&theirs, "my own page").unwrap();
    let err = export::site(&store, &out, &options, &mut |_, _| {}).unwrap_err();
    assert!(
        err.to_string()
            .contains("content/posts/ethics-of-ai-in-marketing.md"),
        "names the file in the way: {err}"
    );
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "my own page");
}

/// A small random-number source for the kill test (seed printed on failure).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Files under `dir` whose names say they are temporary or a journal.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.contains("quire-tmp")
                || name.contains("quire-old")
                || name == export::folder::JOURNAL
            {
                found.push(path.clone());
            }
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    found
}

fn many_posts(store: &mut quire::Store, n: usize, from: usize) {
    for i in from..from + n {
        let post = quire::Post {
            title: format!("Post number {i}"),
            summary: format!("What post {i} is about, in a sentence or two."),
            tags: vec![format!("t{}", i % 17), format!("u{}", i % 5)],
            category: format!("c{}", i % 4),
            status: quire::Status::Published,
            publish_at: Some(at(2020, 1, 1) + chrono::Duration::hours(i as i64)),
            sections: vec![
                quire::Section::new("First", format!("Body of post {i}. ").repeat(40)),
                quire::Section::new("Second", "- a\n- b\n\n```\ncode\n```".to_string()),
            ],
            ..quire::Post::default()
        };
        store.create(post, at(2021, 1, 1)).unwrap();
    }
}

fn export_site_cli(db: &Path, out: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_quire"));
    cmd.arg("--db")
        .arg(db)
        .args(["export-site", "--out"])
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    cmd
}

#[test]
fn ten_kills_mid_export_then_one_clean_run_equal_a_fresh_export() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("quire.db");
    let mut store = quire::Store::open(&db).unwrap();
    many_posts(&mut store, 100, 0);
    let out = tmp.path().join("site");
    let first = export_site_cli(&db, &out).output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let owners = [
        ("hugo.toml", "title = 'mine'\n"),
        ("layouts/x.html", "<p>mine</p>"),
        (".git/HEAD", "ref: refs/heads/main\n"),
    ];
    for (path, text) in owners {
        std::fs::create_dir_all(out.join(path).parent().unwrap()).unwrap();
        std::fs::write(out.join(path), text).unwrap();
    }
    many_posts(&mut store, 1_900, 100);

    // How long a whole export of the 2,000 posts takes here.
    let scratch = tmp.path().join("scratch");
    let started = std::time::Instant::now();
    assert!(
        export_site_cli(&db, &scratch)
            .output()
            .unwrap()
            .status
            .success()
    );
    let whole = started.elapsed().as_millis() as u64;
    std::fs::remove_dir_all(&scratch).unwrap();

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rng = XorShift(seed);
    let ids: Vec<i64> = store
        .list(&quire::store::ListQuery::default())
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    let mut killed = 0;
    let mut round = 0;
    while killed < 10 {
        round += 1;
        assert!(
            round <= 40,
            "seed {seed}: ten runs could be killed mid-way ({killed} were; a run takes {whole} ms)"
        );
        // The posts move on between runs: edits, and one more post trashed.
        let id = ids[(rng.next() % ids.len() as u64) as usize];
        if let Ok(mut post) = store.get(id) {
            post.sections[0].body = format!("Edited in round {round}.");
            store.update(post, at(2022, 1, 1)).unwrap();
        }
        let _ = store.delete(ids[round * 7], at(2022, 1, 1));
        let mut child = export_site_cli(&db, &out).spawn().unwrap();
        // Once the run has begun writing, at a random moment within it.
        while !out.join(export::folder::JOURNAL).exists() && child.try_wait().unwrap().is_none() {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        std::thread::sleep(std::time::Duration::from_millis(
            rng.next() % (whole / 3 + 1),
        ));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();
    }
    let last = export_site_cli(&db, &out).output().unwrap();
    assert!(
        last.status.success(),
        "seed {seed}: {}",
        String::from_utf8_lossy(&last.stderr)
    );

    let fresh = tmp.path().join("fresh");
    assert!(
        export_site_cli(&db, &fresh)
            .output()
            .unwrap()
            .status
            .success()
    );
    let mut healed = snapshot(&out);
    for (path, text) in owners {
        assert_eq!(
            healed.remove(Path::new(path)).as_deref(),
            Some(text.as_bytes()),
            "seed {seed}: the owner's {path} is intact"
        );
    }
    let fresh = snapshot(&fresh);
    let differ: Vec<_> = healed
        .keys()
        .chain(fresh.keys())
        .filter(|p| healed.get(*p) != fresh.get(*p))
        .collect();
    assert!(
        differ.is_empty(),
        "seed {seed}: after the kills and one clean run, the export equals a fresh one; differ: {differ:?}"
    );
    assert_eq!(
        leftovers(&out),
        Vec::<PathBuf>::new(),
        "seed {seed}: no temporary file or journal left"
    );
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        3 + usize::from(tmp.path().join("quire.db-wal").exists())
            + usize::from(tmp.path().join("quire.db-shm").exists()),
        "nothing beside the folder but the database"
    );
}

#[test]
fn an_export_reads_one_snapshot_while_a_writer_races_it() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("quire.db");
    let mut store = quire::Store::open(&db).unwrap();
    many_posts(&mut store, 300, 0);
    let ids: Vec<i64> = store
        .list(&quire::store::ListQuery::default())
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (db, ids, stop) = (db.clone(), ids.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut store = quire::Store::open(&db).unwrap();
            let mut n = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let id = ids[n * 31 % ids.len()];
                // Switched back to draft with text that must never be published…
                let mut post = store.get(id).unwrap();
                post.status = quire::Status::Draft;
                post.sections[0].body = "DRAFT SECRET".into();
                let post = store.update(post, at(2022, 1, 1)).unwrap();
                // …and published again, while another post is trashed and restored.
                let mut post = post;
                post.status = quire::Status::Published;
                post.sections[0].body = "Public again.".into();
                store.update(post, at(2022, 1, 1)).unwrap();
                let other = ids[n * 17 % ids.len()];
                if store.delete(other, at(2022, 1, 1)).is_ok() {
                    store.restore(other, at(2022, 1, 1)).unwrap();
                }
            }
        })
    };
    for run in 0..8 {
        let format = if run % 2 == 0 {
            Format::Html
        } else {
            Format::Markdown(Flavor::Hugo)
        };
        let out = tmp.path().join(format!("site-{run}"));
        let options = SiteOptions {
            format,
            include_drafts: false,
            now: at(2026, 1, 1),
        };
        export::site(&store, &out, &options, &mut |_, _| {}).unwrap_or_else(|e| {
            panic!("run {run}: a post changing mid-export never fails it: {e}")
        });
        for (path, bytes) in snapshot(&out) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains("DRAFT SECRET"),
                "run {run}: {} shows a draft's text",
                path.display()
            );
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
}
