// The typed client over node-postgres (`pg`) alone: a Pool, a Client or a checked-out PoolClient.
import type { Call } from "./client.js";

// What pgCall needs of node-postgres; declared here so that the package needs no `pg` types.
export interface PgQueryable {
  query(text: string, values: unknown[]): Promise<{ rows: { v?: unknown }[] }>;
}

// One lucia function through a pg pool; arguments are bound as parameters ($1, $2, ...).
export function pgCall(pool: PgQueryable): Call {
  return async (name, args, shape) => {
    const call = `${name}(${args.map((_, i) => `$${i + 1}`).join(", ")})`;
    const text =
      shape === "row" ? `SELECT to_jsonb(r) AS v FROM ${call} r`
      : shape === "set" ? `SELECT coalesce(jsonb_agg(to_jsonb(r)), '[]') AS v FROM ${call} r`
      : shape === "value" ? `SELECT to_jsonb(${call}) AS v`
      : `SELECT ${call} IS NULL AS v`;
    return (await pool.query(text, [...args])).rows[0]?.v;
  };
}
