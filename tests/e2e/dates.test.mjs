// The publish date in the real window: an undated draft shows an empty
// field (no date greyed in), a date typed fast by real key events is kept
// and stored (the CLI shows publish_at), text the core cannot read is said
// in words and changes nothing stored, and the calendar picks a day by
// keyboard and by mouse. Typed times are this computer's local time, read
// by the core; the test computes what it expects in the same time zone.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, repo, tempDir } from "./app.mjs";

const cli = process.env.QUIRE_CLI_BIN || join(repo, "target", "debug", "quire");
const UNDATED = "An Undated Draft";

/** The stored (RFC 3339 UTC) form of a local wall-clock time. */
const utc = (y, m, d, hh, mm) => new Date(y, m - 1, d, hh, mm).toISOString().replace(/\.\d{3}Z$/, "Z");

describe("The publish date: typed, picked, or none", () => {
  const dir = tempDir("dates");
  const db = join(dir, "quire.db");
  const quire = (...args) => execFileSync(cli, ["--db", db, ...args], { encoding: "utf8" });
  let driver;
  let app;
  let id;
  const stored = () => JSON.parse(quire("show", String(id), "--json")).publish_at ?? null;
  const field = () => app.s.execute("const f = document.getElementById('publish-at'); return { value: f.value, placeholder: f.placeholder, type: f.type }");
  const waitStored = (value, what) => app.s.waitFor(async () => (await app.waitSaved(), stored() === value), `${what} (stored ${stored()}, want ${value})`);

  before(async () => {
    const file = join(dir, "post.json");
    writeFileSync(file, JSON.stringify({ title: UNDATED, summary: "", status: "draft", sections: [{ heading: "One", body: "Text." }], takeaways: [], tags: [], related: [] }));
    id = JSON.parse(quire("put", file, "--json")).id;
    assert.equal(stored(), null, "the draft has no date");
    driver = await Driver.start(db);
    app = await driver.launch();
    await app.openFromList(UNDATED);
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  it("shows an undated draft's date field empty, with words saying so", async () => {
    const f = await field();
    assert.equal(f.value, "", "no date shown for a post that has none");
    assert.equal(f.type, "text", "a text field: no date input that paints today's date");
    assert.match(f.placeholder, /Not set/);
  });

  it("keeps a date typed fast with real key events, and stores it", async () => {
    const input = await app.find("publish-at");
    await app.s.click(input);
    await app.s.type(input, "2026-12-04 09:30");
    await app.s.type(input, "\uE004"); // Tab: leave the field
    await waitStored(utc(2026, 12, 4, 9, 30), "the typed date is stored");
    assert.equal((await field()).value, "2026-12-04 09:30", "every character typed is kept");
    assert.equal(await app.text("publish-at-error"), "", "no error");
  });

  it("says in words what it cannot read, and stores nothing from it", async () => {
    const input = await app.find("publish-at");
    await app.s.click(input);
    await app.s.execute("document.getElementById('publish-at').select()");
    await app.s.type(input, "next tuesday\uE007"); // Enter
    await app.s.waitFor(async () => (await app.s.execute("return !document.querySelector('[data-testid=publish-at-error]').hidden")), "an error shows");
    const message = await app.text("publish-at-error");
    assert.match(message, /not a date Quire can read.*2026-12-04 09:30/, "the error says what to write");
    assert.equal((await field()).value, "next tuesday", "the typed text stays for fixing");
    await app.waitSaved();
    assert.equal(stored(), utc(2026, 12, 4, 9, 30), "the stored date is untouched");
  });

  it("picks a day from the calendar by keyboard and by mouse, keeping the time", async () => {
    await app.s.execute("document.getElementById('publish-at').value = ''");
    await app.s.execute("document.getElementById('publish-at').dispatchEvent(new Event('change'))");
    await waitStored(null, "emptying the field clears the date");

    await app.click("date-pick");
    await app.s.waitFor(() => app.s.execute("return !document.querySelector('[data-testid=calendar]').hidden"), "the calendar opens");
    // Undated: the calendar opens on today, which has the focus.
    const today = new Date();
    const focused = await app.s.execute("return document.activeElement.dataset.day");
    assert.equal(focused, `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`);
    await app.chord([], "\uE014"); // → : tomorrow
    await app.chord([], "\uE007"); // Enter picks it
    const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
    await waitStored(utc(tomorrow.getFullYear(), tomorrow.getMonth() + 1, tomorrow.getDate(), 9, 0), "a picked day of an undated post is stored at 09:00");
    assert.equal(await app.s.execute("return document.querySelector('[data-testid=calendar]').hidden"), true, "the calendar closes");

    // Type a time, then pick another day with the mouse: the time stays.
    await app.s.execute("const f = document.getElementById('publish-at'); f.focus(); f.select()");
    await app.s.type(await app.find("publish-at"), "2027-03-01 18:45\uE007");
    await waitStored(utc(2027, 3, 1, 18, 45), "the typed date");
    await app.click("date-pick");
    const day = await app.s.find('[data-testid=calendar] [data-day="2027-03-17"]');
    await app.s.click(day);
    await waitStored(utc(2027, 3, 17, 18, 45), "the day clicked, at the time it had");
    assert.equal((await field()).value, "2027-03-17 18:45");

    await app.click("publish-at-clear");
    await waitStored(null, "Clear removes the date");
    assert.equal((await field()).value, "", "and the field is empty again");
  });
});
