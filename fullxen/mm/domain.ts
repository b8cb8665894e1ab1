/**
 * The memory side of a domain: what this layer needs to know about it. The domain code
 * embeds one MmDomain per domain and registers it with the MmContext.
 */
export const INVALID_MFN = 0xffffffff;
/** `base[v]` when vCPU v has no page-table base yet. */
export const NO_BASE = -1;

export interface MmDomainOptions {
  maxPages: number;
  /** Number of pfns the p2m can hold (default: maxPages). */
  p2mSize?: number;
  /** Number of vCPUs, each with its own base pointer (default 1). */
  nrVcpus?: number;
  isPrivileged?: boolean;
}

export class MmDomain {
  readonly domid: number;
  /** Frames owned, including frames let go of but still referenced (Xen's tot_pages). */
  totPages: number;
  maxPages: number;
  /** pfn -> mfn; INVALID_MFN when unpopulated. */
  readonly p2m: Uint32Array;
  /** Root (L2) mfn per vCPU, NO_BASE when none; each holds an L2 type and a general reference. */
  readonly base: Int32Array;
  readonly isPrivileged: boolean;
  isDying: boolean;

  constructor(domid: number, opts: MmDomainOptions) {
    if (!Number.isInteger(domid) || domid < 0 || domid >= 0x7ff0) {
      throw new Error(`create domain memory: bad domid ${domid}`);
    }
    const p2mSize = opts.p2mSize ?? opts.maxPages;
    const nrVcpus = opts.nrVcpus ?? 1;
    if (!(p2mSize >= 0) || !(nrVcpus >= 1) || !(opts.maxPages >= 0)) {
      throw new Error(`create domain memory: bad sizes for domain ${domid}`);
    }
    this.domid = domid;
    this.totPages = 0;
    this.maxPages = opts.maxPages;
    this.p2m = new Uint32Array(p2mSize).fill(INVALID_MFN);
    this.base = new Int32Array(nrVcpus).fill(NO_BASE);
    this.isPrivileged = opts.isPrivileged ?? false;
    this.isDying = false;
  }
}
