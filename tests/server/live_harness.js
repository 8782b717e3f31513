// Runs static/live.js under node with a minimal fake page and server, and prints what it did.
// Usage: node live_harness.js PATH/TO/live.js  (stdin: {"answers": [...], "rendered": "3"|null},
// the fake server's answers in turn and the version the page was rendered with)
"use strict";
const fs = require("fs");

const source = fs.readFileSync(process.argv[2], "utf8");
const given = JSON.parse(fs.readFileSync(0, "utf8"));
const answers = given.answers;
const flush = () => new Promise((resolve) => setImmediate(resolve));

const attributes = given.rendered === null ? {} : { "data-live-version": given.rendered };
const triggered = [];
const events = [];
const urls = [];
const delays = [];
const pending = [];
const cards = [{ name: "cac" }, { name: "revenue" }];

const page = {
  hidden: false,
  readyState: "complete",
  documentElement: {
    getAttribute: (key) => (key in attributes ? attributes[key] : null),
    setAttribute: (key, value) => {
      attributes[key] = String(value);
    },
  },
  querySelectorAll: (selector) => (selector === "[data-live]" ? cards : []),
  addEventListener: () => {},
  dispatchEvent: (event) => events.push(event.type + ":" + event.detail.version),
};

const sandbox = {
  document: page,
  htmx: { trigger: (element, name) => triggered.push(element.name + ":" + name) },
  CustomEvent: class {
    constructor(type, init) {
      this.type = type;
      this.detail = init && init.detail;
    }
  },
  fetch: (url) => {
    urls.push(url);
    const answer = answers.shift();
    if (answer === "error") {
      return Promise.resolve({ ok: false, status: 503 });
    }
    return Promise.resolve({ ok: true, json: () => Promise.resolve(answer) });
  },
  setTimeout: (callback, ms) => {
    delays.push(ms);
    pending.push(callback);
    return pending.length;
  },
  clearTimeout: () => {},
  encodeURIComponent,
  Math,
  Error,
};
sandbox.window = sandbox;

(async () => {
  new Function(...Object.keys(sandbox), source)(...Object.values(sandbox));
  for (let round = 0; round < 20 && (pending.length || answers.length); round++) {
    await flush();
    await flush();
    const next = pending.shift();
    if (next) {
      next();
    }
  }
  await flush();
  process.stdout.write(JSON.stringify({ urls, triggered, events, delays, attributes }));
})();
