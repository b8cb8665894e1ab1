/**
 * `pvkit image inspect IMAGE [--mem MiB] [--module BYTES]`
 *
 * Shows a PV image's Xen notes, loadable segments and the start-of-day plan
 * (abi/boot.ts) for a memory size. Exit 0 on success; 2 for bad arguments or a bad
 * image, with one line `pvkit image inspect: <what is wrong>` on stderr.
 */
import { readFileSync } from "node:fs";
import { ArgError, intOption, parseArgs } from "./args.js";
import { ElfError, parseElf32 } from "../machine/elf.js";
import { decodeImage, ImageError, PF_R, PF_W, PF_X, type GuestImage } from "../abi/image.js";
import { BootPlanError, planBoot, type BootPlan } from "../abi/boot.js";
import { hex32 } from "../abi/hex.js";

const NAME = "pvkit image inspect";
const USAGE = `usage: ${NAME} IMAGE [--mem MiB] [--module BYTES]`;
export const DEFAULT_INSPECT_MEM_MIB = 16;


function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) => "  " + r.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd());
}

function noteValue(v: number | string | Uint8Array): string {
  if (typeof v === "number") return hex32(v);
  if (typeof v === "string") return JSON.stringify(v);
  return [...v].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}

export function formatInspection(path: string, img: GuestImage, plan: BootPlan, memMiB: number): string {
  const out: string[] = [`image ${path}: ${img.guestOs} for ${img.xenVersion}`, "", "Xen notes:"];
  out.push(...table([["type", "name", "value"], ...img.notes.map((n) => [String(n.type), n.name, noteValue(n.value)])]));
  out.push("", "loadable segments:");
  const flags = (f: number) => `${f & PF_R ? "R" : "-"}${f & PF_W ? "W" : "-"}${f & PF_X ? "X" : "-"}`;
  out.push(...table([["vaddr", "paddr", "filesz", "memsz", "flags"],
    ...img.segments.map((s) => [hex32(s.vaddr), hex32(s.paddr), hex32(s.filesz), hex32(s.memsz), flags(s.flags)])]));
  out.push("", `start of day (${memMiB} MiB, ${plan.nrPages} pages):`);
  out.push(...table([["item", "va", "pfn", "pages", "mapping"],
    ...plan.items.map((i) => [i.name, hex32(i.va), hex32(i.pfn), String(i.pages), i.readOnly ? "read-only" : "rw"])]));
  out.push(`  region ${hex32(plan.virtBase)}-${hex32(plan.virtEnd)}, slack ${plan.slackBytes >> 10} KiB`);
  out.push(`  entry pc=${hex32(plan.entry)} a0=${hex32(plan.a0)} (start_info) sp=${hex32(plan.sp)}, upcalls masked`);
  out.push(`  hypercall page ${hex32(plan.hypercallPage)}`);
  return out.join("\n") + "\n";
}

export async function main(args: string[]): Promise<number> {
  try {
    const p = parseArgs(args, { flags: ["help"], options: ["mem", "module"] });
    if (p.flags.has("help")) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (p.positional.length !== 1) throw new ArgError(p.positional.length === 0 ? "no IMAGE given" : "more than one IMAGE given");
    const path = p.positional[0]!;
    const memMiB = intOption(p, "mem", DEFAULT_INSPECT_MEM_MIB, 1, 2048);
    const moduleBytes = intOption(p, "module", 0, 0, 0x4000_0000);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw new ArgError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    const img = decodeImage(parseElf32(bytes));
    const plan = planBoot({ image: img, memBytes: memMiB << 20, moduleBytes });
    process.stdout.write(formatInspection(path, img, plan, memMiB));
    return 0;
  } catch (e) {
    if (e instanceof ArgError || e instanceof ElfError || e instanceof ImageError || e instanceof BootPlanError) {
      process.stderr.write(`${NAME}: ${e.message}\n`);
      if (e instanceof ArgError) process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}
