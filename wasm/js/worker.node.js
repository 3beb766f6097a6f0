import { parentPort } from "node:worker_threads";
import * as thingkit from "./index.node.js";
import { serve } from "./worker-core.js";

const handle = serve(thingkit, (message) => parentPort.postMessage(message));
parentPort.on("message", handle);
