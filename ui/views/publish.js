//! The Publish dialog: the site's Git repository as the core sees it
//! (`quire publish status`): branch, ahead/behind, the posts a publish
//! would add, change or remove, the commit message, the owner's changed
//! files (left alone) and the open conflicts; "Publish" commits and pushes,
//! "Pull" takes colleagues' changes in. With no repository set, it offers
//! to choose the local clone's folder. All rules are the core's.
//!
//! Test hooks: `initWith(path, flavor)` is the step the folder button runs
//! after its native dialog (WebDriver cannot drive it); app.js exposes it
//! as `window.quire.publishInit`, with `publishNow` and `publishPull`.

import * as api from "../api.js";
import { h } from "../dom.js";

const FLAVORS = [
  ["hugo", "Hugo"],
  ["jekyll", "Jekyll"],
  ["zola", "Zola"],
  ["astro", "Astro"],
];

const short = (commit) => (commit || "").slice(0, 12);
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
const nameOf = (f) => f.title || f.path;

export function createPublish(dialog, { draft, onPulled }) {
  const flavor = h(
    "select",
    { id: "publish-flavor", "data-testid": "publish-flavor" },
    ...FLAVORS.map(([value, label]) => h("option", { value }, label)),
  );
  const chooseButton = h(
    "button",
    { type: "button", class: "primary", "data-testid": "publish-choose", onclick: () => pickFolder() },
    "Choose the site's folder…",
  );
  const setup = h(
    "section",
    { class: "publish-part", "data-testid": "publish-setup" },
    h("h3", {}, "No site repository yet"),
    h(
      "p",
      { class: "muted" },
      "Choose the folder of a local clone of the Git repository your site is built from (Netlify, GitHub Pages, Cloudflare Pages). Quire writes only its own post files there.",
    ),
    h("div", { class: "row" }, h("label", { for: "publish-flavor" }, "Generator"), flavor, chooseButton),
  );

  const repoLine = h("p", { class: "publish-repo", "data-testid": "publish-repo" });
  const syncLine = h("p", { class: "publish-sync", "data-testid": "publish-sync" });
  const changes = h("ul", { class: "publish-list", "data-testid": "publish-changes" });
  const message = h("textarea", {
    id: "publish-message",
    rows: 4,
    "data-testid": "publish-commit-message",
    "data-paste": "native",
    placeholder: "Quire writes it: the posts added, changed and removed",
  });
  const dirty = h("ul", { class: "publish-list muted", "data-testid": "publish-dirty" });
  const dirtyPart = h("div", { class: "publish-note" }, h("h3", {}, "The owner's files (left alone)"), dirty);
  const conflicts = h("ul", { class: "publish-list publish-conflicts", "data-testid": "publish-conflicts" });
  const conflictPart = h("div", { class: "publish-note" }, h("h3", {}, "Conflicts"), conflicts);
  const status = h(
    "section",
    { class: "publish-part", "data-testid": "publish-state" },
    repoLine,
    syncLine,
    h("h3", {}, "To publish"),
    changes,
    h("label", { for: "publish-message", class: "publish-label" }, "Commit message"),
    message,
    dirtyPart,
    conflictPart,
  );

  const progress = h("progress", { hidden: true, "data-testid": "publish-progress", "aria-label": "Working" });
  const result = h("p", { class: "export-message", role: "status", "aria-live": "polite", "data-testid": "publish-result" });
  const taken = h("ul", { class: "publish-list", "data-testid": "publish-taken" });
  const runButton = h(
    "button",
    { type: "button", class: "primary", "data-testid": "publish-run", onclick: () => publishNow().catch(() => {}) },
    "Publish",
  );
  const pullButton = h(
    "button",
    { type: "button", "data-testid": "publish-pull", onclick: () => pullNow().catch(() => {}) },
    "Pull",
  );

  dialog.replaceChildren(
    h(
      "form",
      { method: "dialog", class: "dialog-body publish-body", onsubmit: (e) => e.preventDefault() },
      h("h2", {}, "Publish"),
      setup,
      status,
      h("div", { class: "row publish-progress" }, progress),
      result,
      taken,
      h(
        "div",
        { class: "dialog-actions" },
        pullButton,
        runButton,
        h("button", { type: "button", onclick: () => dialog.close(), "data-testid": "publish-close" }, "Close"),
      ),
    ),
  );

  // The message as the core would write it: sent as "let Quire write it"
  // while unedited (the core's own then names the files too).
  let prefill = "";
  let working = false;

  function say(text, kind = "") {
    result.textContent = text;
    result.className = `export-message ${kind}`;
    result.dataset.kind = kind;
    delete result.dataset.error;
  }

  function setWorking(on, text) {
    working = on;
    progress.hidden = !on;
    runButton.disabled = on;
    pullButton.disabled = on;
    chooseButton.disabled = on;
    if (on) {
      say(text);
      taken.replaceChildren();
    }
  }

  // The core's message says what to fix (for `git_auth`: the credential
  // helper or ssh-agent; Quire stores no password); the kind is kept for tests and styles.
  function failed(what, err) {
    say(`${what} failed: ${err.message}`, "error");
    result.dataset.error = err.kind || "internal";
  }

  function render(overview) {
    const s = overview?.status;
    setup.hidden = Boolean(s);
    status.hidden = !s;
    runButton.hidden = !s;
    pullButton.hidden = !s;
    if (!s) return;
    const st = s.settings;
    repoLine.replaceChildren(
      h("strong", {}, st.repo),
      h("span", { class: "muted" }, ` · ${st.flavor}, posts in ${st.content}`),
    );
    const branch = s.branch || "(detached)";
    const sync =
      s.ahead == null || s.behind == null
        ? `not compared with ${st.remote} yet (nothing fetched)`
        : `${s.ahead} ahead, ${s.behind} behind ${st.remote}/${st.branch} (as last fetched)`;
    const review = st.review ? ` · review: each post on its own branch quire/<slug>; ${st.branch} is left to the merges` : "";
    syncLine.textContent = `Branch ${branch}: ${sync}${review}`;
    syncLine.dataset.ahead = s.ahead ?? "";
    syncLine.dataset.behind = s.behind ?? "";
    const plan = s.to_publish;
    const items = [
      ...plan.added.map((f) => ["added", f]),
      ...plan.changed.map((f) => ["changed", f]),
      ...plan.removed.map((f) => ["removed", f]),
    ];
    changes.replaceChildren(
      ...(items.length
        ? items.map(([kind, f]) =>
            h(
              "li",
              { dataset: { kind } },
              h("span", { class: `publish-kind ${kind}` }, kind),
              " ",
              nameOf(f),
              f.path && f.title ? h("span", { class: "muted" }, ` ${f.path}`) : null,
            ),
          )
        : [h("li", { class: "muted", dataset: { kind: "none" } }, "Nothing new to publish.")]),
    );
    if (message.value === prefill) message.value = items.length ? overview.message : "";
    prefill = items.length ? overview.message : "";
    dirty.replaceChildren(...s.dirty.map((p) => h("li", {}, p)));
    dirtyPart.hidden = s.dirty.length === 0;
    conflicts.replaceChildren(...s.conflicts.map(conflictItem));
    conflictPart.hidden = s.conflicts.length === 0;
  }

  function conflictItem(c) {
    const what =
      c.kind === "deleted"
        ? "its file was deleted in the repository; Quire kept the post as you had it. Save it to publish it again, or move it to the Trash."
        : `changed here and in the repository. Theirs is revision ${c.theirs}, yours revision ${c.mine} (History shows both): take what you want of either and save the post.`;
    return h("li", { dataset: { postId: c.post_id } }, h("strong", {}, c.title || c.path), ` — ${what}`);
  }

  /** Reads the repository's status from the core and shows it. */
  async function refresh() {
    try {
      const overview = await api.publishStatus();
      render(overview);
      return overview;
    } catch (err) {
      // A repository that is gone or broken: say why, and offer to choose another.
      render(null);
      setup.hidden = false;
      failed("Reading the repository", err);
      return null;
    }
  }

  async function pickFolder() {
    try {
      const dir = await api.pickFolder({ title: "The site's Git repository", directory: null });
      if (dir) await initWith(dir, flavor.value);
    } catch (err) {
      failed("Choosing the folder", err);
    }
  }

  /** Makes `path` the site repository (flavor: hugo, jekyll, zola, astro); resolves to the core's settings. */
  async function initWith(path, chosen = flavor.value) {
    try {
      const settings = await api.publishInit(path, chosen);
      say(`Site repository: ${settings.repo} (branch ${settings.branch}, posts in ${settings.content}).`, "ok");
      await refresh();
      return settings;
    } catch (err) {
      failed("Setting the repository", err);
      throw err;
    }
  }

  /** Saves the open post, then publishes; resolves to the core's report. */
  async function publishNow(text = null) {
    if (working) return null;
    await draft.flush();
    const edited = text ?? (message.value === prefill ? "" : message.value);
    setWorking(true, "Publishing… exporting, committing, pushing");
    try {
      const r = await api.publishPush(edited);
      const counts = [
        [r.added.length, "added"],
        [r.changed.length, "changed"],
        [r.removed.length, "removed"],
      ]
        .filter(([n]) => n > 0)
        .map(([n, w]) => `${n} ${w}`)
        .join(", ");
      const pushed = r.pushed ? "pushed" : "not pushed";
      const branches = r.branches || [];
      const text = branches.length
        ? `For review: ${branches.map((b) => `${b.branch}${b.pushed ? " (pushed)" : ""}`).join(", ")} — open a pull request for each.`
        : r.commit
          ? `Published: commit ${short(r.commit)} (${counts}), ${pushed}.`
          : `Nothing to publish: every post is as in the repository${r.pushed ? " (branch pushed)" : ""}.`;
      say([text, ...r.notes].join(" "), "ok");
      showTaken(r.taken_in);
      message.value = "";
      prefill = "";
      await refresh();
      return r;
    } catch (err) {
      failed("Publishing", err);
      throw err;
    } finally {
      setWorking(false);
    }
  }

  /** Saves the open post, then pulls; resolves to the core's report. */
  async function pullNow() {
    if (working) return null;
    await draft.flush();
    setWorking(true, "Pulling… fetching and merging");
    try {
      const r = await api.publishPull();
      const files = r.taken_in.files.filter((f) => f.outcome !== "unchanged");
      const text =
        r.from === r.to
          ? "Already up to date."
          : `Pulled ${short(r.from)}..${short(r.to)}: ${plural(files.length, "post")} taken in.`;
      say(text, "ok");
      showTaken(r.taken_in);
      await onPulled?.(r);
      await refresh();
      return r;
    } catch (err) {
      failed("Pulling", err);
      throw err;
    } finally {
      setWorking(false);
    }
  }

  function showTaken(takenIn) {
    const files = (takenIn?.files || []).filter((f) => f.outcome !== "unchanged");
    taken.replaceChildren(
      ...files.map((f) =>
        h(
          "li",
          { dataset: { outcome: f.outcome } },
          h("span", { class: `publish-kind ${f.outcome}` }, f.outcome),
          " ",
          nameOf(f),
          f.reason ? h("span", { class: "muted" }, `: ${f.reason}`) : null,
        ),
      ),
    );
  }

  return {
    async open() {
      say("");
      taken.replaceChildren();
      if (!dialog.open) dialog.showModal();
      await draft.flush();
      await refresh();
    },
    initWith,
    publishNow,
    pullNow,
  };
}
