/**
 * A credit scheduler for full Xen (after Xen's credit1, simplified and deterministic).
 *
 * Invariants and rules:
 * - Time is in machine ticks (10 MHz timebase: 10_000 ticks = 1 ms of virtual time).
 * - Every vCPU is in exactly one state: RUNNABLE (on the run queue of one hart),
 *   RUNNING (returned by `pick` for a hart and not yet accounted), or BLOCKED (asleep:
 *   blocked, paused or down). A RUNNING vCPU is on no queue; `account` puts it back at
 *   the tail of its hart's queue unless it went to sleep meanwhile.
 * - Credits are ticks of hart time. At each accounting period boundary (every
 *   `periodTicks`, checked by `pick`) the capacity `harts * periodTicks` is shared
 *   among the *active* domains (a vCPU not blocked, or hart time used in the period
 *   that ended) in proportion to their weight, then equally among each domain's active
 *   vCPUs. Unspent positive credit does not carry over (no hoarding); debt does (an
 *   overrun is paid back), bounded below by one period.
 * - Priority: BOOST (just woken with credit left, until its next accounting) >
 *   UNDER (credit > 0) > OVER (credit <= 0) > YIELDED (asked to let others run; for
 *   the next pick on its hart only). Within a priority the queue order decides: round-robin.
 * - A slice is at most `sliceTicks`, at most the vCPU's credit while UNDER, and ends
 *   at the period boundary, but is never below `minSliceTicks`.
 * - Caps: a domain with cap C (% of one hart, 0 = none) gets at most C% of a period's
 *   hart time per period: its share is limited to that, its slices end when the budget
 *   does, and once its usage reaches the budget its vCPUs are *parked* (skipped by
 *   `pick`) until the next period; `nextEvent` names that time so an idle hypervisor
 *   can sleep until then. The scheduler is work-conserving otherwise: OVER
 *   vCPUs still run when nothing is UNDER.
 * - A hart whose queue has nothing better steals the best candidate from the other
 *   harts' queues, scanning from hart+1 upward (wrapping), which moves it to this hart.
 * - Deterministic: no host time, no randomness; iteration is in insertion order.
 */
import type { SchedVcpu, Scheduler } from "./types.js";

/** 30 ms of virtual time: Xen credit1's default time slice. */
export const DEFAULT_SLICE_TICKS = 300_000;
/** 30 ms: credit1's accounting period. */
export const DEFAULT_PERIOD_TICKS = 300_000;
/** 1 ms: shortest slice handed out (keeps switch overhead bounded). */
export const DEFAULT_MIN_SLICE_TICKS = 10_000;
export const DEFAULT_WEIGHT = 256;

export interface CreditOptions {
  harts?: number;
  sliceTicks?: number;
  periodTicks?: number;
  minSliceTicks?: number;
  /** Wake boost (credit1's BOOST priority); default on. */
  boost?: boolean;
}

const RUNNABLE = 0;
const RUNNING = 1;
const BLOCKED = 2;

const PRI_BOOST = 3;
const PRI_UNDER = 2;
const PRI_OVER = 1;
const PRI_YIELDED = 0;

class Entry {
  state: number;
  hart: number;
  credit: number;
  boosted: boolean;
  yielded: boolean;
  /** Hart time used since the last period boundary. */
  usedInPeriod: number;
  /** Hart time used in total. */
  cpuTicks: number;
  constructor(readonly v: SchedVcpu, hart: number) {
    this.state = BLOCKED;
    this.hart = hart;
    this.credit = 0;
    this.boosted = false;
    this.yielded = false;
    this.usedInPeriod = 0;
    this.cpuTicks = 0;
  }
}

class DomState {
  used: number; // hart time in the current period (for the cap)
  parked: boolean;
  vcpus: number;
  constructor() {
    this.used = 0;
    this.parked = false;
    this.vcpus = 0;
  }
}

export class CreditScheduler implements Scheduler {
  readonly harts: number;
  readonly sliceTicks: number;
  readonly periodTicks: number;
  readonly minSliceTicks: number;
  readonly boost: boolean;
  private readonly entries = new Map<SchedVcpu, Entry>();
  private readonly doms = new Map<number, DomState>();
  private readonly queues: Entry[][];
  private readonly running: (Entry | null)[];
  /** Start of the current accounting period (-1 before the first pick). */
  private periodStart: number;

  constructor(opts: CreditOptions = {}) {
    this.harts = opts.harts ?? 1;
    this.sliceTicks = opts.sliceTicks ?? DEFAULT_SLICE_TICKS;
    this.periodTicks = opts.periodTicks ?? DEFAULT_PERIOD_TICKS;
    this.minSliceTicks = opts.minSliceTicks ?? DEFAULT_MIN_SLICE_TICKS;
    this.boost = opts.boost ?? true;
    for (const [k, n] of [["harts", this.harts], ["sliceTicks", this.sliceTicks], ["periodTicks", this.periodTicks], ["minSliceTicks", this.minSliceTicks]] as const) {
      if (!Number.isInteger(n) || n < 1) throw new Error(`credit scheduler: ${k} must be a positive integer, got ${n}`);
    }
    this.queues = [];
    this.running = [];
    for (let h = 0; h < this.harts; h++) {
      this.queues.push([]);
      this.running.push(null);
    }
    this.periodStart = -1;
  }

  /** Adds a vCPU, blocked (call `wake` to make it runnable). Placed on the least loaded hart. */
  add(v: SchedVcpu): void {
    if (this.entries.has(v)) throw new Error(`credit scheduler: add: d${v.dom}v${v.id} already added`);
    const load = new Array<number>(this.harts).fill(0);
    for (const e of this.entries.values()) load[e.hart] = (load[e.hart] ?? 0) + 1;
    let hart = 0;
    for (let h = 1; h < this.harts; h++) if ((load[h] ?? 0) < (load[hart] ?? 0)) hart = h;
    this.entries.set(v, new Entry(v, hart));
    let d = this.doms.get(v.dom);
    if (d === undefined) {
      d = new DomState();
      this.doms.set(v.dom, d);
    }
    d.vcpus++;
  }

  remove(v: SchedVcpu): void {
    const e = this.entries.get(v);
    if (e === undefined) return;
    this.dequeue(e);
    if (this.running[e.hart] === e) this.running[e.hart] = null;
    this.entries.delete(v);
    const d = this.doms.get(v.dom);
    if (d !== undefined && --d.vcpus === 0) this.doms.delete(v.dom);
  }

  wake(v: SchedVcpu): void {
    const e = this.entries.get(v);
    if (e === undefined || e.state !== BLOCKED) return;
    if (this.boost && e.credit > 0) e.boosted = true;
    if (this.running[e.hart] === e) {
      e.state = RUNNING; // slept and woke before being descheduled: still on its hart
      return;
    }
    e.state = RUNNABLE;
    this.queueOf(e).push(e);
  }

  sleep(v: SchedVcpu): void {
    const e = this.entries.get(v);
    if (e === undefined || e.state === BLOCKED) return;
    if (e.state === RUNNABLE) this.dequeue(e);
    // A RUNNING vCPU stays on its hart until accounted; it is just not requeued.
    e.state = BLOCKED;
    e.boosted = false;
  }

  yield(v: SchedVcpu): void {
    const e = this.entries.get(v);
    if (e === undefined || e.state === BLOCKED) return;
    e.yielded = true;
    e.boosted = false;
    if (e.state === RUNNABLE) {
      this.dequeue(e);
      this.queueOf(e).push(e);
    }
  }

  account(v: SchedVcpu, ran: number): void {
    const e = this.entries.get(v);
    if (e === undefined) return;
    if (!(ran >= 0)) throw new Error(`credit scheduler: account: d${v.dom}v${v.id} ran ${ran} ticks`);
    e.credit = Math.max(e.credit - ran, -this.periodTicks);
    e.usedInPeriod += ran;
    e.cpuTicks += ran;
    e.boosted = false;
    const d = this.doms.get(v.dom);
    if (d !== undefined) {
      d.used += ran;
      const budget = this.capBudget(v);
      if (budget > 0 && d.used >= budget) d.parked = true;
    }
    if (this.running[e.hart] === e) this.running[e.hart] = null;
    if (e.state === RUNNING) {
      e.state = RUNNABLE;
      this.queueOf(e).push(e);
    }
  }

  pick(hart: number, now: number): { vcpu: SchedVcpu; slice: number } | null {
    if (!Number.isInteger(hart) || hart < 0 || hart >= this.harts) throw new Error(`credit scheduler: pick: no hart ${hart}`);
    const prev = this.running[hart];
    if (prev !== null && prev !== undefined) {
      // Picked again without being accounted: the caller dropped it (it could not run).
      // It leaves the scheduler until woken, so a bad pick cannot repeat for ever.
      prev.state = BLOCKED;
      this.running[hart] = null;
    }
    this.refill(now);
    let best = this.best(this.queueOf(hart));
    let bestPri = best === null ? -1 : this.priority(best);
    if (bestPri < PRI_UNDER) {
      for (let i = 1; i < this.harts; i++) {
        const other = this.best(this.queueOf((hart + i) % this.harts));
        if (other !== null && this.priority(other) > bestPri) {
          best = other;
          bestPri = this.priority(other);
        }
      }
    }
    for (const e of this.queueOf(hart)) e.yielded = false; // a yield defers one pick only
    if (best === null) return null;
    this.dequeue(best);
    best.hart = hart;
    best.state = RUNNING;
    best.yielded = false;
    this.running[hart] = best;
    return { vcpu: best.v, slice: this.sliceFor(best, now) };
  }

  /**
   * The next tick at which `pick` may find work it cannot find now: the next period
   * boundary while some runnable vCPU is parked by its cap, else null. A hypervisor
   * whose harts all idle fast-forwards time to the earlier of this and its timers.
   */
  nextEvent(now: number): number | null {
    for (const e of this.entries.values()) {
      if (e.state === RUNNABLE && this.doms.get(e.v.dom)?.parked === true) {
        if (this.periodStart < 0) return now;
        const n = Math.floor((now - this.periodStart) / this.periodTicks) + 1;
        return this.periodStart + n * this.periodTicks;
      }
    }
    return null;
  }

  /** Hart time used by one vCPU so far (ticks). */
  vcpuTime(v: SchedVcpu): number {
    return this.entries.get(v)?.cpuTicks ?? 0;
  }

  /** Hart time used by all vCPUs of a domain so far (ticks). */
  domainTime(dom: number): number {
    let t = 0;
    for (const e of this.entries.values()) if (e.v.dom === dom) t += e.cpuTicks;
    return t;
  }

  /** Current credit of a vCPU (for tests and tracing). */
  credit(v: SchedVcpu): number {
    return this.entries.get(v)?.credit ?? 0;
  }

  private queueOf(x: Entry | number): Entry[] {
    const q = this.queues[typeof x === "number" ? x : x.hart];
    if (q === undefined) throw new Error(`credit scheduler: no run queue for hart ${typeof x === "number" ? x : x.hart}`);
    return q;
  }

  private dequeue(e: Entry): void {
    const q = this.queueOf(e);
    const i = q.indexOf(e);
    if (i >= 0) q.splice(i, 1);
  }

  private priority(e: Entry): number {
    if (e.yielded) return PRI_YIELDED;
    if (e.boosted) return PRI_BOOST;
    return e.credit > 0 ? PRI_UNDER : PRI_OVER;
  }

  /** First entry of the highest priority in queue order, skipping parked domains. */
  private best(q: readonly Entry[]): Entry | null {
    let best: Entry | null = null;
    let bestPri = -1;
    for (const e of q) {
      if (this.doms.get(e.v.dom)?.parked === true) continue;
      const p = this.priority(e);
      if (p > bestPri) {
        best = e;
        bestPri = p;
      }
    }
    return best;
  }

  private capBudget(v: SchedVcpu): number {
    const cap = v.cap();
    return cap > 0 ? Math.floor((cap * this.periodTicks) / 100) : 0;
  }

  private sliceFor(e: Entry, now: number): number {
    let s = this.sliceTicks;
    if (e.credit > 0) s = Math.min(s, e.credit);
    const budget = this.capBudget(e.v);
    const d = this.doms.get(e.v.dom);
    if (budget > 0 && d !== undefined) s = Math.min(s, budget - d.used);
    s = Math.min(s, this.periodStart + this.periodTicks - now);
    return Math.max(s, this.minSliceTicks);
  }

  /** Starts a new accounting period when `now` has reached the boundary. */
  private refill(now: number): void {
    if (this.periodStart < 0) {
      this.periodStart = now;
      this.distribute();
      return;
    }
    if (now < this.periodStart + this.periodTicks) return;
    this.periodStart += Math.floor((now - this.periodStart) / this.periodTicks) * this.periodTicks;
    this.distribute();
  }

  private distribute(): void {
    const active = (e: Entry): boolean => e.state !== BLOCKED || e.usedInPeriod > 0;
    const domWeight = new Map<number, number>();
    const domActive = new Map<number, number>();
    let total = 0;
    for (const e of this.entries.values()) {
      if (!active(e)) continue;
      if (!domWeight.has(e.v.dom)) {
        const w = Math.max(1, e.v.weight());
        domWeight.set(e.v.dom, w);
        total += w;
      }
      domActive.set(e.v.dom, (domActive.get(e.v.dom) ?? 0) + 1);
    }
    const capacity = this.harts * this.periodTicks;
    for (const e of this.entries.values()) {
      if (active(e)) {
        let domShare = (capacity * (domWeight.get(e.v.dom) ?? 0)) / total;
        const budget = this.capBudget(e.v);
        if (budget > 0) domShare = Math.min(domShare, budget);
        const share = Math.min(Math.floor(domShare / (domActive.get(e.v.dom) ?? 1)), this.periodTicks);
        e.credit = Math.min(e.credit, 0) + share; // debt carries over, surplus does not
      }
      e.usedInPeriod = 0;
    }
    for (const d of this.doms.values()) {
      d.used = 0;
      d.parked = false;
    }
  }
}
