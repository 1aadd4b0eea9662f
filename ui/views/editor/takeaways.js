//! The post's key takeaways as a list of cards: one line of inline Markdown
//! each; Enter in one adds the next.

import { h, autoGrow, setAttr, setText } from "../../dom.js";
import { CardList } from "../cards.js";

/**
 * @param {object} o
 * @param {() => object} o.post     the open post (live)
 * @param {() => void} o.edited     tells the editor the post changed
 * @param {Function} o.notify       shows a short message (undo of a removal…)
 */
export function createTakeaways({ post, edited, notify }) {
  const list = h("ol", { class: "takeaway-list", "aria-label": "Key takeaways", "data-testid": "takeaways" });
  const addButton = h(
    "button",
    { type: "button", class: "add", "data-testid": "add-takeaway", onclick: () => cards.add("") },
    "+ Add takeaway",
  );
  const cards = new CardList({
    root: list,
    noun: "takeaway",
    items: () => post().takeaways,
    addButton,
    onChange: edited,
    notify,
    renderFields: (text, card) => {
      // A textarea that wraps a long takeaway over lines and grows with it;
      // the takeaway stays one line of text (Enter adds the next one).
      const input = h("textarea", {
        rows: 1,
        class: "takeaway-input",
        placeholder: "One line of inline Markdown, e.g. **Transparency** is a necessity.",
        "data-testid": "takeaway",
        "data-role": "text",
        "data-one-line": "true",
      });
      input.value = text;
      autoGrow(input);
      input.addEventListener("input", () => {
        const value = input.value.replace(/\n/g, " ");
        post().takeaways[Number(card.dataset.index)] = value;
        cards.itemChanged(card, value);
        edited();
      });
      input.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && !e.altKey) {
          e.preventDefault();
          cards.add("");
        }
      });
      return [h("label", { class: "visually-hidden" }), input];
    },
    /** The takeaway's id and label by its index `i`. */
    placeFields: (text, i, card) => {
      const id = `takeaway-${i}`;
      const input = card.querySelector("[data-role=text]");
      setAttr(input, "id", id);
      const label = card.querySelector("label");
      setAttr(label, "for", id);
      setText(label, `Takeaway ${i + 1}`);
    },
  });

  return {
    element: h(
      "section",
      { class: "block", "aria-labelledby": "takeaways-title" },
      h("h2", { id: "takeaways-title" }, "Key takeaways"),
      list,
      addButton,
    ),
    /** Draws the open post's takeaways. */
    render: () => cards.render(),
  };
}
