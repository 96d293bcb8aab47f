// docs/drizzle.md, PostgreSQL: Lucia v1's tables declared for Drizzle ORM (node-postgres), the
// lucia functions called with typed results (lucia-sql's client), and Lucia v1 itself still
// working on the same rows.
import assert from "node:assert/strict";
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { bigint, boolean, pgTable, text } from "drizzle-orm/pg-core";
import { eq, sql } from "drizzle-orm";
import lucia from "lucia-auth";
import { pg as postgresAdapter } from "@lucia-auth/adapter-postgresql";
import { luciaClient } from "lucia-sql";
import { drizzlePostgresCall } from "lucia-sql/drizzle";
import { authScenario, type Attributes } from "./scenario.js";

// Lucia v1's PostgreSQL schema (its adapter documentation), plus one user attribute.
export const user = pgTable("auth_user", {
  id: text("id").primaryKey(),
  username: text("username"),
});

export const session = pgTable("auth_session", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => user.id),
  activeExpires: bigint("active_expires", { mode: "number" }).notNull(),
  idleExpires: bigint("idle_expires", { mode: "number" }).notNull(),
});

export const key = pgTable("auth_key", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => user.id),
  primaryKey: boolean("primary_key").notNull(),
  hashedPassword: text("hashed_password"),
  expires: bigint("expires", { mode: "number" }),
});

export async function main(): Promise<void> {
  const pool = new pg.Pool(); // PGHOST, PGDATABASE, ... from the environment
  try {
    const db = drizzle(pool);
    // Once per database (a migration): the extension and, for a new database, Lucia's tables.
    await db.execute(sql`CREATE EXTENSION IF NOT EXISTS lucia`);
    await db.execute(sql`SELECT lucia_create_tables() WHERE to_regclass('auth_user') IS NULL`);
    await db.execute(sql`ALTER TABLE auth_user ADD COLUMN IF NOT EXISTS username text`);

    const luciaSql = luciaClient<Attributes>(drizzlePostgresCall(db));
    const userId = await authScenario(luciaSql, "drizzle-pg");

    // The rows the functions wrote, read through Drizzle's table objects.
    const [row] = await db.select().from(key).where(eq(key.userId, userId));
    assert.equal(row?.primaryKey, true);
    assert.match(row?.hashedPassword ?? "", /^s2:[a-zA-Z0-9]{16}:[0-9a-f]{128}$/);

    // Lucia v1 keeps working on the same tables: a session made in SQL validates in Lucia JS.
    const auth = lucia({ adapter: postgresAdapter(pool), env: "DEV" });
    const created = await luciaSql.createSession(userId);
    const seen = await auth.validateSession(created.session_id);
    assert.equal(seen.userId, userId);
    const [stored] = await db.select().from(session).where(eq(session.id, created.session_id));
    assert.equal(stored?.idleExpires, created.idle_expires);
    console.log("drizzle + postgresql: ok");
  } finally {
    await pool.end();
  }
}
