// `thingkit/runner` in browsers: the runner over a module Worker.
import { Runner } from "./runner-core.js";

export { thingkitError } from "./runner-core.js";

/** A runner whose calls each have a hard wall-clock limit (`timeoutMs`, default 1000). */
export function createRunner(options) {
  const runner = new Runner(() => {
    const worker = new Worker(new URL("./worker.web.js", import.meta.url), { type: "module" });
    worker.onmessage = (event) => runner.receive(event.data);
    worker.onerror = (event) => runner.crashed(event.message);
    return { post: (message) => worker.postMessage(message), terminate: () => worker.terminate() };
  }, options);
  return runner;
}
