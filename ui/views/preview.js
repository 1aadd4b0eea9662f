//! The preview pane: the core's preview page — the very HTML export writes,
//! sanitised — shown in a sandboxed iframe that may not run scripts. Two
//! frames take turns: the next page loads in the hidden one, takes the
//! current scroll position, then swaps in, so typing never flashes a blank
//! page. Timings of each refresh are kept in `window.quireBench.preview`.

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
  const error = h("div", { class: "preview-error", hidden: true, role: "alert", "data-testid": "preview-error" });
  const empty = h("div", { class: "preview-empty" }, "The article appears here as it will be published.");
  const stage = h("div", { class: "preview-stage" }, ...frames, empty);
  root.replaceChildren(banner, error, stage);

  let seq = 0;
  let visible = true;
  let pendingHtml = null;
  const bench = (window.quireBench ||= { preview: [] });

  async function render(post, typed = null, { stats = true } = {}) {
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
    if (stats) onStats?.(result);
    const rendered = performance.now();
    if (!visible) {
      pendingHtml = result.html;
      return;
    }
    load(result.html, mine, { typed: typed ?? started, started, rendered });
  }

  function load(html, mine, times = null) {
    const back = frames[1 - front];
    const current = frames[front];
    back.onload = () => {
      if (mine !== seq) return;
      const loaded = performance.now();
      const win = back.contentWindow;
      const y = current.contentWindow?.scrollY ?? 0;
      win?.scrollTo(0, y);
      guardLinks(back.contentDocument);
      back.classList.add("front");
      current.classList.remove("front");
      back.dataset.testid = "preview";
      delete current.dataset.testid;
      back.tabIndex = 0; // the shown page can take the focus, to scroll it from the keyboard
      current.tabIndex = -1;
      front = 1 - front;
      back.onload = null;
      if (times) {
        requestAnimationFrame(() => {
          const painted = performance.now();
          bench.preview.push({ ...times, loaded, painted, bytes: html.length });
          if (bench.preview.length > 500) bench.preview.shift();
        });
      }
    };
    back.srcdoc = html;
  }

  // Links in the page lead to the website, not here: keep the pane on the article.
  function guardLinks(doc) {
    doc?.addEventListener("click", (e) => {
      if (e.target.closest?.("a[href]")) e.preventDefault();
    });
  }

  const scheduled = debounce((post) => render(post, scheduledAt), REFRESH_MS);
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
    setBanner(content) {
      banner.replaceChildren(...(content ? [content] : []));
      banner.hidden = !content;
    },
    setVisible(on) {
      visible = on;
      if (on && pendingHtml !== null) {
        const html = pendingHtml;
        pendingHtml = null;
        load(html, seq);
      }
    },
    clear() {
      seq += 1;
      scheduled.cancel();
      for (const f of frames) f.srcdoc = "";
      empty.hidden = false;
    },
  };
}
