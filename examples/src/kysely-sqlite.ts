// docs/kysely.md, SQLite: Lucia v1's tables typed for Kysely (better-sqlite3), lucia-sql's module
// loaded into the same connection, its functions called with typed results, and Lucia v1 itself
// still working on the same rows.
import assert from "node:assert/strict";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import lucia from "lucia-auth";
import { betterSqlite3 } from "@lucia-auth/adapter-sqlite";
import { load, luciaClient } from "lucia-sql";
import { kyselySqliteCall } from "lucia-sql/kysely";
import { authScenario, type Attributes } from "./scenario.js";

export interface Database {
  auth_user: { id: string; username: string | null };
  auth_session: { id: string; user_id: string; active_expires: number; idle_expires: number };
  auth_key: { id: string; user_id: string; hashed_password: string | null; primary_key: number; expires: number | null };
}

export async function main(file: string): Promise<void> {
  const sqlite = new SQLite(file);
  load(sqlite); // lucia-sql's SQLite module, compiled when npm installed it
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await sql`SELECT lucia_create_tables() WHERE NOT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'auth_user')`.execute(db);
    await sql`ALTER TABLE auth_user ADD COLUMN username TEXT`.execute(db);

    const luciaSql = luciaClient<Attributes>(kyselySqliteCall(db));
    const userId = await authScenario(luciaSql, "kysely-sqlite");

    const row = await db.selectFrom("auth_key").selectAll().where("user_id", "=", userId).executeTakeFirstOrThrow();
    assert.equal(row.primary_key, 1);
    assert.match(row.hashed_password ?? "", /^s2:[a-zA-Z0-9]{16}:[0-9a-f]{128}$/);

    const auth = lucia({ adapter: betterSqlite3(sqlite), env: "DEV" });
    const created = await luciaSql.createSession(userId);
    assert.equal((await auth.validateSession(created.session_id)).userId, userId);
    const stored = await db.selectFrom("auth_session").selectAll().where("id", "=", created.session_id).executeTakeFirstOrThrow();
    assert.equal(stored.idle_expires, created.idle_expires);
    console.log("kysely + sqlite: ok");
  } finally {
    await db.destroy();
  }
}
