/**
 * Test helper: boots images as domains on a fresh machine under full Xen and collects
 * console lines, shutdowns and the verdict line of each domain.
 */
/** vCPUs a test guest asks for in its header comment (`requires: vcpus=N`), else 1. */
export function requiredVcpus(mainC: string): number {
  const m = /^\s*\*\s*requires:\s*vcpus=(\d+)\s*$/m.exec(mainC);
  return m === null ? 1 : Number(m[1]);
}

import { readFileSync } from "node:fs";
import { Machine } from "../../machine/machine.js";
import { FullXen, type FullXenRunResult } from "../../fullxen/hypervisor.js";

export interface GuestRun {
  xen: FullXen;
  result: FullXenRunResult;
  lines: Map<number, string[]>;
  shutdowns: Map<number, { reason: number; code: number }>;
  verdicts: Map<number, string>;
  trace: string[];
}

export function bootGuests(
  images: { name: string; path: string; memoryMiB?: number; vcpus?: number }[],
  o: { harts?: number; machineMiB?: number; maxInsns?: number; trace?: boolean } = {},
): GuestRun {
  const machine = new Machine({ harts: o.harts ?? 1, memMiB: o.machineMiB ?? 128 });
  const lines = new Map<number, string[]>();
  const shutdowns = new Map<number, { reason: number; code: number }>();
  const verdicts = new Map<number, string>();
  const trace: string[] = [];
  const xen = new FullXen(machine, {
    ...(o.trace === true ? { trace: (l: string) => void trace.push(l) } : {}),
    onConsole: (domid, line) => {
      let l = lines.get(domid);
      if (l === undefined) lines.set(domid, (l = []));
      l.push(line);
      const m = /^Test result: (SUCCESS|SKIP|ERROR|FAILURE)$/.exec(line);
      if (m !== null) verdicts.set(domid, m[1]!);
    },
    onShutdown: (domid, reason, code) => void shutdowns.set(domid, { reason, code }),
  });
  for (const img of images) {
    xen.createDomain({ name: img.name, image: new Uint8Array(readFileSync(img.path)), memoryMiB: img.memoryMiB ?? 16, vcpus: img.vcpus ?? 1 });
  }
  const result = xen.run(o.maxInsns ?? 500_000_000);
  return { xen, result, lines, shutdowns, verdicts, trace };
}
