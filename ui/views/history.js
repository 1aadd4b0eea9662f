//! The History panel: every saved revision of the open post with its time
//! and what changed since it ("+120 −34 words, 2 sections changed", the
//! core's diff against the post as the window holds it). Choosing one shows
//! that version in the preview and, in the panel, the word-level diff —
//! words added since marked <ins>, words it had that are gone marked <del>,
//! said in words too for screen readers — with "Restore" under it, which
//! makes that version the newest revision (the core's revert — nothing is
//! ever lost).

import * as api from "../api.js";
import { h, fullDate, number } from "../dom.js";
import { renderDiff } from "./diff.js";

export function createHistory(root, { draft, preview, onRestored, onClosed, onOpened, notify }) {
  const list = h("ol", { class: "history-list", "aria-label": "Revisions" });
  const diffArea = h("section", { class: "history-diff", "data-testid": "history-diff", "aria-label": "What changed", hidden: true });
  const closeButton = h(
    "button",
    { type: "button", class: "icon", "aria-label": "Close history", title: "Close (Esc)", onclick: () => close() },
    "✕",
  );
  root.replaceChildren(
    h("div", { class: "pane-head" }, h("h2", { class: "pane-title" }, "History"), closeButton),
    list,
    diffArea,
  );
  root.hidden = true;
  root.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });

  let chosen = null;
  let asked = 0; // the latest choice wins over slower answers to earlier ones

  async function open() {
    const post = draft.post;
    if (!post) return;
    onOpened?.();
    root.hidden = false;
    showDiff(null);
    if (post.id == null) {
      list.replaceChildren(h("li", { class: "list-empty" }, "Not saved yet: revisions appear after the first save."));
      return;
    }
    // Let the newest edits become the newest revision first.
    await draft.flush();
    try {
      const revisions = await api.listHistory(post.id);
      list.replaceChildren(...revisions.map((r, i) => row(post.id, r, i === 0)));
      list.querySelector("button")?.focus();
    } catch (err) {
      list.replaceChildren(h("li", { class: "list-empty error" }, `Could not load history: ${err.message}`));
      return;
    }
    try {
      const changes = await api.historyChanges(post.id, draft.post);
      for (const { revision, changes: c } of changes) {
        const line = list.querySelector(`li[data-revision="${revision}"] .row-changes`);
        if (line) line.textContent = c.summary === "No changes" ? "Same as the draft" : `Since: ${c.summary}`;
      }
    } catch {
      /* the rows still say when and how long; the diff explains on choosing */
    }
  }

  function row(id, rev, newest) {
    return h(
      "li",
      { "data-testid": "revision", dataset: { revision: rev.revision } },
      h(
        "button",
        { type: "button", class: "history-row", onclick: (e) => choose(id, rev, e.currentTarget) },
        h("span", { class: "row-title" }, `${fullDate(rev.saved_at)}`),
        h(
          "span",
          { class: "row-meta" },
          `Revision ${rev.revision}${newest ? " · current" : ""} · ${number(rev.words)} words`,
        ),
        rev.title && rev.title !== draft.post?.title ? h("span", { class: "row-meta" }, `“${rev.title}”`) : null,
        h("span", { class: "row-meta row-changes", "data-testid": "revision-changes" }),
      ),
    );
  }

  async function choose(id, rev, button) {
    for (const b of list.querySelectorAll("button[aria-current]")) b.removeAttribute("aria-current");
    button.setAttribute("aria-current", "true");
    chosen = rev;
    const mine = ++asked;
    try {
      const [old, diff] = await Promise.all([api.getRevision(id, rev.revision), api.diffRevision(id, rev.revision, draft.post)]);
      if (mine !== asked || chosen !== rev) return;
      preview.now(old, { stats: false });
      preview.setBanner(
        h(
          "div",
          { class: "banner-inner" },
          h("span", {}, `Revision ${rev.revision}, saved ${fullDate(rev.saved_at)}`),
          h("button", { type: "button", class: "small quiet", onclick: () => close() }, "Back to the draft"),
        ),
      );
      showDiff(rev, diff, id);
    } catch (err) {
      notify(`Could not open revision ${rev.revision}: ${err.message}`, null, "error");
    }
  }

  function showDiff(rev, diff, id) {
    root.classList.toggle("with-diff", Boolean(rev));
    diffArea.hidden = !rev;
    if (!rev) {
      diffArea.replaceChildren();
      return;
    }
    const restore = h(
      "button",
      { type: "button", class: "primary small", "data-testid": "restore-revision", onclick: () => restoreChosen(id) },
      "Restore this version",
    );
    diffArea.replaceChildren(
      h("h3", { class: "diff-title" }, `Since revision ${rev.revision}`),
      h(
        "p",
        { class: "diff-legend" },
        "Marked ",
        h("ins", {}, "added"),
        " are in the draft only; marked ",
        h("del", {}, "removed"),
        " are in this revision only. Restoring brings this revision back.",
      ),
      renderDiff(diff),
      h(
        "div",
        { class: "diff-actions" },
        restore,
        h("button", { type: "button", class: "small quiet", onclick: () => close() }, "Back to the draft"),
      ),
    );
  }

  async function restoreChosen(id) {
    if (!chosen) return;
    if (!(await draft.flush())) {
      notify("Save the current text first (see the status above).", null, "error");
      return;
    }
    try {
      const post = await api.revertPost(id, chosen.revision);
      notify(`Restored revision ${chosen.revision} as revision ${post.revision}.`);
      close();
      onRestored(post);
    } catch (err) {
      notify(`Could not restore: ${err.message}`, null, "error");
    }
  }

  function close() {
    if (root.hidden) return;
    root.hidden = true;
    chosen = null;
    asked += 1;
    showDiff(null);
    preview.setBanner(null);
    onClosed();
  }

  return { open, close, toggle: () => (root.hidden ? open() : close()), isOpen: () => !root.hidden };
}
