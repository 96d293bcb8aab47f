// Runs every example against real databases: PostgreSQL from the PG* environment (the test
// command runs this inside pg_virtualenv) and SQLite files in a temporary directory.
// Usage: node dist/run-all.js (the SQLite examples load lucia-sql's module with its load(db))
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as drizzlePostgres from "./drizzle-postgres.js";
import * as drizzleSqlite from "./drizzle-sqlite.js";
import * as kyselyPostgres from "./kysely-postgres.js";
import * as kyselySqlite from "./kysely-sqlite.js";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "lucia-examples-"));
try {
  await drizzlePostgres.main();
  await kyselyPostgres.main();
  await drizzleSqlite.main(path.join(directory, "drizzle.db"));
  await kyselySqlite.main(path.join(directory, "kysely.db"));
  console.log("examples: 4 passed, 0 failed");
} finally {
  fs.rmSync(directory, { recursive: true, force: true });
}
