/**
 * npm run bench:passwords — how long one argon2id hash and one verification take
 * on this machine with the production parameters (OWASP minimum: 19 MiB, t=2,
 * p=1). Every sign-in and every password confirmation pays one verification, so
 * this bounds the sign-ins per second one core can serve.
 */
import { performance } from "node:perf_hooks";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

const ROUNDS = Number(process.env.ROUNDS ?? 20);

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  return `${label.padEnd(8)} median ${at(0.5)} ms   p90 ${at(0.9)} ms   (${samples.length} runs)`;
}

const hash = await hashPassword("warm-up password");
await verifyPassword(hash, "warm-up password");

const hashTimes: number[] = [];
const verifyTimes: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  let started = performance.now();
  const fresh = await hashPassword(`benchmark password ${round}`);
  hashTimes.push(performance.now() - started);
  started = performance.now();
  await verifyPassword(fresh, `benchmark password ${round}`);
  verifyTimes.push(performance.now() - started);
}
console.log(summary("hash", hashTimes));
console.log(summary("verify", verifyTimes));
const medianVerify = [...verifyTimes].sort((a, b) => a - b)[Math.floor(verifyTimes.length / 2)]!;
console.log(`≈ ${Math.floor(1000 / medianVerify)} password checks per second per core`);
