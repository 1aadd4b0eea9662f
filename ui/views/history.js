//! The History panel: every saved revision of the open post with its time;
//! choosing one shows that version in the preview, and "Restore" makes it
//! the newest revision (the core's revert — nothing is ever lost).

import * as api from "../api.js";
import { h, fullDate, number } from "../dom.js";

export function createHistory(root, { draft, preview, onRestored, onClosed, notify }) {
  const list = h("ol", { class: "history-list", "aria-label": "Revisions" });
  const closeButton = h(
    "button",
    { type: "button", class: "icon", "aria-label": "Close history", title: "Close (Esc)", onclick: () => close() },
    "✕",
  );
  root.replaceChildren(
    h("div", { class: "pane-head" }, h("h2", { class: "pane-title" }, "History"), closeButton),
    list,
  );
  root.hidden = true;
  root.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });

  let chosen = null;

  async function open() {
    const post = draft.post;
    if (!post) return;
    root.hidden = false;
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
      ),
    );
  }

  async function choose(id, rev, button) {
    for (const b of list.querySelectorAll("button[aria-current]")) b.removeAttribute("aria-current");
    button.setAttribute("aria-current", "true");
    chosen = rev;
    try {
      const old = await api.getRevision(id, rev.revision);
      preview.now(old, { stats: false });
      const restore = h(
        "button",
        { type: "button", class: "primary small", "data-testid": "restore-revision", onclick: () => restoreChosen(id) },
        "Restore this version",
      );
      preview.setBanner(
        h(
          "div",
          { class: "banner-inner" },
          h("span", {}, `Revision ${rev.revision}, saved ${fullDate(rev.saved_at)}`),
          restore,
          h("button", { type: "button", class: "small quiet", onclick: () => close() }, "Back to the draft"),
        ),
      );
    } catch (err) {
      notify(`Could not open revision ${rev.revision}: ${err.message}`, null, "error");
    }
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
    preview.setBanner(null);
    onClosed();
  }

  return { open, close, toggle: () => (root.hidden ? open() : close()), isOpen: () => !root.hidden };
}
