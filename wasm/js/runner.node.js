// `thingkit/runner` in Node: the runner over a `worker_threads` Worker.
import { Worker } from "node:worker_threads";
import { Runner } from "./runner-core.js";

export { thingkitError } from "./runner-core.js";

/** A runner whose calls each have a hard wall-clock limit (`timeoutMs`, default 1000). */
export function createRunner(options) {
  const runner = new Runner(() => {
    const worker = new Worker(new URL("./worker.node.js", import.meta.url));
    worker.on("message", (message) => runner.receive(message));
    worker.on("error", (error) => runner.crashed(error.message));
    return {
      post: (message) => worker.postMessage(message),
      terminate: () => void worker.terminate(),
      // An idle worker does not keep the process alive.
      busy: () => worker.ref(),
      idle: () => worker.unref(),
    };
  }, options);
  return runner;
}
