//! The preview pane: the core's preview page — the very HTML export writes,
//! sanitised — shown in a sandboxed iframe that may not run scripts.
//! Opening a post loads the page whole: two frames take turns, the next page
//! loads in the hidden one and then swaps in, so nothing flashes blank.
//! While typing, only the nodes that changed are swapped into the shown page,
//! which keeps its scroll position and lays out little. Timings of each
//! refresh are kept in `window.quireBench.preview` for the benchmark.

import * as api from "../api.js";
import { h, debounce } from "../dom.js";

const REFRESH_MS = 150;

export function createPreview(root, { onStats }) {
  const makeFrame = () =>
    h("iframe", {
      class: "preview-frame",
      title: "Preview of the article as it will be published",
      // No allow-scripts: the page can never run code. allow-same-origin only lets
      // this window read the frame's scroll position and keep it across refreshes.
      sandbox: "allow-same-origin",
      referrerpolicy: "no-referrer",
      tabindex: "-1",
    });
  const frames = [makeFrame(), makeFrame()];
  let front = 0;
  frames[0].dataset.testid = "preview";
  frames[0].classList.add("front");
  frames[1].tabIndex = -1;

  const banner = h("div", { class: "preview-banner", hidden: true, role: "status" });
  // What the page leaves out that the editor asked for (a related post that
  // is still a draft), said above the page instead of silently missing.
  const notes = h("ul", { class: "preview-notes", hidden: true, "data-testid": "preview-notes", "aria-live": "polite" });
  const error = h("div", { class: "preview-error", hidden: true, role: "alert", "data-testid": "preview-error" });
  const empty = h("div", { class: "preview-empty" }, "The article appears here as it will be published.");
  const stage = h("div", { class: "preview-stage" }, ...frames, empty);
  root.replaceChildren(banner, notes, error, stage);

  let seq = 0;
  let visible = true;
  let pendingHtml = null;
  const bench = (window.quireBench ||= { preview: [] });

  async function render(post, typed = null, { stats = true, live = false } = {}) {
    const started = performance.now();
    const mine = ++seq;
    let result;
    try {
      result = await api.renderPreview(post);
    } catch (err) {
      if (mine !== seq) return;
      error.textContent = `The preview could not be rendered: ${err.message}`;
      error.hidden = false;
      return;
    }
    if (mine !== seq) return;
    error.hidden = true;
    showNotes(result.notes || []);
    if (stats) onStats?.(result);
    const rendered = performance.now();
    if (!visible) {
      pendingHtml = result.html;
      return;
    }
    const times = { typed: typed ?? started, started, rendered };
    if (live && patch(result.html)) {
      const applied = performance.now();
      void frames[front].contentDocument.body.offsetHeight; // lay out now (the paint would anyway), to time it
      done({ ...times, applied, laidOut: performance.now() }, "patch", result.html.length);
      refollow();
    }
    else load(result.html, mine, live, times);
  }

  function showNotes(list) {
    const now = notes.dataset.text || "";
    const next = list.join("\n");
    if (now === next) return;
    notes.dataset.text = next;
    notes.replaceChildren(...list.map((text) => h("li", {}, text)));
    notes.hidden = list.length === 0;
  }

  /**
   * While typing, the page changes in one place: swap only the nodes that
   * differ into the shown document (same styles), so the browser re-lays-out
   * little and the scroll position stays put. False when a full load is needed.
   */
  function patch(html) {
    const doc = frames[front].contentDocument;
    if (!doc?.body || !doc.head) return false;
    const next = new DOMParser().parseFromString(html, "text/html");
    const styles = (d) => [...d.querySelectorAll("style, link[rel=stylesheet]")].map((e) => e.outerHTML).join("");
    if (styles(next) !== styles(doc)) return false;
    if (doc.documentElement.lang !== next.documentElement.lang) return false;
    patchChildren(doc, doc.head, next.head);
    patchChildren(doc, doc.body, next.body);
    return true;
  }

  function patchChildren(doc, into, from) {
    const a = [...into.childNodes];
    const b = [...from.childNodes];
    let start = 0;
    while (start < a.length && start < b.length && a[start].isEqualNode(b[start])) start++;
    let endA = a.length - 1;
    let endB = b.length - 1;
    while (endA >= start && endB >= start && a[endA].isEqualNode(b[endB])) {
      endA--;
      endB--;
    }
    if (start > endA && start > endB) return;
    const x = a[start];
    const y = b[start];
    if (endA === start && endB === start && x.nodeType === 1 && x.cloneNode(false).isEqualNode(y.cloneNode(false))) {
      patchChildren(doc, x, y); // one element changed inside: go down into it
      return;
    }
    const after = a[endA + 1] ?? null;
    for (let i = start; i <= endA; i++) a[i].remove();
    for (let j = start; j <= endB; j++) into.insertBefore(doc.importNode(b[j], true), after);
  }

  function done(times, mode, bytes) {
    requestAnimationFrame(() => {
      const painted = performance.now();
      bench.preview.push({ ...times, loaded: times.applied ?? painted, painted, mode, bytes });
      if (bench.preview.length > 500) bench.preview.shift();
    });
  }

  function load(html, mine, keepScroll, times = null) {
    const back = frames[1 - front];
    const current = frames[front];
    back.onload = () => {
      if (mine !== seq) return;
      const loaded = performance.now();
      const y = keepScroll ? (current.contentWindow?.scrollY ?? 0) : 0;
      back.contentWindow?.scrollTo(0, y);
      guardLinks(back.contentDocument);
      back.classList.add("front");
      current.classList.remove("front");
      back.dataset.testid = "preview";
      delete current.dataset.testid;
      back.tabIndex = 0; // the shown page can take the focus, to scroll it from the keyboard
      current.tabIndex = -1;
      front = 1 - front;
      back.onload = null;
      current.removeAttribute("srcdoc"); // let the hidden page go: it held a whole article
      if (times) done({ ...times, applied: loaded }, "load", html.length);
      refollow();
    };
    back.srcdoc = html;
  }

  // Links in the page lead to the website, not here: keep the pane on the article.
  function guardLinks(doc) {
    doc?.addEventListener("click", (e) => {
      if (e.target.closest?.("a[href]")) e.preventDefault();
    });
  }

  // The section being edited: its heading is brought into view when the
  // caret enters it, and again once a render shows it where a move put it.
  let following = -1;
  let followAgain = false;
  function reveal() {
    const frame = frames[front];
    const doc = frame.contentDocument;
    const win = frame.contentWindow;
    const section = following >= 0 ? doc?.querySelector(`[data-section="${following}"]`) : null;
    if (!section || !win) return;
    const top = (section.querySelector("h1, h2, h3") || section).getBoundingClientRect().top;
    if (top >= 0 && top < win.innerHeight * 0.6) return; // in view already: leave the reader's scroll alone
    // At once: a smooth scroll started while another runs lands off target in WebKitGTK.
    win.scrollTo(0, Math.max(0, win.scrollY + top - 16));
  }
  function refollow() {
    if (!followAgain) return;
    followAgain = false;
    reveal();
  }

  const scheduled = debounce((post) => render(post, scheduledAt, { live: true }), REFRESH_MS);
  // scheduledAt: the first keystroke of the burst this refresh answers.
  let scheduledAt = 0;

  return {
    /** Refresh once typing pauses. */
    schedule(post) {
      if (!scheduled.pending()) scheduledAt = performance.now();
      scheduled(post);
    },
    /** Refresh now (opening a post; a revision passes `{stats: false}` to leave the draft's counts). */
    now(post, options) {
      scheduled.cancel();
      empty.hidden = true;
      return render(post, null, options);
    },
    /** Shows section `index` of the post (the caret is in it); again after the next render. */
    follow(index) {
      following = index;
      followAgain = true;
      reveal();
    },
    setBanner(content) {
      banner.replaceChildren(...(content ? [content] : []));
      banner.hidden = !content;
    },
    setVisible(on) {
      visible = on;
      if (on && pendingHtml !== null) {
        const html = pendingHtml;
        pendingHtml = null;
        load(html, seq, false);
      }
    },
    clear() {
      seq += 1;
      scheduled.cancel();
      for (const f of frames) f.srcdoc = "";
      showNotes([]);
      empty.hidden = false;
    },
  };
}
