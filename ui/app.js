//! Quire's window: wires the views to the open draft and the keyboard.
//! Steps at start: ask the shell which post to open, list posts, open it.
//! Leaving a post (another post, New, closing the window) always waits for
//! its save first; if that fails the editor chooses, nothing is dropped.

import * as api from "./api.js";
import { $, h, clockTime, debounce, number, scrollToCaret } from "./dom.js";
import { Draft } from "./draft.js";
import { createLayout } from "./layout.js";
import { createEditor } from "./views/editor.js";
import { createExport } from "./views/export.js";
import { createImport } from "./views/import.js";
import { createHistory } from "./views/history.js";
import { createCheck } from "./views/check.js"; // ---- pre-publish check ----
import { createImages } from "./views/images.js";
import { createNotices, createConfirm } from "./views/notice.js";
import { createPosts } from "./views/posts.js";
import { createPreview } from "./views/preview.js";
import { createSettings } from "./views/settings.js";
import { createLinkDialog } from "./views/link.js"; // ---- link dialog ----
import { createFind } from "./views/find.js"; // ---- find & replace ----
import { createPublish } from "./views/publish.js"; // ---- publish ----
import { createUndo } from "./undo.js";

const bench = (window.quireBench ||= { preview: [] });
bench.modulesLoaded = performance.now();
const draft = new Draft();
const notify = createNotices($("#toasts"));
const confirm = createConfirm($("#confirm-dialog"));
const layout = createLayout($("#panes"));
const saveState = $("[data-testid=save-state]");
const stats = $("[data-testid=stats]");

const preview = createPreview($("#preview-main"), { onStats: showStats });
const images = createImages($("#image-dialog"), { notify });
const editor = createEditor($("#editor-pane"), {
  draft,
  notify,
  images,
  onEdit: () => {
    if (history.isOpen()) history.close(); // typing brings the draft back into the preview
    preview.schedule(draft.post);
    spellIn(draft.post?.language);
  },
  onDelete: () => trashCurrent(),
  // ---- long posts: the preview follows the section being edited ----
  onSection: (i) => preview.follow(i),
});
const posts = createPosts($("#posts-pane"), {
  onOpen: (id) => openPost(id),
  onNew: () => newPost(),
  onRestored: (post) => {
    $("#toasts").replaceChildren(); // its "moved to the Trash… Undo" is moot now
    openPost(post.id);
  },
  notify,
  confirm,
});
const history = createHistory($("#history-panel"), {
  draft,
  preview,
  notify,
  onRestored: (post) => {
    refreshLists();
    openPost(post.id, { force: true });
  },
  onClosed: () => draft.post && preview.now(draft.post),
  onOpened: () => checker.close(), // ---- pre-publish check: one panel at a time ----
});
const exporter = createExport($("#export-dialog"), { draft });

// ---- pre-publish check ----
// A panel beside the preview (History's place: one of the two at a time),
// refreshed as the post changes; switching the status to Published or
// Scheduled shows the count in the top bar. It never blocks anything.
const checker = createCheck($("#check-panel"), {
  draft,
  hint: $("#check-hint"),
  button: $("#check-button"),
  onOpened: () => {
    if (!layout.previewVisible) togglePreview(true);
    history.close();
  },
});
$("#check-button").addEventListener("click", () => checker.toggle());
document.addEventListener("change", (e) => {
  if (e.target.id === "status" && (e.target.value === "published" || e.target.value === "scheduled")) checker.remind();
});
const importer = createImport($("#import-dialog"), {
  onImported: async (report) => {
    await refreshLists();
    const first = report.items.find((i) => i.outcome === "new" && i.id != null);
    if (first && !draft.post) await openPost(first.id);
  },
});
const settings = createSettings($("#settings-dialog"), {
  onSaved: () => {
    notify("Settings saved.");
    if (draft.post) preview.now(draft.post);
  },
});

// ---- opening, creating, leaving -------------------------------------------

// Spelling follows the open post's language (none: the site's), asked of
// the shell only when it changes.
let spellingLanguage;
function spellIn(language) {
  const wanted = language?.trim() || null;
  if (wanted === spellingLanguage) return;
  spellingLanguage = wanted;
  api.setSpellingLanguage(wanted).catch(() => {});
}

/** Resolves true when the open post's text is safely stored, or the editor chose to drop it. */
async function leaveCurrent(action = "leave this post") {
  if (await draft.flush()) return true;
  const conflict = draft.state === "conflict";
  const choice = await confirm({
    title: conflict ? "This post was changed elsewhere" : "This post is not saved",
    text: conflict
      ? `Someone saved it since you opened it, so your text was not written over theirs. Keep yours as a new post, or discard it to ${action}?`
      : `${draft.error?.message || "The save failed."} Discard your changes to ${action}?`,
    ok: "Discard my changes",
    cancel: "Keep editing",
    danger: true,
    extra: conflict ? { label: "Keep mine as a new post", value: "copy" } : null,
  });
  if (choice === "copy") return (await draft.keepAsCopy()) && (posts.refresh(), true);
  return choice === true;
}

async function openPost(id, { force = false } = {}) {
  if (draft.post?.id === id && !force) return;
  if (!force && !(await leaveCurrent("open another post"))) return;
  let post;
  try {
    post = await api.getPost(id);
  } catch (err) {
    notify(`Could not open the post: ${err.message}`, null, "error");
    posts.refresh();
    return;
  }
  const derived = await api.slugify(post.title).catch(() => null);
  draft.open(post, { slugFollows: derived !== null && post.slug === derived });
  spellIn(post.language);
  history.close();
  editor.show();
  posts.select(post.id);
  preview.now(post);
}

async function newPost() {
  if (!(await leaveCurrent("start a new post"))) return;
  history.close();
  draft.open(
    {
      id: null,
      slug: "",
      title: "",
      summary: "",
      author: "",
      category: "",
      tags: [],
      status: "draft",
      publish_at: null,
      sections: [],
      takeaways: [],
      related: [],
      created_at: null,
      updated_at: null,
      revision: 0,
    },
    { slugFollows: true },
  );
  spellIn(null);
  editor.show();
  posts.select(null);
  preview.now(draft.post);
  editor.focusTitle();
}

async function trashCurrent() {
  const post = draft.post;
  if (!post) return;
  if (post.id == null) {
    draft.close();
    editor.show();
    preview.clear();
    return;
  }
  await draft.flush();
  try {
    await api.deletePost(post.id);
  } catch (err) {
    notify(`Could not move it to the trash: ${err.message}`, null, "error");
    return;
  }
  draft.close();
  editor.show();
  preview.clear();
  showStats(null);
  const rows = await posts.refresh();
  notify(`“${post.title || "Untitled"}” moved to the Trash.`, async () => {
    try {
      await api.restorePost(post.id);
      await posts.refresh();
      openPost(post.id);
    } catch (err) {
      notify(`Could not restore: ${err.message}`, null, "error");
    }
  });
  if (rows[0]) openPost(rows[0].id);
}

// ---- status line ------------------------------------------------------------

function showState() {
  const s = draft.state;
  const texts = {
    empty: "",
    new: "New post — not saved yet",
    saved: draft.savedAt ? `Saved ${clockTime(draft.savedAt)}` : "Saved",
    unsaved: "Unsaved",
    saving: "Saving…",
    error: `Could not save: ${draft.error?.message || "unknown error"}`,
    conflict: "Conflict: not saved",
  };
  saveState.textContent = texts[s] ?? s;
  saveState.dataset.state = s;
  saveState.title = s === "error" ? saveState.textContent : "";
  if (s === "error") {
    editor.setBanner(
      h(
        "div",
        { class: "banner-inner" },
        h("span", {}, `Could not save: ${draft.error?.message || "unknown error"}. Your text stays here; fix it and Quire saves again.`),
        h("button", { type: "button", class: "small", onclick: () => draft.save() }, "Retry"),
      ),
    );
  } else if (s === "conflict") {
    editor.setBanner(
      h(
        "div",
        { class: "banner-inner" },
        h("span", {}, "This post was saved elsewhere since you opened it. Your text is kept here and was not written over the other version."),
        h("button", { type: "button", class: "small primary", "data-testid": "keep-copy", onclick: keepCopy }, "Keep mine as a new post"),
        h("button", { type: "button", class: "small", "data-testid": "load-theirs", onclick: loadTheirs }, "Load the saved version"),
      ),
    );
  } else {
    editor.setBanner(null);
  }
}

async function keepCopy() {
  if (await draft.keepAsCopy()) {
    notify("Your text is now a new post; the other version is untouched.");
    await posts.refresh();
    posts.select(draft.post.id);
  }
}

async function loadTheirs() {
  const ok = await confirm({
    title: "Load the saved version?",
    text: "Your unsaved text in this post will be discarded.",
    ok: "Discard mine and load",
    danger: true,
  });
  if (ok) openPost(draft.post.id, { force: true });
}

function showStats(result) {
  editor.setSectionWords(result?.section_words); // ---- long posts: per-section counts ----
  stats.textContent = result
    ? `${number(result.words)} words · ${result.reading_minutes} min read`
    : "";
}

const refreshLists = debounce(async () => {
  editor.rememberTitles(await posts.refresh());
  if (draft.post?.id != null) posts.select(draft.post.id);
  fillVocabulary();
}, 300);

async function fillVocabulary() {
  const { tags, categories } = await posts.refreshVocabulary();
  $("#tag-options").replaceChildren(...tags.map((t) => h("option", { value: t })));
  $("#category-options").replaceChildren(...categories.map((c) => h("option", { value: c })));
}

draft.addEventListener("state", showState);
draft.addEventListener("saved", () => {
  editor.stored();
  refreshLists();
});

// ---- keyboard and buttons -----------------------------------------------------

function togglePreview(force) {
  const on = typeof force === "boolean" ? force : !layout.previewVisible;
  layout.setPreviewVisible(on);
  preview.setVisible(on);
  $("#preview-button").setAttribute("aria-pressed", String(on));
  if (!on) history.close();
  if (!on) checker.close(); // ---- pre-publish check ----
}

$("#preview-button").addEventListener("click", () => togglePreview());
$("#export-button").addEventListener("click", () => exporter.open());
$("#import-button").addEventListener("click", () => importer.open());
$("#settings-button").addEventListener("click", () => settings.open());
$("#history-button").addEventListener("click", () => {
  if (!layout.previewVisible) togglePreview(true);
  history.toggle();
});

document.addEventListener(
  "keydown",
  (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const key = e.key.toLowerCase();
    const actions = {
      n: () => newPost(),
      s: () => draft.save(),
      f: () => findOrSearchPosts(), // ---- find & replace: in the post; the post list keeps Ctrl+Shift+F ----
      h: () => draft.post && finder.open({ replace: true }),
      k: () => links.open(document.activeElement), // ---- link dialog ----
      p: () => togglePreview(),
      e: () => exporter.open(),
    };
    if (!actions[key] || e.shiftKey) return;
    e.preventDefault();
    e.stopPropagation();
    if (document.querySelector("dialog[open]") && key !== "s") return;
    actions[key]();
  },
  true,
);

// ---- pasting -------------------------------------------------------------------

// Pasted text goes through the core's rule before it reaches a field: control
// characters (a terminal's colour codes, a PDF's stray bytes) become spaces,
// CR LF line ends become line feeds, and a one-line field gets no line break.
// Inserted in one edit (insertPasted, below), one step of undo.
// ---- formatting ---------------------------------------------------------------

// Ctrl+B and Ctrl+I in a section body wrap the selection in Markdown's
// strong and emphasis markers (or take them off a selection that has
// them), through insertText so each is one step of the field's undo.
const MARKERS = { b: "**", i: "*" };
document.addEventListener(
  "keydown",
  (e) => {
    const field = e.target;
    const marker = MARKERS[e.key.toLowerCase()];
    if (!marker || !(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey) return;
    if (!(field instanceof HTMLTextAreaElement) || field.dataset.role !== "body") return;
    e.preventDefault();
    e.stopPropagation();
    const { selectionStart: start, selectionEnd: end, value } = field;
    const selected = value.slice(start, end);
    const wrapped =
      selected.length >= 2 * marker.length &&
      selected.startsWith(marker) &&
      selected.endsWith(marker) &&
      (marker !== "*" || !selected.startsWith("**") || selected.startsWith("***"));
    const text = wrapped ? selected.slice(marker.length, selected.length - marker.length) : `${marker}${selected}${marker}`;
    document.execCommand("insertText", false, text);
    if (wrapped) field.setSelectionRange(start, start + text.length);
    else if (selected) field.setSelectionRange(start + marker.length, start + marker.length + selected.length);
    else field.setSelectionRange(start + marker.length, start + marker.length);
  },
  true,
);

// ---- link dialog and find & replace ---------------------------------------------

// Ctrl+K in a section body or takeaway: a dialog that links to one of
// Quire's posts (`quire:post/ID`, which survives slug changes) or to a URL.
// Ctrl+F finds in the open post and Ctrl+H replaces there; in the post list,
// or with no post open, Ctrl+F searches posts, and Ctrl+Shift+F always does.
const links = createLinkDialog($("#link-dialog"), { currentId: () => draft.post?.id ?? null });
const finder = createFind($("#editor-pane"), { draft });
function findOrSearchPosts() {
  if (!draft.post || $("#posts-pane").contains(document.activeElement)) posts.focusSearch();
  else finder.open();
}
document.addEventListener(
  "keydown",
  (e) => {
    if (!(e.ctrlKey || e.metaKey) || !e.shiftKey || e.altKey || e.key.toLowerCase() !== "f") return;
    e.preventDefault();
    e.stopPropagation();
    if (!document.querySelector("dialog[open]")) posts.focusSearch();
  },
  true,
);

// Ctrl+Shift+V: the next paste is plain text, whatever the clipboard holds.
let pastePlainNext = false;
document.addEventListener(
  "keydown",
  (e) => {
    if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === "v") pastePlainNext = true;
  },
  true,
);

document.addEventListener("paste", async (e) => {
  const field = e.target;
  if (!(field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement)) return;
  if (field.closest("[data-paste=native]")) return;
  // An image on the clipboard, pasted into a section body: stored, described, placed.
  const image = [...(e.clipboardData?.files || [])].find((f) => f.type.startsWith("image/"));
  if (image && field.dataset.role === "body") {
    e.preventDefault();
    await images.fromBlob(image, field);
    editor.relistImages();
    return;
  }
  // Rich text (a web page, Google Docs) pasted into a section body comes in
  // as Markdown through the core's converter, so headings, emphasis, links
  // and lists survive; Ctrl+Shift+V pastes the plain text.
  const html = e.clipboardData?.getData("text/html");
  const plain = pastePlainNext;
  pastePlainNext = false;
  if (html && !plain && field.dataset.role === "body") {
    e.preventDefault();
    let markdown = null;
    try {
      markdown = await api.pasteHtml(html);
    } catch {
      markdown = null;
    }
    if (markdown != null && markdown !== "") {
      field.focus();
      insertPasted(field, markdown);
      return;
    }
  }
  const text = e.clipboardData?.getData("text/plain");
  if (!text) return;
  e.preventDefault();
  const oneLine = field instanceof HTMLInputElement || field.dataset.oneLine === "true";
  let clean = text;
  try {
    clean = await api.cleanPaste(text, oneLine);
  } catch {
    clean = text.replace(/\r\n?/g, "\n");
  }
  field.focus();
  insertPasted(field, clean);
});

// Pasted text replaces the selection in one edit, with one input event: a
// 3,000-word article through execCommand("insertText") is one input event
// (and one run of the editor's handler) per line, seconds in all. Undo is
// Quire's own (ui/undo.js), so the paste stays one step of it.
function insertPasted(field, text) {
  try {
    field.setRangeText(text, field.selectionStart, field.selectionEnd, "end");
  } catch {
    document.execCommand("insertText", false, text); // a field without a text selection
    return;
  }
  field.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  // The field grew with the text (its input handler fits it): bring the caret, after the paste, into view.
  scrollToCaret(field, field.selectionEnd);
}

// ---- files dropped on the window ---------------------------------------------------

// An image file dropped on a section body goes in there; on the cover field, it
// becomes the cover. (The window hears of drops with the files' paths; the core reads them.)
api
  .onFileDrop(async (paths, x, y) => {
    const target = document.elementFromPoint(x, y);
    if (!draft.post || !target) return;
    if (target.closest("[data-drop=cover]")) {
      await editor.coverFrom(paths[0]);
      return;
    }
    const card = target.closest(".card-section");
    const body = card?.querySelector("[data-role=body]");
    if (body) {
      await images.fromPath(paths[0], body);
      editor.relistImages();
    }
  })
  .catch(() => {});

// ---- undo ---------------------------------------------------------------------

// Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y in the editor (and the right-click menu's
// Undo/Redo, through window.quire) step through the open post's history.
const undo = createUndo({
  draft,
  editor,
  pane: $("#editor-pane"),
  toasts: $("#toasts"),
  onRestored: () => preview.schedule(draft.post),
});

// ---- publish ----------------------------------------------------------------------

// The site's Git repository: the Publish dialog shows where it stands and
// publishes or pulls through the core. Posts a pull changed are relisted,
// and the open one reopened when it was among them.
const publisher = createPublish($("#publish-dialog"), {
  draft,
  onPulled: async (report) => {
    await refreshLists.now();
    const id = draft.post?.id;
    const changed = report.taken_in.files.some((f) => f.post_id === id && f.outcome !== "unchanged");
    // Typing during the pull is saved first (a clash shows the conflict banner).
    if (id != null && changed && (await draft.flush())) {
      await openPost(id, { force: true });
    }
  },
});
$("#publish-button").addEventListener("click", () => publisher.open());

// ---- the window closing ---------------------------------------------------------

api.onCloseRequested(() => leaveCurrent("close the window")).catch(() => {});

// ---- start ------------------------------------------------------------------------

async function start() {
  // Ask for the list while the shell answers startup: neither waits for the other.
  const [info, rows] = await Promise.all([
    api.startup().catch((err) => {
      notify(`Quire could not open its database: ${err.message}`, null, "error");
      return { open_post_id: null };
    }),
    posts.refresh(),
  ]);
  bench.listVisible = performance.now();
  editor.rememberTitles(rows);
  bench.timeOrigin = performance.timeOrigin;
  fillVocabulary();
  if (info.open_post_id != null) await openPost(info.open_post_id);
  else editor.show();
  bench.ready = performance.now();
  document.body.dataset.ready = "true";
}

// Hooks for the end-to-end tests: the exact steps the export buttons run after
// their native file pickers, which WebDriver cannot drive.
window.quire = {
  exportPostTo: (path) => exporter.exportPostTo(path),
  exportSiteTo: (dir) => exporter.exportSiteTo(dir),
  publishInit: (path, flavor) => publisher.initWith(path, flavor), // ---- publish ----
  publishNow: (message) => publisher.publishNow(message),
  publishPull: () => publisher.pullNow(),
  checkImport: (paths) => importer.checkImport(paths),
  runImport: () => importer.runImport(),
  flush: () => draft.flush(),
  state: () => draft.state,
  openPostId: () => draft.post?.id ?? null,
  undo: () => undo.undo(),
  redo: () => undo.redo(),
};

start();
