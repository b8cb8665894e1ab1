/**
 * The domain builder: from an ELF image to a machine ready to enter the guest.
 *
 * 1. decode the image (abi/image.ts) and plan the start of day (abi/boot.ts);
 * 2. create a machine with the shim's 4 MiB plus the domain's memory, give the
 *    domain one contiguous run of frames (p2m: pfn i -> DOMAIN_BASE_MFN + i);
 * 3. render the start-of-day pages (abi/start_of_day.ts, with microxen's hole
 *    entries in the bootstrap root) and copy them into the domain's frames;
 * 4. write the profile's transfer page over the image's poison and the hole code;
 * 5. shared_info: zero, every vcpu_info slot masked with its time base (as full
 *    Xen); ports 1 (xenstore) and 2 (console) unbound towards the shim's back-ends
 *    (domain 0);
 * 6. one hart per vCPU (`harts`, default 1; nr_vcpus = harts), each with nothing
 *    delegated (every trap reaches microxen in M-mode), Sstc on, readable counters,
 *    sscratch = the hole VA of its vCPU's shim data block (the in-line code's
 *    per-vCPU words; the guest kernel never owns sscratch: under full Xen it runs
 *    in U-mode). vCPU 0: S-mode at ENTRY, a0 = start_info, sp = boot stack, satp =
 *    bootstrap root, STIE/MTIE/MSIE enabled. The other harts are parked until
 *    VCPUOP_initialise + VCPUOP_up.
 * Host mistakes (bad image, too much memory) throw MicroxenError with one line.
 */
import { Machine } from "../machine/machine.js";
import { parseElf32, ElfError, PT_LOAD, type Elf32 } from "../machine/elf.js";
import { CSR_MCOUNTEREN, CSR_MEDELEG, CSR_MIDELEG, CSR_MENVCFGH, CSR_SSCRATCH, MENVCFGH_STCE } from "../machine/csr.js";
import { MAX_HARTS } from "../machine/board.js";
import { PRIV_M, PRIV_S } from "../machine/trap.js";
import { decodeImage, ImageError } from "../abi/image.js";
import { BootPlanError, planBoot } from "../abi/boot.js";
import { renderStartOfDay } from "../abi/start_of_day.js";
import { EVTCHNSTAT_unbound } from "../abi/event_channel.js";
import { formatTraceRecord, type TraceRecord } from "../abi/trace.js";
import { vcpu_info, XEN_LEGACY_MAX_VCPUS, XEN_PAGE_SIZE } from "../abi/xen.js";
import { setUpcallMask } from "../abi/evtchn_2l.js";
import { writeVcpuTimeInfo } from "../abi/guest_visible.js";
import { Domain, type Profile } from "./domain.js";
import { parkVcpu, unparkVcpu } from "./vcpu.js";
import {
  DEFAULT_DOMAIN_MIB, DOMAIN_BASE_MFN, DOMAIN_BASE_PA, HOLE_CODE_PA, MAX_DOMAIN_MIB, MIB, SHARED_INFO_PA,
  SHIM_BYTES, SHIM_DATA_VCPU_INFO, shimDataPa, shimHoleVa,
} from "./memmap.js";
import { buildStubs, type StubCode } from "./stubs.js";
import { makeTrapHandler } from "./traps.js";
import { BACKEND_DOMID } from "./hypercalls/event_channel.js";

export class MicroxenError extends Error {
  override name = "MicroxenError";
}

export interface MicroxenOptions {
  /** The ELF file's bytes. */
  image: Uint8Array;
  /** Domain memory in MiB (default 16, at most 60). */
  memMiB?: number;
  /** vCPUs, one hart each (default 1, at most MAX_VCPUS). */
  harts?: number;
  profile?: Profile;
  /** Receives every console byte. */
  console?: (byte: number) => void;
  /** Receives every trace record (JSON lines: abi/trace.ts formatTraceRecord). */
  trace?: (record: TraceRecord) => void;
  cmdline?: string;
}

export interface BuiltDomain {
  machine: Machine;
  domain: Domain;
  stubs: StubCode;
}

/** At most one vCPU per hart of the machine. */
export const MAX_VCPUS = MAX_HARTS;

export const STORE_EVTCHN = 1;
export const CONSOLE_EVTCHN = 2;

function segmentsOf(elf: Elf32): { vaddr: number; memsz: number; data: Uint8Array }[] {
  return elf.segments.filter((s) => s.type === PT_LOAD && s.memsz > 0)
    .map((s) => ({ vaddr: s.vaddr >>> 0, memsz: s.memsz, data: elf.bytes.subarray(s.offset, s.offset + s.filesz) }));
}

export function buildDomain(o: MicroxenOptions): BuiltDomain {
  const memMiB = o.memMiB ?? DEFAULT_DOMAIN_MIB;
  if (!Number.isInteger(memMiB) || memMiB < 1 || memMiB > MAX_DOMAIN_MIB) {
    throw new MicroxenError(`build domain: memory ${memMiB} MiB is outside 1..${MAX_DOMAIN_MIB}`);
  }
  const harts = o.harts ?? 1;
  if (!Number.isInteger(harts) || harts < 1 || harts > MAX_VCPUS) {
    throw new MicroxenError(`build domain: ${harts} harts is outside 1..${MAX_VCPUS}`);
  }
  let elf: Elf32;
  let plan;
  let image;
  try {
    elf = parseElf32(o.image);
    image = decodeImage(elf);
    plan = planBoot({ image, memBytes: memMiB * MIB });
  } catch (e) {
    if (e instanceof ElfError || e instanceof ImageError || e instanceof BootPlanError) throw new MicroxenError(`build domain: ${e.message}`);
    throw e;
  }
  const profile = o.profile ?? "hot";
  const domainBytes = plan.nrPages * XEN_PAGE_SIZE;
  const sink = o.console ?? (() => {});
  const machine = new Machine({ harts, memMiB: (SHIM_BYTES + Math.ceil(domainBytes / (4 * MIB)) * 4 * MIB) / MIB, console: sink });
  const d = new Domain({ machine, image, plan, profile, console: (b) => machine.board.console(b) });
  const bus = machine.bus;

  const p2m = new Uint32Array(plan.nrPages);
  for (let i = 0; i < p2m.length; i++) p2m[i] = DOMAIN_BASE_MFN + i;
  const pages = renderStartOfDay({
    plan, segments: segmentsOf(elf), p2m, sharedInfoMfn: SHARED_INFO_PA / XEN_PAGE_SIZE,
    storeEvtchn: STORE_EVTCHN, consoleEvtchn: CONSOLE_EVTCHN, rootExtra: d.hole, cmdline: o.cmdline ?? "",
  });
  for (const p of pages) bus.writeBytes(DOMAIN_BASE_PA + p.pfn * XEN_PAGE_SIZE, p.bytes);

  const stubs = buildStubs(profile, plan.hypercallPage, domainBytes, d.hole);
  bus.writeBytes(DOMAIN_BASE_PA + (plan.hypercallPage - plan.virtBase), stubs.page);
  bus.writeBytes(HOLE_CODE_PA, stubs.hole);

  for (let i = 0; i < XEN_LEGACY_MAX_VCPUS; i++) {
    // Events masked at entry; every slot carries the time base, as full Xen's builder does.
    setUpcallMask({ view: d.sharedInfo, offset: i * vcpu_info.size }, true);
    writeVcpuTimeInfo(d.sharedInfo, i * vcpu_info.size);
  }
  for (const port of [STORE_EVTCHN, CONSOLE_EVTCHN]) {
    d.portState[port] = EVTCHNSTAT_unbound;
    d.portRemoteDom[port] = BACKEND_DOMID;
  }
  if (o.trace !== undefined) d.trace = o.trace;

  for (const v of d.vcpus) {
    const h = v.hart;
    h.writeCsr(CSR_MEDELEG, 0);
    h.writeCsr(CSR_MIDELEG, 0);
    h.writeCsr(CSR_MCOUNTEREN, 0x7);
    h.writeCsr(CSR_MENVCFGH, MENVCFGH_STCE);
    h.writeCsr(CSR_SSCRATCH, shimHoleVa(shimDataPa(v.id)));
    d.shim.setUint32(v.dataOff + SHIM_DATA_VCPU_INFO, shimHoleVa(SHARED_INFO_PA + v.id * vcpu_info.size), true);
    h.hostTrap[PRIV_M] = makeTrapHandler(d, v, stubs);
    if (v.id !== 0) parkVcpu(v);
  }
  const v0 = d.vcpus[0]!;
  v0.initialised = true;
  unparkVcpu(v0);
  const h = v0.hart;
  const rootMfn = p2m[plan.items.find((i) => i.name === "page_tables")!.pfn]!;
  d.isRoot[rootMfn - DOMAIN_BASE_MFN] = 1;
  h.satp = (0x80000000 | rootMfn) >>> 0;
  h.flushTlb();
  h.priv = PRIV_S;
  h.pc = plan.entry >>> 0;
  h.x[10] = plan.a0 | 0;
  h.x[2] = plan.sp | 0;
  return { machine, domain: d, stubs };
}

export { formatTraceRecord };
