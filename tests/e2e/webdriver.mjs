// A tiny W3C WebDriver client over Node's built-in fetch: just what Quire's
// end-to-end tests need (sessions, elements, keys, scripts, screenshots).

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {
  constructor(status, body, what) {
    const v = body?.value || {};
    super(`${what}: ${v.error || status} ${v.message || ""}`.trim());
    this.name = "WebDriverError";
    this.error = v.error;
  }
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** Starts a session; `capabilities` is the W3C `alwaysMatch` object. */
  static async start(base, alwaysMatch, { timeoutMs = 60000 } = {}) {
    const res = await fetch(`${base}/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ capabilities: { alwaysMatch } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new WebDriverError(res.status, body, "new session");
    return new Session(base, body.value.sessionId);
  }

  async cmd(method, path, payload) {
    const res = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: payload === undefined ? undefined : JSON.stringify(payload),
      signal: AbortSignal.timeout(60000),
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new WebDriverError(res.status, body, `${method} ${path}`);
    return body.value;
  }

  async quit() {
    try {
      await this.cmd("DELETE", "");
    } catch {
      /* already gone */
    }
  }

  navigate(url) {
    return this.cmd("POST", "/url", { url });
  }

  async find(css) {
    const v = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return v[ELEMENT];
  }

  async findAll(css) {
    const v = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return v.map((e) => e[ELEMENT]);
  }

  /** Scrolls the element to the middle of its scroll box (WebKitWebDriver does not always), then clicks it. */
  async click(el) {
    await this.execute("arguments[0].scrollIntoView({ block: 'center' })", elementRef(el));
    return this.cmd("POST", `/element/${el}/click`, {});
  }

  /** Types text into an element (no newlines: WebKitWebDriver handles them badly). */
  type(el, text) {
    return this.cmd("POST", `/element/${el}/value`, { text });
  }

  text(el) {
    return this.cmd("GET", `/element/${el}/text`);
  }

  property(el, name) {
    return this.cmd("GET", `/element/${el}/property/${name}`);
  }

  /** Runs `script` (a function body) in the page; pass elements as `elementRef(id)`. */
  execute(script, ...args) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Like execute, but the script ends by calling `arguments[arguments.length - 1](result)`. */
  executeAsync(script, ...args) {
    return this.cmd("POST", "/execute/async", { script, args });
  }

  /** A promise-returning expression, awaited in the page: `evaluate("window.quire.flush()")`. */
  evaluate(expression, ...args) {
    return this.executeAsync(
      `const done = arguments[arguments.length - 1];
       Promise.resolve().then(() => (${expression}))
         .then((v) => done({ ok: true, v }), (e) => done({ ok: false, e: String(e && e.message || e) }));`,
      ...args,
    ).then((r) => {
      if (!r || !r.ok) throw new Error(`in page: ${r?.e}`);
      return r.v;
    });
  }

  setTimeouts(t) {
    return this.cmd("POST", "/timeouts", t);
  }

  async screenshot() {
    return Buffer.from(await this.cmd("GET", "/screenshot"), "base64");
  }

  setWindowRect(rect) {
    return this.cmd("POST", "/window/rect", rect);
  }

  /** Polls `fn` until it returns a truthy value; throws `message` after `timeout` ms. */
  async waitFor(fn, message, { timeout = 10000, interval = 100 } = {}) {
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await fn();
        if (last) return last;
      } catch (e) {
        last = e;
      }
      if (Date.now() > end) throw new Error(`timed out: ${message} (last: ${last?.message ?? JSON.stringify(last)})`);
      await new Promise((r) => setTimeout(r, interval));
    }
  }
}

export const elementRef = (id) => ({ [ELEMENT]: id });
