//! An ordered list of cards the editor can add to, remove from (with undo)
//! and reorder — by the ↑/↓ buttons, by Alt+↑/↓ from inside a card, and by
//! dragging the handle. Sections and key takeaways are both such lists; the
//! caller says how one card's fields look.

import { h, setAttr, setText } from "../dom.js";

export class CardList {
  /**
   * @param {object} o
   * @param {HTMLElement} o.root        the <ol> to fill
   * @param {string} o.noun             "section" / "takeaway", for labels
   * @param {() => any[]} o.items       the live array in the post
   * @param {(item, card) => Node} o.renderFields  a new card's fields
   * @param {(item, index, card) => void} o.placeFields  sets what in the fields carries the
   *        card's index (ids, labels) — on a new card and on one kept and moved
   * @param {() => void} o.onChange     called after any add/remove/move (and by fields on input)
   * @param {(text, undo) => void} o.notify  shows "removed" with an Undo action
   * @param {(item, card) => Node[]} [o.renderTools]  more controls before the card's number
   * @param {(from, to) => void} [o.onMoved]  told after a move, before the focus is put back
   */
  constructor(o) {
    Object.assign(this, o);
    this.dragFrom = null;
    this.itemOf = new WeakMap(); // card → the item it shows
    this.parts = new WeakMap(); // card → its number and buttons
    this.root.classList.add("cards");
    this.root.addEventListener("keydown", (e) => this.onKey(e));
  }

  /**
   * Draws the list: the cards of items still there are kept (a section by
   * its object, a takeaway by its text) and moved into place, only new items
   * get new cards — rebuilding 22 cards of a long post re-laid out all its
   * text. Whatever carries a card's position is set again on every card.
   */
  render() {
    const items = this.items();
    const spare = new Map(); // item → its cards now shown, in order
    for (const card of this.root.children) {
      const key = this.itemOf.get(card);
      spare.set(key, [...(spare.get(key) || []), card]);
    }
    const cards = items.map((item) => spare.get(item)?.shift() ?? this.card(item));
    for (const left of spare.values()) for (const card of left) card.remove();
    arrange(this.root, cards);
    cards.forEach((card, i) => this.place(card, items[i], i, items.length));
  }

  /** Tells the list that the card now shows `item` (a takeaway's text typed in place). */
  itemChanged(card, item) {
    this.itemOf.set(card, item);
  }

  /** A new card for `item`; `place` gives it its position. */
  card(item) {
    const card = h("li", { class: `card card-${this.noun}` });
    this.itemOf.set(card, item);
    const at = () => Number(card.dataset.index);
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
      this.dragFrom = at();
      card.classList.add("dragging");
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", String(at()));
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
      let to = at() + (this.isAfter(card, e) ? 1 : 0);
      if (to > this.dragFrom) to -= 1;
      this.move(this.dragFrom, to);
    });
    card.addEventListener("animationend", () => card.classList.remove("moved"));

    const number = h("span", { class: "card-number", "aria-hidden": "true" });
    const button = (role, label, title, onclick) =>
      h(
        "button",
        {
          type: "button",
          class: role === "remove" ? "icon danger" : "icon",
          title,
          "data-testid": `${this.noun}-${role}`,
          "data-role": role === "remove" ? null : role,
          onclick,
        },
        label,
      );
    const up = button("up", "↑", "Move up (Alt+↑)", () => this.move(at(), at() - 1, "[data-role=up]"));
    const down = button("down", "↓", "Move down (Alt+↓)", () => this.move(at(), at() + 1, "[data-role=down]"));
    const remove = button("remove", "✕", `Remove this ${this.noun}`, () => this.remove(at()));
    this.parts.set(card, { number, up, down, remove });
    const tools = h("div", { class: "card-tools" }, this.renderTools?.(item, card), number, up, down, remove);
    card.append(handle, h("div", { class: "card-fields" }, this.renderFields(item, card)), tools);
    return card;
  }

  /** Sets what carries the card's position `index` of `count`, then the caller's own (`placeFields`). */
  place(card, item, index, count) {
    const n = index + 1;
    const { number, up, down, remove } = this.parts.get(card);
    setAttr(card, "data-index", String(index));
    setText(number, String(n));
    setAttr(up, "aria-label", `Move ${this.noun} ${n} up`);
    if (up.disabled !== (index === 0)) up.disabled = index === 0;
    setAttr(down, "aria-label", `Move ${this.noun} ${n} down`);
    if (down.disabled !== (index === count - 1)) down.disabled = index === count - 1;
    setAttr(remove, "aria-label", `Remove ${this.noun} ${n}`);
    this.placeFields(item, index, card);
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

  /**
   * Moves the card at `from` to `to`, then puts the focus back where it was
   * (`{focus: false}`: leaves the focus alone, for a move made from elsewhere).
   */
  move(from, to, focusSelector = null, focused = null, { focus = true } = {}) {
    const items = this.items();
    if (to < 0 || to >= items.length || from === to) return;
    const caret = focused && "selectionStart" in focused ? focused.selectionStart : null;
    const [item] = items.splice(from, 1);
    items.splice(to, 0, item);
    this.render();
    this.onChange();
    const card = this.root.children[to];
    if (card?.classList.contains("moved")) {
      // Moved again before its highlight faded: start the highlight over.
      card.classList.remove("moved");
      requestAnimationFrame(() => card.classList.add("moved"));
    } else card?.classList.add("moved");
    this.onMoved?.(from, to);
    if (!focus) return;
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

/**
 * Puts `cards` in `root` in that order, moving as few as it can: the cards
 * already in order (the longest run of increasing old positions) stay, and
 * only the others are moved — moving one card re-lays out its text.
 */
function arrange(root, cards) {
  const old = new Map([...root.children].map((el, i) => [el, i]));
  const stay = new Set(longestIncreasing(cards.map((c) => old.get(c) ?? -1)).map((i) => cards[i]));
  let next = null; // the card after the one being placed, from the end
  for (let i = cards.length - 1; i >= 0; i--) {
    const card = cards[i];
    if (!stay.has(card) || card.parentNode !== root) root.insertBefore(card, next);
    next = card;
  }
}

/** The indexes into `xs` of a longest strictly increasing run of its values ≥ 0. */
function longestIncreasing(xs) {
  const tails = []; // tails[k]: index of the smallest last value of a run of length k+1
  const prev = new Array(xs.length).fill(-1);
  xs.forEach((x, i) => {
    if (x < 0) return;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[tails[mid]] < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  });
  const run = [];
  for (let i = tails.at(-1) ?? -1; i >= 0; i = prev[i]) run.push(i);
  return run.reverse();
}

const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);
