//! An ordered list of cards the editor can add to, remove from (with undo)
//! and reorder — by the ↑/↓ buttons, by Alt+↑/↓ from inside a card, and by
//! dragging the handle. Sections and key takeaways are both such lists; the
//! caller says how one card's fields look.

import { h } from "../dom.js";

export class CardList {
  /**
   * @param {object} o
   * @param {HTMLElement} o.root        the <ol> to fill
   * @param {string} o.noun             "section" / "takeaway", for labels
   * @param {() => any[]} o.items       the live array in the post
   * @param {(item, index, card) => Node} o.renderFields
   * @param {() => void} o.onChange     called after any add/remove/move (and by fields on input)
   * @param {(text, undo) => void} o.notify  shows "removed" with an Undo action
   */
  constructor(o) {
    Object.assign(this, o);
    this.dragFrom = null;
    this.root.classList.add("cards");
    this.root.addEventListener("keydown", (e) => this.onKey(e));
  }

  render() {
    const items = this.items();
    this.root.replaceChildren(...items.map((item, i) => this.card(item, i, items.length)));
  }

  card(item, index, count) {
    const n = index + 1;
    const card = h("li", { class: `card card-${this.noun}`, dataset: { index } });
    const handle = h(
      "span",
      { class: "handle", title: `Drag to move this ${this.noun}`, "aria-hidden": "true" },
      "⠿",
    );
    // Only the handle starts a drag: elsewhere the mouse selects text as usual.
    handle.addEventListener("pointerdown", () => (card.draggable = true));
    handle.addEventListener("pointerup", () => (card.draggable = false));
    card.addEventListener("pointerdown", (e) => {
      if (!e.target.closest(".handle")) card.draggable = false;
    });
    card.addEventListener("dragstart", (e) => {
      this.dragFrom = index;
      card.classList.add("dragging");
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", String(index));
    });
    card.addEventListener("dragend", () => {
      card.draggable = false;
      card.classList.remove("dragging");
      this.clearDropMarks();
      this.dragFrom = null;
    });
    card.addEventListener("dragover", (e) => {
      if (this.dragFrom === null) return;
      e.preventDefault();
      const after = this.isAfter(card, e);
      this.clearDropMarks();
      card.classList.add(after ? "drop-after" : "drop-before");
    });
    card.addEventListener("drop", (e) => {
      if (this.dragFrom === null) return;
      e.preventDefault();
      let to = index + (this.isAfter(card, e) ? 1 : 0);
      if (to > this.dragFrom) to -= 1;
      this.move(this.dragFrom, to);
    });

    const tools = h(
      "div",
      { class: "card-tools" },
      h("span", { class: "card-number", "aria-hidden": "true" }, String(n)),
      h(
        "button",
        {
          type: "button",
          class: "icon",
          title: `Move up (Alt+↑)`,
          "aria-label": `Move ${this.noun} ${n} up`,
          "data-testid": `${this.noun}-up`,
          disabled: index === 0,
          onclick: () => this.move(index, index - 1, "[data-role=up]"),
          "data-role": "up",
        },
        "↑",
      ),
      h(
        "button",
        {
          type: "button",
          class: "icon",
          title: `Move down (Alt+↓)`,
          "aria-label": `Move ${this.noun} ${n} down`,
          "data-testid": `${this.noun}-down`,
          disabled: index === count - 1,
          onclick: () => this.move(index, index + 1, "[data-role=down]"),
          "data-role": "down",
        },
        "↓",
      ),
      h(
        "button",
        {
          type: "button",
          class: "icon danger",
          title: `Remove this ${this.noun}`,
          "aria-label": `Remove ${this.noun} ${n}`,
          "data-testid": `${this.noun}-remove`,
          onclick: () => this.remove(index),
        },
        "✕",
      ),
    );
    card.append(handle, h("div", { class: "card-fields" }, this.renderFields(item, index, card)), tools);
    return card;
  }

  isAfter(card, e) {
    const box = card.getBoundingClientRect();
    return e.clientY > box.top + box.height / 2;
  }

  clearDropMarks() {
    for (const el of this.root.querySelectorAll(".drop-before, .drop-after")) {
      el.classList.remove("drop-before", "drop-after");
    }
  }

  onKey(e) {
    if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    const card = e.target.closest("li.card");
    if (!card || card.parentElement !== this.root) return;
    e.preventDefault();
    const from = Number(card.dataset.index);
    const role = e.target.dataset.role;
    this.move(from, from + (e.key === "ArrowUp" ? -1 : 1), role ? `[data-role=${role}]` : null, e.target);
  }

  /** Moves the card at `from` to `to`, then puts the focus back where it was. */
  move(from, to, focusSelector = null, focused = null) {
    const items = this.items();
    if (to < 0 || to >= items.length || from === to) return;
    const caret = focused && "selectionStart" in focused ? focused.selectionStart : null;
    const [item] = items.splice(from, 1);
    items.splice(to, 0, item);
    this.render();
    this.onChange();
    const card = this.root.children[to];
    card?.classList.add("moved");
    const target = focusSelector ? card?.querySelector(focusSelector) : null;
    const fallback = card?.querySelector("[data-role=up]:not(:disabled), [data-role=down]:not(:disabled)");
    const el = target && !target.disabled ? target : fallback;
    el?.focus();
    if (caret !== null && el && "setSelectionRange" in el) el.setSelectionRange(caret, caret);
  }

  remove(index) {
    const items = this.items();
    const [item] = items.splice(index, 1);
    this.render();
    this.onChange();
    const next = this.root.children[Math.min(index, items.length - 1)];
    (next?.querySelector("input, textarea") || this.addButton)?.focus();
    this.notify(`${capitalize(this.noun)} removed.`, () => {
      const live = this.items();
      live.splice(Math.min(index, live.length), 0, item);
      this.render();
      this.onChange();
      this.root.children[index]?.querySelector("input, textarea")?.focus();
    });
  }

  add(item) {
    const items = this.items();
    items.push(item);
    this.render();
    this.onChange();
    const card = this.root.lastElementChild;
    card?.querySelector("input, textarea")?.focus();
    card?.scrollIntoView({ block: "nearest" });
  }
}

const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);
