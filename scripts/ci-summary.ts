/**
 * Adds up the JSON reports of the CI run (Vitest on Node 20, 22 and 24,
 * Playwright on PGlite and on PostgreSQL) into one closing line, "N passed,
 * N failed", and fails when a report is missing or no test ran at all.
 */
import { existsSync, readFileSync } from "node:fs";

type VitestReport = { numPassedTests: number; numFailedTests: number; numPendingTests: number };
type PlaywrightReport = { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };

let passed = 0;
let failed = 0;
let skipped = 0;

function read(file: string): VitestReport | PlaywrightReport {
  if (!existsSync(file)) {
    console.error(`Missing test report: ${file}`);
    process.exit(1);
  }
  return JSON.parse(readFileSync(file, "utf8")) as VitestReport | PlaywrightReport;
}

// Reports in any order and number: Vitest's and Playwright's differ in shape.
for (const file of process.argv.slice(2)) {
  const report = read(file);
  const counts =
    "stats" in report
      ? { passed: report.stats.expected, failed: report.stats.unexpected + report.stats.flaky, skipped: report.stats.skipped }
      : { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests };
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  console.log(`${file}: ${counts.passed} passed, ${counts.failed} failed`);
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
