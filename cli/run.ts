/**
 * `pvkit run IMAGE --on microxen|fullxen [--profile hot|none] [--mem MiB] [--trace FILE] [--max-insns N]`
 *
 * Parses the options and hands them to the runner of the chosen hypervisor
 * (cli/run_microxen.ts; full Xen's runner plugs in at RUNNERS.fullxen). The
 * console goes to stdout, how the domain ended to stderr. Exit codes
 * (docs/microxen.md): 0 poweroff; 10 + reason for any other shutdown (11 reboot,
 * 12 suspend, 13 crash, 14 watchdog, 15 soft_reset); 20 the hypervisor crashed the
 * domain (unhandled trap, unusable frame); 2 bad arguments or image; 3 the
 * hypervisor is not available; 124 instruction limit; 125 hang; 70 internal error.
 */
import { ArgError, intOption, parseArgs } from "./args.js";

export const EXIT_POWEROFF = 0;
export const EXIT_USAGE = 2;
export const EXIT_UNAVAILABLE = 3;
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
}

/** A runner: runs the image, writes console/trace, returns the exit code. */
export type Runner = (o: RunOptions) => Promise<number>;

const RUNNERS: Record<Hypervisor, () => Promise<Runner>> = {
  microxen: async () => (await import("./run_microxen.js")).runMicroxenCommand,
  fullxen: async () => async () => {
    process.stderr.write("pvkit run: fullxen is not available yet (use --on microxen)\n");
    return EXIT_UNAVAILABLE;
  },
};

const NAME = "pvkit run";
const USAGE = `usage: ${NAME} IMAGE --on microxen|fullxen [--profile hot|none] [--mem MiB] [--trace FILE] [--max-insns N]`;

export function parseRunArgs(args: readonly string[]): RunOptions | "help" {
  const p = parseArgs(args, { flags: ["help"], options: ["on", "profile", "mem", "trace", "max-insns"] });
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
  };
}

export async function main(args: string[]): Promise<number> {
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
