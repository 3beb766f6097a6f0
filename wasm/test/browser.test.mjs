// The demo page in headless Chromium (Debian's, driven by playwright-core): a TSL with a known
// error gets its diagnostic marked at the right line, the example script decodes the documented
// hex to the documented JSON and encodes the documented message, and a runaway script is stopped
// by the Worker runner. A screenshot is saved in wasm/test-output/. A data model is compiled and
// checked in the page itself and through the runner.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFile } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const wasm = join(dirname(fileURLToPath(import.meta.url)), "..");
const repo = join(wasm, "..");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json" };

let server;
let base;
let browser;

before(async () => {
  if (!existsSync(CHROMIUM)) execFileSync("bash", [join(wasm, "scripts", "chromium.sh")], { stdio: "inherit" });
  // The repository's files, read-only: the demo imports ../pkg and fetches ../../examples.
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
    const file = join(repo, path);
    if (!file.startsWith(repo + "/")) return void response.writeHead(403).end();
    readFile(file, (error, body) => {
      if (error) return void response.writeHead(404).end();
      response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

const BROKEN_TSL = `{
  "profile": {"productKey": "a1demo"},
  "properties": [
    {"identifier": "set", "name": "Temperature", "accessMode": "rw", "required": false,
     "dataType": {"type": "int", "specs": {"min": "0", "max": "100", "step": "1"}}}
  ],
  "events": [],
  "services": []
}`;

test("the demo page validates, converts and debugs scripts", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/wasm/demo/index.html`);
  await page.locator("#status", { hasText: "ready" }).waitFor({ timeout: 20000 });
  assert.match(await page.textContent("#verdict"), /^tsl: valid/);

  // A TSL with a reserved identifier on line 4: listed and marked there.
  await page.fill("#model", BROKEN_TSL);
  const listed = page.locator('#diagnostics li[data-code="TK2002"]');
  await listed.waitFor();
  assert.equal(await listed.getAttribute("data-line"), "4");
  const marked = page.locator('#marked mark[data-code="TK2002"]');
  assert.equal(await marked.getAttribute("data-line"), "4");
  // The mark sits where the diagnostic's span starts: the `"identifier": "set"` member.
  const column = Number(await marked.getAttribute("data-column"));
  assert.ok(BROKEN_TSL.split("\n")[3].slice(column - 1).startsWith('"identifier": "set"'), `column ${column}`);
  assert.match(await listed.textContent(), new RegExp(`^4:${column} TK2002 `));
  assert.match(await page.textContent("#verdict"), /invalid/);

  // The example script on the documented hex, and the documented downlink.
  await page.click("#decode");
  await page.locator("#decoded", { hasText: "thing.event.property.post" }).waitFor();
  assert.deepEqual(JSON.parse(await page.textContent("#decoded")), {
    id: "1", method: "thing.event.property.post", params: { prop_bool: 1, prop_float: 0, prop_int16: 50 }, version: "1.0",
  });
  await page.fill("#message", '{"method": "thing.service.property.set", "id": "12345", "version": "1.0", "params": {"prop_float": 123.452, "prop_int16": 333, "prop_bool": 1}}');
  await page.click("#encode");
  await page.locator("#encoded", { hasText: /^[0-9a-f]+$/ }).waitFor();
  assert.equal(await page.textContent("#encoded"), "0100003039014d0142f6e76d");

  mkdirSync(join(wasm, "test-output"), { recursive: true });
  await page.screenshot({ path: join(wasm, "test-output", "demo.png"), fullPage: true });

  // A script that loops where boa's limits do not reach (a comparator re-entered from the
  // native sort, each call a new frame below the per-frame loop limit): the runner's deadline
  // stops it.
  await page.fill(
    "#script",
    "function rawDataToProtocol(b) { var a = []; for (var i = 0; i < 100000; i++) a.push(100000 - i);" +
      " a.sort(function (x, y) { for (var k = 0; k < 1000; k++) {} return x - y; }); return {method: 'm'}; }",
  );
  await page.click("#decode");
  await page.locator("#decoded", { hasText: "TK5005" }).waitFor({ timeout: 10000 });
  assert.deepEqual(errors, []);
});

test("a DataModel checks messages in the page and through the runner", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/wasm/demo/index.html`);
  const tsl = await (await fetch(`${base}/examples/alink-example.tsl.json`)).text();
  const result = await page.evaluate(async (tsl) => {
    const thingkit = await import("/wasm/pkg/index.web.js");
    const { createRunner } = await import("/wasm/pkg/runner.web.js");
    const message = { id: "1", version: "1.0", method: "thing.event.property.post", params: { prop_int16: "fifty", prop_bool: 1 } };
    const model = new thingkit.DataModel(tsl);
    const levels = ["strong", "weak", "none"];
    const same = levels.map((level) => JSON.stringify(model.check(message, level)) === JSON.stringify(thingkit.checkData(tsl, message, level)));
    const strong = model.check(message, "strong");
    let invalid;
    try {
      new thingkit.DataModel('{"profile": {"productKey": "a1"}, "properties": [{"identifier": "set", "name": "bad@name"}]}');
    } catch (e) {
      invalid = { name: e.name, code: e.code, codes: e.diagnostics.map((d) => d.code), help: e.diagnostics.find((d) => d.code === "TK2004")?.help };
    }
    model.free();
    let freed;
    try {
      model.check(message);
    } catch (e) {
      freed = e.code;
    }
    const runner = createRunner({ timeoutMs: 5000 });
    const remote = await runner.compileModel(tsl);
    const viaRunner = await remote.check(message, "strong");
    remote.close();
    runner.terminate();
    return { same, strong, invalid, freed, viaRunner };
  }, tsl);
  assert.deepEqual(result.same, [true, true, true]);
  assert.equal(result.strong.failures[0].identifier, "prop_int16");
  assert.deepEqual(result.strong.passed.params, { prop_bool: 1 });
  assert.equal(result.invalid.name, "ThingkitError");
  assert.ok(result.invalid.codes.includes("TK2002") && result.invalid.codes.includes(result.invalid.code), JSON.stringify(result.invalid));
  assert.match(result.invalid.help ?? "", /^use CJK characters/);
  assert.equal(result.freed, "TK0008");
  assert.deepEqual(result.viaRunner, result.strong);
  assert.deepEqual(errors, []);
});
