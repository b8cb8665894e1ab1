/** Full Xen's scheduling: the interface the core codes against and the credit scheduler. */
export type { SchedVcpu, Scheduler } from "./types.js";
export {
  CreditScheduler, DEFAULT_SLICE_TICKS, DEFAULT_PERIOD_TICKS, DEFAULT_MIN_SLICE_TICKS, DEFAULT_WEIGHT,
} from "./credit.js";
export type { CreditOptions } from "./credit.js";
