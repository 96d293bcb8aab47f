// docs/kysely.md, PostgreSQL: Lucia v1's tables typed for Kysely (pg), the lucia functions called
// with typed results, and Lucia v1 itself still working on the same rows.
import assert from "node:assert/strict";
import pg from "pg";
import { Kysely, PostgresDialect, sql, type ColumnType } from "kysely";
import lucia from "lucia-auth";
import { pg as postgresAdapter } from "@lucia-auth/adapter-postgresql";
import { luciaClient } from "lucia-sql";
import { kyselyPostgresCall } from "lucia-sql/kysely";
import { authScenario, type Attributes } from "./scenario.js";

// node-pg reads BIGINT as a string; Lucia's adapter writes numbers.
type Millis = ColumnType<string, number | string, number | string>;

export interface Database {
  auth_user: { id: string; username: string | null };
  auth_session: { id: string; user_id: string; active_expires: Millis; idle_expires: Millis };
  auth_key: { id: string; user_id: string; primary_key: boolean; hashed_password: string | null; expires: Millis | null };
}

export async function main(): Promise<void> {
  const pool = new pg.Pool(); // PGHOST, PGDATABASE, ... from the environment
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS lucia`.execute(db);
    await sql`SELECT lucia_create_tables() WHERE to_regclass('auth_user') IS NULL`.execute(db);
    await sql`ALTER TABLE auth_user ADD COLUMN IF NOT EXISTS username text`.execute(db);

    const luciaSql = luciaClient<Attributes>(kyselyPostgresCall(db));
    const userId = await authScenario(luciaSql, "kysely-pg");

    const row = await db.selectFrom("auth_key").selectAll().where("user_id", "=", userId).executeTakeFirstOrThrow();
    assert.equal(row.primary_key, true);
    assert.match(row.hashed_password ?? "", /^s2:[a-zA-Z0-9]{16}:[0-9a-f]{128}$/);

    const auth = lucia({ adapter: postgresAdapter(pool), env: "DEV" });
    const created = await luciaSql.createSession(userId);
    assert.equal((await auth.validateSession(created.session_id)).userId, userId);
    const stored = await db.selectFrom("auth_session").selectAll().where("id", "=", created.session_id).executeTakeFirstOrThrow();
    assert.equal(Number(stored.idle_expires), created.idle_expires);
    console.log("kysely + postgresql: ok");
  } finally {
    await db.destroy();
  }
}
