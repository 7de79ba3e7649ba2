// Loads .env, .env.local, .env.development... exactly as Next.js does, so the
// scripts around `next` (migrate, seed, dev, start) see the same configuration.
import nextEnv from "@next/env";

export function loadEnv({ production }: { production: boolean }): void {
  nextEnv.loadEnvConfig(process.cwd(), !production);
}
