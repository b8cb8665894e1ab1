/**
 * The bounce frame and iret frame (arch_rv32.ts) as pure helpers over guest
 * memory, so both hypervisors build and consume byte-identical frames.
 *
 * Rules (docs/abi.md "Traps, callbacks and the bounce frame"):
 * - The frame goes on the guest kernel stack: the interrupted sp when the guest
 *   was in kernel mode, else the stack registered with stack_switch; it sits at
 *   (sp - XEN_RV32_FRAME_SIZE) rounded down to XEN_RV32_STACK_ALIGN.
 * - flags records the upcall mask before delivery and whether the guest was in
 *   user mode; _pad is 0; callbacks have stval 0.
 * - Memory is reached only through the read/write functions given, which return
 *   false/null when the guest address cannot be accessed; the helpers never throw
 *   for a guest mistake.
 */
import { XEN_RV32_FRAME_SIZE, XEN_RV32_STACK_ALIGN, XEN_RV32_FRAME_FLAGS_VALID } from "./arch_rv32.js";

export interface BounceFrame {
  pc: number;
  sp: number;
  a0: number;
  a1: number;
  flags: number;
  cause: number;
  stval: number;
}

/** Writes `bytes` at guest VA `va`; false when any byte cannot be written. */
export type GuestWrite = (va: number, bytes: Uint8Array) => boolean;
/** Reads `len` bytes at guest VA `va`; null when any byte cannot be read. */
export type GuestRead = (va: number, len: number) => Uint8Array | null;

/** The frame address for a delivery: kernel-mode sp, or the stack_switch stack from user mode. */
export function bounceFrameAddress(inKernel: boolean, sp: number, kernelSp: number): number {
  const base = inKernel ? sp : kernelSp;
  return ((base - XEN_RV32_FRAME_SIZE) & ~(XEN_RV32_STACK_ALIGN - 1)) >>> 0;
}

/** The frame's 32 bytes, little-endian, in the layout of `bounce_frame`. */
export function encodeBounceFrame(f: BounceFrame): Uint8Array {
  const b = new Uint8Array(XEN_RV32_FRAME_SIZE);
  const v = new DataView(b.buffer);
  const words = [f.pc, f.sp, f.a0, f.a1, f.flags, f.cause, f.stval, 0];
  for (let i = 0; i < words.length; i++) v.setUint32(i * 4, words[i]! >>> 0, true);
  return b;
}

export function decodeBounceFrame(b: Uint8Array): BounceFrame {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const w = (i: number): number => v.getUint32(i * 4, true);
  return { pc: w(0), sp: w(1), a0: w(2), a1: w(3), flags: w(4), cause: w(5), stval: w(6) };
}

/** Writes the frame at `frameVa`; false (nothing useful written) when the stack is not writable. */
export function writeBounceFrame(write: GuestWrite, frameVa: number, f: BounceFrame): boolean {
  return write(frameVa >>> 0, encodeBounceFrame(f));
}

/**
 * Reads the frame iret consumes at `frameVa`. null when it cannot be read. Reserved
 * flag bits are ignored (masked off), as Xen ignores reserved eflags bits on iret.
 */
export function readIretFrame(read: GuestRead, frameVa: number): BounceFrame | null {
  const b = read(frameVa >>> 0, XEN_RV32_FRAME_SIZE);
  if (b === null) return null;
  const f = decodeBounceFrame(b);
  f.flags &= XEN_RV32_FRAME_FLAGS_VALID;
  return f;
}
