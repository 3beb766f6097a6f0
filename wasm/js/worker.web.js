import { serve } from "./worker-core.js";

// The handler is in place before the module is fetched and compiled: a message that arrives
// meanwhile waits for it instead of being dropped.
const ready = import("./index.web.js").then((thingkit) => serve(thingkit, (message) => self.postMessage(message)));
self.onmessage = (event) => ready.then((handle) => handle(event.data));
