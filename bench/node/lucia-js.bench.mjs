// Node side of the benchmarks: the lucia functions called through pg / better-sqlite3 against the
// real lucia-auth 1.8.0 on the same database and pool, side by side in alternating rounds.
// Prints one line per measure: name, median ratio, min, max (ratio > 1: lucia is faster).
// Needs PG* (inside pg_virtualenv, database "bench" made by bench/in_cluster.sh) and LUCIA_SQLITE_MODULE.
import lucia from "lucia-auth";
import { pg as pgAdapter } from "@lucia-auth/adapter-postgresql";
import { betterSqlite3 } from "@lucia-auth/adapter-sqlite";
import pg from "pg";
import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const RUNS = Number(process.env.RUNS ?? 5);
const MS = Number(process.env.MS_EACH ?? 2000);
const LOGINS = Number(process.env.LOGINS_EACH ?? 15); // logins of each side per round

// Calls per second of `fn` over MS milliseconds, one call at a time.
async function rate(fn) {
  const end = performance.now() + MS;
  let calls = 0;
  while (performance.now() < end) {
    await fn(calls);
    calls += 1;
  }
  return calls / (MS / 1000);
}

// Milliseconds one call of `fn` takes.
async function duration(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function summary(name, ratios) {
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(`${name} ${median(ratios).toFixed(3)} ${sorted[0].toFixed(3)} ${sorted.at(-1).toFixed(3)}`);
}

// Rounds alternate A and B; the ratio is rate(A) / rate(B). `before`, if given, runs (untimed)
// before each side's measure.
async function compare(name, a, b, before = async () => {}) {
  const ratios = [];
  for (let i = 0; i < RUNS; i += 1) {
    await before();
    const rateA = await rate(a);
    await before();
    ratios.push(rateA / (await rate(b)));
  }
  summary(name, ratios);
}

const id = (n) => `s${String(n % 10000 + 1).padStart(39, "0")}`;
const user = (n) => `u${String(n % 1000 + 1).padStart(14, "0")}`;
const CREATORS = 2000;
const creator = (n) => `c${String(n % CREATORS + 1).padStart(14, "0")}`;

// The createSession users, each with exactly `perUser` live sessions and nothing else.
async function resetCreators(pool, perUser) {
  await pool.query(`INSERT INTO auth_user SELECT 'c' || lpad(i::text, 14, '0') FROM generate_series(1, ${CREATORS}) i
                    ON CONFLICT DO NOTHING`);
  await pool.query("DELETE FROM auth_session WHERE user_id LIKE 'c%'");
  await pool.query(`INSERT INTO auth_session
    SELECT 'c' || lpad(i::text, 39, '0'), 'c' || lpad((i % ${CREATORS} + 1)::text, 14, '0'),
           (extract(epoch FROM now()) * 1000)::bigint + 86400000, (extract(epoch FROM now()) * 1000)::bigint + 1296000000
    FROM generate_series(1, ${CREATORS * perUser}) i`);
  await pool.query("VACUUM auth_session");
}

async function postgres() {
  const pool = new pg.Pool({ database: "bench", max: 4 });
  const auth = lucia({ adapter: pgAdapter(pool), env: "DEV" });
  // Named statements: pg parses each once per connection, as an application calling the same
  // function all day would (Lucia's adapter sends its SQL unnamed, so it is parsed every call).
  const named = (name, text) => (values) => pool.query({ name, text, values });
  const validateSession = named("validate_session", "SELECT * FROM lucia_validate_session($1)");
  const validateSessionUser = named("validate_session_user", "SELECT * FROM lucia_validate_session_user($1)");
  const createSession = named("create_session", "SELECT * FROM lucia_create_session($1)");
  await compare("node_pg_validate_session",
    (n) => validateSession([id(n * 7919)]),
    (n) => auth.validateSession(id(n * 7919)));
  await compare("node_pg_validate_session_user",
    (n) => validateSessionUser([id(n * 7919)]),
    (n) => auth.validateSessionUser(id(n * 7919)));
  // createSession with Lucia's auto cleanup on both sides, for users with `perUser` live sessions
  // each: Lucia JS reads all of a user's sessions on every createSession, lucia only the dead ones
  // (through the (user_id, idle_expires) index). Each side starts from the same table: 2,000
  // users of their own, reset before every measure.
  for (const perUser of [10, 100]) {
    await compare(`node_pg_create_session_${perUser}_per_user`,
      (n) => createSession([creator(n)]),
      (n) => auth.createSession(creator(n)),
      () => resetCreators(pool, perUser));
  }
  // Time ratio for logins (lower is better): per round, the median time of lucia's login over
  // Lucia JS's, the two called in turn, so that the machine's drift hits both alike.
  const ratios = [];
  for (let i = 0; i < RUNS; i += 1) {
    const ours = [];
    const theirs = [];
    for (let j = 0; j < LOGINS; j += 1) {
      ours.push(await duration(() => pool.query("SELECT user_id FROM lucia_validate_key('email', 'bench@example.com', 'correct horse battery staple')")));
      theirs.push(await duration(() => auth.useKey("email", "bench@example.com", "correct horse battery staple")));
    }
    ratios.push(median(ours) / median(theirs));
  }
  summary("node_pg_validate_key_time_vs_lucia_js", ratios);
  await pool.end();
}

async function sqlite() {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "lucia-bench-"));
  const db = new Database(path.join(directory, "bench.db"));
  db.pragma("journal_mode = WAL");
  db.loadExtension(process.env.LUCIA_SQLITE_MODULE);
  db.prepare("SELECT lucia_create_tables()").get();
  const now = Date.now();
  db.transaction(() => {
    const u = db.prepare("INSERT INTO auth_user VALUES (?)");
    for (let n = 0; n < 1000; n += 1) u.run(user(n));
    const s = db.prepare("INSERT INTO auth_session VALUES (?, ?, ?, ?)");
    for (let n = 0; n < 10000; n += 1) s.run(id(n), user(n), now + 86400000, now + 1296000000);
  })();
  const auth = lucia({ adapter: betterSqlite3(db), env: "DEV" });
  // pluck(): the one column as a value, not wrapped in a row object.
  const validate = db.prepare("SELECT lucia_validate_session(?)").pluck();
  await compare("node_sqlite_validate_session",
    (n) => JSON.parse(validate.get(id(n * 7919))),
    (n) => auth.validateSession(id(n * 7919)));
  db.close();
  fs.rmSync(directory, { recursive: true, force: true });
}

await postgres();
await sqlite();
