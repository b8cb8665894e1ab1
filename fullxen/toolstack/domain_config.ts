/**
 * What an xl.cfg file may say about a domain, checked field by field with zod.
 *
 * One file describes one domain (as with xl). Every bad field gives a ConfigError
 * naming the file, the line and the field, what was expected and what was written:
 *   web.cfg:3: memory: expected a whole number of MiB between 4 and 512, got "lots"
 * Unknown settings are errors too (a typo must not be ignored silently).
 */
import { z } from "zod";
import { ConfigError, parseXlCfg, type CfgSetting, type CfgValue } from "./xl_cfg_parse.js";

export type ShutdownAction = "destroy" | "restart" | "preserve";

export interface DomainConfig {
  /** The file it came from (as given), for messages. */
  readonly file: string;
  readonly name: string;
  /** The kernel image path as written, resolved against the config file's folder by loaders. */
  readonly kernel: string;
  readonly memoryMiB: number;
  readonly vcpus: number;
  readonly weight: number;
  /** % of one hart, 0 = no cap. */
  readonly cap: number;
  readonly onPoweroff: ShutdownAction;
  readonly onReboot: ShutdownAction;
  readonly onCrash: ShutdownAction;
  readonly cmdline: string;
}

export const MIN_MEMORY_MIB = 4;
export const MAX_MEMORY_MIB = 512;
export const MAX_VCPUS = 16;
export const MAX_WEIGHT = 65535;
export const MAX_CMDLINE = 1023; // start_info cmd_line is 1024 bytes with the NUL

const action = z.enum(["destroy", "restart", "preserve"]);

interface Field {
  readonly expected: string;
  readonly schema: z.ZodType;
}

const fields: Record<string, Field> = {
  name: {
    expected: "expected a quoted name of 1 to 64 letters, digits, '_', '-' or '.'",
    schema: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  },
  kernel: { expected: "expected a quoted path to a PV image", schema: z.string().min(1) },
  memory: {
    expected: `expected a whole number of MiB between ${MIN_MEMORY_MIB} and ${MAX_MEMORY_MIB}`,
    schema: z.number().int().min(MIN_MEMORY_MIB).max(MAX_MEMORY_MIB),
  },
  vcpus: { expected: `expected a whole number of vCPUs between 1 and ${MAX_VCPUS}`, schema: z.number().int().min(1).max(MAX_VCPUS) },
  weight: { expected: `expected a scheduler weight between 1 and ${MAX_WEIGHT}`, schema: z.number().int().min(1).max(MAX_WEIGHT) },
  cap: { expected: "expected a cap in % of one hart (0 = none), at most 100 per vCPU", schema: z.number().int().min(0) },
  on_poweroff: { expected: 'expected "destroy", "restart" or "preserve"', schema: action },
  on_reboot: { expected: 'expected "destroy", "restart" or "preserve"', schema: action },
  on_crash: { expected: 'expected "destroy", "restart" or "preserve"', schema: action },
  cmdline: { expected: `expected a quoted string of at most ${MAX_CMDLINE} characters`, schema: z.string().max(MAX_CMDLINE) },
  extra: { expected: `expected a quoted string of at most ${MAX_CMDLINE} characters`, schema: z.string().max(MAX_CMDLINE) },
  type: { expected: 'expected "pv" (the only guest type)', schema: z.literal("pv") },
};

function plain(v: CfgValue): unknown {
  if (v.kind === "list") return v.items.map((i) => i.value);
  return v.value;
}

/** Checks parsed settings; throws ConfigError for the first bad field in file order. */
export function domainConfigFromSettings(settings: readonly CfgSetting[], file: string): DomainConfig {
  const vals = new Map<string, { value: unknown; s: CfgSetting }>();
  for (const s of settings) {
    const f = fields[s.key];
    if (f === undefined) {
      throw new ConfigError(file, s.line, s.key, `unknown setting (known: ${Object.keys(fields).join(", ")})`);
    }
    const value = plain(s.value);
    if (!f.schema.safeParse(value).success) throw new ConfigError(file, s.line, s.key, `${f.expected}, got ${s.text}`);
    vals.set(s.key, { value, s });
  }
  const need = (key: string): string => {
    const v = vals.get(key);
    if (v === undefined) throw new ConfigError(file, 0, key, `missing (${fields[key]?.expected ?? "required"})`);
    return v.value as string;
  };
  const num = (key: string, dflt: number): number => (vals.get(key)?.value as number | undefined) ?? dflt;
  const act = (key: string, dflt: ShutdownAction): ShutdownAction => (vals.get(key)?.value as ShutdownAction | undefined) ?? dflt;
  const name = need("name");
  const kernel = need("kernel");
  const vcpus = num("vcpus", 1);
  const cap = num("cap", 0);
  const capSetting = vals.get("cap");
  if (capSetting !== undefined && cap > 100 * vcpus) {
    throw new ConfigError(file, capSetting.s.line, "cap", `${fields.cap?.expected} (${100 * vcpus} for ${vcpus} vCPU${vcpus === 1 ? "" : "s"}), got ${capSetting.s.text}`);
  }
  // As in xl, cmdline wins over extra.
  const cmdline = (vals.get("cmdline")?.value as string | undefined) ?? (vals.get("extra")?.value as string | undefined) ?? "";
  return {
    file, name, kernel, memoryMiB: num("memory", 32), vcpus, weight: num("weight", 256), cap,
    onPoweroff: act("on_poweroff", "destroy"), onReboot: act("on_reboot", "restart"), onCrash: act("on_crash", "destroy"),
    cmdline,
  };
}

/** Parses and checks one xl.cfg file's text. */
export function parseDomainConfig(src: string, file: string): DomainConfig {
  return domainConfigFromSettings(parseXlCfg(src, file), file);
}

/** Checks a set of configs together: names must be unique. */
export function checkConfigSet(configs: readonly DomainConfig[]): void {
  const seen = new Map<string, string>();
  for (const c of configs) {
    const other = seen.get(c.name);
    if (other !== undefined) throw new Error(`configs: domain name "${c.name}" is used by both ${other} and ${c.file}`);
    seen.set(c.name, c.file);
  }
}
