//! The post's title and its slug. While the slug follows the title it is the
//! core's `slugify` of it; typing in the slug sets it by hand, and "Follow the
//! title" goes back. `draft.slugFollows` holds which of the two it is.

import * as api from "../../api.js";
import { h, debounce, autoGrow, setValue } from "../../dom.js";

/**
 * @param {object} o
 * @param {object} o.draft           the open post's draft (its `slugFollows`)
 * @param {() => object} o.post      the open post (live)
 * @param {() => void} o.edited      tells the editor the post changed
 * @param {() => void} o.onEnter     Enter in the title (it is one line): moves on
 */
export function createTitle({ draft, post, edited, onEnter }) {
  const title = h("textarea", {
    id: "title",
    class: "title-input",
    rows: 1,
    placeholder: "Title",
    "data-testid": "title",
    "data-one-line": "true",
    spellcheck: "true",
  });
  const fit = autoGrow(title);
  title.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      onEnter();
    }
  });
  title.addEventListener("input", () => {
    post().title = title.value.replace(/\n/g, " ");
    if (draft.slugFollows) deriveSlug();
    edited();
  });

  const slug = h("input", {
    id: "slug",
    class: "slug-input",
    type: "text",
    spellcheck: "false",
    autocomplete: "off",
    "data-testid": "slug",
  });
  const slugNote = h("span", { class: "slug-note" });
  const followButton = h(
    "button",
    {
      type: "button",
      class: "link",
      "data-testid": "slug-follow",
      onclick: () => {
        draft.slugFollows = true;
        deriveSlug.now();
        showSlugState();
        edited();
      },
    },
    "Follow the title",
  );
  slug.addEventListener("input", () => {
    draft.slugFollows = false;
    post().slug = slug.value;
    showSlugState();
    edited();
  });
  const deriveSlug = debounce(async () => {
    const p = post();
    if (!p || !draft.slugFollows) return;
    try {
      const derived = await api.slugify(p.title);
      if (p === post() && draft.slugFollows) {
        p.slug = derived;
        slug.value = derived;
      }
    } catch {
      /* the save will report a bad title */
    }
  }, 120);
  function showSlugState() {
    slugNote.textContent = draft.slugFollows ? "follows the title" : "set by hand";
    followButton.hidden = draft.slugFollows;
  }

  return {
    titleField: h("div", { class: "field field-title" }, h("label", { for: "title", class: "visually-hidden" }, "Title"), title),
    slugRow: h("div", { class: "slug-row" }, h("label", { for: "slug" }, "Slug"), slug, slugNote, followButton),
    /** Fills both from the post `p`. */
    show(p) {
      setValue(title, p.title);
      setValue(slug, p.slug);
      showSlugState();
      if (draft.slugFollows && p.title) deriveSlug.now();
    },
    /** After a save: the slug the store kept, unless it is being typed. */
    stored(p) {
      if (document.activeElement !== slug) slug.value = p.slug;
    },
    /** Refits the title's height to its text. */
    fit,
    focus: () => title.focus(),
  };
}
