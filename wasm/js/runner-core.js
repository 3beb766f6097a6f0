// The Worker runner: every call goes to a worker that holds the package, with a hard wall-clock
// limit. boa's own limits stop most runaway scripts, but not JavaScript re-entered from native
// code (a getter inside JSON.stringify, a sort comparator); only terminating the worker stops
// that, and browsers give WebAssembly no fuel. A worker that ran past the limit is terminated
// and a new one started on the next call; codecs are compiled again in it from their source.

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
  /** Codecs by handle: their source and options, and whether the current worker holds them. */
  #codecs = new Map();

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

  /** Compiles `script` in the worker; resolves to a codec whose calls return promises. */
  async compile(script, options) {
    const handle = this.#next++;
    const codec = { script, options, loadedIn: null };
    this.#codecs.set(handle, codec);
    try {
      const entrypoints = await this.#load(handle);
      return {
        entrypoints,
        decode: (bytes, input) => this.#codecCall(handle, "decode", [bytes, input]),
        normalize: (data) => this.#codecCall(handle, "normalize", [data]),
        encode: (message, fPort) => this.#codecCall(handle, "encode", [message, fPort]),
        encodeResult: (message, options) => this.#codecCall(handle, "encodeResult", [message, options]),
        logs: () => this.#codecCall(handle, "logs", []),
        close: () => this.#close(handle),
      };
    } catch (error) {
      this.#codecs.delete(handle);
      throw error;
    }
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

  async #load(handle) {
    const codec = this.#codecs.get(handle);
    const entrypoints = await this.#call("compile", [handle, codec.script, codec.options]);
    codec.loadedIn = this.#worker;
    return entrypoints;
  }

  async #codecCall(handle, op, args) {
    const codec = this.#codecs.get(handle);
    if (!codec) throw thingkitError({ code: "TK0008", message: "the codec was closed" });
    if (codec.loadedIn === null || codec.loadedIn !== this.#worker) await this.#load(handle);
    return this.#call(op, [handle, ...args]);
  }

  #close(handle) {
    if (this.#codecs.delete(handle) && this.#worker) this.#worker.post({ id: 0, op: "close", args: [handle] });
  }

  #call(op, args) {
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
          reject(thingkitError({ code: "TK5005", message: `the call ran longer than ${this.#timeoutMs} ms; its worker was terminated` }));
        }, this.#timeoutMs);
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
