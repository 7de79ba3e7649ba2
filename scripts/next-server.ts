/**
 * How the test and bench scripts start the production build: Next.js's own
 * server, as an operator runs it (README, Production): `next start`, or with
 * NEXT_SERVER=standalone the standalone server that `next build` writes
 * (`node .next/standalone/server.js`, with public/ and .next/static beside it,
 * as Next.js documents).
 */
import { cpSync, existsSync } from "node:fs";
import path from "node:path";

export type NextServerKind = "start" | "standalone";

export function nextServerKind(env: NodeJS.ProcessEnv = process.env): NextServerKind {
  return env.NEXT_SERVER === "standalone" ? "standalone" : "start";
}

/** The command (one process: node itself, so its pid is the server's) that serves the build on `port`. */
export function nextServerCommand(kind: NextServerKind, { port, hostname }: { port: number; hostname: string }) {
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first.");
  if (kind === "start") {
    return { command: process.execPath, args: [path.join("node_modules", ".bin", "next"), "start", "-p", String(port), "-H", hostname], env: {} };
  }
  const root = path.join(".next", "standalone");
  // The standalone folder holds the server and its traced node_modules; the static files are copied in.
  cpSync("public", path.join(root, "public"), { recursive: true });
  cpSync(path.join(".next", "static"), path.join(root, ".next", "static"), { recursive: true });
  return { command: process.execPath, args: [path.join(root, "server.js")], env: { PORT: String(port), HOSTNAME: hostname } };
}
