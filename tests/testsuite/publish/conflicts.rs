//! Two editors at once: different posts merge, a refused push is pulled and
//! redone, the same post edited on both sides keeps both versions, and a
//! file edited by hand is never written over.

use super::{Site, edit, post, publish_post};

#[test]
fn a_refused_push_is_pulled_redone_and_pushed_keeping_both_editors_posts() {
    let site = Site::new();
    let a = site.editor("a");
    publish_post(&a, "One", "one", "One, first.");
    publish_post(&a, "Two", "two", "Two, first.");
    site.ok(&a, &["publish", "push"]);
    let b = site.editor("b");
    site.ok(&b, &["publish", "pull"]);

    edit(&a, "one", "One, edited by A.");
    edit(&b, "two", "Two, edited by B.");
    publish_post(&b, "Three", "three", "Three, new from B.");
    site.ok(&a, &["publish", "push"]);
    // B's push is refused (A's commit is on the remote): pulled, redone.
    let r = site.ok(&b, &["publish", "push", "--json"]);
    assert_eq!(r["retries"], 1, "{r}");
    assert!(r["pushed"].as_bool().unwrap());
    assert!(r["conflicts"].as_array().unwrap().is_empty(), "{r}");
    assert!(
        site.remote_file("content/posts/one.md")
            .unwrap()
            .contains("One, edited by A.")
    );
    assert!(
        site.remote_file("content/posts/two.md")
            .unwrap()
            .contains("Two, edited by B.")
    );
    assert!(site.remote_file("content/posts/three.md").is_some());
    // B took A's edit in.
    assert_eq!(post(&b, "one").sections[0].body, "One, edited by A.");
    // And A takes B's.
    site.ok(&a, &["publish", "pull"]);
    assert_eq!(post(&a, "two").sections[0].body, "Two, edited by B.");
    assert_eq!(post(&a, "three").sections[0].body, "Three, new from B.");
}

#[test]
fn the_same_post_edited_on_both_sides_keeps_both_versions() {
    let site = Site::new();
    let a = site.editor("a");
    publish_post(&a, "Shared", "shared", "The first text.");
    site.ok(&a, &["publish", "push"]);
    let b = site.editor("b");
    site.ok(&b, &["publish", "pull"]);

    edit(&a, "shared", "A's version.");
    edit(&b, "shared", "B's version.");
    site.ok(&a, &["publish", "push"]);
    let r = site.ok(&b, &["publish", "push", "--json"]);
    let conflicts = r["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{r}");
    let c = &conflicts[0];
    assert_eq!(c["path"], "content/posts/shared.md");
    assert_eq!(c["kind"], "edited");

    // Both versions are in B's history: the repository's is current, B's
    // own the revision before it.
    let store = quire::Store::open(&b.db).unwrap();
    let now = store.get_by_slug("shared").unwrap();
    assert_eq!(now.sections[0].body, "A's version.");
    assert_eq!(now.revision, c["theirs"].as_i64().unwrap());
    let mine = store
        .revision(now.id.unwrap(), c["mine"].as_i64().unwrap())
        .unwrap();
    assert_eq!(mine.sections[0].body, "B's version.");
    // A's version stays published; the status lists the conflict.
    assert!(
        site.remote_file("content/posts/shared.md")
            .unwrap()
            .contains("A's version.")
    );
    let status = site.ok(&b, &["publish", "status", "--json"]);
    assert_eq!(status["conflicts"][0]["post_id"], c["post_id"]);
    // The editor resolves it by saving the post: the conflict closes and
    // the next publish sends it.
    drop(store);
    edit(&b, "shared", "A's and B's versions, merged.");
    let r = site.ok(&b, &["publish", "push", "--json"]);
    assert!(r["conflicts"].as_array().unwrap().is_empty(), "{r}");
    assert!(
        site.remote_file("content/posts/shared.md")
            .unwrap()
            .contains("merged")
    );
}

#[test]
fn a_file_of_quires_edited_by_hand_is_not_written_over() {
    let site = Site::new();
    let a = site.editor("a");
    publish_post(&a, "Alpha", "alpha", "From Quire.");
    site.ok(&a, &["publish", "push"]);
    let file = a.clone.join("content/posts/alpha.md");
    let by_hand = std::fs::read_to_string(&file)
        .unwrap()
        .replace("From Quire.", "By hand.");
    std::fs::write(&file, &by_hand).unwrap();
    edit(&a, "alpha", "Edited in Quire too.");
    let out = site.quire(&a, &["publish", "push"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/posts/alpha.md"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        by_hand,
        "not written over"
    );

    // Committed, the hand edit is taken in (a conflict: Quire's edit too).
    site.git(&a.clone, &["commit", "--quiet", "-am", "A fix by hand"]);
    let r = site.ok(&a, &["publish", "push", "--json"]);
    assert_eq!(r["conflicts"].as_array().unwrap().len(), 1, "{r}");
    assert_eq!(post(&a, "alpha").sections[0].body, "By hand.");
    assert!(site.remote_log().contains(&"A fix by hand".to_string()));
}

#[test]
fn a_folder_that_is_not_a_repository_is_refused_by_name() {
    let site = Site::new();
    let editor = super::Editor {
        db: site.home().join("x.db"),
        clone: site.home().join("plain"),
    };
    std::fs::create_dir_all(&editor.clone).unwrap();
    let path = editor.clone.display().to_string();
    let out = site.quire(&editor, &["publish", "init", &path]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a Git work tree"));
    let out = site.quire(&editor, &["publish", "push"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("quire publish init"));
}
