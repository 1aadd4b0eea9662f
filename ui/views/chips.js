//! A field of removable chips with a text input at the end: tags (type and
//! press Enter or comma, suggestions from the store) and related posts
//! (search titles, pick one). The chips show values; the core normalises them.

import { h, debounce } from "../dom.js";

export class Chips {
  /**
   * @param {object} o
   * @param {HTMLElement} o.root
   * @param {string} o.id           id of the text input (for its <label>)
   * @param {string} o.testid
   * @param {string} o.placeholder
   * @param {() => string[]} o.values   the live array in the post
   * @param {() => void} o.onChange
   * @param {(value) => string} [o.display]
   * @param {string} [o.list]       id of a <datalist> of suggestions (free text allowed)
   * @param {(text) => Promise<{value, label, hint}[]>} [o.search]  pick from results instead
   */
  constructor(o) {
    Object.assign(this, o);
    this.display ||= (v) => v;
    this.chips = h("span", { class: "chip-list" });
    this.input = h("input", {
      id: this.id,
      type: "text",
      class: "chip-input",
      placeholder: this.placeholder,
      autocomplete: "off",
      list: this.list,
      "data-testid": this.testid,
      "aria-autocomplete": this.search ? "list" : undefined,
    });
    this.results = h("ul", { class: "chip-results", role: "listbox", hidden: true });
    this.root.classList.add("chips");
    this.root.append(this.chips, this.input, this.results);
    this.root.addEventListener("click", (e) => {
      if (e.target === this.root || e.target === this.chips) this.input.focus();
    });
    this.input.addEventListener("keydown", (e) => this.onKey(e));
    if (this.search) {
      const lookup = debounce(() => this.lookup(), 150);
      this.input.addEventListener("input", lookup);
      this.input.addEventListener("focus", lookup);
      this.root.addEventListener("focusout", (e) => {
        if (!this.root.contains(e.relatedTarget)) this.results.hidden = true;
      });
    } else {
      this.input.addEventListener("input", () => {
        if (this.input.value.includes(",")) this.commitText();
      });
      this.input.addEventListener("change", () => this.commitText());
      this.input.addEventListener("blur", () => this.commitText());
    }
  }

  render() {
    this.chips.replaceChildren(
      ...this.values().map((value, i) =>
        h(
          "span",
          { class: "chip", "data-testid": `${this.testid}-chip` },
          h("span", { class: "chip-label" }, this.display(value)),
          h(
            "button",
            {
              type: "button",
              class: "chip-remove",
              "aria-label": `Remove ${this.display(value)}`,
              onclick: () => this.removeAt(i),
            },
            "×",
          ),
        ),
      ),
    );
  }

  add(value) {
    const v = String(value).trim();
    if (!v) return;
    const values = this.values();
    if (!values.includes(v)) {
      values.push(v);
      this.render();
      this.onChange();
    }
  }

  removeAt(i) {
    this.values().splice(i, 1);
    this.render();
    this.onChange();
    this.input.focus();
  }

  commitText() {
    const parts = this.input.value.split(",");
    const rest = parts.pop();
    for (const part of parts) this.add(part);
    if (!this.input.value.includes(",") && document.activeElement !== this.input) {
      this.add(rest);
      this.input.value = "";
    } else {
      this.input.value = rest.trimStart();
    }
  }

  onKey(e) {
    if (e.key === "Backspace" && this.input.value === "" && this.values().length) {
      e.preventDefault();
      this.removeAt(this.values().length - 1);
    } else if (e.key === "Enter" && !this.search) {
      e.preventDefault();
      this.add(this.input.value);
      this.input.value = "";
    } else if (this.search && e.key === "ArrowDown" && !this.results.hidden) {
      e.preventDefault();
      this.results.querySelector("button")?.focus();
    } else if (e.key === "Escape" && this.search) {
      this.results.hidden = true;
    }
  }

  async lookup() {
    const text = this.input.value.trim();
    let found = [];
    try {
      found = await this.search(text);
    } catch {
      found = [];
    }
    if (document.activeElement !== this.input && !this.root.contains(document.activeElement)) return;
    const values = this.values();
    found = found.filter((r) => !values.includes(r.value));
    this.results.replaceChildren(
      ...found.map((r) =>
        h(
          "li",
          { role: "presentation" },
          h(
            "button",
            {
              type: "button",
              role: "option",
              onclick: () => {
                this.add(r.value);
                this.input.value = "";
                this.results.hidden = true;
                this.input.focus();
              },
              onkeydown: (e) => {
                const li = e.target.parentElement;
                if (e.key === "ArrowDown") li.nextElementSibling?.querySelector("button")?.focus();
                else if (e.key === "ArrowUp")
                  (li.previousElementSibling?.querySelector("button") || this.input).focus();
                else if (e.key === "Escape") {
                  this.results.hidden = true;
                  this.input.focus();
                } else return;
                e.preventDefault();
              },
            },
            h("span", { class: "result-title" }, r.label),
            r.hint ? h("span", { class: "result-hint" }, r.hint) : null,
          ),
        ),
      ),
    );
    this.results.hidden = found.length === 0;
  }
}
