import { test } from "node:test";
import assert from "node:assert/strict";
import { parseDomainConfig, checkConfigSet } from "../../../fullxen/toolstack/domain_config.js";

const good = ['name = "web"', 'kernel = "hello.elf"', "memory = 32"].join("\n");

test("parseDomainConfig() fills xl's defaults", () => {
  assert.deepEqual(parseDomainConfig(good, "web.cfg"), {
    file: "web.cfg", name: "web", kernel: "hello.elf", memoryMiB: 32, vcpus: 1, weight: 256, cap: 0,
    onPoweroff: "destroy", onReboot: "restart", onCrash: "destroy", cmdline: "",
  });
});

test("parseDomainConfig() reads every field; cmdline wins over extra", () => {
  const c = parseDomainConfig([
    'name = "db-1.x"', "kernel = 'k.elf'", "memory = 512", "vcpus = 2", "weight = 512", "cap = 150",
    'on_poweroff = "preserve"', 'on_reboot = "destroy"', 'on_crash = "restart"', 'extra = "a"', 'cmdline = "b"', 'type = "pv"',
  ].join("\n"), "db.cfg");
  assert.deepEqual(c, {
    file: "db.cfg", name: "db-1.x", kernel: "k.elf", memoryMiB: 512, vcpus: 2, weight: 512, cap: 150,
    onPoweroff: "preserve", onReboot: "destroy", onCrash: "restart", cmdline: "b",
  });
  assert.equal(parseDomainConfig(good + '\nextra = "console=hvc0"', "w.cfg").cmdline, "console=hvc0");
});

const bad: [string, string][] = [
  ['name = "web"\nkernel = "k"\nmemory = "lots"', 'web.cfg:3: memory: expected a whole number of MiB between 4 and 512, got "lots"'],
  [good.replace("32", "3"), "web.cfg:3: memory: expected a whole number of MiB between 4 and 512, got 3"],
  [good.replace("32", "513"), "web.cfg:3: memory: expected a whole number of MiB between 4 and 512, got 513"],
  [good.replace("32", "[32]"), "web.cfg:3: memory: expected a whole number of MiB between 4 and 512, got [32]"],
  ['name = "we b"\nkernel = "k"', 'web.cfg:1: name: expected a quoted name of 1 to 64 letters, digits, \'_\', \'-\' or \'.\', got "we b"'],
  ['name = ""\nkernel = "k"', "web.cfg:1: name: expected a quoted name of 1 to 64 letters, digits, '_', '-' or '.', got \"\""],
  ["name = 7\nkernel = \"k\"", "web.cfg:1: name: expected a quoted name of 1 to 64 letters, digits, '_', '-' or '.', got 7"],
  ['name = "w"\nkernel = ""', 'web.cfg:2: kernel: expected a quoted path to a PV image, got ""'],
  ['name = "w"\nkernel = 3', "web.cfg:2: kernel: expected a quoted path to a PV image, got 3"],
  [good + "\nvcpus = 0", "web.cfg:4: vcpus: expected a whole number of vCPUs between 1 and 16, got 0"],
  [good + "\nvcpus = 17", "web.cfg:4: vcpus: expected a whole number of vCPUs between 1 and 16, got 17"],
  [good + "\nweight = 0", "web.cfg:4: weight: expected a scheduler weight between 1 and 65535, got 0"],
  [good + '\nweight = "high"', 'web.cfg:4: weight: expected a scheduler weight between 1 and 65535, got "high"'],
  [good + "\ncap = -1", "web.cfg:4: cap: expected a cap in % of one hart (0 = none), at most 100 per vCPU, got -1"],
  [good + "\ncap = 101", "web.cfg:4: cap: expected a cap in % of one hart (0 = none), at most 100 per vCPU (100 for 1 vCPU), got 101"],
  [good + '\non_poweroff = "reboot"', 'web.cfg:4: on_poweroff: expected "destroy", "restart" or "preserve", got "reboot"'],
  [good + '\non_reboot = "rename-restart"', 'web.cfg:4: on_reboot: expected "destroy", "restart" or "preserve", got "rename-restart"'],
  [good + "\non_crash = 1", 'web.cfg:4: on_crash: expected "destroy", "restart" or "preserve", got 1'],
  [good + `\ncmdline = "${"x".repeat(1024)}"`, `web.cfg:4: cmdline: expected a quoted string of at most 1023 characters, got "${"x".repeat(1024)}"`],
  [good + "\nextra = 5", "web.cfg:4: extra: expected a quoted string of at most 1023 characters, got 5"],
  [good + '\ntype = "hvm"', 'web.cfg:4: type: expected "pv" (the only guest type), got "hvm"'],
  [good + '\ndisk = ["x"]', "web.cfg:4: disk: unknown setting (known: name, kernel, memory, vcpus, weight, cap, on_poweroff, on_reboot, on_crash, cmdline, extra, type)"],
  ['kernel = "k"', 'web.cfg: name: missing (expected a quoted name of 1 to 64 letters, digits, \'_\', \'-\' or \'.\')'],
  ['name = "w"', "web.cfg: kernel: missing (expected a quoted path to a PV image)"],
];
for (const [src, msg] of bad) {
  test(`parseDomainConfig() rejects: ${msg.slice(0, 60)}`, () => {
    assert.throws(() => parseDomainConfig(src, "web.cfg"), { message: msg });
  });
}

test("checkConfigSet() refuses two domains with one name", () => {
  const a = parseDomainConfig(good, "a.cfg"), b = parseDomainConfig(good, "b.cfg");
  assert.throws(() => checkConfigSet([a, b]), { message: 'configs: domain name "web" is used by both a.cfg and b.cfg' });
  checkConfigSet([a, parseDomainConfig(good.replace('"web"', '"db"'), "b.cfg")]);
});
