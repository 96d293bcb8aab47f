// The MariaDB examples' connections and the checks they add to the shared walk (scenario.ts):
// lucia's Lucia error codes as mysql2 reports them, renewal and logout, and an application account
// that has only the lucia_app role (EXECUTE on the lucia_* functions, no table).
import assert from "node:assert/strict";
import type { PoolOptions } from "mysql2";
import type { LuciaClient } from "lucia-sql";
import { luciaSqlState } from "lucia-sql";
import type { Attributes } from "./scenario.js";

// examples/run.sh starts a throwaway server (tests/mariadb/server.sh), installs lucia into the
// database LUCIA_EXAMPLES_DATABASE and creates the account LUCIA_EXAMPLES_USER, granted lucia_app only.
function environment(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run examples/run.sh)`);
  return value;
}

// The application's account: it can call the lucia_* functions and nothing else.
export function appOptions(): PoolOptions {
  return {
    socketPath: environment("LUCIA_MARIADB_SOCKET"),
    user: environment("LUCIA_EXAMPLES_USER"),
    password: environment("LUCIA_EXAMPLES_PASSWORD"),
    database: environment("LUCIA_EXAMPLES_DATABASE"),
    connectionLimit: 2,
  };
}

// An administrator (root over the server's socket): migrations and reports read the tables.
export function adminOptions(): PoolOptions {
  return { socketPath: environment("LUCIA_MARIADB_SOCKET"), user: "root",
    database: environment("LUCIA_EXAMPLES_DATABASE"), connectionLimit: 1 };
}

// Asserts that a call fails with the Lucia code and the SQLSTATE lucia's routines signal for it.
async function rejectsWith(call: Promise<unknown>, sqlState: string, code: string): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    assert.equal(luciaSqlState(error), sqlState);
    assert.match(String((error as Error).message), new RegExp(`^${code}: `));
    return true;
  });
}

// Sign up, log in (a wrong password refused with LU002), validate, renew and log out.
export async function mysqlScenario(lucia: LuciaClient<Attributes>, label: string): Promise<string> {
  const email = `grace.${label}.${Date.now()}@example.com`;
  const user = await lucia.createUser({ providerId: "email", providerUserId: email, password: "correct horse" },
    { username: `grace-${label}` });
  await rejectsWith(lucia.validateKey("email", email, "Tr0ub4dor&3"), "LU002", "AUTH_INVALID_PASSWORD");
  await rejectsWith(lucia.validateKey("email", email.toUpperCase(), "correct horse"), "LU004", "AUTH_INVALID_KEY_ID");
  await rejectsWith(lucia.createUser({ providerId: "email", providerUserId: email, password: "x" }), "LU003",
    "AUTH_DUPLICATE_KEY_ID");
  const key = await lucia.validateKey("email", email, "correct horse");
  assert.equal(key.user_id, user.user_id);
  assert.equal(key.password_defined, true);

  const session = await lucia.createSession(user.user_id);
  const validated = await lucia.validateSessionUser(session.session_id);
  assert.equal(validated.state, "active");
  assert.equal(validated.fresh, false);
  assert.equal(validated.user_attributes.username, `grace-${label}`);
  // Ids compare exactly (utf8mb4_nopad_bin), unlike a default collation: no case, no trailing space.
  await rejectsWith(lucia.validateSession(session.session_id.toUpperCase()), "LU001", "AUTH_INVALID_SESSION_ID");

  // Lucia v1's renewSession (lucia_renewal = rotate): a new session; the old one lives until it dies.
  const renewed = await lucia.renewSession(session.session_id);
  assert.notEqual(renewed.session_id, session.session_id);
  assert.equal(renewed.fresh, true);
  assert.ok(renewed.idle_expires >= session.idle_expires);
  assert.equal((await lucia.validateSession(renewed.session_id)).user_id, user.user_id);
  assert.equal((await lucia.getAllUserSessions(user.user_id)).length, 2);

  // Logout: every session of the user, and the blank cookie that clears the browser's.
  await lucia.invalidateAllUserSessions(user.user_id);
  await rejectsWith(lucia.validateSession(renewed.session_id), "LU001", "AUTH_INVALID_SESSION_ID");
  assert.match(await lucia.createSessionCookie(null), /^auth_session=; /);
  assert.equal(await lucia.verifyPassword("correct horse", await lucia.hashPassword("correct horse")), true);
  return user.user_id;
}

// True when the error (or one it wraps, as Drizzle does) is MariaDB's "SELECT command denied".
export function tableAccessDenied(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if ((current as { errno?: unknown }).errno === 1142) return true;
  }
  return false;
}
