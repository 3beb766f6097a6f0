// Browsers and bundlers: the module is fetched beside this file (top-level await), so the
// exports are ready to call once the import resolves.
import init from "./thingkit.js";

await init({ module_or_path: new URL("./thingkit_bg.wasm", import.meta.url) });

export * from "./guarded.js";
