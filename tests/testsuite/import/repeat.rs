//! Importing is safe to repeat: a dry run writes nothing, a second import
//! creates nothing twice and updates only what changed, a post edited in
//! Quire since is a conflict left alone, a slug clash with a post the
//! source did not make is reported, one bad file never stops the rest, and
//! links between the imported posts become internal links.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use quire::import::{Options, Outcome, Report, import};
use quire::store::ListQuery;
use quire::{Post, Store};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 6, 7, 0, 0).unwrap()
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A small Hugo site: two posts linking to each other, a bundle with an
/// image, a broken front matter.
fn hugo_site(root: &Path) {
    write(
        root,
        "hugo.toml",
        "baseURL = 'https://old.example/'\ntitle = 'Old'\n",
    );
    write(
        root,
        "content/posts/first.md",
        "---\ntitle: First Post\ndate: 2024-02-03T10:00:00Z\ntags: [rust]\nweight: 4\n---\n\nIntro with a [link to the second]({{< ref \"second.md\" >}}).\n\n## Part one\n\nText.\n",
    );
    write(
        root,
        "content/posts/second.md",
        "+++\ntitle = 'Second'\ndate = 2024-03-01\n+++\n\nBack to [the first](/posts/first/) and [gone](/posts/gone/).\n",
    );
    write(
        root,
        "content/posts/bundle/index.md",
        "---\ntitle: Bundle\ndate: 2024-04-01\n---\n\n![A harbour](photo.jpg)\n",
    );
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/phone-photo.jpg"),
        root.join("content/posts/bundle/photo.jpg"),
    )
    .unwrap();
    write(
        root,
        "content/posts/broken.md",
        "---\ntitle: Broken\ntags: [unclosed\n---\n\nText.\n",
    );
}

fn run(store: &mut Store, root: &Path, dry_run: bool) -> Report {
    import(
        store,
        &[root.to_path_buf()],
        &Options {
            from: None,
            dry_run,
        },
        now(),
        &mut |_, _| {},
    )
    .unwrap()
}

fn outcome(report: &Report, origin_end: &str) -> Outcome {
    report
        .items
        .iter()
        .find(|i| i.origin.ends_with(origin_end))
        .unwrap_or_else(|| panic!("no item {origin_end}: {report:#?}"))
        .outcome
}

fn live(store: &Store) -> Vec<Post> {
    store
        .list(&ListQuery::default())
        .unwrap()
        .iter()
        .map(|r| store.get(r.id).unwrap())
        .collect()
}

fn setup() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    hugo_site(&root);
    let store = Store::open_at(dir.path().join("quire.db"), now()).unwrap();
    (dir, root, store)
}

#[test]
fn a_dry_run_reports_everything_and_writes_nothing() {
    let (_dir, root, mut store) = setup();
    let before = live(&store);
    let media_before = store.media().unwrap().len();
    let report = run(&mut store, &root, true);
    assert!(report.dry_run);
    assert_eq!(report.counts.new, 3, "{report:#?}");
    assert_eq!(report.counts.images, 1, "the bundle's image is counted");
    assert_eq!(live(&store), before, "no post written");
    assert_eq!(
        store.media().unwrap().len(),
        media_before,
        "no image stored"
    );
    let problem = &report.problems[0];
    assert!(
        problem.origin.ends_with("content/posts/broken.md"),
        "{problem:?}"
    );
    assert!(problem.line.is_some(), "the bad line is named: {problem:?}");
    assert!(report.refused_any());
    let second = report
        .items
        .iter()
        .find(|i| i.origin.ends_with("second.md"))
        .unwrap();
    assert_eq!(
        second.broken_links,
        ["/posts/gone/"],
        "a link to a missing post is reported"
    );
}

#[test]
fn importing_twice_creates_nothing_twice_and_updates_what_changed() {
    let (_dir, root, mut store) = setup();
    let first = run(&mut store, &root, false);
    assert_eq!(first.counts.new, 3, "{first:#?}");
    let posts_after_first = live(&store).len();

    let again = run(&mut store, &root, false);
    assert_eq!(again.counts.unchanged, 3, "{again:#?}");
    assert_eq!(again.counts.new, 0);
    assert_eq!(live(&store).len(), posts_after_first, "no duplicate");

    write(
        &root,
        "content/posts/second.md",
        "+++\ntitle = 'Second, revised'\ndate = 2024-03-01\n+++\n\nNew text.\n",
    );
    let changed = run(&mut store, &root, false);
    assert_eq!(outcome(&changed, "second.md"), Outcome::Updated);
    assert_eq!(outcome(&changed, "first.md"), Outcome::Unchanged);
    let second = store.get_by_slug("second").unwrap();
    assert_eq!(second.title, "Second, revised");
    assert_eq!(second.revision, 2, "an update is a new revision");
    assert_eq!(live(&store).len(), posts_after_first);
}

#[test]
fn a_post_edited_in_quire_since_the_import_is_a_conflict_and_kept() {
    let (_dir, root, mut store) = setup();
    run(&mut store, &root, false);
    let mut mine = store.get_by_slug("first").unwrap();
    mine.title = "Edited in Quire".into();
    store.update(mine, now() + Duration::minutes(5)).unwrap();
    write(
        &root,
        "content/posts/first.md",
        "---\ntitle: First Post, changed at the source\ndate: 2024-02-03T10:00:00Z\n---\n\nOther text.\n",
    );
    let report = run(&mut store, &root, false);
    assert_eq!(outcome(&report, "first.md"), Outcome::Conflict);
    let item = report
        .items
        .iter()
        .find(|i| i.origin.ends_with("first.md"))
        .unwrap();
    assert!(
        item.reason
            .as_deref()
            .unwrap_or("")
            .contains("edited in Quire"),
        "{item:?}"
    );
    assert_eq!(store.get_by_slug("first").unwrap().title, "Edited in Quire");
}

#[test]
fn a_slug_taken_by_a_post_the_source_did_not_make_is_a_conflict() {
    let (_dir, root, mut store) = setup();
    let mut mine = Post::new("Second");
    mine.slug = "second".into();
    let mine = store.create(mine, now()).unwrap();
    let report = run(&mut store, &root, false);
    assert_eq!(outcome(&report, "second.md"), Outcome::Conflict);
    assert_eq!(store.get_by_slug("second").unwrap(), mine, "untouched");
    assert_eq!(
        outcome(&report, "first.md"),
        Outcome::New,
        "the rest goes on"
    );
}

#[test]
fn imported_posts_keep_their_fields_links_images_and_dates() {
    let (_dir, root, mut store) = setup();
    run(&mut store, &root, false);
    let first = store.get_by_slug("first").unwrap();
    let second = store.get_by_slug("second").unwrap();
    let bundle = store.get_by_slug("bundle").unwrap();
    assert_eq!(first.tags, ["rust"]);
    assert_eq!(
        first.publish_at,
        Some(Utc.with_ymd_and_hms(2024, 2, 3, 10, 0, 0).unwrap())
    );
    assert_eq!(
        first.created_at, first.publish_at,
        "the original date is kept"
    );
    assert_eq!(
        first.sections[0].heading, "",
        "text before the first heading is a lead-in"
    );
    assert_eq!(first.sections[1].heading, "Part one");
    assert!(
        first.sections[0]
            .body
            .contains(&format!("(quire:post/{})", second.id.unwrap())),
        "a Hugo ref became an internal link: {}",
        first.sections[0].body
    );
    assert!(
        second.sections[0]
            .body
            .contains(&format!("(quire:post/{})", first.id.unwrap())),
        "a site-relative link became an internal link: {}",
        second.sections[0].body
    );
    assert_eq!(
        first.extra["hugo"]["weight"], 4,
        "unknown keys are kept for Hugo"
    );
    let body = &bundle.sections[0].body;
    let name = body
        .split("(media/")
        .nth(1)
        .and_then(|r| r.split(')').next())
        .unwrap_or_else(|| panic!("the bundle image is a stored image: {body}"));
    let media = store.media_by_name(name).unwrap();
    assert_eq!(media.alt, "A harbour", "its alt text comes along");
}
