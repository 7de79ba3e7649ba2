/**
 * Child process of the bench: verifies one argon2id hash over and over with the
 * app's own verifyPassword, to give the rate and CPU cost that argon2 alone
 * allows in a Node process like the server (same libuv pool of 4 threads).
 * The parent reads this process's CPU time around each job.
 */
import { verifyPassword } from "@/lib/auth/password";
import { type LoadLimits, type LoadResult, runLoad, timed } from "@/scripts/bench/load";

export type Argon2Job = { passwordHash: string; password: string; limits: LoadLimits };

process.on("message", (job: Argon2Job) => {
  void runLoad(job.limits, () =>
    timed(
      () => verifyPassword(job.passwordHash, job.password),
      (matched) => (matched ? undefined : "argon2 verify returned false"),
    ),
  ).then((result: LoadResult) => process.send?.(result));
});
process.send?.("ready");
