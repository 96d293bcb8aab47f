// npm/README.md's two-minute start with Kysely (PostgreSQL), as a new project writes it, plus the
// checks tests/npm/run.sh needs (tests/check_docs_examples.py keeps the README's lines in here).
import assert from "node:assert/strict";
import pg from "pg";
import { Kysely, PostgresDialect } from "kysely";
import { luciaClient, type LuciaKey } from "lucia-sql";
import { kyselyPostgresCall } from "lucia-sql/kysely";

interface Database {} // your tables (docs/kysely.md types Lucia's)
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool() }) }); // PGHOST, PGUSER, ...
const luciaSql = luciaClient<{ username: string | null }>(kyselyPostgresCall(db));

// Sign up with an attribute (a column of auth_user), log in, open a session, set its cookie.
await luciaSql.createUser({ providerId: "email", providerUserId: "ada@example.com", password: "correct horse" }, { username: "ada" });
await assert.rejects(luciaSql.validateKey("email", "ada@example.com", "Tr0ub4dor&3"),
  (error: Error) => error.message === "AUTH_INVALID_PASSWORD: wrong password");
const key: LuciaKey = await luciaSql.validateKey("email", "ada@example.com", "correct horse");
const session = await luciaSql.createSession(key.user_id);
const cookie = await luciaSql.createSessionCookie(session); // the Set-Cookie header's value
assert.match(cookie, /^auth_session=[a-zA-Z0-9]{40}; /);

// Each request: the session and its user's attributes in one call.
const { state, fresh, user_attributes } = await luciaSql.validateSessionUser(session.session_id);
assert.deepEqual([state, fresh, user_attributes.username], ["active", false, "ada"]);
await db.destroy();
console.log("kysely + postgresql: ok");
