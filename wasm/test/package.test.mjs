// The packed npm package, installed into a fresh project the way a web console's build would
// install it, and every export called through the package name.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { installPackage } from "./consumer.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const read = (rel) => readFileSync(join(repo, rel), "utf8");
const EXAMPLE_SCRIPT = read("examples/alink-example.js");
const EXAMPLE_TSL = read("examples/alink-example.tsl.json");
const UPLINK = "000000000100320100000000";
const DECODED = { method: "thing.event.property.post", id: "1", params: { prop_float: 0, prop_int16: 50, prop_bool: 1 }, version: "1.0" };

let thingkit;
let consumer;

before(async () => {
  consumer = installPackage();
  thingkit = await consumer.load("thingkit");
});

after(() => consumer.remove());

/** Asserts that `f` throws a ThingkitError with `code`; returns the error. */
function throwsCode(f, code) {
  let caught;
  assert.throws(f, (e) => {
    caught = e;
    return e instanceof Error && e.name === "ThingkitError" && e.code === code;
  });
  return caught;
}

test("validate reports the CLI's diagnostics", () => {
  assert.deepEqual(thingkit.validate(EXAMPLE_TSL), { kind: "tsl", valid: true, diagnostics: [] });
  const report = thingkit.validate('{"profile": {"productKey": "a1"},\n "properties": [{"identifier": "set"}]}');
  assert.equal(report.valid, false);
  const reserved = report.diagnostics.find((d) => d.code === "TK2002");
  assert.ok(reserved, JSON.stringify(report));
  assert.deepEqual([reserved.severity, reserved.line, reserved.pointer], ["error", 2, "/properties/0/identifier"]);
  assert.equal(typeof reserved.column, "number");
});

test("convert gives the document or a typed error with every diagnostic", () => {
  const converted = thingkit.convert(EXAMPLE_TSL, "thing-model-json");
  assert.equal(converted.document.productKey, "a1Example0");
  assert.deepEqual(converted.diagnostics, []);
  let invalid;
  assert.throws(() => thingkit.convert('{"profile": {"productKey": "a1"}, "properties": [{"identifier": "time"}]}', "tsl"), (e) => (invalid = e).name === "ThingkitError");
  assert.ok(invalid.diagnostics.some((d) => d.code === "TK2002"), JSON.stringify(invalid.diagnostics));
  // The error's code is that of the first error among the diagnostics.
  assert.equal(invalid.code, invalid.diagnostics.find((d) => d.severity === "error").code);
  throwsCode(() => thingkit.convert(EXAMPLE_TSL, "yaml"), "TK0008");
});

test("schema gives the JSON Schemas", () => {
  for (const name of ["tsl", "thing-model-json", "extend-config", "tencent", "huawei", "wot"]) {
    assert.equal(thingkit.schema(name).$schema, "http://json-schema.org/draft-07/schema#");
  }
  throwsCode(() => thingkit.schema("nope"), "TK0008");
});

test("checkData takes models as objects, texts or lists", () => {
  const message = { id: "1", version: "1.0", method: "thing.event.property.post", params: { prop_int16: "fifty", prop_bool: 1 } };
  for (const model of [EXAMPLE_TSL, JSON.parse(EXAMPLE_TSL), [JSON.parse(EXAMPLE_TSL)]]) {
    const checked = thingkit.checkData(model, message, "strong");
    assert.equal(checked.level, "strong");
    assert.equal(checked.failures[0].identifier, "prop_int16");
    assert.deepEqual(checked.passed.params, { prop_bool: 1 });
  }
  throwsCode(() => thingkit.checkData(EXAMPLE_TSL, message, "loose"), "TK0008");
});

test("testCodec runs vectors of every layout as `thingkit test` does", () => {
  const vectors = JSON.parse(read("examples/alink-example.vectors.json"));
  const results = thingkit.testCodec(EXAMPLE_SCRIPT, vectors);
  assert.deepEqual(results.map((r) => r.status), ["passed", "passed", "passed", "passed"]);
  assert.equal(results[0].routine, "decode");
  // TS013 examples, one of them expecting what the codec does not give: every difference.
  const ts013 = read("tests/fixtures/vectors/ts013/th-sensor/index.js");
  const examples = JSON.parse(read("tests/fixtures/vectors/ts013/th-sensor/examples.json"));
  examples[1].output.data.temperature = -10.5;
  const failed = thingkit.testCodec(ts013, examples).filter((r) => r.status !== "passed");
  assert.equal(failed.length, 1);
  assert.deepEqual(failed[0].differences, [{ pointer: "/data/temperature", expected: -10.5, actual: -10 }]);
  assert.equal(thingkit.testCodec(ts013, examples, "Frost").length, 1);
  throwsCode(() => thingkit.testCodec(ts013, { nothing: true }), "TK7001");
  throwsCode(() => thingkit.testCodec("function decodeUplink( {", examples), "TK5001");
});

const MESSAGES = [
  { id: "1", version: "1.0", method: "thing.event.property.post", params: { prop_int16: "fifty", prop_bool: 1 } },
  { id: "2", version: "1.0", method: "thing.event.property.post", params: { prop_int16: 40000, nope: 1 } },
  '{"id": "3", "version": "1.0", "method": "thing.service.property.set", "params": {"prop_int16": 7, "prop_float": 1.5}}',
  { id: "4", version: "1.0", method: "thing.service.nope", params: {} },
  { version: "1.0", params: {} },
];

test("a DataModel compiles once and checks every message as checkData does, at each level", () => {
  for (const input of [EXAMPLE_TSL, JSON.parse(EXAMPLE_TSL), [JSON.parse(EXAMPLE_TSL)]]) {
    const model = new thingkit.DataModel(input);
    for (const message of MESSAGES) {
      for (const level of ["strong", "weak", "none"]) {
        assert.deepEqual(model.check(message, level), thingkit.checkData(EXAMPLE_TSL, message, level), `${level} ${JSON.stringify(message)}`);
      }
      // The platform's default level.
      assert.deepEqual(model.check(message), thingkit.checkData(EXAMPLE_TSL, message, "weak"));
      assert.deepEqual(model.check(message, undefined), model.check(message, "weak"));
    }
    model.free();
  }
  // Compiled once: what the caller does to its object afterwards changes nothing.
  const tsl = JSON.parse(EXAMPLE_TSL);
  const model = new thingkit.DataModel(tsl);
  tsl.properties = [];
  const checked = model.check(MESSAGES[0], "strong");
  assert.equal(checked.failures[0].identifier, "prop_int16");
  assert.deepEqual(checked.passed.params, { prop_bool: 1 });
  throwsCode(() => model.check("{", "weak"), "TK0001");
  model.free();
});

test("an invalid model throws with the first error's code and every diagnostic, helps included", () => {
  const text = '{"profile": {"productKey": "a1"},\n "properties": [{"identifier": "set", "name": "bad@name", "accessMode": "r",\n "required": false, "dataType": {"type": "int", "specs": {"min": "0", "max": "10", "step": "1"}}}]}';
  const error = throwsCode(() => new thingkit.DataModel(text), validateFirstError(text));
  assert.ok(error instanceof Error);
  // Exactly what validate reports for the same text.
  assert.deepEqual(error.diagnostics, thingkit.validate(text).diagnostics);
  assert.ok(error.diagnostics.some((d) => d.code === "TK2002"), JSON.stringify(error.diagnostics));
  const name = error.diagnostics.find((d) => d.code === "TK2004");
  assert.ok(name, JSON.stringify(error.diagnostics));
  assert.equal(name.pointer, "/properties/0/name");
  assert.match(name.help, /^use CJK characters/);
  // As one module among others, and as an object.
  const listed = throwsCode(() => new thingkit.DataModel([EXAMPLE_TSL, JSON.parse(text)]), error.code);
  assert.deepEqual(listed.diagnostics.map((d) => [d.code, d.pointer, d.help]), error.diagnostics.map((d) => [d.code, d.pointer, d.help]));
  throwsCode(() => new thingkit.DataModel("{"), "TK0001");
});

/** The code of the first error validate reports for `text`. */
function validateFirstError(text) {
  return thingkit.validate(text).diagnostics.find((d) => d.severity === "error").code;
}

test("a DataModel rejects unknown levels, wrong types and use after free", () => {
  const model = new thingkit.DataModel(EXAMPLE_TSL);
  const level = throwsCode(() => model.check(MESSAGES[0], "loose"), "TK0008");
  assert.match(level.message, /`loose`.*`strong`, `weak`, `none`/);
  throwsCode(() => model.check(MESSAGES[0], 1), "TK0008");
  throwsCode(() => model.check({ params: Symbol("x") }), "TK0008");
  throwsCode(() => new thingkit.DataModel(Symbol("x")), "TK0008");
  // Not a thing model: what validate says of the same text.
  throwsCode(() => new thingkit.DataModel(42), validateFirstError("42"));
  model.free();
  const freed = throwsCode(() => model.check(MESSAGES[0]), "TK0008");
  assert.match(freed.message, /freed/);
  model.free();
});

test("a diagnostic's range is the value's place in the text", () => {
  const text = '{"profile": {"productKey": "a1"},\n "properties": [{"identifier": "set"}]}';
  const reserved = thingkit.validate(text).diagnostics.find((d) => d.code === "TK2002");
  assert.ok(reserved.range, JSON.stringify(reserved));
  assert.ok(reserved.range.start < reserved.range.end);
  assert.ok(text.slice(reserved.range.start, reserved.range.end).startsWith('"identifier"'), JSON.stringify(reserved.range));
  // The line and column say the same place.
  const before = text.slice(0, reserved.range.start).split("\n");
  assert.deepEqual([before.length, before.at(-1).length + 1], [reserved.line, reserved.column]);
});

test("a Codec compiles once and decodes, transforms and encodes", () => {
  const codec = new thingkit.Codec(EXAMPLE_SCRIPT);
  assert.deepEqual(codec.entrypoints, ["rawDataToProtocol", "protocolToRawData", "transformPayload"]);
  assert.deepEqual(codec.decode(Buffer.from(UPLINK, "hex")), DECODED);
  assert.deepEqual(codec.decode(Array.from(Buffer.from(UPLINK, "hex"))), DECODED);
  assert.equal(codec.decode(new Uint8Array([0xff]), { topic: "/a1/dev/user/update/error" }).errorCode, -1);
  const bytes = codec.encode({ method: "thing.service.property.set", id: "12345", version: "1.0", params: { prop_float: 123.452, prop_int16: 333, prop_bool: 1 } });
  assert.ok(bytes instanceof Uint8Array);
  assert.equal(Buffer.from(bytes).toString("hex"), "0100003039014d0142f6e76d");
  throwsCode(() => codec.decode([1, 256]), "TK0008");
  throwsCode(() => new thingkit.Codec(EXAMPLE_SCRIPT, { speed: 1 }), "TK0008");
});

test("decodeBatch answers what one decode per payload answers, failures in place", () => {
  const codec = new thingkit.Codec(EXAMPLE_SCRIPT);
  const payloads = [Buffer.from(UPLINK, "hex"), Array.from(Buffer.from(UPLINK, "hex")), new Uint8Array(0), [1, 256], new Uint8Array([0xff])];
  const outcomes = codec.decodeBatch(payloads);
  assert.equal(outcomes.length, payloads.length);
  assert.deepEqual(outcomes[0], { result: DECODED });
  assert.deepEqual(outcomes[1], { result: DECODED });
  const single = throwsCode(() => codec.decode(new Uint8Array(0)), outcomes[2].error.code);
  assert.equal(outcomes[2].error.message, single.message);
  assert.equal(outcomes[3].error.code, "TK0008", "not bytes");
  const transformed = codec.decodeBatch([[0xff]], { topic: "/a1/dev/user/update/error" });
  assert.equal(transformed[0].result.errorCode, -1);
  throwsCode(() => codec.decodeBatch("00ff"), "TK0008");
  assert.deepEqual(codec.decodeBatch([]), []);
});

test("script errors are typed and located", () => {
  const syntax = throwsCode(() => new thingkit.Codec("function rawDataToProtocol(b) {\n  return {;\n}"), "TK5001");
  assert.equal(syntax.line, 2);
  const codec = new thingkit.Codec("function rawDataToProtocol(b) { return {params: {}}; }");
  const missing = throwsCode(() => codec.decode([1]), "TK5014");
  assert.equal(missing.platformCode, 6450);
});

test("a hostile script is stopped and the codec works for the next message", () => {
  const codec = new thingkit.Codec("function rawDataToProtocol(b) { if (b[0] === 1) return {method: 'm', params: {v: 1}}; for (;;) {} }", { timeLimitMs: 100 });
  const started = performance.now();
  assert.throws(() => codec.decode([0]), (e) => e.name === "ThingkitError" && ["TK5005", "TK5006", "TK5008"].includes(e.code));
  assert.ok(performance.now() - started < 2000);
  assert.deepEqual(codec.decode([1]), { method: "m", params: { v: 1 } });
});

test("a panic inside Rust is a ThingkitError, and the package goes on in a fresh instance", () => {
  const codec = new thingkit.Codec(EXAMPLE_SCRIPT);
  assert.deepEqual(codec.decode(Buffer.from(UPLINK, "hex")), DECODED);
  const model = new thingkit.DataModel(EXAMPLE_TSL);
  const checked = model.check(MESSAGES[0], "strong");
  // Not part of the typed API: it panics, so that this test can see what a panic becomes.
  const panic = throwsCode(() => thingkit.__panicForTests("deliberate"), "TK0009");
  assert.match(panic.message, /^thingkit panicked at wasm\/src\/lib\.rs:\d+:\d+: deliberate$/);
  assert.ok(panic.cause instanceof WebAssembly.RuntimeError, String(panic.cause));
  // Every call works again, and the codec compiled before the restart is compiled again.
  assert.deepEqual(thingkit.validate(EXAMPLE_TSL).valid, true);
  assert.deepEqual(codec.decode(Buffer.from(UPLINK, "hex")), DECODED);
  assert.deepEqual(codec.entrypoints, ["rawDataToProtocol", "protocolToRawData", "transformPayload"]);
  // So is the data model.
  assert.deepEqual(model.check(MESSAGES[0], "strong"), checked);
  // It happens again as cleanly.
  throwsCode(() => thingkit.__panicForTests("again"), "TK0009");
  assert.deepEqual(new thingkit.Codec(EXAMPLE_SCRIPT).decode(Buffer.from(UPLINK, "hex")), DECODED);
});

test("arguments of the wrong JavaScript type are ThingkitErrors too", () => {
  throwsCode(() => new thingkit.Codec(EXAMPLE_SCRIPT).decode("00ff"), "TK0008");
  throwsCode(() => thingkit.checkData(EXAMPLE_TSL, { params: Symbol("x") }, "weak"), "TK0008");
  // Strings are checked before they reach the module (the glue would copy garbage in).
  throwsCode(() => thingkit.validate(42), "TK0008");
  throwsCode(() => thingkit.convert(EXAMPLE_TSL, null), "TK0008");
  throwsCode(() => new thingkit.Codec(undefined), "TK0008");
  const codec = new thingkit.Codec(EXAMPLE_SCRIPT);
  codec.free();
  throwsCode(() => codec.decode([0]), "TK0008");
});

test("other platforms' models convert with a fidelity report", () => {
  const template = read("examples/tencent-fire-safety.json");
  assert.equal(thingkit.validate(template).kind, "tencent");
  const { document, fidelity } = thingkit.convert(template, "wot");
  assert.equal(document["@type"], "tm:ThingModel");
  const smoke = fidelity.find((e) => e.pointer === "/properties/5");
  assert.equal(smoke.outcome, "approximated");
  assert.ok(fidelity.some((e) => e.outcome === "exact"));
  assert.equal(thingkit.schema("huawei").title, "Huawei Cloud IoTDA product model (产品模型)");
});

test("no route carries a value from one message into the next (the leak suite)", () => {
  const dir = join(repo, "tests/fixtures/isolation");
  const scripts = readdirSync(dir).sort();
  assert.ok(scripts.length >= 15);
  for (const name of scripts) {
    const codec = new thingkit.Codec(readFileSync(join(dir, name), "utf8"));
    for (let message = 0; message < 4; message++) {
      assert.deepEqual(codec.decode([1]), { data: { seen: 0 } }, name);
    }
    codec.free();
  }
});

test("the TS013 interface: whole results, recvTime, variables, logs, downlinks", () => {
  const codec = new thingkit.Codec(`
    function decodeUplink(input) { console.log('port', input.fPort, {u: input.variables.unit});
      return {data: {at: input.recvTime.toISOString(), none: undefined}, warnings: ['w']}; }
    function decodeDownlink(input) { return {data: {level: input.bytes[0]}}; }
    function normalizeUplink(input) { return {data: {air: {temperature: input.data.t}}}; }
    function encodeDownlink(input) { return {bytes: input.command === 'none' ? [] : [input.data.level], fPort: 4, warnings: ['x']}; }`);
  const result = codec.decode([1], { fPort: 3, recvTime: "2023-11-14T22:13:20Z", variables: { unit: "mm" } });
  assert.deepEqual(result, { data: { at: "2023-11-14T22:13:20.000Z", none: null }, warnings: ["w"] });
  assert.deepEqual(codec.logs, [{ level: "log", message: 'port 3 {"u":"mm"}' }]);
  assert.deepEqual(codec.decode([9], { downlink: true }), { data: { level: 9 } });
  assert.deepEqual(codec.normalize({ t: -300 }), {
    data: { air: { temperature: -300 } },
    warnings: ["measurement 0: field air.temperature: -300 °C is below the minimum of -273.15"],
  });
  assert.deepEqual(codec.encodeResult({ level: 7 }), { bytes: [7], fPort: 4, warnings: ["x"] });
  assert.deepEqual(codec.encodeResult({ command: "none", data: {} }, { whole: true }), { bytes: [], fPort: 4, warnings: ["x"] });
  assert.deepEqual([...codec.encode({ level: 5 })], [5]);
});

test("the limits suite is stopped in the package itself, without the runner", () => {
  const cases = JSON.parse(read("tests/fixtures/limits/hostile.json"));
  for (const { name, script } of cases) {
    const codec = new thingkit.Codec(script, { timeLimitMs: 100 });
    const started = performance.now();
    let error;
    assert.throws(() => codec.decode([0]), (e) => {
      error = e;
      return e.name === "ThingkitError";
    });
    const took = performance.now() - started;
    assert.ok(["TK5005", "TK5006", "TK5007", "TK5008", "TK5009"].includes(error.code), `${name}: ${error.code} ${error.message}`);
    assert.ok(took < 100 + 400, `${name}: took ${took} ms`);
    assert.deepEqual(codec.decode([1]), { method: "m", params: { v: 1 } }, name);
    codec.free();
  }
});
