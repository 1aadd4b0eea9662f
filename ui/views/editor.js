//! The editor pane: the post's fields, its sections and key takeaways. It
//! writes each edit straight into `draft.post` and tells the draft; it owns
//! no rules — the slug shown while it follows the title comes from the core's
//! `slugify`, word counts come from the preview render.

import * as api from "../api.js";
import { h, debounce, autoGrow, fitHeight, toLocalInput, fromLocalInput, number } from "../dom.js";
import { CardList } from "./cards.js";
import { Chips } from "./chips.js";
import { imageUrl } from "./images.js";

const SUMMARY_MIN = 50;
const SUMMARY_MAX = 160;

export function createEditor(root, { draft, onEdit, notify, onDelete, images }) {
  const post = () => draft.post;
  const edited = () => {
    draft.changed();
    onEdit();
  };

  const field = (id, label, control, extra = null) =>
    h("div", { class: `field field-${id}` }, h("label", { for: id }, label), control, extra);

  // Title and slug
  const title = h("textarea", {
    id: "title",
    class: "title-input",
    rows: 1,
    placeholder: "Title",
    "data-testid": "title",
    "data-one-line": "true",
    spellcheck: "true",
  });
  const fitTitle = autoGrow(title);
  title.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      summary.focus();
    }
  });
  title.addEventListener("input", () => {
    post().title = title.value.replace(/\n/g, " ");
    if (draft.slugFollows) deriveSlug();
    edited();
  });

  const slug = h("input", {
    id: "slug",
    class: "slug-input",
    type: "text",
    spellcheck: "false",
    autocomplete: "off",
    "data-testid": "slug",
  });
  const slugNote = h("span", { class: "slug-note" });
  const followButton = h(
    "button",
    {
      type: "button",
      class: "link",
      "data-testid": "slug-follow",
      onclick: () => {
        draft.slugFollows = true;
        deriveSlug.now();
        showSlugState();
        edited();
      },
    },
    "Follow the title",
  );
  slug.addEventListener("input", () => {
    draft.slugFollows = false;
    post().slug = slug.value;
    showSlugState();
    edited();
  });
  const deriveSlug = debounce(async () => {
    const p = post();
    if (!p || !draft.slugFollows) return;
    try {
      const derived = await api.slugify(p.title);
      if (p === post() && draft.slugFollows) {
        p.slug = derived;
        slug.value = derived;
      }
    } catch {
      /* the save will report a bad title */
    }
  }, 120);
  function showSlugState() {
    slugNote.textContent = draft.slugFollows ? "follows the title" : "set by hand";
    followButton.hidden = draft.slugFollows;
  }

  // Summary
  const summary = h("textarea", {
    id: "summary",
    class: "summary-input",
    rows: 3,
    placeholder: "One paragraph that leads the article and feeds listings and search results.",
    "data-testid": "summary",
  });
  const fitSummary = autoGrow(summary);
  const summaryCount = h("span", { class: "counter", "aria-live": "polite", "data-testid": "summary-count" });
  const summaryHint = h("span", { class: "hint", "data-testid": "summary-hint" });
  summary.addEventListener("input", () => {
    post().summary = summary.value;
    countSummary();
    edited();
  });
  function countSummary() {
    const n = [...summary.value].length;
    summaryCount.textContent = `${number(n)} characters`;
    const outside = n < SUMMARY_MIN || n > SUMMARY_MAX;
    summaryCount.classList.toggle("warn", outside);
    summaryHint.textContent = !outside
      ? ""
      : n < SUMMARY_MIN
        ? `Search results show ${SUMMARY_MIN}–${SUMMARY_MAX} characters: ${SUMMARY_MIN - n} more would fill them.`
        : `Search results cut summaries past ${SUMMARY_MAX} characters: ${n - SUMMARY_MAX} over.`;
  }

  // Details
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
  const publishAt = h("input", { id: "publish-at", type: "datetime-local", "data-testid": "publish-at" });
  publishAt.addEventListener("change", () => {
    post().publish_at = fromLocalInput(publishAt.value);
    showDateState();
    edited();
  });
  const clearDate = h(
    "button",
    {
      type: "button",
      class: "link clear-date",
      "aria-label": "Clear the publish date",
      onclick: () => {
        publishAt.value = "";
        post().publish_at = null;
        showDateState();
        edited();
      },
    },
    "Clear",
  );
  function showDateState() {
    clearDate.hidden = !publishAt.value;
    publishAt.classList.toggle("date-empty", !publishAt.value);
  }
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

  // The cover: an image above the text and in link previews.
  const coverThumb = h("img", { class: "cover-thumb", alt: "", hidden: true, "data-testid": "cover-thumb" });
  const coverAlt = h("input", {
    id: "cover-alt",
    type: "text",
    autocomplete: "off",
    placeholder: "Alternative text",
    "aria-label": "Cover alternative text",
    "data-testid": "cover-alt",
    "data-one-line": "true",
  });
  const coverCaption = h("input", {
    id: "cover-caption",
    type: "text",
    autocomplete: "off",
    placeholder: "Caption (optional)",
    "data-testid": "cover-caption",
    "aria-label": "Cover caption",
  });
  const coverChoose = h(
    "button",
    { id: "cover", type: "button", class: "small", "data-testid": "cover-choose", onclick: () => chooseCover() },
    "Choose…",
  );
  const coverRemove = h(
    "button",
    {
      type: "button",
      class: "link",
      "data-testid": "cover-remove",
      onclick: () => {
        post().cover = null;
        showCover();
        edited();
      },
    },
    "Remove",
  );
  const coverDetails = h("div", { class: "cover-details" }, coverAlt, coverCaption);
  const coverBox = h(
    "div",
    { class: "cover-field", "data-testid": "cover-field", "data-drop": "cover" },
    coverThumb,
    h("div", { class: "cover-side" }, h("div", { class: "row" }, coverChoose, coverRemove), coverDetails),
  );
  for (const [input, key] of [
    [coverAlt, "alt"],
    [coverCaption, "caption"],
  ]) {
    input.addEventListener("input", () => {
      if (!post().cover) return;
      post().cover[key] = input.value;
      edited();
    });
  }
  function showCover() {
    const c = post().cover;
    const name = c?.src?.replace(/^media\//, "");
    coverThumb.hidden = !c;
    if (c) coverThumb.src = imageUrl(name);
    coverAlt.value = c?.alt || "";
    coverCaption.value = c?.caption || "";
    coverDetails.hidden = !c;
    coverRemove.hidden = !c;
    coverChoose.textContent = c ? "Change…" : "Choose…";
  }
  /** Makes the image of `path` (or one from the file dialog) the cover. */
  async function chooseCover(path = null) {
    const placed = await images.pick(path);
    if (!placed) return;
    post().cover = { src: `media/${placed.media.name}`, alt: placed.alt, caption: post().cover?.caption || "" };
    showCover();
    edited();
  }

  // The images the post uses, and where.
  const imageList = h("ul", { class: "image-list", "data-testid": "image-list" });
  const imageBlock = h(
    "section",
    { class: "block images-block", "aria-labelledby": "images-title", hidden: true },
    h("h2", { id: "images-title" }, "Images in this post"),
    imageList,
  );
  async function listImages() {
    const p = post();
    if (!p) return;
    const found = await api.postImages(p).catch(() => []);
    if (p !== post()) return;
    imageBlock.hidden = found.length === 0;
    imageList.replaceChildren(
      ...found.map((img) =>
        h(
          "li",
          { class: "image-row", "data-testid": "image-row" },
          img.media ? h("img", { src: imageUrl(img.name), alt: "", class: "image-row-thumb" }) : h("span", { class: "image-row-thumb missing" }, "?"),
          h(
            "div",
            {},
            h("strong", {}, `media/${img.name}`),
            h(
              "p",
              { class: "muted" },
              img.media
                ? `${img.media.width} × ${img.media.height} · used in ${img.places.join(", ")}`
                : `not stored in Quire · used in ${img.places.join(", ")}`,
            ),
            img.media?.has_gps
              ? h("p", { class: "image-gps", "data-testid": "image-row-gps" }, "Holds its GPS position: exports leave it out.")
              : null,
          ),
        ),
      ),
    );
  }
  const relistImages = debounce(listImages, 400);

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

  // Sections and takeaways
  const sectionList = h("ol", { class: "section-list", "aria-label": "Sections", "data-testid": "sections" });
  const addSection = h(
    "button",
    { type: "button", class: "add", "data-testid": "add-section", onclick: () => sections.add({ heading: "", body: "" }) },
    "+ Add section",
  );
  const sections = new CardList({
    root: sectionList,
    noun: "section",
    items: () => post().sections,
    addButton: addSection,
    onChange: edited,
    notify,
    renderFields: (section, i) => {
      const headingId = `section-heading-${i}`;
      const bodyId = `section-body-${i}`;
      // A textarea that grows, so a long heading shows whole; Enter moves on to the body.
      const heading = h("textarea", {
        id: headingId,
        rows: 1,
        class: "section-heading",
        placeholder: "Section heading",
        "data-testid": "section-heading",
        "data-role": "heading",
        "data-one-line": "true",
      });
      heading.value = section.heading;
      autoGrow(heading);
      heading.addEventListener("input", () => {
        section.heading = heading.value.replace(/\n/g, " ");
        edited();
      });
      heading.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && !e.altKey) {
          e.preventDefault();
          body.focus();
        }
      });
      const body = h("textarea", {
        id: bodyId,
        class: "section-body",
        rows: 4,
        placeholder: "Write in Markdown: **bold**, _italic_, [links](https://…), ### sub-headings, lists…",
        "data-testid": "section-body",
        "data-role": "body",
      });
      body.value = section.body;
      autoGrow(body);
      body.addEventListener("input", () => {
        section.body = body.value;
        edited();
        relistImages();
      });
      const addImage = h(
        "button",
        { type: "button", class: "small add-image", "data-testid": "add-image", onclick: () => images.fromFile(body) },
        "Add image…",
      );
      return [
        h("label", { for: headingId, class: "visually-hidden" }, `Section ${i + 1} heading`),
        heading,
        h("label", { for: bodyId, class: "visually-hidden" }, `Section ${i + 1} body (Markdown)`),
        body,
        h("div", { class: "card-extras" }, addImage),
      ];
    },
  });

  const takeawayList = h("ol", { class: "takeaway-list", "aria-label": "Key takeaways", "data-testid": "takeaways" });
  const addTakeaway = h(
    "button",
    { type: "button", class: "add", "data-testid": "add-takeaway", onclick: () => takeaways.add("") },
    "+ Add takeaway",
  );
  const takeaways = new CardList({
    root: takeawayList,
    noun: "takeaway",
    items: () => post().takeaways,
    addButton: addTakeaway,
    onChange: edited,
    notify,
    renderFields: (text, i) => {
      const id = `takeaway-${i}`;
      const input = h("input", {
        id,
        type: "text",
        class: "takeaway-input",
        placeholder: "One line of inline Markdown, e.g. **Transparency** is a necessity.",
        value: text,
        "data-testid": "takeaway",
        "data-role": "text",
      });
      input.addEventListener("input", () => {
        post().takeaways[i] = input.value;
        edited();
      });
      input.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && !e.altKey) {
          e.preventDefault();
          takeaways.add("");
        }
      });
      return [h("label", { for: id, class: "visually-hidden" }, `Takeaway ${i + 1}`), input];
    },
  });

  const deleteButton = h(
    "button",
    { type: "button", class: "quiet danger", "data-testid": "delete-post", onclick: () => onDelete() },
    "Move to Trash",
  );

  const form = h(
    "form",
    { class: "editor-form", autocomplete: "off", onsubmit: (e) => e.preventDefault() },
    h("div", { class: "field field-title" }, h("label", { for: "title", class: "visually-hidden" }, "Title"), title),
    h(
      "div",
      { class: "slug-row" },
      h("label", { for: "slug" }, "Slug"),
      slug,
      slugNote,
      followButton,
    ),
    field("summary", "Summary", summary, h("div", { class: "field-foot" }, summaryHint, summaryCount)),
    h(
      "fieldset",
      { class: "details" },
      h("legend", {}, "Details"),
      field("status", "Status", status),
      h(
        "div",
        { class: "field field-publish-at" },
        h("div", { class: "label-row" }, h("label", { for: "publish-at" }, "Publish date"), clearDate),
        publishAt,
      ),
      field("category", "Category", category),
      field("author", "Author", author),
      field("language", "Language", language),
      field("cover", "Cover image", coverBox),
      field("tags", "Tags", tagsBox),
      field("related", "Related posts", relatedBox),
    ),
    h(
      "section",
      { class: "block", "aria-labelledby": "sections-title" },
      h("h2", { id: "sections-title" }, "Sections"),
      sectionList,
      addSection,
    ),
    h(
      "section",
      { class: "block", "aria-labelledby": "takeaways-title" },
      h("h2", { id: "takeaways-title" }, "Key takeaways"),
      takeawayList,
      addTakeaway,
    ),
    imageBlock,
    h("div", { class: "form-end" }, deleteButton),
  );
  const empty = h(
    "div",
    { class: "empty-editor" },
    h("p", {}, "No post is open."),
    h("p", { class: "muted" }, "Pick one from the list, or press Ctrl+N to start a new one."),
    h(
      "dl",
      { class: "shortcuts", "aria-label": "Keyboard shortcuts" },
      ...[
        ["Ctrl+N", "new post"],
        ["Ctrl+S", "save now (it also saves a second after you stop typing)"],
        ["Ctrl+F", "search posts"],
        ["Ctrl+P", "show or hide the preview"],
        ["Ctrl+E", "export"],
        ["Alt+↑ / Alt+↓", "move the section or takeaway you are in"],
      ].flatMap(([key, what]) => [h("dt", {}, h("kbd", {}, key)), h("dd", {}, what)]),
    ),
  );
  const banner = h("div", { class: "save-banner", role: "alert", hidden: true, "data-testid": "save-banner" });
  // A wider or narrower pane rewraps the text: refit every growing textarea.
  let lastWidth = 0;
  new ResizeObserver(([entry]) => {
    const width = Math.round(entry.contentRect.width);
    if (width === lastWidth) return;
    lastWidth = width;
    requestAnimationFrame(() => form.querySelectorAll("textarea").forEach(fitHeight));
  }).observe(form);
  root.replaceChildren(banner, h("div", { class: "editor-scroll" }, form, empty));

  function show() {
    const p = post();
    form.hidden = !p;
    empty.hidden = Boolean(p);
    if (!p) return;
    title.value = p.title;
    slug.value = p.slug;
    showSlugState();
    if (draft.slugFollows && p.title) deriveSlug.now();
    summary.value = p.summary;
    countSummary();
    status.value = p.status;
    publishAt.value = toLocalInput(p.publish_at);
    showDateState();
    category.value = p.category;
    author.value = p.author;
    language.value = p.language || "";
    showCover();
    listImages();
    tags.render();
    related.render();
    sections.render();
    takeaways.render();
    deleteButton.hidden = p.id == null;
    requestAnimationFrame(() => {
      fitTitle();
      fitSummary();
    });
  }

  /** After a save: show what the store decided (the slug), without touching what is being typed. */
  function stored() {
    const p = post();
    if (!p) return;
    if (document.activeElement !== slug) slug.value = p.slug;
    deleteButton.hidden = p.id == null;
  }

  function rememberTitles(rows) {
    for (const r of rows) titles.set(r.slug, r.title);
    if (post()) related.render();
  }

  return {
    show,
    stored,
    /** A message (and its buttons) above the form for a save that failed; null hides it. */
    setBanner(content) {
      banner.replaceChildren(...(content ? [content] : []));
      banner.hidden = !content;
    },
    rememberTitles,
    focusTitle: () => title.focus(),
    /** Makes the file at `path` the post's cover (a drop on the cover field). */
    coverFrom: (path) => chooseCover(path),
    /** Lists the post's images again (after one was added). */
    relistImages: () => listImages(),
    element: form,
  };
}
