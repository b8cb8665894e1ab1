/**
 * Reads the abi/ modules the generators work from: for each family module its
 * file text (for declaration order and doc comments) and its loaded exports (for
 * the values). Only constants *declared* in a file belong to its header; a
 * re-export (`export * from`) does not.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

export interface AbiModule {
  /** Path below abi/, e.g. "event_channel.ts" or "io/ring.ts". */
  file: string;
  text: string;
  exports: Record<string, unknown>;
}

/** Modules that hold machinery or tables, not a family of C constants. */
export const NON_FAMILY = new Set([
  "layout.ts", "hypercall_table.ts", "hypercalls.ts", "structs.ts", "golden.ts", "index.ts", "image.ts", "schemas.ts",
]);

function listTs(dir: string, root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p, root));
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) out.push(relative(root, p));
  }
  return out;
}

/** Loads every family module under `<root>/abi`, sorted by path. */
export async function loadAbiModules(root: string): Promise<AbiModule[]> {
  const abiDir = join(root, "abi");
  const mods: AbiModule[] = [];
  for (const file of listTs(abiDir, abiDir)) {
    if (NON_FAMILY.has(file)) continue;
    const full = join(abiDir, file);
    const exports = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
    mods.push({ file, text: readFileSync(full, "utf8"), exports });
  }
  return mods;
}
