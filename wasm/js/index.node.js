// Node: the module is read from the package's own directory and instantiated synchronously, so
// `import { validate } from "thingkit"` is ready to call.
import { readFileSync } from "node:fs";
import { initSync } from "./thingkit.js";

initSync({ module: readFileSync(new URL("./thingkit_bg.wasm", import.meta.url)) });

export * from "./guarded.js";
