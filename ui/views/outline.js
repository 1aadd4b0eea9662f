//! The outline of a long post: one line per section (number, heading, the
//! core's word count for it), above the editor's column of cards. A click
//! (or Enter) jumps to the section and puts the focus in its heading; ↑/↓
//! walk the list; Alt+↑/↓ or dragging a line reorders the sections there —
//! through the section list's own move, so it is one edit like any other.

import { h, number, setAttr, setText } from "../dom.js";

const OPEN_KEY = "quire.outline.open";

/**
 * @param {object} o
 * @param {() => object[]} o.items          the post's sections (live)
 * @param {(from: number, to: number) => void} o.move   moves a section (no focus change)
 * @param {(index: number) => void} o.jump  scrolls to a section and focuses it
 */
export function createOutline({ items, move, jump }) {
  const list = h("ol", { class: "outline-list", "data-testid": "outline-list" });
  const count = h("span", { class: "outline-count" });
  const toggle = h(
    "button",
    {
      type: "button",
      class: "outline-toggle",
      "aria-expanded": "true",
      "aria-controls": "outline-list",
      "data-testid": "outline-toggle",
      onclick: () => setOpen(toggle.getAttribute("aria-expanded") !== "true"),
    },
    h("span", { class: "outline-caret", "aria-hidden": "true" }, "▾"),
    "Outline",
    count,
  );
  list.id = "outline-list";
  const hint = h("span", { class: "outline-hint" }, "Alt+↑/↓ or drag to reorder");
  const element = h(
    "nav",
    { class: "outline", "aria-label": "Outline of the sections", "data-testid": "outline", hidden: true },
    h("div", { class: "outline-head" }, toggle, hint),
    list,
  );

  let words = [];
  let current = -1;
  let dragFrom = null;

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", String(open));
    list.hidden = !open;
    hint.hidden = !open;
    localStorage.setItem(OPEN_KEY, open ? "1" : "0");
  }
  setOpen(localStorage.getItem(OPEN_KEY) !== "0");

  function render() {
    const sections = items();
    element.hidden = sections.length === 0;
    setText(count, ` · ${sections.length} ${sections.length === 1 ? "section" : "sections"}`);
    // Keep the focus on the same line across a redraw (a move, a heading typed).
    const focused = list.contains(document.activeElement) ? Number(document.activeElement.dataset.index) : null;
    // The lines are kept and only what differs is written: a move rewrites two.
    while (list.children.length > sections.length) list.lastElementChild.remove();
    while (list.children.length < sections.length) list.append(line());
    sections.forEach((section, i) => fill(list.children[i], section, i));
    if (focused !== null) focusLine(focused);
  }

  /** An empty line; `fill` gives it a section. Its handlers read its index when they run. */
  function line() {
    const at = () => Number(li.dataset.index);
    const button = h(
      "button",
      { type: "button", class: "outline-item", "data-testid": "outline-item", onclick: () => jump(at()) },
      h("span", { class: "outline-number", "aria-hidden": "true" }),
      h("span", { class: "outline-title" }),
      h("span", { class: "outline-words", "data-testid": "outline-words" }),
    );
    const li = h("li", { draggable: "true" }, button);
    li.addEventListener("dragstart", (e) => {
      const i = at();
      dragFrom = i;
      li.classList.add("dragging");
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", String(i));
    });
    li.addEventListener("dragend", () => {
      dragFrom = null;
      li.classList.remove("dragging");
      clearMarks();
    });
    li.addEventListener("dragover", (e) => {
      if (dragFrom === null) return;
      e.preventDefault();
      clearMarks();
      li.classList.add(isAfter(li, e) ? "drop-after" : "drop-before");
    });
    li.addEventListener("drop", (e) => {
      if (dragFrom === null) return;
      e.preventDefault();
      let to = at() + (isAfter(li, e) ? 1 : 0);
      if (to > dragFrom) to -= 1;
      const from = dragFrom;
      dragFrom = null;
      move(from, to);
      focusLine(to);
    });
    return li;
  }

  /** Shows section `section`, the `i`th, on the line `li`. */
  function fill(li, section, i) {
    const heading = section.heading.trim();
    const label = heading || firstWords(section.body) || "Untitled section";
    const button = li.firstElementChild;
    const [numberEl, titleEl, wordsEl] = button.children;
    setAttr(li, "data-index", String(i));
    setAttr(button, "data-index", String(i));
    if (i === current) setAttr(button, "aria-current", "location");
    else if (button.hasAttribute("aria-current")) button.removeAttribute("aria-current");
    setAttr(button, "title", label);
    setText(numberEl, String(i + 1));
    setText(titleEl, label);
    titleEl.classList.toggle("untitled", !heading);
    setText(wordsEl, wordsText(i));
  }

  const wordsText = (i) => (words[i] == null ? "" : number(words[i]));
  const isAfter = (el, e) => {
    const box = el.getBoundingClientRect();
    return e.clientY > box.top + box.height / 2;
  };
  const clearMarks = () =>
    list.querySelectorAll(".drop-before, .drop-after").forEach((el) => el.classList.remove("drop-before", "drop-after"));

  function focusLine(i) {
    const button = list.querySelector(`.outline-item[data-index="${i}"]`);
    button?.focus({ preventScroll: true });
    reveal(button);
  }

  // Scrolls the list alone (scrollIntoView would scroll the pane around it too).
  function reveal(el) {
    if (!el || list.hidden) return;
    const top = el.offsetTop;
    const bottom = top + el.offsetHeight;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (bottom > list.scrollTop + list.clientHeight) list.scrollTop = bottom - list.clientHeight;
  }

  list.addEventListener("keydown", (e) => {
    const button = e.target.closest(".outline-item");
    if (!button || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    e.preventDefault();
    const from = Number(button.dataset.index);
    const to = from + (e.key === "ArrowUp" ? -1 : 1);
    if (to < 0 || to >= items().length) return;
    if (e.altKey) move(from, to);
    focusLine(to);
  });

  return {
    element,
    render,
    /** The core's word count of each section (the preview's `section_words`). */
    setWords(counts) {
      words = counts || [];
      list.querySelectorAll(".outline-words").forEach((el, i) => setText(el, wordsText(i)));
    },
    /** Marks the section the caret is in. */
    setCurrent(i) {
      if (i === current) return;
      current = i;
      list.querySelectorAll(".outline-item").forEach((el, j) => {
        if (j === i) el.setAttribute("aria-current", "location");
        else el.removeAttribute("aria-current");
      });
      reveal(list.querySelector("[aria-current]"));
    },
  };
}

/** A heading-less section's label: the start of its text, markup aside. */
function firstWords(body) {
  const text = body.replace(/[#*_`>[\]()!-]+/g, " ").replace(/\s+/g, " ").trim();
  return text.length > 48 ? `${text.slice(0, 48)}…` : text;
}
