// `thingkit/runner`: calls in a worker with a hard wall-clock limit, which stops what boa's own
// limits cannot (JavaScript re-entered from a native built-in), and a fresh worker afterwards.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { installPackage } from "./consumer.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const EXAMPLE_SCRIPT = readFileSync(join(here, "..", "..", "examples", "alink-example.js"), "utf8");
const EXAMPLE_TSL = readFileSync(join(here, "..", "..", "examples", "alink-example.tsl.json"), "utf8");
const MESSAGE = { id: "1", version: "1.0", method: "thing.event.property.post", params: { prop_int16: "fifty", prop_bool: 1 } };
const GETTER_LOOP = `function rawDataToProtocol(b) {
  if (b[0] === 1) return {method: 'm', params: {v: 1}};
  var o = {};
  Object.defineProperty(o, 'x', {get: function () { for (;;) { for (var i = 0; i < 1000; i++) {} } }, enumerable: true});
  JSON.stringify(o);
}`;

let consumer;
let createRunner;

before(async () => {
  consumer = installPackage();
  ({ createRunner } = await consumer.load("thingkit/runner"));
});

after(() => consumer.remove());

test("the runner answers as the package does, errors typed", async () => {
  const runner = createRunner({ timeoutMs: 5000 });
  try {
    const report = await runner.validate('{"profile": {"productKey": "a1"}, "properties": [{"identifier": "set"}]}');
    assert.equal(report.valid, false);
    assert.ok(report.diagnostics.some((d) => d.code === "TK2002"));
    await assert.rejects(runner.convert("{}", "yaml"), (e) => e instanceof Error && e.name === "ThingkitError" && e.code === "TK0008");
    const codec = await runner.compile(EXAMPLE_SCRIPT);
    assert.deepEqual(codec.entrypoints, ["rawDataToProtocol", "protocolToRawData", "transformPayload"]);
    const decoded = await codec.decode(new Uint8Array(Buffer.from("000000000100320100000000", "hex")));
    assert.deepEqual(decoded.params, { prop_float: 0, prop_int16: 50, prop_bool: 1 });
    const batch = await codec.decodeBatch([Buffer.from("000000000100320100000000", "hex"), [], [0xff]], { topic: "/a1/dev/user/update/error" });
    assert.deepEqual([batch.length, batch[2].result?.errorCode, typeof batch[1].error?.code], [3, -1, "string"]);
    await assert.rejects(runner.compile("function rawDataToProtocol(b) {\n  return {;\n}"), (e) => e.code === "TK5001" && e.line === 2);
  } finally {
    runner.terminate();
  }
});

test("a data model compiled in the worker checks as checkData does", async () => {
  const runner = createRunner({ timeoutMs: 5000 });
  try {
    const model = await runner.compileModel(EXAMPLE_TSL);
    for (const level of ["strong", "weak", "none"]) {
      assert.deepEqual(await model.check(MESSAGE, level), await runner.checkData(EXAMPLE_TSL, MESSAGE, level), level);
    }
    assert.deepEqual(await model.check(JSON.stringify(MESSAGE)), await runner.checkData(EXAMPLE_TSL, MESSAGE, "weak"));
    await assert.rejects(model.check(MESSAGE, "loose"), (e) => e.name === "ThingkitError" && e.code === "TK0008");
    const invalid = '{"profile": {"productKey": "a1"}, "properties": [{"identifier": "set", "name": "bad@name"}]}';
    await assert.rejects(runner.compileModel(invalid), (e) => {
      assert.equal(e.name, "ThingkitError");
      assert.equal(e.code, e.diagnostics.find((d) => d.severity === "error").code);
      assert.ok(e.diagnostics.find((d) => d.code === "TK2004").help, JSON.stringify(e.diagnostics));
      return true;
    });
    model.close();
    await assert.rejects(model.check(MESSAGE), (e) => e.code === "TK0008" && /data model was closed/.test(e.message));
  } finally {
    runner.terminate();
  }
});

test("a call past the wall-clock limit terminates its worker; the next call gets a new one", async () => {
  const runner = createRunner({ timeoutMs: 300 });
  try {
    // The engine's own limits would stop the loop at 100 ms; raised, only the runner's can.
    const codec = await runner.compile(GETTER_LOOP, { timeLimitMs: 60000, stepBudget: 1e15 });
    assert.deepEqual(await codec.decode([1]), { method: "m", params: { v: 1 } });
    const model = await runner.compileModel([EXAMPLE_TSL]);
    const checked = await model.check(MESSAGE, "strong");
    const started = performance.now();
    await assert.rejects(codec.decode([0]), (e) => e.name === "ThingkitError" && e.code === "TK5005");
    const took = performance.now() - started;
    // Timers may fire a fraction of a millisecond early against performance.now().
    assert.ok(took >= 290 && took < 2000, `took ${took} ms`);
    // The codec is compiled again in the new worker, transparently.
    assert.deepEqual(await codec.decode([1]), { method: "m", params: { v: 1 } });
    // So is the data model.
    assert.deepEqual(await model.check(MESSAGE, "strong"), checked);
    assert.equal((await runner.validate("{}")).valid, false);
  } finally {
    runner.terminate();
  }
});
