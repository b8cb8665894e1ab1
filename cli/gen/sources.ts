/**
 * Loads everything the generators read from abi/ (and the two handling tables),
 * so `pvkit headers`, `pvkit docs` and the freshness test share one loader.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { StructLayout } from "../../abi/layout.js";
import type { Hypercall, HandlingTable } from "../../abi/hypercall_table.js";
import { loadAbiModules, type AbiModule } from "./abi_source.js";

export interface GenInputs {
  modules: AbiModule[];
  structs: readonly StructLayout[];
  hypercalls: readonly Hypercall[];
}

/** Repository root (two folders above cli/gen). */
export const REPO_ROOT = resolve(import.meta.dirname, "../..");

async function need<T>(root: string, file: string, name: string): Promise<T> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(root, file)).href)) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`load ${file}: ${(e as Error).message}`);
  }
  if (!(name in mod)) throw new Error(`load ${file}: it does not export ${name}`);
  return mod[name] as T;
}

export async function loadGenInputs(root = REPO_ROOT): Promise<GenInputs> {
  const [modules, structs, hypercalls] = await Promise.all([
    loadAbiModules(root),
    need<readonly StructLayout[]>(root, "abi/structs.ts", "ALL_STRUCTS"),
    need<readonly Hypercall[]>(root, "abi/hypercalls.ts", "HYPERCALLS"),
  ]);
  return { modules, structs, hypercalls };
}

/** The per-hypervisor handling tables, microxen first (docs only). */
export async function loadHandling(root = REPO_ROOT): Promise<HandlingTable[]> {
  return Promise.all([
    need<HandlingTable>(root, "shim/handling.ts", "MICROXEN_HANDLING"),
    need<HandlingTable>(root, "fullxen/handling.ts", "FULLXEN_HANDLING"),
  ]);
}
