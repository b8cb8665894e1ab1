/**
 * Every struct layout of the rv32 PV ABI, for the generators (C headers, docs) and
 * the golden-table test. Names are unique; a layout is listed after any struct it
 * embeds.
 */
import type { StructLayout } from "./layout.js";
import { ARCH_RV32_STRUCTS } from "./arch_rv32.js";
import { XEN_STRUCTS } from "./xen.js";
import { SCHED_STRUCTS } from "./sched.js";
import { EVENT_CHANNEL_STRUCTS } from "./event_channel.js";
import { GRANT_TABLE_STRUCTS } from "./grant_table.js";
import { MEMORY_STRUCTS } from "./memory.js";
import { VCPU_STRUCTS } from "./vcpu.js";
import { VERSION_STRUCTS } from "./version.js";
import { CALLBACK_STRUCTS } from "./callback.js";
import { RING_STRUCTS } from "./io/ring.js";
import { CONSOLE_STRUCTS } from "./io/console.js";
import { XS_WIRE_STRUCTS } from "./io/xs_wire.js";
import { BLKIF_STRUCTS } from "./io/blkif.js";

export const ALL_STRUCTS: readonly StructLayout[] = Object.freeze([
  ...ARCH_RV32_STRUCTS, ...XEN_STRUCTS, ...SCHED_STRUCTS, ...EVENT_CHANNEL_STRUCTS, ...GRANT_TABLE_STRUCTS,
  ...MEMORY_STRUCTS, ...VCPU_STRUCTS, ...VERSION_STRUCTS, ...CALLBACK_STRUCTS,
  ...RING_STRUCTS, ...CONSOLE_STRUCTS, ...XS_WIRE_STRUCTS, ...BLKIF_STRUCTS,
]);

export function structByName(name: string): StructLayout | undefined {
  return ALL_STRUCTS.find((s) => s.name === name);
}
