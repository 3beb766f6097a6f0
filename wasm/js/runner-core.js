// The Worker runner: every call goes to a worker that holds the package, with a hard wall-clock
// limit. boa's own limits stop most runaway scripts, but not JavaScript re-entered from native
// code (a getter inside JSON.stringify, a sort comparator); only terminating the worker stops
// that, and browsers give WebAssembly no fuel. A worker that ran past the limit is terminated
// and a new one started on the next call; codecs and data models are compiled again in it from
// their source.

/** A `ThingkitError` as the package throws it, rebuilt from what crossed the worker boundary. */
export function thingkitError(fields) {
  const error = new Error(fields.message);
  error.name = "ThingkitError";
  for (const [key, value] of Object.entries(fields)) {
    if (key !== "message" && key !== "name" && key !== "stack") error[key] = value;
  }
  return error;
}

export class Runner {
  #spawn;
  #timeoutMs;
  #worker = null;
  #pending = new Map();
  #next = 1;
  /** Codecs and data models by handle: the op and arguments that compile them in a worker, and
   * whether the current worker holds them. */
  #compiled = new Map();

  /**
   * @param {() => {post(message: object): void, terminate(): void, busy?(): void, idle?(): void}} spawn
   *   starts a worker and wires its messages to `this.receive`; `busy` and `idle` say whether
   *   calls are waiting on it (Node keeps the process alive only while they are).
   * @param {{timeoutMs?: number}} options the wall-clock limit of one call (default 1000 ms).
   */
  constructor(spawn, { timeoutMs = 1000 } = {}) {
    this.#spawn = spawn;
    this.#timeoutMs = timeoutMs;
  }

  validate(text) {
    return this.#call("validate", [text]);
  }

  convert(text, to) {
    return this.#call("convert", [text, to]);
  }

  schema(name) {
    return this.#call("schema", [name]);
  }

  checkData(model, message, level) {
    return this.#call("checkData", [model, message, level]);
  }

  testCodec(script, vectors, filter) {
    return this.#call("testCodec", [script, vectors, filter]);
  }

  /** Compiles `script` in the worker; resolves to a codec whose calls return promises. */
  async compile(script, options) {
    const what = "codec";
    const handle = await this.#compile("compile", [script, options]);
    const entrypoints = this.#compiled.get(handle).loaded;
    return {
      entrypoints,
      decode: (bytes, input) => this.#handleCall(handle, what, "decode", [bytes, input]),
      // One message to the worker for the whole batch, with one call's time per payload.
      decodeBatch: (payloads, input) =>
        this.#handleCall(handle, what, "decodeBatch", [payloads, input], Math.max(1, payloads?.length ?? 1)),
      normalize: (data) => this.#handleCall(handle, what, "normalize", [data]),
      encode: (message, fPort) => this.#handleCall(handle, what, "encode", [message, fPort]),
      encodeResult: (message, options) => this.#handleCall(handle, what, "encodeResult", [message, options]),
      logs: () => this.#handleCall(handle, what, "logs", []),
      close: () => this.#close(handle),
    };
  }

  /** Reads and validates a thing model in the worker; resolves to a data model whose `check`
   * returns promises. */
  async compileModel(model) {
    const what = "data model";
    const handle = await this.#compile("model", [model]);
    return {
      check: (message, level) => this.#handleCall(handle, what, "check", [message, level]),
      close: () => this.#close(handle),
    };
  }

  /** Stops the worker; the next call starts another. */
  terminate() {
    this.#kill(null);
  }

  /** Where the worker's messages arrive: `{id, started}` when it begins a call (the clock
   * starts then, so that starting the worker and compiling the module are not counted), then
   * `{id, result}` or `{id, error}`. */
  receive(message) {
    const waiting = this.#pending.get(message.id);
    if (!waiting) return;
    if (message.started) {
      waiting.start();
      return;
    }
    this.#pending.delete(message.id);
    clearTimeout(waiting.timer);
    if (this.#pending.size === 0) this.#worker?.idle?.();
    if (message.error) waiting.reject(thingkitError(message.error));
    else waiting.resolve(message.result);
  }

  /** The worker died on its own (a trap, an out-of-memory): every call in it fails. */
  crashed(reason) {
    this.#kill({ code: "TK5020", message: `the worker stopped: ${reason}` });
  }

  /** A new handle, compiled in the worker with `op` (`compile`, `model`) and `args`. */
  async #compile(op, args) {
    const handle = this.#next++;
    this.#compiled.set(handle, { op, args, loadedIn: null, loaded: undefined });
    try {
      await this.#load(handle);
      return handle;
    } catch (error) {
      this.#compiled.delete(handle);
      throw error;
    }
  }

  async #load(handle) {
    const compiled = this.#compiled.get(handle);
    compiled.loaded = await this.#call(compiled.op, [handle, ...compiled.args]);
    compiled.loadedIn = this.#worker;
  }

  async #handleCall(handle, what, op, args, calls = 1) {
    const compiled = this.#compiled.get(handle);
    if (!compiled) throw thingkitError({ code: "TK0008", message: `the ${what} was closed` });
    if (compiled.loadedIn === null || compiled.loadedIn !== this.#worker) await this.#load(handle);
    return this.#call(op, [handle, ...args], calls);
  }

  #close(handle) {
    if (this.#compiled.delete(handle) && this.#worker) this.#worker.post({ id: 0, op: "close", args: [handle] });
  }

  /** Posts one call; `calls` is how many calls' time it may take (a batch's payloads). */
  #call(op, args, calls = 1) {
    // setTimeout takes at most 2^31 - 1 ms.
    const limit = Math.min(this.#timeoutMs * calls, 2147483647);
    if (!this.#worker) this.#worker = this.#spawn();
    const id = this.#next++;
    const worker = this.#worker;
    return new Promise((resolve, reject) => {
      const waiting = { resolve, reject, timer: undefined };
      waiting.start = () => {
        waiting.timer = setTimeout(() => {
          if (this.#worker !== worker) return;
          this.#pending.delete(id);
          this.#kill({ code: "TK5020", message: "another call in the same worker ran past the time limit; the worker was restarted" });
          reject(thingkitError({ code: "TK5005", message: `the call ran longer than ${limit} ms; its worker was terminated` }));
        }, limit);
      };
      this.#pending.set(id, waiting);
      worker.busy?.();
      worker.post({ id, op, args });
    });
  }

  /** Terminates the worker; calls still waiting in it fail with `error` (if any). */
  #kill(error) {
    const worker = this.#worker;
    this.#worker = null;
    if (worker) worker.terminate();
    for (const [id, waiting] of this.#pending) {
      clearTimeout(waiting.timer);
      if (error) waiting.reject(thingkitError(error));
      this.#pending.delete(id);
    }
  }
}
