//! Passing notices ("Section removed. Undo") and the one confirmation
//! dialog the app uses for choices that lose something.

import { h } from "../dom.js";

export function createNotices(region) {
  return function notify(text, undo = null, kind = "info") {
    // A notice saying what one already says replaces it rather than stacking
    // on it (five "Section removed." in a row once covered the cards): its
    // Undo is the latest; Ctrl+Z reaches the earlier ones.
    for (const old of [...region.children]) if (old.dataset.text === text) old.remove();
    const item = h(
      "div",
      { class: `toast toast-${kind}`, role: kind === "error" ? "alert" : "status", "data-testid": "notice", dataset: { text } },
      h("span", {}, text),
    );
    let timer = null;
    const dismiss = () => {
      clearTimeout(timer);
      item.remove();
    };
    if (undo) {
      item.append(
        h(
          "button",
          {
            type: "button",
            class: "small",
            "data-testid": "undo",
            onclick: () => {
              dismiss();
              undo();
            },
          },
          "Undo",
        ),
      );
    }
    item.append(h("button", { type: "button", class: "icon", "aria-label": "Dismiss", onclick: dismiss }, "✕"));
    region.append(item);
    while (region.children.length > 3) region.firstElementChild.remove();
    timer = setTimeout(dismiss, undo ? 10000 : kind === "error" ? 8000 : 4000);
  };
}

/** A modal yes/no. Resolves to the button chosen: true for `ok`, false otherwise (or Esc). */
export function createConfirm(dialog) {
  return ({ title, text, ok = "OK", cancel = "Cancel", danger = false, extra = null }) =>
    new Promise((resolve) => {
      const done = (value) => {
        dialog.onclose = null;
        dialog.close();
        resolve(value);
      };
      const okButton = h(
        "button",
        { type: "button", class: danger ? "danger-solid" : "primary", "data-testid": "confirm-ok", onclick: () => done(true) },
        ok,
      );
      const buttons = [h("button", { type: "button", "data-testid": "confirm-cancel", onclick: () => done(false) }, cancel)];
      if (extra) {
        buttons.push(h("button", { type: "button", "data-testid": "confirm-extra", onclick: () => done(extra.value) }, extra.label));
      }
      buttons.push(okButton);
      dialog.replaceChildren(
        h("div", { class: "dialog-body" }, h("h2", {}, title), h("p", {}, text), h("div", { class: "dialog-actions" }, ...buttons)),
      );
      dialog.onclose = () => resolve(false);
      dialog.showModal();
      okButton.focus();
    });
}
