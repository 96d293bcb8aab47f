// "lucia-sql/kysely": the typed client's call through Kysely's sql template, for PostgreSQL and
// SQLite; a transaction (trx) serves as well as the database. Kysely does not wrap the driver's errors.
import { sql, type Kysely } from "kysely";
import { jsonResult, type Call } from "./client.js";

// One lucia function through Kysely's sql template; arguments are bound as parameters.
export function kyselyPostgresCall<DB>(db: Kysely<DB>): Call {
  return async (name, args, shape) => {
    const call = sql`${sql.raw(name)}(${sql.join(args)})`;
    const query =
      shape === "row" ? sql<{ v: unknown }>`SELECT to_jsonb(r) AS v FROM ${call} r`
      : shape === "set" ? sql<{ v: unknown }>`SELECT coalesce(jsonb_agg(to_jsonb(r)), '[]') AS v FROM ${call} r`
      : shape === "value" ? sql<{ v: unknown }>`SELECT to_jsonb(${call}) AS v`
      : sql<{ v: unknown }>`SELECT ${call} IS NULL AS v`;
    return (await query.execute(db)).rows[0]?.v;
  };
}

// One lucia function through Kysely's sql template; SQLite returns JSON text for rows and sets.
export function kyselySqliteCall<DB>(db: Kysely<DB>): Call {
  return async (name, args, shape) => {
    const result = await sql<{ v: unknown }>`SELECT ${sql.raw(name)}(${sql.join(args)}) AS v`.execute(db);
    return jsonResult(result.rows[0]?.v, shape);
  };
}
