//! The link dialog (Ctrl+K in a section body or a takeaway): one field that
//! searches Quire's own posts by title, or takes a URL. A post is linked in
//! the internal form `quire:post/ID`, which every output resolves to the
//! target's address of the day, so the link survives the slug changing.
//! The link goes in through insertText: one step of the field's undo, and
//! the field's own input handler updates the post. Ctrl+K with the caret in
//! a Markdown link edits that link.

import * as api from "../api.js";
import { h, debounce } from "../dom.js";

const INTERNAL = "quire:post/";
const STATUS_LABEL = { draft: "Draft", scheduled: "Scheduled", published: "Published", trash: "In the Trash" };
/** `[text](destination)`: the text may hold escaped brackets, the destination one level of parentheses. */
const MARKDOWN_LINK = /\[((?:[^[\]\\]|\\.)*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)/g;

/** Whether a field takes links: section bodies and takeaways (the summary is plain text). */
export const takesLinks = (el) =>
  (el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement) &&
  (el.dataset.role === "body" || el.dataset.testid === "takeaway");

/** What looks like an address: http(s), mailto, or a path on the site. */
export const looksLikeUrl = (text) => /^(https?:\/\/\S+|mailto:\S+|\/\S*)$/i.test(text);

const escapeLabel = (text) => text.replace(/[\\[\]]/g, (c) => `\\${c}`);
const escapeUrl = (url) => url.replace(/ /g, "%20").replace(/\(/g, "%28").replace(/\)/g, "%29");

/** The Markdown link around [start, end] in `value`, or null. */
function linkAround(value, start, end) {
  for (const m of value.matchAll(MARKDOWN_LINK)) {
    const from = m.index;
    const to = m.index + m[0].length;
    if (from <= start && end <= to && !(start === to && end === to)) return { start: from, end: to, text: m[1], url: m[2] };
  }
  return null;
}

export function createLinkDialog(dialog, { currentId }) {
  const input = h("input", {
    type: "text",
    class: "link-search",
    placeholder: "Search posts by title, or paste a URL",
    autocomplete: "off",
    spellcheck: "false",
    role: "combobox",
    "aria-expanded": "true",
    "aria-controls": "link-results",
    "aria-label": "Post title or URL",
    "data-testid": "link-search",
  });
  const list = h("ul", { id: "link-results", class: "link-results", role: "listbox", "data-testid": "link-results" });
  const note = h("p", { class: "link-note muted", "data-testid": "link-note" });
  const heading = h("h2", {}, "Insert a link");
  dialog.replaceChildren(
    h(
      "div",
      { class: "dialog-body link-body" },
      heading,
      input,
      list,
      note,
      h("p", { class: "link-keys muted" }, h("kbd", {}, "↑"), h("kbd", {}, "↓"), " choose · ", h("kbd", {}, "Enter"), " link · ", h("kbd", {}, "Esc"), " cancel"),
    ),
  );

  let target = null; // { field, start, end, editing }
  let options = [];
  let active = -1;
  let seq = 0;

  const lookupSoon = debounce(() => lookup(), 120);
  input.addEventListener("input", lookupSoon);
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (options.length) setActive((active + (e.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (lookupSoon.pending()) lookupSoon.now().then(() => choose(options[active]));
      else choose(options[active]);
    }
  });
  dialog.addEventListener("cancel", (e) => {
    e.preventDefault();
    finish(null);
  });

  async function lookup() {
    const mine = ++seq;
    const text = input.value.trim();
    let found = [];
    if (looksLikeUrl(text)) {
      found = [{ kind: "url", url: text }];
    } else {
      try {
        const [live, trashed] = await Promise.all([
          api.listPosts({ search: text || null, sort: text ? "relevance" : "updated", limit: 8 }),
          text ? api.listTrash() : Promise.resolve([]),
        ]);
        const words = text.toLowerCase();
        found = [
          ...live.map((r) => ({ kind: "post", row: r, status: r.status })),
          ...trashed.filter((r) => r.title.toLowerCase().includes(words)).map((r) => ({ kind: "post", row: r, status: "trash" })),
        ].filter((o) => o.row.id !== currentId());
      } catch (err) {
        if (mine === seq) note.textContent = `Could not search the posts: ${err.message}`;
        return;
      }
    }
    if (mine !== seq) return;
    options = found;
    list.replaceChildren(...options.map(optionRow));
    note.textContent = options.length
      ? ""
      : text
        ? "No post has that title. For an address, type it whole: https://…, mailto:… or /path."
        : "No other posts yet. Type an address: https://…, mailto:… or /path.";
    setActive(options.length ? 0 : -1);
  }

  function optionRow(option, i) {
    const attrs = { id: `link-option-${i}`, role: "option", class: "link-option", "data-testid": "link-option", onclick: () => choose(option) };
    attrs.onmousemove = () => setActive(i);
    if (option.kind === "url") {
      return h("li", attrs, h("span", { class: "link-option-title" }, "Link to URL"), h("span", { class: "link-option-slug" }, option.url));
    }
    const { row, status } = option;
    return h(
      "li",
      { ...attrs, "data-id": row.id },
      h("span", { class: "link-option-title" }, row.title || "Untitled"),
      h("span", { class: `badge badge-${status}`, "data-testid": "link-option-status" }, STATUS_LABEL[status] || status),
      h("span", { class: "link-option-slug" }, row.slug),
    );
  }

  function setActive(i) {
    active = i;
    list.querySelectorAll("[role=option]").forEach((el, j) => el.setAttribute("aria-selected", String(j === i)));
    const el = list.children[i];
    if (el) {
      input.setAttribute("aria-activedescendant", el.id);
      el.scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  }

  /** Closes the dialog and puts `option`'s link into the field (null: nothing, the selection as it was). */
  function finish(link) {
    lookupSoon.cancel();
    seq++;
    if (dialog.open) dialog.close();
    const t = target;
    target = null;
    if (!t) return;
    t.field.focus();
    if (!link) {
      t.field.setSelectionRange(t.start, t.end);
      return;
    }
    const { start, end, label, labelWasChosen } = { ...t, ...link };
    t.field.setSelectionRange(start, end);
    const markdown = `[${label}](${link.href})`;
    document.execCommand("insertText", false, markdown);
    // A label Quire chose (the title, the URL) is selected, so typing replaces it.
    if (labelWasChosen) t.field.setSelectionRange(start + 1, start + 1 + label.length);
    else t.field.setSelectionRange(start + markdown.length, start + markdown.length);
  }

  function choose(option) {
    if (!option || !target) return;
    const href = option.kind === "url" ? escapeUrl(option.url) : `${INTERNAL}${option.row.id}`;
    const kept = target.editing ? target.editing.text : target.field.value.slice(target.start, target.end);
    const fallback = option.kind === "url" ? option.url : escapeLabel(option.row.title || option.row.slug);
    finish({ href, label: kept || fallback, labelWasChosen: !kept });
  }

  return {
    /** Opens the dialog for `field` (a section body or takeaway); false when the field takes no links. */
    async open(field) {
      if (!takesLinks(field) || dialog.open) return false;
      const { selectionStart: start, selectionEnd: end, value } = field;
      const editing = linkAround(value, start, end);
      target = editing ? { field, start: editing.start, end: editing.end, editing } : { field, start, end, editing: null };
      heading.textContent = editing ? "Edit the link" : "Insert a link";
      input.value = "";
      if (editing?.url.startsWith(INTERNAL)) {
        const id = Number(editing.url.slice(INTERNAL.length).split("#")[0]);
        input.value = await api.getPost(id).then((p) => p.title, () => "");
      } else if (editing) {
        input.value = editing.url;
      }
      options = [];
      list.replaceChildren();
      note.textContent = "";
      dialog.showModal();
      input.focus();
      input.select();
      await lookup();
      return true;
    },
    get isOpen() {
      return dialog.open;
    },
  };
}
