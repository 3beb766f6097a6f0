// A fresh project with the packed package installed, the way a web console's build installs it;
// imports resolve from that project through the package's `exports`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..", "pkg");

export function installPackage() {
  const project = mkdtempSync(join(tmpdir(), "thingkit-consumer-"));
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", project], { cwd: pkg, encoding: "utf8" });
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", join(project, packed.trim().split("\n").pop())], { cwd: project, stdio: "ignore" });
  let modules = 0;
  return {
    /** Imports `specifier` (`thingkit`, `thingkit/runner`) as the consumer would. */
    async load(specifier) {
      const file = join(project, `load-${modules++}.mjs`);
      writeFileSync(file, `export * from ${JSON.stringify(specifier)};\n`);
      return import(pathToFileURL(file).href);
    },
    /** The project's directory. */
    dir: project,
    remove: () => rmSync(project, { recursive: true, force: true }),
  };
}
