//! The three panes' widths: two splitters dragged with the mouse or moved
//! with ←/→ (Shift for bigger steps), remembered between runs. A panel open
//! beside the preview (History) widens the preview pane, taking from the
//! editor down to its minimum; where even that leaves the page too narrow
//! (a 1024 px window) the panel lies over the preview instead of squeezing
//! the page to a column of broken words.

const KEY = "quire.layout";
const MIN_POSTS = 200;
const MAX_POSTS = 420;
const MIN_EDITOR = 360;
const MIN_PREVIEW = 300;

export function createLayout(panes) {
  const saved = JSON.parse(localStorage.getItem(KEY) || "{}");
  let posts = saved.posts || 264;
  let previewShare = saved.previewShare || 0.48; // of the space right of the posts list
  let previewVisible = saved.previewVisible !== false;

  function apply() {
    const total = panes.clientWidth || window.innerWidth;
    posts = clamp(posts, MIN_POSTS, Math.min(MAX_POSTS, total - MIN_EDITOR - 20));
    const rest = total - posts - 12;
    const most = Math.max(MIN_PREVIEW, rest - MIN_EDITOR);
    let preview = clamp(Math.round(rest * previewShare), MIN_PREVIEW, most);
    const aside = asideWidth();
    if (aside > 0) preview = Math.max(preview, Math.min(MIN_PREVIEW + aside, most));
    // On the root: the notices, outside the panes, take the list's width too.
    document.documentElement.style.setProperty("--posts-w", `${posts}px`);
    panes.style.setProperty("--preview-w", `${preview}px`);
    document.body.classList.toggle("no-preview", !previewVisible);
    document.body.classList.toggle("aside-over-preview", aside > 0 && preview - aside < MIN_PREVIEW);
    localStorage.setItem(KEY, JSON.stringify({ posts, previewShare, previewVisible }));
  }

  /** The width of the panels open beside the preview (0 when none is). */
  function asideWidth() {
    let width = 0;
    for (const aside of panes.querySelectorAll(".preview-pane > aside:not([hidden])")) {
      width += aside.getBoundingClientRect().width;
    }
    return Math.round(width);
  }

  function drag(splitter, onMove) {
    splitter.addEventListener("pointerdown", (e) => {
      e.preventDefault();
      splitter.setPointerCapture(e.pointerId);
      document.body.classList.add("resizing");
      const move = (ev) => onMove(ev.clientX);
      const up = () => {
        splitter.removeEventListener("pointermove", move);
        splitter.removeEventListener("pointerup", up);
        document.body.classList.remove("resizing");
      };
      splitter.addEventListener("pointermove", move);
      splitter.addEventListener("pointerup", up);
    });
  }

  const setPosts = (x) => {
    posts = x;
    apply();
  };
  const setPreviewFromX = (x) => {
    const box = panes.getBoundingClientRect();
    const rest = box.width - posts - 12;
    previewShare = clamp((box.right - x) / rest, 0.2, 0.8);
    apply();
  };

  const splitPosts = document.getElementById("split-posts");
  const splitPreview = document.getElementById("split-preview");
  drag(splitPosts, (x) => setPosts(x - panes.getBoundingClientRect().left));
  drag(splitPreview, setPreviewFromX);
  splitPosts.addEventListener("keydown", (e) => {
    const step = e.shiftKey ? 64 : 16;
    if (e.key === "ArrowLeft") setPosts(posts - step);
    else if (e.key === "ArrowRight") setPosts(posts + step);
    else return;
    e.preventDefault();
  });
  splitPreview.addEventListener("keydown", (e) => {
    const step = e.shiftKey ? 0.1 : 0.03;
    if (e.key === "ArrowLeft") previewShare = clamp(previewShare + step, 0.2, 0.8);
    else if (e.key === "ArrowRight") previewShare = clamp(previewShare - step, 0.2, 0.8);
    else return;
    e.preventDefault();
    apply();
  });
  // The panes' own size, not the window's resize event: that one can come
  // before the window has its restored size, leaving the preview past the
  // right edge until the next resize.
  new ResizeObserver(apply).observe(panes);
  // A panel beside the preview opening or closing.
  new MutationObserver(apply).observe(document.getElementById("preview-pane"), {
    subtree: true,
    attributes: true,
    attributeFilter: ["hidden"],
  });
  apply();

  return {
    get previewVisible() {
      return previewVisible;
    },
    setPreviewVisible(on) {
      previewVisible = on;
      apply();
    },
  };
}

const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
