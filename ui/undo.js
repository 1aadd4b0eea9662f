//! Undo and redo for the open post, in every field and for structural edits.
//!
//! `UndoHistory` keeps the post's states, one per step: `draft.changed()`
//! records each edit, and typing in one field stays one step until a pause,
//! another field, a caret jump or a shortcut (paste, Ctrl+B…); adding,
//! removing or moving a section or takeaway is a step of its own. It tells
//! them apart by what differs from the last state, not by who made the
//! edit. The states are copies in which the untouched strings are shared,
//! so a keystroke in an 11,000-word post copies a few hundred small objects.
//!
//! `createUndo` puts a state back in the window on Ctrl+Z / Ctrl+Shift+Z /
//! Ctrl+Y (and for the right-click menu's Undo/Redo): one changed field is
//! set in place through its own input handler — which stores it, counts it,
//! re-derives the slug and lets autosave save it — anything else re-shows
//! the editor; the focus and caret go back to where the change was.

import { scrollToCaret } from "./dom.js";

const PAUSE_MS = 1000;
const LIMIT = 500;
/** What the store decides, never an edit: left as they are by undo. */
const STORED = new Set(["id", "revision", "created_at", "updated_at"]);

/** A deep copy of plain data; strings are shared (they cannot change). */
function copy(value) {
  if (Array.isArray(value)) return value.map(copy);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value)) out[key] = copy(value[key]);
    return out;
  }
  return value;
}

function snapshot(post, slugFollows) {
  const content = {};
  for (const key of Object.keys(post)) if (!STORED.has(key)) content[key] = copy(post[key]);
  return { post: content, slugFollows };
}

/** The paths ("title", "sections.2.body", "takeaways", …) where states `a` and `b` differ, leaving out what the store decides. */
export function differences(a, b) {
  const out = [];
  const walk = (x, y, path) => {
    if (x === y) return;
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length) {
      x.forEach((item, i) => walk(item, y[i], `${path}.${i}`));
    } else if (isObject(x) && isObject(y) && !Array.isArray(x) && !Array.isArray(y)) {
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[key], y[key], `${path}.${key}`);
    } else {
      out.push(path.slice(1));
    }
  };
  for (const key of new Set([...Object.keys(a.post), ...Object.keys(b.post)])) {
    if (!STORED.has(key)) walk(a.post[key], b.post[key], `.${key}`);
  }
  if (a.slugFollows !== b.slugFollows) out.push("slugFollows");
  // While the slug follows the title the core derives it, a moment after the title changes.
  return b.slugFollows && a.slugFollows ? out.filter((p) => p !== "slug") : out;
}

const isObject = (v) => v !== null && typeof v === "object";

/**
 * A copy of `value` for the live post that keeps the post's own objects
 * where they hold the same content: a section moved back is the same
 * section, and what the editor remembers about it (folded) stays.
 */
function reuse(live, value) {
  if (!Array.isArray(live) || !Array.isArray(value)) return copy(value);
  const free = new Map();
  for (const item of live) {
    if (!isObject(item)) continue;
    const key = JSON.stringify(item);
    free.set(key, [...(free.get(key) || []), item]);
  }
  return value.map((item) => {
    const same = isObject(item) ? free.get(JSON.stringify(item)) : null;
    return same?.length ? same.shift() : copy(item);
  });
}

export class UndoHistory {
  constructor() {
    this.reset(null);
  }

  /** Forgets every step: `post` (or nothing) is where undo stops. */
  reset(post, slugFollows = false) {
    this.states = post ? [snapshot(post, slugFollows)] : [];
    this.at = this.states.length - 1;
    this.lastPath = null;
    this.lastAt = 0;
    this.isolated = false;
    this.applying = false;
    this.grouped = null; // while `group` runs: the edits recorded so far
  }

  /** Runs `fn`, whose edits — however many fields they touch — make one step (Replace all). */
  group(fn) {
    this.lastPath = null;
    this.grouped = 0;
    try {
      return fn();
    } finally {
      this.grouped = null;
      this.lastPath = null;
    }
  }

  /** Records an edit already made to `post`: a new step, or more of the one being typed. */
  record(post, slugFollows) {
    if (this.at < 0) return;
    const state = snapshot(post, slugFollows);
    const now = performance.now();
    if (this.applying) {
      this.states[this.at] = state; // an undo/redo putting a state back, not an edit
      return;
    }
    const paths = differences(this.states[this.at], state);
    if (paths.length === 0) return;
    const path = paths.length === 1 ? paths[0] : null;
    const typing = path !== null && typeof valueAt(state.post, path) === "string";
    const more = this.grouped !== null && this.grouped++ > 0;
    if (more || (typing && path === this.lastPath && now - this.lastAt < PAUSE_MS && this.at > 0)) {
      this.states[this.at] = state; // more of the same step
    } else {
      this.states.splice(this.at + 1, Infinity, state);
      if (this.states.length > LIMIT) this.states.shift();
      this.at = this.states.length - 1;
    }
    this.lastPath = typing && !this.isolated && this.grouped === null ? path : null;
    this.isolated = false;
    this.lastAt = now;
  }

  /** The next edit starts a step of its own. */
  breakStep() {
    this.lastPath = null;
  }

  /** The next edit is a step of its own, also against what is typed after it (a paste, Ctrl+B). */
  isolate() {
    this.lastPath = null;
    this.isolated = true;
  }

  get canUndo() {
    return this.at > 0;
  }

  get canRedo() {
    return this.at >= 0 && this.at < this.states.length - 1;
  }

  /** Moves one step back (-1) or forward (1): `{ from, to }` states, or null at either end. */
  step(direction) {
    const next = this.at + direction;
    if (this.at < 0 || next < 0 || next >= this.states.length) return null;
    const from = this.states[this.at];
    this.at = next;
    this.lastPath = null;
    return { from, to: this.states[next] };
  }
}

/** The value at a path such as "sections.2.body" in `post`. */
export function valueAt(post, path) {
  return path.split(".").reduce((v, key) => (v == null ? undefined : v[key]), post);
}

/** The editor's element that shows the value at `path`, by the editor's ids. */
function fieldId(path) {
  const parts = path.split(".");
  const named = { title: "title", summary: "summary", slug: "slug", category: "category", author: "author", language: "language" };
  if (parts.length === 1 && named[path]) return named[path];
  if (parts[0] === "sections" && parts.length === 3 && (parts[2] === "heading" || parts[2] === "body")) {
    return `section-${parts[2]}-${parts[1]}`;
  }
  if (parts[0] === "takeaways" && parts.length === 2) return `takeaway-${parts[1]}`;
  if (parts[0] === "cover" && parts.length === 2 && (parts[1] === "alt" || parts[1] === "caption")) return `cover-${parts[1]}`;
  return null;
}

const textField = (el) => el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && /^(text|search|url)$/.test(el.type));

/**
 * Undo/redo in the window.
 * @param {object} o
 * @param {import("./draft.js").Draft} o.draft
 * @param {{ show(): void, showLists(): void, element: HTMLElement }} o.editor
 * @param {HTMLElement} o.pane      the editor pane: Ctrl+Z there (or with nothing focused) is ours
 * @param {HTMLElement} o.toasts    "Section removed. Undo" notices, closed when undo redoes their work
 * @param {() => void} o.onRestored  after a state is back (the preview follows)
 */
export function createUndo({ draft, editor, pane, toasts, onRestored }) {
  const history = draft.undo;
  const bench = (window.quireBench ||= {});
  bench.undo = [];

  function apply(direction) {
    const started = performance.now();
    if (!draft.post) return false;
    const move = history.step(direction);
    if (!move) return false;
    const current = { post: draft.post, slugFollows: draft.slugFollows };
    const paths = differences(current, move.to);
    const id = paths.length === 1 ? fieldId(paths[0]) : null;
    const el = id && document.getElementById(id);
    history.applying = true;
    let kind;
    try {
      if (el && textField(el) && !el.closest("[hidden]")) {
        kind = "field";
        setField(el, valueAt(move.to.post, paths[0]) ?? "");
      } else {
        kind = "post";
        setPost(move, paths);
      }
    } finally {
      history.applying = false;
    }
    onRestored();
    const applied = performance.now();
    const mark = { kind, started, applied };
    bench.undo.push(mark);
    requestAnimationFrame(() => (mark.frame = performance.now()));
    return true;
  }

  /** One field back to `value`, through the editor's own input handler; the caret where the change was. */
  function setField(el, value) {
    const old = el.value;
    let prefix = 0;
    while (prefix < old.length && prefix < value.length && old[prefix] === value[prefix]) prefix++;
    let suffix = 0;
    while (suffix < old.length - prefix && suffix < value.length - prefix && old[old.length - 1 - suffix] === value[value.length - 1 - suffix]) suffix++;
    el.value = value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.focus({ preventScroll: true });
    const caret = value.length - suffix;
    el.setSelectionRange(caret, caret);
    scrollToCaret(el, caret);
  }

  /** The whole post back to `state`: the editor shown again, the focus on the first change. */
  function setPost({ from, to: state }, paths) {
    const post = draft.post;
    for (const key of Object.keys(post)) if (!STORED.has(key) && !(key in state.post)) delete post[key];
    for (const [key, value] of Object.entries(state.post)) post[key] = reuse(post[key], value);
    draft.slugFollows = state.slugFollows;
    const inLists = (p) => /^(sections|takeaways)(\.|$)/.test(p);
    // A step within the sections and takeaways (a move, a removal) re-draws those lists alone.
    if (paths.length > 0 && paths.every(inLists)) editor.showLists();
    else editor.show();
    draft.changed();
    // Undo redid the work of a "Section removed. Undo" notice (or took it back): its button is stale.
    if (paths.some(inLists)) {
      for (const notice of toasts.querySelectorAll('[data-text$=" removed."]')) notice.remove();
    }
    focusChange(paths[0] ?? "", from, state);
  }

  /** Focus on what changed: the field, or the first card that differs (the add button when none is left). */
  function focusChange(path, from, to) {
    const [list] = path.split(".");
    let el = null;
    if (list === "sections" || list === "takeaways") {
      const before = from.post[list] || [];
      const after = to.post[list] || [];
      let i = 0;
      while (i < after.length && i < before.length && JSON.stringify(after[i]) === JSON.stringify(before[i])) i++;
      i = Math.min(i, after.length - 1);
      el = i < 0 ? null : document.getElementById(list === "sections" ? `section-heading-${i}` : `takeaway-${i}`);
      el ||= pane.querySelector(`[data-testid=add-${list === "sections" ? "section" : "takeaway"}]`);
    } else {
      const id = fieldId(path);
      el = (id && document.getElementById(id)) || document.getElementById(list.replace(/_/g, "-"));
    }
    if (!el) return;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  }

  const isUndoKey = (e) => (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "z";
  const isRedoKey = (e) =>
    (e.ctrlKey || e.metaKey) && !e.altKey && ((e.shiftKey && e.key.toLowerCase() === "z") || (!e.shiftKey && e.key.toLowerCase() === "y"));
  const ours = (target) =>
    target === document.body || editor.element.contains(target) || (pane.contains(target) && !textField(target));

  document.addEventListener(
    "keydown",
    (e) => {
      const redo = isRedoKey(e);
      if (!redo && !(isUndoKey(e) && !e.shiftKey)) {
        // What moves the caret ends the step being typed; a shortcut (Ctrl+B, Ctrl+V…) is one of its own.
        if ((e.ctrlKey || e.metaKey) && !/^(Control|Meta|Shift|Alt)$/.test(e.key)) history.isolate();
        else if (/^(Arrow|Page|Home|End)/.test(e.key)) history.breakStep();
        return;
      }
      if (!ours(e.target) || document.querySelector("dialog[open]")) return;
      e.preventDefault();
      e.stopPropagation();
      apply(redo ? 1 : -1);
    },
    true,
  );
  for (const type of ["mousedown", "focusin"]) document.addEventListener(type, () => history.breakStep(), true);
  for (const type of ["paste", "cut", "drop"]) document.addEventListener(type, () => history.isolate(), true);

  return {
    undo: () => apply(-1),
    redo: () => apply(1),
  };
}
