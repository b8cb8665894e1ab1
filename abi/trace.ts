/**
 * Hypervisor trace records (DESIGN.md "Determinism"): JSON lines, one object per
 * line, written by both hypervisors so their traces can be compared.
 *
 * - `hypercall`: one per hypercall the hypervisor handled (in-lined transfer-page
 *   code does not trap, so it leaves no record). args are the five argument
 *   registers as u32; result is the signed value returned in a0.
 * - `trap`: one per exception bounced to a guest handler (cause = scause) and per
 *   failsafe callback (cause = XEN_RV32_CAUSE_FAILSAFE); pc/stval of the
 *   interrupted code, handler = where the guest was sent.
 * - `event`: one per event upcall delivered; sel = evtchn_pending_sel at delivery.
 * - `shutdown`: the domain's last record: reason (SHUTDOWN_*) and code.
 * Keys are written in the order of the schemas below (formatTraceRecord), so equal
 * runs give byte-identical traces.
 */
import { z } from "zod";

const u32 = z.number().int().min(0).max(0xffffffff);
const i32 = z.number().int().min(-0x80000000).max(0x7fffffff);
const dom = z.number().int().min(0).max(0xffff);
const vcpu = z.number().int().min(0).max(31);

export const hypercallRecordSchema = z.object({
  kind: z.literal("hypercall"), dom, vcpu, nr: u32, name: z.string(),
  args: z.array(u32).length(5), result: i32,
});
export const trapRecordSchema = z.object({
  kind: z.literal("trap"), dom, vcpu, cause: u32, pc: u32, stval: u32, handler: u32,
});
export const eventRecordSchema = z.object({
  kind: z.literal("event"), dom, vcpu, pc: u32, sel: u32, handler: u32,
});
export const shutdownRecordSchema = z.object({
  kind: z.literal("shutdown"), dom, reason: z.number().int().min(0).max(255), code: z.number().int(),
});
export const traceRecordSchema = z.discriminatedUnion("kind", [hypercallRecordSchema, trapRecordSchema, eventRecordSchema, shutdownRecordSchema]);

export type HypercallRecord = z.infer<typeof hypercallRecordSchema>;
export type TrapRecord = z.infer<typeof trapRecordSchema>;
export type EventRecord = z.infer<typeof eventRecordSchema>;
export type ShutdownRecord = z.infer<typeof shutdownRecordSchema>;
export type TraceRecord = z.infer<typeof traceRecordSchema>;

const KEY_ORDER: Record<TraceRecord["kind"], readonly string[]> = {
  hypercall: ["kind", "dom", "vcpu", "nr", "name", "args", "result"],
  trap: ["kind", "dom", "vcpu", "cause", "pc", "stval", "handler"],
  event: ["kind", "dom", "vcpu", "pc", "sel", "handler"],
  shutdown: ["kind", "dom", "reason", "code"],
};

/** One JSON line (with "\n"), keys in schema order. */
export function formatTraceRecord(r: TraceRecord): string {
  const rec = r as unknown as Record<string, unknown>;
  const o: Record<string, unknown> = {};
  for (const k of KEY_ORDER[r.kind]) o[k] = rec[k];
  return `${JSON.stringify(o)}\n`;
}

/** Parses JSON lines; throws Error naming the first bad line. */
export function parseTrace(text: string): TraceRecord[] {
  const out: TraceRecord[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`parse trace: line ${i + 1} is not JSON`);
    }
    const r = traceRecordSchema.safeParse(v);
    if (!r.success) throw new Error(`parse trace: line ${i + 1}: ${r.error.issues[0]?.message ?? "invalid record"}`);
    out.push(r.data);
  }
  return out;
}
