//! The post's details: status, publish date, category, author, language,
//! the cover (its own part, placed here), tags and related posts.

import * as api from "../../api.js";
import { h, setValue } from "../../dom.js";
import { Chips } from "../chips.js";
import { createDateField } from "../datefield.js";
import { field } from "./field.js";

/**
 * @param {object} o
 * @param {() => object} o.post     the open post (live)
 * @param {() => void} o.edited     tells the editor the post changed
 * @param {Element} o.cover         the cover field, shown between language and tags
 */
export function createDetails({ post, edited, cover }) {
  const status = h(
    "select",
    { id: "status", "data-testid": "status" },
    h("option", { value: "draft" }, "Draft"),
    h("option", { value: "scheduled" }, "Scheduled"),
    h("option", { value: "published" }, "Published"),
  );
  status.addEventListener("change", () => {
    post().status = status.value;
    edited();
  });
  // Typed (or picked from its calendar) and read by the core; empty when undated.
  const publishAt = createDateField({
    onChange: (value) => {
      post().publish_at = value;
      edited();
    },
  });
  const category = h("input", {
    id: "category",
    type: "text",
    list: "category-options",
    autocomplete: "off",
    placeholder: "e.g. Time for Designs",
    "data-testid": "category",
  });
  category.addEventListener("input", () => {
    post().category = category.value;
    edited();
  });
  const author = h("input", { id: "author", type: "text", autocomplete: "off", "data-testid": "author" });
  author.addEventListener("input", () => {
    post().author = author.value;
    edited();
  });

  // The post's own language, when it is not the site's (an Arabic post on
  // an English blog): the page then says lang, and dir="rtl" where needed.
  const language = h("input", {
    id: "language",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "the site's",
    "data-testid": "language",
  });
  language.addEventListener("input", () => {
    const value = language.value.trim();
    post().language = value === "" ? null : value;
    edited();
  });

  const tagsBox = h("div", { class: "chips-box" });
  const tags = new Chips({
    root: tagsBox,
    id: "tags",
    testid: "tags",
    placeholder: "Add a tag…",
    list: "tag-options",
    values: () => post().tags,
    onChange: edited,
  });

  const titles = new Map(); // slug → title, from searches, to show related picks by name
  const relatedBox = h("div", { class: "chips-box" });
  const related = new Chips({
    root: relatedBox,
    id: "related",
    testid: "related",
    placeholder: "Search post titles…",
    values: () => post().related,
    onChange: edited,
    display: (slugValue) => titles.get(slugValue) || slugValue,
    search: async (text) => {
      const rows = await api.listPosts({ search: text || null, sort: text ? "relevance" : "updated", limit: 8 });
      return rows
        .filter((r) => r.id !== post().id)
        .map((r) => {
          titles.set(r.slug, r.title);
          return { value: r.slug, label: r.title, hint: r.status };
        });
    },
  });

  const element = h(
    "fieldset",
    { class: "details" },
    h("legend", {}, "Details"),
    field("status", "Status", status),
    h(
      "div",
      { class: "field field-publish-at" },
      h("div", { class: "label-row" }, h("label", { for: "publish-at" }, "Publish date"), publishAt.clear),
      publishAt.element,
    ),
    field("category", "Category", category),
    field("author", "Author", author),
    field("language", "Language", language),
    field("cover", "Cover image", cover),
    field("tags", "Tags", tagsBox),
    field("related", "Related posts", relatedBox),
  );

  return {
    element,
    /** Fills every detail but the cover from the post `p`. */
    show(p) {
      setValue(status, p.status);
      publishAt.set(p.publish_at);
      setValue(category, p.category);
      setValue(author, p.author);
      setValue(language, p.language || "");
      tags.render();
      related.render();
    },
    /** Titles of posts (list rows) to show related picks by name. */
    rememberTitles(rows) {
      for (const r of rows) titles.set(r.slug, r.title);
      if (post()) related.render();
    },
  };
}
