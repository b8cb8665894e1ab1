/**
 * Guest time: system time is nanoseconds since the machine clock's 0 (the 10 MHz
 * timebase, 100 ns per tick), published in every vcpu_time_info as a fixed linear
 * map of the RISC-V `time` counter, so a guest reads it with rdtime and no hypercall.
 *
 * ns = ((ticks << 7) * 3355443200) >> 32 = ticks * 100 exactly (3355443200 = 25 * 2^27).
 * Because the map never changes, the record is written once (tsc_timestamp = 0,
 * system_time = 0, version 2: even, stable) and never needs a seqlock update.
 *
 * Timer deadlines are converted to ticks rounding up, so a timer never fires before
 * the system time it asked for.
 */
import { TIMEBASE_HZ } from "../machine/clock.js";
import { offsetOf } from "../abi/layout.js";
import { vcpu_info } from "../abi/xen.js";
import { VCPU_TIME_FLAGS, VCPU_TIME_MUL, VCPU_TIME_NS_PER_TICK, VCPU_TIME_SHIFT, VCPU_TIME_VERSION } from "../abi/guest_visible.js";

export const NS_PER_TICK = VCPU_TIME_NS_PER_TICK;
export const TIME_MUL = VCPU_TIME_MUL;
export const TIME_SHIFT = VCPU_TIME_SHIFT;
if (NS_PER_TICK !== 1e9 / TIMEBASE_HZ) throw new Error(`full Xen time: the machine's timebase (${TIMEBASE_HZ} Hz) does not match abi/guest_visible.ts`);

const T = {
  version: offsetOf(vcpu_info, "time.version"),
  tsc: offsetOf(vcpu_info, "time.tsc_timestamp"),
  sys: offsetOf(vcpu_info, "time.system_time"),
  mul: offsetOf(vcpu_info, "time.tsc_to_system_mul"),
  shift: offsetOf(vcpu_info, "time.tsc_shift"),
  flags: offsetOf(vcpu_info, "time.flags"),
};

export function ticksToNs(ticks: number): number {
  return ticks * NS_PER_TICK;
}

/** The first tick at or after system time `ns`. */
export function nsToTicks(ns: number): number {
  return Math.ceil(ns / NS_PER_TICK);
}

/** Writes the time record of the vcpu_info at `offset` in `view`. */
export function writeTimeInfo(view: DataView, offset: number): void {
  view.setUint32(offset + T.version, VCPU_TIME_VERSION, true);
  view.setUint32(offset + T.tsc, 0, true);
  view.setUint32(offset + T.tsc + 4, 0, true);
  view.setUint32(offset + T.sys, 0, true);
  view.setUint32(offset + T.sys + 4, 0, true);
  view.setUint32(offset + T.mul, TIME_MUL, true);
  view.setInt8(offset + T.shift, TIME_SHIFT);
  view.setUint8(offset + T.flags, VCPU_TIME_FLAGS);
}
