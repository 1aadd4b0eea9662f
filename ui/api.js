//! The one door to the backend: every call to Tauri's `invoke` lives here.
//! Each export is a named intent; a rejected command becomes an `Error`
//! carrying the core's `kind` ("not_found", "validation", "conflict", …) so
//! views can branch on it without reading message text.

const tauri = () => {
  const t = window.__TAURI__;
  if (!t || !t.core) throw apiError("internal", "The Quire backend is not available.");
  return t;
};

function apiError(kind, message) {
  const err = new Error(message || kind);
  err.kind = kind;
  return err;
}

async function call(command, args) {
  try {
    return await tauri().core.invoke(command, args);
  } catch (e) {
    if (e && typeof e === "object" && "kind" in e) throw apiError(e.kind, e.message);
    if (e instanceof Error) throw Object.assign(e, { kind: e.kind || "internal" });
    throw apiError("internal", String(e));
  }
}

// Posts
export const startup = () => call("startup");
export const listPosts = (query = {}) => call("list_posts", { query });
export const getPost = (id) => call("get_post", { id });
export const createPost = (post) => call("create_post", { post });
export const savePost = (post) => call("save_post", { post });
export const deletePost = (id) => call("delete_post", { id });
export const restorePost = (id) => call("restore_post", { id });
export const listTrash = () => call("list_trash");
export const purgePost = (id) => call("purge_post", { id });

// History
export const listHistory = (id) => call("list_history", { id });
export const getRevision = (id, revision) => call("get_revision", { id, revision });
export const revertPost = (id, revision) => call("revert_post", { id, revision });
/** What changed from a revision to `current` (the open post, saved or not), word by word (the core's diff). */
export const diffRevision = (id, revision, current) => call("diff_revision", { id, revision, current });
/** Each revision's change counts against `current`: [{revision, changes: {summary, …}}]. */
export const historyChanges = (id, current) => call("history_changes", { id, current });

// The pre-publish check of the open post as it is in the window (findings, never errors).
export const checkPost = (post) => call("check_post", { post });
export const checkLimits = () => call("check_limits");

// Rendering and rules owned by the core
export const renderPreview = (post) => call("render_preview", { post });
export const slugify = (title) => call("slugify", { title });

// Export. `format` is "html" or "md"; `flavor` is null for HTML.
export const exportPost = (id, format, flavor, path) =>
  call("export_post", { id, format, flavor: format === "md" ? flavor : null, path });
export const exportSite = (dir, format, flavor, includeDrafts) =>
  call("export_site", { dir, format, flavor: format === "md" ? flavor : null, includeDrafts });

// Publishing to the site's Git repository (the core's publish module).
/** {status, reason, message}: status null when no repository is set (reason says so). */
export const publishStatus = () => call("publish_status");
export const publishInit = (path, flavor) => call("publish_init", { path, flavor });
/** `message` empty or null: Quire writes it (the posts added, changed, removed). */
export const publishPush = (message) => call("publish_push", { message: message || null });
export const publishPull = () => call("publish_pull");

// Settings and vocabularies
export const importPosts = (paths, from, dryRun) => call("import_posts", { paths, from: from || null, dryRun });
export const getSettings = () => call("get_settings");
export const saveSettings = (site) => call("save_settings", { site });
export const listTags = () => call("list_tags");
export const listCategories = () => call("list_categories");

// Text from the clipboard, cleaned by the core's rule.
export const cleanPaste = (text, oneLine) => call("clean_paste", { text, oneLine });
export const pasteHtml = (html) => call("paste_html", { html });
export const setSpellingLanguage = (language) => call("set_spelling_language", { language });
/** Typed publish date → RFC 3339 UTC (null when empty), by the core; rejects with words when unreadable. */
export const parsePublishDate = (text) => call("parse_publish_date", { text });

// Images: stored in the database by the core; shown through the app's protocol.
export const addMediaFile = (path) => call("add_media_file", { path, alt: "", decorative: false });
export async function addMediaBytes(bytes, name) {
  try {
    return await tauri().core.invoke("add_media_bytes", bytes, { headers: { "x-quire-name": name.replace(/[^\x20-\x7e]/g, "_") } });
  } catch (e) {
    if (e && typeof e === "object" && "kind" in e) throw apiError(e.kind, e.message);
    throw apiError("internal", String(e?.message || e));
  }
}
export const listMedia = () => call("list_media");
export const setMediaAlt = (name, alt, decorative) => call("set_media_alt", { name, alt, decorative });
export const postImages = (post) => call("post_images", { post });
/** Where the window loads a stored image from (the webview's address for the app's protocol). */
export const mediaBase = () =>
  navigator.userAgent.includes("Windows") ? "http://quire-media.localhost/" : "quire-media://localhost/";

/** Calls `handler(paths, x, y)` when files are dropped on the window; resolves to an unlisten function. */
export function onFileDrop(handler) {
  const webview = tauri().webview?.getCurrentWebview?.();
  if (!webview) return Promise.resolve(() => {});
  return webview.onDragDropEvent((event) => {
    const p = event.payload;
    if (p.type === "drop" && p.paths?.length) {
      const ratio = window.devicePixelRatio || 1;
      handler(p.paths, p.position.x / ratio, p.position.y / ratio);
    }
  });
}

export function pickOpenFile({ title, directory, filters }) {
  return call("pick_path", { request: { kind: "open", title, directory, filters } });
}

// File dialogs: Quire's own command, which shows them in a separate process
// (a dialog listing the database's folder in this one made SQLite lose its locks).
export function pickSaveFile({ title, directory, fileName, filters }) {
  return call("pick_path", { request: { kind: "save", title, directory, file_name: fileName, filters } });
}

export function pickFolder({ title, directory }) {
  return call("pick_path", { request: { kind: "folder", title, directory } });
}

// Window and events: also Tauri, so also here.
/** Calls `handler({done, total})` for each `export-progress` event; resolves to an unlisten function. */
export function onExportProgress(handler) {
  return tauri().event.listen("export-progress", (event) => handler(event.payload));
}

/** Calls `handler({done, total})` for each `import-progress` event; resolves to an unlisten function. */
export function onImportProgress(handler) {
  return tauri().event.listen("import-progress", (event) => handler(event.payload));
}

/**
 * Runs `beforeClose()` when the window is asked to close. If it resolves to
 * false the window stays open; otherwise it closes.
 */
export function onCloseRequested(beforeClose) {
  const win = tauri().window?.getCurrentWindow?.();
  if (!win) return Promise.resolve(() => {});
  return win.onCloseRequested(async (event) => {
    let ok = true;
    try {
      ok = (await beforeClose()) !== false;
    } catch {
      ok = false;
    }
    if (!ok) event.preventDefault();
  });
}

export const available = () => Boolean(window.__TAURI__?.core);
