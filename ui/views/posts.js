//! The posts pane: search as you type (the core's full-text search), filters
//! by status, tag and category, the list with status badges and dates, the
//! New button, and the Trash with restore.

import * as api from "../api.js";
import { h, debounce, shortDate, fullDate } from "../dom.js";

const STATUS_LABEL = { draft: "Draft", scheduled: "Scheduled", published: "Published" };

export function createPosts(root, { onOpen, onNew, onRestored, notify, confirm }) {
  let mode = "posts"; // or "trash"
  let selectedId = null;
  let rows = [];

  const search = h("input", {
    id: "post-search",
    type: "search",
    placeholder: "Search posts… (Ctrl+Shift+F)",
    title: "Search all posts (Ctrl+Shift+F; Ctrl+F finds in the open post)",
    autocomplete: "off",
    spellcheck: "false",
    "data-testid": "post-search",
  });
  const newButton = h(
    "button",
    { type: "button", class: "primary", "data-testid": "new-post", title: "New post (Ctrl+N)", onclick: () => onNew() },
    "+ New",
  );
  const statusFilter = h(
    "select",
    { id: "filter-status", "data-testid": "filter-status" },
    h("option", { value: "" }, "Status"),
    ...Object.entries(STATUS_LABEL).map(([value, label]) => h("option", { value }, label)),
  );
  const tagFilter = h("select", { id: "filter-tag", "data-testid": "filter-tag" }, h("option", { value: "" }, "Tag"));
  const categoryFilter = h(
    "select",
    { id: "filter-category", "data-testid": "filter-category" },
    h("option", { value: "" }, "Category"),
  );
  const list = h("ul", { class: "post-list", "data-testid": "post-list", "aria-label": "Posts" });
  const count = h("p", { class: "list-count", "aria-live": "polite" });
  const heading = h("h2", { class: "pane-title" }, "Posts");
  const trashButton = h(
    "button",
    { type: "button", class: "quiet", "data-testid": "trash", "aria-pressed": "false", onclick: () => setMode(mode === "trash" ? "posts" : "trash") },
    "Trash",
  );

  const filters = h(
    "div",
    { class: "filters" },
    h("label", { for: "filter-status", class: "visually-hidden" }, "Filter by status"),
    statusFilter,
    h("label", { for: "filter-tag", class: "visually-hidden" }, "Filter by tag"),
    tagFilter,
    h("label", { for: "filter-category", class: "visually-hidden" }, "Filter by category"),
    categoryFilter,
  );
  const searchRow = h(
    "div",
    { class: "search-row" },
    h("label", { for: "post-search", class: "visually-hidden" }, "Search posts"),
    search,
  );
  root.replaceChildren(
    h("div", { class: "pane-head" }, heading, newButton),
    searchRow,
    filters,
    list,
    h("div", { class: "pane-foot" }, count, trashButton),
  );

  const refreshSoon = debounce(() => refresh(), 120);
  search.addEventListener("input", refreshSoon);
  search.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      list.querySelector("button.post-row")?.focus();
    } else if (e.key === "Escape" && search.value) {
      search.value = "";
      refresh();
    }
  });
  for (const sel of [statusFilter, tagFilter, categoryFilter]) sel.addEventListener("change", () => refresh());
  list.addEventListener("keydown", (e) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const buttons = [...list.querySelectorAll("button.post-row")];
    const i = buttons.indexOf(document.activeElement);
    if (i < 0) return;
    e.preventDefault();
    if (e.key === "ArrowUp" && i === 0) search.focus();
    else buttons[Math.max(0, Math.min(buttons.length - 1, i + (e.key === "ArrowDown" ? 1 : -1)))].focus();
  });

  function setMode(next) {
    mode = next;
    const trash = mode === "trash";
    heading.textContent = trash ? "Trash" : "Posts";
    trashButton.textContent = trash ? "← Back to posts" : "Trash";
    trashButton.setAttribute("aria-pressed", String(trash));
    searchRow.hidden = trash;
    filters.hidden = trash;
    newButton.hidden = trash;
    root.classList.toggle("in-trash", trash);
    refresh();
  }

  function query() {
    const text = search.value.trim();
    return {
      search: text || null,
      status: statusFilter.value || null,
      tag: tagFilter.value || null,
      category: categoryFilter.value || null,
      sort: text ? "relevance" : "updated",
    };
  }

  let seq = 0;
  async function refresh() {
    const mine = ++seq;
    try {
      const found = mode === "trash" ? await api.listTrash() : await api.listPosts(query());
      if (mine !== seq) return rows;
      rows = found;
      draw();
    } catch (err) {
      if (mine !== seq) return rows;
      list.replaceChildren(h("li", { class: "list-empty error" }, `Could not list posts: ${err.message}`));
    }
    return rows;
  }

  function draw() {
    const focusedId = document.activeElement?.closest?.(".post-list li")?.dataset.id;
    list.replaceChildren(...rows.map((row) => (mode === "trash" ? trashRow(row) : postRow(row))));
    if (!rows.length) {
      const q = query();
      const filtered = q.search || q.status || q.tag || q.category;
      list.append(
        h(
          "li",
          { class: "list-empty" },
          mode === "trash" ? "The trash is empty." : filtered ? "No post matches." : "No posts yet — press + New.",
        ),
      );
    }
    count.textContent =
      mode === "trash"
        ? `${rows.length} in the trash`
        : `${rows.length} post${rows.length === 1 ? "" : "s"}`;
    if (focusedId) list.querySelector(`li[data-id="${focusedId}"] button`)?.focus();
  }

  function dateLine(row) {
    if (row.status === "published" && row.publish_at) return shortDate(row.publish_at);
    if (row.status === "scheduled" && row.publish_at) return `for ${shortDate(row.publish_at)}`;
    return `edited ${shortDate(row.updated_at)}`;
  }

  function postRow(row) {
    const button = h(
      "button",
      {
        type: "button",
        class: "post-row",
        "aria-current": row.id === selectedId ? "true" : undefined,
        onclick: () => onOpen(row.id),
      },
      h("span", { class: "row-title" }, row.title || "Untitled"),
      h(
        "span",
        { class: "row-meta" },
        h("span", { class: `badge badge-${row.status}`, "data-testid": "status-badge" }, STATUS_LABEL[row.status] || row.status),
        h("time", { datetime: row.publish_at || row.updated_at, title: fullDate(row.publish_at || row.updated_at) }, dateLine(row)),
        row.category ? h("span", { class: "row-category" }, row.category) : null,
      ),
    );
    return h("li", { dataset: { id: row.id }, "data-testid": "post-row" }, button);
  }

  function trashRow(row) {
    const restore = h(
      "button",
      {
        type: "button",
        class: "small",
        "data-testid": "restore",
        onclick: async () => {
          try {
            const post = await api.restorePost(row.id);
            setMode("posts");
            await refresh();
            onRestored(post);
            notify(`Restored “${post.title}”.`);
          } catch (err) {
            notify(`Could not restore: ${err.message}`, null, "error");
          }
        },
      },
      "Restore",
    );
    const purge = h(
      "button",
      {
        type: "button",
        class: "small quiet danger",
        "data-testid": "purge",
        onclick: async () => {
          const ok = await confirm({
            title: "Delete forever?",
            text: `“${row.title || "Untitled"}” and all its revisions will be gone. This cannot be undone.`,
            ok: "Delete forever",
            danger: true,
          });
          if (!ok) return;
          try {
            await api.purgePost(row.id);
            refresh();
          } catch (err) {
            notify(`Could not delete: ${err.message}`, null, "error");
          }
        },
      },
      "Delete forever",
    );
    return h(
      "li",
      { dataset: { id: row.id }, "data-testid": "trash-row", class: "trash-row" },
      h("span", { class: "row-title" }, row.title || "Untitled"),
      h(
        "span",
        { class: "row-meta" },
        h("span", { class: `badge badge-${row.status}` }, STATUS_LABEL[row.status] || row.status),
        row.deleted_at ? h("time", { datetime: row.deleted_at }, `deleted ${shortDate(row.deleted_at)}`) : null,
      ),
      h("span", { class: "row-actions" }, restore, purge),
    );
  }

  async function refreshVocabulary() {
    try {
      const [tags, categories] = await Promise.all([api.listTags(), api.listCategories()]);
      fillSelect(tagFilter, "Tag", tags);
      fillSelect(categoryFilter, "Category", categories);
      return { tags, categories };
    } catch {
      return { tags: [], categories: [] };
    }
  }

  function fillSelect(select, anyLabel, values) {
    const current = select.value;
    select.replaceChildren(h("option", { value: "" }, anyLabel), ...values.map((v) => h("option", { value: v }, v)));
    select.value = values.includes(current) ? current : "";
  }

  return {
    refresh,
    refreshVocabulary,
    select(id) {
      selectedId = id;
      for (const b of list.querySelectorAll("button.post-row")) b.removeAttribute("aria-current");
      list.querySelector(`li[data-id="${id}"] button.post-row`)?.setAttribute("aria-current", "true");
    },
    focusSearch() {
      if (mode === "trash") setMode("posts");
      search.focus();
      search.select();
    },
    showTrash: () => setMode("trash"),
    get mode() {
      return mode;
    },
    rows: () => rows,
  };
}
