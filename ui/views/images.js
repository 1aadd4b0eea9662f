//! Adding images to a post: from the file dialog (the "Add image…" button
//! of a section), a file dropped on a section body or on the cover, or an
//! image pasted from the clipboard. The core checks and stores each one
//! (in the database: one file to back up); then this dialog asks for its
//! alternative text — or says it is decorative — and the image goes in at
//! the cursor as `![Alt](media/name)`, which the preview shows at once.
//! A photo that holds the place it was taken gets a note: exports never
//! carry it.

import * as api from "../api.js";
import { h } from "../dom.js";

const FILTERS = [{ name: "Images", extensions: ["jpg", "jpeg", "png", "gif", "webp"] }];
const STORE_KEY = "quire.images";

/**
 * The address this window shows a stored image at: the size the preview
 * uses, which the core makes when the image is added (any other size would
 * be decoded again).
 */
export const imageUrl = (name) => `${api.mediaBase()}${encodeURIComponent(name)}?w=960`;

export function createImages(dialog, { notify }) {
  const preview = h("img", { class: "image-preview", alt: "", "data-testid": "image-dialog-preview" });
  const about = h("p", { class: "muted image-about" });
  const gps = h(
    "p",
    { class: "image-gps", hidden: true, "data-testid": "image-gps", role: "note" },
    "This photo holds the place where it was taken (GPS). Quire keeps the original, and no export ever includes it.",
  );
  const alt = h("input", {
    id: "image-alt",
    type: "text",
    autocomplete: "off",
    "data-testid": "image-alt",
    placeholder: "What the image shows, for readers who cannot see it",
  });
  const decorative = h("input", { id: "image-decorative", type: "checkbox", "data-testid": "image-decorative" });
  const message = h("p", { class: "form-message", role: "alert" });
  const insert = h("button", { type: "submit", class: "primary", "data-testid": "image-insert" }, "Insert");
  const form = h(
    "form",
    { class: "dialog-body image-form", method: "dialog" },
    h("h2", {}, "Describe the image"),
    preview,
    about,
    gps,
    h("div", { class: "field" }, h("label", { for: "image-alt" }, "Alternative text"), alt),
    h("label", { class: "choice" }, decorative, "Decorative: it adds nothing to the text (no alternative text)"),
    message,
    h(
      "div",
      { class: "dialog-actions" },
      h("button", { type: "button", "data-testid": "image-cancel", onclick: () => finish(null) }, "Cancel"),
      insert,
    ),
  );
  dialog.replaceChildren(form);

  let pending = null; // the resolve of the open dialog's promise
  decorative.addEventListener("change", () => {
    alt.disabled = decorative.checked;
    message.textContent = "";
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = alt.value.trim();
    if (!text && !decorative.checked) {
      message.textContent = "Describe the image, or mark it decorative.";
      alt.focus();
      return;
    }
    finish({ alt: decorative.checked ? "" : text, decorative: decorative.checked });
  });
  dialog.addEventListener("cancel", (e) => {
    e.preventDefault();
    finish(null);
  });

  function finish(answer) {
    if (dialog.open) dialog.close();
    const resolve = pending;
    pending = null;
    resolve?.(answer);
  }

  /** Asks how to describe `media`; resolves to {alt, decorative} or null. */
  function describe(media) {
    preview.src = imageUrl(media.name);
    about.textContent = `${media.original_name} · ${media.width} × ${media.height} pixels`;
    gps.hidden = !media.has_gps;
    alt.value = media.alt || "";
    decorative.checked = media.decorative;
    alt.disabled = media.decorative;
    message.textContent = "";
    dialog.showModal();
    alt.focus();
    return new Promise((resolve) => (pending = resolve));
  }

  /** Stores what `add()` gives, asks for its description; the image and its description, or null. */
  async function added(add) {
    let media;
    try {
      media = await add();
    } catch (err) {
      notify(`Could not add the image: ${err.message}`, null, "error");
      return null;
    }
    const answer = await describe(media);
    if (!answer) return null;
    if (answer.alt !== media.alt || answer.decorative !== media.decorative) {
      media = await api.setMediaAlt(media.name, answer.alt, answer.decorative).catch(() => media);
    }
    return { media, alt: answer.alt };
  }

  /** The Markdown of an image with its alternative text. */
  const markdown = ({ media, alt }) => `![${alt.replace(/[[\]\\]/g, "\\$&")}](media/${media.name})`;

  /** Puts `text` into `field` at its cursor (or where the cursor was), as one undoable edit. */
  function insertAt(field, text, at = null) {
    field.focus();
    if (at !== null) field.setSelectionRange(at, at);
    const before = field.value.slice(0, field.selectionStart);
    const gap = before && !before.endsWith("\n\n") ? (before.endsWith("\n") ? "\n" : "\n\n") : "";
    document.execCommand("insertText", false, `${gap}${text}\n`);
  }

  const lastDir = () => JSON.parse(localStorage.getItem(STORE_KEY) || "{}").lastDir || null;
  const rememberDir = (path) =>
    localStorage.setItem(STORE_KEY, JSON.stringify({ lastDir: path.replace(/\/[^/]*$/, "") || "/" }));

  return {
    /** The file dialog, then the description; the figure goes into `field`. */
    async fromFile(field) {
      const at = field?.selectionStart ?? null;
      const path = await api.pickOpenFile({ title: "Add an image", directory: lastDir(), filters: FILTERS }).catch((err) => {
        notify(err.message, null, "error");
        return null;
      });
      if (!path) return null;
      rememberDir(path);
      const placed = await added(() => api.addMediaFile(path));
      if (placed && field) insertAt(field, markdown(placed), at);
      return placed;
    },
    /** A file dropped on `field` (a section body). */
    async fromPath(path, field) {
      const placed = await added(() => api.addMediaFile(path));
      if (placed && field) insertAt(field, markdown(placed));
      return placed;
    },
    /** An image pasted into `field`. */
    async fromBlob(blob, field) {
      const at = field.selectionStart;
      const ext = (blob.type.split("/")[1] || "png").replace("jpeg", "jpg");
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const placed = await added(() => api.addMediaBytes(bytes, `pasted-image.${ext}`));
      if (placed) insertAt(field, markdown(placed), at);
      return placed;
    },
    /** For the cover: an image and its description, from the file dialog or a path. */
    async pick(path = null) {
      if (!path) {
        path = await api.pickOpenFile({ title: "Choose a cover image", directory: lastDir(), filters: FILTERS }).catch((err) => {
          notify(err.message, null, "error");
          return null;
        });
        if (!path) return null;
        rememberDir(path);
      }
      return added(() => api.addMediaFile(path));
    },
  };
}
