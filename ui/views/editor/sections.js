//! The post's sections as a list of cards: a heading and a Markdown body
//! each, the core's word count on each card, and cards folded to their
//! heading — remembered for each post for the whole session.

import { h, autoGrow, fitHeights, number, setAttr, setText } from "../../dom.js";
import { CardList } from "../cards.js";

/**
 * @param {object} o
 * @param {() => object} o.post          the open post (live)
 * @param {() => void} o.edited          tells the editor the post changed
 * @param {Function} o.notify            shows a short message (undo of a removal…)
 * @param {object} o.images              the image placer (`fromFile(textarea)`)
 * @param {() => void} o.onBodiesChanged  a body was typed in, or a section added, removed or moved (what the post's images list shows)
 * @param {(to: number, words: number[]) => void} o.onMoved  a section moved to `to`; the counts moved with it
 */
export function createSections({ post, edited, notify, images, onBodiesChanged, onMoved }) {
  const list = h("ol", { class: "section-list", "aria-label": "Sections", "data-testid": "sections" });
  const addButton = h(
    "button",
    { type: "button", class: "add", "data-testid": "add-section", onclick: () => cards.add({ heading: "", body: "" }) },
    "+ Add section",
  );
  // Per-section word counts (the core's, from the preview render) and
  // collapsed cards: kept for each post for the whole session.
  let words = [];
  const collapsed = new WeakSet(); // the post's section objects shown folded
  const foldedByPost = new Map(); // post id (or the unsaved post) → indexes folded
  const postKey = () => post().id ?? post();
  function rememberFolds() {
    const folded = post().sections.flatMap((sec, i) => (collapsed.has(sec) ? [i] : []));
    foldedByPost.set(postKey(), folded);
  }
  const wordsText = (i) => (words[i] == null ? "" : `${number(words[i])} ${words[i] === 1 ? "word" : "words"}`);
  const showWords = () => list.querySelectorAll(".section-words").forEach((el, i) => setText(el, wordsText(i)));
  function setFolded(card, section, folded) {
    if (folded) collapsed.add(section);
    else collapsed.delete(section);
    card.classList.toggle("collapsed", folded);
    const toggle = card.querySelector("[data-role=fold]");
    toggle.setAttribute("aria-expanded", String(!folded));
    toggle.textContent = folded ? "▸" : "▾";
    rememberFolds();
    if (!folded) requestAnimationFrame(() => fitHeights(card.querySelectorAll("textarea")));
  }

  const cards = new CardList({
    root: list,
    noun: "section",
    items: () => post().sections,
    addButton,
    onChange: () => {
      edited();
      onBodiesChanged();
    },
    notify,
    onMoved: (from, to) => {
      // The counts travel with their sections until the next render brings the core's.
      const [moved] = words.splice(from, 1);
      words.splice(to, 0, moved);
      showWords();
      rememberFolds();
      onMoved(to, words);
    },
    renderTools: (section, card) => [
      h("span", { class: "section-words", "data-testid": "section-words" }),
      h(
        "button",
        {
          type: "button",
          class: "icon fold",
          title: "Fold to its heading, or unfold",
          "data-testid": "section-fold",
          "data-role": "fold",
          onclick: () => setFolded(card, section, !collapsed.has(section)),
        },
      ),
    ],
    renderFields: (section) => sectionFields(section),
    placeFields: placeSection,
  });

  /** A new card's heading and body; `placeSection` gives them their ids. */
  function sectionFields(section) {
    // A textarea that grows, so a long heading shows whole; Enter moves on to the body.
    const heading = h("textarea", {
      rows: 1,
      class: "section-heading",
      placeholder: "Section heading",
      "data-testid": "section-heading",
      "data-role": "heading",
      "data-one-line": "true",
    });
    heading.value = section.heading;
    autoGrow(heading);
    heading.addEventListener("input", () => {
      section.heading = heading.value.replace(/\n/g, " ");
      edited();
    });
    heading.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.altKey) {
        e.preventDefault();
        body.focus();
      }
    });
    const body = h("textarea", {
      class: "section-body",
      rows: 4,
      placeholder: "Write in Markdown: **bold**, _italic_, [links](https://…), ### sub-headings, lists…",
      "data-testid": "section-body",
      "data-role": "body",
    });
    body.value = section.body;
    autoGrow(body);
    body.addEventListener("input", () => {
      section.body = body.value;
      edited();
      onBodiesChanged();
    });
    const addImage = h(
      "button",
      { type: "button", class: "small add-image", "data-testid": "add-image", onclick: () => images.fromFile(body) },
      "Add image…",
    );
    return [
      h("label", { class: "visually-hidden", "data-role": "heading-label" }),
      heading,
      h("label", { class: "visually-hidden", "data-role": "body-label" }),
      body,
      h("div", { class: "card-extras" }, addImage),
    ];
  }

  /** What in a section's card carries its index `i`, its fold and its count; its text if the post's differs (a Replace all). */
  function placeSection(section, i, card) {
    const at = (role) => card.querySelector(`[data-role=${role}]`);
    const headingId = `section-heading-${i}`;
    const bodyId = `section-body-${i}`;
    const heading = at("heading");
    const body = at("body");
    setAttr(heading, "id", headingId);
    setAttr(body, "id", bodyId);
    setAttr(at("heading-label"), "for", headingId);
    setText(at("heading-label"), `Section ${i + 1} heading`);
    setAttr(at("body-label"), "for", bodyId);
    setText(at("body-label"), `Section ${i + 1} body (Markdown)`);
    const stale = [];
    if (heading.value.replace(/\n/g, " ") !== section.heading) stale.push(heading);
    if (body.value !== section.body) stale.push(body);
    if (stale.length) {
      heading.value = section.heading;
      body.value = section.body;
      requestAnimationFrame(() => fitHeights(stale));
    }
    const folded = collapsed.has(section);
    if (card.classList.contains("collapsed") !== folded) card.classList.toggle("collapsed", folded);
    const fold = at("fold");
    setAttr(fold, "aria-label", `Fold section ${i + 1}`);
    setAttr(fold, "aria-controls", bodyId);
    setAttr(fold, "aria-expanded", String(!folded));
    setText(fold, folded ? "▸" : "▾");
    setText(card.querySelector(".section-words"), wordsText(i));
  }

  return {
    element: h(
      "section",
      { class: "block", "aria-labelledby": "sections-title" },
      h("h2", { id: "sections-title" }, "Sections"),
      list,
      addButton,
    ),
    /** The `<ol>` of section cards. */
    list,
    /** Draws the open post's sections, folded as they were left. */
    render() {
      const p = post();
      for (const i of foldedByPost.get(postKey()) || []) if (p.sections[i]) collapsed.add(p.sections[i]);
      cards.render();
    },
    /** Moves a section without moving the focus (the outline's reorder). */
    move: (from, to) => cards.move(from, to, null, null, { focus: false }),
    /** The core's word count of each section; returns them as kept. */
    setWords(counts) {
      words = counts || [];
      showWords();
      return words;
    },
  };
}
