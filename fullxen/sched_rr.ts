/**
 * A round-robin scheduler behind the Scheduler interface (fullxen/sched/types.ts): the
 * stand-in until the credit scheduler lands, and the reference for how the core drives
 * a scheduler.
 *
 * The protocol the core follows (any Scheduler may rely on it):
 * - add(v) once when the vCPU is created, remove(v) once when it is destroyed; a new
 *   vCPU is not runnable until wake(v).
 * - A runnable vCPU is either queued in the scheduler or running on exactly one hart.
 *   pick(hart, now) takes the chosen vCPU out of the queue: it is now running.
 * - When the core stops running v it calls account(v, ran) and then, if v is still
 *   runnable, wake(v) (or yield(v) after SCHEDOP_yield) to queue it again; if v is no
 *   longer runnable it calls sleep(v).
 * - wake(v) is called only for a vCPU that is neither queued nor running; sleep(v) may
 *   be called for a vCPU that is not queued (a no-op then).
 *
 * Invariants: the queue holds each vCPU at most once; picks are strictly in queue order,
 * so the same calls give the same picks.
 */
import type { Scheduler, SchedVcpu } from "./sched/types.js";

/** 10 ms of the 10 MHz timebase. */
export const RR_SLICE_TICKS = 100_000;

export class RoundRobinScheduler implements Scheduler {
  private readonly queue: SchedVcpu[];
  private readonly slice: number;

  constructor(sliceTicks = RR_SLICE_TICKS) {
    if (!Number.isInteger(sliceTicks) || sliceTicks <= 0) throw new Error(`create round-robin scheduler: bad slice ${sliceTicks}`);
    this.queue = [];
    this.slice = sliceTicks;
  }

  add(_v: SchedVcpu): void {}

  remove(v: SchedVcpu): void {
    this.dequeue(v);
  }

  wake(v: SchedVcpu): void {
    if (!this.queue.includes(v)) this.queue.push(v);
  }

  sleep(v: SchedVcpu): void {
    this.dequeue(v);
  }

  yield(v: SchedVcpu): void {
    this.dequeue(v);
    this.queue.push(v);
  }

  pick(_hart: number, _now: number): { vcpu: SchedVcpu; slice: number } | null {
    const v = this.queue.shift();
    return v === undefined ? null : { vcpu: v, slice: this.slice };
  }

  account(_v: SchedVcpu, _ran: number): void {}

  /** Queued vCPUs in order (for tests and debugging). */
  queued(): readonly SchedVcpu[] {
    return this.queue;
  }

  private dequeue(v: SchedVcpu): void {
    const i = this.queue.indexOf(v);
    if (i >= 0) this.queue.splice(i, 1);
  }
}
