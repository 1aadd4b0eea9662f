//! The Export dialog: the open post as an HTML page or Markdown (Hugo,
//! Jekyll, Zola or Astro front matter) through the system save dialog, or
//! the whole site into a chosen folder with a progress bar. The post is
//! saved first, so the file holds exactly what is on screen.
//!
//! Test hook: `exportPostTo(path)` / `exportSiteTo(dir)` are the very steps
//! the buttons run after their file pickers; app.js exposes them as
//! `window.quire.exportPostTo/exportSiteTo` because WebDriver cannot drive
//! the native dialogs.

import * as api from "../api.js";
import { h } from "../dom.js";
import { checkSummary } from "./check.js";

const FLAVORS = [
  ["hugo", "Hugo"],
  ["jekyll", "Jekyll"],
  ["zola", "Zola"],
  ["astro", "Astro"],
];
const STORE_KEY = "quire.export";

export function createExport(dialog, { draft }) {
  const saved = JSON.parse(localStorage.getItem(STORE_KEY) || "{}");
  const radio = (value, label) =>
    h(
      "label",
      { class: "choice" },
      h("input", { type: "radio", name: "export-format", value, checked: (saved.format || "html") === value }),
      label,
    );
  const formatHtml = radio("html", "HTML page");
  const formatMd = radio("md", "Markdown");
  const flavor = h(
    "select",
    { id: "export-flavor", "data-testid": "export-flavor" },
    ...FLAVORS.map(([value, label]) => h("option", { value, selected: saved.flavor === value }, label)),
  );
  const drafts = h("input", { id: "export-drafts", type: "checkbox", checked: Boolean(saved.includeDrafts) });
  const postButton = h(
    "button",
    { type: "button", class: "primary", "data-testid": "export-post", onclick: () => pickPost() },
    "Export this post…",
  );
  const siteButton = h(
    "button",
    { type: "button", "data-testid": "export-site", onclick: () => pickSite() },
    "Export site…",
  );
  const progress = h("progress", { max: 1, value: 0, hidden: true, "data-testid": "export-progress", "aria-label": "Export progress" });
  const message = h("p", { class: "export-message", role: "status", "aria-live": "polite", "data-testid": "export-message" });
  const postName = h("strong", {});
  // Before the post goes out: what the pre-publish check finds, with the way
  // to the panel. It explains; the buttons stay as they are.
  const checkLine = h("div", { class: "export-check" });

  dialog.replaceChildren(
    h(
      "form",
      { method: "dialog", class: "dialog-body", onsubmit: (e) => e.preventDefault() },
      h("h2", {}, "Export"),
      h(
        "fieldset",
        { class: "choices" },
        h("legend", {}, "Format"),
        formatHtml,
        formatMd,
        h("label", { for: "export-flavor", class: "inline-label" }, "Flavor"),
        flavor,
      ),
      h(
        "section",
        { class: "export-part" },
        h("h3", {}, "This post"),
        h("p", { class: "muted" }, "Saves the open post, ", postName, ", to a file you choose."),
        checkLine,
        postButton,
      ),
      h(
        "section",
        { class: "export-part" },
        h("h3", {}, "The whole site"),
        h("p", { class: "muted" }, "Every published post (and scheduled ones), written into a folder you choose."),
        h("label", { class: "choice" }, drafts, "Include drafts"),
        h("div", { class: "row" }, siteButton, progress),
      ),
      message,
      h(
        "div",
        { class: "dialog-actions" },
        h("button", { type: "button", onclick: () => dialog.close(), "data-testid": "export-close" }, "Close"),
      ),
    ),
  );

  const format = () => (formatMd.querySelector("input").checked ? "md" : "html");
  const syncFlavor = () => {
    flavor.disabled = format() !== "md";
    const stored = JSON.parse(localStorage.getItem(STORE_KEY) || "{}");
    localStorage.setItem(
      STORE_KEY,
      JSON.stringify({ ...stored, format: format(), flavor: flavor.value, includeDrafts: drafts.checked }),
    );
  };
  dialog.addEventListener("change", syncFlavor);
  syncFlavor();

  function say(text, kind = "") {
    message.textContent = text;
    message.className = `export-message ${kind}`;
  }

  async function savedPostId() {
    if (!draft.post) throw Object.assign(new Error("Open a post to export it."), { kind: "validation" });
    if (!(await draft.flush()) || draft.post.id == null) {
      throw Object.assign(new Error(`The post is not saved: ${draft.error?.message || "see the status bar"}.`), {
        kind: "validation",
      });
    }
    return draft.post.id;
  }

  // The folder of the last export, where the next dialog opens (never the
  // working folder, never the database's).
  const lastDir = () => JSON.parse(localStorage.getItem(STORE_KEY) || "{}").lastDir || null;
  function rememberDir(path) {
    const dir = path.replace(/\/[^/]*$/, "") || "/";
    const stored = JSON.parse(localStorage.getItem(STORE_KEY) || "{}");
    localStorage.setItem(STORE_KEY, JSON.stringify({ ...stored, lastDir: dir }));
  }

  // While a file dialog is up (in its own window), Esc here must not close
  // this dialog: its result line is where the export is reported.
  let picking = false;
  dialog.addEventListener("cancel", (e) => {
    if (picking) e.preventDefault();
  });
  async function whilePicking(pick) {
    picking = true;
    try {
      return await pick();
    } finally {
      picking = false;
    }
  }

  async function pickPost() {
    try {
      const id = await savedPostId();
      const ext = format() === "md" ? "md" : "html";
      const path = await whilePicking(() =>
        api.pickSaveFile({
          title: "Export this post",
          directory: lastDir(),
          fileName: `${draft.post.slug || "post"}.${ext}`,
          filters: [{ name: ext === "md" ? "Markdown" : "HTML", extensions: [ext] }],
        }),
      );
      if (path) await exportPostTo(path, id);
    } catch (err) {
      say(err.message, "error");
    }
  }

  /** Writes the open post to `path` in the chosen format; resolves to the path written. */
  async function exportPostTo(path, id = null) {
    try {
      const written = await api.exportPost(id ?? (await savedPostId()), format(), flavor.value, path);
      rememberDir(written);
      say(`Exported to ${written}`, "ok");
      return written;
    } catch (err) {
      say(`Export failed: ${err.message}`, "error");
      throw err;
    }
  }

  async function pickSite() {
    try {
      const dir = await whilePicking(() => api.pickFolder({ title: "Export the site into", directory: lastDir() }));
      if (dir) await exportSiteTo(dir);
    } catch (err) {
      say(err.message, "error");
    }
  }

  /** Exports every post into `dir`, feeding the progress bar; resolves to the core's report. */
  async function exportSiteTo(dir) {
    await draft.flush();
    progress.hidden = false;
    progress.value = 0;
    siteButton.disabled = true;
    say("Exporting…");
    const unlisten = await api.onExportProgress(({ done, total }) => {
      progress.max = Math.max(total, 1);
      progress.value = done;
      say(`Exporting… ${done} of ${total}`);
    });
    try {
      const report = await api.exportSite(dir, format(), flavor.value, drafts.checked);
      progress.value = progress.max;
      rememberDir(`${report.dir}/`);
      say(
        `Exported ${report.posts} posts to ${report.dir}: ${report.written} files written, ` +
          `${report.unchanged} unchanged, ${report.removed} removed (only Quire's own files are touched).` +
          (report.notes || []).map((n) => ` ${n}`).join(""),
        "ok",
      );
      return report;
    } catch (err) {
      say(`Export failed: ${err.message}`, "error");
      throw err;
    } finally {
      unlisten();
      siteButton.disabled = false;
    }
  }

  return {
    open() {
      postName.textContent = draft.post ? `“${draft.post.title || "Untitled"}”` : "(none open)";
      postButton.disabled = !draft.post;
      checkLine.replaceChildren(...(draft.post ? [checkSummary()] : []));
      say("");
      progress.hidden = true;
      if (!dialog.open) dialog.showModal();
      postButton.focus();
    },
    exportPostTo: (path) => exportPostTo(path),
    exportSiteTo,
  };
}
