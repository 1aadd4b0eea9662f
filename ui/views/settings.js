//! The Settings dialog: what the article page and exports know about the
//! website. The core validates; this form shows its message when it refuses.

import * as api from "../api.js";
import { h } from "../dom.js";

const FIELDS = [
  ["site_name", "Site name", "text", "Shown above every article."],
  ["base_url", "Base URL", "url", "e.g. https://example.com/blog — used for links and Open Graph tags."],
  ["default_author", "Default author", "text", "Used when a post names no author."],
  ["date_format", "Date format", "text", "strftime pattern: %A - %d %B %Y gives “Friday - 06 October 2023”."],
  ["language", "Language", "text", "A language tag such as en or pt-BR."],
  ["timezone", "Time zone", "text", "An IANA zone such as Europe/Berlin (empty: this computer's). Dates shown and Jekyll file names use it."],
];

export function createSettings(dialog, { onSaved }) {
  const inputs = {};
  const rows = FIELDS.map(([key, label, type, help]) => {
    const id = `setting-${key}`;
    inputs[key] = h("input", { id, type, autocomplete: "off", spellcheck: "false", "data-testid": id, "aria-describedby": `${id}-help` });
    return h(
      "div",
      { class: "field" },
      h("label", { for: id }, label),
      inputs[key],
      h("small", { id: `${id}-help`, class: "muted" }, help),
    );
  });
  inputs.raw_html = h(
    "select",
    { id: "setting-raw_html", "data-testid": "setting-raw_html" },
    h("option", { value: "keep" }, "Keep it in exports"),
    h("option", { value: "strip" }, "Strip it from exports"),
  );
  const message = h("p", { class: "form-message", role: "alert", "data-testid": "settings-message" });
  const saveButton = h("button", { type: "submit", class: "primary", "data-testid": "settings-save" }, "Save settings");

  const form = h(
    "form",
    { class: "dialog-body settings-form" },
    h("h2", {}, "Settings"),
    ...rows,
    h(
      "div",
      { class: "field" },
      h("label", { for: "setting-raw_html" }, "Raw HTML in posts"),
      inputs.raw_html,
      h("small", { class: "muted" }, "The preview always leaves it out."),
    ),
    message,
    h(
      "div",
      { class: "dialog-actions" },
      h("button", { type: "button", onclick: () => dialog.close() }, "Cancel"),
      saveButton,
    ),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const site = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value.trim()]));
    saveButton.disabled = true;
    try {
      const stored = await api.saveSettings(site);
      dialog.close();
      onSaved(stored);
    } catch (err) {
      message.textContent = err.message;
    } finally {
      saveButton.disabled = false;
    }
  });
  dialog.replaceChildren(form);

  return {
    async open() {
      message.textContent = "";
      try {
        const site = await api.getSettings();
        for (const [k, el] of Object.entries(inputs)) el.value = site[k] ?? "";
      } catch (err) {
        message.textContent = `Could not load the settings: ${err.message}`;
      }
      if (!dialog.open) dialog.showModal();
      inputs.site_name.focus();
    },
  };
}
