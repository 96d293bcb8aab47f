// docs/drizzle.md, MariaDB: Lucia v1's MySQL tables declared for Drizzle ORM (mysql2), the lucia
// functions called with typed results by an account that may call them and read no table.
import assert from "node:assert/strict";
import mysql from "mysql2/promise";
import { drizzle, type MySql2Database } from "drizzle-orm/mysql2";
import { bigint, boolean, mysqlTable, varchar } from "drizzle-orm/mysql-core";
import { eq, sql } from "drizzle-orm";
import { jsonResult, luciaClient, luciaError, type Call } from "lucia-sql";
import { authScenario, type Attributes } from "./scenario.js";
import { adminOptions, appOptions, mysqlScenario, tableAccessDenied } from "./mysql-scenario.js";

// The tables CALL lucia_create_tables() makes (Lucia v1's MySQL schema, exact-comparing ids),
// plus one user attribute.
export const user = mysqlTable("auth_user", {
  id: varchar("id", { length: 255 }).primaryKey(),
  username: varchar("username", { length: 255 }),
});

export const session = mysqlTable("auth_session", {
  id: varchar("id", { length: 127 }).primaryKey(),
  userId: varchar("user_id", { length: 255 }).notNull().references(() => user.id),
  activeExpires: bigint("active_expires", { mode: "number", unsigned: true }).notNull(),
  idleExpires: bigint("idle_expires", { mode: "number", unsigned: true }).notNull(),
});

export const key = mysqlTable("auth_key", {
  id: varchar("id", { length: 255 }).primaryKey(),
  userId: varchar("user_id", { length: 255 }).notNull().references(() => user.id),
  primaryKey: boolean("primary_key").notNull(),
  hashedPassword: varchar("hashed_password", { length: 255 }),
  expires: bigint("expires", { mode: "number", unsigned: true }),
});

// One lucia function through Drizzle's sql template; arguments are bound as parameters, and
// rows and sets come back as JSON text.
export function drizzleMysqlCall(db: MySql2Database): Call {
  return async (name, args, shape) => {
    const query = sql`SELECT ${sql.raw(name)}(${sql.join(args.map((arg) => sql`${arg}`), sql`, `)}) AS v`;
    try {
      const [rows] = await db.execute(query);
      return jsonResult((rows as unknown as { v: unknown }[])[0]?.v, shape);
    } catch (error) {
      throw luciaError(error);
    }
  };
}

export async function main(): Promise<void> {
  const pool = mysql.createPool(appOptions());
  const admin = mysql.createPool(adminOptions());
  try {
    const db = drizzle(pool);
    const luciaSql = luciaClient<Attributes>(drizzleMysqlCall(db));
    const userId = await authScenario(luciaSql, "drizzle-mysql");
    await mysqlScenario(luciaSql, "drizzle-mysql");

    // The application's account reads no table: the hashes stay out of its reach.
    await assert.rejects(db.select().from(key).where(eq(key.userId, userId)),
      tableAccessDenied);

    // An administrator's connection reads the rows the functions wrote through the same tables.
    const adminDb = drizzle(admin);
    const [row] = await adminDb.select().from(key).where(eq(key.userId, userId));
    assert.equal(row?.primaryKey, true);
    assert.match(row?.hashedPassword ?? "", /^s2:[a-zA-Z0-9]{16}:[0-9a-f]{128}$/);
    const created = await luciaSql.createSession(userId);
    const [stored] = await adminDb.select().from(session).where(eq(session.id, created.session_id));
    assert.equal(stored?.idleExpires, created.idle_expires);
    const [named] = await adminDb.select().from(user).where(eq(user.id, userId));
    assert.equal(named?.username, "ada-drizzle-mysql");
    console.log("drizzle + mariadb: ok");
  } finally {
    await pool.end();
    await admin.end();
  }
}
