/**
 * Full Xen's hypercall transfer page: every slot loads its hypercall number into t0 and
 * traps with `ecall` (guest kernel mode runs in U-mode, so this is an environment call
 * from U that the hypervisor takes), then `ret`. Slot 23 (iret) is jumped to and never
 * returns: it has no `ret`. The rest of each slot keeps the ABI's poison.
 *
 * t0 is caller-saved in the calling convention (abi/transfer_page.ts), so the stub may
 * use it; a0-a4 reach the hypervisor untouched.
 */
import { TRANSFER_PAGE_SIZE, TRANSFER_SLOT_SIZE, TRANSFER_SLOTS, poisonedPage } from "../abi/transfer_page.js";
import { HYPERVISOR_iret } from "../abi/xen.js";

/** The register holding the hypercall number in an ecall from the transfer page. */
export const HYPERCALL_NR_REG = 5; // t0

const ECALL = 0x0000_0073;
const RET = 0x0000_8067; // jalr x0, 0(ra)

/** addi t0, x0, nr */
function loadNr(nr: number): number {
  return ((nr << 20) | (HYPERCALL_NR_REG << 7) | 0x13) >>> 0;
}

/** The 4 KiB page the domain builder writes over the image's poisoned transfer page. */
export function fullxenTransferPage(): Uint8Array {
  const page = poisonedPage();
  const v = new DataView(page.buffer);
  for (let nr = 0; nr < TRANSFER_SLOTS; nr++) {
    const off = nr * TRANSFER_SLOT_SIZE;
    v.setUint32(off, loadNr(nr), true);
    v.setUint32(off + 4, ECALL, true);
    if (nr !== HYPERVISOR_iret) v.setUint32(off + 8, RET, true);
  }
  if (page.length !== TRANSFER_PAGE_SIZE) throw new Error("transfer page: wrong size");
  return page;
}
