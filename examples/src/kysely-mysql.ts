// docs/kysely.md, MariaDB: Lucia v1's MySQL tables typed for Kysely (MysqlDialect over mysql2), the
// lucia functions called with typed results by an account that may call them and read no table.
import assert from "node:assert/strict";
import { createPool } from "mysql2";
import { Kysely, MysqlDialect, sql } from "kysely";
import { jsonResult, luciaClient, type Call } from "lucia-sql";
import { authScenario, type Attributes } from "./scenario.js";
import { adminOptions, appOptions, mysqlScenario, tableAccessDenied } from "./mysql-scenario.js";

// mysql2 reads BIGINT as a number and TINYINT as 0/1.
export interface Database {
  auth_user: { id: string; username: string | null };
  auth_session: { id: string; user_id: string; active_expires: number; idle_expires: number };
  auth_key: { id: string; user_id: string; primary_key: number; hashed_password: string | null; expires: number | null };
}

// One lucia function through Kysely's sql template; rows and sets come back as JSON text.
export function kyselyMysqlCall<DB>(db: Kysely<DB>): Call {
  return async (name, args, shape) => {
    const result = await sql<{ v: unknown }>`SELECT ${sql.raw(name)}(${sql.join(args)}) AS v`.execute(db);
    return jsonResult(result.rows[0]?.v, shape);
  };
}

export async function main(): Promise<void> {
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool: createPool(appOptions()) }) });
  const admin = new Kysely<Database>({ dialect: new MysqlDialect({ pool: createPool(adminOptions()) }) });
  try {
    const luciaSql = luciaClient<Attributes>(kyselyMysqlCall(db));
    const userId = await authScenario(luciaSql, "kysely-mysql");
    await mysqlScenario(luciaSql, "kysely-mysql");

    // The application's account reads no table: the hashes stay out of its reach.
    await assert.rejects(db.selectFrom("auth_key").selectAll().execute(),
      tableAccessDenied);

    const row = await admin.selectFrom("auth_key").selectAll().where("user_id", "=", userId).executeTakeFirstOrThrow();
    assert.equal(row.primary_key, 1);
    assert.match(row.hashed_password ?? "", /^s2:[a-zA-Z0-9]{16}:[0-9a-f]{128}$/);
    const created = await luciaSql.createSession(userId);
    const stored = await admin.selectFrom("auth_session").selectAll().where("id", "=", created.session_id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.idle_expires, created.idle_expires);
    console.log("kysely + mariadb: ok");
  } finally {
    await db.destroy();
    await admin.destroy();
  }
}
