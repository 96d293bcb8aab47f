// docs/replicas.md, Kysely: one Kysely per server (two dialects); validation goes to the standby's
// and is retried on the primary's when the standby answers AUTH_PRIMARY_REQUIRED.
import pg from "pg";
import { Kysely, PostgresDialect } from "kysely";
import { kyselyPostgresCall } from "lucia-sql/kysely";
import type { Database } from "./kysely-postgres.js";
import { replicaScenario, type Pair } from "./replica-scenario.js";

export async function main(primaryUrl: string, standbyUrl: string, pair: Pair): Promise<void> {
  const primaryDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: primaryUrl }) }) });
  const replicaDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: standbyUrl }) }) });
  try {
    await replicaScenario("kysely", kyselyPostgresCall(replicaDb), kyselyPostgresCall(primaryDb), pair);
  } finally {
    await primaryDb.destroy();
    await replicaDb.destroy();
  }
}
