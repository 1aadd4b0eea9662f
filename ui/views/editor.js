//! The editor pane: the post's fields, its sections and key takeaways, the
//! outline above them and the empty state when no post is open. Each part
//! lives in `editor/` and writes its edits straight into `draft.post`; this
//! file puts them in order, tells the draft of each edit and wires the
//! outline. It owns no rules — the slug shown while it follows the title
//! comes from the core's `slugify`, word counts come from the preview render.

import { h, fitHeights } from "../dom.js";
import { createOutline } from "./outline.js";
import { createCover, createImageList } from "./editor/cover.js";
import { createDetails } from "./editor/details.js";
import { createEmptyState } from "./editor/empty.js";
import { createSections } from "./editor/sections.js";
import { createSummary } from "./editor/summary.js";
import { createTakeaways } from "./editor/takeaways.js";
import { createTitle } from "./editor/title.js";

export function createEditor(root, { draft, onEdit, notify, onDelete, images, onSection }) {
  const post = () => draft.post;
  const edited = () => {
    draft.changed();
    onEdit();
    redrawOutline();
  };

  const summary = createSummary({ post, edited });
  const title = createTitle({ draft, post, edited, onEnter: () => summary.focus() });
  const cover = createCover({ post, edited, images });
  const details = createDetails({ post, edited, cover: cover.element });
  const imageList = createImageList({ post });
  const sections = createSections({
    post,
    edited,
    notify,
    images,
    onBodiesChanged: imageList.showSoon,
    onMoved: (to, words) => {
      outline.setWords(words);
      follow(to);
    },
  });
  const takeaways = createTakeaways({ post, edited, notify });

  const deleteButton = h(
    "button",
    { type: "button", class: "quiet danger", "data-testid": "delete-post", onclick: () => onDelete() },
    "Move to Trash",
  );

  const form = h(
    "form",
    { class: "editor-form", autocomplete: "off", onsubmit: (e) => e.preventDefault() },
    title.titleField,
    title.slugRow,
    summary.element,
    details.element,
    sections.element,
    takeaways.element,
    imageList.element,
    h("div", { class: "form-end" }, deleteButton),
  );
  const empty = createEmptyState();
  const banner = h("div", { class: "save-banner", role: "alert", hidden: true, "data-testid": "save-banner" });
  const scroller = h("div", { class: "editor-scroll" }, form, empty);

  // The outline above the column of cards, and the section the caret is in.
  const outline = createOutline({
    items: () => post().sections,
    move: (from, to) => sections.move(from, to),
    jump: (i) => {
      const card = sections.list.children[i];
      if (!card) return;
      const top = card.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
      scroller.scrollTop += top - 12;
      card.querySelector("[data-role=heading]")?.focus({ preventScroll: true });
    },
  });
  let outlineFrame = 0;
  function redrawOutline() {
    cancelAnimationFrame(outlineFrame);
    outlineFrame = requestAnimationFrame(() => post() && outline.render());
  }
  let currentSection = -1;
  function follow(i) {
    currentSection = i;
    outline.setCurrent(i);
    onSection?.(i);
  }
  form.addEventListener("focusin", (e) => {
    const card = e.target.closest("li.card-section");
    if (card && card.parentElement === sections.list) follow(Number(card.dataset.index));
  });
  // A wider or narrower pane rewraps the text: refit every growing textarea.
  let lastWidth = 0;
  new ResizeObserver(([entry]) => {
    const width = Math.round(entry.contentRect.width);
    if (width === lastWidth) return;
    lastWidth = width;
    form.classList.toggle("narrow", width < 520);
    requestAnimationFrame(() => fitHeights(form.querySelectorAll("textarea")));
  }).observe(form);
  root.replaceChildren(banner, outline.element, scroller);

  let fitted = false; // whether `show` has fitted the title's and summary's heights yet
  const headText = () => [...form.querySelectorAll("#title, #summary")].map((el) => el.value).join("\0");
  function show() {
    const p = post();
    form.hidden = !p;
    empty.hidden = Boolean(p);
    outline.element.hidden = !p || p.sections.length === 0;
    if (!p) return;
    const shown = headText();
    title.show(p);
    summary.show(p);
    details.show(p);
    cover.show();
    imageList.show();
    sections.render();
    outline.render();
    currentSection = -1;
    outline.setCurrent(-1);
    takeaways.render();
    deleteButton.hidden = p.id == null;
    // A refit lays out the whole form: only when their text changed (a new width is the observer's).
    if (!fitted || headText() !== shown) {
      fitted = true;
      requestAnimationFrame(() => {
        title.fit();
        summary.fit();
      });
    }
  }

  /** Draws the sections (and their outline), the takeaways and the images they show again, the rest left as it is. */
  function showLists() {
    sections.render();
    outline.render();
    takeaways.render();
    imageList.show(); // a section taken out or brought back may hold an image
  }

  /** After a save: show what the store decided (the slug), without touching what is being typed. */
  function stored() {
    const p = post();
    if (!p) return;
    title.stored(p);
    deleteButton.hidden = p.id == null;
  }

  return {
    show,
    showLists,
    stored,
    /** A message (and its buttons) above the form for a save that failed; null hides it. */
    setBanner(content) {
      banner.replaceChildren(...(content ? [content] : []));
      banner.hidden = !content;
    },
    rememberTitles: (rows) => details.rememberTitles(rows),
    /** The core's word count of each section (a preview result's `section_words`). */
    setSectionWords(counts) {
      outline.setWords(sections.setWords(counts));
    },
    /** The section the caret is in (-1: none). */
    currentSection: () => currentSection,
    focusTitle: () => title.focus(),
    /** Makes the file at `path` the post's cover (a drop on the cover field). */
    coverFrom: (path) => cover.choose(path),
    /** Lists the post's images again (after one was added). */
    relistImages: () => imageList.show(),
    element: form,
  };
}
