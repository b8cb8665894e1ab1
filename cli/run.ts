/**
 * `pvkit run IMAGE --on microxen|fullxen [--profile hot|none] [--mem MiB] [--trace FILE] [--max-insns N]`
 * `pvkit run IMAGE --on microxen --harts N ...` (N vCPUs, one hart each)
 * `pvkit run --on fullxen IMAGE [IMAGE...] [--harts N] ...` and `pvkit run --config FILE [--config FILE...]`
 *
 * Parses the options and hands them to the runner of the chosen hypervisor
 * (cli/run_microxen.ts or cli/run_fullxen.ts). The
 * console goes to stdout, how the domain ended to stderr. Exit codes
 * (docs/microxen.md): 0 poweroff; 10 + reason for any other shutdown (11 reboot,
 * 12 suspend, 13 crash, 14 watchdog, 15 soft_reset); 20 the hypervisor crashed the
 * domain (unhandled trap, unusable frame); 2 bad arguments or image;
 * 124 instruction limit; 125 hang; 70 internal error.
 */
import { ArgError, intOption, parseArgs } from "./args.js";
import { MAX_VCPUS } from "../shim/index.js";

export const EXIT_POWEROFF = 0;
export const EXIT_USAGE = 2;
export const EXIT_SHUTDOWN_BASE = 10;
export const EXIT_FAULT = 20;
export const EXIT_INTERNAL = 70;
export const EXIT_LIMIT = 124;
export const EXIT_HANG = 125;
export const DEFAULT_MAX_INSNS = 2_000_000_000;

export type Hypervisor = "microxen" | "fullxen";
export type Profile = "hot" | "none";

export interface RunOptions {
  image: string;
  on: Hypervisor;
  profile: Profile;
  /** Domain memory in MiB; undefined: the hypervisor's default. */
  memMiB: number | undefined;
  trace: string | null;
  maxInsns: number;
  /** microxen: vCPUs, one hart each (absent: 1). */
  harts?: number;
}

/** A runner: runs the image, writes console/trace, returns the exit code. */
export type Runner = (o: RunOptions) => Promise<number>;

const RUNNERS: Record<Hypervisor, () => Promise<Runner>> = {
  microxen: async () => (await import("./run_microxen.js")).runMicroxenCommand,
  fullxen: async () => (await import("./run_fullxen.js")).runFullxenCommand,
};

/** Full Xen runs many domains: several images, --config files or --harts go to its own runner. */
function fullxenArgs(args: readonly string[]): string[] | null {
  const rest: string[] = [];
  let on: string | undefined;
  let many = false;
  let images = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--on") { on = args[++i]; continue; }
    if (a.startsWith("--on=")) { on = a.slice(5); continue; }
    if (a === "--config" || a.startsWith("--config=") || a === "--harts" || a.startsWith("--harts=")) many = true;
    else if (!a.startsWith("--") && (i === 0 || !/^--(mem|trace|max-insns|profile|harts|config)$/.test(args[i - 1]!))) images++;
    rest.push(a);
  }
  if (on === undefined && many) on = "fullxen"; // --config implies full Xen
  return on === "fullxen" && (many || images > 1) ? rest : null;
}

const NAME = "pvkit run";
const USAGE = [
  `usage: ${NAME} IMAGE --on microxen|fullxen [--profile hot|none] [--mem MiB] [--trace FILE] [--max-insns N]`,
  `       ${NAME} IMAGE --on microxen --harts N [--profile hot|none] [--mem MiB] [--trace FILE] [--max-insns N]`,
  `       ${NAME} --on fullxen IMAGE [IMAGE...] [--harts N] [--mem MiB] [--trace FILE] [--max-insns N]`,
  `       ${NAME} --config FILE [--config FILE...] [--harts N] [--max-insns N]`,
].join("\n");

export function parseRunArgs(args: readonly string[]): RunOptions | "help" {
  const p = parseArgs(args, { flags: ["help"], options: ["on", "profile", "mem", "trace", "max-insns", "harts"] });
  if (p.flags.has("help")) return "help";
  if (p.positional.length !== 1) throw new ArgError(p.positional.length === 0 ? "no IMAGE given" : "more than one IMAGE given");
  const on = p.options.get("on");
  if (on === undefined) throw new ArgError("--on microxen|fullxen is required");
  if (on !== "microxen" && on !== "fullxen") throw new ArgError(`--on ${on}: not microxen or fullxen`);
  const profile = p.options.get("profile") ?? "hot";
  if (profile !== "hot" && profile !== "none") throw new ArgError(`--profile ${profile}: not hot or none`);
  return {
    image: p.positional[0]!, on, profile,
    memMiB: p.options.has("mem") ? intOption(p, "mem", 16, 1, 2048) : undefined,
    trace: p.options.get("trace") ?? null,
    maxInsns: intOption(p, "max-insns", DEFAULT_MAX_INSNS, 1, Number.MAX_SAFE_INTEGER),
    ...(p.options.has("harts") ? { harts: intOption(p, "harts", 1, 1, MAX_VCPUS) } : {}),
  };
}

export async function main(args: string[]): Promise<number> {
  const multi = fullxenArgs(args);
  if (multi !== null) return (await import("./run_fullxen.js")).main(multi);
  let o: RunOptions | "help";
  try {
    o = parseRunArgs(args);
  } catch (e) {
    if (e instanceof ArgError) {
      process.stderr.write(`${NAME}: ${e.message} (try --help)\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  if (o === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const runner = await RUNNERS[o.on]();
  return runner(o);
}
