/**
 * The conformance suite: every guests/tests/<name>/<name>.elf, and on which targets
 * it runs. `fx_*` guests test full Xen's enforcement (type checks, foreign frames,
 * the hole), which microxen leaves out by design, so they run on full Xen only
 * (their header comment says "FULL XEN ONLY"; the folder prefix is what counts).
 * A guest that needs several vCPUs says so in its header (` * requires: vcpus=2`);
 * it gets them where the target has them (microxen: one hart per vCPU, up to 8),
 * else the target's maximum, and the guest itself decides to SKIP.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { TARGETS, type Target } from "./run_guest.js";

export interface SuiteGuest {
  name: string;
  path: string;
  targets: readonly Target[];
  /** vCPUs the guest asks for in its header (` * requires: vcpus=N`), else 1. */
  vcpus: number;
}

/** The header's ` * requires: vcpus=N` line, or 1. A target with fewer vCPUs runs it with its maximum. */
export function requiredVcpus(source: string): number {
  const m = /^ \* requires:.*\bvcpus\s*=\s*(\d+)/m.exec(source);
  const n = m === null ? 1 : Number(m[1]);
  return Number.isSafeInteger(n) && n >= 1 ? n : 1;
}

export const FULLXEN_ONLY_PREFIX = "fx_";

/** The repository's guests/tests folder. */
export const TESTS_DIR = resolve(import.meta.dirname, "../../guests/tests");

export function targetsFor(name: string): readonly Target[] {
  return name.startsWith(FULLXEN_ONLY_PREFIX) ? ["fullxen"] : TARGETS;
}

/** The guests with a built image, sorted by name. */
export function suiteGuests(dir: string = TESTS_DIR): SuiteGuest[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort()
    .filter((name) => existsSync(join(dir, name, `${name}.elf`)))
    .map((name) => {
      const src = join(dir, name, "main.c");
      const vcpus = existsSync(src) ? requiredVcpus(readFileSync(src, "utf8")) : 1;
      return { name, path: join(dir, name, `${name}.elf`), targets: targetsFor(name), vcpus };
    });
}
