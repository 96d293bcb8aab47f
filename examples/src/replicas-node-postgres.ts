// docs/replicas.md, node-postgres: one pool on the primary, one on a standby; validation goes to
// the standby and is retried on the primary when the standby answers AUTH_PRIMARY_REQUIRED.
import pg from "pg";
import type { Call } from "./lucia-client.js";
import { replicaScenario, type Pair } from "./replica-scenario.js";

// One lucia function through a pg pool; arguments are bound as parameters ($1, $2, ...).
export function poolCall(pool: pg.Pool): Call {
  return async (name, args, shape) => {
    const call = `${name}(${args.map((_, i) => `$${i + 1}`).join(", ")})`;
    const text =
      shape === "row" ? `SELECT to_jsonb(r) AS v FROM ${call} r`
      : shape === "set" ? `SELECT coalesce(jsonb_agg(to_jsonb(r)), '[]') AS v FROM ${call} r`
      : shape === "value" ? `SELECT to_jsonb(${call}) AS v`
      : `SELECT ${call} IS NULL AS v`;
    return (await pool.query<{ v: unknown }>(text, [...args])).rows[0]?.v;
  };
}

export async function main(primaryUrl: string, standbyUrl: string, pair: Pair): Promise<void> {
  const primaryPool = new pg.Pool({ connectionString: primaryUrl });
  const readPool = new pg.Pool({ connectionString: standbyUrl });
  try {
    await replicaScenario("node-postgres", poolCall(readPool), poolCall(primaryPool), pair);
  } finally {
    await primaryPool.end();
    await readPool.end();
  }
}
