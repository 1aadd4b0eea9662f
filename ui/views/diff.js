//! A post's word-level diff (the core's `quire::diff`, from a revision to
//! the draft) as elements: inserted words in <ins>, deleted ones in <del>,
//! each announced in words ("added", "removed") for screen readers and
//! marked by underline and strike-through, not by colour alone. A long
//! unchanged run shows its ends and a button to show the rest. Text only
//! ever goes in as text.

import { h, number } from "../dom.js";

const said = (text) => h("span", { class: "visually-hidden" }, text);

/** A run list → a line of text with its insertions and deletions marked. */
export function renderOps(ops) {
  const out = h("span", { class: "diff-ops" });
  for (const op of ops) {
    if (op.kind === "insert") out.append(said(" added: "), h("ins", {}, op.text), said(" (end) "));
    else if (op.kind === "delete") out.append(said(" removed: "), h("del", {}, op.text), said(" (end) "));
    else if (op.fold) out.append(folded(op));
    else out.append(op.text);
  }
  return out;
}

function folded(op) {
  const { head, tail, hidden_words: hidden } = op.fold;
  const part = h("span", { class: "diff-folded" });
  const more = h(
    "button",
    {
      type: "button",
      class: "diff-more",
      "aria-expanded": "false",
      onclick: () => part.replaceChildren(op.text),
    },
    `… ${number(hidden)} unchanged words …`,
  );
  part.append(head, more, tail);
  return part;
}

const CHANGE = { changed: "changed", added: "added", removed: "removed", same: "unchanged" };

function sectionTitle(s) {
  const where =
    s.change === "removed" ? `Section ${s.before + 1} of the revision` : `Section ${s.after + 1}`;
  const what = [s.change !== "same" ? CHANGE[s.change] : null, s.moved ? `moved from ${s.before + 1}` : null].filter(Boolean);
  return `${where} — ${what.join(", ")}`;
}

function block(label, content, attrs = {}) {
  return h("div", { class: "diff-block", ...attrs }, h("h4", {}, label), content);
}

const text = (ops) => h("div", { class: "diff-text", dir: "auto" }, renderOps(ops));

/** The whole diff: summary line, title, summary, other fields, sections, takeaways. */
export function renderDiff(diff) {
  const parts = [h("p", { class: "diff-summary", "data-testid": "diff-summary" }, diff.changes.summary)];
  if (diff.title) parts.push(block("Title", text(diff.title), { "data-testid": "diff-title" }));
  if (diff.summary) parts.push(block("Summary", text(diff.summary), { "data-testid": "diff-summary-field" }));
  for (const f of diff.fields) {
    parts.push(
      block(
        f.label,
        h(
          "div",
          { class: "diff-text", dir: "auto" },
          f.before ? [said("was: "), h("del", {}, f.before)] : h("span", { class: "diff-none" }, "(none)"),
          " → ",
          f.after ? [said("now: "), h("ins", {}, f.after)] : h("span", { class: "diff-none" }, "(none)"),
        ),
        { "data-testid": "diff-field", dataset: { field: f.field } },
      ),
    );
  }
  let unchanged = 0;
  for (const s of diff.sections) {
    if (s.change === "same" && !s.moved) {
      unchanged += 1;
      continue;
    }
    const heading = s.heading.length ? h("div", { class: "diff-heading", dir: "auto" }, renderOps(s.heading)) : null;
    parts.push(
      block(sectionTitle(s), [heading, s.body.length ? text(s.body) : null], {
        "data-testid": "diff-section",
        dataset: { change: s.change, moved: String(s.moved), after: s.after ?? "", before: s.before ?? "" },
      }),
    );
  }
  if (unchanged) {
    parts.push(h("p", { class: "diff-same" }, unchanged === 1 ? "1 section unchanged." : `${unchanged} sections unchanged.`));
  }
  const takeaways = diff.takeaways.filter((t) => t.change !== "same");
  if (takeaways.length) {
    parts.push(
      block(
        "Key takeaways",
        h(
          "ul",
          { class: "diff-takeaways" },
          takeaways.map((t) => h("li", { dir: "auto", dataset: { change: t.change } }, `${CHANGE[t.change]}: `, renderOps(t.ops))),
        ),
        { "data-testid": "diff-takeaways" },
      ),
    );
  }
  return h("div", { class: "diff" }, parts);
}
