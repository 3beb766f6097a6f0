// Node benchmark (not a test) of the built package, peers measured in the same run:
//   validation of the same TSL: thingkit (JSON text → every rule, located diagnostics) against
//     ajv running thingkit's own structural schema (`schema("tsl")`) on the parsed value;
//   per-message decode of the example uplink: thingkit's Codec (boa in wasm, isolation on)
//     against Node's `vm` module, warm (one context, the script run once) and with a fresh
//     context per message (isolation comparable to ours).
// Goals (validation at most 1× ajv on both documents) go to `target/bench-summary.json`, the
// shape `bench/src/lib.rs` documents, beside the Rust benchmarks' entries.
// `npm --prefix wasm run build && npm --prefix wasm run bench`
import Ajv from "ajv";
import { deepStrictEqual } from "node:assert";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

const goals = [];
/** A goal on times, thingkit's against the peer's, as `Goal::time` records it. */
function goal(name, ours, peer, theirs, ceiling) {
  goals.push({ name, value: ours, unit: "µs", peer, peer_value: theirs, goal: ceiling });
}

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
  goal(`validate/npm/${label === "example TSL" ? "example-tsl" : "300-property-tsl"}`, ours, "ajv with the structural schema alone, + JSON.parse", theirs, 1);
}
// Where thingkit's time goes: a call's fixed cost (the smallest valid TSL: no features), and
// JSON.parse alone, the part of ajv's figure that is not its schema.
const EMPTY = '{"schema": "https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json", "profile": {"version": "1.0", "productKey": "a1B"}, "properties": [], "events": [], "services": []}';
row("thingkit validate of a TSL without features (a call's fixed cost)", median(() => thingkit.validate(EMPTY)));
const big = bigTsl(300);
row("JSON.parse of the 300-property TSL alone", median(() => JSON.parse(big)));

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

console.log("\ngoal                                        thingkit        peer    ratio  ceiling");
for (const g of goals) {
  const ratio = g.value / g.peer_value;
  console.log(`${g.name.padEnd(40)} ${g.value.toFixed(1).padStart(9)} µs ${g.peer_value.toFixed(1).padStart(9)} µs ${ratio.toFixed(2).padStart(7)}× ${g.goal.toFixed(2).padStart(7)}×${ratio <= g.goal ? "" : "  (NOT MET)"}`);
}
const target = process.env.CARGO_TARGET_DIR ?? new URL("../../target", import.meta.url).pathname;
const path = `${target}/bench-summary.json`;
const round = (x) => Math.round(x * 1000) / 1000;
const kept = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")).filter((e) => !goals.some((g) => g.name === e.name)) : [];
const entries = kept.concat(
  goals.map((g) => {
    const ratio = g.value / g.peer_value;
    return { name: g.name, value: round(g.value), unit: g.unit, peer: g.peer, peer_value: round(g.peer_value), ratio: round(ratio), goal: g.goal, met: ratio <= g.goal };
  }),
);
entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
mkdirSync(target, { recursive: true });
writeFileSync(path, `${JSON.stringify(entries, null, 2)}\n`);
console.log(`written to ${path}`);
