//! The Import dialog: pick a site's folder (Hugo, Jekyll, Zola, Astro) or an
//! export file (WordPress .xml, Ghost .json); Quire first runs a dry run and
//! shows what would happen to every post — new, updated, unchanged,
//! refused and why, conflicts, broken links, images left on another
//! server — and imports only when the editor says so, with progress.
//!
//! Test hook: `checkImport(paths)` / `runImport()` are the very steps the
//! buttons run after the native picker; app.js exposes them as
//! `window.quire.checkImport/runImport`.

import * as api from "../api.js";
import { h } from "../dom.js";

const SOURCES = [
  ["", "Find out by looking"],
  ["hugo", "Hugo"],
  ["jekyll", "Jekyll"],
  ["zola", "Zola"],
  ["astro", "Astro"],
  ["wxr", "WordPress export (.xml)"],
  ["ghost", "Ghost export (.json)"],
];
const WORDS = {
  new: "New",
  updated: "Updated",
  unchanged: "Unchanged",
  refused: "Refused",
  conflict: "Conflict",
};

export function createImport(dialog, { onImported }) {
  const from = h(
    "select",
    { id: "import-from", "data-testid": "import-from" },
    ...SOURCES.map(([value, label]) => h("option", { value }, label)),
  );
  const folderButton = h(
    "button",
    { type: "button", "data-testid": "import-folder", onclick: () => pick("folder") },
    "Choose a folder…",
  );
  const fileButton = h(
    "button",
    { type: "button", "data-testid": "import-file", onclick: () => pick("file") },
    "Choose a file…",
  );
  const importButton = h(
    "button",
    { type: "button", class: "primary", hidden: true, "data-testid": "import-run", onclick: () => runImport() },
    "Import",
  );
  const progress = h("progress", { max: 1, value: 0, hidden: true, "data-testid": "import-progress", "aria-label": "Import progress" });
  const message = h("p", { class: "export-message", role: "status", "aria-live": "polite", "data-testid": "import-message" });
  const list = h("ul", { class: "import-report", "data-testid": "import-report", "aria-label": "What the import does" });

  dialog.replaceChildren(
    h(
      "form",
      { method: "dialog", class: "dialog-body", onsubmit: (e) => e.preventDefault() },
      h("h2", {}, "Import"),
      h(
        "p",
        { class: "muted" },
        "Bring in a blog: a Hugo, Jekyll, Zola or Astro folder, or a WordPress or Ghost export. ",
        "Nothing is written until you have seen what would happen. Importing again updates what changed ",
        "and never overwrites a post you edited here.",
      ),
      h(
        "fieldset",
        { class: "choices" },
        h("legend", {}, "Source"),
        h("label", { for: "import-from", class: "choice" }, "Kind"),
        from,
        folderButton,
        fileButton,
      ),
      message,
      list,
      h("div", { class: "row" }, progress),
      h(
        "div",
        { class: "dialog-actions" },
        h("button", { type: "button", onclick: () => dialog.close(), "data-testid": "import-close" }, "Close"),
        importButton,
      ),
    ),
  );

  let paths = null;
  let picking = false;
  dialog.addEventListener("cancel", (e) => {
    if (picking) e.preventDefault();
  });

  function say(text, kind = "") {
    message.textContent = text;
    message.className = `export-message ${kind}`;
  }

  async function pick(kind) {
    picking = true;
    try {
      const path =
        kind === "folder"
          ? await api.pickFolder({ title: "Import the blog in this folder", directory: null })
          : await api.pickOpenFile({
              title: "Import this export file",
              directory: null,
              filters: [{ name: "WordPress or Ghost export", extensions: ["xml", "json"] }],
            });
      if (path) await checkImport([path]);
    } catch (err) {
      say(err.message, "error");
    } finally {
      picking = false;
    }
  }

  function counts(c, dry) {
    const parts = [
      [c.new, dry ? "new" : "new"],
      [c.updated, "updated"],
      [c.unchanged, "unchanged"],
      [c.refused, "refused"],
      [c.conflicts, "conflicts"],
      [c.images, "images"],
    ].map(([n, w]) => `${n} ${w}`);
    return parts.join(", ");
  }

  function show(report) {
    const rows = [];
    for (const p of report.problems) {
      rows.push(
        h(
          "li",
          { class: "refused", "data-outcome": "unreadable" },
          h("strong", {}, "Problem "),
          `${p.origin}${p.line ? `:${p.line}` : ""}: ${p.message}`,
        ),
      );
    }
    for (const item of report.items) {
      const details = [
        item.reason,
        ...item.notes,
        ...item.broken_links.map((l) => `Broken link: ${l}`),
        ...item.remote_images.map((u) => `Image on another server, not fetched: ${u}`),
        ...item.missing_images.map((u) => `Image not in the source: ${u}`),
      ].filter(Boolean);
      if (item.outcome === "unchanged" && details.length === 0) continue;
      rows.push(
        h(
          "li",
          { class: item.outcome, "data-outcome": item.outcome },
          h("strong", {}, `${WORDS[item.outcome]} `),
          `${item.title || item.origin} `,
          h("span", { class: "muted" }, `(${item.origin})`),
          details.length ? h("ul", {}, ...details.map((d) => h("li", {}, d))) : null,
        ),
      );
    }
    list.replaceChildren(...rows);
  }

  /** Dry run of importing `chosen`: shows the report and offers the import. */
  async function checkImport(chosen) {
    paths = chosen;
    importButton.hidden = true;
    list.replaceChildren();
    say(`Looking at ${chosen.join(", ")}…`);
    try {
      const report = await api.importPosts(paths, from.value, true);
      show(report);
      const c = report.counts;
      const writes = c.new + c.updated;
      say(`Nothing written yet. Would import: ${counts(c, true)}.`, report.problems.length || c.refused ? "error" : "ok");
      importButton.hidden = writes === 0;
      importButton.textContent = `Import ${writes} post${writes === 1 ? "" : "s"}`;
      if (writes) importButton.focus();
      return report;
    } catch (err) {
      say(`Cannot import: ${err.message}`, "error");
      throw err;
    }
  }

  /** Imports what the dry run showed; resolves to the core's report. */
  async function runImport() {
    if (!paths) return null;
    importButton.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    const unlisten = await api.onImportProgress(({ done, total }) => {
      progress.max = Math.max(total, 1);
      progress.value = done;
      say(`Importing… ${done} of ${total}`);
    });
    try {
      const report = await api.importPosts(paths, from.value, false);
      progress.value = progress.max;
      show(report);
      say(`Imported: ${counts(report.counts, false)}.`, report.counts.refused ? "error" : "ok");
      importButton.hidden = true;
      await onImported(report);
      return report;
    } catch (err) {
      say(`Import failed: ${err.message}`, "error");
      throw err;
    } finally {
      unlisten();
      importButton.disabled = false;
    }
  }

  return {
    open() {
      paths = null;
      list.replaceChildren();
      importButton.hidden = true;
      progress.hidden = true;
      say("");
      if (!dialog.open) dialog.showModal();
      folderButton.focus();
    },
    checkImport,
    runImport,
  };
}
