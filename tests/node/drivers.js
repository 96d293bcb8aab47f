// One interface over both engines, so interop.js states each scenario once:
//   auth        the real Lucia v1 (lucia-auth 1.8.0) on the engine's official v1 adapter
//   call(f, a)  one of our SQL functions, its result as a JS object (rows) or value; throws with
//               the engine's error message ("AUTH_INVALID_KEY_ID: ...")
//   exec / all  plain SQL, with "?" placeholders on both engines
//   columns(t)  a table's rows with each value's type as the engine reports it
import lucia from "lucia-auth";
import { pg as pgAdapter } from "@lucia-auth/adapter-postgresql";
import { betterSqlite3 } from "@lucia-auth/adapter-sqlite";
import pg from "pg";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import { mysql2 as mysql2Adapter } from "@lucia-auth/adapter-mysql";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Functions whose SQL result is a composite row (PostgreSQL) or a JSON object (SQLite).
const ROWS = new Set(["lucia_create_user", "lucia_get_user", "lucia_update_user_attributes", "lucia_create_key",
  "lucia_validate_key", "lucia_get_key", "lucia_update_key_password", "lucia_create_session", "lucia_get_session",
  "lucia_get_session_user", "lucia_validate_session", "lucia_validate_session_user", "lucia_renew_session"]);
const SETS = new Set(["lucia_get_all_user_keys", "lucia_get_all_user_sessions"]);

function makeAuth(adapter) {
  return lucia({
    adapter,
    env: "DEV",
    transformDatabaseUser: (user) => ({ userId: user.id, username: user.username ?? null }),
  });
}

// "?" placeholders to PostgreSQL's $1, $2, ...
function numbered(sql) {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export async function postgresEngine() {
  const admin = new pg.Client({ database: "postgres" });
  await admin.connect();
  const database = `lucia_interop_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const client = new pg.Client({ database });
  await client.connect();
  await client.query("CREATE EXTENSION lucia");
  await client.query("SELECT lucia_create_tables()");
  await client.query("ALTER TABLE auth_user ADD COLUMN username TEXT");
  // Lucia's pg adapter 1.0.1 never releases the client its createUser "transaction" takes (spec
  // 6.5): remember every client handed out, so the test can release them and end cleanly.
  const pool = new pg.Pool({ database, max: 40 });
  const handedOut = [];
  const connect = pool.connect.bind(pool);
  pool.connect = async (...args) => {
    const c = await connect(...args);
    handedOut.push(c);
    return c;
  };
  const engine = {
    name: "postgresql",
    auth: makeAuth(pgAdapter(pool)),
    // Opens pool connections ahead, so concurrent Lucia calls are not serialised by connecting.
    async warm() {
      await Promise.all(Array.from({ length: 4 }, () => pool.query("SELECT 1")));
    },
    async call(fn, args = []) {
      const params = args.map((_, i) => `$${i + 1}`).join(", ");
      const sql = ROWS.has(fn) ? `SELECT to_jsonb(r) AS v FROM ${fn}(${params}) r`
        : SETS.has(fn) ? `SELECT coalesce(jsonb_agg(to_jsonb(r)), '[]') AS v FROM ${fn}(${params}) r`
        : `SELECT ${fn}(${params}) AS v`;
      const result = await client.query(sql, args);
      return result.rows[0].v;
    },
    async setting(name, value) {
      await client.query("SELECT set_config($1, $2, false)", [name, value]);
    },
    async exec(sql, params = []) {
      await client.query(numbered(sql), params);
    },
    async all(sql, params = []) {
      return (await client.query(numbered(sql), params)).rows;
    },
    // Each column's value and PostgreSQL type, as node-pg sees them (int8 as strings).
    async columns(table, where = "true") {
      const names = (await client.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position", [table]))
        .rows.map((r) => r.column_name);
      const select = names.map((n) => `${n}, pg_typeof(${n})::text AS ${n}__type`).join(", ");
      return (await client.query(`SELECT ${select} FROM ${table} WHERE ${where} ORDER BY id`)).rows;
    },
    async close() {
      for (const c of handedOut) {
        try { c.release(); } catch { /* already released */ }
      }
      await pool.end();
      await client.end();
      const cleanup = new pg.Client({ database: "postgres" });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${database}`);
      await cleanup.end();
    },
  };
  return engine;
}

export async function sqliteEngine() {
  const module = process.env.LUCIA_SQLITE_MODULE;
  if (!module) throw new Error("set LUCIA_SQLITE_MODULE to the built lucia.so");
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "lucia-interop-"));
  const db = new Database(path.join(directory, "interop.db"));
  db.loadExtension(module);
  db.prepare("SELECT lucia_create_tables()").get();
  db.exec("ALTER TABLE auth_user ADD COLUMN username TEXT");
  const engine = {
    name: "sqlite",
    db,
    async warm() {},
    auth: makeAuth(betterSqlite3(db)),
    async call(fn, args = []) {
      const params = args.map(() => "?").join(", ");
      const value = db.prepare(`SELECT ${fn}(${params}) AS v`).get(...args).v;
      return ROWS.has(fn) || SETS.has(fn) ? JSON.parse(value) : value;
    },
    async setting(name, value) {
      db.prepare("SELECT lucia_set_config(?, ?)").get(name, value);
    },
    async exec(sql, params = []) {
      db.prepare(sql).run(...params);
    },
    async all(sql, params = []) {
      return db.prepare(sql).all(...params);
    },
    // Each column's value and SQLite storage class (typeof).
    async columns(table, where = "1") {
      const names = db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all().map((r) => r.name);
      const select = names.map((n) => `${n}, typeof(${n}) AS ${n}__type`).join(", ");
      return db.prepare(`SELECT ${select} FROM ${table} WHERE ${where} ORDER BY id`).all();
    },
    async close() {
      db.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
  return engine;
}

// @lucia-auth/adapter-mysql 1.1.1's createUser takes a pooled connection for a "transaction" (its
// inserts then run on the pool, not on that connection) and never releases it: the third call on a
// pool of 3 hangs. This releases each connection handed out by getConnection once it commits or rolls back.
export function releaseAfterTransaction(pool) {
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = async (...args) => {
    const connection = await getConnection(...args);
    let released = false;
    for (const method of ["commit", "rollback"]) {
      const original = connection[method].bind(connection);
      connection[method] = async (...a) => {
        try {
          return await original(...a);
        } finally {
          if (!released) {
            released = true;
            connection.release();
          }
        }
      };
    }
    return connection;
  };
  return pool;
}

// How tests/mariadb/node.sh's accounts reach its throwaway server: lucia_web has the role lucia_app
// only (EXECUTE on the lucia_* functions), lucia_js reads and writes the tables for Lucia JS's adapter.
export function mariadbOptions(account, database = process.env.LUCIA_MARIADB_DATABASE) {
  const socketPath = process.env.LUCIA_MARIADB_SOCKET;
  if (!socketPath || !database) throw new Error("run under tests/mariadb/node.sh (LUCIA_MARIADB_SOCKET, LUCIA_MARIADB_DATABASE)");
  const password = account === "web" ? process.env.LUCIA_MARIADB_WEB_PASSWORD : process.env.LUCIA_MARIADB_JS_PASSWORD;
  return { socketPath, user: `lucia_${account}`, password, database };
}

// Our functions return JSON text and strings converted to utf8mb4: a Buffer here means a routine
// lost its CONVERT and every mysql2 user would get bytes instead of text.
function mariadbText(fn, value) {
  if (Buffer.isBuffer(value)) throw new Error(`${fn} returned a Buffer to mysql2, not a string`);
  return value;
}

export async function mariadbEngine() {
  // The application's connection: calls the lucia_* functions, nothing else.
  const app = await mysql.createConnection(mariadbOptions("web"));
  // Lucia JS's own adapter reads and writes the tables directly; the tests' plain SQL runs there too.
  const pool = releaseAfterTransaction(mysql.createPool({ ...mariadbOptions("js"), connectionLimit: 3 }));
  const engine = {
    name: "mariadb",
    app,
    pool,
    auth: makeAuth(mysql2Adapter(pool)),
    async warm() {
      await Promise.all(Array.from({ length: 3 }, () => pool.query("SELECT 1")));
    },
    async call(fn, args = []) {
      const params = args.map(() => "?").join(", ");
      const [rows] = await app.query(`SELECT ${fn}(${params}) AS v`, args);
      const value = mariadbText(fn, rows[0].v);
      return (ROWS.has(fn) || SETS.has(fn)) && value !== null ? JSON.parse(value) : value;
    },
    // lucia.renewal is the plugin's session variable lucia_renewal.
    async setting(name, value) {
      await app.query(`SET SESSION ${name.replace(/^lucia\./, "lucia_")} = ?`, [value]);
    },
    async exec(sql, params = []) {
      await pool.query(sql, params);
    },
    async all(sql, params = []) {
      return (await pool.query(sql, params))[0];
    },
    // Each column's value as mysql2 returns it and the column's declared type.
    async columns(table, where = "TRUE") {
      const [names] = await pool.query(
        "SELECT column_name AS name, column_type AS type FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position", [table]);
      const select = names.map((c) => `${c.name}, ${pool.escape(c.type)} AS ${c.name}__type`).join(", ");
      return (await pool.query(`SELECT ${select} FROM ${table} WHERE ${where} ORDER BY id`))[0];
    },
    async close() {
      await app.end();
      await pool.end();
    },
  };
  return engine;
}
