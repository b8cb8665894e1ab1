/**
 * `pvkit run --on fullxen IMAGE [IMAGE...] [--mem MiB] [--harts N] [--max-insns N] [--trace FILE]`
 * `pvkit run --config FILE [--config FILE...] [IMAGE...] [...]`
 *
 * Boots every image / config as a domain on full Xen with the credit scheduler and the
 * toolstack, interleaves their consoles as `(d1:name) line`, applies the on_* actions,
 * and ends with one summary line per domain on stderr. Exit codes (docs/toolstack.md,
 * the same scheme as cli/run.ts): 0 every domain powered off; 10 + reason of the most
 * severe other shutdown (13 crash, 14 watchdog, 11 reboot, ...); 20 the hypervisor
 * crashed a domain; 2 bad arguments/config/image; 124 instruction limit; 125 hang;
 * 70 internal error.
 */
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { ArgError, intOption, parseArgs } from "./args.js";
import { Machine } from "../machine/machine.js";
import { MAX_HARTS, MAX_MEM_MIB } from "../machine/board.js";
import { FullXen } from "../fullxen/hypervisor.js";
import { CreditScheduler } from "../fullxen/sched/index.js";
import {
  attachToolstack, checkConfigSet, ConfigError, parseDomainConfig, shutdownName, type DomainConfig, type DomainRecord,
} from "../fullxen/toolstack/index.js";
import { SHUTDOWN_crash, SHUTDOWN_poweroff } from "../abi/sched.js";
// One exit-code scheme for `pvkit run` on either hypervisor (cli/run.ts).
import {
  DEFAULT_MAX_INSNS, EXIT_FAULT, EXIT_HANG, EXIT_INTERNAL, EXIT_LIMIT, EXIT_POWEROFF as EXIT_OK, EXIT_SHUTDOWN_BASE, EXIT_USAGE,
} from "./run.js";

/** The same default as microxen (shim/memmap.ts), so one image starts alike on both. */
export const DEFAULT_DOMAIN_MIB = 16;

const NAME = "pvkit run";
const USAGE = [
  `usage: ${NAME} --on fullxen IMAGE [IMAGE...] [--mem MiB] [--harts N] [--max-insns N] [--trace FILE]`,
  `       ${NAME} --config FILE [--config FILE...] [--harts N] [--max-insns N] [--trace FILE]`,
].join("\n");

interface Plan { config: DomainConfig; image: Uint8Array }

function fail(msg: string): number {
  process.stderr.write(`${NAME}: ${msg}\n`);
  return EXIT_USAGE;
}

/** Splits out every `--config FILE` / `--config=FILE` (repeatable) and `--on fullxen`. */
function splitArgs(args: readonly string[]): { configs: string[]; rest: string[] } {
  const configs: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--config" || a === "--on") {
      const v = args[++i];
      if (v === undefined) throw new ArgError(`option ${a} needs a value`);
      if (a === "--config") configs.push(v);
      else if (v !== "fullxen") throw new ArgError(`--on ${v}: this runner is full Xen's (--on fullxen)`);
    } else if (a.startsWith("--config=")) configs.push(a.slice(9));
    else if (a === "--on=fullxen") continue;
    else rest.push(a);
  }
  return { configs, rest };
}

function uniqueName(base: string, taken: Set<string>): string {
  const clean = base.replace(/\.elf$/, "").replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 60) || "domain";
  let name = clean;
  for (let n = 2; taken.has(name); n++) name = `${clean}-${n}`;
  taken.add(name);
  return name;
}

/** The Runner cli/run.ts calls for `pvkit run IMAGE --on fullxen` (one image). */
export async function runFullxenCommand(o: { image: string; memMiB: number | undefined; trace: string | null; maxInsns: number }): Promise<number> {
  const args = [o.image, "--max-insns", String(o.maxInsns)];
  if (o.memMiB !== undefined) args.push("--mem", String(o.memMiB));
  if (o.trace !== null) args.push("--trace", o.trace);
  return main(args);
}

export async function main(args: string[]): Promise<number> {
  let opts;
  const plans: Plan[] = [];
  try {
    const { configs, rest } = splitArgs(args);
    const p = parseArgs(rest, { flags: ["help"], options: ["mem", "harts", "max-insns", "trace"] });
    if (p.flags.has("help")) {
      process.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    if (p.positional.length === 0 && configs.length === 0) throw new ArgError("no IMAGE or --config given");
    opts = {
      mem: intOption(p, "mem", DEFAULT_DOMAIN_MIB, 4, 512),
      harts: intOption(p, "harts", 1, 1, MAX_HARTS),
      maxInsns: intOption(p, "max-insns", DEFAULT_MAX_INSNS, 1, Number.MAX_SAFE_INTEGER),
      trace: p.options.get("trace") ?? null,
    };
    for (const file of configs) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (e) {
        return fail(`cannot read config ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      const config = parseDomainConfig(text, file);
      const kernel = resolve(dirname(file), config.kernel);
      let image: Uint8Array;
      try {
        image = readFileSync(kernel);
      } catch (e) {
        return fail(`${file}: kernel: cannot read ${kernel}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      plans.push({ config, image });
    }
    const taken = new Set(plans.map((x) => x.config.name));
    for (const path of p.positional) {
      let image: Uint8Array;
      try {
        image = readFileSync(path);
      } catch (e) {
        return fail(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      const name = uniqueName(basename(path), taken);
      const src = `name = "${name}"\nkernel = "${path.replace(/["\\]/g, "_")}"\nmemory = ${opts.mem}\non_reboot = "destroy"\n`;
      plans.push({ config: parseDomainConfig(src, path), image });
    }
    checkConfigSet(plans.map((x) => x.config));
  } catch (e) {
    if (e instanceof ArgError) return fail(`${e.message} (try --help)`);
    if (e instanceof ConfigError || e instanceof Error) return fail(e.message);
    throw e;
  }

  const totalMiB = plans.reduce((s, x) => s + x.config.memoryMiB, 0);
  const memMiB = Math.min(MAX_MEM_MIB, totalMiB + 16 + 2 * plans.length);
  const traceFd = opts.trace === null ? -1 : openSync(opts.trace, "w");
  const traceBuf: string[] = [];
  const flushTrace = (): void => {
    if (traceFd >= 0 && traceBuf.length > 0) writeSync(traceFd, traceBuf.join(""));
    traceBuf.length = 0;
  };
  const machine = new Machine({ harts: opts.harts, memMiB });
  const sched = new CreditScheduler({ harts: opts.harts });
  const fx = new FullXen(machine, {
    scheduler: sched,
    ...(traceFd >= 0 ? { trace: (line: string) => { traceBuf.push(`${line}\n`); if (traceBuf.length >= 1024) flushTrace(); } } : {}),
  });
  // Console lines go out as they come (stdout to a file or pipe is synchronous on Linux),
  // so a person or a tool reading the output sees each line when the guest prints it.
  const ts = attachToolstack(fx, sched, {
    onConsole: (name, line) => {
      const rec = ts.all().find((r) => r.name === name);
      process.stdout.write(`(d${rec?.domid ?? "?"}:${name}) ${line}\n`);
    },
  });

  let status: "done" | "limit" | "hang" | "error" = "done";
  let message = "";
  try {
    for (const x of plans) {
      try {
        ts.create(x.config, x.image);
      } catch (e) {
        for (const r of ts.all()) if (r.state !== "destroyed") ts.destroy(r.name);
        return fail(`${x.config.file}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    let left = opts.maxInsns;
    while (ts.active() > 0) {
      const r = fx.run(left);
      left -= r.insns;
      ts.settle();
      if (r.reason === "error") {
        status = "error";
        message = r.message;
        break;
      }
      if (r.reason === "hang") {
        status = "hang";
        break;
      }
      if (r.reason === "limit" || left <= 0) {
        status = ts.active() > 0 ? "limit" : "done";
        break;
      }
    }
  } catch (e) {
    status = "error";
    message = e instanceof Error ? e.message : String(e);
  } finally {
    flushTrace();
    if (traceFd >= 0) closeSync(traceFd);
  }

  let code = EXIT_OK;
  const rank = (c: number): number => (c === EXIT_FAULT ? 3 : c === 13 || c === 14 ? 2 : c === EXIT_OK ? 0 : 1);
  for (const r of ts.all()) {
    process.stderr.write(`${NAME}: d${r.domid} ${r.name}: ${describe(r, status)}\n`);
    const c = exitFor(r);
    if (rank(c) > rank(code) || (rank(c) === rank(code) && c > code)) code = c;
  }
  if (status === "error") {
    process.stderr.write(`${NAME}: internal error: ${message}\n`);
    return EXIT_INTERNAL;
  }
  if (status === "limit") return EXIT_LIMIT;
  if (status === "hang") return EXIT_HANG;
  return code;
}

/** 0 poweroff; 10 + reason; 20 crashed by the hypervisor. Severity: 20 > 13, 14 > the rest. */
function exitFor(r: DomainRecord): number {
  if (r.reason < 0 || r.reason === SHUTDOWN_poweroff) return EXIT_OK;
  if (r.reason === SHUTDOWN_crash && r.console.some((l) => l.startsWith("(XEN) domain "))) return EXIT_FAULT;
  return EXIT_SHUTDOWN_BASE + r.reason;
}

function describe(r: DomainRecord, status: string): string {
  const restarted = r.restarts > 0 ? ` (restarted ${r.restarts} time${r.restarts === 1 ? "" : "s"}${r.action === "restart-limit" ? ", restart limit" : ""})` : "";
  if (r.reason < 0) {
    const why = status === "limit" ? "still running (instruction limit)" : status === "hang" ? "still running (hang: blocked for ever)" : `still ${r.state}`;
    return `${why}${restarted}`;
  }
  const kept = r.action === "preserve" ? ", preserved" : "";
  return `${shutdownName(r.reason)}${kept}${restarted}`;
}
