//! The `quire` command line, run as a real process on a real database file:
//! each command, its exit codes and its `--json` output.

use std::io::Write;
use std::os::unix::fs::FileTypeExt;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

struct Quire {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Quire {
    /// A database of the test's own, created by a first command (which says
    /// so on stderr), so that the tests read each command's output alone.
    fn new() -> Self {
        let q = Quire::empty();
        let first = q.run(&["settings"]);
        assert!(first.status.success(), "a new database opens");
        q
    }

    /// A folder with no database in it yet (`db` names where it will be).
    fn empty() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("quire.db");
        Quire { _dir: dir, db }
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_quire"));
        cmd.env("QUIRE_DB", &self.db).env("TZ", "UTC");
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    fn run_stdin(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// Runs a command that must succeed and returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "quire {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json_stdin(&self, args: &[&str], stdin: &str) -> Value {
        let out = self.run_stdin(args, stdin);
        assert!(
            out.status.success(),
            "quire {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let text = self.ok(args);
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("quire {args:?} printed bad JSON ({e}): {text}"))
    }
}

/// Asserts a refusal: exit 1, stdout empty, one `error:` line on stderr.
fn assert_refused(out: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a refused request exits 1; stderr: {stderr}"
    );
    assert!(
        stderr.starts_with("error: "),
        "errors start with `error:`: {stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains(needle),
        "the message names the problem ({needle}): {stderr}"
    );
}

#[test]
fn a_new_database_holds_the_sample_post() {
    let q = Quire::new();
    let posts = q.json(&["list", "--json"]);
    assert_eq!(
        posts.as_array().unwrap().len(),
        1,
        "first run is never empty"
    );
    let sample = &posts[0];
    assert!(
        !sample["sections"].as_array().unwrap().is_empty(),
        "the sample shows sections"
    );
}

#[test]
fn new_then_show_round_trips_through_json() {
    let q = Quire::new();
    let created = q.json(&[
        "new",
        "--title",
        "Crème brûlée at Dawn",
        "--summary",
        "A lead.",
        "--category",
        "Food",
        "--tag",
        "dessert",
        "--tag",
        "french",
        "--json",
    ]);
    assert_eq!(
        created["slug"], "creme-brulee-at-dawn",
        "slug derived and transliterated"
    );
    assert_eq!(created["status"], "draft");
    assert_eq!(created["revision"], 1);
    let shown = q.json(&["show", "creme-brulee-at-dawn", "--json"]);
    assert_eq!(shown, created, "show --json gives back what new created");
    let by_id = q.json(&["show", &created["id"].to_string(), "--json"]);
    assert_eq!(by_id, created, "a post is found by id as well as by slug");
    let plain = q.ok(&["show", "creme-brulee-at-dawn"]);
    assert!(
        plain.contains("Crème brûlée at Dawn") && plain.contains("dessert, french"),
        "{plain}"
    );
}

#[test]
fn put_creates_updates_and_refuses_a_stale_revision() {
    let q = Quire::new();
    let post = r#"{"title":"Put me","slug":"put-me","tags":["a"],
        "sections":[{"heading":"One","body":"First **body**"},{"heading":"Two","body":"Second"}],
        "takeaways":["Keep it"]}"#;
    let created: Value =
        serde_json::from_slice(&q.run_stdin(&["put", "-", "--json"], post).stdout).unwrap();
    assert_eq!(created["revision"], 1);

    let mut edit = created.clone();
    edit["title"] = "Put me again".into();
    let updated: Value = serde_json::from_slice(
        &q.run_stdin(&["put", "-", "--json"], &edit.to_string())
            .stdout,
    )
    .unwrap();
    assert_eq!(updated["revision"], 2, "an update writes the next revision");
    assert_eq!(updated["title"], "Put me again");

    // The same stale edit again: refused, nothing written.
    edit["title"] = "Lost update".into();
    assert_refused(&q.run_stdin(&["put", "-"], &edit.to_string()), "revision");
    assert_eq!(
        q.json(&["show", "put-me", "--json"])["title"],
        "Put me again"
    );

    // Identity by slug when there is no id.
    let mut by_slug = updated.clone();
    by_slug.as_object_mut().unwrap().remove("id");
    by_slug["summary"] = "Found by slug".into();
    let out = q.run_stdin(&["put", "-", "--json"], &by_slug.to_string());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        q.json(&["show", "put-me", "--json"])["summary"],
        "Found by slug"
    );
}

#[test]
fn put_reads_a_file() {
    let q = Quire::new();
    let file = q._dir.path().join("post.json");
    std::fs::write(&file, r#"{"title":"From a file"}"#).unwrap();
    let out = q.ok(&["put", file.to_str().unwrap()]);
    assert!(out.contains("from-a-file"), "{out}");
    assert_refused(
        &q.run(&["put", "/nonexistent/post.json"]),
        "/nonexistent/post.json",
    );
}

#[test]
fn bad_input_is_refused_with_one_error_line_and_stores_nothing() {
    let q = Quire::new();
    let before = q.json(&["list", "--json"]);
    for (json, needle) in [
        (r#"{"title":""}"#, "title"),
        (r#"{"title":"x","status":"live"}"#, "live"),
        (r#"{"title":"x","status":"scheduled"}"#, "publish_at"),
        (r#"{"title":"x","slug":"Bad Slug"}"#, "slug"),
        (r#"{"title": "#, "JSON"),
    ] {
        assert_refused(&q.run_stdin(&["put", "-"], json), needle);
    }
    let big = format!(
        r#"{{"title":"big","sections":[{{"heading":"","body":"{}"}}]}}"#,
        "w ".repeat(1_100_000)
    );
    assert_refused(&q.run_stdin(&["put", "-"], &big), "limit");
    assert_eq!(
        q.json(&["list", "--json"]),
        before,
        "refused input stores nothing"
    );
}

#[test]
fn usage_mistakes_exit_2() {
    let q = Quire::new();
    for args in [
        &["frobnicate"][..],
        &["new"],
        &["list", "--status"],
        &["export", "1", "--format", "pdf"],
    ] {
        let out = q.run(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "quire {args:?} is a usage mistake"
        );
    }
    let out = q.run(&["list", "--status", "live"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a value outside the choices is a usage mistake"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("draft, scheduled or published"));
}

#[test]
fn list_filters_and_prints_aligned_columns() {
    let q = Quire::new();
    q.ok(&[
        "new",
        "--title",
        "Alpha post",
        "--tag",
        "x",
        "--category",
        "News",
    ]);
    q.ok(&["new", "--title", "Beta post", "--tag", "y"]);
    let p = q.json(&["show", "beta-post", "--json"]);
    let mut p2 = p.clone();
    p2["status"] = "published".into();
    p2["sections"] = serde_json::json!([{"heading":"H","body":"the word zanzibar is here"}]);
    assert!(q.run_stdin(&["put", "-"], &p2.to_string()).status.success());

    let slugs = |v: Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|p| p["slug"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        slugs(q.json(&["list", "--tag", "x", "--json"])),
        ["alpha-post"]
    );
    assert_eq!(
        slugs(q.json(&["list", "--category", "News", "--json"])),
        ["alpha-post"]
    );
    let published = slugs(q.json(&["list", "--status", "published", "--json"]));
    assert!(
        published.contains(&"beta-post".to_string())
            && !published.contains(&"alpha-post".to_string()),
        "{published:?}"
    );
    assert_eq!(
        slugs(q.json(&["list", "--search", "zanzibar", "--json"])),
        ["beta-post"]
    );
    assert_eq!(
        q.json(&["list", "--limit", "1", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let plain = q.ok(&["list"]);
    let lines: Vec<&str> = plain.lines().collect();
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("STATUS") && lines[0].contains("TITLE"),
        "{plain}"
    );
    let col = lines[0].find("SLUG").unwrap();
    for line in &lines[1..] {
        assert!(
            line[col..].starts_with(|c: char| c.is_ascii_lowercase()),
            "columns align: {plain}"
        );
    }
}

#[test]
fn delete_restore_trash_and_purge() {
    let q = Quire::new();
    q.ok(&["new", "--title", "Doomed"]);
    q.ok(&["delete", "doomed"]);
    assert_refused(&q.run(&["show", "doomed"]), "trash");
    let trash = q.json(&["trash", "--json"]);
    assert_eq!(trash[0]["slug"], "doomed", "the trash lists it: {trash}");
    assert!(
        trash[0]["deleted_at"].is_string(),
        "and says when it was deleted"
    );
    assert!(q.ok(&["trash"]).contains("Doomed"));
    q.ok(&["restore", "doomed"]);
    assert_eq!(q.json(&["show", "doomed", "--json"])["title"], "Doomed");
    assert_refused(&q.run(&["purge", "doomed"]), "trash");
    q.ok(&["delete", "doomed"]);
    q.ok(&["purge", "doomed"]);
    assert_eq!(q.json(&["trash", "--json"]), Value::Array(vec![]));
    assert_refused(&q.run(&["restore", "doomed"]), "doomed");
}

#[test]
fn history_and_revert() {
    let q = Quire::new();
    let mut post = q.json(&["new", "--title", "Version one", "--json"]);
    for title in ["Version two", "Version three"] {
        post["title"] = title.into();
        post = serde_json::from_slice(
            &q.run_stdin(&["put", "-", "--json"], &post.to_string())
                .stdout,
        )
        .unwrap();
    }
    let history = q.json(&["history", "version-one", "--json"]);
    let titles: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Version three", "Version two", "Version one"],
        "newest first"
    );
    assert!(q.ok(&["history", "version-one"]).starts_with("REV"));
    q.ok(&["revert", "version-one", "1"]);
    let now = q.json(&["show", "version-one", "--json"]);
    assert_eq!(now["title"], "Version one", "revert restores the content");
    assert_eq!(now["revision"], 4, "revert is itself a new revision");
    assert_refused(&q.run(&["revert", "version-one", "99"]), "99");
}

#[test]
fn settings_get_set_and_refuse() {
    let q = Quire::new();
    let all = q.ok(&["settings"]);
    for key in [
        "site_name",
        "base_url",
        "default_author",
        "date_format",
        "language",
        "raw_html",
    ] {
        assert!(all.contains(key), "settings lists {key}: {all}");
    }
    q.ok(&["settings", "site_name", "We Print on Stuff"]);
    assert_eq!(q.ok(&["settings", "site_name"]).trim(), "We Print on Stuff");
    assert_eq!(
        q.json(&["settings", "--json"])["site_name"],
        "We Print on Stuff"
    );
    assert_refused(&q.run(&["settings", "base_url", "not a url"]), "base_url");
    assert_refused(&q.run(&["settings", "colour", "red"]), "colour");
}

#[test]
fn a_file_that_is_not_a_database_is_an_error_not_a_panic() {
    let q = Quire::new();
    std::fs::write(
        &q.db,
        b"this is not sqlite, just some bytes that go on for a while........",
    )
    .unwrap();
    assert_refused(&q.run(&["list"]), "not a Quire database");
}

#[test]
fn preview_and_export_print_the_rendered_post() {
    let q = Quire::new();
    let post = r#"{"title":"Exported <b>title</b>","slug":"exported","status":"published",
        "publish_at":"2023-10-06T09:00:00Z","tags":["t"],
        "sections":[{"heading":"Section A","body":"Hello <script>alert(1)</script> world"}]}"#;
    assert!(q.run_stdin(&["put", "-"], post).status.success());
    let preview = q.ok(&["preview", "exported"]);
    assert!(
        preview.contains("Section A"),
        "the preview renders sections"
    );
    assert!(
        !preview.contains("<script>alert"),
        "the preview is sanitised"
    );

    let html = q.ok(&["export", "exported", "--format", "html"]);
    assert!(
        html.contains("<h1") && html.contains("Section A"),
        "standalone HTML on stdout"
    );
    let md = q.ok(&["export", "exported", "--format", "md", "--flavor", "jekyll"]);
    assert!(
        md.starts_with("---\n") && md.contains("## Section A"),
        "{md}"
    );

    let dir = q._dir.path().join("out");
    std::fs::create_dir(&dir).unwrap();
    q.ok(&[
        "export",
        "exported",
        "--format",
        "md",
        "--flavor",
        "jekyll",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert!(
        dir.join("2023-10-06-exported.md").is_file(),
        "a folder gets the generator's file name"
    );
    assert_refused(
        &q.run(&["export", "exported", "--format", "html", "--flavor", "hugo"]),
        "flavor",
    );
}

#[test]
fn export_site_writes_a_folder_quietly_when_piped() {
    let q = Quire::new();
    let out_dir = q._dir.path().join("site");
    let out = q.run(&["export-site", "--out", out_dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.lines().all(|l| l.starts_with("note: ")),
        "no progress bar when stderr is not a terminal, notes only: {stderr}"
    );
    assert!(
        stderr.contains("note: No feeds or sitemap were written"),
        "without a base URL the export says why there are no feeds: {stderr}"
    );
    assert!(out_dir.join("index.html").is_file());
}

#[test]
fn export_site_takes_its_format_flavor_and_drafts_options() {
    let q = Quire::new();
    q.ok(&["new", "--title", "Unfinished Thoughts"]); // a draft
    let put = q.run_stdin(
        &["put", "-"],
        r#"{"title": "Out Now", "status": "published", "sections": [{"heading": "H", "body": "Text."}]}"#,
    );
    assert!(
        put.status.success(),
        "{}",
        String::from_utf8_lossy(&put.stderr)
    );
    let out_dir = q._dir.path().join("content");
    let out = out_dir.to_str().unwrap();
    let markdown_site = |flavor| {
        [
            "export-site",
            "--out",
            out,
            "--format",
            "md",
            "--flavor",
            flavor,
        ]
    };
    q.ok(&markdown_site("hugo"));
    let posts = out_dir.join("content/posts");
    assert!(
        posts.join("out-now.md").is_file(),
        "Hugo's layout: content/posts/{{slug}}.md"
    );
    assert!(
        !posts.join("unfinished-thoughts.md").exists(),
        "a draft is left out by default"
    );
    q.ok(&[&markdown_site("jekyll")[..], &["--include-drafts"]].concat());
    let names: Vec<String> = std::fs::read_dir(out_dir.join("_posts"))
        .expect("Jekyll's layout: _posts")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.ends_with("-unfinished-thoughts.md")),
        "the draft is exported when asked: {names:?}"
    );
    assert!(
        !out_dir.join("content").exists(),
        "the new export replaced the Hugo one"
    );
    let unknown = q.run(&markdown_site("gatsby"));
    assert_eq!(
        unknown.status.code(),
        Some(2),
        "an unknown flavor is a usage mistake"
    );
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("hugo, jekyll, zola, astro"),
        "and the error names the flavors"
    );
    assert!(
        out_dir.join("_posts").is_dir(),
        "the last export is left as it was"
    );
}

#[test]
fn db_flag_chooses_the_database_over_quire_db() {
    let q = Quire::new();
    let other = q._dir.path().join("other.db");
    let other = other.to_str().unwrap();
    q.ok(&["--db", other, "new", "--title", "Only In The Other File"]);
    let listed = q.ok(&["--db", other, "list", "--json"]);
    assert!(listed.contains("only-in-the-other-file"), "{listed}");
    let default = q.ok(&["list", "--json"]);
    assert!(
        !default.contains("only-in-the-other-file"),
        "QUIRE_DB's file is untouched: {default}"
    );
}

#[test]
fn a_path_that_names_no_database_yet_says_one_was_created() {
    let q = Quire::empty();
    let out = q.run(&["list"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim_end(),
        format!("quire: created a new database at {}", q.db.display()),
        "a mistyped --db must not pass for an empty blog"
    );
    let again = q.run(&["list"]);
    assert!(again.stderr.is_empty(), "said once, when the file is made");
}

#[test]
fn db_paths_that_cannot_work_say_why() {
    let q = Quire::empty();
    let folder = q._dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let out = q
        .command()
        .env("QUIRE_DB", &folder)
        .arg("list")
        .output()
        .unwrap();
    assert_refused(&out, "is a folder, not a database file");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("a-folder/quire.db"),
        "and says what to give instead"
    );
}

#[test]
fn a_partial_update_is_refused_naming_what_it_omits() {
    let q = Quire::new();
    let created = q.json(&["new", "--title", "Whole", "--tag", "kept", "--json"]);
    let id = created["id"].as_i64().unwrap();
    let mut full = created.clone();
    full["sections"] = serde_json::json!([{"heading": "H", "body": "Body text."}]);
    full["takeaways"] = serde_json::json!(["One."]);
    let stored = q.run_stdin(&["put", "-", "--json"], &full.to_string());
    assert!(stored.status.success());
    let before = q.json(&["show", &id.to_string(), "--json"]);
    let partial = format!(
        r#"{{"id":{id},"revision":{},"title":"P","status":"draft"}}"#,
        before["revision"]
    );
    let out = q.run_stdin(&["put", "-"], &partial);
    assert_refused(
        &out,
        "the update omits slug, summary, author, category, tags, publish_at, sections, takeaways, related",
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("quire show {id} --json")));
    assert_eq!(
        q.json(&["show", &id.to_string(), "--json"]),
        before,
        "nothing was written"
    );
}

#[test]
fn put_takes_input_that_starts_with_a_byte_order_mark() {
    let q = Quire::new();
    let out = q.run_stdin(
        &["put", "-", "--json"],
        "\u{feff}{\"title\": \"From Notepad\"}",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(saved["title"], "From Notepad");
}

#[test]
fn control_characters_are_refused_with_the_field_named() {
    let q = Quire::new();
    let json = serde_json::json!({
        "title": "Bell",
        "sections": [{"heading": "One", "body": "fine"}, {"heading": "Two", "body": "line\nring \u{7} here"}],
    });
    let out = q.run_stdin(&["put", "-"], &json.to_string());
    assert_refused(
        &out,
        "the body of section 2 holds the control character U+0007 (line 2, column 6)",
    );
    let listed = q.json(&["list", "--json"]);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["title"] != "Bell"),
        "nothing was stored"
    );
    let crlf = serde_json::json!({"title": "Windows", "summary": "a\r\nb", "sections": [{"heading": "", "body": "x\r\ny\rz"}]});
    let saved = q.json_stdin(&["put", "-", "--json"], &crlf.to_string());
    assert_eq!(
        saved["summary"], "a\nb",
        "CR LF is a line end, not a control character"
    );
    assert_eq!(saved["sections"][0]["body"], "x\ny\nz");
}

#[test]
fn reads_and_exports_go_on_while_another_process_writes() {
    let q = Quire::new();
    q.ok(&["new", "--title", "Readable"]);
    let db = q.db.clone();
    // Another writer holds the write lock for 6 s (longer than the 5 s busy timeout).
    let (locked, release) = std::sync::mpsc::channel();
    let writer = std::thread::spawn(move || {
        let mut conn = rusqlite::Connection::open(&db).unwrap();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        tx.execute(
            "UPDATE posts SET summary = 'being written' WHERE id = 1",
            [],
        )
        .unwrap();
        locked.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_secs(6));
        tx.commit().unwrap();
    });
    release.recv().unwrap();
    let started = std::time::Instant::now();
    let out_dir = q._dir.path().join("site");
    for args in [
        vec!["list"],
        vec!["show", "readable"],
        vec!["list", "--search", "readable"],
        vec![
            "export-site",
            "--out",
            out_dir.to_str().unwrap(),
            "--include-drafts",
        ],
    ] {
        let out = q.run(&args);
        assert!(
            out.status.success(),
            "quire {args:?} while another process writes: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "no read waited for the writer ({:?})",
        started.elapsed()
    );
    writer.join().unwrap();
}

/// Runs `script` with `sh` as root in a mount namespace of its own
/// (`unshare -rm`), so a test can mount a tiny or read-only file system
/// without touching the machine's; `QUIRE` names the binary, `DIR` the
/// test's folder. `None` where user namespaces are not allowed (said on
/// stderr): such a machine cannot run this check.
fn in_mount_namespace(q: &Quire, script: &str) -> Option<Output> {
    let usable = Command::new("unshare")
        .args(["-rm", "true"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !usable {
        eprintln!("skipped: `unshare -rm` is not allowed on this machine");
        return None;
    }
    let out = Command::new("unshare")
        .args(["-rm", "sh", "-c", script])
        .env("QUIRE", env!("CARGO_BIN_EXE_quire"))
        .env("DIR", q._dir.path())
        .env("TZ", "UTC")
        .env_remove("QUIRE_DB")
        .output()
        .unwrap();
    Some(out)
}

#[test]
fn a_read_only_folder_and_a_full_disk_are_named_as_such() {
    let q = Quire::new(); // a database, closed cleanly: no log beside it
    assert!(!q._dir.path().join("quire.db-wal").exists());
    let Some(out) = in_mount_namespace(
        &q,
        r#"mount --bind -o ro "$DIR" "$DIR" && "$QUIRE" --db "$DIR/quire.db" list"#,
    ) else {
        return;
    };
    assert_refused(
        &out,
        "is read-only, so Quire cannot create the database or its -wal log there",
    );

    let Some(out) = in_mount_namespace(
        &q,
        r#"mkdir "$DIR/new" && mount --bind -o ro "$DIR/new" "$DIR/new" && "$QUIRE" --db "$DIR/new/quire.db" list"#,
    ) else {
        return;
    };
    assert_refused(&out, "is read-only");

    let Some(out) = in_mount_namespace(
        &q,
        r#"mkdir "$DIR/small" && mount -t tmpfs -o size=2m tmpfs "$DIR/small" \
           && cp "$DIR/quire.db" "$DIR/small/" \
           && { dd if=/dev/zero of="$DIR/small/filler" bs=4k 2>/dev/null; true; } \
           && "$QUIRE" --db "$DIR/small/quire.db" list"#,
    ) else {
        return;
    };
    assert_refused(&out, "the disk that holds it is full");
}

#[test]
fn export_paths_are_taken_as_the_user_means_them() {
    let q = Quire::new();
    q.ok(&["new", "--title", "Paths"]);
    let dir = q._dir.path();

    // --out that is a symbolic link to a folder writes through the link.
    let real = dir.join("real-site");
    std::fs::create_dir(&real).unwrap();
    let link = dir.join("site-link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    for _ in 0..2 {
        q.ok(&[
            "export-site",
            "--out",
            link.to_str().unwrap(),
            "--include-drafts",
        ]);
    }
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
    assert!(
        real.join("posts/paths/index.html").is_file(),
        "the files went through it"
    );

    // -o to a symbolic link to a file: the file is replaced, the link stays.
    let target = dir.join("target.html");
    std::fs::write(&target, "old").unwrap();
    let file_link = dir.join("post-link.html");
    std::os::unix::fs::symlink("target.html", &file_link).unwrap();
    q.ok(&[
        "export",
        "paths",
        "--format",
        "html",
        "-o",
        file_link.to_str().unwrap(),
    ]);
    assert!(
        std::fs::symlink_metadata(&file_link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("<h1 class=\"title\">Paths</h1>")
    );

    // -o to a device writes to it, as tee does, instead of replacing it.
    q.ok(&["export", "paths", "--format", "md", "-o", "/dev/null"]);
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );

    // -o to a FIFO: a reader on the other end gets the page.
    let fifo = dir.join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    q.ok(&[
        "export",
        "paths",
        "--format",
        "md",
        "-o",
        fifo.to_str().unwrap(),
    ]);
    assert!(reader.join().unwrap().contains("title: \"Paths\""));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );

    // A failure names the path given, not a temporary file.
    let missing = dir.join("no-such-folder").join("post.html");
    let out = q.run(&[
        "export",
        "paths",
        "--format",
        "html",
        "-o",
        missing.to_str().unwrap(),
    ]);
    assert_refused(&out, missing.to_str().unwrap());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("quire-tmp"));
}

#[test]
fn a_site_exports_into_a_mount_point() {
    let q = Quire::new();
    q.ok(&["new", "--title", "Mounted"]);
    let Some(out) = in_mount_namespace(
        &q,
        r#"mkdir "$DIR/mnt" && mount -t tmpfs tmpfs "$DIR/mnt" \
           && "$QUIRE" --db "$DIR/quire.db" export-site --out "$DIR/mnt" --include-drafts \
           && "$QUIRE" --db "$DIR/quire.db" export-site --out "$DIR/mnt" --include-drafts \
           && test -f "$DIR/mnt/posts/mounted/index.html""#,
    ) else {
        return;
    };
    assert!(
        out.status.success(),
        "exporting twice into a mount point works: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_post_with_damaged_text_is_named_and_the_rest_still_works() {
    let q = Quire::new();
    let good = q.json(&["new", "--title", "Good", "--json"]);
    let bad = q.json(&["new", "--title", "Broken", "--json"]);
    for id in [&good["id"], &bad["id"]] {
        q.ok(&["export", &id.to_string(), "--format", "md"]); // both fine so far
    }
    let mut post = bad.clone();
    post["status"] = "published".into();
    post["sections"] = serde_json::json!([{"heading": "One", "body": "ok"}, {"heading": "Two", "body": "to damage"}]);
    q.json_stdin(&["put", "-", "--json"], &post.to_string());
    {
        // Another program writes bytes that are not UTF-8 into the second body.
        let conn = rusqlite::Connection::open(&q.db).unwrap();
        conn.execute(
            "UPDATE sections SET body = CAST(x'48e9ff49' AS TEXT) WHERE post_id = ?1 AND position = 1",
            [bad["id"].as_i64().unwrap()],
        )
        .unwrap();
        conn.execute(
            "UPDATE posts SET title = CAST(x'42726f6b656eff' AS TEXT) WHERE id = ?1",
            [bad["id"].as_i64().unwrap()],
        )
        .unwrap();
    }
    let id = bad["id"].to_string();
    assert_refused(
        &q.run(&["show", &id]),
        &format!("post {id} (`broken`) holds bytes that are not UTF-8 text in its title"),
    );
    let out_dir = q._dir.path().join("site");
    let export = q.run(&["export-site", "--out", out_dir.to_str().unwrap()]);
    assert_refused(&export, &format!("post {id} (`broken`)"));
    assert!(String::from_utf8_lossy(&export.stderr).contains("fix it, then export again"));
    // Every other command still works.
    let listed = q.ok(&["list"]);
    assert!(
        listed.contains("Good") && listed.contains("Broken\u{fffd}"),
        "{listed}"
    );
    q.ok(&["show", &good["id"].to_string()]);
    q.ok(&["list", "--search", "good"]);
    q.ok(&["history", &id]);
    q.ok(&["revert", &id, "2"]);
    let repaired = q.ok(&["show", &id]);
    assert!(
        repaired.contains("to damage") && repaired.contains("Broken"),
        "an earlier revision repairs it"
    );
}

#[test]
fn media_add_list_and_show() {
    let q = Quire::new();
    let photo = crate::render::fixture_path("images").join("phone-photo.jpg");
    let photo = photo.to_str().unwrap();
    let out = q.run(&["media", "add", photo, "--alt", "A harbour at dawn"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "media/phone-photo.jpg\n",
        "prints the reference to write in a post"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("GPS"),
        "the editor hears that the photo says where it was taken"
    );
    let again = q.json(&["media", "add", photo, "--json"]);
    assert_eq!(again["name"], "phone-photo.jpg", "stored once");
    assert_eq!(again["alt"], "A harbour at dawn");
    assert_eq!(
        (again["width"].as_u64(), again["height"].as_u64()),
        (Some(1200), Some(2000))
    );
    let listed = q.json(&["media", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0], again);
    let plain = q.ok(&["media", "list"]);
    assert!(
        plain.contains("media/phone-photo.jpg") && plain.contains("GPS"),
        "{plain}"
    );

    // The post that shows it round-trips through JSON with its cover.
    let post = q.json_stdin(
        &["put", "-", "--json"],
        r#"{"title": "Harbour", "cover": {"src": "media/phone-photo.jpg", "alt": "Dawn", "caption": ""},
            "sections": [{"heading": "", "body": "![Closer](media/phone-photo.jpg)"}]}"#,
    );
    assert_eq!(post["cover"]["src"], "media/phone-photo.jpg");
    let shown = q.json(&["show", "harbour", "--json"]);
    assert_eq!(shown, post);
    let put_back = q.json_stdin(&["put", "-", "--json"], &shown.to_string());
    assert_eq!(
        put_back["cover"], shown["cover"],
        "show --json is valid input to put"
    );

    let dir = q.db.parent().unwrap();
    let clean = dir.join("clean.jpg");
    q.ok(&[
        "media",
        "show",
        "media/phone-photo.jpg",
        "-o",
        clean.to_str().unwrap(),
    ]);
    assert_eq!(
        image::image_dimensions(&clean).unwrap(),
        (1200, 2000),
        "upright"
    );
    let original = dir.join("original.jpg");
    q.ok(&[
        "media",
        "show",
        "phone-photo.jpg",
        "--original",
        "-o",
        original.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&original).unwrap(),
        std::fs::read(photo).unwrap()
    );

    let text = dir.join("notes.txt");
    std::fs::write(&text, "not a picture").unwrap();
    assert_refused(
        &q.run(&["media", "add", text.to_str().unwrap()]),
        "not an image",
    );
    let svg = dir.join("logo.svg");
    std::fs::write(
        &svg,
        "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    )
    .unwrap();
    assert_refused(&q.run(&["media", "add", svg.to_str().unwrap()]), "SVG");
    assert_refused(
        &q.run(&["media", "show", "media/nope.jpg", "-o", "-"]),
        "no image media/nope.jpg",
    );
    assert_eq!(
        q.json(&["media", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// `quire import`: a dry run that writes nothing and exits 1 naming the
/// malformed file by line; an import; a second import that changes nothing.
#[test]
fn import_reports_dry_runs_and_repeats_safely() {
    let q = Quire::new();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/jekyll");
    let site = q._dir.path().join("jekyll");
    copy_dir(std::path::Path::new(fixture), &site);
    let site = site.to_str().unwrap();
    let before = q.run(&["list", "--json"]);

    let dry = q.run(&["import", site, "--dry-run", "--json"]);
    let report: Value = serde_json::from_slice(&dry.stdout).expect("the report is JSON");
    assert_eq!(report["dry_run"], true);
    let new = report["counts"]["new"].as_u64().unwrap();
    assert!(new >= 3, "{report}");
    assert_eq!(
        q.run(&["list", "--json"]).stdout,
        before.stdout,
        "a dry run writes nothing"
    );

    let first = q.run(&["import", site]);
    let text = String::from_utf8_lossy(&first.stdout);
    assert!(
        text.contains(&format!("{new} new")),
        "the summary counts what the dry run said: {text}"
    );
    assert_eq!(
        first.status.code(),
        dry.status.code(),
        "the same exit either way"
    );
    let listed: Value = serde_json::from_slice(&q.run(&["list", "--json"]).stdout).unwrap();
    assert_eq!(
        listed.as_array().unwrap().len() as u64,
        new + 1,
        "plus the sample post"
    );

    let again = q.run(&["import", site, "--json"]);
    let report: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["counts"]["new"], 0, "nothing created twice");
    assert_eq!(report["counts"]["unchanged"].as_u64().unwrap(), new);
}

#[test]
fn import_exits_1_naming_a_malformed_file_and_line_and_imports_the_rest() {
    let q = Quire::new();
    let dir = q._dir.path().join("site");
    std::fs::create_dir_all(dir.join("content/posts")).unwrap();
    std::fs::write(dir.join("hugo.toml"), "baseURL = 'https://x.example/'\n").unwrap();
    std::fs::write(
        dir.join("content/posts/good.md"),
        "---\ntitle: Good\n---\n\nText.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("content/posts/bad.md"),
        "---\ntitle: Bad\ntags: [a,\n  b: c\n---\n\nText.\n",
    )
    .unwrap();
    let out = q.run(&["import", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "something was refused");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("content/posts/bad.md:"),
        "the file is named with its line: {stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        q.run(&["show", "good"]).status.success(),
        "the rest is imported"
    );
    let bad_from = q.run(&["import", dir.to_str().unwrap(), "--from", "blogger"]);
    assert_eq!(
        bad_from.status.code(),
        Some(2),
        "an unknown source kind is a usage error"
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `quire check`: each warning on its line with where it is, exit 1 while
/// any warning stands, JSON findings, exit 0 once the post is fine.
#[test]
fn check_lists_what_to_look_at_and_exits_1_on_warnings() {
    let q = Quire::new();
    let long = "word ".repeat(150);
    let post = serde_json::json!({
        "title": "A post",
        "summary": long.trim(),
        "sections": [
            {"heading": "Empty", "body": ""},
            {"heading": "Pictures", "body": "![](https://cdn.example.com/a.png)"}
        ]
    });
    let out = q.run_stdin(&["put", "-"], &post.to_string());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = q.run(&["check", "a-post"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("summary") && text.contains("749 characters"),
        "{text}"
    );
    assert!(
        text.contains("section 1"),
        "the empty section is named: {text}"
    );
    assert!(
        text.contains("cdn.example.com"),
        "the third-party host is listed: {text}"
    );
    let json = q.run(&["check", "a-post", "--json"]);
    let findings: Value = serde_json::from_slice(&json.stdout).unwrap();
    let rules: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for rule in ["summary_length", "empty_section", "image_alt", "external"] {
        assert!(rules.contains(&rule), "{rule} in {rules:?}");
    }

    let fine = serde_json::json!({
        "title": "A fine post",
        "summary": "x".repeat(140),
        "sections": [{"heading": "One", "body": "Text."}]
    });
    assert!(
        q.run_stdin(&["put", "-"], &fine.to_string())
            .status
            .success()
    );
    let out = q.run(&["check", "a-fine-post"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
