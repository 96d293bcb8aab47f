// bench/mariadb.sh's Node row: lucia_validate_session called through mysql2 against the real
// lucia-auth 1.8.0 validateSession with @lucia-auth/adapter-mysql 1.1.1 on mysql2, the same
// active session, each side on one connection, in rounds of 3 alternating runs of MS_EACH
// milliseconds a side, the fastest run of each side counting (other work only slows a run down).
// Prints "mariadb_node_validate_session <median> <min> <max>" (ratio > 1: lucia is faster).
// Needs LUCIA_MARIADB_SOCKET, BENCH_SESSION_ID and the account bench/mariadb.sh makes.
import lucia from "lucia-auth";
import { mysql2 as mysql2Adapter } from "@lucia-auth/adapter-mysql";
import mysql from "mysql2/promise";

const RUNS = Number(process.env.RUNS ?? 5);
const MS = Number(process.env.MS_EACH ?? 1000);
const sessionId = process.env.BENCH_SESSION_ID;
const options = { socketPath: process.env.LUCIA_MARIADB_SOCKET, user: "bench", password: "bench", database: "bench" };

// Calls per second of `fn` over MS milliseconds, one call at a time.
async function rate(fn) {
  const end = performance.now() + MS;
  let calls = 0;
  while (performance.now() < end) {
    await fn();
    calls += 1;
  }
  return calls / (MS / 1000);
}

const connection = await mysql.createConnection(options);
const pool = mysql.createPool({ ...options, connectionLimit: 1 });
const auth = lucia({ adapter: mysql2Adapter(pool), env: "DEV" });

// What an application does with each: the session as a JS object, its id checked. Ours is a
// prepared statement (mysql2 prepares it once per connection), as an application calling the same
// function all day would; Lucia JS's adapter sends its SELECT as text through its pool.
async function viaLucia() {
  const [rows] = await connection.execute("SELECT lucia_validate_session(?) AS v", [sessionId]);
  const session = JSON.parse(rows[0].v);
  if (session.session_id !== sessionId || session.fresh) throw new Error("lucia_validate_session: unexpected result");
}
async function viaLuciaJs() {
  const session = await auth.validateSession(sessionId);
  if (session.sessionId !== sessionId || session.fresh) throw new Error("Lucia JS validateSession: unexpected result");
}

await viaLucia();
await viaLuciaJs();
const ratios = [], ours = [], theirs = [];
for (let i = 0; i < RUNS; i += 1) {
  let best = [0, 0];
  for (let j = 0; j < 3; j += 1) best = [Math.max(best[0], await rate(viaLucia)), Math.max(best[1], await rate(viaLuciaJs))];
  ours.push(best[0]);
  theirs.push(best[1]);
  ratios.push(best[0] / best[1]);
}
const sorted = [...ratios].sort((a, b) => a - b);
console.log(`mariadb_node_validate_session ${sorted[Math.floor(sorted.length / 2)].toFixed(3)} ${sorted[0].toFixed(3)}` +
  ` ${sorted.at(-1).toFixed(3)} ratios=${ratios.map((r) => r.toFixed(3)).join(",")}` +
  ` lucia_calls_per_s=${ours.map(Math.round).join(",")} lucia_js_calls_per_s=${theirs.map(Math.round).join(",")} (target >= 1.2)`);
await connection.end();
await pool.end();
