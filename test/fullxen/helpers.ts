/**
 * Unit-test helpers: a full Xen with domains built from the hello image (not run), and
 * a way to issue hypercalls on behalf of a vCPU with arguments in the guest's boot-region
 * slack (mapped, writable, unused by the image).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Machine } from "../../machine/machine.js";
import { FullXen } from "../../fullxen/hypervisor.js";
import { dispatch } from "../../fullxen/hypercall.js";
import type { Domain } from "../../fullxen/domain.js";

export const HELLO = new Uint8Array(readFileSync(join(import.meta.dirname, "../../guests/kernels/hello/hello.elf")));

export function newXen(harts = 1, memMiB = 64): { xen: FullXen; console: string[] } {
  const console: string[] = [];
  const xen = new FullXen(new Machine({ harts, memMiB }), { onConsole: (d, l) => void console.push(`${d}: ${l}`) });
  return { xen, console };
}

export function makeDomain(xen: FullXen, name = "g", extra: { privileged?: boolean; vcpus?: number; memoryMiB?: number } = {}): Domain {
  const id = xen.createDomain({ name, image: HELLO, memoryMiB: extra.memoryMiB ?? 8, ...extra });
  return xen.domain(id)!;
}

/** Guest VA of scratch memory in d's boot-region slack (16 KiB past the boot stack). */
export function scratch(d: Domain): number {
  return d.plan.sp + 0x4000;
}

export function call(xen: FullXen, d: Domain, nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, vcpu = 0): number {
  const c = xen.hc;
  c.v = d.vcpus[vcpu]!;
  c.d = d;
  c.jumped = false;
  c.mcDepth = 0;
  try {
    return dispatch(c, nr, a0 >>> 0, a1 >>> 0, a2 >>> 0, a3 >>> 0, a4 >>> 0);
  } finally {
    c.v = null;
    c.d = null;
  }
}

export function put32(xen: FullXen, d: Domain, va: number, ...words: number[]): void {
  const b = new Uint8Array(words.length * 4);
  const v = new DataView(b.buffer);
  words.forEach((w, i) => v.setUint32(i * 4, w >>> 0, true));
  if (!xen.mem.write(d.mm, 0, va, b)) throw new Error(`put32: cannot write 0x${va.toString(16)}`);
}

export function get32(xen: FullXen, d: Domain, va: number): number {
  const w = xen.mem.readU32(d.mm, 0, va);
  if (w === null) throw new Error(`get32: cannot read 0x${va.toString(16)}`);
  return w;
}

/** A u16 followed by a u16 packed into one little-endian word. */
export const pack16 = (lo: number, hi: number): number => ((lo & 0xffff) | ((hi & 0xffff) << 16)) >>> 0;
