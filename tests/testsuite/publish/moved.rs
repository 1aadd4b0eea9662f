//! The site repository set again at another place: the clone moved, or
//! cloned afresh (a new machine, the database copied over). What the last
//! sync knew goes with it: a colleague's edit pulled in updates the post,
//! and a publish from the fresh clone changes the post's file (and keeps
//! its image) instead of refusing them as someone else's.

use quire::{Section, Store};

use super::{Site, edit, post, publish_post};

const PHOTO: &[u8] = include_bytes!("../../fixtures/images/harbour.jpg");

#[test]
fn a_moved_clone_and_a_fresh_clone_carry_on_syncing() {
    let site = Site::new();
    let a = site.editor("a");
    publish_post(&a, "Alpha", "alpha", "Alpha, as A wrote it.");
    {
        // Beta has a photo: its export is a page bundle, the image beside it.
        let id = publish_post(&a, "Beta", "beta", "Beta.");
        let mut store = Store::open(&a.db).unwrap();
        let now = chrono::Utc::now();
        let media = store
            .add_media("harbour.jpg", PHOTO, "The harbour", false, now)
            .unwrap();
        let mut beta = store.get(id).unwrap();
        beta.sections = vec![Section::new(
            "",
            format!("Beta.\n\n![The harbour](media/{})", media.name),
        )];
        store.update(beta, now).unwrap();
    }
    site.ok(&a, &["publish", "push", "--json"]);
    let photo = site.git(&a.clone, &["ls-files", "content/posts/beta"]);
    assert!(photo.contains("content/posts/beta/index.md"), "{photo}");
    let photo = photo
        .lines()
        .find(|l| !l.ends_with("index.md"))
        .expect("the photo in the bundle")
        .to_string();

    // The clone moves; Quire is pointed at its new place.
    let moved = site.home().join("moved");
    std::fs::rename(&a.clone, &moved).unwrap();
    site.ok(
        &a,
        &[
            "publish",
            "init",
            moved.to_str().unwrap(),
            "--flavor",
            "hugo",
        ],
    );

    // A colleague edits Alpha and pushes; the pull into the moved clone
    // takes it in as Alpha's new revision.
    let b = site.editor("b");
    site.ok(&b, &["publish", "pull", "--json"]);
    edit(&b, "alpha", "Alpha, improved by B.");
    site.ok(&b, &["publish", "push", "--json"]);
    let before = post(&a, "alpha").revision;
    let r = site.ok(&a, &["publish", "pull", "--json"]);
    let alpha = post(&a, "alpha");
    assert_eq!(alpha.sections[0].body, "Alpha, improved by B.", "{r}");
    assert_eq!(alpha.revision, before + 1);
    assert!(
        site.ok(&a, &["publish", "status", "--json"])["conflicts"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // A fresh clone elsewhere, as on a new machine with the database copied.
    site.git(site.home(), &["clone", "--quiet", "remote.git", "fresh"]);
    let fresh = site.home().join("fresh");
    site.ok(
        &a,
        &[
            "publish",
            "init",
            fresh.to_str().unwrap(),
            "--flavor",
            "hugo",
        ],
    );
    edit(&a, "alpha", "Alpha, from the new machine.");
    let r = site.ok(&a, &["publish", "push", "--json"]);
    assert_eq!(r["changed"].as_array().unwrap().len(), 1, "{r}");
    assert_eq!(r["changed"][0]["title"], "Alpha");
    assert!(
        r["added"].as_array().unwrap().is_empty() && r["removed"].as_array().unwrap().is_empty(),
        "{r}"
    );
    let file = site.remote_file("content/posts/alpha.md").unwrap();
    assert!(file.contains("Alpha, from the new machine."), "{file}");
    assert!(
        site.remote_file(&photo).is_some(),
        "Beta's photo is still there"
    );
    assert!(site.remote_file("content/posts/beta/index.md").is_some());
    // Beta, its photo and the owner's files are untouched in the commit.
    let touched = site.git(&fresh, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(touched.trim(), "content/posts/alpha.md");
    // Nothing was made twice.
    let store = Store::open(&a.db).unwrap();
    assert_eq!(store.get_by_slug("alpha").unwrap().id, alpha.id);
    assert!(store.get_by_slug("alpha-2").is_err());
}
