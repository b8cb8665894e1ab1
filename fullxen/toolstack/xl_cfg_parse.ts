/**
 * The xl.cfg syntax: `KEY = VALUE` settings, one per line or separated by `;`.
 *
 * - A value is a quoted string ("..." or '...', with the escapes \\ \" \' \n \t), an
 *   integer (decimal or 0x hex, optionally negative), or a list `[ v, v, ... ]` of
 *   strings and integers that may span lines and end with a trailing comma.
 * - `#` starts a comment that runs to the end of the line (outside strings).
 * - Keys are identifiers. A key set twice is an error naming both lines.
 *
 * The parser only checks syntax; what the settings mean is checked in
 * domain_config.ts. Every error is a ConfigError "FILE:LINE: FIELD: detail".
 */

export type CfgScalar = { kind: "string"; value: string } | { kind: "int"; value: number };
export type CfgValue = CfgScalar | { kind: "list"; items: CfgScalar[] };

export interface CfgSetting {
  readonly key: string;
  readonly value: CfgValue;
  /** The value as written in the file (for error messages). */
  readonly text: string;
  readonly line: number;
}

/** A bad config file: `file:line: field: detail` (no line for a missing field: line 0). */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly line: number, readonly field: string, readonly detail: string) {
    super(`${file}${line > 0 ? `:${line}` : ""}: ${field}: ${detail}`);
    this.name = "ConfigError";
  }
}

class Lexer {
  pos = 0;
  line = 1;
  constructor(readonly src: string, readonly file: string) {}

  peek(): string {
    return this.src[this.pos] ?? "";
  }

  fail(field: string, detail: string, line = this.line): never {
    throw new ConfigError(this.file, line, field, detail);
  }

  /** Skips blanks and comments; newlines too when `newlines`. */
  skip(newlines: boolean): void {
    for (;;) {
      const c = this.peek();
      if (c === " " || c === "\t" || c === "\r") this.pos++;
      else if (c === "#") while (this.pos < this.src.length && this.peek() !== "\n") this.pos++;
      else if (c === "\n" && newlines) {
        this.pos++;
        this.line++;
      } else return;
    }
  }

  ident(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos, this.pos + 256));
    if (m === null) return "";
    this.pos += m[0].length;
    return m[0];
  }

  scalar(key: string): CfgScalar {
    const c = this.peek();
    if (c === '"' || c === "'") return this.string(key, c);
    const m = /^-?(0[xX][0-9a-fA-F]+|[0-9]+)(?![A-Za-z0-9_])/.exec(this.src.slice(this.pos, this.pos + 64));
    if (m !== null) {
      this.pos += m[0].length;
      const neg = m[0].startsWith("-");
      const n = Number(neg ? m[0].slice(1) : m[0]);
      if (!Number.isSafeInteger(n)) this.fail(key, `integer ${m[0]} is too large`);
      return { kind: "int", value: neg ? -n : n };
    }
    const word = /^[^\s,\]#;]*/.exec(this.src.slice(this.pos, this.pos + 64))?.[0] ?? "";
    if (word === "") this.fail(key, c === "" || c === "\n" ? "missing value after '='" : `unexpected '${c}' where a value should be`);
    this.fail(key, `expected a quoted string, a number or a [list], got ${word} (put text in quotes: "${word}")`);
  }

  string(key: string, quote: string): CfgScalar {
    const startLine = this.line;
    this.pos++;
    let out = "";
    for (;;) {
      const c = this.peek();
      if (c === "" || c === "\n") this.fail(key, "unterminated string", startLine);
      this.pos++;
      if (c === quote) return { kind: "string", value: out };
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.peek();
      this.pos++;
      if (e === "\\" || e === '"' || e === "'") out += e;
      else if (e === "n") out += "\n";
      else if (e === "t") out += "\t";
      else this.fail(key, `unknown escape \\${e} in a string`);
    }
  }

  value(key: string): CfgValue {
    if (this.peek() !== "[") return this.scalar(key);
    const startLine = this.line;
    this.pos++;
    const items: CfgScalar[] = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === "]") {
        this.pos++;
        return { kind: "list", items };
      }
      if (this.peek() === "") this.fail(key, "unterminated list (missing ']')", startLine);
      if (this.peek() === "[") this.fail(key, "lists cannot be nested");
      items.push(this.scalar(key));
      this.skip(true);
      const c = this.peek();
      if (c === ",") this.pos++;
      else if (c !== "]") this.fail(key, c === "" ? "unterminated list (missing ']')" : `expected ',' or ']' in a list, got '${c}'`, c === "" ? startLine : this.line);
    }
  }
}

/** Parses xl.cfg text into settings in file order; throws ConfigError on bad syntax. */
export function parseXlCfg(src: string, file: string): CfgSetting[] {
  const lx = new Lexer(src, file);
  const out: CfgSetting[] = [];
  const seen = new Map<string, number>();
  for (;;) {
    lx.skip(true);
    while (lx.peek() === ";") {
      lx.pos++;
      lx.skip(true);
    }
    if (lx.peek() === "") return out;
    const line = lx.line;
    const key = lx.ident();
    if (key === "") lx.fail("syntax", `expected a setting name, got '${lx.peek()}'`);
    lx.skip(false);
    if (lx.src.startsWith("+=", lx.pos)) lx.fail(key, "'+=' is not supported; write the whole value");
    if (lx.peek() !== "=") lx.fail(key, `expected '=' after the setting name, got ${lx.peek() === "\n" || lx.peek() === "" ? "end of line" : `'${lx.peek()}'`}`);
    lx.pos++;
    lx.skip(false);
    const start = lx.pos;
    const value = lx.value(key);
    const text = src.slice(start, lx.pos);
    lx.skip(false);
    const end = lx.peek();
    if (end !== "" && end !== "\n" && end !== ";") lx.fail(key, `unexpected '${end}' after the value`);
    const first = seen.get(key);
    if (first !== undefined) lx.fail(key, `set twice (first on line ${first})`, line);
    seen.set(key, line);
    out.push({ key, value, text, line });
  }
}
