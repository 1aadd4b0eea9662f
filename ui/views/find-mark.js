//! Where a stretch of a textarea's or input's text is on screen. A form
//! field tells only its selection's offsets, so a hidden copy of the field
//! (same box, font and wrapping) lays the text out and its span around the
//! stretch gives the rectangles.

const COPIED = [
  "boxSizing",
  "width",
  "borderTopWidth",
  "borderRightWidth",
  "borderBottomWidth",
  "borderLeftWidth",
  "borderStyle",
  "paddingTop",
  "paddingRight",
  "paddingBottom",
  "paddingLeft",
  "fontFamily",
  "fontSize",
  "fontWeight",
  "fontStyle",
  "fontVariant",
  "fontStretch",
  "fontFeatureSettings",
  "lineHeight",
  "letterSpacing",
  "wordSpacing",
  "textTransform",
  "textIndent",
  "textAlign",
  "tabSize",
  "direction",
  "overflowWrap",
  "wordBreak",
];

/**
 * The viewport rectangles (one a line) of `field`'s text from `start` to
 * `end`; with `clip`, only what the field's box shows.
 */
export function markRects(field, start, end, { clip = true } = {}) {
  const box = field.getBoundingClientRect();
  if (!box.width && !box.height) return [];
  const style = getComputedStyle(field);
  const copy = document.createElement("div");
  for (const p of COPIED) copy.style[p] = style[p];
  Object.assign(copy.style, {
    position: "fixed",
    left: `${box.left}px`,
    top: `${box.top}px`,
    visibility: "hidden",
    pointerEvents: "none",
    overflow: "hidden",
    whiteSpace: field instanceof HTMLTextAreaElement ? "pre-wrap" : "pre",
  });
  if (field instanceof HTMLTextAreaElement && field.scrollHeight > field.clientHeight) {
    // A scrollbar takes its width from the text's.
    copy.style.width = `${box.width - (field.offsetWidth - field.clientWidth - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth))}px`;
  }
  const value = field.value;
  const span = document.createElement("span");
  span.textContent = value.slice(start, end) || "\u200b";
  copy.append(document.createTextNode(value.slice(0, start)), span, document.createTextNode(value.slice(end) + "\u200b"));
  document.body.append(copy);
  const rects = [...span.getClientRects()].map((r) => ({
    left: r.left - field.scrollLeft,
    top: r.top - field.scrollTop,
    width: r.width,
    height: r.height,
    right: r.right - field.scrollLeft,
    bottom: r.bottom - field.scrollTop,
  }));
  copy.remove();
  if (!clip) return rects;
  // Clip to the field's own box: text scrolled out of a field is not shown.
  return rects
    .map((r) => {
      const left = Math.max(r.left, box.left);
      const right = Math.min(r.right, box.right);
      const top = Math.max(r.top, box.top);
      const bottom = Math.min(r.bottom, box.bottom);
      return { left, top, right, bottom, width: right - left, height: bottom - top };
    })
    .filter((r) => r.width > 0 && r.height > 0);
}
