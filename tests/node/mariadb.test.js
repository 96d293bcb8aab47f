// Interop on MariaDB: lucia-auth 1.8.0 with @lucia-auth/adapter-mysql 1.1.1 and mysql2 3, against the
// lucia routines in the same database. Run by tests/mariadb/node.sh inside a throwaway server: our
// functions are called as lucia_web (the role lucia_app only), Lucia JS's adapter connects as lucia_js.
// Then the traps of MySQL-family databases over mysql2, each checked.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import mysql from "mysql2/promise";
import lucia, { LuciaError } from "lucia-auth";
import { mysql2 as mysql2Adapter } from "@lucia-auth/adapter-mysql";
import { interopSuite } from "./interop.js";
import { mariadbEngine, mariadbOptions, releaseAfterTransaction } from "./drivers.js";

interopSuite("MariaDB", mariadbEngine);

// The error a promise rejects with (or null).
async function failure(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return null;
}

// Lucia's documented MySQL tables (default collation), for showing what lucia's tables prevent.
const DOCUMENTED_DDL = [
  "CREATE TABLE auth_user (id VARCHAR(15) NOT NULL, username VARCHAR(255), PRIMARY KEY (id))",
  `CREATE TABLE auth_key (id VARCHAR(255) NOT NULL, user_id VARCHAR(15) NOT NULL, primary_key TINYINT NOT NULL,
     hashed_password VARCHAR(255), expires BIGINT UNSIGNED, PRIMARY KEY (id), FOREIGN KEY (user_id) REFERENCES auth_user(id))`,
  `CREATE TABLE auth_session (id VARCHAR(127) NOT NULL, user_id VARCHAR(15) NOT NULL, active_expires BIGINT UNSIGNED NOT NULL,
     idle_expires BIGINT UNSIGNED NOT NULL, PRIMARY KEY (id), FOREIGN KEY (user_id) REFERENCES auth_user(id))`,
];

function luciaOn(pool) {
  return lucia({ adapter: mysql2Adapter(pool), env: "DEV", transformDatabaseUser: (user) => ({ userId: user.id }) });
}

describe("MariaDB over mysql2: the traps", () => {
  let engine;
  let docs;
  before(async () => {
    engine = await mariadbEngine();
    docs = releaseAfterTransaction(mysql.createPool({ ...mariadbOptions("js", process.env.LUCIA_MARIADB_DOCS_DATABASE), connectionLimit: 3 }));
    for (const statement of DOCUMENTED_DDL) await docs.query(statement);
  });
  after(async () => {
    await engine.close();
    await docs.end();
  });

  test("mysql2 gets strings, not Buffers, from every kind of function, through query and execute", async () => {
    const user = await engine.app.query("SELECT lucia_create_user(NULL, NULL, NULL, NULL, NULL) AS v");
    assert.equal(typeof user[0][0].v, "string");
    const userId = JSON.parse(user[0][0].v).user_id;
    const session = JSON.parse((await engine.app.query("SELECT lucia_create_session(?) AS v", [userId]))[0][0].v);
    for (const [sql, args] of [
      ["SELECT lucia_validate_session(?) AS v", [session.session_id]],
      ["SELECT lucia_get_all_user_sessions(?) AS v", [userId]],
      ["SELECT lucia_generate_random_string(8) AS v", []],
      ["SELECT lucia_hash_password('pw') AS v", []],
      ["SELECT lucia_create_session_cookie(?, ?) AS v", [session.session_id, session.idle_expires]],
      ["SELECT lucia_version() AS v", []],
    ]) {
      for (const how of ["query", "execute"]) {
        const [rows] = await engine.app[how](sql, args);
        assert.equal(typeof rows[0].v, "string", `${how}: ${sql} gave ${Buffer.isBuffer(rows[0].v) ? "a Buffer" : typeof rows[0].v}`);
      }
    }
  });

  test("BIGINT expiries are JSON numbers in the results and numbers in the rows Lucia JS reads", async () => {
    const user = await engine.call("lucia_create_user", [null, null, null, null, null]);
    const session = await engine.call("lucia_create_session", [user.user_id]);
    for (const field of ["active_expires", "idle_expires"]) {
      assert.equal(typeof session[field], "number", field);
      assert.ok(Number.isSafeInteger(session[field]) && session[field] > Date.now(), field);
    }
    const [rows] = await engine.pool.query("SELECT active_expires, idle_expires FROM auth_session WHERE id = ?", [session.session_id]);
    assert.deepEqual(rows[0], { active_expires: session.active_expires, idle_expires: session.idle_expires });
    const js = await engine.auth.getSession(session.session_id);
    assert.equal(js.activePeriodExpiresAt.getTime(), session.active_expires);
    const key = await engine.call("lucia_create_key", [user.user_id, "otp", `big${Date.now()}`, null, 600]);
    assert.equal(typeof key.expires, "number");
    const [prepared] = await engine.app.execute("SELECT JSON_VALUE(lucia_get_session(?), '$.idle_expires') AS v", [session.session_id]);
    assert.equal(Number(prepared[0].v), session.idle_expires);
  });

  test("errors reach mysql2 as errno 1644 with SQLSTATE LU0xx and Lucia's message", async () => {
    const mail = `errno${Date.now()}@example.com`;
    await engine.call("lucia_create_user", ["email", mail, "right", null, null]);
    for (const [sql, args, sqlState, message] of [
      ["SELECT lucia_validate_key(?, ?, ?)", ["email", mail, "wrong"], "LU002", "AUTH_INVALID_PASSWORD: wrong password"],
      ["SELECT lucia_validate_session(?)", ["x".repeat(40)], "LU001", /^AUTH_INVALID_SESSION_ID: /],
      ["SELECT lucia_create_user(?, ?, ?, NULL, NULL)", ["email", mail, "pw"], "LU003", /^AUTH_DUPLICATE_KEY_ID: /],
      ["SELECT lucia_get_user(?)", ["nosuchuser12345"], "LU005", /^AUTH_INVALID_USER_ID: /],
    ]) {
      for (const how of ["query", "execute"]) {
        const error = await failure(engine.app[how](sql, args));
        assert.ok(error, `${how}: ${sql} succeeded`);
        assert.equal(error.errno, 1644, `${how}: ${sql}: ${error.message}`);
        assert.equal(error.code, "ER_SIGNAL_EXCEPTION");
        assert.equal(error.sqlState, sqlState, sql);
        if (typeof message === "string") assert.equal(error.sqlMessage, message);
        else assert.match(error.sqlMessage, message);
      }
    }
  });

  test("the application's account may call the functions but not touch the tables", async () => {
    const select = await failure(engine.app.query("SELECT hashed_password FROM auth_key"));
    assert.equal(select?.errno, 1142, String(select));
    const insert = await failure(engine.app.query("INSERT INTO auth_session VALUES ('s', 'u', 1, 1)"));
    assert.equal(insert?.errno, 1142, String(insert));
    assert.match(await engine.call("lucia_version"), /^\d+\.\d+/);
  });

  test("Lucia's documented tables accept an upper-cased session id and a padded email; lucia's tables refuse both, to Lucia JS too", async () => {
    const mail = `case${Date.now()}@example.com`;
    // The trap, on Lucia's documented DDL (default collation utf8mb4_general_ci: case and trailing spaces ignored).
    const documented = luciaOn(docs);
    const docsUser = await documented.createUser({ primaryKey: { providerId: "email", providerUserId: mail, password: "pw" }, attributes: {} });
    const docsSession = await documented.createSession(docsUser.userId);
    assert.notEqual(docsSession.sessionId.toUpperCase(), docsSession.sessionId);
    assert.equal((await documented.validateSession(docsSession.sessionId.toUpperCase())).userId, docsUser.userId);
    assert.equal((await documented.useKey("email", `${mail} `, "pw")).userId, docsUser.userId);
    // lucia's tables (utf8mb4_nopad_bin ids), through Lucia JS and through lucia.
    const user = await engine.auth.createUser({ primaryKey: { providerId: "email", providerUserId: mail, password: "pw" }, attributes: {} });
    const session = await engine.auth.createSession(user.userId);
    for (const id of [session.sessionId.toUpperCase(), `${session.sessionId} `]) {
      const js = await failure(engine.auth.validateSession(id));
      assert.ok(js instanceof LuciaError && js.message === "AUTH_INVALID_SESSION_ID", `Lucia JS accepted ${JSON.stringify(id)}`);
      assert.equal((await failure(engine.call("lucia_validate_session", [id])))?.sqlState, "LU001", `lucia accepted ${JSON.stringify(id)}`);
    }
    for (const providerUserId of [`${mail} `, mail.toUpperCase()]) {
      const js = await failure(engine.auth.useKey("email", providerUserId, "pw"));
      assert.ok(js instanceof LuciaError && js.message === "AUTH_INVALID_KEY_ID", `Lucia JS accepted ${JSON.stringify(providerUserId)}`);
      assert.equal((await failure(engine.call("lucia_validate_key", ["email", providerUserId, "pw"])))?.sqlState, "LU004",
        `lucia accepted ${JSON.stringify(providerUserId)}`);
    }
    assert.equal((await engine.call("lucia_validate_session", [session.sessionId])).user_id, user.userId);
  });

  test("@lucia-auth/adapter-mysql 1.1.1 leaks a pooled connection per createUser; with releaseAfterTransaction it does not", { timeout: 30_000 }, async () => {
    const leaky = mysql.createPool({ ...mariadbOptions("js", process.env.LUCIA_MARIADB_DOCS_DATABASE), connectionLimit: 3 });
    try {
      const auth = luciaOn(leaky);
      const create = () => auth.createUser({ primaryKey: { providerId: "leak", providerUserId: `${Date.now()}${Math.random()}`, password: null }, attributes: {} });
      await create();
      await create();
      const third = await Promise.race([create().then(() => "done"), new Promise((resolve) => setTimeout(resolve, 1500, "hangs"))]);
      assert.equal(third, "hangs", "adapter-mysql 1.1.1 released its connections: the workaround may be dropped");
    } finally {
      // Ends every connection, leaked ones too, and fails the call still waiting for one.
      await leaky.end();
    }
    const fixed = luciaOn(docs);
    for (let i = 0; i < 6; i += 1) {
      await fixed.createUser({ primaryKey: { providerId: "fixed", providerUserId: `${Date.now()}.${i}`, password: null }, attributes: {} });
    }
  });
});
