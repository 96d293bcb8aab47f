// Runs the notes example (docs/authorization.md) against the database examples/run.sh made with
// examples/notes-schema.sql: Drizzle, then Kysely, as notes_login and notes_app (PG* environment for
// the server and database, NOTES_LOGIN_PASSWORD and NOTES_APP_PASSWORD for the roles), then the
// SQLite variant in a temporary file. Exits non-zero on the first of Bob's rows Ada sees.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import * as notesDrizzle from "./notes-drizzle.js";
import * as notesKysely from "./notes-kysely.js";
import * as notesSqlite from "./notes-sqlite.js";

const loginPool = new pg.Pool({ user: "notes_login", password: process.env.NOTES_LOGIN_PASSWORD });
const appPool = new pg.Pool({ user: "notes_app", password: process.env.NOTES_APP_PASSWORD });
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "lucia-notes-"));
try {
  await notesDrizzle.main(loginPool, appPool);
  await notesKysely.main(loginPool, appPool);
  await notesSqlite.main(path.join(directory, "notes.db"));
  console.log("notes examples: 3 passed, 0 failed");
} finally {
  await loginPool.end();
  await appPool.end();
  fs.rmSync(directory, { recursive: true, force: true });
}
