/**
 * A tiny command-line parser shared by pvkit commands.
 *
 * Accepts `--name value`, `--name=value` for options, `--flag` for flags, and
 * positionals; `--` ends option parsing. Mistakes throw ArgError with one line the
 * command prints after its name.
 */
export class ArgError extends Error {
  override name = "ArgError";
}

export interface ArgSpec {
  /** Boolean switches, without the leading "--". */
  flags?: readonly string[];
  /** Options that take a value, without the leading "--". */
  options?: readonly string[];
}

export interface ParsedArgs {
  positional: string[];
  flags: Set<string>;
  options: Map<string, string>;
}

export function parseArgs(args: readonly string[], spec: ArgSpec): ParsedArgs {
  const flags = new Set<string>();
  const options = new Map<string, string>();
  const positional: string[] = [];
  const knownFlags = new Set(spec.flags ?? []);
  const knownOptions = new Set(spec.options ?? []);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("--") || a.length === 2) {
      if (a.startsWith("-") && a.length > 1) throw new ArgError(`unknown option ${a}`);
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (knownFlags.has(name)) {
      if (eq >= 0) throw new ArgError(`option --${name} takes no value`);
      flags.add(name);
    } else if (knownOptions.has(name)) {
      let value: string | undefined;
      if (eq >= 0) value = a.slice(eq + 1);
      else value = args[++i];
      if (value === undefined) throw new ArgError(`option --${name} needs a value`);
      options.set(name, value);
    } else {
      throw new ArgError(`unknown option --${name}`);
    }
  }
  return { positional, flags, options };
}

/** Reads an integer option in [min, max], or `fallback` when absent. Accepts 0x hex and 1_000 / 1e6 forms. */
export function intOption(parsed: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const raw = parsed.options.get(name);
  if (raw === undefined) return fallback;
  const text = raw.replace(/_/g, "");
  const v = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^[0-9]+(e[0-9]+)?$/i.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new ArgError(`--${name} ${raw} is not an integer in ${min}..${max}`);
  }
  return v;
}
