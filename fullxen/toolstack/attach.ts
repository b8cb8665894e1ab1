/**
 * Wires a Toolstack to a FullXen: the hypervisor's console and shutdown callbacks go
 * to the toolstack, and CPU time comes from the credit scheduler FullXen was built
 * with. This is the only file of the toolstack that knows FullXen's concrete API.
 */
import type { FullXen } from "../hypervisor.js";
import type { CreditScheduler } from "../sched/credit.js";
import { Toolstack, type ToolstackHypervisor, type ToolstackOptions } from "./toolstack.js";

/** Adapts FullXen to the toolstack's narrow interface. */
export function toolstackPort(fx: FullXen, sched: CreditScheduler): ToolstackHypervisor {
  return {
    createDomain: (s) => fx.createDomain({
      name: s.name, image: s.image, memoryMiB: s.memoryMiB, vcpus: s.vcpus, weight: s.weight, cap: s.cap, cmdline: s.cmdline,
    }),
    pause: (d) => fx.pause(d),
    unpause: (d) => fx.unpause(d),
    destroy: (d) => fx.destroy(d),
    cpuTicks: (d) => sched.domainTime(d),
  };
}

/** A toolstack driving `fx`; replaces fx.onConsole and fx.onShutdown. */
export function attachToolstack(fx: FullXen, sched: CreditScheduler, opts: ToolstackOptions = {}): Toolstack {
  const ts = new Toolstack(toolstackPort(fx, sched), opts);
  fx.onConsole = (domid, line) => ts.consoleLine(domid, line);
  fx.onShutdown = (domid, reason, code) => ts.shutdown(domid, reason, code);
  return ts;
}
