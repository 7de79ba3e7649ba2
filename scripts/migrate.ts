/**
 * npm run db:migrate              apply pending migrations (like `prisma migrate deploy`)
 * npm run db:migration -- <name>  write a new migration from prisma/schema.prisma
 *
 * deploy uses DATABASE_URL (PostgreSQL) or else the PGlite directory from lib/config.ts.
 * package.json runs this with `tsx --conditions=react-server` so that the
 * `import "server-only"` of lib/db.ts resolves to its empty module (as in React
 * Server Components) instead of throwing; only the db:* scripts get that flag,
 * since it would also hand the server build of React to anything rendering.
 */
import { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { databaseConfig } from "@/lib/config";
import { createAdapterFactory, disconnectDb } from "@/lib/db";
import { applyMigrations, createMigration } from "@/lib/migrations";
import { loadEnv } from "@/scripts/load-env";

/**
 * `create` replays the committed migrations on a throw-away in-memory PGlite and
 * diffs the result against the schema, whatever DATABASE_URL says: it never needs
 * the real database (which a running dev server may hold), and the engine cannot
 * read a PostgreSQL schema through adapter-pg ("Column type 'char' could not be
 * deserialized"), while the SQL it writes is the same for both.
 */
function inMemoryFactory(): { factory: SqlMigrationAwareDriverAdapterFactory; close: () => Promise<void> } {
  const databases: PGlite[] = [];
  const connect = async () => {
    const database = new PGlite("memory://");
    databases.push(database);
    return new PrismaPGlite(database).connect();
  };
  return {
    factory: { provider: "postgres", adapterName: "pglite-prisma-adapter", connect, connectToShadowDb: connect },
    close: async () => {
      await Promise.all(databases.map((database) => database.close()));
    },
  };
}

function describeTarget(): string {
  const { databaseUrl, pgliteDataDir } = databaseConfig();
  if (!databaseUrl) return `PGlite ${pgliteDataDir}`;
  const url = new URL(databaseUrl);
  return `PostgreSQL ${url.host}${url.pathname}`;
}

async function main(command: string | undefined, args: string[]): Promise<void> {
  if (command === "deploy") {
    const applied = await applyMigrations(createAdapterFactory());
    const summary = applied.length === 0 ? "No pending migrations" : `Applied ${applied.join(", ")}`;
    console.log(`${summary} (${describeTarget()})`);
  } else if (command === "create") {
    const name = args.join("_");
    if (!name) throw new Error("Usage: npm run db:migration -- <name>");
    const { factory, close } = inMemoryFactory();
    try {
      await createMigration(factory, name);
    } finally {
      await close();
    }
  } else {
    throw new Error("Usage: tsx scripts/migrate.ts deploy | create <name>");
  }
}

loadEnv({ production: process.env.NODE_ENV === "production" });
try {
  await main(process.argv[2], process.argv.slice(3));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  // A PGlite data directory admits one process at a time: release it.
  await disconnectDb();
}
