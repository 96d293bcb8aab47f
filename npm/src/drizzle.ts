// "lucia-sql/drizzle": the typed client's call through Drizzle ORM's sql template, for PostgreSQL
// (node-postgres) and SQLite (better-sqlite3); a transaction (tx) serves as well as the database.
import { sql, type SQL } from "drizzle-orm";
import type { NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import type { PgDatabase } from "drizzle-orm/pg-core";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { jsonResult, luciaError, type Call } from "./client.js";

// One lucia function through Drizzle's sql template; arguments are bound as parameters.
export function drizzlePostgresCall<Schema extends Record<string, unknown>>(
  db: PgDatabase<NodePgQueryResultHKT, Schema>,
): Call {
  return async (name, args, shape) => {
    const call = sql`${sql.raw(name)}(${sql.join(args.map((arg) => sql`${arg}`), sql`, `)})`;
    const query: SQL =
      shape === "row" ? sql`SELECT to_jsonb(r) AS v FROM ${call} r`
      : shape === "set" ? sql`SELECT coalesce(jsonb_agg(to_jsonb(r)), '[]') AS v FROM ${call} r`
      : shape === "value" ? sql`SELECT to_jsonb(${call}) AS v`
      : sql`SELECT ${call} IS NULL AS v`;
    try {
      const result = await db.execute<{ v: unknown }>(query);
      return result.rows[0]?.v;
    } catch (error) {
      throw luciaError(error);
    }
  };
}

// One lucia function through Drizzle's sql template; SQLite returns JSON text for rows and sets.
export function drizzleSqliteCall<RunResult, Schema extends Record<string, unknown>>(
  db: BaseSQLiteDatabase<"sync", RunResult, Schema>,
): Call {
  return async (name, args, shape) => {
    const query = sql`SELECT ${sql.raw(name)}(${sql.join(args.map((arg) => sql`${arg}`), sql`, `)}) AS v`;
    try {
      const row = db.get<{ v: unknown }>(query);
      return jsonResult(row?.v, shape);
    } catch (error) {
      throw luciaError(error);
    }
  };
}
