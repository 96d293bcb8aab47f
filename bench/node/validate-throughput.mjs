// Lucia JS series of the chart (bench/chart.sh): auth.validateSession calls per second of the real lucia-auth 1.8.0 through pg.
// Usage: SESSIONS=n SECONDS_EACH=s node validate-throughput.mjs [database]; needs PG* (inside
// pg_virtualenv) and n active sessions with ids s000...0001 to s..n (bench/pgbench/setup.sql's form).
// One call at a time, ids drawn uniformly from the n sessions, as pgbench -c 1 does; prints calls/s.
import lucia from "lucia-auth";
import { pg as pgAdapter } from "@lucia-auth/adapter-postgresql";
import pg from "pg";

const SESSIONS = Number(process.env.SESSIONS ?? 10000);
const MS = Number(process.env.SECONDS_EACH ?? 5) * 1000;
const WARM_UP_MS = 500;

// A random existing session id, as `\set n random(1, :sessions)` in bench/pgbench/validate_session.sql.
const id = () => `s${String(Math.floor(Math.random() * SESSIONS) + 1).padStart(39, "0")}`;

// Validations per second over `ms` milliseconds, one at a time; a session that does not validate stops the run.
async function rate(auth, ms) {
  const end = performance.now() + ms;
  let calls = 0;
  while (performance.now() < end) {
    const session = await auth.validateSession(id());
    if (session.state !== "active") throw new Error(`session ${session.sessionId} is ${session.state}`);
    calls += 1;
  }
  return calls / (ms / 1000);
}

// The Lucia instance exactly as bench/node/lucia-js.bench.mjs makes it, on a pool of its own.
const pool = new pg.Pool({ database: process.argv[2] ?? "bench", max: 1 });
const auth = lucia({ adapter: pgAdapter(pool), env: "DEV" });
await rate(auth, WARM_UP_MS); // JIT and the connection, outside the window
console.log((await rate(auth, MS)).toFixed(1));
await pool.end();
