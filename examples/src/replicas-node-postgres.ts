// docs/replicas.md, node-postgres: one pool on the primary, one on a standby; validation goes to
// the standby and is retried on the primary when the standby answers AUTH_PRIMARY_REQUIRED.
import pg from "pg";
import { pgCall } from "lucia-sql";
import { replicaScenario, type Pair } from "./replica-scenario.js";

export async function main(primaryUrl: string, standbyUrl: string, pair: Pair): Promise<void> {
  const primaryPool = new pg.Pool({ connectionString: primaryUrl });
  const readPool = new pg.Pool({ connectionString: standbyUrl });
  try {
    await replicaScenario("node-postgres", pgCall(readPool), pgCall(primaryPool), pair);
  } finally {
    await primaryPool.end();
    await readPool.end();
  }
}
