/**
 * `pvkit certify IMAGE [--report FILE.html] [--all] [--max-insns N]`
 *
 * Runs the image on microxen with the `none` profile (every hypercall traps, so
 * every one is traced) and on full Xen, then compares the console line by line,
 * how the domain ended, and the hypercall trace record by record with machine
 * frame numbers masked (cli/harness/compare.ts, docs/conformance.md). Prints a
 * side-by-side report with divergent rows marked `!`; `--report` also writes an
 * HTML page; `--all` prints every row instead of eliding the same ones.
 * Exit codes: 0 same, 1 different, 2 bad input (arguments, unreadable or bad image).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { ArgError, intOption, parseArgs } from "./args.js";
import { DEFAULT_MAX_INSNS, runGuest, type GuestRun } from "./harness/run_guest.js";
import { compareRuns, type Comparison } from "./harness/compare.js";
import { htmlReport, textReport } from "./harness/report.js";
import { parseElf32 } from "../machine/elf.js";
import { decodeImage } from "../abi/image.js";

export const EXIT_SAME = 0;
export const EXIT_DIFFERENT = 1;
export const EXIT_BAD_INPUT = 2;

const NAME = "pvkit certify";
const USAGE = `usage: ${NAME} IMAGE [--report FILE.html] [--all] [--max-insns N]`;

export interface Certification {
  microxen: GuestRun;
  fullxen: GuestRun;
  comparison: Comparison;
}

/** Runs `image` on both hypervisors and compares the runs. Throws Error when the image cannot be built. */
export function certifyImage(image: Uint8Array, maxInsns = DEFAULT_MAX_INSNS): Certification {
  const microxen = runGuest(image, "microxen-none", { trace: true, maxInsns });
  const fullxen = runGuest(image, "fullxen", { trace: true, maxInsns });
  for (const r of [microxen, fullxen]) {
    if (r.ended === "bad-image") throw new Error(`${r.target}: ${r.detail}`);
  }
  const transferPage = decodeImage(parseElf32(image)).hypercallPage >>> 0;
  return {
    microxen, fullxen,
    comparison: compareRuns(microxen, fullxen, { leftName: "microxen (profile none)", rightName: "full Xen", transferPage }),
  };
}

export async function main(args: string[]): Promise<number> {
  let image: string;
  let report: string | null;
  let all: boolean;
  let maxInsns: number;
  try {
    const p = parseArgs(args, { flags: ["help", "all"], options: ["report", "max-insns"] });
    if (p.flags.has("help")) {
      process.stdout.write(`${USAGE}\n`);
      return EXIT_SAME;
    }
    if (p.positional.length !== 1) throw new ArgError(p.positional.length === 0 ? "no IMAGE given" : "more than one IMAGE given");
    image = p.positional[0]!;
    report = p.options.get("report") ?? null;
    all = p.flags.has("all");
    maxInsns = intOption(p, "max-insns", DEFAULT_MAX_INSNS, 1, Number.MAX_SAFE_INTEGER);
  } catch (e) {
    if (e instanceof ArgError) {
      process.stderr.write(`${NAME}: ${e.message} (try --help)\n`);
      return EXIT_BAD_INPUT;
    }
    throw e;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(image);
  } catch (e) {
    process.stderr.write(`${NAME}: cannot read ${image}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return EXIT_BAD_INPUT;
  }
  let c: Certification;
  try {
    c = certifyImage(bytes, maxInsns);
  } catch (e) {
    process.stderr.write(`${NAME}: ${image}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_BAD_INPUT;
  }
  process.stdout.write(textReport(c.comparison, image, all));
  if (report !== null) {
    try {
      writeFileSync(report, htmlReport(c.comparison, image));
    } catch (e) {
      process.stderr.write(`${NAME}: cannot write ${report}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
      return EXIT_BAD_INPUT;
    }
  }
  return c.comparison.same ? EXIT_SAME : EXIT_DIFFERENT;
}
