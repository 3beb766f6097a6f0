// The demo console: a thing-model editor with live diagnostics (each marked at its line and
// column), a conversion view, and a script debugger. Every call goes through the package's
// Worker runner, so a runaway script cannot freeze the page.
import { createRunner } from "../pkg/runner.web.js";

const $ = (id) => document.getElementById(id);
const runner = createRunner({ timeoutMs: 1000 });

/** The repository's example files, or an empty start where the page is served without them. */
async function example(path, fallback) {
  try {
    const response = await fetch(path);
    return response.ok ? await response.text() : fallback;
  } catch {
    return fallback;
  }
}

const EXAMPLE_MODEL = await example("../../examples/alink-example.tsl.json", "{}");
const EXAMPLE_SCRIPT = await example("../../examples/alink-example.js", "");

/** The model's text with each diagnostic's line and column marked. */
function mark(text, diagnostics) {
  const lines = text.split("\n");
  const byLine = new Map();
  for (const d of diagnostics) {
    if (!byLine.has(d.line)) byLine.set(d.line, []);
    byLine.get(d.line).push(d);
  }
  const out = document.createDocumentFragment();
  lines.forEach((line, i) => {
    const here = byLine.get(i + 1) ?? [];
    const chars = [...line];
    let column = 1;
    for (const d of here.sort((a, b) => a.column - b.column)) {
      if (d.column < column) continue;
      out.append(chars.slice(column - 1, d.column - 1).join(""));
      const m = document.createElement("mark");
      m.className = d.severity;
      m.dataset.line = d.line;
      m.dataset.column = d.column;
      m.dataset.code = d.code;
      m.title = `${d.code}: ${d.message}`;
      m.textContent = chars[d.column - 1] ?? " ";
      out.append(m);
      column = d.column + 1;
    }
    out.append(chars.slice(column - 1).join("") + "\n");
  });
  return out;
}

function show(pre, value, failed = false) {
  pre.textContent = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  pre.classList.toggle("failed", failed);
}

function failure(e) {
  const at = e.line ? ` (line ${e.line}, column ${e.column})` : "";
  return `${e.code ?? "error"}: ${e.message}${at}`;
}

let latest = 0;
async function check() {
  const text = $("model").value;
  const ticket = ++latest;
  const report = await runner.validate(text);
  if (ticket !== latest) return;
  $("marked").replaceChildren(mark(text, report.diagnostics));
  $("verdict").textContent = `${report.kind ?? "not a thing model"}: ${report.valid ? "valid" : "invalid"}, ${report.diagnostics.length} problem(s)`;
  $("diagnostics").replaceChildren(
    ...report.diagnostics.map((d) => {
      const li = document.createElement("li");
      li.className = d.severity;
      li.dataset.code = d.code;
      li.dataset.line = d.line;
      li.textContent = `${d.line}:${d.column} ${d.code} ${d.message}${d.pointer ? ` (${d.pointer})` : ""}`;
      return li;
    }),
  );
  try {
    show($("converted"), (await runner.convert(text, $("target").value)).document);
  } catch (e) {
    show($("converted"), failure(e), true);
  }
}

let codec = null;
let codecSource = null;
async function currentCodec() {
  const source = $("script").value;
  if (source !== codecSource) {
    codec?.close();
    codec = null;
    codecSource = source;
    codec = await runner.compile(source);
  }
  return codec;
}

function bytesOf(text, encoding) {
  if (encoding === "base64") return Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
  const hex = text.replace(/^0x/i, "").replace(/[\s:-]/g, "");
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw Object.assign(new Error("the bytes are not hex"), { code: "TK5019" });
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

$("decode").addEventListener("click", async () => {
  try {
    const bytes = bytesOf($("bytes").value, $("encoding").value);
    const topic = $("topic").value.trim();
    const decoded = await (await currentCodec()).decode(bytes, topic ? { topic } : {});
    show($("decoded"), decoded);
    $("message").value ||= JSON.stringify(decoded, null, 2);
  } catch (e) {
    codecSource = e.code === "TK5001" ? null : codecSource;
    show($("decoded"), failure(e), true);
  }
});

$("encode").addEventListener("click", async () => {
  try {
    const bytes = await (await currentCodec()).encode(JSON.parse($("message").value));
    show($("encoded"), Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(""));
  } catch (e) {
    show($("encoded"), failure(e), true);
  }
});

let timer;
$("model").addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(check, 150);
});
$("target").addEventListener("change", check);

$("model").value = EXAMPLE_MODEL;
$("script").value = EXAMPLE_SCRIPT;
await check();
$("status").textContent = "ready";
