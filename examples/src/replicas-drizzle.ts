// docs/replicas.md, Drizzle: withReplicas sends db.select to a replica and db.execute to the
// primary; lucia's read functions run through select, and go to the primary on AUTH_PRIMARY_REQUIRED.
import pg from "pg";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { withReplicas } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { luciaError, type Call } from "lucia-sql";
import { drizzlePostgresCall } from "lucia-sql/drizzle";
import { replicaScenario, type Pair } from "./replica-scenario.js";

// One lucia function as a select, which withReplicas runs on a replica.
export function drizzleReplicaCall(db: NodePgDatabase): Call {
  return async (name, args, shape) => {
    const call = sql`${sql.raw(name)}(${sql.join(args.map((arg) => sql`${arg}`), sql`, `)})`;
    const v = shape === "set" ? sql<unknown>`coalesce(jsonb_agg(to_jsonb(r)), '[]')` : sql<unknown>`to_jsonb(r)`;
    try {
      const rows = await db.select({ v }).from(sql`${call} r`);
      return rows[0]?.v;
    } catch (error) {
      throw luciaError(error);
    }
  };
}

export async function main(primaryUrl: string, standbyUrl: string, pair: Pair): Promise<void> {
  const primaryPool = new pg.Pool({ connectionString: primaryUrl });
  const readPool = new pg.Pool({ connectionString: standbyUrl });
  try {
    const db = withReplicas(drizzle(primaryPool), [drizzle(readPool)]);
    await replicaScenario("drizzle", drizzleReplicaCall(db), drizzlePostgresCall(db), pair);
  } finally {
    await primaryPool.end();
    await readPool.end();
  }
}
