//! The publish date: a text field that takes typing as fast as it comes
//! (`2026-12-04 09:30`, or a day alone), read by the core's rule
//! (`parse_publish_date`, in this computer's time zone), with a calendar to
//! pick a day by mouse or keyboard. An undated post shows an empty field,
//! never a date. What cannot be read is said in words and kept in the field;
//! the post keeps its last good date until then.

import * as api from "../api.js";
import { h, debounce, typedDate, isoDay, clockTime } from "../dom.js";

const QUIET_MS = 300;
const monthTitle = new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric" });
const dayLabel = new Intl.DateTimeFormat(undefined, { dateStyle: "full" });
const WEEKDAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/** @param {{onChange: (rfc3339: string|null) => void}} o */
export function createDateField({ onChange }) {
  const input = h("input", {
    id: "publish-at",
    type: "text",
    class: "date-input",
    inputmode: "numeric",
    autocomplete: "off",
    spellcheck: "false",
    // Short enough to show whole in the narrow field; the full form in the tooltip.
    placeholder: "Not set: YYYY-MM-DD",
    title: "Type a date and time, e.g. 2026-12-04 09:30 (a day alone publishes at 09:00)",
    "aria-describedby": "publish-at-error",
    "data-testid": "publish-at",
    "data-one-line": "true",
  });
  const error = h("p", { id: "publish-at-error", class: "date-error", role: "alert", hidden: true, "data-testid": "publish-at-error" });
  const pickButton = h(
    "button",
    {
      type: "button",
      class: "icon date-pick",
      title: "Pick a day",
      "aria-label": "Pick a day from a calendar",
      "aria-haspopup": "dialog",
      "aria-expanded": "false",
      "data-testid": "date-pick",
      onclick: () => (calendar.hidden ? openCalendar() : closeCalendar()),
    },
    "▦",
  );
  const clear = h(
    "button",
    {
      type: "button",
      class: "link clear-date",
      "aria-label": "Clear the publish date",
      "data-testid": "publish-at-clear",
      onclick: () => {
        input.value = "";
        commit(true);
        input.focus();
      },
    },
    "Clear",
  );
  const calendar = h("div", { class: "calendar", role: "dialog", "aria-label": "Pick a publish day", hidden: true, "data-testid": "calendar" });
  const element = h("div", { class: "date-field" }, h("div", { class: "date-row" }, input, pickButton), calendar, error);

  let value = null; // what the post holds (RFC 3339 UTC) as far as this field knows
  let seq = 0;

  /** Reads the field by the core's rule; `loud` shows a failure and tidies a success. */
  async function commit(loud) {
    quiet.cancel();
    const mine = ++seq;
    let parsed;
    try {
      parsed = await api.parsePublishDate(input.value);
    } catch (err) {
      if (mine !== seq || !loud) return;
      error.textContent = err.message;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      return;
    }
    if (mine !== seq) return;
    error.hidden = true;
    input.removeAttribute("aria-invalid");
    if (parsed !== value) {
      value = parsed;
      onChange(value);
    }
    if (loud) input.value = typedDate(value);
    clear.hidden = !value && !input.value;
  }
  const quiet = debounce(() => commit(false), QUIET_MS);

  input.addEventListener("input", () => {
    clear.hidden = !value && !input.value;
    quiet();
  });
  input.addEventListener("change", () => commit(true));
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      commit(true);
    } else if (e.key === "ArrowDown" && e.altKey) {
      e.preventDefault();
      openCalendar();
    }
  });

  // ---- the calendar -----------------------------------------------------------

  let month = null; // first day of the month shown
  let focusDay = null; // "YYYY-MM-DD" of the day that takes the focus

  function openCalendar() {
    const base = value ? new Date(value) : new Date();
    focusDay = isoDay(base);
    month = new Date(base.getFullYear(), base.getMonth(), 1);
    calendar.hidden = false;
    pickButton.setAttribute("aria-expanded", "true");
    drawMonth();
    calendar.querySelector(`[data-day="${focusDay}"]`)?.focus();
    document.addEventListener("pointerdown", outside, true);
  }

  function closeCalendar(refocus = false) {
    calendar.hidden = true;
    pickButton.setAttribute("aria-expanded", "false");
    document.removeEventListener("pointerdown", outside, true);
    if (refocus) pickButton.focus();
  }

  const outside = (e) => {
    if (!element.contains(e.target)) closeCalendar();
  };

  function drawMonth() {
    const selected = value ? isoDay(new Date(value)) : null;
    const today = isoDay(new Date());
    const first = (month.getDay() + 6) % 7; // Monday first
    const days = new Date(month.getFullYear(), month.getMonth() + 1, 0).getDate();
    const cells = [];
    for (let i = 0; i < first; i++) cells.push(h("span", { class: "day blank" }));
    for (let d = 1; d <= days; d++) {
      const date = new Date(month.getFullYear(), month.getMonth(), d);
      const day = isoDay(date);
      cells.push(
        h(
          "button",
          {
            type: "button",
            class: `day${day === today ? " today" : ""}`,
            tabindex: day === focusDay ? "0" : "-1",
            "aria-label": dayLabel.format(date),
            "aria-pressed": day === selected ? "true" : "false",
            dataset: { day },
            onclick: () => pick(day),
          },
          String(d),
        ),
      );
    }
    const nav = (label, delta, text) =>
      h("button", { type: "button", class: "icon", "aria-label": label, onclick: () => shiftMonth(delta) }, text);
    calendar.replaceChildren(
      h("div", { class: "calendar-head" }, nav("Previous month", -1, "‹"), h("strong", { "aria-live": "polite" }, monthTitle.format(month)), nav("Next month", 1, "›")),
      h("div", { class: "calendar-grid", role: "group", "aria-label": monthTitle.format(month) }, ...WEEKDAYS.map((w) => h("span", { class: "weekday", "aria-hidden": "true" }, w)), ...cells),
    );
  }

  function shiftMonth(delta) {
    month = new Date(month.getFullYear(), month.getMonth() + delta, 1);
    const [, , d] = focusDay.split("-").map(Number);
    const last = new Date(month.getFullYear(), month.getMonth() + 1, 0).getDate();
    focusDay = isoDay(new Date(month.getFullYear(), month.getMonth(), Math.min(d, last)));
    drawMonth();
  }

  function moveFocus(days) {
    const [y, m, d] = focusDay.split("-").map(Number);
    const next = new Date(y, m - 1, d + days);
    focusDay = isoDay(next);
    if (next.getMonth() !== month.getMonth() || next.getFullYear() !== month.getFullYear()) {
      month = new Date(next.getFullYear(), next.getMonth(), 1);
    }
    drawMonth();
    calendar.querySelector(`[data-day="${focusDay}"]`)?.focus();
  }

  calendar.addEventListener("keydown", (e) => {
    const steps = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      closeCalendar(true);
    } else if (e.target.dataset.day && steps[e.key]) {
      e.preventDefault();
      moveFocus(steps[e.key]);
    } else if (e.key === "PageUp" || e.key === "PageDown") {
      e.preventDefault();
      shiftMonth(e.key === "PageUp" ? -1 : 1);
      calendar.querySelector(`[data-day="${focusDay}"]`)?.focus();
    }
  });

  /** A day from the calendar: its time stays what it was (a new date gets the core's default hour). */
  function pick(day) {
    input.value = value ? `${day} ${clockTime(new Date(value))}` : day;
    closeCalendar();
    input.focus();
    commit(true);
  }

  return {
    element,
    /** The Clear button, for the label row. */
    clear,
    /** Shows `rfc3339` (null: an empty field, no date at all). */
    set(rfc3339) {
      seq += 1;
      quiet.cancel();
      value = rfc3339 || null;
      input.value = typedDate(value);
      error.hidden = true;
      input.removeAttribute("aria-invalid");
      clear.hidden = !value;
      closeCalendar();
    },
  };
}
