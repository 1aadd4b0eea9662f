//! What the editor pane shows while no post is open: how to open or start
//! one, and the keyboard shortcuts.

import { h } from "../../dom.js";

const SHORTCUTS = [
  ["Ctrl+N", "new post"],
  ["Ctrl+S", "save now (it also saves a second after you stop typing)"],
  ["Ctrl+Shift+F", "search posts"],
  ["Ctrl+F / Ctrl+H", "find / replace in the open post"],
  ["Ctrl+Z / Ctrl+Y", "undo / redo"],
  ["Ctrl+K", "link to one of your posts or a URL"],
  ["Ctrl+P", "show or hide the preview"],
  ["Ctrl+E", "export"],
  ["Alt+↑ / Alt+↓", "move the section or takeaway you are in"],
];

export function createEmptyState() {
  return h(
    "div",
    { class: "empty-editor" },
    h("p", {}, "No post is open."),
    h("p", { class: "muted" }, "Pick one from the list, or press Ctrl+N to start a new one."),
    h(
      "dl",
      { class: "shortcuts", "aria-label": "Keyboard shortcuts" },
      ...SHORTCUTS.flatMap(([key, what]) => [h("dt", {}, h("kbd", {}, key)), h("dd", {}, what)]),
    ),
  );
}
