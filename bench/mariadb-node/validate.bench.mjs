// bench/mariadb.sh's Node rows: lucia_validate_session called through mysql2 against the real
// lucia-auth 1.8.0 validateSession with @lucia-auth/adapter-mysql 1.1.1 on mysql2, and against the
// bare primary-key SELECT (the ceiling), the same active session, each side on one connection, in
// rounds of 3 alternating runs of MS_EACH milliseconds a side, the fastest run of each side
// counting (other work only slows a run down). Beside the rates it prints each side's CPU time
// per call, in Node (process.cpuUsage) and in the server (/proc/<mariadbd>/stat), the least of
// the runs: those say where a call's time goes, which the shared machine's wall clock hides.
// Prints "mariadb_node_validate_session <median> <min> <max> ..." (ratio > 1: lucia is faster)
// and "mariadb_node_bare_select_vs_lucia_js <median> <min> <max> ...".
// Needs LUCIA_MARIADB_SOCKET, LUCIA_MARIADB_DIR, BENCH_SESSION_ID and bench/mariadb.sh's account.
import lucia from "lucia-auth";
import { mysql2 as mysql2Adapter } from "@lucia-auth/adapter-mysql";
import mysql from "mysql2/promise";
import { readFileSync } from "node:fs";

const RUNS = Number(process.env.RUNS ?? 5);
const MS = Number(process.env.MS_EACH ?? 1000);
const sessionId = process.env.BENCH_SESSION_ID;
const options = { socketPath: process.env.LUCIA_MARIADB_SOCKET, user: "bench", password: "bench", database: "bench" };
const serverPid = readFileSync(`${process.env.LUCIA_MARIADB_DIR}/mariadbd.pid`, "utf8").trim();
const tickUs = 10000; // Linux's USER_HZ is 100

// The server's CPU time so far (user + system), in microseconds.
function serverCpuUs() {
  const fields = readFileSync(`/proc/${serverPid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * tickUs;
}

// Calls per second of `fn` over MS milliseconds, one call at a time, and the Node and server CPU
// microseconds per call.
async function measure(fn) {
  const end = performance.now() + MS;
  const node = process.cpuUsage();
  const server = serverCpuUs();
  let calls = 0;
  while (performance.now() < end) {
    await fn();
    calls += 1;
  }
  const used = process.cpuUsage(node);
  return { rate: calls / (MS / 1000), nodeUs: (used.user + used.system) / calls, serverUs: (serverCpuUs() - server) / calls };
}

const connection = await mysql.createConnection(options);
const pool = mysql.createPool({ ...options, connectionLimit: 1 });
const auth = lucia({ adapter: mysql2Adapter(pool), env: "DEV" });

// What an application does with each: the session as a JS object, its id checked. Ours is a
// prepared statement (mysql2 prepares it once per connection), as an application calling the same
// function all day would; Lucia JS's adapter sends its SELECT as text through its pool.
const sides = {
  async lucia() {
    const [rows] = await connection.execute("SELECT lucia_validate_session(?) AS v", [sessionId]);
    const session = JSON.parse(rows[0].v);
    if (session.session_id !== sessionId || session.fresh) throw new Error("lucia_validate_session: unexpected result");
  },
  async luciaJs() {
    const session = await auth.validateSession(sessionId);
    if (session.sessionId !== sessionId || session.fresh) throw new Error("Lucia JS validateSession: unexpected result");
  },
  // The ceiling: the primary-key SELECT, prepared, turned into the object Lucia JS makes. Whatever
  // reads the session row per call, in the server or in Node, is at most about this fast.
  async bare() {
    const [rows] = await connection.execute(
      "SELECT id, user_id, active_expires, idle_expires FROM auth_session WHERE id = ?", [sessionId]);
    const row = rows[0];
    const active = Number(row.active_expires);
    const session = { sessionId: row.id, userId: row.user_id, activePeriodExpiresAt: new Date(active),
      idlePeriodExpiresAt: new Date(Number(row.idle_expires)), state: Date.now() < active ? "active" : "idle", fresh: false };
    if (session.sessionId !== sessionId || session.state !== "active") throw new Error("bare SELECT: unexpected result");
  },
};

for (const side of Object.values(sides)) await side();
const rounds = [];
const least = { lucia: {}, luciaJs: {}, bare: {} };
for (let i = 0; i < RUNS; i += 1) {
  const best = { lucia: 0, luciaJs: 0, bare: 0 };
  for (let j = 0; j < 3; j += 1) {
    for (const [name, side] of Object.entries(sides)) {
      const m = await measure(side);
      best[name] = Math.max(best[name], m.rate);
      least[name].nodeUs = Math.min(least[name].nodeUs ?? Infinity, m.nodeUs);
      least[name].serverUs = Math.min(least[name].serverUs ?? Infinity, m.serverUs);
    }
  }
  rounds.push(best);
}

// "median min max" of a list of ratios, then the list.
function summary(ratios) {
  const sorted = [...ratios].sort((a, b) => a - b);
  return `${sorted[Math.floor(sorted.length / 2)].toFixed(3)} ${sorted[0].toFixed(3)} ${sorted.at(-1).toFixed(3)}` +
    ` ratios=${ratios.map((r) => r.toFixed(3)).join(",")}`;
}
const rates = (name) => rounds.map((r) => Math.round(r[name])).join(",");
const cpu = (name) => `${name}_cpu_us_per_call=node:${least[name].nodeUs.toFixed(1)},server:${least[name].serverUs.toFixed(1)}`;
console.log(`mariadb_node_validate_session ${summary(rounds.map((r) => r.lucia / r.luciaJs))}` +
  ` lucia_calls_per_s=${rates("lucia")} lucia_js_calls_per_s=${rates("luciaJs")} ${cpu("lucia")} ${cpu("luciaJs")} (target >= 1.2)`);
console.log(`mariadb_node_bare_select_vs_lucia_js ${summary(rounds.map((r) => r.bare / r.luciaJs))}` +
  ` bare_select_calls_per_s=${rates("bare")} ${cpu("bare")} (the ceiling of the row above)`);
await connection.end();
await pool.end();
