//! Small DOM building blocks shared by the views: element creation, timers,
//! and dates shown in local time.

/** `h("button", {class: "x", onclick}, "Label", child)` → an element. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "class") {
      el.className = value;
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (key === "value" || key === "checked" || key === "selected") {
      el[key] = value;
    } else if (value === true) {
      el.setAttribute(key, "");
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** Returns a function that runs `fn` once calls pause for `ms`; `.now()` runs it at once, `.cancel()` drops it. */
export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, ms);
  };
  wrapped.cancel = () => {
    clearTimeout(timer);
    timer = null;
  };
  wrapped.pending = () => timer !== null;
  wrapped.now = (...args) => {
    wrapped.cancel();
    return fn(...args);
  };
  return wrapped;
}

// Writes that change nothing are skipped: WebKit restyles and lays out an
// element again after any write to its text, attributes or value, even the
// same one — re-placing the 22 cards of a long post after a move cost more
// than the move.

/** Sets `el`'s text, if it differs. */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** Sets `el`'s attribute `name` to `value`, if it differs. */
export function setAttr(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** Sets a field's value, if it differs. */
export function setValue(el, value) {
  if (el.value !== value) el.value = value;
}

/**
 * Scrolls the editor's pane to the caret at `caret` in `el`, if it is out of
 * view: the growing textareas never scroll themselves, their pane does. The
 * caret's line is placed in proportion to its offset in the text — close
 * enough to bring it into view.
 */
export function scrollToCaret(el, caret) {
  const scroller = el.closest(".editor-scroll");
  if (!scroller || el instanceof HTMLInputElement || el.value.length === 0) return el.scrollIntoView({ block: "nearest" });
  const box = el.getBoundingClientRect();
  const y = box.top + box.height * (caret / el.value.length);
  const view = scroller.getBoundingClientRect();
  if (y < view.top + 40 || y > view.bottom - 40) scroller.scrollTop += y - (view.top + view.height / 2);
}

/** Sets a textarea's height to its text's. */
export function fitHeight(textarea) {
  fitHeights([textarea]);
}

/**
 * Sets each textarea's height to its text's with one layout for them all:
 * every height is cleared, then every height read, then every one set —
 * fitting 44 textareas one by one laid out a long post 88 times. The
 * scroll position is put back in case the brief collapse moved it.
 */
export function fitHeights(textareas) {
  const list = [...textareas].filter((t) => t.isConnected);
  if (list.length === 0) return;
  const scroller = list[0].closest(".editor-scroll");
  const top = scroller?.scrollTop ?? 0;
  for (const t of list) t.style.height = "auto";
  const heights = list.map((t) => t.scrollHeight);
  list.forEach((t, i) => (t.style.height = `${heights[i] + 2}px`));
  if (scroller && scroller.scrollTop !== top) scroller.scrollTop = top;
}

// Textareas made during one task are fitted together in the next frame.
const toFit = new Set();
let fitFrame = 0;
function fitSoon(textarea) {
  toFit.add(textarea);
  fitFrame ||= requestAnimationFrame(() => {
    fitFrame = 0;
    const list = [...toFit];
    toFit.clear();
    fitHeights(list);
  });
}

/** Lets a textarea grow with its text. */
export function autoGrow(textarea) {
  const fit = () => fitHeight(textarea);
  textarea.addEventListener("input", fit);
  fitSoon(textarea);
  return fit;
}

const pad = (n) => String(n).padStart(2, "0");

/** RFC 3339 UTC → the local "YYYY-MM-DD HH:MM" the date field shows (and reads back). */
export function typedDate(rfc3339) {
  if (!rfc3339) return "";
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return "";
  return `${isoDay(d)} ${clockTime(d)}`;
}

/** A Date's local day as "YYYY-MM-DD". */
export const isoDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

const dayFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", hour12: false });

/** "14:05" today, else "6 Oct 2023". */
export function shortDate(rfc3339, now = new Date()) {
  if (!rfc3339) return "";
  const d = new Date(rfc3339);
  if (d.toDateString() === now.toDateString()) return clockTime(d);
  return dayFormat.format(d);
}

/** "HH:MM", 24-hour, local time. */
export const clockTime = (date) => `${pad(date.getHours())}:${pad(date.getMinutes())}`;
export const fullDate = (rfc3339) => (rfc3339 ? fullFormat.format(new Date(rfc3339)) : "");

/** "1,234" in the reader's locale. */
export const number = (n) => new Intl.NumberFormat().format(n);
