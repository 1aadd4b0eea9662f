//! One labelled field of the editor form: `<div class="field field-ID">`
//! holding its label, its control and, when given, something under it.

import { h } from "../../dom.js";

export function field(id, label, control, extra = null) {
  return h("div", { class: `field field-${id}` }, h("label", { for: id }, label), control, extra);
}
