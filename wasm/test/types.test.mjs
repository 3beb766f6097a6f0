// The TypeScript declarations, as a consumer's compiler sees them: a strict program that uses
// every export type-checks, misuses are rejected (so no type is `any` in disguise), the public
// declarations never say `any`, and the Rust doc comments come along.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { installPackage } from "./consumer.mjs";

const tsc = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", "typescript", "bin", "tsc");
let consumer;

before(() => {
  consumer = installPackage();
});

after(() => consumer.remove());

const USES_EVERY_EXPORT = `
import { validate, convert, schema, checkData, testCodec, DataModel, Codec } from "thingkit";
import type { Diagnostic, ValidationReport, Conversion, DataCheckResult, ThingkitError, JsonValue, CodecOptions, FidelityEntry, JsonObject, Encoded, LogLine, VectorResult, BatchOutcome } from "thingkit";
import type { Format, Level, TextRange, ModelInput, ConvertTarget, SchemaName, DocumentKind } from "thingkit";
import { createRunner, thingkitError } from "thingkit/runner";
import type { RunnerDataModel } from "thingkit/runner";

const report: ValidationReport = validate("{}");
const first: Diagnostic | undefined = report.diagnostics[0];
const where: [string, number, number] | undefined = first && [first.pointer, first.line, first.column];
const kind: "tsl" | "simple-tsl" | "thing-model-json" | "extend-config" | "tencent" | "huawei" | "wot" | null = report.kind;
const format: Format | null = report.kind;
const help: string | undefined = first?.help;
const range: TextRange | undefined = first?.range;
const span: [number, number] | undefined = range && [range.start, range.end];
// The names the types had before there was one Format, still accepted.
const target: ConvertTarget = "simple-tsl";
const schemaName: SchemaName = "huawei";
const documentKind: DocumentKind | null = report.kind;
const one: Format[] = [target, schemaName];
const toTarget: Conversion = convert("{}", target);
const converted: Conversion = convert("{}", "thing-model-json");
const productKey: JsonValue = converted.document["productKey"];
const toWot: Conversion = convert("{}", "wot");
const carried: FidelityEntry | undefined = toWot.fidelity[0];
const how: [string, "exact" | "approximated" | "lost", string] | undefined = carried && [carried.pointer, carried.outcome, carried.message];
const draft: JsonValue = schema("tsl")["$schema"];
const tested: VectorResult[] = testCodec("function decodeUplink(i) { return {data: {}}; }", [{ type: "uplink", input: { bytes: [], fPort: 1 }, output: { data: {} } }], "uplink");
const verdict: "passed" | "failed" | "error" = tested[0].status;
const atVector: [string, string, string] = [tested[0].description, tested[0].routine, tested[0].pointer];
const checked: DataCheckResult = checkData([{}, "{}"], { params: {} }, "weak");
const modelInput: ModelInput = [{}, "{}"];
const dataModel = new DataModel(modelInput);
const atDefault: DataCheckResult = dataModel.check({ params: {} });
const strong: DataCheckResult = dataModel.check("{}", "strong");
const level: Level = strong.level;
dataModel.free();
const failed: string[] = checked.failures.map((f) => f.code + f.pointer + f.identifier + f.message);
const options: CodecOptions = { unsignedBytes: true, timeLimitMs: 50, stepBudget: 1, recursionLimit: 2, loopIterationLimit: 3, deterministic: { nowMs: 0, seed: 1 } };
const codec = new Codec("function rawDataToProtocol(b) { return {}; }", options);
const entrypoints: string[] = codec.entrypoints;
const decoded: JsonValue = codec.decode(new Uint8Array([1]), { topic: "/a/b/user/c", fPort: 1 });
const again: JsonValue = codec.decode([1, 2]);
const bytes: Uint8Array = codec.encode({ method: "m" }, 2);
const whole: JsonValue = codec.decode([1], { fPort: 2, recvTime: "2024-05-01T10:00:00Z", variables: { unit: "mm" }, downlink: false });
const at: JsonValue = codec.decode([1], { recvTime: 1714557600000 });
const batch: BatchOutcome[] = codec.decodeBatch([[1], new Uint8Array([2])], { fPort: 1 });
const firstOutcome: JsonValue | undefined = "result" in batch[0] ? batch[0].result : batch[0].error.message;
const normalized: JsonObject = codec.normalize({ t: 1 });
const encoded: Encoded = codec.encodeResult({ data: {} }, { fPort: 1, whole: true, variables: { a: "b" } });
const sent: [number[], number | undefined, JsonValue[]] = [encoded.bytes, encoded.fPort, encoded.warnings];
const logged: LogLine[] = codec.logs;
const levels: string[] = logged.map((l) => l.level + l.message);
codec.free();
try {
  validate("");
} catch (e) {
  const error = e as ThingkitError;
  const fields: [string, string, number | undefined, number | undefined, number | undefined] = [error.code, error.message, error.line, error.column, error.platformCode];
  const all: Diagnostic[] | undefined = error.diagnostics;
  void fields, all;
}
const runner = createRunner({ timeoutMs: 100 });
async function useRunner(): Promise<void> {
  const r: ValidationReport = await runner.validate("{}");
  const c: Conversion = await runner.convert("{}", "tsl");
  const d: DataCheckResult = await runner.checkData("{}", "{}", "none");
  const model: RunnerDataModel = await runner.compileModel(["{}", {}]);
  const m1: DataCheckResult = await model.check({ params: {} });
  const m2: DataCheckResult = await model.check("{}", "strong");
  model.close();
  void m1, m2;
  const compiled = await runner.compile("function decodeUplink(i) { return {data: {}}; }", { timeLimitMs: 10 });
  const out: JsonValue = await compiled.decode([1], { fPort: 2 });
  const outs: BatchOutcome[] = await compiled.decodeBatch([[1], [2]], { fPort: 2 });
  void outs;
  const down: Uint8Array = await compiled.encode({ data: {} }, 3);
  const n: JsonObject = await compiled.normalize({});
  const er: Encoded = await compiled.encodeResult({}, { whole: true });
  const lines: LogLine[] = await compiled.logs();
  void n, er, lines;
  compiled.close();
  runner.terminate();
  const e: ThingkitError = thingkitError({ code: "TK0008", message: "m" });
  void r, c, d, out, down, e, compiled.entrypoints;
}
void batch, firstOutcome, where, kind, format, help, span, documentKind, one, toTarget, atDefault, level, productKey, how, draft, failed, entrypoints, decoded, again, bytes, whole, at, normalized, sent, levels, useRunner;
`;

const MISUSES = `
import { validate, convert, schema, checkData, DataModel, Codec } from "thingkit";
import type { Format } from "thingkit";
import { createRunner } from "thingkit/runner";
// @ts-expect-error: not a format
const format: Format = "yaml";
// @ts-expect-error: a model is a TSL object or text, or a list of them
new DataModel(42);
// @ts-expect-error: not a level
new DataModel("{}").check("{}", "loose");
// @ts-expect-error: a check's result is not a promise
new DataModel("{}").check("{}").then;
// @ts-expect-error: not a level, in the runner either
createRunner().compileModel("{}").then((m) => m.check("{}", "loose"));
// @ts-expect-error: not a target
convert("{}", "yaml");
// @ts-expect-error: not a schema
schema("openapi");
// @ts-expect-error: not a level
checkData("{}", "{}", "loose");
// @ts-expect-error: an unknown option
new Codec("", { speed: 1 });
// @ts-expect-error: bytes are numbers
new Codec("").decode(["01"]);
// @ts-expect-error: a report has no such field
validate("{}").errors;
// @ts-expect-error: a diagnostic's line is a number
const line: string = validate("{}").diagnostics[0].line;
// @ts-expect-error: runner calls are promises
const report: { valid: boolean } = createRunner().validate("{}");
void line, report, format;
`;

function typecheck(name, source) {
  const file = join(consumer.dir, name);
  writeFileSync(file, source);
  // The package's own declarations are checked too (no --skipLibCheck).
  const args = [tsc, "--noEmit", "--strict", "--target", "es2022", "--module", "nodenext", "--lib", "es2022,dom,esnext.disposable", file];
  try {
    execFileSync(process.execPath, args, { cwd: consumer.dir, encoding: "utf8" });
    return "";
  } catch (e) {
    return e.stdout + e.stderr;
  }
}

test("a strict program using every export type-checks", () => {
  assert.equal(typecheck("every-export.mts", USES_EVERY_EXPORT), "");
});

test("misuses are type errors", () => {
  assert.equal(typecheck("misuses.mts", MISUSES), "");
});

test("the public declarations never say any, and carry the Rust doc comments", () => {
  const pkg = join(consumer.dir, "node_modules", "thingkit");
  const [generated, index, runner] = ["thingkit.d.ts", "index.d.ts", "runner.d.ts"].map((f) => readFileSync(join(pkg, f), "utf8"));
  // The loader's declarations, which wasm-bindgen writes last (from `InitInput` on) and the
  // entry points do not export, describe raw module exports in `any`; the rest may not, outside
  // comments.
  const withoutLoader = generated.replace(/^export type InitInput[\s\S]*$/m, "");
  const code = [withoutLoader, index, runner].join("\n").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  assert.match(code, /export function validate\(text: string\): ValidationReport;/);
  assert.match(code, /export function createRunner\(options\?: RunnerOptions\): Runner;/);
  assert.doesNotMatch(code, /\bany\b/);
  assert.match(generated, /RFC 6901 JSON pointer/);
  assert.match(generated, /Hand Alibaba's functions bytes as 0-255/);
  assert.match(generated, /export interface ValidationReport/);
  assert.match(code, /export type Format = "tsl" \| "simple-tsl" \| "thing-model-json" \| "extend-config" \| "tencent" \| "huawei" \| "wot";/);
  assert.match(code, /export type Level = "strong" \| "weak" \| "none";/);
  assert.match(code, /kind: Format \| null;/);
  assert.match(code, /help\?: string;/);
  assert.match(code, /range\?: TextRange;/);
  assert.match(code, /export interface TextRange \{\s*start: number;\s*end: number;\s*\}/);
  assert.match(code, /export class DataModel \{[\s\S]*?check\(message: JsonObject \| string, level\?: Level\): DataCheckResult;[\s\S]*?constructor\(model: ModelInput\);/);
  assert.match(code, /export function convert\(text: string, to: Format\): Conversion;/);
  assert.match(code, /export function schema\(name: Format\): JsonObject;/);
  // The old names survive only as deprecated aliases of Format.
  for (const old of ["ConvertTarget", "SchemaName", "DocumentKind"]) {
    assert.match(index, new RegExp(`/\\*\\* @deprecated[^*]*\\*/\\s*export type ${old} = Format;`));
    assert.doesNotMatch(generated, new RegExp(`\\b${old}\\b`));
  }
  assert.match(generated, /Reads and validates `model`/);
});
