//! The pre-publish check panel: what the core's `check` finds in the post
//! as the window holds it (unsaved edits too) — lengths, empty sections,
//! skipped heading levels, images without alt text, links to posts that
//! are not out, and everything the page loads from or links to on other
//! sites — grouped by how much it matters, each explained with a "Go to"
//! that puts the caret in the field concerned. Refreshed after each pause
//! in typing while it is open. It explains and never blocks.
//!
//! `checkSummary()` is the one-line count ("The check found 3 warnings and
//! 2 notes. Open the check") other views show before publishing or
//! exporting; `remind()` shows it in the top bar.

import * as api from "../api.js";
import { h, debounce } from "../dom.js";

const RULES = {
  summary_length: "Summary length",
  title_length: "Title length",
  empty_section: "Empty section",
  heading_skip: "Heading levels",
  image_alt: "Alt text",
  linked_post: "Link to a post",
  external: "Other sites",
};

const GROUPS = [
  ["warning", "To look at", "Readers, search engines or screen readers will notice these."],
  ["info", "Worth knowing", "What the page loads from or points to on other sites, and smaller things."],
];

/** The element a finding's place is edited in (by the editor's ids), or null. */
function fieldFor(finding, post) {
  const p = finding.place;
  switch (p.kind) {
    case "title":
      return "title";
    case "summary":
      return "summary";
    case "cover":
      return finding.rule === "image_alt" ? "cover-alt" : "cover";
    case "section": {
      const section = post?.sections?.[p.index];
      const headingOnly = finding.rule === "empty_section" && !section?.heading?.trim();
      return `section-${headingOnly ? "heading" : "body"}-${p.index}`;
    }
    case "takeaway":
      return `takeaway-${p.index}`;
    case "related":
      return "related";
    default:
      return null;
  }
}

let instance = null;

/** "3 warnings and 2 notes" — or null when there is nothing to look at. */
function counted(findings) {
  const warnings = findings.filter((f) => f.severity === "warning").length;
  const notes = findings.length - warnings;
  const words = [];
  if (warnings) words.push(`${warnings} ${warnings === 1 ? "warning" : "warnings"}`);
  if (notes) words.push(`${notes} ${notes === 1 ? "note" : "notes"}`);
  return words.length ? words.join(" and ") : null;
}

/**
 * A line with the check's count for the open post and a button that opens
 * the panel (closing the dialog it sits in, if any). Fills in when the
 * check answers; never blocks anything.
 */
export function checkSummary() {
  const line = h("p", { class: "check-summary", "data-testid": "check-summary", role: "status" }, "Checking the post…");
  instance?.findingsNow().then(
    (findings) => {
      const count = counted(findings);
      if (!count) {
        line.replaceChildren("The pre-publish check finds nothing to look at.");
        return;
      }
      line.replaceChildren(
        `The pre-publish check finds ${count}. `,
        h(
          "button",
          {
            type: "button",
            class: "small link",
            "data-testid": "check-summary-open",
            onclick: () => {
              line.closest("dialog")?.close();
              instance.open();
            },
          },
          "Open the check",
        ),
      );
    },
    () => line.replaceChildren(""),
  );
  if (!instance) line.replaceChildren("");
  return line;
}

export function createCheck(root, { draft, hint, button, onOpened, onClosed }) {
  const groups = h("div", { class: "check-groups", "data-testid": "check-findings" });
  const state = h("p", { class: "check-state", role: "status", "aria-live": "polite" });
  root.replaceChildren(
    h(
      "div",
      { class: "pane-head" },
      h("h2", { class: "pane-title" }, "Check"),
      h("button", { type: "button", class: "icon", "aria-label": "Close the check", title: "Close (Esc)", onclick: () => close() }, "✕"),
    ),
    h("p", { class: "check-intro" }, "Before publishing or exporting: what to look at. Nothing here stops you."),
    state,
    groups,
  );
  root.hidden = true;
  root.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });

  let asked = 0;

  /** The findings for the draft as it is now. */
  async function findingsNow() {
    if (!draft.post) return [];
    return api.checkPost(draft.post);
  }

  async function refresh() {
    if (root.hidden) return;
    const mine = ++asked;
    if (!draft.post) {
      state.textContent = "No post is open.";
      groups.replaceChildren();
      return;
    }
    let findings;
    try {
      findings = await findingsNow();
    } catch (err) {
      if (mine === asked) state.textContent = `Could not run the check: ${err.message}`;
      return;
    }
    if (mine !== asked || root.hidden) return;
    show(findings);
  }
  const later = debounce(refresh, 400);

  function show(findings) {
    const count = counted(findings);
    state.textContent = count ? `${count[0].toUpperCase()}${count.slice(1)}.` : "Nothing to look at.";
    const post = draft.post;
    groups.replaceChildren(
      ...GROUPS.flatMap(([severity, title, about]) => {
        const mine = findings.filter((f) => f.severity === severity);
        if (!mine.length) return [];
        return [
          h(
            "section",
            { class: `check-group check-${severity}`, "data-testid": `check-group-${severity}`, "aria-label": title },
            h("h3", {}, `${title} (${mine.length})`),
            h("p", { class: "check-about" }, about),
            h("ul", { class: "check-list" }, mine.map((f) => item(f, post))),
          ),
        ];
      }),
    );
  }

  function item(finding, post) {
    const target = fieldFor(finding, post);
    return h(
      "li",
      { class: "check-finding", "data-testid": "check-finding", dataset: { rule: finding.rule, severity: finding.severity } },
      h("strong", { class: "check-rule" }, RULES[finding.rule] || finding.rule),
      h("p", { class: "check-message", dir: "auto" }, finding.message),
      target
        ? h(
            "button",
            { type: "button", class: "small", "data-testid": "check-goto", dataset: { target }, onclick: () => goTo(target) },
            "Go to",
          )
        : null,
    );
  }

  /** Puts the caret in field `id`, unfolding its section card first. */
  function goTo(id) {
    let field = document.getElementById(id);
    const card = field?.closest(".card-section");
    if (card?.classList.contains("collapsed")) {
      card.querySelector("[data-role=fold]")?.click();
      field = document.getElementById(id);
    }
    if (!field) return;
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  }

  function open() {
    if (!draft.post) return;
    onOpened?.();
    setHint(null);
    root.hidden = false;
    button?.setAttribute("aria-pressed", "true");
    state.textContent = "Checking…";
    refresh();
    root.querySelector(".pane-head button")?.focus();
  }

  function close() {
    if (root.hidden) return;
    root.hidden = true;
    button?.setAttribute("aria-pressed", "false");
    later.cancel();
    asked += 1;
    onClosed?.();
  }

  let hintPost = null;
  function setHint(content) {
    if (!hint) return;
    hintPost = content ? draft.post : null;
    hint.replaceChildren(...(content ? [content] : []));
    hint.hidden = !content;
  }

  /** After the status is set to Published or Scheduled: the count in the top bar, unless the panel is open. */
  function remind() {
    if (!root.hidden) return;
    const line = checkSummary();
    setHint(line);
  }

  // Refresh as the post changes (each edit sets the draft's state), and
  // drop the reminder when another post opens or it goes back to draft.
  draft.addEventListener("state", () => {
    if (!root.hidden) later();
    if (hintPost && (draft.post !== hintPost || hintPost.status === "draft")) setHint(null);
  });

  instance = { open, close, findingsNow };
  return { open, close, remind, toggle: () => (root.hidden ? open() : close()), isOpen: () => !root.hidden };
}
