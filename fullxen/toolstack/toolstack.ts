/**
 * The toolstack: xl's domain management over full Xen.
 *
 * Invariants:
 * - Every domain it creates has one record, kept after the domain is gone so a run
 *   can be summarised. A record's `domid` changes when the domain is restarted (a
 *   restart builds a new domain from the same image and config, as xl does).
 * - Shutdowns reported by the hypervisor are queued and acted on by `settle()`, which
 *   the driver calls between run slices: the hypervisor is never re-entered from its
 *   own callback.
 * - on_poweroff / on_reboot / on_crash: `destroy` frees the domain, `restart` rebuilds
 *   it (at most `maxRestarts` times per record, then it is destroyed, so a domain that
 *   crashes at boot cannot loop forever), `preserve` keeps it shut down (its memory
 *   and console stay until `destroy`). Watchdog is handled as a crash; suspend and
 *   soft_reset as a poweroff (there is no save/restore).
 * - Console output is kept per record as complete lines; a listener sees each line.
 */
import { SHUTDOWN_NAMES, SHUTDOWN_crash, SHUTDOWN_reboot, SHUTDOWN_watchdog } from "../../abi/sched.js";
import type { DomainConfig, ShutdownAction } from "./domain_config.js";

/** What the toolstack needs from the hypervisor (full Xen's FullXen fits it). */
export interface ToolstackHypervisor {
  createDomain(spec: {
    name: string; image: Uint8Array; memoryMiB: number; vcpus: number; weight: number; cap: number; cmdline: string;
  }): number;
  pause(domid: number): void;
  unpause(domid: number): void;
  destroy(domid: number): void;
  /** Hart time used by the domain so far, in ticks of the 10 MHz timebase. */
  cpuTicks(domid: number): number;
}

export type DomainState = "running" | "paused" | "shutdown" | "destroyed";

export interface DomainInfo {
  readonly id: number;
  readonly name: string;
  readonly state: DomainState;
  readonly memoryMiB: number;
  readonly vcpus: number;
  /** Hart time in seconds of virtual time. */
  readonly cpuSeconds: number;
}

/** One domain's story, for summaries: how its last incarnation ended. */
export interface DomainRecord {
  readonly name: string;
  readonly config: DomainConfig;
  domid: number;
  state: DomainState;
  /** SHUTDOWN_* of the last shutdown, or -1 while none. */
  reason: number;
  code: number;
  restarts: number;
  /** What the toolstack did about the last shutdown ("" while none). */
  action: ShutdownAction | "restart-limit" | "";
  readonly console: string[];
  /** CPU ticks of previous incarnations (restarts). */
  pastTicks: number;
}

export const TICKS_PER_SECOND = 10_000_000;
export const DEFAULT_MAX_RESTARTS = 3;

export interface ToolstackOptions {
  maxRestarts?: number;
  onConsole?: (name: string, line: string) => void;
  onShutdown?: (rec: DomainRecord) => void;
}

export function shutdownName(reason: number): string {
  return SHUTDOWN_NAMES[reason] ?? `reason ${reason}`;
}

export class Toolstack {
  private readonly records: DomainRecord[] = [];
  private readonly byDomid = new Map<number, DomainRecord>();
  private readonly images = new Map<DomainRecord, Uint8Array>();
  private readonly pending: { rec: DomainRecord; reason: number; code: number }[] = [];
  private readonly maxRestarts: number;

  constructor(private readonly hv: ToolstackHypervisor, private readonly opts: ToolstackOptions = {}) {
    this.maxRestarts = opts.maxRestarts ?? DEFAULT_MAX_RESTARTS;
  }

  /** Builds and starts a domain from an image and its config; returns the domid. */
  create(config: DomainConfig, image: Uint8Array): number {
    if (this.records.some((r) => r.name === config.name && r.state !== "destroyed")) {
      throw new Error(`create domain ${config.name}: a domain of that name exists`);
    }
    const rec: DomainRecord = {
      name: config.name, config, domid: -1, state: "running", reason: -1, code: -1, restarts: 0, action: "",
      console: [], pastTicks: 0,
    };
    rec.domid = this.build(rec, image);
    this.records.push(rec);
    this.images.set(rec, image);
    return rec.domid;
  }

  /** Live domains (not destroyed), in creation order. */
  list(): DomainInfo[] {
    return this.records.filter((r) => r.state !== "destroyed").map((r) => ({
      id: r.domid, name: r.name, state: r.state, memoryMiB: r.config.memoryMiB, vcpus: r.config.vcpus,
      cpuSeconds: (r.pastTicks + this.hv.cpuTicks(r.domid)) / TICKS_PER_SECOND,
    }));
  }

  /** Every domain ever created, destroyed ones included. */
  all(): readonly DomainRecord[] {
    return this.records;
  }

  pause(dom: number | string): void {
    const r = this.live(dom, "pause");
    if (r.state !== "running") throw new Error(`pause ${r.name}: domain is ${r.state}`);
    this.hv.pause(r.domid);
    r.state = "paused";
  }

  unpause(dom: number | string): void {
    const r = this.live(dom, "unpause");
    if (r.state !== "paused") throw new Error(`unpause ${r.name}: domain is ${r.state}`);
    this.hv.unpause(r.domid);
    r.state = "running";
  }

  destroy(dom: number | string): void {
    const r = this.live(dom, "destroy");
    this.teardown(r);
  }

  /** The console lines a domain has printed (all incarnations). */
  console(dom: number | string): readonly string[] {
    return this.find(dom, "console").console;
  }

  /** Hypervisor callback: one complete console line of a domain. */
  consoleLine(domid: number, line: string): void {
    const r = this.byDomid.get(domid);
    if (r === undefined) return;
    r.console.push(line);
    this.opts.onConsole?.(r.name, line);
  }

  /** Hypervisor callback: a domain shut down (SCHEDOP_shutdown or a crash). */
  shutdown(domid: number, reason: number, code: number): void {
    const r = this.byDomid.get(domid);
    if (r === undefined || r.state === "destroyed") return;
    r.state = "shutdown";
    r.reason = reason;
    r.code = code;
    this.pending.push({ rec: r, reason, code });
  }

  /** Applies the on_* action of every shutdown reported since the last call. */
  settle(): void {
    while (this.pending.length > 0) {
      const p = this.pending.shift();
      if (p === undefined || p.rec.state !== "shutdown") continue;
      const r = p.rec;
      let act: DomainRecord["action"] = this.actionFor(r.config, p.reason);
      if (act === "restart" && r.restarts >= this.maxRestarts) act = "restart-limit";
      r.action = act;
      if (act === "destroy" || act === "restart-limit") this.teardown(r);
      else if (act === "restart") {
        this.teardown(r);
        r.restarts++;
        r.reason = -1;
        r.code = -1;
        r.domid = this.build(r, this.images.get(r) ?? new Uint8Array());
        r.state = "running";
      }
      this.opts.onShutdown?.(r);
    }
  }

  /** Domains still able to run (running or paused). */
  active(): number {
    return this.records.filter((r) => r.state === "running" || r.state === "paused").length;
  }

  private actionFor(c: DomainConfig, reason: number): ShutdownAction {
    if (reason === SHUTDOWN_crash || reason === SHUTDOWN_watchdog) return c.onCrash;
    if (reason === SHUTDOWN_reboot) return c.onReboot;
    return c.onPoweroff;
  }

  private build(rec: DomainRecord, image: Uint8Array): number {
    const c = rec.config;
    const domid = this.hv.createDomain({
      name: c.name, image, memoryMiB: c.memoryMiB, vcpus: c.vcpus, weight: c.weight, cap: c.cap, cmdline: c.cmdline,
    });
    this.byDomid.set(domid, rec);
    return domid;
  }

  private teardown(r: DomainRecord): void {
    r.pastTicks += this.hv.cpuTicks(r.domid);
    this.hv.destroy(r.domid);
    this.byDomid.delete(r.domid);
    r.state = "destroyed";
  }

  private find(dom: number | string, what: string): DomainRecord {
    const r = typeof dom === "number"
      ? this.byDomid.get(dom)
      : [...this.records].reverse().find((x) => x.name === dom);
    if (r === undefined) throw new Error(`${what}: no domain ${typeof dom === "number" ? `with id ${dom}` : `named "${dom}"`}`);
    return r;
  }

  private live(dom: number | string, what: string): DomainRecord {
    const r = this.find(dom, what);
    if (r.state === "destroyed") throw new Error(`${what} ${r.name}: domain is destroyed`);
    return r;
  }
}
