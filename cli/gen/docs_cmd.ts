/** `pvkit docs`: writes docs/hypercalls/*.md and the static site docs/site/. */
import { generateDocs, DOCS_DIR } from "./docs.js";
import { generateSite, SITE_DIR } from "./html.js";
import { loadGenInputs, loadHandling, REPO_ROOT } from "./sources.js";
import { writeGenerated } from "./write_files.js";

export async function main(args: string[]): Promise<number> {
  if (args.length > 0) {
    const help = args[0] === "--help" || args[0] === "-h";
    console.error(help ? "usage: pvkit docs\n\nwrites docs/hypercalls (Markdown) and docs/site (HTML)" : `pvkit docs: unexpected argument '${args[0]}'`);
    return help ? 0 : 2;
  }
  try {
    const [inp, tables] = await Promise.all([loadGenInputs(), loadHandling()]);
    const md = generateDocs(inp.hypercalls, inp.structs, tables);
    const site = generateSite(inp.hypercalls, inp.structs, tables);
    writeGenerated(REPO_ROOT, [DOCS_DIR], md);
    writeGenerated(REPO_ROOT, [SITE_DIR], site);
    console.log(`pvkit docs: wrote ${md.length} pages to ${DOCS_DIR} and ${site.length} files to ${SITE_DIR}`);
    return 0;
  } catch (e) {
    console.error(`pvkit docs: ${(e as Error).message}`);
    return 1;
  }
}
