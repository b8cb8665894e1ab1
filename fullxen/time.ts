/**
 * Guest time: system time is nanoseconds since the machine clock's 0 (the 10 MHz
 * timebase, 100 ns per tick), published in every vcpu_time_info as a fixed linear
 * map of the RISC-V `time` counter, so a guest reads it with rdtime and no hypercall.
 *
 * ns = ((ticks << 7) * 3355443200) >> 32 = ticks * 100 exactly (3355443200 = 25 * 2^27).
 * Because the map never changes, the record is written once (abi/guest_visible.ts
 * writeVcpuTimeInfo: tsc_timestamp = 0, system_time = 0, version 2: even, stable) and
 * never needs a seqlock update.
 *
 * Timer deadlines are converted to ticks rounding up, so a timer never fires before
 * the system time it asked for.
 */
import { TIMEBASE_HZ } from "../machine/clock.js";
import { VCPU_TIME_NS_PER_TICK } from "../abi/guest_visible.js";

export const NS_PER_TICK = VCPU_TIME_NS_PER_TICK;
if (NS_PER_TICK !== 1e9 / TIMEBASE_HZ) throw new Error(`full Xen time: the machine's timebase (${TIMEBASE_HZ} Hz) does not match abi/guest_visible.ts`);

export function ticksToNs(ticks: number): number {
  return ticks * NS_PER_TICK;
}

/** The first tick at or after system time `ns`. */
export function nsToTicks(ns: number): number {
  return Math.ceil(ns / NS_PER_TICK);
}
