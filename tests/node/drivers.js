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
