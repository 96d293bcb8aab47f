// docs/drizzle.md, SQLite: Lucia v1's tables declared for Drizzle ORM (better-sqlite3), lucia-sql's
// module loaded into the same connection, its functions called with typed results, and Lucia v1
// itself still working on the same rows.
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { eq, sql } from "drizzle-orm";
import lucia from "lucia-auth";
import { betterSqlite3 } from "@lucia-auth/adapter-sqlite";
import { load, luciaClient } from "lucia-sql";
import { drizzleSqliteCall } from "lucia-sql/drizzle";
import { authScenario, type Attributes } from "./scenario.js";

// Lucia v1's SQLite schema (VARCHAR ids, BIGINT expiries, INT2 primary_key stored as 0/1).
export const user = sqliteTable("auth_user", {
  id: text("id", { length: 31 }).primaryKey(),
  username: text("username"),
});

export const session = sqliteTable("auth_session", {
  id: text("id", { length: 127 }).primaryKey(),
  userId: text("user_id", { length: 15 }).notNull().references(() => user.id),
  activeExpires: integer("active_expires", { mode: "number" }).notNull(),
  idleExpires: integer("idle_expires", { mode: "number" }).notNull(),
});

export const key = sqliteTable("auth_key", {
  id: text("id", { length: 255 }).primaryKey(),
  userId: text("user_id", { length: 15 }).notNull().references(() => user.id),
  hashedPassword: text("hashed_password", { length: 255 }),
  primaryKey: integer("primary_key", { mode: "boolean" }).notNull(),
  expires: integer("expires", { mode: "number" }),
});

export async function main(file: string): Promise<void> {
  const sqlite = new Database(file);
  try {
    load(sqlite); // lucia-sql's SQLite module, compiled when npm installed it
    const db = drizzle(sqlite);
    db.run(sql`SELECT lucia_create_tables() WHERE NOT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'auth_user')`);
    db.run(sql`ALTER TABLE auth_user ADD COLUMN username TEXT`);

    const luciaSql = luciaClient<Attributes>(drizzleSqliteCall(db));
    const userId = await authScenario(luciaSql, "drizzle-sqlite");

    const [row] = db.select().from(key).where(eq(key.userId, userId)).all();
    assert.equal(row?.primaryKey, true);
    assert.match(row?.hashedPassword ?? "", /^s2:[a-zA-Z0-9]{16}:[0-9a-f]{128}$/);

    const auth = lucia({ adapter: betterSqlite3(sqlite), env: "DEV" });
    const created = await luciaSql.createSession(userId);
    assert.equal((await auth.validateSession(created.session_id)).userId, userId);
    const [stored] = db.select().from(session).where(eq(session.id, created.session_id)).all();
    assert.equal(stored?.idleExpires, created.idle_expires);
    console.log("drizzle + sqlite: ok");
  } finally {
    sqlite.close();
  }
}
