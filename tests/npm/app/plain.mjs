// A new project's app in plain ESM JavaScript, on the installed lucia-sql tarball: sign up, log in
// (right and wrong password), open a session, validate it, log out, with better-sqlite3 (the module
// through load(db)) and with pg (the extension on the server; PGHOST etc. from tests/npm/run.sh).
//   node plain.mjs sqlite | node plain.mjs pg      (in the project's folder)
import assert from "node:assert/strict";
import fs from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { betterSqlite3Call, load, luciaClient, pgCall } from "lucia-sql";
import { luciaError, modulePath } from "lucia-sql";

const packageVersion = JSON.parse(fs.readFileSync(new URL("./node_modules/lucia-sql/package.json", import.meta.url))).version;

// The walk: every step checked; the first wrong one throws.
async function walk(luciaSql) {
  const email = `ada.${Date.now()}@example.com`;
  const user = await luciaSql.createUser({ providerId: "email", providerUserId: email, password: "correct horse" });
  assert.match(user.user_id, /^[a-zA-Z0-9]{15}$/);
  await assert.rejects(luciaSql.validateKey("email", email, "Tr0ub4dor&3"), (error) =>
    luciaError(error).message === "AUTH_INVALID_PASSWORD: wrong password");
  const key = await luciaSql.validateKey("email", email, "correct horse");
  assert.equal(key.user_id, user.user_id);
  const session = await luciaSql.createSession(key.user_id);
  assert.match(session.session_id, /^[a-zA-Z0-9]{40}$/);
  const validated = await luciaSql.validateSession(session.session_id);
  assert.deepEqual([validated.user_id, validated.state, validated.fresh], [user.user_id, "active", false]);
  assert.match(await luciaSql.createSessionCookie(session), /^auth_session=[a-zA-Z0-9]{40}; /);
  await luciaSql.invalidateSession(session.session_id);
  await assert.rejects(luciaSql.validateSession(session.session_id), (error) =>
    luciaError(error).message.startsWith("AUTH_INVALID_SESSION_ID:"));
}

// better-sqlite3, the module built at install and loaded with load(db), in the project's auth.db.
async function sqlite() {
  const db = new Database("auth.db");
  try {
    load(db);
    assert.ok(modulePath.endsWith("/node_modules/lucia-sql/build/lucia.so"), modulePath);
    assert.equal(db.prepare("SELECT lucia_version() AS v").get().v, packageVersion.replace(/\.0$/, ""));
    db.prepare("SELECT lucia_create_tables()").get();
    const luciaSqlite = luciaClient(betterSqlite3Call(db));
    await walk(luciaSqlite);
  } finally {
    db.close();
  }
}

// pg, as the application's role: the database and the role's grant were made by a superuser.
async function postgres() {
  const pool = new pg.Pool(); // PGHOST, PGUSER, ...
  try {
    const luciaPostgres = luciaClient(pgCall(pool));
    await walk(luciaPostgres);
  } finally {
    await pool.end();
  }
}

if (process.argv[2] === "sqlite") await sqlite();
else if (process.argv[2] === "pg") await postgres();
else throw new Error("usage: node plain.mjs sqlite | pg");
console.log(`plain ${process.argv[2]}: ok`);
