import { test } from "node:test";
import assert from "node:assert/strict";
import { BOOT_HEADER, bootInChild, formatBootRow, kibPerDomain, parseBootReport, type BootReport } from "../../cli/bench/fullxen_boot.js";

const report: BootReport = {
  domains: 8, coldMs: 90.4, buildMs: 64, runMs: 200,
  built: { heap: 8 * 4096, arrayBuffers: 8 * 16384, rss: 8 * 4096 * 1024 },
  ran: { heap: 8 * 10240, arrayBuffers: 8 * 16384, rss: 8 * 5000 * 1024 },
  destroyed: { heap: 8 * 1024, arrayBuffers: 0, rss: 0 },
};

test("kibPerDomain() adds heap and ArrayBuffers and divides by the domain count", () => {
  assert.equal(kibPerDomain({ heap: 3072, arrayBuffers: 1024, rss: 1 << 30 }, 2), 2);
  assert.equal(kibPerDomain({ heap: -2048, arrayBuffers: 0, rss: 0 }, 1), -2);
});

test("kibPerDomain() rejects a count that is not a positive integer", () => {
  assert.throws(() => kibPerDomain(report.built, 0), /boot bench: domain count 0 is not a positive integer/);
  assert.throws(() => kibPerDomain(report.built, 1.5), /domain count 1.5/);
});

test("parseBootReport() reads the child's line back", () => {
  assert.deepEqual(parseBootReport("@boot " + JSON.stringify(report)), report);
});

test("parseBootReport() names what is wrong with a bad line", () => {
  assert.throws(() => parseBootReport("boot {}"), /is not a report line/);
  assert.throws(() => parseBootReport("@boot {"), /not JSON/);
  assert.throws(() => parseBootReport("@boot " + JSON.stringify({ ...report, domains: 0 })), /no domain count/);
  assert.throws(() => parseBootReport("@boot " + JSON.stringify({ ...report, runMs: "x" })), /runMs is not a number/);
  const { rss: _rss, ...noRss } = report.ran;
  assert.throws(() => parseBootReport("@boot " + JSON.stringify({ ...report, ran: noRss })), /ran sample is incomplete/);
});

test("formatBootRow() gives one cell per header column, memory per domain in KiB", () => {
  const cells = formatBootRow(report).split("|").map((c) => c.trim());
  assert.equal(cells.length, BOOT_HEADER.split("|").length);
  assert.deepEqual(cells, ["8", "90", "64", "200", "33.0", "20.0 (16.0)", "26.0", "1.0", "5000"]);
});

test("bootInChild() boots one domain in a child and reports hypervisor memory beyond guest RAM", async () => {
  const r = await bootInChild(1);
  assert.equal(r.domains, 1);
  // the domain's typed arrays (p2m, event channels, vCPU) are ArrayBuffers; 4 MiB of guest RAM is not among them
  assert.ok(r.built.arrayBuffers > 4096 && r.built.arrayBuffers < 1 << 20, `arrayBuffers ${r.built.arrayBuffers}`);
  assert.equal(r.destroyed.arrayBuffers, 0, "destroy gives every per-domain typed array back");
});
