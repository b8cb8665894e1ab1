/**
 * `npm run bench -- SUITE [ARGS...]`: runs one benchmark suite and prints its table.
 * Each suite lives in its own module `cli/bench/<suite>.ts` exporting
 * `run(args: string[]): Promise<void>`; add a row to `suites` to register one.
 * Figures are host-dependent and noisy: compare them side by side within one run.
 */
interface Suite {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<{ run(args: string[]): Promise<void> }>;
}

const suites: readonly Suite[] = [
  { name: "machine", summary: "bare-metal bench image: pvkit vs qemu-system-riscv32 (MIPS)", load: () => import("./machine.js") },
  { name: "hypercalls", summary: "hot hypercalls: native vs microxen (hot, none) vs full Xen", load: () => import("./hypercalls.js") },
  { name: "fullxen", summary: "full Xen: mmu_update validation, boot of 1/8/64 domains, CPU share by weight", load: () => import("./fullxen.js") },
];

function usage(): string {
  const lines = suites.map((s) => `  ${s.name.padEnd(12)} ${s.summary}`);
  return ["usage: npm run bench -- SUITE [ARGS...]", "", "suites:", ...lines].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const suite = suites.find((s) => s.name === name);
  if (suite === undefined) {
    console.error(`bench: unknown suite '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    await (await suite.load()).run(rest);
    return 0;
  } catch (e) {
    console.error(`bench ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
