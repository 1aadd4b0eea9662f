//! The post's summary, with its length against what search results show.

import * as api from "../../api.js";
import { h, autoGrow, number, setValue } from "../../dom.js";
import { field } from "./field.js";

/**
 * @param {object} o
 * @param {() => object} o.post    the open post (live)
 * @param {() => void} o.edited    tells the editor the post changed
 */
export function createSummary({ post, edited }) {
  const summary = h("textarea", {
    id: "summary",
    class: "summary-input",
    rows: 3,
    placeholder: "One paragraph that leads the article and feeds listings and search results.",
    "data-testid": "summary",
  });
  const fit = autoGrow(summary);
  const count = h("span", { class: "counter", "aria-live": "polite", "data-testid": "summary-count" });
  const hint = h("span", { class: "hint", "data-testid": "summary-hint" });
  // The pre-publish check's limits, from the core: the field hints at the
  // very range the Check panel and `quire check` flag (no hint until known).
  let limits = null;
  api
    .checkLimits()
    .then((l) => {
      limits = l;
      countSummary();
    })
    .catch(() => {});
  summary.addEventListener("input", () => {
    post().summary = summary.value;
    countSummary();
    edited();
  });
  function countSummary() {
    const n = [...summary.value].length;
    count.textContent = `${number(n)} characters`;
    if (!limits) return;
    const { summary_min: min, summary_max: max } = limits;
    const outside = n < min || n > max;
    count.classList.toggle("warn", outside);
    hint.textContent = !outside
      ? ""
      : n < min
        ? `Search results show ${min}–${max} characters: ${min - n} more would fill them.`
        : `Search results cut summaries past ${max} characters: ${n - max} over.`;
  }

  return {
    element: field("summary", "Summary", summary, h("div", { class: "field-foot" }, hint, count)),
    /** Fills it from the post `p`. */
    show(p) {
      setValue(summary, p.summary);
      countSummary();
    },
    /** Refits its height to its text. */
    fit,
    focus: () => summary.focus(),
  };
}
