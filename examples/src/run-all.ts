// Runs every example against real databases: PostgreSQL from the PG* environment (the test
// command runs this inside pg_virtualenv) and SQLite files in a temporary directory.
// Usage: node dist/run-all.js <path to lucia.so>
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as drizzlePostgres from "./drizzle-postgres.js";
import * as drizzleSqlite from "./drizzle-sqlite.js";
import * as kyselyPostgres from "./kysely-postgres.js";
import * as kyselySqlite from "./kysely-sqlite.js";

const modulePath = process.argv[2];
if (!modulePath) throw new Error("usage: node dist/run-all.js <path to lucia.so>");
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "lucia-examples-"));
try {
  await drizzlePostgres.main();
  await kyselyPostgres.main();
  await drizzleSqlite.main(path.join(directory, "drizzle.db"), modulePath);
  await kyselySqlite.main(path.join(directory, "kysely.db"), modulePath);
  console.log("examples: 4 passed, 0 failed");
} finally {
  fs.rmSync(directory, { recursive: true, force: true });
}
