import { test } from "node:test";
import assert from "node:assert/strict";
import { parseXlCfg, ConfigError } from "../../../fullxen/toolstack/xl_cfg_parse.js";

test("parseXlCfg() reads strings, integers, lists and comments with their lines", () => {
  const src = [
    "# a web server",
    'name = "web"   # trailing comment',
    "memory = 32; vcpus = 0x2",
    "",
    "disk = [ 'a,b', \"c # not a comment\",",
    "   7, ]",
    'extra = "say \\"hi\\"\\n"',
    "cap = -5",
  ].join("\n");
  const s = parseXlCfg(src, "web.cfg");
  assert.deepEqual(s.map((x) => [x.key, x.line]), [["name", 2], ["memory", 3], ["vcpus", 3], ["disk", 5], ["extra", 7], ["cap", 8]]);
  assert.deepEqual(s[0]?.value, { kind: "string", value: "web" });
  assert.deepEqual(s[2]?.value, { kind: "int", value: 2 });
  assert.deepEqual(s[3]?.value, { kind: "list", items: [{ kind: "string", value: "a,b" }, { kind: "string", value: "c # not a comment" }, { kind: "int", value: 7 }] });
  assert.deepEqual(s[4]?.value, { kind: "string", value: 'say "hi"\n' });
  assert.deepEqual(s[5]?.value, { kind: "int", value: -5 });
  assert.equal(s[1]?.text, "32");
});

test("parseXlCfg() accepts an empty file and an empty list", () => {
  assert.deepEqual(parseXlCfg("# nothing\n\n", "e.cfg"), []);
  assert.deepEqual(parseXlCfg("x = []", "e.cfg")[0]?.value, { kind: "list", items: [] });
});

const bad: [string, string][] = [
  ['name = "web', 'w.cfg:1: name: unterminated string'],
  ["memory = lots", 'w.cfg:1: memory: expected a quoted string, a number or a [list], got lots (put text in quotes: "lots")'],
  ["memory =", "w.cfg:1: memory: missing value after '='"],
  ["memory 32", "w.cfg:1: memory: expected '=' after the setting name, got '3'"],
  ["\n\nmemory = 32 64", "w.cfg:3: memory: unexpected '6' after the value"],
  ['x = [1, 2', "w.cfg:1: x: unterminated list (missing ']')"],
  ['x = [1 2]', "w.cfg:1: x: expected ',' or ']' in a list, got '2'"],
  ['x = [[1]]', "w.cfg:1: x: lists cannot be nested"],
  ['x = "a\\q"', "w.cfg:1: x: unknown escape \\q in a string"],
  ["= 3", "w.cfg:1: syntax: expected a setting name, got '='"],
  ["memory = 32\nmemory = 64", "w.cfg:2: memory: set twice (first on line 1)"],
  ['extra += "x"', "w.cfg:1: extra: '+=' is not supported; write the whole value"],
  ["memory = 99999999999999999999", "w.cfg:1: memory: integer 99999999999999999999 is too large"],
];
for (const [src, msg] of bad) {
  test(`parseXlCfg() rejects ${JSON.stringify(src)}`, () => {
    assert.throws(() => parseXlCfg(src, "w.cfg"), (e: unknown) => e instanceof ConfigError && e.message === msg);
  });
}
