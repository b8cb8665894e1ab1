/**
 * The layers of DESIGN.md: abi/ and machine/ import nothing from the project; shim/
 * and fullxen/ import abi/ and machine/, never each other; only cli/ imports everything.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const allowed: Record<string, string[]> = {
  abi: ["abi"],
  machine: ["machine"],
  shim: ["shim", "abi", "machine"],
  fullxen: ["fullxen", "abi", "machine"],
};

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

test("every layer imports only the layers DESIGN.md allows", () => {
  const bad: string[] = [];
  for (const [layer, ok] of Object.entries(allowed)) {
    for (const file of tsFiles(join(root, layer))) {
      const src = readFileSync(file, "utf8");
      for (const m of src.matchAll(/(?:from|import)\s*\(?\s*["'](\.[^"']+)["']/g)) {
        const target = relative(root, resolve(dirname(file), m[1]!));
        const top = target.split("/")[0]!;
        if (!ok.includes(top)) bad.push(`${relative(root, file)} imports ${target}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});
