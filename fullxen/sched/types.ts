/**
 * The scheduler interface the full Xen core codes against.
 *
 * Time is measured in ticks of the machine's virtual clock (mtime). A scheduler is
 * deterministic: the same sequence of calls yields the same picks.
 */

/** What the scheduler needs to know about one vCPU. */
export interface SchedVcpu {
  readonly dom: number;
  readonly id: number;
  weight(): number;
  cap(): number /* % of one hart, 0 = none */;
}

export interface Scheduler {
  add(v: SchedVcpu): void;
  remove(v: SchedVcpu): void;
  wake(v: SchedVcpu): void; // runnable again (timer, event, unpause)
  sleep(v: SchedVcpu): void; // blocked / paused / down
  yield(v: SchedVcpu): void;
  /** Picks the next vCPU for a hart at time `now` (ticks); returns it and the slice length in
   *  ticks, or null when nothing is runnable (idle). */
  pick(hart: number, now: number): { vcpu: SchedVcpu; slice: number } | null;
  /** Accounts `ran` ticks of hart time to v (called when v is descheduled). */
  account(v: SchedVcpu, ran: number): void;
  /** Optional: the next time (ticks) at which `pick` may find work that it cannot find at
   *  `now` without any wake (e.g. a vCPU parked by its cap until the next period), or
   *  null. A hypervisor whose harts idle arms its timer no later than this. */
  nextEvent?(now: number): number | null;
}
