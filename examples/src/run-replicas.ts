// Runs the replica examples of docs/replicas.md against the primary and standby of
// tests/pg/replica_pair.sh (LUCIA_PRIMARY_URL, LUCIA_STANDBY_URL).
// Usage: bash tests/pg/replica_pair.sh node examples/dist/run-replicas.js
import * as nodePostgres from "./replicas-node-postgres.js";
import * as drizzle from "./replicas-drizzle.js";
import * as kysely from "./replicas-kysely.js";
import { Pair } from "./replica-scenario.js";

const primaryUrl = process.env.LUCIA_PRIMARY_URL;
const standbyUrl = process.env.LUCIA_STANDBY_URL;
if (!primaryUrl || !standbyUrl) throw new Error("LUCIA_PRIMARY_URL and LUCIA_STANDBY_URL must be set (tests/pg/replica_pair.sh)");
const pair = new Pair(primaryUrl, standbyUrl);
try {
  await nodePostgres.main(primaryUrl, standbyUrl, pair);
  await drizzle.main(primaryUrl, standbyUrl, pair);
  await kysely.main(primaryUrl, standbyUrl, pair);
  console.log("replica examples: 3 passed, 0 failed");
} finally {
  await pair.end();
}
