/** `pvkit headers`: writes guests/include/xen/*.h from abi/. */
import { generateHeaders, HEADERS_DIR } from "./headers.js";
import { loadGenInputs, REPO_ROOT } from "./sources.js";
import { writeGenerated } from "./write_files.js";

export async function main(args: string[]): Promise<number> {
  if (args.length > 0) {
    console.error(args[0] === "--help" || args[0] === "-h"
      ? "usage: pvkit headers\n\nwrites the generated C headers to guests/include/xen"
      : `pvkit headers: unexpected argument '${args[0]}'`);
    return args[0] === "--help" || args[0] === "-h" ? 0 : 2;
  }
  try {
    const inp = await loadGenInputs();
    const files = generateHeaders(inp.modules, inp.structs, inp.hypercalls);
    const removed = writeGenerated(REPO_ROOT, [HEADERS_DIR], files);
    console.log(`pvkit headers: wrote ${files.length} files to ${HEADERS_DIR}${removed.length ? `, removed ${removed.join(", ")}` : ""}`);
    return 0;
  } catch (e) {
    console.error(`pvkit headers: ${(e as Error).message}`);
    return 1;
  }
}
