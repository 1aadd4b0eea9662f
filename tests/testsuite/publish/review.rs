//! The review flow: with `--review`, a publish puts each added or changed
//! post on a branch of its own, `quire/<slug>` (one commit on the tip of
//! the remote's `main`, that post's file only), pushes those branches and
//! never commits to nor pushes `main`; the owner's checkout, index and
//! staged files stay as they were; a branch merged on the remote comes
//! back through pull as the post's own version, not a conflict.

use super::{Editor, Site, edit, post, publish_post};

/// `editor`'s site repository, set up again with review on.
fn review_on(site: &Site, editor: &Editor) {
    let clone = editor.clone.display().to_string();
    let s = site.ok(
        editor,
        &[
            "publish", "init", &clone, "--flavor", "hugo", "--review", "--json",
        ],
    );
    assert_eq!(s["review"], true, "{s}");
    let status = site.ok(editor, &["publish", "status", "--json"]);
    assert_eq!(status["settings"]["review"], true, "{status}");
}

/// Git in the bare remote.
fn remote(site: &Site, args: &[&str]) -> String {
    site.git(&site.remote, args).trim().to_string()
}

fn branches(report: &serde_json::Value) -> Vec<(String, bool)> {
    report["branches"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|b| {
                    (
                        b["branch"].as_str().unwrap().to_string(),
                        b["pushed"] == true,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The branch holds one commit on top of the remote's `main` that
/// changes exactly `path`.
fn assert_one_post_on_main(site: &Site, branch: &str, path: &str) {
    let main = remote(site, &["rev-parse", "main"]);
    assert_eq!(remote(site, &["rev-parse", &format!("{branch}^")]), main);
    assert_eq!(
        remote(site, &["rev-list", "--count", &format!("main..{branch}")]),
        "1"
    );
    assert_eq!(
        remote(site, &["diff", "--name-only", "main", branch]),
        path,
        "{branch} changes only its post's file"
    );
}

#[test]
fn each_post_goes_to_its_own_branch_and_main_and_the_checkout_stay_as_they_were() {
    let site = Site::new();
    let a = site.editor("a");
    review_on(&site, &a);
    // The owner's work in progress: a staged file and an edited one.
    std::fs::write(a.clone.join("content/note.md"), "mine\n").unwrap();
    site.git(&a.clone, &["add", "content/note.md"]);
    std::fs::write(a.clone.join("hugo.toml"), "# the owner is editing\n").unwrap();
    let main_before = remote(&site, &["rev-parse", "main"]);
    let head_before = site.git(&a.clone, &["rev-parse", "HEAD"]);
    let status_before = site.git(&a.clone, &["status", "--porcelain=v2", "--branch"]);
    let index_before = site.git(&a.clone, &["ls-files", "--stage"]);

    publish_post(&a, "Alpha", "alpha", "Alpha, for review.");
    publish_post(&a, "Beta", "beta", "Beta, for review.");
    let r = site.ok(&a, &["publish", "push", "--json"]);
    assert_eq!(
        branches(&r),
        [
            ("quire/alpha".to_string(), true),
            ("quire/beta".to_string(), true)
        ],
        "{r}"
    );
    assert!(r["commit"].is_null(), "no commit on main: {r}");
    assert_one_post_on_main(&site, "quire/alpha", "content/posts/alpha.md");
    assert_one_post_on_main(&site, "quire/beta", "content/posts/beta.md");
    let alpha = remote(&site, &["show", "quire/alpha:content/posts/alpha.md"]);
    assert!(alpha.contains("Alpha, for review."), "{alpha}");
    let subject = remote(&site, &["log", "-1", "--format=%s", "quire/alpha"]);
    assert!(
        subject.contains("Alpha"),
        "the commit names its post: {subject}"
    );

    // Main: untouched on the remote and in the clone; the owner's
    // checkout, index and staged file as they were.
    assert_eq!(remote(&site, &["rev-parse", "main"]), main_before);
    assert_eq!(site.git(&a.clone, &["rev-parse", "HEAD"]), head_before);
    assert_eq!(
        site.git(&a.clone, &["status", "--porcelain=v2", "--branch"]),
        status_before
    );
    assert_eq!(site.git(&a.clone, &["ls-files", "--stage"]), index_before);
    assert!(!a.clone.join("content/posts/alpha.md").exists());
    assert_eq!(
        std::fs::read_to_string(a.clone.join("hugo.toml")).unwrap(),
        "# the owner is editing\n"
    );

    // Editing one post again updates its branch only.
    let beta_before = remote(&site, &["rev-parse", "quire/beta"]);
    let alpha_before = remote(&site, &["rev-parse", "quire/alpha"]);
    edit(&a, "alpha", "Alpha, second thoughts.");
    let r = site.ok(&a, &["publish", "push", "--json"]);
    // Beta's branch is listed (still open for review), not pushed again.
    assert_eq!(
        branches(&r),
        [
            ("quire/alpha".to_string(), true),
            ("quire/beta".to_string(), false)
        ],
        "{r}"
    );
    assert_ne!(remote(&site, &["rev-parse", "quire/alpha"]), alpha_before);
    assert_eq!(remote(&site, &["rev-parse", "quire/beta"]), beta_before);
    assert_one_post_on_main(&site, "quire/alpha", "content/posts/alpha.md");
    let alpha = remote(&site, &["show", "quire/alpha:content/posts/alpha.md"]);
    assert!(alpha.contains("Alpha, second thoughts."), "{alpha}");
    assert_eq!(remote(&site, &["rev-parse", "main"]), main_before);
    assert_eq!(site.git(&a.clone, &["ls-files", "--stage"]), index_before);
}

#[test]
fn a_merged_branch_comes_back_through_pull_without_a_conflict() {
    let site = Site::new();
    let a = site.editor("a");
    review_on(&site, &a);
    publish_post(&a, "Alpha", "alpha", "Alpha, for review.");
    publish_post(&a, "Beta", "beta", "Beta, for review.");
    site.ok(&a, &["publish", "push"]);
    let revision = post(&a, "alpha").revision;

    // A reviewer merges quire/alpha into main on the remote.
    site.git(site.home(), &["clone", "--quiet", "remote.git", "reviewer"]);
    let reviewer = site.home().join("reviewer");
    site.git(
        &reviewer,
        &[
            "merge",
            "--quiet",
            "--no-ff",
            "-m",
            "Merge quire/alpha",
            "origin/quire/alpha",
        ],
    );
    site.git(&reviewer, &["push", "--quiet", "origin", "main"]);

    let r = site.ok(&a, &["publish", "pull", "--json"]);
    assert!(r["conflicts"].as_array().unwrap().is_empty(), "{r}");
    let taken = r["taken_in"]["files"].as_array().unwrap();
    let alpha = taken
        .iter()
        .find(|f| f["path"] == "content/posts/alpha.md")
        .unwrap_or_else(|| panic!("alpha taken in: {r}"));
    assert_eq!(alpha["outcome"], "unchanged", "{r}");
    assert_eq!(
        site.git(&a.clone, &["rev-parse", "HEAD"]).trim(),
        remote(&site, &["rev-parse", "main"]),
        "main brought in"
    );
    assert!(a.clone.join("content/posts/alpha.md").is_file());
    let got = post(&a, "alpha");
    assert_eq!(got.revision, revision, "no new revision of its own text");
    assert_eq!(got.sections[0].body, "Alpha, for review.");

    // Alpha is published; Beta still waits for its review.
    let s = site.ok(&a, &["publish", "status", "--json"]);
    let waiting: Vec<&str> = ["added", "changed"]
        .iter()
        .flat_map(|k| s["to_publish"][k].as_array().unwrap())
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(waiting, ["Beta"], "{s}");
    assert!(s["conflicts"].as_array().unwrap().is_empty(), "{s}");
}

#[test]
fn a_reviewers_commit_on_the_branch_is_not_written_over() {
    let site = Site::new();
    let a = site.editor("a");
    review_on(&site, &a);
    publish_post(&a, "Alpha", "alpha", "Alpha, for review.");
    site.ok(&a, &["publish", "push"]);

    // A reviewer adds a commit of their own to quire/alpha.
    site.git(site.home(), &["clone", "--quiet", "remote.git", "reviewer"]);
    let reviewer = site.home().join("reviewer");
    site.git(&reviewer, &["switch", "--quiet", "quire/alpha"]);
    std::fs::write(reviewer.join("content/posts/alpha.md"), "reviewed\n").unwrap();
    site.git(&reviewer, &["commit", "--quiet", "-am", "Review"]);
    site.git(&reviewer, &["push", "--quiet", "origin", "quire/alpha"]);
    let reviewed = remote(&site, &["rev-parse", "quire/alpha"]);

    // Quire's edit goes to its local branch, never over the reviewer's.
    edit(&a, "alpha", "Alpha, second thoughts.");
    let r = site.ok(&a, &["publish", "push", "--json"]);
    assert_eq!(branches(&r), [("quire/alpha".to_string(), false)], "{r}");
    assert!(
        r["notes"][0].as_str().unwrap().contains("not overwritten"),
        "{r}"
    );
    assert_eq!(remote(&site, &["rev-parse", "quire/alpha"]), reviewed);
    let local = site.git(&a.clone, &["show", "quire/alpha:content/posts/alpha.md"]);
    assert!(local.contains("Alpha, second thoughts."), "{local}");
}
