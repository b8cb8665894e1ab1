/**
 * The `pvkit` command. Each command lives in its own module that exports
 * `main(args: string[]): Promise<number>` (the exit code); modules load lazily so a
 * command pays only for what it uses.
 */
interface Command {
  readonly words: readonly string[];
  readonly summary: string;
  readonly load: () => Promise<{ main(args: string[]): Promise<number> }>;
}

const commands: readonly Command[] = [
  { words: ["machine", "run"], summary: "run a bare-metal RV32 image on the machine", load: () => import("./machine_run.js") },
  { words: ["image", "inspect"], summary: "show a PV image's Xen notes, segments and start-of-day plan", load: () => import("./image_inspect.js") },
  { words: ["run"], summary: "boot PV guests on microxen or full Xen", load: () => import("./run.js") },
  { words: ["conform"], summary: "run the conformance guests on every target: a verdict matrix", load: () => import("./conform.js") },
  { words: ["certify"], summary: "run an image on microxen and full Xen and compare what it did", load: () => import("./certify.js") },
  { words: ["headers"], summary: "write the generated C headers (guests/include/xen)", load: () => import("./gen/headers_cmd.js") },
  { words: ["docs"], summary: "write the generated hypercall reference (docs/hypercalls)", load: () => import("./gen/docs_cmd.js") },
];

function usage(): string {
  const lines = commands.map((c) => `  pvkit ${c.words.join(" ").padEnd(16)} ${c.summary}`);
  return ["usage: pvkit COMMAND [ARGS...]", "", "commands:", ...lines].join("\n");
}

async function dispatch(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    console.log(usage());
    return argv.length === 0 ? 2 : 0;
  }
  // Longest match first, so "machine run" wins over a hypothetical "machine".
  const sorted = [...commands].sort((a, b) => b.words.length - a.words.length);
  for (const c of sorted) {
    if (c.words.every((w, i) => argv[i] === w)) {
      const mod = await c.load();
      return mod.main(argv.slice(c.words.length));
    }
  }
  console.error(`pvkit: unknown command '${argv.join(" ")}'\n\n${usage()}`);
  return 2;
}

process.exitCode = await dispatch(process.argv.slice(2));
