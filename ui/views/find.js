//! Find & replace inside the open post (Ctrl+F, Ctrl+H): a bar over the
//! editor that looks through the title, summary, section headings and
//! bodies and the takeaways, in that order. The current match is selected
//! in its field, scrolled into view and marked (a textarea paints no
//! selection while the bar has the focus). Replacements go in through
//! insertText on the field, so its own input handler updates the post and
//! the draft saves it.

import { h, debounce } from "../dom.js";
import { markRects } from "./find-mark.js";

const FIELDS = [
  "[data-testid=title]",
  "[data-testid=summary]",
  "[data-testid=section-heading]",
  "[data-testid=section-body]",
  "[data-testid=takeaway]",
].join(",");

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function createFind(pane, { draft }) {
  const query = h("input", {
    type: "text",
    class: "find-input",
    placeholder: "Find in this post",
    autocomplete: "off",
    spellcheck: "false",
    "aria-label": "Find in this post",
    "data-testid": "find-input",
  });
  const count = h("span", { class: "find-count", role: "status", "data-testid": "find-count" });
  const note = h("span", { class: "find-note", role: "status", "data-testid": "find-note" });
  const caseButton = h(
    "button",
    { type: "button", class: "find-case", "aria-pressed": "false", title: "Match case", "data-testid": "find-case" },
    "Aa",
  );
  const iconButton = (label, text, testid, onclick) =>
    h("button", { type: "button", class: "icon", title: label, "aria-label": label, "data-testid": testid, onclick }, text);
  const replacement = h("input", {
    type: "text",
    class: "find-input",
    placeholder: "Replace with",
    autocomplete: "off",
    spellcheck: "false",
    "aria-label": "Replace with",
    "data-testid": "replace-input",
  });
  const replaceRow = h(
    "div",
    { class: "find-row", hidden: true },
    replacement,
    h(
      "div",
      { class: "find-controls" },
      h("button", { type: "button", class: "small", "data-testid": "replace-one", onclick: () => replaceOne() }, "Replace"),
      h("button", { type: "button", class: "small", "data-testid": "replace-all", onclick: () => replaceAll() }, "Replace all"),
      note,
    ),
  );
  const bar = h(
    "div",
    { class: "find-bar", role: "search", "aria-label": "Find in this post", hidden: true, "data-testid": "find-bar" },
    h(
      "div",
      { class: "find-row" },
      query,
      h(
        "div",
        { class: "find-controls" },
        count,
        caseButton,
        iconButton("Previous match (Shift+Enter)", "↑", "find-previous", () => step(-1)),
        iconButton("Next match (Enter)", "↓", "find-next", () => step(1)),
        iconButton("Close (Esc)", "×", "find-close", () => close()),
      ),
    ),
    replaceRow,
  );
  const marks = h("div", { class: "find-marks", "aria-hidden": "true" });
  pane.prepend(bar);
  document.body.append(marks);

  let matches = []; // { field, start, end }
  let index = -1;
  let anchor = null; // { field, pos }: matches at or after it come first
  let origin = null; // where the focus was before the bar opened
  let caseSensitive = false;

  const fields = () => [...pane.querySelectorAll(FIELDS)].filter((f) => !f.closest("[hidden]"));

  function search() {
    matches = [];
    const text = query.value;
    if (text) {
      const pattern = new RegExp(escapeRegExp(text), caseSensitive ? "g" : "gi");
      for (const field of fields()) {
        for (const m of field.value.matchAll(pattern)) matches.push({ field, start: m.index, end: m.index + m[0].length });
      }
    }
    return matches;
  }

  /** The first match at or after the anchor (wrapping round to the first). */
  function fromAnchor() {
    if (!matches.length) return -1;
    if (!anchor) return 0;
    const order = fields();
    const at = order.indexOf(anchor.field);
    const i = matches.findIndex((m) => {
      const f = order.indexOf(m.field);
      return f > at || (f === at && m.start >= anchor.pos);
    });
    return i < 0 ? 0 : i;
  }

  /** Makes match `i` the current one: counted, and (with `select`) selected and scrolled to. */
  function show(i, { select = true } = {}) {
    index = i;
    count.textContent = !query.value ? "" : matches.length ? `${index + 1} of ${matches.length}` : "No matches";
    count.classList.toggle("none", Boolean(query.value) && !matches.length);
    const m = matches[index];
    if (!m || !select) {
      paint();
      return;
    }
    const unfolded = reveal(m.field);
    m.field.setSelectionRange(m.start, m.end);
    const place = () => {
      if (matches[index] !== m) return;
      scrollTo(m);
      paint();
    };
    // An unfolded card fits its textareas to their text on the next frame.
    if (unfolded) requestAnimationFrame(() => requestAnimationFrame(place));
    else place();
  }

  /** Unfolds the folded section card the field is in, so the match can be shown; true if it did. */
  function reveal(field) {
    const card = field.closest(".card");
    if (!card?.classList.contains("collapsed")) return false;
    card.querySelector("[data-role=fold]")?.click();
    return true;
  }

  function scrollTo(m) {
    const rect = markRects(m.field, m.start, m.end, { clip: false })[0];
    if (!rect) return;
    const scroller = m.field.closest(".editor-scroll") || document.scrollingElement;
    const view = scroller.getBoundingClientRect();
    if (rect.top < view.top + 40 || rect.bottom > view.bottom - 40) scroller.scrollTop += rect.top - (view.top + view.height / 3);
    // A one-line input scrolls sideways to the match.
    if (m.field instanceof HTMLInputElement) {
      const box = m.field.getBoundingClientRect();
      if (rect.left < box.left || rect.right > box.right) m.field.scrollLeft += rect.left - box.left - box.width / 3;
    }
  }

  /** Marks the current match where it is on screen (inside the editor's visible area). */
  function paint() {
    const m = matches[index];
    if (bar.hidden || !m || !m.field.isConnected) {
      marks.replaceChildren();
      return;
    }
    const scroller = m.field.closest(".editor-scroll") || document.documentElement;
    const view = scroller.getBoundingClientRect();
    const boxes = [];
    for (const r of markRects(m.field, m.start, m.end)) {
      const top = Math.max(r.top, view.top);
      const bottom = Math.min(r.bottom, view.bottom);
      if (bottom <= top) continue;
      boxes.push(
        h("div", {
          class: "find-mark",
          "data-testid": "find-mark",
          style: `left:${r.left}px;top:${top}px;width:${r.width}px;height:${bottom - top}px`,
        }),
      );
    }
    marks.replaceChildren(...boxes);
  }

  function rerun() {
    note.textContent = "";
    search();
    show(fromAnchor());
  }

  /** After an edit elsewhere: the count again, the selection left where the editor has it. */
  function recount() {
    search();
    show(Math.min(Math.max(index, 0), matches.length - 1), { select: false });
  }

  function step(delta) {
    search();
    if (!matches.length) return show(-1);
    const current = matches[index];
    // After edits the old index may point elsewhere: step from where the selection is.
    let i = index;
    if (!current) i = delta > 0 ? -1 : 0;
    const next = (i + delta + matches.length) % matches.length;
    anchor = { field: matches[next].field, pos: matches[next].start };
    show(next);
  }

  /** Puts `text` in place of [start, end] of `field` as one step of its undo, then gives the focus back. */
  function put(field, start, end, text) {
    const back = document.activeElement;
    reveal(field);
    field.focus({ preventScroll: true });
    field.setSelectionRange(start, end);
    document.execCommand(text ? "insertText" : "delete", false, text);
    back?.focus?.({ preventScroll: true });
  }

  function replaceOne() {
    search();
    const m = matches[index];
    if (!m) return;
    put(m.field, m.start, m.end, replacement.value);
    anchor = { field: m.field, pos: m.start + replacement.value.length };
    rerun();
  }

  // Each field changed is one step of its own undo (the window's undo groups
  // what the draft hears in one go, if it does); every change reaches the post.
  function replaceAll() {
    search();
    if (!matches.length) return;
    const n = matches.length;
    const byField = new Map();
    for (const m of matches) byField.set(m.field, [...(byField.get(m.field) || []), m]);
    // Every field's replacements are one step of the post's undo: Ctrl+Z takes them all back.
    draft.undo.group(() => {
      for (const [field, found] of byField) {
        const from = found[0].start;
        const to = found[found.length - 1].end;
        let text = "";
        let at = from;
        for (const m of found) {
          text += field.value.slice(at, m.start) + replacement.value;
          at = m.end;
        }
        put(field, from, to, text);
      }
    });
    rerun();
    note.textContent = `Replaced ${n}.`;
  }

  const recountSoon = debounce(() => !bar.hidden && recount(), 200);
  pane.addEventListener("input", (e) => {
    if (!bar.contains(e.target)) recountSoon();
  });
  draft.addEventListener("state", () => !bar.hidden && recountSoon());
  query.addEventListener("input", () => rerun());
  caseButton.addEventListener("click", () => {
    caseSensitive = !caseSensitive;
    caseButton.setAttribute("aria-pressed", String(caseSensitive));
    rerun();
  });
  query.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      step(e.shiftKey ? -1 : 1);
    }
  });
  replacement.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) replaceAll();
      else replaceOne();
    }
  });
  bar.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });
  document.addEventListener(
    "keydown",
    (e) => {
      if (e.key !== "F3" || bar.hidden) return;
      e.preventDefault();
      step(e.shiftKey ? -1 : 1);
    },
    true,
  );
  const repaint = () => !bar.hidden && requestAnimationFrame(paint);
  document.addEventListener("scroll", repaint, true);
  window.addEventListener("resize", repaint);

  function open({ replace = false } = {}) {
    if (bar.hidden) {
      const el = document.activeElement;
      origin = el && pane.contains(el) && "selectionStart" in el ? { el, start: el.selectionStart, end: el.selectionEnd } : null;
      anchor = origin && el.matches(FIELDS) ? { field: el, pos: origin.start } : null;
      // A selection on one line is what the editor wants to find.
      const picked = origin ? el.value.slice(origin.start, origin.end) : "";
      if (picked && !picked.includes("\n")) query.value = picked;
    }
    bar.hidden = false;
    if (replace) replaceRow.hidden = false;
    (replace && query.value ? replacement : query).focus();
    (replace && query.value ? replacement : query).select();
    rerun();
  }

  function close() {
    if (bar.hidden) return;
    bar.hidden = true;
    replaceRow.hidden = true;
    marks.replaceChildren();
    const m = matches[index];
    if (m?.field.isConnected) {
      m.field.focus();
      m.field.setSelectionRange(m.start, m.end);
    } else if (origin?.el.isConnected) {
      origin.el.focus();
      origin.el.setSelectionRange(origin.start, origin.end);
    }
    matches = [];
    index = -1;
  }

  return {
    open,
    close,
    get isOpen() {
      return !bar.hidden;
    },
  };
}
