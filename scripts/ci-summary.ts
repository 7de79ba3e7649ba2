/**
 * Adds up the JSON reports of the CI run (Vitest, Playwright on PGlite and on
 * PostgreSQL) into one closing line, "N passed, N failed", and fails when a
 * report is missing or no test ran at all.
 */
import { existsSync, readFileSync } from "node:fs";

type VitestReport = { numPassedTests: number; numFailedTests: number; numPendingTests: number };
type PlaywrightReport = { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };

const [vitestFile, ...playwrightFiles] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

function read<T>(file: string | undefined): T {
  if (!file || !existsSync(file)) {
    console.error(`Missing test report: ${file}`);
    process.exit(1);
  }
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

const vitest = read<VitestReport>(vitestFile);
passed += vitest.numPassedTests;
failed += vitest.numFailedTests;
skipped += vitest.numPendingTests;
console.log(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed`);

for (const file of playwrightFiles) {
  const { stats } = read<PlaywrightReport>(file);
  passed += stats.expected;
  failed += stats.unexpected + stats.flaky;
  skipped += stats.skipped;
  console.log(`${file}: ${stats.expected} passed, ${stats.unexpected + stats.flaky} failed`);
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
