// Node benchmark (not a test) of the built package, peers measured in the same run:
//   validation of the same TSL: thingkit (JSON text → every rule, located diagnostics) against
//     ajv running thingkit's own structural schema (`schema("tsl")`) on the parsed value;
//   per-message decode of the example uplink: thingkit's Codec (boa in wasm, isolation on)
//     against Node's `vm` module, warm (one context, the script run once) and with a fresh
//     context per message (isolation comparable to ours).
// `npm --prefix wasm run build && npm --prefix wasm run bench`
import Ajv from "ajv";
import { deepStrictEqual } from "node:assert";
import { readFileSync } from "node:fs";
import vm from "node:vm";
import * as thingkit from "../pkg/index.node.js";

const read = (rel) => readFileSync(new URL(`../../${rel}`, import.meta.url), "utf8");
const SCRIPT = read("examples/alink-example.js");
const UPLINK = Buffer.from("000000000100320100000000", "hex");

/** Median time of one call of `f`, in microseconds, over batches for about `ms` milliseconds. */
function median(f, ms = 1500) {
  for (let i = 0; i < 20; i++) f();
  let batch = 1;
  for (;;) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) f();
    if (Number(process.hrtime.bigint() - t) > 2e6) break;
    batch *= 2;
  }
  const samples = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) f();
    samples.push(Number(process.hrtime.bigint() - t) / batch / 1e3);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

/** A TSL with `n` properties of every type the example uses. */
function bigTsl(n) {
  const tsl = JSON.parse(read("examples/alink-example.tsl.json"));
  const template = tsl.properties;
  tsl.properties = [];
  for (let i = 0; i < n; i++) {
    const p = structuredClone(template[i % template.length]);
    p.identifier = `${p.identifier}_${i}`;
    p.name = `${p.name}${i}`;
    tsl.properties.push(p);
  }
  return JSON.stringify(tsl, null, 2);
}

const row = (name, us) => console.log(`${name.padEnd(58)} ${us.toFixed(2).padStart(10)} µs`);

console.log("\nvalidation");
// Formats are left unchecked: ajv has none of ours (`int64`…) and would only warn.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const structural = ajv.compile(thingkit.schema("tsl"));
for (const [label, text] of [["example TSL", read("examples/alink-example.tsl.json")], ["TSL with 300 properties", bigTsl(300)]]) {
  if (!thingkit.validate(text).valid || !structural(JSON.parse(text))) throw new Error(`${label} should be valid for both`);
  const ours = median(() => thingkit.validate(text));
  const theirs = median(() => structural(JSON.parse(text)));
  row(`thingkit validate (${label})`, ours);
  row(`ajv, structural schema only, + JSON.parse (${label})`, theirs);
  console.log(`  thingkit / ajv: ${(ours / theirs).toFixed(2)}×`);
}

console.log("\nper-message decode of the example uplink");
const codec = new thingkit.Codec(SCRIPT);
const expected = codec.decode(UPLINK);
const signed = Array.from(UPLINK, (b) => (b << 24) >> 24);
const compiled = new vm.Script(`${SCRIPT}\n;rawDataToProtocol`);
const warm = vm.createContext({});
const warmDecode = compiled.runInContext(warm);
const fresh = () => compiled.runInContext(vm.createContext({}))(signed);
// Through JSON: objects from another context have that context's prototypes.
for (const result of [warmDecode(signed), fresh()]) deepStrictEqual(JSON.parse(JSON.stringify(result)), expected, "every path decodes the same");
const ours = median(() => codec.decode(UPLINK));
const vmWarm = median(() => JSON.stringify(warmDecode(signed)));
const vmFresh = median(() => JSON.stringify(fresh()));
row("thingkit Codec (boa in wasm, isolation on)", ours);
row("vm, warm (one context, no isolation)", vmWarm);
row("vm, fresh context per message", vmFresh);
console.log(`  thingkit / vm warm: ${(ours / vmWarm).toFixed(2)}×; vm fresh / thingkit: ${(vmFresh / ours).toFixed(2)}×`);
