// The package's calls behind one guard. Rust panics abort in WebAssembly (a trap), and a trap
// leaves the instance's memory mid-change, so after one the guard throws a ThingkitError (TK0009,
// with the panic's message when it was a panic) and starts a fresh instance (wasm-bindgen's
// reset-state function) before anything else runs in it. Codecs and data models compiled before
// the restart are compiled again, from their source, on their next call. Errors the JavaScript glue throws for
// arguments of the wrong type become ThingkitErrors too (TK0008).
import * as raw from "./thingkit.js";

const PANIC = Symbol.for("thingkit.panic");
/** How many times the instance was restarted; a codec compiled in an older one recompiles. */
let generation = 0;

function thingkitError(code, message, cause) {
  const error = new Error(message, { cause });
  error.name = "ThingkitError";
  error.code = code;
  return error;
}

function guard(call) {
  try {
    return call();
  } catch (e) {
    if (e?.name === "ThingkitError") throw e;
    // A trap (`unreachable` after a panic, an out-of-bounds access) or a stack overflow inside
    // the module: its state cannot be trusted.
    if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) throw restart(e);
    throw thingkitError("TK0008", `the arguments are not what the call takes: ${e?.message ?? e}`, e);
  }
}

/** Strings are checked here: the glue copies whatever it is given into the module's memory, and
 * something that is not a string can make it copy past the end. */
function text(value, what) {
  if (typeof value !== "string") throw thingkitError("TK0008", `${what} is a string, not ${value === null ? "null" : typeof value}`);
  return value;
}

function restart(cause) {
  const panic = globalThis[PANIC];
  delete globalThis[PANIC];
  raw.__wbg_reset_state();
  generation += 1;
  if (panic) {
    panic.cause = cause;
    return panic;
  }
  return thingkitError("TK0009", `thingkit stopped (${cause.message}); the call was abandoned and the module restarted`, cause);
}

export function validate(document) {
  text(document, "the document");
  return guard(() => raw.validate(document));
}

export function convert(document, to) {
  text(document, "the document");
  text(to, "the target");
  return guard(() => raw.convert(document, to));
}

export function schema(name) {
  text(name, "the schema's name");
  return guard(() => raw.schema(name));
}

export function checkData(model, message, level) {
  text(level, "the level");
  return guard(() => raw.checkData(model, message, level));
}

export function testCodec(script, vectors, filter) {
  text(script, "the script");
  if (filter != null) text(filter, "the filter");
  return guard(() => raw.testCodec(script, vectors, filter ?? undefined));
}

export class DataModel {
  #model;
  #inner;
  #generation;

  constructor(model) {
    // A copy: the model may be compiled again after a restart, as it was given.
    this.#model = guard(() => structuredClone(model));
    this.#inner = guard(() => new raw.DataModel(this.#model));
    this.#generation = generation;
  }

  check(message, level) {
    if (level != null) text(level, "the level");
    return guard(() => this.#live().check(message, level ?? undefined));
  }

  /** Frees the compiled model now rather than when it is garbage-collected. */
  free() {
    if (this.#inner && this.#generation === generation) this.#inner.free();
    this.#inner = null;
  }

  #live() {
    if (this.#inner === null) throw thingkitError("TK0008", "the data model was freed");
    if (this.#generation !== generation) {
      this.#inner = new raw.DataModel(this.#model);
      this.#generation = generation;
    }
    return this.#inner;
  }
}

if (Symbol.dispose) DataModel.prototype[Symbol.dispose] = DataModel.prototype.free;

export class Codec {
  #script;
  #options;
  #inner;
  #generation;

  constructor(script, options) {
    // A copy: the codec may be compiled again after a restart, with the options it was given.
    this.#script = text(script, "the script");
    this.#options = options == null ? options : structuredClone(options);
    this.#inner = guard(() => new raw.Codec(script, this.#options));
    this.#generation = generation;
  }

  get entrypoints() {
    return guard(() => this.#live().entrypoints);
  }

  decode(bytes, input) {
    return guard(() => this.#live().decode(bytes, input));
  }

  decodeBatch(payloads, input) {
    return guard(() => this.#live().decodeBatch(payloads, input));
  }

  normalize(data) {
    return guard(() => this.#live().normalize(data));
  }

  encode(message, fPort) {
    return guard(() => this.#live().encode(message, fPort));
  }

  encodeResult(message, options) {
    return guard(() => this.#live().encodeResult(message, options));
  }

  /** What the last call logged (empty after a restart). */
  get logs() {
    return guard(() => this.#live().logs);
  }

  /** Frees the compiled script now rather than when the codec is garbage-collected. */
  free() {
    if (this.#inner && this.#generation === generation) this.#inner.free();
    this.#inner = null;
  }

  #live() {
    if (this.#inner === null) throw thingkitError("TK0008", "the codec was freed");
    if (this.#generation !== generation) {
      this.#inner = new raw.Codec(this.#script, this.#options);
      this.#generation = generation;
    }
    return this.#inner;
  }
}

if (Symbol.dispose) Codec.prototype[Symbol.dispose] = Codec.prototype.free;

/** Panics inside Rust: for the package's own tests of the guard. */
export function __panicForTests(message) {
  return guard(() => raw.__panicForTests(message));
}
