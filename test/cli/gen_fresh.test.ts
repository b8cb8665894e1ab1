/**
 * The committed generated files are exactly what the generators produce now:
 * guests/include/xen (pvkit headers), docs/hypercalls and docs/site (pvkit docs),
 * with no stale extra files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generateHeaders, HEADERS_DIR, type GeneratedFile } from "../../cli/gen/headers.js";
import { generateDocs, DOCS_DIR } from "../../cli/gen/docs.js";
import { generateSite, SITE_DIR } from "../../cli/gen/html.js";
import { loadGenInputs, loadHandling, REPO_ROOT } from "../../cli/gen/sources.js";
import { listFiles } from "../../cli/gen/write_files.js";

const inputs = await loadGenInputs();
const tables = await loadHandling();

/** Stale or missing files, each named with the command that fixes it. */
export function staleness(dirs: readonly string[], files: readonly GeneratedFile[], command: string): string[] {
  const problems: string[] = [];
  const want = new Set(files.map((f) => f.path));
  for (const f of files) {
    const p = join(REPO_ROOT, f.path);
    if (!existsSync(p)) problems.push(`${f.path} is missing: run ${command}`);
    else if (readFileSync(p, "utf8") !== f.content) problems.push(`${f.path} is stale: run ${command}`);
  }
  for (const d of dirs) for (const p of listFiles(REPO_ROOT, d)) {
    if (!want.has(p)) problems.push(`${p} is no longer generated: run ${command}`);
  }
  return problems;
}

test("guests/include/xen is what `pvkit headers` generates", () => {
  const files = generateHeaders(inputs.modules, inputs.structs, inputs.hypercalls);
  assert.deepEqual(staleness([HEADERS_DIR], files, "npm run pvkit -- headers"), []);
});

test("docs/hypercalls and docs/site are what `pvkit docs` generates", () => {
  const md = generateDocs(inputs.hypercalls, inputs.structs, tables);
  const site = generateSite(inputs.hypercalls, inputs.structs, tables);
  assert.deepEqual(staleness([DOCS_DIR, SITE_DIR], [...md, ...site], "npm run pvkit -- docs"), []);
});

test("staleness() names the stale file and the command to run", () => {
  const problems = staleness([], [{ path: `${HEADERS_DIR}/xen.h`, content: "not the header" }], "npm run pvkit -- headers");
  assert.deepEqual(problems, [`${HEADERS_DIR}/xen.h is stale: run npm run pvkit -- headers`]);
});
