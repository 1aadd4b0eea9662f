//! Edits flowing between two editors through one remote, the owner's files
//! untouched, and a real Hugo build of what was published.

use std::process::Command;

use super::{HUGO_TOML, SINGLE, Site, edit, post, publish_post};

#[test]
fn edits_flow_both_ways_and_the_owners_files_stay_as_they_are() {
    let site = Site::new();
    let a = site.editor("a");
    publish_post(&a, "Alpha", "alpha", "Alpha, as A wrote it.");
    let r = site.ok(&a, &["publish", "push", "--json"]);
    assert_eq!(r["added"][0]["path"], "content/posts/alpha.md");
    assert!(r["pushed"].as_bool().unwrap());
    let alpha = site.remote_file("content/posts/alpha.md").expect("pushed");
    assert!(alpha.contains("Alpha, as A wrote it."), "{alpha}");
    assert!(
        site.remote_log()[0].contains("1 added"),
        "one commit that says what it did: {:?}",
        site.remote_log()
    );

    // B picks it up, edits it, publishes.
    let b = site.editor("b");
    site.ok(&b, &["publish", "pull", "--json"]);
    assert_eq!(post(&b, "alpha").sections[0].body, "Alpha, as A wrote it.");
    edit(&b, "alpha", "Alpha, improved by B.");
    let r = site.ok(&b, &["publish", "push", "--json"]);
    assert_eq!(r["changed"][0]["title"], "Alpha");
    assert_eq!(r["added"].as_array().unwrap().len(), 0);

    // A takes B's edit in as a new revision.
    let before = post(&a, "alpha").revision;
    site.ok(&a, &["publish", "pull", "--json"]);
    let got = post(&a, "alpha");
    assert_eq!(got.sections[0].body, "Alpha, improved by B.");
    assert_eq!(got.revision, before + 1, "a new revision, history kept");

    // Publishing with nothing new makes no commit.
    let commits = site.remote_log().len();
    let r = site.ok(&a, &["publish", "push", "--json"]);
    assert!(r["commit"].is_null(), "{r}");
    assert_eq!(site.remote_log().len(), commits);

    // The owner's files and commits are as they were.
    assert_eq!(site.remote_file("hugo.toml").as_deref(), Some(HUGO_TOML));
    assert_eq!(
        site.remote_file("layouts/_default/single.html").as_deref(),
        Some(SINGLE)
    );
    assert!(site.remote_log().contains(&"The owner's site".to_string()));
    // No bookkeeping of Quire's is in the repository.
    let files = site.git(&a.clone, &["ls-files"]);
    assert!(!files.contains(".quire"), "{files}");
}

#[test]
fn the_owners_uncommitted_work_is_left_alone_and_reported() {
    let site = Site::new();
    let a = site.editor("a");
    std::fs::write(a.clone.join("hugo.toml"), "# the owner is editing\n").unwrap();
    std::fs::write(a.clone.join("content/draft-note.md"), "mine\n").unwrap();
    site.git(&a.clone, &["add", "content/draft-note.md"]);
    publish_post(&a, "Alpha", "alpha", "Text.");
    let r = site.ok(&a, &["publish", "push", "--json"]);
    let dirty: Vec<&str> = r["dirty"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(dirty, ["content/draft-note.md", "hugo.toml"]);
    let shown = site.git(&a.clone, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        shown.trim(),
        "content/posts/alpha.md",
        "only Quire's file committed"
    );
    assert_eq!(
        std::fs::read_to_string(a.clone.join("hugo.toml")).unwrap(),
        "# the owner is editing\n"
    );
    let staged = site.git(&a.clone, &["diff", "--cached", "--name-only"]);
    assert_eq!(
        staged.trim(),
        "content/draft-note.md",
        "the owner's staging stays"
    );
    assert_eq!(site.remote_file("hugo.toml").as_deref(), Some(HUGO_TOML));
}

#[test]
fn hugo_builds_the_published_posts() {
    let site = Site::new();
    let a = site.editor("a");
    publish_post(&a, "Alpha Post", "alpha", "The **alpha** text.");
    publish_post(&a, "Beta Post", "beta", "The beta text.");
    site.ok(&a, &["publish", "push"]);
    // What Netlify would build: a fresh clone of the remote.
    site.git(site.home(), &["clone", "--quiet", "remote.git", "built"]);
    let built = site.home().join("built");
    let out = Command::new("/usr/bin/hugo")
        .args(["--quiet", "--source"])
        .arg(&built)
        .args(["--destination", "public"])
        .output()
        .expect("hugo is installed (make test-deps)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(built.join("public/posts/alpha/index.html")).unwrap();
    assert!(page.contains("<h1>Alpha Post</h1>"), "{page}");
    assert!(page.contains("<strong>alpha</strong>"), "{page}");
    assert!(built.join("public/posts/beta/index.html").is_file());
}
