/**
 * Writes generated files under the repository root and removes stale ones the
 * generator no longer produces from the folders it owns.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { GeneratedFile } from "./headers.js";

export function listFiles(root: string, dir: string): string[] {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  const out: string[] = [];
  for (const name of readdirSync(full).sort()) {
    const p = join(full, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(root, relative(root, p)));
    else out.push(relative(root, p));
  }
  return out;
}

/** Writes `files`, deletes other files under `dirs`; returns the paths removed. */
export function writeGenerated(root: string, dirs: readonly string[], files: readonly GeneratedFile[]): string[] {
  const keep = new Set(files.map((f) => f.path));
  const removed: string[] = [];
  for (const d of dirs) for (const p of listFiles(root, d)) {
    if (!keep.has(p)) {
      rmSync(join(root, p));
      removed.push(p);
    }
  }
  for (const f of files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.content);
  }
  return removed;
}
