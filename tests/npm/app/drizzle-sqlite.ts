// npm/README.md's two-minute start with Drizzle (SQLite), as a new project writes it, plus the
// checks tests/npm/run.sh needs (tests/check_docs_examples.py keeps the README's lines in here).
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { load, luciaClient } from "lucia-sql";
import { drizzleSqliteCall } from "lucia-sql/drizzle";

const sqlite = new Database("app.db");
load(sqlite); // the lucia_* SQL functions, in this connection
const db = drizzle(sqlite);
db.run(sql`SELECT lucia_create_tables() WHERE NOT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'auth_user')`);
const luciaSql = luciaClient(drizzleSqliteCall(db));

// Sign up, log in (a wrong password rejects: AUTH_INVALID_PASSWORD), open a session, set its cookie.
await luciaSql.createUser({ providerId: "email", providerUserId: "ada@example.com", password: "correct horse" });
await assert.rejects(luciaSql.validateKey("email", "ada@example.com", "Tr0ub4dor&3"),
  (error: Error) => error.message === "AUTH_INVALID_PASSWORD: wrong password");
const key = await luciaSql.validateKey("email", "ada@example.com", "correct horse");
const session = await luciaSql.createSession(key.user_id);
const cookie = await luciaSql.createSessionCookie(session); // the Set-Cookie header's value
assert.match(cookie, /^auth_session=[a-zA-Z0-9]{40}; /);

// Each request: validate the cookie's session id; fresh means renewed, so set the cookie again.
const { user_id, state, fresh } = await luciaSql.validateSession(session.session_id);
assert.deepEqual([user_id, state, fresh], [key.user_id, "active", false]);
sqlite.close();
console.log("drizzle + sqlite: ok");
