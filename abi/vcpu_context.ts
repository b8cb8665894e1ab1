/**
 * VCPUOP_initialise on rv32: how a vcpu_guest_context (abi/arch_rv32.ts) is read and
 * checked. Both hypervisors use this one decoder, so a context is accepted or refused
 * alike and a secondary vCPU starts in the same state on both.
 *
 * A context is -EINVAL when:
 *   - flags has a bit outside VGCF_RV32_VALID, or lacks VGCF_in_kernel;
 *   - pc is 0, not 4-byte aligned (rv32ima has no compressed instructions), or in the
 *     hypervisor hole (HYPERVISOR_virt_start and above);
 *   - event_callback / failsafe_callback is non-zero and misaligned or in the hole;
 *   - a trap_ctxt entry before the terminator (address 0) has a vector that is not a
 *     RISC-V exception code set_trap_table accepts, reserved flag bits, a non-zero
 *     _pad, or an address misaligned or in the hole;
 *   - _pad is not zero.
 * ctrlreg3 (the root table's frame) is checked by the hypervisor: full Xen validates
 * and references it like MMUEXT_NEW_BASEPTR; microxen checks only that the domain owns it.
 *
 * A new vCPU's state at VCPUOP_up: pc and x1..x31 from user_regs, guest kernel mode,
 * satp -> ctrlreg3, its trap table, callbacks and kernel stack from the context, and
 * its vcpu_info's evtchn_upcall_mask = 1 (events masked until it unmasks them).
 */
import { HYPERVISOR_VIRT_START } from "./xen.js";
import { XEN_EINVAL } from "./errno.js";
import {
  cpu_user_regs, RV_TRAP_VECTORS, TI_FLAGS_VALID, trap_info, VGCF_in_kernel, VGCF_RV32_VALID, vcpu_guest_context,
  XEN_RV32_CTX_TRAPS,
} from "./arch_rv32.js";
import { offsetOf } from "./layout.js";

export interface VcpuContextTrap {
  vector: number;
  flags: number;
  address: number;
}

export interface VcpuContext {
  flags: number;
  /** [0] = pc, [n] = xn (x0 is never read: it is 0). */
  regs: Uint32Array;
  traps: VcpuContextTrap[];
  kernelSp: number;
  rootMfn: number;
  eventCallback: number;
  failsafeCallback: number;
}

export const VCPU_GUEST_CONTEXT_SIZE = vcpu_guest_context.size;

const OFF_FLAGS = offsetOf(vcpu_guest_context, "flags");
const OFF_REGS = offsetOf(vcpu_guest_context, "user_regs");
const OFF_TRAPS = offsetOf(vcpu_guest_context, "trap_ctxt");
const OFF_KSP = offsetOf(vcpu_guest_context, "kernel_sp");
const OFF_CR3 = offsetOf(vcpu_guest_context, "ctrlreg3");
const OFF_EVENT = offsetOf(vcpu_guest_context, "event_callback");
const OFF_FAILSAFE = offsetOf(vcpu_guest_context, "failsafe_callback");
const OFF_PAD = offsetOf(vcpu_guest_context, "_pad");
const NR_REGS = cpu_user_regs.size / 4;

function codeAddrOk(a: number): boolean {
  return (a & 3) === 0 && a >>> 0 < HYPERVISOR_VIRT_START;
}

/**
 * Decodes and checks a context copied from the guest (exactly VCPU_GUEST_CONTEXT_SIZE
 * bytes). Returns the context, or -XEN_EINVAL. Never throws for guest data.
 */
export function decodeVcpuContext(bytes: Uint8Array): VcpuContext | number {
  if (bytes.length !== VCPU_GUEST_CONTEXT_SIZE) return -XEN_EINVAL;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = v.getUint32(OFF_FLAGS, true);
  if ((flags & ~VGCF_RV32_VALID) !== 0 || (flags & VGCF_in_kernel) === 0) return -XEN_EINVAL;
  const regs = new Uint32Array(NR_REGS);
  for (let i = 0; i < NR_REGS; i++) regs[i] = v.getUint32(OFF_REGS + 4 * i, true);
  const pc = regs[0]!;
  if (pc === 0 || !codeAddrOk(pc)) return -XEN_EINVAL;
  const eventCallback = v.getUint32(OFF_EVENT, true);
  const failsafeCallback = v.getUint32(OFF_FAILSAFE, true);
  if (eventCallback !== 0 && !codeAddrOk(eventCallback)) return -XEN_EINVAL;
  if (failsafeCallback !== 0 && !codeAddrOk(failsafeCallback)) return -XEN_EINVAL;
  const traps: VcpuContextTrap[] = [];
  for (let i = 0; i < XEN_RV32_CTX_TRAPS; i++) {
    const at = OFF_TRAPS + i * trap_info.size;
    const address = v.getUint32(at + 4, true);
    if (address === 0) break;
    const vector = v.getUint8(at);
    const tflags = v.getUint8(at + 1);
    if (!RV_TRAP_VECTORS.includes(vector) || (tflags & ~TI_FLAGS_VALID) !== 0 || v.getUint16(at + 2, true) !== 0) return -XEN_EINVAL;
    if (!codeAddrOk(address)) return -XEN_EINVAL;
    traps.push({ vector, flags: tflags, address });
  }
  for (let at = OFF_PAD; at < VCPU_GUEST_CONTEXT_SIZE; at += 4) if (v.getUint32(at, true) !== 0) return -XEN_EINVAL;
  return {
    flags, regs, traps, kernelSp: v.getUint32(OFF_KSP, true), rootMfn: v.getUint32(OFF_CR3, true), eventCallback, failsafeCallback,
  };
}
