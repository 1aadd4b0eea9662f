//! The cover field (an image above the text and in link previews) and the
//! list of the images the post uses, and where.

import * as api from "../../api.js";
import { h, debounce, setValue } from "../../dom.js";
import { imageUrl } from "../images.js";

/**
 * @param {object} o
 * @param {() => object} o.post     the open post (live)
 * @param {() => void} o.edited     tells the editor the post changed
 * @param {object} o.images         the image placer (`pick(path)`)
 */
export function createCover({ post, edited, images }) {
  const thumb = h("img", { class: "cover-thumb", alt: "", hidden: true, "data-testid": "cover-thumb" });
  const alt = h("input", {
    id: "cover-alt",
    type: "text",
    autocomplete: "off",
    placeholder: "Alternative text",
    "aria-label": "Cover alternative text",
    "data-testid": "cover-alt",
    "data-one-line": "true",
  });
  const caption = h("input", {
    id: "cover-caption",
    type: "text",
    autocomplete: "off",
    placeholder: "Caption (optional)",
    "data-testid": "cover-caption",
    "aria-label": "Cover caption",
  });
  const chooseButton = h(
    "button",
    { id: "cover", type: "button", class: "small", "data-testid": "cover-choose", onclick: () => choose() },
    "Choose…",
  );
  const removeButton = h(
    "button",
    {
      type: "button",
      class: "link",
      "data-testid": "cover-remove",
      onclick: () => {
        post().cover = null;
        show();
        edited();
      },
    },
    "Remove",
  );
  const details = h("div", { class: "cover-details" }, alt, caption);
  const element = h(
    "div",
    { class: "cover-field", "data-testid": "cover-field", "data-drop": "cover" },
    thumb,
    h("div", { class: "cover-side" }, h("div", { class: "row" }, chooseButton, removeButton), details),
  );
  for (const [input, key] of [
    [alt, "alt"],
    [caption, "caption"],
  ]) {
    input.addEventListener("input", () => {
      if (!post().cover) return;
      post().cover[key] = input.value;
      edited();
    });
  }
  function show() {
    const c = post().cover;
    const name = c?.src?.replace(/^media\//, "");
    thumb.hidden = !c;
    if (c && thumb.getAttribute("src") !== imageUrl(name)) thumb.src = imageUrl(name);
    setValue(alt, c?.alt || "");
    setValue(caption, c?.caption || "");
    details.hidden = !c;
    removeButton.hidden = !c;
    chooseButton.textContent = c ? "Change…" : "Choose…";
  }
  /** Makes the image of `path` (or one from the file dialog) the cover. */
  async function choose(path = null) {
    const placed = await images.pick(path);
    if (!placed) return;
    post().cover = { src: `media/${placed.media.name}`, alt: placed.alt, caption: post().cover?.caption || "" };
    show();
    edited();
  }

  return { element, show, choose };
}

/**
 * "Images in this post": each image the post uses, where, and whether it is
 * stored in Quire. Hidden while the post uses none.
 * @param {object} o
 * @param {() => object} o.post     the open post (live)
 */
export function createImageList({ post }) {
  const list = h("ul", { class: "image-list", "data-testid": "image-list" });
  const element = h(
    "section",
    { class: "block images-block", "aria-labelledby": "images-title", hidden: true },
    h("h2", { id: "images-title" }, "Images in this post"),
    list,
  );
  async function show() {
    const p = post();
    if (!p) return;
    const found = await api.postImages(p).catch(() => []);
    if (p !== post()) return;
    element.hidden = found.length === 0;
    list.replaceChildren(...found.map(imageRow));
  }

  return {
    element,
    /** Lists the post's images now. */
    show,
    /** Lists them again once the typing pauses. */
    showSoon: debounce(show, 400),
  };
}

function imageRow(img) {
  return h(
    "li",
    { class: "image-row", "data-testid": "image-row" },
    img.media
      ? h("img", { src: imageUrl(img.name), alt: "", class: "image-row-thumb" })
      : h("span", { class: "image-row-thumb missing" }, "?"),
    h(
      "div",
      {},
      h("strong", {}, `media/${img.name}`),
      h(
        "p",
        { class: "muted" },
        img.media
          ? `${img.media.width} × ${img.media.height} · used in ${img.places.join(", ")}`
          : `not stored in Quire · used in ${img.places.join(", ")}`,
      ),
      img.media?.has_gps
        ? h("p", { class: "image-gps", "data-testid": "image-row-gps" }, "Holds its GPS position: exports leave it out.")
        : null,
    ),
  );
}
